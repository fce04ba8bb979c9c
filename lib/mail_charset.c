/* mail_charset.c - a mail's bytes made UTF-8 (see mail.h): charsets
 * through iconv, ISO-2022-JP and Shift_JIS read as Windows reads them,
 * and RFC 2047 encoded words.
 *
 * glibc's ISO-2022-JP and SHIFT_JIS hold JIS X 0208 alone, so ① (NEC's
 * row 13) and 髙 (an IBM extension) fail in them, yet Outlook and most
 * Japanese clients write both. So Shift_JIS is read as CP932, and
 * ISO-2022-JP is turned into CP932 bytes here (its two-byte codes map to
 * Shift_JIS by arithmetic, rows 13 and 89-92 included, as Windows'
 * CP50220 reads them) and read as CP932 too. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sss/alloc.h"
#include "sss/mail.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define BAD_BYTE '\xFF'		   /* no CP932 sequence has it: read as U+FFFD */

enum how { DETECT, UTF8, JIS, ICONV };

static bool name_in(const char *name, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (!strcasecmp(name, set[i]))
			return true;
	return false;
}

/* How charset is read; for ICONV the name iconv knows it by. */
static enum how charset_how(const char *cs, const char **iconv_name)
{
	static const char *const none[] = {"us-ascii", "ascii", "unknown-8bit",
					   "x-unknown", "default", "ansi_x3.4-1968", NULL};
	static const char *const jis[] = {"iso-2022-jp", "csiso2022jp", "iso-2022-jp-ms",
					  "cp50220", "cp50221", "cp50222", "iso-2022-jp-1", NULL};
	static const char *const sjis[] = {"shift_jis", "shift-jis", "sjis", "x-sjis",
					   "ms_kanji", "csshiftjis", "windows-31j", "cp932",
					   "ms932", "x-ms-cp932", "ibm-943", "ibm943", NULL};
	static const char *const utf8[] = {"utf-8", "utf8", "x-utf-8", NULL};
	/* what clients declare for what they wrote in its Windows superset */
	static const char *const wider[][2] = {
	    {"euc-jp", "EUC-JP-MS"},   {"x-euc-jp", "EUC-JP-MS"},
	    {"iso-8859-1", "CP1252"},  {"latin1", "CP1252"},
	    {"gb2312", "GBK"},	       {"euc-cn", "GBK"},
	    {"euc-kr", "CP949"},       {"ks_c_5601-1987", "CP949"},
	};

	*iconv_name = cs;
	if (!cs || !*cs || name_in(cs, none))
		return DETECT;
	if (name_in(cs, jis))
		return JIS;
	if (name_in(cs, sjis)) {
		*iconv_name = "CP932";
		return ICONV;
	}
	if (name_in(cs, utf8))
		return UTF8;
	for (size_t i = 0; i < sizeof(wider) / sizeof(wider[0]); i++)
		if (!strcasecmp(cs, wider[i][0]))
			*iconv_name = wider[i][1];
	return ICONV;
}

/* in through cd into out; a byte that cannot be read becomes U+FFFD
 * and the conversion goes on after it. Returns how many there were. */
static size_t iconv_lenient(iconv_t cd, struct strbuf *out, const char *in, size_t len)
{
	char buf[4096], *ip = (char *)in, *op;
	size_t il = len, ol, bad = 0;

	while (il > 0) {
		op = buf;
		ol = sizeof(buf);
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		strbuf_add(out, buf, (size_t)(op - buf));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL: a sequence cut at the end */
		strbuf_addstr(out, REPLACEMENT);
		bad++;
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	op = buf;
	ol = sizeof(buf);
	iconv(cd, NULL, NULL, &op, &ol);
	strbuf_add(out, buf, (size_t)(op - buf));
	return bad;
}

/* Returns (size_t)-1 when iconv does not know name. */
static size_t via_iconv(struct strbuf *out, const char *in, size_t len, const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return (size_t)-1;
	size_t bad = iconv_lenient(cd, out, in, len);
	iconv_close(cd);
	return bad;
}

/* ISO-2022-JP (with JIS X 0201 kana, by escape or SO/SI) as CP932. */
static void jis_to_cp932(struct strbuf *out, const unsigned char *s, size_t len)
{
	enum { ASCII, KANJI, KANA, OTHER } mode = ASCII;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (c == 0x1b && i + 2 < len) {
			if (s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@'))
				mode = KANJI;
			else if (s[i + 1] == '(' && (s[i + 2] == 'B' || s[i + 2] == 'J'))
				mode = ASCII;
			else if (s[i + 1] == '(' && s[i + 2] == 'I')
				mode = KANA;
			else
				mode = OTHER; /* JIS X 0212, 0213, ISO-2022-JP-2's others */
			i += s[i + 1] == '$' && s[i + 2] == '(' && i + 3 < len ? 3 : 2;
			continue;
		}
		if (c == 0x0e || c == 0x0f) {
			mode = c == 0x0e ? KANA : ASCII;
			continue;
		}
		if (c == '\n' || c == '\r') { /* a line ends in ASCII (RFC 1468) */
			mode = ASCII;
			strbuf_addch(out, c);
			continue;
		}
		if (mode == ASCII || c < 0x21 || c > 0x7e) {
			strbuf_addch(out, mode == ASCII || c == ' ' ? (char)c : BAD_BYTE);
		} else if (mode == KANA) {
			strbuf_addch(out, c <= 0x5f ? (char)(c + 0x80) : BAD_BYTE);
		} else if (mode == KANJI && i + 1 < len && s[i + 1] >= 0x21 && s[i + 1] <= 0x7e) {
			unsigned j1 = c, j2 = s[++i];
			unsigned s1 = ((j1 + 1) >> 1) + (j1 <= 0x5e ? 0x70 : 0xb0);
			unsigned s2 = j2 + ((j1 & 1) ? (j2 >= 0x60 ? 0x20 : 0x1f) : 0x7e);
			strbuf_addch(out, (char)s1);
			strbuf_addch(out, (char)s2);
		} else {
			if (mode == OTHER && i + 1 < len)
				i++;
			strbuf_addch(out, BAD_BYTE);
		}
	}
}

static bool has_jis_escape(const char *in, size_t len)
{
	for (size_t i = 0; i + 2 < len; i++)
		if (in[i] == 0x1b && in[i + 1] == '$')
			return true;
	return false;
}

size_t sss_mail_to_utf8(struct strbuf *out, const char *in, size_t len,
			const char *charset, bool *unknown)
{
	const char *name;
	enum how how = charset_how(charset, &name);
	size_t bad;
	int line, col;

	if (unknown)
		*unknown = false;
	if (how == ICONV && (bad = via_iconv(out, in, len, name)) != (size_t)-1)
		return bad;
	if (how == ICONV && unknown)
		*unknown = true;
	/* ISO-2022-JP is 7-bit: valid UTF-8 too, so its escapes come first */
	bool jis = how == JIS || (how != UTF8 && has_jis_escape(in, len));
	if (!jis && sss_utf8_check(in, len, &line, &col)) {
		strbuf_add(out, in, len);
		return 0;
	}
	if (how == UTF8)
		return via_iconv(out, in, len, "UTF-8");
	struct strbuf sj = STRBUF_INIT;
	if (jis)
		jis_to_cp932(&sj, (const unsigned char *)in, len);
	else
		strbuf_add(&sj, in, len);
	bad = via_iconv(out, sj.buf, sj.len, "CP932");
	strbuf_release(&sj);
	return bad;
}

/* ---- RFC 2047 ------------------------------------------------------------ */

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The text of an encoded word, decoded (B: base64, Q: quoted-printable
 * with '_' for a space), appended to out. */
static void word_decode(struct strbuf *out, char enc, const char *s, size_t n)
{
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (enc == 'b') {
			int v = b64_value(c);
			if (v < 0)
				continue; /* padding, or what should not be there */
			acc = (acc << 6) | (unsigned)v;
			if ((bits += 6) >= 8) {
				bits -= 8;
				strbuf_addch(out, (char)((acc >> bits) & 0xff));
			}
		} else if (c == '_') {
			strbuf_addch(out, ' ');
		} else if (c == '=' && i + 2 < n && hex_value((unsigned char)s[i + 1]) >= 0 &&
			   hex_value((unsigned char)s[i + 2]) >= 0) {
			strbuf_addch(out, (char)(hex_value((unsigned char)s[i + 1]) * 16 +
						 hex_value((unsigned char)s[i + 2])));
			i += 2;
		} else {
			strbuf_addch(out, (char)c);
		}
	}
}

/* An encoded word =?charset[*lang]?B|Q?text?= at s: its parts, and its
 * length in *n; false when s does not start one. */
static bool encoded_word(const char *s, struct strbuf *cs, char *enc,
			 const char **text, size_t *tlen, size_t *n)
{
	if (s[0] != '=' || s[1] != '?')
		return false;
	const char *q1 = strchr(s + 2, '?');
	if (!q1 || q1 == s + 2 || !q1[1] || !strchr("BbQq", q1[1]) || q1[2] != '?')
		return false;
	const char *t = q1 + 3, *end = strstr(t, "?=");
	if (!end)
		return false;
	for (const char *p = s + 2; p < end; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			return false;
	strbuf_reset(cs);
	strbuf_add(cs, s + 2, (size_t)(q1 - s - 2));
	char *star = strchr(cs->buf, '*'); /* RFC 2231's language */
	if (star)
		strbuf_setlen(cs, (size_t)(star - cs->buf));
	*enc = (char)(q1[1] | 0x20);
	*text = t;
	*tlen = (size_t)(end - t);
	*n = (size_t)(end + 2 - s);
	return true;
}

static bool flush(struct strbuf *out, struct strbuf *pending, const char *cs)
{
	size_t bad = 0;
	if (pending->len)
		bad = sss_mail_to_utf8(out, pending->buf, pending->len, cs, NULL);
	strbuf_reset(pending);
	return bad == 0;
}

static bool all_blank(const struct strbuf *sb)
{
	for (size_t i = 0; i < sb->len; i++)
		if (!strchr(" \t\r\n", sb->buf[i]))
			return false;
	return true;
}

/* One line: folds, tabs and other controls become one space, trimmed. */
static void one_line(struct strbuf *out, const struct strbuf *text)
{
	size_t start = out->len;
	for (size_t i = 0; i < text->len; i++) {
		unsigned char c = (unsigned char)text->buf[i];
		bool space = c < 0x20 || c == 0x7f || c == ' ';
		if (space && (out->len == start || out->buf[out->len - 1] == ' '))
			continue;
		strbuf_addch(out, space ? ' ' : (char)c);
	}
	while (out->len > start && out->buf[out->len - 1] == ' ')
		strbuf_setlen(out, out->len - 1);
}

bool sss_mail_header_decode(struct strbuf *out, const char *raw)
{
	struct strbuf pending = STRBUF_INIT, cs = STRBUF_INIT, pcs = STRBUF_INIT;
	struct strbuf plain = STRBUF_INIT, text = STRBUF_INIT;
	bool ok = true, last_word = false;
	const char *p = raw ? raw : "";

	while (*p) {
		const char *t;
		size_t tlen, n;
		char enc;
		if (!encoded_word(p, &cs, &enc, &t, &tlen, &n)) {
			strbuf_addch(&plain, *p++);
			continue;
		}
		/* the blanks between two encoded words are not text; the raw
		 * text before a word is UTF-8, or else CP932 (old clients) */
		if (!last_word || !all_blank(&plain)) {
			ok &= flush(&text, &pending, pcs.buf);
			ok &= flush(&text, &plain, NULL);
		}
		strbuf_reset(&plain);
		if (pending.len && strcasecmp(cs.buf, pcs.buf))
			ok &= flush(&text, &pending, pcs.buf);
		strbuf_reset(&pcs);
		strbuf_addbuf(&pcs, &cs);
		/* bytes of words in one charset are joined before they are
		 * read: clients split a character over two words */
		word_decode(&pending, enc, t, tlen);
		last_word = true;
		p += n;
	}
	ok &= flush(&text, &pending, pcs.buf);
	ok &= flush(&text, &plain, NULL);
	one_line(out, &text);
	strbuf_release(&pending);
	strbuf_release(&cs);
	strbuf_release(&pcs);
	strbuf_release(&plain);
	strbuf_release(&text);
	return ok;
}

/* ---- parameters (RFC 2045, RFC 2231) ------------------------------------ */

/* The value at *p (a quoted string or a token), appended; *p after it. */
static void param_value(const char **p, struct strbuf *out)
{
	const char *s = *p;
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1])
				s++;
			if (*s != '\r' && *s != '\n')
				strbuf_addch(out, *s);
		}
		if (*s == '"')
			s++;
	} else {
		while (*s && *s != ';' && !strchr(" \t\r\n", *s))
			strbuf_addch(out, *s++);
	}
	*p = s;
}

static void percent_decode(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '%' && hex_value((unsigned char)s[1]) >= 0 &&
		    hex_value((unsigned char)s[2]) >= 0) {
			strbuf_addch(out, (char)(hex_value((unsigned char)s[1]) * 16 +
						 hex_value((unsigned char)s[2])));
			s += 2;
		} else {
			strbuf_addch(out, *s);
		}
	}
}

/* Collect name's value from raw: name*0*, name*1*, ... (or name*, or
 * name), each section in order; *ext says whether they were extended
 * (charset'lang'%XX). */
static bool param_find(const char *raw, const char *name, struct strbuf *val, bool *ext)
{
	size_t n = strlen(name);
	bool found = false;
	struct strbuf one = STRBUF_INIT;

	*ext = false;
	for (int section = -1; section < 100; section++) {
		bool got = false;
		for (const char *p = raw; p && *p; p = strchr(p + 1, ';')) {
			const char *k = p + (*p == ';');
			k += strspn(k, " \t\r\n");
			if (strncasecmp(k, name, n))
				continue;
			const char *q = k + n;
			int sec = -1;
			if (*q == '*' && q[1] >= '0' && q[1] <= '9')
				sec = (int)strtol(q + 1, (char **)&q, 10);
			bool e = *q == '*';
			q += e;
			q += strspn(q, " \t");
			if (*q != '=' || sec != section)
				continue;
			q++;
			q += strspn(q, " \t\r\n");
			strbuf_reset(&one);
			param_value(&q, &one);
			if (e)
				*ext = true;
			strbuf_addbuf(val, &one);
			got = found = true;
			break;
		}
		/* name= or name*= alone; or the sections from 0 until one is missing */
		if ((section < 0 && got) || (section >= 0 && !got))
			break;
	}
	strbuf_release(&one);
	return found;
}

bool sss_mail_param_decode(struct strbuf *out, const char *raw, const char *name)
{
	struct strbuf val = STRBUF_INIT, bytes = STRBUF_INIT;
	bool ext, found = raw && param_find(raw, name, &val, &ext);

	if (found && ext) {
		/* charset'lang'text: the charset of the whole value */
		const char *q1 = strchr(val.buf, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
		char *cs = q2 ? xstrndup(val.buf, (size_t)(q1 - val.buf)) : NULL;
		percent_decode(&bytes, q2 ? q2 + 1 : val.buf);
		sss_mail_to_utf8(out, bytes.buf, bytes.len, cs, NULL);
		free(cs);
	} else if (found) {
		/* Outlook's encoded words inside the quotes */
		sss_mail_header_decode(out, val.buf);
	}
	strbuf_release(&val);
	strbuf_release(&bytes);
	return found;
}
