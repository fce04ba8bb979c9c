/* sla.c - the service levels of one ticket (see sla.h): the status
 * history of its work log replayed into the spans its clocks run, then
 * each target's due moment, business time used and state. */
#include "sss/sla.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/json.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"
#include "sss/worktime.h"

/* A span in which the clocks run; to == 0: still running. */
struct span {
	time_t from, to;
};

struct history {
	struct span *runs;
	size_t nruns, alloc;
	bool entries;       /* the work log has status entries */
	bool first_was_open; /* the first status entry leaves open */
	time_t response;    /* the first comment or change from open, else 0 */
	time_t last_done;   /* the last change to resolved/closed, else 0 */
	time_t last_stop;   /* when the clocks last stopped, else 0 */
};

static const char *const names[SSS_SLA_NSTATES] = {
	"ok", "at-risk", "breached", "met", "missed", "paused",
};
static const char *const labels[SSS_SLA_NSTATES] = {
	"順調", "期限間近", "超過", "達成", "未達", "停止中",
};

const char *sss_sla_state_name(enum sss_sla_state s)
{
	return (unsigned)s < SSS_SLA_NSTATES ? names[s] : "?";
}

const char *sss_sla_state_label(enum sss_sla_state s)
{
	return (unsigned)s < SSS_SLA_NSTATES ? labels[s] : "?";
}

int sss_sla_state_parse(const char *name)
{
	for (int i = 0; i < SSS_SLA_NSTATES; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

/* Whether the clocks run in status s: not while waiting or done. */
static bool runs_in(const char *s)
{
	return s && strcmp(s, "waiting") && !sss_status_is_done(s);
}

static void run_start(struct history *h, time_t at)
{
	SSS_GROW(h->runs, h->alloc, h->nruns + 1);
	h->runs[h->nruns].from = at;
	h->runs[h->nruns++].to = 0;
}

static bool running(const struct history *h)
{
	return h->nruns && !h->runs[h->nruns - 1].to;
}

static void run_stop(struct history *h, time_t at)
{
	struct span *r = &h->runs[h->nruns - 1];
	r->to = at > r->from ? at : r->from;
	h->last_stop = r->to;
}

void sss_sla_history(const struct sss_ticket *t, struct strbuf *out)
{
	long long created = 0;
	const char *cs = sss_ticket_get(t, "created");
	int tz;
	bool answered = false;

	/* the entries' times are the ticket's local time: created's offset */
	if (cs && sss_datetime_parse(cs, &created) == 0)
		tz = sss_time_offset((time_t)created);
	else
		tz = sss_time_offset(0);
	struct sss_worklog_iter *it = sss_worklog_open(t, tz);
	const struct sss_worklog_entry *e;
	while ((e = sss_worklog_next(it))) {
		if (e->status_to) {
			strbuf_addf(out, "s %lld %s %s\n", (long long)e->when,
				    e->status_from, e->status_to);
		} else if (!answered && !e->estimate_change &&
			   strcmp(e->author, "merge")) {
			/* a merge's note of a field change, or a new
			 * estimate, is nobody's answer */
			strbuf_addf(out, "r %lld\n", (long long)e->when);
			answered = true;
		}
	}
	sss_worklog_close(it);
}

/* Replay the history from created: the spans the clocks run, the
 * response moment, the last change to done. A line that does not read
 * is skipped (the history is sss_sla_history()'s own). */
static void replay(struct history *h, const char *text, time_t created)
{
	char from[16], to[16];
	long long at;

	run_start(h, created);
	for (const char *p = text, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (sscanf(p, "r %lld", &at) == 1) {
			if (!h->response)
				h->response = (time_t)at < created ? created : (time_t)at;
			continue;
		}
		if (sscanf(p, "s %lld %15s %15s", &at, from, to) != 3)
			continue;
		time_t when = (time_t)at < created ? created : (time_t)at;
		if (!h->entries)
			h->first_was_open = !strcmp(from, "open");
		h->entries = true;
		if (!h->response && !strcmp(from, "open"))
			h->response = when;
		if (sss_status_is_done(to))
			h->last_done = when;
		if (running(h) && !runs_in(to))
			run_stop(h, when);
		else if (!running(h) && runs_in(to))
			run_start(h, when);
	}
	/* made in another status than open: answered when it was made */
	if (h->entries && !h->first_was_open && !h->response)
		h->response = created;
}

static time_t parse_time(const char *s)
{
	long long v;
	return s && sss_datetime_parse(s, &v) == 0 ? (time_t)v : 0;
}

/* Make the replayed spans agree with the ticket's status now (a status
 * set by hand, or a ticket older than status entries): returns the
 * moment the resolve clock stopped for good, 0 while it has not. */
static time_t settle(struct history *h, const struct sss_sla_input *in)
{
	const char *status = in->status;
	time_t updated = parse_time(in->updated);
	time_t done = 0;

	if (sss_status_is_done(status)) {
		done = h->last_done;
		if (!done || !h->entries)
			done = parse_time(in->closed);
		if (!done)
			done = updated;
		if (!done)
			done = h->runs[0].from;
		/* nothing counts after the end */
		while (h->nruns > 1 && h->runs[h->nruns - 1].from >= done)
			h->nruns--;
		if (!h->runs[h->nruns - 1].to || h->runs[h->nruns - 1].to > done)
			h->runs[h->nruns - 1].to = 0, run_stop(h, done);
	} else if (!runs_in(status) && running(h)) {
		run_stop(h, updated ? updated : h->runs[h->nruns - 1].from);
	} else if (runs_in(status) && !running(h)) {
		time_t at = updated > h->last_stop ? updated : h->last_stop;
		run_start(h, at);
	}
	if (!h->response && !h->entries && status && strcmp(status, "open"))
		h->response = updated ? updated : done;
	return done;
}

/* One clock: used up to end (done, else now), the due moment along the
 * runs, the state. */
static void clock_figures(struct sss_sla_clock *c, const struct history *h,
			  const struct sss_config *cfg,
			  const struct sss_calendar *cal, int target_min,
			  time_t done, time_t now, bool paused)
{
	const struct sss_office_hours *oh = &cfg->office_hours;
	long long target = (long long)target_min * 60, used = 0, left = target;
	time_t end = done ? done : now, last = h->runs[0].from;

	memset(c, 0, sizeof(*c));
	c->set = true;
	c->target_min = target_min;
	c->due = (time_t)-1;
	for (size_t i = 0; i < h->nruns; i++) {
		time_t a = h->runs[i].from, b = h->runs[i].to;
		if (done && a >= done)
			break;
		if (done && (!b || b > done))
			b = done;
		time_t ub = !b || b > end ? end : b;
		used += sss_worktime_seconds(oh, cal, a, ub);
		if (c->due == (time_t)-1) {
			long long s = b ? sss_worktime_seconds(oh, cal, a, b) : left;
			if (!b || s >= left)
				c->due = sss_worktime_add(oh, cal, a, left);
			else
				left -= s;
		}
		last = b ? b : now;
	}
	/* stopped before the target was used: as if it ran on */
	if (c->due == (time_t)-1)
		c->due = sss_worktime_add(oh, cal, done ? done : paused ? now : last,
					  left);
	c->used_min = (int)(used / 60);
	c->done = done;
	if (done)
		c->state = used > target ? SSS_SLA_MISSED : SSS_SLA_MET;
	else if (used > target)
		c->state = SSS_SLA_BREACHED;
	else if (paused)
		c->state = SSS_SLA_PAUSED;
	else if (used * 4 >= target * 3)
		c->state = SSS_SLA_AT_RISK;
	else
		c->state = SSS_SLA_OK;
}

bool sss_sla_compute(const struct sss_config *c, const struct sss_calendar *cal,
		     const struct sss_ticket *t, time_t now, struct sss_sla *out)
{
	struct strbuf history = STRBUF_INIT;
	struct sss_sla_input in = {
		sss_ticket_get(t, "kind"),    sss_ticket_get(t, "priority"),
		sss_ticket_get(t, "status"),  sss_ticket_get(t, "created"),
		sss_ticket_get(t, "updated"), sss_ticket_get(t, "closed"),
		NULL,
	};
	bool has = false;

	memset(out, 0, sizeof(*out));
	/* no work log read for a ticket without a target */
	if (!sss_config_sla_target(c, in.kind, in.priority))
		return false;
	sss_sla_history(t, &history);
	in.history = history.buf;
	has = sss_sla_compute_input(c, cal, &in, now, out);
	strbuf_release(&history);
	return has;
}

bool sss_sla_compute_input(const struct sss_config *c,
			   const struct sss_calendar *cal,
			   const struct sss_sla_input *in, time_t now,
			   struct sss_sla *out)
{
	const char *status = in->status;
	const struct sss_sla_target *target =
		sss_config_sla_target(c, in->kind, in->priority);
	time_t created = parse_time(in->created);
	struct history h;
	int response = 0, resolve = 0;

	memset(out, 0, sizeof(*out));
	if (target) {
		response = sss_config_sla_minutes(c, &target->response);
		resolve = sss_config_sla_minutes(c, &target->resolve);
	}
	if ((!response && !resolve) || !created || !status ||
	    !strcmp(status, "cancelled"))
		return false;
	memset(&h, 0, sizeof(h));
	replay(&h, in->history, created);
	time_t done = settle(&h, in);
	bool paused = !runs_in(status) && !done;
	if (response) {
		time_t answered = h.response;
		if (!answered && done)
			answered = done;
		clock_figures(&out->response, &h, c, cal, response, answered, now,
			      paused);
	}
	if (resolve)
		clock_figures(&out->resolve, &h, c, cal, resolve, done, now, paused);
	free(h.runs);
	return true;
}

static void clock_json(struct sss_json *j, const char *key,
		       const struct sss_sla_clock *c)
{
	struct strbuf due = STRBUF_INIT;
	if (!c->set)
		return;
	sss_json_key(j, key);
	sss_json_object(j, SSS_JSON_COMPACT);
	sss_json_key(j, "due");
	if (c->due == (time_t)-1) {
		sss_json_null(j);
	} else {
		sss_time_format(&due, c->due);
		sss_json_string(j, due.buf);
	}
	sss_json_key(j, "used_min");
	sss_json_int(j, c->used_min);
	sss_json_key(j, "target_min");
	sss_json_int(j, c->target_min);
	sss_json_key(j, "state");
	sss_json_string(j, sss_sla_state_name(c->state));
	sss_json_end(j);
	strbuf_release(&due);
}

void sss_sla_json_member(struct strbuf *out, const struct sss_sla *s)
{
	struct sss_json j;
	strbuf_addstr(out, "\"sla\":");
	sss_json_init(&j, out, 0);
	sss_json_object(&j, SSS_JSON_COMPACT);
	clock_json(&j, "response", &s->response);
	clock_json(&j, "resolve", &s->resolve);
	sss_json_end(&j);
}
