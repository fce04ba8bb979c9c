/* sync.c - the git side of `sssctl sync` (see sync.h): the remote and
 * its tracking branch, fetch, the merge of trees, the merge commit or
 * fast-forward, the work tree of the changed paths, push. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "git_priv.h"
#include "remote.h"
#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/sync.h"

void sss_sync_remote_release(struct sss_sync_remote *rm)
{
	free(rm->name);
	free(rm->url);
	free(rm->branch);
	free(rm->merge);
	free(rm->tracking);
	free(rm->shown);
	memset(rm, 0, sizeof(*rm));
}

void sss_sync_result_release(struct sss_sync_result *res)
{
	for (size_t i = 0; i < res->ncollisions; i++)
		free(res->collisions[i]);
	free(res->collisions);
	memset(res, 0, sizeof(*res));
}

/* A config string (new string), or NULL when not set. */
static char *config_string(git_repository *repo, const char *key)
{
	git_config *cfg = NULL;
	git_buf b = GIT_BUF_INIT_CONST(NULL, 0);
	char *v = NULL;
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&b, cfg, key) == 0 && b.size)
		v = xstrdup(b.ptr);
	git_error_clear();
	git_buf_dispose(&b);
	git_config_free(cfg);
	return v;
}

/* Where the remote's branch is fetched to: the first fetch refspec of
 * remote that takes rm->merge. */
static struct sss_error *tracking_ref(git_remote *remote,
				      struct sss_sync_remote *rm)
{
	git_buf out = GIT_BUF_INIT_CONST(NULL, 0);
	for (size_t i = 0; i < git_remote_refspec_count(remote); i++) {
		const git_refspec *rs = git_remote_get_refspec(remote, i);
		if (git_refspec_direction(rs) != GIT_DIRECTION_FETCH ||
		    !git_refspec_src_matches(rs, rm->merge))
			continue;
		if (git_refspec_transform(&out, rs, rm->merge) < 0)
			return sss_git_fail("cannot map the remote branch");
		rm->tracking = xstrdup(out.ptr);
		git_buf_dispose(&out);
		return NULL;
	}
	return sss_error(SSS_ERR_INVALID,
			 "remote '%s' does not fetch '%s' (see 'git config "
			 "remote.%s.fetch')", rm->name, rm->merge, rm->name);
}

struct sss_error *sss_repo_remote_find(struct sss_repo *r, const char *name,
				       struct sss_sync_remote *rm)
{
	struct sss_error *err;
	git_reference *head = NULL;
	git_remote *remote = NULL;
	struct strbuf key = STRBUF_INIT;
	char *configured = NULL;

	memset(rm, 0, sizeof(*rm));
	if ((err = sss_git_need(r)))
		return err;
	if (git_reference_lookup(&head, r->git, "HEAD") < 0 ||
	    git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    !sss_starts_with(git_reference_symbolic_target(head), "refs/heads/")) {
		git_error_clear();
		err = sss_error(SSS_ERR_INVALID, "HEAD is not on a branch; check "
				"one out ('git switch main') and try again");
		goto done;
	}
	rm->branch = xstrdup(git_reference_symbolic_target(head) +
			     strlen("refs/heads/"));
	strbuf_addf(&key, "branch.%s.remote", rm->branch);
	configured = config_string(r->git, key.buf);
	rm->name = xstrdup(name ? name : configured ? configured : "origin");
	if (git_remote_lookup(&remote, r->git, rm->name) < 0) {
		git_error_clear();
		err = sss_error(SSS_ERR_NOTFOUND,
				"no remote '%s'; add one with 'git remote add %s URL'",
				rm->name, rm->name);
		goto done;
	}
	rm->url = xstrdup(git_remote_pushurl(remote) ? git_remote_pushurl(remote)
			  : git_remote_url(remote) ? git_remote_url(remote) : "");
	strbuf_reset(&key);
	strbuf_addf(&key, "branch.%s.merge", rm->branch);
	if (configured && !strcmp(configured, rm->name))
		rm->merge = config_string(r->git, key.buf);
	if (!rm->merge) {
		strbuf_reset(&key);
		strbuf_addf(&key, "refs/heads/%s", rm->branch);
		rm->merge = strbuf_detach(&key, NULL);
	}
	if ((err = tracking_ref(remote, rm)))
		goto done;
	strbuf_reset(&key);
	strbuf_addf(&key, "%s/%s", rm->name,
		    sss_starts_with(rm->merge, "refs/heads/")
			    ? rm->merge + strlen("refs/heads/") : rm->merge);
	rm->shown = strbuf_detach(&key, NULL);
done:
	if (err)
		sss_sync_remote_release(rm);
	free(configured);
	strbuf_release(&key);
	git_remote_free(remote);
	git_reference_free(head);
	return err;
}

struct sss_error *sss_repo_fetch(struct sss_repo *r,
				 const struct sss_sync_remote *rm, bool progress)
{
	struct sss_error *err;
	git_remote *remote = NULL;
	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
	struct sss_remote_auth a;
	struct strbuf what = STRBUF_INIT;

	if ((err = sss_git_need(r)))
		return err;
	if (git_remote_lookup(&remote, r->git, rm->name) < 0)
		return sss_git_fail("cannot read the remote");
	sss_remote_auth_init(&a, r->git, rm->url, progress);
	sss_remote_auth_callbacks(&a, &fo.callbacks);
	sss_remote_auth_proxy(&a, &fo.proxy_opts);
	if (git_remote_fetch(remote, NULL, &fo, "sssctl sync: fetch") < 0) {
		strbuf_addf(&what, "cannot fetch from '%s' (%s)", rm->name, rm->url);
		err = sss_remote_auth_fail(&a, what.buf);
	}
	sss_remote_auth_release(&a);
	strbuf_release(&what);
	git_remote_free(remote);
	return err;
}

/* ---- comparing trees ------------------------------------------------ */

/* One path that differs between two trees: its entries' ids and modes
 * (id all zero, mode 0: absent). */
struct change {
	char *path;
	git_oid a, b;
	git_filemode_t amode, bmode;
};

struct changes {
	struct change *v;
	size_t n, alloc;
};

static void changes_release(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static void add_change(struct changes *c, const char *path,
		       const git_tree_entry *a, const git_tree_entry *b)
{
	SSS_GROW(c->v, c->alloc, c->n + 1);
	struct change *ch = &c->v[c->n++];
	memset(ch, 0, sizeof(*ch));
	ch->path = xstrdup(path);
	if (a) {
		git_oid_cpy(&ch->a, git_tree_entry_id(a));
		ch->amode = git_tree_entry_filemode(a);
	}
	if (b) {
		git_oid_cpy(&ch->b, git_tree_entry_id(b));
		ch->bmode = git_tree_entry_filemode(b);
	}
}

/* git's order of tree entries: a tree's name compares as "name/". */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	if (c)
		return c;
	unsigned char ca = la > n ? (unsigned char)na[n]
		: git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
	unsigned char cb = lb > n ? (unsigned char)nb[n]
		: git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
	return ca - cb;
}

static struct sss_error *diff_trees(git_repository *repo, const git_tree *a,
				    const git_tree *b, struct strbuf *prefix,
				    struct changes *out);

/* One side's entry (the other side has none, or one of another kind). */
static struct sss_error *diff_one(git_repository *repo, const git_tree_entry *e,
				  bool is_a, struct strbuf *prefix,
				  struct changes *out)
{
	size_t len = prefix->len;
	struct sss_error *err = NULL;
	strbuf_addstr(prefix, git_tree_entry_name(e));
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_tree *t = NULL;
		strbuf_addch(prefix, '/');
		if (git_tree_lookup(&t, repo, git_tree_entry_id(e)) < 0)
			err = sss_git_fail("cannot read a tree");
		else
			err = diff_trees(repo, is_a ? t : NULL, is_a ? NULL : t,
					 prefix, out);
		git_tree_free(t);
	} else {
		add_change(out, prefix->buf, is_a ? e : NULL, is_a ? NULL : e);
	}
	strbuf_setlen(prefix, len);
	return err;
}

/* Both sides have an entry of this name and kind, with different ids. */
static struct sss_error *diff_both(git_repository *repo,
				   const git_tree_entry *ea,
				   const git_tree_entry *eb,
				   struct strbuf *prefix, struct changes *out)
{
	size_t len = prefix->len;
	struct sss_error *err = NULL;
	git_tree *ta = NULL, *tb = NULL;

	strbuf_addstr(prefix, git_tree_entry_name(ea));
	if (git_tree_entry_type(ea) != GIT_OBJECT_TREE) {
		add_change(out, prefix->buf, ea, eb);
		goto done;
	}
	strbuf_addch(prefix, '/');
	if (git_tree_lookup(&ta, repo, git_tree_entry_id(ea)) < 0 ||
	    git_tree_lookup(&tb, repo, git_tree_entry_id(eb)) < 0)
		err = sss_git_fail("cannot read a tree");
	else
		err = diff_trees(repo, ta, tb, prefix, out);
done:
	git_tree_free(ta);
	git_tree_free(tb);
	strbuf_setlen(prefix, len);
	return err;
}

/* The paths of the files that differ between trees a and b (either may
 * be NULL: empty), appended to out in path order. Subtrees with the same
 * id are skipped, so the cost follows the changes, not the files. */
static struct sss_error *diff_trees(git_repository *repo, const git_tree *a,
				    const git_tree *b, struct strbuf *prefix,
				    struct changes *out)
{
	size_t na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0;
	struct sss_error *err = NULL;

	while (!err && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);
		if (c < 0) {
			err = diff_one(repo, ea, true, prefix, out);
			i++;
		} else if (c > 0) {
			err = diff_one(repo, eb, false, prefix, out);
			j++;
		} else {
			if (!git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) ||
			    git_tree_entry_filemode(ea) != git_tree_entry_filemode(eb))
				err = diff_both(repo, ea, eb, prefix, out);
			i++;
			j++;
		}
	}
	return err;
}

static struct sss_error *tree_changes(git_repository *repo, const git_tree *a,
				      const git_tree *b, struct changes *out)
{
	struct strbuf prefix = STRBUF_INIT;
	struct sss_error *err = diff_trees(repo, a, b, &prefix, out);
	strbuf_release(&prefix);
	return err;
}

/* The entry id and mode of rel in tree t (zero and 0: none). */
static void entry_at(const git_tree *t, const char *rel, git_oid *id,
		     git_filemode_t *mode)
{
	git_tree_entry *te = NULL;
	memset(id, 0, sizeof(*id));
	*mode = 0;
	if (t && git_tree_entry_bypath(&te, t, rel) == 0) {
		git_oid_cpy(id, git_tree_entry_id(te));
		*mode = git_tree_entry_filemode(te);
	}
	git_error_clear();
	git_tree_entry_free(te);
}

/* ---- the merge ------------------------------------------------------- */

/* What sss_repo_sync_merge() works on. */
struct merge_job {
	struct sss_repo *r;
	const struct sss_sync_remote *rm;
	const struct sss_sync_hooks *h;
	git_commit *head, *up, *base;
	git_tree *head_tree, *up_tree, *base_tree;
	/* the paths the result changes against HEAD: a = HEAD's, b = the
	 * result's blob (zero: removed) */
	struct changes out;
};

static void merge_job_release(struct merge_job *j)
{
	git_tree_free(j->head_tree);
	git_tree_free(j->up_tree);
	git_tree_free(j->base_tree);
	git_commit_free(j->head);
	git_commit_free(j->up);
	git_commit_free(j->base);
	changes_release(&j->out);
}

static bool is_file_mode(git_filemode_t m)
{
	return m == 0 || m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* The name of the author of the newest commit from tip (not reachable
 * from base) that changed rel; NULL when none is found. */
static char *last_author(git_repository *repo, const git_commit *tip,
			 const git_commit *base, const char *rel)
{
	git_revwalk *w = NULL;
	git_oid id;
	char *who = NULL;

	if (git_revwalk_new(&w, repo) < 0)
		goto done;
	git_revwalk_sorting(w, GIT_SORT_TIME);
	if (git_revwalk_push(w, git_commit_id(tip)) < 0 ||
	    (base && git_revwalk_hide(w, git_commit_id(base)) < 0))
		goto done;
	while (!who && git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL, *p = NULL;
		git_tree *t = NULL, *pt = NULL;
		git_oid a, b;
		git_filemode_t ma, mb;
		if (git_commit_lookup(&c, repo, &id) == 0 &&
		    git_commit_tree(&t, c) == 0) {
			if (git_commit_parentcount(c) > 0 &&
			    git_commit_parent(&p, c, 0) == 0)
				git_commit_tree(&pt, p);
			entry_at(t, rel, &a, &ma);
			entry_at(pt, rel, &b, &mb);
			if (!git_oid_equal(&a, &b))
				who = xstrdup(git_commit_author(c)->name);
		}
		git_tree_free(pt);
		git_tree_free(t);
		git_commit_free(p);
		git_commit_free(c);
	}
done:
	git_error_clear();
	git_revwalk_free(w);
	return who;
}

/* The bytes of blob id (zero: absent, *data NULL). */
static struct sss_error *blob_bytes(git_repository *repo, const git_oid *id,
				    git_blob **blob, const char **data,
				    size_t *len)
{
	*blob = NULL;
	*data = NULL;
	*len = 0;
	if (git_oid_is_zero(id))
		return NULL;
	if (git_blob_lookup(blob, repo, id) < 0)
		return sss_git_fail("cannot read a blob");
	*data = git_blob_rawcontent(*blob);
	*len = (size_t)git_blob_rawsize(*blob);
	return NULL;
}

/* A path both sides changed: the resolver's answer, as the result's
 * blob in *id (zero: removed). *collided: the resolver said so. */
static struct sss_error *resolve_path(struct merge_job *j, const struct change *c,
				      const git_oid *ours, git_oid *id,
				      bool *collided)
{
	git_repository *repo = j->r->git;
	git_blob *bb = NULL, *ob = NULL, *tb = NULL;
	struct sss_sync_file f;
	struct strbuf out = STRBUF_INIT;
	enum sss_sync_verdict v = SSS_SYNC_WRITE;
	char *ow = NULL, *tw = NULL;
	struct sss_error *err;

	memset(&f, 0, sizeof(f));
	memset(id, 0, sizeof(*id));
	f.path = c->path;
	if ((err = blob_bytes(repo, &c->a, &bb, &f.base, &f.base_len)) ||
	    (err = blob_bytes(repo, ours, &ob, &f.ours, &f.ours_len)) ||
	    (err = blob_bytes(repo, &c->b, &tb, &f.theirs, &f.theirs_len)))
		goto done;
	f.ours_who = ow = last_author(repo, j->head, j->base, c->path);
	f.theirs_who = tw = last_author(repo, j->up, j->base, c->path);
	if ((err = j->h->resolve(&f, &out, &v, j->h->data)))
		goto done;
	if (v == SSS_SYNC_COLLISION)
		*collided = true;
	else if (v == SSS_SYNC_WRITE &&
		 git_blob_create_from_buffer(id, repo, out.buf, out.len) < 0)
		err = sss_git_fail("cannot write a blob");
done:
	free(ow);
	free(tw);
	strbuf_release(&out);
	git_blob_free(bb);
	git_blob_free(ob);
	git_blob_free(tb);
	return err;
}

static void add_collision(struct sss_sync_result *res, const char *path)
{
	res->collisions = xrealloc(res->collisions,
				   (res->ncollisions + 1) * sizeof(char *));
	res->collisions[res->ncollisions++] = xstrdup(path);
}

/* Diverged: the upstream's changes since the merge base, each taken,
 * already there, or resolved; j->out gets what changes against HEAD. */
static struct sss_error *merge_paths(struct merge_job *j,
				     struct sss_sync_result *res)
{
	struct changes in = { NULL, 0, 0 };
	struct sss_error *err;

	if ((err = tree_changes(j->r->git, j->base_tree, j->up_tree, &in)))
		goto done;
	for (size_t i = 0; i < in.n; i++) {
		const struct change *c = &in.v[i];
		git_oid ours, result;
		git_filemode_t omode;
		bool collided = false;
		entry_at(j->head_tree, c->path, &ours, &omode);
		if (!is_file_mode(c->bmode) || !is_file_mode(omode)) {
			err = sss_error(SSS_ERR_INVALID,
					"'%s' is not a plain file on one side; sync "
					"merges files only; nothing was changed", c->path);
			goto done;
		}
		if (git_oid_equal(&ours, &c->b))
			continue; /* the same change on both sides */
		if (git_oid_equal(&ours, &c->a)) {
			git_oid_cpy(&result, &c->b); /* HEAD left it alone */
		} else {
			res->resolved++;
			if ((err = resolve_path(j, c, &ours, &result, &collided)))
				goto done;
			if (collided) {
				add_collision(res, c->path);
				continue;
			}
		}
		if (git_oid_equal(&result, &ours))
			continue;
		SSS_GROW(j->out.v, j->out.alloc, j->out.n + 1);
		struct change *o = &j->out.v[j->out.n++];
		memset(o, 0, sizeof(*o));
		o->path = xstrdup(c->path);
		git_oid_cpy(&o->a, &ours);
		o->amode = omode;
		git_oid_cpy(&o->b, &result);
		o->bmode = git_oid_is_zero(&result) ? 0 : GIT_FILEMODE_BLOB;
	}
done:
	changes_release(&in);
	return err;
}

/* Before anything is written: no changed path has uncommitted edits, the
 * index is fit, each new file's directory can be made. */
static struct sss_error *check_paths(struct merge_job *j)
{
	struct sss_error *err;
	bool rebuilt;

	if ((err = sss_git_index_ready(j->r, &rebuilt)))
		return err;
	for (size_t i = 0; i < j->out.n; i++) {
		const char *p = j->out.v[i].path;
		if (!sss_git_journal_path_ok(p, true))
			return sss_error(SSS_ERR_INVALID, "'%s' is not a path sync "
					 "writes; nothing was changed", p);
		if (!is_file_mode(j->out.v[i].bmode))
			return sss_error(SSS_ERR_INVALID,
					 "'%s' comes in as a symbolic link or a "
					 "submodule, which sync does not write; "
					 "nothing was changed", p);
		if ((err = sss_repo_check_clean(j->r, p)))
			return sss_error_prefix(err, "cannot sync, nothing was "
						"changed");
		if (!git_oid_is_zero(&j->out.v[i].b) &&
		    (err = sss_prepare_dir_rel(j->r->workdir, p)))
			return err;
	}
	return NULL;
}

static struct sss_error *write_journal(struct merge_job *j, bool do_sync)
{
	struct sss_git_expect *ex = xcalloc(j->out.n + 1, sizeof(*ex));
	size_t n = 0;
	for (size_t i = 0; i < j->out.n; i++) {
		ex[n].path = j->out.v[i].path;
		git_oid_cpy(&ex[n].before, &j->out.v[i].a);
		git_oid_cpy(&ex[n].after, &j->out.v[i].b);
		n++;
	}
	struct sss_error *err = sss_git_journal_write_ids(j->r, ex, n, do_sync);
	free(ex);
	return err;
}

/* Move HEAD's branch from the commit it had when the sync began to to,
 * by compare-and-swap: a branch moved meanwhile (another git beside us;
 * our own writers wait on the lock) is left alone and reported. */
static struct sss_error *move_branch(struct merge_job *j, const git_oid *to,
				     const char *why)
{
	git_reference *head = NULL, *moved = NULL;
	struct sss_error *err = NULL;
	if (git_repository_head(&head, j->r->git) < 0)
		return sss_git_fail("cannot read HEAD");
	/* a signal waits until the branch is updated: libgit2's ref lock
	 * is not ours to remove */
	sigset_t held;
	sss_cleanup_hold(&held);
	int rc = git_reference_create_matching(&moved, j->r->git,
					       git_reference_name(head), to, 1,
					       git_commit_id(j->head), why);
	sss_cleanup_release(&held);
	if (rc == GIT_EMODIFIED)
		err = sss_error(SSS_ERR_CONFLICT, "the branch moved while sync "
				"ran (another git beside it?); nothing was "
				"changed, run sync again");
	else if (rc < 0)
		err = sss_git_fail("cannot move the branch");
	git_reference_free(moved);
	git_reference_free(head);
	return err;
}

/* The merge commit (signed when commit.gpgsign says so), read back, then
 * the branch moved to it. */
static struct sss_error *commit_merge(struct merge_job *j,
				      const struct sss_commit_info *ci)
{
	struct sss_error *err = NULL;
	git_tree_update *upd = xcalloc(j->out.n + 1, sizeof(*upd));
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	struct strbuf msg = STRBUF_INIT;
	git_oid tree_id, commit_id;

	for (size_t i = 0; i < j->out.n; i++) {
		const struct change *c = &j->out.v[i];
		upd[i].path = c->path;
		upd[i].action = git_oid_is_zero(&c->b) ? GIT_TREE_UPDATE_REMOVE
						       : GIT_TREE_UPDATE_UPSERT;
		upd[i].filemode = GIT_FILEMODE_BLOB;
		git_oid_cpy(&upd[i].id, &c->b);
	}
	if (git_tree_create_updated(&tree_id, j->r->git, j->head_tree, j->out.n,
				    upd) < 0 ||
	    git_tree_lookup(&tree, j->r->git, &tree_id) < 0) {
		err = sss_git_fail("cannot build the merged tree");
		goto done;
	}
	if ((err = sss_git_confirm_objects(j->r, &tree_id, 1, "the tree")) ||
	    (err = sss_git_signature(&sig, ci->author, ci->when)))
		goto done;
	j->h->message(&msg, j->h->data);
	const git_commit *parents[2] = { j->head, j->up };
	if ((err = sss_git_commit_create(j->r, &commit_id, sig, sig, msg.buf,
					 tree, parents, 2)) ||
	    (err = sss_git_confirm_objects(j->r, &commit_id, 1, "the commit")))
		goto done;
	err = move_branch(j, &commit_id, "sssctl sync: merge");
done:
	strbuf_release(&msg);
	git_signature_free(sig);
	git_tree_free(tree);
	free(upd);
	return err;
}

/* The branch has the result: the work tree and the index of the changed
 * paths follow. */
static struct sss_error *update_worktree(struct merge_job *j, bool do_sync)
{
	struct sss_index_update *u = xcalloc(j->out.n + 1, sizeof(*u));
	struct sss_error *err = NULL;

	for (size_t i = 0; !err && i < j->out.n; i++) {
		const struct change *c = &j->out.v[i];
		git_blob *blob = NULL;
		u[i].path = c->path;
		u[i].remove = git_oid_is_zero(&c->b);
		if (u[i].remove) {
			err = sss_unlink_rel(j->r->workdir, c->path);
			continue;
		}
		if (git_blob_lookup(&blob, j->r->git, &c->b) < 0) {
			err = sss_git_fail("cannot read a blob");
			break;
		}
		err = sss_git_worktree_put(j->r, c->path, git_blob_rawcontent(blob),
					   (size_t)git_blob_rawsize(blob), &c->b,
					   do_sync, &u[i]);
		git_blob_free(blob);
	}
	if (!err)
		err = sss_git_index_apply(j->r, NULL, u, j->out.n, do_sync);
	free(u);
	return err;
}

/* Up to date, ahead, behind or diverged; the commits and trees. */
static struct sss_error *classify(struct merge_job *j, struct sss_sync_result *res)
{
	git_repository *repo = j->r->git;
	git_oid up, base;
	size_t ahead = 0, behind = 0;
	struct sss_error *err;

	if ((err = sss_git_head_tree(j->r, &j->head, &j->head_tree)))
		return err;
	if (!j->head)
		return sss_error(SSS_ERR_INVALID, "the branch has no commit yet");
	if (git_reference_name_to_id(&up, repo, j->rm->tracking) < 0) {
		git_error_clear();
		res->state = SSS_SYNC_AHEAD; /* the remote has no such branch yet */
		return NULL;
	}
	if (git_commit_lookup(&j->up, repo, &up) < 0 ||
	    git_commit_tree(&j->up_tree, j->up) < 0)
		return sss_git_fail("cannot read the upstream commit");
	if (git_oid_equal(&up, git_commit_id(j->head))) {
		res->state = SSS_SYNC_UP_TO_DATE;
		return NULL;
	}
	int rc = git_merge_base(&base, repo, git_commit_id(j->head), &up);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return sss_error(SSS_ERR_INVALID, "'%s' has no history in common with "
				 "this branch; nothing was changed", j->rm->shown);
	}
	if (rc < 0 || git_graph_ahead_behind(&ahead, &behind, repo,
					     git_commit_id(j->head), &up) < 0)
		return sss_git_fail("cannot find the merge base");
	res->incoming = behind;
	if (git_oid_equal(&base, &up)) {
		res->state = SSS_SYNC_AHEAD;
		return NULL;
	}
	if (git_commit_lookup(&j->base, repo, &base) < 0 ||
	    git_commit_tree(&j->base_tree, j->base) < 0)
		return sss_git_fail("cannot read the merge base");
	res->state = git_oid_equal(&base, git_commit_id(j->head))
			     ? SSS_SYNC_FORWARD : SSS_SYNC_MERGED;
	return NULL;
}

struct sss_error *sss_repo_sync_merge(struct sss_repo *r,
				      const struct sss_sync_remote *rm,
				      const struct sss_sync_hooks *h,
				      const struct sss_commit_info *ci,
				      bool dry_run, struct sss_sync_result *res)
{
	struct merge_job j;
	struct sss_error *err;
	bool moved = false;

	memset(&j, 0, sizeof(j));
	memset(res, 0, sizeof(*res));
	j.r = r;
	j.rm = rm;
	j.h = h;
	if (r->lock_fd < 0)
		return sss_error(SSS_ERR_INVALID, "internal: sync without the lock");
	if ((err = sss_git_need(r)) || (err = classify(&j, res)))
		goto done;
	if (res->state == SSS_SYNC_FORWARD)
		err = tree_changes(r->git, j.head_tree, j.up_tree, &j.out);
	else if (res->state == SSS_SYNC_MERGED)
		err = merge_paths(&j, res);
	else
		goto done;
	if (err)
		goto done;
	res->changed = j.out.n;
	if (res->ncollisions) {
		res->state = SSS_SYNC_COLLIDED;
		goto done;
	}
	if (dry_run || (err = check_paths(&j)) ||
	    (err = write_journal(&j, ci->fsync)))
		goto done;
	if (ci->fsync)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if (res->state == SSS_SYNC_FORWARD)
		err = move_branch(&j, git_commit_id(j.up), "sssctl sync: fast-forward");
	else
		err = commit_merge(&j, ci);
	if (err) {
		sss_git_journal_remove(r);
		goto done;
	}
	moved = true;
	if ((err = update_worktree(&j, ci->fsync)))
		goto done;
	sss_git_journal_remove(r);
done:
	if (err && moved)
		err = sss_error_prefix(err, "the merge is committed, but the work "
				       "tree is not updated yet (the next sssctl "
				       "command does it)");
	merge_job_release(&j);
	return err;
}

/* ---- what the services ask ------------------------------------------ */

/* HEAD's tree and the tree of its merge base with rm's tracking branch
 * (NULL when there is no tracking branch or no common history). */
static struct sss_error *local_trees(struct sss_repo *r,
				     const struct sss_sync_remote *rm,
				     git_tree **head_tree, git_tree **base_tree)
{
	git_commit *head = NULL, *base = NULL;
	git_oid up, b;
	struct sss_error *err;

	*base_tree = NULL;
	if ((err = sss_git_head_tree(r, &head, head_tree)) || !head)
		goto done;
	if (git_reference_name_to_id(&up, r->git, rm->tracking) == 0 &&
	    git_merge_base(&b, r->git, git_commit_id(head), &up) == 0 &&
	    (git_commit_lookup(&base, r->git, &b) < 0 ||
	     git_commit_tree(base_tree, base) < 0))
		err = sss_git_fail("cannot read the merge base");
	git_error_clear();
done:
	git_commit_free(base);
	git_commit_free(head);
	return err;
}

struct sss_error *sss_repo_sync_local_paths(struct sss_repo *r,
					    const struct sss_sync_remote *rm,
					    void (*fn)(const char *path,
						       void *data),
					    void *data)
{
	git_tree *head = NULL, *base = NULL;
	struct changes c = { NULL, 0, 0 };
	struct sss_error *err;

	if ((err = sss_git_need(r)) || (err = local_trees(r, rm, &head, &base)) ||
	    (err = tree_changes(r->git, base, head, &c)))
		goto done;
	for (size_t i = 0; i < c.n; i++)
		if (!git_oid_is_zero(&c.v[i].b))
			fn(c.v[i].path, data);
done:
	changes_release(&c);
	git_tree_free(head);
	git_tree_free(base);
	return err;
}

struct sss_error *sss_repo_sync_upstream_has(struct sss_repo *r,
					     const struct sss_sync_remote *rm,
					     const char *rel, bool *exists)
{
	git_object *obj = NULL;
	git_tree *t = NULL;
	git_oid id;
	git_filemode_t mode;
	struct sss_error *err;

	*exists = false;
	if ((err = sss_git_need(r)))
		return err;
	if (git_revparse_single(&obj, r->git, rm->tracking) == 0 &&
	    git_object_peel((git_object **)&t, obj, GIT_OBJECT_TREE) == 0) {
		entry_at(t, rel, &id, &mode);
		*exists = !git_oid_is_zero(&id);
	}
	git_error_clear();
	git_tree_free(t);
	git_object_free(obj);
	return NULL;
}
