/* main.c - the sssctl command table and the setup every command shares. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/catalog.h"
#include "sss/cleanup.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/i18n.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

#define SSS_VERSION "0.1.0"

enum {
	NEED_REPO = 1 << 0,    /* fail outside a data repository */
	NEED_CATALOG = 1 << 1, /* load the repository's sow/ */
	OPT_REPO = 1 << 2,     /* use the repository's config when there is one */
};

struct command {
	const char *name;
	struct sss_error *(*fn)(int argc, char **argv, struct sss_ctx *ctx);
	const char *summary;
	int flags;
};

static const struct command commands[] = {
	{ "init", cmd_init, N_("make a data repository"), 0 },
	{ "clone", cmd_clone, N_("clone a shared data repository (ssh, https, path)"), 0 },
	{ "sow", cmd_sow, N_("list or show the SOW catalog"), NEED_REPO | NEED_CATALOG },
	{ "new", cmd_new, N_("create a ticket from a SOW item"), NEED_REPO | NEED_CATALOG },
	{ "import", cmd_import, N_("create tickets from CSV rows or JSON lines, in one commit"), NEED_REPO | NEED_CATALOG },
	{ "show", cmd_show, N_("show a ticket"), NEED_REPO },
	{ "list", cmd_list, N_("list tickets"), NEED_REPO },
	{ "export", cmd_export, N_("tickets as CSV, xlsx, JSON or JSON lines"), NEED_REPO },
	{ "set", cmd_set, N_("change fields of a ticket"), NEED_REPO },
	{ "comment", cmd_comment, N_("add a work-log entry"), NEED_REPO },
	{ "tick", cmd_tick, N_("tick a checklist item"), NEED_REPO },
	{ "minutes", cmd_minutes, N_("write a meeting's minutes (## 議事録)"), NEED_REPO },
	{ "close", cmd_close, N_("close a ticket"), NEED_REPO | NEED_CATALOG },
	{ "reopen", cmd_reopen, N_("reopen a closed ticket"), NEED_REPO },
	{ "edit", cmd_edit, N_("edit a ticket in $VISUAL/$EDITOR"), NEED_REPO },
	{ "log", cmd_log, N_("who changed which field when"), NEED_REPO },
	{ "check", cmd_check, N_("validate tickets, catalog and config"), NEED_REPO },
	{ "grep", cmd_grep, N_("search titles and bodies (PCRE2)"), NEED_REPO },
	{ "calendar", cmd_calendar, N_("holidays and business days"), OPT_REPO },
	{ "due", cmd_due, N_("create due recurring tickets, list what is due"), NEED_REPO | NEED_CATALOG },
	{ "merge-file", cmd_merge_file, N_("git's merge driver for tickets"), 0 },
	{ "report", cmd_report, N_("weekly and monthly client reports"), NEED_REPO | NEED_CATALOG },
	{ "sync", cmd_sync, N_("fetch, merge tickets, push"), NEED_REPO | NEED_CATALOG },
};

static const char usage[] =
	N_("usage: sssctl [-C DIR] [--now TIME] COMMAND [ARGS]\n"
	   "       sssctl COMMAND -h    (help for one command; man sssctl-COMMAND)");

static void print_commands(FILE *f)
{
	fprintf(f, "%s\n\n%s\n", _(usage), _("commands:"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "   %-10s %s\n", commands[i].name, _(commands[i].summary));
}

/* "sssctl: <kind>: <message>" on stderr, one line, sanitised. */
static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_vaddf(&sb, _(fmt), ap);
	struct strbuf clean = STRBUF_INIT;
	/* messages quote user and ticket text: one line, and nothing that
	 * could drive the terminal */
	struct sss_error one = { SSS_ERR_INVALID, strbuf_detach(&sb, NULL) };
	sss_error_one_line(&one);
	sss_sanitize(&clean, one.msg, true);
	free(one.msg);
	fprintf(stderr, "sssctl: %s: %s\n", kind, clean.buf);
	strbuf_release(&sb);
	strbuf_release(&clean);
}

static void message(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static void message(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("error", fmt, ap);
	va_end(ap);
}

/* A problem that changes nothing: "sssctl: warning: ...". */
static void warning(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("warning", fmt, ap);
	va_end(ap);
}

void cmd_warn(struct sss_error *err)
{
	message("%s", err->msg);
	sss_error_free(err);
}

/* Print err once, as a command or the setup returned it, and free it;
 * returns the exit status. */
static int finish(struct sss_ctx *ctx, struct sss_error *err)
{
	int rc;

	if (!err || err == CMD_EXIT_HELP)
		return 0;
	if (err == CMD_EXIT_FAILED)
		return 1;
	rc = err->code == SSS_ERR_USAGE ? 2 : 1;
	message("%s", err->msg);
	if (ctx->usage)
		fprintf(stderr, "%s\n", ctx->usage);
	sss_error_free(err);
	return rc;
}

struct sss_error *cmd_check_text(const char *what, const char *s)
{
	int line, col;
	if (!sss_utf8_check(s, strlen(s), &line, &col))
		return sss_error(SSS_ERR_USAGE, "%s is not valid UTF-8 text", what);
	return NULL;
}

static void die_oom(size_t n)
{
	/* not translated: gettext may need the memory there is none of */
	fprintf(stderr, "sssctl: fatal: out of memory (%zu bytes)\n", n);
	exit(1);
}

/* TZ for a zone name: the tzdata file when installed, else a POSIX rule
 * for the zones we know, so a machine without tzdata still keeps +09:00. */
static void set_timezone(const char *zone)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	strbuf_addf(&sb, "/usr/share/zoneinfo/%s", zone);
	if (strstr(zone, "..") == NULL && stat(sb.buf, &st) == 0) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, ":%s", zone);
		setenv("TZ", sb.buf, 1);
	} else if (!strcmp(zone, "Asia/Tokyo")) {
		setenv("TZ", "JST-9", 1);
	} else {
		setenv("TZ", zone, 1);
	}
	tzset();
	strbuf_release(&sb);
}

/* The shell completion's (completion/sssctl.bash): `sssctl __complete`, a
 * hidden command (not in the table `sssctl -h` prints, no manual page),
 * and `sssctl --list-commands`, the table's names one a line. */
static const struct command complete_command = { "__complete", cmd_complete,
						 "words for the shell completion", 0 };

static void list_commands(void)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("%s\n", commands[i].name);
}

/* The command called name, in the table or the hidden one; NULL if none. */
static const struct command *find_command(const char *name)
{
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (!strcmp(commands[k].name, name))
			return &commands[k];
	return strcmp(name, complete_command.name) ? NULL : &complete_command;
}

/* Take "--now X" / "--now=X" out of argv (before any "--"). */
static const char *take_now(int *argc, char **argv)
{
	const char *now = NULL;
	int w = 1;
	bool dashdash = false;
	for (int r = 1; r < *argc; r++) {
		if (!dashdash && !strcmp(argv[r], "--")) {
			dashdash = true;
		} else if (!dashdash && !strcmp(argv[r], "--now") && r + 1 < *argc) {
			now = argv[++r];
			continue;
		} else if (!dashdash && sss_starts_with(argv[r], "--now=")) {
			now = argv[r] + 6;
			continue;
		}
		argv[w++] = argv[r];
	}
	argv[w] = NULL;
	*argc = w;
	return now;
}

/* A clone made by plain git has no merge.sssctl.driver (git does not copy
 * config): set it, and say so once, so that `git pull` merges tickets as
 * tickets. Cheap when it is there (the config's text is read, libgit2 not
 * started); a repository whose config cannot be written is only warned
 * about. */
static void merge_driver_hook(struct sss_repo *r)
{
	bool added = false;
	struct sss_error *err = sss_repo_merge_driver_setup(r, &added);

	if (err) {
		warning("cannot set merge.sssctl.driver in .git/config: %s", err->msg);
		sss_error_free(err);
	} else if (added) {
		fprintf(stderr, "sssctl: %s\n", _("set merge.sssctl.driver in .git/config so "
			"that git merges tickets with sssctl"));
	}
}

static int finish_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return rc; /* `sssctl list | head`: the reader has gone */
		message("cannot write to standard output: %s", strerror(errno));
		return 1;
	}
	return rc;
}

static int run(int argc, char **argv)
{
	struct sss_ctx ctx;
	struct sss_config config;
	const struct command *cmd = NULL;
	struct sss_error *err = NULL;
	const char *now_arg;
	int rc = 1, i = 1;

	memset(&ctx, 0, sizeof(ctx));
	set_timezone("Asia/Tokyo");
	ctx.now = time(NULL);
	sss_config_init(&config, sss_time_date(ctx.now));
	ctx.config = &config;
	now_arg = take_now(&argc, argv);
	if (!now_arg && getenv("SSS_NOW") && *getenv("SSS_NOW"))
		now_arg = getenv("SSS_NOW");
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-C") && i + 1 < argc) {
			ctx.dir = argv[++i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_commands(stdout);
			rc = 0;
			goto done;
		} else if (!strcmp(argv[i], "--list-commands")) {
			list_commands();
			rc = 0;
			goto done;
		} else if (!strcmp(argv[i], "--version")) {
			printf("sssctl %s\n", SSS_VERSION);
			rc = 0;
			goto done;
		} else {
			err = sss_error(SSS_ERR_USAGE, "unknown option '%s'", argv[i]);
			ctx.usage = xstrdup(_(usage));
			goto fail;
		}
	}
	if (i >= argc) {
		print_commands(stderr);
		rc = 2;
		goto done;
	}
	if (!strcmp(argv[i], "help")) {
		print_commands(stdout);
		rc = 0;
		goto done;
	}
	cmd = find_command(argv[i]);
	if (!cmd) {
		err = sss_error(SSS_ERR_USAGE, "'%s' is not a sssctl command; see 'sssctl -h'",
				argv[i]);
		ctx.usage = xstrdup(_(usage));
		goto fail;
	}

	/* `sssctl CMD -h` works anywhere: no repository or catalog needed */
	for (int k = i + 1; k < argc && strcmp(argv[k], "--"); k++)
		if (!strcmp(argv[k], "-h") || !strcmp(argv[k], "--help") ||
		    !strcmp(argv[k], "--list-options"))
			goto run;

	if (cmd->flags & (NEED_REPO | OPT_REPO)) {
		err = sss_repo_open(&ctx.repo, ctx.dir);
		/* what finishing an interrupted change left alone */
		char *notes = ctx.repo ? sss_repo_take_notes(ctx.repo) : NULL;
		for (char *line = notes, *nl; line && (nl = strchr(line, '\n'));
		     line = nl + 1) {
			*nl = '\0';
			warning("%s", line);
		}
		free(notes);
		if (err && (cmd->flags & NEED_REPO))
			goto fail;
		sss_error_free(err);
		err = NULL;
		if (ctx.repo)
			merge_driver_hook(ctx.repo);
	}
	if (ctx.repo) {
		struct strbuf path = STRBUF_INIT;
		sss_repo_path(ctx.repo, &path, SSS_CONFIG_PATH);
		err = sss_config_load(&config, path.buf, SSS_CONFIG_PATH);
		strbuf_release(&path);
		if (err)
			goto fail;
		set_timezone(config.timezone);
	}
	if (now_arg) {
		if ((err = sss_now_parse(now_arg, &ctx.now)))
			goto fail;
		ctx.now_given = true;
	}
	ctx.cal = sss_config_calendar(&config);
	if (cmd->flags & NEED_CATALOG) {
		struct strbuf dir = STRBUF_INIT;
		sss_repo_path(ctx.repo, &dir, "sow");
		err = sss_catalog_load_dir_shown(&ctx.catalog, dir.buf, "sow");
		strbuf_release(&dir);
		if (err)
			goto fail;
	}
	ctx.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
run:
	ctx.name = cmd->name;
	err = cmd->fn(argc - i, argv + i, &ctx);
	rc = finish_stdout(finish(&ctx, err));
	goto done;
fail:
	rc = finish(&ctx, err);
done:
	free(ctx.usage);
	sss_catalog_free(ctx.catalog);
	sss_calendar_free(ctx.cal);
	sss_repo_free(ctx.repo);
	sss_config_release(&config);
	return rc;
}

/* Make 0, 1 and 2 valid (git's sanitize_stdfds): run with one closed, the
 * next file opened would take its number, and `sssctl list >&-` would
 * print the list into whatever file that is (the scan cache). */
static void sanitize_stdfds(void)
{
	int fd = open("/dev/null", O_RDWR);
	while (fd >= 0 && fd < 2)
		fd = dup(fd);
	if (fd < 0) {
		/* nothing printed: stderr may be the one closed */
		exit(1);
	}
	if (fd > 2)
		close(fd);
}

int main(int argc, char **argv)
{
	sanitize_stdfds();
	sss_i18n_init(SSS_LOCALEDIR);
	sss_cleanup_init();
	sss_set_oom_handler(die_oom);
	exit(run(argc, argv));
}
