/* gitindex.c - splice a few entries into .git/index (see gitindex.h).
 *
 * The index format (git's Documentation/gitformat-index.txt), versions 2
 * and 3: "DIRC", version, entry count (32-bit big-endian each); the
 * entries sorted by path, then stage; the extensions; the SHA-1 of all
 * that. An entry is ctime, mtime (seconds, nanoseconds), dev, ino, mode,
 * uid, gid, size (32 bits each), the object id (20 bytes), 16 bits of
 * flags (stage, name length up to 0xFFF), in version 3 16 more bits when
 * flags has 0x4000, then the path and 1-8 NUL bytes that pad the entry to
 * a multiple of 8. Extensions are a 4-byte name, a 32-bit size and the
 * data; a name starting with 'A'..'Z' is an optional cache.
 */
#include "gitindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sha1.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/util.h"

#define HDR 12
#define ENTRY_FIXED 62      /* an entry up to its flags */
#define FLAG_EXTENDED 0x4000
#define NAME_MASK 0xfff
/* Racily clean entries (see racy_check) are checked by reading the file;
 * a change sees those written in the same second: one or two, a `due`
 * run more. Past this, libgit2 does it. */
#define MAX_RACY 1024
#define MAX_RACY_SIZE (64u << 20)

struct entry {
	size_t off;  /* of the entry in the old index */
	size_t len;  /* with its padding */
	size_t nlen; /* of the path */
};

struct index_file {
	const unsigned char *map;
	size_t size;
	uint32_t version;
	struct timespec mtime;
	struct entry *e;
	size_t n;
};

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

void sss_index_update_stat(struct sss_index_update *u, const struct stat *st)
{
	u->ctime_sec = (uint32_t)st->st_ctim.tv_sec;
	u->ctime_nsec = (uint32_t)st->st_ctim.tv_nsec;
	u->mtime_sec = (uint32_t)st->st_mtim.tv_sec;
	u->mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
	u->dev = (uint32_t)st->st_dev;
	u->ino = (uint32_t)st->st_ino;
	u->uid = (uint32_t)st->st_uid;
	u->gid = (uint32_t)st->st_gid;
	u->size = (uint32_t)st->st_size;
}

static const char *ename(const struct index_file *f, size_t i)
{
	const unsigned char *p = f->map + f->e[i].off;
	return (const char *)p + ENTRY_FIXED +
	       ((p[60] << 8 | p[61]) & FLAG_EXTENDED ? 2 : 0);
}

/* Git's order of paths: bytes, then length (no NUL inside a path). */
static int cmp_path(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* The first entry whose path is >= key (upper: > key). */
static size_t bound(const struct index_file *f, const char *key, size_t klen,
		    bool upper)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_path(ename(f, mid), f->e[mid].nlen, key, klen);
		if (c < 0 || (upper && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool has_path(const struct index_file *f, const char *key, size_t klen)
{
	size_t i = bound(f, key, klen, false);
	return i < f->n && f->e[i].nlen == klen &&
	       memcmp(ename(f, i), key, klen) == 0;
}

/* Step over the entries and extensions: false for anything this code
 * does not handle, which the caller leaves to libgit2. */
static bool parse(struct index_file *f)
{
	const unsigned char *p = f->map;
	size_t end, pos = HDR, alloc = 0;

	if (!p) {
		f->version = 2; /* no index yet */
		return true;
	}
	if (f->size < HDR + SSS_SHA1_LEN || memcmp(p, "DIRC", 4))
		return false;
	f->version = get32(p + 4);
	if (f->version != 2 && f->version != 3)
		return false;
	uint32_t count = get32(p + 8);
	end = f->size - SSS_SHA1_LEN;
	if (count > (end - HDR) / (ENTRY_FIXED + 2))
		return false;
	alloc = count;
	f->e = xcalloc(alloc ? alloc : 1, sizeof(*f->e));
	for (size_t i = 0; i < count; i++) {
		if (end - pos < ENTRY_FIXED + 2)
			return false;
		unsigned flags = (unsigned)(p[pos + 60] << 8 | p[pos + 61]);
		size_t fixed = ENTRY_FIXED;
		if (flags & FLAG_EXTENDED) {
			if (f->version < 3)
				return false;
			fixed += 2;
		}
		const char *name = (const char *)p + pos + fixed;
		size_t room = end - pos - fixed, nlen = flags & NAME_MASK;
		if (nlen == NAME_MASK) {
			const char *nul = memchr(name, 0, room);
			if (!nul)
				return false;
			nlen = (size_t)(nul - name);
		}
		size_t len = (fixed + nlen + 8) & ~(size_t)7;
		if (nlen == 0 || len > end - pos || name[nlen] != '\0')
			return false;
		f->e[i].off = pos;
		f->e[i].len = len;
		f->e[i].nlen = nlen;
		pos += len;
	}
	f->n = count;
	/* Extensions: only optional caches (TREE, REUC, UNTR, FSMN, EOIE,
	 * IEOT...), which the new index goes without. A lowercase name is
	 * required to read the index right ("link": split index, "sdir":
	 * sparse index): refuse. */
	while (pos < end) {
		if (end - pos < 8 || p[pos] < 'A' || p[pos] > 'Z')
			return false;
		uint32_t elen = get32(p + pos + 4);
		if (elen > end - pos - 8)
			return false;
		pos += 8 + elen;
	}
	return true;
}

/* git's blob id of the file at path, whose size the index records. */
static bool hash_file(const char *path, size_t size, unsigned char out[20])
{
	struct sss_sha1 c;
	char hdr[32], buf[65536];
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	sss_sha1_init(&c);
	sss_sha1_update(&c, hdr, (size_t)snprintf(hdr, sizeof(hdr), "blob %zu", size) + 1);
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		sss_sha1_update(&c, buf, (size_t)r);
	}
	close(fd);
	if (got != size)
		return false;
	sss_sha1_final(&c, out);
	return true;
}

/* An entry whose mtime is not older than the index it is in may have been
 * changed in the same clock tick after git hashed it: git then compares
 * the content (the "racily clean" rule). Once the index is rewritten with
 * a later mtime that rule no longer covers it, so, as git and libgit2 do
 * on write, check such an entry now and zero its size when the file
 * differs, which makes git look at it again. Seconds only, whatever git's
 * USE_NSEC: more checks, never fewer.
 * Sets smudge[i]; false when it declines. */
static bool racy_check(const struct index_file *f, const char *workdir,
		       const bool *replaced, bool *smudge)
{
	struct strbuf path = STRBUF_INIT;
	size_t racy = 0;
	bool ok = true;
	uint32_t isec = (uint32_t)f->mtime.tv_sec;

	for (size_t i = 0; i < f->n && ok; i++) {
		const unsigned char *p = f->map + f->e[i].off;
		if (replaced[i] || get32(p + 8) < isec)
			continue;
		uint32_t mode = get32(p + 24), size = get32(p + 36);
		unsigned stage = (unsigned)(p[60] >> 4) & 3;
		if (size == 0)
			continue; /* already smudged, or empty: git checks it */
		if (++racy > MAX_RACY || (mode & 0170000) != 0100000 || stage ||
		    size > MAX_RACY_SIZE) {
			ok = false;
			break;
		}
		struct stat st;
		unsigned char id[20];
		strbuf_reset(&path);
		strbuf_addstr(&path, workdir);
		strbuf_add(&path, ename(f, i), f->e[i].nlen);
		/* what git compares in every configuration: when that differs,
		 * git looks at the content anyway */
		if (lstat(path.buf, &st) < 0 || !S_ISREG(st.st_mode) ||
		    (uint32_t)st.st_mtim.tv_sec != get32(p + 8) ||
		    (uint32_t)st.st_size != size)
			continue;
		if (!hash_file(path.buf, size, id) || memcmp(id, p + 40, 20))
			smudge[i] = true;
	}
	strbuf_release(&path);
	return ok;
}

static void encode(struct strbuf *out, const struct sss_index_update *u)
{
	size_t nlen = strlen(u->path);
	size_t len = (ENTRY_FIXED + nlen + 8) & ~(size_t)7;
	unsigned char h[ENTRY_FIXED];
	uint32_t v[10] = { u->ctime_sec, u->ctime_nsec, u->mtime_sec,
			   u->mtime_nsec, u->dev, u->ino, 0100644, u->uid,
			   u->gid, u->size };
	for (int i = 0; i < 10; i++)
		put32(h + 4 * i, v[i]);
	memcpy(h + 40, u->id, 20);
	unsigned flags = nlen < NAME_MASK ? (unsigned)nlen : NAME_MASK;
	h[60] = (unsigned char)(flags >> 8);
	h[61] = (unsigned char)flags;
	strbuf_add(out, h, sizeof(h));
	strbuf_add(out, u->path, nlen);
	for (size_t i = ENTRY_FIXED + nlen; i < len; i++)
		strbuf_addch(out, '\0');
}

static int cmp_update(const void *a, const void *b)
{
	const struct sss_index_update *x = *(const struct sss_index_update *const *)a;
	const struct sss_index_update *y = *(const struct sss_index_update *const *)b;
	return strcmp(x->path, y->path);
}

static bool valid_path(const char *s)
{
	size_t len = strlen(s);
	return len && s[0] != '/' && s[len - 1] != '/' && !strstr(s, "//");
}

/* Whether adding path would put a file where the index has a directory or
 * a directory where it has a file. */
static bool clashes(const struct index_file *f, const char *path)
{
	struct strbuf dir = STRBUF_INIT;
	bool clash = false;
	for (const char *s = strchr(path, '/'); s && !clash; s = strchr(s + 1, '/'))
		clash = has_path(f, path, (size_t)(s - path));
	strbuf_addf(&dir, "%s/", path);
	size_t i = bound(f, dir.buf, dir.len, false);
	if (i < f->n && f->e[i].nlen > dir.len &&
	    memcmp(ename(f, i), dir.buf, dir.len) == 0)
		clash = true;
	strbuf_release(&dir);
	return clash;
}

/* Create path exclusively; another git holding it lets go in a moment. */
static struct sss_error *take_lock(const char *path, int *fd)
{
	for (int tries = 0;; tries++) {
		*fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (*fd >= 0)
			return NULL;
		if (errno != EEXIST || tries >= 100)
			break;
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	if (errno == EEXIST)
		return sss_error(SSS_ERR_GIT,
				 "cannot write the index: '%s' exists; another git "
				 "process seems to be running in this repository "
				 "(if not, remove the file)", path);
	return sss_error(SSS_ERR_IO, "cannot create '%s': %s", path,
			 strerror(errno));
}

static struct sss_error *write_all(int fd, const char *path, const char *buf,
				   size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return sss_error(SSS_ERR_IO, "cannot write '%s': %s", path,
					 w < 0 ? strerror(errno) : "short write");
		buf += w;
		len -= (size_t)w;
	}
	return NULL;
}

struct sss_error *sss_index_splice(const char *gitdir, const char *workdir,
				   const struct sss_index_update *u, size_t n,
				   bool do_sync, bool *handled)
{
	struct sss_error *err = NULL;
	struct strbuf ipath = STRBUF_INIT, lpath = STRBUF_INIT, out = STRBUF_INIT;
	struct index_file f = { 0 };
	const struct sss_index_update **su = NULL;
	size_t *lo = NULL, *hi = NULL;
	bool *replaced = NULL, *smudge = NULL, locked = false;
	int lfd = -1, ifd = -1;

	*handled = false;
	/* the updates in path order: each then has its place after the last */
	su = xcalloc(n ? n : 1, sizeof(*su));
	for (size_t k = 0; k < n; k++) {
		if (!valid_path(u[k].path))
			goto done;
		su[k] = &u[k];
	}
	qsort(su, n, sizeof(*su), cmp_update);
	/* the same path twice, or a file and a path beneath it (n is small) */
	for (size_t k = 0; k < n; k++) {
		size_t plen = strlen(su[k]->path);
		for (size_t j = k + 1; j < n; j++)
			if (strncmp(su[k]->path, su[j]->path, plen) == 0 &&
			    (su[j]->path[plen] == '\0' || su[j]->path[plen] == '/'))
				goto done;
	}

	strbuf_addf(&ipath, "%sindex", gitdir);
	strbuf_addf(&lpath, "%sindex.lock", gitdir);
	/* Lock first, then read: an index written by git meanwhile is not
	 * lost. */
	if ((err = take_lock(lpath.buf, &lfd)))
		goto done;
	locked = true;
	ifd = open(ipath.buf, O_RDONLY | O_CLOEXEC);
	if (ifd < 0 && errno != ENOENT) {
		err = sss_error(SSS_ERR_IO, "cannot read '%s': %s", ipath.buf,
				strerror(errno));
		goto done;
	}
	if (ifd >= 0) {
		struct stat st;
		if (fstat(ifd, &st) < 0) {
			err = sss_error(SSS_ERR_IO, "cannot stat '%s': %s",
					ipath.buf, strerror(errno));
			goto done;
		}
		if (!S_ISREG(st.st_mode) || st.st_size < HDR + SSS_SHA1_LEN)
			goto done;
		f.size = (size_t)st.st_size;
		f.mtime = st.st_mtim;
		f.map = mmap(NULL, f.size, PROT_READ, MAP_PRIVATE, ifd, 0);
		if (f.map == MAP_FAILED) {
			f.map = NULL;
			err = sss_error(SSS_ERR_IO, "cannot map '%s': %s",
					ipath.buf, strerror(errno));
			goto done;
		}
	}
	if (!parse(&f))
		goto done;

	/* where each update goes: [lo, hi) are the entries of its path */
	lo = xcalloc(n ? n : 1, sizeof(*lo));
	hi = xcalloc(n ? n : 1, sizeof(*hi));
	replaced = xcalloc(f.n ? f.n : 1, sizeof(*replaced));
	smudge = xcalloc(f.n ? f.n : 1, sizeof(*smudge));
	size_t count = f.n;
	for (size_t k = 0; k < n; k++) {
		const char *path = su[k]->path;
		size_t plen = strlen(path);
		if (!su[k]->remove && clashes(&f, path))
			goto done;
		lo[k] = bound(&f, path, plen, false);
		hi[k] = bound(&f, path, plen, true);
		for (size_t i = lo[k]; i < hi[k]; i++)
			replaced[i] = true;
		count -= hi[k] - lo[k];
		count += !su[k]->remove;
	}
	if (count > UINT32_MAX || !racy_check(&f, workdir, replaced, smudge))
		goto done;

	unsigned char hdr[HDR];
	memcpy(hdr, "DIRC", 4);
	put32(hdr + 4, f.version);
	put32(hdr + 8, (uint32_t)count);
	strbuf_grow(&out, f.size + n * 128 + HDR + SSS_SHA1_LEN);
	strbuf_add(&out, hdr, HDR);
	size_t next = 0; /* the first old entry not yet copied */
	for (size_t k = 0; k <= n; k++) {
		size_t upto = k < n ? lo[k] : f.n;
		/* unchanged entries as one run, except a smudged one */
		while (next < upto) {
			size_t run = next;
			while (run < upto && !smudge[run])
				run++;
			if (run > next)
				strbuf_add(&out, f.map + f.e[next].off,
					   f.e[run - 1].off + f.e[run - 1].len -
						   f.e[next].off);
			if (run < upto) {
				size_t at = out.len;
				strbuf_add(&out, f.map + f.e[run].off, f.e[run].len);
				put32((unsigned char *)out.buf + at + 36, 0);
				run++;
			}
			next = run;
		}
		if (k == n)
			break;
		if (!su[k]->remove)
			encode(&out, su[k]);
		next = hi[k];
	}
	struct sss_sha1 c;
	unsigned char sum[SSS_SHA1_LEN];
	sss_sha1_init(&c);
	sss_sha1_update(&c, out.buf, out.len);
	sss_sha1_final(&c, sum);
	strbuf_add(&out, sum, sizeof(sum));

	if ((err = write_all(lfd, lpath.buf, out.buf, out.len)))
		goto done;
	if (do_sync && fsync(lfd) < 0) {
		err = sss_error(SSS_ERR_IO, "cannot sync '%s': %s", lpath.buf,
				strerror(errno));
		goto done;
	}
	if (close(lfd) < 0) {
		lfd = -1;
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", lpath.buf,
				strerror(errno));
		goto done;
	}
	lfd = -1;
	if (rename(lpath.buf, ipath.buf) < 0) {
		err = sss_error(SSS_ERR_IO, "cannot rename '%s' to '%s': %s",
				lpath.buf, ipath.buf, strerror(errno));
		goto done;
	}
	locked = false;
	*handled = true;
	if (do_sync) {
		int dfd = open(gitdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
done:
	if (lfd >= 0)
		close(lfd);
	if (locked)
		unlink(lpath.buf);
	if (f.map)
		munmap((void *)f.map, f.size);
	if (ifd >= 0)
		close(ifd);
	free(f.e);
	free(su);
	free(lo);
	free(hi);
	free(replaced);
	free(smudge);
	strbuf_release(&ipath);
	strbuf_release(&lpath);
	strbuf_release(&out);
	return err;
}
