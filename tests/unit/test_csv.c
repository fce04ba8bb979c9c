/* test_csv.c - tables as CSV and JSON (csv.h): RFC 4180 quoting byte for
 * byte, CRLF, the BOM, typed cells, CP932 with the ticket and column of a
 * character it cannot hold, 〓 counted with replace. */
#include "unit.h"

#include "sss/csv.h"
#include "sss/date.h"
#include "sss/table.h"

/* id, title, due, created, spent: two tickets whose titles need quotes. */
static struct sss_table *sample(const char *title2)
{
	struct sss_table *t = sss_table_new("チケット");
	sss_table_column(t, "id", "ID");
	sss_table_column(t, "title", "件名");
	sss_table_column(t, "due", "期限");
	sss_table_column(t, "created", "作成日時");
	sss_table_column(t, "spent_min", "作業時間（分）");
	sss_table_row(t);
	sss_table_text(t, "2611-R6W6DQ");
	sss_table_text(t, "髙橋さん, ①の\"件\"");
	sss_table_date(t, sss_date_from_ymd(2026, 11, 30));
	/* 2026-11-26 10:20 local */
	sss_table_datetime(t, (int64_t)sss_date_from_ymd(2026, 11, 26) * 1440 +
				      10 * 60 + 20);
	sss_table_minutes(t, 90);
	sss_table_row(t);
	sss_table_text(t, "2611-0K3QZP");
	sss_table_text(t, title2);
	return t;
}

static void test_quoting_bytes(void **state)
{
	(void)state;
	struct sss_table *t = sample("一行目\n二行目\r\n　全角空白");
	struct strbuf out = STRBUF_INIT;
	size_t n = 99;
	assert_ok(sss_csv_write(t, SSS_ENC_UTF8_BOM, false, &out, &n));
	const char *want =
		"\xef\xbb\xbf"
		"ID,件名,期限,作成日時,作業時間（分）\r\n"
		"2611-R6W6DQ,\"髙橋さん, ①の\"\"件\"\"\",2026-11-30,"
		"2026-11-26 10:20,90\r\n"
		"2611-0K3QZP,\"一行目\n二行目\r\n　全角空白\",,,\r\n";
	assert_string_equal(out.buf, want);
	assert_int_equal(n, 0);
	strbuf_reset(&out);
	assert_ok(sss_csv_write(t, SSS_ENC_UTF8, false, &out, NULL));
	assert_string_equal(out.buf, want + 3);
	strbuf_release(&out);
	sss_table_free(t);
}

static void test_empty_table(void **state)
{
	(void)state;
	struct sss_table *t = sss_table_new("x");
	sss_table_column(t, "id", "ID");
	sss_table_column(t, "pct", "達成率");
	struct strbuf out = STRBUF_INIT;
	assert_ok(sss_csv_write(t, SSS_ENC_UTF8, false, &out, NULL));
	assert_string_equal(out.buf, "ID,達成率\r\n");
	sss_table_row(t);
	sss_table_int(t, -3);
	sss_table_percent(t, 9850);
	strbuf_reset(&out);
	assert_ok(sss_csv_write(t, SSS_ENC_UTF8, false, &out, NULL));
	assert_string_equal(out.buf, "ID,達成率\r\n-3,98.50%\r\n");
	strbuf_release(&out);
	sss_table_free(t);
}

static void test_cp932(void **state)
{
	(void)state;
	struct sss_table *t = sample("吉野家〜渋谷−2");
	struct strbuf out = STRBUF_INIT;
	assert_ok(sss_csv_write(t, SSS_ENC_CP932, false, &out, NULL));
	/* no BOM; 髙 is FB FC, 〜 81 60, − 81 7C */
	assert_memory_equal(out.buf, "ID,\x8c\x8f\x96\xbc,", 8);
	assert_non_null(strstr(out.buf, "\xfb\xfc"));
	assert_non_null(strstr(out.buf, "\x81\x60\x8f\x61\x92\x4a\x81\x7c" "2"));
	strbuf_release(&out);
	sss_table_free(t);

	/* 𠮷 in ticket 2611-0K3QZP's title: named, out left as it was */
	t = sample("𠮷野家");
	strbuf_addstr(&out, "before");
	assert_fails(sss_csv_write(t, SSS_ENC_CP932, false, &out, NULL),
		     SSS_ERR_INVALID,
		     "ticket 2611-0K3QZP, column 件名: '𠮷' (U+20BB7) has no "
		     "CP932 form");
	assert_string_equal(out.buf, "before");
	size_t n = 0;
	strbuf_reset(&out);
	assert_ok(sss_csv_write(t, SSS_ENC_CP932, true, &out, &n));
	assert_int_equal(n, 1);
	assert_non_null(strstr(out.buf, "\x81\xac\x96\xec\x89\xc6"));
	strbuf_release(&out);
	sss_table_free(t);
}

static void test_cp932_heading_and_row(void **state)
{
	(void)state;
	struct sss_table *t = sss_table_new("x");
	sss_table_column(t, "params.𠮷", "𠮷");
	struct strbuf out = STRBUF_INIT;
	assert_fails(sss_csv_write(t, SSS_ENC_CP932, false, &out, NULL),
		     SSS_ERR_INVALID, "heading of column 𠮷: '𠮷'");
	sss_table_free(t);

	t = sss_table_new("x");
	sss_table_column(t, "title", "件名");
	sss_table_column(t, "note", "備考");
	sss_table_row(t);
	sss_table_text(t, "a");
	sss_table_row(t);
	sss_table_text(t, "b");
	sss_table_text(t, "😀");
	assert_fails(sss_csv_write(t, SSS_ENC_CP932, false, &out, NULL),
		     SSS_ERR_INVALID, "row 2, column 備考: '😀' (U+1F600)");
	strbuf_release(&out);
	sss_table_free(t);
}

static void test_json(void **state)
{
	(void)state;
	struct sss_table *t = sample("改行\nと\"引用\"");
	struct strbuf out = STRBUF_INIT;
	sss_table_json(t, &out);
	assert_string_equal(out.buf,
			    "[\n"
			    "  {\n"
			    "    \"id\": \"2611-R6W6DQ\",\n"
			    "    \"title\": \"髙橋さん, ①の\\\"件\\\"\",\n"
			    "    \"due\": \"2026-11-30\",\n"
			    "    \"created\": \"2026-11-26T10:20\",\n"
			    "    \"spent_min\": 90\n"
			    "  },\n"
			    "  {\n"
			    "    \"id\": \"2611-0K3QZP\",\n"
			    "    \"title\": \"改行\\nと\\\"引用\\\"\",\n"
			    "    \"due\": null,\n"
			    "    \"created\": null,\n"
			    "    \"spent_min\": null\n"
			    "  }\n"
			    "]\n");
	strbuf_release(&out);
	sss_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting_bytes),
		cmocka_unit_test(test_empty_table),
		cmocka_unit_test(test_cp932),
		cmocka_unit_test(test_cp932_heading_and_row),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
