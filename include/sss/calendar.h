/* calendar.h - the Japanese business calendar: national holidays and
 * business days (weekends, holidays, the year-end closure, closure days).
 * Pure computation: no I/O, no clock. */
#ifndef SSS_CALENDAR_H
#define SSS_CALENDAR_H

#include <stdbool.h>

#include "sss/date.h"

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
/* Turn the year-end closure (12/29-1/3) on or off. */
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
/* Business days in [from, to], both inclusive; 0 when to < from. The
 * first count fills a cache inside cal: a calendar shared by threads
 * must be counted with once before they start (the holiday table itself
 * is safe from any thread). */
int sss_calendar_count_business_days(const struct sss_calendar *cal,
				     sss_date from, sss_date to);

#endif
