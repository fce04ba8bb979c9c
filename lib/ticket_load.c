/* ticket_load.c - reading a ticket file: the front matter's keys into
 * the model, each checked for its type and value. The front matter's
 * tree is read, never changed: it comes from the fast path's arena (a
 * block on the stack) for the YAML sssctl writes, else from libyaml. */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/yaml.h"
#include "ticket_priv.h"
#include "yamlfast.h"

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

static struct sss_error *parse_params(struct sss_ticket *t,
				      const struct sss_node *n, const char *path)
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
	/* appended, not searched: the parser has refused duplicate keys */
	for (size_t i = 0; i < n->len; i++)
		sss_node_append(t->params, xstrdup(n->keys[i]),
				sss_node_copy(n->items[i]));
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
		sss_strlist_add(l, n->str);
		return NULL;
	}
	if (n->kind != SSS_NODE_SEQ)
		return wrong_type(path, n, key, "a list of strings");
	for (size_t i = 0; i < n->len; i++)
		if (n->items[i]->kind != SSS_NODE_SCALAR)
			return wrong_type(path, n->items[i], key,
					  "a list of strings");
	for (size_t i = 0; i < n->len; i++)
		sss_strlist_add(l, n->items[i]->str);
	return NULL;
}

static struct sss_error *parse_key(struct sss_ticket *t,
				   const struct sss_node *fm, size_t i,
				   const char *path)
{
	const char *key = fm->keys[i];
	const struct sss_node *n = fm->items[i];
	int f = sss_ticket_field_index(key);

	if (f >= 0) {
		if (n->kind != SSS_NODE_SCALAR)
			return wrong_type(path, n, key, "a string");
		if (sss_node_is_null(n))
			return NULL; /* "due:" with nothing is unset */
		return at(sss_ticket_load_field(t, f, key, n->str), path,
			  n->line);
	}
	if (!strcmp(key, "params"))
		return parse_params(t, n, path);
	if (!strcmp(key, "links"))
		return parse_links(t, n, path);
	if (!strcmp(key, "tags"))
		return parse_list(&t->tags, key, n, path);
	if (!strcmp(key, "documents"))
		return parse_list(&t->docs, key, n, path);
	/* keys are unique */
	sss_node_append(t->extra, xstrdup(key), sss_node_copy(n));
	return NULL;
}

/* Room for the values of fm's scalar keys (some may not be fields). */
static size_t field_bytes(const struct sss_node *fm)
{
	size_t n = 0;
	for (size_t i = 0; i < fm->len; i++)
		if (fm->items[i]->kind == SSS_NODE_SCALAR)
			n += strlen(fm->items[i]->str) + 1;
	return n;
}

/* A file that git's conflict markers broke says so, not what the YAML
 * parser made of a "<<<<<<< HEAD" line. */
static struct sss_error *conflict_error(struct sss_error *err, const char *text,
					size_t len, const char *path)
{
	char marker;
	int line;

	if (!err || err->code == SSS_ERR_NOMEM ||
	    !(line = sss_ticket_conflict_line(text, len, &marker)))
		return err;
	sss_error_free(err);
	return sss_error(SSS_ERR_PARSE,
			 "'%s': merge conflict (git conflict markers at line %d): "
			 "resolve it and commit the file", path, line);
}

/* Parse the checked, normalised text (which this frees); fast: whether
 * the YAML fast path may read the front matter. */
static struct sss_error *parse_text(struct sss_ticket **out, char *text,
				    size_t text_len, const char *path, bool fast)
{
	struct sss_error *err = NULL;
	struct sss_ticket *t = NULL;
	struct sss_node *slow = NULL; /* libyaml's tree, when fm is not a's */
	const struct sss_node *fm = NULL;
	struct sss_frontmatter parts;
	struct sss_arena a;
	char first[4096]; /* a ticket's tree fits: no malloc */

	sss_arena_init(&a, first, sizeof(first));
	err = sss_frontmatter_split(&parts, text, text_len, path);
	if (err)
		goto done;
	if (fast && parts.yaml_len <= SSS_YAML_MAX_INPUT)
		fm = sss_yaml_parse_fast_in(&a, parts.yaml, parts.yaml_len,
					    parts.yaml_line);
	if (!fm) {
		err = sss_yaml_parse_libyaml(&slow, parts.yaml, parts.yaml_len,
					     path, parts.yaml_line);
		if (err)
			goto done;
		fm = slow;
	}
	if (!fm || fm->kind != SSS_NODE_MAP) {
		err = sss_error(SSS_ERR_PARSE,
				"'%s' line %d: the front matter must be a map "
				"of keys (id: ..., title: ...)",
				path, fm ? fm->line : 2);
		goto done;
	}
	t = sss_ticket_new_loaded(path, field_bytes(fm));
	for (size_t i = 0; i < fm->len; i++) {
		err = parse_key(t, fm, i, path);
		if (err)
			goto done;
	}
	for (int f = 0; f < NFIELDS; f++) {
		if (sss_ticket_field_required(f) && !t->field[f]) {
			err =
			    sss_error(SSS_ERR_PARSE,
				      "'%s' line 1: missing required key '%s'",
				      path, sss_ticket_fields[f]);
			goto done;
		}
	}
	t->body = xstrndup(parts.body, parts.body_len);
	*out = t;
	t = NULL;
done:
	sss_node_free(slow);
	sss_arena_release(&a);
	sss_ticket_free(t);
	err = conflict_error(err, text, text_len, path);
	free(text);
	return sss_error_one_line(err);
}

struct sss_error *sss_ticket_parse_with(struct sss_ticket **out,
					const char *buf, size_t len,
					const char *path, bool fast)
{
	char *text;
	size_t text_len;
	*out = NULL;
	struct sss_error *err =
	    sss_frontmatter_text(&text, &text_len, buf, len, path);
	return err ? err : parse_text(out, text, text_len, path, fast);
}

struct sss_error *sss_ticket_parse(struct sss_ticket **out, const char *buf,
				   size_t len, const char *path)
{
	return sss_ticket_parse_with(out, buf, len, path, true);
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
	if ((err = sss_frontmatter_text_take(&text, &text_len, buf, len,
					     rel_path)))
		return err;
	return parse_text(out, text, text_len, rel_path, true);
}

/* Whether the line at p (len bytes to the buffer's end) is a marker. */
static bool conflict_marker(const char *p, size_t len)
{
	const size_t size = 7; /* git's default conflict-marker-size */
	char c = *p, next;

	if ((c != '<' && c != '=' && c != '>') || len < size)
		return false;
	for (size_t i = 1; i < size; i++)
		if (p[i] != c)
			return false;
	next = len > size ? p[size] : '\n';
	if (c == '=')
		return next == '\n' || next == '\r';
	return next == ' ' || next == '\n' || next == '\r';
}

int sss_ticket_conflict_line(const char *buf, size_t len, char *marker)
{
	int line = 1;

	for (size_t i = 0; i < len; line++) {
		if (conflict_marker(buf + i, len - i)) {
			*marker = buf[i];
			return line;
		}
		const char *nl = memchr(buf + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - buf) + 1;
	}
	return 0;
}
