/* cmd.h - what every subcommand shares: the context that cmd/main.c sets
 * up once (driven by the command table's flags), the way a command ends
 * (it returns an error, which main prints once). Option tables are
 * options.h's. */
#ifndef SSS_CMD_H
#define SSS_CMD_H

#include <stdbool.h>
#include <time.h>

struct sss_error;
struct sss_repo;
struct sss_config;
struct sss_catalog;
struct sss_calendar;
struct cmd_option;
struct cmd_form;

struct sss_ctx {
	const char *name;            /* the command ("new"), for its usage */
	const char *dir;             /* -C DIR, or NULL for the cwd */
	struct sss_repo *repo;       /* set for commands flagged NEED_REPO */
	struct sss_config *config;   /* the repo's config, or the defaults */
	struct sss_catalog *catalog; /* set for commands flagged NEED_CATALOG */
	struct sss_calendar *cal;    /* business calendar built from config */
	time_t now;                  /* --now / SSS_NOW, else the clock */
	bool now_given;              /* --now or SSS_NOW was given */
	bool color;                  /* stdout is a terminal and NO_COLOR unset */
	/* the running command's option table and forms, recorded by
	 * cmd_parse_options(); valid while the command runs */
	const struct cmd_option *options;
	const struct cmd_form *forms;
	char *usage; /* made by cmd_usage_error(): main prints it after the
		      * message; owned by the context */
};

/* A command returns NULL on success, else the error that main prints once
 * ("sssctl: error: <msg>", then the usage for an error made by
 * cmd_usage_error()) before it exits: 2 for SSS_ERR_USAGE, 1 otherwise.
 * Two static errors end a command with nothing more to print:
 * CMD_EXIT_HELP (exit 0: the usage was printed for -h) and
 * CMD_EXIT_FAILED (exit 1: the problems were reported with cmd_warn(), or
 * there was nothing to find, as for grep). Neither is ever freed. */
extern struct sss_error cmd_exit_help, cmd_exit_failed;
#define CMD_EXIT_HELP (&cmd_exit_help)
#define CMD_EXIT_FAILED (&cmd_exit_failed)

/* A usage error (SSS_ERR_USAGE, printf-style message) that main prints
 * with the running command's usage line(s). Returns the error, owned by
 * the caller (to return). */
struct sss_error *cmd_usage_error(struct sss_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print err as "sssctl: error: <msg>" and free it: a problem that does
 * not stop the command (a broken ticket in a scan). The command ends
 * with CMD_EXIT_FAILED. */
void cmd_warn(struct sss_error *err);

/* Print "sssctl: warning: <msg>" (one line, sanitised) on stderr: a
 * problem that stops nothing. */
void cmd_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Warn when due (a date YYYY-MM-DD, or NULL) is before today (ctx->now):
 * what names where it came from ("--due", "due"). */
void cmd_warn_past_due(const struct sss_ctx *ctx, const char *what, const char *due);

/* Fail with a usage error unless s is valid UTF-8 (what names it). */
struct sss_error *cmd_check_text(const char *what, const char *s);

/* Run the person's editor ($VISUAL, else $EDITOR, else vi; split on
 * blanks, run without a shell) on path and wait for it; an editor that
 * cannot start or exits non-zero is an error. */
struct sss_error *cmd_run_editor(const char *path);

/* A text from the editor for command what ("comment", "minutes") on the
 * ticket the ID prefix names (checked first, before anyone types): the
 * editor gets an empty file .git/sss-WHAT-ID-PID.md. On
 * success *text is what was typed (normalised, trailing blank lines
 * trimmed; caller frees) and *path the file that keeps it (caller hands
 * it to cmd_editor_done()). An empty text is an error and the file goes;
 * any other error after the person typed names the file that keeps it. */
struct sss_error *cmd_editor_text(struct sss_ctx *ctx, const char *what, const char *prefix,
				  char **text, char **path);

/* After the commit of a text from cmd_editor_text(): err NULL (or the
 * change in HEAD) removes path; else the error returned names the file
 * that keeps the text. Takes err and path. */
struct sss_error *cmd_editor_done(struct sss_error *err, struct sss_repo *repo, char *path);

/* The text of file path (-F FILE; "-" is standard input), at most 1 MiB,
 * UTF-8, normalised (BOM, CRLF) and with trailing blank lines trimmed.
 * *text is owned by the caller. */
struct sss_error *cmd_text_file(const char *path, char **text);

#define CMD(name) \
	struct sss_error *cmd_##name(int argc, char **argv, struct sss_ctx *ctx)

CMD(init);
CMD(clone);
CMD(sow);
CMD(new);
CMD(import);
CMD(show);
CMD(list);
CMD(export);
CMD(set);
CMD(comment);
CMD(tick);
CMD(minutes);
CMD(close);
CMD(reopen);
CMD(edit);
CMD(log);
CMD(check);
CMD(grep);
CMD(calendar);
CMD(due);
CMD(report);
CMD(sync);
CMD(merge_file);
CMD(complete);

#endif
