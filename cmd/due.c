/* due.c - sssctl due: create the recurring tickets whose period has
 * begun, then list what is overdue or due soon. Written for cron. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/i18n.h"
#include "sss/period.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/compose.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/id.h"
#include "sss/listing.h"
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
	/* the tickets listed, each with its group as the row's extra: "o"
	 * overdue, "s" due soon (the due date in the due column), "p" a
	 * service level breached, "q" at risk (the due moment, and the title
	 * after "解決期限 超過") */
	struct sss_listing *listing;
};

/* The listing's groups, in the order printed. */
static const char due_groups[] = "opqs";

static void print_group_heading(const struct state *st, char group)
{
	if (group == 'o')
		printf("%s\n", _("overdue:"));
	else if (group == 'p')
		printf("%s\n", _("service level breached:"));
	else if (group == 'q')
		/* xgettext:no-c-format */
		printf("%s\n", _("service level at risk (75% of the target used):"));
	else
		printf(_("due within %d business days:\n"), st->ctx->config->soon_days);
}

/* The overdue tickets, the service levels breached and at risk, then
 * the soon-due tickets, each group by due date and ID, laid out as
 * list's table (one set of column widths for all; on a terminal a
 * header and titles cut to its width). */
static void print_due(struct state *st)
{
	struct sss_listing_term term = sss_listing_term(STDOUT_FILENO);
	struct strbuf out = STRBUF_INIT;
	size_t n = st->listing ? sss_listing_count(st->listing) : 0;
	struct sss_error *err;

	if (!n)
		return;
	term.color = st->ctx->color;
	err = sss_listing_set_columns(st->listing, "due,id,status,priority,assignee,title");
	if (!err)
		err = sss_listing_set_sort(st->listing, "due,id");
	sss_error_free(err); /* fixed words: cannot fail */
	sss_listing_sort(st->listing);
	sss_listing_render_header(st->listing, &term, 2, &out);
	fwrite(out.buf, 1, out.len, stdout);
	for (const char *g = due_groups; *g; g++) {
		bool first = true;
		for (size_t i = 0; i < n; i++) {
			if (sss_listing_extra(st->listing, i)[0] != *g)
				continue;
			if (first)
				print_group_heading(st, *g);
			first = false;
			strbuf_reset(&out);
			sss_listing_render_row(st->listing, &term, i, 2, &out);
			fwrite(out.buf, 1, out.len, stdout);
		}
	}
	strbuf_release(&out);
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
		strbuf_addf(&st->would, _("would create %s %s\n"), o->id, o->title);
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
			printf(_("created %s %s\n"), o->id, o->title);
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

/* A row of the listing: the ticket's fields, with when (a due date or
 * moment) and title as given, in group (one of due_groups). */
static void add_row(struct state *st, struct sss_scan_item *it, const char *when,
		    const char *title, char group)
{
	const char *fields[SSS_LF_N] = { 0 };
	char extra[2] = { group, 0 };

	for (int f = 0; f < SSS_LF_N; f++)
		fields[f] = sss_scan_get(it, sss_listing_field_name(f));
	fields[SSS_LF_DUE] = when;
	fields[SSS_LF_TITLE] = title;
	if (!st->listing)
		st->listing = sss_listing_new();
	sss_listing_add(st->listing, fields, extra);
}

/* A ticket whose service level is breached or at risk: a line for it. */
static void sla_line(struct state *st, struct sss_scan_item *it,
		     const char *title)
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
	strbuf_setlen(&due, 16);
	due.buf[10] = ' ';
	strbuf_addf(&line, "%s %s  %s", label, sss_sla_state_label(worst->state), title);
	add_row(st, it, due.buf, line.buf, worst->state == SSS_SLA_BREACHED ? 'p' : 'q');
	strbuf_release(&line);
	strbuf_release(&due);
}

static void each_ticket(struct state *st, struct sss_scan_item *it)
{
	struct sss_error *err;
	const char *due, *status, *id, *title;
	sss_date d;

	/* the scan cache holds the fields this needs */
	if ((err = sss_scan_broken(it))) {
		cmd_warn(err);
		st->failed++;
		return;
	}
	due = sss_scan_get(it, "due");
	status = sss_scan_get(it, "status");
	id = sss_scan_get(it, "id");
	title = sss_scan_get(it, "title");
	if (!status || !id || !title || sss_status_is_done(status))
		return;
	sla_line(st, it, title);
	if (!due || sss_date_parse(due, &d) < 0 || d > st->soon)
		return;
	add_row(st, it, due, title, d < st->today ? 'o' : 's');
}

/* Collect the overdue and soon-due tickets into st->listing. */
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
		if (st.created == 1)
			printf(_("1 new ticket, for the periods from contract_start %s on:\n"), d);
		else
			printf(_("%zu new tickets, for the periods from contract_start %s on:\n"),
			       st.created, d);
		fputs(st.would.buf, stdout);
	}
	if (st.left) {
		fputs("sssctl: ", stderr);
		fprintf(stderr,
			st.dry_run ? _("would create %zu tickets, the most one run makes "
				       "(due.max_per_run); %zu more are due and come on the "
				       "next run of 'sssctl due'\n")
				   : _("created %zu tickets, the most one run makes "
				       "(due.max_per_run); %zu more are due and come on the "
				       "next run of 'sssctl due'\n"),
			st.created, st.left);
	}
	if (st.dry_run || st.quiet)
		goto done;
	if ((err = scan_due(&st)))
		goto done;
	print_due(&st);
done:
	strbuf_release(&st.would);
	sss_tracker_release(&st.tr);
	strbuf_release(&bot);
	sss_listing_free(st.listing);
	if (!err && st.failed)
		err = CMD_EXIT_FAILED;
	return err;
}
