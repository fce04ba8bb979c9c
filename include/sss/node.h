/* node.h - a small YAML document tree, the only place that talks to
 * libyaml. Front matter, the catalog and the config are parsed into it.
 *
 * The parser is strict on purpose: anchors, aliases, tags, complex keys,
 * duplicate keys and multi-document streams are refused; nesting depth,
 * input size and node count are capped (see docs/limits.md). Every node
 * remembers its 1-based line in the original file.
 */
#ifndef SSS_NODE_H
#define SSS_NODE_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;

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

/* Limits of the parser. */
#define SSS_YAML_MAX_DEPTH 32
#define SSS_YAML_MAX_NODES 100000
#define SSS_YAML_MAX_INPUT (8u << 20) /* bytes given to sss_yaml_parse */

/* Parse one YAML document from buf[0..len) (UTF-8, already checked and
 * normalised by the caller). `file` names the source in messages and
 * first_line is the file line of buf's first line. *out is NULL for an
 * empty document. Errors read "'<file>' line N: <what>". */
struct sss_error *sss_yaml_parse(struct sss_node **out, const char *buf,
				 size_t len, const char *file, int first_line);

/* The same, always with libyaml (sss_yaml_parse() first tries a fast
 * path for the YAML sssctl writes; tests compare the two). */
struct sss_error *sss_yaml_parse_libyaml(struct sss_node **out,
					 const char *buf, size_t len,
					 const char *file, int first_line);

void sss_node_free(struct sss_node *n);

/* The value of key in map n, or NULL (also when n is not a map). */
const struct sss_node *sss_node_get(const struct sss_node *n, const char *key);
/* A scalar's string, or NULL when n is NULL or not a scalar. */
const char *sss_node_str(const struct sss_node *n);
/* True when n is a plain scalar YAML reads as null ("", "~", "null"). */
bool sss_node_is_null(const struct sss_node *n);

/* Building trees (the new node is owned by the caller, or by the parent
 * once added). */
struct sss_node *sss_node_new(enum sss_node_kind kind, const char *str);
struct sss_node *sss_node_copy(const struct sss_node *n);
/* Append an item to a SEQ. */
void sss_node_push(struct sss_node *seq, struct sss_node *item);
/* Set key in a MAP (replacing and freeing an old value, or appending). */
void sss_node_set(struct sss_node *map, const char *key, struct sss_node *val);
/* Remove key from a MAP; no-op when absent. */
void sss_node_del(struct sss_node *map, const char *key);

/* Emitting. sssctl writes YAML itself (libyaml's emitter escapes
 * characters outside the BMP): UTF-8 text is written as is, and a scalar
 * is quoted whenever YAML 1.1 would read it as anything but that string
 * (yes, null, 010, 1e3, 2026-11-26, ": ", leading indicators, ...). */

/* True when s must be quoted to read back as the same string; in_flow is
 * for items of a [flow, sequence]. */
bool sss_yaml_needs_quotes(const char *s, bool in_flow);
/* Append s as a scalar: plain when safe, else double-quoted. */
void sss_yaml_emit_str(struct strbuf *out, const char *s, bool in_flow);
/* Append "key: value" lines for the MAP n at the given indent (spaces);
 * sequences of scalars are written in flow style [a, b]. */
void sss_yaml_emit_map(struct strbuf *out, const struct sss_node *n,
		       int indent);
/* Append n as the value after "key:" (starts with a space or a newline
 * for block collections). */
void sss_yaml_emit_value(struct strbuf *out, const struct sss_node *n,
			 int indent);

/* Append n as JSON (scalars as strings; plain null scalars as null). */
void sss_node_to_json(struct strbuf *out, const struct sss_node *n);

#endif
