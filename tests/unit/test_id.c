/* test_id.c - minting IDs and the paths that follow from them. */
#include "unit.h"

#include <stdio.h>
#include <time.h>

#include "sss/period.h"
#include "sss/id.h"
#include "sss/strbuf.h"

static time_t at(const char *iso)
{
	int y, mo, d, h, mi, s;
	struct tm tm = { 0 };
	sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void test_mint_shape_and_order(void **state)
{
	(void)state;
	static const char *times[] = {
		"2026-11-01T00:00:00", "2026-11-01T00:00:03", "2026-11-01T09:30:00",
		"2026-11-15T12:00:00", "2026-11-30T23:59:59",
	};
	char prev[32] = "";
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		/* the largest random part first: order must come from time */
		sss_id_mint(&sb, at(times[i]), i % 2 ? 0 : 0x3ff);
		assert_int_equal(sb.len, 11);
		assert_memory_equal(sb.buf, "2611-", 5);
		assert_true(sss_id_valid(sb.buf));
		assert_true(strcmp(prev, sb.buf) < 0);
		snprintf(prev, sizeof(prev), "%s", sb.buf);
		strbuf_release(&sb);
	}
}

static void test_mint_random_part(void **state)
{
	(void)state;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	time_t t = at("2026-11-26T10:00:00");
	sss_id_mint(&a, t, 1);
	sss_id_mint(&b, t, 2);
	assert_memory_equal(a.buf, b.buf, 9); /* same slot */
	assert_string_not_equal(a.buf, b.buf);
	for (int i = 0; i < 100; i++)
		assert_true(sss_id_random() < 1024);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_paths(void **state)
{
	(void)state;
	static const struct {
		const char *id;
		int fy_start;
		const char *path; /* NULL: not an ID */
	} t[] = {
		{ "2611-0K3QZP", 4, "tickets/2026/11/2611-0K3QZP.md" },
		{ "0001-000000", 4, "tickets/2000/01/0001-000000.md" },
		{ "r-routine-check-2026-11", 4, "tickets/2026/11/r-routine-check-2026-11.md" },
		{ "r-weekly-meeting-2026-w48", 4, "tickets/2026/11/r-weekly-meeting-2026-w48.md" },
		/* week 1 of 2027 starts on Monday 2027-01-04; 2026-W53 in December */
		{ "r-weekly-meeting-2026-w53", 4, "tickets/2026/12/r-weekly-meeting-2026-w53.md" },
		{ "r-weekly-meeting-2026-w01", 4, "tickets/2025/12/r-weekly-meeting-2026-w01.md" },
		{ "r-version-up-apexone-fy2026", 4, "tickets/2026/04/r-version-up-apexone-fy2026.md" },
		{ "r-windows-server-update-fy2026h2", 4, "tickets/2026/10/r-windows-server-update-fy2026h2.md" },
		{ "r-windows-server-update-fy2026h2", 10, "tickets/2027/04/r-windows-server-update-fy2026h2.md" },
		{ "2613-0K3QZP", 4, NULL },   /* month 13 */
		{ "2611-0K3QZI", 4, NULL },   /* I is not Crockford */
		{ "2611-0k3qzp", 4, NULL },   /* canonical form is upper case */
		{ "2611-0K3QZ", 4, NULL },
		{ "r-Routine-2026-11", 4, NULL },
		{ "r--2026-11", 4, NULL },
		{ "r-x--y-2026-11", 4, NULL },
		{ "r-routine-check", 4, NULL },
		{ "r-routine-2026-13", 4, NULL },
		{ "../../etc/passwd", 4, NULL },
		{ "", 4, NULL },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct sss_error *err = sss_id_path(&sb, t[i].id, t[i].fy_start);
		if (t[i].path) {
			if (err)
				print_error("%s: %s\n", t[i].id, err->msg);
			assert_null(err);
			assert_string_equal(sb.buf, t[i].path);
			assert_true(sss_id_valid(t[i].id));
		} else {
			if (!err)
				print_error("%s accepted as %s\n", t[i].id, sb.buf);
			assert_non_null(err);
			assert_false(sss_id_valid(t[i].id));
			sss_error_free(err);
		}
		strbuf_release(&sb);
	}
}

static void test_recurring_ids(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct sss_period p;
	assert_int_equal(sss_period_parse("FY2026", &p), 0);
	sss_id_recurring(&sb, "version-up", "ApexOne", p);
	assert_string_equal(sb.buf, "r-version-up-apexone-fy2026");
	strbuf_reset(&sb);
	assert_int_equal(sss_period_parse("2026-W48", &p), 0);
	sss_id_recurring(&sb, "weekly-meeting", NULL, p);
	assert_string_equal(sb.buf, "r-weekly-meeting-2026-w48");
	strbuf_release(&sb);
}

static void test_prefix_syntax_and_canonical(void **state)
{
	(void)state;
	assert_true(sss_id_is_prefix_syntax("2611"));
	assert_true(sss_id_is_prefix_syntax("r-routine"));
	assert_false(sss_id_is_prefix_syntax(""));
	assert_false(sss_id_is_prefix_syntax("-rf"));
	assert_false(sss_id_is_prefix_syntax("../x"));
	assert_false(sss_id_is_prefix_syntax("2611/x"));
	assert_false(sss_id_is_prefix_syntax("26 11"));
	assert_false(sss_id_is_prefix_syntax("𠮷"));
	char big[SSS_ID_MAX + 2];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_false(sss_id_is_prefix_syntax(big));
	char *c = sss_id_canonical("2611-0k3q");
	assert_string_equal(c, "2611-0K3Q");
	free(c);
	c = sss_id_canonical("R-Routine-Check");
	assert_string_equal(c, "r-routine-check");
	free(c);
}

int main(void)
{
	setenv("TZ", "JST-9", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mint_shape_and_order),
		cmocka_unit_test(test_mint_random_part),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_recurring_ids),
		cmocka_unit_test(test_prefix_syntax_and_canonical),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
