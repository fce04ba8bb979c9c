/* kpi_sla.c - the service levels of a report: SLA達成率 per target
 * (response, resolve) and kind and for the whole service, the tickets
 * that missed or are breaching a target, and 問合せ回答時間遵守率.
 *
 * A ticket's levels are computed (sla.h) on the ticket as it stood at
 * the report's cut-off: its status then, and only the work-log entries
 * before it, at the cut-off as `now`. A target counts in the period
 * whose time its clock stopped in (met: in time, missed: late); a clock
 * still running past its due moment at the cut-off is breached and is
 * listed, but counts only in the period it stops in. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/json.h"
#include "sss/labels.h"
#include "sss/scan.h"
#include "sss/sla.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"

static const char *const target_names[2] = { "response", "resolve" };
static const char *const target_labels[2] = { "応答", "解決" };

/* The kinds in the words of the SOW (labels.h). */
static const char *kind_label(const char *kind)
{
	const char *l = sss_label_of("kind", kind);
	return l ? l : kind;
}

static int kind_index(const char *kind)
{
	for (int i = 0; kind && sss_kinds[i] && i < KPI_KINDS; i++)
		if (!strcmp(sss_kinds[i], kind))
			return i;
	return -1;
}

void report_kpi_sla_take(struct sss_report *r, const struct sss_scan_item *s,
			 struct rt *x, const char *history)
{
	struct strbuf sb = STRBUF_INIT;
	const char *closed = sss_scan_get(s, "closed");
	const char *updated = sss_scan_get(s, "updated");
	long long when;
	/* the ticket as at the cut-off: its status then, closed only when
	 * it was done by then, updated at most the cut-off. The view's
	 * values passed the ticket's checks when the file was loaded, so
	 * they are what a ticket set to them would give. */
	struct sss_sla_input in = {
		sss_scan_get(s, "kind"), sss_scan_get(s, "priority"), x->kp.status,
		sss_scan_get(s, "created"), NULL, NULL, history,
	};

	if (!sss_config_sla_target(r->o.config, in.kind, in.priority))
		goto done; /* no target: no figures */
	if (closed && sss_status_is_done(x->kp.status) &&
	    sss_datetime_parse(closed, &when) == 0 && when < r->kx.cutoff)
		in.closed = closed;
	if (updated && sss_datetime_parse(updated, &when) == 0 && when >= r->kx.cutoff) {
		sss_time_format(&sb, r->kx.cutoff);
		updated = sb.buf;
	}
	in.updated = updated;
	x->kp.has_sla = sss_sla_compute_input(r->o.config, r->o.cal, &in, r->kx.cutoff,
					      &x->kp.sla);
done:
	strbuf_release(&sb);
}

static const struct sss_sla_clock *clock_of(const struct rt *x, int target)
{
	return target ? &x->kp.sla.resolve : &x->kp.sla.response;
}

/* The clock stopped in the period. */
static bool done_in(const struct sss_report *r, const struct sss_sla_clock *c)
{
	return c->set && c->done && c->done >= r->kx.from && c->done < r->kx.cutoff &&
	       (c->state == SSS_SLA_MET || c->state == SSS_SLA_MISSED);
}

static bool listed(const struct sss_report *r, const struct sss_sla_clock *c)
{
	return c->set && (c->state == SSS_SLA_BREACHED || (done_in(r, c) && c->state == SSS_SLA_MISSED));
}

void report_kpi_sla_stats(struct sss_report *r)
{
	struct kpi_report *k = &r->kx;

	for (size_t i = 0; i < r->n; i++) {
		const struct rt *x = &r->t[i];
		int ki = kind_index(x->kind);
		bool list = false;
		if (!x->kp.has_sla || ki < 0)
			continue;
		for (int g = 0; g < 2; g++) {
			const struct sss_sla_clock *c = clock_of(x, g);
			if (!c->set)
				continue;
			int done = done_in(r, c), met = done && c->state == SSS_SLA_MET;
			int breached = c->state == SSS_SLA_BREACHED;
			k->sla[ki][g].done += done;
			k->sla[ki][g].met += met;
			k->sla[ki][g].breached += breached;
			k->sla[KPI_KINDS][g].done += done;
			k->sla[KPI_KINDS][g].met += met;
			k->sla[KPI_KINDS][g].breached += breached;
			list |= listed(r, c);
		}
		if (list) {
			SSS_GROW(k->sla_list.v, k->sla_list.alloc, k->sla_list.n + 1);
			k->sla_list.v[k->sla_list.n++] = i;
		}
	}
}

const char *report_sla_kind_label(const char *kind)
{
	return kind_label(kind);
}

const struct sss_sla_clock *report_sla_listed(const struct sss_report *r,
					      const struct rt *x, int target)
{
	const struct sss_sla_clock *c = clock_of(x, target);
	return x->kp.has_sla && listed(r, c) ? c : NULL;
}

/* ---- values ----------------------------------------------------------------- */

static const char *const sla_kind_cols[] = { "kind", "target", "done", "met", "missed",
					     "breached", "rate", NULL };
static const char *const sla_miss_cols[] = { "id", "title", "kind", "target", "due",
					     "used", "state", NULL };

static void set_rate(struct sss_tvars *v, const char *name, int part, int whole)
{
	if (whole)
		sss_tvars_setf(v, name, "%.1f%%", 100.0 * part / whole);
	else
		sss_tvars_set(v, name, "-");
}

/* "2026-11-04 17:15" in local time, the date in the config's era
 * ("R8.11.4 17:15"). */
static void add_moment(const struct sss_report *r, struct strbuf *out, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	report_cell_date(r, out, sss_time_date(t));
	strbuf_addf(out, " %02d:%02d", tm.tm_hour, tm.tm_min);
}

static void sla_row(struct sss_tvars *v, const char *kind, int g, const struct kpi_sla_count *c)
{
	struct sss_tvars *row = sss_tvars_row(v, "sla_kinds");
	sss_tvars_set(row, "kind", kind);
	sss_tvars_set(row, "target", target_labels[g]);
	sss_tvars_setf(row, "done", "%d", c->done);
	sss_tvars_setf(row, "met", "%d", c->met);
	sss_tvars_setf(row, "missed", "%d", c->done - c->met);
	sss_tvars_setf(row, "breached", "%d", c->breached);
	set_rate(row, "rate", c->met, c->done);
}

/* The clocks of x that the list shows, one row each. */
static void miss_rows(const struct sss_report *r, struct sss_tvars *v, const struct rt *x)
{
	struct strbuf sb = STRBUF_INIT;

	for (int g = 0; g < 2; g++) {
		const struct sss_sla_clock *c = clock_of(x, g);
		if (!listed(r, c))
			continue;
		struct sss_tvars *row = sss_tvars_row(v, "sla_misses");
		report_set_md(row, "id", x->id, 0);
		report_set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		sss_tvars_set(row, "kind", kind_label(x->kind));
		sss_tvars_set(row, "target", target_labels[g]);
		strbuf_reset(&sb);
		add_moment(r, &sb, c->due);
		sss_tvars_set(row, "due", sb.buf);
		sss_tvars_setf(row, "used", "%d%%", c->target_min ? 100 * c->used_min / c->target_min : 0);
		sss_tvars_set(row, "state", sss_sla_state_label(c->state));
	}
	strbuf_release(&sb);
}

void report_kpi_sla_vars(const struct sss_report *r, struct sss_tvars *v)
{
	const struct kpi_report *k = &r->kx;
	const struct kpi_sla_count *all = k->sla[KPI_KINDS];
	int req = kind_index("request");

	sss_tvars_list(v, "sla_kinds", sla_kind_cols);
	for (int ki = 0; ki < KPI_KINDS && sss_kinds[ki]; ki++)
		for (int g = 0; g < 2; g++)
			if (k->sla[ki][g].done || k->sla[ki][g].breached)
				sla_row(v, kind_label(sss_kinds[ki]), g, &k->sla[ki][g]);
	for (int g = 0; g < 2; g++) {
		struct strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "kpi_sla_%s_", target_names[g]);
		size_t len = name.len;
		strbuf_addstr(&name, "done");
		sss_tvars_setf(v, name.buf, "%d", all[g].done);
		strbuf_setlen(&name, len);
		strbuf_addstr(&name, "met");
		sss_tvars_setf(v, name.buf, "%d", all[g].met);
		strbuf_setlen(&name, len);
		strbuf_addstr(&name, "breached");
		sss_tvars_setf(v, name.buf, "%d", all[g].breached);
		strbuf_setlen(&name, len);
		strbuf_addstr(&name, "rate");
		set_rate(v, name.buf, all[g].met, all[g].done);
		strbuf_release(&name);
	}
	set_rate(v, "kpi_sla_rate", all[0].met + all[1].met, all[0].done + all[1].done);
	sss_tvars_setf(v, "kpi_inquiries", "%d", req >= 0 ? k->sla[req][0].done : 0);
	sss_tvars_setf(v, "kpi_inquiries_in_time", "%d", req >= 0 ? k->sla[req][0].met : 0);
	set_rate(v, "kpi_inquiry_rate", req >= 0 ? k->sla[req][0].met : 0,
		 req >= 0 ? k->sla[req][0].done : 0);

	sss_tvars_list(v, "sla_misses", sla_miss_cols);
	for (size_t i = 0; i < k->sla_list.n && sss_tvars_rows(v, "sla_misses") < SSS_REPORT_MAX_ROWS; i++)
		miss_rows(r, v, &r->t[k->sla_list.v[i]]);
	sss_tvars_setf(v, "sla_misses_more", "%zu",
		       k->sla_list.n > SSS_REPORT_MAX_ROWS ? k->sla_list.n - SSS_REPORT_MAX_ROWS : 0);
}

/* ---- JSON ------------------------------------------------------------------- */

static void key_int(struct sss_json *j, const char *key, long long n)
{
	sss_json_key(j, key);
	sss_json_int(j, n);
}

static void key_rate(struct sss_json *j, const char *key, int part, int whole)
{
	sss_json_key(j, key);
	if (whole)
		sss_json_numberf(j, "%.4f", (double)part / whole);
	else
		sss_json_null(j);
}

static void json_count(struct sss_json *j, const struct kpi_sla_count *c)
{
	sss_json_object(j, SSS_JSON_SPACED);
	key_int(j, "done", c->done);
	key_int(j, "met", c->met);
	key_int(j, "missed", c->done - c->met);
	key_int(j, "breached", c->breached);
	key_rate(j, "rate", c->met, c->done);
	sss_json_end(j);
}

static void json_misses(const struct sss_report *r, struct sss_json *j)
{
	struct strbuf sb = STRBUF_INIT;

	sss_json_key(j, "misses");
	sss_json_array(j, SSS_JSON_LINES);
	for (size_t i = 0; i < r->kx.sla_list.n; i++) {
		const struct rt *x = &r->t[r->kx.sla_list.v[i]];
		for (int g = 0; g < 2; g++) {
			const struct sss_sla_clock *c = clock_of(x, g);
			if (!listed(r, c))
				continue;
			sss_json_object(j, SSS_JSON_SPACED);
			sss_json_key(j, "id");
			sss_json_string(j, x->id);
			sss_json_key(j, "kind");
			sss_json_string(j, x->kind);
			sss_json_key(j, "target");
			sss_json_string(j, target_names[g]);
			strbuf_reset(&sb);
			sss_time_format(&sb, c->due);
			sss_json_key(j, "due");
			sss_json_string(j, sb.buf);
			key_int(j, "used_min", c->used_min);
			key_int(j, "target_min", c->target_min);
			sss_json_key(j, "state");
			sss_json_string(j, sss_sla_state_name(c->state));
			sss_json_end(j);
		}
	}
	sss_json_end(j);
	strbuf_release(&sb);
}

void report_kpi_sla_json(const struct sss_report *r, struct sss_json *j)
{
	const struct kpi_report *k = &r->kx;
	int req = kind_index("request");
	struct kpi_sla_count none = { 0, 0, 0 };

	sss_json_key(j, "sla");
	sss_json_object(j, SSS_JSON_LINES);
	for (int g = 0; g < 2; g++) {
		sss_json_key(j, target_names[g]);
		json_count(j, &k->sla[KPI_KINDS][g]);
	}
	key_rate(j, "rate", k->sla[KPI_KINDS][0].met + k->sla[KPI_KINDS][1].met,
		 k->sla[KPI_KINDS][0].done + k->sla[KPI_KINDS][1].done);
	sss_json_key(j, "inquiries");
	json_count(j, req >= 0 ? &k->sla[req][0] : &none);
	sss_json_key(j, "by_kind");
	sss_json_object(j, SSS_JSON_LINES);
	for (int ki = 0; ki < KPI_KINDS && sss_kinds[ki]; ki++) {
		if (!k->sla[ki][0].done && !k->sla[ki][0].breached &&
		    !k->sla[ki][1].done && !k->sla[ki][1].breached)
			continue;
		sss_json_key(j, sss_kinds[ki]);
		sss_json_object(j, SSS_JSON_SPACED);
		for (int g = 0; g < 2; g++) {
			sss_json_key(j, target_names[g]);
			json_count(j, &k->sla[ki][g]);
		}
		sss_json_end(j);
	}
	sss_json_end(j);
	json_misses(r, j);
	sss_json_end(j);
}
