/* sync.c - `sssctl sync` on the ticket side (see sync.h): the resolver
 * that merges a ticket both sides changed with sss_ticket_merge(), the
 * renumbering of a local ticket whose ID the remote gave another one,
 * and the fetch / merge / push rounds. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/compose.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/id.h"
#include "sss/merge.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/sync.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

/* a push refused because the remote moved is tried again this often */
#define PUSH_TRIES 5
/* merges that stop at a collision, renumbered, then merged again */
#define COLLISION_ROUNDS 3
#define MINT_TRIES 16

/* One sync: what the steps share. */
struct sync_run {
	struct sss_repo *r;
	const struct sss_config *cfg;
	const struct sss_sync_opts *o;
	struct sss_sync_report *rep;
	struct sss_sync_remote rm;
	char *author;
	/* the decisions of the merge being made, one line each */
	struct strbuf decisions;
};

void sss_sync_report_release(struct sss_sync_report *rep)
{
	strbuf_release(&rep->lines);
	free(rep->shown);
	rep->shown = NULL;
}

/* The ID a ticket path names: "tickets/2026/11/2611-0K3QZP.md" gives
 * "2611-0K3QZP" (appended to out); false for what is not a ticket path. */
static bool ticket_id(const char *path, struct strbuf *out)
{
	const char *base = strrchr(path, '/');
	size_t len;

	if (!sss_starts_with(path, "tickets/") || !base)
		return false;
	base++;
	len = strlen(base);
	if (len < 4 || strcmp(base + len - 3, ".md"))
		return false;
	strbuf_add(out, base, len - 3);
	return true;
}

static void decide(struct sync_run *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void decide(struct sync_run *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&s->decisions, fmt, ap);
	va_end(ap);
	strbuf_addch(&s->decisions, '\n');
}

/* The `recurrence` of a ticket's bytes (a new string), or NULL. */
static char *recurrence_of(const char *buf, size_t len, const char *path)
{
	struct sss_ticket *t = NULL;
	char *rec = NULL;
	struct sss_error *err = sss_ticket_parse(&t, buf, len, path);
	if (!err && sss_ticket_get(t, "recurrence"))
		rec = xstrdup(sss_ticket_get(t, "recurrence"));
	sss_error_free(err);
	sss_ticket_free(t);
	return rec;
}

/* A ticket added on both sides that both generated for one recurrence
 * key: the ticket as `due` makes it is their base (into base; left
 * empty when the catalog or config no longer owe it). */
static void generated_base(struct sync_run *s, const struct sss_sync_file *f,
			   struct strbuf *base)
{
	char *ours = recurrence_of(f->ours, f->ours_len, f->path);
	char *theirs = recurrence_of(f->theirs, f->theirs_len, f->path);

	if (ours && theirs && !strcmp(ours, theirs) && s->o->catalog) {
		struct sss_error *err = sss_merge_generated_base(
			s->r, s->o->catalog, s->cfg, s->o->cal, ours, base);
		if (err)
			strbuf_reset(base); /* merged against an empty base */
		sss_error_free(err);
	}
	free(ours);
	free(theirs);
}

/* The resolver of the git layer (sync.h): a ticket both sides changed,
 * merged as a ticket; anything else stops the sync. */
static struct sss_error *resolve(const struct sss_sync_file *f,
				 struct strbuf *out, enum sss_sync_verdict *v,
				 void *data)
{
	struct sync_run *s = data;
	struct sss_merge_input in = SSS_MERGE_INPUT_INIT;
	struct sss_merge_result res = SSS_MERGE_RESULT_INIT;
	struct strbuf id = STRBUF_INIT, base = STRBUF_INIT;
	struct sss_error *err = NULL;

	if (!ticket_id(f->path, &id)) {
		err = sss_error(SSS_ERR_CONFLICT,
				"'%s' was changed here and on '%s', and it is not "
				"a ticket: sync merges tickets only; nothing was "
				"changed (merge it with 'git merge %s')", f->path,
				s->rm.shown, s->rm.shown);
		goto done;
	}
	in.path = f->path;
	in.base = f->base;
	in.base_len = f->base_len;
	in.ours = f->ours;
	in.ours_len = f->ours_len;
	in.theirs = f->theirs;
	in.theirs_len = f->theirs_len;
	in.ours_who = f->ours_who;
	in.theirs_who = f->theirs_who;
	if (!f->base && f->ours && f->theirs) {
		generated_base(s, f, &base);
		if (base.len) {
			in.base = base.buf;
			in.base_len = base.len;
		}
	}
	if ((err = sss_ticket_merge(&in, &res)))
		goto done;
	if (res.collision) {
		*v = SSS_SYNC_COLLISION;
		goto done;
	}
	*v = res.deleted ? SSS_SYNC_DELETE : SSS_SYNC_WRITE;
	if (!res.deleted)
		strbuf_addbuf(out, &res.out);
	/* the merge's notes name the ticket, one decision a line */
	for (const char *p = res.notes.buf, *nl; *p; p = nl + 1) {
		if (!(nl = strchr(p, '\n')))
			nl = p + strlen(p);
		decide(s, "%.*s", (int)(nl - p), p);
		if (!*nl)
			break;
	}
	if (!res.notes.len)
		decide(s, "merged %s: %s", id.buf,
		       res.conflict ? "both sides changed a section, both texts "
				      "kept; tagged 'conflict'"
				    : "the changes of both sides kept");
done:
	sss_merge_result_release(&res);
	strbuf_release(&id);
	strbuf_release(&base);
	return err;
}

static void merge_message(struct strbuf *out, void *data)
{
	struct sync_run *s = data;
	strbuf_addf(out, "sync: merge %s\n\n", s->rm.shown);
	if (s->decisions.len) {
		strbuf_addbuf(out, &s->decisions);
		strbuf_addch(out, '\n');
	}
	strbuf_addstr(out, "Sss-Action: sync\n");
}

/* ---- renumbering ------------------------------------------------------ */

/* Replace each whole-word occurrence of the ID from in text by to (a
 * new string in *out); false when there is none. */
static bool replace_id(const char *text, const char *from, const char *to,
		       struct strbuf *out)
{
	size_t n = strlen(from);
	bool found = false;
	const char *p = text, *q;

	while ((q = strstr(p, from))) {
		char before = q > text ? q[-1] : ' ', after = q[n];
		bool word = !(before == '-' || (before >= '0' && before <= '9') ||
			      (before >= 'A' && before <= 'Z') ||
			      (before >= 'a' && before <= 'z')) &&
			    !(after == '-' || (after >= '0' && after <= '9') ||
			      (after >= 'A' && after <= 'Z') ||
			      (after >= 'a' && after <= 'z'));
		strbuf_add(out, p, (size_t)(q - p));
		strbuf_addstr(out, word ? to : from);
		found |= word;
		p = q + n;
	}
	strbuf_addstr(out, p);
	return found;
}

/* One local ticket renumbered: the ids and paths, and the new text. */
struct renumbered {
	char *old_id, *new_id, *old_path, *new_path;
	struct strbuf text;
};

/* A new ID for the ticket created at when (as `new` mints them), free
 * here, on the remote and among those chosen before. */
static struct sss_error *fresh_id(struct sync_run *s, time_t when,
				  const struct renumbered *done, size_t ndone,
				  struct renumbered *rn)
{
	struct strbuf id = STRBUF_INIT, rel = STRBUF_INIT;
	struct sss_error *err = NULL;

	for (int i = 0; i < MINT_TRIES; i++) {
		bool here = false, there = false, taken = false;
		strbuf_reset(&id);
		strbuf_reset(&rel);
		sss_id_mint(&id, when, sss_id_random());
		if ((err = sss_id_path(&rel, id.buf, s->cfg->fy_start)) ||
		    (err = sss_repo_in_head(s->r, rel.buf, &here)) ||
		    (err = sss_repo_sync_upstream_has(s->r, &s->rm, rel.buf, &there)))
			goto done;
		for (size_t k = 0; k < ndone; k++)
			taken |= !strcmp(done[k].new_id, id.buf);
		if (!here && !there && !taken && strcmp(id.buf, rn->old_id)) {
			rn->new_id = strbuf_detach(&id, NULL);
			rn->new_path = strbuf_detach(&rel, NULL);
			goto done;
		}
	}
	err = sss_error(SSS_ERR_EXISTS, "cannot find a free ID for '%s' after %d "
			"tries", rn->old_path, MINT_TRIES);
done:
	strbuf_release(&id);
	strbuf_release(&rel);
	return err;
}

/* Read the committed work-tree file rel (refused when it has edits). */
static struct sss_error *read_clean(struct sync_run *s, const char *rel,
				    char **buf, size_t *len)
{
	struct strbuf fs = STRBUF_INIT;
	struct sss_error *err = sss_repo_check_clean(s->r, rel);
	if (!err) {
		sss_repo_path(s->r, &fs, rel);
		err = sss_read_file(fs.buf, 1u << 24, buf, len);
	}
	strbuf_release(&fs);
	return err;
}

/* The renumbered ticket's new text: the ID replaced, a work-log line
 * saying so, `updated` now. */
static struct sss_error *renumber_one(struct sync_run *s, struct renumbered *rn,
				      const struct renumbered *done, size_t ndone)
{
	struct sss_ticket *t = NULL;
	struct strbuf text = STRBUF_INIT, line = STRBUF_INIT, now = STRBUF_INIT;
	char *buf = NULL;
	size_t len;
	time_t when = s->o->now;
	struct sss_error *err;

	if ((err = read_clean(s, rn->old_path, &buf, &len)) ||
	    (err = sss_ticket_parse(&t, buf, len, rn->old_path)))
		goto done;
	const char *created = sss_ticket_get(t, "created");
	if (created && sss_time_parse(created, &when))
		when = s->o->now; /* an unreadable date: minted for now */
	sss_ticket_free(t);
	t = NULL;
	if ((err = fresh_id(s, when, done, ndone, rn)))
		goto done;
	replace_id(buf, rn->old_id, rn->new_id, &text);
	if ((err = sss_ticket_parse(&t, text.buf, text.len, rn->new_path)))
		goto done;
	strbuf_addf(&now, "renumbered %s → %s (the remote has another ticket "
		    "with that ID)", rn->old_id, rn->new_id);
	sss_worklog_format(&line, s->o->now, sss_time_offset(s->o->now),
			   s->author, -1, now.buf);
	strbuf_setlen(&now, 0);
	sss_ticket_section_append(t, SSS_SEC_WORKLOG, line.buf);
	sss_time_format(&now, s->o->now);
	if ((err = sss_ticket_set(t, "updated", now.buf)))
		goto done;
	sss_ticket_format(t, &rn->text);
done:
	sss_ticket_free(t);
	free(buf);
	strbuf_release(&text);
	strbuf_release(&line);
	strbuf_release(&now);
	return err;
}

struct path_list {
	char **v;
	size_t n, alloc;
};

static void collect_path(const char *path, void *data)
{
	struct path_list *l = data;
	SSS_GROW(l->v, l->alloc, l->n + 1);
	l->v[l->n++] = xstrdup(path);
}

/* A local ticket that names a renumbered ID: its new text. */
struct relinked {
	const char *path; /* the local list's */
	struct strbuf text;
};

/* The local tickets (changed since the merge base) that name a
 * renumbered ID get the new one: out[0..*nout) (out has room for all). */
static struct sss_error *relink(struct sync_run *s, const struct renumbered *rn,
				size_t n, const struct path_list *local,
				struct relinked *out, size_t *nout)
{
	struct sss_error *err = NULL;

	for (size_t i = 0; !err && i < local->n; i++) {
		const char *p = local->v[i];
		struct strbuf id = STRBUF_INIT, cur = STRBUF_INIT;
		struct sss_ticket *t = NULL;
		char *buf = NULL;
		size_t len;
		bool any = false, skip = !ticket_id(p, &id);
		for (size_t k = 0; k < n; k++)
			skip |= !strcmp(p, rn[k].old_path);
		if (!skip && !(err = read_clean(s, p, &buf, &len))) {
			strbuf_addstr(&cur, buf);
			for (size_t k = 0; k < n; k++) {
				struct strbuf next = STRBUF_INIT;
				any |= replace_id(cur.buf, rn[k].old_id,
						  rn[k].new_id, &next);
				strbuf_release(&cur);
				cur = next;
			}
		}
		/* what no longer parses is not written */
		if (any && !(err = sss_ticket_parse(&t, cur.buf, cur.len, p))) {
			out[*nout].path = p;
			out[*nout].text = cur;
			strbuf_init(&cur, 0);
			(*nout)++;
		}
		sss_ticket_free(t);
		free(buf);
		strbuf_release(&id);
		strbuf_release(&cur);
	}
	return err;
}

/* The commit of the renumbering, before the merge. */
static struct sss_error *commit_renumber(struct sync_run *s,
					 const struct renumbered *rn, size_t n,
					 const struct relinked *rl, size_t nrl)
{
	struct sss_change *ch = xcalloc(2 * n + nrl, sizeof(*ch));
	struct strbuf msg = STRBUF_INIT;
	size_t nch = 0;
	struct sss_error *err;

	if (n == 1)
		strbuf_addf(&msg, "%s: renumber %s → %s\n\n", rn[0].new_id,
			    rn[0].old_id, rn[0].new_id);
	else
		strbuf_addstr(&msg, "renumber tickets whose IDs the remote has\n\n");
	for (size_t k = 0; k < n; k++) {
		strbuf_addf(&msg, "%s → %s: %s has another ticket with that ID\n",
			    rn[k].old_id, rn[k].new_id, s->rm.shown);
		ch[nch++] = (struct sss_change){ rn[k].old_path, NULL, 0 };
		ch[nch++] = (struct sss_change){ rn[k].new_path, rn[k].text.buf,
						 rn[k].text.len };
	}
	for (size_t i = 0; i < nrl; i++) {
		strbuf_addf(&msg, "%s%s", i ? ", " : "links rewritten in ", rl[i].path);
		ch[nch++] = (struct sss_change){ rl[i].path, rl[i].text.buf,
						 rl[i].text.len };
	}
	strbuf_addstr(&msg, nrl ? "\n\n" : "\n");
	for (size_t k = 0; k < n; k++)
		strbuf_addf(&msg, "Sss-Ticket: %s\n", rn[k].new_id);
	strbuf_addstr(&msg, "Sss-Action: renumber\n");
	struct sss_commit_info ci = { msg.buf, s->author, s->o->now,
				      s->cfg->fsync };
	err = sss_repo_commit(s->r, ch, nch, &ci);
	free(ch);
	strbuf_release(&msg);
	return err;
}

/* The local tickets at the paths that collided get new IDs, and the
 * local tickets linking to them the new links, in one commit. */
static struct sss_error *renumber(struct sync_run *s, char *const *paths,
				  size_t n)
{
	struct renumbered *rn = xcalloc(n, sizeof(*rn));
	struct path_list local = { NULL, 0, 0 };
	struct relinked *rl = NULL;
	size_t nrl = 0;
	struct sss_error *err = NULL;

	for (size_t k = 0; !err && k < n; k++) {
		struct strbuf id = STRBUF_INIT;
		ticket_id(paths[k], &id);
		rn[k].old_id = strbuf_detach(&id, NULL);
		rn[k].old_path = xstrdup(paths[k]);
		strbuf_init(&rn[k].text, 0);
		err = renumber_one(s, &rn[k], rn, k);
	}
	if (!err)
		err = sss_repo_sync_local_paths(s->r, &s->rm, collect_path, &local);
	rl = xcalloc(local.n + 1, sizeof(*rl));
	if (!err)
		err = relink(s, rn, n, &local, rl, &nrl);
	if (!err && !s->o->dry_run)
		err = commit_renumber(s, rn, n, rl, nrl);
	for (size_t k = 0; !err && k < n; k++) {
		strbuf_addf(&s->rep->lines, "%srenumbered %s → %s (the remote has "
			    "another ticket with that ID)\n",
			    s->o->dry_run ? "would have " : "", rn[k].old_id,
			    rn[k].new_id);
		s->rep->renumbered++;
	}
	for (size_t k = 0; k < n; k++) {
		free(rn[k].old_id);
		free(rn[k].new_id);
		free(rn[k].old_path);
		free(rn[k].new_path);
		strbuf_release(&rn[k].text);
	}
	for (size_t i = 0; i < nrl; i++)
		strbuf_release(&rl[i].text);
	for (size_t i = 0; i < local.n; i++)
		free(local.v[i]);
	free(local.v);
	free(rl);
	free(rn);
	return err;
}

/* ---- the rounds --------------------------------------------------------- */

/* Merge the fetched upstream into HEAD; a collision is renumbered first
 * and the merge made again. */
static struct sss_error *merge_round(struct sync_run *s)
{
	struct sss_sync_hooks h = { resolve, merge_message, s };
	struct sss_commit_info ci = { NULL, s->author, s->o->now, s->cfg->fsync };
	struct sss_sync_result res = SSS_SYNC_RESULT_INIT;
	struct sss_error *err = NULL;

	for (int round = 0;; round++) {
		strbuf_reset(&s->decisions);
		sss_sync_result_release(&res);
		if ((err = sss_repo_sync_merge(s->r, &s->rm, &h, &ci, s->o->dry_run,
					       &res)))
			break;
		if (res.state != SSS_SYNC_COLLIDED) {
			s->rep->incoming += res.incoming;
			s->rep->merged += res.resolved;
			strbuf_addbuf(&s->rep->lines, &s->decisions);
			break;
		}
		if (round + 1 >= COLLISION_ROUNDS) {
			err = sss_error(SSS_ERR_CONFLICT, "'%s' still collides with "
					"%s after renumbering; nothing more was "
					"changed", res.collisions[0], s->rm.shown);
			break;
		}
		if ((err = renumber(s, res.collisions, res.ncollisions)))
			break;
		if (s->o->dry_run) {
			/* what else would merge, once renumbered */
			s->rep->incoming += res.incoming;
			s->rep->merged += res.resolved - res.ncollisions;
			strbuf_addbuf(&s->rep->lines, &s->decisions);
			break;
		}
	}
	sss_sync_result_release(&res);
	return err;
}

/* Fetch, merge, push; again while the push finds the remote moved. */
static struct sss_error *rounds(struct sync_run *s)
{
	struct sss_error *err;

	for (int attempt = 0;; attempt++) {
		bool moved = false;
		size_t pushed = 0;
		if ((err = sss_repo_fetch(s->r, &s->rm, s->o->progress)) ||
		    (err = merge_round(s)))
			return err;
		if (s->o->dry_run || !s->o->push)
			return NULL;
		if ((err = sss_repo_push(s->r, &s->rm, s->o->progress, &moved,
					 &pushed)))
			return err;
		if (!moved) {
			s->rep->pushed += pushed;
			return NULL;
		}
		if (attempt + 1 >= PUSH_TRIES)
			return sss_error(SSS_ERR_CONFLICT,
					 "the remote '%s' moved again during each of "
					 "%d pushes; the merged commits are here, "
					 "run sync again", s->rm.name, PUSH_TRIES);
	}
}

struct sss_error *sss_sync(struct sss_repo *r, const struct sss_config *cfg,
			   const struct sss_sync_opts *o,
			   struct sss_sync_report *rep)
{
	struct sync_run s;
	struct sss_error *err;

	memset(&s, 0, sizeof(s));
	s.r = r;
	s.cfg = cfg;
	s.o = o;
	s.rep = rep;
	strbuf_init(&s.decisions, 0);
	rep->would = o->dry_run;
	if ((err = sss_repo_identity(r, o->author, &s.author)) ||
	    (err = sss_repo_lock(r, cfg->lock_timeout_ms, "sync")))
		goto done;
	if ((err = sss_repo_remote_find(r, o->remote, &s.rm)))
		goto done;
	rep->shown = xstrdup(s.rm.shown);
	err = rounds(&s);
done:
	sss_repo_unlock(r);
	sss_sync_remote_release(&s.rm);
	strbuf_release(&s.decisions);
	free(s.author);
	return err;
}
