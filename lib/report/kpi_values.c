/* kpi_values.c - the service figures (kpi.c) as the report shows them:
 * the template values of the Markdown and HTML reports and the member
 * "service" of the JSON one. Effort is shown in hours with one decimal
 * (時間) and kept in minutes in JSON; a rate with nothing to divide by is
 * "-" (null in JSON). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "sss/catalog.h"
#include "sss/escape.h"
#include "sss/json.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"

static const char *const effort_item_cols[] = { "no", "item", "title", "key", "tickets",
						"planned", "actual", "total", "progress", NULL };
static const char *const effort_people_cols[] = { "name", "tickets", "planned", "actual", NULL };
static const char *const reopened_cols[] = { "id", "title", "status", NULL };
static const char *const recurrence_cols[] = { "id", "title", "status", "total",
					       "in_period", "incidents", NULL };

/* A title pattern without its placeholders' braces: "定例チェック (年月)". */
static void set_pattern(struct sss_tvars *v, const char *name, const char *pattern)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = pattern; *p; p++)
		if (*p != '{' && *p != '}')
			strbuf_addch(&sb, *p);
	report_set_md(v, name, sb.buf, SSS_REPORT_MAX_CELL);
	strbuf_release(&sb);
}

/* Minutes as hours: "1.5". */
static void set_hours(struct sss_tvars *v, const char *name, int min)
{
	sss_tvars_setf(v, name, "%.1f", min / 60.0);
}

/* "12.5%" of part / whole, or "-". */
static void set_rate(struct sss_tvars *v, const char *name, int part, int whole)
{
	if (whole)
		sss_tvars_setf(v, name, "%.1f%%", 100.0 * part / whole);
	else
		sss_tvars_set(v, name, "-");
}

static void set_status(struct sss_tvars *v, const char *status)
{
	const char *l = sss_status_label(status);
	report_set_md(v, "status", l ? l : status, 20);
}

/* Effort by SOW item (the items with tickets of the period) and person. */
static void vars_effort(const struct sss_report *r, struct sss_tvars *v)
{
	const struct kpi_report *k = &r->kx;
	struct kpi_effort tot = { NULL, 0, 0, 0, 0 };

	sss_tvars_list(v, "effort_items", effort_item_cols);
	for (size_t i = 0; i <= r->nentries; i++) {
		const struct kpi_effort *e = &k->items[i];
		const struct sss_sow_entry *s = i < r->nentries ? sss_catalog_at(r->o.catalog, i) : NULL;
		if (!e->tickets)
			continue;
		struct sss_tvars *row = sss_tvars_row(v, "effort_items");
		if (s) {
			sss_tvars_setf(row, "no", "%d", sss_sow_summary_no(s));
			report_set_md(row, "item", sss_sow_item(s), 0);
			report_set_md(row, "key", sss_sow_key(s), 0);
		} else {
			sss_tvars_set(row, "no", "-");
			sss_tvars_set(row, "item", "（カタログ外）");
			sss_tvars_set(row, "key", "-");
		}
		set_pattern(row, "title", s ? sss_sow_title(s) : "");
		sss_tvars_setf(row, "tickets", "%d", e->tickets);
		set_hours(row, "planned", e->planned);
		set_hours(row, "actual", e->actual);
		set_hours(row, "total", e->total);
		set_rate(row, "progress", e->total, e->planned);
		tot.tickets += e->tickets;
		tot.planned += e->planned;
		tot.actual += e->actual;
		tot.total += e->total;
	}
	sss_tvars_setf(v, "effort_tickets", "%d", tot.tickets);
	set_hours(v, "effort_planned", tot.planned);
	set_hours(v, "effort_actual", tot.actual);
	set_hours(v, "effort_total", tot.total);
	set_rate(v, "effort_progress", tot.total, tot.planned);

	size_t n = report_cap_rows(v, "effort_people", effort_people_cols, k->npeople);
	for (size_t i = 0; i < n; i++) {
		const struct kpi_effort *p = &k->people[i];
		struct sss_tvars *row = sss_tvars_row(v, "effort_people");
		report_set_md(row, "name", p->name, 40);
		sss_tvars_setf(row, "tickets", "%d", p->tickets);
		set_hours(row, "planned", p->planned);
		set_hours(row, "actual", p->actual);
	}
}

/* Reopen rate, first-contact resolution, recurrences per problem. */
static void vars_resolutions(const struct sss_report *r, struct sss_tvars *v)
{
	const struct kpi_report *k = &r->kx;

	sss_tvars_setf(v, "kpi_finished", "%d", k->finished);
	sss_tvars_setf(v, "kpi_reopened", "%d", k->reopened);
	set_rate(v, "kpi_reopen_rate", k->reopened, k->finished);
	sss_tvars_setf(v, "kpi_fcr_closed", "%d", k->closed);
	sss_tvars_setf(v, "kpi_fcr", "%d", k->fcr);
	set_rate(v, "kpi_fcr_rate", k->fcr, k->closed);

	size_t n = report_cap_rows(v, "reopened", reopened_cols, k->reopened_list.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[k->reopened_list.v[i]];
		struct sss_tvars *row = sss_tvars_row(v, "reopened");
		report_set_md(row, "id", x->id, 0);
		report_set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_status(row, x->kp.status);
	}

	n = report_cap_rows(v, "recurrences", recurrence_cols, k->nrec);
	for (size_t i = 0; i < n; i++) {
		const struct kpi_recur *c = &k->rec[i];
		const struct rt *x = &r->t[c->problem];
		struct sss_tvars *row = sss_tvars_row(v, "recurrences");
		report_set_md(row, "id", x->id, 0);
		report_set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_status(row, x->kp.read ? x->kp.status : x->status);
		sss_tvars_setf(row, "total", "%d", c->total);
		sss_tvars_setf(row, "in_period", "%d", c->in_period);
		if (*c->ids)
			report_set_md(row, "incidents", c->ids, SSS_REPORT_MAX_CELL);
		else
			sss_tvars_set(row, "incidents", "-");
	}
}

void report_kpi_vars(const struct sss_report *r, struct sss_tvars *v)
{
	vars_effort(r, v);
	vars_resolutions(r, v);
	report_kpi_sla_vars(r, v);
}

/* ---- JSON ------------------------------------------------------------------- */

static void key_int(struct sss_json *j, const char *key, long long n)
{
	sss_json_key(j, key);
	sss_json_int(j, n);
}

static void key_string(struct sss_json *j, const char *key, const char *s)
{
	sss_json_key(j, key);
	sss_json_string(j, s);
}

/* part / whole as a fraction with four decimals, or null. */
static void key_rate(struct sss_json *j, const char *key, int part, int whole)
{
	sss_json_key(j, key);
	if (whole)
		sss_json_numberf(j, "%.4f", (double)part / whole);
	else
		sss_json_null(j);
}

static void json_effort(const struct sss_report *r, struct sss_json *j)
{
	const struct kpi_report *k = &r->kx;

	sss_json_key(j, "effort_items");
	sss_json_array(j, SSS_JSON_LINES);
	for (size_t i = 0; i <= r->nentries; i++) {
		const struct kpi_effort *e = &k->items[i];
		if (!e->tickets)
			continue;
		sss_json_object(j, SSS_JSON_SPACED);
		key_string(j, "key", i < r->nentries ? sss_sow_key(sss_catalog_at(r->o.catalog, i)) : NULL);
		key_int(j, "tickets", e->tickets);
		key_int(j, "planned_min", e->planned);
		key_int(j, "actual_min", e->actual);
		key_int(j, "total_min", e->total);
		sss_json_end(j);
	}
	sss_json_end(j);
	sss_json_key(j, "effort_people");
	sss_json_array(j, SSS_JSON_LINES);
	for (size_t i = 0; i < k->npeople; i++) {
		const struct kpi_effort *p = &k->people[i];
		sss_json_object(j, SSS_JSON_SPACED);
		key_string(j, "name", p->name);
		key_int(j, "tickets", p->tickets);
		key_int(j, "planned_min", p->planned);
		key_int(j, "actual_min", p->actual);
		sss_json_end(j);
	}
	sss_json_end(j);
}

static void json_resolutions(const struct sss_report *r, struct sss_json *j)
{
	const struct kpi_report *k = &r->kx;

	sss_json_key(j, "reopen");
	sss_json_object(j, SSS_JSON_SPACED);
	key_int(j, "finished", k->finished);
	key_int(j, "reopened", k->reopened);
	key_rate(j, "rate", k->reopened, k->finished);
	sss_json_key(j, "tickets");
	sss_json_array(j, SSS_JSON_SPACED);
	for (size_t i = 0; i < k->reopened_list.n; i++)
		sss_json_string(j, r->t[k->reopened_list.v[i]].id);
	sss_json_end(j);
	sss_json_end(j);
	sss_json_key(j, "first_contact");
	sss_json_object(j, SSS_JSON_SPACED);
	key_int(j, "closed", k->closed);
	key_int(j, "resolved_first", k->fcr);
	key_rate(j, "rate", k->fcr, k->closed);
	sss_json_end(j);
	sss_json_key(j, "recurrences");
	sss_json_array(j, SSS_JSON_LINES);
	for (size_t i = 0; i < k->nrec; i++) {
		const struct kpi_recur *c = &k->rec[i];
		const struct rt *x = &r->t[c->problem];
		sss_json_object(j, SSS_JSON_SPACED);
		key_string(j, "id", x->id);
		key_string(j, "status", x->kp.read ? x->kp.status : x->status);
		key_int(j, "total", c->total);
		key_int(j, "in_period", c->in_period);
		key_string(j, "incidents", c->ids);
		sss_json_end(j);
	}
	sss_json_end(j);
}

void report_kpi_json(const struct sss_report *r, struct sss_json *j)
{
	sss_json_key(j, "service");
	sss_json_object(j, SSS_JSON_LINES);
	report_kpi_sla_json(r, j);
	json_resolutions(r, j);
	json_effort(r, j);
	sss_json_end(j);
}
