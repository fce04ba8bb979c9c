/* report.c - weekly and monthly client reports: the numbers (from the
 * tickets, the catalog and the recurrence rules), the report template
 * language, Markdown escaping, HTML through cmark-gfm (the only code that
 * talks to cmark-gfm), SVG charts and JSON.
 *
 * Safety: every ticket text is put into the Markdown through md_text(),
 * which keeps it text (no markup, no table break) and cuts it to a bound;
 * cmark-gfm runs in its safe default (raw HTML and javascript: URLs
 * dropped) on input of bounded size (CVE-2023-37463); the HTML around it
 * and the SVG are written here with every value escaped. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/period.h"
#include "sss/cache.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/embedded.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/json.h"
#include "sss/recur.h"
#include "sss/report.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"
#include "sss/utf8.h"

/* ==== template values ==================================================== */

struct tlist {
	char *name;
	const char *const *cols;
	struct tvars **rows;
	size_t n, alloc;
};

struct tpair {
	char *name, *value;
};

struct tvars {
	struct tpair *vals;
	size_t n, alloc;
	struct tlist *lists;
	size_t nl, lalloc;
};

struct tvars *tv_new(void)
{
	return xcalloc(1, sizeof(struct tvars));
}

void tv_free(struct tvars *v)
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
			tv_free(v->lists[i].rows[j]);
		free(v->lists[i].rows);
		free(v->lists[i].name);
	}
	free(v->lists);
	free(v);
}

static struct tpair *tv_pair(const struct tvars *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->vals[i].name, name))
			return &v->vals[i];
	return NULL;
}

void tv_set(struct tvars *v, const char *name, const char *value)
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

void tv_setf(struct tvars *v, const char *name, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	tv_set(v, name, sb.buf);
	strbuf_release(&sb);
}

const char *tv_get(const struct tvars *v, const char *name)
{
	const struct tpair *p = tv_pair(v, name);
	return p ? p->value : NULL;
}

static struct tlist *tv_find_list(const struct tvars *v, const char *name)
{
	for (size_t i = 0; i < v->nl; i++)
		if (!strcmp(v->lists[i].name, name))
			return &v->lists[i];
	return NULL;
}

void tv_list(struct tvars *v, const char *name, const char *const *cols)
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

struct tvars *tv_row(struct tvars *v, const char *name)
{
	struct tlist *l = tv_find_list(v, name);
	if (!l) {
		/* a programming error; declare the list with no columns so
		 * that a template using it fails with a clear message */
		tv_list(v, name, NULL);
		l = tv_find_list(v, name);
	}
	SSS_GROW(l->rows, l->alloc, l->n + 1);
	l->rows[l->n] = tv_new();
	return l->rows[l->n++];
}

size_t tv_rows(const struct tvars *v, const char *name)
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

/* ==== template language ================================================== */

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

static bool name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* Check the placeholders of a text line; call fn for each name. */
static struct sss_error *scan_line(const char *s, size_t len,
				   struct sss_error *(*fn)(const char *name,
							   void *data),
				   void *data)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '}') {
			if (i + 1 < len && s[i + 1] == '}') {
				i++;
				continue;
			}
			return sss_error(SSS_ERR_PARSE, "unmatched '}' (write '}}' for a brace)");
		}
		if (s[i] != '{')
			continue;
		if (i + 1 < len && s[i + 1] == '{') {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < len && name_char((unsigned char)s[j]))
			j++;
		if (j >= len || s[j] != '}' || j == i + 1)
			return sss_error(SSS_ERR_PARSE,
					 "bad placeholder at column %zu (want '{name}', or '{{' for a brace)",
					 i + 1);
		if (fn) {
			char *name = xstrndup(s + i + 1, j - i - 1);
			struct sss_error *err = fn(name, data);
			free(name);
			if (err)
				return err;
		}
		i = j;
	}
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
		if (!name_char((unsigned char)*c))
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
			if ((err = scan_line(p, len, NULL, NULL))) {
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
	const struct tvars *root;
	const struct tlist *list; /* the list of the {#each} we are in */
	const struct tvars *row;
	const char *const *charts;
	struct strbuf *out;
	struct tpl_mark *marks;
	size_t nmarks, amarks;
	int line;
};

static struct sss_error *check_name(const char *name, void *data)
{
	struct tctx *c = data;
	if (col_of(c->list, name) || tv_get(c->root, name))
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
		return scan_line(n->arg, strlen(n->arg), check_name, c);
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
		if (!col_of(c->list, n->arg) && !tv_get(c->root, n->arg) &&
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

static const char *lookup(const struct tctx *c, const char *name)
{
	if (c->row && col_of(c->list, name)) {
		const char *v = tv_get(c->row, name);
		return v ? v : "";
	}
	const char *v = tv_get(c->root, name);
	return v ? v : "";
}

static void fill_line(struct tctx *c, const char *s)
{
	for (const char *p = s; *p; p++) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			strbuf_addch(c->out, *p++);
			continue;
		}
		if (*p != '{') {
			strbuf_addch(c->out, *p);
			continue;
		}
		const char *end = strchr(p, '}'); /* checked by tpl_parse */
		char *name = xstrndup(p + 1, (size_t)(end - p - 1));
		strbuf_addstr(c->out, lookup(c, name));
		free(name);
		p = end;
	}
}

static void tpl_emit(struct tctx *c, const struct tnode *n);

static void tpl_emit_all(struct tctx *c, struct tnode *const *v, size_t nv)
{
	for (size_t i = 0; i < nv; i++)
		tpl_emit(c, v[i]);
}

static void tpl_emit(struct tctx *c, const struct tnode *n)
{
	switch (n->type) {
	case TN_ROOT:
		tpl_emit_all(c, n->body, n->nbody);
		break;
	case TN_TEXT:
		fill_line(c, n->arg);
		break;
	case TN_CHART:
		SSS_GROW(c->marks, c->amarks, c->nmarks + 1);
		c->marks[c->nmarks].offset = c->out->len;
		c->marks[c->nmarks++].chart = xstrdup(n->arg);
		break;
	case TN_EACH: {
		const struct tlist *l = tv_find_list(c->root, n->arg);
		c->list = l;
		for (size_t r = 0; r < l->n; r++) {
			c->row = l->rows[r];
			tpl_emit_all(c, n->body, n->nbody);
		}
		c->list = NULL;
		c->row = NULL;
		break;
	}
	case TN_IF: {
		bool yes;
		const struct tlist *l;
		if (c->row && col_of(c->list, n->arg)) {
			const char *v = lookup(c, n->arg);
			yes = *v && strcmp(v, "0");
		} else if ((l = tv_find_list(c->root, n->arg)) && !tv_get(c->root, n->arg)) {
			yes = l->n > 0;
		} else {
			const char *v = lookup(c, n->arg);
			yes = *v && strcmp(v, "0");
		}
		if (yes)
			tpl_emit_all(c, n->body, n->nbody);
		else
			tpl_emit_all(c, n->alt, n->nalt);
		break;
	}
	}
}

struct sss_error *tpl_render(const char *text, const char *file,
			     const struct tvars *vars,
			     const char *const *charts, struct strbuf *out,
			     struct tpl_mark **marks, size_t *nmarks)
{
	struct tnode *root = NULL;
	struct tctx c;
	struct sss_error *err;

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
	tpl_emit(&c, root);
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

/* ==== escaping =========================================================== */

void md_text(struct strbuf *out, const char *s, size_t max)
{
	size_t n = 0;
	bool at_start = true, space = false;

	if (!s)
		return;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = true;
			s++;
			continue;
		}
		if (max && n >= max) {
			strbuf_addstr(out, "…");
			break;
		}
		if (space) {
			strbuf_addch(out, ' ');
			n++;
			space = false;
		}
		if (c < 0x20 || c == 0x7f) {
			s++; /* control characters carry no text */
			continue;
		}
		if (c >= 0x80) {
			unsigned cp;
			int len = sss_utf8_decode(s, &cp);
			if (len <= 0)
				len = 1;
			if (cp >= 0x80 && cp < 0xa0) {
				s += len; /* C1 controls */
				continue;
			}
			strbuf_add(out, s, (size_t)len);
			s += len;
			n++;
			at_start = false;
			continue;
		}
		if (strchr("\\`*_[]<>|~&!#", c) || (at_start && strchr("-+=", c)))
			strbuf_addch(out, '\\');
		if (at_start && c >= '0' && c <= '9') {
			/* "1. " or "1) " would start an ordered list */
			while (*s >= '0' && *s <= '9' && (!max || n < max)) {
				strbuf_addch(out, *s++);
				n++;
			}
			if (*s == '.' || *s == ')')
				strbuf_addch(out, '\\');
			at_start = false;
			continue;
		}
		strbuf_addch(out, (char)c);
		s++;
		n++;
		at_start = false;
	}
}

void html_escape(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default: strbuf_addch(out, *s);
		}
	}
}

/* ==== Markdown to HTML (cmark-gfm) ======================================= */

struct sss_error *md_to_html(struct strbuf *out, const char *md, size_t len)
{
	static const char *const exts[] = { "table", "tasklist", "strikethrough" };
	cmark_parser *parser = NULL;
	cmark_node *doc = NULL;
	char *html = NULL;
	struct sss_error *err = NULL;

	if (len > SSS_REPORT_MAX_MARKDOWN)
		return sss_error(SSS_ERR_LIMIT,
				 "the report's Markdown is %zu bytes, more than the %u that are rendered to HTML",
				 len, SSS_REPORT_MAX_MARKDOWN);
	cmark_gfm_core_extensions_ensure_registered();
	/* CMARK_OPT_DEFAULT is the safe mode: raw HTML is omitted and
	 * javascript:, vbscript:, file: and data: (but images) URLs are
	 * dropped; no CMARK_OPT_UNSAFE, ever */
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!parser)
		return sss_error(SSS_ERR_NOMEM, "cannot make a Markdown parser");
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (!e || !cmark_parser_attach_syntax_extension(parser, e)) {
			err = sss_error(SSS_ERR_INVALID, "cmark-gfm has no '%s' extension", exts[i]);
			goto done;
		}
	}
	cmark_parser_feed(parser, md, len);
	if (!(doc = cmark_parser_finish(parser))) {
		err = sss_error(SSS_ERR_NOMEM, "cannot parse the report's Markdown");
		goto done;
	}
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
				 cmark_parser_get_syntax_extensions(parser));
	if (!html) {
		err = sss_error(SSS_ERR_NOMEM, "cannot render the report's HTML");
		goto done;
	}
	strbuf_addstr(out, html);
done:
	if (html)
		cmark_get_default_mem_allocator()->free(html);
	if (doc)
		cmark_node_free(doc);
	cmark_parser_free(parser);
	return err;
}

/* ==== the numbers ======================================================== */

#define NEVER INT32_MAX  /* the finish date of an unfinished ticket */
#define NODUE INT32_MIN  /* no due date */
#define ISSUE_KEY "issue-management" /* 課題管理: an open 課題 is a hand-made one */
#define MAX_RAW 1024     /* bytes of a ticket text kept for the report */

/* One ticket as the report needs it: texts are kept raw (cut to MAX_RAW
 * bytes) and escaped when they are written. */
struct rt {
	char *id, *title, *sow, *kind, *status, *assignee, *recurrence;
	char *resolution; /* incidents: ## 対応結果 */
	char *incidents;  /* problems: the linked incidents, "A, B" */
	sss_date created, fin, due;
	long long created_at; /* seconds, for ordering within a day */
	int entry;        /* catalog index, or -1 */
};

struct occ {
	char *id, *title;
	sss_date work_start, work_end, due;
};

struct counts {
	int opened, closed, open;
};

struct kpi {
	int opened, closed, cancelled, backlog, age[3], overdue;
	int with_due, on_time;
	int incidents, inc_resolved;
	double mttr_mean, mttr_median;
	int recurring_planned, recurring_done;
	int problems_opened, problems_closed;
};

struct idxlist {
	size_t *v;
	size_t n, alloc;
};

struct sss_report {
	struct sss_report_opts o;
	struct sss_cache *cache; /* during the scan; NULL: none */
	struct sss_period next;
	char *period_name, *next_name;
	sss_date start, end, today, asof, overdue_before, next_start, next_end;
	sss_date fy_first;
	int fy;
	struct rt *t;
	size_t n, alloc;
	size_t *by_id; /* indices of t sorted by ID */
	char **warn;
	size_t nwarn, awarn;
	char *minutes, *minutes_id;
	bool minutes_by_key, minutes_cut;
	struct occ *next_work;
	size_t nnext, anext;
	struct kpi k;
	size_t nentries;
	struct counts *items, *fy_items; /* nentries + 1: the last row counts
					   tickets of no catalog entry */
	int hist[12];
	sss_date hist_at[12];
	struct idxlist incidents, problems, issues, overdue;
};

struct sss_period sss_report_period_of(enum sss_report_kind kind, sss_date d)
{
	return sss_period_of(kind == SSS_REPORT_WEEKLY ? SSS_FREQ_WEEKLY : SSS_FREQ_MONTHLY,
			     d, 4);
}

struct sss_error *sss_report_parse_period(enum sss_report_kind kind,
					  const char *s,
					  struct sss_period *out)
{
	struct sss_period p;
	sss_date d;
	if (kind == SSS_REPORT_WEEKLY && sss_date_parse(s, &d) == 0) {
		*out = sss_report_period_of(kind, d);
		return NULL;
	}
	if (sss_period_parse(s, &p) == 0 &&
	    p.freq == (kind == SSS_REPORT_WEEKLY ? SSS_FREQ_WEEKLY : SSS_FREQ_MONTHLY)) {
		*out = p;
		return NULL;
	}
	return sss_error(SSS_ERR_USAGE, "bad period '%s' (%s)", s,
			 kind == SSS_REPORT_WEEKLY
				 ? "a weekly report takes YYYY-MM-DD, a day of the week, or YYYY-Www"
				 : "a monthly report takes YYYY-MM");
}

/* A copy of s cut to at most max bytes on a UTF-8 boundary. */
static char *cut_utf8(const char *s, size_t max, bool *cut)
{
	size_t len = strlen(s);
	if (cut)
		*cut = len > max;
	if (len <= max)
		return xstrdup(s);
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return xstrndup(s, max);
}

static sss_date datetime_date(const char *s, sss_date dflt)
{
	long long epoch;
	if (!s || sss_datetime_parse(s, &epoch) < 0)
		return dflt;
	return sss_time_date((time_t)epoch);
}

static bool finished(const char *status)
{
	return status && (!strcmp(status, "closed") || !strcmp(status, "cancelled"));
}

static bool streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static void warn(struct sss_report *r, struct sss_error *err)
{
	SSS_GROW(r->warn, r->awarn, r->nwarn + 1);
	r->warn[r->nwarn++] = xstrdup(err->msg);
	sss_error_free(err);
}

/* A ticket as the scan has it: parsed from its file, or its record in
 * the scan cache (cache.h), which holds every string read here. */
struct src {
	const struct sss_ticket *t;
	const struct sss_cache_entry *e;
};

static const char *src_get(const struct src *s, const char *field)
{
	return s->e ? sss_cache_entry_get(s->e, field) : sss_ticket_get(s->t, field);
}

/* Section name's text into out (reset first), as sss_ticket_section. */
static bool src_section(const struct src *s, const char *name, struct strbuf *out)
{
	strbuf_reset(out);
	if (s->t)
		return sss_ticket_section(s->t, name, out);
	struct strbuf field = STRBUF_INIT;
	strbuf_addf(&field, "section:%s", name);
	const char *v = sss_cache_entry_get(s->e, field.buf);
	strbuf_release(&field);
	if (v)
		strbuf_addstr(out, v);
	return v != NULL;
}

static char *src_dup(const struct src *s, const char *field)
{
	const char *v = src_get(s, field);
	return v ? cut_utf8(v, MAX_RAW, NULL) : NULL;
}

/* The 議事録 of the week's meeting: the ticket generated for the week
 * (recurrence KEY@YYYY-Www) wins over another meeting due in the week. */
static void take_minutes(struct sss_report *r, const struct src *s,
			 const struct rt *x)
{
	const char *at = x->recurrence ? strrchr(x->recurrence, '@') : NULL;
	bool by_key = at && !strcmp(at + 1, r->period_name);
	struct strbuf sec = STRBUF_INIT;

	if (!by_key && (x->due == NODUE || x->due < r->start || x->due > r->end))
		return;
	if (r->minutes_id && (r->minutes_by_key || !by_key))
		return;
	if (!src_section(s, SSS_SEC_MINUTES, &sec) || !sec.len) {
		strbuf_release(&sec);
		return;
	}
	free(r->minutes);
	free(r->minutes_id);
	r->minutes = cut_utf8(sec.buf, SSS_REPORT_MAX_MINUTES, &r->minutes_cut);
	r->minutes_id = xstrdup(x->id);
	r->minutes_by_key = by_key;
	strbuf_release(&sec);
}

/* One row of r->t from s. */
static void add_row(struct sss_report *r, const char *rel, const struct src *s)
{
	struct strbuf sb = STRBUF_INIT, links = STRBUF_INIT;
	struct strbuf rel_s = STRBUF_INIT, id_s = STRBUF_INIT;
	struct rt x;

	memset(&x, 0, sizeof(x));
	x.id = src_dup(s, "id");
	x.title = src_dup(s, "title");
	x.sow = src_dup(s, "sow");
	x.kind = src_dup(s, "kind");
	x.status = src_dup(s, "status");
	x.assignee = src_dup(s, "assignee");
	x.recurrence = src_dup(s, "recurrence");
	if (!x.id)
		x.id = xstrdup(rel);
	if (!x.status)
		x.status = xstrdup("open");
	const char *created = src_get(s, "created");
	x.created = datetime_date(created, INT32_MIN / 2);
	if (sss_datetime_parse(created ? created : "", &x.created_at) < 0)
		x.created_at = 0;
	x.fin = NEVER;
	if (finished(x.status))
		/* closed and cancelled carry `closed`; a hand-edited file
		 * without it counts from its last update */
		x.fin = datetime_date(src_get(s, "closed"),
				      datetime_date(src_get(s, "updated"), x.created));
	if (x.fin < x.created)
		x.fin = x.created;
	const char *due = src_get(s, "due");
	if (!due || sss_date_parse(due, &x.due) < 0)
		x.due = NODUE;
	x.entry = -1;
	for (size_t i = 0; x.sow && i < r->nentries; i++)
		if (!strcmp(sss_sow_key(sss_catalog_at(r->o.catalog, i)), x.sow))
			x.entry = (int)i;
	if (streq(x.kind, "incident") && src_section(s, SSS_SEC_RESOLUTION, &sb))
		x.resolution = cut_utf8(sb.buf, MAX_RAW, NULL);
	if (streq(x.kind, "problem")) {
		strbuf_reset(&sb);
		if (s->t)
			sss_ticket_links_format(s->t, &links);
		else if (src_get(s, "links"))
			strbuf_addstr(&links, src_get(s, "links"));
		for (const char *p = links.buf; sss_links_next(&p, &rel_s, &id_s);) {
			if (strcmp(rel_s.buf, "incident"))
				continue;
			if (sb.len)
				strbuf_addstr(&sb, ", ");
			strbuf_addbuf(&sb, &id_s);
		}
		if (sb.len)
			x.incidents = cut_utf8(sb.buf, MAX_RAW, NULL);
	}
	if (r->o.kind == SSS_REPORT_WEEKLY && streq(x.kind, "meeting"))
		take_minutes(r, s, &x);
	SSS_GROW(r->t, r->alloc, r->n + 1);
	r->t[r->n++] = x;
	strbuf_release(&sb);
	strbuf_release(&links);
	strbuf_release(&rel_s);
	strbuf_release(&id_s);
}

static int each_ticket(const char *rel, void *data)
{
	struct sss_report *r = data;
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	const struct sss_cache_entry *e =
		r->cache ? sss_cache_lookup(r->cache, rel) : NULL;

	if (e) {
		struct src s = { NULL, e };
		add_row(r, rel, &s);
		return 0;
	}
	err = sss_repo_ticket(r->o.repo, rel, &t);
	if (err) {
		/* one broken file never hides the others */
		warn(r, err);
		return 0;
	}
	if (r->cache)
		sss_cache_put(r->cache, t);
	struct src s = { t, NULL };
	add_row(r, rel, &s);
	sss_ticket_free(t);
	return 0;
}

static bool open_at(const struct rt *x, sss_date d)
{
	return x->created <= d && x->fin > d;
}

/* qsort_r comparators of indices into r->t */
static int cmp_by_id(const void *a, const void *b, void *arg)
{
	const struct sss_report *r = arg;
	return strcmp(r->t[*(const size_t *)a].id, r->t[*(const size_t *)b].id);
}

static int cmp_by_created(const void *a, const void *b, void *arg)
{
	const struct sss_report *r = arg;
	const struct rt *x = &r->t[*(const size_t *)a], *y = &r->t[*(const size_t *)b];
	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	if (x->created_at != y->created_at)
		return x->created_at < y->created_at ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_by_due(const void *a, const void *b, void *arg)
{
	const struct sss_report *r = arg;
	const struct rt *x = &r->t[*(const size_t *)a], *y = &r->t[*(const size_t *)b];
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void idx_add(struct idxlist *l, size_t i)
{
	SSS_GROW(l->v, l->alloc, l->n + 1);
	l->v[l->n++] = i;
}

static void idx_sort(const struct sss_report *r, struct idxlist *l,
		     int (*cmp)(const void *, const void *, void *))
{
	if (l->n)
		qsort_r(l->v, l->n, sizeof(*l->v), cmp, (void *)r);
}

static const struct rt *find_id(const struct sss_report *r, const char *id)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->t[r->by_id[mid]].id, id);
		if (!c)
			return &r->t[r->by_id[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct idset {
	char **v;
	size_t n, alloc;
};

static void idset_add(struct idset *s, const char *id)
{
	SSS_GROW(s->v, s->alloc, s->n + 1);
	s->v[s->n++] = xstrdup(id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int planned_occurrence(const struct sss_occurrence *o, void *data)
{
	struct sss_report *r = ((void **)data)[0];
	struct idset *s = ((void **)data)[1];
	if (o->due >= r->start && o->due <= r->end)
		idset_add(s, o->id);
	return 0;
}

static int next_occurrence(const struct sss_occurrence *o, void *data)
{
	struct sss_report *r = data;
	if (o->work_start > r->next_end || o->work_end < r->next_start)
		return 0;
	SSS_GROW(r->next_work, r->anext, r->nnext + 1);
	struct occ *x = &r->next_work[r->nnext++];
	x->id = xstrdup(o->id);
	x->title = xstrdup(o->title);
	x->work_start = o->work_start;
	x->work_end = o->work_end;
	x->due = o->due;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* Recurring work of the period: every occurrence due in it (also those
 * `due` has not created yet) and every recurring ticket due in it;
 * cancelled ones are not counted, done ones are closed by the as-of
 * date. */
static struct sss_error *count_recurring(struct sss_report *r)
{
	struct idset s = { NULL, 0, 0 };
	void *args[2] = { r, &s };
	struct sss_error *err;

	err = sss_recur_each(r->o.catalog, r->o.config, r->o.cal, r->start, r->end,
			     planned_occurrence, args);
	for (size_t i = 0; !err && i < r->n; i++)
		if (r->t[i].recurrence && r->t[i].due >= r->start && r->t[i].due <= r->end)
			idset_add(&s, r->t[i].id);
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), cmp_str);
	for (size_t i = 0; !err && i < s.n; i++) {
		if (i && !strcmp(s.v[i], s.v[i - 1]))
			continue;
		const struct rt *x = find_id(r, s.v[i]);
		if (x && !strcmp(x->status, "cancelled") && x->fin <= r->asof)
			continue;
		r->k.recurring_planned++;
		if (x && !strcmp(x->status, "closed") && x->fin <= r->asof)
			r->k.recurring_done++;
	}
	for (size_t i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	return err;
}

static void count_items(const struct sss_report *r, sss_date from, sss_date to,
			struct counts *c)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct rt *x = &r->t[i];
		struct counts *e = &c[x->entry >= 0 ? (size_t)x->entry : r->nentries];
		if (x->created >= from && x->created <= to)
			e->opened++;
		if (x->fin >= from && x->fin <= to)
			e->closed++;
		if (open_at(x, to))
			e->open++;
	}
}

static void compute(struct sss_report *r)
{
	struct kpi *k = &r->k;
	int *ttr = xcalloc(r->n + 1, sizeof(int));
	size_t nttr = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct rt *x = &r->t[i];
		bool opened = x->created >= r->start && x->created <= r->asof;
		bool closed = x->fin >= r->start && x->fin <= r->asof;
		bool is_open = open_at(x, r->asof);
		bool incident = streq(x->kind, "incident"), problem = streq(x->kind, "problem");

		k->opened += opened;
		k->closed += closed;
		k->cancelled += closed && !strcmp(x->status, "cancelled");
		if (is_open) {
			int age = x->created >= r->asof ? 0
				: sss_calendar_count_business_days(r->o.cal, x->created + 1, r->asof);
			k->backlog++;
			k->age[age < 10 ? 0 : age <= 30 ? 1 : 2]++;
			if (x->due != NODUE && x->due < r->overdue_before &&
			    strcmp(x->status, "resolved")) {
				k->overdue++;
				idx_add(&r->overdue, i);
			}
		}
		if (closed && !strcmp(x->status, "closed") && x->due != NODUE) {
			k->with_due++;
			k->on_time += x->fin <= x->due;
		}
		if (incident) {
			k->incidents += opened;
			if (closed && !strcmp(x->status, "closed")) {
				k->inc_resolved++;
				ttr[nttr++] = x->fin > x->created
					? sss_calendar_count_business_days(r->o.cal, x->created + 1, x->fin)
					: 0;
			}
			/* the incidents of the period: open at some time in it */
			if (x->created <= r->asof && x->fin >= r->start)
				idx_add(&r->incidents, i);
		}
		if (problem) {
			k->problems_opened += opened;
			k->problems_closed += closed;
			if (is_open)
				idx_add(&r->problems, i);
		}
		if (streq(x->sow, ISSUE_KEY) && !x->recurrence && is_open)
			idx_add(&r->issues, i);
	}
	if (nttr) {
		long sum = 0;
		for (size_t i = 0; i < nttr; i++)
			sum += ttr[i];
		qsort(ttr, nttr, sizeof(*ttr), cmp_int);
		k->mttr_mean = (double)sum / (double)nttr;
		k->mttr_median = nttr % 2 ? ttr[nttr / 2]
			: (ttr[nttr / 2 - 1] + ttr[nttr / 2]) / 2.0;
	}
	free(ttr);
	idx_sort(r, &r->incidents, cmp_by_created);
	idx_sort(r, &r->problems, cmp_by_created);
	idx_sort(r, &r->issues, cmp_by_created);
	idx_sort(r, &r->overdue, cmp_by_due);

	count_items(r, r->start, r->asof, r->items);
	count_items(r, r->fy_first, r->asof, r->fy_items);

	/* open backlog at each month end of the last 12 months (the current
	 * month: at the as-of date) */
	int y, m;
	sss_date_to_ymd(r->asof, &y, &m, NULL);
	for (int i = 0; i < 12; i++) {
		sss_date me = sss_date_from_ymd(y, m - 11 + i + 1, 0);
		r->hist_at[i] = me < r->asof ? me : r->asof;
		r->hist[i] = 0;
		for (size_t j = 0; j < r->n; j++)
			r->hist[i] += open_at(&r->t[j], r->hist_at[i]);
	}
}

struct sss_error *sss_report_build(struct sss_report **out,
				   const struct sss_report_opts *opts)
{
	struct sss_report *r = xcalloc(1, sizeof(*r));
	struct strbuf sb = STRBUF_INIT;
	struct sss_error *err = NULL;
	int fy_start = opts->config->fy_start;

	r->o = *opts;
	r->nentries = sss_catalog_count(opts->catalog);
	r->items = xcalloc(r->nentries + 1, sizeof(*r->items));
	r->fy_items = xcalloc(r->nentries + 1, sizeof(*r->fy_items));
	r->start = sss_period_start(opts->period, fy_start);
	r->end = sss_period_end(opts->period, fy_start);
	r->today = sss_time_date(opts->now);
	sss_period_format(&sb, opts->period);
	r->period_name = strbuf_detach(&sb, NULL);
	if (r->today < r->start) {
		err = sss_error(SSS_ERR_USAGE, "period '%s' has not begun yet", r->period_name);
		goto done;
	}
	/* the numbers hold at the end of the period, or now for the running
	 * one; a ticket due today is not overdue yet */
	r->asof = r->today < r->end ? r->today : r->end;
	r->overdue_before = r->today <= r->end ? r->today : r->end + 1;
	r->next = sss_period_next(opts->period);
	r->next_start = sss_period_start(r->next, fy_start);
	r->next_end = sss_period_end(r->next, fy_start);
	sss_period_format(&sb, r->next);
	r->next_name = strbuf_detach(&sb, NULL);
	struct sss_period fyp = sss_period_of(SSS_FREQ_YEARLY, r->end, fy_start);
	r->fy = fyp.year;
	r->fy_first = sss_period_start(fyp, fy_start);

	if (!sss_cache_disabled())
		r->cache = sss_cache_open(opts->repo, 0);
	sss_repo_readahead(opts->repo, sss_cache_warm(r->cache) ? SSS_READAHEAD_STAT
							       : SSS_READAHEAD_PARSE);
	err = sss_repo_each_ticket(opts->repo, each_ticket, r);
	sss_cache_finish(r->cache, !err);
	r->cache = NULL;
	if (err)
		goto done;
	r->by_id = xcalloc(r->n + 1, sizeof(*r->by_id));
	for (size_t i = 0; i < r->n; i++)
		r->by_id[i] = i;
	if (r->n)
		qsort_r(r->by_id, r->n, sizeof(*r->by_id), cmp_by_id, r);
	compute(r);
	if ((err = count_recurring(r)))
		goto done;
	err = sss_recur_each(opts->catalog, opts->config, opts->cal, r->next_start,
			     r->next_end, next_occurrence, r);
done:
	strbuf_release(&sb);
	if (err) {
		sss_report_free(r);
		r = NULL;
	}
	*out = r;
	return err;
}

static void rt_release(struct rt *x)
{
	free(x->id);
	free(x->title);
	free(x->sow);
	free(x->kind);
	free(x->status);
	free(x->assignee);
	free(x->recurrence);
	free(x->resolution);
	free(x->incidents);
}

void sss_report_free(struct sss_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		rt_release(&r->t[i]);
	free(r->t);
	free(r->by_id);
	for (size_t i = 0; i < r->nwarn; i++)
		free(r->warn[i]);
	free(r->warn);
	for (size_t i = 0; i < r->nnext; i++) {
		free(r->next_work[i].id);
		free(r->next_work[i].title);
	}
	free(r->next_work);
	free(r->minutes);
	free(r->minutes_id);
	free(r->items);
	free(r->fy_items);
	free(r->incidents.v);
	free(r->problems.v);
	free(r->issues.v);
	free(r->overdue.v);
	free(r->period_name);
	free(r->next_name);
	free(r);
}

size_t sss_report_warning_count(const struct sss_report *r)
{
	return r->nwarn;
}

const char *sss_report_warning(const struct sss_report *r, size_t i)
{
	return i < r->nwarn ? r->warn[i] : NULL;
}

/* ==== dates in words ===================================================== */

static bool era_japanese(const struct sss_report *r)
{
	const char *e = r->o.config->era;
	return e && (!strcmp(e, "japanese") || !strcmp(e, "both"));
}

static bool era_western(const struct sss_report *r)
{
	const char *e = r->o.config->era;
	return !e || strcmp(e, "japanese");
}

static void iso_date(struct strbuf *out, sss_date d)
{
	char b[11];
	sss_date_format(d, b);
	strbuf_addstr(out, b);
}

static void western_day(struct strbuf *out, sss_date d)
{
	int y, m, day;
	sss_date_to_ymd(d, &y, &m, &day);
	strbuf_addf(out, "%d年%d月%d日", y, m, day);
}

/* "2026年11月26日", "令和8年11月26日" or both, as config `era` says. */
static void day_text(const struct sss_report *r, struct strbuf *out, sss_date d)
{
	if (era_western(r))
		western_day(out, d);
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "（");
	if (era_japanese(r))
		sss_wareki_format(out, d);
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "）");
}

static void range_text(const struct sss_report *r, struct strbuf *out, sss_date a,
		       sss_date b)
{
	if (era_western(r)) {
		western_day(out, a);
		strbuf_addstr(out, "～");
		western_day(out, b);
	}
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "（");
	if (era_japanese(r)) {
		sss_wareki_format(out, a);
		strbuf_addstr(out, "～");
		sss_wareki_format(out, b);
	}
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "）");
}

/* "2026年11月度" or "2026年度" (month 0), after config `era`. */
static void month_text(const struct sss_report *r, struct strbuf *out, int y, int m,
		       const char *suffix)
{
	int fm = m ? m : r->o.config->fy_start;
	if (era_western(r)) {
		strbuf_addf(out, "%d年", y);
		if (m)
			strbuf_addf(out, "%d月", m);
		strbuf_addstr(out, suffix);
	}
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "（");
	if (era_japanese(r)) {
		sss_wareki_year(out, y, fm, m ? sss_days_in_month(y, m) : 1);
		if (m)
			strbuf_addf(out, "%d月", m);
		strbuf_addstr(out, suffix);
	}
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "）");
}

static void period_label(const struct sss_report *r, struct strbuf *out,
			 struct sss_period p)
{
	if (p.freq == SSS_FREQ_WEEKLY)
		strbuf_addf(out, "%d年 第%d週", p.year, p.n);
	else
		month_text(r, out, p.year, p.n, "度");
}

/* ==== template values ==================================================== */

static const char *const sow_cols[] = { "no", "category", "area", "item", "title",
					"key", "opened", "closed", "open", NULL };
static const char *const summary_cols[] = { "no", "category", "area", "item",
					    "opened", "closed", "open", NULL };
static const char *const cat_cols[] = { "name", "opened", "closed", "open", NULL };
static const char *const incident_cols[] = { "id", "title", "created", "closed",
					     "status", "resolution", NULL };
static const char *const problem_cols[] = { "id", "title", "created", "incidents",
					    "assignee", "status", NULL };
static const char *const issue_cols[] = { "id", "title", "created", "due",
					  "assignee", "status", NULL };
static const char *const overdue_cols[] = { "id", "title", "due", "days",
					    "assignee", "status", NULL };
static const char *const next_cols[] = { "title", "work", "due", "ticket", "status", NULL };
static const char *const hist_cols[] = { "month", "at", "open", NULL };
static const char *const charts[] = { "categories", "backlog", NULL };

static void set_md(struct tvars *v, const char *name, const char *raw, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	md_text(&sb, raw ? raw : "", max);
	tv_set(v, name, sb.buf);
	strbuf_release(&sb);
}

/* An optional text: "-" when missing. */
static void set_opt(struct tvars *v, const char *name, const char *raw, size_t max)
{
	if (raw && *raw)
		set_md(v, name, raw, max);
	else
		tv_set(v, name, "-");
}

static void set_date(struct tvars *v, const char *name, sss_date d)
{
	struct strbuf sb = STRBUF_INIT;
	if (d != NODUE && d != NEVER && d > INT32_MIN / 2)
		iso_date(&sb, d);
	else
		strbuf_addstr(&sb, "-");
	tv_set(v, name, sb.buf);
	strbuf_release(&sb);
}

static void set_status(struct tvars *v, const struct rt *x)
{
	const char *l = sss_status_label(x->status);
	set_md(v, "status", l ? l : x->status, 20);
}

/* Drop the placeholders' braces of a title pattern: "定例チェック (年月)". */
static void set_pattern(struct tvars *v, const char *name, const char *pattern)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = pattern ? pattern : ""; *p; p++)
		if (*p != '{' && *p != '}')
			strbuf_addch(&sb, *p);
	set_md(v, name, sb.buf, SSS_REPORT_MAX_CELL);
	strbuf_release(&sb);
}

static void set_counts(struct tvars *row, const struct counts *c)
{
	tv_setf(row, "opened", "%d", c->opened);
	tv_setf(row, "closed", "%d", c->closed);
	tv_setf(row, "open", "%d", c->open);
}

/* The per-entry table: category and area only where they change, as in
 * the SOW; a last row for tickets whose sow key is not in the catalog. */
static void sow_rows(const struct sss_report *r, struct tvars *v, const char *list,
		     const char *prefix, const struct counts *c)
{
	const char *pcat = NULL, *parea = NULL;
	struct counts tot = { 0, 0, 0 };
	struct strbuf name = STRBUF_INIT;

	tv_list(v, list, sow_cols);
	for (size_t i = 0; i <= r->nentries; i++) {
		tot.opened += c[i].opened;
		tot.closed += c[i].closed;
		tot.open += c[i].open;
		if (i == r->nentries) {
			if (!c[i].opened && !c[i].closed && !c[i].open)
				break;
			struct tvars *row = tv_row(v, list);
			tv_set(row, "no", "-");
			tv_set(row, "category", "（カタログ外）");
			tv_set(row, "area", "");
			tv_set(row, "item", "");
			tv_set(row, "title", "カタログにない SOW キーのチケット");
			tv_set(row, "key", "-");
			set_counts(row, &c[i]);
			break;
		}
		const struct sss_sow_entry *e = sss_catalog_at(r->o.catalog, i);
		struct tvars *row = tv_row(v, list);
		bool new_cat = !streq(pcat, sss_sow_category(e));
		tv_setf(row, "no", "%d", sss_sow_summary_no(e));
		set_md(row, "category", new_cat ? sss_sow_category(e) : "", 0);
		set_md(row, "area", new_cat || !streq(parea, sss_sow_area(e)) ? sss_sow_area(e) : "", 0);
		set_md(row, "item", sss_sow_item(e), 0);
		set_pattern(row, "title", sss_sow_title(e));
		set_md(row, "key", sss_sow_key(e), 0);
		set_counts(row, &c[i]);
		pcat = sss_sow_category(e);
		parea = sss_sow_area(e);
	}
	strbuf_addf(&name, "%stotal_opened", prefix);
	tv_setf(v, name.buf, "%d", tot.opened);
	strbuf_reset(&name);
	strbuf_addf(&name, "%stotal_closed", prefix);
	tv_setf(v, name.buf, "%d", tot.closed);
	strbuf_reset(&name);
	strbuf_addf(&name, "%stotal_open", prefix);
	tv_setf(v, name.buf, "%d", tot.open);
	strbuf_release(&name);
}

static void summary_counts(const struct sss_report *r, int no, struct counts *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->nentries; i++)
		if (sss_sow_summary_no(sss_catalog_at(r->o.catalog, i)) == no) {
			out->opened += r->items[i].opened;
			out->closed += r->items[i].closed;
			out->open += r->items[i].open;
		}
}

/* The major categories (IT支援, 運用支援, サービスデスク) in catalog order. */
struct catsum {
	const char *name;
	struct counts c;
};

static size_t category_counts(const struct sss_report *r, struct catsum **out)
{
	struct catsum *v = xcalloc(r->nentries + 2, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i <= r->nentries; i++) {
		const char *name = i < r->nentries
			? sss_sow_category(sss_catalog_at(r->o.catalog, i)) : "カタログ外";
		const struct counts *c = &r->items[i];
		if (i == r->nentries && !c->opened && !c->closed && !c->open)
			break;
		size_t j = 0;
		while (j < n && !streq(v[j].name, name))
			j++;
		if (j == n)
			v[n++].name = name ? name : "-";
		v[j].c.opened += c->opened;
		v[j].c.closed += c->closed;
		v[j].c.open += c->open;
	}
	*out = v;
	return n;
}

/* A list capped at SSS_REPORT_MAX_ROWS rows: "<list>_more" says how many
 * were left out. Returns the number of rows to write. */
static size_t cap_rows(struct tvars *v, const char *list, const char *const *cols,
		       size_t n)
{
	struct strbuf name = STRBUF_INIT;
	tv_list(v, list, cols);
	strbuf_addf(&name, "%s_more", list);
	tv_setf(v, name.buf, "%zu", n > SSS_REPORT_MAX_ROWS ? n - SSS_REPORT_MAX_ROWS : 0);
	strbuf_release(&name);
	return n > SSS_REPORT_MAX_ROWS ? SSS_REPORT_MAX_ROWS : n;
}

/* Meeting minutes as a Markdown block quote: list markers and their
 * indentation stay Markdown, everything else is text (md_text), so the
 * minutes keep their lists but can carry no markup, table or HTML. */
static void minutes_md(struct strbuf *out, const char *text, bool cut)
{
	bool in_list = false;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		const char *s = line;
		int indent = 0;

		while (*s == ' ' || *s == '\t') {
			indent += *s == '\t' ? 4 : 1;
			s++;
		}
		if (!*s) {
			strbuf_addstr(out, ">\n");
			in_list = false;
		} else {
			const char *q = s;
			if ((*q == '-' || *q == '*' || *q == '+') && q[1] == ' ') {
				q += 2;
			} else {
				const char *d = q;
				while (*d >= '0' && *d <= '9' && d - q < 9)
					d++;
				if (d > q && (*d == '.' || *d == ')') && d[1] == ' ')
					q = d + 2;
			}
			if (q > s && q[0] == '[' && strchr(" xX", q[1]) && q[2] == ']' && q[3] == ' ')
				q += 4;
			/* a plain line after a list item starts a paragraph of its
			 * own rather than continuing the item */
			if (in_list && q == s && !indent)
				strbuf_addstr(out, ">\n");
			in_list = q > s || (in_list && indent);
			strbuf_addstr(out, "> ");
			for (int i = 0; i < (indent > 12 ? 12 : indent); i++)
				strbuf_addch(out, ' ');
			strbuf_add(out, s, (size_t)(q - s));
			md_text(out, q, 0);
			strbuf_addch(out, '\n');
		}
		free(line);
		p += nl ? len + 1 : len;
	}
	if (cut)
		strbuf_addstr(out, ">\n> （以下省略）\n");
}

static struct tvars *make_vars(const struct sss_report *r, enum sss_report_format f)
{
	struct tvars *v = tv_new();
	struct strbuf sb = STRBUF_INIT;
	const struct sss_config *cfg = r->o.config;
	const struct kpi *k = &r->k;
	bool monthly = r->o.kind == SSS_REPORT_MONTHLY;
	struct tm tm;
	time_t now = r->o.now;
	size_t n;

	tv_set(v, "report_title", monthly ? "月次報告書" : "週次報告書");
	tv_set(v, "format", f == SSS_REPORT_HTML ? "html" : "md");
	set_md(v, "client", cfg->client, 0);
	set_md(v, "client_name", cfg->client_name, 0);
	set_md(v, "provider", cfg->provider, 0);
	tv_set(v, "period", r->period_name);
	period_label(r, &sb, r->o.period);
	tv_set(v, "period_label", sb.buf);
	strbuf_reset(&sb);
	range_text(r, &sb, r->start, r->end);
	tv_set(v, "period_range", sb.buf);
	strbuf_reset(&sb);
	day_text(r, &sb, r->asof);
	tv_set(v, "asof", sb.buf);
	tv_set(v, "partial", r->asof < r->end ? "1" : "0");
	strbuf_reset(&sb);
	day_text(r, &sb, r->today);
	localtime_r(&now, &tm);
	strbuf_addf(&sb, " %02d:%02d", tm.tm_hour, tm.tm_min);
	tv_set(v, "generated", sb.buf);
	strbuf_reset(&sb);
	sss_time_format(&sb, now);
	tv_set(v, "generated_iso", sb.buf);
	strbuf_reset(&sb);
	period_label(r, &sb, r->next);
	tv_set(v, "next_label", sb.buf);
	strbuf_reset(&sb);
	range_text(r, &sb, r->next_start, r->next_end);
	tv_set(v, "next_range", sb.buf);
	strbuf_reset(&sb);
	month_text(r, &sb, r->fy, 0, "度");
	tv_set(v, "fy_label", sb.buf);
	strbuf_reset(&sb);
	range_text(r, &sb, r->fy_first, r->asof);
	tv_set(v, "fy_range", sb.buf);
	strbuf_reset(&sb);
	sss_report_file_name(r, f, &sb);
	set_md(v, "file_name", sb.buf, 0);
	strbuf_setlen(&sb, (size_t)(strrchr(sb.buf, '.') - sb.buf));
	set_md(v, "document", sb.buf, 0);
	strbuf_reset(&sb);

	/* KPIs */
	tv_set(v, "mttr_unit", "営業日");
	tv_setf(v, "kpi_opened", "%d", k->opened);
	tv_setf(v, "kpi_closed", "%d", k->closed);
	tv_setf(v, "kpi_cancelled", "%d", k->cancelled);
	tv_setf(v, "kpi_backlog", "%d", k->backlog);
	tv_setf(v, "kpi_age_lt10", "%d", k->age[0]);
	tv_setf(v, "kpi_age_10_30", "%d", k->age[1]);
	tv_setf(v, "kpi_age_gt30", "%d", k->age[2]);
	tv_setf(v, "kpi_overdue", "%d", k->overdue);
	tv_setf(v, "kpi_closed_with_due", "%d", k->with_due);
	tv_setf(v, "kpi_closed_by_due", "%d", k->on_time);
	if (k->with_due)
		tv_setf(v, "kpi_closed_by_due_rate", "%.1f%%",
			100.0 * k->on_time / k->with_due);
	else
		tv_set(v, "kpi_closed_by_due_rate", "-");
	tv_setf(v, "kpi_incidents", "%d", k->incidents);
	tv_setf(v, "kpi_incidents_resolved", "%d", k->inc_resolved);
	if (k->inc_resolved) {
		tv_setf(v, "kpi_mttr_mean", "%.1f", k->mttr_mean);
		tv_setf(v, "kpi_mttr_median", "%.1f", k->mttr_median);
	} else {
		tv_set(v, "kpi_mttr_mean", "-");
		tv_set(v, "kpi_mttr_median", "-");
	}
	tv_setf(v, "kpi_recurring_planned", "%d", k->recurring_planned);
	tv_setf(v, "kpi_recurring_done", "%d", k->recurring_done);
	tv_setf(v, "kpi_problems_opened", "%d", k->problems_opened);
	tv_setf(v, "kpi_problems_closed", "%d", k->problems_closed);

	/* tables by SOW item, summary item and category */
	sow_rows(r, v, "sow_items", "", r->items);
	if (monthly)
		sow_rows(r, v, "fy_items", "fy_", r->fy_items);
	else
		tv_list(v, "fy_items", sow_cols);
	tv_list(v, "summary_items", summary_cols);
	for (size_t i = 0; i < sss_catalog_summary_count(r->o.catalog); i++) {
		struct tvars *row = tv_row(v, "summary_items");
		struct counts c;
		int no = sss_summary_no(r->o.catalog, i);
		summary_counts(r, no, &c);
		tv_setf(row, "no", "%d", no);
		set_md(row, "category", sss_summary_category(r->o.catalog, i), 0);
		set_md(row, "area", sss_summary_area(r->o.catalog, i), 0);
		set_md(row, "item", sss_summary_item(r->o.catalog, i), 0);
		set_counts(row, &c);
	}
	struct catsum *cats;
	size_t ncats = category_counts(r, &cats);
	tv_list(v, "categories", cat_cols);
	for (size_t i = 0; i < ncats; i++) {
		struct tvars *row = tv_row(v, "categories");
		set_md(row, "name", cats[i].name, 0);
		set_counts(row, &cats[i].c);
	}
	free(cats);

	/* lists */
	n = cap_rows(v, "incidents", incident_cols, r->incidents.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[r->incidents.v[i]];
		struct tvars *row = tv_row(v, "incidents");
		set_md(row, "id", x->id, 0);
		set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_date(row, "created", x->created);
		set_date(row, "closed", x->fin <= r->asof ? x->fin : NEVER);
		set_status(row, x);
		set_md(row, "resolution", x->resolution, SSS_REPORT_MAX_CELL);
	}
	n = cap_rows(v, "problems", problem_cols, r->problems.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[r->problems.v[i]];
		struct tvars *row = tv_row(v, "problems");
		set_md(row, "id", x->id, 0);
		set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_date(row, "created", x->created);
		set_opt(row, "incidents", x->incidents, SSS_REPORT_MAX_CELL);
		set_opt(row, "assignee", x->assignee, 40);
		set_status(row, x);
	}
	n = cap_rows(v, "issues", issue_cols, r->issues.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[r->issues.v[i]];
		struct tvars *row = tv_row(v, "issues");
		set_md(row, "id", x->id, 0);
		set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_date(row, "created", x->created);
		set_date(row, "due", x->due);
		set_opt(row, "assignee", x->assignee, 40);
		set_status(row, x);
	}
	n = cap_rows(v, "overdue", overdue_cols, r->overdue.n);
	for (size_t i = 0; i < n; i++) {
		const struct rt *x = &r->t[r->overdue.v[i]];
		struct tvars *row = tv_row(v, "overdue");
		set_md(row, "id", x->id, 0);
		set_md(row, "title", x->title, SSS_REPORT_MAX_CELL);
		set_date(row, "due", x->due);
		tv_setf(row, "days", "%d",
			sss_calendar_count_business_days(r->o.cal, x->due + 1, r->overdue_before - 1));
		set_opt(row, "assignee", x->assignee, 40);
		set_status(row, x);
	}
	n = cap_rows(v, "next_work", next_cols, r->nnext);
	for (size_t i = 0; i < n; i++) {
		const struct occ *o = &r->next_work[i];
		const struct rt *x = find_id(r, o->id);
		struct tvars *row = tv_row(v, "next_work");
		set_md(row, "title", o->title, SSS_REPORT_MAX_CELL);
		strbuf_reset(&sb);
		iso_date(&sb, o->work_start);
		if (o->work_end != o->work_start) {
			strbuf_addstr(&sb, "～");
			iso_date(&sb, o->work_end);
		}
		tv_set(row, "work", sb.buf);
		set_date(row, "due", o->due);
		set_md(row, "ticket", x ? x->id : "未作成", 0);
		if (x)
			set_status(row, x);
		else
			tv_set(row, "status", "-");
	}
	tv_list(v, "backlog_history", hist_cols);
	for (int i = 0; i < 12; i++) {
		struct tvars *row = tv_row(v, "backlog_history");
		int y, m, d;
		sss_date_to_ymd(r->hist_at[i], &y, &m, &d);
		tv_setf(row, "month", "%d年%d月", y, m);
		set_date(row, "at", r->hist_at[i]);
		tv_setf(row, "open", "%d", r->hist[i]);
	}

	/* weekly: the meeting's minutes */
	strbuf_reset(&sb);
	if (r->minutes)
		minutes_md(&sb, r->minutes, r->minutes_cut);
	tv_set(v, "minutes", sb.buf);
	set_md(v, "minutes_id", r->minutes_id ? r->minutes_id : "", 0);
	strbuf_release(&sb);
	return v;
}

/* ==== file name ========================================================== */

void sss_report_file_name(const struct sss_report *r, enum sss_report_format f,
			  struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	int y1, m1, d1, y2, m2, d2;

	sss_date_to_ymd(r->start, &y1, &m1, &d1);
	sss_date_to_ymd(r->end, &y2, &m2, &d2);
	strbuf_addf(&sb, "【%s】_", r->o.config->client ? r->o.config->client : "");
	if (r->o.kind == SSS_REPORT_MONTHLY)
		strbuf_addf(&sb, "%04d年%02d月-%04d年%02d月度月次報告書", y1, m1, y2, m2);
	else
		strbuf_addf(&sb, "%04d年%02d月%02d日-%04d年%02d月%02d日週次報告書", y1, m1,
			    d1, y2, m2, d2);
	strbuf_addstr(&sb, f == SSS_REPORT_HTML ? ".html" : f == SSS_REPORT_JSON ? ".json" : ".md");
	for (const char *p = sb.buf; *p; p++) {
		unsigned char c = (unsigned char)*p;
		strbuf_addch(out, c < 0x20 || c == 0x7f || c == '/' || c == '\\' ? '_' : (char)c);
	}
	strbuf_release(&sb);
}

/* ==== JSON =============================================================== */

static void json_date(struct strbuf *out, sss_date d)
{
	if (d == NODUE || d == NEVER || d <= INT32_MIN / 2) {
		strbuf_addstr(out, "null");
		return;
	}
	strbuf_addch(out, '"');
	iso_date(out, d);
	strbuf_addch(out, '"');
}

static void json_strn(struct strbuf *out, const char *s)
{
	if (s)
		sss_json_str(out, s);
	else
		strbuf_addstr(out, "null");
}

static void json_counts(struct strbuf *out, const struct counts *c)
{
	strbuf_addf(out, "\"opened\": %d, \"closed\": %d, \"open\": %d", c->opened,
		    c->closed, c->open);
}

static void json_sow_items(const struct sss_report *r, struct strbuf *out,
			   const struct counts *c)
{
	strbuf_addstr(out, "[");
	for (size_t i = 0; i <= r->nentries; i++) {
		if (i == r->nentries) {
			if (!c[i].opened && !c[i].closed && !c[i].open)
				break;
			strbuf_addstr(out, ",\n    {\"key\": null, \"summary\": null, ");
			json_counts(out, &c[i]);
			strbuf_addstr(out, "}");
			break;
		}
		const struct sss_sow_entry *e = sss_catalog_at(r->o.catalog, i);
		strbuf_addstr(out, i ? ",\n    {\"key\": " : "\n    {\"key\": ");
		sss_json_str(out, sss_sow_key(e));
		strbuf_addf(out, ", \"summary\": %d, \"category\": ", sss_sow_summary_no(e));
		json_strn(out, sss_sow_category(e));
		strbuf_addstr(out, ", \"area\": ");
		json_strn(out, sss_sow_area(e));
		strbuf_addstr(out, ", \"item\": ");
		json_strn(out, sss_sow_item(e));
		strbuf_addstr(out, ", \"title\": ");
		json_strn(out, sss_sow_title(e));
		strbuf_addstr(out, ", ");
		json_counts(out, &c[i]);
		strbuf_addstr(out, "}");
	}
	strbuf_addstr(out, "\n  ]");
}

static void json_ticket(struct strbuf *out, const struct sss_report *r,
			const struct rt *x, bool first)
{
	strbuf_addstr(out, first ? "\n    {\"id\": " : ",\n    {\"id\": ");
	sss_json_str(out, x->id);
	strbuf_addstr(out, ", \"title\": ");
	json_strn(out, x->title);
	strbuf_addstr(out, ", \"sow\": ");
	json_strn(out, x->sow);
	strbuf_addstr(out, ", \"status\": ");
	sss_json_str(out, x->status);
	strbuf_addstr(out, ", \"assignee\": ");
	json_strn(out, x->assignee);
	strbuf_addstr(out, ", \"created\": ");
	json_date(out, x->created);
	strbuf_addstr(out, ", \"due\": ");
	json_date(out, x->due);
	strbuf_addstr(out, ", \"closed\": ");
	json_date(out, x->fin <= r->asof ? x->fin : NEVER);
	if (x->incidents) {
		strbuf_addstr(out, ", \"incidents\": ");
		sss_json_str(out, x->incidents);
	}
	strbuf_addstr(out, "}");
}

static void json_list(struct strbuf *out, const struct sss_report *r, const char *name,
		      const struct idxlist *l)
{
	strbuf_addf(out, ",\n  \"%s\": [", name);
	for (size_t i = 0; i < l->n; i++)
		json_ticket(out, r, &r->t[l->v[i]], i == 0);
	strbuf_addstr(out, l->n ? "\n  ]" : "]");
}

static void render_json(const struct sss_report *r, struct strbuf *out)
{
	const struct kpi *k = &r->k;
	const struct sss_config *cfg = r->o.config;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(out, "{\n  \"report\": \"%s\",\n  \"client\": ",
		    r->o.kind == SSS_REPORT_MONTHLY ? "monthly" : "weekly");
	json_strn(out, cfg->client);
	strbuf_addstr(out, ",\n  \"client_name\": ");
	json_strn(out, cfg->client_name);
	strbuf_addstr(out, ",\n  \"provider\": ");
	json_strn(out, cfg->provider);
	sss_time_format(&sb, r->o.now);
	strbuf_addstr(out, ",\n  \"generated\": ");
	sss_json_str(out, sb.buf);
	strbuf_reset(&sb);
	sss_report_file_name(r, SSS_REPORT_MD, &sb);
	strbuf_setlen(&sb, sb.len - 3);
	strbuf_addstr(out, ",\n  \"document\": ");
	sss_json_str(out, sb.buf);
	strbuf_addstr(out, ",\n  \"period\": {\"name\": ");
	sss_json_str(out, r->period_name);
	strbuf_addstr(out, ", \"start\": ");
	json_date(out, r->start);
	strbuf_addstr(out, ", \"end\": ");
	json_date(out, r->end);
	strbuf_addstr(out, ", \"asof\": ");
	json_date(out, r->asof);
	strbuf_addstr(out, "},\n  \"next_period\": {\"name\": ");
	sss_json_str(out, r->next_name);
	strbuf_addstr(out, ", \"start\": ");
	json_date(out, r->next_start);
	strbuf_addstr(out, ", \"end\": ");
	json_date(out, r->next_end);
	strbuf_addstr(out, "},\n");

	strbuf_addf(out,
		    "  \"kpi\": {\n"
		    "    \"opened\": %d,\n    \"closed\": %d,\n    \"cancelled\": %d,\n"
		    "    \"backlog\": %d,\n"
		    "    \"backlog_age\": {\"under_10\": %d, \"10_to_30\": %d, \"over_30\": %d},\n"
		    "    \"overdue\": %d,\n"
		    "    \"closed_with_due\": %d,\n    \"closed_by_due\": %d,\n",
		    k->opened, k->closed, k->cancelled, k->backlog, k->age[0], k->age[1],
		    k->age[2], k->overdue, k->with_due, k->on_time);
	if (k->with_due)
		strbuf_addf(out, "    \"closed_by_due_rate\": %.4f,\n",
			    (double)k->on_time / k->with_due);
	else
		strbuf_addstr(out, "    \"closed_by_due_rate\": null,\n");
	strbuf_addf(out, "    \"incidents\": %d,\n    \"incidents_resolved\": %d,\n"
		    "    \"mttr_unit\": \"business_days\",\n",
		    k->incidents, k->inc_resolved);
	if (k->inc_resolved)
		strbuf_addf(out, "    \"mttr_mean\": %.2f,\n    \"mttr_median\": %.1f,\n",
			    k->mttr_mean, k->mttr_median);
	else
		strbuf_addstr(out, "    \"mttr_mean\": null,\n    \"mttr_median\": null,\n");
	strbuf_addf(out,
		    "    \"recurring_planned\": %d,\n    \"recurring_done\": %d,\n"
		    "    \"problems_opened\": %d,\n    \"problems_closed\": %d\n  },\n",
		    k->recurring_planned, k->recurring_done, k->problems_opened,
		    k->problems_closed);

	strbuf_addstr(out, "  \"sow_items\": ");
	json_sow_items(r, out, r->items);
	strbuf_addstr(out, ",\n  \"summary_items\": [");
	for (size_t i = 0; i < sss_catalog_summary_count(r->o.catalog); i++) {
		struct counts c;
		int no = sss_summary_no(r->o.catalog, i);
		summary_counts(r, no, &c);
		strbuf_addf(out, "%s\n    {\"no\": %d, \"item\": ", i ? "," : "", no);
		json_strn(out, sss_summary_item(r->o.catalog, i));
		strbuf_addstr(out, ", ");
		json_counts(out, &c);
		strbuf_addstr(out, "}");
	}
	strbuf_addstr(out, "\n  ],\n  \"categories\": [");
	struct catsum *cats;
	size_t ncats = category_counts(r, &cats);
	for (size_t i = 0; i < ncats; i++) {
		strbuf_addstr(out, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		sss_json_str(out, cats[i].name);
		strbuf_addstr(out, ", ");
		json_counts(out, &cats[i].c);
		strbuf_addstr(out, "}");
	}
	free(cats);
	strbuf_addstr(out, "\n  ]");
	if (r->o.kind == SSS_REPORT_MONTHLY) {
		strbuf_addf(out, ",\n  \"fiscal_year\": {\"year\": %d, \"start\": ", r->fy);
		json_date(out, r->fy_first);
		strbuf_addstr(out, ", \"asof\": ");
		json_date(out, r->asof);
		strbuf_addstr(out, "},\n  \"fy_sow_items\": ");
		json_sow_items(r, out, r->fy_items);
	}
	strbuf_addstr(out, ",\n  \"backlog_history\": [");
	for (int i = 0; i < 12; i++) {
		strbuf_addstr(out, i ? ",\n    {\"at\": " : "\n    {\"at\": ");
		json_date(out, r->hist_at[i]);
		strbuf_addf(out, ", \"open\": %d}", r->hist[i]);
	}
	strbuf_addstr(out, "\n  ]");
	json_list(out, r, "incidents", &r->incidents);
	json_list(out, r, "open_problems", &r->problems);
	json_list(out, r, "open_issues", &r->issues);
	json_list(out, r, "overdue", &r->overdue);
	strbuf_addstr(out, ",\n  \"next_work\": [");
	for (size_t i = 0; i < r->nnext; i++) {
		const struct occ *o = &r->next_work[i];
		const struct rt *x = find_id(r, o->id);
		strbuf_addstr(out, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		sss_json_str(out, o->id);
		strbuf_addstr(out, ", \"title\": ");
		sss_json_str(out, o->title);
		strbuf_addstr(out, ", \"work_start\": ");
		json_date(out, o->work_start);
		strbuf_addstr(out, ", \"work_end\": ");
		json_date(out, o->work_end);
		strbuf_addstr(out, ", \"due\": ");
		json_date(out, o->due);
		strbuf_addstr(out, ", \"status\": ");
		json_strn(out, x ? x->status : NULL);
		strbuf_addstr(out, "}");
	}
	strbuf_addstr(out, r->nnext ? "\n  ]" : "]");
	if (r->o.kind == SSS_REPORT_WEEKLY) {
		strbuf_addstr(out, ",\n  \"minutes\": ");
		if (r->minutes) {
			strbuf_addstr(out, "{\"id\": ");
			sss_json_str(out, r->minutes_id);
			strbuf_addstr(out, ", \"text\": ");
			sss_json_str(out, r->minutes);
			strbuf_addf(out, ", \"truncated\": %s}", r->minutes_cut ? "true" : "false");
		} else {
			strbuf_addstr(out, "null");
		}
	}
	strbuf_addstr(out, "\n}\n");
	strbuf_release(&sb);
}

/* ==== SVG charts ========================================================= */

static const char *const bar_colors[] = { "#2f6db5", "#3a9a5b", "#e08a1e" };
static const char *const bar_labels[] = { "起票", "完了", "期末未完了" };

/* Tickets by SOW category for the period: grouped horizontal bars. */
static void svg_categories(const struct sss_report *r, struct strbuf *o)
{
	struct catsum *cats;
	size_t nc = category_counts(r, &cats);
	const int W = 680, left = 120, barmax = 480, bh = 14, top = 34;
	const int gh = 3 * bh + 2 * 3 + 16;
	int H = top + (int)nc * gh + 8, max = 1;

	for (size_t i = 0; i < nc; i++) {
		int v[3] = { cats[i].c.opened, cats[i].c.closed, cats[i].c.open };
		for (int j = 0; j < 3; j++)
			max = v[j] > max ? v[j] : max;
	}
	strbuf_addf(o, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"SOW大分類別のチケット件数\">\n", W, H, W, H);
	for (int j = 0; j < 3; j++)
		strbuf_addf(o, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			       "<text x=\"%d\" y=\"18\" font-size=\"12\">%s</text>\n",
			    left + j * 110, bar_colors[j], left + j * 110 + 16, bar_labels[j]);
	for (size_t i = 0; i < nc; i++) {
		int y0 = top + (int)i * gh;
		int v[3] = { cats[i].c.opened, cats[i].c.closed, cats[i].c.open };
		strbuf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\">",
			    left - 10, y0 + (3 * bh + 6) / 2 + 5);
		html_escape(o, cats[i].name);
		strbuf_addstr(o, "</text>\n");
		for (int j = 0; j < 3; j++) {
			int y = y0 + j * (bh + 3), w = v[j] * barmax / max;
			strbuf_addf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
				       "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d</text>\n",
				    left, y, w, bh, bar_colors[j], left + w + 4, y + bh - 3, v[j]);
		}
	}
	strbuf_addf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n",
		    left, top - 4, left, H - 8);
	strbuf_addstr(o, "</svg>\n<figcaption>図 SOW大分類別のチケット件数（期間中の起票・完了、期末の未完了）</figcaption>\n</figure>\n");
	free(cats);
}

/* Open backlog at each month end over the last 12 months: vertical bars. */
static void svg_backlog(const struct sss_report *r, struct strbuf *o)
{
	const int W = 680, H = 250, left = 48, right = 12, top = 18, bottom = 46;
	const int pw = W - left - right, ph = H - top - bottom;
	int max = 0, step = 1;
	static const int steps[] = { 1, 2, 5 };

	for (int i = 0; i < 12; i++)
		max = r->hist[i] > max ? r->hist[i] : max;
	/* a round grid step: 1, 2, 5, 10, 20, 50, ... with 4 steps >= max */
	for (int mag = 1, done = 0; !done && mag < 100000000; mag *= 10)
		for (int s = 0; s < 3 && !done; s++)
			if (steps[s] * mag * 4 >= max) {
				step = steps[s] * mag;
				done = 1;
			}
	int ymax = step * 4;
	strbuf_addf(o, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"月末時点の未完了チケット件数（過去12か月）\">\n", W, H, W, H);
	for (int g = 0; g <= 4; g++) {
		int y = top + ph - g * ph / 4;
		strbuf_addf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
			       "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d</text>\n",
			    left, y, W - right, y, g ? "#ddd" : "#555", left - 6, y + 4, g * step);
	}
	int slot = pw / 12, bw = slot * 6 / 10;
	for (int i = 0; i < 12; i++) {
		int y, m, d;
		sss_date_to_ymd(r->hist_at[i], &y, &m, &d);
		bool partial = d != sss_days_in_month(y, m);
		int x = left + i * slot + (slot - bw) / 2;
		int h = r->hist[i] * ph / ymax;
		strbuf_addf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
			       "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>\n",
			    x, top + ph - h, bw, h, partial ? "#93b6de" : "#2f6db5",
			    x + bw / 2, top + ph - h - 4, r->hist[i]);
		strbuf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d月%s</text>\n",
			    x + bw / 2, top + ph + 15, m, partial ? "*" : "");
		if (i == 0 || m == 1)
			strbuf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">%d年</text>\n",
				    x + bw / 2, top + ph + 30, y);
	}
	strbuf_addstr(o, "</svg>\n<figcaption>図 月末時点の未完了チケット件数（過去12か月。* は月途中の集計日時点）</figcaption>\n</figure>\n");
}

static void svg_chart(const struct sss_report *r, const char *name, struct strbuf *o)
{
	if (!strcmp(name, "categories"))
		svg_categories(r, o);
	else if (!strcmp(name, "backlog"))
		svg_backlog(r, o);
}

/* ==== templates and HTML ================================================= */

/* The repository's templates/<name>, else the built-in one. */
static struct sss_error *load_text(const struct sss_report *r, const char *rel,
				   char **text)
{
	struct strbuf fs = STRBUF_INIT;
	struct sss_error *err;
	size_t len;
	int line, col;

	sss_repo_path(r->o.repo, &fs, rel);
	err = sss_read_file_rel(fs.buf, rel, SSS_REPORT_MAX_TEMPLATE, text, &len);
	strbuf_release(&fs);
	if (err && err->code == SSS_ERR_NOTFOUND) {
		const struct sss_embedded_file *f = sss_embedded_find(rel);
		sss_error_free(err);
		if (!f)
			return sss_error(SSS_ERR_NOTFOUND, "no report template '%s'", rel);
		*text = xstrdup(f->data);
		return NULL;
	}
	if (err)
		return err;
	len = sss_text_normalize(*text, len);
	(*text)[len] = '\0';
	if (!sss_utf8_check(*text, len, &line, &col)) {
		free(*text);
		*text = NULL;
		return sss_error(SSS_ERR_PARSE, "'%s' line %d: not valid UTF-8", rel, line);
	}
	return NULL;
}

static struct sss_error *render_html(const struct sss_report *r, const char *md,
				     size_t len, const struct tpl_mark *marks,
				     size_t nmarks, struct strbuf *out)
{
	static const char css_rel[] = "templates/report.css";
	struct strbuf sb = STRBUF_INIT;
	char *css = NULL;
	struct sss_error *err;
	size_t prev = 0;

	if (len > SSS_REPORT_MAX_MARKDOWN)
		return sss_error(SSS_ERR_LIMIT,
				 "the report's Markdown is %zu bytes, more than the %u that are rendered to HTML",
				 len, SSS_REPORT_MAX_MARKDOWN);
	if ((err = load_text(r, css_rel, &css)))
		return err;
	if (strstr(css, "</")) {
		/* it goes inside <style>: "</" could end it */
		err = sss_error(SSS_ERR_INVALID, "'%s': a style sheet must not contain '</'", css_rel);
		goto done;
	}
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			   "style-src 'unsafe-inline'; img-src data:\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<meta name=\"generator\" content=\"sssctl\">\n<title>");
	sss_report_file_name(r, SSS_REPORT_MD, &sb);
	strbuf_setlen(&sb, sb.len - 3);
	html_escape(out, sb.buf);
	strbuf_addstr(out, "</title>\n<style>\n");
	strbuf_addstr(out, css);
	strbuf_addf(out, "</style>\n</head>\n<body>\n<main class=\"report %s\">\n",
		    r->o.kind == SSS_REPORT_MONTHLY ? "monthly" : "weekly");
	for (size_t i = 0; i <= nmarks; i++) {
		size_t end = i < nmarks ? marks[i].offset : len;
		if (end > prev && (err = md_to_html(out, md + prev, end - prev)))
			goto done;
		if (i < nmarks)
			svg_chart(r, marks[i].chart, out);
		prev = end;
	}
	strbuf_addstr(out, "</main>\n</body>\n</html>\n");
done:
	free(css);
	strbuf_release(&sb);
	return err;
}

struct sss_error *sss_report_render(const struct sss_report *r,
				    enum sss_report_format f,
				    struct strbuf *out)
{
	struct strbuf md = STRBUF_INIT, rel = STRBUF_INIT;
	struct tvars *v = NULL;
	struct tpl_mark *marks = NULL;
	size_t nmarks = 0, start = out->len;
	char *tmpl = NULL;
	struct sss_error *err = NULL;

	if (f == SSS_REPORT_JSON) {
		render_json(r, out);
		return NULL;
	}
	strbuf_addf(&rel, "templates/report-%s.md",
		    r->o.kind == SSS_REPORT_MONTHLY ? "monthly" : "weekly");
	if ((err = load_text(r, rel.buf, &tmpl)))
		goto done;
	v = make_vars(r, f);
	if ((err = tpl_render(tmpl, rel.buf, v, charts, &md, &marks, &nmarks)))
		goto done;
	if (f == SSS_REPORT_MD) {
		/* a {@chart} line leaves its blank lines behind: no more than
		 * one blank line in a row (values never hold one, minutes are
		 * quoted) */
		for (size_t i = 0; i < md.len; i++)
			if (md.buf[i] != '\n' || out->len < start + 2 ||
			    out->buf[out->len - 1] != '\n' || out->buf[out->len - 2] != '\n')
				strbuf_addch(out, md.buf[i]);
	} else
		err = render_html(r, md.buf, md.len, marks, nmarks, out);
done:
	if (err)
		strbuf_setlen(out, start);
	for (size_t i = 0; i < nmarks; i++)
		free(marks[i].chart);
	free(marks);
	free(tmpl);
	tv_free(v);
	strbuf_release(&md);
	strbuf_release(&rel);
	return err;
}
