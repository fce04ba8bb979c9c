/* ticket_priv.h - front matter splitting, shared by ticket.c and its
 * tests; not part of the public API. */
#ifndef SSS_TICKET_PRIV_H
#define SSS_TICKET_PRIV_H

#include <stddef.h>

struct sss_error;

/* A ticket file cut in two. Both parts point into the text given to
 * sss_frontmatter_split. */
struct sss_frontmatter {
	const char *yaml; /* the lines between the two "---" lines */
	size_t yaml_len;
	int yaml_line;	  /* file line of yaml's first line (2) */
	const char *body; /* everything after the closing "---" line */
	size_t body_len;
};

/* Copy buf[0..len) into a new NUL-terminated *text (caller frees), drop a
 * UTF-8 BOM, turn CRLF into LF, and refuse files over SSS_TICKET_MAX_FILE,
 * NUL bytes and invalid UTF-8 with "'<path>' line N: ..." messages. */
struct sss_error *sss_frontmatter_text(char **text, size_t *text_len,
				       const char *buf, size_t len,
				       const char *path);
/* The same for a malloc'd buf of len + 1 bytes or more, which it takes:
 * normalised in place and handed back as *text (freed on error). */
struct sss_error *sss_frontmatter_text_take(char **text, size_t *text_len,
					    char *buf, size_t len,
					    const char *path);

/* Split normalised text: it must start with a "---" line and the front
 * matter (at most SSS_TICKET_MAX_FRONTMATTER bytes) must end with another
 * "---" line. Trailing blanks after the dashes are allowed. */
struct sss_error *sss_frontmatter_split(struct sss_frontmatter *fm,
					const char *text, size_t len,
					const char *path);

#endif
