/* repo.c - the ticket repository: the walk over tickets/YYYY/MM/<id>.md,
 * ID resolution and loading one ticket (see repo.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/id.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

/* ---- directory listings --------------------------------------------------
 *
 * One directory's names in one buffer, sorted as strcmp() orders them
 * (sss_sort_names(), see repo.h). */
struct names {
	struct strbuf buf;	      /* the names, each with its NUL */
	struct sss_sorted_name *v; /* n of them, sorted once the directory is read */
	size_t n, alloc;
};

static uint64_t key8(const char *s, size_t len)
{
	uint64_t k = 0;
	for (size_t i = 0; i < 8; i++)
		k = k << 8 | (i < len ? (unsigned char)s[i] : 0);
	return k;
}

void sss_sorted_name_set(struct sss_sorted_name *e, const char *name, size_t len)
{
	e->name = name;
	e->len = len;
	e->k0 = key8(name, len);
	e->k1 = len > 8 ? key8(name + 8, len - 8) : 0;
}

static bool less(const struct sss_sorted_name *x, const struct sss_sorted_name *y)
{
	if (x->k0 != y->k0)
		return x->k0 < y->k0;
	if (x->k1 != y->k1)
		return x->k1 < y->k1;
	return strcmp(x->name, y->name) < 0;
}

void sss_sort_names(struct sss_sorted_name *v, size_t n)
{
	while (n > 16) {
		struct sss_sorted_name p = v[n / 2], t;
		size_t i = 0, j = n - 1;
		for (;;) {
			while (less(&v[i], &p))
				i++;
			while (less(&p, &v[j]))
				j--;
			if (i >= j)
				break;
			t = v[i], v[i] = v[j], v[j] = t;
			i++, j--;
		}
		/* recurse into the smaller part, loop on the larger */
		if (j + 1 < n - j - 1) {
			sss_sort_names(v, j + 1);
			v += j + 1, n -= j + 1;
		} else {
			sss_sort_names(v + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (size_t i = 1; i < n; i++) {
		struct sss_sorted_name t = v[i];
		size_t j = i;
		for (; j > 0 && less(&t, &v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

static void names_release(struct names *ns)
{
	strbuf_release(&ns->buf);
	free(ns->v);
	ns->v = NULL;
	ns->n = ns->alloc = 0;
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

/* Whether name is wanted in a listing: dlen digits (a year or month
 * directory, and only when it is not ""), or a ticket file "*.md". */
static bool wanted(const char *name, size_t dlen, const char *only)
{
	size_t len = strlen(name);
	if (dlen)
		return all_digits(name, dlen) && (!*only || !strcmp(name, only));
	return len >= 4 && !strcmp(name + len - 3, ".md");
}

/* Read the directory fd (closed here) into ns, sorted: the directories
 * (dlen > 0) or regular files (dlen 0) that wanted() keeps, never a
 * symbolic link (it could lead outside). */
static void list_dir(int fd, struct names *ns, size_t dlen, const char *only)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;

	strbuf_reset(&ns->buf);
	ns->n = 0;
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		unsigned char type = de->d_type;
		if (name[0] == '.' || !wanted(name, dlen, only))
			continue;
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR :
			       S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		if (dlen ? type != DT_DIR : type != DT_REG)
			continue;
		size_t len = strlen(name);
		SSS_GROW(ns->v, ns->alloc, ns->n + 1);
		/* the offset for now: the buffer may move while it grows */
		ns->v[ns->n].name = NULL;
		ns->v[ns->n].len = ns->buf.len;
		ns->v[ns->n].k0 = len;
		ns->n++;
		strbuf_add(&ns->buf, name, len + 1);
	}
	closedir(d);
	for (size_t i = 0; i < ns->n; i++) {
		struct sss_sorted_name *e = &ns->v[i];
		sss_sorted_name_set(e, ns->buf.buf + e->len, (size_t)e->k0);
	}
	sss_sort_names(ns->v, ns->n);
}

/* ---- the walk -----------------------------------------------------------
 *
 * Three sorted listings at a time (the years, the current year's months,
 * the current month's files) and a cursor in each, so that the walk
 * streams: memory is one month's names, whatever the number of tickets.
 * Each directory is opened relative to its parent with O_NOFOLLOW, and
 * the month stays open, so that the caller can stat and open its files
 * relative to it (sss_repo_walk_dir()): no path is walked twice. */
struct sss_repo_walk {
	struct sss_repo *r;
	char year[5], month[3]; /* the filter; "" for none */
	bool started, ended;
	int tfd, yfd, mfd;	/* tickets/, the year, the month; -1: none */
	struct names years, months, files;
	size_t y, m, f;	  /* the next entry of each */
	struct strbuf rel; /* "tickets/YYYY/MM/" + the file's name */
	size_t rel_dir;	   /* the length of its directory part */
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
	w->tfd = w->yfd = w->mfd = -1;
	strbuf_init(&w->years.buf, 0);
	strbuf_init(&w->months.buf, 0);
	strbuf_init(&w->files.buf, 0);
	strbuf_init(&w->rel, 0);
	return w;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void sss_repo_walk_free(struct sss_repo_walk *w)
{
	if (!w)
		return;
	names_release(&w->years);
	names_release(&w->months);
	names_release(&w->files);
	close_fd(&w->tfd);
	close_fd(&w->yfd);
	close_fd(&w->mfd);
	strbuf_release(&w->rel);
	free(w);
}

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* The error for a directory of the walk that cannot be opened or read:
 * tickets/ + sub ("" or "YYYY" or "YYYY/MM"); NULL for one that is gone
 * or is no directory (any more: the listing saw one), which has no
 * tickets. */
static struct sss_error *dir_error(struct sss_repo_walk *w, const char *sub)
{
	struct strbuf sb = STRBUF_INIT;
	struct sss_error *err = NULL;
	int e = errno;

	if (e != ENOENT && e != ENOTDIR && e != ELOOP) {
		sss_repo_path(w->r, &sb, "tickets");
		if (*sub)
			strbuf_addf(&sb, "/%s", sub);
		err = sss_error(SSS_ERR_IO, "cannot read directory '%s': %s",
				sb.buf, strerror(e));
	}
	strbuf_release(&sb);
	return err;
}

/* List tickets/ (the years). */
static struct sss_error *walk_start(struct sss_repo_walk *w)
{
	struct strbuf top = STRBUF_INIT;
	struct sss_error *err = NULL;
	struct stat st;

	w->started = true;
	sss_repo_path(w->r, &top, "tickets");
	/* list_dir() skips links inside; tickets/ itself must not be one */
	if (lstat(top.buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
		err = sss_error(SSS_ERR_INVALID,
				"'tickets' is not a directory (a symbolic link?); "
				"sssctl reads tickets only inside the repository");
		goto done;
	}
	if ((w->tfd = open(top.buf, DIR_FLAGS)) < 0) {
		err = dir_error(w, "");
		goto done;
	}
	int fd = dup(w->tfd);
	if (fd < 0) {
		err = dir_error(w, "");
		goto done;
	}
	list_dir(fd, &w->years, 4, w->year);
done:
	strbuf_release(&top);
	return err;
}

/* Step to the next listing: the next month of the year, else the next
 * year; *more false at the end. */
static struct sss_error *walk_advance(struct sss_repo_walk *w, bool *more)
{
	struct strbuf sub = STRBUF_INIT;
	struct sss_error *err = NULL;
	const char *year, *month;

	*more = true;
	if (w->yfd >= 0 && w->m < w->months.n) {
		year = w->years.v[w->y - 1].name;
		month = w->months.v[w->m++].name;
		close_fd(&w->mfd);
		w->files.n = w->f = 0;
		if ((w->mfd = openat(w->yfd, month, DIR_FLAGS)) < 0) {
			strbuf_addf(&sub, "%s/%s", year, month);
			err = dir_error(w, sub.buf);
			goto done;
		}
		int fd = dup(w->mfd);
		if (fd < 0) {
			strbuf_addf(&sub, "%s/%s", year, month);
			err = dir_error(w, sub.buf);
			goto done;
		}
		list_dir(fd, &w->files, 0, "");
		strbuf_reset(&w->rel);
		strbuf_addf(&w->rel, "tickets/%s/%s/", year, month);
		w->rel_dir = w->rel.len;
		goto done;
	}
	if (w->y < w->years.n) {
		year = w->years.v[w->y++].name;
		close_fd(&w->yfd);
		w->months.n = w->m = 0;
		if ((w->yfd = openat(w->tfd, year, DIR_FLAGS)) < 0) {
			err = dir_error(w, year);
			goto done;
		}
		int fd = dup(w->yfd);
		if (fd < 0) {
			err = dir_error(w, year);
			goto done;
		}
		list_dir(fd, &w->months, 2, w->month);
		goto done;
	}
	*more = false;
done:
	strbuf_release(&sub);
	return err;
}

struct sss_error *sss_repo_walk_next(struct sss_repo_walk *w, const char **rel)
{
	struct sss_error *err = NULL;
	bool more = true;

	*rel = NULL;
	if (w->ended)
		return NULL;
	if (!w->started && ((err = walk_start(w)) || w->tfd < 0))
		goto fail;
	while (more) {
		if (w->f < w->files.n) {
			const struct sss_sorted_name *e = &w->files.v[w->f++];
			strbuf_setlen(&w->rel, w->rel_dir);
			strbuf_add(&w->rel, e->name, e->len);
			*rel = w->rel.buf;
			return NULL;
		}
		if ((err = walk_advance(w, &more)))
			goto fail;
	}
fail:
	w->ended = true;
	close_fd(&w->mfd);
	return err;
}

int sss_repo_walk_dir(const struct sss_repo_walk *w, const char **name)
{
	*name = w->rel.buf + w->rel_dir;
	return w->mfd;
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
