/* complete.c - sssctl __complete: the words the shell completion offers
 * (completion/sssctl.bash, completion/_sssctl) that are not in the
 * command and option tables (those come from `sssctl --list-commands` and
 * `sssctl CMD --list-options`). Hidden: not in `sssctl -h`, no manual
 * page. It prints one word a line and never writes: a missing repository
 * or catalog prints nothing.
 *
 * Ticket IDs come from the names of the ticket files (the repository
 * walk), never from their contents: a "YYMM" prefix reads only
 * tickets/20YY/MM, so completion stays fast at 100,000 tickets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/error.h"
#include "sss/id.h"
#include "sss/repo.h"
#include "sss/sla.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

/* What `sssctl set` takes as FIELD: the scalar fields except those
 * sssctl keeps itself (set.c refuses those), and the lists. */
static const char *const kept[] = { "id", "sow", "created", "updated",
				    "closed", "recurrence", "message_id", NULL };
static const char *const scalars[] = { SSS_TICKET_SCALARS, NULL };

static bool in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static void print_words(const char *const *list, const char *prefix)
{
	for (size_t i = 0; list[i]; i++)
		if (!strncmp(list[i], prefix, strlen(prefix)))
			printf("%s\n", list[i]);
}

/* The IDs that begin with prefix (case as sss_id_canonical() makes it),
 * from the file names of the walk: of one month for "YYMM...", else of
 * every month. */
static void print_ids(struct sss_repo *r, const char *prefix)
{
	char *canon = *prefix ? sss_id_canonical(prefix) : xstrdup("");
	size_t n = strlen(canon);
	char year[5] = { 0 }, month[3] = { 0 };
	struct sss_repo_walk *w;
	struct sss_error *err;
	const char *rel;

	if (n >= 4 && strspn(canon, "0123456789") >= 4) {
		snprintf(year, sizeof(year), "20%.2s", canon);
		snprintf(month, sizeof(month), "%.2s", canon + 2);
	}
	w = sss_repo_walk_open(r, *year ? year : NULL, *month ? month : NULL);
	while (!(err = sss_repo_walk_next(w, &rel)) && rel) {
		const char *base = strrchr(rel, '/');
		size_t len;
		base = base ? base + 1 : rel;
		len = strlen(base);
		/* fwrite, not printf: at 100,000 IDs the formatting shows */
		if (len > 3 && !strcmp(base + len - 3, ".md") &&
		    !strncmp(base, canon, n)) {
			fwrite(base, 1, len - 3, stdout);
			putchar('\n');
		}
	}
	sss_error_free(err); /* completion shows what it found */
	sss_repo_walk_free(w);
	free(canon);
}

static void print_keys(struct sss_repo *r, const char *prefix)
{
	struct sss_catalog *cat = NULL;
	struct strbuf dir = STRBUF_INIT;
	struct sss_error *err;

	sss_repo_path(r, &dir, "sow");
	err = sss_catalog_load_dir_shown(&cat, dir.buf, "sow");
	if (!err) {
		for (size_t i = 0; i < sss_catalog_count(cat); i++) {
			const char *key = sss_sow_key(sss_catalog_at(cat, i));
			if (!strncmp(key, prefix, strlen(prefix)))
				printf("%s\n", key);
		}
	}
	sss_error_free(err);
	sss_catalog_free(cat);
	strbuf_release(&dir);
}

static void print_fields(const char *prefix)
{
	static const char *const lists[] = { "tags", "documents", "param.", NULL };

	for (size_t i = 0; scalars[i]; i++)
		if (!in_list(kept, scalars[i]) &&
		    !strncmp(scalars[i], prefix, strlen(prefix)))
			printf("%s\n", scalars[i]);
	print_words(lists, prefix);
}

static void print_sla(const char *prefix)
{
	for (int s = 0; s < SSS_SLA_NSTATES; s++) {
		const char *name = sss_sla_state_name((enum sss_sla_state)s);
		if (!strncmp(name, prefix, strlen(prefix)))
			printf("%s\n", name);
	}
}

/* Words that need the repository: NULL when there is none. */
static struct sss_repo *open_repo(struct sss_ctx *ctx)
{
	struct sss_repo *r = NULL;
	struct sss_error *err = sss_repo_open(&r, ctx->dir);
	sss_error_free(err);
	return err ? NULL : r;
}

CMD(complete)
{
	static const char usage[] =
		"sssctl __complete ids|keys|fields|status|priority|kind|sla [PREFIX]";
	const char *what = argc > 1 ? argv[1] : "", *prefix = argc > 2 ? argv[2] : "";
	struct sss_repo *r = NULL;

	if (argc < 2 || argc > 3)
		return sss_error(SSS_ERR_USAGE, "usage: %s", usage);
	if (!strcmp(what, "ids") || !strcmp(what, "keys")) {
		if (!(r = open_repo(ctx)))
			return NULL;
		if (*what == 'i')
			print_ids(r, prefix);
		else
			print_keys(r, prefix);
		sss_repo_free(r);
	} else if (!strcmp(what, "fields")) {
		print_fields(prefix);
	} else if (!strcmp(what, "status")) {
		print_words(sss_statuses, prefix);
	} else if (!strcmp(what, "priority")) {
		print_words(sss_priorities, prefix);
	} else if (!strcmp(what, "kind")) {
		print_words(sss_kinds, prefix);
	} else if (!strcmp(what, "sla")) {
		print_sla(prefix);
	} else {
		return sss_error(SSS_ERR_USAGE, "unknown word list '%s'; usage: %s", what, usage);
	}
	return NULL;
}
