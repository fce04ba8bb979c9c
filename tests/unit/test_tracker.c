/* test_tracker.c - the write transaction (tracker.h) on a data repository
 * made with sss_repo_init(): a created ticket and a committed change are
 * one commit each with their trailers; a failed change, an abort and a
 * release leave HEAD as it was and the writer lock free; a ticket whose
 * id field names another is refused. Needs git on PATH (to read the
 * history back). */
#include "unit.h"

#include <stdio.h>
#include <unistd.h>

#include "sss/clock.h"
#include "sss/config.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

#define AUTHOR "テスト太郎 <taro@example.com>"

struct fixture {
	char dir[64];
	struct sss_repo *repo;
	struct sss_config config;
	time_t now;
	char id[32]; /* the ticket made by setup */
};

/* The output of a git command in the repository (caller frees); the
 * command must succeed. */
static char *git(struct fixture *f, const char *args)
{
	char *out = unit_sh(f->dir, "git %s", args);
	assert_non_null(out);
	return out;
}

static int commits(struct fixture *f)
{
	char *s = git(f, "rev-list --count HEAD");
	int n = atoi(s);
	free(s);
	return n;
}

static void expect_git(struct fixture *f, const char *args, const char *want)
{
	char *got = git(f, args);
	if (!strstr(got, want))
		fail_msg("git %s printed:\n%s\nwanted it to hold:\n%s", args, got, want);
	free(got);
}

/* Nothing uncommitted in the work tree. */
static void expect_clean(struct fixture *f)
{
	char *st = git(f, "status --porcelain");
	assert_string_equal(st, "");
	free(st);
}

static struct sss_ticket *ticket(const char *title)
{
	struct sss_ticket *t = sss_ticket_new();
	assert_ok(sss_ticket_set(t, "title", title));
	assert_ok(sss_ticket_set(t, "sow", "usage-inquiry"));
	assert_ok(sss_ticket_set(t, "status", "open"));
	assert_ok(sss_ticket_set(t, "priority", "normal"));
	assert_ok(sss_ticket_set(t, "created", "2026-11-26T10:00:00+09:00"));
	assert_ok(sss_ticket_set(t, "updated", "2026-11-26T10:00:00+09:00"));
	return t;
}

static void tracker(struct fixture *f, struct sss_tracker *tr)
{
	assert_ok(sss_tracker_init(tr, f->repo, &f->config, f->now, AUTHOR));
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct strbuf config = STRBUF_INIT;
	const char *paths[] = { SSS_CONFIG_PATH, ".gitignore" };
	const char *contents[] = { NULL, "/reports/\n" };
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t;

	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("HOME", "/nonexistent", 1);
	setenv("TZ", "JST-9", 1);
	strcpy(f->dir, "/tmp/sss-tracker-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_ok(sss_time_parse("2026-11-26T10:00:00+09:00", &f->now));
	sss_config_default_text(&config, sss_time_date(f->now));
	contents[0] = config.buf;
	assert_ok(sss_repo_init(f->dir, paths, contents, 2, AUTHOR, f->now));
	strbuf_release(&config);
	assert_ok(sss_repo_open(&f->repo, f->dir));
	sss_config_init(&f->config, sss_time_date(f->now));
	tracker(f, &tr);
	t = ticket("最初のチケット");
	assert_ok(sss_tracker_create(&tr, t, "new"));
	snprintf(f->id, sizeof(f->id), "%s", sss_ticket_get(t, "id"));
	assert_false(sss_repo_locked(f->repo));
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct strbuf cmd = STRBUF_INIT;
	sss_repo_free(f->repo);
	sss_config_release(&f->config);
	strbuf_addf(&cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
	free(f);
	return 0;
}

static void test_create_is_one_commit_with_trailers(void **state)
{
	struct fixture *f = *state;
	struct strbuf want = STRBUF_INIT;

	assert_int_equal(commits(f), 2); /* init, then setup's ticket */
	strbuf_addf(&want, "%s: new 最初のチケット\n\nSss-Ticket: %s\nSss-Action: new\n"
		    "Sss-Sow: usage-inquiry\n", f->id, f->id);
	expect_git(f, "log -1 --format=%B", want.buf);
	expect_git(f, "log -1 --format=%an%n%at", "テスト太郎\n1795654800\n");
	strbuf_release(&want);
}

static void test_begin_commit_writes_one_commit(void **state)
{
	struct fixture *f = *state;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	struct strbuf want = STRBUF_INIT;

	tracker(f, &tr);
	assert_ok(sss_tracker_begin(&tr, f->id, "set", &t));
	assert_true(sss_repo_locked(f->repo));
	assert_ok(sss_ticket_set(t, "priority", "high"));
	assert_ok(sss_tracker_commit(&tr, t, "set"));
	assert_false(sss_repo_locked(f->repo));
	assert_int_equal(commits(f), 3);
	strbuf_addf(&want, "%s: set 最初のチケット\n\nSss-Ticket: %s\nSss-Action: set\n",
		    f->id, f->id);
	expect_git(f, "log -1 --format=%B", want.buf);
	expect_git(f, "show HEAD --format= --stat", "1 file changed");
	expect_clean(f);
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	strbuf_release(&want);
}

/* A command's error path: goto done, release. */
static void test_error_path_release_unlocks(void **state)
{
	struct fixture *f = *state;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	char *head = git(f, "rev-parse HEAD");

	tracker(f, &tr);
	assert_ok(sss_tracker_begin(&tr, f->id, "set", &t));
	assert_true(sss_repo_locked(f->repo));
	assert_fails(sss_ticket_set(t, "status", "nope"), SSS_ERR_INVALID, "status");
	sss_tracker_release(&tr);
	assert_false(sss_repo_locked(f->repo));
	sss_tracker_release(&tr); /* twice is harmless */
	expect_git(f, "rev-parse HEAD", head);
	assert_int_equal(commits(f), 2);
	sss_ticket_free(t);
	t = NULL;
	/* and the next writer gets the lock at once */
	tracker(f, &tr);
	assert_ok(sss_tracker_begin(&tr, f->id, "set", &t));
	assert_true(sss_repo_locked(f->repo));
	sss_tracker_release(&tr);
	assert_false(sss_repo_locked(f->repo));
	sss_ticket_free(t);
	free(head);
}

static void test_abort_leaves_head(void **state)
{
	struct fixture *f = *state;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	char *head = git(f, "rev-parse HEAD");

	tracker(f, &tr);
	assert_ok(sss_tracker_begin(&tr, f->id, "set", &t));
	assert_ok(sss_ticket_set(t, "title", "変えたが書かない"));
	sss_tracker_abort(&tr);
	assert_false(sss_repo_locked(f->repo));
	expect_git(f, "rev-parse HEAD", head);
	expect_clean(f);
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	free(head);
}

static void test_failed_begin_holds_no_lock(void **state)
{
	struct fixture *f = *state;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;

	tracker(f, &tr);
	assert_fails(sss_tracker_begin(&tr, "../x", "set", &t), SSS_ERR_USAGE,
		     "is not a ticket ID");
	assert_false(sss_repo_locked(f->repo));
	assert_fails(sss_tracker_begin(&tr, "2611-ZZZZZZ", "set", &t), SSS_ERR_NOTFOUND, "");
	assert_false(sss_repo_locked(f->repo));
	assert_null(t);
	sss_tracker_release(&tr);
}

/* close --problem: a ticket created between begin and commit is written
 * under the lock begin took, which stays held until the commit. */
static void test_create_under_begin_keeps_the_lock(void **state)
{
	struct fixture *f = *state;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL, *p = ticket("恒久対応");

	tracker(f, &tr);
	assert_ok(sss_tracker_begin(&tr, f->id, "close", &t));
	assert_ok(sss_tracker_create(&tr, p, "new"));
	assert_true(sss_repo_locked(f->repo));
	assert_ok(sss_ticket_link_add(t, "problem", sss_ticket_get(p, "id")));
	assert_ok(sss_tracker_commit(&tr, t, "close"));
	assert_false(sss_repo_locked(f->repo));
	assert_int_equal(commits(f), 4);
	sss_ticket_free(t);
	sss_ticket_free(p);
	sss_tracker_release(&tr);
}

/* A ticket file whose id field names another ticket: refused with the
 * file named, no lock held, HEAD as it was. */
static void test_begin_refuses_id_of_another(void **state)
{
	struct fixture *f = *state;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	struct strbuf cmd = STRBUF_INIT, want = STRBUF_INIT;

	strbuf_addf(&cmd, "f=$(git ls-files tickets) && "
		    "sed -i 's/^id: .*/id: 2611-AAAAAA/' \"$f\" && "
		    "git -c user.name=T -c user.email=t@example.com commit -qam hand && "
		    "echo $f");
	char *rel = unit_sh(f->dir, "%s", cmd.buf);
	assert_non_null(rel);
	rel[strcspn(rel, "\n")] = '\0';
	char *head = git(f, "rev-parse HEAD");
	strbuf_addf(&want, "'%s' says 'id: 2611-AAAAAA', but its file name is "
		    "ticket '%s'", rel, f->id);
	tracker(f, &tr);
	assert_fails(sss_tracker_begin(&tr, f->id, "set", &t), SSS_ERR_INVALID,
		     want.buf);
	assert_null(t);
	assert_false(tr.locked);
	assert_false(sss_repo_locked(f->repo));
	expect_git(f, "rev-parse HEAD", head);
	sss_tracker_release(&tr);
	free(head);
	free(rel);
	strbuf_release(&cmd);
	strbuf_release(&want);
}

static void test_release_of_a_fresh_tracker(void **state)
{
	struct sss_tracker tr = SSS_TRACKER_INIT;
	(void)state;
	sss_tracker_release(&tr);
	sss_tracker_release(&tr);
	assert_null(tr.author);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_is_one_commit_with_trailers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_commit_writes_one_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_path_release_unlocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_leaves_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_begin_holds_no_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_under_begin_keeps_the_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_refuses_id_of_another, setup, teardown),
		cmocka_unit_test(test_release_of_a_fresh_tracker),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
