/* store.c - the git layer's repository handle: finding the data
 * repository, opening it with libgit2 on first use, the identity for
 * commits, and what HEAD holds (see store.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "git_priv.h"
#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/store.h"
#include "sss/strbuf.h"

/* Convert the last libgit2 error into ours. */
struct sss_error *sss_git_fail(const char *what)
{
	const git_error *e = git_error_last();
	return sss_error(SSS_ERR_GIT, "%s: %s", what,
			 e && e->message ? e->message : "unknown libgit2 error");
}

/* A repository that cannot be opened. One owned by another user is
 * refused by libgit2 (as by git) with "config value 'safe.directory' was
 * not found": say what to do about it. */
static struct sss_error *open_fail(struct sss_repo *r)
{
	const git_error *e = git_error_last();
	if (e && e->message && strstr(e->message, "safe.directory")) {
		size_t len = strlen(r->workdir);
		struct sss_error *err = sss_error(
			SSS_ERR_GIT, "the repository '%.*s' is owned by another user, "
			"so git does not trust it; if you trust it, run 'git config "
			"--global --add safe.directory %.*s' and try again",
			(int)(len > 1 ? len - 1 : len), r->workdir,
			(int)(len > 1 ? len - 1 : len), r->workdir);
		git_error_clear();
		return err;
	}
	return sss_git_fail("cannot open the git repository");
}

/* libgit2 is started and the repository opened only when a command
 * first needs git (a commit, HEAD, history, the identity): starting it
 * costs more than a read-only command does (Debian's libgit2 parses the
 * system's certificate bundle). */
struct sss_error *sss_git_need(struct sss_repo *r)
{
	if (r->git)
		return NULL;
	if (!r->git_inited) {
		sss_git_init();
		r->git_inited = true;
	}
	if (git_repository_open_ext(&r->git, r->workdir,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return open_fail(r);
	return NULL;
}

/* Find the work tree holding dir like git does, without libgit2: the
 * nearest directory upwards with a .git directory. A .git file (a linked
 * work tree or submodule) is left to libgit2. */
static struct sss_error *discover(struct sss_repo *r, const char *dir)
{
	char *abs = realpath(dir, NULL);
	struct strbuf sb = STRBUF_INIT;
	struct sss_error *err = NULL;
	struct stat st;

	if (!abs)
		return sss_error(SSS_ERR_NOTFOUND, "cannot use directory '%s': %s",
				 dir, strerror(errno));
	for (;;) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/.git", strcmp(abs, "/") ? abs : "");
		if (lstat(sb.buf, &st) == 0 && S_ISDIR(st.st_mode)) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s/", strcmp(abs, "/") ? abs : "");
			r->workdir = xstrdup(sb.buf);
			strbuf_addstr(&sb, ".git/");
			r->gitdir = xstrdup(sb.buf);
			goto done;
		}
		if (lstat(sb.buf, &st) == 0) {
			/* a .git file: libgit2 follows it */
			sss_git_init();
			r->git_inited = true;
			if (git_repository_open_ext(&r->git, abs, 0, NULL) < 0 ||
			    git_repository_is_bare(r->git))
				break;
			r->workdir = xstrdup(git_repository_workdir(r->git));
			r->gitdir = xstrdup(git_repository_path(r->git));
			goto done;
		}
		char *slash = strrchr(abs, '/');
		if (!slash || !strcmp(abs, "/"))
			break;
		if (slash == abs)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	if (r->git_inited)
		git_error_clear();
	err = sss_error(SSS_ERR_NOTFOUND,
			"not a sssctl data repository (or any parent up to /): '%s'; "
			"run 'sssctl init' to make one", dir);
done:
	free(abs);
	strbuf_release(&sb);
	return err;
}

struct sss_error *sss_repo_open(struct sss_repo **out, const char *dir)
{
	struct sss_error *err = NULL;
	struct sss_repo *r = xcalloc(1, sizeof(*r));
	struct strbuf sb = STRBUF_INIT;
	struct stat st;

	r->lock_fd = -1;
	*out = NULL;
	if ((err = discover(r, dir ? dir : ".")))
		goto done;
	strbuf_addf(&sb, "%s.sss/config.yml", r->workdir);
	if (stat(sb.buf, &st) < 0) {
		err = sss_error(SSS_ERR_NOTFOUND,
				"'%s' is a git repository but not a sssctl data repository "
				"(no .sss/config.yml); run 'sssctl init' there",
				r->workdir);
		goto done;
	}
	/* A journal with no writer holding the lock: a writer died inside a
	 * change. Finish it now, before the command reads the work tree:
	 * `edit` checks the file before it locks, and `due` or a reader may
	 * not lock at all. A live writer's journal (lock held) is left to it;
	 * a failure here shows again when this command takes the lock. */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s%s", r->gitdir, SSS_GIT_JOURNAL);
	if (lstat(sb.buf, &st) == 0) {
		sss_error_free(sss_repo_lock(r, 0, "recover"));
		sss_repo_unlock(r);
	}
	*out = r;
	r = NULL;
done:
	strbuf_release(&sb);
	sss_repo_free(r);
	return err;
}

void sss_repo_free(struct sss_repo *r)
{
	if (!r)
		return;
	sss_repo_unlock(r);
	git_repository_free(r->git);
	if (r->git_inited)
		git_libgit2_shutdown();
	free(r->workdir);
	free(r->gitdir);
	free(r->notes);
	free(r);
}

const char *sss_repo_workdir(const struct sss_repo *r)
{
	return r->workdir;
}

const char *sss_repo_gitdir(const struct sss_repo *r)
{
	return r->gitdir;
}

void sss_repo_path(const struct sss_repo *r, struct strbuf *out,
		   const char *rel)
{
	strbuf_addstr(out, r->workdir);
	strbuf_addstr(out, rel);
}

/* Split "Name <email>" into its parts (new strings). */
static struct sss_error *split_ident(const char *s, const char *source,
				     char **name, char **email)
{
	const char *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (!lt || !gt || gt[1] != '\0' || lt == s || gt == lt + 1)
		return sss_error(SSS_ERR_USAGE,
				 "%s '%s' is not of the form 'Name <email>'", source, s);
	const char *end = lt;
	while (end > s && end[-1] == ' ')
		end--;
	if (end == s)
		return sss_error(SSS_ERR_USAGE, "%s '%s' has no name", source, s);
	*name = xstrndup(s, (size_t)(end - s));
	*email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return NULL;
}

/* Add the file at path to cfg at level when it is a regular file (git
 * skips a missing one; /dev/null adds nothing). */
static int add_config_file(git_config *cfg, const char *path, git_config_level_t level,
			   git_repository *repo)
{
	struct stat st;
	if (!path || !*path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return git_config_add_file_ondisk(cfg, path, level, repo, 0);
}

struct sss_error *sss_git_config_open(git_config **out, struct sss_repo *r)
{
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	const char *global = getenv("GIT_CONFIG_GLOBAL"), *sys = getenv("GIT_CONFIG_SYSTEM");
	const char *nosys = getenv("GIT_CONFIG_NOSYSTEM");
	git_repository *repo = r ? r->git : NULL;
	struct strbuf path = STRBUF_INIT;
	git_config *cfg = NULL;
	int rc;

	*out = NULL;
	if ((rc = git_config_new(&cfg)) < 0)
		goto done;
	/* git: GIT_CONFIG_NOSYSTEM is a boolean; set and not false skips */
	if (!nosys || !*nosys || !strcmp(nosys, "0") || !strcasecmp(nosys, "false")) {
		if ((rc = add_config_file(cfg, sys ? sys : "/etc/gitconfig",
					  GIT_CONFIG_LEVEL_SYSTEM, repo)) < 0)
			goto done;
	}
	if (global) {
		rc = add_config_file(cfg, global, GIT_CONFIG_LEVEL_GLOBAL, repo);
	} else {
		if (xdg && *xdg)
			strbuf_addf(&path, "%s/git/config", xdg);
		else if (home && *home)
			strbuf_addf(&path, "%s/.config/git/config", home);
		if ((rc = add_config_file(cfg, path.buf, GIT_CONFIG_LEVEL_XDG, repo)) < 0)
			goto done;
		strbuf_reset(&path);
		if (home && *home)
			strbuf_addf(&path, "%s/.gitconfig", home);
		rc = add_config_file(cfg, path.buf, GIT_CONFIG_LEVEL_GLOBAL, repo);
	}
	if (rc < 0)
		goto done;
	if (r && r->gitdir) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%sconfig", r->gitdir);
		if ((rc = add_config_file(cfg, path.buf, GIT_CONFIG_LEVEL_LOCAL, repo)) < 0)
			goto done;
	}
	rc = git_config_snapshot(out, cfg);
done:
	git_config_free(cfg);
	strbuf_release(&path);
	return rc < 0 ? sss_git_fail("cannot read git config") : NULL;
}

/* user.name or user.email from git's command-line settings in the
 * environment (GIT_CONFIG_COUNT, GIT_CONFIG_KEY_<n>, GIT_CONFIG_VALUE_<n>,
 * as `git -c` and `git config --env` pass them): the last one given wins
 * over every file. NULL when none. */
static const char *env_config(const char *key)
{
	const char *count = getenv("GIT_CONFIG_COUNT"), *found = NULL;
	char name[40];
	long n = count ? strtol(count, NULL, 10) : 0;

	for (long i = 0; i < n && i < 1000; i++) {
		snprintf(name, sizeof(name), "GIT_CONFIG_KEY_%ld", i);
		const char *k = getenv(name);
		snprintf(name, sizeof(name), "GIT_CONFIG_VALUE_%ld", i);
		const char *v = getenv(name);
		if (k && v && !strcasecmp(k, key))
			found = v;
	}
	return found;
}

/* The first of git's sources for one part of the author (name or email,
 * part): env (GIT_AUTHOR_NAME), the command-line settings, then the
 * config's author.PART and user.PART. NULL when none has it; the result
 * points into the environment or into buf. */
static const char *ident_part(git_config *cfg, const char *env, const char *part,
			      git_buf *buf)
{
	const char *v = getenv(env);
	char akey[16], ukey[16];

	snprintf(akey, sizeof(akey), "author.%s", part);
	snprintf(ukey, sizeof(ukey), "user.%s", part);
	if (v && *v)
		return v;
	if ((v = env_config(akey)) || (v = env_config(ukey)))
		return *v ? v : NULL;
	if (git_config_get_string_buf(buf, cfg, akey) == 0 && buf->size)
		return buf->ptr;
	git_error_clear();
	git_buf_dispose(buf);
	if (git_config_get_string_buf(buf, cfg, ukey) == 0 && buf->size)
		return buf->ptr;
	git_error_clear();
	return NULL;
}

struct sss_error *sss_repo_identity(struct sss_repo *r, const char *override,
				    char **out)
{
	struct sss_error *err = NULL;
	git_config *cfg = NULL;
	git_buf name = GIT_BUF_INIT_CONST(NULL, 0), email = GIT_BUF_INIT_CONST(NULL, 0);
	const char *env, *gn, *ge;
	struct strbuf sb = STRBUF_INIT;
	char *n = NULL, *e = NULL;

	*out = NULL;
	if (override) {
		err = split_ident(override, "--author", &n, &e);
	} else if ((env = getenv("SSS_AUTHOR")) && *env) {
		err = split_ident(env, "SSS_AUTHOR", &n, &e);
	} else {
		/* git's order: GIT_AUTHOR_*, `git -c` settings, then the config
		 * files as git reads them (no repository yet for init) */
		if ((r->workdir || r->git) && (err = sss_git_need(r)))
			goto done;
		if ((err = sss_git_config_open(&cfg, r)))
			goto done;
		gn = ident_part(cfg, "GIT_AUTHOR_NAME", "name", &name);
		ge = ident_part(cfg, "GIT_AUTHOR_EMAIL", "email", &email);
		if (!ge && (env = getenv("EMAIL")) && *env)
			ge = env;
		if (!gn || !ge) {
			err = sss_error(SSS_ERR_INVALID,
					"no identity for the audit trail; set one with "
					"'git config --global user.name \"Your Name\"' and "
					"'git config --global user.email you@example.com', "
					"or SSS_AUTHOR=\"Name <email>\"");
			goto done;
		}
		n = xstrdup(gn);
		e = xstrdup(ge);
	}
	if (err)
		goto done;
	strbuf_addf(&sb, "%s <%s>", n, e);
	*out = strbuf_detach(&sb, NULL);
done:
	free(n);
	free(e);
	git_buf_dispose(&name);
	git_buf_dispose(&email);
	git_config_free(cfg);
	strbuf_release(&sb);
	return err;
}

struct sss_error *sss_git_signature(git_signature **sig, const char *ident,
				    time_t when)
{
	char *name = NULL, *email = NULL;
	struct sss_error *err = split_ident(ident, "identity", &name, &email);
	if (!err && git_signature_new(sig, name, email, (git_time_t)when,
				      sss_time_offset(when)) < 0)
		err = sss_git_fail("cannot make a commit signature");
	free(name);
	free(email);
	return err;
}

/* HEAD's tree, or NULL for an unborn branch. */
struct sss_error *sss_git_head_tree(struct sss_repo *r, git_commit **commit,
				    git_tree **tree)
{
	git_oid oid;
	struct sss_error *err;
	*commit = NULL;
	*tree = NULL;
	if ((err = sss_git_need(r)))
		return err;
	int rc = git_reference_name_to_id(&oid, r->git, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		git_error_clear();
		return NULL;
	}
	if (rc < 0)
		return sss_git_fail("cannot resolve HEAD");
	if (git_commit_lookup(commit, r->git, &oid) < 0)
		return sss_git_fail("cannot read the HEAD commit");
	if (git_commit_tree(tree, *commit) < 0) {
		git_commit_free(*commit);
		*commit = NULL;
		return sss_git_fail("cannot read the HEAD tree");
	}
	return NULL;
}

struct sss_error *sss_repo_in_head(struct sss_repo *r, const char *rel,
				   bool *exists)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *te = NULL;
	struct sss_error *err = sss_git_head_tree(r, &c, &t);
	*exists = false;
	if (!err && t) {
		if (git_tree_entry_bypath(&te, t, rel) == 0)
			*exists = true;
		else
			git_error_clear();
	}
	git_tree_entry_free(te);
	git_tree_free(t);
	git_commit_free(c);
	return err;
}

bool sss_git_workfile_id(struct sss_repo *r, const char *rel,
			 const git_oid *want, size_t nwant, git_oid *id)
{
	struct strbuf fs = STRBUF_INIT;
	struct stat st;
	git_oid filtered;
	bool ok;

	sss_repo_path(r, &fs, rel);
	ok = !sss_git_need(r) && lstat(fs.buf, &st) == 0 && S_ISREG(st.st_mode) &&
	     git_odb_hashfile(id, fs.buf, GIT_OBJECT_BLOB) == 0;
	for (size_t i = 0; ok && i < nwant; i++)
		if (git_oid_equal(id, &want[i]))
			goto done;
	/* the path for the attributes is rel. With an index libgit2 cannot
	 * read (split, corrupt: the commit names it) the bytes' id stays */
	if (ok && git_repository_hashfile(&filtered, r->git, fs.buf,
					  GIT_OBJECT_BLOB, rel) == 0)
		git_oid_cpy(id, &filtered);
done:
	git_error_clear();
	strbuf_release(&fs);
	return ok;
}

struct sss_error *sss_repo_check_clean(struct sss_repo *r, const char *rel)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *te = NULL;
	struct strbuf fs = STRBUF_INIT;
	git_oid oid;
	struct sss_error *err = sss_git_head_tree(r, &c, &t);
	struct stat st;

	if (err)
		goto done;
	sss_repo_path(r, &fs, rel);
	bool in_tree = t && git_tree_entry_bypath(&te, t, rel) == 0;
	git_error_clear();
	bool on_disk = lstat(fs.buf, &st) == 0;
	if (!in_tree && !on_disk)
		goto done;
	/* through git's filters: a CRLF checkout (core.autocrlf) of an LF
	 * blob is clean, as `git status` says */
	if (in_tree && on_disk &&
	    sss_git_workfile_id(r, rel, git_tree_entry_id(te), 1, &oid) &&
	    git_oid_equal(&oid, git_tree_entry_id(te)))
		goto done;
	git_error_clear();
	err = sss_error(SSS_ERR_CONFLICT,
			"'%s' has changes that are not committed; commit them "
			"with git (or 'git checkout -- %s' to drop them) and try again",
			rel, rel);
done:
	strbuf_release(&fs);
	git_tree_entry_free(te);
	git_tree_free(t);
	git_commit_free(c);
	return err;
}
