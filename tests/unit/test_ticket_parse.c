/* test_ticket_parse.c - a ticket parsed through the YAML fast path is the
 * ticket libyaml gives, field by field: thousands of generated files
 * (Japanese, 𠮷, 髙, ①, quoting, CRLF, BOM, block and flow lists, empty
 * values, params, links, unknown keys, broken values), each parsed both
 * ways and compared by every accessor, the JSON and the file written
 * back; when one way fails, the other fails with the same message. */
#include "unit.h"

#include "sss/json.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/yaml.h"
#include "../../lib/ticket_priv.h"
#include "../../lib/yamlfast.h"

static uint64_t rng = 0x16f00dULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

#define NOF(a) (sizeof(a) / sizeof((a)[0]))
/* Mostly one of the first good entries of a (the valid values), now
 * and then any (one that a check refuses, a parser reads otherwise). */
#define PICK(a, good) (a)[rnd(8) ? rnd(good) : rnd(NOF(a))]

/* Values of every field: good ones mostly, and some each check refuses. */
static const char *const ids[] = {"2611-K7QD4A", "2703-ZB724E", "r-routine-check-2027-03",
				  "r-personnel-change-fy2026", "bad id", "2611-k7qd4a"};
static const char *const texts[] = {
    "インシデント (ApexOne：定義ファイル更新失敗)", "𠮷野家の端末", "髙橋さんのPC", "①②③ の件",
    "ＰＣ入替え", "普通の件名", "a: b", "x #y", "yes", "null", "~", "010", "- x", "[a]",
    "{b}", "\"q\"", "'s'", "back\\slash", " lead", "trail ", "a,b", "ends:", "%p", "@a",
    "`b", "&c", "*d", "!e", "|f", ">g", "?h", ":i", "é", "タブ\tあり", "改行\nあり",
    "u\u2028v", "", " ", "情報政策課 山本", "福祉課 高橋拓也"};
static const char *const statuses[] = {"open", "in-progress", "waiting", "resolved",
				       "closed", "cancelled", "未着手", "Open"};
static const char *const kinds[] = {"incident", "request", "problem", "routine", "meeting", "x"};
static const char *const prios[] = {"low", "normal", "high", "urgent", "高"};
static const char *const times[] = {"2026-11-26T09:12:00+09:00", "2019-03-13T18:08:16+09:00",
				    "2026-11-26T00:00:00Z", "2026-11-26", "2100-01-01T00:00:00+09:00",
				    "2026-02-30T09:00:00+09:00"};
static const char *const dates[] = {"2026-11-27", "2027-03-31", "2026-13-01", "1979-12-31", "明日"};
static const char *const estimates[] = {"1h30m", "90m", "2h", "1.5h", "forever", "0m"};
static const char *const recurrences[] = {"routine-check@2026-11", "weekly-meeting@2027-w13",
					  "personnel-change/A@fy2026", "nope"};
static const char *const msgids[] = {"20261130.abc@example.jp", "<a@b>", "a b@c", "髙@例.jp"};
static const char *const rels[] = {"problem", "incident", "related", "duplicate", "parent"};
static const char *const pkeys[] = {"ソフト名", "事象", "担当者", "k1", "x-y"};
static const char *const xkeys[] = {"custom", "メモ", "x-ref", "area"};

/* s as a YAML scalar: plain, double-quoted or single-quoted, at random
 * (plain even where YAML reads it otherwise: then both parsers must
 * agree on what it is, or both refuse). */
static void scalar(struct strbuf *sb, const char *s)
{
	unsigned how = rnd(4);
	if (how == 0 || how == 1) {
		strbuf_addstr(sb, s);
	} else if (how == 2) {
		strbuf_addch(sb, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_addch(sb, '\\');
			if (*p == '\n')
				strbuf_addstr(sb, "\\n");
			else if (*p == '\t')
				strbuf_addstr(sb, rnd(2) ? "\\t" : "\t");
			else
				strbuf_addch(sb, *p);
		}
		strbuf_addch(sb, '"');
	} else {
		strbuf_addch(sb, '\'');
		for (const char *p = s; *p; p++) {
			if (*p == '\'')
				strbuf_addch(sb, '\'');
			strbuf_addch(sb, *p);
		}
		strbuf_addch(sb, '\'');
	}
}

static void key_value(struct strbuf *sb, const char *key, const char *v)
{
	strbuf_addf(sb, "%s:", key);
	if (rnd(40) == 0)
		return; /* an empty value */
	strbuf_addch(sb, ' ');
	scalar(sb, v);
	if (rnd(10) == 0)
		strbuf_addstr(sb, "  ");
}

static void list_value(struct strbuf *sb, const char *key)
{
	unsigned n = rnd(4);
	strbuf_addf(sb, "%s:", key);
	if (rnd(2)) {
		strbuf_addstr(sb, " [");
		for (unsigned i = 0; i < n; i++) {
			strbuf_addstr(sb, i ? ", " : "");
			scalar(sb, PICK(texts, 6));
		}
		strbuf_addstr(sb, "]\n");
		return;
	}
	strbuf_addch(sb, '\n');
	for (unsigned i = 0; i < n; i++) {
		strbuf_addstr(sb, "  - ");
		scalar(sb, PICK(texts, 6));
		strbuf_addch(sb, '\n');
	}
}

/* One generated ticket file, with its line ends and BOM. */
static void gen_ticket(struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "---\n");
	if (rnd(20))
		key_value(&sb, "id", PICK(ids, 4)), strbuf_addch(&sb, '\n');
	if (rnd(20))
		key_value(&sb, "title", PICK(texts, 6)), strbuf_addch(&sb, '\n');
	if (rnd(3))
		key_value(&sb, "sow", "incident-software"), strbuf_addch(&sb, '\n');
	if (rnd(2))
		key_value(&sb, "kind", PICK(kinds, 5)), strbuf_addch(&sb, '\n');
	if (rnd(20))
		key_value(&sb, "status", PICK(statuses, 6)), strbuf_addch(&sb, '\n');
	if (rnd(2))
		key_value(&sb, "priority", PICK(prios, 4)), strbuf_addch(&sb, '\n');
	if (rnd(2))
		key_value(&sb, "assignee", PICK(texts, 6)), strbuf_addch(&sb, '\n');
	if (rnd(2))
		key_value(&sb, "requester", PICK(texts, 6)), strbuf_addch(&sb, '\n');
	if (rnd(8) == 0)
		key_value(&sb, "message_id", PICK(msgids, 1)), strbuf_addch(&sb, '\n');
	if (rnd(20))
		key_value(&sb, "created", PICK(times, 3)), strbuf_addch(&sb, '\n');
	if (rnd(2))
		key_value(&sb, "updated", PICK(times, 3)), strbuf_addch(&sb, '\n');
	if (rnd(2))
		key_value(&sb, "due", PICK(dates, 2)), strbuf_addch(&sb, '\n');
	if (rnd(4) == 0)
		key_value(&sb, "estimate", PICK(estimates, 4)), strbuf_addch(&sb, '\n');
	if (rnd(3) == 0)
		key_value(&sb, "closed", PICK(times, 3)), strbuf_addch(&sb, '\n');
	if (rnd(5) == 0)
		key_value(&sb, "recurrence", PICK(recurrences, 3)), strbuf_addch(&sb, '\n');
	if (rnd(2)) {
		strbuf_addstr(&sb, "params:\n");
		for (unsigned i = 0, n = 1 + rnd(3); i < n; i++) {
			strbuf_addstr(&sb, "  ");
			key_value(&sb, pkeys[(i + rnd(2)) % 5], PICK(texts, 6));
			strbuf_addch(&sb, '\n');
		}
	}
	if (rnd(3) == 0) {
		strbuf_addstr(&sb, "links:\n");
		for (unsigned i = 0, n = 1 + rnd(2); i < n; i++) {
			strbuf_addstr(&sb, "  - ");
			key_value(&sb, "rel", PICK(rels, 4));
			strbuf_addstr(&sb, "\n    ");
			key_value(&sb, rnd(10) ? "id" : "ID", PICK(ids, 4));
			strbuf_addch(&sb, '\n');
		}
	}
	if (rnd(2))
		list_value(&sb, "tags");
	if (rnd(4) == 0)
		list_value(&sb, "documents");
	if (rnd(4) == 0) {
		unsigned what = rnd(3);
		const char *k = PICK(xkeys, 4);
		if (what == 0)
			key_value(&sb, k, PICK(texts, 6)), strbuf_addch(&sb, '\n');
		else if (what == 1)
			list_value(&sb, k);
		else
			strbuf_addf(&sb, "%s:\n  a: 1\n  b: [x, \"𠮷\"]\n", k);
	}
	if (rnd(15) == 0)
		strbuf_addstr(&sb, "# a comment\n");
	if (rnd(30) == 0)
		strbuf_addstr(&sb, "status: open\n"); /* maybe twice */
	strbuf_addstr(&sb, "---\n\n## 内容\n髙橋さんの端末①で𠮷。\n\n## 作業記録\n");
	if (rnd(3))
		strbuf_addstr(&sb, "- 2026-11-26 09:40 田中: 確認。\n");

	if (rnd(6) == 0)
		strbuf_addstr(out, "\xef\xbb\xbf");
	bool crlf = rnd(5) == 0;
	for (size_t i = 0; i < sb.len; i++) {
		if (crlf && sb.buf[i] == '\n')
			strbuf_addch(out, '\r');
		strbuf_addch(out, sb.buf[i]);
	}
	strbuf_release(&sb);
}

static void same_str(const char *what, const char *a, const char *b, const char *text)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b))) {
		print_error("%s: fast '%s' vs libyaml '%s' in:\n%s\n", what, a ? a : "(null)",
			    b ? b : "(null)", text);
		fail();
	}
}

static void same_ticket(const struct sss_ticket *a, const struct sss_ticket *b, const char *text)
{
	static const char *const fields[] = {SSS_TICKET_SCALARS};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		same_str(fields[i], sss_ticket_get(a, fields[i]), sss_ticket_get(b, fields[i]), text);
	same_str("path", sss_ticket_path(a), sss_ticket_path(b), text);
	same_str("body", sss_ticket_body(a), sss_ticket_body(b), text);
	assert_int_equal(sss_ticket_param_count(a), sss_ticket_param_count(b));
	for (size_t i = 0; i < sss_ticket_param_count(a); i++) {
		same_str("param name", sss_ticket_param_name(a, i), sss_ticket_param_name(b, i), text);
		same_str("param", sss_ticket_param_value(a, i), sss_ticket_param_value(b, i), text);
	}
	assert_int_equal(sss_ticket_link_count(a), sss_ticket_link_count(b));
	for (size_t i = 0; i < sss_ticket_link_count(a); i++) {
		same_str("link rel", sss_ticket_link_rel(a, i), sss_ticket_link_rel(b, i), text);
		same_str("link id", sss_ticket_link_id(a, i), sss_ticket_link_id(b, i), text);
	}
	static const char *const lists[] = {"tags", "documents"};
	for (size_t l = 0; l < 2; l++) {
		assert_int_equal(sss_ticket_list_count(a, lists[l]), sss_ticket_list_count(b, lists[l]));
		for (size_t i = 0; i < sss_ticket_list_count(a, lists[l]); i++)
			same_str(lists[l], sss_ticket_list_get(a, lists[l], i),
				 sss_ticket_list_get(b, lists[l], i), text);
	}
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	sss_node_to_json(&x, sss_ticket_extra(a));
	sss_node_to_json(&y, sss_ticket_extra(b));
	same_str("extra", x.buf, y.buf, text);
	strbuf_reset(&x);
	strbuf_reset(&y);
	sss_ticket_to_json(a, &x, true);
	sss_ticket_to_json(b, &y, true);
	same_str("json", x.buf, y.buf, text);
	strbuf_reset(&x);
	strbuf_reset(&y);
	sss_ticket_format(a, &x);
	sss_ticket_format(b, &y);
	same_str("written back", x.buf, y.buf, text);
	strbuf_release(&x);
	strbuf_release(&y);
}

/* Whether the fast path reads the front matter of text (a file). */
static bool fast_takes(const char *text, size_t len)
{
	char *norm = NULL;
	size_t n;
	struct sss_frontmatter fm;
	struct sss_node *tree = NULL;
	bool took = false;
	struct sss_error *err = sss_frontmatter_text(&norm, &n, text, len, "t.md");
	if (!err && !(err = sss_frontmatter_split(&fm, norm, n, "t.md")))
		took = sss_yaml_parse_fast(&tree, fm.yaml, fm.yaml_len, fm.yaml_line);
	sss_error_free(err);
	sss_node_free(tree);
	free(norm);
	return took;
}

static void test_fast_equals_libyaml(void **state)
{
	(void)state;
	int fast = 0, parsed = 0, refused = 0;
	for (int iter = 0; iter < 6000; iter++) {
		struct strbuf text = STRBUF_INIT;
		struct sss_ticket *a = NULL, *b = NULL;
		gen_ticket(&text);
		struct sss_error *ea = sss_ticket_parse_with(&a, text.buf, text.len, "tickets/t.md", true);
		struct sss_error *eb = sss_ticket_parse_with(&b, text.buf, text.len, "tickets/t.md", false);
		if ((ea == NULL) != (eb == NULL)) {
			print_error("fast: %s; libyaml: %s\n%s\n", ea ? ea->msg : "ok",
				    eb ? eb->msg : "ok", text.buf);
			fail();
		}
		if (ea) {
			assert_int_equal(ea->code, eb->code);
			same_str("error", ea->msg, eb->msg, text.buf);
			refused++;
		} else {
			same_ticket(a, b, text.buf);
			parsed++;
		}
		fast += fast_takes(text.buf, text.len);
		sss_error_free(ea);
		sss_error_free(eb);
		sss_ticket_free(a);
		sss_ticket_free(b);
		strbuf_release(&text);
	}
	print_message("%d parsed, %d refused; the fast path read %d\n", parsed, refused, fast);
	/* the generator must reach both sides, and the fast path */
	assert_true(parsed > 1500 && refused > 500 && fast > 3000);
}

/* The same for a ticket whose strings overflow the room the loader
 * reserves (an estimate written longer than it came) and one with many
 * fields: a field past that room is malloc'd, and freed, as before. */
static void test_fields_beyond_the_room(void **state)
{
	(void)state;
	static const char text[] = "---\nid: 2611-K7QD4A\ntitle: t\nstatus: open\n"
				   "created: 2026-11-26T09:12:00+09:00\nestimate: 90m\n"
				   "due: 2026-11-27\n---\nbody\n";
	struct sss_ticket *a = NULL, *b = NULL;
	assert_ok(sss_ticket_parse_with(&a, text, strlen(text), "t.md", true));
	assert_ok(sss_ticket_parse_with(&b, text, strlen(text), "t.md", false));
	same_ticket(a, b, text);
	assert_string_equal(sss_ticket_get(a, "estimate"), "1h30m");
	/* setting a field that lies in the room, then unsetting it */
	assert_ok(sss_ticket_set(a, "due", "2027-01-05"));
	assert_string_equal(sss_ticket_get(a, "due"), "2027-01-05");
	assert_ok(sss_ticket_set(a, "due", NULL));
	assert_null(sss_ticket_get(a, "due"));
	assert_ok(sss_ticket_set(a, "title", "新しい件名"));
	assert_string_equal(sss_ticket_get(a, "title"), "新しい件名");
	sss_ticket_free(a);
	sss_ticket_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fast_equals_libyaml),
	    cmocka_unit_test(test_fields_beyond_the_room),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
