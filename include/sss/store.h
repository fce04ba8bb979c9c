/* store.h - the git layer (lib/git/, the only code that talks to
 * libgit2): finding the data repository, the writer lock, turning each
 * change into one git commit, and the history. It deals in paths, blobs
 * and commits; the tickets are repo.h's.
 *
 * A change is written as: checks (the index readable and of a kind
 * sssctl writes, a missing one rebuilt from HEAD; the ticket's directory
 * writable) -> journal -> blob -> tree updated from the parent's tree
 * (git_tree_create_updated, so the cost does not grow with the number of
 * tickets) -> commit -> compare-and-swap of the branch -> the working-tree
 * file (temp file + rename) -> its index entry. Each object, and the
 * branch, is read back before it counts: a change is committed only when
 * the branch has it. The journal in .git records each path's blob before
 * and after the change; it lets the next command finish (or undo) the
 * working tree and index of a change that was interrupted (kill -9, power
 * loss), leaving alone a file a person edited since, and clear what it
 * left: its temp files and libgit2's index and branch lock files.
 */
#ifndef SSS_STORE_H
#define SSS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct strbuf;
struct sss_error;

struct sss_repo;

/* Find the data repository containing dir (NULL: the cwd), walking up
 * like git. It must have a work tree with .sss/config.yml. A change left
 * unfinished by a writer that died is finished here, unless a live writer
 * holds the lock. */
struct sss_error *sss_repo_open(struct sss_repo **out, const char *dir);
/* Make dir a data repository (git init when it is not a repository yet):
 * files (path, content) are written and committed as the first sssctl
 * commit, by author_override or the identity sss_repo_identity() finds.
 * Fails when dir already has .sss/config.yml or one of the files. */
struct sss_error *sss_repo_init(const char *dir, const char *const *paths,
				const char *const *contents, size_t n,
				const char *author_override, time_t when);
/* Release the lock if held, close the repository and free r. */
void sss_repo_free(struct sss_repo *r);

/* The work tree, with a trailing slash. */
const char *sss_repo_workdir(const struct sss_repo *r);
/* The git directory (.git/), with a trailing slash: scratch files such as
 * the copy `edit` hands to the editor live there, out of `git status`. */
const char *sss_repo_gitdir(const struct sss_repo *r);
/* Append workdir + rel. */
void sss_repo_path(const struct sss_repo *r, struct strbuf *out,
		   const char *rel);

/* The identity for commits: override ("Name <email>", from --author),
 * else SSS_AUTHOR, else the author git would use: each of name and email
 * from GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL, else `git -c` settings
 * (GIT_CONFIG_COUNT), else author.* or user.* of the config files in git's
 * order (system unless GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL or else the
 * XDG file and ~/.gitconfig, the repository's; the email last from EMAIL).
 * A missing identity is an error saying how to set one. *out is "Name
 * <email>" (caller frees). */
struct sss_error *sss_repo_identity(struct sss_repo *r, const char *override,
				    char **out);

/* The writer lock (.git/sss.lock, flock(2): a dead holder never blocks).
 * Waits up to timeout_ms, then fails naming the holder. Taking the lock
 * also finishes an interrupted change (see above). */
struct sss_error *sss_repo_lock(struct sss_repo *r, int timeout_ms,
				const char *what);
/* Release the writer lock (a no-op when not held); an expected change
 * that did not come is dropped (see sss_repo_expect()). */
void sss_repo_unlock(struct sss_repo *r);
/* Whether this process holds the writer lock. */
bool sss_repo_locked(const struct sss_repo *r);

/* One file change of a commit: data NULL removes path. */
struct sss_change {
	const char *path;
	const char *data;
	size_t len;
};

struct sss_commit_info {
	const char *message; /* full message, trailers included */
	const char *author;  /* "Name <email>" */
	time_t when;
	bool fsync;
};

/* Commit changes on top of HEAD (the lock must be held) and bring the
 * work tree and index in step. */
struct sss_error *sss_repo_commit(struct sss_repo *r,
				  const struct sss_change *changes, size_t n,
				  const struct sss_commit_info *ci);

/* Whether the last sss_repo_commit() on r put its commit on the branch
 * (also when it then failed to update the work tree: `new` prints the ID
 * of a ticket that exists, so a retry does not make a second one). */
bool sss_repo_committed(const struct sss_repo *r);

/* What finishing an interrupted change left alone (a file a person
 * edited since, a journal naming paths that are not its own), or what
 * the history lacks (sss_repo_log() in a shallow clone), one line each,
 * for the command to print as warnings; NULL when nothing. The caller
 * frees it; the notes are then cleared. */
char *sss_repo_take_notes(struct sss_repo *r);

/* A hint, with the lock held: the next commit writes the one file rel.
 * The index's unchanged part is then read, hashed and written on a second
 * thread from now on, while the caller checks and renders what it
 * commits. A commit of anything else, or none (unlock), drops the work.
 * do_sync as the commit's fsync. */
void sss_repo_expect(struct sss_repo *r, const char *rel, bool do_sync);

/* Whether rel exists in HEAD's tree. */
struct sss_error *sss_repo_in_head(struct sss_repo *r, const char *rel,
				   bool *exists);
/* Fail with SSS_ERR_CONFLICT when the work-tree file rel differs from
 * HEAD (uncommitted edits that a command would overwrite). */
struct sss_error *sss_repo_check_clean(struct sss_repo *r, const char *rel);

/* History of one file (rel) or of all tickets (rel NULL), newest first
 * (no commit before one of its children): fn gets the commit's id,
 * author, time, message and the file's content before and after (NULL
 * when absent) for every change to a ticket file. A non-zero return stops
 * the walk. Each change comes once, from the commit that made it: a merge
 * gives only the paths it decided itself (content unlike every parent's),
 * against its first parent, with merge set. A commit whose parents are
 * not in the repository (a shallow clone) is the start of history, and a
 * note says so (sss_repo_take_notes()). */
struct sss_log_entry {
	const char *commit;   /* hex */
	const char *author;   /* "Name <email>" */
	time_t when;
	int offset;           /* minutes east of UTC */
	const char *message;
	const char *path;
	const char *old_data; /* NULL: created */
	size_t old_len;
	const char *new_data; /* NULL: deleted */
	size_t new_len;
	bool merge;           /* decided by a merge commit */
};
struct sss_error *sss_repo_log(struct sss_repo *r, const char *rel,
			       int (*fn)(const struct sss_log_entry *e,
					 void *data),
			       void *data);

/* Fail with SSS_ERR_CONFLICT when git is in the middle of a merge,
 * rebase, cherry-pick, revert, bisect or `git am`, or HEAD is detached,
 * saying which and how to finish it: a commit made then would be lost or
 * land on no branch. sss_repo_lock() calls it for every writer. */
struct sss_error *sss_repo_check_state(struct sss_repo *r);

/* The paths git left unmerged in the index (a merge, rebase,
 * cherry-pick or revert that stopped): fn gets each path once, and
 * added_both when the path was added on both sides (no base). A non-zero
 * return stops. Reads nothing when git is not in the middle of one. */
struct sss_error *sss_repo_unmerged(struct sss_repo *r,
				    int (*fn)(const char *path, bool added_both,
					      void *data),
				    void *data);

/* The merge driver git runs for tickets (`.gitattributes` names it
 * `sssctl`): when .git/config has no merge.sssctl.driver, set it to run
 * this sssctl (`<sssctl> merge-file %O %A %B %P`) and set *added; a
 * driver a person configured is left alone. Cheap when the driver is
 * there: .git/config's text is read first, and libgit2 is started only
 * when that does not show the driver (main.c runs it for every command). */
struct sss_error *sss_repo_merge_driver_setup(struct sss_repo *r, bool *added);

/* The line of `.gitattributes` that `sssctl init` commits: tickets merge
 * with sssctl, and are text with LF line ends in every clone. */
#define SSS_GITATTRIBUTES_LINE "tickets/**/*.md merge=sssctl text eol=lf"

/* Fail with SSS_ERR_INVALID, saying which line to add, when git's
 * attributes (.gitattributes, .git/info/attributes) do not give the
 * ticket path sample (e.g. "tickets/2026/01/x.md") merge=sssctl: a
 * repository made before sssctl committed .gitattributes. */
struct sss_error *sss_repo_merge_attr_check(struct sss_repo *r,
					    const char *sample);

/* Who made each side's change to the file rel in the merge that git is
 * running in r (what the merge driver asks): the author's name of the
 * newest commit that changed rel on ours' side (HEAD) and on theirs'
 * (the commit `git merge` merges, the one `git rebase` replays, or
 * MERGE_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD, REBASE_HEAD). Each is NULL
 * when it cannot be known (a cherry-pick names no commit to its
 * driver); the caller frees both. Fails only when git cannot be
 * started. */
struct sss_error *sss_repo_merge_sides(struct sss_repo *r, const char *rel,
				       char **ours, char **theirs);

#endif
