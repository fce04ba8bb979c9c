/* test_ticket.c - the ticket model: parsing and its rejects, validation,
 * writing, body sections, JSON, and a round-trip property test over
 * thousands of generated tickets. */
#include <stdio.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/fileio.h"
#include "sss/node.h"
#include "sss/yaml.h"
#include "sss/strbuf.h"
#include "sss/id.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

/* /work/shared/examples/ticket-incident.md, with six-character IDs */
static const char incident[] =
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
    "updated: 2026-11-26T10:15:00+09:00\n"
    "due: 2026-11-27\n"
    "params:\n"
    "  ソフト名: ApexOne\n"
    "  事象: 定義ファイル更新失敗\n"
    "links:\n"
    "  - rel: problem\n"
    "    id: 2611-P3XW9B\n"
    "tags: [ApexOne]\n"
    "---\n"
    "\n"
    "## 内容\n"
    "本庁舎3階のクライアントPC 12台で、ApexOneのパターンファイル更新が\n"
    "11/25 夜間から失敗している。\n"
    "\n"
    "## チェックリスト\n"
    "- [x] 原因調査、内容整理\n"
    "- [x] 一次対応\n"
    "- [ ] 報告\n"
    "- [ ] ベンダー問合せ\n"
    "- [ ] 恒久対応の要否判断（必要なら問題管理を起票）\n"
    "\n"
    "## 作業記録\n"
    "- 2026-11-26 09:40 田中: 管理コンソールで配信エラーを確認。\n"
    "- 2026-11-26 10:15 田中: ベンダーに問合せ済み（受付番号 123456）。\n"
    "\n"
    "## 対応結果\n";

/* /work/shared/examples/ticket-routine.md as it is */
static const char routine[] =
    "---\n"
    "id: r-routine-check-2026-11\n"
    "title: 定例チェック (2026年11月)\n"
    "sow: routine-check\n"
    "kind: routine\n"
    "status: open\n"
    "priority: normal\n"
    "created: 2026-11-01T06:00:02+09:00\n"
    "updated: 2026-11-01T06:00:02+09:00\n"
    "due: 2026-11-30\n"
    "recurrence: routine-check@2026-11\n"
    "params:\n"
    "  年月: 2026年11月\n"
    "---\n"
    "\n"
    "## チェックリスト\n"
    "- [ ] SKYSEA：PCのSKYSEAバージョン確認\n"
    "- [ ] ウイルス対策：ApexOne定義ファイルのバージョン確認\n"
    "- [ ] Windows10/11：FUバージョン確認 (SKYSEAで確認)\n"
    "- [ ] Windows：WSUSサーバ (4台) からのPush配信の確認 (半期: "
    "PCへのパッチ配信について、WSUSレポート機能で確認)\n"
    "\n"
    "## 作業記録\n";

static struct sss_ticket *parse_ok(const char *text, size_t len)
{
	struct sss_ticket *t = NULL;
	assert_ok(sss_ticket_parse(&t, text, len, "tickets/t.md"));
	assert_non_null(t);
	return t;
}

static void parse_fails(const char *text, size_t len, enum sss_errcode code,
			const char *needle)
{
	struct sss_ticket *t = NULL;
	assert_fails(sss_ticket_parse(&t, text, len, "tickets/t.md"), code,
		     needle);
	assert_null(t);
}

/* A minimal valid front matter followed by more lines. */
static void fails_with(const char *extra_lines, const char *needle)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "---\nid: 2611-0K3QZP\ntitle: t\nstatus: open\n"
			   "created: 2026-11-26T09:30:00+09:00\n");
	strbuf_addstr(&sb, extra_lines);
	strbuf_addstr(&sb, "---\nbody\n");
	parse_fails(sb.buf, sb.len, SSS_ERR_PARSE, needle);
	strbuf_release(&sb);
}

static void test_parse_example(void **state)
{
	(void)state;
	struct sss_ticket *t = parse_ok(incident, strlen(incident));
	assert_string_equal(sss_ticket_path(t), "tickets/t.md");
	assert_string_equal(sss_ticket_get(t, "id"), "2611-K7QD4A");
	assert_string_equal(sss_ticket_get(t, "title"),
			    "インシデント (ApexOne：定義ファイル更新失敗)");
	assert_string_equal(sss_ticket_get(t, "status"), "in-progress");
	assert_string_equal(sss_ticket_get(t, "requester"), "情報政策課 山本");
	assert_string_equal(sss_ticket_get(t, "due"), "2026-11-27");
	assert_null(sss_ticket_get(t, "closed"));
	assert_null(sss_ticket_get(t, "recurrence"));
	assert_null(sss_ticket_get(t, "nonsense"));
	assert_int_equal(sss_ticket_param_count(t), 2);
	assert_string_equal(sss_ticket_param_name(t, 0), "ソフト名");
	assert_string_equal(sss_ticket_param_value(t, 0), "ApexOne");
	assert_string_equal(sss_ticket_param_get(t, "事象"),
			    "定義ファイル更新失敗");
	assert_null(sss_ticket_param_get(t, "無い"));
	assert_null(sss_ticket_param_name(t, 2));
	assert_int_equal(sss_ticket_link_count(t), 1);
	assert_string_equal(sss_ticket_link_rel(t, 0), "problem");
	assert_string_equal(sss_ticket_link_id(t, 0), "2611-P3XW9B");
	assert_int_equal(sss_ticket_list_count(t, "tags"), 1);
	assert_string_equal(sss_ticket_list_get(t, "tags", 0), "ApexOne");
	assert_int_equal(sss_ticket_list_count(t, "documents"), 0);
	assert_null(sss_ticket_list_get(t, "tags", 1));
	assert_int_equal(sss_ticket_extra(t)->len, 0);
	assert_true(sss_starts_with(sss_ticket_body(t), "\n## 内容\n本庁舎"));

	/* the examples are in the canonical form: written back byte for byte */
	struct strbuf sb = STRBUF_INIT;
	sss_ticket_format(t, &sb);
	assert_string_equal(sb.buf, incident);
	sss_ticket_free(t);
	strbuf_reset(&sb);
	t = parse_ok(routine, strlen(routine));
	assert_string_equal(sss_ticket_get(t, "recurrence"),
			    "routine-check@2026-11");
	sss_ticket_format(t, &sb);
	assert_string_equal(sb.buf, routine);
	strbuf_release(&sb);
	sss_ticket_free(t);
}

static void test_bom_crlf(void **state)
{
	(void)state;
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addstr(&in, "\xef\xbb\xbf");
	for (const char *p = incident; *p; p++) {
		if (*p == '\n')
			strbuf_addch(&in, '\r');
		strbuf_addch(&in, *p);
	}
	struct sss_ticket *t = parse_ok(in.buf, in.len);
	assert_string_equal(sss_ticket_get(t, "id"), "2611-K7QD4A");
	assert_null(strchr(sss_ticket_body(t), '\r'));
	sss_ticket_format(t, &out);
	assert_string_equal(out.buf, incident);
	sss_ticket_free(t);
	/* a BOM alone, LF line ends */
	strbuf_reset(&in);
	strbuf_addstr(&in, "\xef\xbb\xbf");
	strbuf_addstr(&in, routine);
	t = parse_ok(in.buf, in.len);
	assert_string_equal(sss_ticket_get(t, "kind"), "routine");
	sss_ticket_free(t);
	strbuf_release(&in);
	strbuf_release(&out);
}

static void test_reject_encoding(void **state)
{
	(void)state;
	/* "テスト" in Shift_JIS on line 3 */
	const char sjis[] =
	    "---\nid: 2611-0K3QZP\ntitle: \x83\x65\x83\x58\x83\x67\n"
	    "status: open\ncreated: 2026-11-26T09:30:00+09:00\n---\n";
	parse_fails(sjis, sizeof(sjis) - 1, SSS_ERR_PARSE,
		    "'tickets/t.md' line 3: invalid UTF-8");
	parse_fails(sjis, sizeof(sjis) - 1, SSS_ERR_PARSE, "Shift_JIS");
	/* in the body, with CRLF line ends: the line still counts right */
	const char body[] =
	    "---\r\nid: 2611-0K3QZP\r\ntitle: t\r\nstatus: open\r\n"
	    "created: 2026-11-26T09:30:00+09:00\r\n---\r\n"
	    "ok\r\n\x93\xfa\x96\x7b\r\n";
	parse_fails(body, sizeof(body) - 1, SSS_ERR_PARSE,
		    "line 8: invalid UTF-8");
	/* NUL bytes */
	const char nul[] = "---\nid: 2611-0K3QZP\ntitle: a\0b\n---\n";
	parse_fails(nul, sizeof(nul) - 1, SSS_ERR_PARSE, "line 3: NUL byte");
	/* UTF-16 (it has NULs everywhere) */
	const char u16[] = "\xff\xfe-\0-\0-\0\n\0";
	parse_fails(u16, sizeof(u16) - 1, SSS_ERR_PARSE, "line 1: NUL byte");
	/* an overlong encoding and a surrogate */
	const char overlong[] = "---\ntitle: \xc0\xaf\n---\n";
	parse_fails(overlong, sizeof(overlong) - 1, SSS_ERR_PARSE,
		    "line 2: invalid UTF-8");
	const char surrogate[] = "---\nid: x\ntitle: \xed\xa0\x80\n---\n";
	parse_fails(surrogate, sizeof(surrogate) - 1, SSS_ERR_PARSE,
		    "line 3: invalid UTF-8");
	/* control characters libyaml refuses, in the front matter */
	fails_with("sow: a\x01z\n", "line 6: control characters");
}

static void test_reject_framing(void **state)
{
	(void)state;
	parse_fails("", 0, SSS_ERR_PARSE, "line 1: no front matter");
	const char *t = "id: 2611-0K3QZP\ntitle: t\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "line 1: no front matter");
	t = "\n---\nid: 2611-0K3QZP\n---\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "no front matter");
	t = "----\nid: 2611-0K3QZP\n---\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "no front matter");
	t = "---\nid: 2611-0K3QZP\ntitle: t\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "'tickets/t.md' line 1: the front matter is not closed");
	t = "---\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "not closed");
	t = "---\n---\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "line 2: the front matter must be a map");
	t = "---\n- a\n- b\n---\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "line 2: the front matter must be a map");
	t = "---\njust text\n---\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "must be a map");
	/* an indented "---" inside a block scalar does not close it */
	t = "---\nid: 2611-0K3QZP\ntitle: t\nstatus: open\n"
	    "created: 2026-11-26T09:30:00+09:00\nnote: |\n  ---\n  x\n--- "
	    "\nbody";
	struct sss_ticket *tk = parse_ok(t, strlen(t));
	assert_string_equal(
	    sss_node_str(sss_node_get(sss_ticket_extra(tk), "note")),
	    "---\nx\n");
	assert_string_equal(sss_ticket_body(tk), "body");
	sss_ticket_free(tk);
	/* the first "---" line closes the front matter: the rest is body */
	t = "---\nid: 2611-0K3QZP\n---\ntitle: t\n---\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "line 1: missing required key 'title'");
	t = "---\nid: 2611-0K3QZP\ntitle: t\nstatus: open\n"
	    "created: 2026-11-26T09:30:00+09:00\n---\nmore: x\n---\n";
	tk = parse_ok(t, strlen(t));
	assert_string_equal(sss_ticket_body(tk), "more: x\n---\n");
	assert_int_equal(sss_ticket_extra(tk)->len, 0);
	sss_ticket_free(tk);
}

static void test_reject_limits(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	/* the whole file */
	strbuf_addstr(&sb, routine);
	while (sb.len <= SSS_TICKET_MAX_FILE)
		strbuf_addstr(&sb, "本文がとても長い。\n");
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "too large");
	/* just under the limit is fine */
	strbuf_setlen(&sb, SSS_TICKET_MAX_FILE - 100);
	while (sb.len && (sb.buf[sb.len - 1] & 0xc0) == 0x80)
		strbuf_setlen(&sb, sb.len - 1);
	strbuf_setlen(&sb, sb.len - 1);
	struct sss_ticket *t = parse_ok(sb.buf, sb.len);
	sss_ticket_free(t);
	/* the front matter */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "---\nid: 2611-0K3QZP\n");
	for (int i = 0; sb.len <= SSS_TICKET_MAX_FRONTMATTER + 10; i++)
		strbuf_addf(&sb, "k%d: v\n", i);
	strbuf_addstr(&sb, "---\n");
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "front matter is too large");
	/* 100,000 '[': refused quickly with bounded memory */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "---\nid: 2611-0K3QZP\nx: ");
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	strbuf_addstr(&sb, "\n---\n");
	clock_t t0 = clock();
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "line 3: nested too deeply");
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	strbuf_release(&sb);
}

static void test_reject_yaml(void **state)
{
	(void)state;
	fails_with("sow: &a x\n", "'tickets/t.md' line 6: anchors");
	fails_with("sow: *a\n", "line 6: aliases");
	fails_with("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		   "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		   "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		   "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
		   "line 6: anchors");
	fails_with("sow: !!str x\n", "line 6: tags");
	fails_with("title: again\n", "line 6: duplicate key 'title'");
	fails_with("x:\n\t- a\n", "line 7: ");
	fails_with("x:\n\t- a\n", "tab");
	fails_with("params:\n  a: 1\n\tb: 2\n", "line 8: ");
	fails_with("? [a]\n: b\n", "line 6: a key must be");
	fails_with("bad: [\n", "line 7: ");
}

static void test_reject_types(void **state)
{
	(void)state;
	static const struct {
		const char *lines, *needle;
	} cases[] = {
	    {"sow: [a]\n", "line 6: 'sow' must be a string, not a list"},
	    {"assignee: {a: b}\n",
	     "line 6: 'assignee' must be a string, not a map"},
	    {"kind: bug\n",
	     "line 6: invalid kind 'bug' (expected one of planning"},
	    {"priority: 高\n", "line 6: invalid priority '高'"},
	    {"updated: 2026-11-26\n", "line 6: invalid updated '2026-11-26'"},
	    {"closed: 2026-11-26T09:30:00\n", "line 6: invalid closed"},
	    {"updated: 2026-11-26T24:00:00+09:00\n", "invalid updated"},
	    {"updated: 2026-11-26 09:30:00+09:00\n", "invalid updated"},
	    {"due: 2026-02-29\n",
	     "line 6: invalid due '2026-02-29' (expected a date YYYY-MM-DD)"},
	    {"due: 2026-11-26T09:30:00+09:00\n", "invalid due"},
	    {"due: 26-11-26\n", "invalid due"},
	    {"due: 2026/11/26\n", "invalid due"},
	    {"recurrence: routine-check\n", "line 6: invalid recurrence"},
	    {"recurrence: Routine@2026-11\n", "invalid recurrence"},
	    {"recurrence: r@2026-13\n", "invalid recurrence"},
	    {"recurrence: r/x y@2026-11\n", "invalid recurrence"},
	    {"recurrence: r@2026-W54\n", "invalid recurrence"},
	    {"recurrence: r@FY2026H3\n", "invalid recurrence"},
	    {"params: [a, b]\n", "line 6: 'params' must be a map"},
	    {"params: x\n", "'params' must be a map"},
	    {"params:\n  a: [1]\n",
	     "line 7: params value 'a' must be a string"},
	    {"links: {rel: problem}\n", "line 6: 'links' must be a list"},
	    {"links: [a]\n",
	     "'links' must be a list of {rel, id} maps, not a string"},
	    {"links:\n  - rel: problem\n",
	     "line 7: a link needs both rel and id"},
	    {"links:\n  - rel: cause\n    id: 2611-0K3QZP\n",
	     "line 7: invalid link rel 'cause'"},
	    {"links:\n  - rel: problem\n    id: ../../etc\n",
	     "invalid link id"},
	    {"links:\n  - rel: problem\n    id: 2611-0K3QZP\n    note: x\n",
	     "line 9: unknown key 'note' in a link"},
	    {"links:\n  - rel: [problem]\n    id: 2611-0K3QZP\n",
	     "'rel' must be a string"},
	    {"tags: {a: b}\n",
	     "line 6: 'tags' must be a list of strings, not a map"},
	    {"documents: [[a]]\n",
	     "'documents' must be a list of strings, not a list"},
	    {"sow: |\n  two\n  lines\n", "line 6: sow must be a single line"},
	    {NULL, NULL},
	};
	for (int i = 0; cases[i].lines; i++)
		fails_with(cases[i].lines, cases[i].needle);

	static const struct {
		const char *text, *needle;
	} whole[] = {
	    {"---\nid: 2611-0K3QZI\ntitle: t\nstatus: open\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "line 2: invalid id '2611-0K3QZI'"},
	    {"---\nid: 2611-0K3QZP\ntitle: \"\"\nstatus: open\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "line 3: title is required"},
	    {"---\nid: 2611-0K3QZP\ntitle: \"  \"\nstatus: open\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "line 3: title must not be blank"},
	    {"---\nid: 2611-0K3QZP\ntitle: |\n  a\n  b\nstatus: open\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "line 3: title must be a single line"},
	    {"---\nid: 2611-0K3QZP\ntitle: t\nstatus: done\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "line 4: invalid status 'done' (expected one of open, "
	     "in-progress, waiting, resolved, closed, cancelled)"},
	    {"---\nid: 2611-0K3QZP\ntitle: [t]\nstatus: open\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "line 3: 'title' must be a string, not a list"},
	    {"---\ntitle: t\nstatus: open\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "missing required key 'id'"},
	    {"---\nid: 2611-0K3QZP\nstatus: open\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "missing required key 'title'"},
	    {"---\nid: 2611-0K3QZP\ntitle: t\ncreated: "
	     "2026-11-26T09:30:00Z\n---\n",
	     "missing required key 'status'"},
	    {"---\nid: 2611-0K3QZP\ntitle: t\nstatus: open\ncreated:\n---\n",
	     "missing required key 'created'"},
	    {NULL, NULL},
	};
	for (int i = 0; whole[i].text; i++)
		parse_fails(whole[i].text, strlen(whole[i].text), SSS_ERR_PARSE,
			    whole[i].needle);
	/* an escape sequence in a message is made harmless */
	fails_with("kind: \"\\e[31mred\"\n", "invalid kind '\\x1b[31mred'");
}

static void test_accept_variants(void **state)
{
	(void)state;
	const char *text = "---\n"
			   "zeta: [1, 2]\n"
			   "created: 2026-11-26T00:30:00Z\n"
			   "status: waiting\n"
			   "title: \"yes\"\n"
			   "id: r-version-up-apexone-fy2026\n"
			   "tags: 至急\n"
			   "documents:\n"
			   "  - P101_SOW\n"
			   "  - \"\"\n"
			   "due:\n"
			   "assignee: ~\n"
			   "params:\n"
			   "alpha:\n"
			   "  nested: {a: b}\n"
			   "recurrence: version-up/ApexOne@FY2026\n"
			   "links: []\n"
			   "---\n"
			   "body\n";
	struct sss_ticket *t = parse_ok(text, strlen(text));
	assert_string_equal(sss_ticket_get(t, "title"), "yes");
	assert_null(sss_ticket_get(t, "due"));
	assert_null(sss_ticket_get(t, "assignee"));
	assert_int_equal(sss_ticket_list_count(t, "tags"), 1);
	assert_string_equal(sss_ticket_list_get(t, "tags", 0), "至急");
	assert_int_equal(sss_ticket_list_count(t, "documents"), 2);
	assert_string_equal(sss_ticket_list_get(t, "documents", 1), "");
	assert_int_equal(sss_ticket_param_count(t), 0);
	const struct sss_node *x = sss_ticket_extra(t);
	assert_int_equal(x->len, 2);
	assert_string_equal(x->keys[0], "zeta");
	assert_string_equal(x->keys[1], "alpha");
	struct strbuf sb = STRBUF_INIT;
	sss_ticket_format(t, &sb);
	assert_string_equal(sb.buf, "---\n"
				    "id: r-version-up-apexone-fy2026\n"
				    "title: \"yes\"\n"
				    "status: waiting\n"
				    "created: 2026-11-26T00:30:00Z\n"
				    "recurrence: version-up/ApexOne@FY2026\n"
				    "tags: [至急]\n"
				    "documents: [P101_SOW, \"\"]\n"
				    "zeta: [1, 2]\n"
				    "alpha:\n"
				    "  nested:\n"
				    "    a: b\n"
				    "---\n"
				    "body\n");
	strbuf_release(&sb);
	sss_ticket_free(t);
	/* the closing line may be the last one, without a newline */
	text = "---\nid: 2611-0K3QZP\ntitle: t\nstatus: open\n"
	       "created: 2026-11-26T09:30:00-05:00\n---";
	t = parse_ok(text, strlen(text));
	assert_string_equal(sss_ticket_body(t), "");
	sss_ticket_free(t);
}

static void test_set_get(void **state)
{
	(void)state;
	struct sss_ticket *t = sss_ticket_new();
	assert_null(sss_ticket_path(t));
	assert_string_equal(sss_ticket_body(t), "");
	assert_ok(sss_ticket_set(t, "id", "2611-0K3QZP"));
	assert_ok(sss_ticket_set(t, "title", "a: b"));
	assert_ok(sss_ticket_set(t, "status", "open"));
	assert_ok(sss_ticket_set(t, "created", "2026-11-26T09:30:00+09:00"));
	assert_ok(sss_ticket_set(t, "due", "2028-02-29"));
	assert_ok(sss_ticket_set(t, "kind", "meeting"));
	assert_ok(sss_ticket_set(t, "priority", "urgent"));
	assert_ok(sss_ticket_set(t, "assignee", "yes"));
	assert_ok(sss_ticket_set(t, "recurrence", "weekly-meeting@2026-W48"));
	assert_string_equal(sss_ticket_get(t, "due"), "2028-02-29");
	assert_ok(sss_ticket_set(t, "due", ""));
	assert_null(sss_ticket_get(t, "due"));
	assert_ok(sss_ticket_set(t, "assignee", NULL));
	assert_null(sss_ticket_get(t, "assignee"));
	assert_fails(sss_ticket_set(t, "title", ""), SSS_ERR_INVALID,
		     "title is required");
	assert_fails(sss_ticket_set(t, "id", NULL), SSS_ERR_INVALID,
		     "id is required");
	assert_fails(sss_ticket_set(t, "status", "Open"), SSS_ERR_INVALID,
		     "invalid status 'Open'");
	assert_fails(sss_ticket_set(t, "due", "2026-13-01"), SSS_ERR_INVALID,
		     "invalid due");
	assert_fails(sss_ticket_set(t, "due", "1899-12-31"), SSS_ERR_INVALID,
		     "invalid due");
	assert_fails(sss_ticket_set(t, "title", "a\nb"), SSS_ERR_INVALID,
		     "single line");
	/* issue 11: the calendar's years only */
	assert_fails(sss_ticket_set(t, "due", "2100-01-01"), SSS_ERR_INVALID,
		     "invalid due '2100-01-01' (expected a date from 1980-01-01 "
		     "to 2099-12-31)");
	assert_fails(sss_ticket_set(t, "due", "1979-12-31"), SSS_ERR_INVALID,
		     "invalid due");
	assert_fails(sss_ticket_set(t, "created", "1969-12-31T00:00:00Z"),
		     SSS_ERR_INVALID, "invalid created");
	assert_ok(sss_ticket_set(t, "created", "2026-11-26T09:30:00+09:00"));
	assert_fails(sss_ticket_set(t, "colour", "red"), SSS_ERR_INVALID,
		     "unknown field 'colour' (one of id, title, sow");
	assert_string_equal(sss_ticket_get(t, "status"), "open");
	assert_true(sss_ticket_is_field("recurrence"));
	assert_true(sss_ticket_is_field("requester"));
	assert_false(sss_ticket_is_field("params"));
	assert_false(sss_ticket_is_field("tags"));
	assert_false(sss_ticket_is_field(NULL));

	sss_ticket_param_set(t, "b", "2");
	sss_ticket_param_set(t, "a", "1");
	sss_ticket_param_set(t, "b", "two");
	assert_int_equal(sss_ticket_param_count(t), 2);
	assert_string_equal(sss_ticket_param_name(t, 0), "b");
	assert_string_equal(sss_ticket_param_value(t, 0), "two");
	sss_ticket_param_set(t, "b", NULL);
	assert_int_equal(sss_ticket_param_count(t), 1);
	assert_string_equal(sss_ticket_param_get(t, "a"), "1");

	assert_ok(sss_ticket_link_add(t, "incident", "2611-0K3QZQ"));
	assert_ok(
	    sss_ticket_link_add(t, "duplicate", "r-weekly-meeting-2026-w48"));
	assert_fails(sss_ticket_link_add(t, "parent", "2611-0K3QZQ"),
		     SSS_ERR_INVALID, "invalid link rel 'parent'");
	assert_fails(sss_ticket_link_add(t, "related", "2611"), SSS_ERR_INVALID,
		     "invalid link id '2611'");
	assert_int_equal(sss_ticket_link_count(t), 2);
	assert_null(sss_ticket_link_rel(t, 2));

	sss_ticket_list_add(t, "tags", "b");
	sss_ticket_list_add(t, "tags", "a");
	sss_ticket_list_add(t, "documents", "P101_SOW");
	sss_ticket_list_add(t, "nonsense", "x");
	assert_int_equal(sss_ticket_list_count(t, "tags"), 2);
	assert_int_equal(sss_ticket_list_count(t, "nonsense"), 0);
	sss_ticket_list_clear(t, "tags");
	assert_int_equal(sss_ticket_list_count(t, "tags"), 0);
	sss_ticket_list_add(t, "tags", "#1");
	sss_ticket_set_body(t, "## 内容\nx\n");

	struct strbuf sb = STRBUF_INIT;
	sss_ticket_format(t, &sb);
	assert_string_equal(sb.buf, "---\n"
				    "id: 2611-0K3QZP\n"
				    "title: \"a: b\"\n"
				    "kind: meeting\n"
				    "status: open\n"
				    "priority: urgent\n"
				    "created: 2026-11-26T09:30:00+09:00\n"
				    "recurrence: weekly-meeting@2026-W48\n"
				    "params:\n"
				    "  a: \"1\"\n"
				    "links:\n"
				    "  - rel: incident\n"
				    "    id: 2611-0K3QZQ\n"
				    "  - rel: duplicate\n"
				    "    id: r-weekly-meeting-2026-w48\n"
				    "tags: [\"#1\"]\n"
				    "documents: [P101_SOW]\n"
				    "---\n"
				    "## 内容\n"
				    "x\n");
	struct sss_ticket *back = parse_ok(sb.buf, sb.len);
	assert_string_equal(sss_ticket_param_get(back, "a"), "1");
	assert_string_equal(sss_ticket_list_get(back, "tags", 0), "#1");
	sss_ticket_free(back);
	strbuf_release(&sb);
	sss_ticket_free(t);
}

static void test_id_valid(void **state)
{
	(void)state;
	static const char *const good[] = {
	    "2611-0K3QZP",
	    "0001-ZZZZZZ",
	    "9912-ABCDEF",
	    "2601-000000",
	    "r-routine-check-2026-11",
	    "r-weekly-meeting-2026-w48",
	    "r-version-up-apexone-fy2026",
	    "r-windows-server-update-fy2026h2",
	    "r-a-2026-01",
	    NULL,
	};
	static const char *const bad[] = {
	    "",
	    "2611",
	    "2611-0K3QZ",
	    "2611-0K3QZPP",
	    "2611-0k3qzp",
	    "2611-0K3QZI",
	    "2611-0K3QZL",
	    "2611-0K3QZO",
	    "2611-0K3QZU",
	    "2613-0K3QZP",
	    "2600-0K3QZP",
	    "26110-K3QZP",
	    "2611_0K3QZP",
	    "r-",
	    "r-2026-11",
	    "r--2026-11",
	    "r-a--b-2026-11",
	    "r-a-2026-13",
	    "r-a-2026-w54",
	    "r-a-fy2026h3",
	    "r-A-2026-11",
	    "r-a-2026-11-",
	    "R-a-2026-11",
	    "r-a",
	    "r-a-2026-W48",
	    "../../etc/passwd",
	    "r-a/b-2026-11",
	    "2611-K7QD4",
	    NULL,
	};
	for (int i = 0; good[i]; i++)
		if (!sss_id_valid(good[i])) {
			print_error("should be valid: %s\n", good[i]);
			fail();
		}
	for (int i = 0; bad[i]; i++)
		if (sss_id_valid(bad[i])) {
			print_error("should be invalid: %s\n", bad[i]);
			fail();
		}
	assert_false(sss_id_valid(NULL));
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "r-");
	while (sb.len < 93)
		strbuf_addch(&sb, 'a');
	strbuf_addstr(&sb, "-2026-11"); /* 101 characters */
	assert_false(sss_id_valid(sb.buf));
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "r-");
	while (sb.len < 92)
		strbuf_addch(&sb, 'a');
	strbuf_addstr(&sb, "-2026-11"); /* 100 */
	assert_true(sss_id_valid(sb.buf));
	strbuf_release(&sb);
}

static void test_datetime(void **state)
{
	(void)state;
	long long e = -1;
	assert_int_equal(sss_datetime_parse("1970-01-01T00:00:00Z", &e), 0);
	assert_int_equal(e, 0);
	assert_int_equal(sss_datetime_parse("2026-11-26T09:30:00+09:00", &e),
			 0);
	assert_int_equal(e, 1795653000LL);
	assert_int_equal(sss_datetime_parse("2026-11-26T00:30:00Z", &e), 0);
	assert_int_equal(e, 1795653000LL);
	assert_int_equal(sss_datetime_parse("2026-11-25T19:30:00-05:00", &e),
			 0);
	assert_int_equal(e, 1795653000LL);
	assert_int_equal(sss_datetime_parse("2024-02-29T12:00:00+00:00", &e),
			 0);
	static const char *const bad[] = {
	    "",
	    "2026-11-26",
	    "2026-11-26T09:30:00",
	    "2026-11-26T09:30+09:00",
	    "2026-11-26t09:30:00Z",
	    "2026-11-26 09:30:00Z",
	    "2026-11-26T09:30:00+0900",
	    "2026-11-26T09:30:00+09",
	    "2026-11-26T24:00:00Z",
	    "2026-11-26T09:60:00Z",
	    "2026-11-26T09:30:60Z",
	    "2026-02-29T09:30:00Z",
	    "2026-11-26T09:30:00.5Z",
	    "2026-11-26T09:30:00Zx",
	    "2026-11-26T09:30:00+09:00 ",
	    "2026-11-26T09:30:00z",
	    NULL,
	};
	for (int i = 0; bad[i]; i++)
		if (sss_datetime_parse(bad[i], &e) == 0) {
			print_error("should be refused: %s\n", bad[i]);
			fail();
		}
	assert_int_equal(sss_datetime_parse(NULL, &e), -1);
}

static void test_status(void **state)
{
	(void)state;
	assert_string_equal(sss_status_label("open"), "未着手");
	assert_string_equal(sss_status_label("in-progress"), "対応中");
	assert_string_equal(sss_status_label("waiting"), "保留");
	assert_string_equal(sss_status_label("resolved"), "解決済");
	assert_string_equal(sss_status_label("closed"), "完了");
	assert_string_equal(sss_status_label("cancelled"), "取消");
	assert_null(sss_status_label("done"));
	assert_null(sss_status_label(NULL));
	assert_true(sss_status_is_done("resolved"));
	assert_true(sss_status_is_done("closed"));
	assert_true(sss_status_is_done("cancelled"));
	assert_false(sss_status_is_done("open"));
	assert_false(sss_status_is_done("waiting"));
	assert_false(sss_status_is_done(NULL));
	int n = 0;
	while (sss_kinds[n])
		n++;
	assert_int_equal(n, 8);
	n = 0;
	while (sss_priorities[n])
		n++;
	assert_int_equal(n, 4);
}

static char *section(const struct sss_ticket *t, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	if (!sss_ticket_section(t, name, &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static void test_sections(void **state)
{
	(void)state;
	struct sss_ticket *t = parse_ok(incident, strlen(incident));
	char *s = section(t, SSS_SEC_DESCRIPTION);
	assert_string_equal(s, "本庁舎3階のクライアントPC "
			       "12台で、ApexOneのパターンファイル更新が\n"
			       "11/25 夜間から失敗している。");
	free(s);
	s = section(t, SSS_SEC_RESOLUTION);
	assert_string_equal(s, "");
	free(s);
	assert_null(section(t, SSS_SEC_MINUTES));
	int open = -1, done = -1;
	sss_ticket_checklist_count(t, &open, &done);
	assert_int_equal(open, 3);
	assert_int_equal(done, 2);

	sss_ticket_section_append(t, SSS_SEC_WORKLOG,
				  "- 2026-11-26 11:00 鈴木: 再起動");
	s = section(t, SSS_SEC_WORKLOG);
	assert_string_equal(
	    s, "- 2026-11-26 09:40 田中: 管理コンソールで配信エラーを確認。\n"
	       "- 2026-11-26 10:15 田中: ベンダーに問合せ済み（受付番号 "
	       "123456）。\n"
	       "- 2026-11-26 11:00 鈴木: 再起動");
	free(s);
	assert_non_null(
	    strstr(sss_ticket_body(t), "鈴木: 再起動\n\n## 対応結果\n"));
	/* into the empty last section */
	sss_ticket_section_append(t, SSS_SEC_RESOLUTION, "解決した");
	assert_true(strstr(sss_ticket_body(t), "## 対応結果\n解決した\n") !=
		    NULL);
	sss_ticket_section_replace(t, SSS_SEC_RESOLUTION, "置き換えた\n二行目");
	s = section(t, SSS_SEC_RESOLUTION);
	assert_string_equal(s, "置き換えた\n二行目");
	free(s);
	/* replace in the middle keeps a blank line before the next heading */
	sss_ticket_section_replace(t, SSS_SEC_CHECKLIST, "- [x] 全部");
	assert_non_null(
	    strstr(sss_ticket_body(t),
		   "## チェックリスト\n- [x] 全部\n\n## 作業記録\n"));
	sss_ticket_checklist_count(t, &open, &done);
	assert_int_equal(open, 0);
	assert_int_equal(done, 1);
	/* a missing section is created at the end */
	sss_ticket_section_append(t, SSS_SEC_MINUTES, "- 議事1");
	assert_true(sss_starts_with(strstr(sss_ticket_body(t), "二行目"),
				    "二行目\n\n## 議事録\n- 議事1\n"));
	sss_ticket_free(t);

	/* edge cases: empty body, no newline at the end, fences, ### */
	t = sss_ticket_new();
	sss_ticket_section_append(t, "作業記録", "- a");
	assert_string_equal(sss_ticket_body(t), "## 作業記録\n- a\n");
	sss_ticket_set_body(t, "intro\n## 作業記録\n- a");
	sss_ticket_section_append(t, "作業記録", "- b");
	assert_string_equal(sss_ticket_body(t),
			    "intro\n## 作業記録\n- a\n- b\n");
	sss_ticket_set_body(t, "## 作業記録");
	sss_ticket_section_append(t, "作業記録", "- a");
	assert_string_equal(sss_ticket_body(t), "## 作業記録\n- a\n");
	sss_ticket_set_body(t, "## 作業記録");
	sss_ticket_section_replace(t, "作業記録", "x");
	assert_string_equal(sss_ticket_body(t), "## 作業記録\nx\n");
	sss_ticket_set_body(t, "text");
	sss_ticket_section_replace(t, "対応結果", "");
	assert_string_equal(sss_ticket_body(t), "text\n\n## 対応結果\n");
	sss_ticket_set_body(t, "## A\n```\n## B\n- [ ] in a fence\n```\n### "
			       "sub\nx\n\n\n## B\ny\n");
	s = section(t, "A");
	assert_string_equal(s, "```\n## B\n- [ ] in a fence\n```\n### sub\nx");
	free(s);
	s = section(t, "B");
	assert_string_equal(s, "y");
	free(s);
	sss_ticket_section_append(t, "A", "z");
	assert_string_equal(sss_ticket_body(t),
			    "## A\n```\n## B\n- [ ] in a fence\n```\n### "
			    "sub\nx\nz\n\n\n## B\ny\n");
	/* "## 内容X" is another section; trailing blanks on the heading are ok
	 */
	sss_ticket_set_body(t, "## 内容X\na\n## 内容  \nb\n# Top\nc\n");
	s = section(t, "内容");
	assert_string_equal(s, "b");
	free(s);
	sss_ticket_set_body(
	    t, "## チェックリスト\n- [ ] a\n  - [x] b\n* [X] c\n- [ ]\n"
	       "- [] no\n- [y] no\n-[ ] no\n```\n- [ ] fenced\n```\n## 次\n- [ "
	       "] other\n");
	sss_ticket_checklist_count(t, &open, &done);
	assert_int_equal(open, 2);
	assert_int_equal(done, 2);
	sss_ticket_set_body(t, "");
	sss_ticket_checklist_count(t, &open, &done);
	assert_int_equal(open + done, 0);
	sss_ticket_checklist_count(t, NULL, NULL);
	sss_ticket_free(t);
}

/* estimate: a duration in any accepted form, kept in the written one;
 * in the JSON with the work log's spent time summed. */
static void test_estimate(void **state)
{
	(void)state;
	const char *text = "---\nid: 2611-0K3QZP\ntitle: 𠮷野家の見積り\n"
			   "status: open\ncreated: 2026-11-26T09:30:00+09:00\n"
			   "due: 2026-11-30\nestimate: ９０ｍ\nspent_min: 5\n---\n\n"
			   "## 作業記録\n\n"
			   "- 2026-11-26 10:15 髙橋 [作業時間 1h30m]: 調査\n"
			   "- 2026-11-26 11:00 佐藤: 連絡のみ\n"
			   "- 2026-11-26 12:00 佐藤 [作業時間 45m]: 対応\n";
	struct sss_ticket *t = parse_ok(text, strlen(text));
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(sss_ticket_get(t, "estimate"), "1h30m");
	sss_ticket_format(t, &sb);
	assert_non_null(strstr(sb.buf, "due: 2026-11-30\nestimate: 1h30m\nspent_min: 5\n---"));
	strbuf_setlen(&sb, 0);
	sss_worklog_ticket_json(t, &sb, false);
	assert_non_null(strstr(sb.buf, "\"estimate\":\"1h30m\","));
	assert_non_null(strstr(sb.buf, "\"spent_min\":135,\"estimate_min\":90}"));
	/* the unknown key of the same name is not written twice */
	assert_null(strstr(sb.buf, "\"spent_min\":5"));
	assert_ok(sss_ticket_set(t, "estimate", "2.5h"));
	assert_string_equal(sss_ticket_get(t, "estimate"), "2h30m");
	assert_fails(sss_ticket_set(t, "estimate", "1.25.h"), SSS_ERR_INVALID,
		     "estimate '1.25.h' is not a duration");
	assert_fails(sss_ticket_set(t, "estimate", "0m"), SSS_ERR_INVALID,
		     "estimate '0m'");
	assert_string_equal(sss_ticket_get(t, "estimate"), "2h30m");
	assert_ok(sss_ticket_set(t, "estimate", ""));
	assert_null(sss_ticket_get(t, "estimate"));
	strbuf_setlen(&sb, 0);
	sss_worklog_ticket_json(t, &sb, false);
	assert_non_null(strstr(sb.buf, "\"estimate_min\":null}"));
	strbuf_release(&sb);
	sss_ticket_free(t);

	const char *bad = "---\nid: 2611-0K3QZP\ntitle: t\nstatus: open\n"
			  "created: 2026-11-26T09:30:00+09:00\nestimate: abc\n---\n";
	struct sss_ticket *u = NULL;
	assert_fails(sss_ticket_parse(&u, bad, strlen(bad), "t.md"), SSS_ERR_PARSE,
		     "line 6");
	assert_null(u);
}

static void test_json(void **state)
{
	(void)state;
	const char *text = "---\nid: 2611-0K3QZP\ntitle: \"say \\\"hi\\\"\"\n"
			   "status: open\ncreated: 2026-11-26T09:30:00+09:00\n"
			   "params:\n  年月: 2026年11月\n"
			   "links:\n  - rel: problem\n    id: 2611-0K3QZQ\n"
			   "tags: [a, b]\ndocuments: [P101]\n"
			   "extra: {n: ~, l: [1]}\npath: mine\n---\nline\n";
	struct sss_ticket *t = parse_ok(text, strlen(text));
	struct strbuf sb = STRBUF_INIT;
	sss_ticket_to_json(t, &sb, true);
	assert_string_equal(
	    sb.buf,
	    "{\"id\":\"2611-0K3QZP\",\"title\":\"say \\\"hi\\\"\","
	    "\"status\":\"open\",\"created\":\"2026-11-26T09:30:00+09:00\","
	    "\"params\":{\"年月\":\"2026年11月\"},"
	    "\"links\":[{\"rel\":\"problem\",\"id\":\"2611-0K3QZQ\"}],"
	    "\"tags\":[\"a\",\"b\"],\"documents\":[\"P101\"],"
	    "\"extra\":{\"n\":null,\"l\":[\"1\"]},"
	    "\"path\":\"tickets/t.md\",\"body\":\"line\\n\"}");
	strbuf_reset(&sb);
	sss_ticket_to_json(t, &sb, false);
	assert_null(strstr(sb.buf, "\"body\""));
	sss_ticket_free(t);
	strbuf_reset(&sb);
	t = sss_ticket_new();
	sss_ticket_to_json(t, &sb, false);
	assert_string_equal(sb.buf, "{\"path\":null}");
	sss_ticket_free(t);
	strbuf_release(&sb);
}

static void test_load(void **state)
{
	(void)state;
	char dir[] = "/tmp/sss-test-ticket-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/t.md", dir);
	assert_ok(
	    sss_write_file_atomic(path.buf, routine, strlen(routine), false));
	struct sss_ticket *t = NULL;
	assert_ok(sss_ticket_load(&t, path.buf, "tickets/2026/11/t.md"));
	assert_string_equal(sss_ticket_path(t), "tickets/2026/11/t.md");
	assert_string_equal(sss_ticket_get(t, "id"), "r-routine-check-2026-11");
	sss_ticket_free(t);
	t = NULL;
	const char bad[] = "---\nid: x\n---\n";
	assert_ok(sss_write_file_atomic(path.buf, bad, strlen(bad), false));
	assert_fails(sss_ticket_load(&t, path.buf, "tickets/2026/11/t.md"),
		     SSS_ERR_PARSE,
		     "'tickets/2026/11/t.md' line 2: invalid id");
	assert_null(t);
	unlink(path.buf);
	assert_fails(sss_ticket_load(&t, path.buf, "tickets/2026/11/t.md"),
		     SSS_ERR_NOTFOUND, "does not exist");
	assert_null(t);
	rmdir(dir);
	strbuf_release(&path);
}

/* Found by the corpus: a link anywhere below the work tree (the file or a
 * directory on its way) is refused, never followed outside; a FIFO in
 * place of a ticket does not hang the reader. */
static void test_load_refuses_links(void **state)
{
	(void)state;
	char dir[] = "/tmp/sss-test-links-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct strbuf p = STRBUF_INIT, q = STRBUF_INIT;
	struct sss_ticket *t = NULL;
	const char *rel = "tickets/2026/11/2611-ABCDEF.md";

	strbuf_addf(&p, "%s/outside/2611-ABCDEF.md", dir);
	assert_ok(sss_mkdir_parents(p.buf));
	assert_ok(sss_write_file_atomic(p.buf, routine, strlen(routine), false));
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/repo/%s", dir, rel);
	assert_ok(sss_mkdir_parents(q.buf));
	assert_int_equal(symlink(p.buf, q.buf), 0);
	assert_fails(sss_ticket_load(&t, q.buf, rel), SSS_ERR_INVALID,
		     "'tickets/2026/11/2611-ABCDEF.md' is or goes through a "
		     "symbolic link");
	unlink(q.buf);

	/* the month directory is the link */
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/repo/tickets/2026/11", dir);
	assert_int_equal(rmdir(q.buf), 0);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/outside", dir);
	assert_int_equal(symlink(p.buf, q.buf), 0);
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/repo/%s", dir, rel);
	assert_fails(sss_ticket_load(&t, q.buf, rel), SSS_ERR_INVALID,
		     "symbolic link");
	assert_null(t);
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/repo/tickets/2026/11", dir);
	unlink(q.buf);
	assert_int_equal(mkdir(q.buf, 0755), 0);

	/* a FIFO: refused at once */
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/repo/%s", dir, rel);
	assert_int_equal(mkfifo(q.buf, 0644), 0);
	assert_fails(sss_ticket_load(&t, q.buf, rel), SSS_ERR_INVALID,
		     "not a regular file");
	unlink(q.buf);

	/* and a plain file still loads */
	assert_ok(sss_write_file_atomic(q.buf, routine, strlen(routine), false));
	assert_ok(sss_ticket_load(&t, q.buf, rel));
	sss_ticket_free(t);
	unlink(q.buf);
	strbuf_reset(&p);
	strbuf_addf(&p, "rm -rf '%s'", dir);
	assert_int_equal(system(p.buf), 0);
	strbuf_release(&p);
	strbuf_release(&q);
}

/* Found by fuzzing: a body that ends inside a code fence swallowed the
 * work-log line appended after it (and every later one). */
static void test_append_after_unclosed_fence(void **state)
{
	(void)state;
	const char text[] = "---\nid: 2611-ABCDEF\ntitle: t\nstatus: open\n"
			    "created: 2026-11-26T10:00:00+09:00\n---\n\n"
			    "## 内容\n~~~~ sh\nrm -rf /tmp/x";
	struct sss_ticket *t = parse_ok(text, strlen(text));
	struct strbuf sec = STRBUF_INIT, out = STRBUF_INIT;

	sss_ticket_section_append(t, SSS_SEC_WORKLOG, "- 2026-11-26 10:15 田中: a");
	sss_ticket_section_append(t, SSS_SEC_WORKLOG, "- 2026-11-26 10:16 田中: b");
	assert_true(sss_ticket_section(t, SSS_SEC_WORKLOG, &sec));
	assert_string_equal(sec.buf, "- 2026-11-26 10:15 田中: a\n"
				     "- 2026-11-26 10:16 田中: b");
	assert_string_equal(sss_ticket_body(t),
			    "\n## 内容\n~~~~ sh\nrm -rf /tmp/x\n~~~~\n\n"
			    "## 作業記録\n- 2026-11-26 10:15 田中: a\n"
			    "- 2026-11-26 10:16 田中: b\n");
	sss_ticket_free(t);
	strbuf_release(&sec);
	strbuf_release(&out);
}

/* Found by fuzzing: quoted input with a line break made a message of two
 * lines; every error of the library is one line. */
static void test_errors_are_one_line(void **state)
{
	(void)state;
	struct sss_ticket *t = sss_ticket_new();
	struct sss_error *err = sss_ticket_set(t, "a\nb", "x");
	assert_non_null(err);
	assert_null(strchr(err->msg, '\n'));
	assert_non_null(strstr(err->msg, "unknown field 'a\\nb'"));
	sss_error_free(err);
	sss_ticket_free(t);
	t = NULL;
	const char text[] = "---\nid: 2611-ABCDEF\ntitle: t\nstatus: open\n"
			    "created: 2026-11-26T10:00:00+09:00\n"
			    "links:\n  - \"r\\r\\nel\": x\n---\n";
	parse_fails(text, strlen(text), SSS_ERR_PARSE,
		    "unknown key 'r\\r\\nel' in a link");
	struct strbuf sb = STRBUF_INIT;
	assert_fails(sss_id_path(&sb, "../x\n", 4), SSS_ERR_INVALID,
		     "'../x\\n' is not a ticket ID");
	strbuf_release(&sb);
}

/* ---- the round-trip property test -------------------------------------- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

#define PICK(arr) ((arr)[rnd() % (sizeof(arr) / sizeof(*(arr)))])

/* Pieces that YAML likes to misread, and text a Japanese desk writes. */
static const char *const atoms[] = {
    "a",
    "ApexOne",
    "定例チェック",
    "インシデント",
    "田中",
    "𠮷",
    "𩸽",
    "😀",
    "ＡＢＣ１２３",
    "ｱｲｳ",
    "（全角）",
    "：",
    "　",
    "yes",
    "No",
    "null",
    "~",
    "NULL",
    "true",
    "off",
    "y",
    "010",
    "0x1F",
    "0o17",
    "1e3",
    "1.5",
    ".5",
    ".inf",
    "-.Inf",
    ".NaN",
    "1_000",
    "1:20",
    "2026-11-26",
    "2026-11-26T09:30:00+09:00",
    "a: b",
    ": ",
    ":",
    "#x",
    " #",
    "#",
    "-",
    "- ",
    "-x",
    "?",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&",
    "*",
    "!",
    "|",
    ">",
    "'",
    "\"",
    "%",
    "@",
    "`",
    "\\",
    "\\n",
    " ",
    "  ",
    "\t",
    "---",
    "...",
    "<<",
    "=",
    "\x1b[31m",
    "\x7f",
    "\xc2\x85",
    "\xc2\x9b",
    "\xe2\x80\xa8",
    "\xef\xbb\xbf",
    "\xef\xbf\xbe",
    "é",
    "",
};

static char *nasty(int max_parts, bool allow_newline)
{
	struct strbuf sb = STRBUF_INIT;
	int parts = (int)(rnd() % (unsigned)(max_parts + 1));
	for (int i = 0; i < parts; i++) {
		if (allow_newline && rnd() % 10 == 0)
			strbuf_addch(&sb, '\n');
		else
			strbuf_addstr(&sb, PICK(atoms));
	}
	return strbuf_detach(&sb, NULL);
}

static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void rnd_id(struct strbuf *sb)
{
	if (rnd() % 3 == 0) {
		static const char *const periods[] = {"2026-11", "2026-w48",
						      "fy2026h1", "fy2026"};
		strbuf_addf(sb, "r-key%u-%s", rnd() % 100, PICK(periods));
		return;
	}
	strbuf_addf(sb, "%02u%02u-", rnd() % 100, 1 + rnd() % 12);
	for (int i = 0; i < 6; i++)
		strbuf_addch(sb, b32[rnd() % 32]);
}

static void rnd_datetime(struct strbuf *sb)
{
	static const char *const zones[] = {"+09:00", "Z", "-05:30", "+00:00"};
	strbuf_addf(sb, "%04u-%02u-%02uT%02u:%02u:%02u%s", 1990 + rnd() % 80,
		    1 + rnd() % 12, 1 + rnd() % 28, rnd() % 24, rnd() % 60,
		    rnd() % 60, PICK(zones));
}

static struct sss_node *rnd_node(int depth)
{
	uint32_t k = rnd() % 10;
	if (depth >= 3 || k < 6) {
		char *s = nasty(3, true);
		struct sss_node *n = sss_node_new(SSS_NODE_SCALAR, s);
		free(s);
		if (rnd() % 10 == 0) {
			free(n->str);
			n->str = xstrdup(rnd() % 2 ? "" : "yes");
			n->plain = true; /* as a hand-written file has it */
		}
		return n;
	}
	struct sss_node *n =
	    sss_node_new(k < 8 ? SSS_NODE_MAP : SSS_NODE_SEQ, NULL);
	int len = (int)(rnd() % 4);
	for (int i = 0; i < len; i++) {
		if (n->kind == SSS_NODE_MAP) {
			char *key = nasty(2, true);
			sss_node_set(n, key, rnd_node(depth + 1));
			free(key);
		} else {
			sss_node_push(n, rnd_node(depth + 1));
		}
	}
	return n;
}

static bool reserved_key(const char *k)
{
	return sss_ticket_is_field(k) || !strcmp(k, "params") ||
	       !strcmp(k, "links") || !strcmp(k, "tags") ||
	       !strcmp(k, "documents");
}

/* A random ticket as file text: built through the API, then unknown keys
 * spliced into the front matter (there is no API to add those). */
static char *rnd_ticket_text(struct sss_node **extra_out)
{
	static const char *const free_fields[] = {"sow", "assignee",
						  "requester"};
	static const char *const rels[] = {"problem", "incident", "related",
					   "duplicate"};
	struct sss_ticket *t = sss_ticket_new();
	struct strbuf v = STRBUF_INIT, out = STRBUF_INIT;
	char *s;

	rnd_id(&v);
	assert_ok(sss_ticket_set(t, "id", v.buf));
	strbuf_reset(&v);
	s = nasty(5, false);
	strbuf_addstr(&v, s);
	free(s);
	if (!v.buf[strspn(v.buf, " \t")])
		strbuf_addstr(&v, "件名");
	assert_ok(sss_ticket_set(t, "title", v.buf));
	assert_ok(sss_ticket_set(t, "status", sss_statuses[rnd() % 6]));
	strbuf_reset(&v);
	rnd_datetime(&v);
	assert_ok(sss_ticket_set(t, "created", v.buf));
	for (size_t i = 0; i < 3; i++) {
		if (rnd() % 2) {
			s = nasty(4, false);
			assert_ok(sss_ticket_set(t, free_fields[i], s));
			free(s);
		}
	}
	if (rnd() % 2)
		assert_ok(sss_ticket_set(t, "kind", sss_kinds[rnd() % 8]));
	if (rnd() % 2)
		assert_ok(
		    sss_ticket_set(t, "priority", sss_priorities[rnd() % 4]));
	if (rnd() % 2) {
		strbuf_reset(&v);
		rnd_datetime(&v);
		assert_ok(sss_ticket_set(t, "updated", v.buf));
	}
	if (rnd() % 3 == 0) {
		strbuf_reset(&v);
		rnd_datetime(&v);
		assert_ok(sss_ticket_set(t, "closed", v.buf));
	}
	if (rnd() % 2) {
		strbuf_reset(&v);
		strbuf_addf(&v, "%04u-%02u-%02u", 2000 + rnd() % 50,
			    1 + rnd() % 12, 1 + rnd() % 28);
		assert_ok(sss_ticket_set(t, "due", v.buf));
	}
	if (rnd() % 3 == 0)
		assert_ok(sss_ticket_set(t, "recurrence",
					 rnd() % 2
					     ? "routine-check@2026-11"
					     : "version-up/ApexOne@FY2026"));
	int n = (int)(rnd() % 4);
	for (int i = 0; i < n; i++) {
		char *name = nasty(2, true), *val = nasty(3, true);
		sss_ticket_param_set(t, name, val);
		free(name);
		free(val);
	}
	n = (int)(rnd() % 3);
	for (int i = 0; i < n; i++) {
		strbuf_reset(&v);
		rnd_id(&v);
		assert_ok(sss_ticket_link_add(t, PICK(rels), v.buf));
	}
	static const char *const lists[] = {"tags", "documents"};
	for (int l = 0; l < 2; l++) {
		n = (int)(rnd() % 4);
		for (int i = 0; i < n; i++) {
			s = nasty(3, true);
			sss_ticket_list_add(t, lists[l], s);
			free(s);
		}
	}
	/* a body with lines that look like front matter or headings */
	strbuf_reset(&v);
	n = (int)(rnd() % 6);
	static const char *const lines[] = {
	    "---",     "## 内容",    "- [ ] 確認", "",	   "   ",
	    "本文 𠮷", "key: value", "...",	   "\t# x"};
	for (int i = 0; i < n; i++)
		strbuf_addf(&v, "%s\n", PICK(lines));
	if (rnd() % 4 == 0)
		strbuf_addstr(&v, "no newline at the end");
	sss_ticket_set_body(t, v.buf);

	sss_ticket_format(t, &out);
	sss_ticket_free(t);

	/* unknown keys, spliced in before the closing "---" */
	struct sss_node *extra = sss_node_new(SSS_NODE_MAP, NULL);
	n = (int)(rnd() % 4);
	for (int i = 0; i < n; i++) {
		char *key = nasty(2, true);
		if (!reserved_key(key))
			sss_node_set(extra, key, rnd_node(1));
		free(key);
	}
	strbuf_reset(&v);
	sss_yaml_emit_map(&v, extra, 0);
	char *close = strstr(out.buf + 4, "\n---\n") + 1;
	struct strbuf text = STRBUF_INIT;
	strbuf_add(&text, out.buf, (size_t)(close - out.buf));
	strbuf_addstr(&text, v.buf);
	strbuf_addstr(&text, close);
	strbuf_release(&v);
	strbuf_release(&out);
	*extra_out = extra;
	return strbuf_detach(&text, NULL);
}

static void assert_same_node(const struct sss_node *a, const struct sss_node *b)
{
	assert_int_equal(a->kind, b->kind);
	if (a->kind == SSS_NODE_SCALAR) {
		assert_string_equal(a->str, b->str);
		assert_int_equal(sss_node_is_null(a), sss_node_is_null(b));
		return;
	}
	assert_int_equal(a->len, b->len);
	for (size_t i = 0; i < a->len; i++) {
		if (a->kind == SSS_NODE_MAP)
			assert_string_equal(a->keys[i], b->keys[i]);
		assert_same_node(a->items[i], b->items[i]);
	}
}

static void assert_same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_same_ticket(const struct sss_ticket *a,
			       const struct sss_ticket *b)
{
	static const char *const fields[] = {SSS_TICKET_SCALARS, NULL};
	for (int i = 0; fields[i]; i++)
		assert_same_str(sss_ticket_get(a, fields[i]),
				sss_ticket_get(b, fields[i]));
	assert_int_equal(sss_ticket_param_count(a), sss_ticket_param_count(b));
	for (size_t i = 0; i < sss_ticket_param_count(a); i++) {
		assert_string_equal(sss_ticket_param_name(a, i),
				    sss_ticket_param_name(b, i));
		assert_string_equal(sss_ticket_param_value(a, i),
				    sss_ticket_param_value(b, i));
	}
	assert_int_equal(sss_ticket_link_count(a), sss_ticket_link_count(b));
	for (size_t i = 0; i < sss_ticket_link_count(a); i++) {
		assert_string_equal(sss_ticket_link_rel(a, i),
				    sss_ticket_link_rel(b, i));
		assert_string_equal(sss_ticket_link_id(a, i),
				    sss_ticket_link_id(b, i));
	}
	static const char *const lists[] = {"tags", "documents"};
	for (int l = 0; l < 2; l++) {
		assert_int_equal(sss_ticket_list_count(a, lists[l]),
				 sss_ticket_list_count(b, lists[l]));
		for (size_t i = 0; i < sss_ticket_list_count(a, lists[l]); i++)
			assert_string_equal(
			    sss_ticket_list_get(a, lists[l], i),
			    sss_ticket_list_get(b, lists[l], i));
	}
	assert_same_node(sss_ticket_extra(a), sss_ticket_extra(b));
	assert_string_equal(sss_ticket_body(a), sss_ticket_body(b));
}

static void test_roundtrip_property(void **state)
{
	(void)state;
	rng_state = 0x2611C0FFEEULL;
	for (int iter = 0; iter < 3000; iter++) {
		struct sss_node *extra = NULL;
		char *text = rnd_ticket_text(&extra);
		struct sss_ticket *t1 = NULL, *t2 = NULL;
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		struct sss_error *err =
		    sss_ticket_parse(&t1, text, strlen(text), "gen.md");
		if (err) {
			print_error("iteration %d: %s\n%s", iter, err->msg,
				    text);
			sss_error_free(err);
			fail();
		}
		assert_same_node(extra, sss_ticket_extra(t1));
		sss_ticket_format(t1, &a);
		/* the generated text is already canonical */
		assert_string_equal(a.buf, text);
		assert_ok(sss_ticket_parse(&t2, a.buf, a.len, "gen.md"));
		assert_same_ticket(t1, t2);
		sss_ticket_format(t2, &b);
		assert_string_equal(a.buf, b.buf);
		/* what libyaml escapes (non-BMP) is written as is */
		assert_null(strstr(a.buf, "\\U"));
		sss_ticket_free(t1);
		sss_ticket_free(t2);
		sss_node_free(extra);
		strbuf_release(&a);
		strbuf_release(&b);
		free(text);
	}
}

/* Issue 11: check reports git's conflict markers anywhere in a ticket;
 * a Markdown line of more '=' or a quoted marker is no marker. */
static void test_conflict_line(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int line;
		char marker;
	} cases[] = {
	    {"---\nid: x\n---\nbody\n", 0, 0},
	    {"---\n<<<<<<< HEAD\nid: x\n", 2, '<'},
	    {"a\nb\n=======\nc\n", 3, '='},
	    {"a\r\n=======\r\n", 2, '='},
	    {"a\n>>>>>>> other\n", 2, '>'},
	    {"a\n>>>>>>>", 2, '>'},
	    {"<<<<<<<\n", 1, '<'},
	    {"a\n========\n", 0, 0},
	    {"a\n======= x\n", 0, 0},
	    {"a\n<<<<<<<<\n", 0, 0},
	    {"a\n <<<<<<< HEAD\n", 0, 0},
	    {"a\n>>>>>>x\n", 0, 0},
	    {"", 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char m = 0;
		int line = sss_ticket_conflict_line(cases[i].text,
						    strlen(cases[i].text), &m);
		if (line != cases[i].line || m != cases[i].marker) {
			print_error("case %zu: line %d marker '%c'\n", i, line,
				    m ? m : '0');
			fail();
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_example),
	    cmocka_unit_test(test_bom_crlf),
	    cmocka_unit_test(test_reject_encoding),
	    cmocka_unit_test(test_reject_framing),
	    cmocka_unit_test(test_reject_limits),
	    cmocka_unit_test(test_reject_yaml),
	    cmocka_unit_test(test_reject_types),
	    cmocka_unit_test(test_accept_variants),
	    cmocka_unit_test(test_set_get),
	    cmocka_unit_test(test_id_valid),
	    cmocka_unit_test(test_datetime),
	    cmocka_unit_test(test_status),
	    cmocka_unit_test(test_sections),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_load),
	    cmocka_unit_test(test_roundtrip_property),
	    cmocka_unit_test(test_load_refuses_links),
	    cmocka_unit_test(test_append_after_unclosed_fence),
	    cmocka_unit_test(test_errors_are_one_line),
	    cmocka_unit_test(test_conflict_line),
	    cmocka_unit_test(test_estimate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
