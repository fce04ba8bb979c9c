/* merge_body.c - the body half of the ticket merge (see merge.h): the
 * body cut into sections at its "#" and "##" headings (text before the
 * first heading is a section too), each section merged three-way; the
 * work log as the union of its entries in time order, the checklist item
 * by item, any other section changed on both sides kept twice under a
 * "### merge:" heading. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "merge_priv.h"
#include "sss/alloc.h"
#include "sss/merge.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

/* A piece of text with a key: a section of the body, a work-log entry, a
 * checklist item. */
struct piece {
	char *key;  /* what the three versions are matched by */
	char *head; /* a section's heading line; NULL for the text before it */
	char *text; /* without trailing blank lines */
	char *raw;  /* the text as written (only the first section's is used) */
	int tick;   /* a checklist item's tick: its offset in text, or -1 */
};

struct pieces {
	struct piece *v;
	size_t n, alloc;
};

static void pieces_free(struct pieces *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].head);
		free(p->v[i].text);
		free(p->v[i].raw);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static const struct piece *pieces_find(const struct pieces *p, const char *key)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (!strcmp(p->v[i].key, key))
			return &p->v[i];
	return NULL;
}

/* Trim trailing blank lines (and the last newline) off s[0..len). */
static size_t trimmed_len(const char *s, size_t len)
{
	size_t end = len, keep = 0;
	for (size_t i = 0; i < end; i++)
		if (s[i] != '\n' && s[i] != ' ' && s[i] != '\t')
			keep = i + 1;
	while (keep < end && s[keep] != '\n')
		keep++;
	return keep;
}

/* Add a piece of s[0..len); its key is key, or key#n for the n-th piece
 * with the same key (two sections or items with one text). */
static struct piece *pieces_add(struct pieces *p, const char *key,
				const char *head, const char *s, size_t len)
{
	struct strbuf k = STRBUF_INIT;
	strbuf_addstr(&k, key);
	for (int n = 2; pieces_find(p, k.buf); n++) {
		strbuf_reset(&k);
		strbuf_addf(&k, "%s\x1f%d", key, n);
	}
	SSS_GROW(p->v, p->alloc, p->n + 1);
	struct piece *pc = &p->v[p->n++];
	pc->key = strbuf_detach(&k, NULL);
	pc->head = head ? xstrdup(head) : NULL;
	pc->text = xstrndup(s, trimmed_len(s, len));
	pc->raw = xstrndup(s, len);
	pc->tick = -1;
	return pc;
}

static bool is_fence(const char *line)
{
	line += strspn(line, " ");
	return !strncmp(line, "```", 3) || !strncmp(line, "~~~", 3);
}

/* "# x" or "## x" (a "### x" stays inside its section). */
static bool is_heading(const char *line)
{
	size_t n = strspn(line, "#");
	return (n == 1 || n == 2) && (line[n] == ' ' || line[n] == '\t' ||
				      line[n] == '\n' || !line[n]);
}

static const char *next_line(const char *p)
{
	p += strcspn(p, "\n");
	return p + (*p == '\n');
}

/* Cut a body into sections, the first (key "") the text before the
 * first heading; a heading in a code fence is text. */
static void split_sections(const char *body, struct pieces *out)
{
	struct strbuf head = STRBUF_INIT;
	const char *start = body, *p = body;
	bool fence = false, headed = false;

	while (*p) {
		if (is_fence(p)) {
			fence = !fence;
		} else if (!fence && is_heading(p)) {
			pieces_add(out, headed ? head.buf : "", headed ? head.buf : NULL,
				   start, (size_t)(p - start));
			size_t n = strcspn(p, "\n");
			while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			strbuf_reset(&head);
			strbuf_add(&head, p, n);
			headed = true;
			start = p = next_line(p);
			continue;
		}
		p = next_line(p);
	}
	pieces_add(out, headed ? head.buf : "", headed ? head.buf : NULL, start,
		   (size_t)(p - start));
	strbuf_release(&head);
}

static bool digits(const char *s, const char *shape)
{
	for (; *shape; s++, shape++)
		if (*shape == 'd' ? (*s < '0' || *s > '9') : *s != *shape)
			return false;
	return true;
}

/* "- YYYY-MM-DD HH:MM ..." starts a work-log entry. */
static bool is_entry(const char *line)
{
	return digits(line, "- dddd-dd-dd dd:dd") &&
	       (line[18] == ' ' || line[18] == '\n' || !line[18]);
}

/* "- [ ] ...", "* [x] ..." (indented too) starts a checklist item; the
 * offset of its tick, or -1. */
static int item_tick(const char *line)
{
	size_t i = strspn(line, " \t");
	if ((line[i] != '-' && line[i] != '*' && line[i] != '+') || line[i + 1] != ' ' ||
	    line[i + 2] != '[' || !line[i + 3] || line[i + 4] != ']' ||
	    (line[i + 5] != ' ' && line[i + 5] != '\n' && line[i + 5]))
		return -1;
	return (int)i + 3;
}

/* Cut a section's text into its lead (the lines before the first item,
 * key "", always there) and its items: a line that starts one (an entry
 * of the work log, a checklist item) with the lines that follow up to
 * the next. An item is matched by its text, whatever its tick. */
static void split_items(const char *text, bool worklog, struct pieces *out)
{
	const char *start = text, *p = text;
	int tick = -1; /* the current item's; -1 before the first */

	while (true) {
		int next = !*p ? -1 : worklog ? (is_entry(p) ? 0 : -1) : item_tick(p);
		if (!*p || next >= 0) {
			size_t len = (size_t)(p - start);
			char *key = tick < 0 ? xstrdup("") : xstrndup(start, trimmed_len(start, len));
			if (tick >= 0 && !worklog)
				key[tick] = ' ';
			if (tick >= 0 || !out->n)
				pieces_add(out, key, NULL, start, len)->tick = worklog ? -1 : tick;
			free(key);
			if (!*p)
				break;
			start = p;
			tick = next;
		}
		p = next_line(p);
	}
}

/* The three-way merge of one text that has no finer structure; both
 * changed: the winner's text, then the other under a "### merge:" heading
 * (heading false: the other follows on the next line). */
static char *merge_text(struct merge_ctx *m, const char *b, const char *o,
			const char *t, bool heading)
{
	if (merge_eq(o, t) || merge_eq(b, t))
		return xstrdup(o);
	if (merge_eq(b, o))
		return xstrdup(t);
	bool ours = merge_ours_wins(m, o, t);
	const char *win = ours ? o : t, *lose = ours ? t : o;
	const char *who = ours ? m->in->theirs_who : m->in->ours_who;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, win);
	if (!heading) {
		strbuf_addf(&sb, "%s%s", *win && *lose ? "\n" : "", lose);
		return strbuf_detach(&sb, NULL);
	}
	if (*win)
		strbuf_addstr(&sb, "\n\n");
	strbuf_addstr(&sb, "### merge: ");
	if (who && *who)
		strbuf_addf(&sb, "%s ", who);
	strbuf_addf(&sb, "(%s)", ours ? m->t_when : m->o_when);
	if (*lose)
		strbuf_addf(&sb, "\n\n%s", lose);
	m->conflict = true;
	return strbuf_detach(&sb, NULL);
}

static size_t count(const struct pieces *p, const char *text)
{
	size_t n = 0;
	for (size_t i = 1; i < p->n; i++)
		n += !strcmp(p->v[i].text, text);
	return n;
}

struct entry {
	const char *text;
	size_t base; /* the index in the base, or SIZE_MAX */
};

static int cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = strncmp(a->text, b->text, 18);
	if (c)
		return c;
	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	return strcmp(a->text, b->text);
}

static void add_line(struct strbuf *out, const char *s)
{
	if (!*s)
		return;
	if (out->len)
		strbuf_addch(out, '\n');
	strbuf_addstr(out, s);
}

/* ## 作業記録: the lead three-way, then every entry of either side once
 * (as often as the side that has it most), in time order; equal times in
 * base order, then byte order. */
static char *merge_worklog(struct merge_ctx *m, const char *b, const char *o,
			   const char *t)
{
	struct pieces pb = { 0 }, po = { 0 }, pt = { 0 };
	struct entry *v = NULL;
	size_t n = 0, alloc = 0;
	struct strbuf out = STRBUF_INIT;

	split_items(b ? b : "", true, &pb);
	split_items(o, true, &po);
	split_items(t, true, &pt);
	char *lead = merge_text(m, pb.v[0].text, po.v[0].text, pt.v[0].text, false);
	for (int side = 0; side < 2; side++) {
		const struct pieces *s = side ? &pt : &po, *other = side ? &po : &pt;
		for (size_t i = 1; i < s->n; i++) {
			const char *x = s->v[i].text;
			/* ours adds what it has; theirs what it has more of */
			size_t seen = 0;
			for (size_t j = 1; j < i; j++)
				seen += !strcmp(s->v[j].text, x);
			if (side && seen < count(other, x))
				continue;
			size_t at = SIZE_MAX;
			for (size_t j = 1; j < pb.n && at == SIZE_MAX; j++)
				if (!strcmp(pb.v[j].text, x))
					at = j;
			SSS_GROW(v, alloc, n + 1);
			v[n].text = x;
			v[n++].base = at;
		}
	}
	qsort(v, n, sizeof(*v), cmp_entry);
	add_line(&out, lead);
	for (size_t i = 0; i < n; i++)
		add_line(&out, v[i].text);
	free(lead);
	free(v);
	pieces_free(&pb);
	pieces_free(&po);
	pieces_free(&pt);
	return strbuf_detach(&out, NULL);
}

static bool ticked(const struct piece *p)
{
	return p && p->tick >= 0 && p->text[p->tick] != ' ';
}

/* An item as written, ticked or not. */
static void add_item(struct strbuf *out, const struct piece *p, bool tick)
{
	size_t at = out->len + (out->len ? 1 : 0) + (size_t)p->tick;
	add_line(out, p->text);
	if (tick != ticked(p))
		out->buf[at] = tick ? 'x' : ' ';
}

/* ## チェックリスト: the base's items (one side's removal of an item the
 * other left alone removes it), then ours' additions, then theirs'; an
 * item ticked on either side is ticked. */
static char *merge_checklist(struct merge_ctx *m, const char *b, const char *o,
			     const char *t)
{
	struct pieces pb = { 0 }, po = { 0 }, pt = { 0 };
	struct strbuf out = STRBUF_INIT;

	split_items(b ? b : "", false, &pb);
	split_items(o, false, &po);
	split_items(t, false, &pt);
	char *lead = merge_text(m, pb.v[0].text, po.v[0].text, pt.v[0].text, false);
	add_line(&out, lead);
	for (size_t i = 1; i < pb.n; i++) {
		const struct piece *bi = &pb.v[i];
		const struct piece *oi = pieces_find(&po, bi->key), *ti = pieces_find(&pt, bi->key);
		if ((!oi && (!ti || ticked(ti) == ticked(bi))) ||
		    (!ti && ticked(oi) == ticked(bi)))
			continue;
		add_item(&out, oi ? oi : ti, ticked(oi) || ticked(ti));
	}
	for (int side = 0; side < 2; side++) {
		const struct pieces *s = side ? &pt : &po, *other = side ? &po : &pt;
		for (size_t i = 1; i < s->n; i++) {
			const struct piece *x = &s->v[i];
			if (pieces_find(&pb, x->key) || (side && pieces_find(other, x->key)))
				continue;
			add_item(&out, x, ticked(x) || ticked(pieces_find(other, x->key)));
		}
	}
	free(lead);
	pieces_free(&pb);
	pieces_free(&po);
	pieces_free(&pt);
	return strbuf_detach(&out, NULL);
}

/* One section of the result: its text (the caller frees), or NULL when
 * the merge removes it. */
static char *merge_section(struct merge_ctx *m, const struct piece *bp,
			   const struct piece *op, const struct piece *tp)
{
	const char *b = bp ? bp->text : NULL, *o = op ? op->text : NULL,
		   *t = tp ? tp->text : NULL;
	const struct piece *any = op ? op : tp;

	if (o && t) {
		if (merge_eq(o, t) || merge_eq(b, t) || merge_eq(b, o))
			return merge_text(m, b, o, t, true);
		if (any->head && !strcmp(any->head, "## " SSS_SEC_WORKLOG))
			return merge_worklog(m, b, o, t);
		if (any->head && !strcmp(any->head, "## " SSS_SEC_CHECKLIST))
			return merge_checklist(m, b, o, t);
		char *r = merge_text(m, b, o, t, true);
		strbuf_addf(m->notes, "%s: both sides changed '%s': kept both texts "
			    "and tagged the ticket conflict\n", m->id,
			    any->head ? any->head : "the text before the first heading");
		return r;
	}
	if (!any || (b && merge_eq(b, any->text)))
		return NULL;
	if (b)
		strbuf_addf(m->notes, "%s: kept '%s': removed on one side, changed "
			    "on the other\n", m->id, any->head ? any->head : "the lead");
	return xstrdup(any->text);
}

/* Ours' sections in their order, theirs' others each after the section
 * it follows in theirs. Returns the keys (borrowed from the pieces). */
static const char **section_order(const struct pieces *o, const struct pieces *t,
				  size_t *n)
{
	const char **v = xmalloc((o->n + t->n) * sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < o->n; i++)
		v[(*n)++] = o->v[i].key;
	for (size_t j = 0; j < t->n; j++) {
		if (pieces_find(o, t->v[j].key))
			continue;
		size_t at = 0;
		for (size_t k = 0; j && k < *n; k++)
			if (!strcmp(v[k], t->v[j - 1].key))
				at = k + 1;
		memmove(v + at + 1, v + at, (*n - at) * sizeof(*v));
		v[at] = t->v[j].key;
		(*n)++;
	}
	return v;
}

void merge_body(struct merge_ctx *m, struct strbuf *out)
{
	const char *b = sss_ticket_body(m->b), *o = sss_ticket_body(m->o),
		   *t = sss_ticket_body(m->t);
	struct pieces pb = { 0 }, po = { 0 }, pt = { 0 };
	size_t n, headed = 0;

	if (!strcmp(o, t) || !strcmp(b, t)) {
		strbuf_addstr(out, o);
		return;
	}
	if (!strcmp(b, o)) {
		strbuf_addstr(out, t);
		return;
	}
	split_sections(b, &pb);
	split_sections(o, &po);
	split_sections(t, &pt);
	const char **order = section_order(&po, &pt, &n);
	for (size_t i = 0; i < n; i++) {
		const struct piece *bp = pieces_find(&pb, order[i]),
				   *op = pieces_find(&po, order[i]),
				   *tp = pieces_find(&pt, order[i]);
		char *text = merge_section(m, bp, op, tp);
		const struct piece *any = op ? op : tp;
		if (!text)
			continue;
		if (!any->head) {
			/* the lead as written when it is one side's */
			const struct piece *same = op && !strcmp(op->text, text) ? op
						   : tp && !strcmp(tp->text, text) ? tp : NULL;
			strbuf_addstr(out, same ? same->raw : text);
			if (out->len && out->buf[out->len - 1] != '\n')
				strbuf_addch(out, '\n');
		} else {
			if (headed++)
				strbuf_addch(out, '\n');
			strbuf_addf(out, "%s\n%s%s", any->head, text, *text ? "\n" : "");
		}
		free(text);
	}
	free(order);
	pieces_free(&pb);
	pieces_free(&po);
	pieces_free(&pt);
}
