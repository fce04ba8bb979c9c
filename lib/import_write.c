/* import_write.c - the JSON lines of `export --format jsonl` read back
 * into tickets, and every ticket of an import written in one commit
 * (see import.h; the CSV rows are import.c's). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "import_priv.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/compose.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/id.h"
#include "sss/import.h"
#include "sss/node.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"
#include "sss/utf8.h"
#include "sss/yaml.h"

/* How many random IDs to try for one ticket before giving up. */
#define MINT_TRIES 64
/* IDs minted in one 2.56-second slot of the ID (of 1024 it holds), so
 * that a redraw is rare; the next slot is 3 seconds on. */
#define PER_SLOT 256
#define SLOT_STEP 3
/* The "id" of a JSON line without one, until the commit mints it. */
#define STAND_IN_ID "2601-000000"

/* Members of the ticket JSON that are not front matter: figures list and
 * export compute, and the body (taken apart). */
static const char *const computed[] = { "path", "spent_min", "estimate_min",
					"sla", "body", NULL };

static bool is_computed(const char *key)
{
	for (size_t i = 0; computed[i]; i++)
		if (!strcmp(computed[i], key))
			return true;
	return false;
}

/* An error of the ticket parser ("'FILE' line K: what", K a line of the
 * front matter made here) as one of line n of the input. */
static struct sss_error *at_line(struct sss_import *im, size_t n,
				 struct sss_error *err)
{
	const char *msg = err->msg;
	size_t flen = strlen(im->file);
	if (msg[0] == '\'' && !strncmp(msg + 1, im->file, flen) &&
	    !strncmp(msg + 1 + flen, "' line ", 7)) {
		const char *colon = strstr(msg, ": ");
		if (colon)
			msg = colon + 2;
	}
	struct sss_error *e2 = sss_import_cell_error(im->file, n, NULL, "%s", msg);
	e2->code = err->code;
	sss_error_free(err);
	return e2;
}

/* The body of a ticket that comes without one: its entry's template with
 * the steps, as `new` writes it; "" for an entry the catalog lacks. */
static struct sss_error *default_body(const struct sss_import_options *o,
				      struct sss_repo *repo, const char *sow,
				      const char *title, struct strbuf *out)
{
	const struct sss_sow_entry *e = o->catalog && sow ? sss_catalog_find(o->catalog, sow) : NULL;
	struct sss_compose c = SSS_COMPOSE_INIT;
	struct sss_ticket *t = NULL;
	struct sss_error *err;

	if (!e)
		return NULL;
	c.entry = e;
	c.title = title ? title : "";
	c.created = o->now;
	if ((err = sss_compose(&c, repo, &t)))
		return err;
	strbuf_addstr(out, sss_ticket_body(t));
	sss_ticket_free(t);
	return NULL;
}

/* One JSON line into a ticket: its members as front matter (the ticket
 * parser checks every one), its body, or the entry's. */
static struct sss_error *jsonl_ticket(struct sss_import *im,
				      const struct sss_import_options *o,
				      struct sss_repo *repo, const char *s,
				      size_t len, size_t n, struct sss_ticket **out,
				      bool *mint)
{
	struct sss_node *node = NULL, *fm = sss_node_new(SSS_NODE_MAP, NULL);
	struct strbuf text = STRBUF_INIT;
	struct sss_error *err;

	*out = NULL;
	*mint = false;
	if ((err = sss_yaml_parse_libyaml(&node, s, len, im->file, (int)n))) {
		/* the parser may name the line after the object's end */
		err = at_line(im, n, err);
		goto done;
	}
	if (!node || node->kind != SSS_NODE_MAP || s[0] != '{') {
		err = sss_import_cell_error(im->file, n, NULL, "not a JSON object");
		goto done;
	}
	for (size_t i = 0; i < node->len; i++)
		if (!is_computed(node->keys[i]) && !sss_node_is_null(node->items[i]))
			sss_node_append(fm, xstrdup(node->keys[i]), sss_node_copy(node->items[i]));
	const char *sow = sss_node_str(sss_node_get(fm, "sow"));
	if (o->entry && (!sow || strcmp(sow, sss_sow_key(o->entry)))) {
		err = sss_import_cell_error(im->file, n, NULL,
					    "a ticket of '%s', but the import is of '%s' (--sow)",
					    sow ? sow : "no SOW item", sss_sow_key(o->entry));
		goto done;
	}
	/* a stand-in until the commit mints the ID (the parser wants one) */
	*mint = !sss_node_get(fm, "id");
	if (*mint)
		sss_node_set(fm, "id", sss_node_new(SSS_NODE_SCALAR, STAND_IN_ID));
	if (!sss_node_get(fm, "created")) {
		struct strbuf now = STRBUF_INIT;
		sss_time_format(&now, o->now);
		sss_node_set(fm, "created", sss_node_new(SSS_NODE_SCALAR, now.buf));
		strbuf_release(&now);
	}
	if (!sss_node_get(fm, "updated"))
		sss_node_set(fm, "updated", sss_node_copy(sss_node_get(fm, "created")));
	strbuf_addstr(&text, "---\n");
	sss_yaml_emit_map(&text, fm, 0);
	strbuf_addstr(&text, "---\n");
	const struct sss_node *body = sss_node_get(node, "body");
	if (sss_node_str(body))
		strbuf_addstr(&text, sss_node_str(body));
	else if ((err = default_body(o, repo, sow, sss_node_str(sss_node_get(fm, "title")),
				     &text)))
		goto done;
	if ((err = sss_ticket_parse(out, text.buf, text.len, im->file)))
		err = at_line(im, n, err);
done:
	sss_node_free(node);
	sss_node_free(fm);
	strbuf_release(&text);
	return err;
}

/* Whether the ticket file rel is there: in HEAD, or in the work tree (a
 * file a person has not committed yet is never overwritten). */
static struct sss_error *taken(struct sss_repo *repo, const char *rel, bool *out)
{
	struct strbuf fs = STRBUF_INIT;
	struct sss_error *err = sss_repo_in_head(repo, rel, out);
	if (!err && !*out) {
		sss_repo_path(repo, &fs, rel);
		*out = access(fs.buf, F_OK) == 0;
	}
	strbuf_release(&fs);
	return err;
}

/* A set of IDs: open addressing on an FNV-1a hash. */
struct idset {
	char **slot;
	size_t size;
};

static size_t id_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void idset_init(struct idset *set, size_t n)
{
	set->size = 64;
	while (set->size < 2 * n + 16)
		set->size *= 2;
	set->slot = xcalloc(set->size, sizeof(*set->slot));
}

static void idset_release(struct idset *set)
{
	for (size_t i = 0; i < set->size; i++)
		free(set->slot[i]);
	free(set->slot);
}

/* Add id; false when it is there already. */
static bool idset_add(struct idset *set, const char *id)
{
	size_t i = id_hash(id) & (set->size - 1);
	for (; set->slot[i]; i = (i + 1) & (set->size - 1))
		if (!strcmp(set->slot[i], id))
			return false;
	set->slot[i] = xstrdup(id);
	return true;
}

/* Check the IDs the tickets carry: each a valid ID, once in the file,
 * free in the repository. */
static struct sss_error *check_ids(struct sss_import *im, struct sss_repo *repo,
				   struct idset *set)
{
	struct strbuf rel = STRBUF_INIT;
	struct sss_error *err = NULL;
	bool exists;

	for (size_t i = 0; i < im->n && !err; i++) {
		const char *id = sss_ticket_get(im->t[i], "id");
		if (!id || im->mint[i])
			continue;
		strbuf_reset(&rel);
		if ((err = sss_id_path(&rel, id, im->fy_start)))
			err = at_line(im, im->line[i], err);
		else if (!idset_add(set, id))
			err = sss_import_cell_error(im->file, im->line[i], NULL,
						    "ticket '%s' comes twice", id);
		else if ((err = taken(repo, rel.buf, &exists)))
			;
		else if (exists)
			err = sss_error(SSS_ERR_EXISTS,
					"'%s' line %zu: ticket '%s' exists (an import never "
					"replaces a ticket; leave out its \"id\" to import it "
					"as a new one)", im->file, im->line[i], id);
	}
	strbuf_release(&rel);
	return err;
}

static struct sss_error *import_jsonl(struct sss_import *im,
				      const struct sss_import_options *o,
				      struct sss_repo *repo, const char *buf, size_t len)
{
	struct sss_error *err = NULL;
	struct idset set;
	size_t n = 0;
	int bad_line, bad_col;

	if (!sss_utf8_check(buf, len, &bad_line, &bad_col))
		return sss_error(SSS_ERR_PARSE, "'%s' line %d: not UTF-8 (JSON lines are "
				 "UTF-8)", im->file, bad_line);
	for (const char *p = buf, *end = buf + len; p < end && !err;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		n++;
		while (l && (p[l - 1] == '\r' || p[l - 1] == ' '))
			l--;
		if (l) {
			struct sss_ticket *t = NULL;
			bool mint = false;
			if (!(err = jsonl_ticket(im, o, repo, p, l, n, &t, &mint))) {
				sss_import_add(im, t, n, mint);
				im->rows++;
			}
			if (o->progress && im->rows % 128 == 0)
				o->progress((size_t)(p - buf), len, o->progress_data);
		}
		p += l + (size_t)(nl ? nl - (p + l) + 1 : 0);
		if (!nl)
			break;
	}
	if (!err && !im->n)
		err = sss_error(SSS_ERR_INVALID, "'%s' has no tickets", im->file);
	if (!err) {
		idset_init(&set, im->n);
		err = check_ids(im, repo, &set);
		idset_release(&set);
	}
	return err;
}

static enum sss_import_format sniff(const char *buf, size_t len)
{
	size_t i = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
		i++;
	return i < len && buf[i] == '{' ? SSS_IMPORT_JSONL : SSS_IMPORT_CSV;
}

struct sss_error *sss_import_prepare(struct sss_import **out,
				     const struct sss_import_options *o,
				     struct sss_repo *repo, const char *buf,
				     size_t len)
{
	struct sss_import *im = xcalloc(1, sizeof(*im));
	struct sss_error *err;
	enum sss_import_format f = o->format;

	*out = NULL;
	im->file = xstrdup(!strcmp(o->file, "-") ? "standard input" : o->file);
	im->now = o->now;
	im->fy_start = o->fy_start;
	strbuf_init(&im->skipped, 0);
	if (f == SSS_IMPORT_AUTO)
		f = sniff(buf, len);
	if (f == SSS_IMPORT_JSONL && o->one_ticket)
		err = sss_error(SSS_ERR_USAGE, "--one-ticket is for CSV rows, not JSON lines");
	else if (f == SSS_IMPORT_JSONL)
		err = import_jsonl(im, o, repo, buf, len);
	else
		err = sss_import_csv(im, o, repo, buf, len);
	if (err) {
		sss_import_free(im);
		return err;
	}
	*out = im;
	return NULL;
}

size_t sss_import_count(const struct sss_import *im)
{
	return im->n;
}

const struct sss_ticket *sss_import_ticket(const struct sss_import *im, size_t i)
{
	return i < im->n ? im->t[i] : NULL;
}

bool sss_import_new_id(const struct sss_import *im, size_t i)
{
	return i < im->n && im->mint[i];
}

size_t sss_import_rows(const struct sss_import *im)
{
	return im->rows;
}

const char *sss_import_skipped(const struct sss_import *im)
{
	return im->skipped.len ? im->skipped.buf : NULL;
}

/* The time whose ID slots the k-th minted ticket draws from: from now on,
 * or back from now when that would reach into the next month (the
 * month of an ID is the month of its file). */
static time_t slot_time(time_t now, size_t nmint, size_t k)
{
	time_t span = (time_t)(nmint / PER_SLOT + 1) * SLOT_STEP;
	struct tm a, b;
	time_t later = now + span;
	localtime_r(&now, &a);
	localtime_r(&later, &b);
	time_t base = a.tm_mon == b.tm_mon ? now : now - span;
	return base + (time_t)(k / PER_SLOT) * SLOT_STEP;
}

/* Give every ticket without an ID one (as `new` mints them), and each
 * ticket its path in rels. */
static struct sss_error *assign_ids(struct sss_import *im, struct sss_tracker *tr,
				    struct idset *set, struct strbuf *rels)
{
	struct strbuf id = STRBUF_INIT;
	struct sss_error *err = NULL;
	size_t nmint = 0, k = 0;
	bool exists;

	for (size_t i = 0; i < im->n; i++)
		nmint += im->mint[i];
	for (size_t i = 0; i < im->n && !err; i++) {
		if (!im->mint[i]) {
			err = sss_id_path(&rels[i], sss_ticket_get(im->t[i], "id"), im->fy_start);
			continue;
		}
		time_t t = slot_time(tr->now, nmint, k++);
		for (int tries = 0;; tries++) {
			strbuf_reset(&id);
			strbuf_reset(&rels[i]);
			sss_id_mint(&id, t, sss_id_random());
			if ((err = sss_id_path(&rels[i], id.buf, im->fy_start)) ||
			    (err = taken(tr->repo, rels[i].buf, &exists)))
				break;
			if (!exists && idset_add(set, id.buf))
				break;
			if (tries + 1 >= MINT_TRIES) {
				err = sss_error(SSS_ERR_EXISTS,
						"cannot find a free ticket ID after %d tries",
						MINT_TRIES);
				break;
			}
		}
		if (!err)
			err = sss_ticket_set(im->t[i], "id", id.buf);
	}
	strbuf_release(&id);
	return err;
}

static void import_message(const struct sss_import *im, struct strbuf *msg)
{
	const char *sow = im->n ? sss_ticket_get(im->t[0], "sow") : NULL;
	for (size_t i = 1; sow && i < im->n; i++)
		if (!sss_ticket_get(im->t[i], "sow") || strcmp(sow, sss_ticket_get(im->t[i], "sow")))
			sow = NULL;
	if (im->n == 1) {
		sss_tracker_message(msg, im->t[0], "import");
	} else {
		strbuf_addf(msg, "import: %zu tickets from '", im->n);
		for (const char *p = im->file; *p; p++)
			strbuf_addch(msg, *p == '\n' || *p == '\r' ? ' ' : *p);
		strbuf_addstr(msg, "'\n\nSss-Action: import\n");
		if (sow)
			strbuf_addf(msg, "Sss-Sow: %s\n", sow);
	}
	strbuf_addf(msg, "Sss-Count: %zu\n", im->n == 1 ? im->rows : im->n);
}

struct sss_error *sss_import_commit(struct sss_import *im, struct sss_tracker *tr)
{
	struct strbuf *rels = xcalloc(im->n ? im->n : 1, sizeof(*rels));
	struct strbuf *texts = xcalloc(im->n ? im->n : 1, sizeof(*texts));
	struct sss_change *ch = xcalloc(im->n ? im->n : 1, sizeof(*ch));
	struct strbuf msg = STRBUF_INIT;
	struct sss_error *err;
	struct idset set;

	idset_init(&set, im->n);
	if ((err = sss_repo_lock(tr->repo, tr->config->lock_timeout_ms, "import")))
		goto done;
	tr->locked = true;
	/* the IDs the file brings first, so that none is minted for another */
	if ((err = check_ids(im, tr->repo, &set)) ||
	    (err = assign_ids(im, tr, &set, rels)))
		goto done;
	for (size_t i = 0; i < im->n; i++) {
		strbuf_init(&texts[i], 0);
		sss_ticket_format(im->t[i], &texts[i]);
		ch[i].path = rels[i].buf;
		ch[i].data = texts[i].buf;
		ch[i].len = texts[i].len;
	}
	import_message(im, &msg);
	struct sss_commit_info ci = { msg.buf, tr->author, tr->now, tr->config->fsync };
	err = sss_repo_commit(tr->repo, ch, im->n, &ci);
done:
	sss_tracker_abort(tr);
	for (size_t i = 0; i < im->n; i++) {
		strbuf_release(&rels[i]);
		strbuf_release(&texts[i]);
	}
	free(rels);
	free(texts);
	free(ch);
	strbuf_release(&msg);
	idset_release(&set);
	return err;
}

void sss_import_free(struct sss_import *im)
{
	if (!im)
		return;
	for (size_t i = 0; i < im->n; i++)
		sss_ticket_free(im->t[i]);
	free(im->t);
	free(im->line);
	free(im->mint);
	sss_import_columns_free(im);
	strbuf_release(&im->skipped);
	free(im->file);
	free(im);
}
