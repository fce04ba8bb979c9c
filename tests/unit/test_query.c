/* test_query.c - ticket filters (list, due, report: sss_query_*) on
 * tickets made with the ticket API, and the PCRE2 search (sss_regex_*). */
#include "unit.h"

#include <stdio.h>

#include "sss/date.h"
#include "sss/query.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- parsing filters ---- */

static const struct {
	const char *field, *values;
} good_filters[] = {
    {"status", "open"},
    {"status", "open,in-progress,waiting,resolved,closed,cancelled"},
    {"kind",
     "planning,operations,request,incident,problem,routine,meeting,report"},
    /* sow and assignee take any value */
    {"sow", "usage-inquiry,no-such-entry"},
    {"assignee", "田中,佐藤"},
    {"assignee", "anyone at all"},
};

static void test_add(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good_filters); i++) {
		struct sss_query q = SSS_QUERY_INIT;
		assert_ok(sss_query_add(&q, good_filters[i].field,
					good_filters[i].values));
		sss_query_release(&q);
		sss_query_release(&q); /* released twice: harmless */
	}
}

static const struct {
	const char *field, *values, *msg;
} bad_filters[] = {
    {"sla", "high", "cannot filter on 'sla'"},
    {"priority", "最高", "unknown priority '最高' (use low, normal, high, "
     "urgent or 低, 中, 高, 緊急)"},
    {"Status", "open", "cannot filter on 'Status'"},
    {"", "open", "cannot filter on ''"},
    {"status", "", "empty value in --status ''"},
    {"status", "open,", "empty value in --status 'open,'"},
    {"status", ",open", "empty value in --status ',open'"},
    {"kind", "request,,incident", "empty value in --kind 'request,,incident'"},
    {"assignee", ",", "empty value in --assignee ','"},
    {"status", "done",
     "unknown status 'done' (use open, in-progress, waiting, resolved, "
     "closed, cancelled or 未着手, 対応中, 保留, 解決済, 完了, 取消)"},
    {"status", "open,Closed",
     "unknown status 'Closed' (use open, in-progress, waiting, resolved, "
     "closed, cancelled or 未着手, 対応中, 保留, 解決済, 完了, 取消)"},
    {"kind", "bug",
     "unknown kind 'bug' (use planning, operations, request, incident, "
     "problem, routine, meeting, report or IT支援, 運用, 要求実現（問合せ）, "
     "インシデント, 問題管理, 定例作業, 会議, 報告)"},
};

/* A bad filter is one usage error line, and what came before it in the
 * same query is still released cleanly. */
static void test_add_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_filters); i++) {
		struct sss_query q = SSS_QUERY_INIT;
		assert_ok(sss_query_add(&q, "assignee", "田中"));
		struct sss_error *err = sss_query_add(&q, bad_filters[i].field,
						      bad_filters[i].values);
		if (!err || err->code != SSS_ERR_USAGE ||
		    strcmp(err->msg, bad_filters[i].msg)) {
			print_error("--%s '%s': got %s, want %s\n",
				    bad_filters[i].field, bad_filters[i].values,
				    err ? err->msg : "no error",
				    bad_filters[i].msg);
			sss_error_free(err);
			fail();
		}
		assert_null(strchr(err->msg, '\n'));
		sss_error_free(err);
		sss_query_release(&q);
	}
}

/* ---- matching tickets ---- */

static const struct {
	const char *name, *status, *kind, *sow, *assignee, *due;
} ticket_rows[] = {
    {"A", "open", "request", "usage-inquiry", "田中", "2026-11-20"},
    {"B", "in-progress", "incident", "incident-software", "佐藤", "2026-11-26"},
    {"C", "waiting", "request", "usage-inquiry", NULL, "2026-11-25"},
    {"D", "resolved", "incident", "incident-software", "田中", "2026-11-01"},
    {"E", "closed", "request", "usage-inquiry", "田中", "2026-11-01"},
    {"F", "cancelled", "routine", "routine-check", "佐藤", NULL},
    {"G", "open", "meeting", "weekly-meeting", NULL, NULL},
};
#define N_TICKETS ARRAY_SIZE(ticket_rows)

static struct sss_ticket *make_ticket(size_t i)
{
	struct sss_ticket *t = sss_ticket_new();
	char id[16];
	snprintf(id, sizeof(id), "2611-AAAAA%c", ticket_rows[i].name[0]);
	assert_ok(sss_ticket_set(t, "id", id));
	assert_ok(sss_ticket_set(t, "title", ticket_rows[i].name));
	assert_ok(sss_ticket_set(t, "status", ticket_rows[i].status));
	assert_ok(sss_ticket_set(t, "kind", ticket_rows[i].kind));
	assert_ok(sss_ticket_set(t, "sow", ticket_rows[i].sow));
	assert_ok(sss_ticket_set(t, "priority", "normal"));
	assert_ok(sss_ticket_set(t, "created", "2026-11-01T09:00:00+09:00"));
	if (ticket_rows[i].assignee)
		assert_ok(
		    sss_ticket_set(t, "assignee", ticket_rows[i].assignee));
	if (ticket_rows[i].due)
		assert_ok(sss_ticket_set(t, "due", ticket_rows[i].due));
	return t;
}

static const struct {
	const char *filters; /* "field=values" separated by ';' */
	bool all, overdue;
	const char *today;
	const char *want; /* the names of the matching tickets */
} match_cases[] = {
    /* the default view: resolved work waits for confirmation and stays;
     * closed and cancelled tickets are left out */
    {"", false, false, NULL, "A B C D G"},
    {"", true, false, NULL, "A B C D E F G"},
    /* naming a status shows it, finished or not */
    {"status=closed", false, false, NULL, "E"},
    {"status=open,closed", false, false, NULL, "A E G"},
    {"status=cancelled", true, false, NULL, "F"},
    {"status=resolved", false, false, NULL, "D"},
    /* several values of one field: any; several fields: all */
    {"kind=request", false, false, NULL, "A C"},
    {"kind=request", true, false, NULL, "A C E"},
    {"kind=request,incident", false, false, NULL, "A B C D"},
    {"sow=usage-inquiry", false, false, NULL, "A C"},
    {"sow=Usage-Inquiry", false, false, NULL, ""},
    {"assignee=田中", false, false, NULL, "A D"},
    {"assignee=田中,佐藤", false, false, NULL, "A B D"},
    {"assignee=田中,佐藤", true, false, NULL, "A B D E F"},
    {"assignee=田", false, false, NULL, ""},
    {"assignee=田中;kind=incident", false, false, NULL, "D"},
    {"kind=request;status=waiting,closed", false, false, NULL, "C E"},
    /* the same field given twice adds values */
    {"status=open;status=waiting", false, false, NULL, "A C G"},
    /* overdue: a due date before today, and not finished */
    {"", false, true, "2026-11-26", "A C"},
    {"", true, true, "2026-11-26", "A C"},
    {"", false, true, "2026-11-27", "A B C"},
    {"", false, true, "2026-11-20", ""},
    {"status=resolved", false, true, "2026-11-26", ""},
    {"assignee=田中", false, true, "2026-11-26", "A"},
};

static void add_filters(struct sss_query *q, const char *filters)
{
	char *copy = strdup(filters), *save = NULL;
	for (char *f = strtok_r(copy, ";", &save); f;
	     f = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(f, '=');
		assert_non_null(eq);
		*eq = '\0';
		assert_ok(sss_query_add(q, f, eq + 1));
	}
	free(copy);
}

static void test_match(void **state)
{
	(void)state;
	struct sss_ticket *t[N_TICKETS];
	for (size_t i = 0; i < N_TICKETS; i++)
		t[i] = make_ticket(i);
	for (size_t c = 0; c < ARRAY_SIZE(match_cases); c++) {
		struct sss_query q = SSS_QUERY_INIT;
		struct strbuf got = STRBUF_INIT;
		add_filters(&q, match_cases[c].filters);
		q.all = match_cases[c].all;
		q.overdue = match_cases[c].overdue;
		if (match_cases[c].today)
			assert_int_equal(
			    sss_date_parse(match_cases[c].today, &q.today), 0);
		for (size_t i = 0; i < N_TICKETS; i++)
			if (sss_query_match(&q, t[i]))
				strbuf_addf(&got, "%s%s", got.len ? " " : "",
					    ticket_rows[i].name);
		if (strcmp(got.buf, match_cases[c].want)) {
			print_error("'%s'%s%s: got '%s', want '%s'\n",
				    match_cases[c].filters,
				    match_cases[c].all ? " --all" : "",
				    match_cases[c].overdue ? " --overdue" : "",
				    got.buf, match_cases[c].want);
			fail();
		}
		strbuf_release(&got);
		sss_query_release(&q);
	}
	for (size_t i = 0; i < N_TICKETS; i++)
		sss_ticket_free(t[i]);
}

/* A ticket that was parsed, not built, matches the same way; a ticket
 * with no status at all is not finished. */
static void test_match_parsed_and_bare(void **state)
{
	(void)state;
	static const char text[] =
	    "---\nid: 2611-ABCDEF\ntitle: t\nsow: usage-inquiry\n"
	    "kind: request\nstatus: closed\nassignee: 田中\n"
	    "created: 2026-11-26T10:00:00+09:00\n---\n";
	struct sss_ticket *t = NULL, *bare = sss_ticket_new();
	struct sss_query q = SSS_QUERY_INIT;
	assert_ok(sss_ticket_parse(&t, text, strlen(text), "t.md"));
	assert_false(sss_query_match(&q, t));
	q.all = true;
	assert_true(sss_query_match(&q, t));
	assert_true(sss_query_match(&q, bare));
	q.all = false;
	assert_true(sss_query_match(&q, bare));
	assert_ok(sss_query_add(&q, "assignee", "田中"));
	assert_false(sss_query_match(&q, bare)); /* no assignee */
	q.all = true;
	assert_true(sss_query_match(&q, t));
	sss_query_release(&q);
	q.overdue = true;
	q.today = sss_date_from_ymd(2026, 11, 26);
	assert_false(sss_query_match(&q, bare)); /* no due date */
	sss_ticket_free(t);
	sss_ticket_free(bare);
}

/* ---- the PCRE2 search ---- */

static const struct {
	const char *pattern;
	bool caseless;
	const char *subject;
	bool want;
} regex_cases[] = {
    {"証明書期限切れ", false, "件名: 証明書期限切れの対応\n", true},
    {"証明書", false, "ライセンス更新\n", false},
    {"apexone", false, "ApexOne の定義ファイル", false},
    {"apexone", true, "ApexOne の定義ファイル", true},
    /* UTF-8 characters, not bytes */
    {"^.{3}$", false, "定義書", true},
    {"^\\p{Han}+$", false, "定義書", true},
    {"^\\p{Han}+$", false, "ていぎ", false},
    /* multiline: ^ and $ at every line */
    {"^status: closed$", false, "---\nstatus: closed\n---\n", true},
    {"^closed", false, "status: closed\n", false},
    /* Unicode case folding when caseless */
    {"ＡＰＥＸ", true, "ａｐｅｘ", true},
};

static void test_regex_match(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(regex_cases); i++) {
		struct sss_regex *re = NULL;
		bool matched = !regex_cases[i].want;
		assert_ok(sss_regex_compile(&re, regex_cases[i].pattern,
					    regex_cases[i].caseless));
		assert_ok(sss_regex_match(re, regex_cases[i].subject,
					  strlen(regex_cases[i].subject),
					  &matched));
		if (matched != regex_cases[i].want) {
			print_error("/%s/%s on '%s': got %d\n",
				    regex_cases[i].pattern,
				    regex_cases[i].caseless ? "i" : "",
				    regex_cases[i].subject, matched);
			fail();
		}
		sss_regex_free(re);
	}
	sss_regex_free(NULL);
}

/* The subject is the given length, not up to a NUL. */
static void test_regex_length(void **state)
{
	(void)state;
	struct sss_regex *re = NULL;
	bool matched = true;
	assert_ok(sss_regex_compile(&re, "c", false));
	assert_ok(sss_regex_match(re, "abc", 2, &matched));
	assert_false(matched);
	assert_ok(sss_regex_match(re, "abc", 3, &matched));
	assert_true(matched);
	assert_ok(sss_regex_match(re, "a\0c", 3, &matched));
	assert_true(matched);
	sss_regex_free(re);
}

static void test_regex_errors(void **state)
{
	(void)state;
	struct sss_regex *re = (struct sss_regex *)&re;
	bool matched = true;

	assert_fails(sss_regex_compile(&re, "(", false), SSS_ERR_USAGE,
		     "bad pattern '(' at offset 1: ");
	assert_null(re);
	assert_fails(sss_regex_compile(&re, "a[", false), SSS_ERR_USAGE,
		     "bad pattern 'a[' at offset 2: ");
	assert_fails(sss_regex_compile(&re, "\xff", false), SSS_ERR_USAGE,
		     "bad pattern '");

	/* catastrophic backtracking stops at the match limit */
	char subject[64];
	memset(subject, 'a', 40);
	strcpy(subject + 40, "!");
	assert_ok(sss_regex_compile(&re, "^(a+)+$", false));
	assert_fails(sss_regex_match(re, subject, strlen(subject), &matched),
		     SSS_ERR_LIMIT,
		     "the pattern is too costly (match limit 1000000 reached); "
		     "simplify it");
	assert_false(matched);
	/* a subject that is not UTF-8 is refused, not matched */
	assert_fails(sss_regex_match(re, "a\xff", 2, &matched), SSS_ERR_INVALID,
		     "pattern match failed: ");
	assert_false(matched);
	sss_regex_free(re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add),
	    cmocka_unit_test(test_add_errors),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_match_parsed_and_bare),
	    cmocka_unit_test(test_regex_match),
	    cmocka_unit_test(test_regex_length),
	    cmocka_unit_test(test_regex_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
