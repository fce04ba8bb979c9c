/* render_json.c - the JSON format of a report: the data behind it, with
 * the ticket texts as read (not escaped for Markdown). */
#include <stdbool.h>
#include <stdlib.h>

#include "report_priv.h"
#include "sss/calendar.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/json.h"
#include "sss/strbuf.h"

static void json_date(struct strbuf *out, sss_date d)
{
	if (d == NODUE || d == NEVER || d <= INT32_MIN / 2) {
		strbuf_addstr(out, "null");
		return;
	}
	strbuf_addch(out, '"');
	report_iso_date(out, d);
	strbuf_addch(out, '"');
}

static void json_strn(struct strbuf *out, const char *s)
{
	if (s)
		sss_json_str(out, s);
	else
		strbuf_addstr(out, "null");
}

static void json_counts(struct strbuf *out, const struct counts *c)
{
	strbuf_addf(out, "\"opened\": %d, \"closed\": %d, \"open\": %d", c->opened,
		    c->closed, c->open);
}

static void json_sow_items(const struct sss_report *r, struct strbuf *out,
			   const struct counts *c)
{
	strbuf_addstr(out, "[");
	for (size_t i = 0; i <= r->nentries; i++) {
		if (i == r->nentries) {
			if (!c[i].opened && !c[i].closed && !c[i].open)
				break;
			strbuf_addstr(out, ",\n    {\"key\": null, \"summary\": null, ");
			json_counts(out, &c[i]);
			strbuf_addstr(out, "}");
			break;
		}
		const struct sss_sow_entry *e = sss_catalog_at(r->o.catalog, i);
		strbuf_addstr(out, i ? ",\n    {\"key\": " : "\n    {\"key\": ");
		sss_json_str(out, sss_sow_key(e));
		strbuf_addf(out, ", \"summary\": %d, \"category\": ", sss_sow_summary_no(e));
		json_strn(out, sss_sow_category(e));
		strbuf_addstr(out, ", \"area\": ");
		json_strn(out, sss_sow_area(e));
		strbuf_addstr(out, ", \"item\": ");
		json_strn(out, sss_sow_item(e));
		strbuf_addstr(out, ", \"title\": ");
		json_strn(out, sss_sow_title(e));
		strbuf_addstr(out, ", ");
		json_counts(out, &c[i]);
		strbuf_addstr(out, "}");
	}
	strbuf_addstr(out, "\n  ]");
}

static void json_ticket(struct strbuf *out, const struct sss_report *r,
			const struct rt *x, bool first)
{
	strbuf_addstr(out, first ? "\n    {\"id\": " : ",\n    {\"id\": ");
	sss_json_str(out, x->id);
	strbuf_addstr(out, ", \"title\": ");
	json_strn(out, x->title);
	strbuf_addstr(out, ", \"sow\": ");
	json_strn(out, x->sow);
	strbuf_addstr(out, ", \"status\": ");
	sss_json_str(out, x->status);
	strbuf_addstr(out, ", \"assignee\": ");
	json_strn(out, x->assignee);
	strbuf_addstr(out, ", \"created\": ");
	json_date(out, x->created);
	strbuf_addstr(out, ", \"due\": ");
	json_date(out, x->due);
	strbuf_addstr(out, ", \"closed\": ");
	json_date(out, x->fin <= r->asof ? x->fin : NEVER);
	if (x->incidents) {
		strbuf_addstr(out, ", \"incidents\": ");
		sss_json_str(out, x->incidents);
	}
	strbuf_addstr(out, "}");
}

static void json_list(struct strbuf *out, const struct sss_report *r, const char *name,
		      const struct idxlist *l)
{
	strbuf_addf(out, ",\n  \"%s\": [", name);
	for (size_t i = 0; i < l->n; i++)
		json_ticket(out, r, &r->t[l->v[i]], i == 0);
	strbuf_addstr(out, l->n ? "\n  ]" : "]");
}

void report_render_json(const struct sss_report *r, struct strbuf *out)
{
	const struct kpi *k = &r->k;
	const struct sss_config *cfg = r->o.config;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(out, "{\n  \"report\": \"%s\",\n  \"client\": ",
		    r->o.kind == SSS_REPORT_MONTHLY ? "monthly" : "weekly");
	json_strn(out, cfg->client);
	strbuf_addstr(out, ",\n  \"client_name\": ");
	json_strn(out, cfg->client_name);
	strbuf_addstr(out, ",\n  \"provider\": ");
	json_strn(out, cfg->provider);
	sss_time_format(&sb, r->o.now);
	strbuf_addstr(out, ",\n  \"generated\": ");
	sss_json_str(out, sb.buf);
	strbuf_reset(&sb);
	sss_report_file_name(r, SSS_REPORT_MD, &sb);
	strbuf_setlen(&sb, sb.len - 3);
	strbuf_addstr(out, ",\n  \"document\": ");
	sss_json_str(out, sb.buf);
	strbuf_addstr(out, ",\n  \"period\": {\"name\": ");
	sss_json_str(out, r->period_name);
	strbuf_addstr(out, ", \"start\": ");
	json_date(out, r->start);
	strbuf_addstr(out, ", \"end\": ");
	json_date(out, r->end);
	strbuf_addstr(out, ", \"asof\": ");
	json_date(out, r->asof);
	strbuf_addstr(out, "},\n  \"next_period\": {\"name\": ");
	sss_json_str(out, r->next_name);
	strbuf_addstr(out, ", \"start\": ");
	json_date(out, r->next_start);
	strbuf_addstr(out, ", \"end\": ");
	json_date(out, r->next_end);
	strbuf_addstr(out, "},\n");

	strbuf_addf(out,
		    "  \"kpi\": {\n"
		    "    \"opened\": %d,\n    \"closed\": %d,\n    \"cancelled\": %d,\n"
		    "    \"backlog\": %d,\n"
		    "    \"backlog_age\": {\"under_10\": %d, \"10_to_30\": %d, \"over_30\": %d},\n"
		    "    \"overdue\": %d,\n"
		    "    \"closed_with_due\": %d,\n    \"closed_by_due\": %d,\n",
		    k->opened, k->closed, k->cancelled, k->backlog, k->age[0], k->age[1],
		    k->age[2], k->overdue, k->with_due, k->on_time);
	if (k->with_due)
		strbuf_addf(out, "    \"closed_by_due_rate\": %.4f,\n",
			    (double)k->on_time / k->with_due);
	else
		strbuf_addstr(out, "    \"closed_by_due_rate\": null,\n");
	strbuf_addf(out, "    \"incidents\": %d,\n    \"incidents_resolved\": %d,\n"
		    "    \"mttr_unit\": \"business_days\",\n",
		    k->incidents, k->inc_resolved);
	if (k->inc_resolved)
		strbuf_addf(out, "    \"mttr_mean\": %.2f,\n    \"mttr_median\": %.1f,\n",
			    k->mttr_mean, k->mttr_median);
	else
		strbuf_addstr(out, "    \"mttr_mean\": null,\n    \"mttr_median\": null,\n");
	strbuf_addf(out,
		    "    \"recurring_planned\": %d,\n    \"recurring_done\": %d,\n"
		    "    \"problems_opened\": %d,\n    \"problems_closed\": %d\n  },\n",
		    k->recurring_planned, k->recurring_done, k->problems_opened,
		    k->problems_closed);

	strbuf_addstr(out, "  \"sow_items\": ");
	json_sow_items(r, out, r->items);
	strbuf_addstr(out, ",\n  \"summary_items\": [");
	for (size_t i = 0; i < sss_catalog_summary_count(r->o.catalog); i++) {
		struct counts c;
		int no = sss_summary_no(r->o.catalog, i);
		report_summary_counts(r, no, &c);
		strbuf_addf(out, "%s\n    {\"no\": %d, \"item\": ", i ? "," : "", no);
		json_strn(out, sss_summary_item(r->o.catalog, i));
		strbuf_addstr(out, ", ");
		json_counts(out, &c);
		strbuf_addstr(out, "}");
	}
	strbuf_addstr(out, "\n  ],\n  \"categories\": [");
	struct catsum *cats;
	size_t ncats = report_category_counts(r, &cats);
	for (size_t i = 0; i < ncats; i++) {
		strbuf_addstr(out, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		sss_json_str(out, cats[i].name);
		strbuf_addstr(out, ", ");
		json_counts(out, &cats[i].c);
		strbuf_addstr(out, "}");
	}
	free(cats);
	strbuf_addstr(out, "\n  ]");
	if (r->o.kind == SSS_REPORT_MONTHLY) {
		strbuf_addf(out, ",\n  \"fiscal_year\": {\"year\": %d, \"start\": ", r->fy);
		json_date(out, r->fy_first);
		strbuf_addstr(out, ", \"asof\": ");
		json_date(out, r->asof);
		strbuf_addstr(out, "},\n  \"fy_sow_items\": ");
		json_sow_items(r, out, r->fy_items);
	}
	strbuf_addstr(out, ",\n  \"backlog_history\": [");
	for (int i = 0; i < 12; i++) {
		strbuf_addstr(out, i ? ",\n    {\"at\": " : "\n    {\"at\": ");
		json_date(out, r->hist_at[i]);
		strbuf_addf(out, ", \"open\": %d}", r->hist[i]);
	}
	strbuf_addstr(out, "\n  ]");
	json_list(out, r, "incidents", &r->incidents);
	json_list(out, r, "open_problems", &r->problems);
	json_list(out, r, "open_issues", &r->issues);
	json_list(out, r, "overdue", &r->overdue);
	strbuf_addstr(out, ",\n  \"next_work\": [");
	for (size_t i = 0; i < r->nnext; i++) {
		const struct occ *o = &r->next_work[i];
		const struct rt *x = report_find_id(r, o->id);
		strbuf_addstr(out, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		sss_json_str(out, o->id);
		strbuf_addstr(out, ", \"title\": ");
		sss_json_str(out, o->title);
		strbuf_addstr(out, ", \"work_start\": ");
		json_date(out, o->work_start);
		strbuf_addstr(out, ", \"work_end\": ");
		json_date(out, o->work_end);
		strbuf_addstr(out, ", \"due\": ");
		json_date(out, o->due);
		strbuf_addstr(out, ", \"status\": ");
		json_strn(out, x ? x->status : NULL);
		strbuf_addstr(out, "}");
	}
	strbuf_addstr(out, r->nnext ? "\n  ]" : "]");
	if (r->o.kind == SSS_REPORT_WEEKLY) {
		strbuf_addstr(out, ",\n  \"minutes\": ");
		if (r->minutes) {
			strbuf_addstr(out, "{\"id\": ");
			sss_json_str(out, r->minutes_id);
			strbuf_addstr(out, ", \"text\": ");
			sss_json_str(out, r->minutes);
			strbuf_addf(out, ", \"truncated\": %s}", r->minutes_cut ? "true" : "false");
		} else {
			strbuf_addstr(out, "null");
		}
	}
	strbuf_addstr(out, "\n}\n");
	strbuf_release(&sb);
}
