/* complete.c - sssctl __complete: the words the shell completion offers
 * (completion/sssctl.bash, completion/_sssctl) that are not in the
 * command and option tables (those come from `sssctl --list-commands` and
 * `sssctl CMD --list-options`). Hidden: not in `sssctl -h`, no manual
 * page. It prints one word a line and never writes: a missing repository
 * or catalog prints nothing.
 *
 * Ticket IDs come from the names of the ticket files, in the walk's order
 * (tickets/YYYY/MM/<id>.md), never from their contents: a "YYMM" prefix
 * reads only tickets/20YY/MM, and the directories are read with readdir
 * alone, so completion stays under 50 ms at 100,000 tickets. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The names of one directory (ids: YYMM... or r-...): a buffer of names,
 * each with its NUL, and their offsets in it. */
struct names {
	struct strbuf buf;
	size_t *at;
	size_t n, alloc;
};

/* Whether the entry de of the directory dfd is a directory (want_dir) or
 * a regular file; a symbolic link is neither (never followed). */
static bool entry_is(int dfd, const struct dirent *de, bool want_dir)
{
	unsigned char t = de->d_type;

	if (t == DT_UNKNOWN) {
		struct stat st;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return false;
		t = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
	}
	return want_dir ? t == DT_DIR : t == DT_REG;
}

static bool digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* Read the directory fd (closed here) into ns, sorted: the subdirectories
 * named by dlen digits (dlen > 0; only "only" when it is not ""), or the
 * ticket files whose name begins with prefix (dlen 0), without ".md".
 * Returns the names (into ns->buf; NULL when there are none), which the
 * caller frees. */
static char **read_names(int fd, struct names *ns, size_t dlen,
			 const char *only, const char *prefix)
{
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	size_t plen = strlen(prefix);
	char **v = NULL;
	struct dirent *de;

	strbuf_reset(&ns->buf);
	ns->n = 0;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		if (dlen ? !digits(name, dlen) || (*only && strcmp(name, only))
			 : len <= 3 || strcmp(name + len - 3, ".md") ||
				   strncmp(name, prefix, plen))
			continue;
		if (!entry_is(dirfd(d), de, dlen > 0))
			continue;
		if (!dlen)
			len -= 3;
		SSS_GROW(ns->at, ns->alloc, ns->n + 1);
		ns->at[ns->n++] = ns->buf.len;
		strbuf_add(&ns->buf, name, len);
		strbuf_addch(&ns->buf, '\0');
	}
	closedir(d);
	if (ns->n) {
		struct sss_sorted_name *k = xmalloc(ns->n * sizeof(*k));
		for (size_t i = 0; i < ns->n; i++) {
			const char *name = ns->buf.buf + ns->at[i];
			sss_sorted_name_set(&k[i], name, strlen(name));
		}
		sss_sort_names(k, ns->n);
		v = xmalloc(ns->n * sizeof(*v));
		for (size_t i = 0; i < ns->n; i++)
			v[i] = ns->buf.buf + (k[i].name - ns->buf.buf); /* ours */
		free(k);
	}
	return v;
}

static int open_dir(int dfd, const char *name)
{
	return openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* The IDs that begin with prefix (case as sss_id_canonical() makes it),
 * in the order of the walk (tickets/YYYY/MM/<id>.md), from the names in
 * the directories alone: of one month for "YYMM...", else of every month.
 * readdir only, relative to open directories: at 100,000 tickets no path
 * is formatted and only one month's names are sorted at a time. */
static void print_ids(struct sss_repo *r, const char *prefix)
{
	char *canon = *prefix ? sss_id_canonical(prefix) : xstrdup("");
	char year[5] = "", month[3] = "";
	struct names yn = { STRBUF_INIT, NULL, 0, 0 }, mn = yn, fn = yn;
	struct strbuf top = STRBUF_INIT;
	char **years = NULL;
	int tfd;

	if (strlen(canon) >= 4 && strspn(canon, "0123456789") >= 4) {
		snprintf(year, sizeof(year), "20%.2s", canon);
		snprintf(month, sizeof(month), "%.2s", canon + 2);
	}
	/* tickets/ itself must not be a link (O_NOFOLLOW): then nothing */
	sss_repo_path(r, &top, "tickets");
	tfd = open(top.buf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	years = read_names(tfd < 0 ? -1 : dup(tfd), &yn, 4, year, "");
	for (size_t y = 0; y < yn.n; y++) {
		int yfd = open_dir(tfd, years[y]);
		char **months = read_names(yfd < 0 ? -1 : dup(yfd), &mn, 2, month, "");
		for (size_t m = 0; m < mn.n; m++) {
			char **files = read_names(open_dir(yfd, months[m]), &fn, 0, "", canon);
			/* fwrite, not printf: at 100,000 IDs the formatting shows */
			for (size_t f = 0; f < fn.n; f++) {
				fwrite(files[f], 1, strlen(files[f]), stdout);
				putchar('\n');
			}
			free(files);
		}
		free(months);
		if (yfd >= 0)
			close(yfd);
	}
	if (tfd >= 0)
		close(tfd);
	free(years);
	strbuf_release(&yn.buf);
	strbuf_release(&mn.buf);
	strbuf_release(&fn.buf);
	free(yn.at);
	free(mn.at);
	free(fn.at);
	strbuf_release(&top);
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
