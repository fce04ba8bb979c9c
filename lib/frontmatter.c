/* frontmatter.c - cutting a ticket file into its YAML front matter and
 * its Markdown body. We split it ourselves so that libyaml only ever sees
 * the front matter, never the (larger, free-form) body. */
#include <stdlib.h>
#include <string.h>

#include "sss/error.h"
#include "sss/ticket.h"
#include "sss/utf8.h"
#include "ticket_priv.h"

static int line_of(const char *text, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/* The checks of a ticket's text, normalised already: size, NUL, UTF-8. */
static struct sss_error *check_text(const char *t, size_t len, const char *path)
{
	int line = 0, col = 0;

	if (len > SSS_TICKET_MAX_FILE)
		return sss_error(SSS_ERR_LIMIT,
				 "'%s' is too large (%zu bytes; the limit is %u)",
				 path, len, SSS_TICKET_MAX_FILE);
	if (sss_utf8_check(t, len, &line, &col))
		return NULL; /* which also means: no NUL */
	/* A NUL anywhere gets its own message: the file is binary or
	 * UTF-16, not a Japanese legacy encoding. */
	const char *nul = memchr(t, '\0', len);
	if (nul)
		return sss_error(SSS_ERR_PARSE,
				 "'%s' line %d: NUL byte (is this a text file? "
				 "save it as UTF-8)",
				 path, line_of(t, (size_t)(nul - t)));
	return sss_error(SSS_ERR_PARSE,
			 "'%s' line %d: invalid UTF-8 at byte %d (is the "
			 "file Shift_JIS? save it as UTF-8)",
			 path, line, col);
}

struct sss_error *sss_frontmatter_text(char **text, size_t *text_len,
				       const char *buf, size_t len,
				       const char *path)
{
	*text = NULL;
	*text_len = 0;
	if (len > SSS_TICKET_MAX_FILE)
		return check_text(buf, len, path);
	char *t = sss_text_copy(buf, &len);
	struct sss_error *err = check_text(t, len, path);
	if (err) {
		free(t);
		return err;
	}
	*text = t;
	*text_len = len;
	return NULL;
}

struct sss_error *sss_frontmatter_text_take(char **text, size_t *text_len,
					    char *buf, size_t len,
					    const char *path)
{
	*text = NULL;
	*text_len = 0;
	if (len <= SSS_TICKET_MAX_FILE) {
		len = sss_text_normalize(buf, len);
		buf[len] = '\0';
	}
	struct sss_error *err = check_text(buf, len, path);
	if (err) {
		free(buf);
		return err;
	}
	*text = buf;
	*text_len = len;
	return NULL;
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
