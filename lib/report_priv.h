/* report_priv.h - the parts of lib/report.c that the unit tests reach:
 * the escaping of inserted values and the HTML renderer.
 * (The report template language is the template engine's: template.h.)
 */
#ifndef SSS_REPORT_PRIV_H
#define SSS_REPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;

/* Append s as inline Markdown text that stays text, also in a table
 * cell: line breaks and tabs become spaces, control characters go, the
 * Markdown and HTML specials (\ ` * _ [ ] < > | ~ & ! # and a list or
 * heading marker at the start) get a backslash, and at most max code
 * points are kept (then "…"); max 0 means no limit. */
void md_text(struct strbuf *out, const char *s, size_t max);
/* Append s with & < > " ' as character references (for the HTML and SVG
 * the report writes itself). */
void html_escape(struct strbuf *out, const char *s);

/* Render Markdown md (at most SSS_REPORT_MAX_MARKDOWN bytes, else
 * SSS_ERR_LIMIT) to HTML with cmark-gfm's safe default (raw HTML and
 * javascript: URLs dropped), GFM tables, task lists and strikethrough. */
struct sss_error *md_to_html(struct strbuf *out, const char *md, size_t len);

#endif
