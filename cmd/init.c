/* init.c - sssctl init: make (or adopt) a data repository. */
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
#include "sss/store.h"
#include "sss/strbuf.h"

static struct sss_error *start_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				      const char *arg)
{
	if (sss_date_parse(arg, opt->value) < 0)
		return cmd_usage_error(ctx, "--contract-start '%s' is not a date YYYY-MM-DD", arg);
	return NULL;
}

/* merge.sssctl.driver in the new repository's .git/config. */
static struct sss_error *driver_setup(const char *dir)
{
	struct sss_repo *r = NULL;
	struct sss_error *err;
	bool added;

	if (!(err = sss_repo_open(&r, dir)))
		err = sss_repo_merge_driver_setup(r, &added);
	sss_repo_free(r);
	if (err)
		err = sss_error_prefix(err, "the repository is made, but the merge "
				       "driver is not set (the next sssctl command "
				       "sets it)");
	return err;
}

CMD(init)
{
	const char *author = NULL, *dir = ".";
	sss_date start = ctx->config->contract_start;
	struct cmd_option opts[] = {
		OPT_CALLBACK(0, "contract-start", &start, "DATE", 0, start_option, NULL),
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
		err = driver_setup(dir);
	if (!err)
		printf(_("Initialized sssctl data repository in %s\n"), dir);
	return err;
}
