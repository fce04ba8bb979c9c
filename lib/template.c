/* template.c - "{name}" placeholders in ticket titles and bodies.
 *
 * The syntax is deliberately tiny: "{name}" is a placeholder, "{{" and
 * "}}" are literal braces, and everything else is copied as is. A name is
 * any non-empty text without braces (the catalog restricts it further to
 * its six Japanese names). One scanner serves both filling and listing,
 * so the two can never disagree about what a pattern means.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/template.h"

/* Called for literal text (lit, len) and for placeholders (name, with
 * lit NULL). A non-NULL return stops the scan. */
typedef struct sss_error *(*scan_fn)(const char *lit, size_t len,
				     const char *name, void *data);

static struct sss_error *scan(const char *pattern, scan_fn fn, void *data)
{
	struct sss_error *err = NULL;
	struct strbuf name = STRBUF_INIT;
	const char *p = pattern;

	while (*p) {
		size_t n = strcspn(p, "{}");
		if (n) {
			if ((err = fn(p, n, NULL, data)))
				goto done;
			p += n;
			continue;
		}
		if (p[0] == p[1]) {
			/* "{{" or "}}": one literal brace */
			if ((err = fn(p, 1, NULL, data)))
				goto done;
			p += 2;
			continue;
		}
		if (*p == '}') {
			err =
			    sss_error(SSS_ERR_PARSE,
				      "unmatched '}' in '%s' (write '}}' for a "
				      "literal brace)",
				      pattern);
			goto done;
		}
		const char *start = p + 1;
		size_t len = strcspn(start, "{}");
		if (start[len] != '}') {
			err =
			    sss_error(SSS_ERR_PARSE,
				      "unterminated placeholder in '%s' (write "
				      "'{{' for a literal brace)",
				      pattern);
			goto done;
		}
		if (len == 0) {
			err = sss_error(SSS_ERR_PARSE,
					"empty placeholder '{}' in '%s'",
					pattern);
			goto done;
		}
		strbuf_reset(&name);
		strbuf_add(&name, start, len);
		if ((err = fn(NULL, 0, name.buf, data)))
			goto done;
		p = start + len + 1;
	}
done:
	strbuf_release(&name);
	return err;
}

struct fill_state {
	struct strbuf *out;
	sss_template_lookup lookup;
	void *data;
};

static struct sss_error *fill_one(const char *lit, size_t len, const char *name,
				  void *data)
{
	struct fill_state *st = data;

	if (lit) {
		strbuf_add(st->out, lit, len);
		return NULL;
	}
	const char *val = st->lookup ? st->lookup(name, st->data) : NULL;
	if (!val)
		return sss_error(SSS_ERR_INVALID,
				 "missing value for placeholder '%s'", name);
	strbuf_addstr(st->out, val);
	return NULL;
}

struct sss_error *sss_template_fill(struct strbuf *out, const char *pattern,
				    sss_template_lookup lookup, void *data)
{
	struct fill_state st = {out, lookup, data};
	size_t old_len = out->len;
	struct sss_error *err = scan(pattern, fill_one, &st);

	/* a failed fill leaves nothing half-written behind */
	if (err)
		strbuf_setlen(out, old_len);
	return sss_error_one_line(err);
}

struct names_state {
	char **names;
	size_t n, alloc;
};

static struct sss_error *collect_name(const char *lit, size_t len,
				      const char *name, void *data)
{
	struct names_state *st = data;

	(void)len;
	if (lit)
		return NULL;
	for (size_t i = 0; i < st->n; i++)
		if (!strcmp(st->names[i], name))
			return NULL;
	SSS_GROW(st->names, st->alloc, st->n + 1);
	st->names[st->n++] = xstrdup(name);
	return NULL;
}

struct sss_error *sss_template_names(const char *pattern,
				     void (*fn)(const char *name, void *data),
				     void *data)
{
	struct names_state st = {NULL, 0, 0};
	struct sss_error *err = scan(pattern, collect_name, &st);

	/* report names only for a pattern that is well-formed throughout */
	if (!err)
		for (size_t i = 0; i < st.n; i++)
			fn(st.names[i], data);
	for (size_t i = 0; i < st.n; i++)
		free(st.names[i]);
	free(st.names);
	return sss_error_one_line(err);
}
