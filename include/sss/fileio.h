/* fileio.h - reading and writing files safely: size limits, no
 * symbolic links, nothing outside the repository, atomic replacement. */
#ifndef SSS_FILEIO_H
#define SSS_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

struct stat;
struct sss_error;

/* Read a whole regular file into a NUL-terminated buffer, refusing files
 * larger than max bytes, anything but a regular file, and a symbolic link
 * (O_NOFOLLOW). Returns NULL on success. */
struct sss_error *sss_read_file(const char *path, size_t max, char **out,
				size_t *len);
/* The same for a file of the data repository: fs_path is the work tree
 * followed by rel (e.g. "tickets/2026/11/2611-K3Q7ZP.md"), and no
 * component of rel may be a symbolic link, so that nothing in the
 * repository can make sssctl read a file outside it. Messages name rel.
 * When fs_path does not end in "/" + rel it is read like sss_read_file. */
struct sss_error *sss_read_file_rel(const char *fs_path, const char *rel,
				    size_t max, char **out, size_t *len);

/* lstat root/rel (root ending in '/') without following a symbolic link
 * in any directory of rel, the directory kept open as for
 * sss_read_file_rel. */
bool sss_lstat_rel(const char *root, const char *rel, struct stat *st);
/* False when SSS_THREADS=1 asks sssctl to run on one thread. */
bool sss_threads_wanted(void);
/* Close the directory that sss_read_file_rel and sss_lstat_rel keep open
 * for the calling thread (a thread calls this before it ends). */
void sss_rel_forget(void);

/* Write rel beneath root atomically (temporary file + rename in the same
 * directory), making missing directories, and refusing a symbolic link or
 * ".." in any component of rel: a symlinked directory in a repository
 * never makes sssctl write outside it. */
struct sss_error *sss_write_file_rel(const char *root, const char *rel,
				     const void *data, size_t len, bool do_sync);
/* Make the directories that hold rel beneath root, the same way: a
 * writer calls it before committing, so a symlinked directory stops the
 * change before anything is written. */
struct sss_error *sss_prepare_dir_rel(const char *root, const char *rel);
/* Remove rel beneath root the same way (a missing file is no error). */
struct sss_error *sss_unlink_rel(const char *root, const char *rel);

/* Write data to path atomically: a temporary file in the same directory,
 * fsync'd when do_sync, then rename(2). A device or FIFO at path (e.g.
 * /dev/null) is written to instead, never replaced. */
struct sss_error *sss_write_file_atomic(const char *path, const void *data,
					size_t len, bool do_sync);

/* Create every missing directory of path's parent (like mkdir -p). */
struct sss_error *sss_mkdir_parents(const char *path);

#endif
