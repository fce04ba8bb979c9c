/* test_merge.c - the three-way ticket merge (merge.h): one test for each
 * rule, the symmetry of the two sides, determinism, Japanese text, CRLF,
 * the versions it refuses, deletions, collisions and a merge of a merge. */
#include "unit.h"

#include "sss/alloc.h"
#include "sss/merge.h"
#include "sss/node.h"
#include "sss/ticket.h"

#define PATH "tickets/2026/11/2611-K7QD4A.md"

/* clang-format off */
static const char base_text[] =
    "---\n"
    "id: 2611-K7QD4A\n"
    "title: インシデント (ApexOne：定義ファイル更新失敗)\n"
    "sow: incident-software\n"
    "kind: incident\n"
    "status: in-progress\n"
    "priority: high\n"
    "assignee: 田中\n"
    "requester: 情報政策課 山本\n"
    "created: 2026-11-26T09:12:00+09:00\n"
    "updated: 2026-11-26T10:00:00+09:00\n"
    "due: 2026-11-27\n"
    "params:\n"
    "  ソフト名: ApexOne\n"
    "  事象: 定義ファイル更新失敗\n"
    "links:\n"
    "  - rel: problem\n"
    "    id: 2611-P3XW9B\n"
    "tags: [ApexOne]\n"
    "site: 本庁舎\n"
    "---\n"
    "\n"
    "## 内容\n"
    "本庁舎3階のクライアントPC 12台で、ApexOneのパターンファイル更新が\n"
    "11/25 夜間から失敗している。\n"
    "\n"
    "## チェックリスト\n"
    "- [x] 原因調査、内容整理\n"
    "- [ ] 一次対応\n"
    "- [ ] 報告\n"
    "\n"
    "## 作業記録\n"
    "- 2026-11-26 09:40 田中: 管理コンソールで配信エラーを確認。\n"
    "- 2026-11-26 10:00 田中: ベンダーに問合せ済み。\n"
    "\n"
    "## 対応結果\n";
/* clang-format on */

/* s with the first from replaced by to (which must be there); the
 * caller frees it. */
static char *edit(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	struct strbuf sb = STRBUF_INIT;
	if (!at) {
		print_error("no '%s' to replace\n", from);
		fail();
	}
	strbuf_add(&sb, s, (size_t)(at - s));
	strbuf_addstr(&sb, to);
	strbuf_addstr(&sb, at + strlen(from));
	return strbuf_detach(&sb, NULL);
}

/* edit() that frees s. */
static char *edit_free(char *s, const char *from, const char *to)
{
	char *r = edit(s, from, to);
	free(s);
	return r;
}

/* A side changed at time hhmm (10:15 is "10:15"): updated set to it. */
static char *side_at(const char *s, const char *hhmm)
{
	struct strbuf u = STRBUF_INIT;
	strbuf_addf(&u, "updated: 2026-11-26T%s:00+09:00", hhmm);
	char *r = edit(s, "updated: 2026-11-26T10:00:00+09:00", u.buf);
	strbuf_release(&u);
	return r;
}

/* Merge and return the result's bytes (the caller frees); *res_out, when
 * given, receives the whole result. */
static char *merge_full(const char *base, const char *ours, const char *theirs,
			const char *ours_who, const char *theirs_who,
			struct sss_merge_result *res_out)
{
	struct sss_merge_input in = SSS_MERGE_INPUT_INIT;
	struct sss_merge_result res = SSS_MERGE_RESULT_INIT;
	in.path = PATH;
	in.base = base;
	in.base_len = base ? strlen(base) : 0;
	in.ours = ours;
	in.ours_len = ours ? strlen(ours) : 0;
	in.theirs = theirs;
	in.theirs_len = theirs ? strlen(theirs) : 0;
	in.ours_who = ours_who;
	in.theirs_who = theirs_who;
	assert_ok(sss_ticket_merge(&in, &res));
	char *out = xstrdup(res.out.buf);
	if (res_out)
		*res_out = res;
	else
		sss_merge_result_release(&res);
	return out;
}

static char *merge(const char *base, const char *ours, const char *theirs)
{
	return merge_full(base, ours, theirs, "佐藤", "鈴木", NULL);
}

static struct sss_ticket *parse(const char *s)
{
	struct sss_ticket *t = NULL;
	assert_ok(sss_ticket_parse(&t, s, strlen(s), PATH));
	return t;
}

static void assert_field(const char *text, const char *field, const char *want)
{
	struct sss_ticket *t = parse(text);
	const char *v = sss_ticket_get(t, field);
	if (!want)
		assert_null(v);
	else
		assert_string_equal(v ? v : "(unset)", want);
	sss_ticket_free(t);
}

/* The section's text (the caller frees). */
static char *section(const char *text, const char *name)
{
	struct sss_ticket *t = parse(text);
	struct strbuf sb = STRBUF_INIT;
	assert_true(sss_ticket_section(t, name, &sb));
	sss_ticket_free(t);
	return strbuf_detach(&sb, NULL);
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle)) {
		print_error("no '%s' in:\n%s\n", needle, hay);
		fail();
	}
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle)) {
		print_error("unexpected '%s' in:\n%s\n", needle, hay);
		fail();
	}
}

/* How often needle occurs in hay. */
static int occurrences(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_one_side_changes(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:10"), "priority: high", "priority: urgent");
	char *r = merge(base_text, o, base_text);
	assert_string_equal(r, o);
	free(r);
	r = merge(base_text, base_text, o);
	assert_string_equal(r, o);
	free(r);
	free(o);
}

static void test_different_fields(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:10"), "priority: high", "priority: urgent");
	char *t = edit_free(side_at(base_text, "10:20"), "assignee: 田中", "assignee: 髙橋");
	char *r = merge(base_text, o, t);
	assert_field(r, "priority", "urgent");
	assert_field(r, "assignee", "髙橋");
	assert_field(r, "updated", "2026-11-26T10:20:00+09:00");
	assert_lacks(r, "merge:");
	assert_lacks(r, "conflict");
	free(r);
	free(o);
	free(t);
}

static void test_same_field_later_wins(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:15"), "priority: high", "priority: urgent");
	char *t = edit_free(side_at(base_text, "10:30"), "priority: high", "priority: low");
	char *r = merge(base_text, o, t);
	assert_field(r, "priority", "low");
	char *log = section(r, "作業記録");
	assert_has(log, "- 2026-11-26 10:30 merge: priority urgent → low (佐藤, 2026-11-26 10:15)");
	free(log);
	free(r);
	/* the other way round: theirs is the earlier */
	r = merge(base_text, t, o);
	assert_field(r, "priority", "low");
	assert_has(r, "- 2026-11-26 10:30 merge: priority urgent → low (鈴木, 2026-11-26 10:15)");
	free(r);
	free(o);
	free(t);
}

static void test_same_field_equal_times(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:15"), "priority: high", "priority: low");
	char *t = edit_free(side_at(base_text, "10:15"), "priority: high", "priority: urgent");
	char *r1 = merge(base_text, o, t), *r2 = merge(base_text, t, o);
	/* "urgent" > "low" in byte order, whichever side has it */
	assert_field(r1, "priority", "urgent");
	assert_field(r2, "priority", "urgent");
	assert_has(r1, "merge: priority low → urgent (佐藤, 2026-11-26 10:15)");
	assert_has(r2, "merge: priority low → urgent (鈴木, 2026-11-26 10:15)");
	free(r1);
	free(r2);
	free(o);
	free(t);
}

static void test_status_and_closed_together(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:15"), "status: in-progress",
			    "status: closed");
	o = edit_free(o, "due: 2026-11-27\n", "due: 2026-11-27\nclosed: 2026-11-26T10:15:00+09:00\n");
	char *t = edit_free(side_at(base_text, "10:30"), "status: in-progress", "status: waiting");
	char *r = merge(base_text, o, t);
	assert_field(r, "status", "waiting");
	assert_field(r, "closed", NULL);
	assert_has(r, "merge: status closed → waiting (佐藤, 2026-11-26 10:15)");
	assert_has(r, "merge: closed 2026-11-26T10:15:00+09:00 → (なし) (佐藤, 2026-11-26 10:15)");
	free(r);
	/* closed on one side only: the pair moves */
	char *t2 = edit_free(side_at(base_text, "10:30"), "assignee: 田中", "assignee: 髙橋");
	r = merge(base_text, o, t2);
	assert_field(r, "status", "closed");
	assert_field(r, "closed", "2026-11-26T10:15:00+09:00");
	assert_field(r, "assignee", "髙橋");
	free(r);
	free(o);
	free(t);
	free(t2);
}

static void test_created_min_updated_max(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "11:00"), "created: 2026-11-26T09:12:00+09:00",
			    "created: 2026-11-26T09:30:00+09:00");
	o = edit_free(o, "priority: high", "priority: urgent");
	/* 00:05Z is 09:05 in Tokyo: the earlier */
	char *t = edit_free(side_at(base_text, "10:30"), "created: 2026-11-26T09:12:00+09:00",
			    "created: 2026-11-26T00:05:00Z");
	t = edit_free(t, "assignee: 田中", "assignee: 髙橋");
	char *r = merge(base_text, o, t);
	assert_field(r, "created", "2026-11-26T00:05:00Z");
	assert_field(r, "updated", "2026-11-26T11:00:00+09:00");
	assert_lacks(r, "merge: created");
	assert_lacks(r, "merge: updated");
	free(r);
	free(o);
	free(t);
}

static void test_tags_as_sets(void **state)
{
	(void)state;
	char *b = edit(base_text, "tags: [ApexOne]", "tags: [ApexOne, 本庁舎, 夜間]");
	char *o = edit_free(side_at(b, "10:10"), "tags: [ApexOne, 本庁舎, 夜間]",
			    "tags: [ApexOne, 夜間, ①]");
	char *t = edit_free(side_at(b, "10:20"), "tags: [ApexOne, 本庁舎, 夜間]",
			    "tags: [本庁舎, 夜間, 𠮷]");
	char *r = merge(b, o, t);
	/* ApexOne removed by theirs, 本庁舎 by ours; ① and 𠮷 added */
	assert_has(r, "tags: [夜間, ①, 𠮷]\n");
	free(r);
	/* added on both sides: once */
	char *o2 = edit_free(side_at(b, "10:10"), "tags: [ApexOne, 本庁舎, 夜間]",
			     "tags: [ApexOne, 本庁舎, 夜間, 至急]");
	char *t2 = edit_free(side_at(b, "10:20"), "tags: [ApexOne, 本庁舎, 夜間]",
			     "tags: [ApexOne, 本庁舎, 夜間, 至急]");
	t2 = edit_free(t2, "priority: high", "priority: low");
	r = merge(b, o2, t2);
	assert_has(r, "tags: [ApexOne, 本庁舎, 夜間, 至急]\n");
	free(r);
	free(b);
	free(o);
	free(t);
	free(o2);
	free(t2);
}

static void test_links_and_documents_as_sets(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:10"), "    id: 2611-P3XW9B\n",
			    "    id: 2611-P3XW9B\n  - rel: related\n    id: 2611-AAAAAA\n");
	o = edit_free(o, "tags: [ApexOne]\n", "tags: [ApexOne]\ndocuments: [手順書A]\n");
	char *t = edit_free(side_at(base_text, "10:20"), "links:\n  - rel: problem\n    id: 2611-P3XW9B\n",
			    "links:\n  - rel: duplicate\n    id: 2611-BBBBBB\n");
	t = edit_free(t, "tags: [ApexOne]\n", "tags: [ApexOne]\ndocuments: [手順書B]\n");
	char *r = merge(base_text, o, t);
	struct sss_ticket *m = parse(r);
	assert_int_equal(sss_ticket_link_count(m), 2);
	assert_string_equal(sss_ticket_link_id(m, 0), "2611-AAAAAA");
	assert_string_equal(sss_ticket_link_id(m, 1), "2611-BBBBBB");
	assert_int_equal(sss_ticket_list_count(m, "documents"), 2);
	sss_ticket_free(m);
	free(r);
	free(o);
	free(t);
}

static void test_params_and_unknown_keys(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:10"), "  ソフト名: ApexOne\n",
			    "  ソフト名: ApexOne SaaS\n");
	o = edit_free(o, "site: 本庁舎\n", "site: 本庁舎3階\nfloor: 3\n");
	char *t = edit_free(side_at(base_text, "10:20"), "  事象: 定義ファイル更新失敗\n",
			    "  事象: 定義ファイル更新失敗（全台）\n");
	t = edit_free(t, "site: 本庁舎\n", "site: 分庁舎\n");
	char *r = merge(base_text, o, t);
	struct sss_ticket *m = parse(r);
	assert_string_equal(sss_ticket_param_get(m, "ソフト名"), "ApexOne SaaS");
	assert_string_equal(sss_ticket_param_get(m, "事象"), "定義ファイル更新失敗（全台）");
	const struct sss_node *extra = sss_ticket_extra(m);
	assert_string_equal(sss_node_str(sss_node_get(extra, "site")), "分庁舎");
	assert_string_equal(sss_node_str(sss_node_get(extra, "floor")), "3");
	assert_has(r, "merge: site 本庁舎3階 → 分庁舎 (佐藤, 2026-11-26 10:10)");
	sss_ticket_free(m);
	free(r);
	free(o);
	free(t);
}

static const char entry_o[] = "- 2026-11-26 10:10 佐藤: 再配信を実施。\n  12台中 10台で成功。";
static const char entry_t[] = "- 2026-11-26 10:05 鈴木: 𠮷田さんに連絡①";

static char *with_entry(const char *s, const char *entry, const char *hhmm)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "- 2026-11-26 10:00 田中: ベンダーに問合せ済み。\n%s\n", entry);
	char *r = edit_free(side_at(s, hhmm), "- 2026-11-26 10:00 田中: ベンダーに問合せ済み。\n",
			    sb.buf);
	strbuf_release(&sb);
	return r;
}

static void test_worklog_union_in_time_order(void **state)
{
	(void)state;
	char *o = with_entry(base_text, entry_o, "10:10");
	char *t = with_entry(base_text, entry_t, "10:05");
	char *r = merge(base_text, o, t);
	char *log = section(r, "作業記録");
	assert_string_equal(log, "- 2026-11-26 09:40 田中: 管理コンソールで配信エラーを確認。\n"
				 "- 2026-11-26 10:00 田中: ベンダーに問合せ済み。\n"
				 "- 2026-11-26 10:05 鈴木: 𠮷田さんに連絡①\n"
				 "- 2026-11-26 10:10 佐藤: 再配信を実施。\n  12台中 10台で成功。");
	free(log);
	free(r);
	free(o);
	free(t);
}

static void test_worklog_equal_times(void **state)
{
	(void)state;
	/* both at 10:00, where the base has one already */
	char *o = with_entry(base_text, "- 2026-11-26 10:00 佐藤: ぬ", "10:10");
	char *t = with_entry(base_text, "- 2026-11-26 10:00 佐藤: い", "10:05");
	char *r = merge(base_text, o, t), *r2 = merge(base_text, t, o);
	char *log = section(r, "作業記録"), *log2 = section(r2, "作業記録");
	assert_string_equal(log, "- 2026-11-26 09:40 田中: 管理コンソールで配信エラーを確認。\n"
				 "- 2026-11-26 10:00 田中: ベンダーに問合せ済み。\n"
				 "- 2026-11-26 10:00 佐藤: い\n"
				 "- 2026-11-26 10:00 佐藤: ぬ");
	assert_string_equal(log, log2);
	free(log);
	free(log2);
	free(r);
	free(r2);
	free(o);
	free(t);
}

static void test_worklog_same_entry_once(void **state)
{
	(void)state;
	char *o = with_entry(base_text, entry_o, "10:10");
	char *t = with_entry(base_text, entry_o, "10:10");
	t = edit_free(t, "priority: high", "priority: low");
	char *r = merge(base_text, o, t);
	assert_int_equal(occurrences(r, "再配信を実施"), 1);
	free(r);
	free(o);
	free(t);
}

static void test_checklist_ticks(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:10"), "- [ ] 一次対応", "- [x] 一次対応");
	char *t = edit_free(side_at(base_text, "10:20"), "- [ ] 報告", "- [x] 報告");
	char *r = merge(base_text, o, t);
	char *list = section(r, "チェックリスト");
	assert_string_equal(list, "- [x] 原因調査、内容整理\n- [x] 一次対応\n- [x] 報告");
	free(list);
	free(r);
	free(o);
	free(t);
}

static void test_checklist_added_and_removed(void **state)
{
	(void)state;
	/* ours removes 報告 and adds one; theirs adds one and ticks 一次対応 */
	char *o = edit_free(side_at(base_text, "10:10"), "- [ ] 報告\n",
			    "- [ ] 髙橋さんへ報告①\n");
	char *t = edit_free(side_at(base_text, "10:20"), "- [ ] 報告\n",
			    "- [ ] 報告\n- [ ] ベンダー問合せ\n");
	t = edit_free(t, "- [ ] 一次対応", "- [x] 一次対応");
	char *r = merge(base_text, o, t);
	char *list = section(r, "チェックリスト");
	assert_string_equal(list, "- [x] 原因調査、内容整理\n- [x] 一次対応\n"
				  "- [ ] 髙橋さんへ報告①\n- [ ] ベンダー問合せ");
	free(list);
	free(r);
	/* removed on one side, ticked on the other: kept, ticked */
	char *t2 = edit_free(side_at(base_text, "10:20"), "- [ ] 報告", "- [x] 報告");
	r = merge(base_text, o, t2);
	list = section(r, "チェックリスト");
	assert_has(list, "- [x] 報告");
	free(list);
	free(r);
	free(o);
	free(t);
	free(t2);
}

static void test_other_section_conflict(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:10"), "11/25 夜間から失敗している。",
			    "11/25 夜間から失敗している。本庁舎のみ。");
	char *t = edit_free(side_at(base_text, "10:20"), "11/25 夜間から失敗している。",
			    "11/24 夜間から失敗している。");
	struct sss_merge_result res;
	char *r = merge_full(base_text, o, t, "佐藤", "鈴木", &res);
	assert_true(res.conflict);
	assert_has(res.notes.buf, "'## 内容'");
	sss_merge_result_release(&res);
	char *desc = section(r, "内容");
	assert_string_equal(desc, "本庁舎3階のクライアントPC 12台で、ApexOneのパターンファイル更新が\n"
				  "11/24 夜間から失敗している。\n"
				  "\n"
				  "### merge: 佐藤 (2026-11-26 10:10)\n"
				  "\n"
				  "本庁舎3階のクライアントPC 12台で、ApexOneのパターンファイル更新が\n"
				  "11/25 夜間から失敗している。本庁舎のみ。");
	free(desc);
	assert_has(r, "tags: [ApexOne, conflict]\n");
	/* the same winner the other way round */
	char *r2 = merge(base_text, t, o);
	char *desc2 = section(r2, "内容");
	assert_has(desc2, "11/24 夜間から失敗している。\n\n### merge: 鈴木 (2026-11-26 10:10)");
	free(desc2);
	free(r2);
	free(r);
	free(o);
	free(t);
}

static void test_who_unknown(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:15"), "priority: high", "priority: urgent");
	char *t = edit_free(side_at(base_text, "10:30"), "priority: high", "priority: low");
	char *r = merge_full(base_text, o, t, NULL, NULL, NULL);
	assert_has(r, "- 2026-11-26 10:30 merge: priority urgent → low (2026-11-26 10:15)\n");
	free(r);
	free(o);
	free(t);
}

static void test_sections_added(void **state)
{
	(void)state;
	char *o = edit_free(side_at(base_text, "10:10"), "## 対応結果\n",
			    "## 議事録\n定例で報告。\n\n## 対応結果\n");
	char *t = edit_free(side_at(base_text, "10:20"), "## 対応結果\n",
			    "## 対応結果\n\n## 参考\nKB-①\n");
	char *r = merge(base_text, o, t);
	const char *a = strstr(r, "## 作業記録"), *b = strstr(r, "## 議事録"),
		   *c = strstr(r, "## 対応結果"), *d = strstr(r, "## 参考\nKB-①\n");
	assert_true(a && b && c && d && a < b && b < c && c < d);
	assert_lacks(r, "conflict");
	free(r);
	free(o);
	free(t);
}

/* Merge in both directions: the same fields, work log and checklist. */
static void test_swap_symmetry(void **state)
{
	(void)state;
	char *o = with_entry(base_text, entry_o, "10:10");
	o = edit_free(o, "priority: high", "priority: urgent");
	o = edit_free(o, "- [ ] 一次対応", "- [x] 一次対応");
	o = edit_free(o, "status: in-progress", "status: waiting");
	char *t = with_entry(base_text, entry_t, "10:05");
	t = edit_free(t, "priority: high", "priority: low");
	t = edit_free(t, "- [ ] 報告", "- [x] 報告");
	t = edit_free(t, "assignee: 田中", "assignee: 髙橋");
	char *r1 = merge_full(base_text, o, t, "佐藤", "鈴木", NULL);
	char *r2 = merge_full(base_text, t, o, "鈴木", "佐藤", NULL);
	assert_string_equal(r1, r2);
	free(r1);
	free(r2);
	free(o);
	free(t);
}

static void test_deterministic(void **state)
{
	(void)state;
	char *o = with_entry(base_text, entry_o, "10:10");
	o = edit_free(o, "11/25 夜間", "11/25 深夜");
	char *t = with_entry(base_text, entry_t, "10:05");
	t = edit_free(t, "11/25 夜間", "11/25 早朝");
	char *r1 = merge(base_text, o, t), *r2 = merge(base_text, o, t);
	assert_string_equal(r1, r2);
	free(r1);
	free(r2);
	free(o);
	free(t);
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	struct strbuf crlf = STRBUF_INIT;
	char *o = edit_free(side_at(base_text, "10:10"), "priority: high", "priority: urgent");
	strbuf_addstr(&crlf, "\xEF\xBB\xBF");
	for (const char *p = base_text; *p; p++) {
		if (*p == '\n')
			strbuf_addch(&crlf, '\r');
		strbuf_addch(&crlf, *p);
	}
	char *t = edit(crlf.buf, "assignee: 田中", "assignee: 髙橋");
	char *r = merge(crlf.buf, o, t);
	assert_null(strchr(r, '\r'));
	assert_lacks(r, "\xEF\xBB\xBF");
	assert_field(r, "priority", "urgent");
	assert_field(r, "assignee", "髙橋");
	free(r);
	strbuf_release(&crlf);
	free(o);
	free(t);
}

static void assert_merge_fails(const char *base, const char *ours,
			       const char *theirs, const char *needle)
{
	struct sss_merge_input in = SSS_MERGE_INPUT_INIT;
	struct sss_merge_result res = SSS_MERGE_RESULT_INIT;
	in.path = PATH;
	in.base = base;
	in.base_len = base ? strlen(base) : 0;
	in.ours = ours;
	in.ours_len = ours ? strlen(ours) : 0;
	in.theirs = theirs;
	in.theirs_len = theirs ? strlen(theirs) : 0;
	struct sss_error *err = sss_ticket_merge(&in, &res);
	assert_non_null(err);
	assert_has(err->msg, needle);
	assert_has(err->msg, PATH);
	assert_int_equal(res.out.len, 0);
	sss_error_free(err);
	sss_merge_result_release(&res);
}

static void test_refuses_broken_sides(void **state)
{
	(void)state;
	char *marked = edit(base_text, "## 対応結果\n",
			    "<<<<<<< HEAD\n- 2026-11-26 10:10 a\n=======\n>>>>>>> b\n## 対応結果\n");
	assert_merge_fails(base_text, marked, base_text,
			   "(ours): '" PATH "': merge conflict (git conflict markers at line");
	assert_merge_fails(base_text, base_text, marked, "(theirs)");
	assert_merge_fails(marked, base_text, base_text, "(base)");
	char *broken = edit(base_text, "priority: high\n", "priority high\n");
	assert_merge_fails(base_text, broken, base_text, "(ours)");
	char *other = edit(base_text, "id: 2611-K7QD4A", "id: 2611-ZZZZZZ");
	assert_merge_fails(base_text, base_text, other, "ours names 2611-K7QD4A, theirs names 2611-ZZZZZZ");
	free(marked);
	free(broken);
	free(other);
}

static void test_deletions(void **state)
{
	(void)state;
	struct sss_merge_result res;
	char *o = edit_free(side_at(base_text, "10:10"), "priority: high", "priority: urgent");
	/* deleted on theirs, changed on ours: kept, with a note */
	char *r = merge_full(base_text, o, NULL, NULL, NULL, &res);
	assert_false(res.deleted);
	assert_string_equal(r, o);
	assert_has(res.notes.buf, "kept 2611-K7QD4A: deleted on one side, changed on the other");
	sss_merge_result_release(&res);
	free(r);
	r = merge_full(base_text, NULL, o, NULL, NULL, &res);
	assert_false(res.deleted);
	assert_string_equal(r, o);
	sss_merge_result_release(&res);
	free(r);
	/* deleted on one side, unchanged on the other */
	free(merge_full(base_text, base_text, NULL, NULL, NULL, &res));
	assert_true(res.deleted);
	sss_merge_result_release(&res);
	free(merge_full(base_text, NULL, NULL, NULL, NULL, &res));
	assert_true(res.deleted);
	sss_merge_result_release(&res);
	free(o);
}

/* clang-format off */
static const char routine[] =
    "---\n"
    "id: r-routine-check-2026-11\n"
    "title: 定例チェック (2026年11月)\n"
    "sow: routine-check\n"
    "kind: routine\n"
    "status: open\n"
    "priority: normal\n"
    "created: 2026-11-01T00:00:00+09:00\n"
    "updated: 2026-11-01T00:00:00+09:00\n"
    "due: 2026-11-30\n"
    "recurrence: routine-check@2026-11\n"
    "---\n"
    "\n"
    "## チェックリスト\n"
    "- [ ] SKYSEA確認\n"
    "- [ ] ApexOne確認\n"
    "\n"
    "## 作業記録\n"
    "\n"
    "## 対応結果\n";
/* clang-format on */

static void test_generated_added_on_both(void **state)
{
	(void)state;
	char *o = edit_free(edit(routine, "- [ ] SKYSEA確認", "- [x] SKYSEA確認"),
			    "updated: 2026-11-01T00:00:00+09:00", "updated: 2026-11-02T09:00:00+09:00");
	o = edit_free(o, "## 作業記録\n", "## 作業記録\n- 2026-11-02 09:00 佐藤: 点検開始\n");
	char *t = edit_free(edit(routine, "- [ ] ApexOne確認", "- [x] ApexOne確認"),
			    "created: 2026-11-01T00:00:00+09:00", "created: 2026-11-01T06:00:02+09:00");
	t = edit_free(t, "updated: 2026-11-01T00:00:00+09:00", "updated: 2026-11-01T06:00:02+09:00");
	/* with the generated base */
	struct sss_merge_result res;
	char *r = merge_full(routine, o, t, NULL, NULL, &res);
	assert_false(res.collision);
	assert_false(res.conflict);
	sss_merge_result_release(&res);
	assert_has(r, "- [x] SKYSEA確認\n- [x] ApexOne確認\n");
	assert_has(r, "点検開始");
	assert_field(r, "created", "2026-11-01T00:00:00+09:00");
	free(r);
	/* without one: against an empty base, still no collision */
	r = merge_full(NULL, o, t, NULL, NULL, &res);
	assert_false(res.collision);
	sss_merge_result_release(&res);
	assert_has(r, "- [x] SKYSEA確認\n- [x] ApexOne確認\n");
	assert_has(r, "点検開始");
	free(r);
	free(o);
	free(t);
}

static void test_collision(void **state)
{
	(void)state;
	struct sss_merge_result res;
	char *t = edit(base_text, "title: インシデント (ApexOne：定義ファイル更新失敗)",
		       "title: 問合せ (𠮷野さんのPC)");
	char *r = merge_full(NULL, base_text, t, NULL, NULL, &res);
	assert_true(res.collision);
	assert_string_equal(r, base_text);
	sss_merge_result_release(&res);
	free(r);
	/* the same ticket added on both sides is no collision */
	r = merge_full(NULL, base_text, base_text, NULL, NULL, &res);
	assert_false(res.collision);
	assert_string_equal(r, base_text);
	sss_merge_result_release(&res);
	free(r);
	free(t);
}

/* Re-merging a merge with one of its inputs changes nothing. */
static void test_merge_of_merge(void **state)
{
	(void)state;
	char *o = with_entry(base_text, entry_o, "10:10");
	o = edit_free(o, "priority: high", "priority: urgent");
	o = edit_free(o, "11/25 夜間", "11/25 深夜");
	char *t = with_entry(base_text, entry_t, "10:20");
	t = edit_free(t, "priority: high", "priority: low");
	t = edit_free(t, "11/25 夜間", "11/25 早朝");
	t = edit_free(t, "- [ ] 報告", "- [x] 報告");
	char *m = merge(base_text, o, t);
	char *again = merge(base_text, m, base_text);
	assert_string_equal(again, m);
	free(again);
	again = merge(o, m, o);
	assert_string_equal(again, m);
	free(again);
	again = merge(t, t, m);
	assert_string_equal(again, m);
	free(again);
	/* and merging both sides into the merge again adds nothing */
	again = merge(base_text, m, m);
	assert_string_equal(again, m);
	free(again);
	free(m);
	free(o);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_side_changes),
	    cmocka_unit_test(test_different_fields),
	    cmocka_unit_test(test_same_field_later_wins),
	    cmocka_unit_test(test_same_field_equal_times),
	    cmocka_unit_test(test_status_and_closed_together),
	    cmocka_unit_test(test_created_min_updated_max),
	    cmocka_unit_test(test_tags_as_sets),
	    cmocka_unit_test(test_links_and_documents_as_sets),
	    cmocka_unit_test(test_params_and_unknown_keys),
	    cmocka_unit_test(test_worklog_union_in_time_order),
	    cmocka_unit_test(test_worklog_equal_times),
	    cmocka_unit_test(test_worklog_same_entry_once),
	    cmocka_unit_test(test_checklist_ticks),
	    cmocka_unit_test(test_checklist_added_and_removed),
	    cmocka_unit_test(test_other_section_conflict),
	    cmocka_unit_test(test_who_unknown),
	    cmocka_unit_test(test_sections_added),
	    cmocka_unit_test(test_swap_symmetry),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_crlf_and_bom),
	    cmocka_unit_test(test_refuses_broken_sides),
	    cmocka_unit_test(test_deletions),
	    cmocka_unit_test(test_generated_added_on_both),
	    cmocka_unit_test(test_collision),
	    cmocka_unit_test(test_merge_of_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
