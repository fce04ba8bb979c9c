/* collect.c - the report's ticket scan: every ticket of the repository
 * read into a row (struct rt) of the report, through the scan cache when
 * it is warm; a ticket that cannot be read becomes a warning.
 *
 * report_collect() is all the scanning there is (through scan.h);
 * add_row() takes the view of one ticket.
 *
 * A row holds the ticket as it stood at the report's cut-off (the end
 * of its as-of date), so that a past period's report gives the same
 * numbers whenever it is made: a ticket changed after the cut-off has
 * its status and finish date read back from the status changes of its
 * work log ("状態 未着手 → 対応中", worklog.h) up to the cut-off; one
 * without such entries (older tickets) from its created and closed
 * dates: finished when closed by then, else open. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/scan.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

#define MAX_RAW 1024 /* bytes of a ticket text kept for the report */

/* A copy of s cut to at most max bytes on a UTF-8 boundary. */
static char *cut_utf8(const char *s, size_t max, bool *cut)
{
	size_t len = strlen(s);
	if (cut)
		*cut = len > max;
	if (len <= max)
		return xstrdup(s);
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return xstrndup(s, max);
}

static sss_date datetime_date(const char *s, sss_date dflt)
{
	long long epoch;
	if (!s || sss_datetime_parse(s, &epoch) < 0)
		return dflt;
	return sss_time_date((time_t)epoch);
}

static bool finished(const char *status)
{
	return status && (!strcmp(status, "closed") || !strcmp(status, "cancelled"));
}

static void warn(struct sss_report *r, struct sss_error *err)
{
	SSS_GROW(r->warn, r->awarn, r->nwarn + 1);
	r->warn[r->nwarn++] = xstrdup(err->msg);
	sss_error_free(err);
}

/* A ticket as the scan has it (scan.h): parsed from its file, or its
 * record in the scan cache, which holds every string read here. */
static char *src_dup(const struct sss_scan_item *s, const char *field)
{
	const char *v = sss_scan_get(s, field);
	return v ? cut_utf8(v, MAX_RAW, NULL) : NULL;
}

/* The 議事録 of the week's meeting: the ticket generated for the week
 * (recurrence KEY@YYYY-Www) wins over another meeting due in the week. */
static void take_minutes(struct sss_report *r, const struct sss_scan_item *s,
			 const struct rt *x)
{
	const char *at = x->recurrence ? strrchr(x->recurrence, '@') : NULL;
	bool by_key = at && !strcmp(at + 1, r->period_name);
	struct strbuf sec = STRBUF_INIT;

	if (!by_key && (x->due == NODUE || x->due < r->start || x->due > r->end))
		return;
	if (r->minutes_id && (r->minutes_by_key || !by_key))
		return;
	if (!sss_scan_section(s, SSS_SEC_MINUTES, &sec) || !sec.len) {
		strbuf_release(&sec);
		return;
	}
	free(r->minutes);
	free(r->minutes_id);
	r->minutes = cut_utf8(sec.buf, SSS_REPORT_MAX_MINUTES, &r->minutes_cut);
	r->minutes_id = xstrdup(x->id);
	r->minutes_by_key = by_key;
	strbuf_release(&sec);
}

/* The offset of the repository's time zone from UTC at now, in minutes
 * (main sets TZ from the config). */
static int tz_offset_min(time_t now)
{
	struct tm tm;
	localtime_r(&now, &tm);
	return (int)(tm.tm_gmtoff / 60);
}

/* x's status and finish date at the end of r->asof from the status
 * changes of the work log of digest (worklog.h): false when it has
 * none. */
static bool status_from_worklog(const struct sss_report *r, const char *digest,
				struct rt *x)
{
	struct sss_worklog_iter *it = sss_worklog_digest_open(digest, tz_offset_min(r->o.now));
	const struct sss_worklog_entry *e;
	const char *status = NULL;
	sss_date fin = NEVER;
	bool any = false;

	while ((e = sss_worklog_next(it))) {
		if (!e->status_to)
			continue;
		sss_date d = sss_time_date(e->when);
		if (!any)
			status = e->status_from; /* what it was before its first change */
		any = true;
		if (d > r->asof)
			continue; /* entries are in file order, which is time order
				     for sssctl's own, but a hand-made one may not be */
		status = e->status_to;
		fin = finished(status) ? d : NEVER;
	}
	sss_worklog_close(it);
	if (!any)
		return false;
	/* finished before the first change it records (closed before the
	 * work log had status entries, reopened since): when is not written
	 * down; its closed date when that is before the cut-off, else its
	 * creation */
	if (finished(status) && fin == NEVER)
		fin = x->fin <= r->asof ? x->fin : x->created;
	free(x->status);
	x->status = xstrdup(status);
	x->fin = fin;
	return true;
}

static void cutoff_status(const struct sss_report *r, struct sss_scan_item *s, struct rt *x);

/* Set x to the ticket as it stood at the cut-off, when it was changed
 * after it (see the top of the file), from its work-log digest (which
 * the scan cache keeps: no file is read).
 * Its ## 対応結果 goes when it was finished only after the cut-off: the
 * text was written then. */
static void as_at_cutoff(const struct sss_report *r, struct sss_scan_item *s, struct rt *x)
{
	bool finished_now = finished(x->status);

	cutoff_status(r, s, x);
	if (finished_now && !finished(x->status)) {
		free(x->resolution);
		x->resolution = NULL;
	}
}

/* x's status and finish date at the cut-off (as_at_cutoff). */
static void cutoff_status(const struct sss_report *r, struct sss_scan_item *s, struct rt *x)
{
	struct strbuf digest = STRBUF_INIT;
	sss_date updated = datetime_date(sss_scan_get(s, "updated"), x->created);
	bool from_log;

	if (updated <= r->asof)
		return; /* unchanged since: as it is now */
	/* false: it was read once, then only the dates */
	from_log = sss_scan_digest(s, &digest) && status_from_worklog(r, digest.buf, x);
	strbuf_release(&digest);
	if (from_log)
		return;
	if (x->fin > r->asof && x->fin != NEVER) {
		free(x->status);
		x->status = xstrdup("open");
		x->fin = NEVER;
	}
}

/* One row of r->t from s. */
static void add_row(struct sss_report *r, const char *rel, struct sss_scan_item *s)
{
	struct strbuf sb = STRBUF_INIT, links = STRBUF_INIT;
	struct strbuf rel_s = STRBUF_INIT, id_s = STRBUF_INIT;
	struct rt x;

	memset(&x, 0, sizeof(x));
	x.id = src_dup(s, "id");
	x.title = src_dup(s, "title");
	x.sow = src_dup(s, "sow");
	x.kind = src_dup(s, "kind");
	x.status = src_dup(s, "status");
	x.assignee = src_dup(s, "assignee");
	x.recurrence = src_dup(s, "recurrence");
	if (!x.id)
		x.id = xstrdup(rel);
	if (!x.status)
		x.status = xstrdup("open");
	const char *created = sss_scan_get(s, "created");
	x.created = datetime_date(created, INT32_MIN / 2);
	if (sss_datetime_parse(created ? created : "", &x.created_at) < 0)
		x.created_at = 0;
	x.fin = NEVER;
	if (finished(x.status))
		/* closed and cancelled carry `closed`; a hand-edited file
		 * without it counts from its last update */
		x.fin = datetime_date(sss_scan_get(s, "closed"),
				      datetime_date(sss_scan_get(s, "updated"), x.created));
	if (x.fin < x.created)
		x.fin = x.created;
	const char *due = sss_scan_get(s, "due");
	if (!due || sss_date_parse(due, &x.due) < 0)
		x.due = NODUE;
	x.entry = -1;
	for (size_t i = 0; x.sow && i < r->nentries; i++)
		if (!strcmp(sss_sow_key(sss_catalog_at(r->o.catalog, i)), x.sow))
			x.entry = (int)i;
	if (report_streq(x.kind, "incident") && sss_scan_section(s, SSS_SEC_RESOLUTION, &sb))
		x.resolution = cut_utf8(sb.buf, MAX_RAW, NULL);
	if (report_streq(x.kind, "problem")) {
		strbuf_reset(&sb);
		sss_scan_links(s, &links);
		for (const char *p = links.buf; sss_links_next(&p, &rel_s, &id_s);) {
			if (strcmp(rel_s.buf, "incident"))
				continue;
			if (sb.len)
				strbuf_addstr(&sb, ", ");
			strbuf_addbuf(&sb, &id_s);
		}
		if (sb.len)
			x.incidents = cut_utf8(sb.buf, MAX_RAW, NULL);
	}
	if (x.created <= r->asof)
		as_at_cutoff(r, s, &x);
	if (x.fin < x.created)
		x.fin = x.created;
	if (r->o.kind == SSS_REPORT_WEEKLY && report_streq(x.kind, "meeting"))
		take_minutes(r, s, &x);
	SSS_GROW(r->t, r->alloc, r->n + 1);
	r->t[r->n++] = x;
	strbuf_release(&sb);
	strbuf_release(&links);
	strbuf_release(&rel_s);
	strbuf_release(&id_s);
}

struct sss_error *report_collect(struct sss_report *r)
{
	struct sss_scan *scan = sss_scan_open(r->o.repo, 0);
	struct sss_scan_item *it;
	struct sss_error *err;

	while (!(err = sss_scan_next(scan, &it)) && it) {
		struct sss_error *broken = sss_scan_broken(it);
		if (broken)
			/* one broken file never hides the others */
			warn(r, broken);
		else {
			add_row(r, sss_scan_rel(it), it);
			report_kpi_take(r, it, &r->t[r->n - 1]);
		}
	}
	sss_scan_close(scan);
	return err;
}

void report_row_release(struct rt *x)
{
	free(x->id);
	free(x->title);
	free(x->sow);
	free(x->kind);
	free(x->status);
	free(x->assignee);
	free(x->recurrence);
	free(x->resolution);
	free(x->incidents);
	report_kpi_row_release(x);
}
