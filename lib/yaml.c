/* yaml.c - reading YAML text into a document tree: a strict parser on
 * libyaml's event API, after the fast path of yamlfast.c for the YAML
 * that sssctl writes. This is the only file that includes <yaml.h>. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/yaml.h"
#include "yamlfast.h"

/* ---- the parser --------------------------------------------------------- */

/* One open collection. For maps, the key read but not yet given a value,
 * and the line of every key (for the duplicate check's message). */
struct frame {
	struct sss_node *node;
	char *key;
	int key_line;
	int *key_lines;
	size_t key_lines_alloc;
};

struct parse {
	const char *buf;
	size_t len;
	const char *file;
	int first_line;
	struct sss_node *root;
	struct frame stack[SSS_YAML_MAX_DEPTH + 1];
	int depth;
	size_t nodes;
	bool in_doc;
	bool had_doc;
};

static int mark_line(const struct parse *p, yaml_mark_t m)
{
	return (int)m.line + p->first_line;
}

static struct sss_error *perr(const struct parse *p, yaml_mark_t m,
			      const char *what)
{
	return sss_error(SSS_ERR_PARSE, "'%s' line %d: %s", p->file,
			 mark_line(p, m), what);
}

/* The byte offset of mark m in the buffer: libyaml counts characters,
 * not bytes, in a mark's index and column. */
static size_t mark_offset(const struct parse *p, yaml_mark_t m)
{
	size_t off = 0, line = 0;

	for (; line < m.line && off < p->len; off++)
		if (p->buf[off] == '\n')
			line++;
	for (size_t col = 0; col < m.column && off < p->len; col++) {
		unsigned char c = (unsigned char)p->buf[off];
		off += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	}
	return off;
}

/* The libyaml error turned into ours, with a hint for the most common
 * mistake (a tab used for indentation). */
static struct sss_error *libyaml_error(const struct parse *p,
				       const yaml_parser_t *yp)
{
	struct strbuf msg = STRBUF_INIT;
	struct sss_error *err = NULL;
	int line;

	if (yp->error == YAML_MEMORY_ERROR)
		return sss_error(SSS_ERR_NOMEM, "out of memory parsing '%s'",
				 p->file);
	if (yp->error == YAML_READER_ERROR) {
		/* the reader gives a byte offset, not a mark */
		size_t off =
		    yp->problem_offset < p->len ? yp->problem_offset : p->len;
		line = p->first_line;
		for (size_t i = 0; i < off; i++)
			if (p->buf[i] == '\n')
				line++;
		strbuf_addstr(&msg, yp->problem ? yp->problem : "cannot read");
		if (yp->problem_value != -1)
			strbuf_addf(&msg, " (#x%X)",
				    (unsigned)yp->problem_value);
	} else {
		line = mark_line(p, yp->problem_mark);
		strbuf_addstr(&msg, yp->problem ? yp->problem : "syntax error");
		size_t at = mark_offset(p, yp->problem_mark);
		if (at < p->len && p->buf[at] == '\t')
			strbuf_addstr(
			    &msg, " (a tab cannot indent YAML; use spaces)");
		if (yp->context)
			strbuf_addf(&msg, " (%s on line %d)", yp->context,
				    mark_line(p, yp->context_mark));
	}
	err = sss_error(SSS_ERR_PARSE, "'%s' line %d: %s", p->file, line,
			msg.buf);
	strbuf_release(&msg);
	return err;
}

struct keyref {
	const char *key;
	size_t idx;
};

static int keyref_cmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Duplicate keys, found in O(n log n) when the map closes: a linear
 * search per key would make a 50,000-key map take seconds. Returns the
 * index of the first key (in file order) that repeats an earlier one, or
 * -1. */
static long find_duplicate(const struct sss_node *map)
{
	struct keyref *refs = NULL;
	long dup = -1;

	if (map->len < 2)
		return -1;
	if (map->len <= 8) {
		for (size_t i = 1; i < map->len; i++)
			for (size_t j = 0; j < i; j++)
				if (!strcmp(map->keys[i], map->keys[j]))
					return (long)i;
		return -1;
	}
	refs = xmalloc(map->len * sizeof(*refs));
	for (size_t i = 0; i < map->len; i++)
		refs[i] = (struct keyref){map->keys[i], i};
	qsort(refs, map->len, sizeof(*refs), keyref_cmp);
	for (size_t i = 1; i < map->len; i++)
		if (!strcmp(refs[i].key, refs[i - 1].key) &&
		    (dup < 0 || refs[i].idx < (size_t)dup))
			dup = (long)refs[i].idx;
	free(refs);
	return dup;
}

/* Attach a new node where the tree is: as the root, a sequence item, a
 * map key (scalars only) or a map value. *consumed says whether n now
 * belongs to the tree. */
static struct sss_error *attach(struct parse *p, struct sss_node *n,
				yaml_mark_t m, bool *consumed)
{
	*consumed = false;
	if (++p->nodes > SSS_YAML_MAX_NODES)
		return sss_error(
		    SSS_ERR_LIMIT,
		    "'%s' line %d: too many nodes (the limit is %d)", p->file,
		    mark_line(p, m), SSS_YAML_MAX_NODES);
	if (p->depth == 0) {
		p->root = n;
		*consumed = true;
		return NULL;
	}
	struct frame *f = &p->stack[p->depth - 1];
	if (f->node->kind == SSS_NODE_SEQ) {
		sss_node_push(f->node, n);
		*consumed = true;
		return NULL;
	}
	if (!f->key) {
		if (n->kind != SSS_NODE_SCALAR)
			return perr(
			    p, m,
			    "a key must be a plain string, not a list or map");
		SSS_GROW(f->key_lines, f->key_lines_alloc, f->node->len + 1);
		f->key = n->str;
		f->key_line = n->line;
		n->str = NULL;
		sss_node_free(n);
		*consumed = true;
		return NULL;
	}
	f->key_lines[f->node->len] = f->key_line;
	sss_node_append(f->node, f->key, n);
	f->key = NULL;
	*consumed = true;
	return NULL;
}

static struct sss_error *open_collection(struct parse *p,
					 enum sss_node_kind kind, yaml_mark_t m)
{
	struct sss_error *err = NULL;
	struct sss_node *n = NULL;
	bool consumed = false;

	/* Checked before anything is built, so 100,000 '[' cost nothing. */
	if (p->depth >= SSS_YAML_MAX_DEPTH)
		return sss_error(
		    SSS_ERR_LIMIT,
		    "'%s' line %d: nested too deeply (the limit is %d levels)",
		    p->file, mark_line(p, m), SSS_YAML_MAX_DEPTH);
	n = sss_node_new(kind, NULL);
	n->line = mark_line(p, m);
	err = attach(p, n, m, &consumed);
	if (!consumed)
		sss_node_free(n);
	if (err)
		return err;
	p->stack[p->depth++] = (struct frame){.node = n};
	return NULL;
}

static struct sss_error *close_collection(struct parse *p)
{
	struct sss_error *err = NULL;
	struct frame *f = &p->stack[p->depth - 1];

	if (f->node->kind == SSS_NODE_MAP) {
		long dup = find_duplicate(f->node);
		if (dup >= 0)
			err = sss_error(
			    SSS_ERR_PARSE, "'%s' line %d: duplicate key '%s'",
			    p->file, f->key_lines[dup], f->node->keys[dup]);
	}
	free(f->key_lines);
	free(f->key);
	*f = (struct frame){0};
	p->depth--;
	return err;
}

static struct sss_error *scalar(struct parse *p, const yaml_event_t *ev)
{
	struct sss_error *err = NULL;
	struct sss_node *n = NULL;
	bool consumed = false;
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;

	if (ev->data.scalar.anchor)
		return perr(p, ev->start_mark, "anchors (&) are not supported");
	if (ev->data.scalar.tag)
		return perr(p, ev->start_mark, "tags (!) are not supported");
	/* A "\0" escape in a quoted string would cut our C string short. */
	if (memchr(v, '\0', len))
		return perr(p, ev->start_mark,
			    "a string cannot contain a NUL character");
	n = xcalloc(1, sizeof(*n));
	n->kind = SSS_NODE_SCALAR;
	n->str = xstrndup(v, len);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->line = mark_line(p, ev->start_mark);
	err = attach(p, n, ev->start_mark, &consumed);
	if (!consumed)
		sss_node_free(n);
	return err;
}

/* Handle one event; *end is set at the end of the stream. */
static struct sss_error *event(struct parse *p, const yaml_event_t *ev,
			       bool *end)
{
	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_NO_EVENT:
		return NULL;
	case YAML_STREAM_END_EVENT:
		*end = true;
		return NULL;
	case YAML_DOCUMENT_START_EVENT:
		if (p->had_doc)
			return perr(p, ev->start_mark,
				    "more than one YAML document (a second "
				    "'---' line)");
		if (ev->data.document_start.version_directive ||
		    ev->data.document_start.tag_directives.start !=
			ev->data.document_start.tag_directives.end)
			return perr(
			    p, ev->start_mark,
			    "directives (%YAML, %TAG) are not supported");
		p->in_doc = p->had_doc = true;
		return NULL;
	case YAML_DOCUMENT_END_EVENT:
		p->in_doc = false;
		return NULL;
	case YAML_ALIAS_EVENT:
		return perr(p, ev->start_mark, "aliases (*) are not supported");
	case YAML_SCALAR_EVENT:
		return scalar(p, ev);
	case YAML_SEQUENCE_START_EVENT:
		if (ev->data.sequence_start.anchor)
			return perr(p, ev->start_mark,
				    "anchors (&) are not supported");
		if (ev->data.sequence_start.tag)
			return perr(p, ev->start_mark,
				    "tags (!) are not supported");
		return open_collection(p, SSS_NODE_SEQ, ev->start_mark);
	case YAML_MAPPING_START_EVENT:
		if (ev->data.mapping_start.anchor)
			return perr(p, ev->start_mark,
				    "anchors (&) are not supported");
		if (ev->data.mapping_start.tag)
			return perr(p, ev->start_mark,
				    "tags (!) are not supported");
		return open_collection(p, SSS_NODE_MAP, ev->start_mark);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_collection(p);
	}
	return NULL;
}

struct sss_error *sss_yaml_parse(struct sss_node **out, const char *buf,
				 size_t len, const char *file, int first_line)
{
	/* most documents are sssctl's own: read those without libyaml */
	if (len <= SSS_YAML_MAX_INPUT &&
	    sss_yaml_parse_fast(out, buf, len, first_line))
		return NULL;
	return sss_yaml_parse_libyaml(out, buf, len, file, first_line);
}

struct sss_error *sss_yaml_parse_libyaml(struct sss_node **out,
					 const char *buf, size_t len,
					 const char *file, int first_line)
{
	struct sss_error *err = NULL;
	struct parse p = {
	    .buf = buf, .len = len, .file = file, .first_line = first_line};
	yaml_parser_t yp;
	bool yp_ok = false, end = false;

	*out = NULL;
	if (len > SSS_YAML_MAX_INPUT) {
		err =
		    sss_error(SSS_ERR_LIMIT,
			      "'%s' is too large (%zu bytes; the limit is %u)",
			      file, len, SSS_YAML_MAX_INPUT);
		goto done;
	}
	if (!yaml_parser_initialize(&yp)) {
		err = sss_error(SSS_ERR_NOMEM, "out of memory parsing '%s'",
				file);
		goto done;
	}
	yp_ok = true;
	yaml_parser_set_input_string(&yp, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	while (!end) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&yp, &ev)) {
			err = libyaml_error(&p, &yp);
			goto done;
		}
		err = event(&p, &ev, &end);
		yaml_event_delete(&ev);
		if (err)
			goto done;
	}
	*out = p.root;
	p.root = NULL;
done:
	while (p.depth > 0) {
		struct frame *f = &p.stack[--p.depth];
		free(f->key_lines);
		free(f->key);
	}
	sss_node_free(p.root);
	if (yp_ok)
		yaml_parser_delete(&yp);
	return sss_error_one_line(err);
}
