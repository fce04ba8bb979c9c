/* cleanup.h - files this process made and must not leave behind when it
 * dies: lock files and temporary files (after git's lockfile/tempfile).
 *
 * A path is registered when the file is created and forgotten once it is
 * renamed into place or removed. If the process ends by SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT or SIGPIPE, or calls exit(3) in the middle, every path
 * still registered is unlinked; then the signal's default action is
 * restored and the signal raised again, so the exit status says which
 * signal it was. The handler uses only async-signal-safe calls, and the
 * registry may be used from several threads.
 */
#ifndef SSS_CLEANUP_H
#define SSS_CLEANUP_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Install the signal handlers and the atexit hook, once, before anything
 * is registered (main does it). A signal that is ignored when it is
 * called (nohup) stays ignored. */
void sss_cleanup_init(void);

/* Register path (copied) for removal if the process dies before
 * sss_cleanup_forget. Returns a handle for sss_cleanup_forget, or -1 when
 * the path is too long or the table is full (the file is then left as it
 * was before this registry existed). */
int sss_cleanup_add(const char *path);

/* Register a temporary directory (copied) to be removed with everything
 * beneath it (symbolic links are removed, never followed; at most 16
 * levels deep), for a program's scratch space such as a browser profile.
 * Returns a handle for sss_cleanup_forget, or -1 as above. */
int sss_cleanup_add_tree(const char *dir);

/* A child's process group (a browser and its helpers) to kill with
 * SIGKILL before the files are removed if a signal ends this process;
 * 0 forgets it. One at a time. */
void sss_cleanup_child_group(pid_t group);

/* Forget a handle from sss_cleanup_add (the caller renamed or removed the
 * file); -1 is ignored. Never touches the file. */
void sss_cleanup_forget(int handle);

/* Text (ending in a line feed) written to standard error if a signal
 * ends the process, e.g. where a person's text is kept (copied; at most
 * 1 KiB is kept; NULL clears it). The registry never removes such a
 * file. */
void sss_cleanup_set_note(const char *line);

/* Hold off the signals above in the calling thread (their previous mask
 * into *old) until sss_cleanup_release(old): around a step that must not
 * be cut in the middle, such as libgit2 updating a branch under its own
 * ref lock, which no registry knows of. A thread started in between
 * inherits the held mask, so helper threads are started that way and
 * never take these signals: the thread that holds the step does. */
void sss_cleanup_hold(sigset_t *old);
void sss_cleanup_release(const sigset_t *old);

/* pthread_create with the signals above held in the new thread for its
 * whole life, so that a signal is always taken by a thread that knows
 * what it is in the middle of. Returns true when the thread started. */
bool sss_cleanup_thread(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
