/* set.c - sssctl set: change fields of a ticket, validated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/labels.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"
#include "sss/worklog.h"

/* Fields that sssctl keeps itself. */
static const char *const managed[] = { "id", "created", "updated", "closed",
				       "recurrence", "message_id", NULL };

static struct sss_error *apply(struct sss_ticket *t, const char *field,
			       const char *value, time_t now)
{
	struct sss_error *err = cmd_check_text(field, value);
	if (err)
		return err;
	for (size_t i = 0; managed[i]; i++)
		if (!strcmp(field, managed[i]))
			return sss_error(SSS_ERR_USAGE, "'%s' is kept by sssctl and cannot be set",
					 field);
	if (sss_starts_with(field, "param.") || sss_starts_with(field, "params.")) {
		const char *name = strchr(field, '.') + 1;
		if (!*name)
			return sss_error(SSS_ERR_USAGE, "'%s' names no parameter", field);
		sss_ticket_param_set(t, name, *value ? value : NULL);
		return NULL;
	}
	if (!strcmp(field, "tags") || !strcmp(field, "documents")) {
		sss_ticket_list_clear(t, field);
		for (const char *p = value; *p;) {
			size_t n = strcspn(p, ",");
			char *v = xstrndup(p, n);
			if (*v)
				sss_ticket_list_add(t, field, v);
			free(v);
			p += n + (p[n] == ',');
		}
		return NULL;
	}
	/* 対応中, 高, 障害: the Japanese labels name the same values */
	if (sss_label_field(field) && sss_label_value(field, value))
		value = sss_label_value(field, value);
	if (!strcmp(field, "status")) {
		if (!strcmp(value, "closed"))
			return sss_error(SSS_ERR_USAGE,
					 "close a ticket with 'sssctl close' (it checks the checklist)");
		struct strbuf ts = STRBUF_INIT;
		if (!strcmp(value, "cancelled"))
			sss_time_format(&ts, now);
		err = sss_ticket_set(t, "status", value);
		if (!err)
			err = sss_ticket_set(t, "closed", ts.len ? ts.buf : NULL);
		strbuf_release(&ts);
		return err;
	}
	if (!sss_ticket_is_field(field))
		return sss_error(SSS_ERR_USAGE, "unknown field '%s'", field);
	return sss_ticket_set(t, field, value);
}

/* A closed or cancelled ticket changes its status only through reopen,
 * which records why (a set would un-close it without a word). */
static struct sss_error *check_finished(const struct sss_ticket *t,
					const char *status, int n, char **fields)
{
	if (!status || (strcmp(status, "closed") && strcmp(status, "cancelled")))
		return NULL;
	for (int i = 0; i < n; i++)
		/* status=closed has its own word: use close */
		if (sss_starts_with(fields[i], "status=") &&
		    !(sss_label_value("status", fields[i] + 7) &&
		      !strcmp(sss_label_value("status", fields[i] + 7), "closed")))
			return sss_error(SSS_ERR_USAGE,
					 "'%s' is %s; reopen it first with 'sssctl reopen %s'",
					 sss_ticket_get(t, "id"), status,
					 sss_ticket_get(t, "id"));
	return NULL;
}

CMD(set)
{
	const char *author = NULL;
	struct cmd_option opts[] = {
		OPT_AUTHOR(&author),
		OPT_OPERANDS("ID FIELD=VALUE...", 0),
		OPT_NOTE("fields: title status priority assignee requester due estimate kind tags documents param.NAME"),
		OPT_NOTE("(an empty VALUE clears an optional field; tags and documents take a comma list)"),
		OPT_END(),
	};
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	char *from = NULL;
	int from_estimate = 0;

	/* options anywhere, as for every command; a VALUE that begins with
	 * '-' is never taken for one, as FIELD= comes first */
	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc < 2)
		return cmd_usage_error(ctx, "give an ID and at least one FIELD=VALUE");
	for (int i = 1; i < argc; i++)
		if (!strchr(argv[i], '=') || argv[i][0] == '=')
			return cmd_usage_error(ctx, "'%s' is not FIELD=VALUE", argv[i]);
	if ((err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (err = sss_tracker_begin(&tr, argv[0], "set", &t)))
		goto done;
	from = xstrdup(sss_ticket_get(t, "status"));
	from_estimate = sss_worklog_estimate_min(t);
	if ((err = check_finished(t, from, argc - 1, argv + 1)))
		goto done;
	for (int i = 1; i < argc && !err; i++) {
		char *eq = strchr(argv[i], '=');
		*eq = '\0';
		err = apply(t, argv[i], eq + 1, ctx->now);
		if (err)
			err = sss_error_prefix(err, "%s", argv[i]);
		*eq = '=';
	}
	if (!err) {
		for (int i = 1; i < argc; i++)
			if (sss_starts_with(argv[i], "due="))
				cmd_warn_past_due(ctx, "due", sss_ticket_get(t, "due"));
		sss_tracker_log_status(&tr, t, from);
		sss_tracker_log_estimate(&tr, t, from_estimate);
		err = sss_tracker_commit(&tr, t, "set");
	}
done:
	free(from);
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	return err;
}
