/* escape.c - text made safe for where it goes (see escape.h). */
#include "sss/escape.h"
#include "sss/strbuf.h"

void sss_sanitize(struct strbuf *out, const char *s, bool one_line)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c == '\t' || c == '\n' || c == '\r') {
			if (one_line)
				strbuf_addch(out, ' ');
			else if (c != '\r')
				strbuf_addch(out, (int)c);
			p++;
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addf(out, "\\x%02x", c);
			p++;
		} else if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* C1 controls (U+0080-U+009F), e.g. the CSI 0x9b */
			strbuf_addf(out, "\\u%04x", (unsigned)p[1]);
			p += 2;
		} else {
			strbuf_addch(out, (int)c);
			p++;
		}
	}
}

/* ==== HTML and Markdown (the reports) ==================================== */

#include <string.h>

#include "sss/utf8.h"

void sss_escape_markdown(struct strbuf *out, const char *s, size_t max)
{
	size_t n = 0;
	bool at_start = true, space = false;

	if (!s)
		return;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = true;
			s++;
			continue;
		}
		if (max && n >= max) {
			strbuf_addstr(out, "…");
			break;
		}
		if (space) {
			strbuf_addch(out, ' ');
			n++;
			space = false;
		}
		if (c < 0x20 || c == 0x7f) {
			s++; /* control characters carry no text */
			continue;
		}
		if (c >= 0x80) {
			unsigned cp;
			int len = sss_utf8_decode(s, &cp);
			if (len <= 0)
				len = 1;
			if (cp >= 0x80 && cp < 0xa0) {
				s += len; /* C1 controls */
				continue;
			}
			strbuf_add(out, s, (size_t)len);
			s += len;
			n++;
			at_start = false;
			continue;
		}
		if (strchr("\\`*_[]<>|~&!#", c) || (at_start && strchr("-+=", c)))
			strbuf_addch(out, '\\');
		if (at_start && c >= '0' && c <= '9') {
			/* "1. " or "1) " would start an ordered list */
			while (*s >= '0' && *s <= '9' && (!max || n < max)) {
				strbuf_addch(out, *s++);
				n++;
			}
			if (*s == '.' || *s == ')')
				strbuf_addch(out, '\\');
			at_start = false;
			continue;
		}
		strbuf_addch(out, (char)c);
		s++;
		n++;
		at_start = false;
	}
}

void sss_escape_html(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default: strbuf_addch(out, *s);
		}
	}
}

/* ---- YAML double-quoted scalars ------------------------------------- */

int sss_yaml_special_char(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p < 0x20 || *p == 0x7f)
		return 1;
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
		return 3;
	if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return 3;
	if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
		return 3;
	return 0;
}

void sss_yaml_quote(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = sss_yaml_special_char((const char *)p);
		if (*p == '"' || *p == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, *p++);
		} else if (n == 1) {
			if (*p == '\n')
				strbuf_addstr(out, "\\n");
			else if (*p == '\t')
				strbuf_addstr(out, "\\t");
			else
				strbuf_addf(out, "\\x%02x", *p);
			p++;
		} else if (n) {
			/* a two- or three-byte UTF-8 sequence (see above) */
			unsigned cp =
			    n == 2 ? (p[0] & 0x1fu) << 6 | (p[1] & 0x3fu)
				   : (p[0] & 0x0fu) << 12 |
					 (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
			strbuf_addf(out, "\\u%04x", cp);
			p += n;
		} else {
			strbuf_addch(out, *p++);
		}
	}
	strbuf_addch(out, '"');
}
