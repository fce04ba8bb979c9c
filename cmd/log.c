/* log.c - sssctl log: the audit trail of one ticket or of all, with the
 * fields each commit changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

static const char *const scalars[] = { SSS_TICKET_SCALARS, NULL };

struct state {
	bool tsv;
	long max, shown;
	struct strbuf out;
};

/* The value of a trailer line "Key: value" in a commit message. */
static void trailer(const char *msg, const char *key, struct strbuf *out)
{
	size_t klen = strlen(key);
	for (const char *p = msg; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, key, klen) && p[klen] == ':' && p[klen + 1] == ' ') {
			strbuf_add(out, p + klen + 2, strcspn(p + klen + 2, "\n"));
			return;
		}
	}
}

/* A list-valued part of a ticket as one comparable string. */
static void flat(const struct sss_ticket *t, const char *what, struct strbuf *out)
{
	if (!t)
		return;
	if (!strcmp(what, "params")) {
		for (size_t i = 0; i < sss_ticket_param_count(t); i++)
			strbuf_addf(out, "%s%s=%s", i ? ", " : "", sss_ticket_param_name(t, i),
				    sss_ticket_param_value(t, i));
	} else if (!strcmp(what, "links")) {
		for (size_t i = 0; i < sss_ticket_link_count(t); i++)
			strbuf_addf(out, "%s%s:%s", i ? ", " : "", sss_ticket_link_rel(t, i),
				    sss_ticket_link_id(t, i));
	} else {
		for (size_t i = 0; i < sss_ticket_list_count(t, what); i++)
			strbuf_addf(out, "%s%s", i ? ", " : "", sss_ticket_list_get(t, what, i));
	}
}

static void change(struct state *st, const char *head, const char *field,
		   const char *old, const char *new)
{
	struct strbuf *o = &st->out;
	if (st->tsv) {
		strbuf_addf(o, "%s\t%s\t", head, field);
		sss_sanitize(o, old ? old : "", true);
		strbuf_addch(o, '\t');
		sss_sanitize(o, new ? new : "", true);
		strbuf_addch(o, '\n');
	} else {
		strbuf_addf(o, "    %s: ", field);
		sss_sanitize(o, old ? old : "", true);
		strbuf_addstr(o, " → ");
		sss_sanitize(o, new ? new : "", true);
		strbuf_addch(o, '\n');
	}
}

/* The work-log entries new has and old has not (each of old's matched
 * once): one "spent 1h30m (NAME)" line for each with spent time. Returns
 * whether the body changed in more than the status entries added, which
 * the status line shows already. */
static bool worklog_changes(struct state *st, const char *head,
			    const struct sss_ticket *old, const struct sss_ticket *new)
{
	struct sss_worklog_iter *it = sss_worklog_open(old, 0);
	const struct sss_worklog_entry *e;
	struct { const char *p; size_t len; bool used; } *seen = NULL;
	size_t n = 0, alloc = 0;
	struct strbuf rest = STRBUF_INIT, v = STRBUF_INIT;
	const char *body = sss_ticket_body(new), *from = body;

	while ((e = sss_worklog_next(it))) {
		SSS_GROW(seen, alloc, n + 1);
		seen[n].p = e->line;
		seen[n].len = e->len;
		seen[n++].used = false;
	}
	sss_worklog_close(it);
	it = sss_worklog_open(new, 0);
	while ((e = sss_worklog_next(it))) {
		size_t i = 0;
		while (i < n && (seen[i].used || seen[i].len != e->len ||
				 memcmp(seen[i].p, e->line, e->len)))
			i++;
		if (i < n) {
			seen[i].used = true;
			continue;
		}
		if (e->spent_min > 0) {
			strbuf_reset(&v);
			sss_duration_format(&v, e->spent_min);
			if (st->tsv) {
				change(st, head, "spent", "", v.buf);
			} else {
				strbuf_addf(&st->out, "    spent %s (", v.buf);
				sss_sanitize(&st->out, e->author, true);
				strbuf_addstr(&st->out, ")\n");
			}
		}
		if (!e->status_to)
			continue;
		/* cut a status entry out, with its line break */
		strbuf_add(&rest, from, (size_t)(e->line - from));
		from = e->line + e->len;
		if (*from == '\n')
			from++;
	}
	strbuf_addstr(&rest, from);
	bool more = strcmp(rest.buf, sss_ticket_body(old)) != 0;
	sss_worklog_close(it);
	free(seen);
	strbuf_release(&rest);
	strbuf_release(&v);
	return more;
}

static int each(const struct sss_log_entry *e, void *data)
{
	struct state *st = data;
	struct sss_ticket *old = NULL, *new = NULL;
	struct sss_error *err;
	struct strbuf head = STRBUF_INIT, action = STRBUF_INIT, a = STRBUF_INIT,
		      b = STRBUF_INIT, who = STRBUF_INIT;
	const char *base = strrchr(e->path, '/');
	base = base ? base + 1 : e->path;
	size_t idlen = strlen(base) > 3 ? strlen(base) - 3 : strlen(base);

	if (st->max >= 0 && st->shown >= st->max)
		return 1;
	if (e->old_data && (err = sss_ticket_parse(&old, e->old_data, e->old_len, e->path)))
		sss_error_free(err);
	if (e->new_data && (err = sss_ticket_parse(&new, e->new_data, e->new_len, e->path)))
		sss_error_free(err);
	if (e->merge)
		strbuf_addstr(&action, "merge"); /* what the merge decided */
	else
		trailer(e->message, "Sss-Action", &action);
	if (!action.len)
		strbuf_addstr(&action, "git"); /* a commit made with plain git */

	/* the commit's own time and offset, as git shows them */
	time_t shifted = e->when + (time_t)e->offset * 60;
	struct tm tm;
	gmtime_r(&shifted, &tm);
	int off = e->offset < 0 ? -e->offset : e->offset;
	sss_sanitize(&who, e->author, true);
	strbuf_addf(&head, "%04d-%02d-%02d %02d:%02d %c%02d:%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		    e->offset < 0 ? '-' : '+', off / 60, off % 60);
	if (st->tsv) {
		strbuf_addf(&head, "\t%s\t%.*s\t%s\t%.7s", who.buf, (int)idlen, base,
			    action.buf, e->commit);
	} else {
		strbuf_addf(&st->out, "%s  %.7s  %s  %.*s  %s\n", head.buf, e->commit,
			    who.buf, (int)idlen, base, action.buf);
	}
	if (!e->old_data && !st->tsv) {
		strbuf_addstr(&st->out, "    created: ");
		sss_sanitize(&st->out, new ? sss_ticket_get(new, "title") : "", true);
		strbuf_addch(&st->out, '\n');
	} else if (!e->old_data) {
		change(st, head.buf, "created", NULL, new ? sss_ticket_get(new, "title") : NULL);
	} else if (!e->new_data) {
		change(st, head.buf, "deleted", old ? sss_ticket_get(old, "title") : NULL, NULL);
	} else {
		for (size_t i = 0; scalars[i]; i++) {
			const char *x = old ? sss_ticket_get(old, scalars[i]) : NULL;
			const char *y = new ? sss_ticket_get(new, scalars[i]) : NULL;
			if (!strcmp(scalars[i], "updated"))
				continue; /* changes with every commit */
			if ((x || y) && (!x || !y || strcmp(x, y)))
				change(st, head.buf, scalars[i], x, y);
		}
		static const char *const lists[] = { "params", "links", "tags", "documents" };
		for (size_t i = 0; i < 4; i++) {
			strbuf_reset(&a);
			strbuf_reset(&b);
			flat(old, lists[i], &a);
			flat(new, lists[i], &b);
			if (strcmp(a.buf, b.buf))
				change(st, head.buf, lists[i], a.buf, b.buf);
		}
		const char *ob = old ? sss_ticket_body(old) : "";
		const char *nb = new ? sss_ticket_body(new) : "";
		if (strcmp(ob, nb) &&
		    (!old || !new || worklog_changes(st, head.buf, old, new)))
			change(st, head.buf, "body", "", "changed");
		if (!old || !new)
			change(st, head.buf, "file", "", "not a valid ticket");
	}
	fwrite(st->out.buf, 1, st->out.len, stdout);
	strbuf_reset(&st->out);
	st->shown++;
	sss_ticket_free(old);
	sss_ticket_free(new);
	strbuf_release(&head);
	strbuf_release(&action);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&who);
	return 0;
}

static struct sss_error *format_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				       const char *arg)
{
	struct state *st = opt->value;

	if (!strcmp(arg, "tsv"))
		st->tsv = true;
	else if (strcmp(arg, "text"))
		return cmd_usage_error(ctx, "unknown format '%s'", arg);
	return NULL;
}

static struct sss_error *count_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				      const char *arg)
{
	struct state *st = opt->value;
	char *end;

	st->max = strtol(arg, &end, 10);
	if (*end || st->max < 0)
		return cmd_usage_error(ctx, "-n '%s' is not a count", arg);
	return NULL;
}

CMD(log)
{
	struct state st = { false, -1, 0, STRBUF_INIT };
	struct cmd_option opts[] = {
		OPT_CALLBACK(0, "format", &st, "text|tsv", 0, format_option, NULL),
		OPT_CALLBACK('n', NULL, &st, "COUNT", 0, count_option, NULL),
		OPT_OPERANDS("[ID]", 0),
		OPT_END(),
	};
	struct sss_error *err;
	char *rel = NULL, *id = NULL;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		goto done;
	if (argc > 1) {
		err = cmd_usage_error(ctx, "give at most one ticket ID");
		goto done;
	}
	if (argc == 1 &&
	    (err = sss_repo_resolve(ctx->repo, argv[0], ctx->config->fy_start, &rel, &id)))
		goto done;
	err = sss_repo_log(ctx->repo, rel, each, &st);
	/* a shallow clone: the history shown is not all there is */
	char *notes = sss_repo_take_notes(ctx->repo);
	for (char *line = notes, *nl; line && (nl = strchr(line, '\n')); line = nl + 1)
		fprintf(stderr, "sssctl: warning: %.*s\n", (int)(nl - line), line);
	free(notes);
done:
	free(rel);
	free(id);
	strbuf_release(&st.out);
	return err;
}
