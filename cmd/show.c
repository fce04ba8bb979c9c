/* show.c - sssctl show: print one ticket. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/repo.h"
#include "sss/sla.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

static struct sss_error *format_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				       const char *arg)
{
	if (!strcmp(arg, "json"))
		*(bool *)opt->value = true;
	else if (strcmp(arg, "text"))
		return cmd_usage_error(ctx, "unknown format '%s'", arg);
	return NULL;
}

static void duration(struct strbuf *out, int minutes)
{
	if (minutes > 0)
		sss_duration_format(out, minutes);
	else
		strbuf_addstr(out, "0m");
}

/* "  応答期限 2026-11-26 10:00  達成 (met)  使用 20m / 1h" */
static void clock_line(struct strbuf *out, const char *label,
		       const struct sss_sla_clock *c)
{
	struct strbuf due = STRBUF_INIT;
	if (!c->set)
		return;
	sss_time_format(&due, c->due);
	strbuf_addf(out, "  %s %.10s %.5s  %s (%s)  使用 ", label, due.buf,
		    due.buf + 11, sss_sla_state_label(c->state),
		    sss_sla_state_name(c->state));
	duration(out, c->used_min);
	strbuf_addstr(out, " / ");
	duration(out, c->target_min);
	strbuf_addch(out, '\n');
	strbuf_release(&due);
}

/* The service levels after the ticket's text (nothing without a
 * target): its due moments in business time, used time, states. */
static void sla_text(struct strbuf *out, const struct sss_sla *sla)
{
	strbuf_addstr(out, "\nサービスレベル (業務時間):\n");
	clock_line(out, "応答期限", &sla->response);
	clock_line(out, "解決期限", &sla->resolve);
}

/* The checklist items, numbered as `sssctl tick ID N` takes them. */
static void checklist_text(struct strbuf *out, const struct sss_ticket *t)
{
	struct strbuf item = STRBUF_INIT;
	bool done;

	for (size_t i = 0; sss_ticket_checklist_item(t, i, &done, &item); i++) {
		if (!i)
			strbuf_addf(out, "\nチェックリスト (sssctl tick %s N):\n",
				    sss_ticket_get(t, "id"));
		strbuf_addf(out, "%3zu [%c] ", i + 1, done ? 'x' : ' ');
		sss_sanitize(out, item.buf, true);
		strbuf_addch(out, '\n');
		strbuf_reset(&item);
	}
	strbuf_release(&item);
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
	struct sss_sla sla;
	bool has_sla;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 1)
		return cmd_usage_error(ctx, "give one ticket ID");
	if ((err = sss_repo_resolve(ctx->repo, argv[0], ctx->config->fy_start,
				    &rel, &id)))
		goto done;
	if ((err = sss_repo_ticket(ctx->repo, rel, &t)))
		goto done;
	has_sla = sss_sla_compute(ctx->config, ctx->cal, t, ctx->now, &sla);
	if (json) {
		/* the same object list --format json gives (spent_min,
		 * estimate_min), with the body */
		sss_worklog_ticket_json(t, &out, true);
		/* the figures go inside the ticket's object, last */
		if (has_sla && out.len && out.buf[out.len - 1] == '}') {
			strbuf_setlen(&out, out.len - 1);
			strbuf_addch(&out, ',');
			sss_sla_json_member(&out, &sla);
			strbuf_addch(&out, '}');
		}
		strbuf_addch(&out, '\n');
	} else {
		/* the normalised file, with control characters made visible */
		sss_ticket_format(t, &text);
		sss_sanitize(&out, text.buf, false);
		checklist_text(&out, t);
		if (has_sla)
			sla_text(&out, &sla);
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
