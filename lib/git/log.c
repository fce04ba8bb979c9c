/* log.c - the history of one file or of every ticket, newest first
 * (see store.h). */
#include <stdlib.h>
#include <string.h>

#include "git_priv.h"
#include "sss/error.h"
#include "sss/store.h"
#include "sss/strbuf.h"

/* Content of a blob by id, or NULL for a zero id. */
static struct sss_error *blob_data(struct sss_repo *r, const git_oid *id,
				   git_blob **blob)
{
	*blob = NULL;
	if (git_oid_is_zero(id))
		return NULL;
	if (git_blob_lookup(blob, r->git, id) < 0)
		return sss_git_fail("cannot read a blob");
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
	if ((err = sss_git_need(r)))
		goto done;
	if (git_revwalk_new(&walker, r->git) < 0 ||
	    git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0) {
		err = sss_git_fail("cannot walk the history");
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
			err = sss_git_fail("cannot read the history");
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
