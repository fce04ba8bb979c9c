/* escape.h - text made safe for where it goes: a terminal or a TSV column,
 * Markdown and HTML in the reports, double-quoted YAML scalars. (JSON
 * strings are json.h's.) */
#ifndef SSS_ESCAPE_H
#define SSS_ESCAPE_H

#include <stdbool.h>

struct strbuf;

/* Append s to out for display on a terminal or in a TSV column: control
 * characters (C0, DEL, C1), including ESC, become U+FFFD-free visible
 * escapes like "\x1b"; tabs and newlines become spaces when one_line. */
void sss_sanitize(struct strbuf *out, const char *s, bool one_line);

/* ---- HTML and Markdown (the reports) ------------------------------------ */

#include <stddef.h>

/* Append s as inline Markdown text that stays text, also in a table
 * cell: line breaks and tabs become spaces, control characters go, the
 * Markdown and HTML specials (\ ` * _ [ ] < > | ~ & ! # and a list or
 * heading marker at the start) get a backslash, and at most max code
 * points are kept (then "…"); max 0 means no limit. NULL appends
 * nothing. */
void sss_escape_markdown(struct strbuf *out, const char *s, size_t max);

/* Append s with & < > " ' as character references (for the HTML and SVG
 * that the reports write themselves). NULL appends nothing. */
void sss_escape_html(struct strbuf *out, const char *s);

/* ---- YAML double-quoted scalars ---------------------------------------- */

/* The length (1 to 3 bytes) of the character at s that YAML cannot take
 * raw in a plain scalar and that a double-quoted one must escape: C0 and
 * C1 controls, DEL, NEL, the line and paragraph separators, BOM and
 * U+FFFE/U+FFFF; else 0. */
int sss_yaml_special_char(const char *s);
/* Append s to out as a double-quoted YAML scalar: '"' and '\' escaped,
 * \n and \t, other controls as \xNN, the other special characters as
 * \uNNNN; all other text, UTF-8 included, as it is. */
void sss_yaml_quote(struct strbuf *out, const char *s);

#endif
