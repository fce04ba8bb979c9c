/* report.h - the weekly and monthly client reports (週次報告書, 月次報告書):
 * numbers computed from the tickets, the catalog and the recurrence rules,
 * written as Markdown (from templates), HTML (that Markdown through
 * cmark-gfm, one self-contained file with print CSS and SVG charts) or
 * JSON (the data behind the report).
 *
 * Everything depends on the repository's tickets and the time given as
 * `now`; nothing reads the clock, so a report is byte-identical for the
 * same repository and --now.
 */
#ifndef SSS_REPORT_H
#define SSS_REPORT_H

#include <stddef.h>
#include <time.h>

#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/period.h"

struct strbuf;
struct sss_error;
struct sss_repo;
struct sss_config;
struct sss_catalog;
struct sss_calendar;

enum sss_report_kind { SSS_REPORT_WEEKLY, SSS_REPORT_MONTHLY };
enum sss_report_format { SSS_REPORT_MD, SSS_REPORT_HTML, SSS_REPORT_JSON, SSS_REPORT_PDF,
			 SSS_REPORT_XLSX };

/* Bounds that keep a hostile ticket from making a report slow or huge
 * (cmark-gfm's table parser has quadratic cases, CVE-2023-37463): every
 * ticket text is cut to SSS_REPORT_MAX_CELL code points before it goes
 * into a table, meeting minutes to SSS_REPORT_MAX_MINUTES bytes, each list
 * to SSS_REPORT_MAX_ROWS rows, and the Markdown handed to cmark-gfm may
 * not exceed SSS_REPORT_MAX_MARKDOWN bytes. */
#define SSS_REPORT_MAX_CELL 200
#define SSS_REPORT_MAX_MINUTES (16u << 10)
#define SSS_REPORT_MAX_ROWS 300
#define SSS_REPORT_MAX_MARKDOWN (2u << 20)
/* Templates and the style sheet. */
#define SSS_REPORT_MAX_TEMPLATE (256u << 10)

struct sss_report_opts {
	enum sss_report_kind kind;
	struct sss_period period; /* weekly or monthly; see below */
	time_t now;               /* the generation time (--now) */
	struct sss_repo *repo;
	const struct sss_config *config;
	const struct sss_catalog *catalog;
	const struct sss_calendar *cal;
};

/* The period of kind that contains d (an ISO week, Monday to Sunday, or
 * a calendar month). */
struct sss_period sss_report_period_of(enum sss_report_kind kind, sss_date d);
/* Parse --period: weekly "YYYY-MM-DD" (the week containing that day) or
 * "YYYY-Www"; monthly "YYYY-MM". A usage error names the forms. */
struct sss_error *sss_report_parse_period(enum sss_report_kind kind,
					  const char *s,
					  struct sss_period *out);

struct sss_report;

/* Read every ticket of the repository and compute the report. A ticket
 * that cannot be read is skipped and kept as a warning (see below); any
 * other failure is an error. The caller frees *out with
 * sss_report_free(). */
struct sss_error *sss_report_build(struct sss_report **out,
				   const struct sss_report_opts *opts);
void sss_report_free(struct sss_report *r);

/* Messages about skipped tickets ("cannot parse '...' line 4: ..."),
 * owned by r. */
size_t sss_report_warning_count(const struct sss_report *r);
const char *sss_report_warning(const struct sss_report *r, size_t i);

/* Append the report in format f (xlsx: a workbook, one sheet per table,
 * the numbers of the JSON; lib/report/tables.c). Markdown and HTML (and the PDF printed
 * from the HTML by sss_report_pdf) come from the
 * templates templates/report-weekly.md or templates/report-monthly.md
 * (and templates/report.css for HTML) of the repository, else the built-in
 * ones; an error in a template names its file and line. */
struct sss_error *sss_report_render(const struct sss_report *r,
				    enum sss_report_format f,
				    struct strbuf *out);

/* How long Chromium may take to print a report (milliseconds). */
#define SSS_REPORT_PDF_TIMEOUT_MS 120000

/* Print html (len bytes, a page of sss_report_render) to PDF with
 * headless Chromium (chromium or chromium-browser on PATH), run without
 * a shell in a temporary directory and profile of its own that is
 * removed afterwards, stopped after timeout_ms; the PDF is appended to
 * out. No Chromium: SSS_ERR_NOTFOUND naming the package to install. */
struct sss_error *sss_report_pdf(const char *html, size_t len, int timeout_ms,
				 struct strbuf *out);

/* Append the default file name, after the SOW's document naming:
 *   monthly  【KPBE】_2026年11月-2026年11月度月次報告書.md
 *   weekly   【KPBE】_2026年11月23日-2026年11月29日週次報告書.md
 * with .html, .json, .pdf or .xlsx for the other formats. Characters that cannot be
 * in a file name ('/', control characters) become '_'. */
void sss_report_file_name(const struct sss_report *r, enum sss_report_format f,
			  struct strbuf *out);

#endif
