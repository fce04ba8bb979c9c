/* recur.h - recurring work: which ticket each scheduled catalog entry
 * owes in each period, when it opens, when it is due, what it is called.
 *
 * For an entry of frequency F (週次, 月次, 半期, 年次) and each period of F
 * from the contract start on, an occurrence has:
 *   - the work date range: the meeting day of the ISO week (weekly; the
 *     configured weekday, moved to the previous business day when it is a
 *     day off), the month (monthly), or the scheduled month of the fiscal
 *     half or year (config `schedule: KEY: {months: [...]}`; default the
 *     first month of the half / fiscal year);
 *   - its due date: the meeting day, or the last day of the work month
 *     (or `day:` of it), moved off days off (config `due.shift`); or by
 *     `schedule: KEY: {due: next-month-day-N}` day N of the next month,
 *     on the next business day when it is a day off, and by
 *     `next-month-business-day-N` the next month's N-th business day;
 *   - its open date, when `due` creates it: the first day of the work
 *     month, or the Monday of the week (the meeting day if earlier), less
 *     `due.lead_days`;
 *   - its recurrence key KEY[/INSTANCE]@PERIOD and ID (id.h), which depend
 *     on nothing else, so every clone generates the same file.
 */
#ifndef SSS_RECUR_H
#define SSS_RECUR_H

#include <stdbool.h>

#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/period.h"

struct strbuf;
struct sss_error;
struct sss_config;
struct sss_catalog;
struct sss_sow_entry;

struct sss_occurrence {
	const struct sss_sow_entry *entry;
	int instance;          /* index of the entry's instance, or -1 */
	struct sss_period period;
	sss_date work_start;   /* first day of the work range */
	sss_date work_end;     /* last day of the work range */
	sss_date due;
	sss_date open;
	const char *key;       /* "routine-check@2026-11" */
	const char *id;        /* "r-routine-check-2026-11" */
	const char *title;     /* "定例チェック (2026年11月)" */
	const char *ym;        /* 年月 of the work: "2026年11月" */
	const char *ymd;       /* 年月日 of the work start: "2026年11月26日" */
};

/* Call fn for every occurrence of every scheduled entry whose work range
 * ends on or after the contract start, whose open date is on or before
 * until, and (when from is not 0) whose work range ends on or after from;
 * in catalog order, then by instance, then by period. A non-zero return
 * from fn stops the walk. */
struct sss_error *sss_recur_each(const struct sss_catalog *cat,
				 const struct sss_config *cfg,
				 const struct sss_calendar *cal, sss_date from,
				 sss_date until,
				 int (*fn)(const struct sss_occurrence *o,
					   void *data),
				 void *data);

/* Whether a checklist step of frequency f belongs in occurrence o: steps
 * of the entry's own frequency and 随時 steps always; a coarser step (the
 * 半期 WSUS check in the monthly routine check) only when o's work month
 * is one of the scheduled months for f. */
bool sss_recur_step_due(const struct sss_occurrence *o,
			const struct sss_config *cfg, enum sss_freq f);

#endif
