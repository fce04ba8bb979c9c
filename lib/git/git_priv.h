/* git_priv.h - private to the git layer (lib/git/): the layout of the
 * repository handle and what its files share.
 *
 *     store.c    finding and opening the repository, identity, HEAD
 *     commit.c   one commit per change, the work tree and the index after
 *     journal.c  the writer lock, the journal and recovery
 *     index.c    the index splice (index.h)
 *     log.c      the history walk
 *     sign.c     commit objects, signed when commit.gpgsign says so
 *     tls.c      libgit2 started without its CA certificates until a
 *                remote needs them
 *
 * The git layer deals in paths, blobs and commits: it knows nothing of
 * tickets. It is the only code that includes <git2.h>.
 */
#ifndef SSS_GIT_PRIV_H
#define SSS_GIT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <git2.h>

#include "index.h"

struct sss_change;
struct sss_error;

struct sss_repo {
	git_repository *git; /* opened on first use: see sss_git_need() */
	bool git_inited;     /* git_libgit2_init() was called for this repo */
	char *workdir;       /* with trailing slash */
	char *gitdir;        /* with trailing slash */
	int lock_fd;
	/* sss_repo_expect(): the index job started for job_u */
	struct sss_index_job *job;
	struct sss_index_update job_u;
	char *job_path;
	bool committed;      /* the last sss_repo_commit() is in HEAD */
	char *notes;         /* what recovery left alone, one a line; owned */
};

/* What a change expects of one path: its blob before and after (all
 * zero: absent). The journal records them, so that recovery finishes or
 * undoes only its own change. */
struct sss_git_expect {
	const char *path;
	git_oid before, after;
};

/* .git/<JOURNAL>: the paths of the change being written (journal.c) */
#define SSS_GIT_JOURNAL "sss-journal"

/* The last libgit2 error as ours, "<what>: <libgit2's message>". */
struct sss_error *sss_git_fail(const char *what);

/* git_libgit2_init(), without the system's CA certificates that
 * libgit2's start loads (tls.c): every start of libgit2 in sssctl is this
 * one. */
void sss_git_init(void);

/* Load the CA certificates that sss_git_init() left out; called before
 * anything talks to a remote (remote.h: sss_remote_auth_init). */
void sss_git_tls_ready(void);

/* Start libgit2 and open r->git if that has not been done yet: a command
 * that never needs git never pays for it. */
struct sss_error *sss_git_need(struct sss_repo *r);

/* The git configuration as git itself reads it, in git's order (later
 * wins): the system file (GIT_CONFIG_SYSTEM, else /etc/gitconfig; none
 * with GIT_CONFIG_NOSYSTEM), the global files (GIT_CONFIG_GLOBAL alone
 * when it is set, else $XDG_CONFIG_HOME/git/config or
 * ~/.config/git/config, then ~/.gitconfig), then the repository's
 * .git/config when r has one (r may have no work tree yet: init). libgit2's
 * own defaults know neither GIT_CONFIG_GLOBAL nor GIT_CONFIG_NOSYSTEM.
 * *out is a snapshot owned by the caller (git_config_free). */
struct sss_error *sss_git_config_open(git_config **out, struct sss_repo *r);

/* The blob id of the work-tree file rel as `git status` compares it: its
 * bytes' id when that is one of want[0..nwant) (the ids the caller
 * expects: the common case, a file as sssctl or git wrote it, costs one
 * hash), else its id through git's filters for rel, as `git add` would
 * make it (core.autocrlf, the text and eol attributes: a CRLF checkout of
 * an LF blob is the same file). The filters make libgit2 read the index,
 * which costs at 100,000 tickets, hence the bytes first. False when rel
 * is not a regular file or cannot be read (the libgit2 error cleared). */
bool sss_git_workfile_id(struct sss_repo *r, const char *rel,
			 const git_oid *want, size_t nwant, git_oid *id);

/* HEAD's commit and tree (caller frees both), or both NULL for an unborn
 * branch. */
struct sss_error *sss_git_head_tree(struct sss_repo *r, git_commit **commit,
				    git_tree **tree);

/* A signature for ident ("Name <email>") at when, in the local time
 * zone (caller frees). */
struct sss_error *sss_git_signature(git_signature **sig, const char *ident,
				    time_t when);

/* Write one file of the work tree (never through a symbolic link) and
 * fill in the blob id and stat data of its index entry u; u->path and
 * u->remove are the caller's. */
struct sss_error *sss_git_worktree_put(struct sss_repo *r, const char *rel,
				       const char *data, size_t len,
				       const git_oid *id, bool do_sync,
				       struct sss_index_update *u);

/* Apply the index entries u[0..n) of a change, as the work tree now has
 * them. job: NULL, or the sss_index_begin() of these updates, which this
 * ends. Spliced into .git/index when it can be, else through libgit2. */
struct sss_error *sss_git_index_apply(struct sss_repo *r,
				      struct sss_index_job *job,
				      const struct sss_index_update *u,
				      size_t n, bool do_sync);

/* Whether a journal may name rel: a ticket file, or with the blob ids
 * (ids) any path of the work tree outside .git (what sync writes). */
bool sss_git_journal_path_ok(const char *rel, bool ids);

/* Write the journal: the paths of changes[0..n), one a line. */
struct sss_error *sss_git_journal_write(struct sss_repo *r,
					const struct sss_change *changes,
					size_t n, bool do_sync);
/* Write the journal with the blob ids each path had before the change
 * and has after it: "<before> <after> <path>", one a line. */
struct sss_error *sss_git_journal_write_ids(struct sss_repo *r,
					    const struct sss_git_expect *e,
					    size_t n, bool do_sync);

/* Make .git/index fit for a change: a missing index is rebuilt from
 * HEAD's tree (as `git read-tree HEAD`, with the stat data of the work
 * tree's files that match); a split, sparse or corrupt index is refused,
 * before anything is committed. *rebuilt: the index was written. */
struct sss_error *sss_git_index_ready(struct sss_repo *r, bool *rebuilt);

/* Whether the object id is readable through a new object database
 * handle (libgit2's own may have it cached). */
struct sss_error *sss_git_confirm_objects(struct sss_repo *r,
					  const git_oid *ids, size_t n,
					  const char *what);

/* Write a commit object (no branch is moved): signed as git would sign
 * it when the config sets commit.gpgsign (gpg.format openpgp or ssh,
 * user.signingkey, gpg.program, gpg.ssh.program), else plain. A failure
 * to sign is an error naming the program and what it said, and nothing is
 * written; gpg.format x509 is refused. Every commit sssctl makes (a
 * change, sync's merge) is made here. */
struct sss_error *sss_git_commit_create(struct sss_repo *r, git_oid *out,
					const git_signature *author,
					const git_signature *committer,
					const char *message, const git_tree *tree,
					const git_commit **parents, size_t nparents);

/* Add one line to r->notes (what recovery reports to the command). */
void sss_git_note(struct sss_repo *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Remove the journal (nothing left to finish). */
void sss_git_journal_remove(struct sss_repo *r);

/* Drop an expected change that did not come (see sss_repo_expect()),
 * with its journal. */
void sss_git_drop_job(struct sss_repo *r);

#endif
