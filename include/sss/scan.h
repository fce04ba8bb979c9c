/* scan.h - one pass over every ticket of the repository, for the
 * commands that look at them all (list, check, due, report, grep). An
 * iterator like cmark's: sss_scan_open(), sss_scan_next() until it gives
 * no ticket, sss_scan_close().
 *
 * The tickets come in path order (tickets/YYYY/MM/<id>.md, see repo.h),
 * each as a read-only view: the record of the scan cache (cache.h) when
 * the file did not change since a scan parsed it, else the ticket parsed
 * from the file. The view answers the same either way. What every scan
 * needs is done here, once:
 *
 *  - the cache: looked up for every file, a record put for every ticket
 *    parsed, the new cache written when a scan ran to its end (not at
 *    all with SSS_NO_CACHE, see sss_cache_disabled());
 *  - read-ahead: a second thread works ahead of the caller, lstat'ing the
 *    files when the cache is warm, else lstat'ing, reading and parsing
 *    them. A file's lstat always comes before its read, on whichever
 *    thread (the cache's racy-clean rule needs it). With SSS_THREADS=1
 *    the scan runs on the calling thread alone.
 *
 * A ticket file that cannot be read or parsed comes as a view too, with
 * its error (sss_scan_broken()): the caller reports it and goes on. It is
 * not cached.
 */
#ifndef SSS_SCAN_H
#define SSS_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct strbuf;
struct sss_calendar;
struct sss_config;
struct sss_sla;
struct sss_error;
struct sss_repo;
struct sss_ticket;

struct sss_scan;
struct sss_scan_item;

/* Options of sss_scan_open(). */
enum {
	/* the caller reads every file itself (sss_scan_read()): no cache, no
	 * read-ahead, nothing parsed; a view has only its path */
	SSS_SCAN_RAW = 2,
};

/* Start a scan of r's tickets. Never fails (a missing or broken cache is
 * an empty one). Free with sss_scan_close(). */
struct sss_scan *sss_scan_open(struct sss_repo *r, unsigned flags);

/* The next ticket: *out is its view (owned by s, valid until the next
 * call or the close), NULL at the end. A directory that cannot be read
 * ends the scan with an error, after the tickets before it. */
struct sss_error *sss_scan_next(struct sss_scan *s,
				struct sss_scan_item **out);

/* End the scan. The cache is written only when sss_scan_next() reached
 * the end without an error. Frees s. */
void sss_scan_close(struct sss_scan *s);

/* The ticket file of the view, relative to the work tree. */
const char *sss_scan_rel(const struct sss_scan_item *it);

/* The error of a ticket file that could not be read or parsed (handed
 * over once: the caller frees it); NULL for a good ticket. A broken view
 * has nothing else but its path. */
struct sss_error *sss_scan_broken(struct sss_scan_item *it);

/* A scalar field of the ticket (id, title, sow, kind, status, priority,
 * assignee, due, recurrence, created, updated, closed), as
 * sss_ticket_get() gives it; NULL when unset. Owned by the view. */
const char *sss_scan_get(const struct sss_scan_item *it, const char *field);

/* Append the ticket's links (sss_ticket_links_format()). */
void sss_scan_links(const struct sss_scan_item *it, struct strbuf *out);

/* The section name of the body (SSS_SEC_RESOLUTION or SSS_SEC_MINUTES:
 * the two the cache holds) into out, reset first; false when there is
 * no such section. */
bool sss_scan_section(const struct sss_scan_item *it, const char *name,
		      struct strbuf *out);

/* The service levels of the ticket at now (sla.h), from the cache
 * record when there is one: no ticket file is read. False (and *out
 * unset) when the ticket has no target. */
bool sss_scan_sla(const struct sss_scan_item *it, const struct sss_config *c,
		  const struct sss_calendar *cal, time_t now, struct sss_sla *out);

/* The ticket's work-log digest (sss_worklog_digest()) into out, reset
 * first: the cache record's when the view is one (no file is read), else
 * made from the parsed ticket, so it is the same either way. False when
 * the ticket cannot be read (a broken view, or a file that no longer
 * parses). */
bool sss_scan_digest(struct sss_scan_item *it, struct strbuf *out);

/* Append the ticket's JSON object, as sss_ticket_to_json(t, out, false)
 * writes it (for a cache record, rebuilt from the record). */
void sss_scan_json(const struct sss_scan_item *it, struct strbuf *out);

/* A ticket for sss_query_match(): for a cache record a proxy that holds
 * the fields a query looks at (cheap: one proxy serves the whole scan),
 * else the parsed ticket. When the proxy cannot hold a record's values
 * the file is parsed; NULL when that fails, the error in *err (the
 * caller's). Owned by the scan, valid until the next call. */
const struct sss_ticket *sss_scan_query_ticket(struct sss_scan_item *it,
					       struct sss_error **err);

/* The whole parsed ticket, body included: for a cache record the file is
 * parsed now. *out is owned by the view. */
struct sss_error *sss_scan_ticket(struct sss_scan_item *it,
				  const struct sss_ticket **out);

/* Read the view's file as it stands (at most SSS_TICKET_MAX_FILE bytes,
 * never through a symbolic link): *raw NUL-terminated, the caller's. */
struct sss_error *sss_scan_read(struct sss_scan_item *it, char **raw,
				size_t *len);

#endif
