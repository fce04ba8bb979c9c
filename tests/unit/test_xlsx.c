/* test_xlsx.c - the workbook writer (lib/xlsx.c): sheet names Excel
 * accepts, a workbook that is a zip with the parts Excel needs, the
 * atomic replace and the refusals that leave the old file alone. What
 * the cells hold is read back by openpyxl in tests/e2e/t-report-xlsx.sh. */
#include "unit.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sss/fileio.h"
#include "sss/table.h"
#include "sss/xlsx.h"

static void test_sheet_names(void **state)
{
	(void)state;
	char *used[] = { "チケット", "SLA", "Data", "1234567890123456789012345678901" };
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "KPI", "KPI" },
		{ "チケット", "チケット (2)" },
		{ "sla", "sla (2)" }, /* Excel compares names without case */
		{ "a[b]c:d*e?f/g\\h", "a_b_c_d_e_f_g_h" },
		{ "", "Sheet" },
		{ NULL, "Sheet" },
		{ "'引用'", "_引用_" },
		{ "History", "History (2)" },
		{ "abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyz01234" },
		/* 𠮷 is two UTF-16 units: 15 of them are 30, a 16th would be 32 */
		{ "𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷", "𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷" },
		{ "1234567890123456789012345678901", "123456789012345678901234567 (2)" },
		{ "改行\nあり", "改行_あり" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		sss_xlsx_sheet_name(cases[i].in, used, 4, &sb);
		if (strcmp(sb.buf, cases[i].want))
			print_error("case %zu: got '%s', want '%s'\n", i, sb.buf, cases[i].want);
		assert_string_equal(sb.buf, cases[i].want);
		strbuf_release(&sb);
	}
}

static struct sss_table *sample(const char *name)
{
	struct sss_table *t = sss_table_new(name);
	sss_table_set_title(t, "月次報告書 2026年11月");
	sss_table_set_note(t, "SLA達成率 = 期限内に完了した件数 / 完了件数");
	sss_table_column(t, "id", "ID");
	sss_table_column(t, "title", "件名");
	sss_table_column(t, "due", "期限");
	sss_table_column(t, "updated", "更新");
	sss_table_column(t, "spent", "作業時間");
	sss_table_column(t, "rate", "達成率");
	sss_table_row(t);
	sss_table_text(t, "2611-R6W6DQ");
	sss_table_text(t, "𠮷田さんのPC（髙橋課）①");
	sss_table_date(t, sss_date_from_ymd(2026, 11, 30));
	sss_table_datetime(t, 29000000);
	sss_table_minutes(t, 90);
	sss_table_percent(t, 9850);
	sss_table_row(t);
	sss_table_text(t, "=1+1");
	return t;
}

static char *tmp_dir(void)
{
	char *d = strdup("/tmp/test_xlsx-XXXXXX");
	assert_non_null(mkdtemp(d));
	return d;
}

static size_t dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void assert_workbook(const char *data, size_t len, int sheets)
{
	static const char *parts[] = { "[Content_Types].xml", "xl/workbook.xml",
				       "xl/styles.xml", "xl/sharedStrings.xml",
				       "docProps/core.xml" };
	assert_true(len > 4);
	assert_memory_equal(data, "PK\003\004", 4);
	/* the end of central directory record */
	assert_non_null(memmem(data, len, "PK\005\006", 4));
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		assert_non_null(memmem(data, len, parts[i], strlen(parts[i])));
	for (int i = 1; i <= sheets + 1; i++) {
		char part[64];
		snprintf(part, sizeof(part), "xl/worksheets/sheet%d.xml", i);
		if (i <= sheets)
			assert_non_null(memmem(data, len, part, strlen(part)));
		else
			assert_null(memmem(data, len, part, strlen(part)));
	}
}

static void test_write(void **state)
{
	(void)state;
	char *dir = tmp_dir();
	struct strbuf path = STRBUF_INIT;
	struct sss_table *t[2] = { sample("チケット"), sample("チケット") };
	char *data = NULL;
	size_t len;

	strbuf_addf(&path, "%s/out.xlsx", dir);
	assert_ok(sss_xlsx_write(path.buf, t, 2));
	assert_ok(sss_read_file(path.buf, 1 << 24, &data, &len));
	assert_workbook(data, len, 2);
	/* the temporary file is gone, nothing else was left */
	assert_int_equal(dir_entries(dir), 1);
	free(data);

	/* the same bytes for standard output */
	struct strbuf buf = STRBUF_INIT;
	assert_ok(sss_xlsx_render(&buf, t, 1));
	assert_workbook(buf.buf, buf.len, 1);
	strbuf_release(&buf);

	/* a device is written to, not replaced */
	assert_ok(sss_xlsx_write("/dev/null", t, 1));
	struct stat st;
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));

	unlink(path.buf);
	rmdir(dir);
	sss_table_free(t[0]);
	sss_table_free(t[1]);
	strbuf_release(&path);
	free(dir);
}

static void test_refusals(void **state)
{
	(void)state;
	char *dir = tmp_dir();
	struct strbuf path = STRBUF_INIT, big = STRBUF_INIT;
	struct sss_table *t = sample("長い");
	char *data = NULL;
	size_t len;

	strbuf_addf(&path, "%s/old.xlsx", dir);
	assert_ok(sss_write_file_atomic(path.buf, "old", 3, false));
	/* a cell longer than Excel holds: named, the old file left alone */
	for (int i = 0; i < 32768; i++)
		strbuf_addch(&big, 'x');
	sss_table_row(t);
	sss_table_text(t, "ok");
	sss_table_text(t, big.buf);
	assert_fails(sss_xlsx_write(path.buf, &t, 1), SSS_ERR_LIMIT, "sheet '長い' cell B6");
	assert_ok(sss_read_file(path.buf, 100, &data, &len));
	assert_string_equal(data, "old");
	assert_int_equal(dir_entries(dir), 1);
	free(data);

	/* a directory that is not there */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/no/such.xlsx", dir);
	assert_fails(sss_xlsx_write(path.buf, &t, 1), SSS_ERR_IO, "no/such.xlsx");

	strbuf_reset(&path);
	strbuf_addf(&path, "%s/old.xlsx", dir);
	unlink(path.buf);
	rmdir(dir);
	sss_table_free(t);
	strbuf_release(&path);
	strbuf_release(&big);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet_names),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
