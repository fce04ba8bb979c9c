/* import_priv.h - what import.c (the CSV rows) and import_write.c (JSON
 * lines, the commit) share: the import's layout. */
#ifndef SSS_IMPORT_PRIV_H
#define SSS_IMPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "sss/strbuf.h"

struct sss_error;
struct sss_repo;
struct sss_ticket;
struct sss_import_options;
struct sss_sow_entry;

/* The scalar fields a row may give (import.c's row_fields): title,
 * status, priority, assignee, requester, due, estimate. */
#define NFIELDS 7

/* What a column gives. */
enum target {
	T_FIELD,       /* a scalar field: what */
	T_PARAM,       /* a placeholder of the title: what */
	T_TAGS,
	T_DOCUMENTS,
	T_DESCRIPTION,
	T_CHECK,       /* sow or kind: must be the entry's */
	T_SKIP,        /* read past: why */
};

struct column {
	char *name;
	enum target t;
	const char *what; /* borrowed from the alias table, or owned in own */
	char *own;
	int field;        /* T_FIELD: index in row_fields */
};

/* The values of one row, borrowed from the reader's record or owned by
 * the row's buffers. */
struct row {
	size_t line;
	const char *field[NFIELDS];
	const char **pname, **pvalue; /* ncols each */
	size_t np;
	char **tag;
	size_t ntag, atag;
	char **doc;
	size_t ndoc, adoc;
	const char *description;
	char due[16];
	char ym[64], ymd[64];
};


struct sss_import {
	char *file;            /* the input as messages name it */
	time_t now;
	int fy_start;
	struct sss_ticket **t; /* the tickets, owned */
	size_t n, alloc;
	size_t *line;          /* the line each ticket comes from */
	bool *mint;            /* whether ticket i gets a new ID on commit */
	size_t line_alloc, mint_alloc;
	size_t rows;
	struct column *cols;   /* CSV: the header's columns */
	size_t ncols;
	struct strbuf skipped;
};

/* "'FILE' line N, column 'C': MESSAGE" (column NULL: without it), one
 * line, SSS_ERR_INVALID; the caller owns it. */
struct sss_error *sss_import_cell_error(const char *file, size_t line,
					const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Append t (im takes it), made from the row at line; mint: it gets a
 * new ID on commit (its "id" until then is a stand-in). */
void sss_import_add(struct sss_import *im, struct sss_ticket *t, size_t line,
		    bool mint);
/* The CSV rows of buf into im's tickets (import.c). */
struct sss_error *sss_import_csv(struct sss_import *im,
				 const struct sss_import_options *o,
				 struct sss_repo *repo, const char *buf,
				 size_t len);
/* Free the header's columns. */
void sss_import_columns_free(struct sss_import *im);

/* The row helpers import.c has for import_one.c: empty r for the next
 * row; fail naming the first placeholder of e's title that r has no
 * value for; the heading of the column of param name; make r's ticket
 * through compose (*out owned by the caller). */
void sss_import_row_reset(struct row *r);
struct sss_error *sss_import_check_missing(const struct sss_import *im,
					   const struct sss_sow_entry *e,
					   struct row *r);
const char *sss_import_param_column(const struct sss_import *im,
				    const char *name);
struct sss_error *sss_import_compose_row(struct sss_import *im,
					 struct sss_repo *repo,
					 const struct sss_sow_entry *e,
					 struct row *r, struct sss_ticket **out);

/* --one-ticket (import_one.c): the rows gathered into one ticket. new
 * never fails; each row is checked and added; finish makes the ticket
 * (added to im), using r as scratch; free takes NULL. */
struct sss_import_one;
struct sss_import_one *sss_import_one_new(struct sss_import *im);
struct sss_error *sss_import_one_row(struct sss_import_one *one,
				     const struct sss_sow_entry *e,
				     struct row *r);
struct sss_error *sss_import_one_finish(struct sss_import_one *one,
					struct sss_repo *repo,
					const struct sss_sow_entry *e,
					struct row *r);
void sss_import_one_free(struct sss_import_one *one);

#endif
