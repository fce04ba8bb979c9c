/* repo.c - the ticket repository: the walk over tickets/YYYY/MM/<id>.md,
 * ID resolution and loading one ticket (see repo.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/id.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the directories (want_dirs) or regular files in
 * dir, skipping dot files and symbolic links; none when dir is missing. */
static struct sss_error *list_dir(const char *dir, bool want_dirs,
				  char ***names, size_t *count)
{
	DIR *d = opendir(dir);
	size_t n = 0, alloc = 0;
	char **v = NULL;
	struct dirent *de;
	struct strbuf sb = STRBUF_INIT;

	*names = NULL;
	*count = 0;
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR)
			return NULL;
		return sss_error(SSS_ERR_IO, "cannot read directory '%s': %s", dir,
				 strerror(errno));
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		unsigned char type = de->d_type;
		if (type == DT_UNKNOWN) {
			struct stat st;
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s/%s", dir, de->d_name);
			if (lstat(sb.buf, &st) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR :
			       S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		/* symlinks are never followed: they could lead outside */
		if (want_dirs ? type != DT_DIR : type != DT_REG)
			continue;
		SSS_GROW(v, alloc, n + 1);
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	strbuf_release(&sb);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*names = v;
	*count = n;
	return NULL;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* ---- the walk -----------------------------------------------------------
 *
 * Three sorted listings at a time (the years, the current year's months,
 * the current month's files) and a cursor in each, so that the walk
 * streams: memory is one month's names, whatever the number of tickets. */
struct sss_repo_walk {
	struct sss_repo *r;
	char year[5], month[3]; /* the filter; "" for none */
	bool started, ended;
	char **years, **months, **files;
	size_t ny, nm, nf; /* the listings */
	size_t y, m, f;    /* the next entry of each */
	struct strbuf dir, rel;
};

struct sss_repo_walk *sss_repo_walk_open(struct sss_repo *r, const char *year,
					 const char *month)
{
	struct sss_repo_walk *w = xcalloc(1, sizeof(*w));
	w->r = r;
	if (year)
		snprintf(w->year, sizeof(w->year), "%s", year);
	if (month)
		snprintf(w->month, sizeof(w->month), "%s", month);
	strbuf_init(&w->dir, 0);
	strbuf_init(&w->rel, 0);
	return w;
}

void sss_repo_walk_free(struct sss_repo_walk *w)
{
	if (!w)
		return;
	free_names(w->years, w->ny);
	free_names(w->months, w->nm);
	free_names(w->files, w->nf);
	strbuf_release(&w->dir);
	strbuf_release(&w->rel);
	free(w);
}

/* List tickets/ (the years). */
static struct sss_error *walk_start(struct sss_repo_walk *w)
{
	struct stat st;

	w->started = true;
	sss_repo_path(w->r, &w->dir, "tickets");
	/* list_dir() skips links inside; tickets/ itself must not be one */
	if (lstat(w->dir.buf, &st) == 0 && !S_ISDIR(st.st_mode))
		return sss_error(SSS_ERR_INVALID,
				 "'tickets' is not a directory (a symbolic link?); "
				 "sssctl reads tickets only inside the repository");
	return list_dir(w->dir.buf, true, &w->years, &w->ny);
}

/* Step to the next listing: the next month of the year, else the next
 * year; *more false at the end. */
static struct sss_error *walk_advance(struct sss_repo_walk *w, bool *more)
{
	const char *year, *month;

	*more = true;
	if (w->m < w->nm) {
		year = w->years[w->y - 1];
		month = w->months[w->m++];
		if (!all_digits(month, 2) || (*w->month && strcmp(w->month, month)))
			return NULL;
		strbuf_reset(&w->dir);
		strbuf_addf(&w->dir, "%stickets/%s/%s", sss_repo_workdir(w->r),
			    year, month);
		free_names(w->files, w->nf);
		w->files = NULL;
		w->nf = w->f = 0;
		return list_dir(w->dir.buf, false, &w->files, &w->nf);
	}
	if (w->y < w->ny) {
		year = w->years[w->y++];
		if (!all_digits(year, 4) || (*w->year && strcmp(w->year, year)))
			return NULL;
		strbuf_reset(&w->dir);
		strbuf_addf(&w->dir, "%stickets/%s", sss_repo_workdir(w->r), year);
		free_names(w->months, w->nm);
		w->months = NULL;
		w->nm = w->m = 0;
		return list_dir(w->dir.buf, true, &w->months, &w->nm);
	}
	*more = false;
	return NULL;
}

struct sss_error *sss_repo_walk_next(struct sss_repo_walk *w, const char **rel)
{
	struct sss_error *err = NULL;
	bool more = true;

	*rel = NULL;
	if (w->ended)
		return NULL;
	if (!w->started && (err = walk_start(w)))
		goto fail;
	while (more) {
		while (w->f < w->nf) {
			const char *name = w->files[w->f++];
			size_t len = strlen(name);
			if (len < 4 || strcmp(name + len - 3, ".md"))
				continue;
			strbuf_reset(&w->rel);
			strbuf_addf(&w->rel, "tickets/%s/%s/%s", w->years[w->y - 1],
				    w->months[w->m - 1], name);
			*rel = w->rel.buf;
			return NULL;
		}
		if ((err = walk_advance(w, &more)))
			goto fail;
	}
fail:
	w->ended = true;
	return err;
}

/* ---- resolving and loading ---------------------------------------------- */

/* Append to *found the ticket files of w whose file name starts with
 * prefix (any case). */
static struct sss_error *collect_matches(struct sss_repo_walk *w,
					 const char *prefix, char ***found,
					 size_t *n)
{
	struct sss_error *err;
	size_t alloc = 0, plen = strlen(prefix);
	const char *rel;

	while (!(err = sss_repo_walk_next(w, &rel)) && rel) {
		const char *base = strrchr(rel, '/') + 1;
		if (strncasecmp(base, prefix, plen) == 0) {
			SSS_GROW(*found, alloc, *n + 1);
			(*found)[(*n)++] = xstrdup(rel);
		}
	}
	return err;
}

struct sss_error *sss_repo_resolve(struct sss_repo *r, const char *prefix,
				   int fy_start, char **rel, char **id)
{
	struct sss_error *err = NULL;
	struct strbuf sb = STRBUF_INIT, fs = STRBUF_INIT;
	struct sss_repo_walk *w = NULL;
	char **found = NULL;
	size_t nfound = 0;
	char *canon = NULL;
	struct stat st;

	*rel = *id = NULL;
	if (!sss_id_is_prefix_syntax(prefix)) {
		err = sss_error(SSS_ERR_USAGE, "'%s' is not a ticket ID", prefix);
		goto done;
	}
	canon = sss_id_canonical(prefix);
	/* A full ID names its path: no scan. */
	struct sss_error *perr = sss_id_path(&sb, canon, fy_start);
	if (!perr) {
		sss_repo_path(r, &fs, sb.buf);
		if (lstat(fs.buf, &st) == 0 && S_ISREG(st.st_mode)) {
			*rel = strbuf_detach(&sb, NULL);
			*id = canon;
			canon = NULL;
			goto done;
		}
	}
	sss_error_free(perr);
	char year[5] = { '2', '0', canon[0], canon[1], 0 };
	char month[3] = { canon[1] ? canon[2] : 0, canon[1] && canon[2] ? canon[3] : 0, 0 };
	/* "YYMM..." lives in tickets/20YY/MM: scan only that month */
	if (all_digits(year, 4) && all_digits(month, 2))
		w = sss_repo_walk_open(r, year, month);
	else
		w = sss_repo_walk_open(r, NULL, NULL);
	if ((err = collect_matches(w, canon, &found, &nfound)))
		goto done;
	if (nfound == 0) {
		err = sss_error(SSS_ERR_NOTFOUND, "no ticket '%s'; see 'sssctl list --all'",
				prefix);
		goto done;
	}
	if (nfound > 1) {
		strbuf_reset(&sb);
		for (size_t i = 0; i < nfound && i < 10; i++) {
			const char *base = strrchr(found[i], '/') + 1;
			strbuf_addf(&sb, "%s%.*s", i ? ", " : "", (int)(strlen(base) - 3), base);
		}
		if (nfound > 10)
			strbuf_addf(&sb, ", ... (%zu in all)", nfound);
		err = sss_error(SSS_ERR_AMBIGUOUS, "ticket ID '%s' is ambiguous: %s",
				prefix, sb.buf);
		goto done;
	}
	const char *base = strrchr(found[0], '/') + 1;
	*id = xstrndup(base, strlen(base) - 3);
	*rel = found[0];
	found[0] = NULL;
done:
	for (size_t i = 0; i < nfound; i++)
		free(found[i]);
	free(found);
	sss_repo_walk_free(w);
	free(canon);
	strbuf_release(&sb);
	strbuf_release(&fs);
	return err;
}

struct sss_error *sss_repo_ticket(struct sss_repo *r, const char *rel,
				  struct sss_ticket **out)
{
	struct strbuf fs = STRBUF_INIT;
	sss_repo_path(r, &fs, rel);
	struct sss_error *err = sss_ticket_load(out, fs.buf, rel);
	strbuf_release(&fs);
	return err;
}
