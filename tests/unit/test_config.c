/* test_config.c - .sss/config.yml: values, errors and what the corpus
 * found. */
#include "unit.h"

#include "sss/date.h"
#include "sss/config.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_timezone_is_not_a_path),
	    cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
