/* cleanup.c - remove this process's lock and temporary files when it dies
 * by a signal or exits in the middle (see cleanup.h). */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sss/cleanup.h"

#define SLOTS 32
#define PATH_CAP 4096
#define NOTE_CAP 1024

/* The paths live in fixed storage, never freed: a handler running on one
 * thread never reads memory that another thread has just freed. */
enum { FREE, FILLING, LIVE };
static struct slot {
	atomic_int state;
	atomic_bool tree; /* a directory, removed with what it holds */
	char path[PATH_CAP];
} slots[SLOTS];

static atomic_int child_group; /* a process group to kill first, or 0 */

static char note[NOTE_CAP];
static atomic_size_t note_len;
static pid_t owner; /* a forked child (the editor) removes nothing */
static atomic_bool installed;

static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

#define TREE_DEPTH 16

/* Empty the directory open as fd and close it: getdents64 into a buffer
 * on the stack, unlinkat, so it runs in a signal handler (no malloc, no
 * stdio). Never follows a symbolic link: O_NOFOLLOW, and a link is
 * unlinked as a file. */
static void empty_dir(int fd, int depth)
{
	char buf[4096] __attribute__((aligned(8)));
	long n;
	bool again = true;

	while (again) {
		again = false;
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
			for (long off = 0; off < n;) {
				struct {
					unsigned long long ino;
					long long off;
					unsigned short reclen;
					unsigned char type;
					char name[];
				} *d = (void *)(buf + off);
				off += d->reclen;
				if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
					continue;
				if (unlinkat(fd, d->name, 0) == 0)
					again = true;
				else if (depth < TREE_DEPTH) {
					int sub = openat(fd, d->name, O_RDONLY | O_DIRECTORY |
							 O_NOFOLLOW | O_CLOEXEC);
					if (sub >= 0)
						empty_dir(sub, depth + 1);
					if (unlinkat(fd, d->name, AT_REMOVEDIR) == 0)
						again = true;
				}
			}
		}
		/* names were removed while reading: read the rest from the start */
		if (again)
			lseek(fd, 0, SEEK_SET);
	}
	close(fd);
}

static void remove_tree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		empty_dir(fd, 0);
	rmdir(path);
}

static void remove_all(void)
{
	if (getpid() != owner)
		return;
	int group = atomic_exchange(&child_group, 0);
	if (group > 0)
		kill(-group, SIGKILL);
	for (int i = 0; i < SLOTS; i++) {
		if (atomic_load(&slots[i].state) != LIVE)
			continue;
		if (atomic_load(&slots[i].tree))
			remove_tree(slots[i].path);
		else
			unlink(slots[i].path);
	}
}

static void on_exit_hook(void)
{
	remove_all();
}

static void on_signal(int sig)
{
	remove_all();
	size_t n = atomic_load(&note_len);
	if (n && getpid() == owner) {
		ssize_t w = write(STDERR_FILENO, note, n);
		(void)w;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	/* delivered, with the default action, as the handler returns and
	 * the signal is unblocked */
	raise(sig);
}

void sss_cleanup_init(void)
{
	if (atomic_exchange(&installed, true))
		return;
	owner = getpid();
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		if (sigaction(signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(signals[i], &sa, NULL);
	}
	atexit(on_exit_hook);
}

static int add(const char *path, bool tree)
{
	size_t len = strlen(path);
	if (len >= PATH_CAP)
		return -1;
	for (int i = 0; i < SLOTS; i++) {
		int want = FREE;
		if (!atomic_compare_exchange_strong(&slots[i].state, &want,
						    FILLING))
			continue;
		memcpy(slots[i].path, path, len + 1);
		atomic_store(&slots[i].tree, tree);
		atomic_store(&slots[i].state, LIVE);
		return i;
	}
	return -1;
}

int sss_cleanup_add(const char *path)
{
	return add(path, false);
}

int sss_cleanup_add_tree(const char *dir)
{
	return add(dir, true);
}

void sss_cleanup_child_group(pid_t group)
{
	atomic_store(&child_group, group > 0 ? (int)group : 0);
}

void sss_cleanup_forget(int handle)
{
	if (handle >= 0 && handle < SLOTS)
		atomic_store(&slots[handle].state, FREE);
}

void sss_cleanup_set_note(const char *line)
{
	atomic_store(&note_len, 0);
	if (!line)
		return;
	size_t n = strlen(line);
	if (n >= NOTE_CAP)
		n = NOTE_CAP - 1;
	memcpy(note, line, n);
	atomic_store(&note_len, n);
}

void sss_cleanup_hold(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaddset(&set, signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void sss_cleanup_release(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

bool sss_cleanup_thread(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	sigset_t old;
	sss_cleanup_hold(&old);
	bool ok = pthread_create(thread, NULL, fn, arg) == 0;
	sss_cleanup_release(&old);
	return ok;
}
