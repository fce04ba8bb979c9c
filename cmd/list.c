/* list.c - sssctl list: tickets matching filters, as a table (listing.h:
 * sorted, laid out for the terminal), TSV or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "filters.h"
#include "options.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/listing.h"
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
	bool sorted; /* --sort given: TSV and JSON are sorted too */
	const char *columns;
	struct sss_listing *listing; /* the rows held back for sorting */
	struct strbuf line;
};

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* A TSV line or a JSON object, with what goes before it. */
static void print_line(struct state *st, const char *text)
{
	if (st->format == JSON)
		fputs(st->shown ? ",\n" : "[\n", stdout);
	fputs(text, stdout);
	if (st->format == TSV)
		putchar('\n');
	st->shown++;
}

/* A row of the view's fields that the table shows or sorts by (no other
 * field is copied), with extra kept beside it. */
static void listing_add(struct state *st, const struct sss_scan_item *t,
			const char *extra)
{
	const char *fields[SSS_LF_N];
	for (int f = 0; f < SSS_LF_N; f++)
		fields[f] = sss_listing_uses(st->listing, f)
				? sss_scan_get(t, sss_listing_field_name(f))
				: NULL;
	sss_listing_add(st->listing, fields, extra);
}

static void print_ticket(struct state *st, const struct sss_scan_item *t,
			 const struct sss_sla *sla)
{
	struct strbuf *l = &st->line;
	strbuf_reset(l);
	if (st->format == TABLE) {
		listing_add(st, t, NULL);
		st->shown++;
		return;
	}
	if (st->format == JSON) {
		/* the separator comes when printed: the rows may be sorted */
		sss_scan_json(t, l);
		/* the figures go inside the ticket's object, last */
		if (sla && l->len && l->buf[l->len - 1] == '}') {
			strbuf_setlen(l, l->len - 1);
			strbuf_addch(l, ',');
			sss_sla_json_member(l, sla);
			strbuf_addch(l, '}');
		}
	} else {
		static const char *cols[] = { "id", "status", "priority", "due",
					      "assignee", "sow", "title" };
		for (size_t i = 0; i < 7; i++) {
			if (i)
				strbuf_addch(l, '\t');
			sss_sanitize(l, or_dash(sss_scan_get(t, cols[i])), true);
		}
	}
	if (st->sorted)
		listing_add(st, t, l->buf);
	else
		print_line(st, l->buf);
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

/* --sort KEY[,KEY...]: the order of the table, and of TSV and JSON */
static struct sss_error *sort_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				     const char *arg)
{
	struct state *st = opt->value;

	(void)ctx;
	st->sorted = true;
	return sss_listing_set_sort(st->listing, arg);
}

/* The rows held back, sorted: the table (its header on a terminal), or
 * the TSV lines or JSON objects in the order --sort asked for. */
static void print_held(struct state *st)
{
	struct sss_listing_term term = sss_listing_term(STDOUT_FILENO);
	size_t n = sss_listing_count(st->listing);

	sss_listing_sort(st->listing);
	if (st->format != TABLE) {
		st->shown = 0;
		for (size_t i = 0; i < n; i++)
			print_line(st, sss_listing_extra(st->listing, i));
		return;
	}
	term.color = st->ctx->color;
	strbuf_reset(&st->line);
	if (n)
		sss_listing_render_header(st->listing, &term, 0, &st->line);
	for (size_t i = 0; i < n; i++) {
		sss_listing_render_row(st->listing, &term, i, 0, &st->line);
		if (st->line.len >= 65536 || i + 1 == n) {
			fwrite(st->line.buf, 1, st->line.len, stdout);
			strbuf_reset(&st->line);
		}
	}
	fwrite(st->line.buf, 1, st->line.len, stdout);
}

CMD(list)
{
	struct state st;
	struct cmd_option opts[] = {
		OPT_FILTERS(&st.q),
		OPT_CALLBACK(0, "format", &st.format, "table|tsv|json", 0, format_option, NULL),
		OPT_CALLBACK(0, "sort", &st, "KEY[,KEY...]", CMD_OPT_BREAK, sort_option, NULL),
		OPT_STRING(0, "columns", &st.columns, "COL[,COL...]", 0),
		OPT_END(),
	};
	struct sss_error *err = NULL;

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.q = (struct sss_query)SSS_QUERY_INIT;
	st.listing = sss_listing_new();
	strbuf_init(&st.line, 0);
	st.q.today = sss_time_date(ctx->now);
	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		goto done;
	if (argc > 0)
		err = sss_error(SSS_ERR_USAGE, "unexpected argument '%s'", argv[0]);
	else if (st.columns && st.format != TABLE)
		err = sss_error(SSS_ERR_USAGE,
				"--columns is for the table; TSV and JSON always have every column");
	else if (st.columns)
		err = sss_listing_set_columns(st.listing, st.columns);
	cmd_filters_done(&st.q);
	if (!err) {
		struct sss_scan *scan = sss_scan_open(ctx->repo, 0);
		struct sss_scan_item *it;
		while (!(err = sss_scan_next(scan, &it)) && it)
			each(&st, it);
		sss_scan_close(scan);
		/* the tickets before a directory that could not be read, too */
		if (st.format == TABLE || st.sorted)
			print_held(&st);
	}
	if (!err && st.format == JSON)
		fputs(st.shown ? "\n]\n" : "[]\n", stdout);
	if (!err && st.broken)
		err = CMD_EXIT_FAILED;
done:
	sss_query_release(&st.q);
	sss_listing_free(st.listing);
	strbuf_release(&st.line);
	return err;
}
