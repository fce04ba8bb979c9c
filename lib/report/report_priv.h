/* report_priv.h - what the files of lib/report/ share: the layout of
 * struct sss_report and of the rows it holds, and the functions one file
 * offers the others. The unit tests reach report_md_to_html() here.
 *
 * The files, in the order a report is made:
 *   build.c        sss_report_build/free: the period, then collect, stats
 *   collect.c      reading every ticket into a row (the ticket scan)
 *   stats.c        the numbers: KPIs, counts by SOW entry, backlog history
 *   kpi.c          the service figures as at the cut-off: effort, reopen
 *                  rate, first-contact resolution, recurrences per problem
 *   kpi_sla.c      the service levels (sla.h) at the cut-off, SLA達成率
 *   kpi_values.c   the service figures' template values and JSON
 *   dates.c        dates and periods in words (western or Japanese era)
 *   values.c       the template values of the Markdown/HTML report
 *   render.c       sss_report_render: templates, Markdown output
 *   render_html.c  the HTML page (the only code that talks to cmark-gfm)
 *   render_svg.c   the SVG charts of the HTML page
 *   render_json.c  the JSON format (the data behind the report)
 *   tables.c       the report's tables (table.h): the xlsx format
 *   filename.c     sss_report_file_name
 *   pdf.c          sss_report_pdf: the HTML printed by headless Chromium
 */
#ifndef SSS_REPORT_PRIV_H
#define SSS_REPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <time.h>

#include "sss/date.h"
#include "sss/period.h"
#include "sss/report.h"
#include "sss/sla.h"

struct strbuf;
struct sss_error;
struct sss_tvars;
struct sss_template_mark;
struct sss_scan_item;
struct sss_json;
struct sss_ticket;

#define NEVER INT32_MAX /* the finish date of an unfinished ticket */
#define NODUE INT32_MIN /* no due date */

/* ---- the service figures (kpi.c) ------------------------------------------ */

/* Minutes one person spent (work-log entries [作業時間 ...]). */
struct kpi_spent {
	char *who;
	int min;
};

/* What the service figures need of one ticket, read from its work log
 * (worklog.h) up to the report's cut-off: later entries never count. */
struct rt_kpi {
	bool read;             /* the work log was read (else all is zero) */
	int estimate_min;      /* the estimate field, -1 for none */
	int spent_period;      /* spent in the period */
	int spent_total;       /* spent up to the cut-off */
	struct kpi_spent *by;  /* spent in the period, by author */
	size_t nby;
	const char *status;    /* the status at the cut-off (sss_statuses) */
	bool finished_in;      /* changed to resolved or closed in the period */
	bool closed_in;        /* closed in the period and still at the cut-off */
	bool reopened_in;      /* changed from resolved/closed back in the period */
	bool waited;           /* was waiting (保留) at some time */
	int work_entries;      /* entries other than status changes and merges */
	char *links;           /* "rel id\n" lines (incidents and problems) */
	bool has_sla;          /* sla holds its service levels at the cut-off */
	struct sss_sla sla;
};

/* One ticket as the report needs it: texts are kept raw (cut to MAX_RAW
 * bytes) and escaped when they are written. */
struct rt {
	char *id, *title, *sow, *kind, *status, *assignee, *recurrence;
	char *resolution; /* incidents: ## 対応結果 */
	char *incidents;  /* problems: the linked incidents, "A, B" */
	sss_date created, fin, due;
	long long created_at; /* seconds, for ordering within a day */
	int entry;        /* catalog index, or -1 */
	struct rt_kpi kp; /* the service figures' part (kpi.c) */
};

struct occ {
	char *id, *title;
	sss_date work_start, work_end, due;
};

/* carried + opened - closed = open: carried is open at the start of
 * the range (the day before it), open at its end */
struct counts {
	int opened, closed, open, carried;
};

struct kpi {
	int opened, closed, cancelled, backlog, age[3], overdue;
	int carried; /* open at the start: carried + opened - closed = backlog */
	int with_due, on_time;
	int incidents, inc_resolved;
	double mttr_mean, mttr_median;
	int recurring_planned, recurring_done;
	int problems_opened, problems_closed;
};

struct idxlist {
	size_t *v;
	size_t n, alloc;
};

/* A row of the effort tables: an SOW item or a person. */
struct kpi_effort {
	const char *name;      /* a person (owned by a struct kpi_spent or a row) */
	int tickets;           /* tickets of the period with an estimate or effort */
	int planned, actual, total; /* minutes: estimates, spent in the period, up to the cut-off */
};

/* A problem ticket and the incidents linked to it (either way). */
struct kpi_recur {
	size_t problem;        /* index into r->t */
	int total, in_period;  /* incidents opened up to the cut-off, in the period */
	char *ids;             /* "A, B" */
};

/* Service-level counts of one target (response, resolve) and kind. */
struct kpi_sla_count {
	int done, met;  /* clocks stopped in the period; of them in time */
	int breached;   /* running past due at the cut-off */
};

#define KPI_KINDS 16 /* room for sss_kinds; the last row is all kinds */

struct kpi_report {
	time_t from, cutoff;   /* the period's first moment; entries before cutoff count */
	struct kpi_effort *items; /* r->nentries + 1 (the last: no catalog entry) */
	struct kpi_effort *people;
	size_t npeople;
	int finished, reopened, closed, fcr;
	struct idxlist reopened_list; /* tickets reopened in the period */
	struct kpi_recur *rec;
	size_t nrec, arec;
	struct kpi_sla_count sla[KPI_KINDS + 1][2]; /* by sss_kinds index; [KPI_KINDS]: all */
	struct idxlist sla_list;  /* tickets with a target missed in the period or breached */
};

struct sss_report {
	struct sss_report_opts o;
	struct sss_period next;
	char *period_name, *next_name;
	sss_date start, end, today, asof, overdue_before, next_start, next_end;
	sss_date fy_first;
	int fy;
	struct rt *t;
	size_t n, alloc;
	size_t *by_id; /* indices of t sorted by ID */
	char **warn;
	size_t nwarn, awarn;
	char *minutes, *minutes_id;
	bool minutes_by_key, minutes_cut;
	struct occ *next_work;
	size_t nnext, anext;
	struct kpi k;
	size_t nentries;
	struct counts *items, *fy_items; /* nentries + 1: the last row counts
					   tickets of no catalog entry */
	int hist[12];
	sss_date hist_at[12];
	struct idxlist incidents, problems, issues, overdue;
	struct kpi_report kx; /* the service figures (kpi.c) */
};

/* The major categories (IT支援, 運用支援, サービスデスク) in catalog order. */
struct catsum {
	const char *name;
	struct counts c;
};

/* ---- build.c ------------------------------------------------------------- */

/* The first month of the backlog history (hist, hist_at) that ends on or
 * after the contract start: the history shows no month before the
 * contract (at least the last month). */
int report_hist_first(const struct sss_report *r);

/* ---- collect.c ----------------------------------------------------------- */

/* Read every ticket of the repository into r->t; a ticket that cannot be
 * read becomes a warning of r. */
struct sss_error *report_collect(struct sss_report *r);
/* Free what row x holds. */
void report_row_release(struct rt *x);

/* ---- stats.c ------------------------------------------------------------- */

/* Compute the numbers of r from its rows (r->t), the catalog and the
 * recurrence rules. */
struct sss_error *report_stats(struct sss_report *r);
/* The row of ticket id, or NULL (owned by r). */
const struct rt *report_find_id(const struct sss_report *r, const char *id);
/* The counts of the period for summary item no. */
void report_summary_counts(const struct sss_report *r, int no,
			   struct counts *out);
/* The counts of the period by major category; the caller frees *out. */
size_t report_category_counts(const struct sss_report *r, struct catsum **out);
/* Both strings are there and equal. */
bool report_streq(const char *a, const char *b);

/* ---- kpi.c, kpi_values.c ------------------------------------------------- */

/* Read what the service figures need of ticket s (row x, just added) from
 * its work-log digest (worklog.h; the scan cache keeps it, so no file is
 * read): only for a ticket the period can concern (touched since the
 * period began, or open in it). A ticket that cannot be parsed again
 * keeps zero figures. */
void report_kpi_take(struct sss_report *r, struct sss_scan_item *s,
		     struct rt *x);
/* kpi_sla.c: the service levels of s (row x) as at the cut-off into
 * x->kp, history being the service levels' history (sla.h) of its
 * work-log entries before the cut-off. */
void report_kpi_sla_take(struct sss_report *r, const struct sss_scan_item *s,
			 struct rt *x, const char *history);
/* Count the service levels of the rows into r->kx. */
void report_kpi_sla_stats(struct sss_report *r);
/* The SLA values (kpi_sla_*, lists sla_kinds, sla_misses) and JSON
 * member "sla". */
void report_kpi_sla_vars(const struct sss_report *r, struct sss_tvars *v);
void report_kpi_sla_json(const struct sss_report *r, struct sss_json *j);
/* A kind in the words of the SOW ("incident": インシデント); kind itself
 * when it has none. Static strings or kind. */
const char *report_sla_kind_label(const char *kind);
/* Target target (0 response, 1 resolve) of row x when the list of
 * missed and breached targets shows it, else NULL (owned by x). */
const struct sss_sla_clock *report_sla_listed(const struct sss_report *r,
					      const struct rt *x, int target);
/* Free what x->kp holds. */
void report_kpi_row_release(struct rt *x);
/* Compute r->kx from the rows (after report_stats()'s counts). */
void report_kpi_stats(struct sss_report *r);
/* Free what r->kx holds. */
void report_kpi_free(struct sss_report *r);
/* The template values of the service figures (kpi_*, lists effort_items,
 * effort_people, reopened, recurrences). */
void report_kpi_vars(const struct sss_report *r, struct sss_tvars *v);
/* The member "service" of the JSON report. */
void report_kpi_json(const struct sss_report *r, struct sss_json *j);

/* ---- dates.c ------------------------------------------------------------- */

/* "2026-11-26" */
void report_iso_date(struct strbuf *out, sss_date d);
/* A date in a table: "2026-11-26", "R8.11.26" or "2026-11-26（R8.11.26）",
 * as config `era` says. */
void report_cell_date(const struct sss_report *r, struct strbuf *out,
		      sss_date d);
/* "2026年11月26日", "令和8年11月26日" or both, as config `era` says. */
void report_day_text(const struct sss_report *r, struct strbuf *out,
		     sss_date d);
/* "2026年11月1日～2026年11月30日" (and/or in the Japanese era). */
void report_range_text(const struct sss_report *r, struct strbuf *out,
		       sss_date a, sss_date b);
/* "2026年11月度" or "2026年度" (month 0), after config `era`. */
void report_month_text(const struct sss_report *r, struct strbuf *out, int y,
		       int m, const char *suffix);
/* "2026年 第48週" or report_month_text()'s "2026年11月度". */
void report_period_label(const struct sss_report *r, struct strbuf *out,
			 struct sss_period p);

/* ---- values.c ------------------------------------------------------------ */

/* The values that the report templates use, for format f (Markdown or
 * HTML); the caller frees them with sss_tvars_free(). */
struct sss_tvars *report_vars(const struct sss_report *r,
			      enum sss_report_format f);

/* ---- render.c ------------------------------------------------------------ */

/* The repository's file rel (templates/...), else the built-in one, as
 * checked UTF-8 text; the caller frees *text. */
struct sss_error *report_load_text(const struct sss_report *r, const char *rel,
				   char **text);

/* ---- render_html.c ------------------------------------------------------- */

/* Render Markdown md (at most SSS_REPORT_MAX_MARKDOWN bytes, else
 * SSS_ERR_LIMIT) to HTML with cmark-gfm's safe default (raw HTML and
 * javascript: URLs dropped), GFM tables, task lists and strikethrough,
 * appended to out. */
struct sss_error *report_md_to_html(struct strbuf *out, const char *md,
				    size_t len);
/* Append the HTML page: the style sheet, md (len bytes) as HTML with the
 * charts at their marks. */
struct sss_error *report_render_html(const struct sss_report *r,
				     const char *md, size_t len,
				     const struct sss_template_mark *marks,
				     size_t nmarks, struct strbuf *out);

/* ---- render_svg.c -------------------------------------------------------- */

/* The charts a report template may place with {@chart NAME}. */
extern const char *const report_charts[];
/* Append chart name (one of report_charts) as an SVG figure. */
void report_svg_chart(const struct sss_report *r, const char *name,
		      struct strbuf *out);

/* ---- render_json.c ------------------------------------------------------- */

/* Append the report as JSON. */
void report_render_json(const struct sss_report *r, struct strbuf *out);

/* ---- tables.c ------------------------------------------------------------- */

struct sss_table;

/* The report's tables, one sheet each (KPI, counts by SOW item, the
 * lists, service levels, effort, planned work, backlog), their numbers
 * read from the structs the JSON reads. Returns how many; the caller
 * frees each with sss_table_free() and *out with free(). */
size_t report_tables(const struct sss_report *r, struct sss_table ***out);
/* Append the report as an xlsx workbook (xlsx.h). */
struct sss_error *report_render_xlsx(const struct sss_report *r, struct strbuf *out);

/* values.c: name = raw escaped for Markdown, cut at max columns (NULL
 * reads as ""); used by every file that sets template values. */
void report_set_md(struct sss_tvars *v, const char *name, const char *raw,
		   size_t max);
/* values.c: declare the list with its columns, capped at
 * SSS_REPORT_MAX_ROWS rows: "<list>_more" says how many were left out.
 * Returns the number of rows to write. */
size_t report_cap_rows(struct sss_tvars *v, const char *list,
		       const char *const *cols, size_t n);

#endif
