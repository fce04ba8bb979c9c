/* log.c - the history of one file or of every ticket, newest first
 * (see store.h).
 *
 * libgit2 1.5's revwalk stops at the first missing parent (a shallow
 * clone: it gives nothing), so the walk is ours: every commit reachable
 * from HEAD, a commit whose parents are not in the repository counting
 * as the start of history; then newest first with no parent before a
 * child (as GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME). Each change is shown
 * once, by the commit that made it: a merge shows only what it decided
 * itself (a path that differs from every parent). */
#include <stdlib.h>
#include <string.h>

#include "git_priv.h"
#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/store.h"
#include "sss/strbuf.h"

struct node {
	git_oid id;
	git_time_t time;
	size_t first, nparents; /* into walk.parents: indices of nodes */
	size_t children;	/* not yet shown */
};

struct walk {
	struct sss_repo *r;
	struct node *nodes;
	size_t n, alloc;
	size_t *parents, np, palloc;
	size_t *slots, nslots; /* hash of ids: node index + 1, 0 empty */
	size_t *heap, nheap, halloc;
	bool cut;
	git_oid cut_id; /* the newest commit at the shallow boundary */
	git_time_t cut_time;
};

static size_t slot_of(const struct walk *w, const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof(h));
	for (size_t i = h & (w->nslots - 1);; i = (i + 1) & (w->nslots - 1))
		if (!w->slots[i] || git_oid_equal(&w->nodes[w->slots[i] - 1].id, id))
			return i;
}

static void rehash(struct walk *w)
{
	free(w->slots);
	w->nslots = w->nslots ? w->nslots * 2 : 1024;
	w->slots = xcalloc(w->nslots, sizeof(*w->slots));
	for (size_t i = 0; i < w->n; i++)
		w->slots[slot_of(w, &w->nodes[i].id)] = i + 1;
}

/* The node of id, added (with no parents yet) when new; *added. */
static size_t node_for(struct walk *w, const git_oid *id, bool *added)
{
	if (2 * (w->n + 1) > w->nslots)
		rehash(w);
	size_t s = slot_of(w, id);
	*added = !w->slots[s];
	if (!*added)
		return w->slots[s] - 1;
	SSS_GROW(w->nodes, w->alloc, w->n + 1);
	memset(&w->nodes[w->n], 0, sizeof(w->nodes[w->n]));
	git_oid_cpy(&w->nodes[w->n].id, id);
	w->slots[s] = ++w->n;
	return w->n - 1;
}

/* Every commit reachable from head, with its parents that the
 * repository has. */
static struct sss_error *collect(struct walk *w, const git_oid *head)
{
	struct sss_error *err = NULL;
	size_t *stack = NULL, nstack = 0, salloc = 0;
	git_odb *odb = NULL;
	bool added;

	if (git_repository_odb(&odb, w->r->git) < 0)
		return sss_git_fail("cannot open the object database");
	SSS_GROW(stack, salloc, 1);
	stack[nstack++] = node_for(w, head, &added);
	while (nstack) {
		size_t i = stack[--nstack];
		git_commit *c = NULL;
		if (git_commit_lookup(&c, w->r->git, &w->nodes[i].id) < 0) {
			err = sss_git_fail("cannot read the history");
			break;
		}
		w->nodes[i].time = git_commit_time(c);
		w->nodes[i].first = w->np;
		for (unsigned k = 0; k < git_commit_parentcount(c); k++) {
			const git_oid *pid = git_commit_parent_id(c, k);
			if (!git_odb_exists(odb, pid)) {
				/* the shallow boundary: history starts here */
				if (!w->cut || w->nodes[i].time > w->cut_time) {
					git_oid_cpy(&w->cut_id, &w->nodes[i].id);
					w->cut_time = w->nodes[i].time;
				}
				w->cut = true;
				continue;
			}
			size_t p = node_for(w, pid, &added);
			SSS_GROW(w->parents, w->palloc, w->np + 1);
			w->parents[w->np++] = p;
			w->nodes[i].nparents++;
			w->nodes[p].children++;
			if (added) {
				SSS_GROW(stack, salloc, nstack + 1);
				stack[nstack++] = p;
			}
		}
		git_commit_free(c);
	}
	git_error_clear();
	free(stack);
	git_odb_free(odb);
	return err;
}

/* The heap of commits whose children have all been shown, newest on top. */
static bool newer(const struct walk *w, size_t a, size_t b)
{
	return w->nodes[w->heap[a]].time > w->nodes[w->heap[b]].time;
}

static void heap_swap(struct walk *w, size_t a, size_t b)
{
	size_t t = w->heap[a];
	w->heap[a] = w->heap[b];
	w->heap[b] = t;
}

static void heap_push(struct walk *w, size_t node)
{
	SSS_GROW(w->heap, w->halloc, w->nheap + 1);
	size_t i = w->nheap++;
	w->heap[i] = node;
	for (; i > 0 && newer(w, i, (i - 1) / 2); i = (i - 1) / 2)
		heap_swap(w, i, (i - 1) / 2);
}

static size_t heap_pop(struct walk *w)
{
	size_t top = w->heap[0], i = 0;
	w->heap[0] = w->heap[--w->nheap];
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < w->nheap && newer(w, l, m))
			m = l;
		if (l + 1 < w->nheap && newer(w, l + 1, m))
			m = l + 1;
		if (m == i)
			break;
		heap_swap(w, i, m);
		i = m;
	}
	return top;
}

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

/* Whether one of the other parents' trees has what the merge has at
 * path (new: zero when the merge removed it): then that side made the
 * change, and its own commits show it. */
static bool from_a_side(git_tree *const *trees, size_t n, const char *path,
			const git_oid *new)
{
	for (size_t k = 1; k < n; k++) {
		git_tree_entry *te = NULL;
		bool has = git_tree_entry_bypath(&te, trees[k], path) == 0;
		bool same = has ? git_oid_equal(git_tree_entry_id(te), new)
				: git_oid_is_zero(new);
		git_error_clear();
		git_tree_entry_free(te);
		if (same)
			return true;
	}
	return false;
}

struct show {
	struct sss_repo *r;
	const git_diff_options *opts;
	int (*fn)(const struct sss_log_entry *e, void *data);
	void *data;
};

/* Hand fn the changes of one commit (against its first parent, or
 * against nothing at the start of history). Returns fn's stop. */
static struct sss_error *show_commit(struct show *sh, struct walk *w,
				     size_t idx, int *stop)
{
	struct node *nd = &w->nodes[idx];
	struct sss_error *err = NULL;
	git_commit *c = NULL;
	git_tree *ct = NULL, **pt = xcalloc(nd->nparents + 1, sizeof(*pt));
	git_diff *diff = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	struct strbuf who = STRBUF_INIT;
	size_t k;

	if (git_commit_lookup(&c, sh->r->git, &nd->id) < 0 || git_commit_tree(&ct, c) < 0)
		goto fail;
	for (k = 0; k < nd->nparents; k++) {
		git_commit *p = NULL;
		int rc = git_commit_lookup(&p, sh->r->git,
					   &w->nodes[w->parents[nd->first + k]].id);
		if (rc == 0)
			rc = git_commit_tree(&pt[k], p);
		git_commit_free(p);
		if (rc < 0)
			goto fail;
	}
	if (git_diff_tree_to_tree(&diff, sh->r->git, pt[0], ct, sh->opts) < 0)
		goto fail;
	const git_signature *a = git_commit_author(c);
	git_oid_tostr(hex, sizeof(hex), &nd->id);
	strbuf_addf(&who, "%s <%s>", a->name, a->email);
	for (size_t i = 0; !*stop && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path ? d->new_file.path : d->old_file.path;
		git_blob *ob = NULL, *nb = NULL;
		if (nd->nparents > 1 &&
		    from_a_side(pt, nd->nparents, path, &d->new_file.id))
			continue;
		if ((err = blob_data(sh->r, &d->old_file.id, &ob)) ||
		    (err = blob_data(sh->r, &d->new_file.id, &nb))) {
			git_blob_free(ob);
			goto done;
		}
		struct sss_log_entry e = {
			hex, who.buf, (time_t)a->when.time, a->when.offset,
			git_commit_message(c), path,
			ob ? git_blob_rawcontent(ob) : NULL,
			ob ? (size_t)git_blob_rawsize(ob) : 0,
			nb ? git_blob_rawcontent(nb) : NULL,
			nb ? (size_t)git_blob_rawsize(nb) : 0,
			nd->nparents > 1,
		};
		*stop = sh->fn(&e, sh->data);
		git_blob_free(ob);
		git_blob_free(nb);
	}
	goto done;
fail:
	err = sss_git_fail("cannot read the history");
done:
	strbuf_release(&who);
	git_diff_free(diff);
	for (k = 0; k < nd->nparents; k++)
		git_tree_free(pt[k]);
	free(pt);
	git_tree_free(ct);
	git_commit_free(c);
	return err;
}

struct sss_error *sss_repo_log(struct sss_repo *r, const char *rel,
			       int (*fn)(const struct sss_log_entry *e,
					 void *data),
			       void *data)
{
	struct sss_error *err = NULL;
	struct walk w;
	git_oid head;
	char *spec[1] = { (char *)(rel ? rel : "tickets/") };
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	struct show sh = { r, &opts, fn, data };
	int stop = 0;

	memset(&w, 0, sizeof(w));
	w.r = r;
	opts.pathspec.strings = spec;
	opts.pathspec.count = 1;
	opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH * (rel != NULL);
	if ((err = sss_git_need(r)))
		goto done;
	if (git_reference_name_to_id(&head, r->git, "HEAD") < 0) {
		git_error_clear();
		goto done; /* no commits yet */
	}
	if ((err = collect(&w, &head)))
		goto done;
	heap_push(&w, 0);
	while (!stop && !err && w.nheap) {
		size_t i = heap_pop(&w);
		err = show_commit(&sh, &w, i, &stop);
		for (size_t k = 0; k < w.nodes[i].nparents; k++) {
			size_t p = w.parents[w.nodes[i].first + k];
			if (--w.nodes[p].children == 0)
				heap_push(&w, p);
		}
	}
	if (!err && w.cut) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &w.cut_id);
		sss_git_note(r, "history is cut at the shallow boundary (%.7s); "
			     "older changes are not in this clone", hex);
	}
done:
	free(w.nodes);
	free(w.parents);
	free(w.slots);
	free(w.heap);
	return err;
}
