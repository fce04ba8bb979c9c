/* yamlfast.h - the fast path of sss_yaml_parse() (see yamlfast.c). */
#ifndef SSS_YAMLFAST_H
#define SSS_YAMLFAST_H

#include <stdbool.h>
#include <stddef.h>

struct sss_arena;
struct sss_node;

/* Parse buf when it uses only the YAML that sssctl writes: true with the
 * tree in *out, identical to what libyaml would give; false (and *out
 * NULL) when libyaml must read it. */
bool sss_yaml_parse_fast(struct sss_node **out, const char *buf, size_t len,
			 int first_line);

/* The same built in a: the tree (NULL when libyaml must read buf) is
 * a's, valid until a is released, and must not go to sss_node_free()
 * or be changed. */
const struct sss_node *sss_yaml_parse_fast_in(struct sss_arena *a,
					      const char *buf, size_t len,
					      int first_line);

#endif
