/* frontmatter.c - cutting a ticket file into its YAML front matter and
 * its Markdown body. We split it ourselves so that libyaml only ever sees
 * the front matter, never the (larger, free-form) body. */
#include <stdlib.h>
#include <string.h>

#include "sss/error.h"
#include "sss/ticket.h"
#include "sss/util.h"
#include "ticket_priv.h"

static int line_of(const char *text, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

struct sss_error *sss_frontmatter_text(char **text, size_t *text_len,
				       const char *buf, size_t len,
				       const char *path)
{
	struct sss_error *err = NULL;
	char *t = NULL;
	const char *nul;
	int line = 0, col = 0;

	*text = NULL;
	*text_len = 0;
	if (len > SSS_TICKET_MAX_FILE) {
		err =
		    sss_error(SSS_ERR_LIMIT,
			      "'%s' is too large (%zu bytes; the limit is %u)",
			      path, len, SSS_TICKET_MAX_FILE);
		goto done;
	}
	t = sss_text_copy(buf, &len);
	/* A NUL gets its own message: the file is binary or UTF-16, not a
	 * Japanese legacy encoding. */
	nul = memchr(t, '\0', len);
	if (nul) {
		err = sss_error(SSS_ERR_PARSE,
				"'%s' line %d: NUL byte (is this a text file? "
				"save it as UTF-8)",
				path, line_of(t, (size_t)(nul - t)));
		goto done;
	}
	if (!sss_utf8_check(t, len, &line, &col)) {
		err =
		    sss_error(SSS_ERR_PARSE,
			      "'%s' line %d: invalid UTF-8 at byte %d (is the "
			      "file Shift_JIS? save it as UTF-8)",
			      path, line, col);
		goto done;
	}
	*text = t;
	*text_len = len;
	t = NULL;
done:
	free(t);
	return err;
}

/* Is text[off..) a "---" line (trailing blanks allowed)? Sets *next to
 * the start of the following line (or len). */
static bool dash_line(const char *text, size_t len, size_t off, size_t *next)
{
	const char *nl = memchr(text + off, '\n', len - off);
	size_t end = nl ? (size_t)(nl - text) : len;

	*next = nl ? end + 1 : len;
	if (end - off < 3 || memcmp(text + off, "---", 3) != 0)
		return false;
	for (size_t i = off + 3; i < end; i++)
		if (text[i] != ' ' && text[i] != '\t')
			return false;
	return true;
}

struct sss_error *sss_frontmatter_split(struct sss_frontmatter *fm,
					const char *text, size_t len,
					const char *path)
{
	size_t off, next;

	memset(fm, 0, sizeof(*fm));
	if (!dash_line(text, len, 0, &next))
		return sss_error(SSS_ERR_PARSE,
				 "'%s' line 1: no front matter (the file must "
				 "start with a '---' line)",
				 path);
	size_t start = next;
	for (off = start; off < len; off = next) {
		if (off - start > SSS_TICKET_MAX_FRONTMATTER)
			return sss_error(SSS_ERR_LIMIT,
					 "'%s' line 2: the front matter is too "
					 "large (the limit is %u bytes)",
					 path, SSS_TICKET_MAX_FRONTMATTER);
		if (dash_line(text, len, off, &next)) {
			fm->yaml = text + start;
			fm->yaml_len = off - start;
			fm->yaml_line = 2;
			fm->body = text + next;
			fm->body_len = len - next;
			return NULL;
		}
	}
	return sss_error(SSS_ERR_PARSE,
			 "'%s' line 1: the front matter is not closed (no "
			 "'---' line after the one on line 1)",
			 path);
}
