/* template.h - filling "{name}" placeholders (ticket titles, bodies). */
#ifndef SSS_TEMPLATE_H
#define SSS_TEMPLATE_H

#include <stddef.h>

struct strbuf;
struct sss_error;

/* Look up the value of placeholder name; return NULL when unknown. */
typedef const char *(*sss_template_lookup)(const char *name, void *data);

/* Append pattern to out with every "{name}" replaced by lookup's value.
 * "{{" and "}}" stand for literal braces. A placeholder with no value is
 * an error naming it ("missing value for placeholder '事象'"); an
 * unterminated "{" is an error too. */
struct sss_error *sss_template_fill(struct strbuf *out, const char *pattern,
				    sss_template_lookup lookup, void *data);

/* Call fn for each distinct placeholder name of pattern, in order of first
 * appearance. Returns an error for a malformed pattern. */
struct sss_error *sss_template_names(const char *pattern,
				     void (*fn)(const char *name, void *data),
				     void *data);

#endif
