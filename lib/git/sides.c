/* sides.c - who made each side's change to one file in the merge that
 * git is running (store.h): what the merge driver names in its work-log
 * lines. The git layer's part: commits and paths, no tickets. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/store.h"
#include "sss/strbuf.h"

#include "git_priv.h"

extern char **environ;

/* Enough history for any ticket's last change; a bound on a walk that
 * finds nothing (a path with no change on that side). */
#define MAX_WALK 20000

/* `git merge` names each commit it merges in the environment of the
 * driver: GITHEAD_<hex>=<name>. */
static bool theirs_from_env(git_oid *out)
{
	for (char **e = environ; *e; e++) {
		if (strncmp(*e, "GITHEAD_", 8))
			continue;
		const char *hex = *e + 8;
		size_t n = strcspn(hex, "=");
		if (n == 40 && git_oid_fromstrn(out, hex, n) == 0)
			return true;
	}
	return false;
}

/* `git rebase` (the merge backend) lists the step it is running last in
 * rebase-merge/done: "pick <hex> <subject>". */
static bool theirs_from_rebase(struct sss_repo *r, git_oid *out)
{
	struct strbuf path = STRBUF_INIT;
	char *text = NULL, *line = NULL;
	size_t len = 0;
	bool found = false;
	git_object *obj = NULL;

	strbuf_addf(&path, "%srebase-merge/done", r->gitdir);
	struct sss_error *err = sss_read_file(path.buf, 1u << 20, &text, &len);
	if (err) {
		sss_error_free(err);
		goto done;
	}
	for (char *p = strtok(text, "\n"); p; p = strtok(NULL, "\n"))
		if (*p && *p != '#')
			line = p;
	if (!line)
		goto done;
	line += strcspn(line, " \t");
	line += strspn(line, " \t");
	line[strcspn(line, " \t")] = '\0';
	if (*line && git_revparse_single(&obj, r->git, line) == 0 &&
	    git_object_type(obj) == GIT_OBJECT_COMMIT) {
		git_oid_cpy(out, git_object_id(obj));
		found = true;
	}
	git_error_clear();
done:
	git_object_free(obj);
	free(text);
	strbuf_release(&path);
	return found;
}

/* A stopped cherry-pick or revert, or a merge made by another tool. */
static bool theirs_from_refs(git_repository *g, git_oid *out)
{
	static const char *const refs[] = {"MERGE_HEAD", "CHERRY_PICK_HEAD",
					   "REVERT_HEAD", "REBASE_HEAD"};
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		if (git_reference_name_to_id(out, g, refs[i]) == 0)
			return true;
		git_error_clear();
	}
	return false;
}

/* The id of rel in commit c's tree; all zero when it has none. */
static void id_in(git_commit *c, const char *rel, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;

	memset(out, 0, sizeof(*out));
	if (git_commit_tree(&tree, c) == 0 &&
	    git_tree_entry_bypath(&e, tree, rel) == 0)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(tree);
}

/* The author's name of the newest commit from start that changed rel
 * (against its first parent), or NULL. */
static char *last_author(git_repository *g, const git_oid *start,
			 const char *rel)
{
	git_revwalk *w = NULL;
	git_oid oid;
	char *who = NULL;

	if (git_revwalk_new(&w, g) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(w, start) < 0)
		goto done;
	for (int n = 0; !who && n < MAX_WALK && git_revwalk_next(&oid, w) == 0;
	     n++) {
		git_commit *c = NULL, *parent = NULL;
		git_oid mine, before;
		if (git_commit_lookup(&c, g, &oid) < 0)
			break;
		id_in(c, rel, &mine);
		memset(&before, 0, sizeof(before));
		if (git_commit_parent(&parent, c, 0) == 0)
			id_in(parent, rel, &before);
		if (!git_oid_equal(&mine, &before) &&
		    git_commit_author(c)->name)
			who = xstrdup(git_commit_author(c)->name);
		git_commit_free(parent);
		git_commit_free(c);
	}
done:
	git_error_clear();
	git_revwalk_free(w);
	return who;
}

struct sss_error *sss_repo_merge_sides(struct sss_repo *r, const char *rel,
				       char **ours, char **theirs)
{
	struct sss_error *err;
	git_oid head, other;

	*ours = *theirs = NULL;
	if ((err = sss_git_need(r)))
		return err;
	if (git_reference_name_to_id(&head, r->git, "HEAD") == 0)
		*ours = last_author(r->git, &head, rel);
	git_error_clear();
	if (theirs_from_env(&other) || theirs_from_rebase(r, &other) ||
	    theirs_from_refs(r->git, &other))
		*theirs = last_author(r->git, &other, rel);
	return NULL;
}
