/* sync.h - sharing a data repository through a remote (`sssctl sync`,
 * DESIGN.md section 11). Two parts:
 *
 * - the git layer's (lib/git/sync.c): fetch, the three-way merge of the
 *   trees of HEAD and the upstream branch, the merge commit or the
 *   fast-forward, the work tree and index of the changed paths only, and
 *   the push. It deals in paths and blobs: a path both sides changed is
 *   handed to the caller's resolver (struct sss_sync_hooks);
 * - the services' (lib/sync.c): the whole of `sync`, with tickets
 *   merged by sss_ticket_merge() (merge.h) and ID collisions renumbered.
 *
 *	struct sss_sync_opts o = SSS_SYNC_OPTS_INIT;
 *	struct sss_sync_report rep = SSS_SYNC_REPORT_INIT;
 *	o.remote = NULL;   (the branch's upstream remote, else origin)
 *	err = sss_sync(repo, config, &o, &rep);
 *	... rep.lines, rep.incoming, rep.merged, rep.pushed ...
 *	sss_sync_report_release(&rep);
 */
#ifndef SSS_SYNC_H
#define SSS_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "sss/strbuf.h"

struct sss_error;
struct sss_repo;
struct sss_config;
struct sss_catalog;
struct sss_calendar;
struct sss_commit_info;

/* ---- the git layer (lib/git/sync.c) -------------------------------- */

/* Where HEAD's branch syncs with. */
struct sss_sync_remote {
	char *name;     /* "origin" */
	char *url;      /* its URL, for messages and the transport */
	char *branch;   /* the local branch, "main" */
	char *merge;    /* the remote's branch, "refs/heads/main" */
	char *tracking; /* where fetch puts it, "refs/remotes/origin/main" */
	char *shown;    /* "origin/main", for messages */
};

#define SSS_SYNC_REMOTE_INIT { NULL }

/* Fill rm for HEAD's branch and the remote name (NULL: the branch's
 * configured remote, else "origin"). Fails naming the remote when it is
 * not configured, or when HEAD is not on a branch. Free with
 * sss_sync_remote_release(). */
struct sss_error *sss_repo_remote_find(struct sss_repo *r, const char *name,
				       struct sss_sync_remote *rm);
void sss_sync_remote_release(struct sss_sync_remote *rm);

/* Fetch rm (its configured refspecs), with progress on stderr when
 * progress is set. Objects first, then the tracking refs: a fetch that is
 * killed leaves at most unused objects. */
struct sss_error *sss_repo_fetch(struct sss_repo *r,
				 const struct sss_sync_remote *rm, bool progress);

/* One path both sides changed since the merge base: the three versions'
 * bytes (NULL: absent there) and who made the newest change to it on each
 * side (the commit author's name, NULL when not known). Valid during the
 * resolve call only. */
struct sss_sync_file {
	const char *path;
	const char *base, *ours, *theirs;
	size_t base_len, ours_len, theirs_len;
	const char *ours_who, *theirs_who;
};

enum sss_sync_verdict {
	SSS_SYNC_WRITE,     /* the path holds the bytes given */
	SSS_SYNC_DELETE,    /* the path is removed */
	SSS_SYNC_COLLISION, /* two different files at one path: the merge
			     * stops, nothing is written, the caller repairs
			     * it (renumbers) and merges again */
};

struct sss_sync_hooks {
	/* Resolve f into *out (empty on entry) and *v. An error stops the
	 * merge with nothing changed. */
	struct sss_error *(*resolve)(const struct sss_sync_file *f,
				     struct strbuf *out,
				     enum sss_sync_verdict *v, void *data);
	/* The merge commit's whole message, asked once every path is
	 * resolved. */
	void (*message)(struct strbuf *out, void *data);
	void *data;
};

enum sss_sync_state {
	SSS_SYNC_UP_TO_DATE, /* HEAD is the upstream (or there is none) */
	SSS_SYNC_AHEAD,      /* the upstream is in HEAD: only a push is due */
	SSS_SYNC_FORWARD,    /* HEAD was behind: fast-forwarded */
	SSS_SYNC_MERGED,     /* diverged: merged, with a merge commit */
	SSS_SYNC_COLLIDED,   /* a resolver saw a collision: nothing changed */
};

struct sss_sync_result {
	enum sss_sync_state state;
	size_t incoming; /* commits the upstream had that HEAD had not */
	size_t changed;  /* paths the merge changes in the work tree */
	size_t resolved; /* paths both sides had changed */
	/* the paths of SSS_SYNC_COLLIDED, owned (sss_sync_result_release) */
	char **collisions;
	size_t ncollisions;
};

#define SSS_SYNC_RESULT_INIT { SSS_SYNC_UP_TO_DATE, 0, 0, 0, NULL, 0 }

/* Bring HEAD up to rm's tracking branch, with the writer lock held: up to
 * date; ahead; behind (fast-forward); or diverged: each path changed on
 * the upstream side since the merge base is taken when HEAD left it
 * alone, and handed to h->resolve when HEAD changed it too; the merged
 * tree (built from HEAD's with only those paths updated) is committed
 * with HEAD and the upstream as parents, by ci (its message is NULL:
 * h->message gives it). Then the branch (compare-and-swap), then the
 * work tree and index of the changed paths only, under the journal, so
 * that the next command finishes an interrupted sync. A changed path
 * with uncommitted edits stops it before anything is written, naming
 * the path. dry_run: resolve and count, change nothing. */
struct sss_error *sss_repo_sync_merge(struct sss_repo *r,
				      const struct sss_sync_remote *rm,
				      const struct sss_sync_hooks *h,
				      const struct sss_commit_info *ci,
				      bool dry_run, struct sss_sync_result *res);
void sss_sync_result_release(struct sss_sync_result *res);

/* Call fn for each path HEAD changed since its merge base with rm's
 * tracking branch (every path of HEAD when there is none). */
struct sss_error *sss_repo_sync_local_paths(struct sss_repo *r,
					    const struct sss_sync_remote *rm,
					    void (*fn)(const char *path,
						       void *data),
					    void *data);
/* Whether rm's tracking branch has the path rel. */
struct sss_error *sss_repo_sync_upstream_has(struct sss_repo *r,
					     const struct sss_sync_remote *rm,
					     const char *rel, bool *exists);

/* Push HEAD to rm's branch. *moved: refused because the remote has
 * commits HEAD lacks (fetch, merge and push again); any other refusal
 * is an error. *pushed: the commits the remote did not have. A local
 * remote (a path, file://) is updated by compare-and-swap of its branch,
 * so two pushes at once never lose one. */
struct sss_error *sss_repo_push(struct sss_repo *r,
				const struct sss_sync_remote *rm, bool progress,
				bool *moved, size_t *pushed);

/* ---- the services (lib/sync.c) ------------------------------------- */

struct sss_sync_opts {
	const char *remote; /* NULL: the branch's upstream remote, else origin */
	bool push;          /* push HEAD afterwards */
	bool dry_run;       /* fetch, then say what would merge */
	bool progress;      /* transfer progress on stderr */
	const char *author; /* --author, or NULL */
	time_t now;
	/* what the base of a generated ticket added on both sides is made
	 * from (sss_merge_generated_base()); borrowed */
	const struct sss_catalog *catalog;
	const struct sss_calendar *cal;
};

#define SSS_SYNC_OPTS_INIT { NULL, true, false, false, NULL, 0, NULL, NULL }

/* What a sync did, for the command to print. */
struct sss_sync_report {
	/* one line per decision ("merged 2611-0K3QZP: ..."), renumbering
	 * ("renumbered 2612-AAAA → 2612-BBBB (...)") */
	struct strbuf lines;
	char *shown;     /* "origin/main" */
	size_t incoming; /* commits that came in */
	size_t merged;   /* tickets both sides had changed */
	size_t pushed;   /* commits pushed */
	size_t renumbered;
	bool would;      /* a dry run: the lines say what would be done */
};

#define SSS_SYNC_REPORT_INIT { STRBUF_INIT, NULL, 0, 0, 0, 0, false }

/* `sssctl sync`: take the writer lock, fetch, renumber a local ticket
 * whose ID the remote gave another ticket, merge (tickets through
 * sss_ticket_merge()), push; a push refused because the remote moved is
 * retried after another fetch and merge, 5 times at most. A path that
 * both sides changed and is not a ticket stops it, nothing changed. */
struct sss_error *sss_sync(struct sss_repo *r, const struct sss_config *cfg,
			   const struct sss_sync_opts *o,
			   struct sss_sync_report *rep);
void sss_sync_report_release(struct sss_sync_report *rep);

#endif
