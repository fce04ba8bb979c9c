/* test_import.c - import.h on a data repository made with
 * sss_repo_init() and the built-in catalog: CSV rows become tickets only
 * after every row is checked (a table of bad files, each refused with its
 * line and column and nothing written); the commit is one, with IDs all
 * valid and distinct across several ID slots; JSON lines keep their IDs
 * and refuse one that exists. Needs git on PATH. */
#include "unit.h"

#include <stdio.h>
#include <unistd.h>

#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/embedded.h"
#include "sss/id.h"
#include "sss/import.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

#define AUTHOR "テスト太郎 <taro@example.com>"

struct fixture {
	char dir[64];
	struct sss_repo *repo;
	struct sss_config config;
	struct sss_catalog *cat;
	time_t now;
};

static int commits(struct fixture *f)
{
	char *s = unit_sh(f->dir, "git rev-list --count HEAD");
	assert_non_null(s);
	int n = atoi(s);
	free(s);
	return n;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct strbuf config = STRBUF_INIT;
	const char *paths[] = { SSS_CONFIG_PATH };
	const char *contents[] = { NULL };

	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("HOME", "/nonexistent", 1);
	setenv("TZ", "JST-9", 1);
	strcpy(f->dir, "/tmp/sss-import-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_ok(sss_time_parse("2026-11-26T10:00:00+09:00", &f->now));
	sss_config_default_text(&config, sss_time_date(f->now));
	contents[0] = config.buf;
	assert_ok(sss_repo_init(f->dir, paths, contents, 1, AUTHOR, f->now));
	strbuf_release(&config);
	assert_ok(sss_repo_open(&f->repo, f->dir));
	sss_config_init(&f->config, sss_time_date(f->now));
	const struct sss_embedded_file *e = sss_embedded_find("sow/kpbe.yml");
	assert_non_null(e);
	assert_ok(sss_catalog_load_buf(&f->cat, e->data, e->len, "sow/kpbe.yml"));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct strbuf cmd = STRBUF_INIT;
	sss_repo_free(f->repo);
	sss_config_release(&f->config);
	sss_catalog_free(f->cat);
	strbuf_addf(&cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
	free(f);
	return 0;
}

static struct sss_error *prepare(struct fixture *f, const char *sow, const char *text,
				 bool one, struct sss_import **im)
{
	struct sss_import_options o = SSS_IMPORT_OPTIONS_INIT;
	o.entry = sow ? sss_catalog_find(f->cat, sow) : NULL;
	o.catalog = f->cat;
	o.file = "in.csv";
	o.now = f->now;
	o.fy_start = f->config.fy_start;
	o.one_ticket = one;
	return sss_import_prepare(im, &o, f->repo, text, strlen(text));
}

static void test_rows_checked_before_anything(void **state)
{
	struct fixture *f = *state;
	struct sss_import *im = NULL;

	assert_ok(prepare(f, "user-registration",
			  "ユーザ名,ソフト名,担当者,期限,優先度,ID\n"
			  "山田花子,M365,田中,2026/12/1,高,x\n"
			  "\n"
			  "髙橋①,SKYSEA,,,,\n", false, &im));
	assert_int_equal(sss_import_count(im), 2);
	assert_int_equal(sss_import_rows(im), 2);
	const struct sss_ticket *t = sss_import_ticket(im, 0);
	assert_string_equal(sss_ticket_get(t, "title"), "ユーザ登録申請 (山田花子：M365)");
	assert_string_equal(sss_ticket_get(t, "due"), "2026-12-01");
	assert_string_equal(sss_ticket_get(t, "priority"), "high");
	assert_string_equal(sss_ticket_param_get(t, "ソフト名"), "M365");
	assert_true(sss_import_new_id(im, 0));
	assert_non_null(strstr(sss_import_skipped(im), "'ID' (kept by sssctl)"));
	assert_string_equal(sss_ticket_get(sss_import_ticket(im, 1), "title"),
			    "ユーザ登録申請 (髙橋①：SKYSEA)");
	sss_import_free(im);
	assert_int_equal(commits(f), 1);
}

static void test_bad_files(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *sow, *text, *want;
		bool one;
	} cases[] = {
		{ "user-registration", "ユーザ名,ソフト名,期限\na,b,2026-12-01\na,b,2026-12-32\n",
		  "'in.csv' line 3, column '期限': '2026-12-32' is not a date", false },
		{ "user-registration", "ユーザ名,ソフト名,優先度\na,b,最高\n",
		  "line 2, column '優先度': unknown priority '最高'", false },
		{ "user-registration", "ユーザ名,名前\na,b\n",
		  "line 1, column '名前': unknown column", false },
		{ "user-registration", "ユーザ名,ソフト名,件名\na,b,c\n",
		  "", false },
		{ "user-registration", "ユーザ名,ソフト名,担当者,担当\na,b,c,d\n",
		  "column '担当': gives what column '担当者' gives", false },
		{ "user-registration", "ユーザ名,ソフト名\na,b,c\n",
		  "line 2: 3 fields, but the header has 2 columns", false },
		{ "user-registration", "ユーザ名,ソフト名,SOW項目\na,b,incident-software\n",
		  "column 'SOW項目': 'incident-software', but the import is of", false },
		{ "user-registration", "ユーザ名,ソフト名\n", "has a header but no rows", false },
		{ "user-registration", "", "is empty: no header row", false },
		{ NULL, "件名\na\n", "needs the SOW item", false },
		{ "user-registration", "ユーザ名,ソフト名,期限\na,M365,2026-12-01\nb,M365,2026-12-02\n",
		  "line 3, column '期限': '2026-12-02' differs from line 2", true },
		{ "user-registration", "件名\nx\n", "nothing for its checklist item", true },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sss_import *im = NULL;
		struct sss_error *err = prepare(f, cases[i].sow, cases[i].text, cases[i].one, &im);
		if (!*cases[i].want) {
			assert_null(err);
			sss_import_free(im);
			continue;
		}
		if (!err || !strstr(err->msg, cases[i].want))
			fail_msg("case %zu: got '%s', want '%s'", i, err ? err->msg : "success",
				 cases[i].want);
		assert_null(im);
		assert_null(strchr(err->msg, '\n'));
		sss_error_free(err);
	}
	assert_int_equal(commits(f), 1);
}

static void test_one_commit_distinct_ids(void **state)
{
	struct fixture *f = *state;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_import *im = NULL;
	struct strbuf csv = STRBUF_INIT;
	enum { N = 700 }; /* three ID slots of 256 */

	strbuf_addstr(&csv, "事象\n");
	for (int i = 0; i < N; i++)
		strbuf_addf(&csv, "問合せ%d\n", i);
	assert_ok(prepare(f, "usage-inquiry", csv.buf, false, &im));
	assert_ok(sss_tracker_init(&tr, f->repo, &f->config, f->now, AUTHOR));
	assert_ok(sss_import_commit(im, &tr));
	assert_false(sss_repo_locked(f->repo));
	assert_int_equal(commits(f), 2);
	for (size_t i = 0; i < sss_import_count(im); i++) {
		const char *id = sss_ticket_get(sss_import_ticket(im, i), "id");
		assert_true(sss_id_valid(id));
		assert_int_equal(strncmp(id, "2611-", 5), 0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(id, sss_ticket_get(sss_import_ticket(im, j), "id"));
	}
	char *n = unit_sh(f->dir, "git ls-files tickets | wc -l");
	assert_int_equal(atoi(n), N);
	free(n);
	char *msg = unit_sh(f->dir, "git log -1 --format=%%B");
	assert_non_null(strstr(msg, "import: 700 tickets from 'in.csv'"));
	assert_non_null(strstr(msg, "Sss-Sow: usage-inquiry\nSss-Count: 700\n"));
	free(msg);
	sss_import_free(im);
	sss_tracker_release(&tr);
	strbuf_release(&csv);
}

static void test_jsonl_ids(void **state)
{
	struct fixture *f = *state;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_import *im = NULL;
	const char *line =
		"{\"id\":\"2611-ABCDEF\",\"title\":\"問合せ 𠮷\",\"sow\":\"usage-inquiry\","
		"\"kind\":\"request\",\"status\":\"waiting\",\"priority\":\"low\","
		"\"created\":\"2026-11-20T09:00:00+09:00\",\"updated\":\"2026-11-21T09:00:00+09:00\","
		"\"tags\":[\"電話\"],\"path\":\"x\",\"spent_min\":5,\"estimate_min\":null,"
		"\"body\":\"\\n## 内容\\n一行目\\n\"}\n";

	assert_ok(prepare(f, NULL, line, false, &im));
	assert_int_equal(sss_import_count(im), 1);
	assert_false(sss_import_new_id(im, 0));
	assert_ok(sss_tracker_init(&tr, f->repo, &f->config, f->now, AUTHOR));
	assert_ok(sss_import_commit(im, &tr));
	sss_import_free(im);
	char *file = unit_sh(f->dir, "cat tickets/2026/11/2611-ABCDEF.md");
	assert_non_null(file);
	assert_non_null(strstr(file, "status: waiting\n"));
	assert_non_null(strstr(file, "updated: 2026-11-21T09:00:00+09:00\n"));
	assert_non_null(strstr(file, "## 内容\n一行目\n"));
	assert_null(strstr(file, "spent_min"));
	free(file);
	assert_fails(prepare(f, NULL, line, false, &im), SSS_ERR_EXISTS,
		     "'in.csv' line 1: ticket '2611-ABCDEF' exists");
	assert_fails(prepare(f, "user-registration", line, false, &im), SSS_ERR_INVALID,
		     "but the import is of 'user-registration'");
	struct sss_error *err = prepare(f, NULL, "{\"title\": \n", false, &im);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "in.csv' line 1"));
	sss_error_free(err);
	sss_tracker_release(&tr);
	assert_int_equal(commits(f), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_checked_before_anything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_commit_distinct_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jsonl_ids, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
