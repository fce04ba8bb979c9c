/* embedded.h - the default catalog (sow/) and templates (templates/)
 * compiled into the binary by the Makefile. */
#ifndef SSS_EMBEDDED_H
#define SSS_EMBEDDED_H

#include <stddef.h>

struct sss_embedded_file {
	const char *path; /* "sow/kpbe.yml", "templates/ticket.md" */
	const char *data; /* NUL-terminated */
	size_t len;
};

/* Terminated by an entry with path NULL. */
extern const struct sss_embedded_file sss_embedded[];

/* The embedded file at path, or NULL. */
const struct sss_embedded_file *sss_embedded_find(const char *path);

#endif
