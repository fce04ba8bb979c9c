/* test_csvread.c - the RFC 4180 reader: each case is a file's bytes and
 * the records it must give (fields joined by '|', records by "\n", each
 * prefixed with its line), or the error it must give. */
#include "unit.h"

#include <stdbool.h>

#include "sss/csvread.h"

/* The records of in[0..len) as "LINE:f1|f2\n..." (caller frees), or the
 * error's message prefixed with "error: ". */
static char *read_all(const char *in, size_t len, const struct sss_csv_limits *lim)
{
	struct strbuf out = STRBUF_INIT;
	struct sss_csv *csv = NULL;
	struct sss_csv_record rec;
	struct sss_error *err;
	bool end = false;

	err = sss_csv_open(&csv, in, len, "in.csv", lim);
	while (!err && !(err = sss_csv_next(csv, &rec, &end)) && !end) {
		strbuf_addf(&out, "%zu:", rec.line);
		for (size_t i = 0; i < rec.n; i++) {
			assert_int_equal(strlen(rec.field[i]), rec.len[i]);
			strbuf_addf(&out, "%s%s", i ? "|" : "", rec.field[i]);
		}
		strbuf_addch(&out, '\n');
	}
	if (err) {
		strbuf_reset(&out);
		strbuf_addf(&out, "error: %s", err->msg);
		sss_error_free(err);
	}
	sss_csv_free(csv);
	return strbuf_detach(&out, NULL);
}

static void expect(const char *in, size_t len, const char *want)
{
	char *got = read_all(in, len, NULL);
	if (strcmp(got, want)) {
		print_error("input: %s\n got: %s\nwant: %s\n", in, got, want);
		free(got);
		fail();
	}
	free(got);
}

#define EXPECT(in, want) expect((in), sizeof(in) - 1, (want))

static void test_records(void **state)
{
	(void)state;
	EXPECT("a,b,c\r\n1,2,3\r\n", "1:a|b|c\n2:1|2|3\n");
	EXPECT("a,b\n1,2", "1:a|b\n2:1|2\n");
	EXPECT("\xEF\xBB\xBF件名,担当者\r\n𠮷野家,髙橋\r\n", "1:件名|担当者\n2:𠮷野家|髙橋\n");
	/* quoted commas, doubled quotes, an empty quoted field */
	EXPECT("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", "1:a,b|say \"hi\"|\n");
	/* line breaks inside quotes read as LF; the next record keeps its line */
	EXPECT("\"1\r\n2\",x\r\n\"3\n4\r5\",y\nz\n", "1:1\n2|x\n3:3\n4\n5|y\n6:z\n");
	/* empty fields and an empty line */
	EXPECT(",,\n\nend\n", "1:||\n2:\n3:end\n");
	/* a lone CR ends a row as well */
	EXPECT("a\rb\r", "1:a\n2:b\n");
	/* full-width space and ① survive */
	EXPECT("\"　①\",x", "1:　①|x\n");
	EXPECT("", "");
}

static void test_cp932(void **state)
{
	(void)state;
	/* 件名,担当者 / 髙橋,① in CP932 */
	EXPECT("\x8c\x8f\x96\xbc,\x92\x53\x93\x96\x8e\xd2\r\n\xfb\xfc\x8b\xb4,\x87\x40\r\n",
	       "1:件名|担当者\n2:髙橋|①\n");
	struct sss_csv *csv = NULL;
	assert_ok(sss_csv_open(&csv, "\x8c\x8f\x96\xbc\n", 5, "x.csv", NULL));
	assert_int_equal(sss_csv_encoding(csv), SSS_ENC_CP932);
	sss_csv_free(csv);
}

static void test_errors(void **state)
{
	(void)state;
	EXPECT("a,b\n\"open,x\ny\n", "error: 'in.csv' line 2: a quoted field is not closed (a '\"' is missing)");
	EXPECT("a\nb\"c\n", "error: 'in.csv' line 2: a quote inside an unquoted field (quote the field and write the quote twice: \"\")");
	EXPECT("\"a\"b\n", "error: 'in.csv' line 1: text after a closing quote (a quote inside a quoted field is written twice: \"\")");
	/* neither UTF-8 nor CP932: the first bad line is named */
	char *got = read_all("ok\nok\n\xff\xff\n", 8, NULL);
	assert_non_null(strstr(got, "line 3"));
	assert_non_null(strstr(got, "neither UTF-8 nor CP932"));
	free(got);
}

static void test_limits(void **state)
{
	(void)state;
	struct sss_csv_limits lim = { 0 };
	lim.max_field = 4;
	char *got = read_all("abcd,e\nabcde\n", 13, &lim);
	assert_string_equal(got, "error: 'in.csv' line 2: field 1 is longer than 4 bytes");
	free(got);
	memset(&lim, 0, sizeof(lim));
	lim.max_fields = 2;
	got = read_all("a,b\na,b,c\n", 10, &lim);
	assert_string_equal(got, "error: 'in.csv' line 2: more than 2 fields");
	free(got);
	memset(&lim, 0, sizeof(lim));
	lim.max_rows = 2;
	got = read_all("a\nb\nc\n", 6, &lim);
	assert_string_equal(got, "error: 'in.csv' line 3: more than 2 records");
	free(got);
	memset(&lim, 0, sizeof(lim));
	lim.max_input = 3;
	got = read_all("a\nb\nc\n", 6, &lim);
	assert_string_equal(got, "error: 'in.csv' is larger than 3 bytes");
	free(got);
	memset(&lim, 0, sizeof(lim));
	lim.max_record = 5;
	got = read_all("ab,cd\n\"a\nb\",\"cd\"\n", 17, &lim);
	assert_string_equal(got, "error: 'in.csv' line 2: the record is longer than 5 bytes");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_cp932),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
