/* clone.c - sssctl clone: a ready clone of a shared data repository
 * (clone.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/clone.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/store.h"
#include "sss/strbuf.h"

#include "git_priv.h"
#include "remote.h"

void sss_clone_url_shown(struct strbuf *out, const char *url)
{
	sss_remote_url_shown(out, url);
}

char *sss_clone_dir_for(const char *url)
{
	struct sss_remote_url u;
	struct strbuf sb = STRBUF_INIT;
	const char *base;
	char *out = NULL;

	if (sss_remote_url_parse(&u, url) < 0)
		return NULL;
	strbuf_addstr(&sb, u.path ? u.path : "");
	/* as git: trailing slashes, then "/.git", then ".git" */
	while (sb.len && sb.buf[sb.len - 1] == '/')
		strbuf_setlen(&sb, sb.len - 1);
	if (sb.len >= 5 && !strcmp(sb.buf + sb.len - 5, "/.git"))
		strbuf_setlen(&sb, sb.len - 5);
	while (sb.len && sb.buf[sb.len - 1] == '/')
		strbuf_setlen(&sb, sb.len - 1);
	base = strrchr(sb.buf, '/');
	base = base ? base + 1 : sb.buf;
	if (!*base && u.host && strcmp(u.scheme, "file"))
		base = u.host;
	out = xstrdup(base);
	if (strlen(out) > 4 && !strcmp(out + strlen(out) - 4, ".git"))
		out[strlen(out) - 4] = '\0';
	if (!*out || !strcmp(out, ".") || !strcmp(out, "..") ||
	    !strcmp(out, ".git")) {
		free(out);
		out = NULL;
	}
	strbuf_release(&sb);
	sss_remote_url_release(&u);
	return out;
}

/* Remove everything below the directory fd (then closed), never
 * following a symbolic link. Returns 0, or -1 at the first failure. */
static int remove_below(int fd)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			continue;
		if (errno != EISDIR && errno != EPERM) {
			rc = -1;
			continue;
		}
		int sub = openat(dirfd(d), de->d_name,
				 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0 || remove_below(sub) < 0 ||
		    unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) < 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

/* Undo a clone into dir: its contents, and dir itself when the clone made
 * it. */
static void remove_clone(const char *dir, bool keep_dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;
	if (remove_below(fd) == 0 && !keep_dir)
		rmdir(dir);
}

/* dir must be absent or an empty directory; *existed says which. */
static struct sss_error *check_target(const char *dir, bool *existed)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	bool empty = true;

	*existed = false;
	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return NULL;
		return sss_error(SSS_ERR_IO, "cannot use '%s': %s", dir,
				 strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return sss_error(SSS_ERR_EXISTS, "destination '%s' already exists "
				 "and is not a directory", dir);
	if (!(d = opendir(dir)))
		return sss_error(SSS_ERR_IO, "cannot read directory '%s': %s", dir,
				 strerror(errno));
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	if (!empty)
		return sss_error(SSS_ERR_EXISTS, "destination '%s' already exists "
				 "and is not an empty directory", dir);
	*existed = true;
	return NULL;
}

/* A local source must be there: libgit2 says "unsupported URL
 * protocol" for a path that is not. */
static struct sss_error *check_source(const char *url)
{
	struct sss_remote_url u;
	struct sss_error *err = NULL;
	struct stat st;

	if (sss_remote_url_parse(&u, url) < 0)
		return sss_error(SSS_ERR_USAGE, "cannot read the URL '%s'", url);
	if (!strcmp(u.scheme, "file") && stat(u.path, &st) != 0)
		err = sss_error(SSS_ERR_NOTFOUND, "cannot clone '%s': %s", url,
				strerror(errno));
	sss_remote_url_release(&u);
	return err;
}

/* After the transfer: a data repository, with the merge driver set. */
static struct sss_error *finish_clone(const char *shown, const char *dir,
				      git_repository *git)
{
	struct strbuf path = STRBUF_INIT;
	struct sss_repo *r = NULL;
	struct sss_error *err = NULL;
	struct stat st;
	bool added;

	strbuf_addf(&path, "%s%s", git_repository_workdir(git), SSS_CONFIG_PATH);
	if (lstat(path.buf, &st) != 0 || !S_ISREG(st.st_mode)) {
		err = sss_error(SSS_ERR_INVALID, "'%s' is not a sssctl data "
				"repository: it has no %s%s; nothing was kept",
				shown, SSS_CONFIG_PATH,
				git_repository_head_unborn(git) == 1
					? " (it has no commits yet)" : "");
		goto done;
	}
	if ((err = sss_repo_open(&r, dir)))
		goto done;
	err = sss_repo_merge_driver_setup(r, &added);
done:
	sss_repo_free(r);
	strbuf_release(&path);
	return err;
}

struct sss_error *sss_repo_clone(const char *url, const char *dir,
				 bool progress)
{
	git_clone_options o = GIT_CLONE_OPTIONS_INIT;
	struct strbuf shown = STRBUF_INIT, what = STRBUF_INIT;
	struct sss_remote_auth a;
	git_repository *git = NULL;
	struct sss_error *err;
	bool existed;

	if ((err = check_target(dir, &existed)) || (err = check_source(url)))
		return err;
	sss_clone_url_shown(&shown, url);
	git_libgit2_init();
	sss_remote_auth_init(&a, NULL, url, progress);
	sss_remote_auth_callbacks(&a, &o.fetch_opts.callbacks);
	sss_remote_auth_proxy(&a, &o.fetch_opts.proxy_opts);
	if (git_clone(&git, url, dir, &o) < 0) {
		strbuf_addf(&what, "cannot clone '%s'", shown.buf);
		err = sss_remote_auth_fail(&a, what.buf);
	}
	sss_remote_auth_release(&a);
	if (!err)
		err = finish_clone(shown.buf, dir, git);
	git_repository_free(git);
	if (err)
		remove_clone(dir, existed);
	git_libgit2_shutdown();
	strbuf_release(&shown);
	strbuf_release(&what);
	return err;
}
