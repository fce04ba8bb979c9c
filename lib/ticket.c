/* ticket.c - the ticket model: parsing, validating and writing a ticket
 * file, and the body's sections. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/json.h"
#include "sss/escape.h"
#include "sss/id.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/yaml.h"
#include "ticket_priv.h"

enum field {
	F_ID,
	F_TITLE,
	F_SOW,
	F_KIND,
	F_STATUS,
	F_PRIORITY,
	F_ASSIGNEE,
	F_REQUESTER,
	F_CREATED,
	F_UPDATED,
	F_DUE,
	F_CLOSED,
	F_RECURRENCE,
	NFIELDS
};

static const char *const field_names[] = {SSS_TICKET_SCALARS, NULL};

const char *const sss_statuses[] = {
    "open", "in-progress", "waiting", "resolved", "closed", "cancelled", NULL};
static const char *const status_labels[] = {"未着手", "対応中", "保留",
					    "解決済", "完了",	"取消"};
const char *const sss_kinds[] = {"planning", "operations", "request",
				 "incident", "problem",	   "routine",
				 "meeting",  "report",	   NULL};
const char *const sss_priorities[] = {"low", "normal", "high", "urgent", NULL};
static const char *const link_rels[] = {"problem", "incident", "related",
					"duplicate", NULL};

struct link {
	char *rel;
	char *id;
};

struct strlist {
	char **v;
	size_t len, alloc;
};

struct sss_ticket {
	char *path;
	char *field[NFIELDS];
	struct sss_node *params; /* MAP of scalars; never NULL */
	struct link *links;
	size_t nlinks, links_alloc;
	struct strlist tags, docs;
	struct sss_node *extra; /* MAP; never NULL */
	char *body;		/* never NULL */
};

static int set_index(const char *const *set, const char *s)
{
	/* the first byte rules out most names without a call (every scan
	 * looks up each field of every ticket here) */
	for (int i = 0; set[i]; i++)
		if (set[i][0] == s[0] && !strcmp(set[i], s))
			return i;
	return -1;
}

static void join_set(struct strbuf *out, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", set[i]);
}

const char *sss_status_label(const char *status)
{
	int i = status ? set_index(sss_statuses, status) : -1;
	return i < 0 ? NULL : status_labels[i];
}

bool sss_status_is_done(const char *status)
{
	return status &&
	       (!strcmp(status, "resolved") || !strcmp(status, "closed") ||
		!strcmp(status, "cancelled"));
}

/* ---- value syntax ------------------------------------------------------- */

static bool date_valid(const char *s)
{
	sss_date d;
	return sss_date_parse(s, &d) == 0;
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static bool is_instance_char(char c)
{
	return is_key_char(c) || (c >= 'A' && c <= 'Z');
}

/* KEY[/INSTANCE]@PERIOD */
static bool recurrence_valid(const char *s)
{
	const char *p = s;
	if (!is_key_char(*p))
		return false;
	while (is_key_char(*p))
		p++;
	if (*p == '/') {
		p++;
		if (!is_instance_char(*p))
			return false;
		while (is_instance_char(*p))
			p++;
	}
	struct sss_period per;
	return *p == '@' && sss_period_parse(p + 1, &per) == 0;
}

/* A value quoted for a message: control characters made visible and long
 * values cut (at a character boundary). */
static void show(struct strbuf *out, const char *s)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t n = strlen(s), cut = n;
	if (n > 60) {
		cut = 60;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	char *part = xstrndup(s, cut);
	sss_sanitize(&tmp, part, true);
	strbuf_addf(out, "'%s%s'", tmp.buf, cut < n ? "..." : "");
	free(part);
	strbuf_release(&tmp);
}

static struct sss_error *bad_value(const char *field, const char *value,
				   const char *expected)
{
	struct strbuf v = STRBUF_INIT;
	show(&v, value);
	struct sss_error *err =
	    sss_error(SSS_ERR_INVALID, "invalid %s %s (expected %s)", field,
		      v.buf, expected);
	strbuf_release(&v);
	return err;
}

static struct sss_error *bad_set(const char *field, const char *value,
				 const char *const *set)
{
	struct strbuf exp = STRBUF_INIT;
	strbuf_addstr(&exp, "one of ");
	join_set(&exp, set);
	struct sss_error *err = bad_value(field, value, exp.buf);
	strbuf_release(&exp);
	return err;
}

/* Check value (non-empty) for scalar field f. */
static struct sss_error *check_field(enum field f, const char *value)
{
	const char *name = field_names[f];

	if (strchr(value, '\n'))
		return sss_error(SSS_ERR_INVALID, "%s must be a single line",
				 name);
	switch (f) {
	case F_ID:
		if (!sss_id_valid(value))
			return bad_value(name, value,
					 "YYMM-XXXXXX or r-<key>-<period>");
		break;
	case F_TITLE:
		if (!value[strspn(value, " \t")])
			return sss_error(SSS_ERR_INVALID,
					 "title must not be blank");
		break;
	case F_KIND:
		if (set_index(sss_kinds, value) < 0)
			return bad_set(name, value, sss_kinds);
		break;
	case F_STATUS:
		if (set_index(sss_statuses, value) < 0)
			return bad_set(name, value, sss_statuses);
		break;
	case F_PRIORITY:
		if (set_index(sss_priorities, value) < 0)
			return bad_set(name, value, sss_priorities);
		break;
	case F_CREATED:
	case F_UPDATED:
	case F_CLOSED:
		if (sss_datetime_parse(value, NULL) < 0)
			return bad_value(name, value,
					 "a date-time with offset such as "
					 "2026-11-26T09:30:00+09:00");
		break;
	case F_DUE:
		if (!date_valid(value))
			return bad_value(name, value, "a date YYYY-MM-DD");
		break;
	case F_RECURRENCE:
		if (!recurrence_valid(value))
			return bad_value(name, value,
					 "KEY[/INSTANCE]@PERIOD such as "
					 "routine-check@2026-11");
		break;
	default:
		break;
	}
	return NULL;
}

static bool field_required(enum field f)
{
	return f == F_ID || f == F_TITLE || f == F_STATUS || f == F_CREATED;
}

static int field_index(const char *name)
{
	return name ? set_index(field_names, name) : -1;
}

bool sss_ticket_is_field(const char *field)
{
	return field_index(field) >= 0;
}

/* ---- the model ---------------------------------------------------------- */

struct sss_ticket *sss_ticket_new(void)
{
	struct sss_ticket *t = xcalloc(1, sizeof(*t));
	t->params = sss_node_new(SSS_NODE_MAP, NULL);
	t->extra = sss_node_new(SSS_NODE_MAP, NULL);
	t->body = xstrdup("");
	return t;
}

static void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->len; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void strlist_add(struct strlist *l, const char *s)
{
	SSS_GROW(l->v, l->alloc, l->len + 1);
	l->v[l->len++] = xstrdup(s);
}

void sss_ticket_free(struct sss_ticket *t)
{
	if (!t)
		return;
	free(t->path);
	for (int i = 0; i < NFIELDS; i++)
		free(t->field[i]);
	sss_node_free(t->params);
	for (size_t i = 0; i < t->nlinks; i++) {
		free(t->links[i].rel);
		free(t->links[i].id);
	}
	free(t->links);
	strlist_clear(&t->tags);
	strlist_clear(&t->docs);
	sss_node_free(t->extra);
	free(t->body);
	free(t);
}

const char *sss_ticket_path(const struct sss_ticket *t)
{
	return t->path;
}

const char *sss_ticket_get(const struct sss_ticket *t, const char *field)
{
	int f = field_index(field);
	return f < 0 ? NULL : t->field[f];
}

/* sss_ticket_set for field f, known already (field its name). When
 * owned is not NULL it is value, malloc'd, and the ticket takes it
 * (*owned becomes NULL) instead of a copy. */
static struct sss_error *set_field(struct sss_ticket *t, int f,
				   const char *field, const char *value,
				   char **owned);

struct sss_error *sss_ticket_set(struct sss_ticket *t, const char *field,
				 const char *value)
{
	return set_field(t, field_index(field), field, value, NULL);
}

static struct sss_error *set_field(struct sss_ticket *t, int f,
				   const char *field, const char *value,
				   char **owned)
{
	struct sss_error *err = NULL;

	if (f < 0) {
		struct strbuf names = STRBUF_INIT;
		join_set(&names, field_names);
		err =
		    sss_error(SSS_ERR_INVALID, "unknown field '%s' (one of %s)",
			      field, names.buf);
		strbuf_release(&names);
		return sss_error_one_line(err);
	}
	if (!value || !*value) {
		if (field_required(f))
			return sss_error(SSS_ERR_INVALID,
					 "%s is required and cannot be empty",
					 field);
		free(t->field[f]);
		t->field[f] = NULL;
		return NULL;
	}
	err = check_field(f, value);
	if (err)
		return err;
	free(t->field[f]);
	if (owned) {
		t->field[f] = *owned;
		*owned = NULL;
	} else {
		t->field[f] = xstrdup(value);
	}
	return NULL;
}

size_t sss_ticket_param_count(const struct sss_ticket *t)
{
	return t->params->len;
}

const char *sss_ticket_param_name(const struct sss_ticket *t, size_t i)
{
	return i < t->params->len ? t->params->keys[i] : NULL;
}

const char *sss_ticket_param_value(const struct sss_ticket *t, size_t i)
{
	return i < t->params->len ? t->params->items[i]->str : NULL;
}

const char *sss_ticket_param_get(const struct sss_ticket *t, const char *name)
{
	return sss_node_str(sss_node_get(t->params, name));
}

void sss_ticket_param_set(struct sss_ticket *t, const char *name,
			  const char *value)
{
	if (value)
		sss_node_set(t->params, name,
			     sss_node_new(SSS_NODE_SCALAR, value));
	else
		sss_node_del(t->params, name);
}

size_t sss_ticket_link_count(const struct sss_ticket *t)
{
	return t->nlinks;
}

const char *sss_ticket_link_rel(const struct sss_ticket *t, size_t i)
{
	return i < t->nlinks ? t->links[i].rel : NULL;
}

const char *sss_ticket_link_id(const struct sss_ticket *t, size_t i)
{
	return i < t->nlinks ? t->links[i].id : NULL;
}

void sss_ticket_links_format(const struct sss_ticket *t, struct strbuf *out)
{
	for (size_t i = 0; i < t->nlinks; i++)
		strbuf_addf(out, "%s %s\n", t->links[i].rel, t->links[i].id);
}

bool sss_links_next(const char **text, struct strbuf *rel, struct strbuf *id)
{
	const char *p = *text, *sp, *nl;
	if (!p || !*p || !(sp = strchr(p, ' ')) || !(nl = strchr(sp, '\n')))
		return false;
	strbuf_reset(rel);
	strbuf_add(rel, p, (size_t)(sp - p));
	strbuf_reset(id);
	strbuf_add(id, sp + 1, (size_t)(nl - sp - 1));
	*text = nl + 1;
	return true;
}

static struct sss_error *check_link(const char *rel, const char *id)
{
	if (!rel || set_index(link_rels, rel) < 0)
		return bad_set("link rel", rel ? rel : "", link_rels);
	if (!id || !sss_id_valid(id))
		return bad_value("link id", id ? id : "", "a ticket ID");
	return NULL;
}

struct sss_error *sss_ticket_link_add(struct sss_ticket *t, const char *rel,
				      const char *id)
{
	struct sss_error *err = check_link(rel, id);
	if (err)
		return err;
	SSS_GROW(t->links, t->links_alloc, t->nlinks + 1);
	t->links[t->nlinks].rel = xstrdup(rel);
	t->links[t->nlinks++].id = xstrdup(id);
	return NULL;
}

static struct strlist *list_of(const struct sss_ticket *t, const char *list)
{
	struct sss_ticket *m = (struct sss_ticket *)t;
	if (list && !strcmp(list, "tags"))
		return &m->tags;
	if (list && !strcmp(list, "documents"))
		return &m->docs;
	return NULL;
}

size_t sss_ticket_list_count(const struct sss_ticket *t, const char *list)
{
	struct strlist *l = list_of(t, list);
	return l ? l->len : 0;
}

const char *sss_ticket_list_get(const struct sss_ticket *t, const char *list,
				size_t i)
{
	struct strlist *l = list_of(t, list);
	return l && i < l->len ? l->v[i] : NULL;
}

void sss_ticket_list_add(struct sss_ticket *t, const char *list,
			 const char *value)
{
	struct strlist *l = list_of(t, list);
	if (l && value)
		strlist_add(l, value);
}

void sss_ticket_list_clear(struct sss_ticket *t, const char *list)
{
	struct strlist *l = list_of(t, list);
	if (l)
		strlist_clear(l);
}

const struct sss_node *sss_ticket_extra(const struct sss_ticket *t)
{
	return t->extra;
}

const char *sss_ticket_body(const struct sss_ticket *t)
{
	return t->body;
}

void sss_ticket_set_body(struct sss_ticket *t, const char *body)
{
	char *b = xstrdup(body ? body : "");
	free(t->body);
	t->body = b;
}

/* ---- parsing ------------------------------------------------------------ */

/* Put "'<path>' line N" in front of a validation error; in a file such an
 * error means the file cannot be used, so it becomes a parse error. */
static struct sss_error *at(struct sss_error *err, const char *path, int line)
{
	if (err && err->code == SSS_ERR_INVALID)
		err->code = SSS_ERR_PARSE;
	return sss_error_prefix(err, "'%s' line %d", path, line);
}

static const char *kind_name(const struct sss_node *n)
{
	return n->kind == SSS_NODE_SEQ	 ? "a list"
	       : n->kind == SSS_NODE_MAP ? "a map"
					 : "a string";
}

static struct sss_error *wrong_type(const char *path, const struct sss_node *n,
				    const char *key, const char *want)
{
	return sss_error(SSS_ERR_PARSE, "'%s' line %d: '%s' must be %s, not %s",
			 path, n->line, key, want, kind_name(n));
}

static struct sss_error *parse_params(struct sss_ticket *t, struct sss_node *n,
				      const char *path)
{
	if (sss_node_is_null(n))
		return NULL;
	if (n->kind != SSS_NODE_MAP)
		return wrong_type(path, n, "params",
				  "a map of names to values");
	for (size_t i = 0; i < n->len; i++)
		if (n->items[i]->kind != SSS_NODE_SCALAR)
			return sss_error(SSS_ERR_PARSE,
					 "'%s' line %d: params value '%s' must "
					 "be a string, not %s",
					 path, n->items[i]->line, n->keys[i],
					 kind_name(n->items[i]));
	/* moved, not searched: the parser has refused duplicate keys */
	for (size_t i = 0; i < n->len; i++) {
		sss_node_append(t->params, n->keys[i], n->items[i]);
		n->keys[i] = NULL;
		n->items[i] = NULL;
	}
	n->len = 0;
	return NULL;
}

static struct sss_error *parse_links(struct sss_ticket *t,
				     const struct sss_node *n, const char *path)
{
	if (sss_node_is_null(n))
		return NULL;
	if (n->kind != SSS_NODE_SEQ)
		return wrong_type(path, n, "links", "a list of {rel, id}");
	for (size_t i = 0; i < n->len; i++) {
		const struct sss_node *item = n->items[i];
		if (item->kind != SSS_NODE_MAP)
			return wrong_type(path, item, "links",
					  "a list of {rel, id} maps");
		for (size_t k = 0; k < item->len; k++) {
			if (strcmp(item->keys[k], "rel") &&
			    strcmp(item->keys[k], "id"))
				return sss_error(
				    SSS_ERR_PARSE,
				    "'%s' line %d: unknown key '%s' "
				    "in a link (only rel and id)",
				    path, item->items[k]->line, item->keys[k]);
			if (item->items[k]->kind != SSS_NODE_SCALAR)
				return wrong_type(path, item->items[k],
						  item->keys[k], "a string");
		}
		const char *rel = sss_node_str(sss_node_get(item, "rel"));
		const char *id = sss_node_str(sss_node_get(item, "id"));
		if (!rel || !id)
			return sss_error(SSS_ERR_PARSE,
					 "'%s' line %d: a link needs both rel "
					 "and id",
					 path, item->line);
		struct sss_error *err = sss_ticket_link_add(t, rel, id);
		if (err)
			return at(err, path, item->line);
	}
	return NULL;
}

static struct sss_error *parse_list(struct strlist *l, const char *key,
				    const struct sss_node *n, const char *path)
{
	if (sss_node_is_null(n))
		return NULL;
	if (n->kind == SSS_NODE_SCALAR) {
		/* "tags: ApexOne" is a one-item list */
		strlist_add(l, n->str);
		return NULL;
	}
	if (n->kind != SSS_NODE_SEQ)
		return wrong_type(path, n, key, "a list of strings");
	for (size_t i = 0; i < n->len; i++)
		if (n->items[i]->kind != SSS_NODE_SCALAR)
			return wrong_type(path, n->items[i], key,
					  "a list of strings");
	for (size_t i = 0; i < n->len; i++)
		strlist_add(l, n->items[i]->str);
	return NULL;
}

static struct sss_error *parse_key(struct sss_ticket *t, struct sss_node *fm,
				   size_t i, const char *path)
{
	const char *key = fm->keys[i];
	struct sss_node *n = fm->items[i];
	int f = field_index(key);

	if (f >= 0) {
		if (n->kind != SSS_NODE_SCALAR)
			return wrong_type(path, n, key, "a string");
		if (sss_node_is_null(n))
			return NULL; /* "due:" with nothing is unset */
		/* the node's string moves into the ticket */
		return at(set_field(t, f, key, n->str, &n->str), path, n->line);
	}
	if (!strcmp(key, "params"))
		return parse_params(t, n, path);
	if (!strcmp(key, "links"))
		return parse_links(t, n, path);
	if (!strcmp(key, "tags"))
		return parse_list(&t->tags, key, n, path);
	if (!strcmp(key, "documents"))
		return parse_list(&t->docs, key, n, path);
	sss_node_append(t->extra, fm->keys[i], n); /* keys are unique */
	fm->keys[i] = NULL;
	fm->items[i] = NULL;
	return NULL;
}

/* Parse the checked, normalised text (which this frees). */
static struct sss_error *parse_text(struct sss_ticket **out, char *text,
				    size_t text_len, const char *path)
{
	struct sss_error *err = NULL;
	struct sss_ticket *t = NULL;
	struct sss_node *fm = NULL;
	struct sss_frontmatter parts;

	err = sss_frontmatter_split(&parts, text, text_len, path);
	if (err)
		goto done;
	err = sss_yaml_parse(&fm, parts.yaml, parts.yaml_len, path,
			     parts.yaml_line);
	if (err)
		goto done;
	if (!fm || fm->kind != SSS_NODE_MAP) {
		err = sss_error(SSS_ERR_PARSE,
				"'%s' line %d: the front matter must be a map "
				"of keys (id: ..., title: ...)",
				path, fm ? fm->line : 2);
		goto done;
	}
	t = sss_ticket_new();
	t->path = xstrdup(path);
	for (size_t i = 0; i < fm->len; i++) {
		err = parse_key(t, fm, i, path);
		if (err)
			goto done;
	}
	for (int f = 0; f < NFIELDS; f++) {
		if (field_required(f) && !t->field[f]) {
			err =
			    sss_error(SSS_ERR_PARSE,
				      "'%s' line 1: missing required key '%s'",
				      path, field_names[f]);
			goto done;
		}
	}
	free(t->body);
	t->body = xstrndup(parts.body, parts.body_len);
	*out = t;
	t = NULL;
done:
	/* keys and values moved into t were set to NULL in fm */
	if (fm && fm->kind == SSS_NODE_MAP) {
		size_t w = 0;
		for (size_t i = 0; i < fm->len; i++) {
			if (fm->keys[i]) {
				fm->keys[w] = fm->keys[i];
				fm->items[w++] = fm->items[i];
			}
		}
		fm->len = w;
	}
	sss_node_free(fm);
	sss_ticket_free(t);
	free(text);
	return sss_error_one_line(err);
}

struct sss_error *sss_ticket_parse(struct sss_ticket **out, const char *buf,
				   size_t len, const char *path)
{
	char *text;
	size_t text_len;
	*out = NULL;
	struct sss_error *err = sss_frontmatter_text(&text, &text_len, buf, len, path);
	return err ? err : parse_text(out, text, text_len, path);
}

struct sss_error *sss_ticket_load(struct sss_ticket **out, const char *fs_path,
				  const char *rel_path)
{
	struct sss_error *err = NULL;
	char *buf = NULL;
	size_t len = 0;

	*out = NULL;
	err = sss_read_file_rel(fs_path, rel_path, SSS_TICKET_MAX_FILE, &buf,
				&len);
	if (err && err->code == SSS_ERR_LIMIT) {
		sss_error_free(err);
		err = sss_error(SSS_ERR_LIMIT,
				"'%s' is too large (the limit is %u bytes)",
				rel_path, SSS_TICKET_MAX_FILE);
	}
	if (err)
		return err;
	/* the buffer read is normalised and parsed in place */
	char *text;
	size_t text_len;
	if ((err = sss_frontmatter_text_take(&text, &text_len, buf, len, rel_path)))
		return err;
	return parse_text(out, text, text_len, rel_path);
}

/* ---- writing ------------------------------------------------------------ */

/* Dates and date-times are written plain so that they stay dates for
 * other YAML readers (sss_yaml_needs_quotes would quote them). */
static bool field_is_date(enum field f)
{
	return f == F_CREATED || f == F_UPDATED || f == F_DUE || f == F_CLOSED;
}

static void format_list(struct strbuf *out, const char *key,
			const struct strlist *l)
{
	if (!l->len)
		return;
	strbuf_addf(out, "%s: [", key);
	for (size_t i = 0; i < l->len; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		sss_yaml_emit_str(out, l->v[i], true);
	}
	strbuf_addstr(out, "]\n");
}

void sss_ticket_format(const struct sss_ticket *t, struct strbuf *out)
{
	strbuf_addstr(out, "---\n");
	for (int f = 0; f < NFIELDS; f++) {
		const char *v = t->field[f];
		if (!v)
			continue;
		strbuf_addf(out, "%s: ", field_names[f]);
		if (field_is_date(f))
			strbuf_addstr(out, v);
		else
			sss_yaml_emit_str(out, v, false);
		strbuf_addch(out, '\n');
	}
	if (t->params->len) {
		strbuf_addstr(out, "params:\n");
		sss_yaml_emit_map(out, t->params, 2);
	}
	if (t->nlinks) {
		strbuf_addstr(out, "links:\n");
		for (size_t i = 0; i < t->nlinks; i++)
			strbuf_addf(out, "  - rel: %s\n    id: %s\n",
				    t->links[i].rel, t->links[i].id);
	}
	format_list(out, "tags", &t->tags);
	format_list(out, "documents", &t->docs);
	sss_yaml_emit_map(out, t->extra, 0);
	strbuf_addstr(out, "---\n");
	strbuf_addstr(out, t->body);
}

static void json_list(struct sss_json *j, const char *key,
		      const struct strlist *l)
{
	if (!l->len)
		return;
	sss_json_key(j, key);
	sss_json_array(j, SSS_JSON_COMPACT);
	for (size_t i = 0; i < l->len; i++)
		sss_json_string(j, l->v[i]);
	sss_json_end(j);
}

void sss_ticket_write_json(struct sss_json *j, const struct sss_ticket *t,
			   bool with_body)
{
	sss_json_object(j, SSS_JSON_COMPACT);
	for (int f = 0; f < NFIELDS; f++) {
		if (!t->field[f])
			continue;
		sss_json_key(j, field_names[f]);
		sss_json_string(j, t->field[f]);
	}
	if (t->params->len) {
		sss_json_key(j, "params");
		sss_node_write_json(j, t->params);
	}
	if (t->nlinks) {
		sss_json_key(j, "links");
		sss_json_array(j, SSS_JSON_COMPACT);
		for (size_t i = 0; i < t->nlinks; i++) {
			sss_json_object(j, SSS_JSON_COMPACT);
			sss_json_key(j, "rel");
			sss_json_string(j, t->links[i].rel);
			sss_json_key(j, "id");
			sss_json_string(j, t->links[i].id);
			sss_json_end(j);
		}
		sss_json_end(j);
	}
	json_list(j, "tags", &t->tags);
	json_list(j, "documents", &t->docs);
	for (size_t i = 0; i < t->extra->len; i++) {
		/* "path" and "body" are ours in this object */
		if (!strcmp(t->extra->keys[i], "path") ||
		    !strcmp(t->extra->keys[i], "body"))
			continue;
		sss_json_key(j, t->extra->keys[i]);
		sss_node_write_json(j, t->extra->items[i]);
	}
	sss_json_key(j, "path");
	sss_json_string(j, t->path);
	if (with_body) {
		sss_json_key(j, "body");
		sss_json_string(j, t->body);
	}
	sss_json_end(j);
}

void sss_ticket_to_json(const struct sss_ticket *t, struct strbuf *out,
			bool with_body)
{
	struct sss_json j;

	sss_json_init(&j, out, 0);
	sss_ticket_write_json(&j, t, with_body);
}

/* ---- body sections ------------------------------------------------------ */

struct section {
	size_t head;  /* start of the "## name" line */
	size_t start; /* start of the section's first line */
	size_t end;   /* start of the next heading, or the body's end */
};

static size_t line_end(const char *s, size_t off)
{
	const char *nl = strchr(s + off, '\n');
	return nl ? (size_t)(nl - s) : strlen(s);
}

static bool is_fence(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && i < 3 && line[i] == ' ')
		i++;
	return len - i >= 3 &&
	       (!strncmp(line + i, "```", 3) || !strncmp(line + i, "~~~", 3));
}

/* A heading of level 1 or 2 ends a section; "### " stays inside. */
static bool is_top_heading(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && i < 2 && line[i] == '#')
		i++;
	return i > 0 && (i == len || line[i] == ' ' || line[i] == '\t');
}

static bool is_heading_named(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	if (len < 3 + n || strncmp(line, "## ", 3) ||
	    strncmp(line + 3, name, n))
		return false;
	for (size_t i = 3 + n; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return false;
	return true;
}

/* Find "## name" outside code fences. */
static bool find_section(const char *body, const char *name, struct section *s)
{
	size_t len = strlen(body), off = 0;
	bool in_fence = false, found = false;

	while (off < len) {
		size_t e = line_end(body, off);
		const char *line = body + off;
		size_t n = e - off;
		size_t next = e < len ? e + 1 : len;
		if (is_fence(line, n)) {
			in_fence = !in_fence;
		} else if (!in_fence && found && is_top_heading(line, n)) {
			s->end = off;
			return true;
		} else if (!in_fence && !found &&
			   is_heading_named(line, n, name)) {
			found = true;
			s->head = off;
			s->start = next;
		}
		off = next;
	}
	if (found)
		s->end = len;
	return found;
}

static bool blank_line(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* The end (before its newline) of the last non-blank line in
 * body[from..to), or from when there is none. */
static size_t last_content(const char *body, size_t from, size_t to)
{
	size_t off = from, last = from;
	while (off < to) {
		size_t e = line_end(body, off);
		if (e > to)
			e = to;
		if (!blank_line(body, off, e))
			last = e;
		off = e + 1;
	}
	return last;
}

bool sss_ticket_section(const struct sss_ticket *t, const char *name,
			struct strbuf *out)
{
	struct section s;
	if (!find_section(t->body, name, &s))
		return false;
	size_t end = last_content(t->body, s.start, s.end);
	strbuf_add(out, t->body + s.start, end - s.start);
	return true;
}

/* Append "## name\n" + text at the end of the body, after a blank line. */
static void add_section(struct strbuf *b, const char *name, const char *text)
{
	if (b->len && b->buf[b->len - 1] != '\n')
		strbuf_addch(b, '\n');
	if (b->len && !(b->len >= 2 && b->buf[b->len - 2] == '\n'))
		strbuf_addch(b, '\n');
	strbuf_addf(b, "## %s\n", name);
	if (*text) {
		strbuf_addstr(b, text);
		if (text[strlen(text) - 1] != '\n')
			strbuf_addch(b, '\n');
	}
}

static void replace_body(struct sss_ticket *t, struct strbuf *b)
{
	free(t->body);
	t->body = strbuf_detach(b, NULL);
}

/* A body that ends inside a code fence (an unclosed "```") would swallow
 * every line added after it: close the fence first, with the opening
 * line's marker. Markdown renders an unclosed fence up to the end of the
 * document, so the rendered text stays the same. */
static void close_open_fence(struct sss_ticket *t)
{
	size_t len = strlen(t->body), off = 0, mark = 0, mark_len = 0;
	bool in_fence = false;

	while (off < len) {
		size_t e = line_end(t->body, off);
		if (is_fence(t->body + off, e - off)) {
			in_fence = !in_fence;
			mark = off + strspn(t->body + off, " ");
			mark_len = strspn(t->body + mark,
					  t->body[mark] == '`' ? "`" : "~");
		}
		off = e < len ? e + 1 : len;
	}
	if (!in_fence)
		return;
	struct strbuf b = STRBUF_INIT;
	strbuf_addstr(&b, t->body);
	if (b.buf[b.len - 1] != '\n')
		strbuf_addch(&b, '\n');
	strbuf_add(&b, t->body + mark, mark_len);
	strbuf_addch(&b, '\n');
	replace_body(t, &b);
}

void sss_ticket_section_append(struct sss_ticket *t, const char *name,
			       const char *line)
{
	struct strbuf b = STRBUF_INIT;
	struct section s;

	close_open_fence(t);
	if (!find_section(t->body, name, &s)) {
		strbuf_addstr(&b, t->body);
		add_section(&b, name, line);
		replace_body(t, &b);
		return;
	}
	size_t at_ = last_content(t->body, s.start, s.end);
	if (at_ == s.start) {
		/* an empty section: right under the heading */
		strbuf_add(&b, t->body, s.start);
		if (!b.len || b.buf[b.len - 1] != '\n')
			strbuf_addch(&b, '\n');
		strbuf_addf(&b, "%s\n", line);
		strbuf_addstr(&b, t->body + s.start);
	} else {
		/* after the last line with text (at_ is before its newline) */
		strbuf_add(&b, t->body, at_);
		strbuf_addf(&b, "\n%s", line);
		if (!t->body[at_])
			strbuf_addch(&b, '\n');
		strbuf_addstr(&b, t->body + at_);
	}
	replace_body(t, &b);
}

void sss_ticket_section_replace(struct sss_ticket *t, const char *name,
				const char *text)
{
	struct strbuf b = STRBUF_INIT;
	struct section s;

	if (!text)
		text = "";
	close_open_fence(t);
	if (!find_section(t->body, name, &s)) {
		strbuf_addstr(&b, t->body);
		add_section(&b, name, text);
		replace_body(t, &b);
		return;
	}
	strbuf_add(&b, t->body, s.start);
	if (!b.len || b.buf[b.len - 1] != '\n')
		strbuf_addch(&b, '\n');
	if (*text) {
		strbuf_addstr(&b, text);
		if (text[strlen(text) - 1] != '\n')
			strbuf_addch(&b, '\n');
	}
	if (t->body[s.end]) /* a blank line before the next heading */
		strbuf_addch(&b, '\n');
	strbuf_addstr(&b, t->body + s.end);
	replace_body(t, &b);
}

void sss_ticket_checklist_count(const struct sss_ticket *t, int *open,
				int *done)
{
	struct section s;
	int o = 0, d = 0;

	if (find_section(t->body, SSS_SEC_CHECKLIST, &s)) {
		bool in_fence = false;
		for (size_t off = s.start; off < s.end;) {
			size_t e = line_end(t->body, off);
			const char *p = t->body + off;
			if (is_fence(p, e - off))
				in_fence = !in_fence;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!in_fence &&
			    (*p == '-' || *p == '*' || *p == '+') &&
			    p[1] == ' ' && p[2] == '[' && p[3] && p[4] == ']' &&
			    (p[5] == ' ' || p[5] == '\n' || p[5] == '\0')) {
				if (p[3] == ' ')
					o++;
				else if (p[3] == 'x' || p[3] == 'X')
					d++;
			}
			off = e + 1;
		}
	}
	if (open)
		*open = o;
	if (done)
		*done = d;
}
