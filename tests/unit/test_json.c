/* test_json.c - the JSON writer: commas, the three layouts, nesting,
 * escapes. Each case is the exact text an existing output writes. */
#include "unit.h"

#include "sss/json.h"
#include "sss/strbuf.h"

static void test_compact(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct sss_json j;
	sss_json_init(&j, &sb, 0);
	sss_json_object(&j, SSS_JSON_COMPACT);
	sss_json_key(&j, "id");
	sss_json_string(&j, "2611-K3Q7ZP");
	sss_json_key(&j, "links");
	sss_json_array(&j, SSS_JSON_COMPACT);
	sss_json_object(&j, SSS_JSON_COMPACT);
	sss_json_key(&j, "rel");
	sss_json_string(&j, "problem");
	sss_json_end(&j);
	sss_json_object(&j, SSS_JSON_COMPACT);
	sss_json_end(&j);
	sss_json_end(&j);
	sss_json_key(&j, "path");
	sss_json_string(&j, NULL);
	sss_json_key(&j, "n");
	sss_json_int(&j, -3);
	sss_json_key(&j, "b");
	sss_json_bool(&j, false);
	sss_json_end(&j);
	assert_string_equal(sb.buf, "{\"id\":\"2611-K3Q7ZP\",\"links\":[{\"rel\":\"problem\"},{}],"
				    "\"path\":null,\"n\":-3,\"b\":false}");
	strbuf_release(&sb);
}

static void test_spaced_in_lines(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct sss_json j;
	sss_json_init(&j, &sb, 2);
	sss_json_object(&j, SSS_JSON_LINES);
	sss_json_key(&j, "report");
	sss_json_string(&j, "monthly");
	sss_json_key(&j, "items");
	sss_json_array(&j, SSS_JSON_LINES);
	for (int i = 0; i < 2; i++) {
		sss_json_object(&j, SSS_JSON_SPACED);
		sss_json_key(&j, "key");
		sss_json_null(&j);
		sss_json_key(&j, "rate");
		sss_json_numberf(&j, "%.1f", 12.25 + i);
		sss_json_end(&j);
	}
	sss_json_end(&j);
	sss_json_key(&j, "empty");
	sss_json_array(&j, SSS_JSON_LINES);
	sss_json_end(&j);
	sss_json_key(&j, "raw");
	sss_json_raw(&j, "[1, 2]", 6);
	sss_json_end(&j);
	assert_string_equal(sb.buf, "{\n"
				    "  \"report\": \"monthly\",\n"
				    "  \"items\": [\n"
				    "    {\"key\": null, \"rate\": 12.2},\n"
				    "    {\"key\": null, \"rate\": 13.2}\n"
				    "  ],\n"
				    "  \"empty\": [],\n"
				    "  \"raw\": [1, 2]\n"
				    "}");
	strbuf_release(&sb);
}

/* list --format json: one object a line, no indent */
static void test_lines_no_indent(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct sss_json j;
	sss_json_init(&j, &sb, 0);
	sss_json_array(&j, SSS_JSON_LINES);
	sss_json_raw(&j, "{}", 2);
	sss_json_raw(&j, "{\"a\":1}", 7);
	sss_json_end(&j);
	assert_string_equal(sb.buf, "[\n{},\n{\"a\":1}\n]");
	strbuf_release(&sb);
}

static void test_escapes(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sss_json_str(&sb, "a\"b\\c\n\r\t\x01\x7f 𠮷髙①");
	assert_string_equal(sb.buf, "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u007f 𠮷髙①\"");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_spaced_in_lines),
		cmocka_unit_test(test_lines_no_indent),
		cmocka_unit_test(test_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
