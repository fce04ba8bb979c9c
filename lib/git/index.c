/* index.c - splice a few entries into .git/index (see index.h).
 *
 * The index format (git's Documentation/gitformat-index.txt), versions 2
 * to 4: "DIRC", version, entry count (32-bit big-endian each); the
 * entries sorted by path, then stage; the extensions; the SHA-1 of all
 * that. An entry is ctime, mtime (seconds, nanoseconds), dev, ino, mode,
 * uid, gid, size (32 bits each), the object id (20 bytes), 16 bits of
 * flags (stage, name length up to 0xFFF), in version 3 16 more bits when
 * flags has 0x4000, then the path and 1-8 NUL bytes that pad the entry to
 * a multiple of 8. Version 4 (`git update-index --index-version 4`,
 * feature.manyFiles) compresses the path against the previous entry's:
 * a varint N (bytes to drop from the end of that path), then the rest of
 * the path and one NUL, no padding; about 25% less to hash and write at
 * 100,000 tickets. Extensions are a 4-byte name, a 32-bit size and the
 * data; a name starting with 'A'..'Z' is an optional cache.
 *
 * The new index keeps the old one's version (as git does); a new index
 * is version 4, which git and libgit2 (since 0.28) read.
 */
#include "index.h"
#include "index_v4.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../sha1.h"
#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/strbuf.h"

#define HDR 12
#define NEW_VERSION 4       /* of an index made where there was none */
/* Racily clean entries (see racy_check) are checked by reading the file;
 * a change sees those written in the same second: one or two, a `due`
 * run more. Past this, libgit2 does it. */
#define MAX_RACY 1024
#define MAX_RACY_SIZE (64u << 20)

struct index_file {
	const unsigned char *map;
	size_t size;
	uint32_t version;
	struct timespec mtime;
	uint32_t *off; /* of entry i in the map; off[n]: the end of the last */
	size_t n;
	struct sss_v4_names *v4; /* version 4 (index_v4.h) */
	/* the entries that may be racily clean (see racy_check) */
	size_t *racy, nracy, racy_alloc;
	char ext[5]; /* a required extension that made parse() refuse */
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
	size_t len;
	if (f->v4)
		return sss_v4_name(f->v4, i, f->map, f->size, f->off, &len);
	const unsigned char *p = f->map + f->off[i];
	return (const char *)p + ENTRY_FIXED +
	       ((p[60] << 8 | p[61]) & FLAG_EXTENDED ? 2 : 0);
}

/* The length of entry i's path (parse() checked it). */
static size_t enlen(const struct index_file *f, size_t i)
{
	size_t len;
	if (f->v4) {
		sss_v4_name(f->v4, i, f->map, f->size, f->off, &len);
		return len;
	}
	const unsigned char *p = f->map + f->off[i];
	size_t n = (size_t)((p[60] << 8 | p[61]) & NAME_MASK);
	return n < NAME_MASK ? n : strlen(ename(f, i));
}

static size_t elen(const struct index_file *f, size_t i)
{
	return f->off[i + 1] - f->off[i];
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
		int c = cmp_path(ename(f, mid), enlen(f, mid), key, klen);
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
	return i < f->n && enlen(f, i) == klen &&
	       memcmp(ename(f, i), key, klen) == 0;
}

/* Step over the entries and extensions: false for anything this code
 * does not handle, which the caller leaves to libgit2. */
static bool parse(struct index_file *f)
{
	const unsigned char *p = f->map;
	size_t end, pos = HDR, alloc = 0;

	if (!p) {
		f->version = NEW_VERSION; /* no index yet */
		return true;
	}
	if (f->size < HDR + SSS_SHA1_LEN || memcmp(p, "DIRC", 4))
		return false;
	f->version = get32(p + 4);
	if (f->version < 2 || f->version > 4)
		return false;
	uint32_t count = get32(p + 8);
	end = f->size - SSS_SHA1_LEN;
	if (count > (end - HDR) / (ENTRY_FIXED + 2))
		return false;
	if (f->size > UINT32_MAX)
		return false;
	alloc = count;
	f->off = xmalloc((alloc + 1) * sizeof(*f->off));
	if (f->version == 4) {
		f->v4 = sss_v4_new(alloc);
	}
	uint32_t isec = (uint32_t)f->mtime.tv_sec;
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
		if (f->version == 4) {
			size_t len = sss_v4_step(f->v4, i, name, room);
			if (!len)
				return false;
			f->off[i] = (uint32_t)pos;
			if (get32(p + pos + 8) >= isec) {
				SSS_GROW(f->racy, f->racy_alloc, f->nracy + 1);
				f->racy[f->nracy++] = i;
			}
			pos += fixed + len;
			continue;
		}
		if (nlen == NAME_MASK) {
			const char *nul = memchr(name, 0, room);
			if (!nul)
				return false;
			nlen = (size_t)(nul - name);
		}
		size_t len = (fixed + nlen + 8) & ~(size_t)7;
		if (nlen == 0 || len > end - pos || name[nlen] != '\0')
			return false;
		f->off[i] = (uint32_t)pos;
		/* in the same pass: racily clean candidates, whose mtime is
		 * not older than the index's */
		if (get32(p + pos + 8) >= isec) {
			SSS_GROW(f->racy, f->racy_alloc, f->nracy + 1);
			f->racy[f->nracy++] = i;
		}
		pos += len;
	}
	f->off[count] = (uint32_t)pos;
	if (f->v4)
		sss_v4_parsed(f->v4, count);
	f->n = count;
	/* Extensions: only optional caches (TREE, REUC, UNTR, FSMN, EOIE,
	 * IEOT...), which the new index goes without. A lowercase name is
	 * required to read the index right ("link": split index, "sdir":
	 * sparse index): refuse. */
	while (pos < end) {
		if (end - pos >= 8 && p[pos] >= 'a' && p[pos] <= 'z')
			memcpy(f->ext, p + pos, 4);
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
	/* final also frees the hash when the file was short */
	return sss_sha1_final(&c, out) && got == size;
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

	for (size_t k = 0; k < f->nracy && ok; k++) {
		size_t i = f->racy[k];
		const unsigned char *p = f->map + f->off[i];
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
		strbuf_add(&path, ename(f, i), enlen(f, i));
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

static void encode(struct strbuf *out, const struct sss_index_update *u,
		   uint32_t version, const char *prev, size_t prev_len)
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
	if (version == 4) {
		sss_v4_encode_path(out, prev, prev_len, u->path, nlen);
		return;
	}
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
	if (i < f->n && enlen(f, i) > dir.len &&
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

/* ---- the splice, in two halves ------------------------------------------
 *
 * The new index is the old one with a few entries put in or taken out, and
 * its cost is the SHA-1 and the write of the whole file (9.6 MB at 100,000
 * tickets). Everything before the first changed path is known before the
 * change is committed, so sss_index_begin() writes and hashes that part on
 * a second thread while the caller makes its commit; sss_index_finish()
 * adds the new entries, whose stat data only exist once the work tree file
 * is written, and the rest. */

#define STAGE 65536        /* small pieces are gathered up to this */
#define CHUNK (256u << 10) /* a long run is hashed and written this at a time */

struct sss_index_job {
	const struct sss_index_update *u; /* the caller's, read at finish */
	size_t n;
	struct strbuf ipath, lpath, workdir;
	struct index_file f;
	const struct sss_index_update **su; /* u in path order */
	size_t *lo, *hi; /* [lo[k], hi[k]): the old entries of su[k]'s path */
	bool *replaced, *smudge;
	int lfd, ifd;
	bool locked;
	int cleanup; /* index.lock in the registry of cleanup.h */
	bool declined;         /* not for the splice: the caller uses libgit2 */
	struct sss_error *err; /* of the first half */
	uint32_t count;        /* entries in the new index */
	size_t next;           /* the first old entry not yet written */
	struct sss_sha1 sha;
	int werrno; /* the first write error */
	bool recycled;  /* lfd is a spare index's inode, written over */
	off_t written;  /* bytes written to lfd */
	struct strbuf spare;
	size_t staged;
	unsigned char stage[STAGE];
	pthread_t thread;
	bool threaded;
	/* version 4: the path of the entry written last (prev_len 0: none
	 * yet), and after: the old entry that may follow it as it is in the
	 * old index (SIZE_MAX: none, a new entry was written last) */
	struct strbuf prev;
	size_t after;
	/* what prepare() found the index to be, for sss_index_job_kind():
	 * -1 until it knows (or when it stopped before it knew) */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool prepared;
	int kind;
};

static void write_raw(struct sss_index_job *j, const unsigned char *p,
		      size_t len)
{
	while (len && !j->werrno) {
		ssize_t w = write(j->lfd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			j->werrno = w < 0 ? errno : EIO;
			break;
		}
		p += w;
		len -= (size_t)w;
		j->written += w;
	}
}

static void flush(struct sss_index_job *j)
{
	write_raw(j, j->stage, j->staged);
	j->staged = 0;
}

/* Append len bytes to the new index (hash: also to its checksum). */
static void put(struct sss_index_job *j, const void *data, size_t len,
		bool hash)
{
	const unsigned char *p = data;
	while (len) {
		size_t take = len < CHUNK ? len : CHUNK;
		if (hash)
			sss_sha1_update(&j->sha, p, take);
		if (take > STAGE - j->staged) {
			flush(j);
			if (take >= STAGE) {
				write_raw(j, p, take);
				p += take;
				len -= take;
				continue;
			}
		}
		memcpy(j->stage + j->staged, p, take);
		j->staged += take;
		p += take;
		len -= take;
	}
}

/* Version 4: old entry i written after an entry that is not its old
 * predecessor (smudged: size 0). */
static void reencode_v4(struct sss_index_job *j, size_t i)
{
	const struct index_file *f = &j->f;
	const unsigned char *p = f->map + f->off[i];
	size_t fixed = ENTRY_FIXED + ((p[60] << 8 | p[61]) & FLAG_EXTENDED ? 2 : 0);
	struct strbuf e = STRBUF_INIT;
	strbuf_add(&e, p, fixed);
	if (j->smudge[i])
		put32((unsigned char *)e.buf + 36, 0);
	size_t len;
	const char *name = sss_v4_name(f->v4, i, f->map, f->size, f->off, &len);
	sss_v4_encode_path(&e, j->prev.buf, j->prev.len, name, len);
	put(j, e.buf, e.len, true);
	strbuf_release(&e);
	strbuf_reset(&j->prev);
	strbuf_add(&j->prev, name, len);
	j->after = i + 1;
}

/* The old entries from j->next up to upto, unchanged except that a
 * smudged one gets size 0. */
static void put_old(struct sss_index_job *j, size_t upto)
{
	const struct index_file *f = &j->f;
	size_t next = j->next;
	while (next < upto) {
		size_t run = next;
		if (f->version == 4 && j->after != next) {
			/* its predecessor changed: its path compressed anew */
			reencode_v4(j, next);
			j->next = ++next;
			continue;
		}
		while (run < upto && !j->smudge[run])
			run++;
		if (run > next)
			put(j, f->map + f->off[next], f->off[run] - f->off[next],
			    true);
		if (run < upto) {
			unsigned char *e = xmalloc(elen(f, run));
			memcpy(e, f->map + f->off[run], elen(f, run));
			put32(e + 36, 0);
			put(j, e, elen(f, run), true);
			free(e);
			run++;
		}
		next = run;
		j->after = next;
		if (f->v4) {
			size_t len;
			const char *name = sss_v4_name(f->v4, next - 1, f->map, f->size, f->off, &len);
			strbuf_reset(&j->prev);
			strbuf_add(&j->prev, name, len);
		}
	}
	j->next = next;
}

/* Replacing the index frees the old one's pages and blocks, which costs
 * as much as writing it (9.6 MB at 100,000 tickets); writing a new file
 * allocates them again. So the index that a change replaces is kept as
 * "sss-index-spare", and the next change takes the lock by linking that
 * inode to index.lock and writes over it. Only an inode that nobody has
 * open or mapped is reused: a git still reading an old index keeps
 * reading what it opened (a write lease can be had only on a file that
 * no other process holds). Otherwise, or when anything fails, the lock
 * is a new file as git makes it. */
static bool take_spare(struct sss_index_job *j)
{
	struct stat st;
	if (link(j->spare.buf, j->lpath.buf) < 0)
		return false; /* no spare, or the lock is taken */
	int fd = open(j->lpath.buf, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	bool ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		  st.st_nlink == 2 && fcntl(fd, F_SETLEASE, F_WRLCK) == 0;
	if (ok) {
		fcntl(fd, F_SETLEASE, F_UNLCK);
		unlink(j->spare.buf);
		j->lfd = fd;
		j->recycled = true;
		return true;
	}
	if (fd >= 0)
		close(fd);
	unlink(j->lpath.buf);
	return false;
}

/* Lock, read and check the index and work out where the updates go; sets
 * j->declined for whatever the splice does not handle. */
static struct sss_error *prepare(struct sss_index_job *j)
{
	const struct sss_index_update *u = j->u;
	size_t n = j->n;
	struct index_file *f = &j->f;

	j->declined = true;
	/* the updates in path order: each then has its place after the last */
	j->su = xcalloc(n ? n : 1, sizeof(*j->su));
	for (size_t k = 0; k < n; k++) {
		if (!valid_path(u[k].path))
			return NULL;
		j->su[k] = &u[k];
	}
	qsort(j->su, n, sizeof(*j->su), cmp_update);
	/* the same path twice, or a file and a path beneath it (n is small) */
	for (size_t k = 0; k < n; k++) {
		const char *a = j->su[k]->path;
		size_t plen = strlen(a);
		for (size_t i = k + 1; i < n; i++)
			if (strncmp(a, j->su[i]->path, plen) == 0 &&
			    (j->su[i]->path[plen] == '\0' || j->su[i]->path[plen] == '/'))
				return NULL;
	}

	/* Lock first, then read: an index written by git meanwhile is not
	 * lost. */
	struct sss_error *err = NULL;
	if (!take_spare(j) && (err = take_lock(j->lpath.buf, &j->lfd)))
		return err;
	j->locked = true;
	j->cleanup = sss_cleanup_add(j->lpath.buf);
	j->ifd = open(j->ipath.buf, O_RDONLY | O_CLOEXEC);
	if (j->ifd < 0 && errno != ENOENT)
		return sss_error(SSS_ERR_IO, "cannot read '%s': %s", j->ipath.buf,
				 strerror(errno));
	if (j->ifd < 0)
		j->kind = SSS_INDEX_MISSING;
	if (j->ifd >= 0) {
		struct stat st;
		if (fstat(j->ifd, &st) < 0)
			return sss_error(SSS_ERR_IO, "cannot stat '%s': %s",
					 j->ipath.buf, strerror(errno));
		if (!S_ISREG(st.st_mode) || st.st_size < HDR + SSS_SHA1_LEN)
			return NULL;
		f->size = (size_t)st.st_size;
		f->mtime = st.st_mtim;
		void *map = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
				 j->ifd, 0);
		if (map == MAP_FAILED)
			return sss_error(SSS_ERR_IO, "cannot map '%s': %s",
					 j->ipath.buf, strerror(errno));
		f->map = map;
	}
	if (!parse(f))
		return NULL;
	if (f->map)
		j->kind = SSS_INDEX_OK;

	j->lo = xcalloc(n ? n : 1, sizeof(*j->lo));
	j->hi = xcalloc(n ? n : 1, sizeof(*j->hi));
	j->replaced = xcalloc(f->n ? f->n : 1, sizeof(*j->replaced));
	j->smudge = xcalloc(f->n ? f->n : 1, sizeof(*j->smudge));
	size_t count = f->n;
	for (size_t k = 0; k < n; k++) {
		const char *path = j->su[k]->path;
		size_t plen = strlen(path);
		if (!j->su[k]->remove && clashes(f, path))
			return NULL;
		j->lo[k] = bound(f, path, plen, false);
		j->hi[k] = bound(f, path, plen, true);
		for (size_t i = j->lo[k]; i < j->hi[k]; i++)
			j->replaced[i] = true;
		count -= j->hi[k] - j->lo[k];
		count += !j->su[k]->remove;
	}
	if (count > UINT32_MAX ||
	    !racy_check(f, j->workdir.buf, j->replaced, j->smudge))
		return NULL;
	j->count = (uint32_t)count;
	j->declined = false;
	return NULL;
}

static void *first_half(void *arg)
{
	struct sss_index_job *j = arg;
	unsigned char hdr[HDR];

	j->err = prepare(j);
	pthread_mutex_lock(&j->mu);
	j->prepared = true;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
	if (j->err || j->declined)
		return NULL;
	memcpy(hdr, "DIRC", 4);
	put32(hdr + 4, j->f.version);
	put32(hdr + 8, j->count);
	sss_sha1_init(&j->sha);
	put(j, hdr, HDR, true);
	put_old(j, j->n ? j->lo[0] : j->f.n);
	return NULL;
}

struct sss_index_job *sss_index_begin(const char *gitdir, const char *workdir,
				      const struct sss_index_update *u, size_t n)
{
	struct sss_index_job *j = xcalloc(1, sizeof(*j));
	j->u = u;
	j->n = n;
	j->lfd = j->ifd = j->cleanup = j->kind = -1;
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	strbuf_init(&j->ipath, 0);
	strbuf_init(&j->lpath, 0);
	strbuf_init(&j->workdir, 0);
	strbuf_init(&j->spare, 0);
	strbuf_init(&j->prev, 0);
	strbuf_addf(&j->ipath, "%sindex", gitdir);
	strbuf_addf(&j->spare, "%ssss-index-spare", gitdir);
	strbuf_addf(&j->lpath, "%sindex.lock", gitdir);
	strbuf_addstr(&j->workdir, workdir);
	/* without a thread (or SSS_THREADS=1), the same work now */
	j->threaded = sss_threads_wanted() &&
		      sss_cleanup_thread(&j->thread, first_half, j);
	if (!j->threaded)
		first_half(j);
	return j;
}

static void job_free(struct sss_index_job *j)
{
	if (j->threaded)
		pthread_join(j->thread, NULL);
	sss_sha1_release(&j->sha); /* a job aborted before its checksum */
	if (j->lfd >= 0)
		close(j->lfd);
	sss_cleanup_forget(j->cleanup); /* first: the name may be another's next */
	if (j->locked)
		unlink(j->lpath.buf);
	if (j->f.map)
		munmap((void *)j->f.map, j->f.size);
	if (j->ifd >= 0)
		close(j->ifd);
	sss_error_free(j->err);
	free(j->f.off);
	free(j->f.racy);
	sss_v4_free(j->f.v4);
	strbuf_release(&j->prev);
	free(j->su);
	free(j->lo);
	free(j->hi);
	free(j->replaced);
	free(j->smudge);
	strbuf_release(&j->ipath);
	strbuf_release(&j->lpath);
	strbuf_release(&j->workdir);
	strbuf_release(&j->spare);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
	free(j);
}

enum sss_index_kind sss_index_job_kind(struct sss_index_job *j, const char *gitdir,
				       char ext[5])
{
	pthread_mutex_lock(&j->mu);
	while (!j->prepared)
		pthread_cond_wait(&j->cv, &j->mu);
	int kind = j->kind;
	pthread_mutex_unlock(&j->mu);
	if (kind < 0)
		return sss_index_kind(gitdir, ext);
	ext[0] = '\0';
	return (enum sss_index_kind)kind;
}

void sss_index_abort(struct sss_index_job *j)
{
	if (j)
		job_free(j);
}

struct sss_error *sss_index_finish(struct sss_index_job *j, bool do_sync,
				   bool *handled)
{
	struct sss_error *err = NULL;
	struct strbuf entry = STRBUF_INIT;
	unsigned char sum[SSS_SHA1_LEN];

	*handled = false;
	if (j->threaded) {
		pthread_join(j->thread, NULL);
		j->threaded = false;
	}
	if (j->err) {
		err = j->err;
		j->err = NULL;
		goto done;
	}
	if (j->declined)
		goto done;
	for (size_t k = 0; k < j->n; k++) {
		if (!j->su[k]->remove) {
			strbuf_reset(&entry);
			encode(&entry, j->su[k], j->f.version, j->prev.buf,
			       j->prev.len);
			put(j, entry.buf, entry.len, true);
			strbuf_reset(&j->prev);
			strbuf_addstr(&j->prev, j->su[k]->path);
			j->after = SIZE_MAX;
		}
		j->next = j->hi[k];
		put_old(j, k + 1 < j->n ? j->lo[k + 1] : j->f.n);
	}
	if (!sss_sha1_final(&j->sha, sum) && !j->werrno)
		j->werrno = ENOMEM; /* libcrypto could not hash */
	put(j, sum, sizeof(sum), false);
	flush(j);
	/* a spare written over may be longer than the new index */
	if (j->recycled && !j->werrno && ftruncate(j->lfd, j->written) < 0)
		j->werrno = errno;
	if (j->werrno) {
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", j->lpath.buf,
				strerror(j->werrno));
		goto done;
	}
	if (do_sync && fsync(j->lfd) < 0) {
		err = sss_error(SSS_ERR_IO, "cannot sync '%s': %s", j->lpath.buf,
				strerror(errno));
		goto done;
	}
	int rc = close(j->lfd);
	j->lfd = -1;
	if (rc < 0) {
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", j->lpath.buf,
				strerror(errno));
		goto done;
	}
	/* the index being replaced becomes the next change's spare (an
	 * older spare still in use stays where it is) */
	bool spared = j->f.map && link(j->ipath.buf, j->spare.buf) == 0;
	sss_cleanup_forget(j->cleanup);
	j->cleanup = -1;
	if (rename(j->lpath.buf, j->ipath.buf) < 0) {
		err = sss_error(SSS_ERR_IO, "cannot rename '%s' to '%s': %s",
				j->lpath.buf, j->ipath.buf, strerror(errno));
		if (spared)
			unlink(j->spare.buf);
		goto done;
	}
	j->locked = false;
	*handled = true;
	if (do_sync) {
		/* the directory entry of the renamed file */
		struct strbuf dir = STRBUF_INIT;
		strbuf_add(&dir, j->ipath.buf, j->ipath.len - strlen("index"));
		int dfd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		strbuf_release(&dir);
	}
done:
	strbuf_release(&entry);
	job_free(j);
	return err;
}

struct sss_error *sss_index_splice(const char *gitdir, const char *workdir,
				   const struct sss_index_update *u, size_t n,
				   bool do_sync, bool *handled)
{
	return sss_index_finish(sss_index_begin(gitdir, workdir, u, n), do_sync,
				handled);
}

enum sss_index_kind sss_index_kind(const char *gitdir, char ext[5])
{
	struct strbuf path = STRBUF_INIT;
	struct index_file f;
	enum sss_index_kind kind = SSS_INDEX_CORRUPT;
	void *map = MAP_FAILED;
	struct stat st;
	int fd;

	memset(&f, 0, sizeof(f));
	ext[0] = '\0';
	strbuf_addf(&path, "%sindex", gitdir);
	fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kind = errno == ENOENT ? SSS_INDEX_MISSING : SSS_INDEX_CORRUPT;
		goto done;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < HDR + SSS_SHA1_LEN)
		goto done;
	f.size = (size_t)st.st_size;
	f.mtime = st.st_mtim;
	map = mmap(NULL, f.size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		goto done;
	f.map = map;
	if (parse(&f))
		kind = SSS_INDEX_OK;
	else if (f.ext[0])
		kind = !strcmp(f.ext, "link") ? SSS_INDEX_SPLIT : SSS_INDEX_EXTENSION;
	memcpy(ext, f.ext, sizeof(f.ext));
done:
	if (map != MAP_FAILED)
		munmap(map, f.size);
	if (fd >= 0)
		close(fd);
	free(f.off);
	free(f.racy);
	sss_v4_free(f.v4);
	strbuf_release(&path);
	return kind;
}
