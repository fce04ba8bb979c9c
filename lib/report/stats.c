/* stats.c - the numbers of a report: the KPIs of the period, the lists
 * (incidents, open problems and 課題, overdue tickets), the counts by SOW
 * entry, summary item and category, the recurring work planned and done,
 * the work of the next period and the open backlog of the last 12 months.
 * All from the rows that collect.c read. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/catalog.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/recur.h"

#define ISSUE_KEY "issue-management" /* 課題管理: an open 課題 is a hand-made one */

bool report_streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static bool open_at(const struct rt *x, sss_date d)
{
	return x->created <= d && x->fin > d;
}

/* qsort_r comparators of indices into r->t */
static int cmp_by_id(const void *a, const void *b, void *arg)
{
	const struct sss_report *r = arg;
	return strcmp(r->t[*(const size_t *)a].id, r->t[*(const size_t *)b].id);
}

static int cmp_by_created(const void *a, const void *b, void *arg)
{
	const struct sss_report *r = arg;
	const struct rt *x = &r->t[*(const size_t *)a], *y = &r->t[*(const size_t *)b];
	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	if (x->created_at != y->created_at)
		return x->created_at < y->created_at ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_by_due(const void *a, const void *b, void *arg)
{
	const struct sss_report *r = arg;
	const struct rt *x = &r->t[*(const size_t *)a], *y = &r->t[*(const size_t *)b];
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void idx_add(struct idxlist *l, size_t i)
{
	SSS_GROW(l->v, l->alloc, l->n + 1);
	l->v[l->n++] = i;
}

static void idx_sort(const struct sss_report *r, struct idxlist *l,
		     int (*cmp)(const void *, const void *, void *))
{
	if (l->n)
		qsort_r(l->v, l->n, sizeof(*l->v), cmp, (void *)r);
}

const struct rt *report_find_id(const struct sss_report *r, const char *id)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->t[r->by_id[mid]].id, id);
		if (!c)
			return &r->t[r->by_id[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct idset {
	char **v;
	size_t n, alloc;
};

static void idset_add(struct idset *s, const char *id)
{
	SSS_GROW(s->v, s->alloc, s->n + 1);
	s->v[s->n++] = xstrdup(id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int planned_occurrence(const struct sss_occurrence *o, void *data)
{
	struct sss_report *r = ((void **)data)[0];
	struct idset *s = ((void **)data)[1];
	if (o->due >= r->start && o->due <= r->end)
		idset_add(s, o->id);
	return 0;
}

static int next_occurrence(const struct sss_occurrence *o, void *data)
{
	struct sss_report *r = data;
	if (o->work_start > r->next_end || o->work_end < r->next_start)
		return 0;
	SSS_GROW(r->next_work, r->anext, r->nnext + 1);
	struct occ *x = &r->next_work[r->nnext++];
	x->id = xstrdup(o->id);
	x->title = xstrdup(o->title);
	x->work_start = o->work_start;
	x->work_end = o->work_end;
	x->due = o->due;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* Recurring work of the period: every occurrence due in it (also those
 * `due` has not created yet) and every recurring ticket due in it;
 * cancelled ones are not counted, done ones are closed by the as-of
 * date. */
static struct sss_error *count_recurring(struct sss_report *r)
{
	struct idset s = { NULL, 0, 0 };
	void *args[2] = { r, &s };
	struct sss_error *err;

	err = sss_recur_each(r->o.catalog, r->o.config, r->o.cal, r->start, r->end,
			     planned_occurrence, args);
	for (size_t i = 0; !err && i < r->n; i++)
		if (r->t[i].recurrence && r->t[i].due >= r->start && r->t[i].due <= r->end)
			idset_add(&s, r->t[i].id);
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), cmp_str);
	for (size_t i = 0; !err && i < s.n; i++) {
		if (i && !strcmp(s.v[i], s.v[i - 1]))
			continue;
		const struct rt *x = report_find_id(r, s.v[i]);
		if (x && !strcmp(x->status, "cancelled") && x->fin <= r->asof)
			continue;
		r->k.recurring_planned++;
		if (x && !strcmp(x->status, "closed") && x->fin <= r->asof)
			r->k.recurring_done++;
	}
	for (size_t i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	return err;
}

static void count_items(const struct sss_report *r, sss_date from, sss_date to,
			struct counts *c)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct rt *x = &r->t[i];
		struct counts *e = &c[x->entry >= 0 ? (size_t)x->entry : r->nentries];
		if (x->created >= from && x->created <= to)
			e->opened++;
		if (x->fin >= from && x->fin <= to)
			e->closed++;
		if (open_at(x, to))
			e->open++;
		if (open_at(x, from - 1))
			e->carried++;
	}
}

static void compute(struct sss_report *r)
{
	struct kpi *k = &r->k;
	int *ttr = xcalloc(r->n + 1, sizeof(int));
	size_t nttr = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct rt *x = &r->t[i];
		bool opened = x->created >= r->start && x->created <= r->asof;
		bool closed = x->fin >= r->start && x->fin <= r->asof;
		bool is_open = open_at(x, r->asof);
		bool incident = report_streq(x->kind, "incident"), problem = report_streq(x->kind, "problem");

		k->opened += opened;
		k->carried += open_at(x, r->start - 1);
		k->closed += closed;
		k->cancelled += closed && !strcmp(x->status, "cancelled");
		if (is_open) {
			int age = x->created >= r->asof ? 0
				: sss_calendar_count_business_days(r->o.cal, x->created + 1, r->asof);
			k->backlog++;
			k->age[age < 10 ? 0 : age <= 30 ? 1 : 2]++;
			if (x->due != NODUE && x->due < r->overdue_before &&
			    strcmp(x->status, "resolved")) {
				k->overdue++;
				idx_add(&r->overdue, i);
			}
		}
		if (closed && !strcmp(x->status, "closed") && x->due != NODUE) {
			k->with_due++;
			k->on_time += x->fin <= x->due;
		}
		if (incident) {
			k->incidents += opened;
			if (closed && !strcmp(x->status, "closed")) {
				k->inc_resolved++;
				ttr[nttr++] = x->fin > x->created
					? sss_calendar_count_business_days(r->o.cal, x->created + 1, x->fin)
					: 0;
			}
			/* the incidents of the period: open at some time in it */
			if (x->created <= r->asof && x->fin >= r->start)
				idx_add(&r->incidents, i);
		}
		if (problem) {
			k->problems_opened += opened;
			k->problems_closed += closed;
			if (is_open)
				idx_add(&r->problems, i);
		}
		if (report_streq(x->sow, ISSUE_KEY) && !x->recurrence && is_open)
			idx_add(&r->issues, i);
	}
	if (nttr) {
		long sum = 0;
		for (size_t i = 0; i < nttr; i++)
			sum += ttr[i];
		qsort(ttr, nttr, sizeof(*ttr), cmp_int);
		k->mttr_mean = (double)sum / (double)nttr;
		k->mttr_median = nttr % 2 ? ttr[nttr / 2]
			: (ttr[nttr / 2 - 1] + ttr[nttr / 2]) / 2.0;
	}
	free(ttr);
	idx_sort(r, &r->incidents, cmp_by_created);
	idx_sort(r, &r->problems, cmp_by_created);
	idx_sort(r, &r->issues, cmp_by_created);
	idx_sort(r, &r->overdue, cmp_by_due);

	count_items(r, r->start, r->asof, r->items);
	count_items(r, r->fy_first, r->asof, r->fy_items);

	/* open backlog at each month end of the last 12 months (the current
	 * month: at the as-of date) */
	int y, m;
	sss_date_to_ymd(r->asof, &y, &m, NULL);
	for (int i = 0; i < 12; i++) {
		sss_date me = sss_date_from_ymd(y, m - 11 + i + 1, 0);
		r->hist_at[i] = me < r->asof ? me : r->asof;
		r->hist[i] = 0;
		for (size_t j = 0; j < r->n; j++)
			r->hist[i] += open_at(&r->t[j], r->hist_at[i]);
	}
}

void report_summary_counts(const struct sss_report *r, int no, struct counts *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->nentries; i++)
		if (sss_sow_summary_no(sss_catalog_at(r->o.catalog, i)) == no) {
			out->opened += r->items[i].opened;
			out->closed += r->items[i].closed;
			out->open += r->items[i].open;
			out->carried += r->items[i].carried;
		}
}

size_t report_category_counts(const struct sss_report *r, struct catsum **out)
{
	struct catsum *v = xcalloc(r->nentries + 2, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i <= r->nentries; i++) {
		const char *name = i < r->nentries
			? sss_sow_category(sss_catalog_at(r->o.catalog, i)) : "カタログ外";
		const struct counts *c = &r->items[i];
		if (i == r->nentries && !c->opened && !c->closed && !c->open && !c->carried)
			break;
		size_t j = 0;
		while (j < n && !report_streq(v[j].name, name))
			j++;
		if (j == n)
			v[n++].name = name ? name : "-";
		v[j].c.opened += c->opened;
		v[j].c.closed += c->closed;
		v[j].c.open += c->open;
		v[j].c.carried += c->carried;
	}
	*out = v;
	return n;
}

struct sss_error *report_stats(struct sss_report *r)
{
	struct sss_error *err;

	r->by_id = xcalloc(r->n + 1, sizeof(*r->by_id));
	for (size_t i = 0; i < r->n; i++)
		r->by_id[i] = i;
	if (r->n)
		qsort_r(r->by_id, r->n, sizeof(*r->by_id), cmp_by_id, r);
	compute(r);
	report_kpi_stats(r);
	if ((err = count_recurring(r)))
		return err;
	return sss_recur_each(r->o.catalog, r->o.config, r->o.cal, r->next_start,
			      r->next_end, next_occurrence, r);
}
