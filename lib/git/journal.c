/* journal.c - the writer lock (.git/sss.lock) and the journal that lets
 * the next command finish a change whose writer died (see store.h). */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "git_priv.h"
#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/i18n.h"
#include "sss/fileio.h"
#include "sss/id.h"
#include "sss/store.h"
#include "sss/strbuf.h"

#define LOCKFILE "sss.lock"

/* Bring the work tree and index entry of rel in step with HEAD. */
static struct sss_error *sync_from_head(struct sss_repo *r, git_tree *tree,
					const char *rel,
					struct sss_index_update *u)
{
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	struct sss_error *err = NULL;

	if (!tree || git_tree_entry_bypath(&te, tree, rel) < 0) {
		git_error_clear();
		u->remove = true;
		return sss_unlink_rel(r->workdir, rel);
	}
	if (git_blob_lookup(&blob, r->git, git_tree_entry_id(te)) < 0) {
		err = sss_git_fail("cannot read a blob");
		goto done;
	}
	err = sss_git_worktree_put(r, rel, git_blob_rawcontent(blob),
			   (size_t)git_blob_rawsize(blob), git_tree_entry_id(te),
			   false, u);
done:
	git_blob_free(blob);
	git_tree_entry_free(te);
	return err;
}

/* Remove the temp files "<rel>.tmp-<pid>" that sss_write_file_atomic()
 * of a killed writer left beside rel: `git status` would show them. */
static void remove_temp_files(struct sss_repo *r, const char *rel)
{
	struct strbuf dir = STRBUF_INIT, prefix = STRBUF_INIT, fs = STRBUF_INIT;
	const char *slash = strrchr(rel, '/');
	DIR *d = NULL;
	struct dirent *de;

	if (!slash)
		goto done; /* journal paths are all tickets/, sow/ or .sss/ */
	sss_repo_path(r, &dir, rel);
	strbuf_setlen(&dir, dir.len - strlen(slash));
	strbuf_addf(&prefix, "%s.tmp-", slash + 1);
	if (!(d = opendir(dir.buf)))
		goto done;
	while ((de = readdir(d))) {
		if (!sss_starts_with(de->d_name, prefix.buf))
			continue;
		strbuf_reset(&fs);
		strbuf_addf(&fs, "%s/%s", dir.buf, de->d_name);
		unlink(fs.buf);
	}
	closedir(d);
done:
	strbuf_release(&dir);
	strbuf_release(&prefix);
	strbuf_release(&fs);
}

/* Remove the lock files of libgit2 (the branch's, the index's) that a
 * writer killed inside a change left behind: each would make every later
 * commit fail. Only called while we hold the writer lock and the journal
 * shows that the last writer died between its journal and its index
 * write, which is when it holds them. */
static void remove_stale_git_locks(struct sss_repo *r)
{
	struct strbuf sb = STRBUF_INIT;
	git_reference *head = NULL;

	strbuf_addf(&sb, "%sindex.lock", r->gitdir);
	unlink(sb.buf);
	strbuf_reset(&sb);
	if (!sss_git_need(r) && git_reference_lookup(&head, r->git, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
	    sss_starts_with(git_reference_symbolic_target(head), "refs/heads/") &&
	    !strstr(git_reference_symbolic_target(head), ".."))
		strbuf_addf(&sb, "%s%s.lock", r->gitdir,
			    git_reference_symbolic_target(head));
	else
		strbuf_addf(&sb, "%sHEAD.lock", r->gitdir);
	git_error_clear();
	unlink(sb.buf);
	git_reference_free(head);
	strbuf_release(&sb);
}

void sss_git_note(struct sss_repo *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (r->notes)
		strbuf_addstr(&sb, r->notes);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, _(fmt), ap); /* the msgid: i18n.h */
	va_end(ap);
	strbuf_addch(&sb, '\n');
	free(r->notes);
	r->notes = strbuf_detach(&sb, NULL);
}

char *sss_repo_take_notes(struct sss_repo *r)
{
	char *notes = r->notes;
	r->notes = NULL;
	return notes;
}

/* Whether a journal may name rel: a ticket file as sssctl writes them,
 * tickets/YYYY/MM/<id>.md, spelled one way only (no ".", "..", "//"). */
static bool journal_path_ok(const char *rel)
{
	const char *p = rel + strlen("tickets/");
	char id[64];

	if (!sss_starts_with(rel, "tickets/"))
		return false;
	for (int i = 0; i < 8; i++)
		if (i == 4 || i == 7 ? p[i] != '/' : !isdigit((unsigned char)p[i]))
			return false;
	p += 8;
	size_t len = strlen(p);
	if (len < 4 || len - 3 >= sizeof(id) || strcmp(p + len - 3, ".md"))
		return false;
	memcpy(id, p, len - 3);
	id[len - 3] = '\0';
	return sss_id_valid(id);
}

/* A path of the work tree that sync writes besides tickets (the
 * catalog, the config, .gitattributes): relative, '/'-separated, no
 * empty, "." or ".." component, nothing of .git. */
static bool tree_path_ok(const char *rel)
{
	for (const char *p = rel;;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.') ||
		    (n == 4 && !strncasecmp(p, ".git", 4)))
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

bool sss_git_journal_path_ok(const char *rel, bool ids)
{
	/* a journal with the blob ids lets recovery touch only a file that
	 * holds what the change expected: then sync's other paths too */
	return journal_path_ok(rel) || (ids && tree_path_ok(rel));
}

/* One line of the journal: "<before> <after> <path>" (blob ids, all
 * zero for absent), or, as journals were first written, just the path
 * (then ids is false). */
struct journal_line {
	const char *path;
	bool ids;
	git_oid before, after;
};

static bool parse_line(char *line, struct journal_line *jl)
{
	memset(jl, 0, sizeof(*jl));
	jl->path = line;
	if (strlen(line) > 2 * GIT_OID_HEXSZ + 2 && line[GIT_OID_HEXSZ] == ' ' &&
	    line[2 * GIT_OID_HEXSZ + 1] == ' ') {
		if (git_oid_fromstrn(&jl->before, line, GIT_OID_HEXSZ) < 0 ||
		    git_oid_fromstrn(&jl->after, line + GIT_OID_HEXSZ + 1,
				     GIT_OID_HEXSZ) < 0) {
			git_error_clear();
			return false;
		}
		jl->ids = true;
		jl->path = line + 2 * GIT_OID_HEXSZ + 2;
	}
	return sss_git_journal_path_ok(jl->path, jl->ids);
}

/* The blob id of the work-tree file rel (all zero when there is none),
 * as `git status` compares it with the ids want[0..nwant) (see
 * sss_git_workfile_id); false when it is something else (a directory, a
 * link, unreadable). */
static bool worktree_id(struct sss_repo *r, const char *rel,
			const git_oid *want, size_t nwant, git_oid *id)
{
	struct strbuf fs = STRBUF_INIT;
	struct stat st;
	bool ok = true;

	memset(id, 0, sizeof(*id));
	sss_repo_path(r, &fs, rel);
	if (lstat(fs.buf, &st) < 0)
		ok = errno == ENOENT;
	else
		ok = sss_git_workfile_id(r, rel, want, nwant, id);
	git_error_clear();
	strbuf_release(&fs);
	return ok;
}

/* Whether HEAD's first parent has the blob id at rel. */
static bool parent_blob_is(struct sss_repo *r, const char *rel, const git_oid *id)
{
	struct strbuf spec = STRBUF_INIT;
	git_object *obj = NULL;
	bool same = false;

	strbuf_addf(&spec, "HEAD~1:%s", rel);
	if (git_revparse_single(&obj, r->git, spec.buf) == 0)
		same = git_oid_equal(git_object_id(obj), id);
	git_error_clear();
	git_object_free(obj);
	strbuf_release(&spec);
	return same;
}

enum recovery { LEAVE, SYNC, INDEX_ONLY };

/* What recovery may do to rel: SYNC (the file and its index entry to
 * HEAD) when the work tree holds what the change expected before or
 * after it (or HEAD's already) and HEAD holds one of the two. A file
 * edited since is a person's: it is left alone and noted, and only its
 * index entry is brought to HEAD (INDEX_ONLY, so that `git diff` shows
 * the edit against the commit). Anything else is another program's:
 * LEAVE, noted. A journal of the first form (no ids) may touch only a
 * file HEAD has, or remove nothing. *head: HEAD's blob (zero: none). */
static enum recovery may_sync(struct sss_repo *r, git_tree *tree,
			      const struct journal_line *jl, git_oid *head_out)
{
	git_tree_entry *te = NULL;
	git_oid head, work;

	memset(&head, 0, sizeof(head));
	if (tree && git_tree_entry_bypath(&te, tree, jl->path) == 0)
		git_oid_cpy(&head, git_tree_entry_id(te));
	git_tree_entry_free(te);
	git_error_clear();
	git_oid_cpy(head_out, &head);
	git_oid want[3] = { head, jl->before, jl->after };
	if (!worktree_id(r, jl->path, want, 3, &work)) {
		sss_git_note(r, "'%s' is not a file; an interrupted change left "
			     "it as it is", jl->path);
		return LEAVE;
	}
	if (!jl->ids) {
		if (git_oid_is_zero(&head) && !git_oid_is_zero(&work)) {
			sss_git_note(r, "'%s' is not tracked by git; an interrupted "
				     "change left it as it is", jl->path);
			return LEAVE;
		}
		/* no ids: what the change expected before is the file as
		 * HEAD's parent has it (the change is HEAD's commit), else
		 * HEAD's own */
		if (git_oid_is_zero(&work) || git_oid_equal(&work, &head) ||
		    parent_blob_is(r, jl->path, &work))
			return SYNC;
		sss_git_note(r, "'%s' was edited after an interrupted change; left as "
			     "it is (see 'git diff HEAD -- %s')", jl->path, jl->path);
		return INDEX_ONLY;
	}
	if (!git_oid_equal(&head, &jl->before) && !git_oid_equal(&head, &jl->after)) {
		sss_git_note(r, "'%s' was changed at HEAD since an interrupted "
			     "change; left as it is", jl->path);
		return LEAVE;
	}
	if (git_oid_equal(&work, &head) || git_oid_equal(&work, &jl->before) ||
	    git_oid_equal(&work, &jl->after))
		return SYNC;
	sss_git_note(r, "'%s' was edited after an interrupted change; left as "
		     "it is (see 'git diff HEAD -- %s')", jl->path, jl->path);
	return INDEX_ONLY;
}

/* A journal that names what sssctl never writes is not one of ours (or
 * is damaged): nothing in it is acted on. It is renamed aside rather
 * than removed, so that a person can see what it asked for, and so that
 * it does not stop every later command. */
static void refuse_journal(struct sss_repo *r, const char *path,
			   const char *line)
{
	struct strbuf aside = STRBUF_INIT;
	strbuf_addf(&aside, "%s.refused", path);
	if (rename(path, aside.buf) < 0)
		unlink(path);
	sss_git_note(r, "the journal of an interrupted change names '%s', "
		     "which sssctl does not write; nothing in it was done (it "
		     "is kept as '%s')", line, aside.buf);
	strbuf_release(&aside);
}

/* Finish a change whose process died: the journal names the paths it was
 * writing; make each match HEAD (old or new, whichever HEAD holds),
 * unless the file is no longer what the change left (may_sync). */
static struct sss_error *recover(struct sss_repo *r)
{
	struct strbuf path = STRBUF_INIT;
	struct sss_error *err = NULL;
	char *buf = NULL;
	size_t len, nu = 0, alloc = 0, nl_count = 0;
	struct sss_index_update *u = NULL;
	struct journal_line *jl = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	bool rebuilt;

	strbuf_addf(&path, "%s%s", r->gitdir, SSS_GIT_JOURNAL);
	err = sss_read_file(path.buf, 1u << 20, &buf, &len);
	if (err) {
		if (err->code == SSS_ERR_NOTFOUND) {
			sss_error_free(err);
			err = NULL;
		}
		goto done;
	}
	for (size_t i = 0; i < len; i++)
		nl_count += buf[i] == '\n';
	jl = xcalloc(nl_count + 1, sizeof(*jl));
	nl_count = 0;
	for (char *line = buf, *nl; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			break;
		*nl = '\0';
		if (!parse_line(line, &jl[nl_count++])) {
			refuse_journal(r, path.buf, line);
			goto done;
		}
	}
	remove_stale_git_locks(r);
	if ((err = sss_git_need(r)) || (err = sss_git_index_ready(r, &rebuilt)) ||
	    (err = sss_git_head_tree(r, &commit, &tree)))
		goto done;
	for (size_t i = 0; i < nl_count; i++) {
		git_oid head;
		remove_temp_files(r, jl[i].path);
		enum recovery what = may_sync(r, tree, &jl[i], &head);
		if (what == LEAVE)
			continue;
		SSS_GROW(u, alloc, nu + 1);
		memset(&u[nu], 0, sizeof(u[nu]));
		u[nu].path = jl[i].path;
		if (what == INDEX_ONLY) {
			/* no stat data: git compares the file, and sees the edit */
			u[nu].remove = git_oid_is_zero(&head);
			memcpy(u[nu].id, head.id, sizeof(u[nu].id));
		} else if ((err = sync_from_head(r, tree, jl[i].path, &u[nu]))) {
			goto done;
		}
		nu++;
	}
	if ((err = sss_git_index_apply(r, NULL, u, nu, false)))
		goto done;
	unlink(path.buf);
done:
	free(u);
	free(jl);
	git_tree_free(tree);
	git_commit_free(commit);
	free(buf);
	strbuf_release(&path);
	return err;
}

struct sss_error *sss_repo_lock(struct sss_repo *r, int timeout_ms,
				const char *what)
{
	struct strbuf path = STRBUF_INIT, info = STRBUF_INIT;
	struct sss_error *err = NULL;
	int fd = -1, waited = 0;

	if (r->lock_fd >= 0)
		return NULL;
	strbuf_addf(&path, "%s%s", r->gitdir, LOCKFILE);
	fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		err = sss_error(SSS_ERR_IO, "cannot open the lock '%s': %s",
				path.buf, strerror(errno));
		goto done;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			err = sss_error(SSS_ERR_IO, "cannot lock '%s': %s",
					path.buf, strerror(errno));
			goto done;
		}
		if (waited >= timeout_ms) {
			char holder[256] = "";
			ssize_t n = pread(fd, holder, sizeof(holder) - 1, 0);
			holder[n > 0 ? n : 0] = '\0';
			holder[strcspn(holder, "\n")] = '\0';
			err = sss_error(SSS_ERR_LOCKED,
					"another sssctl is writing to this repository (%s); "
					"gave up after %d ms, try again",
					*holder ? holder : "holder unknown", waited);
			goto done;
		}
		/* short sleeps first: most writers hold the lock for a few ms */
		int step = waited < 100 ? 5 : 25;
		struct timespec ts = { 0, step * 1000000L };
		nanosleep(&ts, NULL);
		waited += step;
	}
	char host[128] = "?";
	gethostname(host, sizeof(host) - 1);
	strbuf_addf(&info, "pid %ld on %s: %s\n", (long)getpid(), host,
		    what ? what : "sssctl");
	/* Write, then cut to length: a waiter reading meanwhile sees the old
	 * line or the new one (it stops at the newline), never an empty file
	 * ("holder unknown"). */
	if (pwrite(fd, info.buf, info.len, 0) == (ssize_t)info.len &&
	    ftruncate(fd, (off_t)info.len) < 0) {
		/* the holder text is only for messages; ignore a failure */
	}
	r->lock_fd = fd;
	fd = -1;
	if ((err = sss_repo_check_state(r)) || (err = recover(r)))
		sss_repo_unlock(r);
done:
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	strbuf_release(&info);
	return err;
}

bool sss_repo_locked(const struct sss_repo *r)
{
	return r->lock_fd >= 0;
}

void sss_git_drop_job(struct sss_repo *r)
{
	if (!r->job)
		return;
	sss_index_abort(r->job);
	r->job = NULL;
	free(r->job_path);
	r->job_path = NULL;
	/* its journal: nothing was committed */
	sss_git_journal_remove(r);
}

void sss_repo_unlock(struct sss_repo *r)
{
	sss_git_drop_job(r);
	if (r->lock_fd < 0)
		return;
	flock(r->lock_fd, LOCK_UN);
	close(r->lock_fd);
	r->lock_fd = -1;
}

struct sss_error *sss_git_journal_write(struct sss_repo *r,
					const struct sss_change *changes,
					size_t n, bool do_sync)
{
	struct strbuf path = STRBUF_INIT, body = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&body, "%s\n", changes[i].path);
	strbuf_addf(&path, "%s%s", r->gitdir, SSS_GIT_JOURNAL);
	struct sss_error *err =
		sss_write_file_atomic(path.buf, body.buf, body.len, do_sync);
	strbuf_release(&path);
	strbuf_release(&body);
	return err;
}

struct sss_error *sss_git_journal_write_ids(struct sss_repo *r,
					    const struct sss_git_expect *e,
					    size_t n, bool do_sync)
{
	struct strbuf path = STRBUF_INIT, body = STRBUF_INIT;
	char before[GIT_OID_HEXSZ + 1], after[GIT_OID_HEXSZ + 1];

	for (size_t i = 0; i < n; i++) {
		git_oid_tostr(before, sizeof(before), &e[i].before);
		git_oid_tostr(after, sizeof(after), &e[i].after);
		strbuf_addf(&body, "%s %s %s\n", before, after, e[i].path);
	}
	strbuf_addf(&path, "%s%s", r->gitdir, SSS_GIT_JOURNAL);
	struct sss_error *err =
		sss_write_file_atomic(path.buf, body.buf, body.len, do_sync);
	strbuf_release(&path);
	strbuf_release(&body);
	return err;
}

void sss_git_journal_remove(struct sss_repo *r)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s%s", r->gitdir, SSS_GIT_JOURNAL);
	unlink(path.buf);
	strbuf_release(&path);
}

void sss_repo_expect(struct sss_repo *r, const char *rel, bool do_sync)
{
	struct sss_change ch = { rel, "", 0 };
	sss_git_drop_job(r);
	if (r->lock_fd < 0)
		return;
	/* as in sss_repo_commit: the journal before git's index.lock */
	struct sss_error *err = sss_git_journal_write(r, &ch, 1, do_sync);
	if (err) {
		sss_error_free(err); /* a hint: the commit reports it itself */
		return;
	}
	r->job_path = xstrdup(rel);
	memset(&r->job_u, 0, sizeof(r->job_u));
	r->job_u.path = r->job_path;
	r->job = sss_index_begin(r->gitdir, r->workdir, &r->job_u, 1);
}
