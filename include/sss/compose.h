/* compose.h - a new ticket made from a SOW catalog entry, as `new`,
 * `due` (recurring tickets) and `close --problem` make them: the title
 * from the entry's pattern and the parameters, the fields, and the body
 * from the ticket template with the checklist steps of the entry (or of
 * one of its instances), optionally only those due in the period.
 *
 *	struct sss_compose c = SSS_COMPOSE_INIT;
 *	c.entry = e;
 *	c.lookup = lookup;
 *	c.data = &params;
 *	c.created = now;
 *	err = sss_compose(&c, repo, &t);
 *
 * The ticket is not written: sss_tracker_create() (tracker.h) does that.
 * sss_compose_occurrence() makes the ticket a recurrence owes, for `due`
 * and for the base of a merge (sss_merge_generated_base()).
 */
#ifndef SSS_COMPOSE_H
#define SSS_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "sss/period.h"

struct strbuf;
struct sss_error;
struct sss_repo;
struct sss_config;
struct sss_catalog;
struct sss_calendar;
struct sss_occurrence;
struct sss_ticket;
struct sss_sow_entry;

/* What the new ticket is made of. The strings are borrowed: they need to
 * live only until sss_compose() returns. */
struct sss_compose {
	const struct sss_sow_entry *entry; /* gives sow, kind and the pattern */
	const char *id;    /* a recurring ticket's ID; NULL: minted on create */
	const char *title; /* NULL: the entry's pattern filled by lookup */
	/* the values of the title's placeholders, or NULL when none */
	const char *(*lookup)(const char *name, void *data);
	void *data;
	const char *priority; /* NULL: normal */
	const char *assignee, *requester, *due, *recurrence; /* NULL: none */
	time_t created;       /* created and updated */
	/* params: the n given (name, value) pairs in that order, or with
	 * params_from_title the title's placeholders that lookup has a
	 * value for (a recurring ticket records what its title was made of) */
	const char *const *param_name;
	const char *const *param_value;
	size_t nparams;
	bool params_from_title;
	const char *const *tags;
	size_t ntags;
	bool documents;               /* list the entry's documents */
	const char *link_rel, *link_id; /* one link ("incident", ID), or NULL */
	/* the body: the template's 内容 and チェックリスト. The checklist is
	 * the steps of instance (a key of the entry's instances) when it has
	 * its own, else the entry's, only those step_due() keeps when given
	 * (half-yearly steps only in the half-year months) */
	const char *description;
	const char *instance;
	bool (*step_due)(enum sss_freq f, void *data);
	void *step_data;
	/* a check of each value given for the ticket, in the order they are
	 * used (field names; "tags" and "description"), before it is used:
	 * the command's own argument checks; NULL for none */
	struct sss_error *(*check)(const char *what, const char *value);
};

#define SSS_COMPOSE_INIT { NULL }

/* Append the entry's title pattern filled by lookup(name, data). Fails
 * (SSS_ERR_INVALID) naming a placeholder that lookup has no value for. */
struct sss_error *sss_compose_title(struct strbuf *out,
				    const struct sss_sow_entry *e,
				    const char *(*lookup)(const char *name, void *data),
				    void *data);

/* Make the ticket c describes, with status open; the template comes from
 * repo's templates/ticket-KIND.md or templates/ticket.md, else the
 * built-in ones. On success *out is a new ticket the caller owns (free it
 * with sss_ticket_free()); on failure *out is NULL. */
struct sss_error *sss_compose(const struct sss_compose *c, struct sss_repo *repo,
			      struct sss_ticket **out);

/* Make the ticket occurrence o owes (recur.h), as `due` does: every
 * field follows from o, its catalog entry and cfg, never from the clock
 * (created and updated are the start of o's open date). *out as for
 * sss_compose(). */
struct sss_error *sss_compose_occurrence(const struct sss_occurrence *o,
					 const struct sss_config *cfg,
					 struct sss_repo *repo,
					 struct sss_ticket **out);

/* The base of a merge of a generated ticket that both sides added (see
 * merge.h): the file, formatted as sss_ticket_format() does, that `due`
 * makes for the recurrence key (KEY[/INSTANCE]@PERIOD, the ticket's
 * `recurrence`) from the catalog, the config and the calendar, appended
 * to out. Fails with SSS_ERR_INVALID for a value that is not a
 * recurrence key and SSS_ERR_NOTFOUND when the catalog and the config
 * owe no such ticket (an entry since removed, a changed schedule). */
struct sss_error *sss_merge_generated_base(struct sss_repo *repo,
					   const struct sss_catalog *cat,
					   const struct sss_config *cfg,
					   const struct sss_calendar *cal,
					   const char *recurrence,
					   struct strbuf *out);

#endif
