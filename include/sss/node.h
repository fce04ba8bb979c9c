/* node.h - a small YAML document tree. Front matter, the catalog and the
 * config are parsed into it (yaml.h reads and writes the text); every
 * node remembers its 1-based line in the original file. A tree owns all
 * its nodes, keys and strings: sss_node_free() on the root frees them. */
#ifndef SSS_NODE_H
#define SSS_NODE_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_json;

enum sss_node_kind { SSS_NODE_SCALAR, SSS_NODE_SEQ, SSS_NODE_MAP };

struct sss_node {
	enum sss_node_kind kind;
	int line;           /* 1-based line in the file */
	bool plain;         /* SCALAR: written without quotes or block style */
	char *str;          /* SCALAR: the value, NUL-terminated */
	size_t len;         /* SEQ: items; MAP: pairs */
	size_t alloc;
	char **keys;        /* MAP: keys[i] maps to items[i] */
	struct sss_node **items;
};

/* Free n and everything under it; NULL is a no-op. */
void sss_node_free(struct sss_node *n);

/* The value of key in map n, or NULL (also when n is not a map). The
 * node belongs to n. */
const struct sss_node *sss_node_get(const struct sss_node *n, const char *key);
/* A scalar's string (owned by n), or NULL when n is NULL or not a
 * scalar. */
const char *sss_node_str(const struct sss_node *n);
/* True when n is a plain scalar YAML reads as null ("", "~", "null"). */
bool sss_node_is_null(const struct sss_node *n);

/* Building trees (the new node is owned by the caller, or by the parent
 * once added). */
struct sss_node *sss_node_new(enum sss_node_kind kind, const char *str);
/* A deep copy of n (NULL for NULL), owned by the caller. */
struct sss_node *sss_node_copy(const struct sss_node *n);
/* Append an item to a SEQ; the SEQ takes it. */
void sss_node_push(struct sss_node *seq, struct sss_node *item);
/* Set key in a MAP (replacing and freeing an old value, or appending);
 * the key is copied, the MAP takes val. */
void sss_node_set(struct sss_node *map, const char *key, struct sss_node *val);
/* Append key (malloc'd) and val to a MAP, which takes both, without
 * looking for an existing key: for callers that have ruled duplicates
 * out already (a search per key would make building a map quadratic). */
void sss_node_append(struct sss_node *map, char *key, struct sss_node *val);
/* Remove key from a MAP; no-op when absent. */
void sss_node_del(struct sss_node *map, const char *key);

/* Write n as the next value of j, compact (scalars as strings; plain
 * null scalars and a NULL n as null). */
void sss_node_write_json(struct sss_json *j, const struct sss_node *n);
/* The same appended to out, as a JSON text of its own. */
void sss_node_to_json(struct strbuf *out, const struct sss_node *n);

#endif
