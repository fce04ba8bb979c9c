/* test_template.c - "{name}" placeholder filling and listing. */
#include "unit.h"

#include "sss/strbuf.h"
#include "sss/template.h"

/* Values for the lookup: a NULL-terminated list of name, value pairs. */
static const char *lookup_pairs(const char *name, void *data)
{
	const char *const *kv = data;

	for (; kv[0]; kv += 2)
		if (!strcmp(kv[0], name))
			return kv[1];
	return NULL;
}

static const char *const values[] = {
    "年月",	"2026年11月", "年月日", "2026年11月26日",
    "ソフト名", "ApexOne",    "事象",	"定義ファイル更新失敗",
    "empty",	"",	      "braces", "{x}",
    NULL,
};

static void test_fill_table(void **state)
{
	static const struct {
		const char *pattern, *want;
	} cases[] = {
	    {"", ""},
	    {"no placeholders", "no placeholders"},
	    {"定例チェック ({年月})", "定例チェック (2026年11月)"},
	    {"週次定例会 ({年月日})", "週次定例会 (2026年11月26日)"},
	    {"インシデント ({ソフト名}：{事象})",
	     "インシデント (ApexOne：定義ファイル更新失敗)"},
	    {"{年月}", "2026年11月"},
	    {"{年月}{年月}", "2026年11月2026年11月"},
	    {"a{empty}b", "ab"},
	    /* values are not expanded again */
	    {"v={braces}", "v={x}"},
	    {"{{literal}}", "{literal}"},
	    {"{{{年月}}}", "{2026年11月}"},
	    {"}}", "}"},
	    {"{{", "{"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		strbuf_addstr(&out, ">");
		assert_ok(sss_template_fill(&out, cases[i].pattern,
					    lookup_pairs, (void *)values));
		assert_string_equal(out.buf + 1, cases[i].want);
		strbuf_release(&out);
	}
}

static void test_fill_errors(void **state)
{
	static const struct {
		const char *pattern;
		enum sss_errcode code;
		const char *needle;
	} cases[] = {
	    {"恒久対応 ({事象})x{ユーザ名}", SSS_ERR_INVALID,
	     "missing value for placeholder 'ユーザ名'"},
	    {"({年月", SSS_ERR_PARSE, "unterminated placeholder"},
	    {"{", SSS_ERR_PARSE, "unterminated placeholder"},
	    {"{a{b}}", SSS_ERR_PARSE, "unterminated placeholder"},
	    {"a}b", SSS_ERR_PARSE, "unmatched '}'"},
	    {"{年月}}", SSS_ERR_PARSE, "unmatched '}'"},
	    {"x{}y", SSS_ERR_PARSE, "empty placeholder"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		strbuf_addstr(&out, "keep");
		assert_fails(sss_template_fill(&out, cases[i].pattern,
					       lookup_pairs, (void *)values),
			     cases[i].code, cases[i].needle);
		/* nothing half-filled is left behind */
		assert_string_equal(out.buf, "keep");
		strbuf_release(&out);
	}
}

static void test_fill_no_lookup(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_ok(sss_template_fill(&out, "plain {{x}}", NULL, NULL));
	assert_string_equal(out.buf, "plain {x}");
	assert_fails(sss_template_fill(&out, "{年月}", NULL, NULL),
		     SSS_ERR_INVALID, "'年月'");
	strbuf_release(&out);
}

static void add_name(const char *name, void *data)
{
	struct strbuf *sb = data;

	strbuf_addf(sb, "[%s]", name);
}

static void test_names(void **state)
{
	static const struct {
		const char *pattern, *want;
	} cases[] = {
	    {"", ""},
	    {"定例チェック ({年月})", "[年月]"},
	    {"ユーザ登録申請 ({ユーザ名}：{ソフト名})", "[ユーザ名][ソフト名]"},
	    {"{b}{a}{b}{a}", "[b][a]"},
	    {"{{not}} {yes}", "[yes]"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		assert_ok(sss_template_names(cases[i].pattern, add_name, &sb));
		assert_string_equal(sb.buf, cases[i].want);
		strbuf_release(&sb);
	}
}

static void test_names_malformed(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	/* a malformed pattern reports no names at all, even valid ones
	 * before the error */
	assert_fails(sss_template_names("{年月} {事象", add_name, &sb),
		     SSS_ERR_PARSE, "unterminated placeholder");
	assert_string_equal(sb.buf, "");
	assert_fails(sss_template_names("{年月} }", add_name, &sb),
		     SSS_ERR_PARSE, "unmatched");
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

/* Found by fuzzing: a pattern with a line break gave a two-line message. */
static void test_errors_one_line(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	assert_fails(sss_template_fill(&out, "a\n{b", lookup_pairs,
				       (void *)values),
		     SSS_ERR_PARSE, "unterminated placeholder in 'a\\n{b'");
	assert_fails(sss_template_fill(&out, "{x\ny}", lookup_pairs,
				       (void *)values),
		     SSS_ERR_INVALID, "missing value for placeholder 'x\\ny'");
	assert_int_equal(out.len, 0);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fill_table),
	    cmocka_unit_test(test_fill_errors),
	    cmocka_unit_test(test_fill_no_lookup),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_names_malformed),
	    cmocka_unit_test(test_errors_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
