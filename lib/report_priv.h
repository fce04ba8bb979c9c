/* report_priv.h - the parts of lib/report.c that the unit tests reach:
 * the report template language, the escaping of inserted values and the
 * HTML renderer.
 *
 * Template language (line-oriented, small on purpose):
 *
 *     {name}             the value of name (already escaped for Markdown)
 *     {{  }}             literal braces
 *     {#each LIST}       (a line of its own) repeat the lines up to
 *     {/each}            {/each} for every row of LIST; inside, {col}
 *                        names a column of the row, else an outer value
 *     {#if NAME}         (lines of their own) keep the lines when NAME is
 *     {#else}            a non-empty value other than "0" or a list with
 *     {/if}              rows, else the {#else} part (optional)
 *     {@chart NAME}      (a line of its own, not inside a block) where the
 *                        HTML report puts chart NAME; Markdown gets nothing
 *     {! comment }       (a line of its own) dropped
 *
 * Every name is checked against the values and lists that the report
 * declares before anything is written, also inside blocks that would be
 * skipped, so a typo fails on every run with "'FILE' line N: ...".
 */
#ifndef SSS_REPORT_PRIV_H
#define SSS_REPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;

/* Values for a template: scalars and lists of rows. A list is declared
 * with its column names; a row is a tvars of scalars. */
struct tvars;

struct tvars *tv_new(void);
void tv_free(struct tvars *v);
/* Set scalar name to a copy of value (replacing an earlier value). */
void tv_set(struct tvars *v, const char *name, const char *value);
void tv_setf(struct tvars *v, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The scalar value of name, or NULL. */
const char *tv_get(const struct tvars *v, const char *name);
/* Declare list name with its columns (NULL-terminated; the array must
 * outlive v). Declaring it again keeps its rows. */
void tv_list(struct tvars *v, const char *name, const char *const *cols);
/* Add a row to list name (declared before) and return it (owned by v). */
struct tvars *tv_row(struct tvars *v, const char *name);
size_t tv_rows(const struct tvars *v, const char *name);

/* Where a chart goes in the rendered Markdown: at byte offset. */
struct tpl_mark {
	size_t offset;
	char *chart;
};

/* Render template text (named file in messages) with vars into out.
 * charts lists the chart names {@chart} may use (NULL-terminated). When
 * marks is not NULL it receives the chart positions (caller frees each
 * chart and the array). On error out is left as it was. */
struct sss_error *tpl_render(const char *text, const char *file,
			     const struct tvars *vars,
			     const char *const *charts, struct strbuf *out,
			     struct tpl_mark **marks, size_t *nmarks);

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
