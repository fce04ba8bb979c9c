/* import.c - sssctl import: tickets from the rows of a CSV file or the
 * JSON lines of `export --format jsonl`, in one commit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/config.h"
#include "sss/csvread.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/import.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

#define MAX_MAPS 64
/* Inputs smaller than this are quick: no progress bar. */
#define PROGRESS_MIN (256u << 10)

struct maps {
	const char *column[MAX_MAPS];
	const char *field[MAX_MAPS];
	char *owned[MAX_MAPS];
	size_t n;
};

/* --map COLUMN=FIELD */
static struct sss_error *map_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				    const char *arg)
{
	struct maps *m = opt->value;
	const char *eq = strrchr(arg, '=');

	if (!eq || eq == arg || !eq[1])
		return cmd_usage_error(ctx, "--map '%s' is not COLUMN=FIELD", arg);
	if (m->n >= MAX_MAPS)
		return cmd_usage_error(ctx, "too many --map options");
	struct sss_error *err = cmd_check_text("--map", arg);
	if (err)
		return err;
	m->owned[m->n] = xstrndup(arg, (size_t)(eq - arg));
	m->column[m->n] = m->owned[m->n];
	m->field[m->n++] = eq + 1;
	return NULL;
}

static struct sss_error *read_input(const char *file, char **buf, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;

	if (strcmp(file, "-"))
		return sss_read_file(file, SSS_CSV_MAX_INPUT, buf, len);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (sb.len + n > SSS_CSV_MAX_INPUT) {
			strbuf_release(&sb);
			return sss_error(SSS_ERR_LIMIT, "standard input is larger than %u bytes",
					 SSS_CSV_MAX_INPUT);
		}
		strbuf_add(&sb, chunk, n);
	}
	if (ferror(stdin)) {
		strbuf_release(&sb);
		return sss_error(SSS_ERR_IO, "cannot read standard input: %s", strerror(errno));
	}
	*buf = strbuf_detach(&sb, len);
	return NULL;
}

static enum sss_import_format format_of(const char *file)
{
	const char *dot = strrchr(file, '.');
	if (dot && (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson")))
		return SSS_IMPORT_JSONL;
	if (dot && !strcmp(dot, ".csv"))
		return SSS_IMPORT_CSV;
	return SSS_IMPORT_AUTO;
}

/* The bar: "import [#######.............]  35%" redrawn in place. */
static void progress(size_t done, size_t total, void *data)
{
	int *last = data;
	int pct = total ? (int)(done * 100 / total) : 100;
	if (pct == *last)
		return;
	*last = pct;
	char bar[41];
	int fill = pct * 40 / 100;
	for (int i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\rimport [%s] %3d%%", bar, pct);
	fflush(stderr);
}

static void dry_run(const struct sss_import *im)
{
	for (size_t i = 0; i < sss_import_count(im); i++) {
		const struct sss_ticket *t = sss_import_ticket(im, i);
		const char *id = sss_import_new_id(im, i) ? NULL : sss_ticket_get(t, "id");
		printf("%s\t%s\n", id ? id : "(new)", sss_ticket_get(t, "title"));
	}
	const char *skipped = sss_import_skipped(im);
	for (const char *p = skipped; p && *p;) {
		size_t n = strcspn(p, "\n");
		printf("column %.*s read past\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void summary(const struct sss_import *im, const char *file, bool one, bool dry)
{
	const char *name = strcmp(file, "-") ? file : "standard input";
	size_t n = sss_import_count(im);
	if (one && !dry)
		printf("imported %s with %zu checklist items from '%s'\n",
		       sss_ticket_get(sss_import_ticket(im, 0), "id"), sss_import_rows(im), name);
	else if (one)
		printf("would import 1 ticket with %zu checklist items from '%s' (nothing written)\n",
		       sss_import_rows(im), name);
	else
		printf("%s %zu ticket%s from '%s'%s\n", dry ? "would import" : "imported", n,
		       n == 1 ? "" : "s", name, dry ? " (nothing written)" : "");
}

CMD(import)
{
	struct maps maps;
	const char *sow = NULL, *author = NULL;
	bool one = false, dry = false;
	struct cmd_option opts[] = {
		OPT_OPERANDS("FILE.csv|FILE.jsonl|-", 0),
		OPT_STRING(0, "sow", &sow, "KEY", 0),
		OPT_CALLBACK(0, "map", &maps, "COLUMN=FIELD", CMD_OPT_REPEAT, map_option, NULL),
		OPT_BOOL(0, "one-ticket", &one, 0),
		OPT_BOOL('n', "dry-run", &dry, CMD_OPT_BREAK),
		OPT_AUTHOR(&author),
		OPT_END(),
	};
	struct sss_import_options o = SSS_IMPORT_OPTIONS_INIT;
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_import *im = NULL;
	struct sss_error *err;
	char *buf = NULL;
	size_t len = 0;
	int last = -1;
	bool bar;

	memset(&maps, 0, sizeof(maps));
	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		goto done;
	if (argc != 1) {
		err = cmd_usage_error(ctx, "%s", argc == 0 ? "which file? ('-' reads standard input)"
							   : "too many arguments");
		goto done;
	}
	if (sow && !(o.entry = sss_catalog_find(ctx->catalog, sow))) {
		err = sss_error(SSS_ERR_USAGE, "unknown SOW key '%s'; see 'sssctl sow'", sow);
		goto done;
	}
	/* before reading: a mistyped name must not wait on a terminal */
	if ((err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (err = read_input(argv[0], &buf, &len)))
		goto done;
	bar = isatty(STDERR_FILENO) && len >= PROGRESS_MIN;
	o.format = format_of(argv[0]);
	o.catalog = ctx->catalog;
	o.file = argv[0];
	o.map_column = maps.column;
	o.map_field = maps.field;
	o.nmap = maps.n;
	o.one_ticket = one;
	o.now = ctx->now;
	o.fy_start = ctx->config->fy_start;
	o.progress = bar ? progress : NULL;
	o.progress_data = &last;
	err = sss_import_prepare(&im, &o, ctx->repo, buf, len);
	if (bar)
		fprintf(stderr, "\r\033[K%s", err || dry ? "" : "import: writing one commit...");
	if (err)
		goto done;
	if (dry) {
		dry_run(im);
	} else {
		err = sss_import_commit(im, &tr);
		if (bar)
			fprintf(stderr, "\r\033[K");
		if (err)
			goto done;
	}
	summary(im, argv[0], one, dry);
done:
	sss_tracker_release(&tr);
	sss_import_free(im);
	free(buf);
	for (size_t i = 0; i < maps.n; i++)
		free(maps.owned[i]);
	return err;
}
