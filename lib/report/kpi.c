/* kpi.c - the service figures of a report (DESIGN.md section 12): effort
 * planned against actual by SOW item and by person, the reopen rate,
 * first-contact resolution and the recurrences per problem.
 *
 * Everything is counted as at the report's cut-off (the end of the
 * period, or now for the running one): a work-log entry (worklog.h) at or
 * after it never counts, and a status is the one the work log gives for
 * that moment, so a past period's figures are the same whenever the
 * report is made. report_kpi_take() reads one ticket's work log during
 * the scan (collect.c); report_kpi_stats() adds the rows up. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/scan.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

/* The period's first moment and the cut-off, set once. */
static void kpi_times(struct sss_report *r)
{
	struct kpi_report *k = &r->kx;

	if (k->cutoff)
		return;
	k->from = sss_date_time(r->start);
	k->cutoff = r->today <= r->end ? r->o.now : sss_date_time(r->end + 1);
}

/* The status value of sss_statuses that equals s (static storage), or
 * NULL. */
static const char *status_of(const char *s)
{
	for (size_t i = 0; s && sss_statuses[i]; i++)
		if (!strcmp(sss_statuses[i], s))
			return sss_statuses[i];
	return NULL;
}

/* resolved or closed: the work is done (cancelled is not a resolution) */
static bool resolution(const char *s)
{
	return s && (!strcmp(s, "resolved") || !strcmp(s, "closed"));
}

/* Whether the period can concern x: opened by the cut-off, and open at
 * some time of the period or changed since it began. */
static bool concerned(const struct sss_report *r, const struct sss_scan_item *s,
		      const struct rt *x)
{
	const char *updated = sss_scan_get(s, "updated");
	long long u;

	if (x->created > r->asof)
		return false;
	if (x->fin >= r->start)
		return true;
	return !updated || sss_datetime_parse(updated, &u) < 0 || u >= r->kx.from;
}

static void add_spent(struct rt_kpi *kp, const char *who, int min)
{
	for (size_t i = 0; i < kp->nby; i++)
		if (!strcmp(kp->by[i].who, who)) {
			kp->by[i].min += min;
			return;
		}
	kp->by = xrealloc(kp->by, (kp->nby + 1) * sizeof(*kp->by));
	kp->by[kp->nby].who = xstrdup(who);
	kp->by[kp->nby++].min = min;
}

/* The status x had at the cut-off when its work log records no change
 * before it: the one before its first later change, else the front
 * matter's (a ticket finished after the cut-off was still open then). */
static const char *status_without_log(const struct sss_report *r, const struct rt *x,
				      const char *before_later)
{
	if (before_later)
		return before_later;
	if (x->fin != NEVER && x->fin > r->asof)
		return "open";
	return status_of(x->status) ? status_of(x->status) : "open";
}

/* What sss_sla_history() writes for entry h of a ticket's work log, the
 * first comment being answered (sla.h). */
static void history_add(struct strbuf *hist, const struct sss_worklog_entry *h,
			bool *answered)
{
	if (h->status_to) {
		strbuf_addf(hist, "s %lld %s %s\n", (long long)h->when,
			    h->status_from, h->status_to);
	} else if (!*answered && !h->estimate_change && strcmp(h->author, "merge")) {
		strbuf_addf(hist, "r %lld\n", (long long)h->when);
		*answered = true;
	}
}

/* The offset sss_sla_history() reads a work log's times at when created
 * gives none. */
static int sla_offset(const char *created)
{
	long long c;
	return sss_time_offset(created && sss_datetime_parse(created, &c) == 0 ? (time_t)c : 0);
}

/* Walk the work log of digest into x->kp; the service levels' history
 * of the entries before the cut-off goes to hist, read as the service
 * levels read them (the time zone of created's). */
static void read_worklog(struct sss_report *r, const char *digest, const char *created,
			 struct rt *x, struct strbuf *hist)
{
	const struct kpi_report *k = &r->kx;
	struct rt_kpi *kp = &x->kp;
	struct sss_worklog_iter *it = sss_worklog_digest_open(digest, sss_time_offset(r->o.now));
	struct sss_worklog_iter *hs = sss_worklog_digest_open(digest, sla_offset(created));
	const struct sss_worklog_entry *e, *h;
	const char *last = NULL, *before_later = NULL;
	bool closed_in = false, any_status = false, answered = false;
	/* the estimate as at the cut-off: the last change before it, else
	 * the value before the first change after it, else the file's */
	int est_last = -1, est_before_later = -1;

	/* the two walk the same entries in step */
	while ((e = sss_worklog_next(it)) && (h = sss_worklog_next(hs))) {
		const char *from = status_of(e->status_from), *to = status_of(e->status_to);
		bool in = e->when >= k->from;
		if (e->when >= k->cutoff) {
			if (from && !before_later)
				before_later = from;
			if (e->estimate_change && est_before_later < 0)
				est_before_later = e->estimate_from;
			continue;
		}
		if (e->estimate_change) {
			est_last = e->estimate_to;
			continue;
		}
		history_add(hist, h, &answered);
		if (to) {
			any_status = true;
			kp->waited |= !strcmp(to, "waiting");
			if (in && resolution(to) && !resolution(from))
				kp->finished_in = true;
			if (in && !strcmp(to, "closed"))
				closed_in = true;
			if (in && resolution(from) && !resolution(to) && strcmp(to, "cancelled"))
				kp->reopened_in = true;
			last = to;
			continue;
		}
		if (!report_streq(e->author, "merge"))
			kp->work_entries++;
		if (e->spent_min > 0) {
			kp->spent_total += e->spent_min;
			if (in) {
				kp->spent_period += e->spent_min;
				add_spent(kp, e->author, e->spent_min);
			}
		}
	}
	sss_worklog_close(it);
	sss_worklog_close(hs);
	if (est_last >= 0 || est_before_later >= 0) {
		int est = est_last >= 0 ? est_last : est_before_later;
		kp->estimate_min = est > 0 ? est : -1;
	}
	kp->status = last ? last : status_without_log(r, x, before_later);
	if (!any_status && resolution(x->status) && x->fin >= r->start && x->fin <= r->asof)
		/* finished before the work log recorded status changes */
		kp->finished_in = closed_in = true;
	kp->closed_in = closed_in && !strcmp(kp->status, "closed");
}

void report_kpi_take(struct sss_report *r, struct sss_scan_item *s, struct rt *x)
{
	struct strbuf sb = STRBUF_INIT, digest = STRBUF_INIT;
	const char *estimate;
	struct sss_error *err;

	kpi_times(r);
	x->kp.estimate_min = -1;
	if (report_streq(x->kind, "incident") || report_streq(x->kind, "problem")) {
		sss_scan_links(s, &sb);
		if (sb.len)
			x->kp.links = strbuf_detach(&sb, NULL);
	}
	if (!concerned(r, s, x))
		goto done;
	strbuf_reset(&sb);
	/* the scan read it a moment ago: false when a file changed under us */
	if (!sss_scan_digest(s, &digest))
		goto done;
	x->kp.read = true;
	if ((estimate = sss_scan_get(s, "estimate")) &&
	    (err = sss_duration_parse(estimate, "estimate", &x->kp.estimate_min))) {
		x->kp.estimate_min = -1;
		sss_error_free(err);
	}
	read_worklog(r, digest.buf, sss_scan_get(s, "created"), x, &sb);
	report_kpi_sla_take(r, s, x, sb.buf);
done:
	strbuf_release(&sb);
	strbuf_release(&digest);
}

void report_kpi_row_release(struct rt *x)
{
	for (size_t i = 0; i < x->kp.nby; i++)
		free(x->kp.by[i].who);
	free(x->kp.by);
	free(x->kp.links);
}

/* ---- effort ------------------------------------------------------------------ */

static struct kpi_effort *person(struct kpi_report *k, const char *name)
{
	for (size_t i = 0; i < k->npeople; i++)
		if (!strcmp(k->people[i].name, name))
			return &k->people[i];
	k->people = xrealloc(k->people, (k->npeople + 1) * sizeof(*k->people));
	memset(&k->people[k->npeople], 0, sizeof(*k->people));
	k->people[k->npeople].name = name;
	return &k->people[k->npeople++];
}

static int cmp_effort_name(const void *a, const void *b)
{
	return strcmp(((const struct kpi_effort *)a)->name, ((const struct kpi_effort *)b)->name);
}

/* The tickets of the period: opened by the cut-off and open at some time
 * in the period, or worked on in it. */
static void count_effort(struct sss_report *r)
{
	struct kpi_report *k = &r->kx;

	k->items = xcalloc(r->nentries + 1, sizeof(*k->items));
	for (size_t i = 0; i < r->n; i++) {
		const struct rt *x = &r->t[i];
		const struct rt_kpi *kp = &x->kp;
		if (!kp->read || !(kp->spent_period || (x->created <= r->asof && x->fin >= r->start)))
			continue;
		if (kp->estimate_min < 0 && !kp->spent_total)
			continue;
		struct kpi_effort *e = &k->items[x->entry >= 0 ? (size_t)x->entry : r->nentries];
		int planned = kp->estimate_min > 0 ? kp->estimate_min : 0;
		e->tickets++;
		e->planned += planned;
		e->actual += kp->spent_period;
		e->total += kp->spent_total;
		if (x->assignee && *x->assignee) {
			struct kpi_effort *p = person(k, x->assignee);
			p->tickets++;
			p->planned += planned;
		}
		for (size_t j = 0; j < kp->nby; j++)
			person(k, kp->by[j].who)->actual += kp->by[j].min;
	}
	if (k->npeople)
		qsort(k->people, k->npeople, sizeof(*k->people), cmp_effort_name);
}

/* ---- reopen rate, first-contact resolution -------------------------------- */

/* First contact counts for the service desk's tickets: inquiries and
 * requests (kind request) and incidents. */
static bool desk_kind(const char *kind)
{
	return report_streq(kind, "request") || report_streq(kind, "incident");
}

static void count_resolutions(struct sss_report *r)
{
	struct kpi_report *k = &r->kx;

	for (size_t i = 0; i < r->n; i++) {
		const struct rt *x = &r->t[i];
		const struct rt_kpi *kp = &x->kp;
		if (!kp->read)
			continue;
		k->finished += kp->finished_in;
		if (kp->reopened_in) {
			k->reopened++;
			SSS_GROW(k->reopened_list.v, k->reopened_list.alloc, k->reopened_list.n + 1);
			k->reopened_list.v[k->reopened_list.n++] = i;
		}
		if (kp->closed_in && desk_kind(x->kind)) {
			k->closed++;
			k->fcr += !kp->waited && kp->work_entries == 1;
		}
	}
}

/* ---- recurrences per problem ------------------------------------------------ */

/* A link between a problem and an incident (indices into r->t). */
struct pair {
	size_t problem, incident;
};

struct pairs {
	struct pair *v;
	size_t n, alloc;
};

static int cmp_pair(const void *a, const void *b, void *arg)
{
	const struct sss_report *r = arg;
	const struct pair *x = a, *y = b;
	if (x->problem != y->problem)
		return x->problem < y->problem ? -1 : 1;
	return strcmp(r->t[x->incident].id, r->t[y->incident].id);
}

static int cmp_recur(const void *a, const void *b, void *arg)
{
	const struct sss_report *r = arg;
	const struct rt *x = &r->t[((const struct kpi_recur *)a)->problem];
	const struct rt *y = &r->t[((const struct kpi_recur *)b)->problem];
	if (x->created_at != y->created_at)
		return x->created_at < y->created_at ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The links of row i of kind kind to tickets of kind other, by rel
 * other, as pairs (problem first). */
static void add_pairs(const struct sss_report *r, size_t i, const char *other,
		      struct pairs *out)
{
	const struct rt *x = &r->t[i];
	struct strbuf rs = STRBUF_INIT, is = STRBUF_INIT;

	for (const char *p = x->kp.links ? x->kp.links : ""; sss_links_next(&p, &rs, &is);) {
		const struct rt *y = strcmp(rs.buf, other) ? NULL : report_find_id(r, is.buf);
		if (!y || !report_streq(y->kind, other))
			continue;
		size_t j = (size_t)(y - r->t);
		SSS_GROW(out->v, out->alloc, out->n + 1);
		out->v[out->n++] = strcmp(other, "incident")
			? (struct pair){ j, i } : (struct pair){ i, j };
	}
	strbuf_release(&rs);
	strbuf_release(&is);
}

/* Every problem open at some time of the period, or with an incident
 * opened in it, with the incidents linked to it either way that were
 * opened by the cut-off. */
static void count_recurrences(struct sss_report *r)
{
	struct kpi_report *k = &r->kx;
	struct pairs ps = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < r->n; i++) {
		if (report_streq(r->t[i].kind, "problem"))
			add_pairs(r, i, "incident", &ps);
		else if (report_streq(r->t[i].kind, "incident"))
			add_pairs(r, i, "problem", &ps);
	}
	if (ps.n)
		qsort_r(ps.v, ps.n, sizeof(*ps.v), cmp_pair, r);
	for (size_t i = 0; i < r->n; i++) {
		const struct rt *x = &r->t[i];
		struct kpi_recur rec = { i, 0, 0, NULL };
		if (!report_streq(x->kind, "problem") || x->created > r->asof)
			continue;
		strbuf_reset(&sb);
		/* the pairs are sorted by problem: a binary search would do,
		 * but problems are few */
		for (size_t j = 0; j < ps.n; j++) {
			const struct rt *y = &r->t[ps.v[j].incident];
			if (ps.v[j].problem != i || y->created > r->asof ||
			    (j && ps.v[j - 1].problem == i && ps.v[j - 1].incident == ps.v[j].incident))
				continue;
			rec.total++;
			rec.in_period += y->created >= r->start;
			if (sb.len)
				strbuf_addstr(&sb, ", ");
			strbuf_addstr(&sb, y->id);
		}
		if (x->fin < r->start && !rec.in_period)
			continue;
		rec.ids = xstrdup(sb.buf);
		SSS_GROW(k->rec, k->arec, k->nrec + 1);
		k->rec[k->nrec++] = rec;
	}
	if (k->nrec)
		qsort_r(k->rec, k->nrec, sizeof(*k->rec), cmp_recur, r);
	free(ps.v);
	strbuf_release(&sb);
}

void report_kpi_stats(struct sss_report *r)
{
	kpi_times(r);
	count_effort(r);
	count_resolutions(r);
	count_recurrences(r);
	report_kpi_sla_stats(r);
}

void report_kpi_free(struct sss_report *r)
{
	struct kpi_report *k = &r->kx;

	free(k->items);
	free(k->people);
	free(k->reopened_list.v);
	for (size_t i = 0; i < k->nrec; i++)
		free(k->rec[i].ids);
	free(k->rec);
	free(k->sla_list.v);
}
