/* comment.c - sssctl comment: append a dated, signed work-log entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "options.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/i18n.h"
#include "sss/repo.h"
#include "sss/config.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"
#include "sss/worklog.h"

/* The entry was not committed: report err, then print the text back on
 * standard output so that it is never lost (a full disk may not let it
 * be kept in a file; standard error keeps its one "sssctl: error:" line).
 * Takes err; returns what the command returns. */
static struct sss_error *give_back(struct sss_error *err, struct sss_repo *repo,
				   const char *text)
{
	struct strbuf clean = STRBUF_INIT;

	/* a usage error stops before the text is taken; a change that is
	 * committed (only the work tree is behind) has the text in HEAD */
	if (err->code == SSS_ERR_USAGE || (repo && sss_repo_committed(repo)))
		return err;
	cmd_warn(err);
	sss_sanitize(&clean, text, false);
	printf(_("the entry was not saved; its text follows\n%s\n"), clean.buf);
	strbuf_release(&clean);
	return CMD_EXIT_FAILED;
}

CMD(comment)
{
	const char *author = NULL, *text = NULL, *spent = NULL;
	struct cmd_option opts[] = {
		OPT_AUTHOR(&author),
		OPT_OPERANDS("ID", 0),
		OPT_STRING('m', "message", &text, "TEXT", CMD_OPT_SHOW_SHORT),
		OPT_STRING(0, "spent", &spent, "DURATION", 0),
		OPT_END(),
	};
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	struct strbuf line = STRBUF_INIT;
	char *typed = NULL, *kept = NULL;
	int spent_min = -1;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 1)
		return cmd_usage_error(ctx, "give one ticket ID");
	if (text && !*text)
		return cmd_usage_error(ctx, "give the entry with -m TEXT (or no -m for the editor)");
	if (spent && (err = sss_duration_parse(spent, "--spent", &spent_min)))
		return err;
	/* no -m: the editor, before the lock is taken (a person types while
	 * cron's `due` goes on), for a ticket that exists */
	if (!text && ((err = cmd_editor_text(ctx, "comment", argv[0], &typed, &kept))))
		return err;
	if (typed)
		text = typed;
	if ((err = cmd_check_text("-m", text)) ||
	    (err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (err = sss_tracker_begin(&tr, argv[0], "comment", &t)))
		goto done;

	sss_worklog_format(&line, ctx->now, sss_time_offset(ctx->now), tr.author,
			   spent_min, text);
	sss_ticket_section_append(t, SSS_SEC_WORKLOG, line.buf);
	err = sss_tracker_commit(&tr, t, "comment");
done:
	if (kept)
		err = cmd_editor_done(err, ctx->repo, kept); /* the file keeps it */
	else if (err)
		err = give_back(err, ctx->repo, text);
	free(typed);
	strbuf_release(&line);
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	return err;
}
