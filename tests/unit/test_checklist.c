/* test_checklist.c - the checklist items of a ticket (ticket.h):
 * counting, reading item i and marking it, which tick, close and show
 * share. A fenced "- [ ]" and another section's are no items; marking
 * changes one character and nothing else of the file. */
#include "unit.h"

#include "sss/alloc.h"
#include "sss/ticket.h"

static const char text[] =
    "---\n"
    "id: 2611-K7QD4A\n"
    "title: 𠮷野家の件\n"
    "sow: incident-software\n"
    "kind: incident\n"
    "status: open\n"
    "priority: high\n"
    "created: 2026-11-26T09:12:00+09:00\n"
    "updated: 2026-11-26T09:12:00+09:00\n"
    "---\n"
    "\n"
    "## 内容\n"
    "- [ ] 内容の中は項目ではない\n"
    "\n"
    "## チェックリスト\n"
    "- [ ] 原因調査、内容整理\n"
    "  * [x] 髙橋さんへ連絡  \n"
    "```\n"
    "- [ ] コードの中\n"
    "```\n"
    "+ [X] ①ベンダー問合せ\n"
    "- [-] 印のない行\n"
    "- [ ]\n"
    "\n"
    "## 作業記録\n"
    "- [ ] 作業記録の中\n";

static struct sss_ticket *load(void)
{
	struct sss_ticket *t = NULL;
	assert_ok(sss_ticket_parse(&t, text, strlen(text), "t.md"));
	return t;
}

static void test_items(void **state)
{
	(void)state;
	struct sss_ticket *t = load();
	struct strbuf sb = STRBUF_INIT;
	static const char *const want[] = { "原因調査、内容整理", "髙橋さんへ連絡",
					    "①ベンダー問合せ", "" };
	static const bool done_want[] = { false, true, true, false };
	int open, done;
	bool d;

	sss_ticket_checklist_count(t, &open, &done);
	assert_int_equal(open, 2);
	assert_int_equal(done, 2);
	for (size_t i = 0; i < 4; i++) {
		strbuf_reset(&sb);
		assert_true(sss_ticket_checklist_item(t, i, &d, &sb));
		assert_string_equal(sb.buf, want[i]);
		assert_int_equal(d, done_want[i]);
	}
	assert_false(sss_ticket_checklist_item(t, 4, &d, &sb));
	assert_true(sss_ticket_checklist_item(t, 0, &d, NULL));
	strbuf_release(&sb);
	sss_ticket_free(t);
}

static void test_mark_changes_one_character(void **state)
{
	(void)state;
	struct sss_ticket *t = load();
	char *before = xstrdup(sss_ticket_body(t));
	const char *after;
	size_t diffs = 0, n = strlen(before);
	int open, done;

	assert_true(sss_ticket_checklist_mark(t, 0, true));
	assert_true(sss_ticket_checklist_mark(t, 2, false));
	assert_true(sss_ticket_checklist_mark(t, 1, true)); /* already: same */
	assert_false(sss_ticket_checklist_mark(t, 4, true));
	after = sss_ticket_body(t);
	assert_int_equal(strlen(after), n);
	for (size_t i = 0; i < n; i++)
		diffs += before[i] != after[i];
	assert_int_equal(diffs, 2);
	assert_non_null(strstr(after, "- [x] 原因調査、内容整理\n"));
	assert_non_null(strstr(after, "+ [ ] ①ベンダー問合せ\n"));
	assert_non_null(strstr(after, "- [ ] コードの中\n"));
	sss_ticket_checklist_count(t, &open, &done);
	assert_int_equal(open, 2);
	assert_int_equal(done, 2);
	free(before);
	sss_ticket_free(t);
}

static void test_no_checklist(void **state)
{
	(void)state;
	struct sss_ticket *t = sss_ticket_new();
	bool d;
	int open = -1, done = -1;

	sss_ticket_set_body(t, "## 内容\n- [ ] x\n");
	sss_ticket_checklist_count(t, &open, &done);
	assert_int_equal(open + done, 0);
	assert_false(sss_ticket_checklist_item(t, 0, &d, NULL));
	assert_false(sss_ticket_checklist_mark(t, 0, true));
	sss_ticket_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_mark_changes_one_character),
		cmocka_unit_test(test_no_checklist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
