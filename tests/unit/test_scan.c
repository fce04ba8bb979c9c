/* test_scan.c - the scan API (scan.h): the same tickets in the same order,
 * with the same fields, JSON and query answers, whether they come from a
 * fresh parse or the cache, with read-ahead or on one thread
 * (SSS_THREADS=1); a broken ticket comes with its error, in its place, and
 * is skipped by nothing else; the walk skips what is not a ticket file. */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sss/scan.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

#define PER_MONTH 200 /* 600 tickets: more than the read-ahead window */
#define BROKEN "tickets/2026/05/2605-00BAD0.md"

struct fixture {
	char dir[64]; /* with a trailing slash */
	struct sss_repo *r;
};

static void put_file(struct fixture *f, const char *rel, const char *data)
{
	struct strbuf path = STRBUF_INIT;
	struct timespec ts[2];
	strbuf_addf(&path, "%s%s", f->dir, rel);
	int fd = open(path.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
	close(fd);
	/* old enough for the cache (its racy-clean rule) */
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= 100;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, path.buf, ts, AT_SYMLINK_NOFOLLOW), 0);
	strbuf_release(&path);
}

static void run(struct fixture *f, const char *cmd)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "cd '%s' && %s", f->dir, cmd);
	assert_int_equal(system(sb.buf), 0);
	strbuf_release(&sb);
}

static int setup(void **state)
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	static const char *const statuses[] = { "open", "in-progress", "closed" };
	struct fixture *f = calloc(1, sizeof(*f));
	char tmpl[] = "/tmp/sss-scan-XXXXXX";
	struct strbuf rel = STRBUF_INIT, text = STRBUF_INIT;

	assert_non_null(mkdtemp(tmpl));
	snprintf(f->dir, sizeof(f->dir), "%s/", tmpl);
	run(f, "mkdir -p .git .sss tickets/2026/04 tickets/2026/05 tickets/2026/06 "
	       "tickets/abcd/01 tickets/2026/5");
	put_file(f, ".sss/config.yml", "fy_start: 4\n");
	for (int m = 4; m <= 6; m++) {
		for (int i = 0; i < PER_MONTH; i++) {
			char id[32];
			snprintf(id, sizeof(id), "26%02d-00%c%c%c%c", m, b32[(i >> 15) & 31],
				 b32[(i >> 10) & 31], b32[(i >> 5) & 31], b32[i & 31]);
			strbuf_reset(&rel);
			strbuf_reset(&text);
			strbuf_addf(&rel, "tickets/2026/%02d/%s.md", m, id);
			strbuf_addf(&text,
				    "---\nid: %s\ntitle: チケット %d\nkind: %s\nstatus: %s\n"
				    "priority: normal\ncreated: 2026-%02d-01T09:00:00+09:00\n"
				    "due: 2026-%02d-%02d\n",
				    id, i, i % 2 ? "incident" : "request", statuses[i % 3],
				    m, m, 1 + i % 28);
			if (i % 5 == 0)
				strbuf_addstr(&text, "links:\n  - rel: problem\n    id: 2604-P3XW9B\n");
			strbuf_addf(&text, "---\n\n## 内容\n本文 %d\n", i);
			if (i % 4 == 0)
				strbuf_addf(&text, "\n## 対応結果\n結果 %d\n", i);
			put_file(f, rel.buf, text.buf);
		}
	}
	put_file(f, BROKEN, "no front matter here\n");
	/* not ticket files: skipped */
	put_file(f, "tickets/2026/05/notes.txt", "x\n");
	put_file(f, "tickets/2026/05/.hidden.md", "x\n");
	put_file(f, "tickets/abcd/01/2601-000000.md", "x\n");
	put_file(f, "tickets/2026/5/2605-000000.md", "x\n");
	run(f, "ln -s 2604-000000.md tickets/2026/04/2604-0LINK0.md");
	assert_ok(sss_repo_open(&f->r, f->dir));
	strbuf_release(&rel);
	strbuf_release(&text);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	sss_repo_free(f->r);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "rm -rf '%s'", f->dir);
	assert_int_equal(system(sb.buf), 0);
	strbuf_release(&sb);
	free(f);
	unsetenv("SSS_NO_CACHE");
	unsetenv("SSS_THREADS");
	return 0;
}

static void add_field(struct strbuf *out, const char *v)
{
	strbuf_addf(out, "\t%s", v ? v : "(null)");
}

struct result {
	struct strbuf text; /* one line per view */
	size_t tickets, broken, proxies;
};

/* One whole scan with these options, written down. */
static void scan(struct fixture *f, unsigned flags, struct result *res)
{
	struct sss_scan *s = sss_scan_open(f->r, flags);
	struct sss_scan_item *it;
	struct sss_error *err;
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&res->text, 0);
	res->tickets = res->broken = res->proxies = 0;
	while (!(err = sss_scan_next(s, &it)) && it) {
		strbuf_addstr(&res->text, sss_scan_rel(it));
		if ((err = sss_scan_broken(it))) {
			strbuf_addf(&res->text, "\tbroken: %s\n", err->msg);
			sss_error_free(err);
			res->broken++;
			continue;
		}
		res->tickets++;
		static const char *const fields[] = { "id", "title", "kind", "status",
						      "priority", "due", "created",
						      "assignee" };
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			add_field(&res->text, sss_scan_get(it, fields[i]));
		strbuf_reset(&sb);
		sss_scan_links(it, &sb);
		add_field(&res->text, sb.buf);
		bool has = sss_scan_section(it, SSS_SEC_RESOLUTION, &sb);
		add_field(&res->text, has ? sb.buf : NULL);
		{ /* the JSON too: rebuilt from a record, written from a parse */
			strbuf_reset(&sb);
			sss_scan_json(it, &sb);
			add_field(&res->text, sb.buf);
		}
		const struct sss_ticket *q = sss_scan_query_ticket(it, &err);
		assert_non_null(q);
		add_field(&res->text, sss_ticket_get(q, "status"));
		add_field(&res->text, sss_ticket_get(q, "kind"));
		add_field(&res->text, sss_ticket_get(q, "due"));
		/* a proxy of a cache record carries no body */
		if (!sss_ticket_body(q) || !*sss_ticket_body(q))
			res->proxies++;
		strbuf_addch(&res->text, '\n');
	}
	assert_ok(err);
	sss_scan_close(s);
	strbuf_release(&sb);
}

static void expect_same(const struct result *want, const struct result *got)
{
	if (strcmp(want->text.buf, got->text.buf)) {
		/* the first line that differs */
		const char *a = want->text.buf, *b = got->text.buf;
		while (*a && *a == *b)
			a++, b++;
		fail_msg("scans differ at '%.80s' / '%.80s'", a, b);
	}
	assert_int_equal(want->tickets, got->tickets);
	assert_int_equal(want->broken, got->broken);
}

static bool cache_exists(struct fixture *f)
{
	struct strbuf path = STRBUF_INIT;
	struct stat st;
	strbuf_addf(&path, "%s.git/sss-cache", f->dir);
	bool ok = lstat(path.buf, &st) == 0;
	strbuf_release(&path);
	return ok;
}

static void test_same_with_and_without_cache(void **state)
{
	struct fixture *f = *state;
	struct result ref, r;

	/* the plain way: one thread, every file parsed */
	setenv("SSS_NO_CACHE", "1", 1);
	setenv("SSS_THREADS", "1", 1);
	scan(f, 0, &ref);
	assert_int_equal(ref.tickets, 3 * PER_MONTH);
	assert_int_equal(ref.broken, 1);
	assert_int_equal(ref.proxies, 0);
	assert_false(cache_exists(f));
	/* the broken ticket in its place: the last of May, before June */
	const char *at = strstr(ref.text.buf, BROKEN "\tbroken: ");
	assert_non_null(at);
	assert_non_null(strstr(at, "\n" "tickets/2026/06/2606-000000.md\t"));
	assert_true(strstr(ref.text.buf, "tickets/2026/05/2605-000067.md\t") < at);
	assert_null(strstr(ref.text.buf, "LINK"));
	assert_null(strstr(ref.text.buf, "notes"));
	assert_null(strstr(ref.text.buf, "hidden"));
	assert_null(strstr(ref.text.buf, "abcd"));
	assert_null(strstr(ref.text.buf, "2026/5/"));

	/* read-ahead parsing on the second thread */
	unsetenv("SSS_THREADS");
	scan(f, 0, &r);
	expect_same(&ref, &r);
	strbuf_release(&r.text);

	/* the cache: written by a cold scan, then answering */
	unsetenv("SSS_NO_CACHE");
	scan(f, 0, &r);
	expect_same(&ref, &r);
	assert_int_equal(r.proxies, 0);
	assert_true(cache_exists(f));
	strbuf_release(&r.text);
	scan(f, 0, &r);
	expect_same(&ref, &r);
	assert_int_equal(r.proxies, 3 * PER_MONTH);
	strbuf_release(&r.text);

	/* the cache on one thread */
	setenv("SSS_THREADS", "1", 1);
	scan(f, 0, &r);
	expect_same(&ref, &r);
	assert_int_equal(r.proxies, 3 * PER_MONTH);
	strbuf_release(&r.text);
	strbuf_release(&ref.text);

	/* without JSON the same again, each way */
	setenv("SSS_NO_CACHE", "1", 1);
	scan(f, 0, &ref);
	unsetenv("SSS_NO_CACHE");
	unsetenv("SSS_THREADS");
	scan(f, 0, &r);
	expect_same(&ref, &r);
	assert_int_equal(r.proxies, 3 * PER_MONTH);
	strbuf_release(&r.text);
	strbuf_release(&ref.text);
}

static void test_changed_ticket_read_again(void **state)
{
	struct fixture *f = *state;
	struct result r;
	const struct sss_ticket *t;

	scan(f, 0, &r);
	strbuf_release(&r.text);
	put_file(f, "tickets/2026/04/2604-000001.md",
		 "---\nid: 2604-000001\ntitle: 書き換え\nstatus: waiting\n"
		 "created: 2026-04-02T09:00:00+09:00\n---\n\n本文\n");
	scan(f, 0, &r);
	assert_int_equal(r.proxies, 3 * PER_MONTH - 1);
	assert_non_null(strstr(r.text.buf, "2604-000001.md\t2604-000001\t書き換え\t"
					   "(null)\twaiting\t"));
	strbuf_release(&r.text);

	/* the whole ticket of a cache record, on demand */
	struct sss_scan *s = sss_scan_open(f->r, 0);
	struct sss_scan_item *it;
	assert_ok(sss_scan_next(s, &it));
	assert_non_null(it);
	assert_string_equal(sss_scan_rel(it), "tickets/2026/04/2604-000000.md");
	assert_ok(sss_scan_ticket(it, &t));
	assert_string_equal(sss_ticket_get(t, "id"), "2604-000000");
	assert_non_null(strstr(sss_ticket_body(t), "本文 0"));
	/* closed after one ticket: no cache written, nothing leaked */
	sss_scan_close(s);
}

static void test_raw_and_stop_early(void **state)
{
	struct fixture *f = *state;
	struct sss_scan *s = sss_scan_open(f->r, SSS_SCAN_RAW);
	struct sss_scan_item *it;
	struct sss_error *err;
	size_t n = 0;
	char *raw = NULL;
	size_t len;

	while (!(err = sss_scan_next(s, &it)) && it) {
		assert_null(sss_scan_broken(it));
		if (!strcmp(sss_scan_rel(it), BROKEN)) {
			assert_ok(sss_scan_read(it, &raw, &len));
			assert_string_equal(raw, "no front matter here\n");
			assert_int_equal(len, strlen(raw));
			free(raw);
		}
		n++;
	}
	assert_ok(err);
	assert_int_equal(n, 3 * PER_MONTH + 1);
	/* a further next after the end: still the end */
	assert_ok(sss_scan_next(s, &it));
	assert_null(it);
	sss_scan_close(s);

	/* stopped while the read-ahead thread is busy */
	for (int k = 0; k < 2; k++) {
		if (k)
			run(f, "rm .git/sss-cache"); /* cold: the thread parses */
		s = sss_scan_open(f->r, 0);
		for (int i = 0; i < 10; i++) {
			assert_ok(sss_scan_next(s, &it));
			assert_non_null(it);
		}
		sss_scan_close(s);
		struct result r;
		scan(f, 0, &r);
		assert_int_equal(r.tickets, 3 * PER_MONTH);
		strbuf_release(&r.text);
	}
}

static void test_tickets_not_a_directory(void **state)
{
	struct fixture *f = *state;
	struct sss_scan_item *it;

	run(f, "mv tickets real && ln -s real tickets");
	for (int k = 0; k < 2; k++) {
		if (k)
			setenv("SSS_THREADS", "1", 1);
		struct sss_scan *s = sss_scan_open(f->r, 0);
		assert_fails(sss_scan_next(s, &it), SSS_ERR_INVALID,
			     "'tickets' is not a directory");
		assert_null(it);
		sss_scan_close(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_with_and_without_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_ticket_read_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_and_stop_early, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tickets_not_a_directory, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
