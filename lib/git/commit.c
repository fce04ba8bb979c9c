/* commit.c - one change as one git commit, then the work tree and the
 * index brought in step (see store.h for the order of the steps). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "git_priv.h"
#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/store.h"
#include "sss/strbuf.h"

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
 * ends. Spliced into .git/index when it can be (index.c: at 100,000
 * tickets libgit2's read and write of the index cost ten times more),
 * else through libgit2. */
struct sss_error *sss_git_index_apply(struct sss_repo *r,
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
	    (err = sss_git_need(r)))
		return err;
	if (git_repository_index(&idx, r->git) < 0 || git_index_read(idx, 0) < 0) {
		err = sss_git_fail("cannot read the index");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		git_index_entry e;
		if (u[i].remove) {
			if (git_index_remove_bypath(idx, u[i].path) < 0) {
				err = sss_git_fail("cannot update the index");
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
			err = sss_git_fail("cannot update the index");
			goto done;
		}
	}
	if (index_write(idx) < 0)
		err = sss_git_fail("cannot write the index");
done:
	git_index_free(idx);
	return err;
}

struct sss_error *sss_git_worktree_put(struct sss_repo *r, const char *rel,
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

/* A commit in the making: what the steps of sss_repo_commit() share. */
struct commit_job {
	struct sss_repo *r;
	const struct sss_change *changes;
	size_t n;
	git_tree_update *upd;	     /* the tree updates, blob ids included */
	struct sss_index_update *iu; /* the index entries, unless ... */
	struct sss_index_update *u;  /* ... an expected job's: where they are */
	struct sss_index_job *job;
	char *job_path;
};

/* The index's unchanged part is read, hashed and written on a second
 * thread while libgit2 makes the commit (index.h). That holds git's
 * index.lock from here on, so the journal comes first: a writer killed
 * from now on leaves it, and the next one removes the stale lock and
 * makes the work tree and index match HEAD again. */
static struct sss_error *start_index(struct commit_job *cj, bool do_sync)
{
	struct sss_repo *r = cj->r;
	struct sss_error *err;

	if (r->job && cj->n == 1 && cj->changes[0].data &&
	    !strcmp(cj->changes[0].path, r->job_path)) {
		/* the change sss_repo_expect() announced: journal and job are
		 * there */
		cj->job = r->job;
		r->job = NULL;
		cj->job_path = r->job_path;
		r->job_path = NULL;
		cj->u = &r->job_u;
		return NULL;
	}
	sss_git_drop_job(r);
	if ((err = sss_git_journal_write(r, cj->changes, cj->n, do_sync)))
		return err;
	for (size_t i = 0; i < cj->n; i++) {
		cj->iu[i].path = cj->changes[i].path;
		cj->iu[i].remove = !cj->changes[i].data;
	}
	cj->job = sss_index_begin(r->gitdir, r->workdir, cj->iu, cj->n);
	return NULL;
}

/* The blobs of the change and the tree updates that put them in. */
static struct sss_error *write_blobs(struct commit_job *cj)
{
	struct sss_repo *r = cj->r;
	struct sss_error *err;

	for (size_t i = 0; i < cj->n; i++) {
		const struct sss_change *ch = &cj->changes[i];
		git_tree_update *upd = &cj->upd[i];
		upd->path = ch->path;
		/* a symlinked directory stops the change before it is committed */
		if (ch->data && (err = sss_prepare_dir_rel(r->workdir, ch->path)))
			return err;
		if (!ch->data) {
			upd->action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		upd->action = GIT_TREE_UPDATE_UPSERT;
		upd->filemode = GIT_FILEMODE_BLOB;
		if (git_blob_create_from_buffer(&upd->id, r->git, ch->data,
						ch->len) < 0)
			return sss_git_fail("cannot write a blob");
	}
	return NULL;
}

/* The commit on top of HEAD, by compare-and-swap of the branch. Someone
 * may run plain git commit beside us (our own writers are serialised by
 * the lock): on a lost compare-and-swap rebuild the tree from the new
 * tip and try again. *tried: git_commit_create() was called. */
static struct sss_error *commit_cas(struct commit_job *cj,
				    const struct sss_commit_info *ci,
				    const git_signature *sig, bool *tried)
{
	struct sss_repo *r = cj->r;
	struct sss_error *err = NULL;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_treebuilder *tb = NULL;
	git_oid tree_oid, commit_oid, empty;

	for (int attempt = 0;; attempt++) {
		git_commit_free(parent);
		git_tree_free(base);
		parent = NULL;
		base = NULL;
		if ((err = sss_git_head_tree(r, &parent, &base)))
			goto done;
		if (!base) {
			git_treebuilder_free(tb);
			tb = NULL;
			if (git_treebuilder_new(&tb, r->git, NULL) < 0 ||
			    git_treebuilder_write(&empty, tb) < 0 ||
			    git_tree_lookup(&base, r->git, &empty) < 0) {
				err = sss_git_fail("cannot make an empty tree");
				goto done;
			}
		}
		if (git_tree_create_updated(&tree_oid, r->git, base, cj->n,
					    cj->upd) < 0) {
			err = sss_git_fail("cannot build the new tree");
			goto done;
		}
		git_tree_free(tree);
		tree = NULL;
		if (git_tree_lookup(&tree, r->git, &tree_oid) < 0) {
			err = sss_git_fail("cannot read the new tree");
			goto done;
		}
		const git_commit *parents[1] = { parent };
		*tried = true;
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
		err = sss_git_fail("cannot commit");
		goto done;
	}
done:
	git_treebuilder_free(tb);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	return err;
}

/* The commit is in; now the work tree and the index. */
static struct sss_error *update_worktree(struct commit_job *cj, bool do_sync)
{
	struct sss_repo *r = cj->r;
	struct sss_error *err = NULL;

	for (size_t i = 0; i < cj->n; i++) {
		const struct sss_change *ch = &cj->changes[i];
		if (ch->data)
			err = sss_git_worktree_put(r, ch->path, ch->data, ch->len,
						   &cj->upd[i].id, do_sync,
						   &cj->u[i]);
		else
			err = worktree_remove(r, ch->path, &cj->u[i]);
		if (err)
			return err;
	}
	err = sss_git_index_apply(r, cj->job, cj->u, cj->n, do_sync);
	cj->job = NULL;
	return err;
}

struct sss_error *sss_repo_commit(struct sss_repo *r,
				  const struct sss_change *changes, size_t n,
				  const struct sss_commit_info *ci)
{
	struct commit_job cj = { r, changes, n, NULL, NULL, NULL, NULL, NULL };
	struct sss_error *err = NULL;
	git_signature *sig = NULL;
	bool committed = false, tried = false;

	cj.upd = xcalloc(n ? n : 1, sizeof(*cj.upd));
	cj.iu = xcalloc(n ? n : 1, sizeof(*cj.iu));
	cj.u = cj.iu;
	if (r->lock_fd < 0) {
		err = sss_error(SSS_ERR_INVALID, "internal: commit without the lock");
		goto done;
	}
	if ((err = start_index(&cj, ci->fsync)) || (err = sss_git_need(r)))
		goto done;
	if (ci->fsync)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if ((err = write_blobs(&cj)) ||
	    (err = sss_git_signature(&sig, ci->author, ci->when)) ||
	    (err = commit_cas(&cj, ci, sig, &tried)))
		goto done;
	committed = true;
	if ((err = update_worktree(&cj, ci->fsync)))
		goto done;
	sss_git_journal_remove(r);
done:
	/* after the commit the journal stays, for the next command to finish
	 * the work tree: say so, lest the change be made a second time */
	if (err && committed)
		err = sss_error_prefix(err, "the change is committed, but the work "
				       "tree is not updated yet (the next sssctl "
				       "command does it)");
	sss_index_abort(cj.job);
	/* failed before trying to commit: nothing to finish */
	if (err && !tried && r->lock_fd >= 0)
		sss_git_journal_remove(r);
	free(cj.upd);
	free(cj.iu);
	free(cj.job_path);
	git_signature_free(sig);
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
			err = sss_git_fail("cannot create the git repository");
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
