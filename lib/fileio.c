/* fileio.c - reading and writing files safely: size limits, no symbolic
 * links, nothing outside the repository, atomic replacement (see
 * fileio.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

/* The error for a failed open of path. */
static struct sss_error *open_error(const char *path)
{
	if (errno == ENOENT)
		return sss_error(SSS_ERR_NOTFOUND, "'%s' does not exist", path);
	/* O_NOFOLLOW gives ELOOP for a link, also for the directories that
	 * open_beneath opens one by one */
	if (errno == ELOOP)
		return sss_error(SSS_ERR_INVALID,
				 "'%s' is or goes through a symbolic link; "
				 "sssctl does not follow links (they could "
				 "lead outside the repository)",
				 path);
	return sss_error(SSS_ERR_IO, "cannot open '%s': %s", path,
			 strerror(errno));
}

/* Read the open file fd (named path in messages) and close it. */
static struct sss_error *read_fd(int fd, const char *path, size_t max,
				 char **out, size_t *lenp)
{
	struct sss_error *err = NULL;
	char *buf = NULL;
	struct stat st;

	*out = NULL;
	if (fstat(fd, &st) < 0) {
		err = sss_error(SSS_ERR_IO, "cannot stat '%s': %s", path,
				strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		err = sss_error(SSS_ERR_INVALID, "'%s' is not a regular file",
				path);
		goto done;
	}
	if ((unsigned long long)st.st_size > max) {
		err = sss_error(SSS_ERR_LIMIT,
				"'%s' is too large (%lld bytes; the limit is %zu)",
				path, (long long)st.st_size, max);
		goto done;
	}
	size_t cap = (size_t)st.st_size, len = 0;
	buf = xmalloc(cap + 1);
	for (;;) {
		if (len == cap) {
			/* the file grew while we read it: one byte more tells */
			char c;
			ssize_t n = read(fd, &c, 1);
			if (n > 0) {
				err = sss_error(SSS_ERR_IO,
						"'%s' changed while being read",
						path);
				goto done;
			}
			break;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = sss_error(SSS_ERR_IO, "cannot read '%s': %s", path,
					strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	buf = NULL;
	if (lenp)
		*lenp = len;
done:
	free(buf);
	close(fd);
	return err;
}

struct sss_error *sss_read_file(const char *path, size_t max, char **out,
				size_t *lenp)
{
	/* O_NONBLOCK: a FIFO planted in the repository must not hang us
	 * (read_fd refuses anything but a regular file) */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW |
				O_NONBLOCK);

	*out = NULL;
	if (fd < 0)
		return open_error(path);
	return read_fd(fd, path, max, out, lenp);
}

/* Open root/rel for reading without following a symbolic link in any
 * component of rel; -1 with errno set on failure. */
/* The directory holding the last component of rel, opened beneath root
 * one component at a time with O_NOFOLLOW, so that no symbolic link in
 * the path is followed ("..", too, is refused); missing directories are
 * made when create is set. *base points into rel at the last component.
 * Returns a directory fd, or -1 with errno set (ELOOP for a link). */
static int open_dir_beneath(const char *root, const char *rel, bool create,
			    const char **base)
{
	char *copy = xstrdup(rel), *p = copy, *slash;
	int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	while (dfd >= 0 && (slash = strchr(p, '/'))) {
		*slash = '\0';
		int next = -1;
		if (!strcmp(p, "..") || !*p) {
			errno = EINVAL;
		} else {
			next = openat(dfd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
						      O_CLOEXEC);
			if (next < 0 && errno == ENOENT && create &&
			    (mkdirat(dfd, p, 0755) == 0 || errno == EEXIST))
				next = openat(dfd, p, O_RDONLY | O_DIRECTORY |
							      O_NOFOLLOW | O_CLOEXEC);
		}
		/* with O_DIRECTORY a link gives ENOTDIR, not ELOOP */
		struct stat st;
		if (next < 0 && errno == ENOTDIR &&
		    fstatat(dfd, p, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			errno = ELOOP;
		int saved = errno;
		close(dfd);
		errno = saved;
		dfd = next;
		p = slash + 1;
	}
	*base = rel + (p - copy);
	free(copy);
	return dfd;
}

/* The directory of the last file read beneath a root: a scan reads the
 * tickets of one month after another, and reopening tickets/YYYY/MM one
 * component at a time for each would cost five opens a file. The fd
 * keeps naming the directory that was checked, even if a link replaces
 * it later. One per thread (a scan reads ahead on a second thread). */
static _Thread_local struct {
	char *root, *dir;
	int fd;
} last_dir = { NULL, NULL, -1 };

bool sss_threads_wanted(void)
{
	const char *v = getenv("SSS_THREADS");
	return !v || strcmp(v, "1");
}

void sss_rel_forget(void)
{
	if (last_dir.fd >= 0)
		close(last_dir.fd);
	free(last_dir.root);
	free(last_dir.dir);
	last_dir.root = last_dir.dir = NULL;
	last_dir.fd = -1;
}

/* last_dir for rel's directory beneath root, opening it when it is not;
 * *base: rel's last component. -1 with errno set on failure. */
static int dir_beneath(const char *root, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	size_t dlen = slash ? (size_t)(slash - rel) : 0;

	*base = slash ? slash + 1 : rel;
	if (last_dir.fd >= 0 && !strcmp(last_dir.root, root) &&
	    strlen(last_dir.dir) == dlen && !strncmp(last_dir.dir, rel, dlen))
		return last_dir.fd;
	int dfd = open_dir_beneath(root, rel, false, base);
	if (dfd < 0)
		return -1;
	sss_rel_forget();
	last_dir.root = xstrdup(root);
	last_dir.dir = xstrndup(rel, dlen);
	last_dir.fd = dfd;
	return dfd;
}

bool sss_lstat_rel(const char *root, const char *rel, struct stat *st)
{
	const char *base;
	int dfd = dir_beneath(root, rel, &base);
	return dfd >= 0 && fstatat(dfd, base, st, AT_SYMLINK_NOFOLLOW) == 0;
}

#define READ_FLAGS (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK)

static int open_beneath(const char *root, const char *rel)
{
	const char *base;
	bool cached = last_dir.fd >= 0 && !strcmp(last_dir.root, root);
	int dfd = dir_beneath(root, rel, &base);
	if (dfd < 0)
		return -1;
	int fd = openat(dfd, base, READ_FLAGS);
	if (fd >= 0 || errno != ENOENT || !cached)
		return fd;
	/* the directory may have been replaced since: walk again */
	sss_rel_forget();
	if ((dfd = dir_beneath(root, rel, &base)) < 0)
		return -1;
	return openat(dfd, base, READ_FLAGS);
}

struct sss_error *sss_write_file_rel(const char *root, const char *rel,
				     const void *data, size_t len, bool do_sync)
{
	struct sss_error *err = NULL;
	struct strbuf tmp = STRBUF_INIT, full = STRBUF_INIT;
	const char *base;
	int fd = -1, dfd = open_dir_beneath(root, rel, true, &base), clean = -1;

	if (dfd < 0) {
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s%s", rel,
				strerror(errno),
				errno == ELOOP ? " (a symbolic link in the path)" : "");
		goto done;
	}
	strbuf_addf(&tmp, "%s.tmp-%ld", base, (long)getpid());
	fd = openat(dfd, tmp.buf,
		    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		err = sss_error(SSS_ERR_IO, "cannot create '%s': %s", rel,
				strerror(errno));
		goto done;
	}
	/* removed if a signal ends the process before the rename; the name
	 * is this process's own, so a late unlink can hit nothing else */
	strbuf_addf(&full, "%s%s%s.tmp-%ld", root,
		    *root && root[strlen(root) - 1] != '/' ? "/" : "", rel,
		    (long)getpid());
	clean = sss_cleanup_add(full.buf);
	for (const char *p = data; len;) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", rel,
					strerror(errno));
			goto done;
		}
		p += n;
		len -= (size_t)n;
	}
	if ((do_sync && fsync(fd) < 0) || close(fd) < 0) {
		fd = -1;
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", rel,
				strerror(errno));
		goto done;
	}
	fd = -1;
	if (renameat(dfd, tmp.buf, dfd, base) < 0)
		err = sss_error(SSS_ERR_IO, "cannot rename into '%s': %s", rel,
				strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	if (err && dfd >= 0 && tmp.len)
		unlinkat(dfd, tmp.buf, 0);
	sss_cleanup_forget(clean);
	if (dfd >= 0)
		close(dfd);
	strbuf_release(&tmp);
	strbuf_release(&full);
	return err;
}

struct sss_error *sss_prepare_dir_rel(const char *root, const char *rel)
{
	const char *base;
	int dfd = open_dir_beneath(root, rel, true, &base);
	if (dfd < 0)
		return sss_error(SSS_ERR_IO, "cannot write '%s': %s%s", rel,
				 strerror(errno),
				 errno == ELOOP ? " (a symbolic link in the path)" : "");
	close(dfd);
	return NULL;
}

struct sss_error *sss_unlink_rel(const char *root, const char *rel)
{
	const char *base;
	int dfd = open_dir_beneath(root, rel, false, &base);
	struct sss_error *err = NULL;
	if (dfd < 0) {
		if (errno != ENOENT)
			err = sss_error(SSS_ERR_IO, "cannot remove '%s': %s", rel,
					strerror(errno));
		return err;
	}
	if (unlinkat(dfd, base, 0) < 0 && errno != ENOENT)
		err = sss_error(SSS_ERR_IO, "cannot remove '%s': %s", rel,
				strerror(errno));
	close(dfd);
	return err;
}

struct sss_error *sss_read_file_rel(const char *fs_path, const char *rel,
				    size_t max, char **out, size_t *lenp)
{
	size_t n = strlen(fs_path), r = strlen(rel);
	struct sss_error *err = NULL;
	char *root;
	int fd;

	*out = NULL;
	if (r == 0 || r >= n || fs_path[n - r - 1] != '/' ||
	    strcmp(fs_path + n - r, rel))
		return sss_read_file(fs_path, max, out, lenp);
	root = xstrndup(fs_path, n - r);
	fd = open_beneath(root, rel);
	free(root);
	if (fd < 0)
		err = open_error(rel);
	else
		err = read_fd(fd, rel, max, out, lenp);
	return err;
}

/* Write to a device or FIFO: it cannot be replaced, only written to. */
static struct sss_error *write_special(const char *path, const void *data,
				       size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return sss_error(SSS_ERR_IO, "cannot open '%s': %s", path,
				 strerror(errno));
	for (const char *p = data; len;) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			return sss_error(SSS_ERR_IO, "cannot write '%s': %s", path,
					 strerror(saved));
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0)
		return sss_error(SSS_ERR_IO, "cannot write '%s': %s", path,
				 strerror(errno));
	return NULL;
}

struct sss_error *sss_write_file_atomic(const char *path, const void *data,
					size_t len, bool do_sync)
{
	struct sss_error *err = NULL;
	struct strbuf tmp = STRBUF_INIT;
	struct stat st;
	int fd = -1, clean = -1;

	/* report -o /dev/null: renaming a file over it would replace the
	 * device with a plain file */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return write_special(path, data, len);
	strbuf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0644);
	if (fd < 0) {
		err = sss_error(SSS_ERR_IO, "cannot create '%s': %s", tmp.buf,
				strerror(errno));
		goto done;
	}
	clean = sss_cleanup_add(tmp.buf);
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = sss_error(SSS_ERR_IO, "cannot write '%s': %s",
					tmp.buf, strerror(errno));
			goto done;
		}
		p += n;
		left -= (size_t)n;
	}
	if (do_sync && fsync(fd) < 0) {
		err = sss_error(SSS_ERR_IO, "cannot sync '%s': %s", tmp.buf,
				strerror(errno));
		goto done;
	}
	if (close(fd) < 0) {
		fd = -1;
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", tmp.buf,
				strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp.buf, path) < 0)
		err = sss_error(SSS_ERR_IO, "cannot rename '%s' to '%s': %s",
				tmp.buf, path, strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	if (err)
		unlink(tmp.buf);
	sss_cleanup_forget(clean);
	strbuf_release(&tmp);
	return err;
}

struct sss_error *sss_mkdir_parents(const char *path)
{
	char *p = xstrdup(path);
	struct sss_error *err = NULL;
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			err = sss_error(SSS_ERR_IO, "cannot create directory '%s': %s",
					p, strerror(errno));
			break;
		}
		*s = '/';
	}
	free(p);
	return err;
}
