/* test_yamlfast.c - the fast path builds exactly libyaml's tree, and
 * declines what it does not know. */
#include "unit.h"

#include <stdio.h>

#include "sss/node.h"
#include "sss/yaml.h"
#include "sss/strbuf.h"
#include "../../lib/yamlfast.h"

/* Compare two trees; on a difference print where and fail. */
static void same_tree(const struct sss_node *a, const struct sss_node *b,
		      const char *doc)
{
	if (!a || !b) {
		if (a != b) {
			print_error("one tree is empty:\n%s\n", doc);
			fail();
		}
		return;
	}
	if (a->kind != b->kind || a->line != b->line || a->len != b->len ||
	    (a->kind == SSS_NODE_SCALAR &&
	     (a->plain != b->plain || strcmp(a->str, b->str)))) {
		print_error("fast %d/%d/%zu/%d '%s' vs libyaml %d/%d/%zu/%d '%s' in:\n%s\n",
			    a->kind, a->line, a->len, a->plain, a->str ? a->str : "",
			    b->kind, b->line, b->len, b->plain, b->str ? b->str : "", doc);
		fail();
	}
	for (size_t i = 0; i < a->len; i++) {
		if (a->kind == SSS_NODE_MAP && strcmp(a->keys[i], b->keys[i])) {
			print_error("key '%s' vs '%s' in:\n%s\n", a->keys[i], b->keys[i], doc);
			fail();
		}
		same_tree(a->items[i], b->items[i], doc);
	}
}

/* Parse doc both ways: when the fast path takes it, libyaml must accept
 * it with the same tree. Returns whether the fast path took it. */
static bool check_doc(const char *doc)
{
	struct sss_node *fast = NULL, *slow = NULL;
	bool took = sss_yaml_parse_fast(&fast, doc, strlen(doc), 2);
	if (took) {
		struct sss_error *err = sss_yaml_parse_libyaml(&slow, doc, strlen(doc), "t", 2);
		if (err) {
			print_error("fast path took what libyaml refuses (%s):\n%s\n", err->msg, doc);
			sss_error_free(err);
			fail();
		}
		same_tree(fast, slow, doc);
	} else {
		assert_null(fast);
	}
	sss_node_free(fast);
	sss_node_free(slow);
	return took;
}

static void test_takes_what_sssctl_writes(void **state)
{
	(void)state;
	static const char *docs[] = {
		"id: 2611-K7QD4A\ntitle: インシデント (ApexOne：定義ファイル更新失敗)\nstatus: open\n",
		"a: 1\nb:\nc: x\nparams:\n  k: v\n  e:\nlinks:\n  - rel: p\n    id: x\n  - rel: q\n    id: y\ntags: [a, \"b\", 'c d']\nlast:\n",
		"title: \"yes\"\nx: \"a: b\"\ny: \"\\\"q\\\" \\\\ \\n\\t\\u00e9\\U00020BB7\"\nz: 'it''s'\n",
		"tags: []\ndocuments: [P101_SOW (KPBE), 【KPBE】_yyyy年mm月]\n",
		"\n\na: b  \n\nc: d\n",
		"list:\n  - one\n  - \"two\"\n  -   three\n",
		"k: 𠮷野家 ＰＣ\n",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (!check_doc(docs[i])) {
			print_error("declined:\n%s\n", docs[i]);
			fail();
		}
}

static void test_declines_the_rest(void **state)
{
	(void)state;
	static const char *docs[] = {
		"a: b # comment\n", "# c\na: b\n", "a:\tb\n", "a: |\n  x\n", "a: >\n  x\n",
		"a: &x b\n", "a: *x\n", "a: !!str b\n", "a: {b: c}\n", "a: b\n  c\n",
		"a:\n- x\n", "a: b\na: c\n", "---\na: b\n", "%YAML 1.1\n---\na: b\n",
		"a: \"b\n  c\"\n", "a: [b, [c]]\n", "a: [b: c]\n", "a: b: c\n", "- a\n",
		"a: \"\\x00\"\n", "a: \"\\N\"\n", "a: x\xc2\x85y\n", "? a\n: b\n", "\"a\": b\n",
		"a: -b\n", "a: b:\n", "a: \"b\" c\n", "a:\n  b: c\n d: e\n", "",
		"a: \xef\xbb\xbf\n",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (check_doc(docs[i])) {
			print_error("took:\n%s\n", docs[i]);
			fail();
		}
}

/* A small deterministic PRNG (xorshift) for the property test. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *nasty[] = {
	"", "yes", "no", "null", "~", "010", "1e3", "2026-11-26", "a: b", "#x",
	"x #y", "- x", "-", "[a]", "{b}", "\"q\"", "'s'", "back\\slash", "𠮷",
	"ＰＣ入替え", "インシデント (ApexOne：事象)", "line\nbreak", "tab\there",
	" lead", "trail ", "a,b", "ends:", "%p", "@a", "`b", "&c", "*d", "!e",
	"|f", ">g", "?h", ":i", "é", "\x1b[31m", "a\x7f", "u\u2028v", "普通の件名",
};

static struct sss_node *rand_scalar(void)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned parts = 1 + rnd(3);
	for (unsigned i = 0; i < parts; i++)
		strbuf_addstr(&sb, nasty[rnd(sizeof(nasty) / sizeof(nasty[0]))]);
	struct sss_node *n = sss_node_new(SSS_NODE_SCALAR, sb.buf);
	n->plain = rnd(2);
	strbuf_release(&sb);
	return n;
}

static struct sss_node *rand_map(int depth)
{
	static const char *keys[] = { "id", "title", "status", "ソフト名", "事象",
				      "x-y", "k1", "rel", "担当者" };
	struct sss_node *m = sss_node_new(SSS_NODE_MAP, NULL);
	unsigned n = 1 + rnd(6);
	for (unsigned i = 0; i < n; i++) {
		struct sss_node *v;
		unsigned what = depth < 2 ? rnd(6) : 0;
		if (what == 4) {
			v = rand_map(depth + 1);
		} else if (what == 5) {
			v = sss_node_new(SSS_NODE_SEQ, NULL);
			unsigned k = rnd(4);
			for (unsigned j = 0; j < k; j++)
				sss_node_push(v, rnd(3) ? rand_scalar() : rand_map(depth + 1));
		} else {
			v = rand_scalar();
		}
		sss_node_set(m, keys[rnd(sizeof(keys) / sizeof(keys[0]))], v);
	}
	return m;
}

static void test_property_random_trees(void **state)
{
	(void)state;
	int took = 0;
	for (int i = 0; i < 3000; i++) {
		struct sss_node *m = rand_map(0);
		struct strbuf doc = STRBUF_INIT;
		sss_yaml_emit_map(&doc, m, 0);
		took += check_doc(doc.buf);
		strbuf_release(&doc);
		sss_node_free(m);
	}
	/* the point of the fast path: it takes most of what sssctl writes */
	print_message("fast path took %d of 3000 documents\n", took);
	assert_true(took > 1500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_takes_what_sssctl_writes),
		cmocka_unit_test(test_declines_the_rest),
		cmocka_unit_test(test_property_random_trees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
