/* calendar.h - dates, the Japanese business calendar, fiscal years, 和暦
 * and recurrence periods. Pure computation: no I/O, no clock. */
#ifndef SSS_CALENDAR_H
#define SSS_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

struct strbuf;
struct sss_error;

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
/* Write "YYYY-MM-DD" and a NUL into out. */
void sss_date_format(sss_date d, char out[11]);
/* Read exactly n ASCII digits (n at most 9) at s into *out: true, or
 * false at the first byte that is not a digit, which is never read past
 * (a NUL stops it). The one digit reader of dates, times, periods and
 * IDs. */
bool sss_parse_digits(const char *s, int n, int *out);

/* The Japanese national holiday on d (国民の祝日に関する法律, 1980-2099), or
 * NULL. Substitute (振替休日) and sandwiched (国民の休日) days are named
 * "休日". The string is static. Dates outside 1980-2099 have no holidays
 * (the equinox formulas hold only there); callers that care must check. */
const char *sss_holiday_name(sss_date d);

/* A business calendar: weekends, national holidays, the optional
 * year-end closure (12/29-1/3, named "年末年始休業") and extra closure
 * days. */
struct sss_calendar;

/* A new calendar (caller frees with sss_calendar_free): weekends and
 * national holidays only; the year-end closure is off until set. */
struct sss_calendar *sss_calendar_new(void);
void sss_calendar_free(struct sss_calendar *cal);
void sss_calendar_set_year_end_closure(struct sss_calendar *cal, bool on);
/* Add a closure day; name NULL means "休業日". The name is copied. Adding
 * a day again replaces its name. A closure day inside the year-end
 * closure keeps its own name. */
void sss_calendar_add_closure(struct sss_calendar *cal, sss_date d,
			      const char *name);

/* The name of d if it is a holiday or closure day (holiday names win),
 * else NULL. Plain Saturdays and Sundays have no name. */
const char *sss_calendar_day_off_name(const struct sss_calendar *cal,
				      sss_date d);
bool sss_calendar_is_business_day(const struct sss_calendar *cal, sss_date d);
/* d itself when it is a business day, else the nearest one before/after. */
sss_date sss_calendar_prev_business_day(const struct sss_calendar *cal,
					sss_date d);
sss_date sss_calendar_next_business_day(const struct sss_calendar *cal,
					sss_date d);
/* Move n business days forward (n > 0) or back (n < 0) from d; d need not
 * be a business day. n == 0 returns d. */
sss_date sss_calendar_add_business_days(const struct sss_calendar *cal,
					sss_date d, int n);
/* Business days in [from, to], both inclusive; 0 when to < from. */
int sss_calendar_count_business_days(const struct sss_calendar *cal,
				     sss_date from, sss_date to);

/* Fiscal year (年度) of d when the year starts in start_month (4 for
 * Japan): 2027-03-31 is in FY2026. A fiscal year is named by the calendar
 * year it starts in. A start_month outside 1-12 is taken as 4 (here and
 * in the period functions below). */
int sss_fiscal_year(sss_date d, int start_month);
/* 1 for the first half (上期), 2 for the second (下期). */
int sss_fiscal_half(sss_date d, int start_month);

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

/* Recurrence periods. */
enum sss_freq {
	SSS_FREQ_ADHOC = 0, /* 随時 */
	SSS_FREQ_WEEKLY,    /* 週次 */
	SSS_FREQ_MONTHLY,   /* 月次 */
	SSS_FREQ_HALF,      /* 半期 */
	SSS_FREQ_YEARLY,    /* 年次 */
};

/* The Japanese label (随時, 週次, ...) of a frequency (NULL for a value
 * outside the enum), and back: the label or the English word (adhoc,
 * weekly, monthly, half-yearly, yearly); -1 when unknown. */
const char *sss_freq_label(enum sss_freq f);
int sss_freq_from_label(const char *s);

struct sss_period {
	enum sss_freq freq;
	int year; /* ISO year (weekly), calendar year (monthly), FY (half, yearly) */
	int n;    /* ISO week, month 1-12, half 1-2; 0 for yearly */
};

/* The period of freq that contains d. SSS_FREQ_ADHOC has no periods:
 * its period is {SSS_FREQ_ADHOC, 0, 0}, formats as "", starts and ends
 * on day 0 and is its own next. */
struct sss_period sss_period_of(enum sss_freq freq, sss_date d,
				int fy_start_month);
/* First and last day of p. */
sss_date sss_period_start(struct sss_period p, int fy_start_month);
sss_date sss_period_end(struct sss_period p, int fy_start_month);
/* The period after p. */
struct sss_period sss_period_next(struct sss_period p);
/* Append the period's name: "2026-W48", "2026-11", "FY2026H1", "FY2026". */
void sss_period_format(struct strbuf *out, struct sss_period p);
/* Parse such a name (years 1900-2999, weeks that exist in their ISO
 * year); the frequency follows from the form. 0, or -1 leaving *out
 * untouched. */
int sss_period_parse(const char *s, struct sss_period *out);

#endif
