/* escape.h - text made safe for where it goes: a terminal or a TSV
 * column. (The HTML and Markdown escapers of the reports join this
 * module; JSON strings are json.h's.) */
#ifndef SSS_ESCAPE_H
#define SSS_ESCAPE_H

#include <stdbool.h>

struct strbuf;

/* Append s to out for display on a terminal or in a TSV column: control
 * characters (C0, DEL, C1), including ESC, become U+FFFD-free visible
 * escapes like "\x1b"; tabs and newlines become spaces when one_line. */
void sss_sanitize(struct strbuf *out, const char *s, bool one_line);

#endif
