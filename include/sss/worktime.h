/* worktime.h - business time: the office hours of business days, over
 * the business calendar (calendar.h). What the service levels (sla.h)
 * count and when their clocks fall due.
 *
 * A business day is one of the office weekdays that the calendar does
 * not close (national holidays, 年末年始, closure days);
 * its office hours are [start, end) in local time (clock.h). Outside them
 * no business time passes: a clock started at night starts at the next
 * opening. Pure computation over the calendar: no I/O, no clock. */
#ifndef SSS_WORKTIME_H
#define SSS_WORKTIME_H

#include <stdbool.h>
#include <time.h>

#include "sss/date.h"

struct sss_calendar;

/* Office hours: minutes after local midnight, and the office weekdays
 * as bits (1 << 0 Sunday .. 1 << 6 Saturday). */
struct sss_office_hours {
	int start_min, end_min; /* 0 <= start < end <= 24 * 60 */
	unsigned days;
};

/* 08:30-17:15, Monday to Friday. */
#define SSS_OFFICE_HOURS_INIT { 8 * 60 + 30, 17 * 60 + 15, 0x3e }

/* The length of one office day in minutes (end - start): what a "1d"
 * target is worth. */
int sss_office_day_min(const struct sss_office_hours *oh);

/* Whether d is a business day under oh and cal. */
bool sss_worktime_is_business_day(const struct sss_office_hours *oh,
				  const struct sss_calendar *cal, sss_date d);

/* Business seconds in [from, to): the office hours of business days that
 * the span covers; 0 when to <= from. */
long long sss_worktime_seconds(const struct sss_office_hours *oh,
			       const struct sss_calendar *cal, time_t from,
			       time_t to);

/* The instant at which seconds (>= 0) of business time have passed since
 * from: from itself for 0 inside office hours, else the next opening
 * for 0. A due moment that falls on a closing time stays there (17:15,
 * not the next morning). (time_t)-1 when no business day comes within
 * the calendar's years (office days empty or all closed). */
time_t sss_worktime_add(const struct sss_office_hours *oh,
			const struct sss_calendar *cal, time_t from,
			long long seconds);

#endif
