/* test_cache.c - the scan cache (.git/sss-cache): records written by one
 * scan answer the next; a file with a new lstat identity, or changed in
 * the second it was looked at (the racy-clean rule), is read again; a
 * truncated or damaged cache (a record, or a compressed block of them)
 * is ignored from the damage on, never an error; an unfinished scan
 * leaves the old cache. */
#include "unit.h"

#include <fcntl.h>
#include <lz4.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sss/cache.h"
#include "sss/fileio.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"
#include "../../lib/cache_codec.h"

#define NT 3
/* the cache file (lib/cache.c): its header, then blocks of records */
#define HEAD 64
#define BLOCK_HEAD 16
#define BLOCK_RAW (256u << 10)

struct fixture {
	char dir[64];	 /* the work tree, with a trailing slash */
	char gitdir[80]; /* dir + ".git/" */
	char rel[NT][64];
};

static void put_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* Set the mtime of path to ago seconds before now (which also gives it a
 * new ctime: a new identity). */
static void age(const char *path, int ago)
{
	struct timespec ts[2];
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= ago;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void ticket_text(struct strbuf *sb, int i, char mark)
{
	strbuf_addf(sb,
		    "---\nid: 2604-K7QD4%c\ntitle: チケット %d\nsow: incident-software\n"
		    "kind: incident\nstatus: open\npriority: normal\n"
		    "created: 2026-04-01T09:00:00+09:00\n"
		    "updated: 2026-04-01T09:00:00+09:00\ndue: 2026-04-1%d\n"
		    "links:\n  - rel: problem\n    id: 2604-P3XW9B\n---\n\n"
		    "## 内容\n本文 %d%c\n\n## 対応結果\n結果 %d\n",
		    'A' + i, i, i, i, mark, i);
}

static void fs_path(struct fixture *f, int i, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s%s", f->dir, f->rel[i]);
}

/* Write ticket i (its body ending in mark), aged ago seconds (0: now). */
static void write_ticket(struct fixture *f, int i, char mark, int ago)
{
	struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
	ticket_text(&text, i, mark);
	fs_path(f, i, &path);
	put_file(path.buf, text.buf, text.len);
	if (ago)
		age(path.buf, ago);
	strbuf_release(&text);
	strbuf_release(&path);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char tmpl[] = "/tmp/sss-cache-XXXXXX";
	struct strbuf sb = STRBUF_INIT;

	assert_non_null(mkdtemp(tmpl));
	snprintf(f->dir, sizeof(f->dir), "%s/", tmpl);
	snprintf(f->gitdir, sizeof(f->gitdir), "%s.git/", f->dir);
	strbuf_addf(&sb, "mkdir -p '%s.git' '%stickets/2026/04'", f->dir, f->dir);
	assert_int_equal(system(sb.buf), 0);
	for (int i = 0; i < NT; i++) {
		snprintf(f->rel[i], sizeof(f->rel[i]), "tickets/2026/04/2604-K7QD4%c.md",
			 'A' + i);
		write_ticket(f, i, 'a', 100);
	}
	strbuf_release(&sb);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "rm -rf '%s'", f->dir);
	assert_int_equal(system(sb.buf), 0);
	strbuf_release(&sb);
	free(f);
	return 0;
}

static const struct sss_cache_entry *lookup(struct fixture *f,
					    struct sss_cache *c, int i)
{
	struct stat st;
	struct strbuf path = STRBUF_INIT;
	fs_path(f, i, &path);
	bool ok = lstat(path.buf, &st) == 0;
	strbuf_release(&path);
	return sss_cache_lookup(c, f->rel[i], ok ? &st : NULL);
}

static struct sss_ticket *load(struct fixture *f, int i)
{
	struct sss_ticket *t = NULL;
	struct strbuf path = STRBUF_INIT;
	fs_path(f, i, &path);
	assert_ok(sss_ticket_load(&t, path.buf, f->rel[i]));
	strbuf_release(&path);
	return t;
}

/* One scan over tickets [0, n): hit[i] says whether ticket i came from
 * the cache (a miss is loaded and put). complete as sss_cache_finish's. */
static void scan(struct fixture *f, int n, bool *hit, bool complete)
{
	struct sss_cache *c = sss_cache_open(f->gitdir);
	for (int i = 0; i < n; i++) {
		const struct sss_cache_entry *e = lookup(f, c, i);
		hit[i] = e != NULL;
		if (!e) {
			struct sss_ticket *t = load(f, i);
			sss_cache_put(c, t);
			sss_ticket_free(t);
		}
	}
	sss_cache_finish(c, complete);
}

static void expect_hits(struct fixture *f, const char *want)
{
	bool hit[NT];
	char got[NT + 1];
	scan(f, NT, hit, true);
	for (int i = 0; i < NT; i++)
		got[i] = hit[i] ? 'h' : '-';
	got[NT] = '\0';
	assert_string_equal(got, want);
}

static char *cache_bytes(struct fixture *f, size_t *len)
{
	struct strbuf path = STRBUF_INIT;
	char *buf = NULL;
	strbuf_addf(&path, "%ssss-cache", f->gitdir);
	assert_ok(sss_read_file(path.buf, 1u << 24, &buf, len));
	strbuf_release(&path);
	return buf;
}

static void cache_write(struct fixture *f, const char *data, size_t len)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%ssss-cache", f->gitdir);
	put_file(path.buf, data, len);
	strbuf_release(&path);
}

static uint32_t get32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Append a block of the raw records raw[0, len) (len 0: the end marker),
 * its checksum right. */
static void add_block(struct strbuf *out, const char *raw, size_t len)
{
	int bound = LZ4_compressBound((int)len);
	char *z = malloc(BLOCK_HEAD + (size_t)bound);
	int clen = len ? LZ4_compress_default(raw, z + BLOCK_HEAD, (int)len, bound) : 0;
	assert_true(clen >= 0);
	uint32_t l32[2] = {(uint32_t)clen, (uint32_t)len};
	memcpy(z + 8, l32, 8);
	uint64_t sum = sss_cache_checksum(z + 8, 8 + (size_t)clen);
	memcpy(z, &sum, 8);
	strbuf_add(out, z, BLOCK_HEAD + (size_t)clen);
	free(z);
}

/* The records of a cache file of one block (as three tickets give),
 * decompressed into raw; at[i] is where record i starts, at[NT] the end. */
static void cache_records(const char *file, size_t len, struct strbuf *raw,
			  size_t at[NT + 1])
{
	assert_true(len >= HEAD + 2 * BLOCK_HEAD);
	const char *b = file + HEAD;
	uint32_t clen = get32(b + 8), rlen = get32(b + 12);
	assert_int_equal(len, HEAD + 2 * BLOCK_HEAD + clen);
	strbuf_reset(raw);
	strbuf_grow(raw, rlen);
	assert_int_equal(LZ4_decompress_safe(b + BLOCK_HEAD, raw->buf, (int)clen,
					     (int)rlen),
			 (int)rlen);
	raw->len = rlen;
	const char *p = raw->buf, *end = raw->buf + rlen;
	for (int i = 0; i < NT; i++) {
		uint64_t n;
		at[i] = (size_t)(p - raw->buf);
		assert_true(sss_cache_get_varint(&p, end, &n));
		p += n;
	}
	at[NT] = (size_t)(p - raw->buf);
	assert_int_equal(at[NT], rlen);
}

/* A cache file: the header of file, then the records raw[at[0], at[NT])
 * in blocks that start before the records of split (e.g. {1, NT}: record
 * 0 alone, then 1 and 2), then the end marker. */
static void cache_build(struct strbuf *out, const char *file,
			const struct strbuf *raw, const size_t at[NT + 1],
			const int *split, int nsplit)
{
	int from = 0;
	strbuf_reset(out);
	strbuf_add(out, file, HEAD);
	for (int k = 0; k < nsplit; k++) {
		add_block(out, raw->buf + at[from], at[split[k]] - at[from]);
		from = split[k];
	}
	add_block(out, NULL, 0);
}

/* Scan, and check that the records before the damage came from the
 * cache: got is the 'h' / '-' of each ticket. */
static void scan_got(struct fixture *f, char got[NT + 1])
{
	bool hit[NT];
	scan(f, NT, hit, true);
	for (int i = 0; i < NT; i++)
		got[i] = hit[i] ? 'h' : '-';
	got[NT] = '\0';
}

static void test_lookup_put_finish(void **state)
{
	struct fixture *f = *state;
	struct strbuf want = STRBUF_INIT, sec = STRBUF_INIT;

	expect_hits(f, "---");
	struct sss_cache *c = sss_cache_open(f->gitdir);
	assert_true(sss_cache_warm(c));
	for (int i = 0; i < NT; i++) {
		const struct sss_cache_entry *e = lookup(f, c, i);
		struct sss_ticket *t = load(f, i);
		assert_non_null(e);
		static const char *const fields[] = {
			"id", "title", "sow", "kind", "status", "priority",
			"assignee", "due", "recurrence", "created", "updated", "closed",
		};
		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
			const char *a = sss_cache_entry_get(e, fields[k]);
			const char *b = sss_ticket_get(t, fields[k]);
			if (a || b) {
				assert_non_null(a);
				assert_non_null(b);
				assert_string_equal(a, b);
			}
		}
		strbuf_reset(&want);
		sss_ticket_links_format(t, &want);
		assert_string_equal(sss_cache_entry_get(e, "links"), want.buf);
		strbuf_reset(&sec);
		assert_true(sss_ticket_section(t, SSS_SEC_RESOLUTION, &sec));
		assert_string_equal(sss_cache_entry_get(e, "section:" SSS_SEC_RESOLUTION),
				    sec.buf);
		assert_null(sss_cache_entry_get(e, "section:" SSS_SEC_MINUTES));
		strbuf_reset(&want);
		sss_worklog_ticket_json(t, &want, false);
		strbuf_reset(&sec);
		sss_cache_entry_json(e, &sec);
		assert_string_equal(sec.buf, want.buf);
		const struct sss_ticket *proxy = sss_cache_entry_ticket(c, e);
		assert_non_null(proxy);
		assert_string_equal(sss_ticket_get(proxy, "status"), "open");
		assert_string_equal(sss_ticket_get(proxy, "due"),
				    sss_ticket_get(t, "due"));
		sss_ticket_free(t);
	}
	sss_cache_finish(c, true);
	strbuf_release(&want);
	strbuf_release(&sec);
}

static void test_new_identity_read_again(void **state)
{
	struct fixture *f = *state;
	struct strbuf path = STRBUF_INIT;

	expect_hits(f, "---");
	/* another body of the same size, an old mtime: only the identity
	 * tells (ctime, and mtime) */
	write_ticket(f, 1, 'b', 50);
	expect_hits(f, "h-h");
	expect_hits(f, "hhh");
	/* only the mtime changes */
	fs_path(f, 2, &path);
	age(path.buf, 70);
	expect_hits(f, "hh-");
	/* a file gone: its record is dropped, the others stay */
	unlink(path.buf);
	bool hit[NT];
	scan(f, 2, hit, true);
	assert_true(hit[0] && hit[1]);
	write_ticket(f, 2, 'a', 100);
	expect_hits(f, "hh-");
	strbuf_release(&path);
}

static void test_racy_clean(void **state)
{
	struct fixture *f = *state;
	struct strbuf path = STRBUF_INIT;

	/* written now: the scan that looked at it started in the same second */
	write_ticket(f, 0, 'a', 0);
	expect_hits(f, "---");
	expect_hits(f, "-hh");
	expect_hits(f, "-hh");
	fs_path(f, 0, &path);
	age(path.buf, 100);
	expect_hits(f, "-hh");
	expect_hits(f, "hhh");
	strbuf_release(&path);
}

static void test_damaged_cache_ignored(void **state)
{
	struct fixture *f = *state;
	size_t len;

	struct strbuf raw = STRBUF_INIT, damaged = STRBUF_INIT, file = STRBUF_INIT;
	size_t at[NT + 1];
	static const int one[] = {NT}, last_alone[] = {2, NT};

	expect_hits(f, "---");
	char *good = cache_bytes(f, &len);
	cache_records(good, len, &raw, at);

	/* truncated inside the last record (in a block of its own) */
	cache_build(&file, good, &raw, at, last_alone, 2);
	cache_write(f, file.buf, file.len - BLOCK_HEAD - 10);
	expect_hits(f, "hh-");
	expect_hits(f, "hhh");

	/* a byte of the second record's title flipped (the block itself
	 * sound): that record and the rest are not believed */
	strbuf_reset(&damaged);
	strbuf_addbuf(&damaged, &raw);
	char *title = memmem(damaged.buf, damaged.len, "チケット 1",
			     strlen("チケット 1"));
	assert_non_null(title);
	title[strlen("チケット ")] ^= 1;
	cache_build(&file, good, &damaged, at, one, 1);
	cache_write(f, file.buf, file.len);
	expect_hits(f, "h--");

	/* one checksum covers the whole record: a byte of the second
	 * record's 対応結果 flipped is caught as the title's is */
	strbuf_reset(&damaged);
	strbuf_addbuf(&damaged, &raw);
	char *res = memmem(damaged.buf, damaged.len, "結果 1", strlen("結果 1"));
	assert_non_null(res);
	res[strlen("結果 ")] ^= 1;
	cache_build(&file, good, &damaged, at, one, 1);
	cache_write(f, file.buf, file.len);
	expect_hits(f, "h--");
	expect_hits(f, "hhh");
	char *bad = malloc(len);

	/* garbage throughout: an empty cache, never an error */
	memset(bad, 'x', len);
	cache_write(f, bad, len);
	struct sss_cache *c = sss_cache_open(f->gitdir);
	assert_false(sss_cache_warm(c));
	sss_cache_finish(c, false);
	expect_hits(f, "---");
	expect_hits(f, "hhh");

	/* an empty file, and a header alone */
	cache_write(f, "", 0);
	expect_hits(f, "---");
	cache_write(f, good, 64);
	expect_hits(f, "---");
	expect_hits(f, "hhh");
	free(bad);
	free(good);
	strbuf_release(&raw);
	strbuf_release(&damaged);
	strbuf_release(&file);
}

/* A compressed block damaged (a byte flipped, its checksum right or not)
 * or cut: the blocks before are used, the records from there on are read
 * again; never a crash (the test runs under ASan too). */
static void test_damaged_block_ignored(void **state)
{
	struct fixture *f = *state;
	struct strbuf raw = STRBUF_INIT, file = STRBUF_INIT, bad = STRBUF_INIT;
	size_t len, at[NT + 1];
	static const int split[] = {1, NT};
	char got[NT + 1];

	expect_hits(f, "---");
	char *good = cache_bytes(f, &len);
	cache_records(good, len, &raw, at);
	/* record 0 alone, then a block of records 1 and 2 */
	cache_build(&file, good, &raw, at, split, 2);
	cache_write(f, file.buf, file.len);
	expect_hits(f, "hhh");
	size_t b = HEAD + BLOCK_HEAD + get32(file.buf + HEAD + 8);
	size_t clen = get32(file.buf + b + 8);
	assert_int_equal(file.len, b + 2 * BLOCK_HEAD + clen);

	/* every byte of the second block flipped, its checksum left */
	for (size_t k = b; k < b + BLOCK_HEAD + clen; k++) {
		strbuf_reset(&bad);
		strbuf_addbuf(&bad, &file);
		bad.buf[k] ^= 0x21;
		cache_write(f, bad.buf, bad.len);
		scan_got(f, got);
		assert_string_equal(got, "h--");
	}
	/* ... and with the checksum made right: what LZ4 then decodes (if it
	 * does) is refused by the records' checksums; what still matches
	 * them is the records as they were */
	for (size_t k = b + BLOCK_HEAD; k < b + BLOCK_HEAD + clen; k++) {
		strbuf_reset(&bad);
		strbuf_addbuf(&bad, &file);
		bad.buf[k] ^= 0x21;
		uint64_t sum = sss_cache_checksum(bad.buf + b + 8, 8 + clen);
		memcpy(bad.buf + b, &sum, 8);
		cache_write(f, bad.buf, bad.len);
		scan_got(f, got);
		assert_true(!strcmp(got, "h--") || !strcmp(got, "hh-") ||
			    !strcmp(got, "hhh"));
	}
	/* cut inside the second block's head, inside its data */
	static const size_t cuts[] = {1, BLOCK_HEAD - 1, BLOCK_HEAD, BLOCK_HEAD + 1};
	for (size_t k = 0; k < sizeof(cuts) / sizeof(cuts[0]); k++) {
		cache_write(f, file.buf, b + cuts[k]);
		scan_got(f, got);
		assert_string_equal(got, "h--");
	}
	cache_write(f, file.buf, b + BLOCK_HEAD + clen - 1);
	expect_hits(f, "h--");
	/* only the end marker missing: every record is sound */
	cache_write(f, file.buf, b + BLOCK_HEAD + clen);
	expect_hits(f, "hhh");
	expect_hits(f, "hhh");
	free(good);
	strbuf_release(&raw);
	strbuf_release(&file);
	strbuf_release(&bad);
}

/* A record larger than a block has a block of its own; the blocks kept
 * before a change are copied as they are. */
static void test_large_record(void **state)
{
	struct fixture *f = *state;
	struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
	size_t len;

	ticket_text(&text, 1, 'a');
	for (size_t n = 0; n < BLOCK_RAW + 1000; n += 32)
		strbuf_addstr(&text, "結果の続き、もう一行。\n");
	fs_path(f, 1, &path);
	put_file(path.buf, text.buf, text.len);
	age(path.buf, 100);
	expect_hits(f, "---");
	expect_hits(f, "hhh");
	char *file = cache_bytes(f, &len);
	/* blocks: record 0 (a block with the record 1 would outgrow it),
	 * record 1 alone, record 2, the end marker */
	size_t off = HEAD;
	int nblocks = 0;
	while (off + BLOCK_HEAD <= len && get32(file + off + 12)) {
		nblocks++;
		off += BLOCK_HEAD + get32(file + off + 8);
	}
	assert_int_equal(nblocks, 3);
	assert_int_equal(off + BLOCK_HEAD, len);
	/* a change to the last ticket keeps the first two blocks */
	write_ticket(f, 2, 'b', 50);
	expect_hits(f, "hh-");
	expect_hits(f, "hhh");
	size_t len2;
	char *file2 = cache_bytes(f, &len2);
	size_t kept = HEAD + BLOCK_HEAD + get32(file + HEAD + 8);
	kept += BLOCK_HEAD + get32(file + kept + 8);
	assert_memory_equal(file + HEAD, file2 + HEAD, kept - HEAD);
	free(file);
	free(file2);
	strbuf_release(&text);
	strbuf_release(&path);
}

static void test_unfinished_scan_keeps_cache(void **state)
{
	struct fixture *f = *state;
	size_t len0, len1;
	bool hit[NT];

	expect_hits(f, "---");
	char *before = cache_bytes(f, &len0);
	write_ticket(f, 0, 'b', 30);
	scan(f, 1, hit, false);
	assert_false(hit[0]);
	char *after = cache_bytes(f, &len1);
	assert_int_equal(len0, len1);
	assert_memory_equal(before, after, len0);
	expect_hits(f, "-hh");
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_put_finish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_identity_read_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_racy_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_cache_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_block_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unfinished_scan_keeps_cache, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
