/* sync.c - sssctl sync: fetch, merge tickets, push (see sync.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "options.h"
#include "sss/escape.h"
#include "sss/i18n.h"
#include "sss/strbuf.h"
#include "sss/sync.h"

/* What a sync decided, a line each. */
static void print_lines(const struct sss_sync_report *rep)
{
	struct strbuf clean = STRBUF_INIT;

	for (const char *p = rep->lines.buf, *nl; *p; p = nl + 1) {
		if (!(nl = strchr(p, '\n')))
			nl = p + strlen(p);
		struct strbuf line = STRBUF_INIT;
		strbuf_add(&line, p, (size_t)(nl - p));
		strbuf_reset(&clean);
		sss_sanitize(&clean, line.buf, true);
		printf("sync: %s\n", clean.buf);
		strbuf_release(&line);
		if (!*nl)
			break;
	}
	strbuf_release(&clean);
}

/* The summary of a sync that succeeded. */
static void print_summary(const struct sss_sync_report *rep, bool push)
{
	if (rep->would) {
		printf(_("sync: would take %zu incoming from %s, %zu merged (a dry "
		       "run: nothing was changed)\n"), rep->incoming, rep->shown,
		       rep->merged);
	} else if (!rep->incoming && !rep->pushed && !rep->renumbered) {
		printf(_("sync: up to date with %s\n"), rep->shown);
	} else if (!push) {
		printf(_("sync: %zu incoming, %zu merged, not pushed (--no-push)\n"),
		       rep->incoming, rep->merged);
	} else if (!rep->pushed) {
		printf(_("sync: %zu incoming, %zu merged, nothing to push to %s\n"),
		       rep->incoming, rep->merged, rep->shown);
	} else {
		printf(_("sync: %zu incoming, %zu merged, pushed %zu commit%s to %s\n"),
		       rep->incoming, rep->merged, rep->pushed,
		       rep->pushed == 1 ? "" : "s", rep->shown);
	}
}

CMD(sync)
{
	bool no_push = false, dry_run = false, quiet = false;
	const char *author = NULL;
	struct cmd_option opts[] = {
		OPT_OPERANDS("[REMOTE]", 0),
		OPT_BOOL(0, "no-push", &no_push, 0),
		OPT_BOOL('n', "dry-run", &dry_run, 0),
		OPT_BOOL('q', "quiet", &quiet, 0),
		OPT_AUTHOR(&author),
		OPT_END(),
	};
	struct sss_sync_opts o = SSS_SYNC_OPTS_INIT;
	struct sss_sync_report rep = SSS_SYNC_REPORT_INIT;
	struct sss_error *err;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc > 1)
		return cmd_usage_error(ctx, "give one remote at most");
	o.remote = argc ? argv[0] : NULL;
	o.push = !no_push;
	o.dry_run = dry_run;
	o.progress = !quiet && isatty(STDERR_FILENO);
	o.author = author;
	o.now = ctx->now;
	o.catalog = ctx->catalog;
	o.cal = ctx->cal;
	err = sss_sync(ctx->repo, ctx->config, &o, &rep);
	/* what was done is said also when a later step failed */
	if (!quiet)
		print_lines(&rep);
	if (!quiet && !err)
		print_summary(&rep, o.push);
	sss_sync_report_release(&rep);
	return err;
}
