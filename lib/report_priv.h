/* report_priv.h - the parts of lib/report.c that the unit tests reach:
 * the HTML renderer. (The escaping of inserted values is escape.h's.)
 * (The report template language is the template engine's: template.h.)
 */
#ifndef SSS_REPORT_PRIV_H
#define SSS_REPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;

/* Render Markdown md (at most SSS_REPORT_MAX_MARKDOWN bytes, else
 * SSS_ERR_LIMIT) to HTML with cmark-gfm's safe default (raw HTML and
 * javascript: URLs dropped), GFM tables, task lists and strikethrough. */
struct sss_error *md_to_html(struct strbuf *out, const char *md, size_t len);

#endif
