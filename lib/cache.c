/* cache.c - the scan cache .git/sss-cache (see cache.h).
 *
 * The file, all integers in the machine's byte order (the cache never
 * leaves the machine; the header's magic and binary identity refuse
 * another one's):
 *
 *     header  "SSSCACHE" u32 version u32 0
 *             i64 scan start (ns since the epoch)
 *             u64 dev, ino, size, mtime (ns) of the sssctl binary
 *             u64 checksum of the above
 *     record  u32 n (bytes that follow; 0 ends the file)
 *             u64 checksum of everything after the two checksums but
 *                 the JSON, u64 checksum of the JSON
 *             i64 size, mtime s, mtime ns, ctime s, ctime ns
 *             u64 ino, dev
 *             u32 length of each string (NONE: unset): path, id, title,
 *                 sow, kind, status, priority, assignee, due, recurrence,
 *                 created, updated, closed, links, the two sections,
 *                 the service levels' history (sla.h), json
 *             the strings, each followed by a NUL
 *
 * A record is read whole into a buffer (so memory is bounded by the
 * largest record) and checked before anything in it is believed; on the
 * first bad one the rest of the old cache is ignored.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/cache.h"
#include "sss/error.h"
#include "sss/sla.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

#define CACHE_MAGIC "SSSCACHE"
#define CACHE_VERSION 4u
#define CACHE_NAME "sss-cache"
#define NONE UINT32_MAX
#define HEADER_LEN (8 + 4 + 4 + 8 + 4 * 8 + 8)
#define FIXED_LEN (2 * 8 + 7 * 8 + NSTR * 4)
/* a record larger than this is garbage (a ticket file is at most 4 MiB) */
#define MAX_RECORD (64u << 20)
#define IO_CHUNK (256u << 10)
#define NS 1000000000LL

enum {
	S_PATH,
	S_ID,
	S_TITLE,
	S_SOW,
	S_KIND,
	S_STATUS,
	S_PRIORITY,
	S_ASSIGNEE,
	S_DUE,
	S_RECURRENCE,
	S_CREATED,
	S_UPDATED,
	S_CLOSED,
	S_LINKS,
	S_RESOLUTION,
	S_MINUTES,
	S_SLA, /* sss_sla_history(): a field of its own */
	S_DIGEST, /* sss_worklog_digest() */
	S_JSON,
	NSTR
};

/* The names sss_cache_entry_get() knows the strings by (see cache.h). */
static const char *const str_fields[] = {
	NULL,	    "id",	 "title",   "sow",     "kind",
	"status",   "priority",	 "assignee", "due",    "recurrence",
	"created",  "updated",	 "closed",   "links",
	"section:" SSS_SEC_RESOLUTION,	     "section:" SSS_SEC_MINUTES,
	"sla-history", "worklog-digest",
};

/* The fields sss_cache_entry_ticket() sets: what struct sss_query
 * reads. */
#define NFILL 6
static const int fill_fields[NFILL] = {S_STATUS, S_KIND, S_SOW, S_ASSIGNEE,
				       S_DUE, S_PRIORITY};

struct ident {
	int64_t size, mtime_s, mtime_ns, ctime_s, ctime_ns;
	uint64_t ino, dev;
};

struct sss_cache_entry {
	const char *str[NSTR]; /* into the reader's buffer; NULL: unset */
	uint32_t len[NSTR];
};

struct sss_cache {
	char *gitdir; /* with a trailing slash */
	unsigned flags;
	bool off; /* no binary identity: no cache at all */
	unsigned char header[HEADER_LEN]; /* of the cache we would write */
	int64_t start_ns;		  /* when this scan started */

	/* the old cache */
	int fd;
	int64_t old_limit_ns; /* records of files newer than this are racy */
	char *buf;
	size_t buf_alloc, pos, end;
	off_t buf_off; /* file offset of buf[0] */
	bool old_ok;   /* more records may follow */
	bool have_rec; /* rec/rec_ident/rec_at hold the next record */
	struct sss_cache_entry rec, entry;
	struct ident rec_ident;
	size_t rec_at, rec_len; /* in buf: the record, its u32 included */
	off_t kept_end;		/* end of the old prefix kept as it is */

	/* the file last looked up */
	struct strbuf fs;
	bool looked; /* lstat succeeded on a regular file */
	struct ident cur;
	bool pending; /* its old record awaits sss_cache_put() */

	/* the new cache */
	bool changed, writing, write_failed;
	int wfd;
	struct strbuf tmp_path, out, rec_out;

	/* sss_cache_entry_ticket(): a ticket with the filter fields */
	struct sss_ticket *proxy;
	struct strbuf proxy_val[NFILL];
	bool proxy_set[NFILL];
};

/* ---- checksums ---------------------------------------------------------- */

/* A 64-bit checksum against accidental damage (not an adversary), four
 * independent lanes so that it runs at memory speed. */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 31;
	h *= 0x7fb5d329728ea185ull;
	h ^= h >> 27;
	h *= 0x81dadef4bc2dd44dull;
	h ^= h >> 33;
	return h;
}

static uint64_t checksum(const void *data, size_t n)
{
	const unsigned char *p = data;
	const uint64_t k = 0x9e3779b97f4a7c15ull;
	uint64_t a = 1, b = 2, c = 3, d = 4, w[4];
	size_t len = n;

	while (n >= 32) {
		memcpy(w, p, 32);
		a = (a ^ w[0]) * k;
		b = (b ^ w[1]) * k;
		c = (c ^ w[2]) * k;
		d = (d ^ w[3]) * k;
		a ^= a >> 29;
		b ^= b >> 29;
		c ^= c >> 29;
		d ^= d >> 29;
		p += 32;
		n -= 32;
	}
	uint64_t h = mix(a) ^ mix(b + k) ^ mix(c + 2 * k) ^ mix(d + 3 * k);
	while (n >= 8) {
		memcpy(w, p, 8);
		h = mix(h ^ w[0]);
		p += 8;
		n -= 8;
	}
	w[0] = 0;
	memcpy(w, p, n);
	return mix(h ^ w[0] ^ ((uint64_t)len << 3));
}

/* ---- small helpers ------------------------------------------------------ */

static uint32_t get32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t get64(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static void put32(struct strbuf *sb, uint32_t v)
{
	strbuf_add(sb, &v, 4);
}

static void put64(struct strbuf *sb, uint64_t v)
{
	strbuf_add(sb, &v, 8);
}

static void ident_of(struct ident *id, const struct stat *st)
{
	id->size = st->st_size;
	id->mtime_s = st->st_mtim.tv_sec;
	id->mtime_ns = st->st_mtim.tv_nsec;
	id->ctime_s = st->st_ctim.tv_sec;
	id->ctime_ns = st->st_ctim.tv_nsec;
	id->ino = st->st_ino;
	id->dev = st->st_dev;
}

static bool ident_eq(const struct ident *a, const struct ident *b)
{
	return a->size == b->size && a->mtime_s == b->mtime_s &&
	       a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s &&
	       a->ctime_ns == b->ctime_ns && a->ino == b->ino &&
	       a->dev == b->dev;
}

/* Whether a file with this identity may have changed in the same clock
 * tick as it was looked at by a scan that started at limit_ns + 1 s. */
static bool racy(const struct ident *id, int64_t limit_ns)
{
	return id->mtime_s * NS + id->mtime_ns >= limit_ns;
}

static void cache_path(struct sss_cache *c, struct strbuf *out)
{
	strbuf_addf(out, "%s%s", c->gitdir, CACHE_NAME);
}

bool sss_cache_disabled(void)
{
	const char *v = getenv("SSS_NO_CACHE");
	return v && *v && strcmp(v, "0");
}

/* The header of a cache written now by this binary; false when the
 * binary cannot be identified (then no cache is used or written). */
static bool make_header(struct sss_cache *c)
{
	struct stat st;
	struct strbuf h = STRBUF_INIT;
	struct timespec ts;
	bool ok = false;

	if (stat("/proc/self/exe", &st) < 0 ||
	    clock_gettime(CLOCK_REALTIME, &ts) < 0)
		goto done;
	c->start_ns = (int64_t)ts.tv_sec * NS + ts.tv_nsec;
	strbuf_add(&h, CACHE_MAGIC, 8);
	put32(&h, CACHE_VERSION);
	put32(&h, 0);
	put64(&h, (uint64_t)c->start_ns);
	put64(&h, st.st_dev);
	put64(&h, st.st_ino);
	put64(&h, (uint64_t)st.st_size);
	put64(&h, (uint64_t)(st.st_mtim.tv_sec * NS + st.st_mtim.tv_nsec));
	put64(&h, checksum(h.buf, h.len));
	if (h.len != HEADER_LEN)
		goto done;
	memcpy(c->header, h.buf, HEADER_LEN);
	ok = true;
done:
	strbuf_release(&h);
	return ok;
}

/* ---- reading the old cache ---------------------------------------------- */

/* Make buf[pos, pos+need) hold file bytes; false at EOF or on error. */
static bool fill(struct sss_cache *c, size_t need)
{
	if (c->end - c->pos >= need)
		return true;
	if (c->pos) {
		memmove(c->buf, c->buf + c->pos, c->end - c->pos);
		c->buf_off += (off_t)c->pos;
		c->end -= c->pos;
		c->pos = 0;
	}
	if (need + IO_CHUNK > c->buf_alloc)
		SSS_GROW(c->buf, c->buf_alloc, need + IO_CHUNK);
	while (c->end < need) {
		ssize_t n = read(c->fd, c->buf + c->end, c->buf_alloc - c->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		c->end += (size_t)n;
	}
	return true;
}

static void stop_reading(struct sss_cache *c)
{
	c->old_ok = false;
	c->have_rec = false;
}

/* Read and check the next record into c->rec; at the end, or on anything
 * amiss, stop using the old cache. */
static void next_record(struct sss_cache *c)
{
	c->have_rec = false;
	if (!c->old_ok)
		return;
	if (!fill(c, 4))
		goto bad; /* truncated: the end marker is missing */
	uint32_t n = get32(c->buf + c->pos);
	if (n == 0) {
		stop_reading(c);
		return;
	}
	if (n < FIXED_LEN + 2 || n > MAX_RECORD || !fill(c, 4 + (size_t)n))
		goto bad;
	const char *r = c->buf + c->pos + 4;
	const char *lens = r + 16 + 56;
	const char *s = lens + NSTR * 4;
	size_t left = n - FIXED_LEN, json_at = 0;
	for (int i = 0; i < NSTR; i++) {
		uint32_t l = get32(lens + 4 * i);
		if (l == NONE) {
			c->rec.str[i] = NULL;
			c->rec.len[i] = 0;
			continue;
		}
		if (l >= left || s[l] != '\0')
			goto bad;
		if (i == S_JSON)
			json_at = (size_t)(s - r);
		c->rec.str[i] = s;
		c->rec.len[i] = l;
		s += l + 1;
		left -= l + 1;
	}
	if (left || !c->rec.str[S_PATH] || !c->rec.str[S_JSON])
		goto bad;
	if (get64(r) != checksum(r + 16, json_at - 16))
		goto bad;
	if ((c->flags & SSS_CACHE_JSON) &&
	    get64(r + 8) != checksum(c->rec.str[S_JSON], c->rec.len[S_JSON]))
		goto bad;
	const char *id = r + 16;
	c->rec_ident.size = (int64_t)get64(id);
	c->rec_ident.mtime_s = (int64_t)get64(id + 8);
	c->rec_ident.mtime_ns = (int64_t)get64(id + 16);
	c->rec_ident.ctime_s = (int64_t)get64(id + 24);
	c->rec_ident.ctime_ns = (int64_t)get64(id + 32);
	c->rec_ident.ino = get64(id + 40);
	c->rec_ident.dev = get64(id + 48);
	c->rec_at = c->pos;
	c->rec_len = 4 + (size_t)n;
	c->have_rec = true;
	return;
bad:
	stop_reading(c);
	c->changed = true;
}

/* Consume the current record (the reader moves past it). */
static void consume(struct sss_cache *c)
{
	c->pos = c->rec_at + c->rec_len;
	c->have_rec = false;
}

/* Whether an old record is at hand, reading it when needed. Reading may
 * move the buffer: entries handed out before are invalid then. */
static bool peek(struct sss_cache *c)
{
	if (!c->have_rec)
		next_record(c);
	return c->have_rec;
}

static void open_old(struct sss_cache *c)
{
	struct strbuf path = STRBUF_INIT;
	struct stat st;

	c->fd = -1;
	cache_path(c, &path);
	c->fd = open(path.buf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (c->fd < 0 || fstat(c->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    !fill(c, HEADER_LEN))
		goto none;
	/* the same binary (so the same parser), and a sane header */
	if (memcmp(c->buf, c->header, 16) ||
	    memcmp(c->buf + 24, c->header + 24, 32) ||
	    get64(c->buf + 56) != checksum(c->buf, 56))
		goto none;
	int64_t written = (int64_t)get64(c->buf + 16);
	int64_t mtime = (int64_t)st.st_mtim.tv_sec * NS + st.st_mtim.tv_nsec;
	/* the earlier of the scan's start and the file's mtime, less 1 s */
	c->old_limit_ns = (written < mtime ? written : mtime) - NS;
	c->pos = HEADER_LEN;
	c->kept_end = HEADER_LEN;
	c->old_ok = true;
	goto done;
none:
	c->changed = true; /* write one */
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
done:
	strbuf_release(&path);
}

struct sss_cache *sss_cache_open(const char *gitdir, unsigned flags)
{
	struct sss_cache *c = xcalloc(1, sizeof(*c));

	c->gitdir = xstrdup(gitdir);
	c->flags = flags;
	c->fd = c->wfd = -1;
	strbuf_init(&c->fs, 0);
	for (int i = 0; i < NFILL; i++)
		strbuf_init(&c->proxy_val[i], 0);
	strbuf_init(&c->tmp_path, 0);
	strbuf_init(&c->out, 0);
	strbuf_init(&c->rec_out, 0);
	if (!make_header(c)) {
		c->off = true;
		return c;
	}
	open_old(c);
	return c;
}

bool sss_cache_warm(const struct sss_cache *c)
{
	return c && !c->off && c->old_ok;
}

/* ---- writing the new cache ---------------------------------------------- */

static void write_fail(struct sss_cache *c)
{
	if (c->wfd >= 0)
		close(c->wfd);
	if (c->tmp_path.len)
		unlink(c->tmp_path.buf);
	c->wfd = -1;
	c->write_failed = true;
	strbuf_release(&c->out);
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static void flush_out(struct sss_cache *c)
{
	if (c->write_failed)
		return;
	if (!write_all(c->wfd, c->out.buf, c->out.len))
		write_fail(c);
	strbuf_reset(&c->out);
}

static void emit(struct sss_cache *c, const char *p, size_t n)
{
	if (c->write_failed)
		return;
	strbuf_add(&c->out, p, n);
	if (c->out.len >= IO_CHUNK)
		flush_out(c);
}

/* Remove the temp files of lists that died before renaming theirs (a
 * first list at 100,000 tickets writes for a second or two: Ctrl-C). */
static void remove_stale(struct sss_cache *c)
{
	DIR *d = opendir(c->gitdir);
	struct dirent *de;
	static const char prefix[] = CACHE_NAME ".tmp-";

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;
		if (strncmp(de->d_name, prefix, sizeof(prefix) - 1))
			continue;
		long pid = strtol(de->d_name + sizeof(prefix) - 1, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

/* The first change: open the temp file and copy the old records kept so
 * far (the old file's bytes up to kept_end). */
static void start_writing(struct sss_cache *c)
{
	char *chunk = NULL;

	c->changed = true;
	if (c->writing || c->write_failed)
		return;
	c->writing = true;
	remove_stale(c);
	cache_path(c, &c->tmp_path);
	strbuf_addf(&c->tmp_path, ".tmp-%ld", (long)getpid());
	c->wfd =
	    open(c->tmp_path.buf,
		 O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (c->wfd < 0) {
		c->write_failed = true;
		return;
	}
	emit(c, (const char *)c->header, HEADER_LEN);
	flush_out(c);
	if (c->fd >= 0 && c->kept_end > HEADER_LEN) {
		off_t off = HEADER_LEN;
		chunk = xmalloc(IO_CHUNK);
		while (!c->write_failed && off < c->kept_end) {
			size_t want = (size_t)(c->kept_end - off);
			if (want > IO_CHUNK)
				want = IO_CHUNK;
			ssize_t n = pread(c->fd, chunk, want, off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 || !write_all(c->wfd, chunk, (size_t)n)) {
				write_fail(c);
				break;
			}
			off += n;
		}
	}
	free(chunk);
}

/* Keep the current old record as it is. */
static void keep(struct sss_cache *c)
{
	if (c->writing)
		emit(c, c->buf + c->rec_at, c->rec_len);
	else
		c->kept_end = c->buf_off + (off_t)(c->rec_at + c->rec_len);
	consume(c);
}

/* The old record in hand is dropped (its file is gone, changed or
 * broken). */
static void drop(struct sss_cache *c)
{
	start_writing(c);
	consume(c);
}

/* Serialize a record into c->rec_out. */
static void make_record(struct sss_cache *c, const struct ident *id,
			const char *const *str, const uint32_t *len)
{
	struct strbuf *o = &c->rec_out;
	size_t json_at = 0;

	strbuf_reset(o);
	put32(o, 0);
	put64(o, 0);
	put64(o, 0);
	put64(o, (uint64_t)id->size);
	put64(o, (uint64_t)id->mtime_s);
	put64(o, (uint64_t)id->mtime_ns);
	put64(o, (uint64_t)id->ctime_s);
	put64(o, (uint64_t)id->ctime_ns);
	put64(o, id->ino);
	put64(o, id->dev);
	for (int i = 0; i < NSTR; i++)
		put32(o, str[i] ? len[i] : NONE);
	for (int i = 0; i < NSTR; i++) {
		if (!str[i])
			continue;
		if (i == S_JSON)
			json_at = o->len;
		strbuf_add(o, str[i], len[i]);
		strbuf_addch(o, '\0');
	}
	uint32_t n = (uint32_t)(o->len - 4);
	uint64_t h1 = checksum(o->buf + 20, json_at - 20);
	uint64_t h2 = checksum(o->buf + json_at, len[S_JSON]);
	memcpy(o->buf, &n, 4);
	memcpy(o->buf + 4, &h1, 8);
	memcpy(o->buf + 12, &h2, 8);
}

/* ---- the scan ----------------------------------------------------------- */

/* An old record left waiting for sss_cache_put() that never came: the
 * file did not parse (broken tickets are not cached). */
static void settle(struct sss_cache *c)
{
	if (c->pending) {
		c->pending = false;
		drop(c);
	}
}

const struct sss_cache_entry *sss_cache_lookup(struct sss_cache *c,
					       const char *rel,
					       const struct stat *st)
{
	if (c->off)
		return NULL;
	settle(c);
	strbuf_reset(&c->fs);
	strbuf_addstr(&c->fs, rel);
	/* the lstat came before the caller reads: a change made meanwhile
	 * gives the file an identity that differs from the one recorded */
	c->looked = st && S_ISREG(st->st_mode);
	if (c->looked)
		ident_of(&c->cur, st);
	/* old records before rel: their files are gone */
	while (peek(c) && strcmp(c->rec.str[S_PATH], rel) < 0)
		drop(c);
	if (!c->have_rec || strcmp(c->rec.str[S_PATH], rel))
		return NULL; /* a new file (or one past the old cache's end) */
	if (c->looked && ident_eq(&c->cur, &c->rec_ident) &&
	    !racy(&c->cur, c->old_limit_ns)) {
		c->entry = c->rec;
		keep(c);
		return &c->entry;
	}
	c->pending = true;
	return NULL;
}

void sss_cache_put(struct sss_cache *c, const struct sss_ticket *t)
{
	const char *str[NSTR];
	uint32_t len[NSTR];
	struct strbuf json = STRBUF_INIT, links = STRBUF_INIT;
	struct strbuf resolution = STRBUF_INIT, minutes = STRBUF_INIT;
	struct strbuf sla = STRBUF_INIT, digest = STRBUF_INIT;

	if (c->off || !c->looked)
		goto out;
	str[S_PATH] = sss_ticket_path(t);
	if (!str[S_PATH] || strcmp(str[S_PATH], c->fs.buf))
		goto out;
	for (int i = S_ID; i < S_LINKS; i++)
		str[i] = sss_ticket_get(t, str_fields[i]);
	sss_ticket_links_format(t, &links);
	str[S_LINKS] = links.len ? links.buf : NULL;
	str[S_RESOLUTION] = sss_ticket_section(t, SSS_SEC_RESOLUTION, &resolution)
				    ? resolution.buf : NULL;
	str[S_MINUTES] = sss_ticket_section(t, SSS_SEC_MINUTES, &minutes)
				 ? minutes.buf : NULL;
	sss_sla_history(t, &sla);
	str[S_SLA] = sla.len ? sla.buf : NULL;
	sss_worklog_digest(t, &digest);
	str[S_DIGEST] = digest.len ? digest.buf : NULL;
	sss_worklog_ticket_json(t, &json, false);
	str[S_JSON] = json.buf;
	for (int i = 0; i < NSTR; i++)
		len[i] = str[i] ? (uint32_t)strlen(str[i]) : 0;
	len[S_JSON] = (uint32_t)json.len;
	make_record(c, &c->cur, str, len);
	if (c->pending) {
		/* a racy record read again: when nothing differs and it would
		 * still be racy, writing the cache again gains nothing */
		bool same =
		    c->rec_len == c->rec_out.len &&
		    !memcmp(c->buf + c->rec_at, c->rec_out.buf, c->rec_len);
		c->pending = false;
		if (same && racy(&c->cur, c->start_ns - NS)) {
			keep(c);
			goto out;
		}
		consume(c);
	}
	start_writing(c);
	emit(c, c->rec_out.buf, c->rec_out.len);
out:
	c->looked = false;
	strbuf_release(&json);
	strbuf_release(&sla);
	strbuf_release(&digest);
	strbuf_release(&links);
	strbuf_release(&resolution);
	strbuf_release(&minutes);
}

void sss_cache_finish(struct sss_cache *c, bool complete)
{
	if (!c)
		return;
	if (!c->off && complete) {
		settle(c);
		/* old records left over: their files are gone */
		if (peek(c))
			start_writing(c);
		if (c->changed)
			start_writing(c);
		if (c->writing && !c->write_failed) {
			uint32_t end = 0;
			struct strbuf path = STRBUF_INIT;
			emit(c, (const char *)&end, 4);
			flush_out(c);
			if (!c->write_failed && close(c->wfd) < 0) {
				c->wfd = -1;
				write_fail(c);
			}
			c->wfd = -1;
			cache_path(c, &path);
			if (!c->write_failed &&
			    rename(c->tmp_path.buf, path.buf) < 0)
				write_fail(c);
			strbuf_release(&path);
		}
	}
	if (c->wfd >= 0)
		write_fail(c); /* an unfinished scan: keep the old cache */
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	sss_ticket_free(c->proxy);
	for (int i = 0; i < NFILL; i++)
		strbuf_release(&c->proxy_val[i]);
	strbuf_release(&c->fs);
	strbuf_release(&c->tmp_path);
	strbuf_release(&c->out);
	strbuf_release(&c->rec_out);
	free(c->gitdir);
	free(c);
}

const char *sss_cache_entry_get(const struct sss_cache_entry *e,
				const char *field)
{
	for (int i = S_ID; i < S_JSON; i++)
		if (!strcmp(str_fields[i], field))
			return e->str[i];
	return NULL;
}

const char *sss_cache_entry_json(const struct sss_cache_entry *e, size_t *len)
{
	*len = e->len[S_JSON];
	return e->str[S_JSON];
}

const struct sss_ticket *sss_cache_entry_ticket(struct sss_cache *c,
						const struct sss_cache_entry *e)
{
	if (!c->proxy)
		c->proxy = sss_ticket_new();
	for (int i = 0; i < NFILL; i++) {
		int f = fill_fields[i];
		const char *want = e->str[f];
		struct strbuf *have = &c->proxy_val[i];
		/* most tickets share these values: set only what differs */
		if (want ? c->proxy_set[i] && have->len == e->len[f] &&
			       !memcmp(have->buf, want, have->len)
			 : !c->proxy_set[i])
			continue;
		struct sss_error *err =
		    sss_ticket_set(c->proxy, str_fields[f], want);
		if (err) {
			sss_error_free(err);
			/* the proxy is in some state: start it afresh */
			sss_ticket_free(c->proxy);
			c->proxy = NULL;
			memset(c->proxy_set, 0, sizeof(c->proxy_set));
			return NULL;
		}
		strbuf_reset(have);
		if (want)
			strbuf_add(have, want, e->len[f]);
		c->proxy_set[i] = want != NULL;
	}
	return c->proxy;
}
