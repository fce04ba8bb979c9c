/* test_config.c - .sss/config.yml: values, errors and what the corpus
 * found. */
#include "unit.h"

#include "sss/date.h"
#include "sss/config.h"
#include "sss/strbuf.h"

static struct sss_error *parse(struct sss_config *c, const char *text)
{
	sss_config_init(c, sss_date_from_ymd(2026, 11, 26));
	return sss_config_parse(c, text, strlen(text), ".sss/config.yml");
}

static void test_values(void **state)
{
	(void)state;
	struct sss_config c;
	assert_ok(parse(&c, "timezone: Asia/Tokyo\nfiscal_year_start: 1\n"
			    "due: {weekday: 月, shift: next}\n"));
	assert_string_equal(c.timezone, "Asia/Tokyo");
	assert_int_equal(c.fy_start, 1);
	assert_int_equal(c.weekday, 1);
	assert_false(c.shift_previous);
	sss_config_release(&c);
	assert_ok(parse(&c, "timezone: JST-9\n"));
	sss_config_release(&c);
	assert_ok(parse(&c, "timezone: Etc/GMT+9\n"));
	sss_config_release(&c);
}

/* Found by the corpus: the zone name goes into TZ, where a path makes
 * the C library read a file outside the zoneinfo directory. */
static void test_timezone_is_not_a_path(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "timezone: ../../../../etc/passwd\n",
	    "timezone: /etc/passwd\n",
	    "timezone: \":/etc/passwd\"\n",
	    "timezone: Asia/../../x\n",
	    "timezone: \"Asia/Tokyo\\e[2J\"\n",
	    NULL,
	};
	for (int i = 0; bad[i]; i++) {
		struct sss_config c;
		assert_fails(parse(&c, bad[i]), SSS_ERR_INVALID,
			     "'.sss/config.yml' line 1: 'timezone' must be a "
			     "zone name");
		sss_config_release(&c);
	}
}

/* Every error is one line naming the file and line, even for a key with
 * a line break in it. */
static void test_errors(void **state)
{
	(void)state;
	struct sss_config c;
	assert_fails(parse(&c, "\"a\\nb\": 1\n"), SSS_ERR_INVALID,
		     "'.sss/config.yml' line 1: unknown setting 'a\\nb'");
	sss_config_release(&c);
	assert_fails(parse(&c, "fiscal_year_start: 13\n"), SSS_ERR_INVALID,
		     "line 1: 'fiscal_year_start' must be a number from 1 to 12");
	sss_config_release(&c);
	assert_fails(parse(&c, "due:\n\tlead_days: 1\n"), SSS_ERR_PARSE,
		     "line 2: ");
	sss_config_release(&c);
	assert_fails(parse(&c, "a: \xff\n"), SSS_ERR_PARSE,
		     "line 1: invalid UTF-8");
	sss_config_release(&c);
}

/* Issue 11: a zone name the C library does not know silently became
 * UTC. Only a zone with a TZif file, the two main knows without tzdata
 * or a POSIX rule are taken. */
static void test_unknown_time_zone(void **state)
{
	(void)state;
	static const char *const good[] = {
	    "Asia/Tokyo", "UTC", "JST-9", "<+09>-9", "EST5EDT,M3.2.0,M11.1.0",
	    "CET-1CEST,M3.5.0,M10.5.0/3", NULL,
	};
	static const char *const bad[] = {
	    "Asia/Tokio", "Asia", "Tokyo", "JST", "JST-9x", "JS-9",
	    "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.5.0", NULL,
	};
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; good[i]; i++) {
		struct sss_config c;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "client: X\ntimezone: \"%s\"\n", good[i]);
		assert_ok(parse(&c, sb.buf));
		assert_true(sss_config_zone_known(good[i]));
		sss_config_release(&c);
	}
	for (int i = 0; bad[i]; i++) {
		struct sss_config c;
		struct strbuf want = STRBUF_INIT;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "client: X\ntimezone: \"%s\"\n", bad[i]);
		strbuf_addf(&want, "'.sss/config.yml' line 2: unknown time zone '%s'",
			    bad[i]);
		assert_fails(parse(&c, sb.buf), SSS_ERR_INVALID, want.buf);
		sss_config_release(&c);
		strbuf_release(&want);
	}
	strbuf_release(&sb);
}

/* Issue 11: dates outside the calendar's years (1980-2099) are refused
 * where the config is read, with the line. */
static void test_dates_in_calendar_range(void **state)
{
	(void)state;
	struct sss_config c;
	assert_ok(parse(&c, "contract_start: 1980-01-01\n"));
	sss_config_release(&c);
	assert_ok(parse(&c, "calendar: {closures: [2099-12-31]}\n"));
	sss_config_release(&c);
	assert_fails(parse(&c, "client: X\ncontract_start: 1979-12-31\n"),
		     SSS_ERR_INVALID,
		     "'.sss/config.yml' line 2: 'contract_start' must be a date "
		     "from 1980-01-01 to 2099-12-31, not '1979-12-31'");
	sss_config_release(&c);
	assert_fails(parse(&c, "calendar:\n  closures: [2100-01-01]\n"),
		     SSS_ERR_INVALID,
		     "line 2: 'closures' must be a date from 1980-01-01 to 2099-12-31");
	sss_config_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_timezone_is_not_a_path),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_unknown_time_zone),
	    cmocka_unit_test(test_dates_in_calendar_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
