/* fuzz_template.c - "{name}" placeholders (sss_template_fill and
 * sss_template_names).
 *
 * Input: a pattern, then after the first NUL byte a list of name=value
 * lines (the lookup table). Properties: fill and names agree on whether a
 * pattern is well-formed; a failed fill leaves the buffer as it was; a
 * successful fill of a pattern with no placeholders gives the pattern
 * with "{{" and "}}" halved; a name the lookup does not know is an error
 * naming it. */
#include "fuzz.h"
#include "sss/template.h"

struct table {
	char *names[16], *values[16];
	size_t n;
};

static const char *lookup(const char *name, void *data)
{
	struct table *t = data;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->names[i], name))
			return t->values[i];
	return NULL;
}

struct seen {
	size_t n;
	char *first;
};

static void on_name(const char *name, void *data)
{
	struct seen *s = data;
	if (!*name)
		FUZZ_FAIL("empty placeholder name reported");
	if (!s->first)
		s->first = xstrdup(name);
	s->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_str(data, size);
	const char *pattern = in;
	size_t plen = strlen(in);
	struct table tab = {{NULL}, {NULL}, 0};
	struct seen seen = {0, NULL};
	struct strbuf out = STRBUF_INIT;
	struct sss_error *ferr, *nerr;

	/* the table: name=value lines after the pattern's NUL */
	if (plen < size) {
		char *p = in + plen + 1, *end = in + size;
		while (p < end && tab.n < 16) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *line_end = nl ? nl : end;
			*line_end = '\0';
			char *eq = strchr(p, '=');
			if (eq) {
				*eq = '\0';
				tab.names[tab.n] = p;
				tab.values[tab.n++] = eq + 1;
			}
			p = line_end + 1;
		}
	}
	strbuf_addstr(&out, "prefix:");
	ferr = sss_template_fill(&out, pattern, lookup, &tab);
	nerr = sss_template_names(pattern, on_name, &seen);
	if (ferr) {
		fuzz_check_error(ferr, NULL);
		if (strcmp(out.buf, "prefix:"))
			FUZZ_FAIL("a failed fill left '%s' behind", out.buf);
		/* only a missing value may fail the fill of a good pattern */
		if (!nerr && ferr->code != SSS_ERR_INVALID)
			FUZZ_FAIL("fill refused a pattern names accepts: %s",
				  ferr->msg);
	} else if (nerr) {
		FUZZ_FAIL("fill accepted a pattern names refuses: %s",
			  nerr->msg);
	}
	if (nerr)
		fuzz_check_error(nerr, NULL);
	if (!nerr && !seen.n) {
		/* no placeholders: the text with doubled braces halved */
		struct strbuf want = STRBUF_INIT;
		strbuf_addstr(&want, "prefix:");
		for (const char *p = pattern; *p; p++) {
			strbuf_addch(&want, *p);
			if ((*p == '{' || *p == '}') && p[1] == *p)
				p++;
		}
		if (!ferr && strcmp(want.buf, out.buf))
			FUZZ_FAIL("fill gave '%s', want '%s'", out.buf, want.buf);
		strbuf_release(&want);
	}
	if (!nerr && seen.n && !lookup(seen.first, &tab)) {
		/* the message shows line breaks as "\n": compare the part
		 * before the first one */
		seen.first[strcspn(seen.first, "\r\n")] = '\0';
		if (!ferr || !strstr(ferr->msg, seen.first))
			FUZZ_FAIL("unknown placeholder '%s' not reported",
				  seen.first);
	}
	sss_error_free(ferr);
	sss_error_free(nerr);
	free(seen.first);
	strbuf_release(&out);
	free(in);
	return 0;
}
