/* encoding.c - UTF-8 <-> CP932 through iconv(3), and telling the two
 * apart (see encoding.h). */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "sss/encoding.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

/* 〓 GETA MARK, what Japanese print uses for a character it lacks */
#define GETA "\x81\xac"

/* Characters that Unicode-to-Shift_JIS tables (JIS X 0208's own, the
 * Mac's, most Linux input) write as one code point and Microsoft's CP932
 * table as another. Text typed on Linux or a Mac holds the left column;
 * Windows reads CP932 bytes as the right one. Encoding both to the same
 * bytes is what a Japanese Windows user expects: 〜 shows as a wave dash,
 * not as a lost character. Done here, not left to iconv, so the result
 * does not depend on the C library's table. */
static const struct {
	unsigned cp;
	const char *cp932;
} ms_forms[] = {
	{ 0x301c, "\x81\x60" }, /* 〜 WAVE DASH: Windows ～ U+FF5E */
	{ 0x2212, "\x81\x7c" }, /* − MINUS SIGN: Windows － U+FF0D */
	{ 0x2016, "\x81\x61" }, /* ‖ DOUBLE VERTICAL LINE: Windows ∥ U+2225 */
	{ 0x2014, "\x81\x5c" }, /* — EM DASH: Windows ― U+2015 */
	{ 0x00a2, "\x81\x91" }, /* ¢: Windows ￠ U+FFE0 */
	{ 0x00a3, "\x81\x92" }, /* £: Windows ￡ U+FFE1 */
	{ 0x00ac, "\x81\xca" }, /* ¬: Windows ￢ U+FFE2 */
};

/* Open a converter; glibc calls Windows-31J "CP932", others may know
 * only the longer name. */
static struct sss_error *open_cd(const char *to, const char *from,
				 iconv_t *cd)
{
	static const char *names[] = { "CP932", "WINDOWS-31J", "MS932" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *t = strcmp(to, "CP932") ? to : names[i];
		const char *f = strcmp(from, "CP932") ? from : names[i];
		*cd = iconv_open(t, f);
		if (*cd != (iconv_t)-1)
			return NULL;
	}
	return sss_error(SSS_ERR_INVALID,
			 "this system's iconv has no CP932 converter");
}

/* Convert one code point (its UTF-8 bytes s[0..n)) and append the CP932
 * bytes to out; false when CP932 has no form for it. */
static bool one_char(iconv_t cd, unsigned cp, const char *s, size_t n,
		     struct strbuf *out)
{
	for (size_t i = 0; i < sizeof(ms_forms) / sizeof(ms_forms[0]); i++)
		if (ms_forms[i].cp == cp) {
			strbuf_addstr(out, ms_forms[i].cp932);
			return true;
		}
	char tmp[8];
	char *in = (char *)s, *o = tmp;
	size_t inleft = n, outleft = sizeof(tmp);
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 || inleft)
		return false;
	strbuf_add(out, tmp, (size_t)(o - tmp));
	return true;
}

struct sss_error *sss_utf8_to_cp932(const char *in, size_t len, bool replace,
				    struct strbuf *out,
				    struct sss_enc_report *rep)
{
	struct sss_error *err = NULL;
	iconv_t cd = (iconv_t)-1;
	int line, col;

	rep->bad_offset = 0;
	rep->bad_char[0] = '\0';
	rep->nreplaced = 0;
	if (!sss_utf8_check(in, len, &line, &col))
		return sss_error(SSS_ERR_INVALID,
				 "line %d column %d: not UTF-8", line, col);
	size_t i = 0;
	while (i < len) {
		/* ASCII is the same in CP932: copy runs of it */
		size_t j = i;
		while (j < len && (unsigned char)in[j] < 0x80)
			j++;
		strbuf_add(out, in + i, j - i);
		if (j >= len)
			break;
		i = j;
		if (cd == (iconv_t)-1 && (err = open_cd("CP932", "UTF-8", &cd)))
			goto done;
		unsigned cp;
		int n = sss_utf8_decode(in + i, &cp);
		if (!one_char(cd, cp, in + i, (size_t)n, out)) {
			if (!replace) {
				rep->bad_offset = i;
				memcpy(rep->bad_char, in + i, (size_t)n);
				rep->bad_char[n] = '\0';
				err = sss_error(SSS_ERR_INVALID,
						"'%s' (U+%04X) has no CP932 form",
						rep->bad_char, cp);
				goto done;
			}
			strbuf_addstr(out, GETA);
			rep->nreplaced++;
		}
		i += (size_t)n;
	}
done:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return err;
}

/* The 1-based line of byte offset at in in[]. */
static int line_of(const char *in, size_t at)
{
	int line = 1;
	for (size_t i = 0; i < at; i++)
		if (in[i] == '\n')
			line++;
	return line;
}

/* Decode in[0..len) into out (when out is not NULL); the offset of the
 * first byte that is not CP932, or len. */
static size_t cp932_decode(iconv_t cd, const char *in, size_t len,
			   struct strbuf *out)
{
	char *p = (char *)in;
	size_t left = len;
	char tmp[4096];
	iconv(cd, NULL, NULL, NULL, NULL);
	while (left) {
		char *o = tmp;
		size_t outleft = sizeof(tmp);
		size_t r = iconv(cd, &p, &left, &o, &outleft);
		if (out)
			strbuf_add(out, tmp, (size_t)(o - tmp));
		if (r == (size_t)-1 && errno != E2BIG)
			break;
		/* NUL is not text, in CP932 no more than in UTF-8 */
		if (memchr(tmp, '\0', (size_t)(o - tmp)))
			return (size_t)((char *)memchr(in, '\0', len) - in);
	}
	return len - left;
}

struct sss_error *sss_cp932_to_utf8(const char *in, size_t len,
				    struct strbuf *out)
{
	iconv_t cd;
	struct sss_error *err = open_cd("UTF-8", "CP932", &cd);
	if (err)
		return err;
	size_t at = cp932_decode(cd, in, len, out);
	if (at < len)
		err = sss_error(SSS_ERR_PARSE, "line %d: not CP932",
				line_of(in, at));
	iconv_close(cd);
	return err;
}

/* The first line (1-based) of in[] that is neither UTF-8 nor CP932; the
 * line of the first byte that is not CP932 when every line is one or
 * the other (a file of both). */
static int neither_line(iconv_t cd, const char *in, size_t len,
			size_t cp932_bad)
{
	int line = 1, l, c;
	for (size_t i = 0; i < len; line++) {
		const char *nl = memchr(in + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - in) : len;
		if (!sss_utf8_check(in + i, end - i, &l, &c) &&
		    cp932_decode(cd, in + i, end - i, NULL) < end - i)
			return line;
		i = end + 1;
	}
	return line_of(in, cp932_bad);
}

struct sss_error *sss_detect_encoding(const char *in, size_t len,
				      const char *file,
				      enum sss_encoding *enc)
{
	int line, col;
	if (sss_utf8_check(in, len, &line, &col)) {
		*enc = len >= 3 && !memcmp(in, "\xef\xbb\xbf", 3)
			       ? SSS_ENC_UTF8_BOM
			       : SSS_ENC_UTF8;
		return NULL;
	}
	iconv_t cd;
	struct sss_error *err = open_cd("UTF-8", "CP932", &cd);
	if (err)
		return sss_error_prefix(err, "%s", file);
	size_t at = cp932_decode(cd, in, len, NULL);
	if (at == len)
		*enc = SSS_ENC_CP932;
	else
		err = sss_error(SSS_ERR_PARSE,
				"%s: line %d: neither UTF-8 nor CP932", file,
				neither_line(cd, in, len, at));
	iconv_close(cd);
	return err;
}
