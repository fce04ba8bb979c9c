/* build.c - making a report (report.h): its periods, the ticket scan
 * (collect.c) and the numbers (stats.c); freeing it; its warnings. */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/period.h"
#include "sss/strbuf.h"

struct sss_period sss_report_period_of(enum sss_report_kind kind, sss_date d)
{
	return sss_period_of(kind == SSS_REPORT_WEEKLY ? SSS_FREQ_WEEKLY : SSS_FREQ_MONTHLY,
			     d, 4);
}

struct sss_error *sss_report_parse_period(enum sss_report_kind kind,
					  const char *s,
					  struct sss_period *out)
{
	struct sss_period p;
	sss_date d;
	if (kind == SSS_REPORT_WEEKLY && sss_date_parse(s, &d) == 0) {
		*out = sss_report_period_of(kind, d);
		return NULL;
	}
	if (sss_period_parse(s, &p) == 0 &&
	    p.freq == (kind == SSS_REPORT_WEEKLY ? SSS_FREQ_WEEKLY : SSS_FREQ_MONTHLY)) {
		*out = p;
		return NULL;
	}
	return sss_error(SSS_ERR_USAGE, "bad period '%s' (%s)", s,
			 kind == SSS_REPORT_WEEKLY
				 ? "a weekly report takes YYYY-MM-DD, a day of the week, or YYYY-Www"
				 : "a monthly report takes YYYY-MM");
}

struct sss_error *sss_report_build(struct sss_report **out,
				   const struct sss_report_opts *opts)
{
	struct sss_report *r = xcalloc(1, sizeof(*r));
	struct strbuf sb = STRBUF_INIT;
	struct sss_error *err = NULL;
	int fy_start = opts->config->fy_start;

	r->o = *opts;
	r->nentries = sss_catalog_count(opts->catalog);
	r->items = xcalloc(r->nentries + 1, sizeof(*r->items));
	r->fy_items = xcalloc(r->nentries + 1, sizeof(*r->fy_items));
	r->start = sss_period_start(opts->period, fy_start);
	r->end = sss_period_end(opts->period, fy_start);
	r->today = sss_time_date(opts->now);
	sss_period_format(&sb, opts->period);
	r->period_name = strbuf_detach(&sb, NULL);
	if (r->today < r->start) {
		err = sss_error(SSS_ERR_USAGE, "period '%s' has not begun yet", r->period_name);
		goto done;
	}
	/* the numbers hold at the end of the period, or now for the running
	 * one; a ticket due today is not overdue yet */
	r->asof = r->today < r->end ? r->today : r->end;
	r->overdue_before = r->today <= r->end ? r->today : r->end + 1;
	r->next = sss_period_next(opts->period);
	r->next_start = sss_period_start(r->next, fy_start);
	r->next_end = sss_period_end(r->next, fy_start);
	sss_period_format(&sb, r->next);
	r->next_name = strbuf_detach(&sb, NULL);
	struct sss_period fyp = sss_period_of(SSS_FREQ_YEARLY, r->end, fy_start);
	r->fy = fyp.year;
	r->fy_first = sss_period_start(fyp, fy_start);

	if ((err = report_collect(r)))
		goto done;
	err = report_stats(r);
done:
	strbuf_release(&sb);
	if (err) {
		sss_report_free(r);
		r = NULL;
	}
	*out = r;
	return err;
}

void sss_report_free(struct sss_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		report_row_release(&r->t[i]);
	free(r->t);
	free(r->by_id);
	for (size_t i = 0; i < r->nwarn; i++)
		free(r->warn[i]);
	free(r->warn);
	for (size_t i = 0; i < r->nnext; i++) {
		free(r->next_work[i].id);
		free(r->next_work[i].title);
	}
	free(r->next_work);
	free(r->minutes);
	free(r->minutes_id);
	free(r->items);
	free(r->fy_items);
	free(r->incidents.v);
	free(r->problems.v);
	free(r->issues.v);
	free(r->overdue.v);
	report_kpi_free(r);
	free(r->period_name);
	free(r->next_name);
	free(r);
}

int report_hist_first(const struct sss_report *r)
{
	int first = 0;
	while (first < 11 && r->hist_at[first] < r->o.config->contract_start)
		first++;
	return first;
}

size_t sss_report_warning_count(const struct sss_report *r)
{
	return r->nwarn;
}

const char *sss_report_warning(const struct sss_report *r, size_t i)
{
	return i < r->nwarn ? r->warn[i] : NULL;
}
