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
