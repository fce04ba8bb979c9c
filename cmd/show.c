/* show.c - sssctl show: print one ticket. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

static const char usage[] = "usage: sssctl show [--format text|json] ID";

CMD(show)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sss_ticket *t = NULL;
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;
	struct sss_error *err = NULL;
	char *rel = NULL, *id = NULL;
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "json"))
				json = true;
			else if (strcmp(optarg, "text"))
				return cmd_usage_error(usage, "unknown format '%s'", optarg);
			break;
		case 'h':
			return cmd_help(usage);
		default:
			return cmd_bad_option(usage, argv);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error(usage, "give one ticket ID");
	if ((err = sss_repo_resolve(ctx->repo, argv[optind], ctx->config->fy_start,
				    &rel, &id)))
		goto done;
	if ((err = sss_repo_ticket(ctx->repo, rel, &t)))
		goto done;
	if (json) {
		sss_ticket_to_json(t, &out, true);
		strbuf_addch(&out, '\n');
	} else {
		/* the normalised file, with control characters made visible */
		sss_ticket_format(t, &text);
		sss_sanitize(&out, text.buf, false);
	}
	fwrite(out.buf, 1, out.len, stdout);
done:
	sss_ticket_free(t);
	free(rel);
	free(id);
	strbuf_release(&out);
	strbuf_release(&text);
	return err ? cmd_fail(err) : 0;
}
