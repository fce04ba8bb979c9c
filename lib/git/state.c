/* state.c - whether git is in the middle of something (a merge, a rebase,
 * a cherry-pick, a revert, a bisect, git am) or HEAD is detached: a commit
 * made then would be dropped by the abort or recorded on no branch, so
 * every writer refuses (see store.h). */
#include <stddef.h>

#include "git_priv.h"
#include "sss/error.h"
#include "sss/store.h"

/* What git is doing, the file that says so, and how to finish it. */
struct git_op {
	int state;
	const char *what, *file, *how;
};

static const struct git_op ops[] = {
	{ GIT_REPOSITORY_STATE_MERGE, "a merge", "MERGE_HEAD",
	  "'git merge --continue' or 'git merge --abort'" },
	{ GIT_REPOSITORY_STATE_REVERT, "a revert", "REVERT_HEAD",
	  "'git revert --continue' or 'git revert --abort'" },
	{ GIT_REPOSITORY_STATE_REVERT_SEQUENCE, "a revert", "sequencer",
	  "'git revert --continue' or 'git revert --abort'" },
	{ GIT_REPOSITORY_STATE_CHERRYPICK, "a cherry-pick", "CHERRY_PICK_HEAD",
	  "'git cherry-pick --continue' or 'git cherry-pick --abort'" },
	{ GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE, "a cherry-pick", "sequencer",
	  "'git cherry-pick --continue' or 'git cherry-pick --abort'" },
	{ GIT_REPOSITORY_STATE_BISECT, "a bisect", "BISECT_LOG",
	  "'git bisect reset'" },
	{ GIT_REPOSITORY_STATE_REBASE, "a rebase", "rebase-apply",
	  "'git rebase --continue' or 'git rebase --abort'" },
	{ GIT_REPOSITORY_STATE_REBASE_INTERACTIVE, "a rebase", "rebase-merge",
	  "'git rebase --continue' or 'git rebase --abort'" },
	{ GIT_REPOSITORY_STATE_REBASE_MERGE, "a rebase", "rebase-merge",
	  "'git rebase --continue' or 'git rebase --abort'" },
	{ GIT_REPOSITORY_STATE_APPLY_MAILBOX, "a 'git am'", "rebase-apply",
	  "'git am --continue' or 'git am --abort'" },
	{ GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE, "a 'git am' or rebase",
	  "rebase-apply", "'git am --abort' or 'git rebase --abort'" },
};

struct sss_error *sss_repo_check_state(struct sss_repo *r)
{
	struct sss_error *err = sss_git_need(r);
	int state, detached;

	if (err)
		return err;
	state = git_repository_state(r->git);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].state == state)
			return sss_error(SSS_ERR_CONFLICT,
					 "%s is in progress (%s): finish it with "
					 "%s, then run sssctl again",
					 ops[i].what, ops[i].file, ops[i].how);
	detached = git_repository_head_detached(r->git);
	if (detached < 0)
		return sss_git_fail("cannot read HEAD");
	if (detached)
		return sss_error(SSS_ERR_CONFLICT,
				 "HEAD is detached: check out a branch "
				 "('git switch main'), then run sssctl again");
	return NULL;
}

struct sss_error *sss_repo_unmerged(struct sss_repo *r,
				    int (*fn)(const char *path, bool added_both,
					      void *data),
				    void *data)
{
	struct sss_error *err = sss_git_need(r);
	git_index *index = NULL;
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *base, *ours, *theirs;
	int rc;

	if (err)
		return err;
	/* only git's merges leave conflicts: no index is read otherwise */
	if (git_repository_state(r->git) == GIT_REPOSITORY_STATE_NONE)
		return NULL;
	if (git_repository_index(&index, r->git) < 0)
		return sss_git_fail("cannot read the git index");
	if (git_index_conflict_iterator_new(&it, index) < 0) {
		err = sss_git_fail("cannot read the git index");
		goto done;
	}
	while ((rc = git_index_conflict_next(&base, &ours, &theirs, it)) == 0) {
		const git_index_entry *e = ours ? ours : theirs ? theirs : base;
		if (fn(e->path, !base && ours && theirs, data))
			break;
	}
	if (rc < 0 && rc != GIT_ITEROVER)
		err = sss_git_fail("cannot read the git index");
done:
	git_index_conflict_iterator_free(it);
	git_index_free(index);
	return err;
}
