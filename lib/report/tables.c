/* tables.c - the report as tables (table.h), one sheet each in the xlsx
 * format: the KPIs, the counts by SOW item, the incidents, the open
 * problems, the service levels and the tickets that missed one, effort
 * by SOW item and by person, the planned work of the next period and the
 * backlog. Every number is read from the structs render_json.c reads
 * (r->k, r->kx, r->items, the lists), never computed again, so the
 * workbook says what the JSON says: counts as whole numbers, rates as
 * percentages (hundredths, Excel "0.0%"), effort in minutes shown as
 * hours ("[h]:mm"), dates as Excel dates. No list is cut to
 * SSS_REPORT_MAX_ROWS: a sheet holds what the JSON holds. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/sla.h"
#include "sss/strbuf.h"
#include "sss/table.h"
#include "sss/ticket.h"
#include "sss/xlsx.h"

struct tables {
	struct sss_table **v;
	size_t n, alloc;
	char *title; /* "KPBE 月次報告書 2026年11月度" over every sheet */
};

/* A new table named name with the columns of cols ("key", "heading"
 * pairs, NULL-ended) and note as its note line. */
static struct sss_table *add_table(struct tables *ts, const char *name,
				   const char *const *cols, const char *note)
{
	struct sss_table *t = sss_table_new(name);

	for (size_t i = 0; cols[i]; i += 2)
		sss_table_column(t, cols[i], cols[i + 1]);
	sss_table_set_title(t, ts->title);
	sss_table_set_note(t, note);
	SSS_GROW(ts->v, ts->alloc, ts->n + 1);
	ts->v[ts->n++] = t;
	return t;
}

/* The nearest whole number (no libm in the link). */
static int64_t round_ll(double v)
{
	return (int64_t)(v + (v < 0 ? -0.5 : 0.5));
}

/* A date, or an empty cell for none (no due date, not finished). */
static void cell_date(struct sss_table *t, sss_date d)
{
	if (d == NODUE || d == NEVER || d <= INT32_MIN / 2)
		sss_table_empty(t);
	else
		sss_table_date(t, d);
}

/* A moment as the local wall-clock minutes table.h wants. */
static void cell_moment(struct sss_table *t, time_t when)
{
	struct tm tm;

	if (!localtime_r(&when, &tm)) {
		sss_table_empty(t);
		return;
	}
	sss_table_datetime(t, (int64_t)sss_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
							 tm.tm_mday) * 1440 +
				      tm.tm_hour * 60 + tm.tm_min);
}

/* part / whole as hundredths of a percent (the JSON's four decimals of
 * the fraction), or an empty cell when there is nothing to divide by. */
static void cell_rate(struct sss_table *t, int part, int whole)
{
	if (whole)
		sss_table_percent(t, round_ll(10000.0 * part / whole));
	else
		sss_table_empty(t);
}

static void cell_status(struct sss_table *t, const char *status)
{
	const char *l = status ? sss_status_label(status) : NULL;
	sss_table_text(t, l ? l : status);
}

/* ---- KPIs ------------------------------------------------------------------ */

static void kpi_int(struct sss_table *t, const char *key, const char *label, long long v)
{
	sss_table_row(t);
	sss_table_text(t, label);
	sss_table_int(t, v);
	sss_table_text(t, key);
}

static void kpi_rate(struct sss_table *t, const char *key, const char *label, int part,
		     int whole)
{
	sss_table_row(t);
	sss_table_text(t, label);
	cell_rate(t, part, whole);
	sss_table_text(t, key);
}

static void kpi_minutes(struct sss_table *t, const char *key, const char *label, int min)
{
	sss_table_row(t);
	sss_table_text(t, label);
	sss_table_minutes(t, min);
	sss_table_text(t, key);
}

/* A mean or median in business days, with the JSON's decimals. */
static void kpi_days(struct sss_table *t, const char *key, const char *label, bool set,
		     double v, int scale)
{
	sss_table_row(t);
	sss_table_text(t, label);
	if (set)
		sss_table_decimal(t, round_ll(v * (scale == 1 ? 10 : 100)), scale);
	else
		sss_table_empty(t);
	sss_table_text(t, key);
}

static void tables_kpi(struct tables *ts, const struct sss_report *r)
{
	static const char *const cols[] = { "label", "指標", "value", "値", "key", "JSON", NULL };
	const struct kpi *k = &r->k;
	const struct kpi_report *x = &r->kx;
	const struct kpi_sla_count *all = x->sla[KPI_KINDS];
	int tickets = 0, planned = 0, actual = 0;
	struct sss_table *t = add_table(
		ts, "KPI", cols,
		"解決日数は、起票日の翌営業日から完了日までの営業日数（当日解決は 0）。"
		"経過日数は起票日の翌営業日から集計基準日までの営業日数。"
		"SLA達成率 = 達成 ÷ 判定。再オープン率 = 解決済・完了から戻した件数 ÷ "
		"解決済・完了にした件数。一次解決率 = 1 回の作業記録で完了した問合せ・"
		"インシデント ÷ 完了した問合せ・インシデント。作業時間は時間:分。");

	kpi_int(t, "kpi.carried", "前期繰越件数（期首の未完了）", k->carried);
	kpi_int(t, "kpi.opened", "起票件数", k->opened);
	kpi_int(t, "kpi.closed", "完了件数", k->closed);
	kpi_int(t, "kpi.cancelled", "うち取消", k->cancelled);
	kpi_int(t, "kpi.backlog", "期末未完了件数", k->backlog);
	kpi_int(t, "kpi.backlog_age.under_10", "うち経過 10 営業日未満", k->age[0]);
	kpi_int(t, "kpi.backlog_age.10_to_30", "うち経過 10～30 営業日", k->age[1]);
	kpi_int(t, "kpi.backlog_age.over_30", "うち経過 30 営業日超", k->age[2]);
	kpi_int(t, "kpi.overdue", "期限超過件数", k->overdue);
	kpi_int(t, "kpi.closed_with_due", "期限付き完了件数", k->with_due);
	kpi_int(t, "kpi.closed_by_due", "期限内完了件数", k->on_time);
	kpi_rate(t, "kpi.closed_by_due_rate", "期限内完了率", k->on_time, k->with_due);
	kpi_int(t, "kpi.incidents", "インシデント起票件数", k->incidents);
	kpi_int(t, "kpi.incidents_resolved", "インシデント解決件数", k->inc_resolved);
	kpi_days(t, "kpi.mttr_mean", "インシデント平均解決日数（営業日）", k->inc_resolved,
		 k->mttr_mean, 2);
	kpi_days(t, "kpi.mttr_median", "インシデント解決日数の中央値（営業日）",
		 k->inc_resolved, k->mttr_median, 1);
	kpi_int(t, "kpi.recurring_planned", "定期作業 予定", k->recurring_planned);
	kpi_int(t, "kpi.recurring_done", "定期作業 完了", k->recurring_done);
	kpi_int(t, "kpi.problems_opened", "問題管理 起票", k->problems_opened);
	kpi_int(t, "kpi.problems_closed", "問題管理 完了", k->problems_closed);
	kpi_rate(t, "service.sla.rate", "SLA達成率", all[0].met + all[1].met,
		 all[0].done + all[1].done);
	kpi_rate(t, "service.sla.response.rate", "SLA達成率（応答）", all[0].met, all[0].done);
	kpi_rate(t, "service.sla.resolve.rate", "SLA達成率（解決）", all[1].met, all[1].done);
	kpi_int(t, "service.sla.breached", "SLA超過中（応答・解決）",
		all[0].breached + all[1].breached);
	int req = -1;
	for (int i = 0; i < KPI_KINDS && sss_kinds[i]; i++)
		if (!strcmp(sss_kinds[i], "request"))
			req = i;
	kpi_int(t, "service.sla.inquiries.done", "問合せ 応答件数",
		req >= 0 ? x->sla[req][0].done : 0);
	kpi_rate(t, "service.sla.inquiries.rate", "問合せ回答時間遵守率",
		 req >= 0 ? x->sla[req][0].met : 0, req >= 0 ? x->sla[req][0].done : 0);
	kpi_int(t, "service.reopen.finished", "解決済・完了にした件数", x->finished);
	kpi_int(t, "service.reopen.reopened", "再オープン件数", x->reopened);
	kpi_rate(t, "service.reopen.rate", "再オープン率", x->reopened, x->finished);
	kpi_int(t, "service.first_contact.closed", "完了した問合せ・インシデント", x->closed);
	kpi_int(t, "service.first_contact.resolved_first", "一次解決件数", x->fcr);
	kpi_rate(t, "service.first_contact.rate", "一次解決率", x->fcr, x->closed);
	for (size_t i = 0; i <= r->nentries; i++) {
		tickets += x->items[i].tickets;
		planned += x->items[i].planned;
		actual += x->items[i].actual;
	}
	kpi_int(t, "effort.tickets", "工数の対象チケット", tickets);
	kpi_minutes(t, "effort.planned_min", "工数 予定（見積り合計）", planned);
	kpi_minutes(t, "effort.actual_min", "工数 実績（当期）", actual);
}

/* ---- counts by SOW item ----------------------------------------------------- */

static void count_cells(struct sss_table *t, const struct counts *c)
{
	sss_table_int(t, c->carried);
	sss_table_int(t, c->opened);
	sss_table_int(t, c->closed);
	sss_table_int(t, c->open);
}

static void tables_sow(struct tables *ts, const struct sss_report *r, const char *name,
		       const struct counts *c, const char *carried)
{
	const char *const cols[] = { "summary", "No.",  "category", "大分類", "area",
				     "中分類",  "item", "小分類",   "title",  "件名",
				     "key",     "キー", "carried",  carried,  "opened",
				     "起票",    "closed", "完了",   "open",   "期末未完了",
				     NULL };
	const struct counts *out = &c[r->nentries];
	struct sss_table *t = add_table(
		ts, name, cols,
		"前期繰越 + 起票 − 完了 = 期末未完了。キーのない行はカタログにない SOW キーのチケット。");

	for (size_t i = 0; i < r->nentries; i++) {
		const struct sss_sow_entry *e = sss_catalog_at(r->o.catalog, i);
		sss_table_row(t);
		sss_table_int(t, sss_sow_summary_no(e));
		sss_table_text(t, sss_sow_category(e));
		sss_table_text(t, sss_sow_area(e));
		sss_table_text(t, sss_sow_item(e));
		sss_table_text(t, sss_sow_title(e));
		sss_table_text(t, sss_sow_key(e));
		count_cells(t, &c[i]);
	}
	if (out->opened || out->closed || out->open || out->carried) {
		sss_table_row(t);
		sss_table_empty(t);
		sss_table_text(t, "（カタログ外）");
		sss_table_empty(t);
		sss_table_empty(t);
		sss_table_empty(t);
		sss_table_empty(t);
		count_cells(t, out);
	}
}

/* ---- lists of tickets ------------------------------------------------------- */

static void tables_list(struct tables *ts, const struct sss_report *r, const char *name,
			const struct idxlist *l, const char *note)
{
	static const char *const cols[] = { "id",	"ID",	"title", "件名", "sow",
					    "SOW",	"status", "状態", "assignee", "担当",
					    "created", "起票日", "due",	 "期限", "closed",
					    "完了日",	"incidents", "関連インシデント", NULL };
	struct sss_table *t = add_table(ts, name, cols, note);

	for (size_t i = 0; i < l->n; i++) {
		const struct rt *x = &r->t[l->v[i]];
		sss_table_row(t);
		sss_table_text(t, x->id);
		sss_table_text(t, x->title);
		sss_table_text(t, x->sow);
		cell_status(t, x->status);
		sss_table_text(t, x->assignee);
		cell_date(t, x->created);
		cell_date(t, x->due);
		cell_date(t, x->fin <= r->asof ? x->fin : NEVER);
		sss_table_text(t, x->incidents);
	}
}

/* ---- service levels ------------------------------------------------------- */

static const char *const target_labels[2] = { "応答", "解決" };

static void sla_count_row(struct sss_table *t, const char *kind, int g,
			  const struct kpi_sla_count *c)
{
	sss_table_row(t);
	sss_table_text(t, kind);
	sss_table_text(t, target_labels[g]);
	sss_table_int(t, c->done);
	sss_table_int(t, c->met);
	sss_table_int(t, c->done - c->met);
	sss_table_int(t, c->breached);
	cell_rate(t, c->met, c->done);
}

static void tables_sla(struct tables *ts, const struct sss_report *r)
{
	static const char *const cols[] = { "kind", "種別", "target", "目標", "done",
					    "判定", "met",  "達成", "missed", "未達",
					    "breached", "超過中", "rate", "SLA達成率", NULL };
	static const char *const miss_cols[] = {
		"id",	"ID",	"title", "件名", "kind", "種別", "target", "目標", "due", "期限",
		"used_min", "使用時間", "target_min", "目標時間", "used", "使用率", "state",
		"状態", NULL
	};
	const struct kpi_report *k = &r->kx;
	struct sss_table *t = add_table(
		ts, "SLA", cols,
		"応答は起票から最初の作業記録まで、解決は起票から解決済・完了までの営業時間"
		"（保留の間は数えない）。判定は時計が止まった期間に数え、目標時間内なら達成、"
		"過ぎていれば未達。SLA達成率 = 達成 ÷ 判定。超過中は集計基準日時点で期限を過ぎて"
		"なお止まっていないもの。");

	for (int ki = 0; ki < KPI_KINDS && sss_kinds[ki]; ki++)
		for (int g = 0; g < 2; g++)
			if (k->sla[ki][g].done || k->sla[ki][g].breached)
				sla_count_row(t, report_sla_kind_label(sss_kinds[ki]), g,
					      &k->sla[ki][g]);
	for (int g = 0; g < 2; g++)
		sla_count_row(t, "全体", g, &k->sla[KPI_KINDS][g]);

	t = add_table(ts, "SLA未達", miss_cols,
		      "対象期間に目標を過ぎて止まったもの（未達）と、集計基準日時点で期限を"
		      "過ぎて止まっていないもの（超過中）。時間は営業時間（時間:分）。");
	for (size_t i = 0; i < k->sla_list.n; i++) {
		const struct rt *x = &r->t[k->sla_list.v[i]];
		for (int g = 0; g < 2; g++) {
			const struct sss_sla_clock *c = report_sla_listed(r, x, g);
			if (!c)
				continue;
			sss_table_row(t);
			sss_table_text(t, x->id);
			sss_table_text(t, x->title);
			sss_table_text(t, report_sla_kind_label(x->kind));
			sss_table_text(t, target_labels[g]);
			cell_moment(t, c->due);
			sss_table_minutes(t, c->used_min);
			sss_table_minutes(t, c->target_min);
			/* the Markdown's whole percent */
			sss_table_percent(t, c->target_min ? 100 * (100 * c->used_min / c->target_min) : 0);
			sss_table_text(t, sss_sla_state_label(c->state));
		}
	}
}

/* ---- effort ---------------------------------------------------------------- */

static void tables_effort(struct tables *ts, const struct sss_report *r)
{
	static const char *const cols[] = {
		"summary", "No.", "item", "小分類", "title", "件名", "key", "キー",
		"tickets", "件数", "planned_min", "予定", "actual_min", "実績（当期）",
		"total_min", "実績（累計）", "progress", "消化率", NULL
	};
	static const char *const people_cols[] = { "name",	  "担当者",     "tickets", "件数",
						   "planned_min", "予定",	"actual_min",
						   "実績（当期）", NULL };
	const struct kpi_report *k = &r->kx;
	struct strbuf sb = STRBUF_INIT;
	struct sss_table *t = add_table(
		ts, "工数（SOW項目別）", cols,
		"予定は見積り（estimate）の合計、実績は作業記録の［作業時間］の合計"
		"（当期: 対象期間内、累計: 集計基準日時点まで）。消化率 = 累計実績 ÷ 予定。"
		"時間:分。");

	for (size_t i = 0; i <= r->nentries; i++) {
		const struct kpi_effort *e = &k->items[i];
		const struct sss_sow_entry *s =
			i < r->nentries ? sss_catalog_at(r->o.catalog, i) : NULL;
		if (!e->tickets)
			continue;
		sss_table_row(t);
		if (s)
			sss_table_int(t, sss_sow_summary_no(s));
		else
			sss_table_empty(t);
		sss_table_text(t, s ? sss_sow_item(s) : "（カタログ外）");
		strbuf_reset(&sb);
		for (const char *p = s ? sss_sow_title(s) : ""; *p; p++)
			if (*p != '{' && *p != '}')
				strbuf_addch(&sb, *p);
		sss_table_text(t, sb.buf);
		sss_table_text(t, s ? sss_sow_key(s) : NULL);
		sss_table_int(t, e->tickets);
		sss_table_minutes(t, e->planned);
		sss_table_minutes(t, e->actual);
		sss_table_minutes(t, e->total);
		cell_rate(t, e->total, e->planned);
	}
	strbuf_release(&sb);

	t = add_table(ts, "工数（担当者別）", people_cols,
		      "予定は担当チケットの見積り、実績はその人が記録した当期の作業時間。時間:分。");
	for (size_t i = 0; i < k->npeople; i++) {
		const struct kpi_effort *p = &k->people[i];
		sss_table_row(t);
		sss_table_text(t, p->name);
		sss_table_int(t, p->tickets);
		sss_table_minutes(t, p->planned);
		sss_table_minutes(t, p->actual);
	}
}

/* ---- planned work, backlog -------------------------------------------------- */

static void tables_next(struct tables *ts, const struct sss_report *r)
{
	static const char *const cols[] = { "id",	  "ID",	    "title",  "件名",
					    "work_start", "作業開始", "work_end", "作業終了",
					    "due",	  "期限",	    "status", "状態",
					    NULL };
	struct sss_table *t = add_table(ts, "予定作業", cols,
					"次期の定期作業（スケジュールから）。状態はチケットのもの、"
					"空欄はまだ起票されていないもの。");

	for (size_t i = 0; i < r->nnext; i++) {
		const struct occ *o = &r->next_work[i];
		const struct rt *x = report_find_id(r, o->id);
		sss_table_row(t);
		sss_table_text(t, o->id);
		sss_table_text(t, o->title);
		cell_date(t, o->work_start);
		cell_date(t, o->work_end);
		cell_date(t, o->due);
		if (x)
			cell_status(t, x->status);
		else
			sss_table_empty(t);
	}
}

static void tables_backlog(struct tables *ts, const struct sss_report *r)
{
	static const char *const cols[] = { "at", "集計日", "open", "未完了件数", NULL };
	struct sss_table *t = add_table(ts, "未完了推移", cols,
					"各月末（当月は集計基準日）時点の未完了件数。");

	for (int i = report_hist_first(r); i < 12; i++) {
		sss_table_row(t);
		cell_date(t, r->hist_at[i]);
		sss_table_int(t, r->hist[i]);
	}
}

size_t report_tables(const struct sss_report *r, struct sss_table ***out)
{
	struct tables ts = { NULL, 0, 0, NULL };
	struct strbuf sb = STRBUF_INIT;
	const struct sss_config *c = r->o.config;

	strbuf_addf(&sb, "%s %s %s ", c->client_name ? c->client_name : "",
		    c->provider ? c->provider : "",
		    r->o.kind == SSS_REPORT_MONTHLY ? "月次報告書" : "週次報告書");
	report_period_label(r, &sb, r->o.period);
	strbuf_addstr(&sb, "（集計基準日 ");
	report_day_text(r, &sb, r->asof);
	strbuf_addstr(&sb, "）");
	ts.title = sb.buf;

	tables_kpi(&ts, r);
	tables_sow(&ts, r, "SOW項目別", r->items, "前期繰越");
	if (r->o.kind == SSS_REPORT_MONTHLY)
		tables_sow(&ts, r, "SOW項目別（年度累計）", r->fy_items, "前年度繰越");
	tables_list(&ts, r, "インシデント", &r->incidents,
		    "対象期間に未完了だったことのあるインシデント。");
	tables_list(&ts, r, "問題管理", &r->problems, "集計基準日時点で未完了の問題管理（恒久対応）。");
	tables_list(&ts, r, "課題", &r->issues, "集計基準日時点で未完了の課題。");
	tables_sla(&ts, r);
	tables_effort(&ts, r);
	tables_next(&ts, r);
	tables_list(&ts, r, "期限超過", &r->overdue, "集計基準日時点で期限を過ぎて未完了のチケット。");
	tables_backlog(&ts, r);
	strbuf_release(&sb);
	*out = ts.v;
	return ts.n;
}

struct sss_error *report_render_xlsx(const struct sss_report *r, struct strbuf *out)
{
	struct sss_table **t = NULL;
	size_t n = report_tables(r, &t);
	struct sss_error *err = sss_xlsx_render(out, t, n);

	for (size_t i = 0; i < n; i++)
		sss_table_free(t[i]);
	free(t);
	return err;
}
