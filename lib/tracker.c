/* tracker.c - ticket changes as audit-trail commits (see tracker.h). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sss/clock.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/id.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"
#include "sss/worklog.h"

/* How many random IDs to try before giving up (each is checked against
 * the repository; a clash needs two tickets in the same 2.56 s slot). */
#define MINT_TRIES 16

void sss_tracker_message(struct strbuf *out, const struct sss_ticket *t,
			 const char *action)
{
	const char *id = sss_ticket_get(t, "id");
	const char *title = sss_ticket_get(t, "title");
	const char *sow = sss_ticket_get(t, "sow");
	/* the subject is one line whatever the title holds */
	strbuf_addf(out, "%s: %s ", id, action);
	for (const char *p = title ? title : ""; *p; p++)
		strbuf_addch(out, *p == '\n' || *p == '\r' ? ' ' : *p);
	strbuf_addf(out, "\n\nSss-Ticket: %s\nSss-Action: %s\n", id, action);
	if (sow)
		strbuf_addf(out, "Sss-Sow: %s\n", sow);
}

static struct sss_error *write_ticket(struct sss_tracker *tr,
				      struct sss_ticket *t, const char *rel,
				      const char *action)
{
	struct strbuf text = STRBUF_INIT, msg = STRBUF_INIT;
	sss_ticket_format(t, &text);
	sss_tracker_message(&msg, t, action);
	struct sss_change ch = { rel, text.buf, text.len };
	struct sss_commit_info ci = { msg.buf, tr->author, tr->now,
				      tr->config->fsync };
	struct sss_error *err = sss_repo_commit(tr->repo, &ch, 1, &ci);
	strbuf_release(&text);
	strbuf_release(&msg);
	return err;
}

struct sss_error *sss_tracker_begin(struct sss_tracker *tr, const char *prefix,
				    const char *what, struct sss_ticket **out)
{
	struct sss_error *err = NULL;
	char *rel = NULL, *id = NULL;
	struct strbuf fs = STRBUF_INIT;

	*out = NULL;
	if (!sss_id_is_prefix_syntax(prefix))
		return sss_error(SSS_ERR_USAGE, "'%s' is not a ticket ID", prefix);
	if ((err = sss_repo_lock(tr->repo, tr->config->lock_timeout_ms, what)))
		return err;
	tr->locked = true;
	if ((err = sss_repo_resolve(tr->repo, prefix, tr->config->fy_start, &rel, &id)) ||
	    (err = sss_repo_check_clean(tr->repo, rel)))
		goto done;
	if ((err = sss_repo_ticket(tr->repo, rel, out)))
		goto done;
	/* the file and its id: written as one ticket and recorded as
	 * another (Sss-Ticket:) otherwise */
	const char *field = sss_ticket_get(*out, "id");
	if (!field || strcmp(field, id)) {
		err = sss_error(SSS_ERR_INVALID,
				"'%s' says 'id: %s', but its file name is ticket '%s'; "
				"make the two agree and try again", rel,
				field ? field : "", id);
		sss_ticket_free(*out);
		*out = NULL;
	}
done:
	if (err)
		sss_tracker_abort(tr);
	free(rel);
	free(id);
	strbuf_release(&fs);
	return err;
}

struct sss_error *sss_tracker_commit(struct sss_tracker *tr,
				     struct sss_ticket *t, const char *action)
{
	struct strbuf now = STRBUF_INIT;
	struct sss_error *err;
	sss_time_format(&now, tr->now);
	err = sss_ticket_set(t, "updated", now.buf);
	if (!err)
		err = write_ticket(tr, t, sss_ticket_path(t), action);
	sss_tracker_abort(tr);
	strbuf_release(&now);
	return err;
}

void sss_tracker_log_status(const struct sss_tracker *tr, struct sss_ticket *t,
			    const char *from)
{
	const char *to = sss_ticket_get(t, "status");
	struct strbuf text = STRBUF_INIT, line = STRBUF_INIT;

	if (!from || !to || !strcmp(from, to))
		return;
	sss_worklog_status_text(&text, from, to);
	sss_worklog_format(&line, tr->now, sss_time_offset(tr->now), tr->author,
			   -1, text.buf);
	sss_ticket_section_append(t, SSS_SEC_WORKLOG, line.buf);
	strbuf_release(&text);
	strbuf_release(&line);
}

void sss_tracker_log_estimate(const struct sss_tracker *tr, struct sss_ticket *t,
			      int from_min)
{
	int to_min = sss_worklog_estimate_min(t);
	struct strbuf text = STRBUF_INIT, line = STRBUF_INIT;

	if (to_min == from_min)
		return;
	sss_worklog_estimate_text(&text, from_min, to_min);
	sss_worklog_format(&line, tr->now, sss_time_offset(tr->now), tr->author,
			   -1, text.buf);
	sss_ticket_section_append(t, SSS_SEC_WORKLOG, line.buf);
	strbuf_release(&text);
	strbuf_release(&line);
}

void sss_tracker_abort(struct sss_tracker *tr)
{
	sss_repo_unlock(tr->repo);
	tr->locked = false;
}

struct sss_error *sss_tracker_init(struct sss_tracker *tr, struct sss_repo *repo,
				   const struct sss_config *config, time_t now,
				   const char *author_override)
{
	struct sss_tracker fresh = SSS_TRACKER_INIT;

	*tr = fresh;
	tr->repo = repo;
	tr->config = config;
	tr->now = now;
	return sss_repo_identity(repo, author_override, &tr->author);
}

void sss_tracker_release(struct sss_tracker *tr)
{
	if (tr->locked)
		sss_tracker_abort(tr);
	free(tr->author);
	tr->author = NULL;
}

struct sss_error *sss_tracker_create(struct sss_tracker *tr,
				     struct sss_ticket *t, const char *action)
{
	struct sss_error *err = NULL;
	struct strbuf id = STRBUF_INIT, rel = STRBUF_INIT, fs = STRBUF_INIT;
	bool exists = false;
	/* a caller between begin and commit keeps its lock (see tracker.h) */
	bool held = tr->locked;

	if (!held && (err = sss_repo_lock(tr->repo, tr->config->lock_timeout_ms, action)))
		return err;
	if (sss_ticket_get(t, "id")) {
		strbuf_addstr(&id, sss_ticket_get(t, "id"));
		if ((err = sss_id_path(&rel, id.buf, tr->config->fy_start)))
			goto done;
		sss_repo_expect(tr->repo, rel.buf, tr->config->fsync);
		if ((err = sss_repo_in_head(tr->repo, rel.buf, &exists)))
			goto done;
		if (exists) {
			err = sss_error(SSS_ERR_EXISTS, "ticket '%s' exists", id.buf);
			goto done;
		}
	} else {
		for (int i = 0;; i++) {
			strbuf_reset(&id);
			strbuf_reset(&rel);
			strbuf_reset(&fs);
			sss_id_mint(&id, tr->now, sss_id_random());
			if ((err = sss_id_path(&rel, id.buf, tr->config->fy_start)))
				goto done;
			/* the index is made ready meanwhile (store.h) */
			sss_repo_expect(tr->repo, rel.buf, tr->config->fsync);
			if ((err = sss_repo_in_head(tr->repo, rel.buf, &exists)))
				goto done;
			sss_repo_path(tr->repo, &fs, rel.buf);
			if (!exists && access(fs.buf, F_OK) != 0)
				break;
			if (i + 1 >= MINT_TRIES) {
				err = sss_error(SSS_ERR_EXISTS,
						"cannot find a free ticket ID after %d tries",
						MINT_TRIES);
				goto done;
			}
		}
		if ((err = sss_ticket_set(t, "id", id.buf)))
			goto done;
	}
	err = write_ticket(tr, t, rel.buf, action);
done:
	if (!held)
		sss_repo_unlock(tr->repo);
	strbuf_release(&id);
	strbuf_release(&rel);
	strbuf_release(&fs);
	return err;
}
