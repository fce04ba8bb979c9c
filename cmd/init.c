/* init.c - sssctl init: make (or adopt) a data repository. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "options.h"
#include "sss/date.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/embedded.h"
#include "sss/error.h"
#include "sss/i18n.h"
#include "sss/fileio.h"
#include "sss/store.h"
#include "sss/strbuf.h"

static struct sss_error *start_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				      const char *arg)
{
	if (sss_date_parse(arg, opt->value) < 0)
		return cmd_usage_error(ctx, "--contract-start '%s' is not a date YYYY-MM-DD", arg);
	return NULL;
}

/* The pre-commit hook: `sssctl check -q` by this executable's path
 * while it is there, else the sssctl on PATH. */
static void hook_text(struct strbuf *out)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	strbuf_addstr(out, "#!/bin/sh\n"
		      "# sssctl's pre-commit hook (sssctl-init(1)): a commit made with git\n"
		      "# is refused while a ticket, the catalog or the config is broken.\n"
		      "# Skip it once with 'git commit --no-verify'.\n"
		      "sssctl='");
	self[n > 0 ? n : 0] = '\0';
	for (const char *p = n > 0 ? self : "sssctl"; *p; p++) {
		if (*p == '\'')
			strbuf_addstr(out, "'\\''");
		else
			strbuf_addch(out, *p);
	}
	strbuf_addstr(out, "'\n"
		      "[ -x \"$sssctl\" ] || sssctl=sssctl\n"
		      "exec \"$sssctl\" check -q\n");
}

/* .git/hooks/pre-commit, unless there is one: a hook of the person's is
 * never replaced (a warning says what to add to it). */
static struct sss_error *hook_setup(struct sss_repo *r)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct sss_error *err = NULL;
	int fd;

	strbuf_addf(&path, "%shooks/pre-commit", sss_repo_gitdir(r));
	if ((err = sss_mkdir_parents(path.buf)))
		goto done;
	hook_text(&text);
	/* O_EXCL: an existing hook (or a link to one) stays as it is */
	fd = open(path.buf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0755);
	if (fd < 0 && errno == EEXIST) {
		cmd_warning("'%s' exists and is kept; add 'sssctl check -q' to it to check "
			    "tickets before each git commit", path.buf);
		goto done;
	}
	if (fd < 0 || write(fd, text.buf, text.len) != (ssize_t)text.len) {
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", path.buf, strerror(errno));
		if (fd >= 0)
			unlink(path.buf);
	}
	if (fd >= 0 && close(fd) != 0 && !err)
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", path.buf, strerror(errno));
done:
	strbuf_release(&path);
	strbuf_release(&text);
	return err;
}

/* merge.sssctl.driver in the new repository's .git/config, and the
 * pre-commit hook unless no_hooks. */
static struct sss_error *driver_setup(const char *dir, bool no_hooks)
{
	struct sss_repo *r = NULL;
	struct sss_error *err;
	bool added;

	if (!(err = sss_repo_open(&r, dir)))
		err = sss_repo_merge_driver_setup(r, &added);
	if (err)
		err = sss_error_prefix(err, "the repository is made, but the merge "
				       "driver is not set (the next sssctl command "
				       "sets it)");
	if (!err && !no_hooks && (err = hook_setup(r)))
		err = sss_error_prefix(err, "the repository is made, but the pre-commit hook "
				       "is not installed");
	sss_repo_free(r);
	return err;
}

CMD(init)
{
	const char *author = NULL, *dir = ".";
	/* a new repository's recurring work begins with the periods open
	 * today: the past comes only when asked for (--contract-start) */
	sss_date start = sss_time_date(ctx->now);
	bool no_hooks = false;
	struct cmd_option opts[] = {
		OPT_CALLBACK(0, "contract-start", &start, "DATE", 0, start_option, NULL),
		OPT_BOOL(0, "no-hooks", &no_hooks, 0),
		OPT_AUTHOR(&author),
		OPT_OPERANDS("[DIR]", 0),
		OPT_END(),
	};
	struct strbuf config = STRBUF_INIT, ignore = STRBUF_INIT, attrs = STRBUF_INIT;
	const char *paths[64], *contents[64];
	size_t n = 0;
	struct sss_error *err;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc > 1)
		return cmd_usage_error(ctx, "too many arguments");
	if (argc == 1)
		dir = argv[0];
	else if (ctx->dir)
		dir = ctx->dir;

	sss_config_default_text(&config, start);
	paths[n] = SSS_CONFIG_PATH;
	contents[n++] = config.buf;
	/* reports are written to reports/; an adopted repository keeps its
	 * own .gitignore */
	strbuf_addf(&ignore, "%s/.gitignore", dir);
	if (access(ignore.buf, F_OK) != 0) {
		paths[n] = ".gitignore";
		contents[n++] = "# sssctl report writes its files here\n/reports/\n";
	}
	/* tickets merge with sssctl's driver, and stay LF on every clone
	 * (core.autocrlf); an adopted repository's own .gitattributes is
	 * kept, and `check` says what line it lacks */
	strbuf_addf(&attrs, "%s/.gitattributes", dir);
	if (access(attrs.buf, F_OK) != 0) {
		paths[n] = ".gitattributes";
		contents[n++] = "# tickets merge with 'sssctl merge-file' "
				"(see sssctl-init(1))\n" SSS_GITATTRIBUTES_LINE "\n";
	}
	for (const struct sss_embedded_file *f = sss_embedded; f->path; f++)
		if (sss_starts_with(f->path, "sow/") && n < 64) {
			paths[n] = f->path;
			contents[n++] = f->data;
		}
	err = sss_repo_init(dir, paths, contents, n, author, ctx->now);
	strbuf_release(&config);
	strbuf_release(&ignore);
	strbuf_release(&attrs);
	if (!err)
		err = driver_setup(dir, no_hooks);
	if (!err)
		printf(_("Initialized sssctl data repository in %s\n"), dir);
	if (!err && start == sss_time_date(ctx->now)) {
		char d[11];
		sss_date_format(start, d);
		printf(_("contract_start: %s: 'sssctl due' makes the recurring tickets of the "
			 "periods open from today on (for earlier ones: init --contract-start DATE)\n"),
		       d);
	}
	return err;
}
