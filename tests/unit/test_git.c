/* test_git.c - the git layer (store.h) against git itself: a commit is in
 * HEAD with its message, trailers and author, and the work tree and index
 * are clean after it; a commit that loses the compare-and-swap of the
 * branch is made again on the new tip; the journal lets the next command
 * finish a change whose writer died, and only its own change; a missing
 * index is rebuilt from HEAD, a split or corrupt one refused before the
 * commit; the writer lock. Needs git on PATH. */
#include "unit.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sss/store.h"
#include "sss/strbuf.h"

#define A "tickets/2026/04/2604-K7QD4A.md"
#define B "tickets/2026/04/2604-K7QD4B.md"
#define WHO "Tester <tester@example.com>"
#define WHEN 1775000000

struct fixture {
	char dir[64]; /* the work tree, with a trailing slash */
	struct sss_repo *r;
};

/* Shell commands in the work tree (unit.h). */
#define sh(f, ...) unit_sh((f)->dir, __VA_ARGS__)
#define sh_expect(f, want, cmd) unit_sh_expect((f)->dir, (want), (cmd))

/* The end of every test: git finds the repository sound and clean (a
 * commit that lost the compare-and-swap is left dangling, as git's own). */
static void expect_clean(struct fixture *f)
{
	sh_expect(f, "", "git fsck --strict --no-dangling --no-progress 2>&1");
	sh_expect(f, "", "git status --porcelain");
}

static char *read_rel(struct fixture *f, const char *rel)
{
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	strbuf_addf(&path, "%s%s", f->dir, rel);
	int fd = open(path.buf, O_RDONLY);
	strbuf_release(&path);
	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&out, buf, (size_t)n);
	close(fd);
	return strbuf_detach(&out, NULL);
}

static void write_rel(struct fixture *f, const char *rel, const char *data)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s%s", f->dir, rel);
	int fd = open(path.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
	close(fd);
	strbuf_release(&path);
}

static bool exists_rel(struct fixture *f, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	struct stat st;
	strbuf_addf(&path, "%s%s", f->dir, rel);
	bool ok = lstat(path.buf, &st) == 0;
	strbuf_release(&path);
	return ok;
}

static struct sss_error *commit(struct sss_repo *r, const char *rel,
				const char *data, const char *msg)
{
	struct sss_change ch = { rel, data, data ? strlen(data) : 0 };
	struct sss_commit_info ci = { msg, WHO, WHEN, false };
	return sss_repo_commit(r, &ch, 1, &ci);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char tmpl[] = "/tmp/sss-git-XXXXXX";
	const char *paths[] = { ".sss/config.yml" };
	const char *contents[] = { "fy_start: 4\n" };

	assert_non_null(mkdtemp(tmpl));
	snprintf(f->dir, sizeof(f->dir), "%s/", tmpl);
	assert_ok(sss_repo_init(f->dir, paths, contents, 1, WHO, WHEN));
	assert_ok(sss_repo_open(&f->r, f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	sss_repo_free(f->r);
	strbuf_addf(&sb, "rm -rf '%s'", f->dir);
	assert_int_equal(system(sb.buf), 0);
	strbuf_release(&sb);
	free(f);
	return 0;
}

struct seen {
	int n;
	char msg[256], author[64], path[64], data[64];
	time_t when;
	bool had_old, has_new;
};

static int log_one(const struct sss_log_entry *e, void *data)
{
	struct seen *s = data;
	if (s->n++)
		return 0;
	snprintf(s->msg, sizeof(s->msg), "%s", e->message);
	snprintf(s->author, sizeof(s->author), "%s", e->author);
	snprintf(s->path, sizeof(s->path), "%s", e->path);
	snprintf(s->data, sizeof(s->data), "%.*s", (int)e->new_len,
		 e->new_data ? e->new_data : "");
	s->when = e->when;
	s->had_old = e->old_data != NULL;
	s->has_new = e->new_data != NULL;
	return 0;
}

static void test_commit_in_head(void **state)
{
	struct fixture *f = *state;
	const char *msg = "2604-K7QD4A: new t\n\nSss-Ticket: 2604-K7QD4A\n"
			  "Sss-Action: new\n";
	struct seen s;
	bool in;

	sh_expect(f, "init\n", "git log --format='%(trailers:key=Sss-Action,valueonly)'"
			       " | sed /^$/d");
	assert_ok(sss_repo_lock(f->r, 1000, "test"));
	assert_ok(commit(f->r, A, "hello\n", msg));
	sss_repo_unlock(f->r);
	assert_ok(sss_repo_in_head(f->r, A, &in));
	assert_true(in);
	assert_ok(sss_repo_in_head(f->r, B, &in));
	assert_false(in);
	sh_expect(f, "hello\n", "git cat-file -p HEAD:" A);
	sh_expect(f, "Tester <tester@example.com> 1775000000\n",
		  "git log -1 --format='%an <%ae> %at'");
	sh_expect(f, "2604-K7QD4A\nnew\n\n",
		  "git log -1 --format='%(trailers:key=Sss-Ticket,valueonly)"
		  "%(trailers:key=Sss-Action,valueonly)'");
	expect_clean(f);

	/* the history as sss_repo_log gives it, newest first */
	memset(&s, 0, sizeof(s));
	assert_ok(sss_repo_log(f->r, NULL, log_one, &s));
	assert_int_equal(s.n, 1);
	assert_string_equal(s.msg, msg);
	assert_string_equal(s.author, WHO);
	assert_string_equal(s.path, A);
	assert_string_equal(s.data, "hello\n");
	assert_int_equal(s.when, WHEN);
	assert_false(s.had_old);

	/* an edit by hand is refused, as uncommitted */
	assert_ok(sss_repo_check_clean(f->r, A));
	write_rel(f, A, "edited\n");
	assert_fails(sss_repo_check_clean(f->r, A), SSS_ERR_CONFLICT,
		     "has changes that are not committed");
	write_rel(f, A, "hello\n");
	assert_ok(sss_repo_check_clean(f->r, A));

	/* a removal */
	assert_ok(sss_repo_lock(f->r, 1000, "test"));
	assert_ok(commit(f->r, A, NULL, "2604-K7QD4A: remove\n"));
	sss_repo_unlock(f->r);
	assert_ok(sss_repo_in_head(f->r, A, &in));
	assert_false(in);
	assert_false(exists_rel(f, A));
	memset(&s, 0, sizeof(s));
	assert_ok(sss_repo_log(f->r, A, log_one, &s));
	assert_int_equal(s.n, 2);
	assert_true(s.had_old);
	assert_false(s.has_new);
	expect_clean(f);
}

struct releaser {
	char lock[256], ref[200];
};

/* Hold the branch's lock as another git would, then move the branch. */
static void *release_later(void *arg)
{
	struct releaser *rl = arg;
	struct timespec ts = { 0, 150 * 1000000L };
	nanosleep(&ts, NULL);
	if (rename(rl->lock, rl->ref) < 0)
		abort();
	return NULL;
}

static void test_lost_cas_retried_on_new_tip(void **state)
{
	struct fixture *f = *state;
	struct releaser rl;
	pthread_t thread;

	/* a commit made beside us, by plain git, that the branch is about to
	 * point to (the index already has its file, as after git commit) */
	write_rel(f, "other.txt", "other\n");
	char *x = sh(f, "git add other.txt && git commit-tree -p HEAD -m other "
		     "$(git write-tree)");
	char *branch = sh(f, "git symbolic-ref HEAD");
	assert_non_null(x);
	assert_non_null(branch);
	branch[strcspn(branch, "\n")] = '\0';
	snprintf(rl.ref, sizeof(rl.ref), "%s.git/%s", f->dir, branch);
	snprintf(rl.lock, sizeof(rl.lock), "%s.lock", rl.ref);
	int fd = open(rl.lock, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, x, strlen(x)), (ssize_t)strlen(x));
	close(fd);
	assert_int_equal(pthread_create(&thread, NULL, release_later, &rl), 0);

	assert_ok(sss_repo_lock(f->r, 1000, "test"));
	struct sss_error *err = commit(f->r, A, "hello\n", "2604-K7QD4A: new\n");
	sss_repo_unlock(f->r);
	pthread_join(thread, NULL);
	assert_ok(err);
	/* on top of the commit that won, which it keeps */
	char *parent = sh(f, "git rev-parse HEAD^");
	assert_non_null(parent);
	assert_string_equal(parent, x);
	sh_expect(f, "other\n", "git cat-file -p HEAD:other.txt");
	sh_expect(f, "hello\n", "git cat-file -p HEAD:" A);
	expect_clean(f);
	free(parent);
	free(x);
	free(branch);
}

/* A change committed by a writer that died before its work tree and
 * index: HEAD holds v2 of A, the work tree v1 (or anything) ... */
static void commit_behind(struct fixture *f)
{
	assert_ok(sss_repo_lock(f->r, 1000, "test"));
	assert_ok(commit(f->r, A, "v1\n", "2604-K7QD4A: new\n"));
	sss_repo_unlock(f->r);
	char *out = sh(f, "b=$(printf 'v2\\n' | git hash-object -w --stdin) && "
		       "export GIT_INDEX_FILE=.git/tmp-index && git read-tree HEAD && "
		       "git update-index --cacheinfo 100644,$b," A " && "
		       "c=$(git commit-tree -p HEAD -m v2 $(git write-tree)) && "
		       "git update-ref HEAD $c && rm .git/tmp-index");
	assert_non_null(out);
	free(out);
}

/* ... its journal names A (v1 -> v2) and B (new, never committed), with
 * the blob ids each had before and after, and it left a temp file and
 * git's index.lock. */
#define Z40 "0000000000000000000000000000000000000000"
static void leave_leftovers(struct fixture *f)
{
	write_rel(f, B, "half-written\n");
	write_rel(f, A ".tmp-99999", "v2\n");
	write_rel(f, ".git/index.lock", "");
	char *out = sh(f, "h() { printf \"$1\" | git hash-object --stdin; } && "
		       "printf '%%s %%s %%s\\n' $(h 'v1\\n') $(h 'v2\\n') " A " "
		       Z40 " $(h 'half-written\\n') " B " >.git/sss-journal");
	assert_non_null(out);
	free(out);
}

static void expect_finished(struct fixture *f)
{
	char *a = read_rel(f, A);
	assert_non_null(a);
	assert_string_equal(a, "v2\n");
	free(a);
	assert_false(exists_rel(f, B));
	assert_false(exists_rel(f, A ".tmp-99999"));
	assert_false(exists_rel(f, ".git/index.lock"));
	assert_false(exists_rel(f, ".git/sss-journal"));
	expect_clean(f);
}

static void test_journal_finishes_change(void **state)
{
	struct fixture *f = *state;
	struct sss_repo *r2 = NULL;

	commit_behind(f);
	leave_leftovers(f);
	/* the next command to open the repository finishes it */
	assert_ok(sss_repo_open(&r2, f->dir));
	expect_finished(f);
	sss_repo_free(r2);
}

static void test_journal_of_live_writer_left(void **state)
{
	struct fixture *f = *state;
	struct sss_repo *r2 = NULL;

	commit_behind(f);
	/* a writer holding the lock is not dead: its journal is its own */
	assert_ok(sss_repo_lock(f->r, 0, "live"));
	leave_leftovers(f);
	assert_ok(sss_repo_open(&r2, f->dir));
	assert_true(exists_rel(f, ".git/sss-journal"));
	assert_true(exists_rel(f, B));
	sss_repo_unlock(f->r);
	/* taking the lock finishes it */
	assert_ok(sss_repo_lock(r2, 1000, "next"));
	sss_repo_unlock(r2);
	expect_finished(f);
	sss_repo_free(r2);
}

/* A missing .git/index is HEAD's tree, not "no files": after a change
 * every other file is still in the index, with stat data (git status
 * clean). */
static void test_missing_index_rebuilt(void **state)
{
	struct fixture *f = *state;

	assert_ok(sss_repo_lock(f->r, 1000, "test"));
	assert_ok(commit(f->r, A, "a\n", "2604-K7QD4A: new\n"));
	assert_ok(commit(f->r, B, "b\n", "2604-K7QD4B: new\n"));
	sh_expect(f, "", "rm .git/index");
	assert_ok(commit(f->r, A, "a2\n", "2604-K7QD4A: set\n"));
	sss_repo_unlock(f->r);
	sh_expect(f, ".sss/config.yml\n" A "\n" B "\n", "git ls-files");
	sh_expect(f, "", "git diff --cached --name-only HEAD");
	expect_clean(f);
}

/* A split index and a corrupt one are refused before the commit, with
 * HEAD, the work tree and the index as they were. */
static void test_split_or_corrupt_index_refused(void **state)
{
	struct fixture *f = *state;

	assert_ok(sss_repo_lock(f->r, 1000, "test"));
	assert_ok(commit(f->r, A, "a\n", "2604-K7QD4A: new\n"));
	char *head = sh(f, "git rev-parse HEAD");
	sh_expect(f, "", "git -c core.splitIndex=true update-index --split-index");
	assert_fails(commit(f->r, A, "a2\n", "x\n"), SSS_ERR_INVALID,
		     "git update-index --no-split-index");
	sh_expect(f, head, "git rev-parse HEAD");
	sh_expect(f, "", "git update-index --no-split-index && cp .git/index .git/saved && "
		  "printf 'DIRC\\000\\000\\000\\002garbage, not an index' >.git/index");
	assert_fails(commit(f->r, A, "a2\n", "x\n"), SSS_ERR_INVALID,
		     ".git/index' is corrupt");
	sss_repo_unlock(f->r);
	sh_expect(f, head, "git rev-parse HEAD");
	assert_false(exists_rel(f, ".git/sss-journal"));
	sh_expect(f, "", "mv .git/saved .git/index");
	sh_expect(f, "a\n", "cat " A);
	expect_clean(f);
	free(head);
}

/* Journals that name what sssctl does not write: refused whole, nothing
 * done, kept aside, reported. */
static void test_journal_bad_paths_refused(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = { "tickets/./2026/04/2604-K7QD4A.md", ".sss/config.yml",
			      "sow/kpbe.yml", "tickets/2026/04/../04/2604-K7QD4A.md",
			      "tickets/2026//04/2604-K7QD4A.md", "tickets/2026/04/x.md" };

	assert_ok(sss_repo_lock(f->r, 1000, "test"));
	assert_ok(commit(f->r, A, "a\n", "2604-K7QD4A: new\n"));
	sss_repo_unlock(f->r);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct strbuf line = STRBUF_INIT;
		struct sss_repo *r2 = NULL;
		write_rel(f, ".sss/config.yml", "edited\n");
		strbuf_addf(&line, "%s\n", bad[i]);
		write_rel(f, ".git/sss-journal", line.buf);
		assert_ok(sss_repo_open(&r2, f->dir));
		char *notes = sss_repo_take_notes(r2);
		assert_non_null(notes);
		assert_non_null(strstr(notes, bad[i]));
		assert_non_null(strstr(notes, "sss-journal.refused"));
		free(notes);
		sss_repo_free(r2);
		char *c = read_rel(f, ".sss/config.yml");
		assert_string_equal(c, "edited\n");
		free(c);
		assert_false(exists_rel(f, ".git/sss-journal"));
		assert_true(exists_rel(f, ".git/sss-journal.refused"));
		strbuf_release(&line);
	}
	sh_expect(f, "", "git checkout -- .sss/config.yml && rm .git/sss-journal.refused");
	expect_clean(f);
}

/* A writer killed after its commit (HEAD has v2, the journal says
 * v1 -> v2), then a person edits the file: recovery leaves the edit and
 * says so; an untracked file a journal names is left too. */
static void test_journal_leaves_hand_edit(void **state)
{
	struct fixture *f = *state;
	struct sss_repo *r2 = NULL;

	commit_behind(f);
	write_rel(f, A, "a person's text\n");
	write_rel(f, B, "untracked\n");
	char *out = sh(f, "h() { printf \"$1\" | git hash-object --stdin; } && "
		       "printf '%%s %%s %%s\\n' $(h 'v1\\n') $(h 'v2\\n') " A
		       " >.git/sss-journal && echo " B " >>.git/sss-journal");
	assert_non_null(out);
	free(out);
	assert_ok(sss_repo_open(&r2, f->dir));
	char *notes = sss_repo_take_notes(r2);
	assert_non_null(notes);
	assert_non_null(strstr(notes, "'" A "' was edited"));
	assert_non_null(strstr(notes, "'" B "' is not tracked"));
	assert_null(sss_repo_take_notes(r2));
	free(notes);
	sss_repo_free(r2);
	char *a = read_rel(f, A), *b = read_rel(f, B);
	assert_string_equal(a, "a person's text\n");
	assert_string_equal(b, "untracked\n");
	free(a);
	free(b);
	assert_false(exists_rel(f, ".git/sss-journal"));
	/* its index entry is HEAD's: git shows the edit against the commit */
	sh_expect(f, " M " A "\n?? " B "\n", "git status --porcelain");
	sh_expect(f, "", "git checkout -- " A " && rm " B);
	expect_clean(f);
}

static void test_lock(void **state)
{
	struct fixture *f = *state;
	struct sss_repo *r2 = NULL;
	char want[64];

	assert_fails(commit(f->r, A, "x\n", "x\n"), SSS_ERR_INVALID,
		     "commit without the lock");
	assert_ok(sss_repo_open(&r2, f->dir));
	assert_ok(sss_repo_lock(f->r, 0, "first"));
	assert_true(sss_repo_locked(f->r));
	/* taken again by its holder: nothing happens */
	assert_ok(sss_repo_lock(f->r, 0, "again"));
	snprintf(want, sizeof(want), "pid %ld on ", (long)getpid());
	assert_fails(sss_repo_lock(r2, 60, "second"), SSS_ERR_LOCKED, want);
	assert_fails(sss_repo_lock(r2, 0, "second"), SSS_ERR_LOCKED, ": first)");
	assert_false(sss_repo_locked(r2));
	sss_repo_unlock(f->r);
	assert_false(sss_repo_locked(f->r));
	assert_ok(sss_repo_lock(r2, 0, "second"));
	assert_fails(sss_repo_lock(f->r, 0, "first"), SSS_ERR_LOCKED, ": second)");
	sss_repo_free(r2); /* frees the lock too */
	assert_ok(sss_repo_lock(f->r, 0, "first"));
	sss_repo_unlock(f->r);
	expect_clean(f);
}

static void test_open_and_identity(void **state)
{
	struct fixture *f = *state;
	struct sss_repo *r2 = NULL;
	struct strbuf path = STRBUF_INIT;
	char *who = NULL;

	/* from a directory inside the work tree, like git */
	strbuf_addf(&path, "%s.sss", f->dir);
	assert_ok(sss_repo_open(&r2, path.buf));
	assert_string_equal(sss_repo_workdir(r2), f->dir);
	sss_repo_free(r2);
	r2 = NULL;
	/* a git repository without .sss/config.yml is not one of ours */
	strbuf_addstr(&path, "/config.yml");
	assert_int_equal(unlink(path.buf), 0);
	assert_fails(sss_repo_open(&r2, f->dir), SSS_ERR_NOTFOUND,
		     "not a sssctl data repository");
	assert_null(r2);

	assert_ok(sss_repo_identity(f->r, "Someone Else <se@example.com>", &who));
	assert_string_equal(who, "Someone Else <se@example.com>");
	free(who);
	assert_fails(sss_repo_identity(f->r, "no mail", &who), SSS_ERR_USAGE,
		     "is not of the form 'Name <email>'");
	strbuf_release(&path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_in_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_cas_retried_on_new_tip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_finishes_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_of_live_writer_left, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_index_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_or_corrupt_index_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_bad_paths_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_leaves_hand_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_and_identity, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
