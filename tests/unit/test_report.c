/* test_report.c - the escaping of ticket text (sss/escape.h) and the
 * cmark-gfm rendering of the reports (lib/report/report_priv.h). The
 * report template language is the template engine's (test_template.c). */
#include "unit.h"

#include "../../lib/report/report_priv.h"
#include "sss/escape.h"
#include "sss/report.h"
#include "sss/strbuf.h"

static void test_md_text(void **state)
{
	static const struct {
		const char *in;
		size_t max;
		const char *want;
	} cases[] = {
		{ "定例チェック (2026年11月)", 0, "定例チェック (2026年11月)" },
		{ "a | b", 0, "a \\| b" },
		{ "<img src=x onerror=alert(1)>", 0, "\\<img src=x onerror=alert(1)\\>" },
		{ "</table><script>", 0, "\\</table\\>\\<script\\>" },
		{ "line\nbreak\r\n\ttab", 0, "line break tab" },
		{ "  trim  ", 0, "trim" },
		{ "*em* _u_ `c` [l](javascript:x) ![i](y) ~s~ &amp; \\", 0,
		  "\\*em\\* \\_u\\_ \\`c\\` \\[l\\](javascript:x) \\!\\[i\\](y) \\~s\\~ \\&amp; \\\\" },
		{ "# h", 0, "\\# h" },
		{ "- item", 0, "\\- item" },
		{ "+ item", 0, "\\+ item" },
		{ "1. item", 0, "1\\. item" },
		{ "12) item", 0, "12\\) item" },
		{ "2026-11", 0, "2026-11" },
		{ "a-b", 0, "a-b" },
		{ "ctl\x01\x1b[31mx", 0, "ctl\\[31mx" },
		{ "あいうえお", 3, "あいう…" },
		{ "abc", 3, "abc" },
		{ "", 0, "" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		sss_escape_markdown(&out, cases[i].in, cases[i].max);
		if (strcmp(out.buf, cases[i].want)) {
			print_error("case %zu: got '%s', want '%s'\n", i, out.buf, cases[i].want);
			fail();
		}
		strbuf_release(&out);
	}
}

static void test_html_escape(void **state)
{
	struct strbuf out = STRBUF_INIT;
	(void)state;
	sss_escape_html(&out, "<a href=\"x\" title='y'>&</a>");
	assert_string_equal(out.buf, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
	strbuf_release(&out);
}

/* What sss_escape_markdown() writes stays text through cmark-gfm, also in a table. */
static void test_md_to_html_is_safe(void **state)
{
	static const char *const hostile[] = {
		"<img src=x onerror=alert(1)>",
		"</table><script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"<a href=\"javascript:alert(1)\">a</a>",
		"a | b | c",
		"`code` **b**",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct strbuf md = STRBUF_INIT, html = STRBUF_INIT;
		strbuf_addstr(&md, "| a | b |\n|---|---|\n| ");
		sss_escape_markdown(&md, hostile[i], 0);
		strbuf_addstr(&md, " | z |\n");
		assert_ok(report_md_to_html(&html, md.buf, md.len));
		assert_null(strstr(html.buf, "<script"));
		assert_null(strstr(html.buf, "<img"));
		assert_null(strstr(html.buf, "<a "));
		assert_null(strstr(html.buf, "<code"));
		/* two cells in the body row, the second intact */
		assert_non_null(strstr(html.buf, "<td>z</td>"));
		const char *tb = strstr(html.buf, "<tbody>");
		assert_non_null(tb);
		int cells = 0;
		for (const char *p = tb; (p = strstr(p, "<td")); p++)
			cells++;
		assert_int_equal(cells, 2);
		strbuf_release(&md);
		strbuf_release(&html);
	}
}

/* Without escaping, cmark-gfm's safe default still drops raw HTML and
 * javascript: links (a second line of defence for the minutes). */
static void test_md_to_html_safe_mode(void **state)
{
	struct strbuf html = STRBUF_INIT;
	const char *md = "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n- [ ] task\n";
	(void)state;
	assert_ok(report_md_to_html(&html, md, strlen(md)));
	assert_null(strstr(html.buf, "<script"));
	assert_null(strstr(html.buf, "javascript:"));
	assert_non_null(strstr(html.buf, "type=\"checkbox\""));
	strbuf_release(&html);
}

static void test_md_to_html_limit(void **state)
{
	struct strbuf html = STRBUF_INIT;
	size_t n = SSS_REPORT_MAX_MARKDOWN + 1;
	char *big = malloc(n);
	(void)state;
	memset(big, 'a', n);
	assert_fails(report_md_to_html(&html, big, n), SSS_ERR_LIMIT, "rendered to HTML");
	assert_int_equal(html.len, 0);
	free(big);
	strbuf_release(&html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md_text),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_md_to_html_is_safe),
		cmocka_unit_test(test_md_to_html_safe_mode),
		cmocka_unit_test(test_md_to_html_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
