/* table.h - a table of typed cells: what `export` and `report --format
 * xlsx` hand to a writer (CSV, JSON, xlsx), so that every format shows
 * the same rows with the same numbers.
 *
 * A table has a sheet name, column keys (raw names: "id", "params.ユーザ名")
 * and headings (what a reader sees: "ID", "ユーザ名"), and rows of cells.
 * A cell is empty, text, a whole number, a date, a date and time (local
 * wall-clock minutes since the epoch of sss_date, as the work log writes
 * it) or a duration in minutes. The table owns every string in it.
 *
 *	struct sss_table *t = sss_table_new("チケット");
 *	sss_table_column(t, "id", "ID");
 *	sss_table_column(t, "due", "期限");
 *	sss_table_row(t);
 *	sss_table_text(t, "2611-R6W6DQ");
 *	sss_table_date(t, due);
 *	...
 *	sss_table_free(t);
 *
 * Cells are added left to right to the last row; a row with fewer cells
 * than columns is padded with empty cells when read (sss_table_cell).
 */
#ifndef SSS_TABLE_H
#define SSS_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "sss/date.h"

enum sss_cell_type {
	SSS_CELL_EMPTY,
	SSS_CELL_TEXT,     /* text: UTF-8 */
	SSS_CELL_INT,      /* num: a count, an amount; num / 10^scale when
			    * scale > 0 (a decimal: 125 scale 2 = 1.25) */
	SSS_CELL_DATE,     /* date */
	SSS_CELL_DATETIME, /* num: minutes since 1970-01-01 00:00, local time */
	SSS_CELL_MINUTES,  /* num: a duration in minutes (spent, estimate) */
	SSS_CELL_PERCENT,  /* num: hundredths of a percent (9850 = 98.50%) */
};

struct sss_cell {
	enum sss_cell_type type;
	char *text;
	int64_t num;
	sss_date date;
	int scale;       /* SSS_CELL_INT: decimal places (0: a whole number) */
};

struct sss_table {
	char *name;      /* the sheet's name: "チケット", "SLA" */
	char *title;     /* a line above the table, or NULL */
	char *note;      /* a line under it (the KPI's definition), or NULL */
	char **keys;     /* column keys, ncols of them */
	char **headings; /* column headings, ncols of them */
	size_t ncols;
	struct sss_cell *cells; /* nrows * ncols, row-major */
	size_t nrows;
	size_t alloc;    /* cells allocated */
	size_t cur;      /* cells filled in the last row */
};

/* A new empty table named name (copied); never NULL. */
struct sss_table *sss_table_new(const char *name);
/* Free t, its cells and strings; NULL is ignored. */
void sss_table_free(struct sss_table *t);
/* Set t's title or note line (copied; NULL clears it). */
void sss_table_set_title(struct sss_table *t, const char *title);
void sss_table_set_note(struct sss_table *t, const char *note);
/* Add a column (key and heading copied; heading NULL: the key). Only
 * before the first row. */
void sss_table_column(struct sss_table *t, const char *key,
		      const char *heading);
/* Start a new row; the cells added next fill it from the left. */
void sss_table_row(struct sss_table *t);
/* Add one cell to the last row (text copied; NULL text is an empty
 * cell). Adding more cells than columns is a programming error (abort). */
void sss_table_text(struct sss_table *t, const char *text);
void sss_table_int(struct sss_table *t, int64_t n);
/* A decimal: n / 10^scale (scale 1 to 4), e.g. a mean of 1.25 days as
 * 125, 2; an SSS_CELL_INT whose scale a writer shows as decimals. */
void sss_table_decimal(struct sss_table *t, int64_t n, int scale);
void sss_table_date(struct sss_table *t, sss_date d);
void sss_table_datetime(struct sss_table *t, int64_t minutes);
void sss_table_minutes(struct sss_table *t, int64_t minutes);
void sss_table_percent(struct sss_table *t, int64_t hundredths);
void sss_table_empty(struct sss_table *t);
/* The cell at row r, column c (an empty cell past the row's end). */
const struct sss_cell *sss_table_cell(const struct sss_table *t, size_t r,
				      size_t c);

#endif
