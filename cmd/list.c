/* list.c - sssctl list: tickets matching filters, as a table, TSV or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/query.h"
#include "sss/scan.h"
#include "sss/sla.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/utf8.h"

enum format { TABLE, TSV, JSON };

struct state {
	struct sss_ctx *ctx;
	struct sss_query q;
	enum format format;
	size_t shown;
	int broken;
	struct strbuf line;
};

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void print_ticket(struct state *st, const struct sss_scan_item *t,
			 const struct sss_sla *sla)
{
	struct strbuf *l = &st->line;
	strbuf_reset(l);
	if (st->format == JSON) {
		strbuf_addstr(l, st->shown ? ",\n" : "[\n");
		sss_scan_json(t, l);
		/* the figures go inside the ticket's object, last */
		if (sla && l->len && l->buf[l->len - 1] == '}') {
			strbuf_setlen(l, l->len - 1);
			strbuf_addch(l, ',');
			sss_sla_json_member(l, sla);
			strbuf_addch(l, '}');
		}
	} else if (st->format == TSV) {
		static const char *cols[] = { "id", "status", "priority", "due",
					      "assignee", "sow", "title" };
		for (size_t i = 0; i < 7; i++) {
			if (i)
				strbuf_addch(l, '\t');
			sss_sanitize(l, or_dash(sss_scan_get(t, cols[i])), true);
		}
		strbuf_addch(l, '\n');
	} else {
		struct strbuf cell = STRBUF_INIT;
		const char *status = sss_scan_get(t, "status");
		sss_pad(l, sss_scan_get(t, "id"), 11);
		strbuf_addch(l, ' ');
		if (st->ctx->color && status && !strcmp(status, "open"))
			strbuf_addstr(l, "\033[33m");
		sss_pad(l, or_dash(status), 11);
		if (st->ctx->color && status && !strcmp(status, "open"))
			strbuf_addstr(l, "\033[0m");
		sss_pad(l, or_dash(sss_scan_get(t, "due")), 11);
		sss_sanitize(&cell, or_dash(sss_scan_get(t, "assignee")), true);
		sss_pad(l, cell.buf, 10);
		strbuf_addch(l, ' ');
		strbuf_reset(&cell);
		sss_sanitize(&cell, or_dash(sss_scan_get(t, "title")), true);
		strbuf_addf(l, "%s\n", cell.buf);
		strbuf_release(&cell);
	}
	fwrite(l->buf, 1, l->len, stdout);
	st->shown++;
}

/* The service levels of a ticket the query matched, when the output or
 * the --sla filter needs them (from the cache record when there is one). */
static bool sla_of(struct state *st, struct sss_scan_item *it,
		   struct sss_sla *out)
{
	if (st->format != JSON && !st->q.sla)
		return false;
	return sss_scan_sla(it, st->ctx->config, st->ctx->cal, st->ctx->now, out);
}

static void each(struct state *st, struct sss_scan_item *it)
{
	/* a cached ticket is matched through a proxy of its record */
	struct sss_error *err = sss_scan_broken(it);
	const struct sss_ticket *t = err ? NULL : sss_scan_query_ticket(it, &err);

	if (!t) {
		/* one broken file never hides the others */
		cmd_warn(err);
		st->broken++;
		return;
	}
	if (sss_query_match(&st->q, t)) {
		struct sss_sla sla;
		bool has = sla_of(st, it, &sla);
		if (sss_query_match_sla(&st->q, has ? &sla : NULL))
			print_ticket(st, it, has ? &sla : NULL);
	}
}

/* --status, --kind, --priority, --sow, --assignee: a filter on the field defval */
static struct sss_error *filter_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				       const char *arg)
{
	(void)ctx;
	return sss_query_add(opt->value, opt->defval, arg);
}

/* --sla at-risk,breached: states of the service levels */
static struct sss_error *sla_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				    const char *arg)
{
	struct sss_query *q = opt->value;
	(void)ctx;
	return sss_query_add_sla(q, arg);
}

static struct sss_error *format_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				       const char *arg)
{
	enum format *f = opt->value;

	(void)ctx;
	if (!strcmp(arg, "table"))
		*f = TABLE;
	else if (!strcmp(arg, "tsv"))
		*f = TSV;
	else if (!strcmp(arg, "json"))
		*f = JSON;
	else
		return sss_error(SSS_ERR_USAGE, "unknown format '%s' (use table, tsv or json)", arg);
	return NULL;
}

CMD(list)
{
	struct state st;
	struct cmd_option opts[] = {
		OPT_CALLBACK(0, "status", &st.q, "S[,S...]", 0, filter_option, "status"),
		OPT_CALLBACK(0, "kind", &st.q, "K", 0, filter_option, "kind"),
		OPT_CALLBACK(0, "priority", &st.q, "P", 0, filter_option, "priority"),
		OPT_CALLBACK(0, "sow", &st.q, "KEY", 0, filter_option, "sow"),
		OPT_CALLBACK(0, "assignee", &st.q, "NAME", 0, filter_option, "assignee"),
		OPT_BOOL(0, "overdue", &st.q.overdue, CMD_OPT_BREAK),
		OPT_CALLBACK(0, "sla", &st.q, "STATE[,STATE...]", 0, sla_option, NULL),
		OPT_BOOL(0, "all", &st.q.all, 0),
		OPT_CALLBACK(0, "format", &st.format, "table|tsv|json", 0, format_option, NULL),
		OPT_END(),
	};
	struct sss_error *err = NULL;

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.q = (struct sss_query)SSS_QUERY_INIT;
	strbuf_init(&st.line, 0);
	st.q.today = sss_time_date(ctx->now);
	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0))) {
		sss_query_release(&st.q);
		return err;
	}
	if (argc > 0)
		err = sss_error(SSS_ERR_USAGE, "unexpected argument '%s'", argv[0]);
	/* met and missed are finished tickets' states: look at those too */
	if (st.q.sla & ((1u << SSS_SLA_MET) | (1u << SSS_SLA_MISSED)))
		st.q.all = true;
	if (!err) {
		struct sss_scan *scan =
		    sss_scan_open(ctx->repo, st.format == JSON ? SSS_SCAN_JSON : 0);
		struct sss_scan_item *it;
		while (!(err = sss_scan_next(scan, &it)) && it)
			each(&st, it);
		sss_scan_close(scan);
	}
	if (!err && st.format == JSON)
		fputs(st.shown ? "\n]\n" : "[]\n", stdout);
	sss_query_release(&st.q);
	strbuf_release(&st.line);
	if (!err && st.broken)
		err = CMD_EXIT_FAILED;
	return err;
}
