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
