/* node.c - the YAML document tree: building, reading and changing it,
 * and writing it as JSON. Reading and writing YAML text is yaml.c's and
 * yamlemit.c's. */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/json.h"
#include "sss/node.h"
#include "sss/strbuf.h"

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

void sss_node_append(struct sss_node *map, char *key, struct sss_node *val)
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
			sss_node_append(c, xstrdup(n->keys[i]),
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
	sss_node_append(map, xstrdup(key), val);
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

/* ---- JSON --------------------------------------------------------------- */

void sss_node_write_json(struct sss_json *j, const struct sss_node *n)
{
	if (!n || sss_node_is_null(n)) {
		sss_json_null(j);
		return;
	}
	if (n->kind == SSS_NODE_SCALAR) {
		sss_json_string(j, n->str);
		return;
	}
	if (j->depth >= SSS_JSON_MAX_DEPTH) {
		/* A writer holds as many open containers as the YAML parser
		 * allows nesting; a tree nested inside other JSON can go
		 * deeper, and its deepest part gets a writer of its own. */
		struct strbuf sub = STRBUF_INIT;
		sss_node_to_json(&sub, n);
		sss_json_raw(j, sub.buf, sub.len);
		strbuf_release(&sub);
		return;
	}
	if (n->kind == SSS_NODE_SEQ) {
		sss_json_array(j, SSS_JSON_COMPACT);
		for (size_t i = 0; i < n->len; i++)
			sss_node_write_json(j, n->items[i]);
	} else {
		sss_json_object(j, SSS_JSON_COMPACT);
		for (size_t i = 0; i < n->len; i++) {
			sss_json_key(j, n->keys[i]);
			sss_node_write_json(j, n->items[i]);
		}
	}
	sss_json_end(j);
}

void sss_node_to_json(struct strbuf *out, const struct sss_node *n)
{
	struct sss_json j;

	sss_json_init(&j, out, 0);
	sss_node_write_json(&j, n);
}
