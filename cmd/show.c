/* show.c - sssctl show: print one ticket. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

static struct sss_error *format_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				       const char *arg)
{
	if (!strcmp(arg, "json"))
		*(bool *)opt->value = true;
	else if (strcmp(arg, "text"))
		return cmd_usage_error(ctx, "unknown format '%s'", arg);
	return NULL;
}

CMD(show)
{
	bool json = false;
	struct cmd_option opts[] = {
		OPT_CALLBACK(0, "format", &json, "text|json", 0, format_option, NULL),
		OPT_OPERANDS("ID", 0),
		OPT_END(),
	};
	struct sss_ticket *t = NULL;
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;
	struct sss_error *err;
	char *rel = NULL, *id = NULL;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 1)
		return cmd_usage_error(ctx, "give one ticket ID");
	if ((err = sss_repo_resolve(ctx->repo, argv[0], ctx->config->fy_start,
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
	return err;
}
