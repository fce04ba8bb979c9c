/* template.c - the one template engine (see template.h): the placeholder
 * scanner that flat patterns and block templates share, filling and
 * listing flat patterns, the values of block templates and the block
 * language on top of the scanner.
 *
 * Flat and block templates differ only in what a name may hold and how a
 * fault is worded (two dialects of the scanner), so "{name}", "{{" and
 * "}}" can never mean different things in a ticket title and a report.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/template.h"

/* ==== the scanner ========================================================= */

enum fault { FAULT_UNMATCHED, FAULT_UNTERMINATED, FAULT_EMPTY };

/* What a placeholder name may hold, and the error for a fault at byte
 * offset at of text. */
struct dialect {
	bool (*name_char)(unsigned char c);
	struct sss_error *(*fault)(enum fault f, size_t at, const char *text);
};

/* Called for literal text (lit, len) and for placeholders (name, with
 * lit NULL). A non-NULL return stops the scan. */
typedef struct sss_error *(*piece_fn)(const char *lit, size_t len,
				      const char *name, void *data);

/* Read the len bytes of s: literal runs, "{{" and "}}" as one literal
 * brace each, and "{name}" placeholders, in order. */
static struct sss_error *scan(const struct dialect *d, const char *s,
			      size_t len, piece_fn fn, void *data)
{
	struct sss_error *err = NULL;
	struct strbuf name = STRBUF_INIT;
	size_t i = 0;

	while (i < len) {
		size_t n = 0;
		while (i + n < len && s[i + n] != '{' && s[i + n] != '}')
			n++;
		if (n) {
			if ((err = fn(s + i, n, NULL, data)))
				goto done;
			i += n;
			continue;
		}
		if (i + 1 < len && s[i + 1] == s[i]) {
			/* "{{" or "}}": one literal brace */
			if ((err = fn(s + i, 1, NULL, data)))
				goto done;
			i += 2;
			continue;
		}
		if (s[i] == '}') {
			err = d->fault(FAULT_UNMATCHED, i, s);
			goto done;
		}
		size_t j = i + 1;
		while (j < len && d->name_char((unsigned char)s[j]))
			j++;
		if (j >= len || s[j] != '}') {
			err = d->fault(FAULT_UNTERMINATED, i, s);
			goto done;
		}
		if (j == i + 1) {
			err = d->fault(FAULT_EMPTY, i, s);
			goto done;
		}
		strbuf_reset(&name);
		strbuf_add(&name, s + i + 1, j - i - 1);
		if ((err = fn(NULL, 0, name.buf, data)))
			goto done;
		i = j + 1;
	}
done:
	strbuf_release(&name);
	return err;
}

/* Flat patterns: a name is any text without braces; a message quotes the
 * whole pattern. */
static bool flat_name_char(unsigned char c)
{
	return c != '{' && c != '}';
}

static struct sss_error *flat_fault(enum fault f, size_t at, const char *text)
{
	(void)at;
	switch (f) {
	case FAULT_UNMATCHED:
		return sss_error(SSS_ERR_PARSE,
				 "unmatched '}' in '%s' (write '}}' for a "
				 "literal brace)",
				 text);
	case FAULT_UNTERMINATED:
		return sss_error(SSS_ERR_PARSE,
				 "unterminated placeholder in '%s' (write "
				 "'{{' for a literal brace)",
				 text);
	case FAULT_EMPTY:
		break;
	}
	return sss_error(SSS_ERR_PARSE, "empty placeholder '{}' in '%s'", text);
}

static const struct dialect flat = {flat_name_char, flat_fault};

/* Block templates: ASCII names; a message names the column of the line
 * (the block layer adds the line). */
static bool block_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static struct sss_error *block_fault(enum fault f, size_t at, const char *text)
{
	(void)text;
	if (f == FAULT_UNMATCHED)
		return sss_error(SSS_ERR_PARSE,
				 "unmatched '}' (write '}}' for a brace)");
	return sss_error(SSS_ERR_PARSE,
			 "bad placeholder at column %zu (want '{name}', or "
			 "'{{' for a brace)",
			 at + 1);
}

static const struct dialect block = {block_name_char, block_fault};

/* Filling, for both: literal text as is, a placeholder by its value. */
struct fill_state {
	struct strbuf *out;
	sss_template_lookup lookup;
	void *data;
};

static struct sss_error *fill_piece(const char *lit, size_t len,
				    const char *name, void *data)
{
	struct fill_state *st = data;

	if (lit) {
		strbuf_add(st->out, lit, len);
		return NULL;
	}
	const char *val = st->lookup ? st->lookup(name, st->data) : NULL;
	if (!val)
		return sss_error(SSS_ERR_INVALID,
				 "missing value for placeholder '%s'", name);
	strbuf_addstr(st->out, val);
	return NULL;
}

/* ==== flat patterns ======================================================= */

struct sss_error *sss_template_fill(struct strbuf *out, const char *pattern,
				    sss_template_lookup lookup, void *data)
{
	struct fill_state st = {out, lookup, data};
	size_t old_len = out->len;
	struct sss_error *err =
	    scan(&flat, pattern, strlen(pattern), fill_piece, &st);

	/* a failed fill leaves nothing half-written behind */
	if (err)
		strbuf_setlen(out, old_len);
	return sss_error_one_line(err);
}

struct names_state {
	char **names;
	size_t n, alloc;
};

static struct sss_error *collect_name(const char *lit, size_t len,
				      const char *name, void *data)
{
	struct names_state *st = data;

	(void)len;
	if (lit)
		return NULL;
	for (size_t i = 0; i < st->n; i++)
		if (!strcmp(st->names[i], name))
			return NULL;
	SSS_GROW(st->names, st->alloc, st->n + 1);
	st->names[st->n++] = xstrdup(name);
	return NULL;
}

struct sss_error *sss_template_names(const char *pattern,
				     void (*fn)(const char *name, void *data),
				     void *data)
{
	struct names_state st = {NULL, 0, 0};
	struct sss_error *err =
	    scan(&flat, pattern, strlen(pattern), collect_name, &st);

	/* report names only for a pattern that is well-formed throughout */
	if (!err)
		for (size_t i = 0; i < st.n; i++)
			fn(st.names[i], data);
	for (size_t i = 0; i < st.n; i++)
		free(st.names[i]);
	free(st.names);
	return sss_error_one_line(err);
}

/* ==== values of block templates ========================================== */

struct tlist {
	char *name;
	const char *const *cols;
	struct sss_tvars **rows;
	size_t n, alloc;
};

struct tpair {
	char *name, *value;
};

struct sss_tvars {
	struct tpair *vals;
	size_t n, alloc;
	struct tlist *lists;
	size_t nl, lalloc;
};

struct sss_tvars *sss_tvars_new(void)
{
	return xcalloc(1, sizeof(struct sss_tvars));
}

void sss_tvars_free(struct sss_tvars *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->vals[i].name);
		free(v->vals[i].value);
	}
	free(v->vals);
	for (size_t i = 0; i < v->nl; i++) {
		for (size_t j = 0; j < v->lists[i].n; j++)
			sss_tvars_free(v->lists[i].rows[j]);
		free(v->lists[i].rows);
		free(v->lists[i].name);
	}
	free(v->lists);
	free(v);
}

static struct tpair *tv_pair(const struct sss_tvars *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->vals[i].name, name))
			return &v->vals[i];
	return NULL;
}

void sss_tvars_set(struct sss_tvars *v, const char *name, const char *value)
{
	struct tpair *p = tv_pair(v, name);
	if (p) {
		free(p->value);
		p->value = xstrdup(value);
		return;
	}
	SSS_GROW(v->vals, v->alloc, v->n + 1);
	v->vals[v->n].name = xstrdup(name);
	v->vals[v->n++].value = xstrdup(value);
}

void sss_tvars_setf(struct sss_tvars *v, const char *name, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	sss_tvars_set(v, name, sb.buf);
	strbuf_release(&sb);
}

const char *sss_tvars_get(const struct sss_tvars *v, const char *name)
{
	const struct tpair *p = tv_pair(v, name);
	return p ? p->value : NULL;
}

static struct tlist *tv_find_list(const struct sss_tvars *v, const char *name)
{
	for (size_t i = 0; i < v->nl; i++)
		if (!strcmp(v->lists[i].name, name))
			return &v->lists[i];
	return NULL;
}

void sss_tvars_list(struct sss_tvars *v, const char *name, const char *const *cols)
{
	struct tlist *l = tv_find_list(v, name);
	if (l) {
		l->cols = cols;
		return;
	}
	SSS_GROW(v->lists, v->lalloc, v->nl + 1);
	l = &v->lists[v->nl++];
	memset(l, 0, sizeof(*l));
	l->name = xstrdup(name);
	l->cols = cols;
}

struct sss_tvars *sss_tvars_row(struct sss_tvars *v, const char *name)
{
	struct tlist *l = tv_find_list(v, name);
	if (!l) {
		/* a programming error; declare the list with no columns so
		 * that a template using it fails with a clear message */
		sss_tvars_list(v, name, NULL);
		l = tv_find_list(v, name);
	}
	SSS_GROW(l->rows, l->alloc, l->n + 1);
	l->rows[l->n] = sss_tvars_new();
	return l->rows[l->n++];
}

size_t sss_tvars_rows(const struct sss_tvars *v, const char *name)
{
	const struct tlist *l = tv_find_list(v, name);
	return l ? l->n : 0;
}

static bool col_of(const struct tlist *l, const char *name)
{
	for (size_t i = 0; l && l->cols && l->cols[i]; i++)
		if (!strcmp(l->cols[i], name))
			return true;
	return false;
}

/* ==== block templates ===================================================== */

enum tn_type { TN_ROOT, TN_TEXT, TN_EACH, TN_IF, TN_CHART };

struct tnode {
	enum tn_type type;
	int line;
	char *arg; /* the text line, the list or value name, the chart name */
	struct tnode **body, **alt;
	size_t nbody, abody, nalt, aalt;
	bool in_else;
};

#define TPL_MAX_DEPTH 8

static void tn_free(struct tnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nbody; i++)
		tn_free(n->body[i]);
	for (size_t i = 0; i < n->nalt; i++)
		tn_free(n->alt[i]);
	free(n->body);
	free(n->alt);
	free(n->arg);
	free(n);
}

static struct tnode *tn_add(struct tnode *parent, enum tn_type type, int line,
			    const char *arg, size_t arglen)
{
	struct tnode *n = xcalloc(1, sizeof(*n));
	n->type = type;
	n->line = line;
	n->arg = arg ? xstrndup(arg, arglen) : NULL;
	if (parent->in_else) {
		SSS_GROW(parent->alt, parent->aalt, parent->nalt + 1);
		parent->alt[parent->nalt++] = n;
	} else {
		SSS_GROW(parent->body, parent->abody, parent->nbody + 1);
		parent->body[parent->nbody++] = n;
	}
	return n;
}

/* A text line of a block template checked for its syntax only. */
static struct sss_error *no_piece(const char *lit, size_t len, const char *name,
				  void *data)
{
	(void)lit;
	(void)len;
	(void)name;
	(void)data;
	return NULL;
}

/* "{#each NAME}" with word "#each": the NAME, or NULL. */
static bool directive(const char *s, size_t len, const char *word,
		      const char **arg, size_t *arglen)
{
	size_t wl = strlen(word);
	if (len < wl + 2 || s[0] != '{' || s[len - 1] != '}' ||
	    strncmp(s + 1, word, wl))
		return false;
	const char *p = s + 1 + wl, *end = s + len - 1;
	if (!arg)
		return p == end;
	if (p == end || *p != ' ')
		return false;
	while (p < end && *p == ' ')
		p++;
	const char *q = end;
	while (q > p && q[-1] == ' ')
		q--;
	if (q == p)
		return false;
	for (const char *c = p; c < q; c++)
		if (!block_name_char((unsigned char)*c))
			return false;
	*arg = p;
	*arglen = (size_t)(q - p);
	return true;
}

static struct sss_error *tpl_parse(const char *text, struct tnode **out)
{
	struct tnode *root = xcalloc(1, sizeof(*root));
	struct tnode *stack[TPL_MAX_DEPTH + 1];
	size_t depth = 0;
	struct sss_error *err = NULL;
	int line = 0;

	root->type = TN_ROOT;
	stack[0] = root;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t full = nl ? len + 1 : len;
		const char *t = p, *arg;
		size_t tlen = len, arglen;
		struct tnode *top = stack[depth];

		line++;
		while (tlen && (*t == ' ' || *t == '\t')) {
			t++;
			tlen--;
		}
		while (tlen && (t[tlen - 1] == ' ' || t[tlen - 1] == '\t'))
			tlen--;
		if (tlen >= 2 && t[0] == '{' && strchr("#/@!", t[1])) {
			if (t[1] == '!' && t[tlen - 1] == '}') {
				/* a comment line */
			} else if (directive(t, tlen, "#each", &arg, &arglen) ||
				   directive(t, tlen, "#if", &arg, &arglen)) {
				if (depth == TPL_MAX_DEPTH) {
					err = sss_error(SSS_ERR_PARSE, "line %d: blocks nested too deep", line);
					goto done;
				}
				bool each = t[2] == 'e';
				for (size_t i = 1; each && i <= depth; i++)
					if (stack[i]->type == TN_EACH) {
						err = sss_error(SSS_ERR_PARSE,
								"line %d: '{#each}' inside '{#each}' (line %d)",
								line, stack[i]->line);
						goto done;
					}
				stack[++depth] = tn_add(top, each ? TN_EACH : TN_IF, line, arg, arglen);
			} else if (directive(t, tlen, "#else", NULL, NULL)) {
				if (top->type != TN_IF || top->in_else) {
					err = sss_error(SSS_ERR_PARSE, "line %d: '{#else}' without '{#if}'", line);
					goto done;
				}
				top->in_else = true;
			} else if (directive(t, tlen, "/each", NULL, NULL) ||
				   directive(t, tlen, "/if", NULL, NULL)) {
				enum tn_type want = t[2] == 'e' ? TN_EACH : TN_IF;
				if (top->type != want) {
					err = sss_error(SSS_ERR_PARSE, "line %d: '%.*s' without '%s'",
							line, (int)tlen, t,
							want == TN_EACH ? "{#each}" : "{#if}");
					goto done;
				}
				top->in_else = false;
				depth--;
			} else if (directive(t, tlen, "@chart", &arg, &arglen)) {
				if (depth) {
					err = sss_error(SSS_ERR_PARSE,
							"line %d: '{@chart}' inside a block (line %d)",
							line, top->line);
					goto done;
				}
				tn_add(top, TN_CHART, line, arg, arglen);
			} else {
				err = sss_error(SSS_ERR_PARSE,
						"line %d: unknown directive '%.*s' (use {#each L}, {/each}, {#if V}, {#else}, {/if}, {@chart C}, {! comment})",
						line, (int)(tlen > 60 ? 60 : tlen), t);
				goto done;
			}
		} else {
			if ((err = scan(&block, p, len, no_piece, NULL))) {
				err = sss_error_prefix(err, "line %d", line);
				goto done;
			}
			tn_add(top, TN_TEXT, line, p, full);
		}
		p += full;
	}
	if (depth) {
		err = sss_error(SSS_ERR_PARSE, "line %d: '{#%s %s}' is not closed",
				stack[depth]->line,
				stack[depth]->type == TN_EACH ? "each" : "if",
				stack[depth]->arg);
		goto done;
	}
done:
	if (err) {
		tn_free(root);
		root = NULL;
	}
	/* a left-over in_else flag of an unclosed block does not matter:
	 * the tree is freed on error */
	*out = root;
	return err;
}

struct tctx {
	const struct sss_tvars *root;
	const struct tlist *list; /* the list of the {#each} we are in */
	const struct sss_tvars *row;
	const char *const *charts;
	struct strbuf *out;
	struct sss_template_mark *marks;
	size_t nmarks, amarks;
	int line;
};

static struct sss_error *check_name(const char *lit, size_t len,
				    const char *name, void *data)
{
	struct tctx *c = data;
	(void)len;
	if (lit)
		return NULL;
	if (col_of(c->list, name) || sss_tvars_get(c->root, name))
		return NULL;
	if (tv_find_list(c->root, name))
		return sss_error(SSS_ERR_INVALID,
				 "line %d: '%s' is a list: use it in '{#each %s}'",
				 c->line, name, name);
	return sss_error(SSS_ERR_INVALID, "line %d: unknown value '%s'", c->line, name);
}

/* Check every name of the tree before anything is written, also in the
 * blocks that this report would skip. */
static struct sss_error *tpl_check(struct tctx *c, const struct tnode *n)
{
	struct sss_error *err = NULL;
	c->line = n->line;
	switch (n->type) {
	case TN_TEXT:
		return scan(&block, n->arg, strlen(n->arg), check_name, c);
	case TN_CHART:
		for (size_t i = 0; c->charts && c->charts[i]; i++)
			if (!strcmp(c->charts[i], n->arg))
				return NULL;
		return sss_error(SSS_ERR_INVALID, "line %d: unknown chart '%s'", n->line, n->arg);
	case TN_EACH: {
		const struct tlist *l = tv_find_list(c->root, n->arg);
		if (!l)
			return sss_error(SSS_ERR_INVALID, "line %d: unknown list '%s'",
					 n->line, n->arg);
		c->list = l;
		break;
	}
	case TN_IF:
		if (!col_of(c->list, n->arg) && !sss_tvars_get(c->root, n->arg) &&
		    !tv_find_list(c->root, n->arg))
			return sss_error(SSS_ERR_INVALID, "line %d: unknown value '%s'",
					 n->line, n->arg);
		break;
	case TN_ROOT:
		break;
	}
	for (size_t i = 0; !err && i < n->nbody; i++)
		err = tpl_check(c, n->body[i]);
	for (size_t i = 0; !err && i < n->nalt; i++)
		err = tpl_check(c, n->alt[i]);
	if (n->type == TN_EACH)
		c->list = NULL;
	return err;
}

/* The value of name where the emitter is: a column of the current row,
 * else an outer value; "" for a value that the values do not hold. */
static const char *lookup(const char *name, void *data)
{
	const struct tctx *c = data;
	if (c->row && col_of(c->list, name)) {
		const char *v = sss_tvars_get(c->row, name);
		return v ? v : "";
	}
	const char *v = sss_tvars_get(c->root, name);
	return v ? v : "";
}

static bool is_true(const char *v)
{
	return *v && strcmp(v, "0");
}

static struct sss_error *tpl_emit(struct tctx *c, const struct tnode *n);

static struct sss_error *tpl_emit_all(struct tctx *c, struct tnode *const *v,
				      size_t nv)
{
	struct sss_error *err = NULL;
	for (size_t i = 0; !err && i < nv; i++)
		err = tpl_emit(c, v[i]);
	return err;
}

static struct sss_error *emit_each(struct tctx *c, const struct tnode *n)
{
	const struct tlist *l = tv_find_list(c->root, n->arg);
	struct sss_error *err = NULL;

	c->list = l;
	for (size_t r = 0; !err && r < l->n; r++) {
		c->row = l->rows[r];
		err = tpl_emit_all(c, n->body, n->nbody);
	}
	c->list = NULL;
	c->row = NULL;
	return err;
}

static struct sss_error *emit_if(struct tctx *c, const struct tnode *n)
{
	const struct tlist *l;
	bool yes;

	if (c->row && col_of(c->list, n->arg))
		yes = is_true(lookup(n->arg, c));
	else if ((l = tv_find_list(c->root, n->arg)) &&
		 !sss_tvars_get(c->root, n->arg))
		yes = l->n > 0;
	else
		yes = is_true(lookup(n->arg, c));
	return yes ? tpl_emit_all(c, n->body, n->nbody)
		   : tpl_emit_all(c, n->alt, n->nalt);
}

static struct sss_error *tpl_emit(struct tctx *c, const struct tnode *n)
{
	struct fill_state st = {c->out, lookup, c};

	switch (n->type) {
	case TN_ROOT:
		return tpl_emit_all(c, n->body, n->nbody);
	case TN_TEXT:
		return scan(&block, n->arg, strlen(n->arg), fill_piece, &st);
	case TN_CHART:
		SSS_GROW(c->marks, c->amarks, c->nmarks + 1);
		c->marks[c->nmarks].offset = c->out->len;
		c->marks[c->nmarks++].chart = xstrdup(n->arg);
		return NULL;
	case TN_EACH:
		return emit_each(c, n);
	case TN_IF:
		return emit_if(c, n);
	}
	return NULL;
}

struct sss_error *sss_template_render(const char *text, const char *file,
				      const struct sss_tvars *vars,
				      const char *const *charts,
				      struct strbuf *out,
				      struct sss_template_mark **marks,
				      size_t *nmarks)
{
	struct tnode *root = NULL;
	struct tctx c;
	struct sss_error *err;
	size_t start = out->len;

	memset(&c, 0, sizeof(c));
	c.root = vars;
	c.charts = charts;
	c.out = out;
	if ((err = tpl_parse(text, &root)) || (err = tpl_check(&c, root))) {
		/* "'templates/report-monthly.md' line 12: unknown value 'x'" */
		struct sss_error *e = sss_error(err->code, "'%s'%s%s", file,
						sss_starts_with(err->msg, "line ") ? " " : ": ",
						err->msg);
		sss_error_free(err);
		err = e;
		goto done;
	}
	if ((err = tpl_emit(&c, root))) {
		/* cannot happen: tpl_parse checked every line */
		strbuf_setlen(out, start);
		goto done;
	}
	if (marks) {
		*marks = c.marks;
		*nmarks = c.nmarks;
		c.marks = NULL;
		c.nmarks = 0;
	}
done:
	for (size_t i = 0; i < c.nmarks; i++)
		free(c.marks[i].chart);
	free(c.marks);
	tn_free(root);
	return err;
}
