/* test_encoding.c - UTF-8 <-> CP932 (encoding.h): the characters CP932
 * has and Shift_JIS lacks, the JIS forms of 〜 and − written as Windows
 * shows them, 𠮷 refused or replaced with 〓, and telling UTF-8, UTF-8
 * with a BOM and CP932 apart. */
#include "unit.h"

#include "sss/encoding.h"

/* Convert s to CP932 and compare the bytes with want[0..wlen). */
static void to_cp932(const char *s, const char *want, size_t wlen)
{
	struct strbuf out = STRBUF_INIT;
	struct sss_enc_report rep;
	assert_ok(sss_utf8_to_cp932(s, strlen(s), false, &out, &rep));
	assert_int_equal(out.len, wlen);
	assert_memory_equal(out.buf, want, wlen);
	assert_int_equal(rep.nreplaced, 0);
	strbuf_release(&out);
}

static void from_cp932(const char *s, size_t len, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	assert_ok(sss_cp932_to_utf8(s, len, &out));
	assert_string_equal(out.buf, want);
	strbuf_release(&out);
}

static void test_windows_characters(void **state)
{
	(void)state;
	to_cp932("髙", "\xfb\xfc", 2);
	to_cp932("﨑", "\xfa\xb1", 2);
	to_cp932("①", "\x87\x40", 2);
	to_cp932("〓", "\x81\xac", 2);
	to_cp932("ｶﾅ", "\xb6\xc5", 2);
	to_cp932("", "", 0);
	to_cp932("ID,件名\r\n", "ID,\x8c\x8f\x96\xbc\r\n", 9);
	/* full-width space, 全角 A */
	to_cp932("\u3000Ａ", "\x81\x40\x82\x60", 4);
	from_cp932("\xfb\xfc\xfa\xb1\x87\x40", 6, "髙﨑①");
	from_cp932("abc\r\n", 5, "abc\r\n");
}

/* The JIS and the Microsoft form of each pair give the same bytes, and
 * those bytes read back as what Windows shows. */
static void test_wave_dash_and_minus(void **state)
{
	(void)state;
	to_cp932("〜", "\x81\x60", 2);      /* U+301C */
	to_cp932("～", "\x81\x60", 2);      /* U+FF5E */
	to_cp932("−", "\x81\x7c", 2);      /* U+2212 */
	to_cp932("－", "\x81\x7c", 2);      /* U+FF0D */
	to_cp932("‖∥", "\x81\x61\x81\x61", 4);
	to_cp932("—―", "\x81\x5c\x81\x5c", 4);
	to_cp932("¢£¬", "\x81\x91\x81\x92\x81\xca", 6);
	to_cp932("10〜20時", "10\x81\x60" "20\x8e\x9e", 8);
	from_cp932("\x81\x60\x81\x7c", 4, "～－");
}

static void test_unmappable(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	struct sss_enc_report rep;
	const char *s = "吉田と𠮷田";
	assert_fails(sss_utf8_to_cp932(s, strlen(s), false, &out, &rep),
		     SSS_ERR_INVALID, "'𠮷' (U+20BB7) has no CP932 form");
	assert_int_equal(rep.bad_offset, strlen("吉田と"));
	assert_string_equal(rep.bad_char, "𠮷");
	/* what came before is there */
	assert_int_equal(out.len, 6);
	strbuf_reset(&out);

	s = "𠮷野家の🍣と😀";
	assert_ok(sss_utf8_to_cp932(s, strlen(s), true, &out, &rep));
	assert_int_equal(rep.nreplaced, 3);
	struct strbuf back = STRBUF_INIT;
	assert_ok(sss_cp932_to_utf8(out.buf, out.len, &back));
	assert_string_equal(back.buf, "〓野家の〓と〓");
	strbuf_release(&back);
	strbuf_reset(&out);

	/* the count starts again with every call */
	assert_ok(sss_utf8_to_cp932("é", 2, true, &out, &rep));
	assert_int_equal(rep.nreplaced, 1);
	strbuf_reset(&out);

	assert_fails(sss_utf8_to_cp932("a\n\xff", 3, false, &out, &rep),
		     SSS_ERR_INVALID, "line 2 column 1: not UTF-8");
	strbuf_release(&out);
}

static void test_bad_cp932(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	/* 0x81 0x20: a lead byte with no trail byte */
	assert_fails(sss_cp932_to_utf8("ok\r\nok\n\x81 x", 10, &out),
		     SSS_ERR_PARSE, "line 3: not CP932");
	strbuf_reset(&out);
	/* cut in the middle of a character */
	assert_fails(sss_cp932_to_utf8("\x8c\x8f\x96", 3, &out),
		     SSS_ERR_PARSE, "line 1: not CP932");
	strbuf_release(&out);
}

static void test_detect(void **state)
{
	(void)state;
	enum sss_encoding enc = SSS_ENC_CP932;
	const char *s = "件名,状態\n";
	assert_ok(sss_detect_encoding(s, strlen(s), "a.csv", &enc));
	assert_int_equal(enc, SSS_ENC_UTF8);
	s = "\xef\xbb\xbf件名\n";
	assert_ok(sss_detect_encoding(s, strlen(s), "a.csv", &enc));
	assert_int_equal(enc, SSS_ENC_UTF8_BOM);
	assert_ok(sss_detect_encoding("", 0, "a.csv", &enc));
	assert_int_equal(enc, SSS_ENC_UTF8);
	/* 件名 in CP932 is not UTF-8 */
	assert_ok(sss_detect_encoding("ID,\x8c\x8f\x96\xbc\r\n", 9, "a.csv",
				      &enc));
	assert_int_equal(enc, SSS_ENC_CP932);
	/* line 2 is CP932, line 3 neither */
	assert_fails(sss_detect_encoding("a\n\x8c\x8f\n\x81\x20\n", 8,
					 "x.csv", &enc),
		     SSS_ERR_PARSE, "x.csv: line 3: neither UTF-8 nor CP932");
	/* every line one or the other, the file both: where CP932 fails */
	assert_fails(sss_detect_encoding("\x8c\x8f\n髙\n", 6, "y.csv", &enc),
		     SSS_ERR_PARSE, "y.csv: line 2: neither UTF-8 nor CP932");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows_characters),
		cmocka_unit_test(test_wave_dash_and_minus),
		cmocka_unit_test(test_unmappable),
		cmocka_unit_test(test_bad_cp932),
		cmocka_unit_test(test_detect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
