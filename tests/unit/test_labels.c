/* test_labels.c - the Japanese names of statuses, priorities and kinds
 * (labels.h): every value of the model's sets has one, each label and
 * other spelling leads back to its value, and nothing else does. */
#include "unit.h"

#include "sss/labels.h"
#include "sss/query.h"
#include "sss/ticket.h"

static void test_every_value_has_a_label(void **state)
{
	(void)state;
	const char *const *sets[] = { sss_statuses, sss_priorities, sss_kinds };
	const char *fields[] = { "status", "priority", "kind" };
	for (int f = 0; f < 3; f++)
		for (size_t i = 0; sets[f][i]; i++) {
			const char *l = sss_label_of(fields[f], sets[f][i]);
			assert_non_null(l);
			/* the label, and the value itself, lead back */
			assert_string_equal(sss_label_value(fields[f], l), sets[f][i]);
			assert_string_equal(sss_label_value(fields[f], sets[f][i]),
					    sets[f][i]);
		}
}

static void test_known_labels(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
		{ "status", "対応中", "in-progress" }, { "status", "完了", "closed" },
		{ "status", "未着手", "open" },	       { "status", "取消", "cancelled" },
		{ "status", "解決済み", "resolved" },   { "status", "保留", "waiting" },
		{ "priority", "高", "high" },	       { "priority", "緊急", "urgent" },
		{ "priority", "中", "normal" },	       { "priority", "低", "low" },
		{ "kind", "障害", "incident" },	       { "kind", "インシデント", "incident" },
		{ "kind", "問合せ", "request" },       { "kind", "要求実現（問合せ）", "request" },
		{ "kind", "定例作業", "routine" },     { "kind", "会議", "meeting" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *v = sss_label_value(cases[i][0], cases[i][1]);
		if (!v || strcmp(v, cases[i][2])) {
			print_error("%s '%s': got %s, want %s\n", cases[i][0],
				    cases[i][1], v ? v : "NULL", cases[i][2]);
			fail();
		}
	}
	assert_string_equal(sss_label_of("priority", "normal"), "中");
	assert_string_equal(sss_status_label("in-progress"), "対応中");
}

static void test_unknown(void **state)
{
	(void)state;
	/* a label of another field, a near miss, full-width letters, empty */
	assert_null(sss_label_value("status", "高"));
	assert_null(sss_label_value("priority", "対応中"));
	assert_null(sss_label_value("status", "対応"));
	assert_null(sss_label_value("status", "ｏｐｅｎ"));
	assert_null(sss_label_value("kind", ""));
	assert_null(sss_label_value("kind", NULL));
	assert_null(sss_label_value("assignee", "田中"));
	assert_null(sss_label_of("status", "done"));
	assert_null(sss_label_of("sow", "usage-inquiry"));
	assert_int_equal(sss_label_field("status"), 1);
	assert_int_equal(sss_label_field("assignee"), 0);
}

/* A filter given in labels holds the same values as one given in English. */
static void test_query_takes_labels(void **state)
{
	(void)state;
	struct sss_query q = SSS_QUERY_INIT;
	assert_ok(sss_query_add(&q, "status", "対応中,保留"));
	assert_ok(sss_query_add(&q, "priority", "高"));
	assert_ok(sss_query_add(&q, "kind", "障害"));
	assert_string_equal(q.values[0][0], "in-progress");
	assert_string_equal(q.values[0][1], "waiting");
	assert_string_equal(q.values[4][0], "high");
	assert_string_equal(q.values[1][0], "incident");
	sss_query_release(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_value_has_a_label),
		cmocka_unit_test(test_known_labels),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_query_takes_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
