/* grep.c - sssctl grep: PCRE2 search over ticket titles and bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/i18n.h"
#include "sss/query.h"
#include "sss/scan.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/utf8.h"

struct state {
	struct sss_ctx *ctx;
	struct sss_regex *re;
	bool names_only;
	bool prefilter; /* the pattern can be tried on the whole file first */
	size_t matches;
	int broken;
	struct sss_error *fatal;
	struct strbuf out;
};

static void emit(struct state *st, const char *id, const char *where, const char *text,
		 size_t len)
{
	char *line = xstrndup(text, len);
	strbuf_addf(&st->out, "%s:%s:", id, where);
	sss_sanitize(&st->out, line, true);
	strbuf_addch(&st->out, '\n');
	free(line);
}

/* Whether a match in a title or body line is also a match somewhere in
 * the file's text: true unless the pattern asserts something about the
 * context (anchors, lookaround, verbs), which differs between the title
 * alone and its "title: ..." line. */
static bool context_free(const char *pattern)
{
	static const char *const asserts[] = { "^", "$", "\\A", "\\Z", "\\z",
					       "\\G", "(?=", "(?!", "(?<", "(*" };
	for (size_t i = 0; i < sizeof(asserts) / sizeof(asserts[0]); i++)
		if (strstr(pattern, asserts[i]))
			return false;
	return true;
}

/* False only when the ticket in raw[0..len) surely has no match: its
 * title is written on one line without escapes (so the value stands in
 * the file as it is) and the pattern matches nowhere in the text. Most
 * tickets of a search are ruled out here without parsing them. */
static bool maybe_matches(struct state *st, char *raw, size_t len)
{
	const char *t = strstr(raw, "\ntitle: ");
	bool hit;
	if (!t)
		return true;
	t += 8;
	const char *nl = strchr(t, '\n');
	if (!nl || nl[1] == ' ' || *t == '|' || *t == '>' ||
	    memchr(t, '\\', (size_t)(nl - t)) || memchr(t, '\r', (size_t)(nl - t)))
		return true;
	for (const char *q = t; q + 1 < nl; q++)
		if (q[0] == '\'' && q[1] == '\'')
			return true;
	/* PCRE2's own UTF-8 check of each file cost more than the match:
	 * sss_utf8_check() is several times faster (a file it refuses, or
	 * with a NUL, is matched as before) */
	struct sss_error *err =
	    sss_utf8_check(raw, len, NULL, NULL)
		    ? sss_regex_match_valid(st->re, raw, len, &hit)
		    : sss_regex_match(st->re, raw, len, &hit);
	if (err) {
		/* e.g. invalid UTF-8: the full read reports it */
		sss_error_free(err);
		return true;
	}
	return hit;
}

static int each(struct state *st, struct sss_scan_item *it)
{
	const char *rel = sss_scan_rel(it);
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	bool hit = false, any = false;
	char *raw = NULL;
	size_t len = 0;

	/* read the file here, not parsed by the scan, to number body lines
	 * as they stand in the file */
	if ((err = sss_scan_read(it, &raw, &len)))
		goto broken;
	if (st->prefilter && !maybe_matches(st, raw, len))
		goto done;
	if ((err = sss_ticket_parse(&t, raw, len, rel))) {
broken:
		cmd_warn(err);
		st->broken++;
		goto done;
	}
	len = sss_text_normalize(raw, len);
	const char *id = sss_ticket_get(t, "id");
	const char *title = sss_ticket_get(t, "title");
	const char *body = sss_ticket_body(t);
	int lineno = 0;
	size_t blen = body ? strlen(body) : 0;
	for (size_t i = 0; blen <= len && i < len - blen; i++)
		lineno += raw[i] == '\n';
	if ((err = sss_regex_match(st->re, title, strlen(title), &hit)))
		goto fail;
	if (hit) {
		any = true;
		if (!st->names_only)
			emit(st, id, "title", title, strlen(title));
	}
	/* one pass over the whole body first: most tickets do not match */
	if (body && *body && (!any || !st->names_only)) {
		bool body_hit;
		if ((err = sss_regex_match(st->re, body, strlen(body), &body_hit)))
			goto fail;
		for (const char *p = body; body_hit && *p;) {
			size_t n = strcspn(p, "\n");
			lineno++;
			if ((err = sss_regex_match(st->re, p, n, &hit)))
				goto fail;
			if (hit) {
				any = true;
				if (st->names_only)
					break;
				char where[32];
				snprintf(where, sizeof(where), "%d", lineno);
				emit(st, id, where, p, n);
			}
			p += n + (p[n] == '\n');
		}
	}
	if (any) {
		st->matches++;
		if (st->names_only)
			strbuf_addf(&st->out, "%s\n", id);
	}
	fwrite(st->out.buf, 1, st->out.len, stdout);
	strbuf_reset(&st->out);
	goto done;
fail:
	st->fatal = sss_error_prefix(err, "'%s'", rel);
done:
	sss_ticket_free(t);
	free(raw);
	return st->fatal != NULL;
}

/* Search every ticket file in path order, until a fatal error. */
static struct sss_error *search(struct state *st)
{
	struct sss_scan *scan = sss_scan_open(st->ctx->repo, SSS_SCAN_RAW);
	struct sss_scan_item *it;
	struct sss_error *err;
	while (!(err = sss_scan_next(scan, &it)) && it && !each(st, it))
		;
	sss_scan_close(scan);
	return err;
}

CMD(grep)
{
	struct state st = { ctx, NULL, false, false, 0, 0, NULL, STRBUF_INIT };
	bool caseless = false;
	struct cmd_option opts[] = {
		OPT_BOOL('i', "ignore-case", &caseless, CMD_OPT_SHOW_SHORT),
		OPT_BOOL('l', "files-with-matches", &st.names_only, CMD_OPT_SHOW_SHORT),
		OPT_OPERANDS("PATTERN", 0),
		OPT_END(),
	};
	struct sss_error *err;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		goto done;
	if (argc != 1) {
		err = cmd_usage_error(ctx, "give one PATTERN");
		goto done;
	}
	st.prefilter = context_free(argv[0]);
	if ((err = cmd_check_text(_("the pattern"), argv[0])) ||
	    (err = sss_regex_compile(&st.re, argv[0], caseless)) ||
	    (err = search(&st)))
		goto done;
	err = st.fatal;
done:
	sss_regex_free(st.re);
	strbuf_release(&st.out);
	/* like grep: 1 when nothing matched */
	if (!err && (st.broken || !st.matches))
		err = CMD_EXIT_FAILED;
	return err;
}
