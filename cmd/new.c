/* new.c - sssctl new: create a ticket from a SOW catalog entry. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

static const char usage[] =
	"usage: sssctl new KEY [--param NAME=VALUE]... [--title TITLE] [--assignee NAME]\n"
	"                  [--requester NAME] [--priority low|normal|high|urgent]\n"
	"                  [--due YYYY-MM-DD] [--tag TAG]... [-m TEXT] [--author 'NAME <EMAIL>']\n"
	"   aliases: --software=ソフト名 --event=事象 --user=ユーザ名 --log=ログ名";

struct params {
	const char *name[32];
	const char *value[32];
	size_t n;
	char ym[64], ymd[64]; /* 年月 and 年月日 from --now */
};

static const char *lookup(const char *name, void *data)
{
	struct params *p = data;
	for (size_t i = p->n; i-- > 0;)
		if (!strcmp(p->name[i], name))
			return p->value[i];
	if (!strcmp(name, "年月"))
		return p->ym;
	if (!strcmp(name, "年月日"))
		return p->ymd;
	return NULL;
}

struct names {
	struct strbuf list;
	const char *want;
	bool found;
};

static void collect(const char *name, void *data)
{
	struct names *n = data;
	strbuf_addf(&n->list, "%s%s", n->list.len ? ", " : "", name);
	if (n->want && !strcmp(n->want, name))
		n->found = true;
}

static struct sss_error *add_param(struct params *p, const char *name,
				   const char *value)
{
	if (p->n >= 32)
		return sss_error(SSS_ERR_USAGE, "too many --param options");
	if (!*name)
		return sss_error(SSS_ERR_USAGE, "--param needs NAME=VALUE");
	struct sss_error *err = cmd_check_text("--param", value);
	if (!err)
		err = cmd_check_text("--param", name);
	if (err)
		return err;
	p->name[p->n] = name;
	p->value[p->n++] = value;
	return NULL;
}

/* The fixed instance whose params all match the given ones. */
static const char *find_instance(const struct sss_sow_entry *e, struct params *p)
{
	for (size_t i = 0; i < sss_sow_instance_count(e); i++) {
		bool ok = sss_sow_instance_param_count(e, i) > 0;
		for (size_t j = 0; ok && j < sss_sow_instance_param_count(e, i); j++) {
			const char *v = lookup(sss_sow_instance_param_name(e, i, j), p);
			ok = v && !strcmp(v, sss_sow_instance_param_value(e, i, j));
		}
		if (ok)
			return sss_sow_instance_key(e, i);
	}
	return NULL;
}

CMD(new)
{
	static const struct option opts[] = {
		{ "param", required_argument, NULL, 'p' },
		{ "software", required_argument, NULL, 'S' },
		{ "event", required_argument, NULL, 'E' },
		{ "user", required_argument, NULL, 'U' },
		{ "log", required_argument, NULL, 'L' },
		{ "title", required_argument, NULL, 't' },
		{ "assignee", required_argument, NULL, 'a' },
		{ "requester", required_argument, NULL, 'r' },
		{ "priority", required_argument, NULL, 'P' },
		{ "due", required_argument, NULL, 'd' },
		{ "tag", required_argument, NULL, 'T' },
		{ "message", required_argument, NULL, 'm' },
		{ "author", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct params p;
	const char *title = NULL, *assignee = NULL, *requester = NULL;
	const char *priority = "normal", *due = NULL, *message = NULL, *author = NULL;
	const char *tags[32];
	size_t ntags = 0;
	struct sss_ticket *t = NULL;
	struct sss_tracker tr;
	struct strbuf sb = STRBUF_INIT, body = STRBUF_INIT;
	struct names names = { STRBUF_INIT, NULL, false };
	struct sss_error *err = NULL;
	int c, rc = 1;

	memset(&p, 0, sizeof(p));
	memset(&tr, 0, sizeof(tr));
	while ((c = getopt_long(argc, argv, "p:t:a:m:h", opts, NULL)) != -1) {
		char *eq;
		switch (c) {
		case 'p':
			if (!(eq = strchr(optarg, '=')))
				return cmd_usage_error(usage, "--param '%s' is not NAME=VALUE", optarg);
			*eq = '\0';
			err = add_param(&p, optarg, eq + 1);
			break;
		case 'S': err = add_param(&p, "ソフト名", optarg); break;
		case 'E': err = add_param(&p, "事象", optarg); break;
		case 'U': err = add_param(&p, "ユーザ名", optarg); break;
		case 'L': err = add_param(&p, "ログ名", optarg); break;
		case 't': title = optarg; break;
		case 'a': assignee = optarg; break;
		case 'r': requester = optarg; break;
		case 'P': priority = optarg; break;
		case 'd': due = optarg; break;
		case 'T':
			if (ntags >= 32)
				return cmd_usage_error(usage, "too many --tag options");
			tags[ntags++] = optarg;
			break;
		case 'm': message = optarg; break;
		case 'A': author = optarg; break;
		case 'h': return cmd_help(usage);
		default: return cmd_bad_option(usage, argv);
		}
		if (err)
			return cmd_fail(err);
	}
	if (optind != argc - 1)
		return cmd_usage_error(usage, optind >= argc ? "which SOW item? (see 'sssctl sow')"
							    : "too many arguments");
	const char *key = argv[optind];
	const struct sss_sow_entry *e = sss_catalog_find(ctx->catalog, key);
	if (!e)
		return cmd_fail(sss_error(SSS_ERR_USAGE, "unknown SOW key '%s'; see 'sssctl sow'", key));

	struct tm tm;
	localtime_r(&ctx->now, &tm);
	snprintf(p.ym, sizeof(p.ym), "%d年%d月", tm.tm_year + 1900, tm.tm_mon + 1);
	snprintf(p.ymd, sizeof(p.ymd), "%d年%d月%d日", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);

	/* every --param must name a placeholder of the title pattern */
	for (size_t i = 0; i < p.n; i++) {
		strbuf_reset(&names.list);
		names.want = p.name[i];
		names.found = false;
		if ((err = sss_template_names(sss_sow_title(e), collect, &names)))
			goto fail;
		if (!names.found) {
			err = sss_error(SSS_ERR_USAGE,
					"'%s' has no placeholder '%s' (its title '%s' has: %s)",
					key, p.name[i], sss_sow_title(e),
					names.list.len ? names.list.buf : "none");
			goto fail;
		}
	}
	if (title) {
		if ((err = cmd_check_text("--title", title)))
			goto fail;
		strbuf_addstr(&sb, title);
	} else if ((err = sss_template_fill(&sb, sss_sow_title(e), lookup, &p))) {
		err = sss_error_prefix(err, "cannot make the title of '%s' (give it with --param NAME=VALUE or --title)", key);
		goto fail;
	}

	t = sss_ticket_new();
	struct strbuf now = STRBUF_INIT;
	sss_time_format(&now, ctx->now);
	const char *fields[][2] = {
		{ "title", sb.buf }, { "sow", key }, { "kind", sss_sow_kind(e) },
		{ "status", "open" }, { "priority", priority },
		{ "assignee", assignee }, { "requester", requester },
		{ "created", now.buf }, { "updated", now.buf }, { "due", due },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && !err; i++) {
		if (fields[i][1])
			err = cmd_check_text(fields[i][0], fields[i][1]);
		if (!err && fields[i][1])
			err = sss_ticket_set(t, fields[i][0], fields[i][1]);
	}
	strbuf_release(&now);
	if (err)
		goto fail;
	for (size_t i = 0; i < p.n; i++)
		sss_ticket_param_set(t, p.name[i], p.value[i]);
	for (size_t i = 0; i < ntags; i++) {
		if ((err = cmd_check_text("--tag", tags[i])))
			goto fail;
		sss_ticket_list_add(t, "tags", tags[i]);
	}
	for (size_t i = 0; i < sss_sow_document_count(e); i++)
		sss_ticket_list_add(t, "documents", sss_sow_document(e, i));
	if (message && (err = cmd_check_text("-m", message)))
		goto fail;
	if ((err = cmd_tracker(ctx, author, &tr)) ||
	    (err = sss_tracker_body(&tr, e, find_instance(e, &p), message, NULL, NULL, &body)))
		goto fail;
	sss_ticket_set_body(t, body.buf);
	if ((err = sss_tracker_create(&tr, t, "new")))
		goto fail;
	printf("%s\n", sss_ticket_get(t, "id"));
	rc = 0;
	goto done;
fail:
	rc = cmd_fail(err);
done:
	cmd_tracker_release(&tr);
	sss_ticket_free(t);
	strbuf_release(&sb);
	strbuf_release(&body);
	strbuf_release(&names.list);
	return rc;
}
