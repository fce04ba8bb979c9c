/* yaml.h - YAML text to document trees (node.h) and back. Reading
 * (yaml.c) is the only place that talks to libyaml; writing (yamlemit.c)
 * is our own.
 *
 * The parser is strict on purpose: anchors, aliases, tags, complex keys,
 * duplicate keys and multi-document streams are refused; nesting depth,
 * input size and node count are capped (the limits below; README.md,
 * section "Limits", lists them with the others).
 */
#ifndef SSS_YAML_H
#define SSS_YAML_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;
struct sss_node;

/* Limits of the parser. */
#define SSS_YAML_MAX_DEPTH 32
#define SSS_YAML_MAX_NODES 100000
#define SSS_YAML_MAX_INPUT (8u << 20) /* bytes given to sss_yaml_parse */

/* Parse one YAML document from buf[0..len) (UTF-8, already checked and
 * normalised by the caller). `file` names the source in messages and
 * first_line is the file line of buf's first line. *out is the tree,
 * owned by the caller, or NULL for an empty document. Errors read
 * "'<file>' line N: <what>". */
struct sss_error *sss_yaml_parse(struct sss_node **out, const char *buf,
				 size_t len, const char *file, int first_line);

/* The same, always with libyaml (sss_yaml_parse() first tries a fast
 * path for the YAML sssctl writes; tests compare the two). */
struct sss_error *sss_yaml_parse_libyaml(struct sss_node **out,
					 const char *buf, size_t len,
					 const char *file, int first_line);

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

#endif
