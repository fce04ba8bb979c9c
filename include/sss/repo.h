/* repo.h - the ticket repository, on top of the git layer (store.h):
 * where the ticket files live, finding one by ID, walking them all in
 * path order, loading one.
 *
 * A ticket is the file tickets/YYYY/MM/<id>.md of the work tree (YYYY
 * and MM from the ID: see sss_id_path()). The walk never follows a
 * symbolic link, and tickets/ itself must be a directory, so that nothing
 * in the repository makes sssctl read outside it. A command that looks
 * at every ticket uses the scan API (scan.h), which walks with this.
 */
#ifndef SSS_REPO_H
#define SSS_REPO_H

#include <stddef.h>
#include <stdint.h>

struct sss_error;
struct sss_repo;
struct sss_ticket;

/* Resolve an ID or unambiguous prefix to the ticket's path (rel, caller
 * frees) and full ID (caller frees). An ambiguous prefix lists the
 * matches. fy_start places recurring IDs. */
struct sss_error *sss_repo_resolve(struct sss_repo *r, const char *prefix,
				   int fy_start, char **rel, char **id);

/* Read and parse the ticket file rel of the repository (see
 * sss_ticket_load(); rel names it in messages). *out is the caller's. */
struct sss_error *sss_repo_ticket(struct sss_repo *r, const char *rel,
				  struct sss_ticket **out);

/* A walk over the ticket files tickets/YYYY/MM/<id>.md in path order,
 * only of year (e.g. "2026") and month ("04") when they are not NULL
 * (the strings are copied). Never fails to start; free it with
 * sss_repo_walk_free(). */
struct sss_repo_walk;
struct sss_repo_walk *sss_repo_walk_open(struct sss_repo *r, const char *year,
					 const char *month);
/* The next ticket file: *rel is its path (owned by w, valid until the
 * next call), NULL at the end. A directory that cannot be read (or a
 * tickets/ that is no directory) ends the walk with an error, after the
 * files before it. */
struct sss_error *sss_repo_walk_next(struct sss_repo_walk *w, const char **rel);
/* The open directory (tickets/YYYY/MM, opened without following a
 * symbolic link) of the file the last sss_repo_walk_next() gave, and
 * that file's name in it (*name, owned by w): for fstatat() and openat()
 * relative to it, valid until the next call. -1 when there is none. */
int sss_repo_walk_dir(const struct sss_repo_walk *w, const char **name);
void sss_repo_walk_free(struct sss_repo_walk *w);

/* A name of a directory listing, for sss_sort_names(): its first 16
 * bytes as two big-endian integers, so that the sort compares integers
 * (a month's IDs share their first five bytes) and only ties with
 * strcmp(). */
struct sss_sorted_name {
	uint64_t k0, k1;
	const char *name; /* NUL-terminated, the caller's */
	size_t len;
};

/* Point e at name (len bytes before its NUL) and set its keys. */
void sss_sorted_name_set(struct sss_sorted_name *e, const char *name,
			 size_t len);

/* Sort v[0..n) as strcmp() orders the names (quicksort on the middle
 * element, insertion sort for short runs: qsort() through a callback
 * over strdup'd names was a sixth of a `list` with a valid cache at
 * 100,000 tickets, and a fifth of `__complete ids`). */
void sss_sort_names(struct sss_sorted_name *v, size_t n);

#endif
