/* index.h - private to the git layer (lib/git/): update a few entries of
 * .git/index by splicing the file, without reading it into libgit2.
 *
 * libgit2 reads the whole index into a map and verifies its checksum with
 * a collision-detecting SHA-1, then writes and hashes it again: at 100,000
 * tickets that is most of the cost of a change. The splice instead steps
 * over the entries (v2/v3: a fixed header and a NUL-padded path; v4: the
 * path compressed against the previous one) to the places of the changed
 * paths, copies everything else byte for byte (in v4 the entry after a
 * change has its path compressed anew), drops
 * the optional extensions (caches that git rebuilds) and appends a plain
 * SHA-1. It declines (*handled = false) whatever it does not fully
 * understand, and the caller then uses libgit2.
 */
#ifndef SSS_GIT_INDEX_H
#define SSS_GIT_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stat;
struct sss_error;

/* One change: remove path (all stages), or make it a stage-0 regular
 * file (mode 100644) with this blob id and stat data. */
struct sss_index_update {
	const char *path; /* relative to the work tree, '/'-separated */
	bool remove;
	uint32_t ctime_sec, ctime_nsec, mtime_sec, mtime_nsec;
	uint32_t dev, ino, uid, gid, size;
	unsigned char id[20];
};

/* Fill the stat fields of u from st (of the file just written), the way
 * git truncates them to 32 bits. */
void sss_index_update_stat(struct sss_index_update *u, const struct stat *st);

/* Apply the n updates to gitdir's index ("<gitdir>index", gitdir ending in
 * '/'), taking "index.lock" as git does (waiting a second at most for
 * another git that holds it). workdir (ending in '/') is where racily
 * clean entries are checked. A missing index becomes one holding just the
 * updates (index version 4). When the index is of a kind the splice does
 * not handle (a split or sparse index, an unknown required extension, a
 * directory/file clash, anything malformed) it changes nothing and sets
 * *handled to false; then the caller must update the index another way.
 * do_sync: fsync the new index before it replaces the old one. */
struct sss_error *sss_index_splice(const char *gitdir, const char *workdir,
				   const struct sss_index_update *u, size_t n,
				   bool do_sync, bool *handled);

/* The same in two steps, so that the index can be read and its unchanged
 * first part written while the caller commits. sss_index_begin() starts
 * that work on a second thread (or does it at once when no thread can be
 * had); it reads the path and remove fields of u[0..n) now and the rest
 * at sss_index_finish(), which must see them filled in. Between the two
 * the index is locked (git's index.lock). Every begin is ended by exactly
 * one finish (which reports any error of the first step) or abort (which
 * leaves the index as it was). */
struct sss_index_job;
struct sss_index_job *sss_index_begin(const char *gitdir, const char *workdir,
				      const struct sss_index_update *u, size_t n);
struct sss_error *sss_index_finish(struct sss_index_job *job, bool do_sync,
				   bool *handled);
void sss_index_abort(struct sss_index_job *job);

/* What gitdir's index is, read without libgit2 (its structure, not its
 * checksum). SSS_INDEX_EXTENSION: a required extension this code and
 * libgit2 do not read (ext names it, e.g. "sdir" of a sparse index). */
enum sss_index_kind {
	SSS_INDEX_OK,
	SSS_INDEX_MISSING,
	SSS_INDEX_OTHER,     /* another kind libgit2 may read (not returned now) */
	SSS_INDEX_SPLIT,     /* core.splitIndex: the "link" extension */
	SSS_INDEX_EXTENSION,
	SSS_INDEX_CORRUPT,   /* unreadable or malformed */
};
enum sss_index_kind sss_index_kind(const char *gitdir, char ext[5]);

/* The same, as job's first step found the index it locked (it parsed it
 * anyway: no second read of a large index); waits for that step, and
 * asks sss_index_kind(gitdir) when the step could not tell. */
enum sss_index_kind sss_index_job_kind(struct sss_index_job *job,
				       const char *gitdir, char ext[5]);

#endif
