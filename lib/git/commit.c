/* commit.c - one change as one git commit, then the work tree and the
 * index brought in step (see store.h for the order of the steps). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "git_priv.h"
#include "sss/alloc.h"
#include "sss/cleanup.h"
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

struct sss_error *sss_git_confirm_objects(struct sss_repo *r,
					  const git_oid *ids, size_t n,
					  const char *what)
{
	struct strbuf dir = STRBUF_INIT;
	struct sss_error *err = NULL;
	git_odb *odb = NULL;

	/* a handle of our own: libgit2 1.5 was seen to return success for a
	 * commit whose object writes failed (ENOSPC, an unwritable
	 * objects/XX), so only a fresh read shows what is on disk */
	strbuf_addf(&dir, "%sobjects", r->gitdir);
	if (git_odb_open(&odb, dir.buf) < 0) {
		err = sss_git_fail("cannot open the object database");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		git_odb_object *obj = NULL;
		if (git_odb_read(&obj, odb, &ids[i]) < 0) {
			const git_error *e = git_error_last();
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &ids[i]);
			err = sss_error(SSS_ERR_IO,
					"%s %s was not written to the object database "
					"(%s)", what, hex,
					e && e->message ? e->message : "unreadable");
			git_error_clear();
			goto done;
		}
		git_odb_object_free(obj);
	}
done:
	git_odb_free(odb);
	strbuf_release(&dir);
	return err;
}

/* Fill in the stat data of the index entries whose work-tree file holds
 * their blob, so that git sees them clean as after `git read-tree HEAD`
 * and `git update-index --refresh`. */
static struct sss_error *refresh_stat(struct sss_repo *r, git_index *idx)
{
	struct strbuf fs = STRBUF_INIT;
	struct sss_error *err = NULL;

	for (size_t i = 0; i < git_index_entrycount(idx); i++) {
		const git_index_entry *ie = git_index_get_byindex(idx, i);
		git_index_entry e = *ie;
		struct stat st;
		git_oid oid;
		strbuf_reset(&fs);
		sss_repo_path(r, &fs, ie->path);
		/* hashed as `git add` would (a CRLF checkout of an LF blob
		 * matches), so no size check: the size is the file's */
		if (lstat(fs.buf, &st) < 0 || !S_ISREG(st.st_mode) ||
		    !sss_git_workfile_id(r, ie->path, &ie->id, 1, &oid) ||
		    !git_oid_equal(&oid, &ie->id)) {
			git_error_clear();
			continue;
		}
		e.ctime.seconds = (int32_t)st.st_ctim.tv_sec;
		e.ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
		e.mtime.seconds = (int32_t)st.st_mtim.tv_sec;
		e.mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
		e.dev = (uint32_t)st.st_dev;
		e.ino = (uint32_t)st.st_ino;
		e.uid = st.st_uid;
		e.gid = st.st_gid;
		e.file_size = (uint32_t)st.st_size;
		if (git_index_add(idx, &e) < 0) {
			err = sss_git_fail("cannot rebuild the index");
			break;
		}
	}
	strbuf_release(&fs);
	return err;
}

/* A missing .git/index: HEAD's tree, never "no files" (a commit with
 * git would then delete every other ticket). */
static struct sss_error *rebuild_index(struct sss_repo *r)
{
	struct sss_error *err;
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_index *idx = NULL;

	if ((err = sss_git_head_tree(r, &c, &t)) || !t)
		goto done;
	if (git_repository_index(&idx, r->git) < 0 ||
	    git_index_read_tree(idx, t) < 0) {
		err = sss_git_fail("cannot rebuild the missing index from HEAD");
		goto done;
	}
	if (!(err = refresh_stat(r, idx)) && index_write(idx) < 0)
		err = sss_git_fail("cannot write the rebuilt index");
done:
	git_index_free(idx);
	git_tree_free(t);
	git_commit_free(c);
	return err;
}

static struct sss_error *split_index(struct sss_repo *r)
{
	return sss_error(SSS_ERR_INVALID,
			 "'%sindex' is a split index (core.splitIndex), which "
			 "sssctl does not write; run 'git update-index "
			 "--no-split-index' (and 'git config core.splitIndex "
			 "false') and try again; nothing was changed", r->gitdir);
}

struct sss_error *sss_git_index_ready(struct sss_repo *r, bool *rebuilt)
{
	char ext[5];
	git_index *idx = NULL;
	struct sss_error *err = NULL;

	*rebuilt = false;
	/* an expected change's job (sss_repo_expect) has read the index */
	switch (r->job ? sss_index_job_kind(r->job, r->gitdir, ext)
		       : sss_index_kind(r->gitdir, ext)) {
	case SSS_INDEX_OK:
		return NULL;
	case SSS_INDEX_MISSING:
		/* an expected change's job holds index.lock and read no index */
		sss_git_drop_job(r);
		if ((err = rebuild_index(r)))
			return err;
		*rebuilt = true;
		return NULL;
	case SSS_INDEX_SPLIT:
		return split_index(r);
	case SSS_INDEX_EXTENSION:
		return sss_error(SSS_ERR_INVALID,
				 "'%sindex' needs the extension '%s', which sssctl "
				 "does not write; nothing was changed", r->gitdir, ext);
	case SSS_INDEX_OTHER:
	case SSS_INDEX_CORRUPT:
		break;
	}
	/* version 4, or what the splice's reader does not take: libgit2's
	 * word (a split index's entries may have no names, so its "link"
	 * is found only there) */
	if ((err = sss_git_need(r)))
		return err;
	int rc = git_repository_index(&idx, r->git);
	if (rc == 0)
		rc = git_index_read(idx, 1);
	git_index_free(idx);
	if (rc == 0)
		return NULL;
	const git_error *e = git_error_last();
	bool split = e && e->message && strstr(e->message, "'link'");
	git_error_clear();
	if (split)
		return split_index(r);
	return sss_error(SSS_ERR_INVALID,
			 "the index '%sindex' is corrupt; nothing was changed "
			 "(git can rebuild it: 'rm %sindex && git reset')",
			 r->gitdir, r->gitdir);
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
	struct sss_git_expect *ex;   /* before and after, for the journal */
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
		/* its journal gains the blob ids (an atomic replace) */
		return sss_git_journal_write_ids(r, cj->ex, cj->n, do_sync);
	}
	sss_git_drop_job(r);
	if ((err = sss_git_journal_write_ids(r, cj->ex, cj->n, do_sync)))
		return err;
	for (size_t i = 0; i < cj->n; i++) {
		cj->iu[i].path = cj->changes[i].path;
		cj->iu[i].remove = !cj->changes[i].data;
	}
	cj->job = sss_index_begin(r->gitdir, r->workdir, cj->iu, cj->n);
	return NULL;
}

/* What each path holds at HEAD and will hold after the change (the
 * journal's record), and the checks of what the change needs once it is
 * committed: a directory it can write the file in. */
static struct sss_error *expectations(struct commit_job *cj)
{
	struct sss_repo *r = cj->r;
	struct sss_error *err = NULL;
	struct strbuf dir = STRBUF_INIT;
	git_commit *c = NULL;
	git_tree *t = NULL;

	if ((err = sss_git_head_tree(r, &c, &t)))
		goto done;
	for (size_t i = 0; i < cj->n; i++) {
		const struct sss_change *ch = &cj->changes[i];
		struct sss_git_expect *e = &cj->ex[i];
		git_tree_entry *te = NULL;
		e->path = ch->path;
		if (t && git_tree_entry_bypath(&te, t, ch->path) == 0)
			git_oid_cpy(&e->before, git_tree_entry_id(te));
		git_tree_entry_free(te);
		git_error_clear();
		if (!ch->data)
			continue;
		if (git_odb_hash(&e->after, ch->data, ch->len, GIT_OBJECT_BLOB) < 0) {
			err = sss_git_fail("cannot hash a blob");
			goto done;
		}
		/* a symlinked directory stops the change before it is
		 * committed; so does one the user cannot write */
		if ((err = sss_prepare_dir_rel(r->workdir, ch->path)))
			goto done;
		strbuf_reset(&dir);
		sss_repo_path(r, &dir, ch->path);
		strbuf_setlen(&dir, (size_t)(strrchr(dir.buf, '/') - dir.buf));
		if (access(dir.buf, W_OK | X_OK) < 0) {
			err = sss_error(SSS_ERR_IO,
					"cannot write in '%s': %s; nothing was changed",
					dir.buf, strerror(errno));
			goto done;
		}
	}
done:
	strbuf_release(&dir);
	git_tree_free(t);
	git_commit_free(c);
	return err;
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
		if (!ch->data) {
			upd->action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		upd->action = GIT_TREE_UPDATE_UPSERT;
		upd->filemode = GIT_FILEMODE_BLOB;
		if (git_blob_create_from_buffer(&upd->id, r->git, ch->data,
						ch->len) < 0)
			return sss_git_fail("cannot write a blob");
		if ((err = sss_git_confirm_objects(r, &upd->id, 1, "the blob")))
			return err;
	}
	return NULL;
}

/* Whether the branch HEAD names points at id. */
static bool head_is(struct sss_repo *r, const git_oid *id)
{
	git_oid head;
	bool is = !git_oid_is_zero(id) &&
		  git_reference_name_to_id(&head, r->git, "HEAD") == 0 &&
		  git_oid_equal(&head, id);
	git_error_clear();
	return is;
}

/* A commit that libgit2 says it made: its object read back through a new
 * handle and the branch pointing at it. A branch moved to an object that
 * is not there is put back on the parent (under our lock, nobody else
 * moved it since). *in_head: the branch has the commit. */
static struct sss_error *confirm_commit(struct sss_repo *r, const git_oid *id,
					const git_commit *parent, bool *in_head)
{
	struct sss_error *err = sss_git_confirm_objects(r, id, 1, "the commit");
	git_reference *head = NULL, *moved = NULL;

	*in_head = head_is(r, id);
	if (!err && !*in_head)
		return sss_error(SSS_ERR_GIT, "the branch was not moved to the "
				 "commit; the change is not committed");
	if (!err)
		return NULL;
	if (*in_head && git_repository_head(&head, r->git) == 0) {
		int rc = parent ? git_reference_set_target(&moved, head,
							   git_commit_id(parent),
							   "sssctl: the commit was not written")
				: git_reference_delete(head);
		*in_head = rc < 0;
	}
	git_error_clear();
	git_reference_free(moved);
	git_reference_free(head);
	return sss_error_prefix(err, "the change is not committed");
}

/* Move the branch HEAD names from parent (NULL: an unborn branch) to id,
 * by compare-and-swap, with the reflog entry git writes for a commit.
 * GIT_EMODIFIED when the branch is no longer at parent. */
static int move_head(struct sss_repo *r, const git_oid *id,
		     const git_commit *parent, const char *message)
{
	git_reference *head = NULL, *moved = NULL;
	struct strbuf log = STRBUF_INIT;
	int rc = git_reference_lookup(&head, r->git, "HEAD");

	if (rc < 0)
		return rc;
	const char *name = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC
				   ? git_reference_symbolic_target(head) : "HEAD";
	strbuf_addf(&log, "commit%s: %.*s", parent ? "" : " (initial)",
		    (int)strcspn(message, "\n"), message);
	if (parent) {
		rc = git_reference_create_matching(&moved, r->git, name, id, 1,
						   git_commit_id(parent), log.buf);
	} else {
		rc = git_reference_create(&moved, r->git, name, id, 0, log.buf);
		if (rc == GIT_EEXISTS)
			rc = GIT_EMODIFIED; /* someone made the first commit */
	}
	git_reference_free(moved);
	git_reference_free(head);
	strbuf_release(&log);
	return rc;
}

/* The commit on top of HEAD, by compare-and-swap of the branch. Someone
 * may run plain git commit beside us (our own writers are serialised by
 * the lock): on a lost compare-and-swap rebuild the tree from the new
 * tip and try again. The tree and the commit are read back before they
 * count (confirm_commit). *in_head: the branch has a commit of ours,
 * also when this fails. */
static struct sss_error *commit_cas(struct commit_job *cj,
				    const struct sss_commit_info *ci,
				    const git_signature *sig, bool *in_head)
{
	struct sss_repo *r = cj->r;
	struct sss_error *err = NULL;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_treebuilder *tb = NULL;
	git_oid tree_oid, commit_oid, empty;

	memset(&commit_oid, 0, sizeof(commit_oid));
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
		if ((err = sss_git_confirm_objects(r, &tree_oid, 1, "the tree")))
			goto done;
		if (git_tree_lookup(&tree, r->git, &tree_oid) < 0) {
			err = sss_git_fail("cannot read the new tree");
			goto done;
		}
		const git_commit *parents[1] = { parent };
		/* the object (signed when commit.gpgsign says so), then the
		 * branch; a failure to sign commits nothing */
		if ((err = sss_git_commit_create(r, &commit_oid, sig, sig, ci->message,
						 tree, parents, parent ? 1 : 0)))
			goto done;
		/* read back before the branch may point at it (libgit2 1.5
		 * was seen to report a failed object write as success) */
		if ((err = sss_git_confirm_objects(r, &commit_oid, 1, "the commit"))) {
			err = sss_error_prefix(err, "the change is not committed");
			goto done;
		}
		/* a signal waits until the branch is updated: libgit2's ref
		 * lock is not ours to remove */
		sigset_t held;
		sss_cleanup_hold(&held);
		int rc = move_head(r, &commit_oid, parent, ci->message);
		sss_cleanup_release(&held);
		if (rc == 0) {
			err = confirm_commit(r, &commit_oid, parent, in_head);
			goto done;
		}
		if ((rc == GIT_EMODIFIED || rc == GIT_ELOCKED) && attempt < 20) {
			git_error_clear();
			struct timespec ts = { 0, 20 * 1000000L };
			nanosleep(&ts, NULL);
			continue;
		}
		err = sss_git_fail("cannot commit");
		/* a failure after the branch moved: the change is in */
		*in_head = head_is(r, &commit_oid);
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

/* Before anything is written: the index fit to take the change, and
 * what the journal records. */
static struct sss_error *prepare(struct commit_job *cj)
{
	struct sss_repo *r = cj->r;
	struct sss_error *err;
	bool rebuilt;

	if (r->lock_fd < 0)
		return sss_error(SSS_ERR_INVALID, "internal: commit without the lock");
	if ((err = sss_git_need(r)) || (err = sss_git_index_ready(r, &rebuilt)))
		return err;
	return expectations(cj);
}

struct sss_error *sss_repo_commit(struct sss_repo *r,
				  const struct sss_change *changes, size_t n,
				  const struct sss_commit_info *ci)
{
	struct commit_job cj = { r, changes, n, NULL, NULL, NULL, NULL, NULL, NULL };
	struct sss_error *err = NULL;
	git_signature *sig = NULL;
	bool in_head = false;

	r->committed = false;
	cj.upd = xcalloc(n ? n : 1, sizeof(*cj.upd));
	cj.iu = xcalloc(n ? n : 1, sizeof(*cj.iu));
	cj.ex = xcalloc(n ? n : 1, sizeof(*cj.ex));
	cj.u = cj.iu;
	if ((err = prepare(&cj)) || (err = start_index(&cj, ci->fsync)))
		goto done;
	if (ci->fsync)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if ((err = write_blobs(&cj)) ||
	    (err = sss_git_signature(&sig, ci->author, ci->when)) ||
	    (err = commit_cas(&cj, ci, sig, &in_head)))
		goto done;
	if ((err = update_worktree(&cj, ci->fsync)))
		goto done;
	sss_git_journal_remove(r);
done:
	/* Only a change the branch has is finished by the next command, and
	 * only then is it called committed: the journal stays for it. Any
	 * other failure leaves the work tree and the index as they were
	 * (the index job is aborted) and removes the journal. */
	r->committed = in_head;
	if (err && in_head)
		err = sss_error_prefix(err, "the change is committed, but the work "
				       "tree is not updated yet (the next sssctl "
				       "command does it)");
	sss_index_abort(cj.job);
	if (err && !in_head && r->lock_fd >= 0)
		sss_git_journal_remove(r);
	free(cj.upd);
	free(cj.iu);
	free(cj.ex);
	free(cj.job_path);
	git_signature_free(sig);
	return err;
}

bool sss_repo_committed(const struct sss_repo *r)
{
	return r->committed;
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
	sss_git_init();
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
