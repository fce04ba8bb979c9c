/* test_node.c - the YAML tree: strict parsing, limits, quoting, emitting
 * and a round-trip property test over random trees. */
#include <stdio.h>
#include <time.h>

#include "unit.h"

#include "sss/alloc.h"
#include "sss/json.h"
#include "sss/node.h"
#include "sss/yaml.h"
#include "sss/strbuf.h"

static struct sss_node *parse_ok(const char *text)
{
	struct sss_node *n = NULL;
	assert_ok(sss_yaml_parse(&n, text, strlen(text), "t.yml", 1));
	return n;
}

static void parse_fails(const char *text, size_t len, enum sss_errcode code,
			const char *needle)
{
	struct sss_node *n = NULL;
	assert_fails(sss_yaml_parse(&n, text, len, "t.yml", 1), code, needle);
	assert_null(n);
}

static void test_parse_map(void **state)
{
	(void)state;
	struct sss_node *n = parse_ok("# comment\n"
				      "a: 1\n"
				      "b: \"quoted\"\n"
				      "c:\n"
				      "  - x\n"
				      "  - y: 2\n"
				      "    z: [p, q]\n"
				      "d: {e: f}\n"
				      "empty:\n"
				      "jp: 定義ファイル 𠮷\n");
	assert_non_null(n);
	assert_int_equal(n->kind, SSS_NODE_MAP);
	assert_int_equal(n->len, 6);
	assert_int_equal(n->line, 2);
	assert_string_equal(sss_node_str(sss_node_get(n, "a")), "1");
	assert_true(sss_node_get(n, "a")->plain);
	assert_int_equal(sss_node_get(n, "a")->line, 2);
	assert_string_equal(sss_node_str(sss_node_get(n, "b")), "quoted");
	assert_false(sss_node_get(n, "b")->plain);
	const struct sss_node *c = sss_node_get(n, "c");
	assert_int_equal(c->kind, SSS_NODE_SEQ);
	assert_int_equal(c->len, 2);
	assert_int_equal(c->line, 5);
	assert_null(sss_node_str(c));
	assert_string_equal(sss_node_str(c->items[0]), "x");
	const struct sss_node *z = sss_node_get(c->items[1], "z");
	assert_int_equal(z->kind, SSS_NODE_SEQ);
	assert_int_equal(z->line, 7);
	assert_string_equal(z->items[1]->str, "q");
	assert_string_equal(
	    sss_node_str(sss_node_get(sss_node_get(n, "d"), "e")), "f");
	assert_true(sss_node_is_null(sss_node_get(n, "empty")));
	assert_false(sss_node_is_null(sss_node_get(n, "b")));
	assert_string_equal(sss_node_str(sss_node_get(n, "jp")),
			    "定義ファイル 𠮷");
	assert_null(sss_node_get(n, "missing"));
	assert_null(sss_node_get(c, "x")); /* not a map */
	assert_null(sss_node_get(NULL, "x"));
	assert_null(sss_node_str(NULL));
	sss_node_free(n);
}

static void test_parse_scalars_and_empty(void **state)
{
	(void)state;
	struct sss_node *n = NULL;
	assert_ok(sss_yaml_parse(&n, "", 0, "t.yml", 1));
	assert_null(n);
	n = parse_ok("# only a comment\n\n");
	assert_null(n);
	n = parse_ok("just text\n");
	assert_int_equal(n->kind, SSS_NODE_SCALAR);
	assert_string_equal(n->str, "just text");
	sss_node_free(n);
	/* a string with escapes, also non-BMP ones */
	n = parse_ok("k: \"a\\tb\\u00e9\\U00020BB7\\n\"\nl: 'it''s'\n"
		     "m: |\n  line1\n  line2\nn: ~\no: null\n");
	assert_string_equal(sss_node_str(sss_node_get(n, "k")), "a\tbé𠮷\n");
	assert_string_equal(sss_node_str(sss_node_get(n, "l")), "it's");
	assert_string_equal(sss_node_str(sss_node_get(n, "m")),
			    "line1\nline2\n");
	assert_false(sss_node_get(n, "m")->plain);
	assert_true(sss_node_is_null(sss_node_get(n, "n")));
	assert_true(sss_node_is_null(sss_node_get(n, "o")));
	sss_node_free(n);
	/* an explicit document start and end are fine */
	n = parse_ok("---\na: b\n...\n");
	assert_string_equal(sss_node_str(sss_node_get(n, "a")), "b");
	sss_node_free(n);
	/* quoted "null" is a string */
	n = parse_ok("a: \"null\"\n");
	assert_false(sss_node_is_null(sss_node_get(n, "a")));
	sss_node_free(n);
}

static void test_first_line(void **state)
{
	(void)state;
	struct sss_node *n = NULL;
	const char *t = "a: 1\nb:\n  c: 2\n";
	assert_ok(sss_yaml_parse(&n, t, strlen(t), "x.md", 10));
	assert_int_equal(n->line, 10);
	assert_int_equal(sss_node_get(sss_node_get(n, "b"), "c")->line, 12);
	sss_node_free(n);
	t = "a: 1\nb: [\n";
	assert_fails(sss_yaml_parse(&n, t, strlen(t), "x.md", 2), SSS_ERR_PARSE,
		     "'x.md' line 4: ");
	t = "a: 1\nb: c: d\n";
	assert_fails(sss_yaml_parse(&n, t, strlen(t), "x.md", 2), SSS_ERR_PARSE,
		     "'x.md' line 3: mapping values are not allowed");
}

static void test_refuse_anchors_aliases_tags(void **state)
{
	(void)state;
	const char *t;
	t = "a: &x 1\nb: *x\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "'t.yml' line 1: anchors (&) are not supported");
	t = "a: 1\nb: *x\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "'t.yml' line 2: aliases (*) are not supported");
	t = "a: &x [1, 2]\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "anchors");
	t = "a: &x {b: 1}\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "anchors");
	/* the "billion laughs": refused at the first anchor */
	t = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "line 1: anchors");
	/* merge keys need aliases, so they are refused too */
	t = "base: {a: 1}\nx:\n  <<: *base\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "line 3: aliases");
	t = "a: !!str 1\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "tags (!) are not supported");
	t = "a: !foo [1]\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "tags");
	t = "a: !!map {b: 1}\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "tags");
	t = "%TAG ! tag:example.com,2000:\n---\na: 1\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "directives");
	t = "%YAML 1.1\n---\na: 1\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "directives");
}

static void test_refuse_structure(void **state)
{
	(void)state;
	const char *t;
	t = "? [a, b]\n: c\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "line 1: a key must be");
	t = "{a: 1}: x\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "a key must be");
	t = "a: 1\nb: 2\na: 3\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "'t.yml' line 3: duplicate key 'a'");
	t = "x:\n  k: 1\n  j: 2\n  k: 1\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "line 4: duplicate key 'k'");
	t = "{a: 1, a: 2}\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "duplicate key 'a'");
	/* a big map takes the sorting path; the first repeat in file order
	 * is named */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 50; i++)
		strbuf_addf(&sb, "k%d: %d\n", i, i);
	strbuf_addstr(&sb, "k40: again\nk7: again\n");
	parse_fails(sb.buf, sb.len, SSS_ERR_PARSE,
		    "line 51: duplicate key 'k40'");
	strbuf_release(&sb);
	/* same key text in different maps is fine */
	struct sss_node *n = parse_ok("a: {k: 1}\nb: {k: 2}\n");
	sss_node_free(n);
	t = "a: 1\n---\nb: 2\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "line 2: more than one YAML document");
	t = "a: \"x\\0y\"\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "NUL");
	t = "a: 1\n\tb: 2\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "line 2: ");
	t = "a:\n\t- 1\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "tab");
	/* libyaml's reader refuses control characters */
	t = "a: b\nc: \x01\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE,
		    "'t.yml' line 2: control characters");
	t = "a: [1, 2\n";
	parse_fails(t, strlen(t), SSS_ERR_PARSE, "'t.yml' line 2: ");
}

static void test_depth_limit(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct sss_node *n = NULL;
	int i;

	/* exactly the limit is fine */
	for (i = 0; i < SSS_YAML_MAX_DEPTH; i++)
		strbuf_addch(&sb, '[');
	for (i = 0; i < SSS_YAML_MAX_DEPTH; i++)
		strbuf_addch(&sb, ']');
	n = parse_ok(sb.buf);
	sss_node_free(n);
	strbuf_reset(&sb);
	for (i = 0; i <= SSS_YAML_MAX_DEPTH; i++)
		strbuf_addch(&sb, '[');
	for (i = 0; i <= SSS_YAML_MAX_DEPTH; i++)
		strbuf_addch(&sb, ']');
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "nested too deeply");

	/* 100,000 '[' (unterminated): refused quickly */
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	clock_t t0 = clock();
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "line 1: nested too deeply");
	/* same on many lines, and with maps */
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "[\n");
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "nested too deeply");
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "{a: ");
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "nested too deeply");
	/* block style: "- - - - ..." */
	strbuf_reset(&sb);
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "- ");
	strbuf_addstr(&sb, "x\n");
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "nested too deeply");
	/* nested block maps, one level per line */
	strbuf_reset(&sb);
	for (i = 0; i < 200; i++) {
		for (int k = 0; k < i; k++)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, "k:\n");
	}
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT,
		    "line 33: nested too deeply");
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 2.0);
	strbuf_release(&sb);
}

static void test_node_limit(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct sss_node *n = NULL;

	strbuf_addch(&sb, '[');
	for (int i = 0; i < SSS_YAML_MAX_NODES - 1; i++)
		strbuf_addstr(&sb, "a,");
	strbuf_addstr(&sb, "]\n");
	n = parse_ok(sb.buf); /* the seq itself plus MAX-1 items */
	assert_int_equal(n->len, SSS_YAML_MAX_NODES - 1);
	sss_node_free(n);
	strbuf_reset(&sb);
	strbuf_addch(&sb, '[');
	for (int i = 0; i < SSS_YAML_MAX_NODES; i++)
		strbuf_addstr(&sb, "a,");
	strbuf_addstr(&sb, "]\n");
	parse_fails(sb.buf, sb.len, SSS_ERR_LIMIT, "too many nodes");
	strbuf_release(&sb);

	/* the input size cap is checked before libyaml sees anything */
	parse_fails("a: 1\n", (size_t)SSS_YAML_MAX_INPUT + 1, SSS_ERR_LIMIT,
		    "too large");
}

static void test_build_and_edit(void **state)
{
	(void)state;
	struct sss_node *m = sss_node_new(SSS_NODE_MAP, NULL);
	sss_node_set(m, "a", sss_node_new(SSS_NODE_SCALAR, "1"));
	sss_node_set(m, "b", sss_node_new(SSS_NODE_SCALAR, "2"));
	sss_node_set(m, "c", sss_node_new(SSS_NODE_SCALAR, "3"));
	sss_node_set(m, "a", sss_node_new(SSS_NODE_SCALAR, "one"));
	assert_int_equal(m->len, 3);
	assert_string_equal(m->keys[0], "a");
	assert_string_equal(sss_node_str(sss_node_get(m, "a")), "one");
	assert_false(sss_node_get(m, "a")->plain);
	sss_node_del(m, "b");
	sss_node_del(m, "nope");
	assert_int_equal(m->len, 2);
	assert_string_equal(m->keys[1], "c");
	struct sss_node *s = sss_node_new(SSS_NODE_SEQ, NULL);
	sss_node_push(s, sss_node_new(SSS_NODE_SCALAR, "x"));
	sss_node_push(s, sss_node_new(SSS_NODE_SCALAR, NULL));
	sss_node_set(m, "list", s);
	struct sss_node *c = sss_node_copy(m);
	sss_node_free(m);
	assert_int_equal(c->len, 3);
	assert_string_equal(c->keys[2], "list");
	assert_string_equal(sss_node_get(c, "list")->items[1]->str, "");
	assert_null(sss_node_copy(NULL));
	sss_node_free(c);
	sss_node_free(NULL);
}

static void test_needs_quotes(void **state)
{
	(void)state;
	static const char *const quoted[] = {
	    "",
	    "null",
	    "Null",
	    "NULL",
	    "~",
	    "y",
	    "Y",
	    "yes",
	    "Yes",
	    "YES",
	    "n",
	    "N",
	    "no",
	    "No",
	    "NO",
	    "true",
	    "True",
	    "TRUE",
	    "false",
	    "False",
	    "FALSE",
	    "on",
	    "On",
	    "ON",
	    "off",
	    "Off",
	    "OFF",
	    "0",
	    "1",
	    "-1",
	    "+1",
	    "010",
	    "0x1F",
	    "0o17",
	    "0b101",
	    "1_000",
	    "1:20",
	    "190:20:30",
	    "1.5",
	    "-1.5",
	    "1e3",
	    "1E3",
	    "1.5e-3",
	    ".5",
	    "1.",
	    "1.2.3",
	    ".inf",
	    "-.Inf",
	    "+.INF",
	    ".nan",
	    ".NaN",
	    "2026-11-26",
	    "2026-1-5",
	    "2026-11-26T09:30:00+09:00",
	    "2026-11-26 09:30:00",
	    "-",
	    "-x",
	    "- x",
	    "?",
	    "?x",
	    ":",
	    ":x",
	    ",x",
	    "[x",
	    "]x",
	    "{x",
	    "}x",
	    "#x",
	    "&x",
	    "*x",
	    "!x",
	    "|x",
	    ">x",
	    "'x",
	    "\"x",
	    "%x",
	    "@x",
	    "`x",
	    " x",
	    "x ",
	    "a: b",
	    "a #b",
	    "x:",
	    "a\nb",
	    "a\tb",
	    "a\x01z",
	    "a\x7fz",
	    "a\xc2\x85z",
	    "a\xe2\x80\xa8z",
	    "\xef\xbb\xbfx",
	    "---",
	    "--- x",
	    "...",
	    "... x",
	    "<<",
	    "=",
	    NULL,
	};
	static const char *const plain[] = {
	    "x",
	    "abc",
	    "a:b",
	    "a#b",
	    "a b",
	    "2611-ABCDEF",
	    "2611-0K3QZP",
	    "r-routine-check-2026-11",
	    "定例チェック (2026年11月)",
	    "𠮷野家",
	    "ＡＢＣ１２３",
	    "yes!",
	    "nope",
	    "Yess",
	    "0x",
	    "1e",
	    "e3",
	    "1.2a",
	    "2026-11",
	    "2026-W48",
	    "FY2026H1",
	    "a-b",
	    "a,b",
	    "a[b]",
	    "a{b}",
	    "12 monkeys",
	    "インシデント (ApexOne：定義ファイル更新失敗)",
	    "1x-",
	    ".x",
	    "+",
	    "a'b",
	    "a\"b",
	    "a\\b",
	    "100%",
	    NULL,
	};
	for (int i = 0; quoted[i]; i++) {
		if (!sss_yaml_needs_quotes(quoted[i], false)) {
			print_error("should quote: '%s'\n", quoted[i]);
			fail();
		}
		assert_true(sss_yaml_needs_quotes(quoted[i], true));
	}
	for (int i = 0; plain[i]; i++) {
		if (sss_yaml_needs_quotes(plain[i], false)) {
			print_error("should not quote: '%s'\n", plain[i]);
			fail();
		}
	}
	/* flow items additionally quote , [ ] { } */
	assert_true(sss_yaml_needs_quotes("a,b", true));
	assert_true(sss_yaml_needs_quotes("a[b]", true));
	assert_true(sss_yaml_needs_quotes("a{b}", true));
	assert_true(sss_yaml_needs_quotes("a:b", true));
	assert_false(sss_yaml_needs_quotes("至急", true));
}

static void test_emit_str(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"plain", "plain"},
	    {"𠮷", "𠮷"}, /* never \U00020BB7 */
	    {"yes", "\"yes\""},
	    {"", "\"\""},
	    {"a\"b\\c", "a\"b\\c"},
	    {"\"a\\b ", "\"\\\"a\\\\b \""},
	    {"a\nb\tc", "\"a\\nb\\tc\""},
	    {"bell\x07", "\"bell\\x07\""},
	    {"esc\x1b[0m", "\"esc\\x1b[0m\""},
	    {"del\x7f", "\"del\\x7f\""},
	    {"nel\xc2\x85", "\"nel\\u0085\""},
	    {"c1\xc2\x9b", "\"c1\\u009b\""},
	    {"ls\xe2\x80\xa8", "\"ls\\u2028\""},
	    {"bom\xef\xbb\xbf", "\"bom\\ufeff\""},
	    {"#𠮷 é", "\"#𠮷 é\""},
	    {NULL, NULL},
	};
	for (int i = 0; cases[i].in; i++) {
		struct strbuf sb = STRBUF_INIT;
		sss_yaml_emit_str(&sb, cases[i].in, false);
		assert_string_equal(sb.buf, cases[i].out);
		strbuf_release(&sb);
	}
}

static void test_emit_layout(void **state)
{
	(void)state;
	const char *in = "title: \"yes\"\n"
			 "num: 3\n"
			 "b: yes\n"
			 "e:\n"
			 "tags: [ApexOne, 至急, \"a,b\", \"\"]\n"
			 "nul: [a, ~]\n"
			 "blank:\n"
			 "  -\n"
			 "  - x\n"
			 "params:\n"
			 "  ソフト名: ApexOne\n"
			 "  事象: \"010\"\n"
			 "links:\n"
			 "  - rel: problem\n"
			 "    id: 2611-P3XW9A\n"
			 "  - rel: related\n"
			 "    id: 2611-P3XW9B\n"
			 "    more:\n"
			 "      - [1, 2]\n"
			 "      - - x\n"
			 "        - {}\n"
			 "      - []\n"
			 "em: {}\n"
			 "es: []\n"
			 "multi: \"a\\nb\"\n";
	struct sss_node *n = parse_ok(in);
	struct strbuf sb = STRBUF_INIT;
	sss_yaml_emit_map(&sb, n, 0);
	assert_string_equal(sb.buf, in);
	strbuf_release(&sb);
	/* emit_value at an indent */
	sss_yaml_emit_value(&sb, sss_node_get(n, "params"), 2);
	assert_string_equal(sb.buf,
			    "\n    ソフト名: ApexOne\n    事象: \"010\"\n");
	strbuf_reset(&sb);
	sss_yaml_emit_value(&sb, sss_node_get(n, "num"), 0);
	assert_string_equal(sb.buf, " 3\n");
	strbuf_release(&sb);
	sss_node_free(n);
}

static void test_to_json(void **state)
{
	(void)state;
	struct sss_node *n =
	    parse_ok("a: 1\nb: ~\nc: \"~\"\nd: [x, \"q\\\"\"]\n"
		     "e: {f: 𠮷}\ng:\n");
	struct strbuf sb = STRBUF_INIT;
	sss_node_to_json(&sb, n);
	assert_string_equal(sb.buf,
			    "{\"a\":\"1\",\"b\":null,\"c\":\"~\","
			    "\"d\":[\"x\",\"q\\\"\"],\"e\":{\"f\":\"𠮷\"},"
			    "\"g\":null}");
	strbuf_release(&sb);
	sss_node_free(n);
}

/* A tree nested inside other JSON as deep as the writer goes still
 * comes out whole. */
static void test_write_json_deep(void **state)
{
	(void)state;
	struct sss_node *n = parse_ok("k: [[x], {y: z}]\n");
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	struct sss_json j;
	sss_json_init(&j, &sb, 0);
	for (int i = 0; i < SSS_JSON_MAX_DEPTH - 1; i++)
		sss_json_array(&j, SSS_JSON_COMPACT);
	sss_node_write_json(&j, n);
	sss_node_write_json(&j, sss_node_get(n, "k"));
	for (int i = 0; i < SSS_JSON_MAX_DEPTH - 1; i++)
		sss_json_end(&j);
	for (int i = 0; i < SSS_JSON_MAX_DEPTH - 1; i++)
		strbuf_addch(&want, '[');
	strbuf_addstr(&want, "{\"k\":[[\"x\"],{\"y\":\"z\"}]},"
			     "[[\"x\"],{\"y\":\"z\"}]");
	for (int i = 0; i < SSS_JSON_MAX_DEPTH - 1; i++)
		strbuf_addch(&want, ']');
	assert_string_equal(sb.buf, want.buf);
	strbuf_release(&sb);
	strbuf_release(&want);
	sss_node_free(n);
}

/* ---- the property test: random trees survive emit -> parse -> emit --- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift64*: deterministic for a seed, good enough for tests */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static const char *const atoms[] = {
    "a",
    "yes",
    "No",
    "null",
    "~",
    "010",
    "0x1F",
    "1e3",
    "1.5",
    ".inf",
    "2026-11-26",
    "2026-11-26T09:30:00+09:00",
    "1:20",
    "a: b",
    "#x",
    "x #y",
    "-",
    "- x",
    "? q",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "!t",
    "|",
    ">",
    "'",
    "\"",
    "%",
    "@",
    "`",
    " ",
    "\t",
    "\n",
    "\\",
    "\x01",
    "\x7f",
    "定例",
    "𠮷",
    "😀",
    "ＡＢＣ",
    "ｶﾅ",
    "\xc2\x85",
    "\xe2\x80\xa8",
    "\xef\xbb\xbf",
    "---",
    "...",
    "é",
    ":",
    "<<",
    "=",
    "",
};

static char *rnd_str(void)
{
	struct strbuf sb = STRBUF_INIT;
	int parts = (int)(rnd() % 4);
	for (int i = 0; i < parts; i++)
		strbuf_addstr(&sb,
			      atoms[rnd() % (sizeof(atoms) / sizeof(*atoms))]);
	return strbuf_detach(&sb, NULL);
}

static struct sss_node *rnd_tree(int depth)
{
	uint32_t k = rnd() % 10;
	struct sss_node *n;
	if (depth >= 4 || k < 5) {
		char *s = rnd_str();
		n = sss_node_new(SSS_NODE_SCALAR, s);
		free(s);
		/* sometimes a plain null or a plain-looking value */
		if (rnd() % 8 == 0) {
			free(n->str);
			n->str = xstrdup("");
			n->plain = true;
		}
		return n;
	}
	n = sss_node_new(k < 8 ? SSS_NODE_MAP : SSS_NODE_SEQ, NULL);
	int len = (int)(rnd() % 5);
	for (int i = 0; i < len; i++) {
		if (n->kind == SSS_NODE_MAP) {
			char *key = rnd_str();
			sss_node_set(n, key, rnd_tree(depth + 1));
			free(key);
		} else {
			sss_node_push(n, rnd_tree(depth + 1));
		}
	}
	return n;
}

static void assert_same_tree(const struct sss_node *a, const struct sss_node *b)
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
		assert_same_tree(a->items[i], b->items[i]);
	}
}

static void test_roundtrip_random(void **state)
{
	(void)state;
	rng_state = 0x5353535353ULL;
	for (int iter = 0; iter < 3000; iter++) {
		struct sss_node *t = sss_node_new(SSS_NODE_MAP, NULL);
		int keys = 1 + (int)(rnd() % 6);
		for (int i = 0; i < keys; i++) {
			char *key = rnd_str();
			sss_node_set(t, key, rnd_tree(1));
			free(key);
		}
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		struct sss_node *back = NULL;
		sss_yaml_emit_map(&a, t, 0);
		struct sss_error *err =
		    sss_yaml_parse(&back, a.buf, a.len, "gen.yml", 1);
		if (err) {
			print_error("iteration %d: %s\n---\n%s---\n", iter,
				    err->msg, a.buf);
			sss_error_free(err);
			fail();
		}
		assert_non_null(back);
		assert_same_tree(t, back);
		sss_yaml_emit_map(&b, back, 0);
		assert_string_equal(a.buf, b.buf);
		strbuf_release(&a);
		strbuf_release(&b);
		sss_node_free(t);
		sss_node_free(back);
	}
}

static void test_long_key(void **state)
{
	(void)state;
	struct strbuf key = STRBUF_INIT, out = STRBUF_INIT;
	for (int i = 0; i < 1500; i++)
		strbuf_addch(&key, 'k');
	struct sss_node *m = sss_node_new(SSS_NODE_MAP, NULL), *back = NULL;
	sss_node_set(m, key.buf, sss_node_new(SSS_NODE_SCALAR, "v"));
	sss_node_set(m, "short", sss_node_new(SSS_NODE_SCALAR, "w"));
	sss_yaml_emit_map(&out, m, 0);
	assert_ok(sss_yaml_parse(&back, out.buf, out.len, "k.yml", 1));
	assert_same_tree(m, back);
	sss_node_free(m);
	sss_node_free(back);
	strbuf_release(&key);
	strbuf_release(&out);
}

/* Found by the corpus: libyaml's marks count characters, so the tab hint
 * was lost whenever Japanese text came before the tab; and a key with a
 * line break made a two-line message. */
static void test_error_hints_and_one_line(void **state)
{
	(void)state;
	const char *tab = "title: テスト日本語\nparams:\n\tsoft: x\n";
	parse_fails(tab, strlen(tab), SSS_ERR_PARSE,
		    "line 3: found character that cannot start any token "
		    "(a tab cannot indent YAML; use spaces)");
	const char *dup = "\"a\\nb\": 1\n\"a\\nb\": 2\n";
	parse_fails(dup, strlen(dup), SSS_ERR_PARSE,
		    "line 2: duplicate key 'a\\nb'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_map),
	    cmocka_unit_test(test_parse_scalars_and_empty),
	    cmocka_unit_test(test_first_line),
	    cmocka_unit_test(test_refuse_anchors_aliases_tags),
	    cmocka_unit_test(test_refuse_structure),
	    cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_node_limit),
	    cmocka_unit_test(test_build_and_edit),
	    cmocka_unit_test(test_needs_quotes),
	    cmocka_unit_test(test_emit_str),
	    cmocka_unit_test(test_emit_layout),
	    cmocka_unit_test(test_to_json),
	    cmocka_unit_test(test_write_json_deep),
	    cmocka_unit_test(test_roundtrip_random),
	    cmocka_unit_test(test_long_key),
	    cmocka_unit_test(test_error_hints_and_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
