/* date.h - civil dates as day numbers, their text forms (YYYY-MM-DD and
 * 和暦) and ISO weeks; the digit reader of every date-like text. Pure
 * computation: no I/O, no clock. */
#ifndef SSS_DATE_H
#define SSS_DATE_H

#include <stdbool.h>
#include <stdint.h>

struct strbuf;

/* A civil date as days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t sss_date;

/* The day number of y-m-d. A month outside 1-12 carries into the year
 * and a day outside the month into the next or previous months, like
 * mktime(3): (2026, 13, 0) is 2026-12-31. */
sss_date sss_date_from_ymd(int y, int m, int d);
/* Split d into year, month (1-12) and day; any pointer may be NULL. */
void sss_date_to_ymd(sss_date d, int *y, int *m, int *day);
/* 0 = Sunday ... 6 = Saturday */
int sss_date_weekday(sss_date d);
/* Days in month m (1-12) of year y; 0 for another m. */
int sss_days_in_month(int y, int m);
/* Parse exactly "YYYY-MM-DD" (a real date, years 1900-2999). Returns 0,
 * or -1 when s is not such a date. */
int sss_date_parse(const char *s, sss_date *out);
/* The years the calendar covers (its holiday table, the YYMM of IDs):
 * every date sssctl takes from --now, a ticket or the config is in
 * them. */
#define SSS_DATE_FIRST_YEAR 1980
#define SSS_DATE_LAST_YEAR 2099
#define SSS_DATE_RANGE "1980-01-01 to 2099-12-31"  /* also spelled out in lib/ticket.c's messages (msgids) */
/* Whether d is in SSS_DATE_FIRST_YEAR..SSS_DATE_LAST_YEAR. */
bool sss_date_in_range(sss_date d);
/* Write "YYYY-MM-DD" and a NUL into out. */
void sss_date_format(sss_date d, char out[11]);
/* Read exactly n ASCII digits (n at most 9) at s into *out: true, or
 * false at the first byte that is not a digit, which is never read past
 * (a NUL stops it). The one digit reader of dates, times, periods and
 * IDs. */
bool sss_parse_digits(const char *s, int n, int *out);

/* 和暦: append e.g. "令和8年11月26日" (元年 for the first year) for dates
 * from 1868-01-25 on; "明治/大正/昭和/平成/令和". Earlier dates get the
 * western year ("1867年12月31日"). */
void sss_wareki_format(struct strbuf *out, sss_date d);
/* Append only the era year, e.g. "令和8年". */
void sss_wareki_year(struct strbuf *out, int year, int month, int day);

/* ISO 8601 week of d. */
void sss_iso_week(sss_date d, int *iso_year, int *week);
/* Monday of ISO week (iso_year, week). */
sss_date sss_iso_week_monday(int iso_year, int week);
/* The number of ISO weeks in iso_year: 52 or 53. */
int sss_iso_weeks_in_year(int iso_year);

#endif
