/* template.h - the one template engine of libsss: "{name}" placeholders
 * in ticket titles and bodies, and the block templates of the reports.
 *
 * One scanner reads the placeholders of both, so "{name}" and the literal
 * braces "{{" and "}}" mean the same everywhere. What differs:
 *
 * Flat patterns (ticket titles and bodies; sss_template_fill and
 * sss_template_names) have placeholders only. A name is any non-empty
 * text without braces (the catalog restricts it further to its six
 * Japanese names), and a value comes from a lookup callback.
 *
 * Block templates (the reports; sss_template_render) are line-oriented
 * and small on purpose. A name is made of ASCII letters, digits, '_',
 * '-' and '.'; the values are a struct sss_tvars:
 *
 *     {name}             the value of name (the caller escapes values)
 *     {{  }}             literal braces
 *     {#each LIST}       (a line of its own) repeat the lines up to
 *     {/each}            {/each} for every row of LIST; inside, {col}
 *                        names a column of the row, else an outer value
 *     {#if NAME}         (lines of their own) keep the lines when NAME is
 *     {#else}            a non-empty value other than "0" or a list with
 *     {/if}              rows, else the {#else} part (optional)
 *     {@chart NAME}      (a line of its own, not inside a block) a mark
 *                        where the caller puts chart NAME; no text
 *     {! comment }       (a line of its own) dropped
 *
 * Every name of a block template is checked against the values and lists
 * declared before anything is written, also inside blocks that would be
 * skipped, so a typo fails on every run with "'FILE' line N: ...".
 */
#ifndef SSS_TEMPLATE_H
#define SSS_TEMPLATE_H

#include <stddef.h>

struct strbuf;
struct sss_error;

/* ---- flat patterns: ticket titles and bodies ---------------------------- */

/* Look up the value of placeholder name; return NULL when unknown. */
typedef const char *(*sss_template_lookup)(const char *name, void *data);

/* Append pattern to out with every "{name}" replaced by lookup's value.
 * "{{" and "}}" stand for literal braces. A placeholder with no value is
 * an error naming it ("missing value for placeholder '事象'"); an
 * unterminated "{" is an error too. On error out is left as it was. */
struct sss_error *sss_template_fill(struct strbuf *out, const char *pattern,
				    sss_template_lookup lookup, void *data);

/* Call fn for each distinct placeholder name of pattern, in order of first
 * appearance. Returns an error for a malformed pattern (and then calls fn
 * for no name at all). */
struct sss_error *sss_template_names(const char *pattern,
				     void (*fn)(const char *name, void *data),
				     void *data);

/* ---- values of block templates ------------------------------------------ */

/* Scalars and lists of rows. A list is declared with its column names; a
 * row is a struct sss_tvars of scalars. */
struct sss_tvars;

/* A new, empty set of values; free it with sss_tvars_free(). */
struct sss_tvars *sss_tvars_new(void);
/* Free v, its values, lists and rows (NULL is fine). */
void sss_tvars_free(struct sss_tvars *v);
/* Set scalar name to a copy of value (replacing an earlier value). */
void sss_tvars_set(struct sss_tvars *v, const char *name, const char *value);
/* sss_tvars_set() with a printf-formatted value. */
void sss_tvars_setf(struct sss_tvars *v, const char *name, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
/* The scalar value of name (owned by v), or NULL. */
const char *sss_tvars_get(const struct sss_tvars *v, const char *name);
/* Declare list name with its columns (NULL-terminated; the array must
 * outlive v). Declaring it again keeps its rows. */
void sss_tvars_list(struct sss_tvars *v, const char *name,
		    const char *const *cols);
/* Add a row to list name (declared before) and return it (owned by v). */
struct sss_tvars *sss_tvars_row(struct sss_tvars *v, const char *name);
/* The number of rows of list name (0 for an unknown list). */
size_t sss_tvars_rows(const struct sss_tvars *v, const char *name);

/* ---- block templates ------------------------------------------------------ */

/* Where a {@chart} line was in the output: at byte offset of out. */
struct sss_template_mark {
	size_t offset;
	char *chart;
};

/* Render block template text (named file in messages) with vars,
 * appending to out. charts lists the chart names {@chart} may use
 * (NULL-terminated). When marks is not NULL it receives the chart
 * positions as byte offsets into out (the caller frees each chart and the
 * array). On error out is left as it was. */
struct sss_error *sss_template_render(const char *text, const char *file,
				      const struct sss_tvars *vars,
				      const char *const *charts,
				      struct strbuf *out,
				      struct sss_template_mark **marks,
				      size_t *nmarks);

#endif
