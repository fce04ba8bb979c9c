/* test_clock.c - the time of a command (clock.h): parsing --now forms and
 * ISO 8601 date-times with offsets, formatting in local time with the
 * offset, local dates and midnights, in zones east and west of UTC, with
 * half-hour offsets and with summer time. */
#include "unit.h"

#include <stdio.h>
#include <time.h>

#include "sss/clock.h"
#include "sss/date.h"
#include "sss/strbuf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void use_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static const struct {
	const char *tz, *in;
	long long want; /* seconds since the epoch */
} parse_cases[] = {
    /* an explicit offset: the zone does not matter */
    {"Asia/Tokyo", "2026-11-26T09:30:00+09:00", 1795653000},
    {"UTC", "2026-11-26T09:30:00+09:00", 1795653000},
    {"America/St_Johns", "2026-11-26T09:30:00+09:00", 1795653000},
    {"Asia/Tokyo", "2026-11-26T00:30:00Z", 1795653000},
    {"Asia/Tokyo", "2026-11-26T00:30Z", 1795653000},
    {"Asia/Tokyo", "2026-11-26T09:30:45+09:00", 1795653045},
    {"UTC", "2026-11-26T09:30:00-03:30", 1795698000},
    {"UTC", "2026-11-26T14:00:00+05:30", 1795681800},
    {"UTC", "2026-11-26 09:30:00+09:00", 1795653000},
    {"Asia/Tokyo", "1970-01-01T00:00:00Z", 0},
    {"Asia/Tokyo", "2038-01-19T03:14:08Z", 2147483648LL},
    /* no offset: local time */
    {"Asia/Tokyo", "2026-11-26T09:30:00", 1795653000},
    {"Asia/Tokyo", "2026-11-26T09:30", 1795653000},
    {"Asia/Tokyo", "2026-11-26 09:30", 1795653000},
    {"UTC", "2026-11-26T00:30", 1795653000},
    {"America/St_Johns", "2026-11-25T21:00", 1795653000},
    {"Asia/Kolkata", "2026-11-26T06:00", 1795653000},
    /* a date alone: local midnight */
    {"Asia/Tokyo", "2026-11-26", 1795618800},
    {"UTC", "2026-11-26", 1795651200},
    /* summer time in the zone's rules: +02:00 in July, +01:00 in January */
    {"Europe/Berlin", "2026-07-01T12:00", 1782900000},
    {"Europe/Berlin", "2026-01-15T12:00", 1768474800},
    {"Europe/Berlin", "2026-03-29", 1774738800},
    {"America/St_Johns", "2026-07-01T09:30", 1782907200},
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(parse_cases); i++) {
		time_t t = -1;
		use_tz(parse_cases[i].tz);
		assert_ok(sss_time_parse(parse_cases[i].in, &t));
		if ((long long)t != parse_cases[i].want) {
			print_error("TZ=%s '%s': got %lld, want %lld\n",
				    parse_cases[i].tz, parse_cases[i].in,
				    (long long)t, parse_cases[i].want);
			fail();
		}
	}
}

static const char *const bad_times[] = {
    "",
    "now",
    "2026",
    "2026-11",
    "2026-1-26",
    "26-11-26",
    "2026/11/26",
    "2026-13-01",
    "2026-00-10",
    "2026-02-30",
    "2025-02-29",
    "2026-11-00",
    "2026-11-26x",
    "2026-11-26T",
    "2026-11-26T09",
    "2026-11-26T9:30",
    "2026-11-26T09:3",
    "2026-11-26T24:00",
    "2026-11-26T09:60",
    "2026-11-26T09:30:61",
    "2026-11-26T09:30:5",
    "2026-11-26t09:30",
    "2026-11-26T09:30+0900",
    "2026-11-26T09:30+09",
    "2026-11-26T09:30+24:00",
    "2026-11-26T09:30+09:60",
    "2026-11-26T09:30:00+09:00x",
    "2026-11-26T09:30:00ZZ",
    "2026-11-26T09:30:00 +09:00",
    " 2026-11-26",
    "2026-11-26+09:00",
};

/* Every malformed or impossible time is one usage error that quotes the
 * input and shows both forms. */
static void test_parse_errors(void **state)
{
	(void)state;
	use_tz("Asia/Tokyo");
	for (size_t i = 0; i < ARRAY_SIZE(bad_times); i++) {
		time_t t = 12345;
		char want[160];
		struct sss_error *err = sss_time_parse(bad_times[i], &t);
		snprintf(want, sizeof(want),
			 "bad time '%s' (use YYYY-MM-DD or "
			 "2026-11-26T09:30:00+09:00)",
			 bad_times[i]);
		if (!err || err->code != SSS_ERR_USAGE ||
		    strcmp(err->msg, want)) {
			print_error("'%s': got %s\n", bad_times[i],
				    err ? err->msg : "no error");
			sss_error_free(err);
			fail();
		}
		sss_error_free(err);
	}
}

static const struct {
	const char *tz;
	long long t;
	const char *want;
	int offset; /* minutes east of UTC */
} format_cases[] = {
    {"Asia/Tokyo", 1795653000, "2026-11-26T09:30:00+09:00", 540},
    {"UTC", 1795653000, "2026-11-26T00:30:00+00:00", 0},
    {"Asia/Kolkata", 1795653000, "2026-11-26T06:00:00+05:30", 330},
    {"America/St_Johns", 1795653000, "2026-11-25T21:00:00-03:30", -210},
    {"America/St_Johns", 1782907200, "2026-07-01T09:30:00-02:30", -150},
    {"Europe/Berlin", 1795653000, "2026-11-26T01:30:00+01:00", 60},
    {"Europe/Berlin", 1782900000, "2026-07-01T12:00:00+02:00", 120},
    {"Asia/Tokyo", 0, "1970-01-01T09:00:00+09:00", 540},
    {"Asia/Tokyo", 1795653045, "2026-11-26T09:30:45+09:00", 540},
    {"Asia/Tokyo", 2147483648LL, "2038-01-19T12:14:08+09:00", 540},
};

static void test_format_and_offset(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(format_cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		time_t t = (time_t)format_cases[i].t, back = -1;
		use_tz(format_cases[i].tz);
		strbuf_addstr(&sb, "at ");
		sss_time_format(&sb, t);
		/* it appends */
		if (strncmp(sb.buf, "at ", 3) ||
		    strcmp(sb.buf + 3, format_cases[i].want)) {
			print_error("TZ=%s %lld: got '%s', want '%s'\n",
				    format_cases[i].tz, format_cases[i].t,
				    sb.buf, format_cases[i].want);
			fail();
		}
		assert_int_equal(sss_time_offset(t), format_cases[i].offset);
		/* what is written reads back as the same time */
		assert_ok(sss_time_parse(sb.buf + 3, &back));
		assert_int_equal((long long)back, format_cases[i].t);
		strbuf_release(&sb);
	}
}

/* A whole year in steps of 7h13m: format and parse again, in zones with
 * and without summer time. */
static void test_round_trip(void **state)
{
	(void)state;
	static const char *const zones[] = {"Asia/Tokyo", "Europe/Berlin",
					    "America/St_Johns", "UTC"};
	for (size_t z = 0; z < ARRAY_SIZE(zones); z++) {
		use_tz(zones[z]);
		for (time_t t = 1767225600; t < 1767225600 + 366 * 86400;
		     t += 7 * 3600 + 13 * 60) {
			struct strbuf sb = STRBUF_INIT;
			time_t back = -1;
			sss_time_format(&sb, t);
			assert_ok(sss_time_parse(sb.buf, &back));
			if (back != t) {
				print_error("TZ=%s %lld -> '%s' -> %lld\n",
					    zones[z], (long long)t, sb.buf,
					    (long long)back);
				fail();
			}
			strbuf_release(&sb);
		}
	}
}

static const struct {
	const char *tz;
	long long t;
	int y, m, d;
} date_cases[] = {
    /* 08:00 in Tokyo is still the day before in UTC */
    {"Asia/Tokyo", 1795647600, 2026, 11, 26},
    {"UTC", 1795647600, 2026, 11, 25},
    {"Asia/Tokyo", 1795618800, 2026, 11, 26},	  /* midnight */
    {"Asia/Tokyo", 1795618800 - 1, 2026, 11, 25}, /* a second before */
    {"America/St_Johns", 1795653000, 2026, 11, 25},
    {"Asia/Tokyo", 0, 1970, 1, 1},
};

static void test_local_date(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(date_cases); i++) {
		use_tz(date_cases[i].tz);
		sss_date got = sss_time_date((time_t)date_cases[i].t);
		sss_date want = sss_date_from_ymd(
		    date_cases[i].y, date_cases[i].m, date_cases[i].d);
		if (got != want) {
			char g[11], w[11];
			sss_date_format(got, g);
			sss_date_format(want, w);
			print_error("TZ=%s %lld: got %s, want %s\n",
				    date_cases[i].tz, date_cases[i].t, g, w);
			fail();
		}
	}
}

static const struct {
	const char *tz;
	int y, m, d;
	long long want;
} midnight_cases[] = {
    {"Asia/Tokyo", 2026, 11, 26, 1795618800},
    {"UTC", 2026, 11, 26, 1795651200},
    /* the day summer time starts: midnight is still +01:00 */
    {"Europe/Berlin", 2026, 3, 29, 1774738800},
    {"UTC", 1970, 1, 1, 0},
};

static void test_local_midnight(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(midnight_cases); i++) {
		use_tz(midnight_cases[i].tz);
		sss_date d =
		    sss_date_from_ymd(midnight_cases[i].y, midnight_cases[i].m,
				      midnight_cases[i].d);
		time_t t = sss_date_time(d);
		if ((long long)t != midnight_cases[i].want) {
			print_error(
			    "TZ=%s %04d-%02d-%02d: got %lld, want %lld\n",
			    midnight_cases[i].tz, midnight_cases[i].y,
			    midnight_cases[i].m, midnight_cases[i].d,
			    (long long)t, midnight_cases[i].want);
			fail();
		}
		/* and back: the midnight is on that date, as "YYYY-MM-DD"
		 * parses */
		assert_int_equal(sss_time_date(t), d);
		time_t parsed = -1;
		char ymd[11];
		sss_date_format(d, ymd);
		assert_ok(sss_time_parse(ymd, &parsed));
		assert_int_equal((long long)parsed, (long long)t);
	}
}

/* The cached offsets (clock.c) against localtime_r and mktime: every
 * 7 hours 26 minutes 37 seconds over 1980-2040, and the seconds on both
 * sides of each change of offset (found by bisection), in zones with
 * summer time, half and quarter hours, clocks changed at midnight, and
 * the POSIX rule the tests use. The cache is dropped when TZ changes. */
static long gmtoff(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

static void check_time(const char *zone, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	sss_date want = sss_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (sss_time_date(t) != want || sss_time_offset(t) != (int)(tm.tm_gmtoff / 60)) {
		print_error("TZ=%s t=%lld: date or offset differs\n", zone, (long long)t);
		fail();
	}
}

/* sss_date_time(d) is mktime's midnight of d; returns it. */
static time_t check_midnight(const char *zone, sss_date d)
{
	int y, m, dd;
	struct tm tm;
	sss_date_to_ymd(d, &y, &m, &dd);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = dd;
	tm.tm_isdst = -1;
	time_t want = mktime(&tm);
	if (sss_date_time(d) != want) {
		print_error("TZ=%s %04d-%02d-%02d: midnight differs\n", zone, y, m, dd);
		fail();
	}
	return want;
}

static void test_offsets_match_localtime(void **state)
{
	(void)state;
	static const char *const zones[] = {
		"Asia/Tokyo", "America/New_York", "Europe/London",
		"Australia/Adelaide", "Asia/Kathmandu", "America/Sao_Paulo",
		"America/Havana", "JST-9", "UTC",
	};
	const long long step = 26797;
	for (size_t z = 0; z < ARRAY_SIZE(zones); z++) {
		use_tz(zones[z]);
		for (long long t = 315532800; t < 2208988800LL; t += step) {
			check_time(zones[z], (time_t)t);
			if (gmtoff((time_t)t) == gmtoff((time_t)(t + step)))
				continue;
			long long lo = t, hi = t + step; /* the change is in (lo, hi] */
			while (hi - lo > 1) {
				long long mid = lo + (hi - lo) / 2;
				if (gmtoff((time_t)mid) == gmtoff((time_t)lo))
					lo = mid;
				else
					hi = mid;
			}
			for (long long u = hi - 2; u <= hi + 1; u++)
				check_time(zones[z], (time_t)u);
		}
		for (sss_date d = sss_date_from_ymd(1980, 1, 1);
		     d < sss_date_from_ymd(2040, 1, 1); d += 37)
			check_midnight(zones[z], d);
	}
}

/* Every day's midnight against mktime in zones whose clocks go back
 * across midnight (Amman and Gaza until 2021: midnight happens twice,
 * mktime gives the first), and a zone with leap seconds. */
static void test_every_midnight(void **state)
{
	(void)state;
	static const char *const zones[] = { "Asia/Amman", "Asia/Gaza",
					     "Atlantic/Madeira", "right/Asia/Tokyo" };
	for (size_t z = 0; z < ARRAY_SIZE(zones); z++) {
		use_tz(zones[z]);
		for (sss_date d = sss_date_from_ymd(1995, 1, 1);
		     d < sss_date_from_ymd(2024, 1, 1); d++) {
			time_t want = check_midnight(zones[z], d);
			check_time(zones[z], want);
			check_time(zones[z], want - 1);
		}
	}
}

/* Issue 11: --now outside 1980-2099 minted IDs like 0001-... under the
 * wrong year; it is a usage error naming the argument. The edges are the
 * local days. */
static void test_now_in_calendar_range(void **state)
{
	(void)state;
	static const char *const good[] = {
	    "1980-01-01", "2099-12-31", "2099-12-31T23:59:59", "1979-12-31T15:00:00Z",
	};
	static const char *const bad[] = {
	    "1969-12-31", "1979-12-31", "2100-01-01", "2099-12-31T15:00:00Z",
	    "2999-12-31",
	};
	use_tz("Asia/Tokyo");
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		time_t t;
		assert_ok(sss_now_parse(good[i], &t));
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		time_t t;
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "--now '%s' is outside the calendar's range "
			    "(1980-01-01 to 2099-12-31)", bad[i]);
		assert_fails(sss_now_parse(bad[i], &t), SSS_ERR_USAGE, want.buf);
		strbuf_release(&want);
	}
	time_t t;
	assert_fails(sss_now_parse("2026-13-01", &t), SSS_ERR_USAGE, "bad time");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_format_and_offset),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_now_in_calendar_range),
	    cmocka_unit_test(test_local_date),
	    cmocka_unit_test(test_local_midnight),
	    cmocka_unit_test(test_offsets_match_localtime),
	    cmocka_unit_test(test_every_midnight),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
