/* close.c - sssctl close: close a ticket, optionally opening the 恒久対応
 * (problem) ticket that follows an incident. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

static const char usage[] =
	"usage: sssctl close [--resolution TEXT] [--force] [--problem] [--author 'NAME <EMAIL>'] ID";

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
	struct sss_ticket *p = NULL;
	struct strbuf title = STRBUF_INIT, body = STRBUF_INIT, now = STRBUF_INIT,
		      desc = STRBUF_INIT;
	struct sss_error *err = NULL;
	const char *inc_sow = sss_ticket_get(inc, "sow");

	const char *kind = sss_ticket_get(inc, "kind");
	if (!inc_sow || !kind || strcmp(kind, "incident") ||
	    !(ie = sss_catalog_find(ctx->catalog, inc_sow)))
		return sss_error(SSS_ERR_USAGE, "--problem is for incident tickets; '%s' is not one",
				 sss_ticket_get(inc, "id"));
	if (!(pe = problem_entry(ctx->catalog, ie)))
		return sss_error(SSS_ERR_NOTFOUND,
				 "the catalog has no problem entry for '%s'", inc_sow);
	if ((err = sss_template_fill(&title, sss_sow_title(pe), incident_lookup, inc)))
		goto done;
	p = sss_ticket_new();
	sss_time_format(&now, ctx->now);
	strbuf_addf(&desc, "インシデント %s (%s) の恒久対応。", sss_ticket_get(inc, "id"),
		    sss_ticket_get(inc, "title"));
	const char *fields[][2] = {
		{ "title", title.buf }, { "sow", sss_sow_key(pe) },
		{ "kind", sss_sow_kind(pe) }, { "status", "open" },
		{ "priority", sss_ticket_get(inc, "priority") },
		{ "assignee", sss_ticket_get(inc, "assignee") },
		{ "created", now.buf }, { "updated", now.buf },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && !err; i++)
		if (fields[i][1])
			err = sss_ticket_set(p, fields[i][0], fields[i][1]);
	for (size_t i = 0; !err && i < sss_ticket_param_count(inc); i++)
		sss_ticket_param_set(p, sss_ticket_param_name(inc, i),
				     sss_ticket_param_value(inc, i));
	if (!err)
		err = sss_ticket_link_add(p, "incident", sss_ticket_get(inc, "id"));
	if (!err)
		err = sss_tracker_body(tr, pe, NULL, desc.buf, NULL, NULL, &body);
	if (err)
		goto done;
	sss_ticket_set_body(p, body.buf);
	if ((err = sss_tracker_create(tr, p, "new")))
		goto done;
	strbuf_addstr(pid, sss_ticket_get(p, "id"));
done:
	sss_ticket_free(p);
	strbuf_release(&title);
	strbuf_release(&body);
	strbuf_release(&now);
	strbuf_release(&desc);
	return err;
}

CMD(close)
{
	static const struct option opts[] = {
		{ "resolution", required_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		{ "problem", no_argument, NULL, 'p' },
		{ "author", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *author = NULL, *resolution = NULL;
	bool force = false, problem = false;
	struct sss_tracker tr;
	struct sss_ticket *t = NULL;
	struct sss_error *err = NULL;
	struct strbuf now = STRBUF_INIT, pid = STRBUF_INIT;
	int c, open_items, done_items;

	memset(&tr, 0, sizeof(tr));
	while ((c = getopt_long(argc, argv, "r:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'r': resolution = optarg; break;
		case 'f': force = true; break;
		case 'p': problem = true; break;
		case 'A': author = optarg; break;
		case 'h': return cmd_help(usage);
		default: return cmd_bad_option(usage, argv);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error(usage, "give one ticket ID");
	if ((resolution && (err = cmd_check_text("--resolution", resolution))) ||
	    (err = cmd_tracker(ctx, author, &tr)) ||
	    (err = sss_tracker_begin(&tr, argv[optind], "close", &t)))
		goto done;
	const char *status = sss_ticket_get(t, "status");
	if (!strcmp(status, "closed") || !strcmp(status, "cancelled")) {
		err = sss_error(SSS_ERR_INVALID, "ticket '%s' is already %s",
				sss_ticket_get(t, "id"), status);
		goto abort;
	}
	sss_ticket_checklist_count(t, &open_items, &done_items);
	if (open_items && !force) {
		err = sss_error(SSS_ERR_INVALID,
				"ticket '%s' has %d open checklist item%s; tick them or use --force",
				sss_ticket_get(t, "id"), open_items, open_items == 1 ? "" : "s");
		goto abort;
	}
	if (problem) {
		/* the problem ticket is its own commit, made before the close so
		 * that the close can record the link; both under the lock that
		 * begin took, so no other writer (or lock timeout) comes between */
		if ((err = open_problem(ctx, &tr, t, &pid)) ||
		    (err = sss_ticket_link_add(t, "problem", pid.buf)))
			goto abort;
	}
	sss_time_format(&now, ctx->now);
	if ((err = sss_ticket_set(t, "status", "closed")) ||
	    (err = sss_ticket_set(t, "closed", now.buf)))
		goto abort;
	if (resolution)
		sss_ticket_section_replace(t, SSS_SEC_RESOLUTION, resolution);
	if ((err = sss_tracker_commit(&tr, t, "close")))
		goto done;
	if (pid.len)
		printf("%s\n", pid.buf);
	goto done;
abort:
	sss_tracker_abort(&tr);
done:
	strbuf_release(&now);
	strbuf_release(&pid);
	sss_ticket_free(t);
	cmd_tracker_release(&tr);
	return err ? cmd_fail(err) : 0;
}
