/* xlsx.h - tables (table.h) written as an Excel workbook through
 * libxlsxwriter: one sheet per table, a bold header row that stays
 * frozen, an autofilter over it, column widths from the display width
 * of the text (a full-width character counts two), dates and times as
 * Excel dates in a Japanese format (yyyy/mm/dd, yyyy/mm/dd hh:mm),
 * counts and minutes as numbers. */
#ifndef SSS_XLSX_H
#define SSS_XLSX_H

#include <stddef.h>

struct sss_table;
struct sss_error;

/* Write the n tables to a new workbook at path (replaced atomically: a
 * failure leaves whatever was there). Sheet names are the tables' names,
 * cut to Excel's 31 characters and made unique. The error is the
 * caller's. */
struct sss_error *sss_xlsx_write(const char *path,
				 struct sss_table *const *tables, size_t n);

#endif
