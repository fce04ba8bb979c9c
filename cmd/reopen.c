/* reopen.c - sssctl reopen: back to open from resolved, closed or
 * cancelled. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

CMD(reopen)
{
	const char *author = NULL;
	struct cmd_option opts[] = {
		OPT_AUTHOR(&author),
		OPT_OPERANDS("ID", 0),
		OPT_END(),
	};
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	struct strbuf from = STRBUF_INIT;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 1)
		return cmd_usage_error(ctx, "give one ticket ID");
	if ((err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (err = sss_tracker_begin(&tr, argv[0], "reopen", &t)))
		goto done;
	if (!sss_status_is_done(sss_ticket_get(t, "status"))) {
		err = sss_error(SSS_ERR_INVALID, "ticket '%s' is %s, not resolved, closed or cancelled",
				sss_ticket_get(t, "id"), sss_ticket_get(t, "status"));
		goto done;
	}
	strbuf_addstr(&from, sss_ticket_get(t, "status"));
	if ((err = sss_ticket_set(t, "status", "open")) ||
	    (err = sss_ticket_set(t, "closed", NULL)))
		goto done;
	sss_tracker_log_status(&tr, t, from.buf);
	err = sss_tracker_commit(&tr, t, "reopen");
done:
	strbuf_release(&from);
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	return err;
}
