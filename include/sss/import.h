/* import.h - tickets made in bulk: the rows of a CSV file (one ticket of
 * one catalog entry per row, or one ticket whose checklist has an item
 * per row), or the JSON lines `export --format jsonl` writes (tickets as
 * they were, IDs kept), all written in ONE commit.
 *
 *	struct sss_import_options o = SSS_IMPORT_OPTIONS_INIT;
 *	o.entry = sss_catalog_find(cat, "user-registration");
 *	o.file = "accounts.csv";
 *	o.now = now;
 *	err = sss_import_prepare(&im, &o, repo, buf, len);   (nothing written)
 *	err = sss_import_commit(im, &tracker);               (one commit)
 *	sss_import_free(im);
 *
 * All or nothing: sss_import_prepare() reads and checks every row and
 * makes every ticket (through compose.h, as `new` makes one) before
 * anything is written, and its first error names the file, the line the
 * row starts on and the column ("'accounts.csv' line 7, column '期限':
 * '2026-13-01' is not a date (YYYY-MM-DD)").
 *
 * CSV columns map to ticket fields by their names: the front matter keys
 * (title, status, priority, assignee, requester, due, estimate, tags,
 * documents, description), the Japanese headings `export` writes (件名,
 * 状態, 優先度, 担当者, 依頼者, 期限, 見積, タグ, 文書, 内容, ...), and the
 * placeholders of the entry's title (ユーザ名, ソフト名, 事象, ... also as
 * params.NAME). Columns sssctl keeps itself (ID, created, updated,
 * closed, recurrence) and the figures export computes (path, spent, the
 * service levels) are read past; sow and kind must be the entry's.
 * options.map_* override by name: "COLUMN=FIELD", "COLUMN=param.NAME",
 * "COLUMN=-" (read past).
 */
#ifndef SSS_IMPORT_H
#define SSS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct sss_error;
struct sss_repo;
struct sss_catalog;
struct sss_sow_entry;
struct sss_ticket;
struct sss_tracker;

enum sss_import_format {
	SSS_IMPORT_AUTO,  /* JSON lines when the first non-blank byte is '{' */
	SSS_IMPORT_CSV,
	SSS_IMPORT_JSONL,
};

/* What to import and how. The strings are borrowed for the call. */
struct sss_import_options {
	enum sss_import_format format;
	/* CSV: the catalog entry of every ticket (required). JSON lines:
	 * when set, every ticket must be of it */
	const struct sss_sow_entry *entry;
	/* JSON lines: the catalog, for the body of a ticket that comes
	 * without one (its entry's template) */
	const struct sss_catalog *catalog;
	const char *file; /* as messages name the input ("-": standard input) */
	/* --map COLUMN=FIELD, n of them, the later winning */
	const char *const *map_column;
	const char *const *map_field;
	size_t nmap;
	bool one_ticket;  /* CSV: one ticket, a checklist item per row */
	time_t now;       /* created and updated; 年月 and 年月日 */
	int fy_start;     /* the month the fiscal year starts (ID paths) */
	/* called now and then while rows are read and checked (done of
	 * total bytes), or NULL */
	void (*progress)(size_t done, size_t total, void *data);
	void *progress_data;
};

#define SSS_IMPORT_OPTIONS_INIT { SSS_IMPORT_AUTO }

struct sss_import;

/* Read buf[0..len) (the file's bytes: CSV in UTF-8, UTF-8 with a BOM or
 * CP932; JSON lines in UTF-8), check every row and make every ticket,
 * writing nothing. repo gives the ticket templates and, for JSON lines
 * that carry IDs, the tickets that exist (an ID that exists is an error:
 * an import never replaces a ticket). *out is owned by the caller
 * (sss_import_free()), NULL on an error. */
struct sss_error *sss_import_prepare(struct sss_import **out,
				     const struct sss_import_options *o,
				     struct sss_repo *repo, const char *buf,
				     size_t len);

/* The tickets made, in file order (owned by im). */
size_t sss_import_count(const struct sss_import *im);
const struct sss_ticket *sss_import_ticket(const struct sss_import *im,
					   size_t i);
/* Whether ticket i gets a new ID from sss_import_commit() (its "id" is
 * unset or a stand-in until then), rather than keeping its own. */
bool sss_import_new_id(const struct sss_import *im, size_t i);
/* The rows read (with one_ticket: the checklist items). */
size_t sss_import_rows(const struct sss_import *im);
/* The columns read past, one "'NAME' (why)" line each, or NULL (owned by
 * im): for the command to mention. */
const char *sss_import_skipped(const struct sss_import *im);

/* Write every ticket of im in one commit by tr's author at tr->now,
 * under the writer lock (taken and released here): IDs minted as `new`
 * mints them, each checked against the repository and the others; an
 * imported ID that exists by now fails the whole import. The message is
 * "<id>: import <title>" for one ticket, else "import: N tickets from
 * 'FILE'", with the Sss-Action: import, Sss-Sow (when every ticket has
 * the same) and Sss-Count: N trailers. */
struct sss_error *sss_import_commit(struct sss_import *im,
				    struct sss_tracker *tr);

/* Free im and its tickets; NULL is a no-op. */
void sss_import_free(struct sss_import *im);

#endif
