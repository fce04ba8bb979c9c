/* test_worklog.c - the work log (worklog.h): entries read back with their
 * continuations, authors, spent time, status and estimate changes, malformed lines
 * skipped, entries written and read again, and durations accepted and
 * refused. */
#include "unit.h"

#include <time.h>

#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-26 10:15 +09:00 */
#define T1015 1795655700

static struct sss_ticket *ticket_with(const char *created, const char *log)
{
	struct strbuf sb = STRBUF_INIT;
	struct sss_ticket *t = NULL;
	strbuf_addf(&sb,
		    "---\nid: 2611-0K3QZP\ntitle: 𠮷野家の端末①\nstatus: open\n"
		    "created: %s\n---\n\n## 内容\n\n- 2026-11-26 10:00 誰か: 内容は記録でない\n\n"
		    "## 作業記録\n\n%s\n## 対応結果\n\n- 2026-11-27 09:00 髙橋: 結果\n",
		    created, log);
	assert_ok(sss_ticket_parse(&t, sb.buf, sb.len, "t.md"));
	strbuf_release(&sb);
	return t;
}

static const char log_text[] =
    "前置きの行\n"
    "- 2026-11-26 10:15 佐藤: 原因を調査\n"
    "  ログを確認した\n"
    "  \n"
    "  再起動で復旧\n"
    "- 2026-11-26 10:15 𠮷田 髙子 [作業時間 1h30m]: 定義ファイルを更新\n"
    "- 2026-11-26 10:20 佐藤: 状態 未着手 → 対応中\n"
    "- 2026-11-26 10:21 佐藤: 状態 未着手 → 不明\n"
    "- 2026-11-26 10:22 佐藤 [作業時間 abc]: 読めない時間\n"
    "- 2026-13-26 10:25 壊れ: 月が 13\n"
    "- 2026-11-26 10:25 区切りなし\n"
    "  その続き\n"
    "* 2026-11-26 10:26 別の形: 箇条の記号違い\n"
    "- 2026-11-26 10:30 merge: priority high → normal (髙橋, 2026-11-26 10:10)\n"
    "- 2026-11-26 23:59 [作業時間 １ｈ３０ｍ]: 名前なし:途中のコロン\n"
    "- 2026-11-27 00:05 山田:\n";

static void test_read(void **state)
{
	(void)state;
	struct sss_ticket *t = ticket_with("2026-11-26T09:00:00+09:00", log_text);
	struct sss_worklog_iter *it = sss_worklog_open(t, -300);
	const struct sss_worklog_entry *e;

	assert_non_null(e = sss_worklog_next(it));
	assert_string_equal(e->author, "佐藤");
	assert_string_equal(e->text, "原因を調査");
	assert_int_equal(e->spent_min, -1);
	assert_int_equal((long long)e->when, T1015);
	assert_null(e->status_from);
	assert_true(sss_starts_with(e->line, "- 2026-11-26 10:15 佐藤:"));
	assert_int_equal(e->len, strlen("- 2026-11-26 10:15 佐藤: 原因を調査\n"
					"  ログを確認した\n  \n  再起動で復旧"));

	assert_non_null(e = sss_worklog_next(it));
	assert_string_equal(e->author, "𠮷田 髙子");
	assert_string_equal(e->text, "定義ファイルを更新");
	assert_int_equal(e->spent_min, 90);

	assert_non_null(e = sss_worklog_next(it));
	assert_string_equal(e->text, "状態 未着手 → 対応中");
	assert_string_equal(e->status_from, "open");
	assert_string_equal(e->status_to, "in-progress");
	assert_int_equal((long long)e->when, T1015 + 300);

	assert_non_null(e = sss_worklog_next(it)); /* an unknown label */
	assert_null(e->status_from);
	assert_null(e->status_to);

	assert_non_null(e = sss_worklog_next(it)); /* an unreadable duration */
	assert_int_equal(e->spent_min, -1);
	assert_string_equal(e->text, "読めない時間");

	/* month 13, no ": ", "* " are skipped with their continuations */
	assert_non_null(e = sss_worklog_next(it));
	assert_string_equal(e->author, "merge");
	assert_string_equal(e->text, "priority high → normal (髙橋, 2026-11-26 10:10)");

	assert_non_null(e = sss_worklog_next(it));
	assert_string_equal(e->author, "");
	assert_int_equal(e->spent_min, 90);
	assert_string_equal(e->text, "名前なし:途中のコロン");

	assert_non_null(e = sss_worklog_next(it));
	assert_string_equal(e->author, "山田");
	assert_string_equal(e->text, "");
	assert_null(sss_worklog_next(it));
	assert_null(sss_worklog_next(it));
	sss_worklog_close(it);
	sss_ticket_free(t);
}

/* The offset comes from created; without one (Z is UTC), the caller's. */
static void test_offsets(void **state)
{
	(void)state;
	struct sss_ticket *t = ticket_with("2026-11-26T01:00:00Z",
					   "- 2026-11-26 01:15 佐藤: UTC\n");
	struct sss_worklog_iter *it = sss_worklog_open(t, 540);
	const struct sss_worklog_entry *e = sss_worklog_next(it);
	assert_non_null(e);
	assert_int_equal((long long)e->when, T1015);
	sss_worklog_close(it);
	sss_ticket_free(t);

	t = ticket_with("2026-11-25T20:00:00-05:00", "- 2026-11-25 20:15 Smith: NY\n");
	it = sss_worklog_open(t, 540);
	assert_non_null(e = sss_worklog_next(it));
	assert_int_equal((long long)e->when, T1015);
	sss_worklog_close(it);
	sss_ticket_free(t);
}

static void test_no_section(void **state)
{
	(void)state;
	struct sss_ticket *t = NULL;
	const char f[] = "---\nid: 2611-0K3QZP\ntitle: 空\nstatus: open\n"
			 "created: 2026-11-26T09:00:00+09:00\n---\n\n## 内容\n\n"
			 "- 2026-11-26 10:15 佐藤: 作業記録の外\n";
	assert_ok(sss_ticket_parse(&t, f, sizeof(f) - 1, "t.md"));
	struct sss_worklog_iter *it = sss_worklog_open(t, 540);
	assert_null(sss_worklog_next(it));
	sss_worklog_close(it);
	sss_ticket_free(t);
	sss_worklog_close(NULL);
}

/* What format writes, the reader reads back the same. */
static void test_format_roundtrip(void **state)
{
	(void)state;
	struct strbuf line = STRBUF_INIT, log = STRBUF_INIT;

	sss_worklog_format(&line, T1015, 540, "𠮷田 髙子 <yoshida@example.jp>", 90,
			   "一行目\r\n二行目\n\n四行目\n\n");
	assert_string_equal(line.buf, "- 2026-11-26 10:15 𠮷田 髙子 [作業時間 1h30m]: "
				      "一行目\n  二行目\n  \n  四行目");
	strbuf_addf(&log, "%s\n", line.buf);
	strbuf_setlen(&line, 0);
	sss_worklog_format(&line, T1015, 0, "佐藤", -1, "UTC で");
	assert_string_equal(line.buf, "- 2026-11-26 01:15 佐藤: UTC で");
	strbuf_setlen(&line, 0);

	struct strbuf text = STRBUF_INIT;
	sss_worklog_status_text(&text, "waiting", "closed");
	assert_string_equal(text.buf, "状態 保留 → 完了");
	sss_worklog_format(&line, T1015 + 3600, 540, "佐藤", -1, text.buf);
	strbuf_addf(&log, "%s\n", line.buf);

	struct sss_ticket *t = ticket_with("2026-11-26T09:00:00+09:00", log.buf);
	struct sss_worklog_iter *it = sss_worklog_open(t, 540);
	const struct sss_worklog_entry *e;
	assert_non_null(e = sss_worklog_next(it));
	assert_string_equal(e->author, "𠮷田 髙子");
	assert_int_equal(e->spent_min, 90);
	assert_int_equal((long long)e->when, T1015);
	assert_string_equal(e->text, "一行目");
	assert_non_null(e = sss_worklog_next(it));
	assert_string_equal(e->status_from, "waiting");
	assert_string_equal(e->status_to, "closed");
	assert_int_equal((long long)e->when, T1015 + 3600);
	assert_null(sss_worklog_next(it));
	sss_worklog_close(it);
	sss_ticket_free(t);
	strbuf_release(&text);
	strbuf_release(&line);
	strbuf_release(&log);
}

static const struct {
	const char *in;
	int want;
	const char *out; /* as written back */
} good[] = {
    {"1h30m", 90, "1h30m"}, {"90m", 90, "1h30m"},   {"1.5h", 90, "1h30m"},
    {"2h", 120, "2h"},      {"1h30", 90, "1h30m"},  {"１ｈ３０ｍ", 90, "1h30m"},
    {"45m", 45, "45m"},     {"0.25h", 15, "15m"},   {"1H05M", 65, "1h5m"},
    {"２ｈ", 120, "2h"},    {"9999h", 599940, "9999h"}, {"1h0m", 60, "1h"},
    {"0h1m", 1, "1m"},      {"１．５ｈ", 90, "1h30m"},
};

static const struct {
	const char *in, *needle;
} bad[] = {
    {"0m", "no time"},
    {"0h", "no time"},
    {"-1h", "not a duration"},
    {"1.25.h", "not a duration"},
    {"abc", "not a duration"},
    {"10000h", "more than 9999h"},
    {"600000m", "more than 9999h"},
    {"1.33h", "whole number of minutes"},
    {"", "not a duration"},
    {"90", "not a duration"},
    {"1h60m", "not a duration"},
    {"1h30mm", "not a duration"},
    {"1 h", "not a duration"},
    {"1.5h30m", "not a duration"},
    {"１時間", "not a duration"},
    {"100000h", "more than 9999h"},
    {"1000000h", "not a duration"},
};

/* "見積 A → B" entries: read back with their minutes (なし: 0), written
 * in the one form, and a text that only starts like one is a comment. */
static void test_estimate_entries(void **state)
{
	(void)state;
	struct strbuf text = STRBUF_INIT;
	sss_worklog_estimate_text(&text, 0, 240);
	assert_string_equal(text.buf, "見積 なし → 4h");
	strbuf_reset(&text);
	sss_worklog_estimate_text(&text, 240, 90);
	assert_string_equal(text.buf, "見積 4h → 1h30m");
	strbuf_release(&text);

	struct sss_ticket *t = ticket_with("2026-11-26T10:00:00+09:00",
		"- 2026-11-26 10:15 佐藤: 見積 なし → 4h\n"
		"- 2026-11-26 10:16 佐藤: 見積 4h → 1h30m\n"
		"- 2026-11-26 10:17 佐藤: 見積 高い → 安い\n"
		"- 2026-11-26 10:18 佐藤: 見積 1h30m → なし\n"
		"- 2026-11-26 10:19 佐藤 [作業時間 30m]: 見積 4h → 6h\n");
	struct sss_worklog_iter *it = sss_worklog_open(t, 540);
	const struct sss_worklog_entry *e;
	/* the last is a person's comment with time spent: work, not a change */
	static const int want[][3] = { { 1, 0, 240 }, { 1, 240, 90 }, { 0, 0, 0 }, { 1, 90, 0 },
				       { 0, 0, 0 } };
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_non_null(e = sss_worklog_next(it));
		assert_int_equal(e->estimate_change, want[i][0]);
		assert_int_equal(e->estimate_from, want[i][1]);
		assert_int_equal(e->estimate_to, want[i][2]);
		assert_null(e->status_to);
	}
	assert_null(sss_worklog_next(it));
	sss_worklog_close(it);
	sss_ticket_free(t);
}

static void test_durations(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		int m = -1;
		struct strbuf sb = STRBUF_INIT;
		assert_ok(sss_duration_parse(good[i].in, "--spent", &m));
		if (m != good[i].want)
			print_error("%s: %d\n", good[i].in, m);
		assert_int_equal(m, good[i].want);
		sss_duration_format(&sb, m);
		assert_string_equal(sb.buf, good[i].out);
		strbuf_release(&sb);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int m = 7;
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "--spent '%s' ", bad[i].in);
		assert_fails(sss_duration_parse(bad[i].in, "--spent", &m), SSS_ERR_USAGE,
			     want.buf);
		assert_fails(sss_duration_parse(bad[i].in, "--spent", &m), SSS_ERR_USAGE,
			     bad[i].needle);
		assert_fails(sss_duration_parse(bad[i].in, "estimate", &m),
			     SSS_ERR_INVALID, "estimate '");
		assert_int_equal(m, 7);
		strbuf_release(&want);
	}
}

/* The digest walks the same entries with the same values as the ticket
 * (bar the texts), at any fallback offset, and keeps estimate and
 * requester. */
static void expect_digest_same(const char *created, const char *log)
{
	static const int offsets[] = { 540, -300, 0 };
	struct sss_ticket *t = ticket_with(created, log);
	struct strbuf d = STRBUF_INIT, v = STRBUF_INIT;
	sss_worklog_digest(t, &d);
	for (size_t k = 0; k < ARRAY_SIZE(offsets); k++) {
		struct sss_worklog_iter *a = sss_worklog_open(t, offsets[k]);
		struct sss_worklog_iter *b = sss_worklog_digest_open(d.buf, offsets[k]);
		const struct sss_worklog_entry *x, *y;
		while ((x = sss_worklog_next(a))) {
			assert_non_null(y = sss_worklog_next(b));
			assert_int_equal((long long)y->when, (long long)x->when);
			assert_string_equal(y->author, x->author);
			assert_int_equal(y->spent_min, x->spent_min);
			assert_true(y->status_from == x->status_from);
			assert_true(y->status_to == x->status_to);
			assert_int_equal(y->estimate_change, x->estimate_change);
			assert_int_equal(y->estimate_from, x->estimate_from);
			assert_int_equal(y->estimate_to, x->estimate_to);
			assert_null(y->line);
			assert_string_equal(y->text, "");
		}
		assert_null(sss_worklog_next(b));
		sss_worklog_close(a);
		sss_worklog_close(b);
	}
	strbuf_release(&d);
	strbuf_release(&v);
	sss_ticket_free(t);
}

static void test_digest(void **state)
{
	(void)state;
	struct strbuf d = STRBUF_INIT, v = STRBUF_INIT;
	struct sss_ticket *t;

	expect_digest_same("2026-11-26T09:00:00+09:00", log_text);
	expect_digest_same("2026-11-26T01:00:00Z", log_text);
	expect_digest_same("2026-11-25T20:00:00-05:00", log_text);
	expect_digest_same("2026-11-26T09:00:00+09:00",
			   "- 2026-11-26 10:15 a\\b: x\n- 2026-11-20 10:15 a\\b: 前の日\n"
			   "- 2026-11-26 10:16 佐藤 [作業時間 0m]: 見積 なし → 4h\n"
			   "- 2026-11-26 10:17 佐藤: 見積 4h → 1h30m\n"
			   "- 2026-11-26 10:18 佐藤 [作業時間 5m]: 状態 対応中 → 保留\n"
			   "- 1970-01-01 00:00 x:y: epoch\n");
	expect_digest_same("2026-11-26T09:00:00+09:00", "");

	/* nothing to record: the empty digest, which has no entries */
	t = ticket_with("2026-11-26T09:00:00+09:00", "");
	sss_worklog_digest(t, &d);
	assert_string_equal(d.buf, "");
	sss_ticket_free(t);
	struct sss_worklog_iter *it = sss_worklog_digest_open(NULL, 0);
	assert_null(sss_worklog_next(it));
	sss_worklog_close(it);
	/* another version: none either */
	it = sss_worklog_digest_open("9\n0:x\n", 0);
	assert_null(sss_worklog_next(it));
	sss_worklog_close(it);

	/* the front matter is the record's, not the digest's: an estimate
	 * and a requester change nothing in it */
	t = ticket_with("2026-11-26T09:00:00+09:00", "- 2026-11-26 10:15 佐藤: 原因を調査\n");
	strbuf_reset(&d);
	sss_worklog_digest(t, &d);
	strbuf_reset(&v);
	strbuf_addbuf(&v, &d);
	assert_ok(sss_ticket_set(t, "estimate", "90m"));
	assert_ok(sss_ticket_set(t, "requester", "総務課 a\\b\\nc"));
	strbuf_reset(&d);
	sss_worklog_digest(t, &d);
	assert_string_equal(d.buf, v.buf);
	it = sss_worklog_digest_open(d.buf, 0);
	const struct sss_worklog_entry *e = sss_worklog_next(it);
	assert_non_null(e);
	assert_int_equal((long long)e->when, T1015);
	assert_string_equal(e->author, "佐藤");
	assert_null(sss_worklog_next(it));
	sss_worklog_close(it);
	sss_ticket_free(t);
	strbuf_release(&d);
	strbuf_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_offsets),
	    cmocka_unit_test(test_no_section),
	    cmocka_unit_test(test_format_roundtrip),
	    cmocka_unit_test(test_estimate_entries),
	    cmocka_unit_test(test_durations),
	    cmocka_unit_test(test_digest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
