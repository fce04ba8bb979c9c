/* init.c - sssctl init: make (or adopt) a data repository. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "sss/date.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/embedded.h"
#include "sss/error.h"
#include "sss/store.h"
#include "sss/strbuf.h"

static const char usage[] =
	"usage: sssctl init [--contract-start DATE] [--author 'NAME <EMAIL>'] [DIR]";

CMD(init)
{
	static const struct option opts[] = {
		{ "contract-start", required_argument, NULL, 's' },
		{ "author", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *author = NULL, *dir = ".";
	struct strbuf config = STRBUF_INIT, ignore = STRBUF_INIT;
	const char *paths[64], *contents[64];
	size_t n = 0;
	sss_date start = ctx->config->contract_start;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (sss_date_parse(optarg, &start) < 0)
				return cmd_usage_error(usage,
					"--contract-start '%s' is not a date YYYY-MM-DD", optarg);
			break;
		case 'a':
			author = optarg;
			break;
		case 'h':
			return cmd_help(usage);
		default:
			return cmd_bad_option(usage, argv);
		}
	}
	if (optind + 1 < argc)
		return cmd_usage_error(usage, "too many arguments");
	if (optind < argc)
		dir = argv[optind];
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
	for (const struct sss_embedded_file *f = sss_embedded; f->path; f++)
		if (sss_starts_with(f->path, "sow/") && n < 64) {
			paths[n] = f->path;
			contents[n++] = f->data;
		}
	struct sss_error *err = sss_repo_init(dir, paths, contents, n, author, ctx->now);
	strbuf_release(&config);
	strbuf_release(&ignore);
	if (err)
		return cmd_fail(err);
	printf("Initialized sssctl data repository in %s\n", dir);
	return 0;
}
