/* node.c - the YAML document tree: a strict parser on libyaml's event API
 * and our own emitter. This is the only file that includes <yaml.h>. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/json.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"
#include "yamlfast.h"

/* ---- the tree ----------------------------------------------------------- */

struct sss_node *sss_node_new(enum sss_node_kind kind, const char *str)
{
	struct sss_node *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	if (kind == SSS_NODE_SCALAR)
		n->str = xstrdup(str ? str : "");
	return n;
}

void sss_node_free(struct sss_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->len; i++) {
		if (n->keys)
			free(n->keys[i]);
		sss_node_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->str);
	free(n);
}

/* Append without looking for an existing key (the parser checks for
 * duplicates itself, in one pass at the end of each map). */
static void map_append(struct sss_node *map, char *key, struct sss_node *val)
{
	size_t alloc = map->alloc;
	SSS_GROW(map->items, map->alloc, map->len + 1);
	SSS_GROW(map->keys, alloc, map->len + 1);
	map->keys[map->len] = key;
	map->items[map->len++] = val;
}

struct sss_node *sss_node_copy(const struct sss_node *n)
{
	if (!n)
		return NULL;
	struct sss_node *c = sss_node_new(n->kind, n->str);
	c->line = n->line;
	c->plain = n->plain;
	for (size_t i = 0; i < n->len; i++) {
		if (n->kind == SSS_NODE_MAP)
			map_append(c, xstrdup(n->keys[i]),
				   sss_node_copy(n->items[i]));
		else
			sss_node_push(c, sss_node_copy(n->items[i]));
	}
	return c;
}

void sss_node_push(struct sss_node *seq, struct sss_node *item)
{
	SSS_GROW(seq->items, seq->alloc, seq->len + 1);
	seq->items[seq->len++] = item;
}

static long map_find(const struct sss_node *map, const char *key)
{
	if (!map || map->kind != SSS_NODE_MAP)
		return -1;
	for (size_t i = 0; i < map->len; i++)
		if (strcmp(map->keys[i], key) == 0)
			return (long)i;
	return -1;
}

void sss_node_set(struct sss_node *map, const char *key, struct sss_node *val)
{
	long i = map_find(map, key);
	if (i >= 0) {
		sss_node_free(map->items[i]);
		map->items[i] = val;
		return;
	}
	map_append(map, xstrdup(key), val);
}

void sss_node_del(struct sss_node *map, const char *key)
{
	long i = map_find(map, key);
	if (i < 0)
		return;
	free(map->keys[i]);
	sss_node_free(map->items[i]);
	size_t rest = map->len - (size_t)i - 1;
	memmove(map->keys + i, map->keys + i + 1, rest * sizeof(*map->keys));
	memmove(map->items + i, map->items + i + 1, rest * sizeof(*map->items));
	map->len--;
}

const struct sss_node *sss_node_get(const struct sss_node *n, const char *key)
{
	long i = map_find(n, key);
	return i < 0 ? NULL : n->items[i];
}

const char *sss_node_str(const struct sss_node *n)
{
	return n && n->kind == SSS_NODE_SCALAR ? n->str : NULL;
}

bool sss_node_is_null(const struct sss_node *n)
{
	if (!n || n->kind != SSS_NODE_SCALAR || !n->plain)
		return false;
	const char *s = n->str;
	if (*s && *s != '~' && *s != 'n' && *s != 'N')
		return false; /* the usual case, without a comparison */
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

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
	map_append(f->node, f->key, n);
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

/* ---- the emitter -------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

/* Would YAML 1.1 (or 1.2) read s as an int or a float? A deliberate
 * superset of both: 010, 0x1F, 0o17, 0b101, 1_000, +5, 1:20 (base 60),
 * 1.5, .5, 1., 1e3, 1.5e-3, 1.2.3, .inf, -.Inf, .NaN. */
static bool looks_numeric(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '-' || *p == '+')
		p++;
	if (*p == '.') {
		const char *q = p + 1;
		if (!strcasecmp(q, "inf") || !strcasecmp(q, "nan"))
			return true;
	}
	if (p[0] == '0' && p[1] && strchr("xXoObB", p[1])) {
		const char *q = p + 2;
		if (!*q)
			return false;
		for (; *q; q++)
			if (!is_digit(*q) && *q != '_' &&
			    !strchr("abcdefABCDEF", *q))
				return false;
		return true;
	}
	for (; is_digit(*p) || *p == '_'; p++)
		digits += is_digit(*p);
	/* sexagesimal parts: 1:20, 190:20:30 */
	while (*p == ':' && (is_digit(p[1]) || p[1] == '_'))
		for (p++; is_digit(*p) || *p == '_'; p++)
			digits++;
	if (*p == '.')
		for (p++; is_digit(*p) || *p == '_' || *p == '.'; p++)
			digits += is_digit(*p);
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!is_digit(*p))
			return false;
		while (is_digit(*p))
			p++;
	}
	return *p == '\0';
}

/* YAML 1.1 timestamps: 2026-11-26, 2026-1-5, 2026-11-26T09:30:00+09:00,
 * "2026-11-26 09:30". Anything that starts like a date is quoted. */
static bool looks_timestamp(const char *s)
{
	const char *p = s;
	for (int i = 0; i < 4; i++, p++)
		if (!is_digit(*p))
			return false;
	for (int part = 0; part < 2; part++) {
		if (*p++ != '-' || !is_digit(*p))
			return false;
		p += is_digit(p[1]) ? 2 : 1;
	}
	return !*p || *p == 'T' || *p == 't' || *p == ' ' || *p == '\t';
}

/* The length of a character that cannot appear raw in a plain scalar or
 * must be escaped even in a double-quoted one (C0 and C1 controls, DEL,
 * NEL, line and paragraph separators, BOM, U+FFFE/U+FFFF), else 0. */
static int special_char(const unsigned char *p)
{
	if (*p < 0x20 || *p == 0x7f)
		return 1;
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
		return 3;
	if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return 3;
	if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
		return 3;
	return 0;
}

/* Can s be written as a plain scalar at all (ignoring what type YAML
 * would resolve it to)? */
static bool plain_syntax_ok(const char *s, bool in_flow)
{
	size_t n = strlen(s);
	if (n == 0)
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]))
		return false;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	/* document markers at the start of a line */
	if (!strncmp(s, "...", 3))
		return false;
	if (strstr(s, ": ") || strstr(s, " #"))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (special_char(p))
			return false;
		/* libyaml versions differ on ':' inside flow scalars */
		if (in_flow && strchr(",[]{}:", *p))
			return false;
	}
	return true;
}

bool sss_yaml_needs_quotes(const char *s, bool in_flow)
{
	static const char *const special[] = {
	    "~",    "null",  "Null",  "NULL",  "y",  "Y",  "yes",  "Yes",
	    "YES",  "n",     "N",     "no",    "No", "NO", "true", "True",
	    "TRUE", "false", "False", "FALSE", "on", "On", "ON",   "off",
	    "Off",  "OFF",   "<<",    "=",     NULL,
	};
	if (!plain_syntax_ok(s, in_flow))
		return true;
	return one_of(s, special) || looks_numeric(s) || looks_timestamp(s);
}

static void emit_quoted(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = special_char(p);
		if (*p == '"' || *p == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, *p++);
		} else if (n == 1) {
			if (*p == '\n')
				strbuf_addstr(out, "\\n");
			else if (*p == '\t')
				strbuf_addstr(out, "\\t");
			else
				strbuf_addf(out, "\\x%02x", *p);
			p++;
		} else if (n) {
			unsigned cp;
			sss_utf8_decode((const char *)p, &cp);
			strbuf_addf(out, "\\u%04x", cp);
			p += n;
		} else {
			strbuf_addch(out, *p++);
		}
	}
	strbuf_addch(out, '"');
}

void sss_yaml_emit_str(struct strbuf *out, const char *s, bool in_flow)
{
	if (sss_yaml_needs_quotes(s, in_flow))
		emit_quoted(out, s);
	else
		strbuf_addstr(out, s);
}

/* A scalar node: one that was plain in the file stays plain when it can
 * (so `reviewed: yes` stays a YAML boolean for other readers), others are
 * strings and are quoted when they need to be. */
static void emit_scalar(struct strbuf *out, const struct sss_node *n,
			bool in_flow)
{
	if (n->plain && plain_syntax_ok(n->str, in_flow))
		strbuf_addstr(out, n->str);
	else
		sss_yaml_emit_str(out, n->str, in_flow);
}

static bool is_empty_null(const struct sss_node *n)
{
	return n->kind == SSS_NODE_SCALAR && n->plain && !*n->str;
}

/* A sequence that can be written [a, b]: scalars only, none of them a
 * bare null (which flow style cannot write). */
static bool flowable(const struct sss_node *n)
{
	for (size_t i = 0; i < n->len; i++)
		if (n->items[i]->kind != SSS_NODE_SCALAR ||
		    is_empty_null(n->items[i]))
			return false;
	return true;
}

static void emit_flow_seq(struct strbuf *out, const struct sss_node *n)
{
	strbuf_addch(out, '[');
	for (size_t i = 0; i < n->len; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		emit_scalar(out, n->items[i], true);
	}
	strbuf_addch(out, ']');
}

static void add_indent(struct strbuf *out, int indent)
{
	for (int i = 0; i < indent; i++)
		strbuf_addch(out, ' ');
}

static void emit_block_seq(struct strbuf *out, const struct sss_node *n,
			   int indent, bool first_inline);
static void emit_map_at(struct strbuf *out, const struct sss_node *n,
			int indent, bool first_inline);

/* The item of a block sequence after its "- " (the cursor is at column
 * indent); ends with a newline. */
static void emit_item(struct strbuf *out, const struct sss_node *n, int indent)
{
	if (n->kind == SSS_NODE_SCALAR) {
		if (is_empty_null(n)) {
			/* "- " would leave a trailing space */
			strbuf_setlen(out, out->len - 1);
		} else {
			emit_scalar(out, n, false);
		}
		strbuf_addch(out, '\n');
	} else if (n->len == 0) {
		strbuf_addstr(out, n->kind == SSS_NODE_MAP ? "{}\n" : "[]\n");
	} else if (n->kind == SSS_NODE_MAP) {
		emit_map_at(out, n, indent, true);
	} else if (flowable(n)) {
		emit_flow_seq(out, n);
		strbuf_addch(out, '\n');
	} else {
		emit_block_seq(out, n, indent, true);
	}
}

static void emit_block_seq(struct strbuf *out, const struct sss_node *n,
			   int indent, bool first_inline)
{
	for (size_t i = 0; i < n->len; i++) {
		if (i || !first_inline)
			add_indent(out, indent);
		strbuf_addstr(out, "- ");
		emit_item(out, n->items[i], indent + 2);
	}
}

/* libyaml refuses simple (implicit) keys longer than 1024 characters;
 * such keys get the explicit "? key" form. */
#define MAX_SIMPLE_KEY 1000

static void emit_map_at(struct strbuf *out, const struct sss_node *n,
			int indent, bool first_inline)
{
	for (size_t i = 0; i < n->len; i++) {
		if (i || !first_inline)
			add_indent(out, indent);
		struct strbuf key = STRBUF_INIT;
		sss_yaml_emit_str(&key, n->keys[i], false);
		if (key.len > MAX_SIMPLE_KEY) {
			strbuf_addstr(out, "? ");
			strbuf_add(out, key.buf, key.len);
			strbuf_addch(out, '\n');
			add_indent(out, indent);
		} else {
			strbuf_add(out, key.buf, key.len);
		}
		strbuf_release(&key);
		strbuf_addch(out, ':');
		sss_yaml_emit_value(out, n->items[i], indent);
	}
}

void sss_yaml_emit_map(struct strbuf *out, const struct sss_node *n, int indent)
{
	if (n && n->kind == SSS_NODE_MAP)
		emit_map_at(out, n, indent, false);
}

void sss_yaml_emit_value(struct strbuf *out, const struct sss_node *n,
			 int indent)
{
	if (!n || is_empty_null(n)) {
		strbuf_addch(out, '\n');
		return;
	}
	if (n->kind == SSS_NODE_SCALAR) {
		strbuf_addch(out, ' ');
		emit_scalar(out, n, false);
		strbuf_addch(out, '\n');
	} else if (n->len == 0) {
		strbuf_addstr(out, n->kind == SSS_NODE_MAP ? " {}\n" : " []\n");
	} else if (n->kind == SSS_NODE_SEQ && flowable(n)) {
		strbuf_addch(out, ' ');
		emit_flow_seq(out, n);
		strbuf_addch(out, '\n');
	} else if (n->kind == SSS_NODE_SEQ) {
		strbuf_addch(out, '\n');
		emit_block_seq(out, n, indent + 2, false);
	} else {
		strbuf_addch(out, '\n');
		emit_map_at(out, n, indent + 2, false);
	}
}

/* ---- JSON --------------------------------------------------------------- */

void sss_node_to_json(struct strbuf *out, const struct sss_node *n)
{
	if (!n || sss_node_is_null(n)) {
		strbuf_addstr(out, "null");
		return;
	}
	switch (n->kind) {
	case SSS_NODE_SCALAR:
		sss_json_str(out, n->str);
		break;
	case SSS_NODE_SEQ:
		strbuf_addch(out, '[');
		for (size_t i = 0; i < n->len; i++) {
			if (i)
				strbuf_addch(out, ',');
			sss_node_to_json(out, n->items[i]);
		}
		strbuf_addch(out, ']');
		break;
	case SSS_NODE_MAP:
		strbuf_addch(out, '{');
		for (size_t i = 0; i < n->len; i++) {
			if (i)
				strbuf_addch(out, ',');
			sss_json_str(out, n->keys[i]);
			strbuf_addch(out, ':');
			sss_node_to_json(out, n->items[i]);
		}
		strbuf_addch(out, '}');
		break;
	}
}
