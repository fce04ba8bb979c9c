/* test_template.c - the template engine: "{name}" placeholder filling
 * and listing (ticket titles and bodies), and block templates with their
 * values (the reports). */
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

/* ---- block templates (the report template language) ---------------- */

static const char *const cols[] = { "id", "title", NULL };
static const char *const charts[] = { "backlog", NULL };

static struct sss_tvars *sample(void)
{
	struct sss_tvars *v = sss_tvars_new();
	sss_tvars_set(v, "client", "KPBE");
	sss_tvars_set(v, "zero", "0");
	sss_tvars_set(v, "empty", "");
	sss_tvars_list(v, "rows", cols);
	sss_tvars_list(v, "none", cols);
	struct sss_tvars *r = sss_tvars_row(v, "rows");
	sss_tvars_set(r, "id", "A");
	sss_tvars_set(r, "title", "one");
	r = sss_tvars_row(v, "rows");
	sss_tvars_set(r, "id", "B");
	sss_tvars_set(r, "title", "two");
	return v;
}

static void test_render_table(void **state)
{
	static const struct {
		const char *tmpl, *want;
	} cases[] = {
		{ "", "" },
		{ "plain\n", "plain\n" },
		{ "# {client} report\n", "# KPBE report\n" },
		{ "{{client}} }}\n", "{client} }\n" },
		{ "no newline {client}", "no newline KPBE" },
		{ "{#each rows}\n| {id} | {title} | {client} |\n{/each}\n",
		  "| A | one | KPBE |\n| B | two | KPBE |\n" },
		{ "  {#each none}  \n{id}\n{/each}\nend\n", "end\n" },
		{ "{#if rows}\nyes\n{#else}\nno\n{/if}\n", "yes\n" },
		{ "{#if none}\nyes\n{#else}\nno\n{/if}\n", "no\n" },
		{ "{#if zero}\nyes\n{/if}\n{#if empty}\nyes\n{/if}\n{#if client}\nc\n{/if}\n", "c\n" },
		{ "{#each rows}\n{#if id}\n{id}\n{/if}\n{/each}\n", "A\nB\n" },
		{ "{! a comment }\nx\n", "x\n" },
		{ "a\n{@chart backlog}\nb\n", "a\nb\n" },
	};
	(void)state;
	struct sss_tvars *v = sample();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		assert_ok(sss_template_render(cases[i].tmpl, "t.md", v, charts, &out, NULL, NULL));
		assert_string_equal(out.buf, cases[i].want);
		strbuf_release(&out);
	}
	sss_tvars_free(v);
}

static void test_render_chart_marks(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct sss_template_mark *marks = NULL;
	size_t n = 0;
	(void)state;
	struct sss_tvars *v = sample();
	assert_ok(sss_template_render("ab\n{@chart backlog}\ncd\n", "t.md", v, charts, &out, &marks, &n));
	assert_int_equal(n, 1);
	assert_int_equal(marks[0].offset, 3);
	assert_string_equal(marks[0].chart, "backlog");
	free(marks[0].chart);
	free(marks);
	strbuf_release(&out);
	sss_tvars_free(v);
}

static void test_render_errors(void **state)
{
	static const struct {
		const char *tmpl, *needle;
	} cases[] = {
		{ "x\n{nope}\n", "'t.md' line 2: unknown value 'nope'" },
		/* checked also where this report would not go */
		{ "{#if zero}\n{nope}\n{/if}\n", "'t.md' line 2: unknown value 'nope'" },
		{ "{#each none}\n{nope}\n{/each}\n", "'t.md' line 2: unknown value 'nope'" },
		{ "{#each rows}\n{id}\n", "'t.md' line 1: '{#each rows}' is not closed" },
		{ "{/if}\n", "'t.md' line 1: '{/if}' without '{#if}'" },
		{ "{#each rows}\n{/if}\n", "line 2: '{/if}' without '{#if}'" },
		{ "{#else}\n", "line 1: '{#else}' without '{#if}'" },
		{ "{#each nope}\n{/each}\n", "line 1: unknown list 'nope'" },
		{ "{#each rows}\n{#each rows}\n{/each}\n{/each}\n", "line 2: '{#each}' inside '{#each}' (line 1)" },
		{ "{rows}\n", "line 1: 'rows' is a list" },
		{ "a {b\n", "'t.md' line 1: bad placeholder at column 3" },
		{ "a {} b\n", "line 1: bad placeholder" },
		{ "a } b\n", "line 1: unmatched '}'" },
		{ "{#bogus x}\n", "line 1: unknown directive '{#bogus x}'" },
		{ "{@chart pie}\n", "line 1: unknown chart 'pie'" },
		{ "{#if client}\n{@chart backlog}\n{/if}\n", "line 2: '{@chart}' inside a block (line 1)" },
	};
	(void)state;
	struct sss_tvars *v = sample();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		strbuf_addstr(&out, "keep");
		struct sss_error *err = sss_template_render(cases[i].tmpl, "t.md", v, charts, &out, NULL, NULL);
		assert_non_null(err);
		if (!strstr(err->msg, cases[i].needle)) {
			print_error("case %zu: got '%s', want '%s'\n", i, err->msg, cases[i].needle);
			fail();
		}
		sss_error_free(err);
		assert_string_equal(out.buf, "keep");
		strbuf_release(&out);
	}
	sss_tvars_free(v);
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
	    cmocka_unit_test(test_render_table),
	    cmocka_unit_test(test_render_chart_marks),
	    cmocka_unit_test(test_render_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
