/* test_gitindex.c - the index splice against libgit2 and git: an index
 * written by them, spliced, must read back with the expected entries, be
 * clean for `git status` once committed and pass `git fsck`; what the
 * splice does not handle it must leave untouched. Needs git on PATH. */
#include "unit.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "../../lib/git/index.h"
#include "../../lib/sha1.h"
#include "sss/alloc.h"
#include "sss/fileio.h"
#include "sss/strbuf.h"

struct fixture {
	char dir[64];     /* the work tree, with a trailing slash */
	char gitdir[80];  /* dir + ".git/" */
	git_repository *repo;
};

/* Shell commands in the work tree (unit.h). */
#define sh(f, ...) unit_sh((f)->dir, __VA_ARGS__)
#define sh_expect(f, want, cmd) unit_sh_expect((f)->dir, (want), (cmd))

static void put(struct fixture *f, const char *rel, const char *data)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s%s", f->dir, rel);
	char *slash = strrchr(p.buf, '/');
	*slash = '\0';
	mkdir(p.buf, 0777);
	*slash = '/';
	FILE *fp = fopen(p.buf, "w");
	assert_non_null(fp);
	fputs(data, fp);
	assert_int_equal(fclose(fp), 0);
	strbuf_release(&p);
}

/* Write rel into the work tree and odb and describe its index entry. */
static void update_put(struct fixture *f, struct sss_index_update *u,
		       const char *rel, const char *data)
{
	struct strbuf p = STRBUF_INIT;
	struct stat st;
	git_oid id;
	put(f, rel, data);
	strbuf_addf(&p, "%s%s", f->dir, rel);
	assert_int_equal(git_blob_create_from_disk(&id, f->repo, p.buf), 0);
	assert_int_equal(lstat(p.buf, &st), 0);
	memset(u, 0, sizeof(*u));
	u->path = rel;
	memcpy(u->id, id.id, 20);
	sss_index_update_stat(u, &st);
	strbuf_release(&p);
}

static void update_remove(struct fixture *f, struct sss_index_update *u,
			  const char *rel)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s%s", f->dir, rel);
	unlink(p.buf);
	memset(u, 0, sizeof(*u));
	u->path = rel;
	u->remove = true;
	strbuf_release(&p);
}

static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	assert_ok(sss_read_file(path, 1u << 26, &buf, len));
	return buf;
}

/* A repository whose index libgit2 wrote, with one commit. */
static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/sss-gitindex-XXXXXX";
	git_index *idx = NULL;
	assert_non_null(mkdtemp(tmpl));
	snprintf(f->dir, sizeof(f->dir), "%s/", tmpl);
	snprintf(f->gitdir, sizeof(f->gitdir), "%s.git/", f->dir);
	git_libgit2_init();
	assert_int_equal(git_repository_init(&f->repo, f->dir, 0), 0);
	const char *files[] = { "a.txt", "dir/b.txt", "dir/c.txt", "dir-x",
				"z.txt" };
	assert_int_equal(git_repository_index(&idx, f->repo), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		put(f, files[i], files[i]);
		assert_int_equal(git_index_add_bypath(idx, files[i]), 0);
	}
	assert_int_equal(git_index_write(idx), 0);
	git_index_free(idx);
	/* no racily clean entries in the fixture: the index is newer */
	sleep(1);
	free(sh(f, "touch .git/index"));
	char *out = sh(f, "git commit -q -m init");
	assert_non_null(out);
	free(out);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	git_repository_free(f->repo);
	git_libgit2_shutdown();
	free(sh(f, "rm -rf '%s'", f->dir));
	free(f);
	return 0;
}

/* Insert, replace and remove in one splice. */
static void test_insert_replace_remove(void **state)
{
	struct fixture *f = *state;
	struct sss_index_update u[3];
	git_index *idx = NULL;
	bool handled;

	update_put(f, &u[0], "dir/new.txt", "new\n");
	update_put(f, &u[1], "a.txt", "changed a\n");
	update_remove(f, &u[2], "z.txt");
	assert_ok(sss_index_splice(f->gitdir, f->dir, u, 3, false, &handled));
	assert_true(handled);

	assert_int_equal(git_repository_index(&idx, f->repo), 0);
	assert_int_equal(git_index_read(idx, 1), 0);
	assert_int_equal(git_index_entrycount(idx), 5);
	const char *want[] = { "a.txt", "dir-x", "dir/b.txt", "dir/c.txt",
			       "dir/new.txt" };
	for (size_t i = 0; i < 5; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		assert_string_equal(e->path, want[i]);
		assert_int_equal(GIT_INDEX_ENTRY_STAGE(e), 0);
		assert_int_equal(e->mode, 0100644);
	}
	const git_index_entry *e = git_index_get_bypath(idx, "a.txt", 0);
	assert_memory_equal(e->id.id, u[1].id, 20);
	assert_int_equal(e->file_size, 10);
	assert_int_equal(e->mtime.seconds, (int32_t)u[1].mtime_sec);
	assert_int_equal(e->ino, u[1].ino);
	git_index_free(idx);

	sh_expect(f, "M\ta.txt\nA\tdir/new.txt\nD\tz.txt\n",
		  "git diff --cached --name-status");
	sh_expect(f, "", "git diff --name-status");
	sh_expect(f, "", "git commit -q -m change && git status --porcelain");
	sh_expect(f, "", "git fsck --strict --no-progress 2>&1 | grep -v '^dangling'; true");
	char *fsck = sh(f, "git fsck --strict --no-progress");
	assert_non_null(fsck);
	free(fsck);
	assert_int_equal(access(".git/index.lock", F_OK), -1);
}

/* An index with TREE and UNTR: handled, the caches dropped. */
static void test_extensions_dropped(void **state)
{
	struct fixture *f = *state;
	struct sss_index_update u;
	size_t len;
	bool handled;

	free(sh(f, "git -c core.untrackedCache=true status --porcelain; "
		"git write-tree"));
	struct strbuf ip = STRBUF_INIT;
	strbuf_addf(&ip, "%sindex", f->gitdir);
	char *before = slurp(ip.buf, &len);
	assert_non_null(memmem(before, len, "TREE", 4));
	assert_non_null(memmem(before, len, "UNTR", 4));
	free(before);

	update_put(f, &u, "dir/d.txt", "d\n");
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, true, &handled));
	assert_true(handled);
	char *after = slurp(ip.buf, &len);
	assert_null(memmem(after, len, "TREE", 4));
	assert_null(memmem(after, len, "UNTR", 4));
	free(after);
	sh_expect(f, "A  dir/d.txt\n", "git status --porcelain");
	sh_expect(f, "", "git commit -q -m d && git status --porcelain");
	char *fsck = sh(f, "git fsck --strict --no-progress");
	assert_non_null(fsck);
	free(fsck);
	strbuf_release(&ip);
}

/* Splice an update into an index with a made-up extension named name:
 * return whether the splice handled it. */
static bool with_extension(struct fixture *f, const char *name)
{
	struct strbuf ip = STRBUF_INIT, buf = STRBUF_INIT;
	struct sss_index_update u;
	struct sss_sha1 c;
	unsigned char sum[20];
	size_t len;
	bool handled;

	strbuf_addf(&ip, "%sindex", f->gitdir);
	char *old = slurp(ip.buf, &len);
	strbuf_add(&buf, old, len - 20);
	strbuf_add(&buf, name, 4);
	strbuf_add(&buf, "\0\0\0\4abcd", 8);
	sss_sha1_init(&c);
	sss_sha1_update(&c, buf.buf, buf.len);
	sss_sha1_final(&c, sum);
	strbuf_add(&buf, sum, 20);
	FILE *fp = fopen(ip.buf, "w");
	fwrite(buf.buf, 1, buf.len, fp);
	assert_int_equal(fclose(fp), 0);
	/* git must accept it (an optional one) or refuse it (a required one) */
	char *st = sh(f, "git status --porcelain 2>&1");
	assert_true((st != NULL) == (name[0] >= 'A' && name[0] <= 'Z'));
	free(st);

	update_put(f, &u, "e.txt", "e\n");
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	char *now = slurp(ip.buf, &len);
	if (!handled) {
		/* untouched */
		assert_int_equal(len, buf.len);
		assert_memory_equal(now, buf.buf, len);
	}
	free(old);
	free(now);
	strbuf_release(&ip);
	strbuf_release(&buf);
	return handled;
}

static void test_unknown_extensions(void **state)
{
	struct fixture *f = *state;
	assert_true(with_extension(f, "ZZZZ"));
	sh_expect(f, "A  e.txt\n", "git status --porcelain");
	assert_false(with_extension(f, "zzzz"));
	assert_false(with_extension(f, "link"));
	assert_false(with_extension(f, "sdir"));
}

/* The entries libgit2 reads from the index: paths and sizes, in order. */
static void expect_entries(struct fixture *f, const char *const *want, size_t n)
{
	git_index *idx = NULL;
	assert_int_equal(git_repository_index(&idx, f->repo), 0);
	assert_int_equal(git_index_read(idx, 1), 0);
	assert_int_equal(git_index_entrycount(idx), n);
	for (size_t i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		assert_string_equal(e->path, want[i]);
		assert_int_equal(GIT_INDEX_ENTRY_STAGE(e), 0);
	}
	git_index_free(idx);
}

/* Version 4 (prefix-compressed paths, as feature.manyFiles makes it):
 * spliced, and stays version 4; libgit2 and git read what it writes, at
 * the start, the middle and the end, an entry removed, and the entry
 * after each change compressed against its new predecessor. */
static void test_v4_spliced(void **state)
{
	struct fixture *f = *state;
	struct strbuf ip = STRBUF_INIT;
	struct sss_index_update u[4];
	size_t len;
	bool handled = false;

	free(sh(f, "git update-index --index-version 4"));
	strbuf_addf(&ip, "%sindex", f->gitdir);
	char *before = slurp(ip.buf, &len);
	assert_int_equal(before[7], 4);
	free(before);
	update_put(f, &u[0], "0.txt", "first\n");
	update_put(f, &u[1], "dir/bb.txt", "between b and c\n");
	update_remove(f, &u[2], "dir/c.txt");
	update_put(f, &u[3], "zz/er.txt", "last\n");
	assert_ok(sss_index_splice(f->gitdir, f->dir, u, 4, false, &handled));
	assert_true(handled);
	char *after = slurp(ip.buf, &len);
	assert_int_equal(after[7], 4);
	free(after);
	const char *want[] = { "0.txt", "a.txt", "dir-x", "dir/b.txt",
			       "dir/bb.txt", "z.txt", "zz/er.txt" };
	expect_entries(f, want, 7);
	sh_expect(f, "A\t0.txt\nA\tdir/bb.txt\nD\tdir/c.txt\nA\tzz/er.txt\n",
		  "git diff --cached --name-status");
	sh_expect(f, "", "git diff --name-status");
	sh_expect(f, "", "git commit -q -m v4 && git status --porcelain");
	char *fsck = sh(f, "git fsck --strict --no-progress");
	assert_non_null(fsck);
	free(fsck);

	/* a second splice into the index the first wrote: replace the first
	 * entry, remove the last */
	update_put(f, &u[0], "0.txt", "first, changed\n");
	update_remove(f, &u[1], "zz/er.txt");
	assert_ok(sss_index_splice(f->gitdir, f->dir, u, 2, false, &handled));
	assert_true(handled);
	expect_entries(f, want, 6);
	sh_expect(f, "M\t0.txt\nD\tzz/er.txt\n",
		  "git diff --cached --name-status");
	sh_expect(f, "", "git diff --name-status");
	/* git's own rewrite of it holds the same entries */
	sh_expect(f, "", "git ls-files -s >/tmp/sss-v4-a.$$ && "
		  "git update-index --index-version 2 && git ls-files -s "
		  ">/tmp/sss-v4-b.$$ && cmp /tmp/sss-v4-a.$$ /tmp/sss-v4-b.$$; "
		  "rm -f /tmp/sss-v4-a.$$ /tmp/sss-v4-b.$$");
	strbuf_release(&ip);
}

/* A path where the index has a directory, or beneath a file: declined. */
static void test_dir_file_clash_declined(void **state)
{
	struct fixture *f = *state;
	struct sss_index_update u;
	bool handled = true;
	memset(&u, 0, sizeof(u));
	u.path = "dir";
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	assert_false(handled);
	u.path = "a.txt/x";
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	assert_false(handled);
	/* removing either is no clash */
	u.remove = true;
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	assert_true(handled);
	sh_expect(f, "", "git status --porcelain");
}

/* No index yet: one with just the updates. */
static void test_missing_index(void **state)
{
	struct fixture *f = *state;
	struct sss_index_update u;
	git_index *idx = NULL;
	bool handled;
	struct strbuf ip = STRBUF_INIT;
	strbuf_addf(&ip, "%sindex", f->gitdir);
	unlink(ip.buf);
	update_put(f, &u, "a.txt", "a.txt");
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	assert_true(handled);
	assert_int_equal(git_repository_index(&idx, f->repo), 0);
	assert_int_equal(git_index_read(idx, 1), 0);
	assert_int_equal(git_index_entrycount(idx), 1);
	assert_string_equal(git_index_get_byindex(idx, 0)->path, "a.txt");
	git_index_free(idx);
	sh_expect(f, "", "git diff --name-only -- a.txt");
	strbuf_release(&ip);
}

/* In two steps: begin holds index.lock and abort leaves the index as it
 * was; the stat data filled in between begin and finish are what the new
 * entry gets. */
static void test_begin_finish_abort(void **state)
{
	struct fixture *f = *state;
	struct sss_index_update u, later;
	struct strbuf ip = STRBUF_INIT, lp = STRBUF_INIT;
	size_t len0, len1;
	bool handled;

	strbuf_addf(&ip, "%sindex", f->gitdir);
	strbuf_addf(&lp, "%sindex.lock", f->gitdir);
	char *before = slurp(ip.buf, &len0);
	memset(&u, 0, sizeof(u));
	u.path = "zz/new.txt";
	struct sss_index_job *job = sss_index_begin(f->gitdir, f->dir, &u, 1);
	sss_index_abort(job);
	char *after = slurp(ip.buf, &len1);
	assert_int_equal(len0, len1);
	assert_memory_equal(before, after, len0);
	assert_int_equal(access(lp.buf, F_OK), -1);
	free(after);

	/* the lock is held from begin on: another writer waits, then fails */
	job = sss_index_begin(f->gitdir, f->dir, &u, 1);
	int fd = -1;
	for (int i = 0; i < 200 && fd < 0; i++) {
		fd = access(lp.buf, F_OK) == 0 ? 0 : -1;
		if (fd < 0)
			usleep(5000);
	}
	assert_int_equal(fd, 0);
	update_put(f, &later, "zz/new.txt", "filled in later\n");
	/* as the caller does: the fields other than path and remove, which
	 * the first step may still be reading */
	u.ctime_sec = later.ctime_sec;
	u.ctime_nsec = later.ctime_nsec;
	u.mtime_sec = later.mtime_sec;
	u.mtime_nsec = later.mtime_nsec;
	u.dev = later.dev;
	u.ino = later.ino;
	u.uid = later.uid;
	u.gid = later.gid;
	u.size = later.size;
	memcpy(u.id, later.id, sizeof(u.id));
	assert_ok(sss_index_finish(job, false, &handled));
	assert_true(handled);
	assert_int_equal(access(lp.buf, F_OK), -1);
	sh_expect(f, "A  zz/new.txt\n", "git status --porcelain");
	sh_expect(f, "", "git diff --name-only -- zz/new.txt");
	free(before);
	strbuf_release(&ip);
	strbuf_release(&lp);
}

/* The index a splice replaces is kept as sss-index-spare and the next
 * splice writes over that inode; but never over one that another process
 * still has open or mapped (here: this one, through a mapping). */
static void test_spare_reused_only_when_unused(void **state)
{
	struct fixture *f = *state;
	struct sss_index_update u;
	struct strbuf ip = STRBUF_INIT, sp = STRBUF_INIT;
	struct stat st_index, st_spare;
	size_t len;
	bool handled;

	strbuf_addf(&ip, "%sindex", f->gitdir);
	strbuf_addf(&sp, "%ssss-index-spare", f->gitdir);
	update_put(f, &u, "s1.txt", "one\n");
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	assert_true(handled);
	/* the replaced index is the spare now */
	assert_int_equal(stat(sp.buf, &st_spare), 0);
	assert_int_equal(stat(ip.buf, &st_index), 0);
	assert_true(st_spare.st_ino != st_index.st_ino);
	ino_t old_index = st_index.st_ino;

	/* a second splice takes that inode for the new index */
	ino_t spare = st_spare.st_ino;
	update_put(f, &u, "s2.txt", "two\n");
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	assert_true(handled);
	assert_int_equal(stat(ip.buf, &st_index), 0);
	assert_int_equal(st_index.st_ino, spare);
	assert_int_equal(stat(sp.buf, &st_spare), 0);
	assert_int_equal(st_spare.st_ino, old_index);
	sh_expect(f, "A  s1.txt\nA  s2.txt\n", "git status --porcelain");

	/* a reader holds the spare: it is left alone, byte for byte */
	char *before = slurp(sp.buf, &len);
	int fd = open(sp.buf, O_RDONLY);
	assert_true(fd >= 0);
	void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	assert_true(map != MAP_FAILED);
	close(fd);
	update_put(f, &u, "s3.txt", "three\n");
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	assert_true(handled);
	assert_memory_equal(map, before, len);
	assert_int_equal(stat(ip.buf, &st_index), 0);
	assert_true(st_index.st_ino != old_index);
	munmap(map, len);
	free(before);
	sh_expect(f, "A  s1.txt\nA  s2.txt\nA  s3.txt\n", "git status --porcelain");
	char *fsck = sh(f, "git fsck --strict --no-progress");
	assert_non_null(fsck);
	free(fsck);
	strbuf_release(&ip);
	strbuf_release(&sp);
}

/* Another git's index.lock: wait, then fail, and leave its lock alone. */
static void test_locked(void **state)
{
	struct fixture *f = *state;
	struct sss_index_update u;
	struct strbuf lp = STRBUF_INIT;
	bool handled;
	strbuf_addf(&lp, "%sindex.lock", f->gitdir);
	int fd = open(lp.buf, O_CREAT | O_EXCL | O_WRONLY, 0666);
	assert_true(fd >= 0);
	close(fd);
	update_put(f, &u, "l.txt", "l\n");
	assert_fails(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled),
		     SSS_ERR_GIT, "index.lock' exists");
	assert_false(handled);
	assert_int_equal(access(lp.buf, F_OK), 0);
	unlink(lp.buf);
	strbuf_release(&lp);
}

/* A racily clean entry changed in place (same size, same second): once
 * the new index is newer than the file, git would trust the stat data,
 * so the splice must zero the entry's size as git does. */
static void test_racy_entry_smudged(void **state)
{
	struct fixture *f = *state;
	struct sss_index_update u;
	struct strbuf p = STRBUF_INIT, ip = STRBUF_INIT;
	git_index *idx = NULL;
	struct stat st;
	bool handled;

	strbuf_addf(&p, "%sdir/b.txt", f->dir);
	strbuf_addf(&ip, "%sindex", f->gitdir);
	assert_int_equal(stat(p.buf, &st), 0);
	/* same size, new content, the mtime the index has for it, and the
	 * index no older than that */
	put(f, "dir/b.txt", "DIR/B.TXT");
	struct timespec ts[2] = { st.st_atim, st.st_mtim };
	assert_int_equal(utimensat(AT_FDCWD, p.buf, ts, 0), 0);
	assert_int_equal(utimensat(AT_FDCWD, ip.buf, ts, 0), 0);
	sh_expect(f, " M dir/b.txt\n", "git --no-optional-locks status --porcelain");
	assert_int_equal(utimensat(AT_FDCWD, ip.buf, ts, 0), 0);

	update_put(f, &u, "other.txt", "o\n");
	assert_ok(sss_index_splice(f->gitdir, f->dir, &u, 1, false, &handled));
	assert_true(handled);
	assert_int_equal(git_repository_index(&idx, f->repo), 0);
	assert_int_equal(git_index_read(idx, 1), 0);
	assert_int_equal(git_index_get_bypath(idx, "dir/b.txt", 0)->file_size, 0);
	/* an unchanged racy entry keeps its size */
	assert_int_equal(git_index_get_bypath(idx, "dir/c.txt", 0)->file_size, 9);
	git_index_free(idx);
	sh_expect(f, " M dir/b.txt\nA  other.txt\n", "git status --porcelain");
	strbuf_release(&p);
	strbuf_release(&ip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_insert_replace_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extensions_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_extensions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v4_spliced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_file_clash_declined, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_finish_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spare_reused_only_when_unused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_racy_entry_smudged, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
