/* merge_file.c - sssctl merge-file BASE OURS THEIRS PATH: git's merge
 * driver for tickets (`merge.sssctl.driver = sssctl merge-file %O %A %B
 * %P`). It merges the three versions as tickets (merge.h) and writes the
 * result over OURS; git then takes OURS as the merged file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/catalog.h"
#include "sss/compose.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/fileio.h"
#include "sss/i18n.h"
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
		key = xstrdup(sss_ticket_get(t, "recurrence"));
	sss_error_free(err);
	sss_ticket_free(t);
	return key;
}

/* The repository git runs the driver in (its work tree is the cwd),
 * opened when first needed; NULL when there is none to open. */
struct driver {
	struct sss_ctx *ctx;
	struct sss_repo *repo;
	bool tried;
};

static struct sss_repo *driver_repo(struct driver *d)
{
	if (!d->tried) {
		d->tried = true;
		sss_error_free(sss_repo_open(&d->repo, d->ctx->dir));
		if (d->repo)
			free(sss_repo_take_notes(d->repo));
	}
	return d->repo;
}

/* The base of a generated ticket that both sides added: the file `due`
 * makes, from the repository's config and catalog. Anything missing (no
 * repository, a broken config or catalog, an entry since removed)
 * leaves out empty: the merge then runs without a base, which is what
 * it does for any ticket added twice. */
static void generated_base(struct driver *d, const char *key,
			   struct strbuf *out)
{
	struct sss_repo *repo = driver_repo(d);
	struct sss_catalog *cat = NULL;
	struct sss_calendar *cal = NULL;
	struct sss_config cfg;
	struct strbuf path = STRBUF_INIT;
	struct sss_error *err = NULL;

	sss_config_init(&cfg, sss_time_date(d->ctx->now));
	if (!repo)
		goto done;
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
	if (err || !repo)
		strbuf_reset(out);
	sss_error_free(err);
	sss_calendar_free(cal);
	sss_catalog_free(cat);
	sss_config_release(&cfg);
	strbuf_release(&path);
}

/* Merge in into res; when the merge has something to say (a value or a
 * section lost to the other side), again with who made each side's
 * change, from the repository's history. */
static struct sss_error *merge_named(struct driver *d,
				     struct sss_merge_input *in,
				     struct sss_merge_result *res)
{
	char *ours = NULL, *theirs = NULL;
	struct sss_error *err = sss_ticket_merge(in, res);

	if (err || !res->notes.len || res->collision || !driver_repo(d))
		return err;
	if ((err = sss_repo_merge_sides(d->repo, in->path, &ours, &theirs))) {
		sss_error_free(err); /* the lines then name no one */
		return NULL;
	}
	in->ours_who = ours;
	in->theirs_who = theirs;
	if (ours || theirs)
		err = sss_ticket_merge(in, res);
	in->ours_who = in->theirs_who = NULL;
	free(ours);
	free(theirs);
	return err;
}

/* "sssctl: <path>: <text>" on stderr, one line: notes quote ticket text,
 * which must not drive the terminal. */
static void say(const char *path, const char *text, size_t len)
{
	struct strbuf line = STRBUF_INIT, raw = STRBUF_INIT;
	strbuf_addf(&raw, "%s: ", path);
	strbuf_add(&raw, text, len);
	sss_sanitize(&line, raw.buf, true);
	fprintf(stderr, "sssctl: %s\n", line.buf);
	strbuf_release(&line);
	strbuf_release(&raw);
}

/* Each line of notes. */
static void print_notes(const char *path, const char *notes)
{
	for (const char *p = notes; *p;) {
		size_t n = strcspn(p, "\n");
		say(path, p, n);
		p += n + (p[n] == '\n');
	}
}

CMD(merge_file)
{
	struct cmd_option opts[] = {
	    OPT_OPERANDS("BASE OURS THEIRS PATH", 0),
	    OPT_NOTE("git's merge driver: merge.sssctl.driver = sssctl "
		     "merge-file %O %A %B %P"),
	    OPT_END(),
	};
	struct driver d = {ctx, NULL, false};
	struct sss_merge_input in = SSS_MERGE_INPUT_INIT;
	struct sss_merge_result res = SSS_MERGE_RESULT_INIT;
	struct strbuf gen = STRBUF_INIT;
	char *buf[3] = {NULL, NULL, NULL}, *key = NULL;
	size_t len[3] = {0, 0, 0};
	struct sss_error *err;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 4)
		return cmd_usage_error(ctx, "give BASE, OURS, THEIRS and PATH "
					    "(git passes %%O %%A %%B %%P)");
	if (!*argv[3])
		return cmd_usage_error(ctx, "PATH is empty");
	for (int i = 0; i < 3; i++) {
		if ((err =
			 sss_read_file(argv[i], MAX_FILE, &buf[i], &len[i]))) {
			err =
			    sss_error_prefix(err, "cannot merge '%s'", argv[3]);
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
		char *theirs_key =
		    recurrence_of(in.theirs, in.theirs_len, in.path);
		if (theirs_key && !strcmp(key, theirs_key))
			generated_base(&d, key, &gen);
		free(theirs_key);
		if (gen.len) {
			in.base = gen.buf;
			in.base_len = gen.len;
		}
	}
	if ((err = merge_named(&d, &in, &res)))
		goto done;
	if (res.collision) {
		struct sss_ticket *t = NULL;
		struct strbuf msg = STRBUF_INIT;
		sss_error_free(
		    sss_ticket_parse(&t, in.ours, in.ours_len, in.path));
		strbuf_addf(&msg,
			    _("two different tickets have the ID %s; run `git "
			    "merge --abort` (or `git rebase --abort`) and "
			    "`sssctl sync`, which renumbers yours"),
			    t ? sss_ticket_get(t, "id") : "?");
		say(in.path, msg.buf, msg.len);
		strbuf_release(&msg);
		sss_ticket_free(t);
		err = CMD_EXIT_FAILED;
		goto done;
	}
	/* git reads OURS back as the merge: replace it whole or not at all */
	if ((err = sss_write_file_atomic(argv[1], res.out.buf, res.out.len,
					 false))) {
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
	sss_repo_free(d.repo);
	return err;
}
