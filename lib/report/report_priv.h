/* report_priv.h - what the files of lib/report/ share: the layout of
 * struct sss_report and of the rows it holds, and the functions one file
 * offers the others. The unit tests reach report_md_to_html() here.
 *
 * The files, in the order a report is made:
 *   build.c        sss_report_build/free: the period, then collect, stats
 *   collect.c      reading every ticket into a row (the ticket scan)
 *   stats.c        the numbers: KPIs, counts by SOW entry, backlog history
 *   dates.c        dates and periods in words (western or Japanese era)
 *   values.c       the template values of the Markdown/HTML report
 *   render.c       sss_report_render: templates, Markdown output
 *   render_html.c  the HTML page (the only code that talks to cmark-gfm)
 *   render_svg.c   the SVG charts of the HTML page
 *   render_json.c  the JSON format (the data behind the report)
 *   filename.c     sss_report_file_name
 *   pdf.c          sss_report_pdf: the HTML printed by headless Chromium
 */
#ifndef SSS_REPORT_PRIV_H
#define SSS_REPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sss/date.h"
#include "sss/period.h"
#include "sss/report.h"

struct strbuf;
struct sss_error;
struct sss_tvars;
struct sss_template_mark;

#define NEVER INT32_MAX /* the finish date of an unfinished ticket */
#define NODUE INT32_MIN /* no due date */

/* One ticket as the report needs it: texts are kept raw (cut to MAX_RAW
 * bytes) and escaped when they are written. */
struct rt {
	char *id, *title, *sow, *kind, *status, *assignee, *recurrence;
	char *resolution; /* incidents: ## 対応結果 */
	char *incidents;  /* problems: the linked incidents, "A, B" */
	sss_date created, fin, due;
	long long created_at; /* seconds, for ordering within a day */
	int entry;        /* catalog index, or -1 */
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

#endif
