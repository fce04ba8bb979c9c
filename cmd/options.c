/* options.c - the option tables of the commands: parsing and the usage
 * text (see options.h), and the usage errors made from them. */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/i18n.h"
#include "sss/escape.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

struct sss_error cmd_exit_help = { SSS_ERR_USAGE, (char *)"help" };
struct sss_error cmd_exit_failed = { SSS_ERR_INVALID, (char *)"failed" };

/* -h and --help, which every table takes. */
static const struct cmd_option help_option = OPT_BOOL('h', "help", NULL, 0);

/* ---- the usage text --------------------------------------------------- */

static bool takes_value(const struct cmd_option *o)
{
	return o->type == CMD_OPT_STRING || o->type == CMD_OPT_CALLBACK;
}

static bool is_option(const struct cmd_option *o)
{
	return o->type == CMD_OPT_BOOL || takes_value(o);
}

/* One option or the operands, as the synopsis of form f shows them. */
static void add_item(struct strbuf *out, const struct cmd_option *o,
		     const struct cmd_form *f)
{
	const char *argh = o->argh;
	bool brackets = !(o->flags & CMD_OPT_NEEDED);

	if (o->type == CMD_OPT_OPERANDS) {
		strbuf_addstr(out, _(o->argh));
		return;
	}
	if (f && f->opt && o->long_name && !strcmp(f->opt, o->long_name))
		argh = f->argh;
	if (brackets)
		strbuf_addch(out, '[');
	if (o->long_name && !(o->short_name && (o->flags & CMD_OPT_SHOW_SHORT)))
		strbuf_addf(out, "--%s", o->long_name);
	else
		strbuf_addf(out, "-%c", o->short_name);
	if (takes_value(o))
		strbuf_addf(out, " %s", _(argh));
	if (brackets)
		strbuf_addch(out, ']');
	if (o->flags & CMD_OPT_REPEAT)
		strbuf_addstr(out, "...");
}

/* The synopsis line of form i (f, or NULL for a command of one form). */
static void add_form(struct strbuf *out, const char *name,
		     const struct cmd_option *opts, const struct cmd_form *f,
		     unsigned i)
{
	/* translated, the leads keep one width: the lines stay aligned */
	const char *usage = _("usage: "), *lead = usage;
	size_t width = sss_display_width(usage), indent;

	if (i > 0)
		lead = f && f->or_line ? _("   or: ") : "";
	indent = width + strlen("sssctl ") + strlen(name) + 1;
	strbuf_addstr(out, lead);
	for (size_t w = sss_display_width(lead); w < width; w++)
		strbuf_addch(out, ' ');
	strbuf_addf(out, "sssctl %s", name);
	if (f && *f->sub)
		strbuf_addf(out, " %s", f->sub);
	for (const struct cmd_option *o = opts; o->type != CMD_OPT_END; o++) {
		if (o->type == CMD_OPT_NOTE || (o->flags & CMD_OPT_ALIAS) ||
		    (o->forms && !(o->forms & CMD_FORM(i))))
			continue;
		if (o->flags & CMD_OPT_BREAK)
			strbuf_addf(out, "\n%*s", (int)indent, "");
		else
			strbuf_addch(out, ' ');
		add_item(out, o, f);
	}
}

void cmd_usage_text(struct strbuf *out, const char *name,
		    const struct cmd_option *opts, const struct cmd_form *forms)
{
	bool aliases = false;

	if (!forms) {
		add_form(out, name, opts, NULL, 0);
	} else {
		for (unsigned i = 0; forms[i].sub; i++) {
			if (i)
				strbuf_addch(out, '\n');
			add_form(out, name, opts, &forms[i], i);
		}
	}
	for (const struct cmd_option *o = opts; o->type != CMD_OPT_END; o++) {
		if (!(o->flags & CMD_OPT_ALIAS))
			continue;
		if (!aliases)
			strbuf_addf(out, "\n   %s ", _("aliases:"));
		else
			strbuf_addch(out, ' ');
		strbuf_addf(out, "--%s=%s", o->long_name, _(o->argh));
		aliases = true;
	}
	for (const struct cmd_option *o = opts; o->type != CMD_OPT_END; o++)
		if (o->type == CMD_OPT_NOTE)
			strbuf_addf(out, "\n   %s", _(o->help));
}

struct sss_error *cmd_usage_error(struct sss_ctx *ctx, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT, usage = STRBUF_INIT;
	struct sss_error *err;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, _(fmt), ap);
	va_end(ap);
	err = sss_error(SSS_ERR_USAGE, "%s", msg.buf);
	if (ctx->options) {
		cmd_usage_text(&usage, ctx->name, ctx->options, ctx->forms);
		free(ctx->usage);
		ctx->usage = strbuf_detach(&usage, NULL);
	}
	strbuf_release(&msg);
	return err;
}

/* `sssctl CMD --list-options` (hidden; what the shell completion reads,
 * so that it follows the table): one line an item, "--long" or "-x" for an
 * option without a value, "--long=ARGH" for one with, and "@usage=SUB
 * OPERANDS" for each form's word and operands (SUB empty for a command of
 * one form). */
static void list_options(const struct cmd_option *opts,
			 const struct cmd_form *forms)
{
	for (const struct cmd_option *o = opts; o->type != CMD_OPT_END; o++) {
		if (!is_option(o))
			continue;
		if (o->long_name)
			printf("--%s%s%s\n", o->long_name, takes_value(o) ? "=" : "",
			       takes_value(o) ? o->argh : "");
		if (o->short_name)
			printf("-%c%s%s\n", o->short_name, takes_value(o) ? "=" : "",
			       takes_value(o) ? o->argh : "");
	}
	for (unsigned i = 0; !i || (forms && forms[i].sub); i++) {
		const char *sep = forms && *forms[i].sub ? " " : "";
		printf("@usage=%s", forms ? forms[i].sub : "");
		for (const struct cmd_option *o = opts; o->type != CMD_OPT_END; o++)
			if (o->type == CMD_OPT_OPERANDS &&
			    (!o->forms || (o->forms & CMD_FORM(i)))) {
				printf("%s%s", sep, o->argh);
				sep = " ";
			}
		printf("\n");
	}
}

void cmd_warning(const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT, clean = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, _(fmt), ap); /* the msgid: i18n.h */
	va_end(ap);
	sss_sanitize(&clean, msg.buf, true);
	fprintf(stderr, "sssctl: warning: %s\n", clean.buf);
	strbuf_release(&msg);
	strbuf_release(&clean);
}

void cmd_warn_past_due(const struct sss_ctx *ctx, const char *what, const char *due)
{
	sss_date d, today = sss_time_date(ctx->now);
	char t[11];

	if (!due || sss_date_parse(due, &d) < 0 || d >= today)
		return;
	sss_date_format(today, t);
	cmd_warning("%s %s is in the past (today is %s); it is kept", what, due, t);
}

/* ---- parsing ---------------------------------------------------------- */

struct parse {
	struct sss_ctx *ctx;
	const struct cmd_option *opts;
	int flags;
	int argc, next; /* the words, and the next one to read */
	char **argv;
};

enum fault { UNKNOWN, NO_VALUE, NEEDS_VALUE };

/* A bad option, named by what (the word, or "-x" for a short option). */
static struct sss_error *bad(struct parse *p, enum fault f, const char *what)
{
	if (!(p->flags & CMD_PARSE_PRECISE))
		return cmd_usage_error(p->ctx, "unknown option or missing value: '%s'", what);
	if (f == UNKNOWN)
		return cmd_usage_error(p->ctx, "unknown option '%s'", what);
	if (f == NO_VALUE)
		return cmd_usage_error(p->ctx, "option '%s' takes no value", what);
	return cmd_usage_error(p->ctx, "option '%s' needs a value", what);
}

/* Apply option o with its value arg (NULL for a BOOL). */
static struct sss_error *apply(struct parse *p, const struct cmd_option *o,
			       const char *arg)
{
	if (o == &help_option) {
		struct strbuf usage = STRBUF_INIT;
		cmd_usage_text(&usage, p->ctx->name, p->ctx->options, p->ctx->forms);
		printf("%s\n", usage.buf);
		strbuf_release(&usage);
		return CMD_EXIT_HELP;
	}
	switch (o->type) {
	case CMD_OPT_BOOL:
		*(bool *)o->value = true;
		return NULL;
	case CMD_OPT_STRING:
		*(const char **)o->value = arg;
		return NULL;
	case CMD_OPT_CALLBACK:
		return o->callback(p->ctx, o, arg);
	default:
		return NULL;
	}
}

/* Whether o is named by the first len bytes of name: 2 exactly, 1 by a
 * prefix, 0 not. */
static int names(const struct cmd_option *o, const char *name, size_t len)
{
	if (!is_option(o) || !o->long_name || strncmp(o->long_name, name, len))
		return 0;
	return strlen(o->long_name) == len ? 2 : 1;
}

/* The option named by the first len bytes of name: an exact match, else
 * the one option whose name begins so. NULL when there is none or more
 * than one. */
static const struct cmd_option *find_long(struct parse *p, const char *name,
					  size_t len)
{
	const struct cmd_option *found = NULL, *o = p->opts;
	int prefixes = 0, m;

	for (;; o++) {
		if (o->type == CMD_OPT_END)
			o = &help_option; /* after the table: -h, --help */
		if ((m = names(o, name, len)) == 2)
			return o;
		if (m) {
			found = o;
			prefixes++;
		}
		if (o == &help_option)
			return prefixes == 1 ? found : NULL;
	}
}

static const struct cmd_option *find_short(struct parse *p, int c)
{
	for (const struct cmd_option *o = p->opts; o->type != CMD_OPT_END; o++)
		if (is_option(o) && o->short_name == c)
			return o;
	return c == 'h' ? &help_option : NULL;
}

/* The word "--name[=value]". */
static struct sss_error *long_option(struct parse *p, const char *word)
{
	const char *name = word + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct cmd_option *o = find_long(p, name, len);

	if (!o)
		return bad(p, UNKNOWN, word);
	if (eq && !takes_value(o))
		return bad(p, NO_VALUE, word);
	if (eq)
		return apply(p, o, eq + 1);
	if (!takes_value(o))
		return apply(p, o, NULL);
	if (p->next >= p->argc)
		return bad(p, NEEDS_VALUE, word);
	return apply(p, o, p->argv[p->next++]);
}

/* The word "-abc": one or more short options, the last of which may
 * take the rest of the word or the next word as its value. */
static struct sss_error *short_options(struct parse *p, const char *word)
{
	struct sss_error *err;
	char what[3] = "-";

	for (const char *c = word + 1; *c; c++) {
		const struct cmd_option *o = find_short(p, (unsigned char)*c);
		what[1] = *c;
		if (!o)
			return bad(p, UNKNOWN, what);
		if (!takes_value(o)) {
			if ((err = apply(p, o, NULL)))
				return err;
			continue;
		}
		if (c[1])
			return apply(p, o, c + 1);
		if (p->next >= p->argc)
			return bad(p, NEEDS_VALUE, what);
		return apply(p, o, p->argv[p->next++]);
	}
	return NULL;
}

struct sss_error *cmd_parse_options(struct sss_ctx *ctx, int *argc,
				    char ***argv, const struct cmd_option *opts,
				    const struct cmd_form *forms, int flags)
{
	struct parse p = { ctx, opts, flags, *argc, 1, *argv };
	struct sss_error *err = NULL;
	int nops = 0;
	bool in_order = (flags & CMD_PARSE_STOP_AT_OPERAND) || getenv("POSIXLY_CORRECT");

	ctx->options = opts;
	ctx->forms = forms;
	if (*argc == 2 && !strcmp((*argv)[1], "--list-options")) {
		list_options(opts, forms);
		return CMD_EXIT_HELP;
	}
	/* operands move down to argv[0..nops): always below the word read */
	while (p.next < p.argc) {
		char *word = p.argv[p.next++];
		if (!strcmp(word, "--"))
			break;
		if (word[0] != '-' || !word[1]) {
			p.argv[nops++] = word;
			if (in_order)
				break;
			continue;
		}
		err = word[1] == '-' ? long_option(&p, word) : short_options(&p, word);
		if (err)
			return err;
	}
	while (p.next < p.argc)
		p.argv[nops++] = p.argv[p.next++];
	p.argv[nops] = NULL;
	*argc = nops;
	return NULL;
}
