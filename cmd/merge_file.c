/* merge_file.c - sssctl merge-file BASE OURS THEIRS PATH: git's merge
 * driver for tickets (`merge.sssctl.driver = sssctl merge-file %O %A %B
 * %P`). It merges the three versions as tickets (merge.h) and writes the
 * result over OURS; git then takes OURS as the merged file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/calendar.h"
#include "sss/catalog.h"
#include "sss/compose.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/merge.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

/* A ticket is at most this big; the versions git hands over too. */
#define MAX_FILE SSS_TICKET_MAX_FILE

/* The recurrence key of a version that parses, or NULL (the caller
 * frees it). */
static char *recurrence_of(const char *buf, size_t len, const char *path)
{
	struct sss_ticket *t = NULL;
	char *key = NULL;
	struct sss_error *err = sss_ticket_parse(&t, buf, len, path);
	if (!err && sss_ticket_get(t, "recurrence"))
		key = strdup(sss_ticket_get(t, "recurrence"));
	sss_error_free(err);
	sss_ticket_free(t);
	return key;
}

/* The base of a generated ticket that both sides added: the file `due`
 * makes, from the repository git runs the driver in (its work tree is
 * the cwd). Anything missing (no repository, a broken config or
 * catalog, an entry since removed) leaves out empty: the merge then runs
 * without a base, which is what it does for any ticket added twice. */
static void generated_base(struct sss_ctx *ctx, const char *key,
			   struct strbuf *out)
{
	struct sss_repo *repo = NULL;
	struct sss_catalog *cat = NULL;
	struct sss_calendar *cal = NULL;
	struct sss_config cfg;
	struct strbuf path = STRBUF_INIT;
	struct sss_error *err;

	sss_config_init(&cfg, sss_time_date(ctx->now));
	if ((err = sss_repo_open(&repo, ctx->dir)))
		goto done;
	free(sss_repo_take_notes(repo));
	sss_repo_path(repo, &path, SSS_CONFIG_PATH);
	if ((err = sss_config_load(&cfg, path.buf, SSS_CONFIG_PATH)))
		goto done;
	strbuf_reset(&path);
	sss_repo_path(repo, &path, "sow");
	if ((err = sss_catalog_load_dir_shown(&cat, path.buf, "sow")))
		goto done;
	cal = sss_config_calendar(&cfg);
	err = sss_merge_generated_base(repo, cat, &cfg, cal, key, out);
done:
	if (err)
		strbuf_reset(out);
	sss_error_free(err);
	sss_calendar_free(cal);
	sss_catalog_free(cat);
	sss_repo_free(repo);
	sss_config_release(&cfg);
	strbuf_release(&path);
}

/* Each line of notes on stderr as "sssctl: <path>: <note>". */
static void print_notes(const char *path, const char *notes)
{
	for (const char *p = notes; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(stderr, "sssctl: %s: %.*s\n", path, (int)n, p);
		p += n + (p[n] == '\n');
	}
}

CMD(merge_file)
{
	struct cmd_option opts[] = {
		OPT_OPERANDS("BASE OURS THEIRS PATH", 0),
		OPT_NOTE("git's merge driver: merge.sssctl.driver = sssctl merge-file %O %A %B %P"),
		OPT_END(),
	};
	struct sss_merge_input in = SSS_MERGE_INPUT_INIT;
	struct sss_merge_result res = SSS_MERGE_RESULT_INIT;
	struct strbuf gen = STRBUF_INIT;
	char *buf[3] = { NULL, NULL, NULL }, *key = NULL;
	size_t len[3] = { 0, 0, 0 };
	struct sss_error *err;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 4)
		return cmd_usage_error(ctx, "give BASE, OURS, THEIRS and PATH "
				       "(git passes %%O %%A %%B %%P)");
	if (!*argv[3])
		return cmd_usage_error(ctx, "PATH is empty");
	for (int i = 0; i < 3; i++) {
		if ((err = sss_read_file(argv[i], MAX_FILE, &buf[i], &len[i]))) {
			err = sss_error_prefix(err, "cannot merge '%s'", argv[3]);
			goto done;
		}
	}
	in.path = argv[3];
	/* git gives an empty %O when both sides added the file */
	in.base = len[0] ? buf[0] : NULL;
	in.base_len = len[0];
	in.ours = buf[1];
	in.ours_len = len[1];
	in.theirs = buf[2];
	in.theirs_len = len[2];
	if (!in.base && (key = recurrence_of(in.ours, in.ours_len, in.path))) {
		char *theirs_key = recurrence_of(in.theirs, in.theirs_len, in.path);
		if (theirs_key && !strcmp(key, theirs_key))
			generated_base(ctx, key, &gen);
		free(theirs_key);
		if (gen.len) {
			in.base = gen.buf;
			in.base_len = gen.len;
		}
	}
	if ((err = sss_ticket_merge(&in, &res)))
		goto done;
	if (res.collision) {
		struct sss_ticket *t = NULL;
		sss_error_free(sss_ticket_parse(&t, in.ours, in.ours_len, in.path));
		fprintf(stderr, "sssctl: %s: two different tickets have the ID %s; "
			"run `git merge --abort` (or `git rebase --abort`) and "
			"`sssctl sync`, which renumbers yours\n",
			in.path, t ? sss_ticket_get(t, "id") : "?");
		sss_ticket_free(t);
		err = CMD_EXIT_FAILED;
		goto done;
	}
	/* git reads OURS back as the merge: replace it whole or not at all */
	if ((err = sss_write_file_atomic(argv[1], res.out.buf, res.out.len, false))) {
		err = sss_error_prefix(err, "cannot merge '%s'", argv[3]);
		goto done;
	}
	print_notes(in.path, res.notes.buf);
done:
	for (int i = 0; i < 3; i++)
		free(buf[i]);
	free(key);
	strbuf_release(&gen);
	sss_merge_result_release(&res);
	return err;
}
