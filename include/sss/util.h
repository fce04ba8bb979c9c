/* util.h - allocation, UTF-8 and small string helpers shared by libsss. */
#ifndef SSS_UTIL_H
#define SSS_UTIL_H

#include <stdbool.h>
#include <stddef.h>

struct stat;

struct strbuf;

/* Allocation that never returns NULL. On failure it calls the handler set
 * with sss_set_oom_handler() (cmd/main.c sets one that exits); the library
 * itself never exits. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *arr (of *alloc elements of size elem) to hold at least need. */
void sss_grow(void **arr, size_t *alloc, size_t need, size_t elem);
#define SSS_GROW(arr, alloc, need) \
	sss_grow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

typedef void (*sss_oom_handler)(size_t n);
void sss_set_oom_handler(sss_oom_handler fn);

/* Check that buf[0..len) is valid UTF-8 with no NUL byte. On failure
 * return false and set *bad_line (1-based) and *bad_col (1-based byte
 * column) of the first offending byte. */
bool sss_utf8_check(const char *buf, size_t len, int *bad_line, int *bad_col);

/* Decode one UTF-8 code point at s (valid input assumed); return its
 * length in bytes and store the code point in *cp. */
int sss_utf8_decode(const char *s, unsigned *cp);

/* Append s to out for display on a terminal or in a TSV column: control
 * characters (C0, DEL, C1), including ESC, become U+FFFD-free visible
 * escapes like "\x1b"; tabs and newlines become spaces when one_line. */
void sss_sanitize(struct strbuf *out, const char *s, bool one_line);

/* Make err's message one line: line breaks from quoted input (a key or
 * an argument with "\n" in it) become visible "\n" escapes, so that
 * every error prints as a single "sssctl: error:" line. Returns err (NULL
 * stays NULL). */
struct sss_error *sss_error_one_line(struct sss_error *err);

/* Append s to out as a JSON string literal (with the quotes). */
void sss_json_str(struct strbuf *out, const char *s);

/* Normalise text read from a file in place: drop a UTF-8 BOM and turn
 * CRLF (and lone CR) into LF. Returns the new length. */
size_t sss_text_normalize(char *buf, size_t len);

/* A NUL-terminated copy of buf[0..*len) normalised as above (the caller's
 * buffer stays as given); *len becomes the new length. Caller frees. */
char *sss_text_copy(const char *buf, size_t *len);

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

bool sss_starts_with(const char *s, const char *prefix);

/* Columns s takes on a terminal: East Asian wide and full-width
 * characters count two (valid UTF-8 assumed). */
size_t sss_display_width(const char *s);
/* Append s, then spaces up to width columns. */
void sss_pad(struct strbuf *out, const char *s, size_t width);

#endif
