/* cache.h - a summary of every ticket file, so that a scan (list, due,
 * report, check) need not read and parse the files that did not change.
 *
 * The cache is one file, .git/sss-cache (out of `git status`), with one
 * record per ticket file in path order: the file's lstat identity (size,
 * mtime, ctime, inode, device), its path when the ID does not give it,
 * every scalar field of the front matter (SSS_TICKET_SCALARS), the links
 * (sss_ticket_links_format), the section 議事録 of the body and, for
 * incidents, 対応結果, the history of its work log that the service
 * levels read (sss_sla_history()), the digest of the work log the
 * reports and export read (sss_worklog_digest()), and what else the
 * ticket's JSON holds (params, tags, documents, unknown keys, the effort
 * figures), so that the JSON sss_worklog_ticket_json(t, out, false)
 * writes is rebuilt from the record byte for byte: what list, due,
 * report, export and check look at. Records are written in LZ4 blocks of
 * up to 256 KiB (whole records, each block with its checksum): 11,660,448
 * bytes for a generated repository of 100,000 tickets, 117 a ticket
 * (889 when the records kept the JSON, uncompressed). What a record does
 * not keep (the 対応結果 of a ticket that is no incident) the scan reads
 * from the file.
 *
 * It is never wrong: a record is used only when the file's lstat matches
 * it in every field and the file's mtime is more than a second older than
 * the scan that wrote the record (git's racy-clean rule: a file changed in
 * the same second as it was looked at is read again). A ticket edited by
 * hand, or changed by git checkout/pull, so has a new identity and is
 * read again. Every record carries a checksum; a header names the sssctl
 * binary that wrote it (a new build means a new parser, so an empty cache).
 * A cache that cannot be read, or holds garbage from some point on, is
 * simply not used from there; it is never an error for the user.
 *
 * A scan is a merge join: sss_cache_lookup() is called for every ticket
 * file in path order (as sss_repo_walk_next() gives them), while the old
 * cache is read sequentially, a block at a time; when anything changed,
 * the new cache is written as it goes to a temp file beside it (its name
 * holds the pid; the blocks before the first change copied as they are)
 * and renamed over the old one at the end. Memory stays bounded by a
 * block or the largest record. Writers (new, close, ...) need not touch the cache: their
 * changes give the files a new identity.
 *
 * SSS_NO_CACHE=1 in the environment makes a scan bypass the cache (the
 * scan checks it: see sss_cache_disabled()).
 *
 * Only the scan API (scan.h) uses the cache: commands see its records
 * through the views of a scan.
 */
#ifndef SSS_CACHE_H
#define SSS_CACHE_H

#include <stdbool.h>
#include <stddef.h>

struct stat;
struct strbuf;
struct sss_ticket;

struct sss_cache;
struct sss_cache_entry;

/* True when SSS_NO_CACHE is set to something other than "" or "0". */
bool sss_cache_disabled(void);

/* Start a scan with the cache of the git directory gitdir (ending in
 * '/'; copied). Never fails: a missing or unreadable cache is an empty
 * one. Free with sss_cache_finish(). */
struct sss_cache *sss_cache_open(const char *gitdir);

/* Whether c holds records from an earlier scan (else every ticket will
 * be read: the scan then reads ahead). */
bool sss_cache_warm(const struct sss_cache *c);

/* The record for the ticket file rel (tickets/YYYY/MM/<id>.md), which
 * must come after the rel of the previous call in path order. st is the
 * file's lstat, made before the caller reads the file (so that a change
 * made while it is read is seen next time), or NULL when lstat failed.
 * Returns the record when it is valid for the file as it is now (owned
 * by c, valid until the next call); otherwise NULL, and the caller reads
 * the file itself and hands the ticket to sss_cache_put() if it parses
 * (a broken ticket is not cached). */
const struct sss_cache_entry *sss_cache_lookup(struct sss_cache *c,
					       const char *rel,
					       const struct stat *st);

/* Record t, just parsed from the file of the last sss_cache_lookup()
 * that returned NULL. */
void sss_cache_put(struct sss_cache *c, const struct sss_ticket *t);

/* End the scan. When complete is true (the whole walk ran) and anything
 * changed, the new cache replaces the old one; any failure to write it
 * just leaves the old one (or none). Frees c. */
void sss_cache_finish(struct sss_cache *c, bool complete);

/* A string of the record: a scalar field (SSS_TICKET_SCALARS), "links"
 * (NULL when there are none), "sla-history" (NULL when empty),
 * "worklog-digest" (sss_worklog_digest(); NULL when empty) or
 * "section:<name>" for 対応結果 and 議事録
 * (as sss_ticket_section gives it; NULL when there is no such section).
 * NULL when unset, or not kept (see sss_cache_entry_kept()). */
const char *sss_cache_entry_get(const struct sss_cache_entry *e,
				const char *field);

/* Whether the record keeps field (a name of sss_cache_entry_get()), so
 * that its NULL means unset; false for what only the file can tell (the
 * 対応結果 of a ticket that is no incident, an unknown name). */
bool sss_cache_entry_kept(const struct sss_cache_entry *e, const char *field);

/* Append the ticket's JSON object, byte for byte what
 * sss_worklog_ticket_json(t, out, false) writes for the ticket file. */
void sss_cache_entry_json(const struct sss_cache_entry *e, struct strbuf *out);

/* A ticket that holds e's status, kind, sow, assignee and due (the fields
 * a struct sss_query looks at) and nothing else, so that
 * sss_query_match(q, ticket) is the answer for the ticket file. Owned by
 * c, valid until the next call; one ticket is reused for the whole scan,
 * setting only the values that differ, so this is cheap. NULL when a
 * value is refused (the caller should then read the file). */
const struct sss_ticket *
sss_cache_entry_ticket(struct sss_cache *c, const struct sss_cache_entry *e);

#endif
