/* merge.c - the three-way merge of one ticket (see merge.h): the three
 * versions parsed and checked, deletions and collisions, and the front
 * matter field by field. The body is merge_body.c's. Pure model code: no
 * git, no files. */
#include <stdlib.h>
#include <string.h>

#include "merge_priv.h"
#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/merge.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "ticket_priv.h"

#define NONE "(なし)" /* how an unset value reads in a merge line */
#define CONFLICT_TAG "conflict"

bool merge_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool merge_ours_wins(const struct merge_ctx *m, const char *ov, const char *tv)
{
	if (m->later)
		return m->later > 0;
	return strcmp(ov ? ov : "", tv ? tv : "") >= 0;
}

/* "YYYY-MM-DD HH:MM" of an ISO 8601 date-time as written (its own
 * offset); "" when s is NULL. */
static void when(char out[17], const char *s)
{
	out[0] = '\0';
	if (!s || strlen(s) < 16)
		return;
	memcpy(out, s, 16);
	out[10] = ' ';
	out[16] = '\0';
}

/* `updated`, else `created` (every ticket has that). */
static const char *changed_at(const struct sss_ticket *t)
{
	const char *u = sss_ticket_get(t, "updated");
	return u ? u : sss_ticket_get(t, "created");
}

static long long epoch(const char *s)
{
	long long e = 0;
	if (!s || sss_datetime_parse(s, &e) < 0)
		return 0;
	return e;
}

/* A value on one line, for a merge line. */
static void add_value(struct strbuf *out, const char *v)
{
	if (!v) {
		strbuf_addstr(out, NONE);
		return;
	}
	for (; *v; v++)
		strbuf_addch(out,
			     *v == '\n' || *v == '\r' || *v == '\t' ? ' ' : *v);
}

/* "- <stamp> merge: <name> <lost> → <kept> (<who lost>, <when>)" */
static void log_lost(struct merge_ctx *m, const char *name, const char *lost,
		     const char *kept, bool ours_lost)
{
	const char *who = ours_lost ? m->in->ours_who : m->in->theirs_who;
	strbuf_addf(&m->log, "- %s merge: %s ", m->stamp, name);
	add_value(&m->log, lost);
	strbuf_addstr(&m->log, " → ");
	add_value(&m->log, kept);
	strbuf_addstr(&m->log, " (");
	if (who && *who)
		strbuf_addf(&m->log, "%s, ", who);
	strbuf_addf(&m->log, "%s)\n", ours_lost ? m->o_when : m->t_when);
	strbuf_addf(m->notes, "%s: both sides changed %s: kept ", m->id, name);
	add_value(m->notes, kept);
	strbuf_addstr(m->notes, ", the other value is in ## 作業記録\n");
}

/* The three-way merge of one value (NULL: unset). */
static const char *merge3(struct merge_ctx *m, const char *name, const char *b,
			  const char *o, const char *t)
{
	if (merge_eq(o, t) || merge_eq(b, t))
		return o;
	if (merge_eq(b, o))
		return t;
	bool ours = merge_ours_wins(m, o, t);
	log_lost(m, name, ours ? t : o, ours ? o : t, !ours);
	return ours ? o : t;
}

/* status and closed move together: a ticket closed on one side and
 * reopened on the other gets one side's pair, never a mix. */
static struct sss_error *merge_status(struct merge_ctx *m, struct sss_ticket *r)
{
	const char *bs = sss_ticket_get(m->b, "status"),
		   *bc = sss_ticket_get(m->b, "closed");
	const char *os = sss_ticket_get(m->o, "status"),
		   *oc = sss_ticket_get(m->o, "closed");
	const char *ts = sss_ticket_get(m->t, "status"),
		   *tc = sss_ticket_get(m->t, "closed");
	bool o_changed = !merge_eq(bs, os) || !merge_eq(bc, oc);
	bool t_changed = !merge_eq(bs, ts) || !merge_eq(bc, tc);
	bool ours = true;
	struct sss_error *err;

	if (merge_eq(os, ts) && merge_eq(oc, tc))
		ours = true;
	else if (!o_changed || !t_changed)
		ours = !t_changed;
	else {
		ours = merge_eq(os, ts) ? merge_ours_wins(m, oc, tc)
					: merge_ours_wins(m, os, ts);
		if (!merge_eq(os, ts))
			log_lost(m, "status", ours ? ts : os, ours ? os : ts,
				 !ours);
		if (!merge_eq(oc, tc))
			log_lost(m, "closed", ours ? tc : oc, ours ? oc : tc,
				 !ours);
	}
	if ((err = sss_ticket_set(r, "status", ours ? os : ts)))
		return err;
	return sss_ticket_set(r, "closed", ours ? oc : tc);
}

/* created is the earlier, updated the later (the same instant written in
 * two offsets: the greater text, so both directions agree). */
static const char *pick_time(const char *a, const char *b, bool later)
{
	if (!a || !b)
		return a ? a : b;
	long long ea = epoch(a), eb = epoch(b);
	if (ea != eb)
		return (ea > eb) == later ? a : b;
	return strcmp(a, b) >= 0 ? a : b;
}

/* The scalar fields. */
static struct sss_error *merge_fields(struct merge_ctx *m, struct sss_ticket *r)
{
	static const char *const plain[] = {
	    "title",	"sow",	     "kind", "priority",
	    "assignee", "requester", "due",  "estimate", "recurrence",
	    "message_id"};
	struct sss_error *err;

	if ((err = sss_ticket_set(r, "id", m->id)))
		return err;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		const char *v =
		    merge3(m, plain[i], sss_ticket_get(m->b, plain[i]),
			   sss_ticket_get(m->o, plain[i]),
			   sss_ticket_get(m->t, plain[i]));
		if ((err = sss_ticket_set(r, plain[i], v)))
			return err;
	}
	if ((err = merge_status(m, r)))
		return err;
	const char *created = pick_time(sss_ticket_get(m->o, "created"),
					sss_ticket_get(m->t, "created"), false);
	const char *updated = pick_time(sss_ticket_get(m->o, "updated"),
					sss_ticket_get(m->t, "updated"), true);
	if ((err = sss_ticket_set(r, "created", created)))
		return err;
	return sss_ticket_set(r, "updated", updated);
}

/* A map (params, unknown keys) as one text, to see whether a side
 * changed it at all. */
static void map_text(const struct sss_node *map, struct strbuf *out)
{
	sss_node_to_json(out, map);
}

/* A value as text for merge3 and merge lines: a scalar's string,
 * anything else its JSON. */
static void node_text(const struct sss_node *n, struct strbuf *out)
{
	strbuf_reset(out);
	if (n && sss_node_str(n))
		strbuf_addstr(out, sss_node_str(n));
	else if (n)
		map_text(n, out);
}

static const struct sss_node *map_get(const struct sss_node *map,
				      const char *key)
{
	return sss_node_get(map, key);
}

/* params and unknown keys, key by key: ours' keys in their order, then
 * theirs'. A map that one side left alone is the other side's, order and
 * all. what names the map in merge lines ("params.", ""). */
static void merge_map(struct merge_ctx *m, const struct sss_node *bm,
		      const struct sss_node *om, const struct sss_node *tm,
		      const char *what, struct sss_node *out)
{
	struct strbuf bt = STRBUF_INIT, ot = STRBUF_INIT, tt = STRBUF_INIT;
	struct strbuf bv = STRBUF_INIT, ov = STRBUF_INIT, tv = STRBUF_INIT;
	struct strbuf name = STRBUF_INIT;

	map_text(bm, &bt);
	map_text(om, &ot);
	map_text(tm, &tt);
	const struct sss_node *whole = NULL;
	if (!strcmp(ot.buf, tt.buf) || !strcmp(bt.buf, tt.buf))
		whole = om;
	else if (!strcmp(bt.buf, ot.buf))
		whole = tm;
	for (size_t i = 0; whole && i < whole->len; i++)
		sss_node_set(out, whole->keys[i],
			     sss_node_copy(whole->items[i]));
	for (int side = 0; !whole && side < 2; side++) {
		const struct sss_node *sm = side ? tm : om;
		for (size_t i = 0; i < sm->len; i++) {
			const char *key = sm->keys[i];
			if (side && map_get(om, key))
				continue;
			const struct sss_node *bn = map_get(bm, key),
					      *on = map_get(om, key),
					      *tn = map_get(tm, key);
			node_text(bn, &bv);
			node_text(on, &ov);
			node_text(tn, &tv);
			strbuf_reset(&name);
			strbuf_addf(&name, "%s%s", what, key);
			const char *v =
			    merge3(m, name.buf, bn ? bv.buf : NULL,
				   on ? ov.buf : NULL, tn ? tv.buf : NULL);
			const struct sss_node *pick = !v ? NULL
						      : (on && v == ov.buf)
							  ? on
							  : tn;
			if (pick)
				sss_node_set(out, key, sss_node_copy(pick));
		}
	}
	strbuf_release(&bt);
	strbuf_release(&ot);
	strbuf_release(&tt);
	strbuf_release(&bv);
	strbuf_release(&ov);
	strbuf_release(&tv);
	strbuf_release(&name);
}

/* A list of strings: the tags, the documents, or the links as "rel id". */
struct slist {
	char **v;
	size_t n, alloc;
};

static void slist_add(struct slist *l, const char *s)
{
	SSS_GROW(l->v, l->alloc, l->n + 1);
	l->v[l->n++] = xstrdup(s);
}

static bool slist_has(const struct slist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

static bool slist_same(const struct slist *a, const struct slist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

static void slist_free(struct slist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* what ("tags", "documents", "links") of t as a list. */
static void slist_of(struct slist *l, const struct sss_ticket *t,
		     const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	if (strcmp(what, "links")) {
		for (size_t i = 0; i < sss_ticket_list_count(t, what); i++)
			if (!slist_has(l, sss_ticket_list_get(t, what, i)))
				slist_add(l, sss_ticket_list_get(t, what, i));
		return;
	}
	for (size_t i = 0; i < sss_ticket_link_count(t); i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s", sss_ticket_link_rel(t, i),
			    sss_ticket_link_id(t, i));
		if (!slist_has(l, sb.buf))
			slist_add(l, sb.buf);
	}
	strbuf_release(&sb);
}

/* A list as a set: an item stays when both sides have it or one side
 * added it; one side's removal of a base item removes it. A list one
 * side left alone is the other side's, in its order. */
static struct sss_error *merge_list(struct merge_ctx *m, struct sss_ticket *r,
				    const char *what)
{
	struct slist b = {0}, o = {0}, t = {0}, out = {0};
	struct sss_error *err = NULL;

	slist_of(&b, m->b, what);
	slist_of(&o, m->o, what);
	slist_of(&t, m->t, what);
	const struct slist *whole = NULL;
	if (slist_same(&o, &t) || slist_same(&b, &t))
		whole = &o;
	else if (slist_same(&b, &o))
		whole = &t;
	for (size_t i = 0; whole && i < whole->n; i++)
		slist_add(&out, whole->v[i]);
	for (int side = 0; !whole && side < 2; side++) {
		const struct slist *s = side ? &t : &o;
		for (size_t i = 0; i < s->n; i++) {
			const char *x = s->v[i];
			bool both = slist_has(&o, x) && slist_has(&t, x);
			if (!slist_has(&out, x) && (both || !slist_has(&b, x)))
				slist_add(&out, x);
		}
	}
	for (size_t i = 0; i < out.n && !err; i++) {
		if (strcmp(what, "links")) {
			sss_ticket_list_add(r, what, out.v[i]);
			continue;
		}
		char *sp = strchr(out.v[i], ' ');
		*sp = '\0';
		err = sss_ticket_link_add(r, out.v[i], sp + 1);
	}
	slist_free(&b);
	slist_free(&o);
	slist_free(&t);
	slist_free(&out);
	return err;
}

/* Whether text has line as one of its lines. */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return true;
	return false;
}

/* The merged ticket of m's three parsed versions, formatted into out. */
static struct sss_error *merge_parsed(struct merge_ctx *m, struct strbuf *out)
{
	struct sss_ticket *r = sss_ticket_new();
	struct strbuf body = STRBUF_INIT;
	struct sss_error *err;

	when(m->o_when, changed_at(m->o));
	when(m->t_when, changed_at(m->t));
	long long eo = epoch(changed_at(m->o)), et = epoch(changed_at(m->t));
	m->later = eo > et ? 1 : eo < et ? -1 : 0;
	when(m->stamp, pick_time(changed_at(m->o), changed_at(m->t), true));
	if ((err = merge_fields(m, r)))
		goto done;
	merge_map(m, m->b->params, m->o->params, m->t->params, "params.",
		  r->params);
	if ((err = merge_list(m, r, "links")) ||
	    (err = merge_list(m, r, "tags")) ||
	    (err = merge_list(m, r, "documents")))
		goto done;
	merge_map(m, m->b->extra, m->o->extra, m->t->extra, "", r->extra);
	merge_body(m, &body);
	sss_ticket_set_body(r, body.buf);
	if (m->conflict) {
		bool tagged = false;
		for (size_t i = 0; i < sss_ticket_list_count(r, "tags"); i++)
			tagged |= !strcmp(sss_ticket_list_get(r, "tags", i),
					  CONFLICT_TAG);
		if (!tagged)
			sss_ticket_list_add(r, "tags", CONFLICT_TAG);
	}
	/* the merge lines come last: their time is the merged `updated`;
	 * a line the work log has already (a merge merged again) once */
	struct strbuf log = STRBUF_INIT;
	for (char *line = m->log.buf, *nl; (nl = strchr(line, '\n'));
	     line = nl + 1) {
		*nl = '\0';
		strbuf_reset(&log);
		sss_ticket_section(r, SSS_SEC_WORKLOG, &log);
		if (!has_line(log.buf, line))
			sss_ticket_section_append(r, SSS_SEC_WORKLOG, line);
		*nl = '\n';
	}
	strbuf_release(&log);
	sss_ticket_format(r, out);
done:
	sss_ticket_free(r);
	strbuf_release(&body);
	return err;
}

static const char *const side_names[] = {"base", "ours", "theirs"};

/* Parse one version (NULL stays NULL). A file holding git's conflict
 * markers is refused by name, before its YAML can fail in a stranger way. */
static struct sss_error *parse_side(struct sss_ticket **out, const char *buf,
				    size_t len, const char *path, int side)
{
	char marker;
	int line;

	*out = NULL;
	if (!buf)
		return NULL;
	if ((line = sss_ticket_conflict_line(buf, len, &marker)))
		return sss_error(SSS_ERR_PARSE,
				 "cannot merge (%s): '%s': merge conflict (git "
				 "conflict markers at line %d)",
				 side_names[side], path, line);
	return sss_error_prefix(sss_ticket_parse(out, buf, len, path),
				"cannot merge (%s)", side_names[side]);
}

/* Everything but the three-way case: a side missing, or both sides
 * added with no base. Returns true when res is decided. */
static bool decide_simple(struct merge_ctx *m, struct sss_ticket *v[3],
			  struct strbuf f[3], struct sss_merge_result *res)
{
	const struct sss_merge_input *in = m->in;
	int keep = -1;

	if (!v[1] && !v[2]) {
		res->deleted = true;
		return true;
	}
	if (!v[1] || !v[2]) {
		keep = v[1] ? 1 : 2;
		if (v[0] && !strcmp(f[0].buf, f[keep].buf)) {
			res->deleted = true;
			return true;
		}
		if (v[0])
			strbuf_addf(m->notes,
				    "kept %s: deleted on one side, "
				    "changed on the other\n",
				    m->id);
	} else if (!strcmp(f[1].buf, f[2].buf) ||
		   (v[0] && !strcmp(f[0].buf, f[2].buf))) {
		keep = 1;
	} else if (v[0] && !strcmp(f[0].buf, f[1].buf)) {
		keep = 2;
	} else if (!v[0]) {
		const char *ro = sss_ticket_get(v[1], "recurrence");
		if (ro && merge_eq(ro, sss_ticket_get(v[2], "recurrence")))
			return false; /* generated on both sides: against empty
				       */
		res->collision = true;
		strbuf_add(&res->out, in->ours, in->ours_len);
		return true;
	}
	if (keep < 0)
		return false;
	strbuf_addbuf(&res->out, &f[keep]);
	return true;
}

struct sss_error *sss_ticket_merge(const struct sss_merge_input *in,
				   struct sss_merge_result *res)
{
	struct sss_merge_result r = SSS_MERGE_RESULT_INIT;
	struct merge_ctx m;
	struct sss_ticket *v[3] = {NULL, NULL, NULL}, *empty = NULL;
	struct strbuf f[3] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
	const char *buf[3] = {in->base, in->ours, in->theirs};
	size_t len[3] = {in->base_len, in->ours_len, in->theirs_len};
	const char *path = in->path ? in->path : "(ticket)";
	struct sss_error *err = NULL;

	memset(&m, 0, sizeof(m));
	m.in = in;
	strbuf_init(&m.log, 0);
	m.notes = &r.notes;
	for (int i = 0; i < 3; i++) {
		if ((err = parse_side(&v[i], buf[i], len[i], path, i)))
			goto done;
		if (v[i])
			sss_ticket_format(v[i], &f[i]);
	}
	/* the sides name one ticket; the base, when there is one, too */
	for (int k = 0, first = -1; k < 3; k++) {
		int i = (k + 1) % 3; /* ours, theirs, base */
		const char *id = v[i] ? sss_ticket_get(v[i], "id") : NULL;
		if (id && m.id && strcmp(id, m.id)) {
			err = sss_error(
			    SSS_ERR_INVALID,
			    "cannot merge '%s': %s names %s, %s names %s", path,
			    side_names[first], m.id, side_names[i], id);
			goto done;
		}
		if (id && !m.id) {
			m.id = id;
			first = i;
		}
	}
	if (decide_simple(&m, v, f, &r))
		goto ok;
	empty = sss_ticket_new();
	m.b = v[0] ? v[0] : empty;
	m.o = v[1];
	m.t = v[2];
	if ((err = merge_parsed(&m, &r.out)))
		goto done;
	r.conflict = m.conflict;
ok:
	sss_merge_result_release(res);
	*res = r;
	memset(&r, 0, sizeof(r));
	r.notes.buf = r.out.buf = strbuf_slopbuf;
done:
	sss_merge_result_release(&r);
	strbuf_release(&m.log);
	for (int i = 0; i < 3; i++) {
		sss_ticket_free(v[i]);
		strbuf_release(&f[i]);
	}
	sss_ticket_free(empty);
	return err;
}

void sss_merge_result_release(struct sss_merge_result *res)
{
	strbuf_release(&res->out);
	strbuf_release(&res->notes);
	res->deleted = res->conflict = res->collision = false;
}
