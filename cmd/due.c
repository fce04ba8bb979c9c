/* due.c - sssctl due: create the recurring tickets whose period has
 * begun, then list what is overdue or due soon. Written for cron. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/period.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/compose.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/id.h"
#include "sss/recur.h"
#include "sss/scan.h"
#include "sss/sla.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

struct state {
	struct sss_ctx *ctx;
	struct sss_tracker tr;
	bool dry_run, quiet;
	size_t created, failed;
	size_t left; /* owed but past due.max_per_run: the next run's */
	struct strbuf would; /* --dry-run: the "would create" lines, shown
			      * after their count */
	sss_date today, soon;
	/* "o|s  DUE  ID  TITLE": overdue or soon; "p|q  DUE-MOMENT  ID
	 * 解決期限 超過  TITLE": a service level breached or at risk */
	char **lines;
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
			else if (kind == 'p')
				printf("service level breached:\n");
			else if (kind == 'q')
				printf("service level at risk (75%% of the target used):\n");
			else
				printf("due within %d business days:\n",
				       st->ctx->config->soon_days);
		}
		printf(" %s\n", st->lines[i] + 1);
	}
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
	/* a wrong clock or catalog must not flood the repository: the rest
	 * waits for the next run, and is only counted */
	if (st->created >= (size_t)st->ctx->config->max_per_run) {
		st->left++;
		goto done;
	}
	if (st->dry_run) {
		bool exists;
		if ((err = sss_repo_in_head(st->ctx->repo, rel.buf, &exists)) || exists)
			goto done;
		strbuf_addf(&st->would, "would create %s %s\n", o->id, o->title);
		st->created++;
		goto done;
	}
	/* every field follows from the occurrence, the catalog and the
	 * config, never from the clock: every clone makes the same file */
	if ((err = sss_compose_occurrence(o, st->ctx->config, st->ctx->repo, &t)))
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
		cmd_warn(err);
		st->failed++;
	}
	sss_ticket_free(t);
	strbuf_release(&rel);
	strbuf_release(&fs);
	return locked;
}

static void add_line(struct state *st, struct strbuf *line)
{
	SSS_GROW(st->lines, st->alloc, st->nlines + 1);
	st->lines[st->nlines++] = strbuf_detach(line, NULL);
}

/* A ticket whose service level is breached or at risk: a line for it. */
static void sla_line(struct state *st, struct sss_scan_item *it,
		     const char *id, const char *title)
{
	const struct sss_sla_clock *worst = NULL;
	const char *label = NULL;
	struct strbuf line = STRBUF_INIT, due = STRBUF_INIT;
	struct sss_sla sla;

	if (!sss_scan_sla(it, st->ctx->config, st->ctx->cal, st->ctx->now, &sla))
		return;
	const struct sss_sla_clock *c[2] = { &sla.response, &sla.resolve };
	static const char *const labels[2] = { "応答期限", "解決期限" };
	for (int i = 0; i < 2; i++) {
		if (!c[i]->set || (c[i]->state != SSS_SLA_BREACHED &&
				   c[i]->state != SSS_SLA_AT_RISK))
			continue;
		if (!worst || (c[i]->state == SSS_SLA_BREACHED &&
			       worst->state != SSS_SLA_BREACHED))
			worst = c[i], label = labels[i];
	}
	if (!worst)
		return;
	sss_time_format(&due, worst->due);
	strbuf_addf(&line, "%c  %.10s %.5s  %s  %s %s  ",
		    worst->state == SSS_SLA_BREACHED ? 'p' : 'q', due.buf,
		    due.buf + 11, id, label, sss_sla_state_label(worst->state));
	sss_sanitize(&line, title, true);
	add_line(st, &line);
	strbuf_release(&due);
}

static void each_ticket(struct state *st, struct sss_scan_item *it)
{
	struct strbuf line = STRBUF_INIT;
	struct sss_error *err;
	const char *due, *status, *id, *title;
	sss_date d;

	/* the scan cache holds the fields this needs */
	if ((err = sss_scan_broken(it))) {
		cmd_warn(err);
		st->failed++;
		goto done;
	}
	due = sss_scan_get(it, "due");
	status = sss_scan_get(it, "status");
	id = sss_scan_get(it, "id");
	title = sss_scan_get(it, "title");
	if (!status || !id || !title || sss_status_is_done(status))
		goto done;
	sla_line(st, it, id, title);
	if (!due || sss_date_parse(due, &d) < 0 || d > st->soon)
		goto done;
	strbuf_addf(&line, "%c  %s  %s  ", d < st->today ? 'o' : 's', due, id);
	sss_sanitize(&line, title, true);
	add_line(st, &line);
done:
	strbuf_release(&line);
}

/* Collect the overdue and soon-due tickets into st->lines. */
static struct sss_error *scan_due(struct state *st)
{
	struct sss_scan *scan = sss_scan_open(st->ctx->repo, 0);
	struct sss_scan_item *it;
	struct sss_error *err;
	while (!(err = sss_scan_next(scan, &it)) && it)
		each_ticket(st, it);
	sss_scan_close(scan);
	return err;
}

CMD(due)
{
	struct state st;
	struct cmd_option opts[] = {
		OPT_BOOL('n', "dry-run", &st.dry_run, 0),
		OPT_BOOL('q', "quiet", &st.quiet, 0),
		OPT_END(),
	};
	struct strbuf bot = STRBUF_INIT;
	struct sss_error *err;

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	strbuf_init(&st.would, 0);
	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc > 0)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[0]);

	/* generated tickets are the bot's: the audit trail shows cron's work */
	strbuf_addf(&bot, "%s <%s>", ctx->config->bot_name, ctx->config->bot_email);
	if ((err = sss_tracker_init(&st.tr, ctx->repo, ctx->config, ctx->now, bot.buf)))
		goto done;
	st.today = sss_time_date(ctx->now);
	st.soon = sss_calendar_add_business_days(ctx->cal, st.today, ctx->config->soon_days);
	if ((err = sss_recur_each(ctx->catalog, ctx->config, ctx->cal, 0, st.today,
				  each_occurrence, &st)))
		goto done;
	if (st.dry_run && st.created) {
		char d[11];
		sss_date_format(ctx->config->contract_start, d);
		printf("%zu new ticket%s, for the periods from contract_start %s on:\n%s",
		       st.created, st.created == 1 ? "" : "s", d, st.would.buf);
	}
	if (st.left)
		fprintf(stderr,
			"sssctl: %s %zu tickets, the most one run makes "
			"(due.max_per_run); %zu more are due and come on the "
			"next run of 'sssctl due'\n",
			st.dry_run ? "would create" : "created", st.created, st.left);
	if (st.dry_run || st.quiet)
		goto done;
	if ((err = scan_due(&st)))
		goto done;
	print_due(&st);
done:
	strbuf_release(&st.would);
	sss_tracker_release(&st.tr);
	strbuf_release(&bot);
	for (size_t i = 0; i < st.nlines; i++)
		free(st.lines[i]);
	free(st.lines);
	if (!err && st.failed)
		err = CMD_EXIT_FAILED;
	return err;
}
