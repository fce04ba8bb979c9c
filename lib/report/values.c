/* values.c - the template values of the Markdown and HTML reports (the
 * names that templates/report-*.md use): every ticket text goes in
 * through sss_escape_markdown(), which keeps it text and cuts it to a
 * bound. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/escape.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"

static const char *const sow_cols[] = { "no", "category", "area", "item", "title",
					"key", "carried", "opened", "closed", "open", NULL };
static const char *const summary_cols[] = { "no", "category", "area", "item",
					    "carried", "opened", "closed", "open", NULL };
static const char *const cat_cols[] = { "name", "carried", "opened", "closed", "open", NULL };
static const char *const incident_cols[] = { "id", "title", "created", "closed",
					     "status", "resolution", NULL };
static const char *const problem_cols[] = { "id", "title", "created", "incidents",
					    "assignee", "status", NULL };
static const char *const issue_cols[] = { "id", "title", "created", "due",
					  "assignee", "status", NULL };
static const char *const overdue_cols[] = { "id", "title", "due", "days",
					    "assignee", "status", NULL };
static const char *const next_cols[] = { "title", "work", "due", "ticket", "status", NULL };
static const char *const hist_cols[] = { "month", "at", "open", NULL };

void report_set_md(struct sss_tvars *v, const char *name, const char *raw, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	sss_escape_markdown(&sb, raw ? raw : "", max);
	sss_tvars_set(v, name, sb.buf);
	strbuf_release(&sb);
}

/* An optional text: "-" when missing. */
static void set_opt(struct sss_tvars *v, const char *name, const char *raw, size_t max)
{
	if (raw && *raw)
		report_set_md(v, name, raw, max);
	else
		sss_tvars_set(v, name, "-");
}

static void set_date(struct sss_tvars *v, const char *name, sss_date d)
{
	struct strbuf sb = STRBUF_INIT;
	if (d != NODUE && d != NEVER && d > INT32_MIN / 2)
		report_iso_date(&sb, d);
	else
		strbuf_addstr(&sb, "-");
	sss_tvars_set(v, name, sb.buf);
	strbuf_release(&sb);
}

/* A date of a table, in the era of the config (report_cell_date). */
static void set_day(const struct sss_report *r, struct sss_tvars *v, const char *name,
		    sss_date d)
{
	struct strbuf sb = STRBUF_INIT;
	if (d != NODUE && d != NEVER && d > INT32_MIN / 2) {
		report_cell_date(r, &sb, d);
		sss_tvars_set(v, name, sb.buf);
	} else
		set_date(v, name, d);
	strbuf_release(&sb);
}

static void set_status(struct sss_tvars *v, const struct rt *x)
{
	const char *l = sss_status_label(x->status);
	report_set_md(v, "status", l ? l : x->status, 20);
}

/* Drop the placeholders' braces of a title pattern: "定例チェック (年月)". */
static void set_pattern(struct sss_tvars *v, const char *name, const char *pattern)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = pattern ? pattern : ""; *p; p++)
		if (*p != '{' && *p != '}')
			strbuf_addch(&sb, *p);
	report_set_md(v, name, sb.buf, SSS_REPORT_MAX_CELL);
	strbuf_release(&sb);
}

static void set_counts(struct sss_tvars *row, const struct counts *c)
{
	sss_tvars_setf(row, "opened", "%d", c->opened);
	sss_tvars_setf(row, "closed", "%d", c->closed);
	sss_tvars_setf(row, "open", "%d", c->open);
	sss_tvars_setf(row, "carried", "%d", c->carried);
}

/* The per-entry table: category and area only where they change, as in
 * the SOW; a last row for tickets whose sow key is not in the catalog. */
static void sow_rows(const struct sss_report *r, struct sss_tvars *v, const char *list,
		     const char *prefix, const struct counts *c)
{
	const char *pcat = NULL, *parea = NULL;
	struct counts tot = { 0, 0, 0, 0 };
	struct strbuf name = STRBUF_INIT;

	sss_tvars_list(v, list, sow_cols);
	for (size_t i = 0; i <= r->nentries; i++) {
		tot.opened += c[i].opened;
		tot.closed += c[i].closed;
		tot.open += c[i].open;
		tot.carried += c[i].carried;
		if (i == r->nentries) {
			if (!c[i].opened && !c[i].closed && !c[i].open && !c[i].carried)
				break;
			struct sss_tvars *row = sss_tvars_row(v, list);
			sss_tvars_set(row, "no", "-");
			sss_tvars_set(row, "category", "（カタログ外）");
			sss_tvars_set(row, "area", "");
			sss_tvars_set(row, "item", "");
			sss_tvars_set(row, "title", "カタログにない SOW キーのチケット");
			sss_tvars_set(row, "key", "-");
			set_counts(row, &c[i]);
			break;
		}
		const struct sss_sow_entry *e = sss_catalog_at(r->o.catalog, i);
		struct sss_tvars *row = sss_tvars_row(v, list);
		bool new_cat = !report_streq(pcat, sss_sow_category(e));
		sss_tvars_setf(row, "no", "%d", sss_sow_summary_no(e));
		report_set_md(row, "category", new_cat ? sss_sow_category(e) : "", 0);
		report_set_md(row, "area", new_cat || !report_streq(parea, sss_sow_area(e)) ? sss_sow_area(e) : "", 0);
		report_set_md(row, "item", sss_sow_item(e), 0);
		set_pattern(row, "title", sss_sow_title(e));
		report_set_md(row, "key", sss_sow_key(e), 0);
		set_counts(row, &c[i]);
		pcat = sss_sow_category(e);
		parea = sss_sow_area(e);
	}
	strbuf_addf(&name, "%stotal_opened", prefix);
	sss_tvars_setf(v, name.buf, "%d", tot.opened);
	strbuf_reset(&name);
	strbuf_addf(&name, "%stotal_closed", prefix);
	sss_tvars_setf(v, name.buf, "%d", tot.closed);
	strbuf_reset(&name);
	strbuf_addf(&name, "%stotal_open", prefix);
	sss_tvars_setf(v, name.buf, "%d", tot.open);
	strbuf_reset(&name);
	strbuf_addf(&name, "%stotal_carried", prefix);
	sss_tvars_setf(v, name.buf, "%d", tot.carried);
	strbuf_release(&name);
}

/* A list capped at SSS_REPORT_MAX_ROWS rows: "<list>_more" says how many
 * were left out. Returns the number of rows to write. */
size_t report_cap_rows(struct sss_tvars *v, const char *list, const char *const *cols,
		       size_t n)
{
	struct strbuf name = STRBUF_INIT;
	sss_tvars_list(v, list, cols);
	strbuf_addf(&name, "%s_more", list);
	sss_tvars_setf(v, name.buf, "%zu", n > SSS_REPORT_MAX_ROWS ? n - SSS_REPORT_MAX_ROWS : 0);
	strbuf_release(&name);
	return n > SSS_REPORT_MAX_ROWS ? SSS_REPORT_MAX_ROWS : n;
}

/* Meeting minutes as a Markdown block quote: list markers and their
 * indentation stay Markdown, everything else is text (sss_escape_markdown), so the
 * minutes keep their lists but can carry no markup, table or HTML. */
static void minutes_md(struct strbuf *out, const char *text, bool cut)
{
	bool in_list = false;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		const char *s = line;
		int indent = 0;

		while (*s == ' ' || *s == '\t') {
			indent += *s == '\t' ? 4 : 1;
			s++;
		}
		if (!*s) {
			strbuf_addstr(out, ">\n");
			in_list = false;
		} else {
			const char *q = s;
			if ((*q == '-' || *q == '*' || *q == '+') && q[1] == ' ') {
				q += 2;
			} else {
				const char *d = q;
				while (*d >= '0' && *d <= '9' && d - q < 9)
					d++;
				if (d > q && (*d == '.' || *d == ')') && d[1] == ' ')
					q = d + 2;
			}
			if (q > s && q[0] == '[' && strchr(" xX", q[1]) && q[2] == ']' && q[3] == ' ')
				q += 4;
			/* a plain line after a list item starts a paragraph of its
			 * own rather than continuing the item */
			if (in_list && q == s && !indent)
				strbuf_addstr(out, ">\n");
			in_list = q > s || (in_list && indent);
			strbuf_addstr(out, "> ");
			for (int i = 0; i < (indent > 12 ? 12 : indent); i++)
				strbuf_addch(out, ' ');
			strbuf_add(out, s, (size_t)(q - s));
			sss_escape_markdown(out, q, 0);
			strbuf_addch(out, '\n');
		}
		free(line);
		p += nl ? len + 1 : len;
	}
	if (cut)
		strbuf_addstr(out, ">\n> （以下省略）\n");
}

/* The report, its period and the dates in words. */
static void vars_period(const struct sss_report *r, enum sss_report_format f,
			struct sss_tvars *v)
{
	struct strbuf sb = STRBUF_INIT;
	const struct sss_config *cfg = r->o.config;
	struct tm tm;
	time_t now = r->o.now;

	sss_tvars_set(v, "report_title",
		      r->o.kind == SSS_REPORT_MONTHLY ? "月次報告書" : "週次報告書");
	sss_tvars_set(v, "format", f == SSS_REPORT_HTML ? "html" : "md");
	report_set_md(v, "client", cfg->client, 0);
	report_set_md(v, "client_name", cfg->client_name, 0);
	strbuf_addf(&sb, "%s 御中", cfg->client_name ? cfg->client_name : "");
	report_set_md(v, "addressee", sb.buf, 0);
	strbuf_reset(&sb);
	report_set_md(v, "provider", cfg->provider, 0);
	sss_tvars_set(v, "period", r->period_name);
	report_period_label(r, &sb, r->o.period);
	sss_tvars_set(v, "period_label", sb.buf);
	strbuf_reset(&sb);
	report_range_text(r, &sb, r->start, r->end);
	sss_tvars_set(v, "period_range", sb.buf);
	strbuf_reset(&sb);
	report_day_text(r, &sb, r->asof);
	sss_tvars_set(v, "asof", sb.buf);
	sss_tvars_set(v, "partial", r->asof < r->end ? "1" : "0");
	strbuf_reset(&sb);
	report_day_text(r, &sb, r->today);
	localtime_r(&now, &tm);
	strbuf_addf(&sb, " %02d:%02d", tm.tm_hour, tm.tm_min);
	sss_tvars_set(v, "generated", sb.buf);
	strbuf_reset(&sb);
	sss_time_format(&sb, now);
	sss_tvars_set(v, "generated_iso", sb.buf);
	strbuf_reset(&sb);
	report_period_label(r, &sb, r->next);
	sss_tvars_set(v, "next_label", sb.buf);
	strbuf_reset(&sb);
	report_range_text(r, &sb, r->next_start, r->next_end);
	sss_tvars_set(v, "next_range", sb.buf);
	strbuf_reset(&sb);
	report_month_text(r, &sb, r->fy, 0, "度");
	sss_tvars_set(v, "fy_label", sb.buf);
	strbuf_reset(&sb);
	report_range_text(r, &sb, r->fy_first, r->asof);
	sss_tvars_set(v, "fy_range", sb.buf);
	strbuf_reset(&sb);
	sss_report_file_name(r, f, &sb);
	report_set_md(v, "file_name", sb.buf, 0);
	strbuf_setlen(&sb, (size_t)(strrchr(sb.buf, '.') - sb.buf));
	report_set_md(v, "document", sb.buf, 0);
	strbuf_release(&sb);
}

/* The KPIs: kpi_*. */
static void vars_kpi(const struct sss_report *r, struct sss_tvars *v)
{
	const struct kpi *k = &r->k;

	sss_tvars_set(v, "mttr_unit", "営業日");
	sss_tvars_setf(v, "kpi_carried", "%d", k->carried);
	sss_tvars_setf(v, "kpi_opened", "%d", k->opened);
	sss_tvars_setf(v, "kpi_closed", "%d", k->closed);
	sss_tvars_setf(v, "kpi_cancelled", "%d", k->cancelled);
	sss_tvars_setf(v, "kpi_backlog", "%d", k->backlog);
	sss_tvars_setf(v, "kpi_age_lt10", "%d", k->age[0]);
	sss_tvars_setf(v, "kpi_age_10_30", "%d", k->age[1]);
	sss_tvars_setf(v, "kpi_age_gt30", "%d", k->age[2]);
	sss_tvars_setf(v, "kpi_overdue", "%d", k->overdue);
	sss_tvars_setf(v, "kpi_closed_with_due", "%d", k->with_due);
	sss_tvars_setf(v, "kpi_closed_by_due", "%d", k->on_time);
	if (k->with_due)
		sss_tvars_setf(v, "kpi_closed_by_due_rate", "%.1f%%",
			100.0 * k->on_time / k->with_due);
	else
		sss_tvars_set(v, "kpi_closed_by_due_rate", "-");
	sss_tvars_setf(v, "kpi_incidents", "%d", k->incidents);
	sss_tvars_setf(v, "kpi_incidents_resolved", "%d", k->inc_resolved);
	if (k->inc_resolved) {
		sss_tvars_setf(v, "kpi_mttr_mean", "%.1f", k->mttr_mean);
		sss_tvars_setf(v, "kpi_mttr_median", "%.1f", k->mttr_median);
	} else {
		sss_tvars_set(v, "kpi_mttr_mean", "-");
		sss_tvars_set(v, "kpi_mttr_median", "-");
	}
	sss_tvars_setf(v, "kpi_recurring_planned", "%d", k->recurring_planned);
	sss_tvars_setf(v, "kpi_recurring_done", "%d", k->recurring_done);
	sss_tvars_setf(v, "kpi_problems_opened", "%d", k->problems_opened);
	sss_tvars_setf(v, "kpi_problems_closed", "%d", k->problems_closed);
}

/* The tables by SOW item (of the period and, monthly, of the fiscal
 * year), by summary item and by category. */
static void vars_tables(const struct sss_report *r, struct sss_tvars *v)
{
	struct catsum *cats;
	size_t ncats;

	sow_rows(r, v, "sow_items", "", r->items);
	if (r->o.kind == SSS_REPORT_MONTHLY)
		sow_rows(r, v, "fy_items", "fy_", r->fy_items);
	else
		sss_tvars_list(v, "fy_items", sow_cols);
	sss_tvars_list(v, "summary_items", summary_cols);
	for (size_t i = 0; i < sss_catalog_summary_count(r->o.catalog); i++) {
		struct sss_tvars *row = sss_tvars_row(v, "summary_items");
		struct counts c;
		int no = sss_summary_no(r->o.catalog, i);
		report_summary_counts(r, no, &c);
		sss_tvars_setf(row, "no", "%d", no);
		report_set_md(row, "category", sss_summary_category(r->o.catalog, i), 0);
		report_set_md(row, "area", sss_summary_area(r->o.catalog, i), 0);
		report_set_md(row, "item", sss_summary_item(r->o.catalog, i), 0);
		set_counts(row, &c);
	}
	ncats = report_category_counts(r, &cats);
	sss_tvars_list(v, "categories", cat_cols);
	for (size_t i = 0; i < ncats; i++) {
		struct sss_tvars *row = sss_tvars_row(v, "categories");
		report_set_md(row, "name", cats[i].name, 0);
		set_counts(row, &cats[i].c);
	}
	free(cats);
}

/* The ticket lists: incidents, problems, issues (課題), overdue. */
static void vars_incidents(const struct sss_report *r, struct sss_tvars *v)
{
	size_t n = report_cap_rows(v, "incidents", incident_cols, r->incidents.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[r->incidents.v[i]];
		struct sss_tvars *row = sss_tvars_row(v, "incidents");
		report_set_md(row, "id", x->id, 0);
		report_set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_day(r, row, "created", x->created);
		set_day(r, row, "closed", x->fin <= r->asof ? x->fin : NEVER);
		set_status(row, x);
		report_set_md(row, "resolution", x->resolution, SSS_REPORT_MAX_CELL);
	}
}

static void vars_problems(const struct sss_report *r, struct sss_tvars *v)
{
	size_t n = report_cap_rows(v, "problems", problem_cols, r->problems.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[r->problems.v[i]];
		struct sss_tvars *row = sss_tvars_row(v, "problems");
		report_set_md(row, "id", x->id, 0);
		report_set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_day(r, row, "created", x->created);
		set_opt(row, "incidents", x->incidents, SSS_REPORT_MAX_CELL);
		set_opt(row, "assignee", x->assignee, 40);
		set_status(row, x);
	}
}

static void vars_issues(const struct sss_report *r, struct sss_tvars *v)
{
	size_t n = report_cap_rows(v, "issues", issue_cols, r->issues.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[r->issues.v[i]];
		struct sss_tvars *row = sss_tvars_row(v, "issues");
		report_set_md(row, "id", x->id, 0);
		report_set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_day(r, row, "created", x->created);
		set_day(r, row, "due", x->due);
		set_opt(row, "assignee", x->assignee, 40);
		set_status(row, x);
	}
}

static void vars_overdue(const struct sss_report *r, struct sss_tvars *v)
{
	size_t n = report_cap_rows(v, "overdue", overdue_cols, r->overdue.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[r->overdue.v[i]];
		struct sss_tvars *row = sss_tvars_row(v, "overdue");
		report_set_md(row, "id", x->id, 0);
		report_set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_day(r, row, "due", x->due);
		sss_tvars_setf(row, "days", "%d",
			sss_calendar_count_business_days(r->o.cal, x->due + 1, r->overdue_before - 1));
		set_opt(row, "assignee", x->assignee, 40);
		set_status(row, x);
	}
}

/* The recurring work of the next period, with its ticket where there is
 * one. */
static void vars_next_work(const struct sss_report *r, struct sss_tvars *v)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = report_cap_rows(v, "next_work", next_cols, r->nnext);

	for (size_t i = 0; i < n; i++) {
		const struct occ *o = &r->next_work[i];
		const struct rt *x = report_find_id(r, o->id);
		struct sss_tvars *row = sss_tvars_row(v, "next_work");
		report_set_md(row, "title", o->title, SSS_REPORT_MAX_CELL);
		strbuf_reset(&sb);
		report_cell_date(r, &sb, o->work_start);
		if (o->work_end != o->work_start) {
			strbuf_addstr(&sb, "～");
			report_cell_date(r, &sb, o->work_end);
		}
		sss_tvars_set(row, "work", sb.buf);
		set_day(r, row, "due", o->due);
		report_set_md(row, "ticket", x ? x->id : "未作成", 0);
		if (x)
			set_status(row, x);
		else
			sss_tvars_set(row, "status", "-");
	}
	strbuf_release(&sb);
}

/* The open backlog at each month end of the last 12 months. */
static void vars_history(const struct sss_report *r, struct sss_tvars *v)
{
	sss_tvars_list(v, "backlog_history", hist_cols);
	for (int i = report_hist_first(r); i < 12; i++) {
		struct sss_tvars *row = sss_tvars_row(v, "backlog_history");
		int y, m, d;
		sss_date_to_ymd(r->hist_at[i], &y, &m, &d);
		struct strbuf month = STRBUF_INIT;
		report_month_text(r, &month, y, m, "");
		sss_tvars_set(row, "month", month.buf);
		strbuf_release(&month);
		set_day(r, row, "at", r->hist_at[i]);
		sss_tvars_setf(row, "open", "%d", r->hist[i]);
	}
}

/* Weekly: the meeting's minutes. */
static void vars_minutes(const struct sss_report *r, struct sss_tvars *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (r->minutes)
		minutes_md(&sb, r->minutes, r->minutes_cut);
	sss_tvars_set(v, "minutes", sb.buf);
	report_set_md(v, "minutes_id", r->minutes_id ? r->minutes_id : "", 0);
	strbuf_release(&sb);
}

struct sss_tvars *report_vars(const struct sss_report *r,
			      enum sss_report_format f)
{
	struct sss_tvars *v = sss_tvars_new();

	vars_period(r, f, v);
	vars_kpi(r, v);
	report_kpi_vars(r, v);
	vars_tables(r, v);
	vars_incidents(r, v);
	vars_problems(r, v);
	vars_issues(r, v);
	vars_overdue(r, v);
	vars_next_work(r, v);
	vars_history(r, v);
	vars_minutes(r, v);
	return v;
}
