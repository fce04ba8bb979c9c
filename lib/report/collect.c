/* collect.c - the report's ticket scan: every ticket of the repository
 * read into a row (struct rt) of the report, through the scan cache when
 * it is warm; a ticket that cannot be read becomes a warning.
 *
 * report_collect() with its callback each_ticket() is all the scanning
 * there is; add_row() takes a ticket from either source (struct src). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/cache.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

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

/* A ticket as the scan has it: parsed from its file, or its record in
 * the scan cache (cache.h), which holds every string read here. */
struct src {
	const struct sss_ticket *t;
	const struct sss_cache_entry *e;
};

static const char *src_get(const struct src *s, const char *field)
{
	return s->e ? sss_cache_entry_get(s->e, field) : sss_ticket_get(s->t, field);
}

/* Section name's text into out (reset first), as sss_ticket_section. */
static bool src_section(const struct src *s, const char *name, struct strbuf *out)
{
	strbuf_reset(out);
	if (s->t)
		return sss_ticket_section(s->t, name, out);
	struct strbuf field = STRBUF_INIT;
	strbuf_addf(&field, "section:%s", name);
	const char *v = sss_cache_entry_get(s->e, field.buf);
	strbuf_release(&field);
	if (v)
		strbuf_addstr(out, v);
	return v != NULL;
}

static char *src_dup(const struct src *s, const char *field)
{
	const char *v = src_get(s, field);
	return v ? cut_utf8(v, MAX_RAW, NULL) : NULL;
}

/* The 議事録 of the week's meeting: the ticket generated for the week
 * (recurrence KEY@YYYY-Www) wins over another meeting due in the week. */
static void take_minutes(struct sss_report *r, const struct src *s,
			 const struct rt *x)
{
	const char *at = x->recurrence ? strrchr(x->recurrence, '@') : NULL;
	bool by_key = at && !strcmp(at + 1, r->period_name);
	struct strbuf sec = STRBUF_INIT;

	if (!by_key && (x->due == NODUE || x->due < r->start || x->due > r->end))
		return;
	if (r->minutes_id && (r->minutes_by_key || !by_key))
		return;
	if (!src_section(s, SSS_SEC_MINUTES, &sec) || !sec.len) {
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

/* One row of r->t from s. */
static void add_row(struct sss_report *r, const char *rel, const struct src *s)
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
	const char *created = src_get(s, "created");
	x.created = datetime_date(created, INT32_MIN / 2);
	if (sss_datetime_parse(created ? created : "", &x.created_at) < 0)
		x.created_at = 0;
	x.fin = NEVER;
	if (finished(x.status))
		/* closed and cancelled carry `closed`; a hand-edited file
		 * without it counts from its last update */
		x.fin = datetime_date(src_get(s, "closed"),
				      datetime_date(src_get(s, "updated"), x.created));
	if (x.fin < x.created)
		x.fin = x.created;
	const char *due = src_get(s, "due");
	if (!due || sss_date_parse(due, &x.due) < 0)
		x.due = NODUE;
	x.entry = -1;
	for (size_t i = 0; x.sow && i < r->nentries; i++)
		if (!strcmp(sss_sow_key(sss_catalog_at(r->o.catalog, i)), x.sow))
			x.entry = (int)i;
	if (report_streq(x.kind, "incident") && src_section(s, SSS_SEC_RESOLUTION, &sb))
		x.resolution = cut_utf8(sb.buf, MAX_RAW, NULL);
	if (report_streq(x.kind, "problem")) {
		strbuf_reset(&sb);
		if (s->t)
			sss_ticket_links_format(s->t, &links);
		else if (src_get(s, "links"))
			strbuf_addstr(&links, src_get(s, "links"));
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
	if (r->o.kind == SSS_REPORT_WEEKLY && report_streq(x.kind, "meeting"))
		take_minutes(r, s, &x);
	SSS_GROW(r->t, r->alloc, r->n + 1);
	r->t[r->n++] = x;
	strbuf_release(&sb);
	strbuf_release(&links);
	strbuf_release(&rel_s);
	strbuf_release(&id_s);
}

/* The scan's state: the report, and the scan cache (NULL: none). */
struct collect {
	struct sss_report *r;
	struct sss_cache *cache;
};

static int each_ticket(const char *rel, void *data)
{
	struct collect *c = data;
	struct sss_report *r = c->r;
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	const struct sss_cache_entry *e =
		c->cache ? sss_cache_lookup(c->cache, rel) : NULL;

	if (e) {
		struct src s = { NULL, e };
		add_row(r, rel, &s);
		return 0;
	}
	err = sss_repo_ticket(r->o.repo, rel, &t);
	if (err) {
		/* one broken file never hides the others */
		warn(r, err);
		return 0;
	}
	if (c->cache)
		sss_cache_put(c->cache, t);
	struct src s = { t, NULL };
	add_row(r, rel, &s);
	sss_ticket_free(t);
	return 0;
}

struct sss_error *report_collect(struct sss_report *r)
{
	struct collect c = { r, NULL };
	struct sss_error *err;

	if (!sss_cache_disabled())
		c.cache = sss_cache_open(r->o.repo, 0);
	sss_repo_readahead(r->o.repo, sss_cache_warm(c.cache) ? SSS_READAHEAD_STAT
							     : SSS_READAHEAD_PARSE);
	err = sss_repo_each_ticket(r->o.repo, each_ticket, &c);
	sss_cache_finish(c.cache, !err);
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
}
