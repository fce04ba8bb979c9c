/* render_json.c - the JSON format of a report: the data behind it, with
 * the ticket texts as read (not escaped for Markdown). Written with the
 * JSON writer: a member a line at the top, each row of a list on a line
 * of its own, small objects on one line. */
#include <stdbool.h>
#include <stdlib.h>

#include "report_priv.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/json.h"
#include "sss/strbuf.h"

/* A date as "YYYY-MM-DD", or null for none (no due date, not finished,
 * no creation date). */
static void json_date(struct sss_json *j, sss_date d)
{
	struct strbuf sb = STRBUF_INIT;

	if (d == NODUE || d == NEVER || d <= INT32_MIN / 2) {
		sss_json_null(j);
		goto done;
	}
	report_iso_date(&sb, d);
	sss_json_string(j, sb.buf);
done:
	strbuf_release(&sb);
}

static void json_key_date(struct sss_json *j, const char *key, sss_date d)
{
	sss_json_key(j, key);
	json_date(j, d);
}

static void json_key_string(struct sss_json *j, const char *key, const char *s)
{
	sss_json_key(j, key);
	sss_json_string(j, s);
}

static void json_key_int(struct sss_json *j, const char *key, long long v)
{
	sss_json_key(j, key);
	sss_json_int(j, v);
}

/* The members "carried" (open at the start), "opened", "closed" and
 * "open" (at the end) of the open object. */
static void json_counts(struct sss_json *j, const struct counts *c)
{
	json_key_int(j, "carried", c->carried);
	json_key_int(j, "opened", c->opened);
	json_key_int(j, "closed", c->closed);
	json_key_int(j, "open", c->open);
}

/* A table (by catalog entry, summary item, category) has always ended on
 * a line of its own, also when it is empty (no catalog entries, no
 * summary table): "[\n  ]" where the writer's empty array is "[]". */
static void json_empty_table(struct sss_json *j)
{
	static const char empty[] = "[\n  ]";
	sss_json_raw(j, empty, sizeof(empty) - 1);
}

/* The counts c by catalog entry, and a last row (key null) for tickets
 * whose sow key is not in the catalog, when there are any. */
static void json_sow_items(struct sss_json *j, const struct sss_report *r,
			   const struct counts *c)
{
	const struct counts *out = &c[r->nentries];
	bool other = out->opened || out->closed || out->open || out->carried;

	if (!r->nentries && !other) {
		json_empty_table(j);
		return;
	}
	sss_json_array(j, SSS_JSON_LINES);
	for (size_t i = 0; i < r->nentries; i++) {
		const struct sss_sow_entry *e = sss_catalog_at(r->o.catalog, i);
		sss_json_object(j, SSS_JSON_SPACED);
		json_key_string(j, "key", sss_sow_key(e));
		json_key_int(j, "summary", sss_sow_summary_no(e));
		json_key_string(j, "category", sss_sow_category(e));
		json_key_string(j, "area", sss_sow_area(e));
		json_key_string(j, "item", sss_sow_item(e));
		json_key_string(j, "title", sss_sow_title(e));
		json_counts(j, &c[i]);
		sss_json_end(j);
	}
	if (other) {
		sss_json_object(j, SSS_JSON_SPACED);
		json_key_string(j, "key", NULL);
		sss_json_key(j, "summary");
		sss_json_null(j);
		json_counts(j, out);
		sss_json_end(j);
	}
	sss_json_end(j);
}

/* The counts of the period by summary item. */
static void json_summary_items(struct sss_json *j, const struct sss_report *r)
{
	size_t n = sss_catalog_summary_count(r->o.catalog);

	if (!n) {
		json_empty_table(j);
		return;
	}
	sss_json_array(j, SSS_JSON_LINES);
	for (size_t i = 0; i < n; i++) {
		struct counts c;
		int no = sss_summary_no(r->o.catalog, i);
		report_summary_counts(r, no, &c);
		sss_json_object(j, SSS_JSON_SPACED);
		json_key_int(j, "no", no);
		json_key_string(j, "item", sss_summary_item(r->o.catalog, i));
		json_counts(j, &c);
		sss_json_end(j);
	}
	sss_json_end(j);
}

/* The counts of the period by major category. */
static void json_categories(struct sss_json *j, const struct sss_report *r)
{
	struct catsum *cats;
	size_t n = report_category_counts(r, &cats);

	if (!n) {
		json_empty_table(j);
	} else {
		sss_json_array(j, SSS_JSON_LINES);
		for (size_t i = 0; i < n; i++) {
			sss_json_object(j, SSS_JSON_SPACED);
			json_key_string(j, "name", cats[i].name);
			json_counts(j, &cats[i].c);
			sss_json_end(j);
		}
		sss_json_end(j);
	}
	free(cats);
}

/* The dates of a ticket as the Markdown and HTML tables show them, in
 * the era of the config ("2026-11-26", "R8.11.26" or both); null where
 * the ISO member is null. */
static void json_ticket_display(struct sss_json *j, const struct sss_report *r,
				const struct rt *x)
{
	static const char *const keys[] = { "created", "due", "closed" };
	sss_date d[3] = { x->created, x->due, x->fin <= r->asof ? x->fin : NEVER };
	struct strbuf sb = STRBUF_INIT;

	sss_json_key(j, "display");
	sss_json_object(j, SSS_JSON_SPACED);
	for (size_t i = 0; i < 3; i++) {
		sss_json_key(j, keys[i]);
		if (d[i] == NODUE || d[i] == NEVER || d[i] <= INT32_MIN / 2) {
			sss_json_null(j);
			continue;
		}
		strbuf_reset(&sb);
		report_cell_date(r, &sb, d[i]);
		sss_json_string(j, sb.buf);
	}
	sss_json_end(j);
	strbuf_release(&sb);
}

/* A ticket of a list; "closed" only when it was closed by the as-of date,
 * "incidents" only for a problem with linked incidents. */
static void json_ticket(struct sss_json *j, const struct sss_report *r,
			const struct rt *x)
{
	sss_json_object(j, SSS_JSON_SPACED);
	json_key_string(j, "id", x->id);
	json_key_string(j, "title", x->title);
	json_key_string(j, "sow", x->sow);
	json_key_string(j, "status", x->status);
	json_key_string(j, "assignee", x->assignee);
	json_key_date(j, "created", x->created);
	json_key_date(j, "due", x->due);
	json_key_date(j, "closed", x->fin <= r->asof ? x->fin : NEVER);
	if (x->incidents)
		json_key_string(j, "incidents", x->incidents);
	json_ticket_display(j, r, x);
	sss_json_end(j);
}

static void json_list(struct sss_json *j, const struct sss_report *r,
		      const char *name, const struct idxlist *l)
{
	sss_json_key(j, name);
	sss_json_array(j, SSS_JSON_LINES);
	for (size_t i = 0; i < l->n; i++)
		json_ticket(j, r, &r->t[l->v[i]]);
	sss_json_end(j);
}

/* The era of the config and the report's dates as the Markdown and HTML
 * show them (the dates elsewhere stay ISO, with each listed ticket's
 * display forms beside them). */
static void json_display(struct sss_json *j, const struct sss_report *r)
{
	struct strbuf sb = STRBUF_INIT;

	json_key_string(j, "era", r->o.config->era ? r->o.config->era : "western");
	sss_json_key(j, "display");
	sss_json_object(j, SSS_JSON_LINES);
	sss_json_key(j, "addressee");
	strbuf_addf(&sb, "%s 御中", r->o.config->client_name ? r->o.config->client_name : "");
	sss_json_string(j, sb.buf);
	strbuf_reset(&sb);
	report_period_label(r, &sb, r->o.period);
	json_key_string(j, "period", sb.buf);
	strbuf_reset(&sb);
	report_range_text(r, &sb, r->start, r->end);
	json_key_string(j, "period_range", sb.buf);
	strbuf_reset(&sb);
	report_day_text(r, &sb, r->asof);
	json_key_string(j, "asof", sb.buf);
	strbuf_reset(&sb);
	report_day_text(r, &sb, r->today);
	json_key_string(j, "generated", sb.buf);
	strbuf_reset(&sb);
	report_range_text(r, &sb, r->next_start, r->next_end);
	json_key_string(j, "next_period_range", sb.buf);
	sss_json_end(j);
	sss_json_key(j, "approvals");
	sss_json_array(j, SSS_JSON_SPACED);
	for (size_t i = 0; i < r->o.config->napprovals; i++)
		sss_json_string(j, r->o.config->approvals[i]);
	sss_json_end(j);
	strbuf_release(&sb);
}

/* What the report is, for whom, and its periods. */
static void json_head(struct sss_json *j, const struct sss_report *r)
{
	const struct sss_config *cfg = r->o.config;
	struct strbuf sb = STRBUF_INIT;

	json_key_string(j, "report",
			r->o.kind == SSS_REPORT_MONTHLY ? "monthly" : "weekly");
	json_key_string(j, "client", cfg->client);
	json_key_string(j, "client_name", cfg->client_name);
	json_key_string(j, "provider", cfg->provider);
	sss_time_format(&sb, r->o.now);
	json_key_string(j, "generated", sb.buf);
	strbuf_reset(&sb);
	sss_report_file_name(r, SSS_REPORT_MD, &sb);
	strbuf_setlen(&sb, sb.len - 3);
	json_key_string(j, "document", sb.buf);
	strbuf_release(&sb);

	sss_json_key(j, "period");
	sss_json_object(j, SSS_JSON_SPACED);
	json_key_string(j, "name", r->period_name);
	json_key_date(j, "start", r->start);
	json_key_date(j, "end", r->end);
	json_key_date(j, "asof", r->asof);
	sss_json_end(j);
	sss_json_key(j, "next_period");
	sss_json_object(j, SSS_JSON_SPACED);
	json_key_string(j, "name", r->next_name);
	json_key_date(j, "start", r->next_start);
	json_key_date(j, "end", r->next_end);
	sss_json_end(j);
	json_display(j, r);
}

static void json_kpi(struct sss_json *j, const struct sss_report *r)
{
	const struct kpi *k = &r->k;

	sss_json_key(j, "kpi");
	sss_json_object(j, SSS_JSON_LINES);
	json_key_int(j, "carried", k->carried);
	json_key_int(j, "opened", k->opened);
	json_key_int(j, "closed", k->closed);
	json_key_int(j, "cancelled", k->cancelled);
	json_key_int(j, "backlog", k->backlog);
	sss_json_key(j, "backlog_age");
	sss_json_object(j, SSS_JSON_SPACED);
	json_key_int(j, "under_10", k->age[0]);
	json_key_int(j, "10_to_30", k->age[1]);
	json_key_int(j, "over_30", k->age[2]);
	sss_json_end(j);
	json_key_int(j, "overdue", k->overdue);
	json_key_int(j, "closed_with_due", k->with_due);
	json_key_int(j, "closed_by_due", k->on_time);
	sss_json_key(j, "closed_by_due_rate");
	if (k->with_due)
		sss_json_numberf(j, "%.4f", (double)k->on_time / k->with_due);
	else
		sss_json_null(j);
	json_key_int(j, "incidents", k->incidents);
	json_key_int(j, "incidents_resolved", k->inc_resolved);
	json_key_string(j, "mttr_unit", "business_days");
	sss_json_key(j, "mttr_mean");
	if (k->inc_resolved)
		sss_json_numberf(j, "%.2f", k->mttr_mean);
	else
		sss_json_null(j);
	sss_json_key(j, "mttr_median");
	if (k->inc_resolved)
		sss_json_numberf(j, "%.1f", k->mttr_median);
	else
		sss_json_null(j);
	json_key_int(j, "recurring_planned", k->recurring_planned);
	json_key_int(j, "recurring_done", k->recurring_done);
	json_key_int(j, "problems_opened", k->problems_opened);
	json_key_int(j, "problems_closed", k->problems_closed);
	sss_json_end(j);
}

/* The tables by SOW entry, summary item and category; monthly, the
 * fiscal year so far too. */
static void json_tables(struct sss_json *j, const struct sss_report *r)
{
	sss_json_key(j, "sow_items");
	json_sow_items(j, r, r->items);
	sss_json_key(j, "summary_items");
	json_summary_items(j, r);
	sss_json_key(j, "categories");
	json_categories(j, r);
	if (r->o.kind == SSS_REPORT_MONTHLY) {
		sss_json_key(j, "fiscal_year");
		sss_json_object(j, SSS_JSON_SPACED);
		json_key_int(j, "year", r->fy);
		json_key_date(j, "start", r->fy_first);
		json_key_date(j, "asof", r->asof);
		sss_json_end(j);
		sss_json_key(j, "fy_sow_items");
		json_sow_items(j, r, r->fy_items);
	}
}

static void json_history(struct sss_json *j, const struct sss_report *r)
{
	sss_json_key(j, "backlog_history");
	sss_json_array(j, SSS_JSON_LINES);
	for (int i = report_hist_first(r); i < 12; i++) {
		sss_json_object(j, SSS_JSON_SPACED);
		json_key_date(j, "at", r->hist_at[i]);
		json_key_int(j, "open", r->hist[i]);
		sss_json_end(j);
	}
	sss_json_end(j);
}

/* The recurring work of the next period; "status" is its ticket's, null
 * when there is no ticket yet. */
static void json_next_work(struct sss_json *j, const struct sss_report *r)
{
	sss_json_key(j, "next_work");
	sss_json_array(j, SSS_JSON_LINES);
	for (size_t i = 0; i < r->nnext; i++) {
		const struct occ *o = &r->next_work[i];
		const struct rt *x = report_find_id(r, o->id);
		sss_json_object(j, SSS_JSON_SPACED);
		json_key_string(j, "id", o->id);
		json_key_string(j, "title", o->title);
		json_key_date(j, "work_start", o->work_start);
		json_key_date(j, "work_end", o->work_end);
		json_key_date(j, "due", o->due);
		json_key_string(j, "status", x ? x->status : NULL);
		sss_json_end(j);
	}
	sss_json_end(j);
}

/* Weekly: the meeting's minutes, or null. */
static void json_minutes(struct sss_json *j, const struct sss_report *r)
{
	sss_json_key(j, "minutes");
	if (!r->minutes) {
		sss_json_null(j);
		return;
	}
	sss_json_object(j, SSS_JSON_SPACED);
	json_key_string(j, "id", r->minutes_id);
	json_key_string(j, "text", r->minutes);
	sss_json_key(j, "truncated");
	sss_json_bool(j, r->minutes_cut);
	sss_json_end(j);
}

void report_render_json(const struct sss_report *r, struct strbuf *out)
{
	struct sss_json j;

	sss_json_init(&j, out, 2);
	sss_json_object(&j, SSS_JSON_LINES);
	json_head(&j, r);
	json_kpi(&j, r);
	report_kpi_json(r, &j);
	json_tables(&j, r);
	json_history(&j, r);
	json_list(&j, r, "incidents", &r->incidents);
	json_list(&j, r, "open_problems", &r->problems);
	json_list(&j, r, "open_issues", &r->issues);
	json_list(&j, r, "overdue", &r->overdue);
	json_next_work(&j, r);
	if (r->o.kind == SSS_REPORT_WEEKLY)
		json_minutes(&j, r);
	sss_json_end(&j);
	strbuf_addch(out, '\n');
}
