/* recur.c - the schedule of recurring tickets (see recur.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sss/calendar.h"
#include "sss/catalog.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/id.h"
#include "sss/period.h"
#include "sss/recur.h"
#include "sss/strbuf.h"
#include "sss/template.h"

/* No contract runs this long; a bound keeps a bad config from looping. */
#define MAX_PERIODS 20000

/* Month (1-12) and year of the n-th month (0-based) after y/m. */
static void add_months(int y, int m, int n, int *oy, int *om)
{
	int idx = y * 12 + (m - 1) + n;
	*oy = idx / 12;
	*om = idx % 12 + 1;
}

/* The scheduled months of a half (2 months) or year (1) for an entry. */
static void sched_months(const struct sss_config *cfg, const char *key,
			 enum sss_freq f, int out[2])
{
	const struct sss_schedule *s = sss_config_schedule(cfg, key);
	int first = cfg->fy_start;
	out[0] = first;
	out[1] = (first + 5) % 12 + 1;
	if (!s || !s->nmonths)
		return;
	if (f == SSS_FREQ_YEARLY) {
		out[0] = s->months[0];
		return;
	}
	/* for halves, the configured month that falls in each half */
	for (size_t i = 0; i < s->nmonths; i++) {
		int off = (s->months[i] - first + 12) % 12;
		out[off < 6 ? 0 : 1] = s->months[i];
	}
}

struct occ_build {
	const struct sss_config *cfg;
	const struct sss_calendar *cal;
	const struct sss_sow_entry *e;
	int instance;
	struct strbuf key, id, title, ym, ymd;
};

static const char *lookup(const char *name, void *data)
{
	struct occ_build *b = data;
	if (!strcmp(name, "年月"))
		return b->ym.buf;
	if (!strcmp(name, "年月日"))
		return b->ymd.buf;
	if (b->instance >= 0) {
		size_t i = (size_t)b->instance;
		for (size_t j = 0; j < sss_sow_instance_param_count(b->e, i); j++)
			if (!strcmp(sss_sow_instance_param_name(b->e, i, j), name))
				return sss_sow_instance_param_value(b->e, i, j);
	}
	return NULL;
}

static sss_date shift(const struct occ_build *b, sss_date d)
{
	return b->cfg->shift_previous ? sss_calendar_prev_business_day(b->cal, d)
				      : sss_calendar_next_business_day(b->cal, d);
}

/* A deadline in the month after the work month y/m (config schedule
 * `due:`): day N of it, moved to the next business day when it is a day
 * off (whatever due.shift says: the contract's "翌月開始後N日以内" ends
 * on an open day), or its N-th business day. */
static sss_date next_month_due(const struct occ_build *b,
			       const struct sss_schedule *s, int y, int m)
{
	int ny, nm;
	add_months(y, m, 1, &ny, &nm);
	sss_date first = sss_date_from_ymd(ny, nm, 1);
	if (s->due_rule == SSS_DUE_NEXT_MONTH_BUSINESS_DAY)
		return sss_calendar_add_business_days(b->cal, first - 1, s->due_n);
	int last = sss_days_in_month(ny, nm);
	return sss_calendar_next_business_day(
	    b->cal, first + (s->due_n < last ? s->due_n : last) - 1);
}

/* Fill the dates of occurrence o for period p. */
static void place(struct occ_build *b, struct sss_occurrence *o,
		  struct sss_period p)
{
	const struct sss_config *cfg = b->cfg;
	const char *key = sss_sow_key(b->e);
	const struct sss_schedule *s = sss_config_schedule(cfg, key);
	int y, m, months[2];

	o->period = p;
	if (p.freq == SSS_FREQ_WEEKLY) {
		int wd = s && s->weekday >= 0 ? s->weekday : cfg->weekday;
		sss_date monday = sss_iso_week_monday(p.year, p.n);
		/* Monday is 1 .. Sunday 7 in the ISO week */
		sss_date day = monday + ((wd + 6) % 7);
		sss_date meeting = sss_calendar_prev_business_day(b->cal, day);
		o->work_start = o->work_end = o->due = meeting;
		o->open = (meeting < monday ? meeting : monday) - cfg->lead_days;
		return;
	}
	if (p.freq == SSS_FREQ_MONTHLY) {
		y = p.year;
		m = p.n;
	} else {
		sched_months(cfg, key, p.freq, months);
		int want = p.freq == SSS_FREQ_HALF ? months[p.n - 1] : months[0];
		/* the work month within the period: count from its first month */
		sss_date start = sss_period_start(p, cfg->fy_start);
		int sy, sm, sd;
		sss_date_to_ymd(start, &sy, &sm, &sd);
		add_months(sy, sm, (want - sm + 12) % 12, &y, &m);
	}
	o->work_start = sss_date_from_ymd(y, m, 1);
	o->work_end = sss_date_from_ymd(y, m, sss_days_in_month(y, m));
	sss_date due = o->work_end;
	if (s && s->day > 0)
		due = sss_date_from_ymd(y, m, s->day < sss_days_in_month(y, m)
						      ? s->day : sss_days_in_month(y, m));
	o->due = s && s->due_rule != SSS_DUE_IN_MONTH ? next_month_due(b, s, y, m)
						      : shift(b, due);
	o->open = o->work_start - cfg->lead_days;
}

static struct sss_error *name(struct occ_build *b, struct sss_occurrence *o)
{
	int y, m, d;
	struct strbuf per = STRBUF_INIT;
	const char *inst = b->instance >= 0
				   ? sss_sow_instance_key(b->e, (size_t)b->instance)
				   : NULL;
	sss_date_to_ymd(o->work_start, &y, &m, &d);
	strbuf_reset(&b->ym);
	strbuf_reset(&b->ymd);
	strbuf_addf(&b->ym, "%d年%d月", y, m);
	strbuf_addf(&b->ymd, "%d年%d月%d日", y, m, d);
	strbuf_reset(&b->key);
	strbuf_reset(&b->id);
	strbuf_reset(&b->title);
	sss_period_format(&per, o->period);
	strbuf_addf(&b->key, "%s%s%s@%s", sss_sow_key(b->e), inst ? "/" : "",
		    inst ? inst : "", per.buf);
	sss_id_recurring(&b->id, sss_sow_key(b->e), inst, o->period);
	strbuf_release(&per);
	struct sss_error *err = sss_template_fill(&b->title, sss_sow_title(b->e),
						  lookup, b);
	if (err)
		return sss_error_prefix(err, "cannot name the '%s' ticket", b->key.buf);
	o->key = b->key.buf;
	o->id = b->id.buf;
	o->title = b->title.buf;
	o->ym = b->ym.buf;
	o->ymd = b->ymd.buf;
	return NULL;
}

struct sss_error *sss_recur_each(const struct sss_catalog *cat,
				 const struct sss_config *cfg,
				 const struct sss_calendar *cal, sss_date from,
				 sss_date until,
				 int (*fn)(const struct sss_occurrence *o,
					   void *data),
				 void *data)
{
	struct occ_build b;
	struct sss_error *err = NULL;
	int stop = 0;

	memset(&b, 0, sizeof(b));
	b.cfg = cfg;
	b.cal = cal;
	strbuf_init(&b.key, 0);
	strbuf_init(&b.id, 0);
	strbuf_init(&b.title, 0);
	strbuf_init(&b.ym, 0);
	strbuf_init(&b.ymd, 0);
	for (size_t i = 0; i < sss_catalog_count(cat) && !stop && !err; i++) {
		const struct sss_sow_entry *e = sss_catalog_at(cat, i);
		enum sss_freq f = sss_sow_freq(e);
		if (f == SSS_FREQ_ADHOC)
			continue;
		int ninst = (int)sss_sow_instance_count(e);
		for (int k = ninst ? 0 : -1; k < ninst && !stop && !err; k++) {
			b.e = e;
			b.instance = k;
			/* a half or year may have its work month before the
			 * contract: start one period early and let the filter
			 * below decide */
			struct sss_period p = sss_period_of(f, cfg->contract_start, cfg->fy_start);
			for (int guard = 0; guard < MAX_PERIODS && !stop; guard++) {
				struct sss_occurrence o;
				memset(&o, 0, sizeof(o));
				o.entry = e;
				o.instance = k;
				place(&b, &o, p);
				if (o.open > until)
					break;
				if (o.work_end >= cfg->contract_start &&
				    (!from || o.work_end >= from)) {
					if ((err = name(&b, &o)))
						break;
					stop = fn(&o, data);
				}
				p = sss_period_next(p);
			}
		}
	}
	strbuf_release(&b.key);
	strbuf_release(&b.id);
	strbuf_release(&b.title);
	strbuf_release(&b.ym);
	strbuf_release(&b.ymd);
	return err;
}

bool sss_recur_step_due(const struct sss_occurrence *o,
			const struct sss_config *cfg, enum sss_freq f)
{
	enum sss_freq ef = sss_sow_freq(o->entry);
	if (f == SSS_FREQ_ADHOC || f <= ef)
		return true;
	int months[2], y, m, d;
	sched_months(cfg, sss_sow_key(o->entry), f, months);
	sss_date_to_ymd(o->work_start, &y, &m, &d);
	return m == months[0] || (f == SSS_FREQ_HALF && m == months[1]);
}
