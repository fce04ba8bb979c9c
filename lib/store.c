/* store.c - the data repository on libgit2: discovery, the writer lock,
 * one commit per change, history. The only file that talks to libgit2. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/id.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

#include "git/index.h"

struct sss_repo {
	git_repository *git; /* opened on first use: see need_git() */
	bool git_inited;     /* git_libgit2_init() was called for this repo */
	char *workdir;       /* with trailing slash */
	char *gitdir;        /* with trailing slash */
	int lock_fd;
	/* sss_repo_expect(): the index job started for job_u */
	struct sss_index_job *job;
	struct sss_index_update job_u;
	char *job_path;
	/* sss_repo_readahead(): the mode of the next scan, the running one */
	enum sss_readahead ra_mode;
	struct readahead *ra;
};

#define JOURNAL "sss-journal"
#define LOCKFILE "sss.lock"

/* Convert the last libgit2 error into ours. */
static struct sss_error *git_fail(const char *what)
{
	const git_error *e = git_error_last();
	return sss_error(SSS_ERR_GIT, "%s: %s", what,
			 e && e->message ? e->message : "unknown libgit2 error");
}

/* libgit2 is started and the repository opened only when a command
 * first needs git (a commit, HEAD, history, the identity): starting it
 * costs more than a read-only command does (Debian's libgit2 parses the
 * system's certificate bundle). */
static struct sss_error *need_git(struct sss_repo *r)
{
	if (r->git)
		return NULL;
	if (!r->git_inited) {
		git_libgit2_init();
		r->git_inited = true;
	}
	if (git_repository_open_ext(&r->git, r->workdir,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return git_fail("cannot open the git repository");
	return NULL;
}

/* Find the work tree holding dir like git does, without libgit2: the
 * nearest directory upwards with a .git directory. A .git file (a linked
 * work tree or submodule) is left to libgit2. */
static struct sss_error *discover(struct sss_repo *r, const char *dir)
{
	char *abs = realpath(dir, NULL);
	struct strbuf sb = STRBUF_INIT;
	struct sss_error *err = NULL;
	struct stat st;

	if (!abs)
		return sss_error(SSS_ERR_NOTFOUND, "cannot use directory '%s': %s",
				 dir, strerror(errno));
	for (;;) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/.git", strcmp(abs, "/") ? abs : "");
		if (lstat(sb.buf, &st) == 0 && S_ISDIR(st.st_mode)) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s/", strcmp(abs, "/") ? abs : "");
			r->workdir = xstrdup(sb.buf);
			strbuf_addstr(&sb, ".git/");
			r->gitdir = xstrdup(sb.buf);
			goto done;
		}
		if (lstat(sb.buf, &st) == 0) {
			/* a .git file: libgit2 follows it */
			git_libgit2_init();
			r->git_inited = true;
			if (git_repository_open_ext(&r->git, abs, 0, NULL) < 0 ||
			    git_repository_is_bare(r->git))
				break;
			r->workdir = xstrdup(git_repository_workdir(r->git));
			r->gitdir = xstrdup(git_repository_path(r->git));
			goto done;
		}
		char *slash = strrchr(abs, '/');
		if (!slash || !strcmp(abs, "/"))
			break;
		if (slash == abs)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	if (r->git_inited)
		git_error_clear();
	err = sss_error(SSS_ERR_NOTFOUND,
			"not a sssctl data repository (or any parent up to /): '%s'; "
			"run 'sssctl init' to make one", dir);
done:
	free(abs);
	strbuf_release(&sb);
	return err;
}

struct sss_error *sss_repo_open(struct sss_repo **out, const char *dir)
{
	struct sss_error *err = NULL;
	struct sss_repo *r = xcalloc(1, sizeof(*r));
	struct strbuf sb = STRBUF_INIT;
	struct stat st;

	r->lock_fd = -1;
	*out = NULL;
	if ((err = discover(r, dir ? dir : ".")))
		goto done;
	strbuf_addf(&sb, "%s.sss/config.yml", r->workdir);
	if (stat(sb.buf, &st) < 0) {
		err = sss_error(SSS_ERR_NOTFOUND,
				"'%s' is a git repository but not a sssctl data repository "
				"(no .sss/config.yml); run 'sssctl init' there",
				r->workdir);
		goto done;
	}
	/* A journal with no writer holding the lock: a writer died inside a
	 * change. Finish it now, before the command reads the work tree:
	 * `edit` checks the file before it locks, and `due` or a reader may
	 * not lock at all. A live writer's journal (lock held) is left to it;
	 * a failure here shows again when this command takes the lock. */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s%s", r->gitdir, JOURNAL);
	if (lstat(sb.buf, &st) == 0) {
		sss_error_free(sss_repo_lock(r, 0, "recover"));
		sss_repo_unlock(r);
	}
	*out = r;
	r = NULL;
done:
	strbuf_release(&sb);
	sss_repo_free(r);
	return err;
}

void sss_repo_free(struct sss_repo *r)
{
	if (!r)
		return;
	sss_repo_unlock(r);
	git_repository_free(r->git);
	if (r->git_inited)
		git_libgit2_shutdown();
	free(r->workdir);
	free(r->gitdir);
	free(r);
}

const char *sss_repo_workdir(const struct sss_repo *r)
{
	return r->workdir;
}

const char *sss_repo_gitdir(const struct sss_repo *r)
{
	return r->gitdir;
}

void sss_repo_path(const struct sss_repo *r, struct strbuf *out,
		   const char *rel)
{
	strbuf_addstr(out, r->workdir);
	strbuf_addstr(out, rel);
}

/* Split "Name <email>" into its parts (new strings). */
static struct sss_error *split_ident(const char *s, const char *source,
				     char **name, char **email)
{
	const char *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (!lt || !gt || gt[1] != '\0' || lt == s || gt == lt + 1)
		return sss_error(SSS_ERR_USAGE,
				 "%s '%s' is not of the form 'Name <email>'", source, s);
	const char *end = lt;
	while (end > s && end[-1] == ' ')
		end--;
	if (end == s)
		return sss_error(SSS_ERR_USAGE, "%s '%s' has no name", source, s);
	*name = xstrndup(s, (size_t)(end - s));
	*email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return NULL;
}

struct sss_error *sss_repo_identity(struct sss_repo *r, const char *override,
				    char **out)
{
	struct sss_error *err = NULL;
	git_config *cfg = NULL;
	git_buf name = GIT_BUF_INIT_CONST(NULL, 0), email = GIT_BUF_INIT_CONST(NULL, 0);
	const char *env;
	struct strbuf sb = STRBUF_INIT;
	char *n = NULL, *e = NULL;

	*out = NULL;
	if (override) {
		err = split_ident(override, "--author", &n, &e);
	} else if ((env = getenv("SSS_AUTHOR")) && *env) {
		err = split_ident(env, "SSS_AUTHOR", &n, &e);
	} else if ((env = getenv("GIT_AUTHOR_NAME")) && *env &&
		   getenv("GIT_AUTHOR_EMAIL") && *getenv("GIT_AUTHOR_EMAIL")) {
		n = xstrdup(env);
		e = xstrdup(getenv("GIT_AUTHOR_EMAIL"));
	} else {
		/* no repository yet (init): the global and system config */
		if (!r->workdir && !r->git) {
			git_config *all = NULL;
			int rc = git_config_open_default(&all);
			if (rc == 0)
				rc = git_config_snapshot(&cfg, all);
			git_config_free(all);
			if (rc < 0) {
				err = git_fail("cannot read git config");
				goto done;
			}
		} else if ((err = need_git(r))) {
			goto done;
		} else if (git_repository_config_snapshot(&cfg, r->git) < 0) {
			err = git_fail("cannot read git config");
			goto done;
		}
		if (git_config_get_string_buf(&name, cfg, "user.name") < 0 ||
		    git_config_get_string_buf(&email, cfg, "user.email") < 0 ||
		    !name.size || !email.size) {
			git_error_clear();
			err = sss_error(SSS_ERR_INVALID,
					"no identity for the audit trail; set one with "
					"'git config --global user.name \"Your Name\"' and "
					"'git config --global user.email you@example.com', "
					"or SSS_AUTHOR=\"Name <email>\"");
			goto done;
		}
		n = xstrdup(name.ptr);
		e = xstrdup(email.ptr);
	}
	if (err)
		goto done;
	strbuf_addf(&sb, "%s <%s>", n, e);
	*out = strbuf_detach(&sb, NULL);
done:
	free(n);
	free(e);
	git_buf_dispose(&name);
	git_buf_dispose(&email);
	git_config_free(cfg);
	strbuf_release(&sb);
	return err;
}

static struct sss_error *make_signature(git_signature **sig, const char *ident,
					time_t when)
{
	char *name = NULL, *email = NULL;
	struct sss_error *err = split_ident(ident, "identity", &name, &email);
	if (!err && git_signature_new(sig, name, email, (git_time_t)when,
				      sss_time_offset(when)) < 0)
		err = git_fail("cannot make a commit signature");
	free(name);
	free(email);
	return err;
}

/* Write the index. Plain git beside us (`git status` in another
 * terminal, an editor's git integration) takes index.lock for a moment
 * to refresh it: wait for it, a second at most, rather than fail a change
 * whose commit is already in. */
static int index_write(git_index *idx)
{
	int rc, tries = 0;
	while ((rc = git_index_write(idx)) == GIT_ELOCKED && tries++ < 100) {
		git_error_clear();
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	return rc;
}

/* The index entries of a change, as the work tree now has them: u[i]
 * holds the stat data of the file just written, so that git sees it
 * clean. job: NULL, or the sss_index_begin() of these updates, which this
 * ends. Spliced into .git/index when it can be (gitindex.c: at 100,000
 * tickets libgit2's read and write of the index cost ten times more),
 * else through libgit2. */
static struct sss_error *index_apply(struct sss_repo *r,
				     struct sss_index_job *job,
				     const struct sss_index_update *u,
				     size_t n, bool do_sync)
{
	struct sss_error *err = NULL;
	git_index *idx = NULL;
	bool handled;

	if (!job)
		job = sss_index_begin(r->gitdir, r->workdir, u, n);
	if ((err = sss_index_finish(job, do_sync, &handled)) || handled ||
	    (err = need_git(r)))
		return err;
	if (git_repository_index(&idx, r->git) < 0 || git_index_read(idx, 0) < 0) {
		err = git_fail("cannot read the index");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		git_index_entry e;
		if (u[i].remove) {
			if (git_index_remove_bypath(idx, u[i].path) < 0) {
				err = git_fail("cannot update the index");
				goto done;
			}
			continue;
		}
		memset(&e, 0, sizeof(e));
		e.ctime.seconds = (int32_t)u[i].ctime_sec;
		e.ctime.nanoseconds = u[i].ctime_nsec;
		e.mtime.seconds = (int32_t)u[i].mtime_sec;
		e.mtime.nanoseconds = u[i].mtime_nsec;
		e.dev = u[i].dev;
		e.ino = u[i].ino;
		e.mode = GIT_FILEMODE_BLOB;
		e.uid = u[i].uid;
		e.gid = u[i].gid;
		e.file_size = u[i].size;
		git_oid_fromraw(&e.id, u[i].id);
		e.path = u[i].path;
		if (git_index_add(idx, &e) < 0) {
			err = git_fail("cannot update the index");
			goto done;
		}
	}
	if (index_write(idx) < 0)
		err = git_fail("cannot write the index");
done:
	git_index_free(idx);
	return err;
}

/* Write one file of the work tree and fill in its index entry u. */
static struct sss_error *worktree_put(struct sss_repo *r, const char *rel,
				      const char *data, size_t len,
				      const git_oid *id, bool do_sync,
				      struct sss_index_update *u)
{
	struct strbuf fs = STRBUF_INIT;
	struct sss_error *err;
	struct stat st;

	/* u->path and u->remove are the caller's: an index job may be
	 * reading them */
	memcpy(u->id, id->id, sizeof(u->id));
	sss_repo_path(r, &fs, rel);
	/* never through a symbolic link, wherever it is in the path */
	err = sss_write_file_rel(r->workdir, rel, data, len, do_sync);
	if (!err && lstat(fs.buf, &st) < 0)
		err = sss_error(SSS_ERR_IO, "cannot stat '%s': %s", fs.buf,
				strerror(errno));
	if (!err)
		sss_index_update_stat(u, &st);
	strbuf_release(&fs);
	return err;
}

static struct sss_error *worktree_remove(struct sss_repo *r, const char *rel,
					 struct sss_index_update *u)
{
	(void)u; /* path and remove are set by the caller; no stat data */
	return sss_unlink_rel(r->workdir, rel);
}

/* HEAD's tree, or NULL for an unborn branch. */
static struct sss_error *head_tree(struct sss_repo *r, git_commit **commit,
				   git_tree **tree)
{
	git_oid oid;
	struct sss_error *err;
	*commit = NULL;
	*tree = NULL;
	if ((err = need_git(r)))
		return err;
	int rc = git_reference_name_to_id(&oid, r->git, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		git_error_clear();
		return NULL;
	}
	if (rc < 0)
		return git_fail("cannot resolve HEAD");
	if (git_commit_lookup(commit, r->git, &oid) < 0)
		return git_fail("cannot read the HEAD commit");
	if (git_commit_tree(tree, *commit) < 0) {
		git_commit_free(*commit);
		*commit = NULL;
		return git_fail("cannot read the HEAD tree");
	}
	return NULL;
}

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
		return worktree_remove(r, rel, u);
	}
	if (git_blob_lookup(&blob, r->git, git_tree_entry_id(te)) < 0) {
		err = git_fail("cannot read a blob");
		goto done;
	}
	err = worktree_put(r, rel, git_blob_rawcontent(blob),
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
	if (!need_git(r) && git_reference_lookup(&head, r->git, "HEAD") == 0 &&
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

/* Finish a change whose process died: the journal names the paths it was
 * writing; make each match HEAD (old or new, whichever HEAD holds). */
static struct sss_error *recover(struct sss_repo *r)
{
	struct strbuf path = STRBUF_INIT;
	struct sss_error *err = NULL;
	char *buf = NULL;
	size_t len, nu = 0, alloc = 0;
	struct sss_index_update *u = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;

	strbuf_addf(&path, "%s%s", r->gitdir, JOURNAL);
	err = sss_read_file(path.buf, 1u << 20, &buf, &len);
	if (err) {
		if (err->code == SSS_ERR_NOTFOUND) {
			sss_error_free(err);
			err = NULL;
		}
		goto done;
	}
	remove_stale_git_locks(r);
	if ((err = head_tree(r, &commit, &tree)))
		goto done;
	for (char *line = buf, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		/* only ever our own relative paths; refuse anything else */
		if (!sss_starts_with(line, "tickets/") && !sss_starts_with(line, ".sss/") &&
		    !sss_starts_with(line, "sow/"))
			continue;
		if (strstr(line, ".."))
			continue;
		remove_temp_files(r, line);
		SSS_GROW(u, alloc, nu + 1);
		memset(&u[nu], 0, sizeof(u[nu]));
		u[nu].path = line;
		if ((err = sync_from_head(r, tree, line, &u[nu])))
			goto done;
		nu++;
	}
	if ((err = index_apply(r, NULL, u, nu, false)))
		goto done;
	unlink(path.buf);
done:
	free(u);
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
	if ((err = recover(r)))
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

/* Drop an expected change that did not come (see sss_repo_expect). */
static void drop_job(struct sss_repo *r)
{
	if (!r->job)
		return;
	sss_index_abort(r->job);
	r->job = NULL;
	free(r->job_path);
	r->job_path = NULL;
	/* its journal: nothing was committed */
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s%s", r->gitdir, JOURNAL);
	unlink(path.buf);
	strbuf_release(&path);
}

void sss_repo_unlock(struct sss_repo *r)
{
	drop_job(r);
	if (r->lock_fd < 0)
		return;
	flock(r->lock_fd, LOCK_UN);
	close(r->lock_fd);
	r->lock_fd = -1;
}

static struct sss_error *write_journal(struct sss_repo *r,
				       const struct sss_change *changes,
				       size_t n, bool do_sync)
{
	struct strbuf path = STRBUF_INIT, body = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&body, "%s\n", changes[i].path);
	strbuf_addf(&path, "%s%s", r->gitdir, JOURNAL);
	struct sss_error *err =
		sss_write_file_atomic(path.buf, body.buf, body.len, do_sync);
	strbuf_release(&path);
	strbuf_release(&body);
	return err;
}

void sss_repo_expect(struct sss_repo *r, const char *rel, bool do_sync)
{
	struct sss_change ch = { rel, "", 0 };
	drop_job(r);
	/* as in sss_repo_commit: the journal before git's index.lock */
	if (r->lock_fd < 0 || write_journal(r, &ch, 1, do_sync))
		return; /* a hint: the commit reports any error itself */
	r->job_path = xstrdup(rel);
	memset(&r->job_u, 0, sizeof(r->job_u));
	r->job_u.path = r->job_path;
	r->job = sss_index_begin(r->gitdir, r->workdir, &r->job_u, 1);
}

struct sss_error *sss_repo_commit(struct sss_repo *r,
				  const struct sss_change *changes, size_t n,
				  const struct sss_commit_info *ci)
{
	struct sss_error *err = NULL;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_tree_update *upd = xcalloc(n, sizeof(*upd));
	struct sss_index_update *iu = xcalloc(n ? n : 1, sizeof(*iu));
	git_oid tree_oid, commit_oid, empty;
	struct strbuf jpath = STRBUF_INIT;
	struct sss_index_job *job = NULL;
	struct sss_index_update *u = iu; /* where the job reads its updates */
	char *job_path = NULL;
	bool committed = false, tried = false;
	int attempt;

	if (r->lock_fd < 0) {
		err = sss_error(SSS_ERR_INVALID, "internal: commit without the lock");
		goto done;
	}
	/* The index's unchanged part is read, hashed and written on a second
	 * thread while libgit2 makes the commit (gitindex.h). That holds
	 * git's index.lock from here on, so the journal comes first: a writer
	 * killed from now on leaves it, and the next one removes the stale
	 * lock and makes the work tree and index match HEAD again. */
	if (r->job && n == 1 && changes[0].data &&
	    !strcmp(changes[0].path, r->job_path)) {
		/* the change sss_repo_expect() announced: journal and job are
		 * there */
		job = r->job;
		r->job = NULL;
		job_path = r->job_path;
		r->job_path = NULL;
		u = &r->job_u;
	} else {
		drop_job(r);
		if ((err = write_journal(r, changes, n, ci->fsync)))
			goto done;
		for (size_t i = 0; i < n; i++) {
			iu[i].path = changes[i].path;
			iu[i].remove = !changes[i].data;
		}
		job = sss_index_begin(r->gitdir, r->workdir, iu, n);
	}
	if ((err = need_git(r)))
		goto done;
	if (ci->fsync)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	for (size_t i = 0; i < n; i++) {
		upd[i].path = changes[i].path;
		/* a symlinked directory stops the change before it is committed */
		if (changes[i].data &&
		    (err = sss_prepare_dir_rel(r->workdir, changes[i].path)))
			goto done;
		if (!changes[i].data) {
			upd[i].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		upd[i].action = GIT_TREE_UPDATE_UPSERT;
		upd[i].filemode = GIT_FILEMODE_BLOB;
		if (git_blob_create_from_buffer(&upd[i].id, r->git, changes[i].data,
						changes[i].len) < 0) {
			err = git_fail("cannot write a blob");
			goto done;
		}
	}
	if ((err = make_signature(&sig, ci->author, ci->when)))
		goto done;
	/* Someone may run plain git commit beside us (our own writers are
	 * serialised by the lock): on a lost compare-and-swap rebuild the
	 * tree from the new tip and try again. */
	for (attempt = 0;; attempt++) {
		git_commit_free(parent);
		git_tree_free(base);
		parent = NULL;
		base = NULL;
		if ((err = head_tree(r, &parent, &base)))
			goto done;
		if (!base) {
			if (git_treebuilder_new(&tb, r->git, NULL) < 0 ||
			    git_treebuilder_write(&empty, tb) < 0 ||
			    git_tree_lookup(&base, r->git, &empty) < 0) {
				err = git_fail("cannot make an empty tree");
				goto done;
			}
		}
		if (git_tree_create_updated(&tree_oid, r->git, base, n, upd) < 0) {
			err = git_fail("cannot build the new tree");
			goto done;
		}
		git_tree_free(tree);
		tree = NULL;
		if (git_tree_lookup(&tree, r->git, &tree_oid) < 0) {
			err = git_fail("cannot read the new tree");
			goto done;
		}
		const git_commit *parents[1] = { parent };
		tried = true;
		int rc = git_commit_create(&commit_oid, r->git, "HEAD", sig, sig,
					   NULL, ci->message, tree, parent ? 1 : 0,
					   parents);
		if (rc == 0)
			break;
		if ((rc == GIT_EMODIFIED || rc == GIT_ELOCKED) && attempt < 20) {
			git_error_clear();
			struct timespec ts = { 0, 20 * 1000000L };
			nanosleep(&ts, NULL);
			continue;
		}
		err = git_fail("cannot commit");
		goto done;
	}
	/* The commit is in; now the work tree and the index. */
	committed = true;
	for (size_t i = 0; i < n; i++) {
		if (changes[i].data)
			err = worktree_put(r, changes[i].path, changes[i].data,
					   changes[i].len, &upd[i].id, ci->fsync,
					   &u[i]);
		else
			err = worktree_remove(r, changes[i].path, &u[i]);
		if (err)
			goto done;
	}
	err = index_apply(r, job, u, n, ci->fsync);
	job = NULL;
	if (err)
		goto done;
	strbuf_addf(&jpath, "%s%s", r->gitdir, JOURNAL);
	unlink(jpath.buf);
done:
	/* after the commit the journal stays, for the next command to finish
	 * the work tree: say so, lest the change be made a second time */
	if (err && committed)
		err = sss_error_prefix(err, "the change is committed, but the work "
				       "tree is not updated yet (the next sssctl "
				       "command does it)");
	sss_index_abort(job);
	/* failed before trying to commit: nothing to finish */
	if (err && !tried && r->lock_fd >= 0) {
		strbuf_reset(&jpath);
		strbuf_addf(&jpath, "%s%s", r->gitdir, JOURNAL);
		unlink(jpath.buf);
	}
	free(upd);
	free(iu);
	free(job_path);
	strbuf_release(&jpath);
	git_signature_free(sig);
	git_treebuilder_free(tb);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	return err;
}

struct sss_error *sss_repo_init(const char *dir, const char *const *paths,
				const char *const *contents, size_t n,
				const char *author_override, time_t when)
{
	struct sss_error *err = NULL;
	char *author = NULL;
	struct sss_repo *r = xcalloc(1, sizeof(*r));
	struct sss_change *ch = xcalloc(n, sizeof(*ch));
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;
	struct stat st;

	r->lock_fd = -1;
	git_libgit2_init();
	r->git_inited = true;
	if (git_repository_open_ext(&r->git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0) {
		git_error_clear();
		/* the identity first: a failed init leaves no empty repository */
		if ((err = sss_repo_identity(r, author_override, &author)))
			goto done;
		if (git_repository_init(&r->git, dir, 0) < 0) {
			err = git_fail("cannot create the git repository");
			goto done;
		}
	}
	if (git_repository_is_bare(r->git)) {
		err = sss_error(SSS_ERR_INVALID, "'%s' is a bare repository", dir);
		goto done;
	}
	r->workdir = xstrdup(git_repository_workdir(r->git));
	r->gitdir = xstrdup(git_repository_path(r->git));
	strbuf_addf(&sb, "%s.sss/config.yml", r->workdir);
	if (lstat(sb.buf, &st) == 0) {
		err = sss_error(SSS_ERR_EXISTS,
				"'%s' is already a sssctl data repository", r->workdir);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sb);
		sss_repo_path(r, &sb, paths[i]);
		if (lstat(sb.buf, &st) == 0) {
			err = sss_error(SSS_ERR_EXISTS,
					"'%s' already exists; move it away first",
					paths[i]);
			goto done;
		}
		ch[i].path = paths[i];
		ch[i].data = contents[i];
		ch[i].len = strlen(contents[i]);
	}
	if ((!author && (err = sss_repo_identity(r, author_override, &author))) ||
	    (err = sss_repo_lock(r, 10000, "init")))
		goto done;
	strbuf_addf(&msg, "init: sssctl data repository\n\nSss-Action: init\n");
	struct sss_commit_info ci = { msg.buf, author, when, false };
	err = sss_repo_commit(r, ch, n, &ci);
done:
	free(author);
	free(ch);
	strbuf_release(&sb);
	strbuf_release(&msg);
	sss_repo_free(r);
	return err;
}

struct sss_error *sss_repo_in_head(struct sss_repo *r, const char *rel,
				   bool *exists)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *te = NULL;
	struct sss_error *err = head_tree(r, &c, &t);
	*exists = false;
	if (!err && t) {
		if (git_tree_entry_bypath(&te, t, rel) == 0)
			*exists = true;
		else
			git_error_clear();
	}
	git_tree_entry_free(te);
	git_tree_free(t);
	git_commit_free(c);
	return err;
}

struct sss_error *sss_repo_check_clean(struct sss_repo *r, const char *rel)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *te = NULL;
	struct strbuf fs = STRBUF_INIT;
	git_oid oid;
	struct sss_error *err = head_tree(r, &c, &t);
	struct stat st;

	if (err)
		goto done;
	sss_repo_path(r, &fs, rel);
	bool in_tree = t && git_tree_entry_bypath(&te, t, rel) == 0;
	git_error_clear();
	bool on_disk = lstat(fs.buf, &st) == 0;
	if (!in_tree && !on_disk)
		goto done;
	if (in_tree && on_disk && S_ISREG(st.st_mode) &&
	    git_odb_hashfile(&oid, fs.buf, GIT_OBJECT_BLOB) == 0 &&
	    git_oid_equal(&oid, git_tree_entry_id(te)))
		goto done;
	git_error_clear();
	err = sss_error(SSS_ERR_CONFLICT,
			"'%s' has changes that are not committed; commit them "
			"with git (or 'git checkout -- %s' to drop them) and try again",
			rel, rel);
done:
	strbuf_release(&fs);
	git_tree_entry_free(te);
	git_tree_free(t);
	git_commit_free(c);
	return err;
}

/* Sorted names of the entries of dir that pass keep(). */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct sss_error *list_dir(const char *dir, bool want_dirs,
				  char ***names, size_t *count)
{
	DIR *d = opendir(dir);
	size_t n = 0, alloc = 0;
	char **v = NULL;
	struct dirent *de;
	struct strbuf sb = STRBUF_INIT;

	*names = NULL;
	*count = 0;
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR)
			return NULL;
		return sss_error(SSS_ERR_IO, "cannot read directory '%s': %s", dir,
				 strerror(errno));
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		unsigned char type = de->d_type;
		if (type == DT_UNKNOWN) {
			struct stat st;
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s/%s", dir, de->d_name);
			if (lstat(sb.buf, &st) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR :
			       S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		/* symlinks are never followed: they could lead outside */
		if (want_dirs ? type != DT_DIR : type != DT_REG)
			continue;
		SSS_GROW(v, alloc, n + 1);
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	strbuf_release(&sb);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*names = v;
	*count = n;
	return NULL;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Walk tickets/YYYY/MM/<id>.md, optionally only one year/month. */
static struct sss_error *walk(struct sss_repo *r, const char *only_year,
			      const char *only_month,
			      int (*fn)(const char *rel, void *data), void *data,
			      int *stopped)
{
	struct sss_error *err = NULL;
	struct strbuf dir = STRBUF_INIT, rel = STRBUF_INIT;
	char **years = NULL, **months = NULL, **files = NULL;
	size_t ny = 0, nm = 0, nf = 0;

	*stopped = 0;
	sss_repo_path(r, &dir, "tickets");
	/* list_dir() skips links inside; tickets/ itself must not be one */
	struct stat st;
	if (lstat(dir.buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
		err = sss_error(SSS_ERR_INVALID,
				"'tickets' is not a directory (a symbolic link?); "
				"sssctl reads tickets only inside the repository");
		goto done;
	}
	if ((err = list_dir(dir.buf, true, &years, &ny)))
		goto done;
	for (size_t y = 0; y < ny && !*stopped; y++) {
		if (!all_digits(years[y], 4) ||
		    (only_year && strcmp(only_year, years[y])))
			continue;
		strbuf_reset(&dir);
		strbuf_addf(&dir, "%stickets/%s", r->workdir, years[y]);
		free_names(months, nm);
		months = NULL;
		if ((err = list_dir(dir.buf, true, &months, &nm)))
			goto done;
		for (size_t m = 0; m < nm && !*stopped; m++) {
			if (!all_digits(months[m], 2) ||
			    (only_month && strcmp(only_month, months[m])))
				continue;
			strbuf_reset(&dir);
			strbuf_addf(&dir, "%stickets/%s/%s", r->workdir, years[y],
				    months[m]);
			free_names(files, nf);
			files = NULL;
			if ((err = list_dir(dir.buf, false, &files, &nf)))
				goto done;
			for (size_t f = 0; f < nf && !*stopped; f++) {
				size_t len = strlen(files[f]);
				if (len < 4 || strcmp(files[f] + len - 3, ".md"))
					continue;
				strbuf_reset(&rel);
				strbuf_addf(&rel, "tickets/%s/%s/%s", years[y],
					    months[m], files[f]);
				*stopped = fn(rel.buf, data);
			}
		}
	}
done:
	free_names(years, ny);
	free_names(months, nm);
	free_names(files, nf);
	strbuf_release(&dir);
	strbuf_release(&rel);
	return err;
}

/* ---- read-ahead ----------------------------------------------------------
 *
 * The walk's paths are listed first; then a second thread works through
 * them ahead of the caller (at most RA_WINDOW ahead, which bounds the
 * memory of parsed tickets waiting), while the caller's fn runs on the
 * calling thread in order. The thread takes every other run of RA_CHUNK
 * items, the caller the others as it comes to them; an item is claimed by
 * whichever thread gets to it first (the caller does the thread's too
 * when it has caught up), so two cores share the work and seldom wait
 * for each other. The lstat of a file always comes before its read, on
 * whichever thread, which is what the cache's racy-clean rule needs. */
#define RA_WINDOW 256
#define RA_CHUNK 16

/* A slot's state word: the item it is for, times 4, plus one of these. */
enum { RA_FREE, RA_CLAIMED, RA_DONE };

struct ra_slot {
	atomic_size_t state;
	struct stat st;
	bool stat_ok;
	bool parsed;
	struct sss_ticket *t;
	struct sss_error *err;
};

struct readahead {
	struct sss_repo *r;
	enum sss_readahead mode;
	char **rels;
	size_t n, alloc;
	struct ra_slot slot[RA_WINDOW];
	atomic_size_t consumed; /* items [0, consumed) are done with by fn */
	atomic_bool stop;
	size_t cur;             /* the item fn has now (caller's thread) */
	struct strbuf fs;       /* the caller's path buffer */
};

void sss_repo_readahead(struct sss_repo *r, enum sss_readahead mode)
{
	r->ra_mode = mode;
}

static int collect(const char *rel, void *data)
{
	struct readahead *ra = data;
	SSS_GROW(ra->rels, ra->alloc, ra->n + 1);
	ra->rels[ra->n++] = xstrdup(rel);
	return 0;
}

/* Do item i's work into s (which the calling thread has claimed). */
static void ra_fill(struct readahead *ra, size_t i, struct ra_slot *s,
		    struct strbuf *fs)
{
	s->stat_ok = sss_lstat_rel(ra->r->workdir, ra->rels[i], &s->st);
	/* without its lstat the caller reads the file itself */
	s->parsed = ra->mode == SSS_READAHEAD_PARSE && s->stat_ok;
	s->t = NULL;
	s->err = NULL;
	if (s->parsed) {
		strbuf_reset(fs);
		sss_repo_path(ra->r, fs, ra->rels[i]);
		s->err = sss_ticket_load(&s->t, fs->buf, ra->rels[i]);
	}
}

static void ra_pause(void)
{
	struct timespec ts = { 0, 20000 };
	nanosleep(&ts, NULL);
}

static void *read_ahead(void *arg)
{
	struct readahead *ra = arg;
	struct strbuf fs = STRBUF_INIT;
	size_t i = 0;
	while (i < ra->n && !atomic_load(&ra->stop)) {
		size_t consumed = atomic_load(&ra->consumed);
		if (i < consumed)
			i = consumed;
		/* every other run of RA_CHUNK items: the caller does the rest
		 * itself, so that neither waits for the other */
		if ((i / RA_CHUNK) % 2 == 0)
			i = (i / RA_CHUNK + 1) * RA_CHUNK;
		if (i >= ra->n)
			break;
		if (i - consumed >= RA_WINDOW) {
			ra_pause();
			continue;
		}
		struct ra_slot *s = &ra->slot[i % RA_WINDOW];
		size_t want = i * 4 + RA_FREE;
		if (atomic_compare_exchange_strong(&s->state, &want,
						   i * 4 + RA_CLAIMED)) {
			ra_fill(ra, i, s, &fs);
			atomic_store(&s->state, i * 4 + RA_DONE);
		}
		i++;
	}
	strbuf_release(&fs);
	sss_rel_forget();
	return NULL;
}

/* Make item i's slot filled: take it over if nobody has, else wait for
 * the thread to finish it. */
static struct ra_slot *ra_get(struct readahead *ra, size_t i)
{
	struct ra_slot *s = &ra->slot[i % RA_WINDOW];
	for (int spins = 0;; spins++) {
		size_t v = atomic_load(&s->state);
		if (v == i * 4 + RA_DONE)
			return s;
		size_t want = i * 4 + RA_FREE;
		if (v == want && atomic_compare_exchange_strong(
					 &s->state, &want, i * 4 + RA_CLAIMED)) {
			ra_fill(ra, i, s, &ra->fs);
			atomic_store(&s->state, i * 4 + RA_DONE);
			return s;
		}
		if (spins > 100)
			sched_yield();
	}
}

/* The slot of the item fn has now. */
static struct ra_slot *ra_current(struct sss_repo *r, const char *rel)
{
	struct readahead *ra = r->ra;
	if (!ra || ra->cur >= ra->n || strcmp(ra->rels[ra->cur], rel))
		return NULL;
	return ra_get(ra, ra->cur);
}

bool sss_repo_readahead_stat(struct sss_repo *r, const char *rel,
			     struct stat *st)
{
	struct ra_slot *s = ra_current(r, rel);
	if (!s || !s->stat_ok)
		return false;
	*st = s->st;
	return true;
}

bool sss_repo_readahead_take(struct sss_repo *r, const char *rel,
			     struct sss_ticket **t, struct sss_error **err)
{
	struct ra_slot *s = ra_current(r, rel);
	if (!s || !s->parsed)
		return false;
	*t = s->t;
	*err = s->err;
	s->t = NULL;
	s->err = NULL;
	s->parsed = false;
	return true;
}

static struct sss_error *each_read_ahead(struct sss_repo *r,
					 int (*fn)(const char *rel, void *data),
					 void *data)
{
	struct readahead *ra = xcalloc(1, sizeof(*ra));
	pthread_t thread;
	int stopped = 0;

	ra->r = r;
	ra->mode = r->ra_mode;
	strbuf_init(&ra->fs, 0);
	for (size_t k = 0; k < RA_WINDOW; k++)
		atomic_init(&ra->slot[k].state, k * 4 + RA_FREE);
	atomic_init(&ra->consumed, 0);
	atomic_init(&ra->stop, false);
	/* a directory that cannot be read ends the walk with an error after
	 * the tickets before it, as without read-ahead */
	struct sss_error *err = walk(r, NULL, NULL, collect, ra, &stopped);
	bool threaded = ra->n > 1 &&
			pthread_create(&thread, NULL, read_ahead, ra) == 0;
	for (size_t i = 0; i < ra->n && !stopped; i++) {
		if (!threaded) {
			stopped = fn(ra->rels[i], data);
			continue;
		}
		ra->cur = i;
		r->ra = ra;
		stopped = fn(ra->rels[i], data);
		r->ra = NULL;
		/* what fn did not take; the slot then serves item i + W */
		struct ra_slot *s = &ra->slot[i % RA_WINDOW];
		size_t want = i * 4 + RA_FREE;
		if (!atomic_compare_exchange_strong(&s->state, &want,
						    (i + RA_WINDOW) * 4 + RA_FREE)) {
			ra_get(ra, i);
			sss_ticket_free(s->t);
			sss_error_free(s->err);
			s->t = NULL;
			s->err = NULL;
			s->parsed = false;
			atomic_store(&s->state, (i + RA_WINDOW) * 4 + RA_FREE);
		}
		atomic_store(&ra->consumed, i + 1);
	}
	if (threaded) {
		atomic_store(&ra->stop, true);
		pthread_join(thread, NULL);
		/* a stop left parsed tickets behind */
		for (size_t k = 0; k < RA_WINDOW; k++) {
			sss_ticket_free(ra->slot[k].t);
			sss_error_free(ra->slot[k].err);
		}
	}
	for (size_t i = 0; i < ra->n; i++)
		free(ra->rels[i]);
	free(ra->rels);
	strbuf_release(&ra->fs);
	free(ra);
	return err;
}

struct sss_error *sss_repo_each_ticket(struct sss_repo *r,
				       int (*fn)(const char *rel, void *data),
				       void *data)
{
	int stopped;
	enum sss_readahead mode = r->ra_mode;
	r->ra_mode = SSS_READAHEAD_NONE; /* for the next scan, say again */
	if (!sss_threads_wanted())
		mode = SSS_READAHEAD_NONE;
	if (mode != SSS_READAHEAD_NONE && !r->ra) {
		r->ra_mode = mode;
		struct sss_error *err = each_read_ahead(r, fn, data);
		r->ra_mode = SSS_READAHEAD_NONE;
		return err;
	}
	return walk(r, NULL, NULL, fn, data, &stopped);
}

struct match_state {
	const char *prefix;
	char **found;
	size_t n, alloc;
};

static int match_one(const char *rel, void *data)
{
	struct match_state *m = data;
	const char *base = strrchr(rel, '/') + 1;
	size_t plen = strlen(m->prefix);
	if (strncasecmp(base, m->prefix, plen) == 0) {
		SSS_GROW(m->found, m->alloc, m->n + 1);
		m->found[m->n++] = xstrdup(rel);
	}
	return 0;
}

struct sss_error *sss_repo_resolve(struct sss_repo *r, const char *prefix,
				   int fy_start, char **rel, char **id)
{
	struct sss_error *err = NULL;
	struct strbuf sb = STRBUF_INIT, fs = STRBUF_INIT;
	struct match_state m = { NULL, NULL, 0, 0 };
	char *canon = NULL;
	struct stat st;
	int stopped;

	*rel = *id = NULL;
	if (!sss_id_is_prefix_syntax(prefix)) {
		err = sss_error(SSS_ERR_USAGE, "'%s' is not a ticket ID", prefix);
		goto done;
	}
	canon = sss_id_canonical(prefix);
	/* A full ID names its path: no scan. */
	struct sss_error *perr = sss_id_path(&sb, canon, fy_start);
	if (!perr) {
		sss_repo_path(r, &fs, sb.buf);
		if (lstat(fs.buf, &st) == 0 && S_ISREG(st.st_mode)) {
			*rel = strbuf_detach(&sb, NULL);
			*id = canon;
			canon = NULL;
			goto done;
		}
	}
	sss_error_free(perr);
	m.prefix = canon;
	char year[5] = { '2', '0', canon[0], canon[1], 0 };
	char month[3] = { canon[1] ? canon[2] : 0, canon[1] && canon[2] ? canon[3] : 0, 0 };
	if (all_digits(year, 4) && all_digits(month, 2)) {
		/* "YYMM..." lives in tickets/20YY/MM: scan only that month */
		err = walk(r, year, month, match_one, &m, &stopped);
	} else {
		err = walk(r, NULL, NULL, match_one, &m, &stopped);
	}
	if (err)
		goto done;
	if (m.n == 0) {
		err = sss_error(SSS_ERR_NOTFOUND, "no ticket '%s'; see 'sssctl list --all'",
				prefix);
		goto done;
	}
	if (m.n > 1) {
		strbuf_reset(&sb);
		for (size_t i = 0; i < m.n && i < 10; i++) {
			const char *base = strrchr(m.found[i], '/') + 1;
			strbuf_addf(&sb, "%s%.*s", i ? ", " : "", (int)(strlen(base) - 3), base);
		}
		if (m.n > 10)
			strbuf_addf(&sb, ", ... (%zu in all)", m.n);
		err = sss_error(SSS_ERR_AMBIGUOUS, "ticket ID '%s' is ambiguous: %s",
				prefix, sb.buf);
		goto done;
	}
	const char *base = strrchr(m.found[0], '/') + 1;
	*id = xstrndup(base, strlen(base) - 3);
	*rel = m.found[0];
	m.found[0] = NULL;
done:
	for (size_t i = 0; i < m.n; i++)
		free(m.found[i]);
	free(m.found);
	free(canon);
	strbuf_release(&sb);
	strbuf_release(&fs);
	return err;
}

/* Content of a blob by id, or NULL for a zero id. */
static struct sss_error *blob_data(struct sss_repo *r, const git_oid *id,
				   git_blob **blob)
{
	*blob = NULL;
	if (git_oid_is_zero(id))
		return NULL;
	if (git_blob_lookup(blob, r->git, id) < 0)
		return git_fail("cannot read a blob");
	return NULL;
}

struct sss_error *sss_repo_log(struct sss_repo *r, const char *rel,
			       int (*fn)(const struct sss_log_entry *e,
					 void *data),
			       void *data)
{
	struct sss_error *err = NULL;
	git_revwalk *walker = NULL;
	git_oid oid;
	char *spec[1] = { (char *)(rel ? rel : "tickets/") };
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	int stop = 0;

	opts.pathspec.strings = spec;
	opts.pathspec.count = 1;
	opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH * (rel != NULL);
	if ((err = need_git(r)))
		goto done;
	if (git_revwalk_new(&walker, r->git) < 0 ||
	    git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0) {
		err = git_fail("cannot walk the history");
		goto done;
	}
	if (git_revwalk_push_head(walker) < 0) {
		git_error_clear();
		goto done; /* no commits yet */
	}
	while (!stop && git_revwalk_next(&oid, walker) == 0) {
		git_commit *c = NULL, *p = NULL;
		git_tree *ct = NULL, *pt = NULL;
		git_diff *diff = NULL;
		if (git_commit_lookup(&c, r->git, &oid) < 0 ||
		    git_commit_tree(&ct, c) < 0 ||
		    (git_commit_parentcount(c) > 0 &&
		     (git_commit_parent(&p, c, 0) < 0 || git_commit_tree(&pt, p) < 0)) ||
		    git_diff_tree_to_tree(&diff, r->git, pt, ct, &opts) < 0) {
			err = git_fail("cannot read the history");
		} else {
			char hex[GIT_OID_HEXSZ + 1];
			const git_signature *a = git_commit_author(c);
			struct strbuf who = STRBUF_INIT;
			git_oid_tostr(hex, sizeof(hex), &oid);
			strbuf_addf(&who, "%s <%s>", a->name, a->email);
			for (size_t i = 0; !err && !stop && i < git_diff_num_deltas(diff); i++) {
				const git_diff_delta *d = git_diff_get_delta(diff, i);
				git_blob *ob = NULL, *nb = NULL;
				if ((err = blob_data(r, &d->old_file.id, &ob)) ||
				    (err = blob_data(r, &d->new_file.id, &nb))) {
					git_blob_free(ob);
					break;
				}
				struct sss_log_entry e = {
					hex, who.buf, (time_t)a->when.time, a->when.offset,
					git_commit_message(c),
					d->new_file.path ? d->new_file.path : d->old_file.path,
					ob ? git_blob_rawcontent(ob) : NULL,
					ob ? (size_t)git_blob_rawsize(ob) : 0,
					nb ? git_blob_rawcontent(nb) : NULL,
					nb ? (size_t)git_blob_rawsize(nb) : 0,
				};
				stop = fn(&e, data);
				git_blob_free(ob);
				git_blob_free(nb);
			}
			strbuf_release(&who);
		}
		git_diff_free(diff);
		git_tree_free(pt);
		git_tree_free(ct);
		git_commit_free(p);
		git_commit_free(c);
		if (err)
			break;
	}
done:
	git_revwalk_free(walker);
	return err;
}
