/* sla.h - the service levels of one ticket: its response and resolve
 * targets (.sss/config.yml `sla:`, by kind and priority), each with its
 * due moment, the business minutes used and a state.
 *
 * Both clocks start at `created` and count business time (worktime.h)
 * while the ticket is neither waiting (保留) nor resolved or closed: a
 * pause moves the due moment on. The response clock stops at the first
 * work-log comment or the first status change away from open; the
 * resolve clock at the status change to resolved or closed, and runs on
 * again from a reopen (the status entries of worklog.h). A ticket with
 * no status entries (made before they were written) counts from
 * created to its first comment, else to `updated` once it left open,
 * and to `closed` (else `updated`) once done, with no pauses. A
 * cancelled ticket has no figures. Pure: no I/O, no clock (`now` is the
 * caller's). */
#ifndef SSS_SLA_H
#define SSS_SLA_H

#include <stdbool.h>
#include <time.h>

struct strbuf;
struct sss_calendar;
struct sss_config;
struct sss_ticket;

enum sss_sla_state {
	SSS_SLA_OK,       /* running, under 75% used */
	SSS_SLA_AT_RISK,  /* running, 75% or more used */
	SSS_SLA_BREACHED, /* past due and not done */
	SSS_SLA_MET,      /* done in time */
	SSS_SLA_MISSED,   /* done after the due moment */
	SSS_SLA_PAUSED,   /* waiting now (and not yet past due) */
};
#define SSS_SLA_NSTATES 6

struct sss_sla_clock {
	bool set;        /* the ticket has this target; nothing else is set without */
	int target_min;  /* the target in business minutes */
	time_t due;      /* when target_min will have been used, pauses shifting it
			  * (paused now: as if it ran on from now) */
	int used_min;    /* business minutes used, to done or else to now */
	time_t done;     /* when the clock stopped for good, 0 while it runs */
	enum sss_sla_state state;
};

struct sss_sla {
	struct sss_sla_clock response, resolve;
};

/* The service levels of t at now, under c's office hours and targets
 * and the calendar cal, into *out. Returns false (and *out all unset)
 * when t has no target: its kind has none, it is cancelled, or its
 * `created` is missing. */
bool sss_sla_compute(const struct sss_config *c, const struct sss_calendar *cal,
		     const struct sss_ticket *t, time_t now, struct sss_sla *out);

/* What of a ticket the service levels read, without the ticket (a scan
 * cache record keeps it): the front matter values as sss_ticket_get()
 * gives them, and the history of its work log. */
struct sss_sla_input {
	const char *kind, *priority, *status, *created, *updated, *closed;
	const char *history; /* sss_sla_history()'s text; NULL: none */
};
/* Append the work-log history of t that the service levels need: one
 * line "r EPOCH" for the first comment (not a merge's note), one line
 * "s EPOCH FROM TO" (statuses) for each status entry, in file order. */
void sss_sla_history(const struct sss_ticket *t, struct strbuf *out);
/* sss_sla_compute() over such an input. */
bool sss_sla_compute_input(const struct sss_config *c,
			   const struct sss_calendar *cal,
			   const struct sss_sla_input *in, time_t now,
			   struct sss_sla *out);

/* Append the member "sla":{"response":{"due":..,"used_min":..,
 * "target_min":..,"state":".."},"resolve":{..}} (only the clocks set)
 * to out, compact, as list and show add it to a ticket's object. */
void sss_sla_json_member(struct strbuf *out, const struct sss_sla *s);

/* "ok", "at-risk", "breached", "met", "missed", "paused" (static). */
const char *sss_sla_state_name(enum sss_sla_state s);
/* The Japanese label: 順調, 期限間近, 超過, 達成, 未達, 停止中 (static). */
const char *sss_sla_state_label(enum sss_sla_state s);
/* The state named name, or -1. */
int sss_sla_state_parse(const char *name);

#endif
