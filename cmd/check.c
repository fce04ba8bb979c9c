/* check.c - sssctl check: validate the config, the catalog and every
 * ticket; usable as a git pre-commit hook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/catalog.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/i18n.h"
#include "sss/id.h"
#include "sss/repo.h"
#include "sss/scan.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

struct state {
	struct sss_ctx *ctx;
	struct sss_catalog *cat;
	size_t tickets, problems;
};

static void problem(struct state *st, struct sss_error *err)
{
	cmd_warn(err);
	st->problems++;
}

/* The tag a merge gives a ticket whose section it kept twice (merge.h). */
#define CONFLICT_TAG "conflict"

/* Whether the front matter of raw may have the conflict tag: a "tags:"
 * line naming it (the parse then decides), so that only those few
 * tickets are parsed again. */
static bool may_be_tagged(const char *raw)
{
	const char *end = strstr(raw, "\n---");
	for (const char *p = strstr(raw, "\ntags:"); p && (!end || p < end);
	     p = strstr(p + 1, "\ntags:")) {
		size_t n = strcspn(p + 1, "\n");
		if (memmem(p + 1, n, CONFLICT_TAG, strlen(CONFLICT_TAG)))
			return true;
	}
	return false;
}

/* A ticket a merge tagged `conflict`: it holds both texts of a section
 * until a person merges them and removes the tag. */
static void tagged_conflict(struct state *st, struct sss_scan_item *it,
			    const char *rel)
{
	const struct sss_ticket *t = NULL;
	struct sss_error *err = sss_scan_ticket(it, &t);
	if (err) {
		sss_error_free(err); /* the parse reports what is wrong */
		return;
	}
	for (size_t i = 0; i < sss_ticket_list_count(t, "tags"); i++)
		if (!strcmp(sss_ticket_list_get(t, "tags", i), CONFLICT_TAG))
			problem(st, sss_error(SSS_ERR_INVALID,
					      "'%s': tagged conflict: a merge kept both "
					      "versions of a section; merge them by hand "
					      "and remove the tag", rel));
}

/* A ticket still holding git's conflict markers: a merge that was not
 * resolved (the markers parse as text in the body). True when reported;
 * *tagged tells whether it may carry the conflict tag. */
static bool conflict(struct state *st, struct sss_scan_item *it,
		     const char *rel, bool *tagged)
{
	char *raw = NULL, marker = 0;
	size_t len = 0;
	int line = 0;
	struct sss_error *err = sss_scan_read(it, &raw, &len);

	*tagged = false;
	if (err)
		sss_error_free(err); /* the parse reports what is wrong */
	else if ((line = sss_ticket_conflict_line(raw, len, &marker)))
		problem(st, sss_error(SSS_ERR_CONFLICT,
				      "'%s': merge conflict (git conflict markers "
				      "at line %d): resolve it and commit the file",
				      rel, line));
	else
		*tagged = may_be_tagged(raw);
	free(raw);
	return line > 0;
}

/* A path git could not merge (its merge stopped there, the driver
 * refused it): for a ticket added on both sides that is two different
 * tickets with one ID, which `sync` renumbers. */
static int unmerged(const char *path, bool added_both, void *data)
{
	struct state *st = data;

	if (added_both && sss_starts_with(path, "tickets/"))
		problem(st, sss_error(SSS_ERR_CONFLICT,
				      "'%s': two different tickets have this ID (git "
				      "could not merge it): run 'git merge --abort' "
				      "(or 'git rebase --abort') and 'sssctl sync', "
				      "which renumbers yours", path));
	else
		problem(st, sss_error(SSS_ERR_CONFLICT,
				      "'%s': not merged yet: git stopped its merge "
				      "here; finish or abort it", path));
	return 0;
}

static void each(struct state *st, struct sss_scan_item *it)
{
	const char *rel = sss_scan_rel(it);
	struct strbuf want = STRBUF_INIT, links = STRBUF_INIT;
	struct strbuf lrel = STRBUF_INIT, lid = STRBUF_INIT;
	struct sss_error *err;
	const char *id, *sow;
	bool tagged;

	st->tickets++;
	/* markers in the front matter also break the parse: the conflict is
	 * the one thing to say */
	if (conflict(st, it, rel, &tagged))
		goto done;
	/* a file unchanged since a scan parsed it: its cache record says
	 * what parsing it again would (scan.h) */
	if ((err = sss_scan_broken(it))) {
		problem(st, err);
		goto done;
	}
	id = sss_scan_get(it, "id");
	sow = sss_scan_get(it, "sow");
	sss_scan_links(it, &links);
	err = sss_id_path(&want, id, st->ctx->config->fy_start);
	if (err)
		problem(st, sss_error_prefix(err, "'%s'", rel));
	else if (strcmp(want.buf, rel))
		problem(st, sss_error(SSS_ERR_INVALID,
				      "'%s': id '%s' belongs in '%s'", rel, id, want.buf));
	if (st->cat && sow && !sss_catalog_find(st->cat, sow))
		problem(st, sss_error(SSS_ERR_INVALID,
				      "'%s': sow '%s' is not in the catalog", rel, sow));
	for (const char *p = links.buf; sss_links_next(&p, &lrel, &lid);) {
		char *trel = NULL, *tid = NULL;
		err = sss_repo_resolve(st->ctx->repo, lid.buf, st->ctx->config->fy_start,
				       &trel, &tid);
		if (err || strcmp(tid, lid.buf)) {
			sss_error_free(err);
			problem(st, sss_error(SSS_ERR_INVALID,
					      "'%s': link to '%s', which does not exist",
					      rel, lid.buf));
		}
		free(trel);
		free(tid);
	}
	if (tagged)
		tagged_conflict(st, it, rel);
done:
	strbuf_release(&want);
	strbuf_release(&links);
	strbuf_release(&lrel);
	strbuf_release(&lid);
}

CMD(check)
{
	bool quiet = false;
	struct cmd_option opts[] = {
		OPT_BOOL('q', "quiet", &quiet, CMD_OPT_SHOW_SHORT),
		OPT_END(),
	};
	struct state st = { ctx, NULL, 0, 0 };
	struct strbuf dir = STRBUF_INIT;
	struct sss_error *err;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc > 0)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[0]);
	/* the config was already read by main: a broken one never gets here */
	sss_repo_path(ctx->repo, &dir, "sow");
	if ((err = sss_catalog_load_dir_shown(&st.cat, dir.buf, "sow")))
		problem(&st, err);
	/* a repository made before init committed .gitattributes */
	if ((err = sss_repo_merge_attr_check(ctx->repo, "tickets/2026/01/x.md")))
		problem(&st, err);
	if ((err = sss_repo_unmerged(ctx->repo, unmerged, &st)))
		problem(&st, err);
	struct sss_scan *scan = sss_scan_open(ctx->repo, 0);
	struct sss_scan_item *it;
	while (!(err = sss_scan_next(scan, &it)) && it)
		each(&st, it);
	sss_scan_close(scan);
	if (err)
		problem(&st, err);
	if (!quiet)
		printf(_("checked %zu ticket%s: %zu problem%s\n"), st.tickets,
		       st.tickets == 1 ? "" : "s", st.problems, st.problems == 1 ? "" : "s");
	sss_catalog_free(st.cat);
	strbuf_release(&dir);
	return st.problems ? CMD_EXIT_FAILED : NULL;
}
