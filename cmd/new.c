/* new.c - sssctl new: create a ticket from a SOW catalog entry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/compose.h"
#include "sss/error.h"
#include "sss/i18n.h"
#include "sss/labels.h"
#include "sss/mail.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

#define MAX_PARAMS 32
#define MAX_TAGS 32

struct params {
	const char *name[MAX_PARAMS];
	const char *value[MAX_PARAMS];
	char *owned[MAX_PARAMS]; /* the names split off "--param NAME=VALUE" */
	size_t n;
	char ym[64], ymd[64]; /* 年月 and 年月日 from --now */
	const char *tags[MAX_TAGS];
	size_t ntags;
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
	if (p->n >= MAX_PARAMS)
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

/* --param NAME=VALUE */
static struct sss_error *param_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				      const char *arg)
{
	struct params *p = opt->value;
	const char *eq = strchr(arg, '=');
	struct sss_error *err;

	if (!eq)
		return cmd_usage_error(ctx, "--param '%s' is not NAME=VALUE", arg);
	char *name = xstrndup(arg, (size_t)(eq - arg));
	if ((err = add_param(p, name, eq + 1)))
		free(name);
	else
		p->owned[p->n - 1] = name;
	return err;
}

/* --software=ソフト名 and the other aliases: the param the alias names */
static struct sss_error *alias_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				      const char *arg)
{
	(void)ctx;
	return add_param(opt->value, opt->argh, arg);
}

static struct sss_error *tag_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				    const char *arg)
{
	struct params *p = opt->value;

	if (p->ntags >= MAX_TAGS)
		return cmd_usage_error(ctx, "too many --tag options");
	p->tags[p->ntags++] = arg;
	return NULL;
}

/* Every --param must name a placeholder of the title pattern. */
static struct sss_error *check_params(const struct sss_sow_entry *e, const char *key,
				      const struct params *p)
{
	struct names names = { STRBUF_INIT, NULL, false };
	struct sss_error *err = NULL;

	for (size_t i = 0; i < p->n && !err; i++) {
		strbuf_reset(&names.list);
		names.want = p->name[i];
		names.found = false;
		if ((err = sss_template_names(sss_sow_title(e), collect, &names)))
			break;
		if (!names.found)
			err = sss_error(SSS_ERR_USAGE,
					"'%s' has no placeholder '%s' (its title '%s' has: %s)",
					key, p->name[i], sss_sow_title(e),
					names.list.len ? names.list.buf : "none");
	}
	strbuf_release(&names.list);
	return err;
}

/* --from-mail: the mail read, and what it gives the ticket where the
 * command line gave nothing (the mapping is mail.h's). */
struct mail_in {
	const char *name; /* for messages */
	struct sss_mail mail;
	struct strbuf param, requester, description;
};

static struct sss_error *mail_intake(const struct sss_sow_entry *e, const char *path,
				     struct params *p, struct mail_in *mi, const char **title,
				     const char **requester, const char **message)
{
	const char *subject;
	char *buf = NULL;
	size_t len;
	struct sss_error *err;

	mi->name = strcmp(path, "-") ? path : "standard input";
	if ((err = sss_mail_read(path, &buf, &len)) ||
	    (err = sss_mail_parse(&mi->mail, buf, len, mi->name)))
		goto done;
	if (mi->mail.warning)
		fprintf(stderr, "sssctl: warning: '%s': %s\n", mi->name, mi->mail.warning);
	if (!mi->mail.message_id)
		fprintf(stderr, "sssctl: warning: '%s' has no Message-ID: a second "
			"delivery of it would make a second ticket\n", mi->name);
	/* the subject: 事象 or the title's one placeholder, else the title */
	subject = *mi->mail.subject ? mi->mail.subject : "(件名なし)";
	if (!*title && sss_mail_ticket_param(e, &mi->param)) {
		if (!lookup(mi->param.buf, p))
			err = add_param(p, mi->param.buf, subject);
	} else if (!*title) {
		*title = subject;
	}
	sss_mail_ticket_requester(&mi->mail, &mi->requester);
	if (!*requester && mi->requester.len)
		*requester = mi->requester.buf;
	if (*message)
		strbuf_addf(&mi->description, "%s\n\n", *message);
	sss_mail_ticket_description(&mi->mail, &mi->description);
	*message = mi->description.buf;
done:
	free(buf);
	return err;
}

/* The check of each value new gives the ticket, named as it was given. */
static struct sss_error *check_value(const char *what, const char *value)
{
	if (!strcmp(what, "tags"))
		what = "--tag";
	else if (!strcmp(what, "description"))
		what = "-m";
	return cmd_check_text(what, value);
}

CMD(new)
{
	struct params p;
	const char *title = NULL, *assignee = NULL, *requester = NULL;
	const char *priority = "normal", *due = NULL, *message = NULL, *author = NULL;
	const char *from_mail = NULL;
	struct cmd_option opts[] = {
		OPT_OPERANDS("KEY", 0),
		OPT_CALLBACK('p', "param", &p, "NAME=VALUE", CMD_OPT_REPEAT, param_option, NULL),
		OPT_STRING('t', "title", &title, "TITLE", 0),
		OPT_STRING('a', "assignee", &assignee, "NAME", 0),
		OPT_STRING(0, "requester", &requester, "NAME", CMD_OPT_BREAK),
		OPT_STRING(0, "priority", &priority, "low|normal|high|urgent", 0),
		OPT_STRING(0, "due", &due, "YYYY-MM-DD", CMD_OPT_BREAK),
		OPT_CALLBACK(0, "tag", &p, "TAG", CMD_OPT_REPEAT, tag_option, NULL),
		OPT_STRING('m', "message", &message, "TEXT", CMD_OPT_SHOW_SHORT | CMD_OPT_BREAK),
		OPT_STRING(0, "from-mail", &from_mail, "FILE.eml|-", 0),
		OPT_AUTHOR(&author),
		OPT_CALLBACK(0, "software", &p, "ソフト名", CMD_OPT_ALIAS, alias_option, NULL),
		OPT_CALLBACK(0, "event", &p, "事象", CMD_OPT_ALIAS, alias_option, NULL),
		OPT_CALLBACK(0, "user", &p, "ユーザ名", CMD_OPT_ALIAS, alias_option, NULL),
		OPT_CALLBACK(0, "log", &p, "ログ名", CMD_OPT_ALIAS, alias_option, NULL),
		OPT_END(),
	};
	struct sss_compose c = SSS_COMPOSE_INIT;
	struct sss_ticket *t = NULL;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct mail_in mi = { NULL, SSS_MAIL_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct strbuf sb = STRBUF_INIT;
	const struct sss_sow_entry *e;
	struct sss_error *err;
	struct tm tm;

	memset(&p, 0, sizeof(p));
	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		goto done;
	if (argc != 1) {
		err = cmd_usage_error(ctx, "%s", argc == 0 ? _("which SOW item? (see 'sssctl sow')")
							   : _("too many arguments"));
		goto done;
	}
	if (!(e = sss_catalog_find(ctx->catalog, argv[0]))) {
		err = sss_error(SSS_ERR_USAGE, "unknown SOW key '%s'; see 'sssctl sow'", argv[0]);
		goto done;
	}
	localtime_r(&ctx->now, &tm);
	snprintf(p.ym, sizeof(p.ym), "%d年%d月", tm.tm_year + 1900, tm.tm_mon + 1);
	snprintf(p.ymd, sizeof(p.ymd), "%d年%d月%d日", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	if (from_mail && (err = mail_intake(e, from_mail, &p, &mi, &title, &requester, &message)))
		goto done;
	if ((err = check_params(e, argv[0], &p)))
		goto done;
	if (title) {
		if ((err = cmd_check_text("--title", title)))
			goto done;
	} else if ((err = sss_compose_title(&sb, e, lookup, &p))) {
		err = sss_error_prefix(err, "cannot make the title of '%s' (give it with --param NAME=VALUE or --title)", argv[0]);
		goto done;
	}
	c.entry = e;
	c.title = title ? title : sb.buf;
	/* 高, 緊急: the Japanese labels name the same priorities */
	c.priority = sss_label_value("priority", priority) ? sss_label_value("priority", priority)
							   : priority;
	c.assignee = assignee;
	c.requester = requester;
	c.created = ctx->now;
	c.due = due;
	c.param_name = p.name;
	c.param_value = p.value;
	c.nparams = p.n;
	c.tags = p.tags;
	c.ntags = p.ntags;
	c.documents = true;
	c.description = message;
	c.instance = find_instance(e, &p);
	c.check = check_value;
	if (!(err = sss_compose(&c, ctx->repo, &t)) && from_mail)
		sss_mail_ticket_body(t, message);
	if (err ||
	    (err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (from_mail && (err = sss_mail_ticket_once(&tr, &mi.mail, mi.name, t))) ||
	    (err = sss_tracker_create(&tr, t, "new"))) {
		/* the ticket exists once its commit does: its ID, lest a
		 * retry make a second one */
		if (t && sss_repo_committed(ctx->repo))
			printf("%s\n", sss_ticket_get(t, "id"));
		goto done;
	}
	printf("%s\n", sss_ticket_get(t, "id"));
	cmd_warn_past_due(ctx, "--due", due);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* the ticket exists: say which on stderr, lest a retry make a
		 * second one (main then has nothing more to report) */
		err = sss_error(SSS_ERR_IO, "ticket '%s' is committed, but its ID could "
				"not be written to standard output: %s",
				sss_ticket_get(t, "id"), strerror(errno));
		clearerr(stdout);
	}
done:
	sss_tracker_release(&tr);
	sss_mail_release(&mi.mail);
	strbuf_release(&mi.param);
	strbuf_release(&mi.requester);
	strbuf_release(&mi.description);
	sss_ticket_free(t);
	strbuf_release(&sb);
	for (size_t i = 0; i < p.n; i++)
		free(p.owned[i]);
	return err;
}
