/* list.c - sssctl list: tickets matching filters, as a table, TSV or JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sss/cache.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/query.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"
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
	struct sss_cache *cache; /* NULL: SSS_NO_CACHE */
};

/* A ticket to print: parsed (t), or a cache record (e). */
struct row {
	const struct sss_ticket *t;
	const struct sss_cache_entry *e;
};

static const char *get(const struct row *r, const char *field)
{
	return r->t ? sss_ticket_get(r->t, field) :
		      sss_cache_entry_get(r->e, field);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void print_ticket(struct state *st, const struct row *t)
{
	struct strbuf *l = &st->line;
	strbuf_reset(l);
	if (st->format == JSON) {
		strbuf_addstr(l, st->shown ? ",\n" : "[\n");
		if (t->t) {
			sss_ticket_to_json(t->t, l, false);
		} else {
			size_t len;
			const char *json = sss_cache_entry_json(t->e, &len);
			strbuf_add(l, json, len);
		}
	} else if (st->format == TSV) {
		static const char *cols[] = { "id", "status", "priority", "due",
					      "assignee", "sow", "title" };
		for (size_t i = 0; i < 7; i++) {
			if (i)
				strbuf_addch(l, '\t');
			sss_sanitize(l, or_dash(get(t, cols[i])), true);
		}
		strbuf_addch(l, '\n');
	} else {
		struct strbuf cell = STRBUF_INIT;
		const char *status = get(t, "status");
		sss_pad(l, get(t, "id"), 11);
		strbuf_addch(l, ' ');
		if (st->ctx->color && status && !strcmp(status, "open"))
			strbuf_addstr(l, "\033[33m");
		sss_pad(l, or_dash(status), 11);
		if (st->ctx->color && status && !strcmp(status, "open"))
			strbuf_addstr(l, "\033[0m");
		sss_pad(l, or_dash(get(t, "due")), 11);
		sss_sanitize(&cell, or_dash(get(t, "assignee")), true);
		sss_pad(l, cell.buf, 10);
		strbuf_addch(l, ' ');
		strbuf_reset(&cell);
		sss_sanitize(&cell, or_dash(get(t, "title")), true);
		strbuf_addf(l, "%s\n", cell.buf);
		strbuf_release(&cell);
	}
	fwrite(l->buf, 1, l->len, stdout);
	st->shown++;
}

static int each(const char *rel, void *data)
{
	struct state *st = data;
	struct sss_ticket *t = NULL;
	const struct sss_cache_entry *e =
	    st->cache ? sss_cache_lookup(st->cache, rel) : NULL;

	/* a cached ticket: the proxy holds every field sss_query_match()
	 * looks at, so its answer is the ticket's */
	const struct sss_ticket *proxy =
	    e ? sss_cache_entry_ticket(st->cache, e) : NULL;

	if (proxy) {
		struct row r = { NULL, e };
		if (sss_query_match(&st->q, proxy))
			print_ticket(st, &r);
		return 0;
	}
	struct sss_error *err = sss_repo_ticket(st->ctx->repo, rel, &t);
	if (err) {
		/* one broken file never hides the others */
		cmd_fail(err);
		st->broken++;
		return 0;
	}
	if (st->cache && !e)
		sss_cache_put(st->cache, t);
	if (sss_query_match(&st->q, t)) {
		struct row r = { t, NULL };
		print_ticket(st, &r);
	}
	sss_ticket_free(t);
	return 0;
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
	if (!err && !sss_cache_disabled()) {
		st.cache = sss_cache_open(ctx->repo,
					  st.format == JSON ? SSS_CACHE_JSON : 0);
	}
	/* the other core lstats (a cache to check) or reads and parses (none) */
	sss_repo_readahead(ctx->repo, sss_cache_warm(st.cache) ? SSS_READAHEAD_STAT
							      : SSS_READAHEAD_PARSE);
	if (!err)
		err = sss_repo_each_ticket(ctx->repo, each, &st);
	if (st.cache)
		sss_cache_finish(st.cache, !err);
	if (!err && st.format == JSON)
		fputs(st.shown ? "\n]\n" : "[]\n", stdout);
	sss_query_release(&st.q);
	strbuf_release(&st.line);
	if (err)
		return cmd_fail(err);
	return st.broken ? 1 : 0;
}
