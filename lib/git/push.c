/* push.c - pushing HEAD for `sssctl sync` (sss_repo_push(), sync.h).
 *
 * libgit2's push to a local repository writes the remote's branch without
 * checking that it is still where it was when the push began: of two
 * pushes at once, the later would drop the earlier's commits. A local
 * remote is therefore pushed here, with a compare-and-swap of its branch;
 * ssh and https go through libgit2, whose server checks the old value. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "git_priv.h"
#include "remote.h"
#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/sync.h"

/* The directory of a local remote's URL ("file:///srv/t.git", a path),
 * or NULL for a network URL; relative paths are taken from the work
 * tree. Caller frees. */
static char *local_path(const struct sss_repo *r, const char *url)
{
	struct strbuf sb = STRBUF_INIT;

	if (sss_starts_with(url, "file://")) {
		url += strlen("file://");
	} else {
		const char *colon = strchr(url, ':');
		const char *slash = strchr(url, '/');
		/* "host:path" (scp-like) and "scheme://" are network URLs */
		if (colon && (!slash || colon < slash))
			return NULL;
	}
	if (url[0] != '/')
		strbuf_addstr(&sb, r->workdir);
	strbuf_addstr(&sb, url);
	return strbuf_detach(&sb, NULL);
}

/* The commits of HEAD that from does not have (from may be zero). */
static size_t count_new(git_repository *repo, const git_oid *head,
			const git_oid *from)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t n = 0;

	if (git_revwalk_new(&w, repo) == 0 && git_revwalk_push(w, head) == 0 &&
	    (git_oid_is_zero(from) || git_revwalk_hide(w, from) == 0))
		while (git_revwalk_next(&id, w) == 0)
			n++;
	git_error_clear();
	git_revwalk_free(w);
	return n;
}

/* The objects of HEAD that the remote rr lacks (it has cur's), as a pack
 * in its object database. */
static struct sss_error *send_objects(struct sss_repo *r, git_repository *rr,
				      const git_oid *head, const git_oid *cur)
{
	git_packbuilder *pb = NULL;
	git_revwalk *w = NULL;
	struct strbuf dir = STRBUF_INIT;
	struct sss_error *err = NULL;

	strbuf_addf(&dir, "%sobjects/pack", git_repository_path(rr));
	if (git_packbuilder_new(&pb, r->git) < 0 || git_revwalk_new(&w, r->git) < 0 ||
	    git_revwalk_push(w, head) < 0 ||
	    (!git_oid_is_zero(cur) && git_revwalk_hide(w, cur) < 0) ||
	    git_packbuilder_insert_walk(pb, w) < 0 ||
	    git_packbuilder_write(pb, dir.buf, 0, NULL, NULL) < 0)
		err = sss_git_fail("cannot send the commits to the remote");
	git_revwalk_free(w);
	git_packbuilder_free(pb);
	strbuf_release(&dir);
	return err;
}

static struct sss_error *push_local(struct sss_repo *r,
				    const struct sss_sync_remote *rm,
				    const char *path, const git_oid *head,
				    bool *moved, size_t *pushed)
{
	git_repository *rr = NULL;
	git_odb *odb = NULL;
	git_reference *ref = NULL;
	struct sss_error *err = NULL;
	git_oid cur;

	memset(&cur, 0, sizeof(cur));
	if (git_repository_open_ext(&rr, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0) {
		err = sss_git_fail("cannot open the remote repository");
		goto done;
	}
	if (!git_repository_is_bare(rr)) {
		err = sss_error(SSS_ERR_INVALID, "the remote '%s' (%s) is not a bare "
				"repository; share through one made with 'git init "
				"--bare'", rm->name, path);
		goto done;
	}
	int rc = git_reference_name_to_id(&cur, rr, rm->merge);
	if (rc < 0 && rc != GIT_ENOTFOUND) {
		err = sss_git_fail("cannot read the remote branch");
		goto done;
	}
	git_error_clear();
	if (git_repository_odb(&odb, r->git) < 0) {
		err = sss_git_fail("cannot open the object database");
		goto done;
	}
	if (!git_oid_is_zero(&cur) && !git_oid_equal(&cur, head) &&
	    (!git_odb_exists(odb, &cur) ||
	     git_graph_descendant_of(r->git, head, &cur) != 1)) {
		git_error_clear();
		*moved = true;
		goto done;
	}
	*pushed = count_new(r->git, head, &cur);
	if (!git_oid_equal(&cur, head)) {
		if ((err = send_objects(r, rr, head, &cur)))
			goto done;
		sigset_t held;
		sss_cleanup_hold(&held);
		rc = git_oid_is_zero(&cur)
			? git_reference_create(&ref, rr, rm->merge, head, 0,
					       "sssctl sync: push")
			: git_reference_create_matching(&ref, rr, rm->merge, head, 1,
							&cur, "sssctl sync: push");
		sss_cleanup_release(&held);
		if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
			/* moved, or another sync holds its lock this moment (its
			 * push lands, then ours is merged on top in the next
			 * round): give it a moment first */
			if (rc == GIT_ELOCKED) {
				struct timespec nap = { 0, 100 * 1000 * 1000 };
				nanosleep(&nap, NULL);
			}
			git_error_clear();
			*moved = true;
			goto done;
		}
		if (rc < 0) {
			err = sss_git_fail("cannot update the remote branch");
			goto done;
		}
	}
	git_reference_free(ref);
	ref = NULL;
	if (git_reference_create(&ref, r->git, rm->tracking, head, 1,
				 "sssctl sync: push") < 0)
		err = sss_git_fail("cannot update the remote-tracking branch");
done:
	git_reference_free(ref);
	git_odb_free(odb);
	git_repository_free(rr);
	return err;
}

/* The state of a push over the network: the remote's callbacks (first, so
 * that their payload is this) and what the server said of the branch. */
struct net_push {
	struct sss_remote_auth a;
	struct strbuf refused;
};

static int update_reference(const char *refname, const char *status, void *data)
{
	struct net_push *np = data;
	if (status)
		strbuf_addf(&np->refused, "%s%s: %s", np->refused.len ? "; " : "",
			    refname, status);
	return 0;
}

/* Whether the server's word means that the branch moved. */
static bool says_moved(const char *status)
{
	static const char *const words[] = { "fast-forward", "fetch first",
		"stale", "failed to update", "failed to lock", "cannot lock" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(status, words[i]))
			return true;
	return false;
}

static struct sss_error *push_net(struct sss_repo *r,
				  const struct sss_sync_remote *rm,
				  const git_oid *head, bool progress,
				  bool *moved, size_t *pushed)
{
	git_remote *remote = NULL;
	git_push_options po = GIT_PUSH_OPTIONS_INIT;
	struct net_push np;
	struct strbuf spec = STRBUF_INIT, what = STRBUF_INIT;
	struct sss_error *err = NULL;
	git_oid known;

	memset(&known, 0, sizeof(known));
	if (git_reference_name_to_id(&known, r->git, rm->tracking) < 0)
		git_error_clear();
	if (git_remote_lookup(&remote, r->git, rm->name) < 0)
		return sss_git_fail("cannot read the remote");
	sss_remote_auth_init(&np.a, r->git, rm->url, progress);
	strbuf_init(&np.refused, 0);
	sss_remote_auth_callbacks(&np.a, &po.callbacks);
	sss_remote_auth_proxy(&np.a, &po.proxy_opts);
	po.callbacks.push_update_reference = update_reference;
	strbuf_addf(&spec, "refs/heads/%s:%s", rm->branch, rm->merge);
	char *specs[1] = { spec.buf };
	git_strarray refspecs = { specs, 1 };
	*pushed = count_new(r->git, head, &known);
	int rc = git_remote_push(remote, &refspecs, &po);
	if (rc == GIT_ENONFASTFORWARD) {
		git_error_clear();
		*moved = true;
	} else if (rc < 0) {
		strbuf_addf(&what, "cannot push to '%s' (%s)", rm->name, rm->url);
		err = sss_remote_auth_fail(&np.a, what.buf);
	} else if (np.refused.len && says_moved(np.refused.buf)) {
		*moved = true;
	} else if (np.refused.len) {
		err = sss_error(SSS_ERR_GIT, "the remote '%s' refused the push: %s",
				rm->name, np.refused.buf);
	}
	sss_remote_auth_release(&np.a);
	strbuf_release(&np.refused);
	strbuf_release(&spec);
	strbuf_release(&what);
	git_remote_free(remote);
	return err;
}

struct sss_error *sss_repo_push(struct sss_repo *r,
				const struct sss_sync_remote *rm, bool progress,
				bool *moved, size_t *pushed)
{
	struct sss_error *err;
	git_oid head;
	char *path = NULL;

	*moved = false;
	*pushed = 0;
	if ((err = sss_git_need(r)))
		return err;
	if (git_reference_name_to_id(&head, r->git, "HEAD") < 0)
		return sss_git_fail("cannot resolve HEAD");
	if ((path = local_path(r, rm->url)))
		err = push_local(r, rm, path, &head, moved, pushed);
	else
		err = push_net(r, rm, &head, progress, moved, pushed);
	free(path);
	if (*moved)
		*pushed = 0;
	return err;
}
