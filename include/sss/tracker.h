/* tracker.h - ticket changes as audit-trail commits: creating a ticket
 * and the load-modify-commit cycle under the writer lock. New tickets
 * are made from the catalog by compose.h. */
#ifndef SSS_TRACKER_H
#define SSS_TRACKER_H

#include <stdbool.h>
#include <time.h>

struct strbuf;
struct sss_error;
struct sss_repo;
struct sss_config;
struct sss_ticket;

/* One writer's changes, each an audit-trail commit under the writer lock.
 * Start with SSS_TRACKER_INIT or sss_tracker_init(); end with
 * sss_tracker_release(), on every path: it unlocks if the lock is held. */
struct sss_tracker {
	struct sss_repo *repo;
	const struct sss_config *config;
	time_t now;
	char *author; /* "Name <email>" for the commits; owned */
	bool locked;  /* the writer lock is held, from begin to commit */
};

/* Lock the repository, resolve an ID prefix and load the ticket for a
 * change (*out, owned by the caller); refuses a ticket file with
 * uncommitted edits. On success the lock is held until
 * sss_tracker_commit(), sss_tracker_abort() or sss_tracker_release(); on
 * failure it is not held. */
struct sss_error *sss_tracker_begin(struct sss_tracker *tr, const char *prefix,
				    const char *what, struct sss_ticket **out);
/* Set `updated`, write the ticket and commit it as
 * "<id>: <action> <title>" with Sss-Ticket/Sss-Action/Sss-Sow trailers,
 * then unlock (also when the commit fails). */
struct sss_error *sss_tracker_commit(struct sss_tracker *tr,
				     struct sss_ticket *t, const char *action);
/* When t's status is no longer from (the status the change began with),
 * append the work-log entry "状態 <from> → <to>" (worklog.h) at the
 * change's minute, by its author: the history the service levels read.
 * Call it before sss_tracker_commit(). */
void sss_tracker_log_status(const struct sss_tracker *tr, struct sss_ticket *t,
			    const char *from);
/* Append the work-log entry for a change of t's estimate from from_min
 * (0: none) to what t now has ("見積 4h → 6h"), when it changed. */
void sss_tracker_log_estimate(const struct sss_tracker *tr, struct sss_ticket *t,
			      int from_min);
/* Give up the change begun: unlock, HEAD stays as it is. */
void sss_tracker_abort(struct sss_tracker *tr);

#define SSS_TRACKER_INIT { NULL, NULL, 0, NULL, false }

/* Set up tr for changes to repo at now, by author_override ("Name
 * <email>", from --author) or else the identity sss_repo_identity()
 * finds. repo and config are borrowed and must outlive tr. On failure tr
 * is still safe to release. */
struct sss_error *sss_tracker_init(struct sss_tracker *tr, struct sss_repo *repo,
				   const struct sss_config *config, time_t now,
				   const char *author_override);

/* Unlock the repository if tr holds the lock (a change begun and not
 * committed is dropped: nothing was written) and free what tr holds.
 * Safe on SSS_TRACKER_INIT and twice. */
void sss_tracker_release(struct sss_tracker *tr);

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

#endif
