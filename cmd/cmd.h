/* cmd.h - what every subcommand shares: the context that cmd/main.c sets
 * up once (driven by the command table's flags) and the helpers that turn
 * library errors into messages and exit statuses. */
#ifndef SSS_CMD_H
#define SSS_CMD_H

#include <stdbool.h>
#include <time.h>

struct sss_error;
struct sss_repo;
struct sss_config;
struct sss_catalog;
struct sss_calendar;

struct sss_ctx {
	const char *dir;             /* -C DIR, or NULL for the cwd */
	struct sss_repo *repo;       /* set for commands flagged NEED_REPO */
	struct sss_config *config;   /* the repo's config, or the defaults */
	struct sss_catalog *catalog; /* set for commands flagged NEED_CATALOG */
	struct sss_calendar *cal;    /* business calendar built from config */
	time_t now;                  /* --now / SSS_NOW, else the clock */
	bool now_given;              /* --now or SSS_NOW was given */
	bool color;                  /* stdout is a terminal and NO_COLOR unset */
};

/* Print "sssctl: error: <msg>" to stderr, free err and return the exit
 * status for it: 2 for usage errors, 1 otherwise. */
int cmd_fail(struct sss_error *err);

/* Print "sssctl: error: <msg>" (printf-style) and the usage line, return 2. */
int cmd_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* After getopt_long() returned '?': name the bad option, print the usage
 * line and return 2. */
int cmd_bad_option(const char *usage, char **argv);

/* Print usage to stdout and return 0 (for -h). */
int cmd_help(const char *usage);

struct sss_tracker;
/* Set up tr for changes by the command's author (author_override from
 * --author, else SSS_AUTHOR, GIT_AUTHOR_*, git config). Release with
 * cmd_tracker_release(). */
struct sss_error *cmd_tracker(struct sss_ctx *ctx, const char *author_override,
			      struct sss_tracker *tr);
void cmd_tracker_release(struct sss_tracker *tr);

/* Fail with a usage error unless s is valid UTF-8 (what names it). */
struct sss_error *cmd_check_text(const char *what, const char *s);

#define CMD(name) int cmd_##name(int argc, char **argv, struct sss_ctx *ctx)

CMD(init);
CMD(sow);
CMD(new);
CMD(show);
CMD(list);
CMD(set);
CMD(comment);
CMD(close);
CMD(reopen);
CMD(edit);
CMD(log);
CMD(check);
CMD(grep);
CMD(calendar);
CMD(due);
CMD(report);

#endif
