/* worktime.c - business time over office hours and the business
 * calendar (see worktime.h). */
#include "sss/worktime.h"

#include "sss/calendar.h"
#include "sss/clock.h"
#include "sss/date.h"

int sss_office_day_min(const struct sss_office_hours *oh)
{
	return oh->end_min - oh->start_min;
}

bool sss_worktime_is_business_day(const struct sss_office_hours *oh,
				  const struct sss_calendar *cal, sss_date d)
{
	/* the office days say which weekdays; the calendar the holidays,
	 * 年末年始 and closures (a Saturday office day opens unless one
	 * of those falls on it) */
	return (oh->days & (1u << sss_date_weekday(d))) &&
	       !sss_calendar_day_off_name(cal, d);
}

/* The office hours of day d as instants. Local midnight plus minutes:
 * the office day lies inside one offset of the zone (no zone sssctl
 * serves moves its clocks during office hours). */
static void office(const struct sss_office_hours *oh, sss_date d,
		   time_t *open, time_t *close)
{
	time_t midnight = sss_date_time(d);
	*open = midnight + (time_t)oh->start_min * 60;
	*close = midnight + (time_t)oh->end_min * 60;
}

/* The business seconds of day d inside [from, to). */
static long long day_part(const struct sss_office_hours *oh,
			  const struct sss_calendar *cal, sss_date d,
			  time_t from, time_t to)
{
	time_t open, close;
	if (!sss_worktime_is_business_day(oh, cal, d))
		return 0;
	office(oh, d, &open, &close);
	if (open < from)
		open = from;
	if (close > to)
		close = to;
	return close > open ? (long long)(close - open) : 0;
}

/* Business days in [first, last]: the calendar's counted table for the
 * usual Monday-to-Friday office, else day by day. */
static long long business_days(const struct sss_office_hours *oh,
			       const struct sss_calendar *cal, sss_date first,
			       sss_date last)
{
	long long n = 0;
	if (oh->days == 0x3e)
		return sss_calendar_count_business_days(cal, first, last);
	for (sss_date d = first; d <= last; d++)
		n += sss_worktime_is_business_day(oh, cal, d);
	return n;
}

/* The first and last day are cut by from and to; the days between are
 * whole office days, counted without turning each into instants (a ticket
 * open for years is as cheap as one open for a day). */
long long sss_worktime_seconds(const struct sss_office_hours *oh,
			       const struct sss_calendar *cal, time_t from,
			       time_t to)
{
	if (to <= from)
		return 0;
	sss_date first = sss_time_date(from), last = sss_time_date(to - 1);
	long long sum = day_part(oh, cal, first, from, to);
	if (last == first)
		return sum;
	sum += day_part(oh, cal, last, from, to);
	if (last - first >= 2)
		sum += business_days(oh, cal, first + 1, last - 1) *
		       sss_office_day_min(oh) * 60LL;
	return sum;
}

time_t sss_worktime_add(const struct sss_office_hours *oh,
			const struct sss_calendar *cal, time_t from,
			long long seconds)
{
	sss_date d = sss_time_date(from);
	sss_date end = sss_date_from_ymd(2099, 12, 31);

	if (seconds < 0)
		seconds = 0;
	for (; d <= end; d++) {
		time_t open, close;
		if (!sss_worktime_is_business_day(oh, cal, d))
			continue;
		office(oh, d, &open, &close);
		time_t pos = from > open ? from : open;
		if (pos >= close)
			continue;
		/* a due moment on the closing time stays there */
		if (seconds <= (long long)(close - pos))
			return pos + (time_t)seconds;
		seconds -= (long long)(close - pos);
	}
	return (time_t)-1;
}
