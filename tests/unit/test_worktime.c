/* test_worktime.c - business time over office hours (08:30-17:15,
 * mon-fri) and the business calendar: nights, weekends, national
 * holidays, 年末年始 and a configured closure. Each expected value is
 * counted by hand: an office day is 525 minutes; 2026-11-26 is a
 * Thursday, 11-23 勤労感謝の日 a Monday, 12-04 (Fri) the closure, 12-29
 * to 1-3 the year-end closure, 2027-01-04 a Monday. */
#include "unit.h"

#include <time.h>

#include "sss/calendar.h"
#include "sss/clock.h"
#include "sss/date.h"
#include "sss/worktime.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct sss_calendar *cal;
static const struct sss_office_hours oh = SSS_OFFICE_HOURS_INIT;

/* "2026-11-26 09:00" in local time (JST). */
static time_t T(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	time_t t;
	strbuf_addf(&sb, "%.10sT%s:00+09:00", s, s + 11);
	long long v;
	if (sss_datetime_parse(sb.buf, &v) < 0) {
		print_error("bad test time '%s'\n", s);
		fail();
	}
	t = (time_t)v;
	strbuf_release(&sb);
	return t;
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "JST-9", 1);
	tzset();
	cal = sss_calendar_new();
	sss_calendar_set_year_end_closure(cal, true);
	sss_calendar_add_closure(cal, sss_date_from_ymd(2026, 12, 4), "庁舎点検");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sss_calendar_free(cal);
	return 0;
}

static const struct {
	const char *from, *to;
	long long minutes;
} spans[] = {
	{ "2026-11-26 09:00", "2026-11-26 10:00", 60 },
	{ "2026-11-26 07:00", "2026-11-26 09:00", 30 },   /* opens 08:30 */
	{ "2026-11-26 16:00", "2026-11-26 20:00", 75 },   /* closes 17:15 */
	{ "2026-11-26 16:00", "2026-11-27 09:00", 105 },  /* over a night */
	{ "2026-11-27 16:15", "2026-11-30 08:45", 75 },   /* over a weekend */
	{ "2026-11-28 10:00", "2026-11-29 15:00", 0 },    /* Saturday to Sunday */
	{ "2026-11-20 17:00", "2026-11-24 09:00", 45 },   /* 勤労感謝の日 */
	{ "2026-12-28 16:15", "2027-01-04 09:30", 120 },  /* 年末年始 */
	{ "2026-12-03 17:00", "2026-12-07 08:40", 25 },   /* the closure */
	{ "2026-11-26 09:00", "2026-11-26 09:00", 0 },
	{ "2026-11-26 10:00", "2026-11-26 09:00", 0 },    /* backwards */
	{ "2026-11-26 08:30", "2026-11-27 08:30", 525 },  /* one office day */
	{ "2026-11-30 08:30", "2026-12-07 08:30", 2100 }, /* a week less the closure */
};

static void test_seconds(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(spans); i++) {
		long long got = sss_worktime_seconds(&oh, cal, T(spans[i].from),
						     T(spans[i].to));
		if (got != spans[i].minutes * 60) {
			print_error("%s .. %s: got %lld min, want %lld\n",
				    spans[i].from, spans[i].to, got / 60,
				    spans[i].minutes);
			fail();
		}
	}
}

static const struct {
	const char *from;
	long long minutes;
	const char *want;
} adds[] = {
	{ "2026-11-26 09:00", 60, "2026-11-26 10:00" },
	{ "2026-11-26 07:00", 60, "2026-11-26 09:30" },   /* starts at the opening */
	{ "2026-11-26 16:15", 60, "2026-11-26 17:15" },   /* the closing time stays */
	{ "2026-11-26 16:15", 61, "2026-11-27 08:31" },
	{ "2026-11-27 16:00", 240, "2026-11-30 11:15" },  /* over a weekend */
	{ "2026-11-28 10:00", 60, "2026-11-30 09:30" },   /* made on a Saturday */
	{ "2026-11-20 17:00", 60, "2026-11-24 09:15" },   /* 勤労感謝の日 */
	{ "2026-12-28 15:00", 525, "2027-01-04 15:00" },  /* 年末年始 */
	{ "2026-12-03 12:00", 525, "2026-12-07 12:00" },  /* the closure */
	{ "2026-11-26 20:00", 0, "2026-11-27 08:30" },    /* night: next opening */
	{ "2026-11-26 10:00", 0, "2026-11-26 10:00" },
	{ "2026-12-01 08:30", 1050, "2026-12-02 17:15" }, /* 2d */
};

static void test_add(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(adds); i++) {
		time_t got = sss_worktime_add(&oh, cal, T(adds[i].from),
					      adds[i].minutes * 60);
		if (got != T(adds[i].want)) {
			struct strbuf sb = STRBUF_INIT;
			sss_time_format(&sb, got);
			print_error("%s + %lld min: got %s, want %s\n", adds[i].from,
				    adds[i].minutes, sb.buf, adds[i].want);
			strbuf_release(&sb);
			fail();
		}
	}
}

/* Saturday office hours, and a calendar with no office day at all. */
static void test_office_days(void **state)
{
	(void)state;
	struct sss_office_hours sat = { 9 * 60, 12 * 60, 0x7e };
	assert_int_equal(sss_office_day_min(&sat), 180);
	assert_int_equal(sss_worktime_seconds(&sat, cal, T("2026-11-28 08:00"),
					      T("2026-11-30 10:00")),
			 (180 + 60) * 60);
	assert_true(sss_worktime_add(&sat, cal, T("2026-11-27 11:00"), 120 * 60) ==
		    T("2026-11-28 10:00"));
	struct sss_office_hours none = { 9 * 60, 17 * 60, 0 };
	assert_true(sss_worktime_add(&none, cal, T("2026-11-27 11:00"), 60) ==
		    (time_t)-1);
	assert_false(sss_worktime_is_business_day(&oh, cal,
						  sss_date_from_ymd(2026, 12, 4)));
	assert_true(sss_worktime_is_business_day(&oh, cal,
						 sss_date_from_ymd(2026, 12, 3)));
}

/* Long spans (a ticket open for years) against a day-by-day sum of
 * the office hours each day holds, for the Monday-to-Friday office (the
 * calendar's counted days) and a Saturday office (day by day). */
static long long naive(const struct sss_office_hours *h, time_t from, time_t to)
{
	long long sum = 0;
	for (sss_date d = sss_time_date(from); d <= sss_time_date(to - 1); d++) {
		if (!sss_worktime_is_business_day(h, cal, d))
			continue;
		time_t open = sss_date_time(d) + h->start_min * 60;
		time_t close = sss_date_time(d) + h->end_min * 60;
		open = open < from ? from : open;
		close = close > to ? to : close;
		sum += close > open ? close - open : 0;
	}
	return sum;
}

static void test_long_spans(void **state)
{
	(void)state;
	static const char *const from[] = { "2017-04-03 10:00", "2019-12-27 16:59",
					    "2026-11-27 20:00", "2026-12-28 08:00" };
	static const char *const to[] = { "2027-03-31 18:00", "2020-01-06 08:31",
					  "2026-11-30 08:29", "2027-01-05 17:15" };
	struct sss_office_hours sat = { 9 * 60, 12 * 60, 0x7e };
	for (size_t i = 0; i < ARRAY_SIZE(from); i++) {
		time_t a = T(from[i]), b = T(to[i]);
		assert_int_equal(sss_worktime_seconds(&oh, cal, a, b), naive(&oh, a, b));
		assert_int_equal(sss_worktime_seconds(&sat, cal, a, b), naive(&sat, a, b));
	}
	/* a day and a half across a weekend: Friday 16:00 to Monday 09:00 */
	assert_int_equal(sss_worktime_seconds(&oh, cal, T("2026-11-27 16:00"),
					      T("2026-11-30 09:00")), (75 + 30) * 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seconds),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_office_days),
		cmocka_unit_test(test_long_spans),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
