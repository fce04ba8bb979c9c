/* tracker.h - ticket changes as audit-trail commits: creating a ticket,
 * the load-modify-commit cycle under the writer lock, and the bodies of
 * new tickets from the catalog and templates. */
#ifndef SSS_TRACKER_H
#define SSS_TRACKER_H

#include <stdbool.h>
#include <time.h>

#include "sss/period.h"

struct strbuf;
struct sss_error;
struct sss_repo;
struct sss_config;
struct sss_ticket;
struct sss_sow_entry;

struct sss_tracker {
	struct sss_repo *repo;
	const struct sss_config *config;
	time_t now;
	const char *author; /* "Name <email>" for the commits */
};

/* Read and parse the ticket file rel of the repository (see
 * sss_ticket_load(); rel names it in messages). */
struct sss_error *sss_repo_ticket(struct sss_repo *r, const char *rel,
				  struct sss_ticket **out);

/* Lock the repository, resolve an ID prefix and load the ticket for a
 * change; refuses a ticket file with uncommitted edits. On success the
 * lock is held until sss_tracker_commit() or sss_tracker_abort(). */
struct sss_error *sss_tracker_begin(struct sss_tracker *tr, const char *prefix,
				    const char *what, struct sss_ticket **out);
/* Set `updated`, write the ticket and commit it as
 * "<id>: <action> <title>" with Sss-Ticket/Sss-Action/Sss-Sow trailers,
 * then release the lock. */
struct sss_error *sss_tracker_commit(struct sss_tracker *tr,
				     struct sss_ticket *t, const char *action);
void sss_tracker_abort(struct sss_tracker *tr);

/* Create t as a new ticket: with no id, mint one (random, checked against
 * the repository); with an id (a recurring ticket), fail with
 * SSS_ERR_EXISTS when HEAD already has it. Takes and releases the lock;
 * a caller that holds it (between sss_tracker_begin() and _commit())
 * keeps it, so that a ticket and the change linking to it (close
 * --problem) are written under one lock, with no writer in between. */
struct sss_error *sss_tracker_create(struct sss_tracker *tr,
				     struct sss_ticket *t, const char *action);

/* Append the commit message for a change. */
void sss_tracker_message(struct strbuf *out, const struct sss_ticket *t,
			 const char *action);

/* Append a new ticket's body for entry: the ticket template (templates/
 * ticket.md of the repository, else the built-in one) with the
 * description and the checklist steps. With freq_filter, only the steps
 * due in that period are listed (half-yearly steps only in the half-year
 * months); NULL lists them all. */
struct sss_error *sss_tracker_body(struct sss_tracker *tr,
				   const struct sss_sow_entry *e,
				   const char *instance,
				   const char *description,
				   bool (*step_due)(enum sss_freq f, void *data),
				   void *data, struct strbuf *out);

#endif
