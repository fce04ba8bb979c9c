/* fuzz_yaml.c - the strict YAML parser (yaml.c) and our emitter.
 *
 * Properties: a document that parses to a map is emitted
 * (sss_yaml_emit_map) into text that parses again to the same tree: the
 * JSON of both trees is identical and emitting again gives the same
 * text. Errors are one line and name the file. When the fast path of
 * the parser (yamlfast.c) takes a document, libyaml takes it too and
 * builds the same tree: kinds, strings, plain flags and lines. */
#include "fuzz.h"
#include "sss/node.h"
#include "sss/yaml.h"

#define FILE_NAME "fuzz.yml"

/* A plain include: a missing header must stop the build, not drop the
 * differential check (lib.sh compiles with -Ilib). */
#include "yamlfast.h"

static void same_tree(const struct sss_node *a, const struct sss_node *b,
		      const char *text)
{
	if (!a || !b) {
		if (a != b)
			FUZZ_FAIL("fast path and libyaml differ (one empty)\n%s",
				  text);
		return;
	}
	if (a->kind != b->kind || a->line != b->line || a->len != b->len ||
	    (a->kind == SSS_NODE_SCALAR &&
	     (a->plain != b->plain || strcmp(a->str, b->str))))
		FUZZ_FAIL("fast path and libyaml differ at line %d/%d "
			  "(kind %d/%d, len %zu/%zu, '%s'/'%s')\n--- text ---\n%s",
			  a->line, b->line, a->kind, b->kind, a->len, b->len,
			  a->str ? a->str : "", b->str ? b->str : "", text);
	for (size_t i = 0; i < a->len; i++) {
		if (a->kind == SSS_NODE_MAP && strcmp(a->keys[i], b->keys[i]))
			FUZZ_FAIL("fast path and libyaml differ: key '%s'/'%s'"
				  "\n%s", a->keys[i], b->keys[i], text);
		same_tree(a->items[i], b->items[i], text);
	}
}

static void differential(const uint8_t *data, size_t size)
{
	struct sss_node *f = NULL, *l = NULL;
	char *text = fuzz_str(data, size);
	bool fast = sss_yaml_parse_fast(&f, (const char *)data, size, 2);
	struct sss_error *err = sss_yaml_parse_libyaml(
	    &l, (const char *)data, size, FILE_NAME, 2);

	if (fast && err)
		FUZZ_FAIL("the fast path took what libyaml refuses (%s)\n%s",
			  err->msg, text);
	if (fast)
		same_tree(f, l, text);
	sss_error_free(err);
	sss_node_free(f);
	sss_node_free(l);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sss_node *n1 = NULL, *n2 = NULL;
	struct strbuf e1 = STRBUF_INIT, e2 = STRBUF_INIT;
	struct strbuf j1 = STRBUF_INIT, j2 = STRBUF_INIT;
	struct sss_error *err;
	int line, col;

	/* the callers check UTF-8 and normalise first; so do we */
	if (!sss_utf8_check((const char *)data, size, &line, &col))
		return 0;
	differential(data, size);
	err = sss_yaml_parse(&n1, (const char *)data, size, FILE_NAME, 1);
	if (err) {
		fuzz_check_error(err, "'" FILE_NAME "'");
		sss_error_free(err);
		return 0;
	}
	if (!n1 || n1->kind != SSS_NODE_MAP)
		goto done;
	sss_yaml_emit_map(&e1, n1, 0);
	sss_node_to_json(&j1, n1);
	err = sss_yaml_parse(&n2, e1.buf, e1.len, FILE_NAME, 1);
	if (err)
		FUZZ_FAIL("emitted YAML does not parse: %s\n--- text ---\n%s",
			  err->msg, e1.buf);
	if (!n2 && n1->len == 0)
		goto done; /* an empty map emits nothing */
	if (!n2)
		FUZZ_FAIL("emitted YAML is empty\n%s", e1.buf);
	sss_node_to_json(&j2, n2);
	sss_yaml_emit_map(&e2, n2, 0);
	if (strcmp(j1.buf, j2.buf))
		FUZZ_FAIL("the round trip changed the tree\n--- first ---\n%s\n"
			  "--- second ---\n%s\n--- emitted ---\n%s",
			  j1.buf, j2.buf, e1.buf);
	if (strcmp(e1.buf, e2.buf))
		FUZZ_FAIL("emitting is not a fixed point\n--- first ---\n%s\n"
			  "--- second ---\n%s", e1.buf, e2.buf);
done:
	sss_node_free(n1);
	sss_node_free(n2);
	strbuf_release(&e1);
	strbuf_release(&e2);
	strbuf_release(&j1);
	strbuf_release(&j2);
	return 0;
}
