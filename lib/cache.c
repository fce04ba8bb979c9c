/* cache.c - the scan cache .git/sss-cache (see cache.h).
 *
 * The record itself (its slots, encoding and the JSON rebuilt from it)
 * is cache_record.c; the encodings are cache_codec.c.
 *
 * The file, the header's integers in the machine's byte order (the cache
 * never leaves the machine; the header's magic and binary identity refuse
 * another one's), a record's as varints (cache_codec.h):
 *
 *     header  "SSSCACHE" u32 version u32 0
 *             i64 scan start (ns since the epoch)
 *             u64 dev, ino, size, mtime (ns) of the sssctl binary
 *             u64 checksum of the above
 *     blocks  u64 checksum of the 8 + c bytes after it
 *             u32 c (compressed bytes), u32 r (raw bytes)
 *             c bytes: r bytes of whole records, compressed by LZ4
 *             (a block of c = r = 0 ends the file)
 *
 * A block holds the records that fit in BLOCK_RAW bytes, or one larger
 * record alone: records never span blocks. The records repeat much
 * (catalog titles, SOW keys, assignees, params, requesters): on a
 * generated repository of 100,000 tickets the file is 11,660,448 bytes,
 * 30,700,119 without the blocks; LZ4's default level costs ~76 ms of CPU
 * to write it and ~13 ms to read it, its HC level 2 would give 9.5 MB for
 * ~330 ms (a scan writes the cache again from the first change on).
 * Inside a block:
 *
 *     record  varint n (bytes that follow)
 *             u64 checksum of the n - 8 bytes after it
 *             size, mtime s, mtime ns, ctime s - mtime s and
 *                 ctime ns - mtime ns (zigzag), ino, dev
 *             the work log's minutes, the estimate's (0: none, else
 *                 zigzag + 1) for the JSON
 *             flags (REC_PATH: the path follows as length and bytes;
 *                 else it is tickets/20YY/MM/<id>.md from the ID)
 *             for each string slot (the enum below) a tag, len << 2 |
 *                 kind: 0 unset, 4 not kept (read the file), raw bytes,
 *                 an index into the slot's value set, a packed time
 *
 * The ticket's JSON is rebuilt from the record: the scalar fields, then
 * S_REST (the members the writer puts between them and "path": params,
 * links, tags, documents, unknown keys, as JSON text), the path and the
 * two effort figures. sss_cache_put() checks that this gives back the
 * writer's bytes; a ticket for which it would not keeps its JSON whole
 * (S_JSON).
 *
 * A block is read and decompressed whole (so memory is bounded by a
 * block, or the largest record), its checksum checked before LZ4 sees
 * it; a record in it is checked and decoded into NUL-terminated strings
 * before anything in it is believed; on the first bad block or record
 * the rest of the old cache is ignored.
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

#include <lz4.h>

#include "cache_codec.h"
#include "cache_record.h"
#include "sss/alloc.h"
#include "sss/cache.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

#define CACHE_MAGIC "SSSCACHE"
#define CACHE_VERSION 6u
#define CACHE_NAME "sss-cache"
#define HEADER_LEN (8 + 4 + 4 + 8 + 4 * 8 + 8)
/* a record: its varint n, then at least the checksum */
#define MIN_RECORD 9
/* a record larger than this is garbage (a ticket file is at most 4 MiB) */
#define MAX_RECORD (64u << 20)
#define IO_CHUNK (256u << 10)
/* the raw bytes of records a block collects (one larger record has a
 * block of its own) */
#define BLOCK_RAW IO_CHUNK
#define BLOCK_HEAD 16
/* a block larger than this is garbage */
#define MAX_BLOCK (MAX_RECORD + BLOCK_RAW)
#define NS 1000000000LL
/* The fields sss_cache_entry_ticket() sets: what struct sss_query
 * reads. */
#define NFILL 6
static const int fill_fields[NFILL] = {S_STATUS, S_KIND, S_SOW, S_ASSIGNEE,
				       S_DUE, S_PRIORITY};

struct sss_cache {
	char *gitdir; /* with a trailing slash */
	bool off; /* no binary identity: no cache at all */
	unsigned char header[HEADER_LEN]; /* of the cache we would write */
	int64_t start_ns;		  /* when this scan started */

	/* the old cache */
	int fd;
	int64_t old_limit_ns; /* records of files newer than this are racy */
	char *buf; /* the current block, decompressed */
	size_t buf_alloc, pos, end;
	char *cbuf; /* the current block as in the file */
	size_t cbuf_alloc;
	off_t blk_end; /* file offset after the current block */
	bool old_ok;   /* more records may follow */
	bool have_rec; /* rec/rec_ident/rec_at hold the next record */
	struct sss_cache_entry rec, entry;
	struct strbuf dec; /* the strings of rec, decoded */
	struct sss_cache_ident rec_ident;
	size_t rec_at, rec_len; /* in buf: the record, its varint included */
	/* the old prefix kept as it is (until writing starts): the blocks
	 * before kept_end, then buf[0, kept_raw) */
	off_t kept_end;
	size_t kept_raw;

	/* the file last looked up */
	struct strbuf fs;
	bool looked; /* lstat succeeded on a regular file */
	struct sss_cache_ident cur;
	bool pending; /* its old record awaits sss_cache_put() */

	/* the new cache */
	bool changed, writing, write_failed;
	int wfd;
	struct strbuf tmp_path, out, rec_out, rec_body;
	char *zbuf; /* a block compressed, its head first */
	size_t zbuf_alloc;

	/* sss_cache_entry_ticket(): a ticket with the filter fields */
	struct sss_ticket *proxy;
	struct strbuf proxy_val[NFILL];
	bool proxy_set[NFILL];
};

/* ---- small helpers ------------------------------------------------------ */

static uint64_t get64(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint32_t get32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
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

static void ident_of(struct sss_cache_ident *id, const struct stat *st)
{
	id->size = st->st_size;
	id->mtime_s = st->st_mtim.tv_sec;
	id->mtime_ns = st->st_mtim.tv_nsec;
	id->ctime_s = st->st_ctim.tv_sec;
	id->ctime_ns = st->st_ctim.tv_nsec;
	id->ino = st->st_ino;
	id->dev = st->st_dev;
}

static bool ident_eq(const struct sss_cache_ident *a, const struct sss_cache_ident *b)
{
	return a->size == b->size && a->mtime_s == b->mtime_s &&
	       a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s &&
	       a->ctime_ns == b->ctime_ns && a->ino == b->ino &&
	       a->dev == b->dev;
}

/* Whether a file with this identity may have changed in the same clock
 * tick as it was looked at by a scan that started at limit_ns + 1 s. */
static bool racy(const struct sss_cache_ident *id, int64_t limit_ns)
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
	put64(&h, sss_cache_checksum(h.buf, h.len));
	if (h.len != HEADER_LEN)
		goto done;
	memcpy(c->header, h.buf, HEADER_LEN);
	ok = true;
done:
	strbuf_release(&h);
	return ok;
}

/* ---- reading the old cache ---------------------------------------------- */

/* Read n bytes of the old cache into p; false at EOF or on error. */
static bool read_more(int fd, char *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

static void stop_reading(struct sss_cache *c)
{
	c->old_ok = false;
	c->have_rec = false;
}

/* Read the next block of the old cache into buf (pos 0, end its raw
 * length). 1 when it holds records, 0 at the end marker, -1 when the
 * file is truncated or the block is amiss. */
static int next_block(struct sss_cache *c)
{
	if (!c->writing) {
		/* every record before is kept: the whole block is */
		c->kept_end = c->blk_end;
		c->kept_raw = 0;
	}
	c->pos = c->end = 0;
	if (c->cbuf_alloc < BLOCK_HEAD)
		SSS_GROW(c->cbuf, c->cbuf_alloc, IO_CHUNK);
	if (!read_more(c->fd, c->cbuf, BLOCK_HEAD))
		return -1; /* truncated: the end marker is missing */
	uint32_t clen = get32(c->cbuf + 8), rlen = get32(c->cbuf + 12);
	if (rlen > MAX_BLOCK || clen > (uint32_t)LZ4_compressBound((int)rlen) ||
	    (clen == 0) != (rlen == 0))
		return -1;
	if (BLOCK_HEAD + (size_t)clen > c->cbuf_alloc)
		SSS_GROW(c->cbuf, c->cbuf_alloc, BLOCK_HEAD + (size_t)clen);
	if (!read_more(c->fd, c->cbuf + BLOCK_HEAD, clen) ||
	    get64(c->cbuf) != sss_cache_checksum(c->cbuf + 8, 8 + (size_t)clen))
		return -1;
	c->blk_end += BLOCK_HEAD + (off_t)clen;
	if (rlen == 0)
		return 0;
	if (rlen > c->buf_alloc)
		SSS_GROW(c->buf, c->buf_alloc, rlen);
	if (LZ4_decompress_safe(c->cbuf + BLOCK_HEAD, c->buf, (int)clen,
				(int)rlen) != (int)rlen)
		return -1;
	c->end = rlen;
	return 1;
}

/* Read and check the next record into c->rec; at the end, or on anything
 * amiss, stop using the old cache. */
static void next_record(struct sss_cache *c)
{
	uint64_t n;
	const char *p, *end;

	c->have_rec = false;
	if (!c->old_ok)
		return;
	if (c->pos == c->end) {
		int r = next_block(c);
		if (r == 0) {
			stop_reading(c);
			return;
		}
		if (r < 0)
			goto bad;
	}
	p = c->buf + c->pos;
	end = c->buf + c->end;
	if (!sss_cache_get_varint(&p, end, &n) || n < MIN_RECORD ||
	    n > (uint64_t)(end - p))
		goto bad;
	size_t head = (size_t)(p - (c->buf + c->pos));
	if (get64(p) != sss_cache_checksum(p + 8, (size_t)n - 8) ||
	    !sss_cache_record_read(&c->rec, &c->rec_ident, &c->dec, p + 8, p + n))
		goto bad;
	c->rec_at = c->pos;
	c->rec_len = head + (size_t)n;
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
	char h[HEADER_LEN];

	c->fd = -1;
	cache_path(c, &path);
	c->fd = open(path.buf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (c->fd < 0 || fstat(c->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    !read_more(c->fd, h, HEADER_LEN))
		goto none;
	/* the same binary (so the same parser), and a sane header */
	if (memcmp(h, c->header, 16) || memcmp(h + 24, c->header + 24, 32) ||
	    get64(h + 56) != sss_cache_checksum(h, 56))
		goto none;
	int64_t written = (int64_t)get64(h + 16);
	int64_t mtime = (int64_t)st.st_mtim.tv_sec * NS + st.st_mtim.tv_nsec;
	/* the earlier of the scan's start and the file's mtime, less 1 s */
	c->old_limit_ns = (written < mtime ? written : mtime) - NS;
	c->pos = c->end = 0;
	c->blk_end = c->kept_end = HEADER_LEN;
	c->kept_raw = 0;
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

struct sss_cache *sss_cache_open(const char *gitdir)
{
	struct sss_cache *c = xcalloc(1, sizeof(*c));

	c->gitdir = xstrdup(gitdir);
	c->fd = c->wfd = -1;
	strbuf_init(&c->fs, 0);
	for (int i = 0; i < NFILL; i++)
		strbuf_init(&c->proxy_val[i], 0);
	strbuf_init(&c->tmp_path, 0);
	strbuf_init(&c->out, 0);
	strbuf_init(&c->rec_out, 0);
	strbuf_init(&c->rec_body, 0);
	strbuf_init(&c->dec, 0);
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

/* Write the records collected in out as a block (none: the end
 * marker). */
static void flush_out(struct sss_cache *c)
{
	size_t len = c->out.len;
	int clen = 0;

	if (c->write_failed)
		return;
	size_t need = BLOCK_HEAD + (size_t)LZ4_compressBound((int)len);
	if (need > c->zbuf_alloc)
		SSS_GROW(c->zbuf, c->zbuf_alloc, need);
	if (len) {
		clen = LZ4_compress_default(c->out.buf, c->zbuf + BLOCK_HEAD,
					    (int)len, (int)(need - BLOCK_HEAD));
		if (clen <= 0) {
			write_fail(c);
			return;
		}
	}
	uint32_t l32[2] = {(uint32_t)clen, (uint32_t)len};
	memcpy(c->zbuf + 8, l32, 8);
	uint64_t sum = sss_cache_checksum(c->zbuf + 8, 8 + (size_t)clen);
	memcpy(c->zbuf, &sum, 8);
	if (!write_all(c->wfd, c->zbuf, BLOCK_HEAD + (size_t)clen))
		write_fail(c);
	strbuf_reset(&c->out);
}

/* Add whole records to the block being collected (a record is never
 * split between blocks). */
static void emit(struct sss_cache *c, const char *p, size_t n)
{
	if (c->write_failed)
		return;
	if (c->out.len && c->out.len + n > BLOCK_RAW)
		flush_out(c);
	strbuf_add(&c->out, p, n);
	if (c->out.len >= BLOCK_RAW)
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
	if (!write_all(c->wfd, (const char *)c->header, HEADER_LEN)) {
		write_fail(c);
		return;
	}
	/* the old blocks kept whole are copied as they are */
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
	/* then the records kept of the block at hand */
	emit(c, c->buf, c->kept_raw);
}

/* Keep the current old record as it is. */
static void keep(struct sss_cache *c)
{
	if (c->writing)
		emit(c, c->buf + c->rec_at, c->rec_len);
	else
		c->kept_raw = c->rec_at + c->rec_len;
	consume(c);
}

/* The old record in hand is dropped (its file is gone, changed or
 * broken). */
static void drop(struct sss_cache *c)
{
	start_writing(c);
	consume(c);
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
	while (peek(c) && strcmp(c->rec.path, rel) < 0)
		drop(c);
	if (!c->have_rec || strcmp(c->rec.path, rel))
		return NULL; /* a new file (or one past the old cache's end) */
	if (c->looked && ident_eq(&c->cur, &c->rec_ident) &&
	    !racy(&c->cur, c->old_limit_ns)) {
		c->entry = c->rec;
		c->entry.self = &c->entry;
		keep(c);
		return &c->entry;
	}
	c->pending = true;
	return NULL;
}

void sss_cache_put(struct sss_cache *c, const struct sss_ticket *t)
{
	const char *path;

	if (c->off || !c->looked)
		goto out;
	path = sss_ticket_path(t);
	if (!path || strcmp(path, c->fs.buf))
		goto out;
	sss_cache_record_ticket(&c->rec_out, &c->rec_body, &c->cur, t, path);
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
			struct strbuf path = STRBUF_INIT;
			if (c->out.len)
				flush_out(c);
			flush_out(c); /* the end marker */
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
	free(c->cbuf);
	free(c->zbuf);
	sss_ticket_free(c->proxy);
	for (int i = 0; i < NFILL; i++)
		strbuf_release(&c->proxy_val[i]);
	strbuf_release(&c->fs);
	strbuf_release(&c->tmp_path);
	strbuf_release(&c->out);
	strbuf_release(&c->rec_out);
	strbuf_release(&c->rec_body);
	strbuf_release(&c->dec);
	free(c->gitdir);
	free(c);
}

const char *sss_cache_entry_get(const struct sss_cache_entry *e,
				const char *field)
{
	int i = sss_cache_slot_of(field);
	uint32_t len;
	return i < 0 ? NULL : sss_cache_slot(e, i, &len);
}

bool sss_cache_entry_kept(const struct sss_cache_entry *e, const char *field)
{
	int i = sss_cache_slot_of(field);
	return i >= 0 && !(e->unkept & (1u << i));
}

void sss_cache_entry_json(const struct sss_cache_entry *e, struct strbuf *out)
{
	sss_cache_record_json(e, out);
}

const struct sss_ticket *sss_cache_entry_ticket(struct sss_cache *c,
						const struct sss_cache_entry *e)
{
	if (!c->proxy)
		c->proxy = sss_ticket_new();
	for (int i = 0; i < NFILL; i++) {
		int f = fill_fields[i];
		uint32_t len;
		const char *want = sss_cache_slot(e, f, &len);
		struct strbuf *have = &c->proxy_val[i];
		/* most tickets share these values: set only what differs */
		if (want ? c->proxy_set[i] && have->len == len &&
			       !memcmp(have->buf, want, have->len)
			 : !c->proxy_set[i])
			continue;
		struct sss_error *err =
		    sss_ticket_set(c->proxy, sss_cache_slot_name(f), want);
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
			strbuf_add(have, want, len);
		c->proxy_set[i] = want != NULL;
	}
	return c->proxy;
}
