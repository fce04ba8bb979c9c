/* due.c - sssctl due: create the recurring tickets whose period has
 * begun, then list what is overdue or due soon. Written for cron. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "sss/alloc.h"
#include "sss/cache.h"
#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/period.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/id.h"
#include "sss/recur.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

static const char usage[] = "usage: sssctl due [--dry-run] [--quiet]";

struct state {
	struct sss_ctx *ctx;
	struct sss_tracker tr;
	bool dry_run, quiet;
	size_t created, failed;
	sss_date today, soon;
	struct sss_cache *cache; /* NULL: SSS_NO_CACHE */
	char **lines; /* "o|s  DUE  ID  TITLE": overdue or soon */
	size_t nlines, alloc;
};

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The overdue, then the soon-due tickets, each by due date and ID. */
static void print_due(struct state *st)
{
	qsort(st->lines, st->nlines, sizeof(*st->lines), cmp_line);
	for (size_t i = 0; i < st->nlines; i++) {
		char kind = st->lines[i][0];
		if (!i || st->lines[i - 1][0] != kind) {
			if (kind == 'o')
				printf("overdue:\n");
			else
				printf("due within %d business days:\n",
				       st->ctx->config->soon_days);
		}
		printf(" %s\n", st->lines[i] + 1);
	}
}

struct step_filter {
	const struct sss_occurrence *o;
	const struct sss_config *cfg;
};

static bool step_due(enum sss_freq f, void *data)
{
	struct step_filter *sf = data;
	return sss_recur_step_due(sf->o, sf->cfg, f);
}

static void name_collect(const char *name, void *data)
{
	struct strbuf *sb = data;
	strbuf_addf(sb, "%s\n", name);
}

/* The ticket an occurrence owes: every field follows from the occurrence,
 * the catalog and the config, never from the clock. */
static struct sss_error *build(struct state *st, const struct sss_occurrence *o,
			       struct sss_ticket **out)
{
	const struct sss_sow_entry *e = o->entry;
	struct sss_ticket *t = sss_ticket_new();
	struct strbuf created = STRBUF_INIT, body = STRBUF_INIT, names = STRBUF_INIT;
	struct sss_error *err = NULL;
	char due[11];

	sss_time_format(&created, sss_date_time(o->open));
	sss_date_format(o->due, due);
	const char *fields[][2] = {
		{ "id", o->id }, { "title", o->title }, { "sow", sss_sow_key(e) },
		{ "kind", sss_sow_kind(e) }, { "status", "open" },
		{ "priority", "normal" }, { "created", created.buf },
		{ "updated", created.buf }, { "due", due }, { "recurrence", o->key },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && !err; i++)
		err = sss_ticket_set(t, fields[i][0], fields[i][1]);
	if (err)
		goto done;
	/* params: the placeholders of the title, as filled */
	if ((err = sss_template_names(sss_sow_title(e), name_collect, &names)))
		goto done;
	for (char *p = names.buf; *p;) {
		char *nl = strchr(p, '\n');
		*nl = '\0';
		if (!strcmp(p, "年月"))
			sss_ticket_param_set(t, p, o->ym);
		else if (!strcmp(p, "年月日"))
			sss_ticket_param_set(t, p, o->ymd);
		for (size_t j = 0; o->instance >= 0 &&
				   j < sss_sow_instance_param_count(e, (size_t)o->instance); j++)
			if (!strcmp(sss_sow_instance_param_name(e, (size_t)o->instance, j), p))
				sss_ticket_param_set(t, p, sss_sow_instance_param_value(
							     e, (size_t)o->instance, j));
		p = nl + 1;
	}
	for (size_t i = 0; i < sss_sow_document_count(e); i++)
		sss_ticket_list_add(t, "documents", sss_sow_document(e, i));
	struct step_filter sf = { o, st->ctx->config };
	if ((err = sss_tracker_body(&st->tr, e,
				    o->instance >= 0 ? sss_sow_instance_key(e, (size_t)o->instance) : NULL,
				    sss_sow_work(e), step_due, &sf, &body)))
		goto done;
	sss_ticket_set_body(t, body.buf);
done:
	if (err) {
		sss_ticket_free(t);
		t = NULL;
	}
	*out = t;
	strbuf_release(&created);
	strbuf_release(&body);
	strbuf_release(&names);
	return err;
}

static int each_occurrence(const struct sss_occurrence *o, void *data)
{
	struct state *st = data;
	struct strbuf rel = STRBUF_INIT, fs = STRBUF_INIT;
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	struct stat sb;

	if ((err = sss_id_path(&rel, o->id, st->ctx->config->fy_start)))
		goto done;
	/* the common case, nothing to do, costs one stat; the lock and HEAD
	 * are consulted only when the file is missing */
	sss_repo_path(st->ctx->repo, &fs, rel.buf);
	if (lstat(fs.buf, &sb) == 0)
		goto done;
	if (st->dry_run) {
		bool exists;
		if ((err = sss_repo_in_head(st->ctx->repo, rel.buf, &exists)) || exists)
			goto done;
		printf("would create %s %s\n", o->id, o->title);
		st->created++;
		goto done;
	}
	if ((err = build(st, o, &t)))
		goto done;
	err = sss_tracker_create(&st->tr, t, "due");
	if (err && err->code == SSS_ERR_EXISTS) {
		/* another `due` made it first, or it was deleted by hand and
		 * not yet committed: either way it is not ours to write */
		sss_error_free(err);
		err = NULL;
		goto done;
	}
	if (!err) {
		st->created++;
		if (!st->quiet)
			printf("created %s %s\n", o->id, o->title);
	}
done:
	/* another writer holds the lock past the timeout: every further
	 * ticket would wait as long again, so stop (cron's next run catches up) */
	bool locked = err && err->code == SSS_ERR_LOCKED;
	if (err) {
		cmd_fail(err);
		st->failed++;
	}
	sss_ticket_free(t);
	strbuf_release(&rel);
	strbuf_release(&fs);
	return locked;
}

static int each_ticket(const char *rel, void *data)
{
	struct state *st = data;
	struct sss_ticket *t = NULL;
	struct strbuf line = STRBUF_INIT;
	struct sss_error *err;
	const char *due, *status, *id, *title;
	sss_date d;

	/* list's cache holds the four fields this needs */
	const struct sss_cache_entry *e =
		st->cache ? sss_cache_lookup(st->cache, rel) : NULL;
	if (e) {
		due = sss_cache_entry_get(e, "due");
		status = sss_cache_entry_get(e, "status");
		id = sss_cache_entry_get(e, "id");
		title = sss_cache_entry_get(e, "title");
	} else {
		if ((err = sss_repo_ticket(st->ctx->repo, rel, &t))) {
			cmd_fail(err);
			st->failed++;
			goto done;
		}
		if (st->cache)
			sss_cache_put(st->cache, t);
		due = sss_ticket_get(t, "due");
		status = sss_ticket_get(t, "status");
		id = sss_ticket_get(t, "id");
		title = sss_ticket_get(t, "title");
	}
	if (!status || !id || !title || sss_status_is_done(status) || !due ||
	    sss_date_parse(due, &d) < 0 || d > st->soon)
		goto done;
	strbuf_addf(&line, "%c  %s  %s  ", d < st->today ? 'o' : 's', due, id);
	sss_sanitize(&line, title, true);
	SSS_GROW(st->lines, st->alloc, st->nlines + 1);
	st->lines[st->nlines++] = strbuf_detach(&line, NULL);
done:
	sss_ticket_free(t);
	strbuf_release(&line);
	return 0;
}

CMD(due)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct state st;
	struct strbuf bot = STRBUF_INIT;
	struct sss_error *err = NULL;
	int c;

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	while ((c = getopt_long(argc, argv, "nqh", opts, NULL)) != -1) {
		if (c == 'n')
			st.dry_run = true;
		else if (c == 'q')
			st.quiet = true;
		else if (c == 'h')
			return cmd_help(usage);
		else
			return cmd_bad_option(usage, argv);
	}
	if (optind < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);

	/* generated tickets are the bot's: the audit trail shows cron's work */
	strbuf_addf(&bot, "%s <%s>", ctx->config->bot_name, ctx->config->bot_email);
	if ((err = cmd_tracker(ctx, bot.buf, &st.tr)))
		goto done;
	st.today = sss_time_date(ctx->now);
	st.soon = sss_calendar_add_business_days(ctx->cal, st.today, ctx->config->soon_days);
	if ((err = sss_recur_each(ctx->catalog, ctx->config, ctx->cal, 0, st.today,
				  each_occurrence, &st)))
		goto done;
	if (st.dry_run || st.quiet)
		goto done;
	if (!sss_cache_disabled())
		st.cache = sss_cache_open(ctx->repo, 0);
	sss_repo_readahead(ctx->repo, sss_cache_warm(st.cache) ? SSS_READAHEAD_STAT
							      : SSS_READAHEAD_PARSE);
	err = sss_repo_each_ticket(ctx->repo, each_ticket, &st);
	sss_cache_finish(st.cache, !err);
	st.cache = NULL;
	if (err)
		goto done;
	print_due(&st);
done:
	cmd_tracker_release(&st.tr);
	strbuf_release(&bot);
	for (size_t i = 0; i < st.nlines; i++)
		free(st.lines[i]);
	free(st.lines);
	if (err)
		return cmd_fail(err);
	return st.failed ? 1 : 0;
}
