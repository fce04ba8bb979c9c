/* listing.h - the table of tickets that `list` and `due` print: one row
 * a ticket, columns aligned by display width (full-width characters take
 * two columns), two spaces between columns, a header line and titles cut
 * with "…" to the width on a terminal, never anywhere else; and the
 * orders of --sort, worked out from the fields the scan cache holds
 * (no ticket is parsed to sort it).
 *
 *	struct sss_listing *l = sss_listing_new();
 *	sss_listing_set_sort(l, "due,priority");   (--sort)
 *	sss_listing_set_columns(l, "id,status,title");  (--columns)
 *	for each ticket: sss_listing_add(l, fields, NULL);
 *	sss_listing_sort(l);
 *	sss_listing_render(l, &term, out);
 *	sss_listing_free(l);
 *
 * Pure: no files, no git. Only sss_listing_term() looks at the process
 * (its environment and a terminal).
 */
#ifndef SSS_LISTING_H
#define SSS_LISTING_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;

/* The fields a row holds; each is also a --columns and a --sort key
 * (sss_listing_field_name()). */
enum sss_listing_field {
	SSS_LF_ID,
	SSS_LF_STATUS,
	SSS_LF_PRIORITY,
	SSS_LF_DUE,
	SSS_LF_ASSIGNEE,
	SSS_LF_TITLE,
	SSS_LF_SOW,
	SSS_LF_KIND,
	SSS_LF_CREATED,
	SSS_LF_UPDATED,
	SSS_LF_CLOSED,
	SSS_LF_N
};

/* Where the table goes. */
struct sss_listing_term {
	bool tty;     /* a terminal: the header, and titles cut to width */
	size_t width; /* its columns (tty only; 0: never cut) */
	bool color;   /* escape sequences allowed (the open status in yellow) */
};

/* Whether fd is a terminal and how wide: SSS_FORCE_TTY=1 makes any fd a
 * terminal (for tests); COLUMNS=N, when a positive number, is its width,
 * else the terminal's own (TIOCGWINSZ), else 80. color is left false. */
struct sss_listing_term sss_listing_term(int fd);

/* The key of field f ("id", "status", ..., "closed"). Static. */
const char *sss_listing_field_name(enum sss_listing_field f);

/* A new listing with the default columns (id, status, priority, due,
 * assignee, title) and order (due, no due last; then priority, most
 * urgent first; then ID). Free with sss_listing_free(). */
struct sss_listing *sss_listing_new(void);

/* Free l and every row in it. NULL is a no-op. */
void sss_listing_free(struct sss_listing *l);

/* The order, from --sort: comma-separated keys (any field name), each
 * ascending, or descending when written -KEY ("-due,priority"). A row
 * without the field comes after the rows with it either way; ties end
 * by ID. A usage error naming the bad key, l unchanged. */
struct sss_error *sss_listing_set_sort(struct sss_listing *l, const char *spec);

/* The columns of the table, in order, from --columns ("id,status,title"):
 * field names, each at most once. A usage error naming the bad one. */
struct sss_error *sss_listing_set_columns(struct sss_listing *l,
					  const char *spec);

/* The columns set so far: n of them into cols (at most SSS_LF_N). */
size_t sss_listing_columns(const struct sss_listing *l,
			   enum sss_listing_field cols[SSS_LF_N]);

/* Whether the table shows or sorts by field f: a caller may leave the
 * other fields NULL in sss_listing_add() (set the columns and the order
 * first). */
bool sss_listing_uses(const struct sss_listing *l, enum sss_listing_field f);

/* Add a row: fields[f] is field f's value (NULL or "" when unset: shown
 * as "-"), copied and made safe for a terminal (sss_sanitize()). extra is
 * what the caller keeps with the row (a TSV or JSON line, a group name),
 * copied too; NULL for none. */
void sss_listing_add(struct sss_listing *l, const char *const fields[SSS_LF_N],
		     const char *extra);

/* Sort the rows by the order (a stable sort). */
void sss_listing_sort(struct sss_listing *l);

/* The number of rows, and row i's extra (owned by l; NULL if none). */
size_t sss_listing_count(const struct sss_listing *l);
const char *sss_listing_extra(const struct sss_listing *l, size_t i);

/* Append the header line (the column headings, as English msgids; on a
 * terminal only: nothing when !term->tty) and every row, each ending in a
 * newline, laid out for term. */
void sss_listing_render(const struct sss_listing *l,
			const struct sss_listing_term *term, struct strbuf *out);

/* The same piecewise, for a caller that prints groups of rows under its
 * own lines (due): the widths are always the whole listing's. indent
 * spaces go before the header or row. */
void sss_listing_render_header(const struct sss_listing *l,
			       const struct sss_listing_term *term,
			       size_t indent, struct strbuf *out);
void sss_listing_render_row(const struct sss_listing *l,
			    const struct sss_listing_term *term, size_t i,
			    size_t indent, struct strbuf *out);

#endif
