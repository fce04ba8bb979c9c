/* options.h - declarative command-line options, after git's
 * parse-options: each command describes its options in one table, and
 * both the parsing and the usage text (`sssctl CMD -h`) are made from it.
 *
 *	bool force = false;
 *	const char *author = NULL;
 *	struct cmd_option opts[] = {
 *		OPT_BOOL('f', "force", &force, 0),
 *		OPT_STRING(0, "author", &author, "'NAME <EMAIL>'", 0),
 *		OPT_OPERANDS("ID", 0),
 *		OPT_END(),
 *	};
 *	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
 *		return err;
 *
 * makes "usage: sssctl close [-f] [--author 'NAME <EMAIL>'] ID" (with
 * CMD_OPT_SHOW_SHORT; "[--force]" without) and leaves the operands in
 * argv[0..argc). Every table takes -h and --help.
 *
 * The parsing is getopt_long()'s, which the commands used before: options
 * and operands mix (unless CMD_PARSE_STOP_AT_OPERAND or POSIXLY_CORRECT),
 * "--" ends the options, a long option may be shortened to any prefix that
 * names one option, its value is "--opt=VALUE" or the next word, short
 * options cluster ("-il") and take their value attached or as the next
 * word ("-n5", "-n 5").
 */
#ifndef SSS_CMD_OPTIONS_H
#define SSS_CMD_OPTIONS_H

#include <stdbool.h>

struct strbuf;
struct sss_ctx;
struct sss_error;

enum cmd_opt_type {
	CMD_OPT_END,      /* ends a table */
	CMD_OPT_BOOL,     /* takes no value: sets *(bool *)value */
	CMD_OPT_STRING,   /* takes a value: *(const char **)value = it */
	CMD_OPT_CALLBACK, /* takes a value, handed to callback */
	CMD_OPT_OPERANDS, /* no option: the operands, where the synopsis has them */
	CMD_OPT_NOTE,     /* no option: a line of help under the synopsis */
};

enum cmd_opt_flags {
	CMD_OPT_SHOW_SHORT = 1 << 0, /* the synopsis names -x, not --long */
	CMD_OPT_REPEAT = 1 << 1,     /* "[--tag TAG]...": may be given again */
	CMD_OPT_NEEDED = 1 << 2,     /* shown without brackets */
	CMD_OPT_ALIAS = 1 << 3,      /* a shorthand: on the "aliases:" line,
				      * as --long=ARGH, not in the synopsis */
	CMD_OPT_BREAK = 1 << 4,      /* the synopsis goes on on a new line */
};

struct cmd_option {
	enum cmd_opt_type type;
	int short_name;        /* 'x' for -x, or 0 */
	const char *long_name; /* "name" for --name, or NULL */
	void *value;           /* what BOOL and STRING set; callback's data */
	const char *argh;      /* the value's name in the synopsis ("TEXT"),
				* or the operands ("ID FIELD=VALUE...") */
	const char *help;      /* the text of a CMD_OPT_NOTE */
	int flags;             /* enum cmd_opt_flags */
	unsigned forms;        /* bit i: form i's synopsis shows it; 0: all */
	/* CMD_OPT_CALLBACK: called with each value, in argument order; an
	 * error stops the parsing and is returned */
	struct sss_error *(*callback)(struct sss_ctx *ctx,
				      const struct cmd_option *opt,
				      const char *arg);
	const void *defval; /* for the callback: e.g. the field it filters */
};

#define OPT_END() { CMD_OPT_END }
#define OPT_BOOL(s, l, v, f) { CMD_OPT_BOOL, (s), (l), (v), NULL, NULL, (f) }
#define OPT_STRING(s, l, v, a, f) \
	{ CMD_OPT_STRING, (s), (l), (v), (a), NULL, (f) }
#define OPT_CALLBACK(s, l, v, a, f, cb, d) \
	{ CMD_OPT_CALLBACK, (s), (l), (v), (a), NULL, (f), 0, (cb), (d) }
#define OPT_OPERANDS(a, f) { CMD_OPT_OPERANDS, 0, NULL, NULL, (a), NULL, (f) }
#define OPT_NOTE(text) { CMD_OPT_NOTE, 0, NULL, NULL, NULL, (text) }

/* One synopsis line of a command that has several forms ("sssctl sow
 * show KEY", "sssctl report monthly ..."). A table of forms ends with a
 * NULL sub. */
struct cmd_form {
	const char *sub; /* the word after "sssctl CMD" ("show"), or "" */
	bool or_line;    /* begins "   or: " (else aligned under "usage: ") */
	const char *opt; /* with argh: this form's name for --opt's value */
	const char *argh;
};

#define CMD_FORM(i) (1u << (i))

enum cmd_parse_flags {
	CMD_PARSE_STOP_AT_OPERAND = 1 << 0, /* options end at the first operand */
	/* name what is wrong with a bad option ("unknown option '-x'",
	 * "option '--all=1' takes no value") rather than "unknown option or
	 * missing value: '-x'" */
	CMD_PARSE_PRECISE = 1 << 1,
};

/* Parse the options of argv[1..*argc) (argv[0] is the command's name) by
 * the table opts; forms is the command's table of forms, or NULL for one
 * form. Records opts and forms in ctx, for cmd_usage_error(). On success
 * returns NULL with the operands, in order, in (*argv)[0..*argc) (the
 * array is rearranged in place; the strings are argv's). -h or --help
 * prints the usage to stdout and returns CMD_EXIT_HELP. A bad option is a
 * usage error (see cmd_usage_error()); a callback's error is returned as
 * it is. */
struct sss_error *cmd_parse_options(struct sss_ctx *ctx, int *argc,
				    char ***argv, const struct cmd_option *opts,
				    const struct cmd_form *forms, int flags);

/* Append the usage text of command name (no final newline): one line per
 * form, "usage: sssctl NAME [--opt VALUE]... OPERANDS", then the
 * "aliases:" line and the notes. */
void cmd_usage_text(struct strbuf *out, const char *name,
		    const struct cmd_option *opts, const struct cmd_form *forms);

/* --author 'NAME <EMAIL>', which every writing command takes. */
#define OPT_AUTHOR(v) OPT_STRING(0, "author", (v), "'NAME <EMAIL>'", 0)

#endif
