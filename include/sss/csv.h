/* csv.h - a table (table.h) as text: CSV for Excel and JSON.
 *
 * CSV is RFC 4180: a heading row, then a row per table row, fields
 * separated by commas and each line ended by CRLF; a field holding a
 * comma, a double quote, CR or LF is put in double quotes with its quotes
 * doubled. Text is written as it is (a line break inside a field stays
 * the one the text has). Cells: dates 2026-11-30, date-times 2026-11-30
 * 10:20, counts and minutes as whole numbers, percentages 98.50%, empty
 * cells as nothing. */
#ifndef SSS_CSV_H
#define SSS_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "sss/encoding.h"

struct strbuf;
struct sss_error;
struct sss_table;

/* Append t as CSV to out in the encoding enc: SSS_ENC_UTF8_BOM (what
 * Excel opens on a double click), SSS_ENC_UTF8 or SSS_ENC_CP932 (no BOM).
 * A character CP932 cannot hold is, without replace, SSS_ERR_INVALID
 * naming the row by its "id" column ("ticket 2611-R6W6DQ, column 件名:
 * '𠮷' (U+20BB7) has no CP932 form"; "row 3" when there is no id column,
 * "heading of column ..." for the heading row), with out as it was; with
 * replace it becomes 〓 and is counted in *nreplaced (which may be NULL).
 * The error is the caller's. */
struct sss_error *sss_csv_write(const struct sss_table *t,
				enum sss_encoding enc, bool replace,
				struct strbuf *out, size_t *nreplaced);

/* Append t as a JSON array with one object per row, the column keys as
 * member names, in column order: text as strings, counts and minutes as
 * numbers, percentages as numbers (98.5), dates "2026-11-30", date-times
 * "2026-11-30T10:20", empty cells null. Pretty-printed, one member a
 * line, ending in a newline. */
void sss_table_json(const struct sss_table *t, struct strbuf *out);

#endif
