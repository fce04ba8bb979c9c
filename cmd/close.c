/* close.c - sssctl close: close a ticket, optionally opening the 恒久対応
 * (problem) ticket that follows an incident. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/compose.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

/* The problem-management entry for an incident's entry: the catalog's
 * problem entry with the same 小分類 (ソフトウェア全般, ヒューマンエラー). */
static const struct sss_sow_entry *problem_entry(const struct sss_catalog *cat,
						 const struct sss_sow_entry *inc)
{
	for (size_t i = 0; i < sss_catalog_count(cat); i++) {
		const struct sss_sow_entry *e = sss_catalog_at(cat, i);
		if (!strcmp(sss_sow_kind(e), "problem") && sss_sow_item(inc) &&
		    sss_sow_item(e) && !strcmp(sss_sow_item(e), sss_sow_item(inc)))
			return e;
	}
	return NULL;
}

static const char *incident_lookup(const char *name, void *data)
{
	const struct sss_ticket *inc = data;
	const char *v = sss_ticket_param_get(inc, name);
	if (!v && !strcmp(name, "事象"))
		v = sss_ticket_get(inc, "title");
	return v;
}

/* Create the problem ticket linked to incident inc; its ID goes to pid. */
static struct sss_error *open_problem(struct sss_ctx *ctx, struct sss_tracker *tr,
				      struct sss_ticket *inc, struct strbuf *pid)
{
	const struct sss_sow_entry *ie, *pe;
	struct sss_compose c = SSS_COMPOSE_INIT;
	struct sss_ticket *p = NULL;
	struct strbuf desc = STRBUF_INIT;
	struct sss_error *err = NULL;
	const char *inc_sow = sss_ticket_get(inc, "sow");
	const char *kind = sss_ticket_get(inc, "kind");
	size_t n = sss_ticket_param_count(inc);
	const char **names = xcalloc(n + 1, sizeof(*names));
	const char **values = xcalloc(n + 1, sizeof(*values));

	if (!inc_sow || !kind || strcmp(kind, "incident") ||
	    !(ie = sss_catalog_find(ctx->catalog, inc_sow))) {
		err = sss_error(SSS_ERR_USAGE, "--problem is for incident tickets; '%s' is not one",
				sss_ticket_get(inc, "id"));
		goto done;
	}
	if (!(pe = problem_entry(ctx->catalog, ie))) {
		err = sss_error(SSS_ERR_NOTFOUND,
				"the catalog has no problem entry for '%s'", inc_sow);
		goto done;
	}
	strbuf_addf(&desc, "インシデント %s (%s) の恒久対応。", sss_ticket_get(inc, "id"),
		    sss_ticket_get(inc, "title"));
	for (size_t i = 0; i < n; i++) {
		names[i] = sss_ticket_param_name(inc, i);
		values[i] = sss_ticket_param_value(inc, i);
	}
	c.entry = pe;
	c.lookup = incident_lookup;
	c.data = inc;
	c.priority = sss_ticket_get(inc, "priority");
	c.assignee = sss_ticket_get(inc, "assignee");
	c.created = ctx->now;
	c.param_name = names;
	c.param_value = values;
	c.nparams = n;
	c.link_rel = "incident";
	c.link_id = sss_ticket_get(inc, "id");
	c.description = desc.buf;
	if ((err = sss_compose(&c, ctx->repo, &p)) ||
	    (err = sss_tracker_create(tr, p, "new")))
		goto done;
	strbuf_addstr(pid, sss_ticket_get(p, "id"));
done:
	sss_ticket_free(p);
	strbuf_release(&desc);
	free(names);
	free(values);
	return err;
}

CMD(close)
{
	const char *author = NULL, *resolution = NULL;
	bool force = false, problem = false;
	struct cmd_option opts[] = {
		OPT_STRING('r', "resolution", &resolution, "TEXT", 0),
		OPT_BOOL('f', "force", &force, 0),
		OPT_BOOL(0, "problem", &problem, 0),
		OPT_AUTHOR(&author),
		OPT_OPERANDS("ID", 0),
		OPT_END(),
	};
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	struct strbuf now = STRBUF_INIT, pid = STRBUF_INIT, from = STRBUF_INIT;
	int open_items, done_items;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 1)
		return cmd_usage_error(ctx, "give one ticket ID");
	if ((resolution && (err = cmd_check_text("--resolution", resolution))) ||
	    (err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (err = sss_tracker_begin(&tr, argv[0], "close", &t)))
		goto done;
	const char *status = sss_ticket_get(t, "status");
	if (!strcmp(status, "closed") || !strcmp(status, "cancelled")) {
		err = sss_error(SSS_ERR_INVALID, "ticket '%s' is already %s",
				sss_ticket_get(t, "id"), status);
		goto done;
	}
	sss_ticket_checklist_count(t, &open_items, &done_items);
	if (open_items && !force) {
		err = sss_error(SSS_ERR_INVALID,
				"ticket '%s' has %d open checklist item%s; tick them or use --force",
				sss_ticket_get(t, "id"), open_items, open_items == 1 ? "" : "s");
		goto done;
	}
	if (problem) {
		/* the problem ticket is its own commit, made before the close so
		 * that the close can record the link; both under the lock that
		 * begin took, so no other writer (or lock timeout) comes between */
		if ((err = open_problem(ctx, &tr, t, &pid)) ||
		    (err = sss_ticket_link_add(t, "problem", pid.buf)))
			goto done;
	}
	sss_time_format(&now, ctx->now);
	/* status is the ticket's and the set below frees it */
	strbuf_addstr(&from, status);
	if ((err = sss_ticket_set(t, "status", "closed")) ||
	    (err = sss_ticket_set(t, "closed", now.buf)))
		goto done;
	sss_tracker_log_status(&tr, t, from.buf);
	if (resolution)
		sss_ticket_section_replace(t, SSS_SEC_RESOLUTION, resolution);
	if ((err = sss_tracker_commit(&tr, t, "close")))
		goto done;
	if (pid.len)
		printf("%s\n", pid.buf);
done:
	strbuf_release(&now);
	strbuf_release(&pid);
	strbuf_release(&from);
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	return err;
}
