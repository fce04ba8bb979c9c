/* export.h - tickets out of sssctl: the tickets a query (query.h)
 * matches, read through the scan API, as a table (table.h) that the CSV,
 * JSON and xlsx writers share, or as JSON lines for `sssctl import`.
 *
 * Columns. --columns names them by key, in order:
 *   - the front matter scalars: id title sow kind status priority assignee
 *     requester created updated due estimate closed recurrence;
 *   - the lists: tags documents (joined with ", "), links ("problem
 *     2611-R6W6DQ, related 2611-0K3QZP"); path (the ticket's file);
 *   - params.NAME (a title placeholder: params.ユーザ名) and extra.NAME (a
 *     front matter key sssctl does not know, written by another tool);
 *   - the figures of `list --format json`: spent_min, estimate_min, and
 *     sla.response.* / sla.resolve.* with * one of state, due, used_min,
 *     target_min.
 * With Japanese headings (the default) a column is headed as the reports
 * head it (ID, 件名, 状態, 優先度, 担当者, 期限, 作成日時, ...), statuses,
 * priorities, kinds and service-level states are their Japanese labels
 * (対応中, 高, インシデント, 期限間近) and date-times are typed cells; with
 * SSS_EXPORT_KEYS the headings are the keys and the values are what the
 * front matter holds ("in-progress", "2026-11-26T10:20:00+09:00").
 *
 * JSON lines (sss_export_jsonl): one line per ticket, a compact JSON
 * object, UTF-8, "\n" after each; the shape `sssctl import` reads, kept
 * stable:
 *	{"id":"2611-R6W6DQ","title":"...","sow":"...","kind":"...",
 *	 "status":"...", ...every front matter scalar that is set, as the
 *	 string the file holds...,
 *	 "params":{"NAME":"value",...},          (when there are params)
 *	 "links":[{"rel":"problem","id":"..."}], (when there are links)
 *	 "tags":[...], "documents":[...],        (when not empty)
 *	 ...unknown front matter keys, as JSON of their YAML...,
 *	 "path":"tickets/2026/11/2611-R6W6DQ.md",
 *	 "body":"## 内容\n...",                   (the Markdown after the front matter)
 *	 "spent_min":90, "estimate_min":120|null}
 * Members appear in that order; a reader ignores members it does not know.
 * "path", "spent_min" and "estimate_min" are derived (not to be written
 * back); everything else reproduces the ticket file.
 */
#ifndef SSS_EXPORT_H
#define SSS_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct strbuf;
struct sss_calendar;
struct sss_config;
struct sss_error;
struct sss_query;
struct sss_repo;
struct sss_table;

enum sss_export_headings {
	SSS_EXPORT_JA,   /* Japanese headings and labels */
	SSS_EXPORT_KEYS, /* the keys and the raw values */
};

/* The columns a manager opening the file in Excel wants, in order. */
#define SSS_EXPORT_DEFAULT_COLUMNS                                           \
	"id,title,kind,status,priority,assignee,requester,due,created,"      \
	"closed,estimate_min,spent_min,sla.resolve.due,sla.resolve.state,sow"

/* A broken ticket file met on the way: err is the callback's to free.
 * The export goes on with the others. */
typedef void (*sss_export_broken_fn)(void *data, struct sss_error *err);

struct sss_export {
	struct sss_repo *repo;
	const struct sss_query *query;
	const char *columns;     /* comma list; NULL: the default set */
	enum sss_export_headings headings;
	/* for the service-level figures */
	const struct sss_config *config;
	const struct sss_calendar *cal;
	time_t now;
	sss_export_broken_fn broken; /* NULL: broken files are skipped */
	void *data;
};

/* Check a --columns list: NULL when every column is known, else a usage
 * error naming the first unknown one and listing the valid ones (the
 * caller's). */
struct sss_error *sss_export_check_columns(const char *columns);

/* The tickets e->query matches, in path order, as a new table named
 * "チケット" with e->columns; *out is the caller's (sss_table_free). A
 * directory that cannot be read is an error (and *out NULL). */
struct sss_error *sss_export_table(const struct sss_export *e,
				   struct sss_table **out);

/* The tickets e->query matches as JSON lines (above), appended to out.
 * e->columns and e->headings are not used. */
struct sss_error *sss_export_jsonl(const struct sss_export *e,
				   struct strbuf *out);

#endif
