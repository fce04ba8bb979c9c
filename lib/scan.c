/* scan.c - the scan API (see scan.h): the walk, the cache and the
 * read-ahead behind one iterator. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/cache.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/repo.h"
#include "sss/scan.h"
#include "sss/sla.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

/* ---- read-ahead ----------------------------------------------------------
 *
 * The walk's paths are listed first; then a second thread works through
 * them ahead of the caller (at most RA_WINDOW ahead, which bounds the
 * memory of parsed tickets waiting), while the caller's fn runs on the
 * calling thread in order. The thread takes every other run of RA_CHUNK
 * items, the caller the others as it comes to them; an item is claimed by
 * whichever thread gets to it first (the caller does the thread's too
 * when it has caught up), so two cores share the work and seldom wait
 * for each other. When one must wait (the thread a window ahead, the
 * caller for an item the thread is doing) it sleeps on a condition
 * variable after a short spin, and the other wakes it only when it
 * sleeps: no yielding or napping in a loop. The lstat of a file always
 * comes before its read, on whichever thread, which is what the cache's
 * racy-clean rule needs. */
#define RA_WINDOW 256
#define RA_CHUNK 16
/* How long the caller spins on an item the thread is doing before it
 * sleeps (a lstat takes a few microseconds, a parse some more). */
#define RA_SPINS 2000

/* A slot's state word: the item it is for, times 4, plus one of these. */
enum { RA_FREE, RA_CLAIMED, RA_DONE };

struct ra_slot {
	atomic_size_t state;
	struct stat st;
	bool stat_ok;
	bool parsed;
	struct sss_ticket *t;
	struct sss_error *err;
};

/* What the second thread does for each file: lstat it (a warm cache
 * will answer for most files), or lstat, read and parse it. */
enum ra_mode { RA_STAT, RA_PARSE };

struct readahead {
	struct sss_repo *r;
	enum ra_mode mode;
	char **rels;	      /* n paths, into names */
	struct strbuf names;  /* the paths, each with its NUL */
	size_t n, alloc;
	struct ra_slot slot[RA_WINDOW];
	atomic_size_t consumed; /* items [0, consumed) are done with */
	atomic_bool stop;
	/* the sleeps: the thread until item wake_at - RA_WINDOW / 2 is
	 * consumed, the caller until the slot it waits on is done */
	pthread_mutex_t mu;
	pthread_cond_t thread_cv, caller_cv;
	atomic_bool thread_sleeps, caller_sleeps;
	atomic_size_t wake_at;
	struct strbuf fs;       /* the caller's path buffer */
	pthread_t thread;
	bool threaded;          /* else the caller does every item itself */
	size_t next;            /* the item the scan yields next */
};

/* Do item i's work into s (which the calling thread has claimed). */
static void ra_fill(struct readahead *ra, size_t i, struct ra_slot *s,
		    struct strbuf *fs)
{
	s->stat_ok = sss_lstat_rel(sss_repo_workdir(ra->r), ra->rels[i], &s->st);
	/* without its lstat the caller reads the file itself */
	s->parsed = ra->mode == RA_PARSE && s->stat_ok;
	s->t = NULL;
	s->err = NULL;
	if (s->parsed) {
		strbuf_reset(fs);
		sss_repo_path(ra->r, fs, ra->rels[i]);
		s->err = sss_ticket_load(&s->t, fs->buf, ra->rels[i]);
	}
}

/* The thread, a window ahead at item i: sleep until the caller has
 * consumed half the window (or stops the scan). */
static void ra_thread_sleep(struct readahead *ra, size_t i)
{
	pthread_mutex_lock(&ra->mu);
	atomic_store(&ra->wake_at, i - RA_WINDOW / 2 + 1);
	atomic_store(&ra->thread_sleeps, true);
	/* the caller stores consumed before it loads thread_sleeps, and we
	 * the other way round: one of us sees the other */
	while (!atomic_load(&ra->stop) &&
	       atomic_load(&ra->consumed) < atomic_load(&ra->wake_at))
		pthread_cond_wait(&ra->thread_cv, &ra->mu);
	atomic_store(&ra->thread_sleeps, false);
	pthread_mutex_unlock(&ra->mu);
}

/* Wake the thread when it sleeps and may go on (or must stop). */
static void ra_thread_wake(struct readahead *ra, bool stop)
{
	if (atomic_load(&ra->thread_sleeps) &&
	    (stop || atomic_load(&ra->consumed) >= atomic_load(&ra->wake_at))) {
		pthread_mutex_lock(&ra->mu);
		pthread_cond_signal(&ra->thread_cv);
		pthread_mutex_unlock(&ra->mu);
	}
}

/* Mark slot s done with item i, waking the caller if it waits on it. */
static void ra_done(struct readahead *ra, struct ra_slot *s, size_t i)
{
	atomic_store(&s->state, i * 4 + RA_DONE);
	if (atomic_load(&ra->caller_sleeps)) {
		pthread_mutex_lock(&ra->mu);
		pthread_cond_signal(&ra->caller_cv);
		pthread_mutex_unlock(&ra->mu);
	}
}

static void *read_ahead(void *arg)
{
	struct readahead *ra = arg;
	struct strbuf fs = STRBUF_INIT;
	size_t i = 0;
	while (i < ra->n && !atomic_load(&ra->stop)) {
		size_t consumed = atomic_load(&ra->consumed);
		if (i < consumed)
			i = consumed;
		/* every other run of RA_CHUNK items: the caller does the rest
		 * itself, so that neither waits for the other */
		if ((i / RA_CHUNK) % 2 == 0)
			i = (i / RA_CHUNK + 1) * RA_CHUNK;
		if (i >= ra->n)
			break;
		if (i - consumed >= RA_WINDOW) {
			ra_thread_sleep(ra, i);
			continue;
		}
		struct ra_slot *s = &ra->slot[i % RA_WINDOW];
		size_t want = i * 4 + RA_FREE;
		if (atomic_compare_exchange_strong(&s->state, &want,
						   i * 4 + RA_CLAIMED)) {
			ra_fill(ra, i, s, &fs);
			ra_done(ra, s, i);
		}
		i++;
	}
	strbuf_release(&fs);
	sss_rel_forget();
	return NULL;
}

/* Make item i's slot filled: take it over if nobody has, else wait for
 * the thread to finish it. */
static struct ra_slot *ra_get(struct readahead *ra, size_t i)
{
	struct ra_slot *s = &ra->slot[i % RA_WINDOW];
	for (int spins = 0;; spins++) {
		size_t v = atomic_load(&s->state);
		if (v == i * 4 + RA_DONE)
			return s;
		size_t want = i * 4 + RA_FREE;
		if (v == want && atomic_compare_exchange_strong(
					 &s->state, &want, i * 4 + RA_CLAIMED)) {
			ra_fill(ra, i, s, &ra->fs);
			atomic_store(&s->state, i * 4 + RA_DONE);
			return s;
		}
		if (spins > RA_SPINS && v == i * 4 + RA_CLAIMED) {
			/* the thread is doing it: sleep until it is done */
			pthread_mutex_lock(&ra->mu);
			atomic_store(&ra->caller_sleeps, true);
			while (atomic_load(&s->state) != i * 4 + RA_DONE)
				pthread_cond_wait(&ra->caller_cv, &ra->mu);
			atomic_store(&ra->caller_sleeps, false);
			pthread_mutex_unlock(&ra->mu);
		}
	}
}

/* The paths of the walk, then the thread. A directory that cannot be
 * read ends the walk with an error (*walk_err) after the tickets before
 * it, as without read-ahead. */
static struct readahead *ra_start(struct sss_repo *r, enum ra_mode mode,
				  struct sss_error **walk_err)
{
	struct readahead *ra = xcalloc(1, sizeof(*ra));
	struct sss_repo_walk *w = sss_repo_walk_open(r, NULL, NULL);
	const char *rel;

	ra->r = r;
	ra->mode = mode;
	strbuf_init(&ra->fs, 0);
	strbuf_init(&ra->names, 0);
	for (size_t k = 0; k < RA_WINDOW; k++)
		atomic_init(&ra->slot[k].state, k * 4 + RA_FREE);
	atomic_init(&ra->consumed, 0);
	atomic_init(&ra->stop, false);
	atomic_init(&ra->thread_sleeps, false);
	atomic_init(&ra->caller_sleeps, false);
	atomic_init(&ra->wake_at, 0);
	pthread_mutex_init(&ra->mu, NULL);
	pthread_cond_init(&ra->thread_cv, NULL);
	pthread_cond_init(&ra->caller_cv, NULL);
	/* the paths in one buffer (offsets while it grows), not one
	 * allocation each */
	while (!(*walk_err = sss_repo_walk_next(w, &rel)) && rel) {
		SSS_GROW(ra->rels, ra->alloc, ra->n + 1);
		ra->rels[ra->n++] = (char *)(uintptr_t)ra->names.len;
		strbuf_add(&ra->names, rel, strlen(rel) + 1);
	}
	for (size_t i = 0; i < ra->n; i++)
		ra->rels[i] = ra->names.buf + (uintptr_t)ra->rels[i];
	sss_repo_walk_free(w);
	ra->threaded = ra->n > 1 &&
		       sss_cleanup_thread(&ra->thread, read_ahead, ra);
	return ra;
}

/* The caller is done with item i: free what it did not take; the slot
 * then serves item i + RA_WINDOW. */
static void ra_release(struct readahead *ra, size_t i)
{
	struct ra_slot *s = &ra->slot[i % RA_WINDOW];
	size_t want = i * 4 + RA_FREE;
	if (!atomic_compare_exchange_strong(&s->state, &want,
					    (i + RA_WINDOW) * 4 + RA_FREE)) {
		ra_get(ra, i);
		sss_ticket_free(s->t);
		sss_error_free(s->err);
		s->t = NULL;
		s->err = NULL;
		s->parsed = false;
		atomic_store(&s->state, (i + RA_WINDOW) * 4 + RA_FREE);
	}
	atomic_store(&ra->consumed, i + 1);
	if (ra->threaded)
		ra_thread_wake(ra, false);
}

static void ra_free(struct readahead *ra)
{
	if (!ra)
		return;
	if (ra->threaded) {
		atomic_store(&ra->stop, true);
		ra_thread_wake(ra, true);
		pthread_join(ra->thread, NULL);
		/* a stop left parsed tickets behind */
		for (size_t k = 0; k < RA_WINDOW; k++) {
			sss_ticket_free(ra->slot[k].t);
			sss_error_free(ra->slot[k].err);
		}
	}
	free(ra->rels);
	strbuf_release(&ra->names);
	strbuf_release(&ra->fs);
	pthread_mutex_destroy(&ra->mu);
	pthread_cond_destroy(&ra->thread_cv);
	pthread_cond_destroy(&ra->caller_cv);
	free(ra);
}

/* ---- the scan ----------------------------------------------------------- */

struct sss_scan_item {
	struct sss_scan *s;
	const char *rel;
	const struct sss_cache_entry *e; /* its cache record, or NULL */
	struct sss_ticket *t;		 /* parsed, or NULL */
	struct sss_error *err;		 /* broken: why */
};

struct sss_scan {
	struct sss_repo *r;
	unsigned flags;
	struct sss_cache *cache;    /* NULL: none */
	struct readahead *ra;	    /* NULL: the walk streams on this thread */
	struct sss_repo_walk *walk; /* without read-ahead */
	struct sss_error *walk_err; /* read-ahead: for after the tickets */
	bool ended, complete;
	bool in_slot; /* the item is read-ahead item cur */
	size_t cur;
	struct sss_scan_item item;
	struct strbuf fs;
};

struct sss_scan *sss_scan_open(struct sss_repo *r, unsigned flags)
{
	struct sss_scan *s = xcalloc(1, sizeof(*s));
	bool raw = flags & SSS_SCAN_RAW;

	s->r = r;
	s->flags = flags;
	s->item.s = s;
	strbuf_init(&s->fs, 0);
	if (!raw && !sss_cache_disabled())
		s->cache = sss_cache_open(sss_repo_gitdir(r));
	/* the other core lstats (a cache to check) or reads and parses (none) */
	if (!raw && sss_threads_wanted())
		s->ra = ra_start(r, sss_cache_warm(s->cache) ? RA_STAT : RA_PARSE,
				 &s->walk_err);
	else
		s->walk = sss_repo_walk_open(r, NULL, NULL);
	return s;
}

static void item_release(struct sss_scan *s)
{
	struct sss_scan_item *it = &s->item;
	sss_ticket_free(it->t);
	sss_error_free(it->err);
	it->t = NULL;
	it->err = NULL;
	it->e = NULL;
	it->rel = NULL;
	if (s->in_slot)
		ra_release(s->ra, s->cur);
	s->in_slot = false;
}

/* Make the item for rel: its cache record, else the ticket parsed (by the
 * read-ahead in slot, or now), recorded in the cache. */
static void item_fill(struct sss_scan *s, const char *rel,
		      struct ra_slot *slot)
{
	struct sss_scan_item *it = &s->item;
	struct stat st;

	it->rel = rel;
	if (s->flags & SSS_SCAN_RAW)
		return;
	if (s->cache) {
		/* the lstat before the read (cache.h) */
		const struct stat *sp = slot && slot->stat_ok ? &slot->st : NULL;
		if (!sp && sss_lstat_rel(sss_repo_workdir(s->r), rel, &st))
			sp = &st;
		if ((it->e = sss_cache_lookup(s->cache, rel, sp)))
			return;
	}
	if (slot && slot->parsed) {
		it->t = slot->t;
		it->err = slot->err;
		slot->t = NULL;
		slot->err = NULL;
		slot->parsed = false;
	} else {
		it->err = sss_repo_ticket(s->r, rel, &it->t);
	}
	if (it->err) {
		sss_ticket_free(it->t);
		it->t = NULL;
	} else if (s->cache) {
		sss_cache_put(s->cache, it->t);
	}
}

struct sss_error *sss_scan_next(struct sss_scan *s,
				struct sss_scan_item **out)
{
	struct sss_error *err = NULL;
	struct ra_slot *slot = NULL;
	const char *rel = NULL;

	*out = NULL;
	item_release(s);
	if (s->ended)
		return NULL;
	if (s->ra && s->ra->next < s->ra->n) {
		s->cur = s->ra->next++;
		rel = s->ra->rels[s->cur];
		if (s->ra->threaded) {
			slot = ra_get(s->ra, s->cur);
			s->in_slot = true;
		}
	} else if (s->ra) {
		err = s->walk_err;
		s->walk_err = NULL;
	} else {
		err = sss_repo_walk_next(s->walk, &rel);
	}
	if (!rel) {
		s->ended = true;
		s->complete = !err;
		return err;
	}
	item_fill(s, rel, slot);
	*out = &s->item;
	return NULL;
}

void sss_scan_close(struct sss_scan *s)
{
	if (!s)
		return;
	item_release(s);
	ra_free(s->ra);
	sss_error_free(s->walk_err);
	sss_repo_walk_free(s->walk);
	sss_cache_finish(s->cache, s->complete);
	strbuf_release(&s->fs);
	free(s);
}

/* ---- the view ----------------------------------------------------------- */

const char *sss_scan_rel(const struct sss_scan_item *it)
{
	return it->rel;
}

struct sss_error *sss_scan_broken(struct sss_scan_item *it)
{
	struct sss_error *err = it->err;
	it->err = NULL;
	return err;
}

const char *sss_scan_get(const struct sss_scan_item *it, const char *field)
{
	if (it->t)
		return sss_ticket_get(it->t, field);
	return it->e ? sss_cache_entry_get(it->e, field) : NULL;
}

bool sss_scan_sla(const struct sss_scan_item *it, const struct sss_config *c,
		  const struct sss_calendar *cal, time_t now, struct sss_sla *out)
{
	struct sss_sla_input in;

	if (it->t)
		return sss_sla_compute(c, cal, it->t, now, out);
	if (!it->e) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	in.kind = sss_cache_entry_get(it->e, "kind");
	in.priority = sss_cache_entry_get(it->e, "priority");
	in.status = sss_cache_entry_get(it->e, "status");
	in.created = sss_cache_entry_get(it->e, "created");
	in.updated = sss_cache_entry_get(it->e, "updated");
	in.closed = sss_cache_entry_get(it->e, "closed");
	in.history = sss_cache_entry_get(it->e, "sla-history");
	return sss_sla_compute_input(c, cal, &in, now, out);
}

void sss_scan_links(const struct sss_scan_item *it, struct strbuf *out)
{
	if (it->t) {
		sss_ticket_links_format(it->t, out);
		return;
	}
	const char *links = it->e ? sss_cache_entry_get(it->e, "links") : NULL;
	if (links)
		strbuf_addstr(out, links);
}

bool sss_scan_section(const struct sss_scan_item *it, const char *name,
		      struct strbuf *out)
{
	strbuf_reset(out);
	if (it->t)
		return sss_ticket_section(it->t, name, out);
	if (!it->e)
		return false;
	struct strbuf field = STRBUF_INIT;
	strbuf_addf(&field, "section:%s", name);
	const char *v = sss_cache_entry_get(it->e, field.buf);
	bool kept = sss_cache_entry_kept(it->e, field.buf);
	strbuf_release(&field);
	if (!kept) {
		/* not in the record: the file tells (a broken file, which
		 * the record's file was not, has none) */
		struct sss_ticket *t = NULL;
		struct sss_error *err = sss_repo_ticket(it->s->r, it->rel, &t);
		bool has = !err && sss_ticket_section(t, name, out);
		sss_error_free(err);
		sss_ticket_free(t);
		return has;
	}
	if (v)
		strbuf_addstr(out, v);
	return v != NULL;
}

bool sss_scan_digest(struct sss_scan_item *it, struct strbuf *out)
{
	const struct sss_ticket *t = NULL;
	struct sss_error *err;

	strbuf_reset(out);
	if (!it->t && it->e) {
		/* NULL in a record: the empty digest */
		const char *d = sss_cache_entry_get(it->e, "worklog-digest");
		if (d)
			strbuf_addstr(out, d);
		return true;
	}
	if (!it->t && !it->rel)
		return false;
	if ((err = sss_scan_ticket(it, &t))) {
		sss_error_free(err);
		return false;
	}
	sss_worklog_digest(t, out);
	return true;
}

void sss_scan_json(const struct sss_scan_item *it, struct strbuf *out)
{
	if (it->t) {
		sss_worklog_ticket_json(it->t, out, false);
	} else if (it->e) {
		sss_cache_entry_json(it->e, out);
	}
}

const struct sss_ticket *sss_scan_query_ticket(struct sss_scan_item *it,
					       struct sss_error **err)
{
	const struct sss_ticket *t = NULL;

	*err = NULL;
	/* a cached ticket: the proxy holds every field sss_query_match()
	 * looks at, so its answer is the ticket's */
	if (it->e && !it->t) {
		const struct sss_ticket *proxy =
		    sss_cache_entry_ticket(it->s->cache, it->e);
		if (proxy)
			return proxy;
	}
	*err = sss_scan_ticket(it, &t);
	return t;
}

struct sss_error *sss_scan_ticket(struct sss_scan_item *it,
				  const struct sss_ticket **out)
{
	struct sss_error *err;

	*out = NULL;
	/* a cache record stays as it is: the file is the one recorded */
	if (!it->t && (err = sss_repo_ticket(it->s->r, it->rel, &it->t))) {
		it->t = NULL;
		return err;
	}
	*out = it->t;
	return NULL;
}

struct sss_error *sss_scan_read(struct sss_scan_item *it, char **raw,
				size_t *len)
{
	struct strbuf *fs = &it->s->fs;
	strbuf_reset(fs);
	sss_repo_path(it->s->r, fs, it->rel);
	return sss_read_file_rel(fs->buf, it->rel, SSS_TICKET_MAX_FILE, raw, len);
}
