/* utf8.c - UTF-8 text: validation, decoding, normalisation and display
 * width (see utf8.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

/* The offset of the first byte that is not valid UTF-8 (or is NUL), or
 * len. Lines are counted only when there is one. */
static size_t utf8_bad_at(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* runs of ASCII without NUL, eight bytes at a time */
		while (i + 8 <= len) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if ((v & 0x8080808080808080ull) ||
			    ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return i;
			i++;
			continue;
		}
		/* Japanese text: runs of 3-byte sequences whose lead byte
		 * alone rules out overlong forms (E0) and surrogates (ED) */
		while (c >= 0xe1 && c <= 0xef && c != 0xed && len - i >= 3 &&
		       (s[i + 1] & 0xc0) == 0x80 && (s[i + 2] & 0xc0) == 0x80) {
			i += 3;
			if (i >= len)
				return len;
			c = s[i];
		}
		if (c < 0x80)
			continue;
		size_t n;
		unsigned cp, min;
		if ((c & 0xe0) == 0xc0)
			n = 1, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			n = 2, cp = c & 0x0f, min = 0x800;
		else if ((c & 0xf8) == 0xf0)
			n = 3, cp = c & 0x07, min = 0x10000;
		else
			return i;
		if (n >= len - i)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

bool sss_utf8_check(const char *buf, size_t len, int *bad_line, int *bad_col)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t bad = utf8_bad_at(s, len), line_start = 0;
	int line = 1;

	if (bad == len)
		return true;
	for (size_t i = 0; i < bad; i++)
		if (s[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	if (bad_line)
		*bad_line = line;
	if (bad_col)
		*bad_col = (int)(bad - line_start) + 1;
	return false;
}

int sss_utf8_decode(const char *str, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		*cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0) {
		*cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) |
		      (s[2] & 0x3fu);
		return 3;
	}
	*cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
	      ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
	return 4;
}

size_t sss_text_normalize(char *buf, size_t len)
{
	size_t r = 0, w = 0;
	if (len >= 3 && (unsigned char)buf[0] == 0xef &&
	    (unsigned char)buf[1] == 0xbb && (unsigned char)buf[2] == 0xbf)
		r = 3;
	/* the usual file, LF only and no BOM, stays as it is */
	if (!r && !memchr(buf, '\r', len))
		return len;
	while (r < len) {
		if (buf[r] == '\r') {
			buf[w++] = '\n';
			r += (r + 1 < len && buf[r + 1] == '\n') ? 2 : 1;
		} else {
			buf[w++] = buf[r++];
		}
	}
	if (w < len)
		buf[w] = '\0';
	return w;
}

char *sss_text_copy(const char *buf, size_t *len)
{
	char *t = xmalloc(*len + 1);
	memcpy(t, buf, *len);
	t[*len] = '\0';
	*len = sss_text_normalize(t, *len);
	t[*len] = '\0';
	return t;
}

/* East Asian Width W and F ranges that matter for Japanese text. */
static bool is_wide(unsigned cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) ||
	       (cp >= 0x3041 && cp <= 0x33ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) ||
	       (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	       (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	       (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	       (cp >= 0x20000 && cp <= 0x3fffd);
}

size_t sss_display_width(const char *s)
{
	size_t w = 0;
	while (*s) {
		unsigned cp;
		s += sss_utf8_decode(s, &cp);
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}

void sss_pad(struct strbuf *out, const char *s, size_t width)
{
	size_t w = sss_display_width(s);
	strbuf_addstr(out, s);
	while (w++ < width)
		strbuf_addch(out, ' ');
}
