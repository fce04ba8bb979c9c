/* period.h - fiscal years (年度) and halves, the SOW's frequencies and
 * their recurrence periods ("2026-W48", "2026-11", "FY2026H1",
 * "FY2026"). Pure computation: no I/O, no clock. */
#ifndef SSS_PERIOD_H
#define SSS_PERIOD_H

#include "sss/date.h"

struct strbuf;

/* Fiscal year (年度) of d when the year starts in start_month (4 for
 * Japan): 2027-03-31 is in FY2026. A fiscal year is named by the calendar
 * year it starts in. A start_month outside 1-12 is taken as 4 (here and
 * in the period functions below). */
int sss_fiscal_year(sss_date d, int start_month);
/* 1 for the first half (上期), 2 for the second (下期). */
int sss_fiscal_half(sss_date d, int start_month);

/* Frequencies. */
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
