/* xlsx.h - tables (table.h) written as an Excel workbook through
 * libxlsxwriter: one sheet per table, a bold header row that stays
 * frozen, an autofilter over it, column widths from the display width
 * of the text (a full-width character counts two), dates and times as
 * Excel dates in a Japanese format (yyyy/mm/dd, yyyy/mm/dd hh:mm),
 * counts and minutes as numbers.
 *
 * The cells, by type (table.h):
 *   text      a string, never a formula ("=1+1" stays text)
 *   int       a number, format General; with a scale (table.h) a
 *             decimal, "0.0" to "0.0000"
 *   date      an Excel date (days since 1899-12-30), "yyyy/mm/dd"
 *   datetime  an Excel date and time, "yyyy/mm/dd hh:mm"
 *   minutes   a duration: the value is minutes / 1440 (Excel's unit is
 *             the day) shown as "[h]:mm", so 90 minutes reads 1:30 and a
 *             SUM over the column adds hours past 24; a reader gets the
 *             minutes back as round(value * 1440)
 *   percent   hundredths of a percent as a fraction (9850 = 0.985),
 *             shown "0.0%"
 *
 * A sheet: the table's title in A1 (bold) when it has one, then a blank
 * row; the header row (bold, frozen, the autofilter's first row); the
 * rows; a blank row and the note (the KPI's definition) under them. */
#ifndef SSS_XLSX_H
#define SSS_XLSX_H

#include <stddef.h>

struct sss_table;
struct sss_error;
struct strbuf;

/* Write the n tables to a new workbook at path (replaced atomically: a
 * failure leaves whatever was there). Sheet names are the tables' names,
 * cut to Excel's 31 characters and made unique. The error is the
 * caller's. */
struct sss_error *sss_xlsx_write(const char *path,
				 struct sss_table *const *tables, size_t n);

/* The same workbook appended to out (made in a temporary file under
 * $TMPDIR, else /tmp, that is removed): for standard output. */
struct sss_error *sss_xlsx_render(struct strbuf *out,
				  struct sss_table *const *tables, size_t n);

/* The sheet name Excel accepts for name, appended to out: at most 31
 * UTF-16 units, []:*?/\ and control characters made '_', no apostrophe
 * at either end, never empty; not equal (ASCII case folded) to any of
 * the nused names in used, else " (2)", " (3)"… is put after a shorter
 * cut. */
void sss_xlsx_sheet_name(const char *name, char *const *used, size_t nused,
			 struct strbuf *out);

#endif
