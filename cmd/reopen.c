/* reopen.c - sssctl reopen: back to open from resolved, closed or
 * cancelled. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "sss/error.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

static const char usage[] = "usage: sssctl reopen [--author 'NAME <EMAIL>'] ID";

CMD(reopen)
{
	static const struct option opts[] = {
		{ "author", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *author = NULL;
	struct sss_tracker tr;
	struct sss_ticket *t = NULL;
	struct sss_error *err = NULL;
	int c;

	memset(&tr, 0, sizeof(tr));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'A')
			author = optarg;
		else if (c == 'h')
			return cmd_help(usage);
		else
			return cmd_bad_option(usage, argv);
	}
	if (optind != argc - 1)
		return cmd_usage_error(usage, "give one ticket ID");
	if ((err = cmd_tracker(ctx, author, &tr)) ||
	    (err = sss_tracker_begin(&tr, argv[optind], "reopen", &t)))
		goto done;
	if (!sss_status_is_done(sss_ticket_get(t, "status"))) {
		err = sss_error(SSS_ERR_INVALID, "ticket '%s' is %s, not resolved, closed or cancelled",
				sss_ticket_get(t, "id"), sss_ticket_get(t, "status"));
		sss_tracker_abort(&tr);
		goto done;
	}
	if ((err = sss_ticket_set(t, "status", "open")) ||
	    (err = sss_ticket_set(t, "closed", NULL))) {
		sss_tracker_abort(&tr);
		goto done;
	}
	err = sss_tracker_commit(&tr, t, "reopen");
done:
	sss_ticket_free(t);
	cmd_tracker_release(&tr);
	return err ? cmd_fail(err) : 0;
}
