/* list.c - sssctl list: tickets matching filters, as a table, TSV or JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/query.h"
#include "sss/scan.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/utf8.h"

static const char usage[] =
	"usage: sssctl list [--status S[,S...]] [--kind K] [--sow KEY] [--assignee NAME]\n"
	"                   [--overdue] [--all] [--format table|tsv|json]";

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

static void print_ticket(struct state *st, const struct sss_scan_item *t)
{
	struct strbuf *l = &st->line;
	strbuf_reset(l);
	if (st->format == JSON) {
		strbuf_addstr(l, st->shown ? ",\n" : "[\n");
		sss_scan_json(t, l);
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

static void each(struct state *st, struct sss_scan_item *it)
{
	/* a cached ticket is matched through a proxy of its record */
	struct sss_error *err = sss_scan_broken(it);
	const struct sss_ticket *t = err ? NULL : sss_scan_query_ticket(it, &err);

	if (!t) {
		/* one broken file never hides the others */
		cmd_fail(err);
		st->broken++;
		return;
	}
	if (sss_query_match(&st->q, t))
		print_ticket(st, it);
}

CMD(list)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "sow", required_argument, NULL, 'w' },
		{ "assignee", required_argument, NULL, 'a' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct state st;
	struct sss_error *err = NULL;
	int c;

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.q = (struct sss_query)SSS_QUERY_INIT;
	strbuf_init(&st.line, 0);
	st.q.today = sss_time_date(ctx->now);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': err = sss_query_add(&st.q, "status", optarg); break;
		case 'k': err = sss_query_add(&st.q, "kind", optarg); break;
		case 'w': err = sss_query_add(&st.q, "sow", optarg); break;
		case 'a': err = sss_query_add(&st.q, "assignee", optarg); break;
		case 'o': st.q.overdue = true; break;
		case 'A': st.q.all = true; break;
		case 'f':
			if (!strcmp(optarg, "table"))
				st.format = TABLE;
			else if (!strcmp(optarg, "tsv"))
				st.format = TSV;
			else if (!strcmp(optarg, "json"))
				st.format = JSON;
			else
				err = sss_error(SSS_ERR_USAGE,
						"unknown format '%s' (use table, tsv or json)", optarg);
			break;
		case 'h':
			sss_query_release(&st.q);
			return cmd_help(usage);
		default:
			sss_query_release(&st.q);
			return cmd_bad_option(usage, argv);
		}
		if (err)
			break;
	}
	if (!err && optind < argc)
		err = sss_error(SSS_ERR_USAGE, "unexpected argument '%s'", argv[optind]);
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
	if (err)
		return cmd_fail(err);
	return st.broken ? 1 : 0;
}
