/* worklog.c - the entries of ## 作業記録 (worklog.h): reading them back
 * with their time, author, spent time and status change, writing them,
 * and the durations of --spent and `estimate`. Pure: no files, no git. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/json.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"
#include "ticket_priv.h"

#define SPENT_OPEN "[作業時間 "
#define STATUS_WORD "状態 "
#define ARROW " → "
#define ESTIMATE_WORD "見積 "
#define NONE_WORD "なし"

struct sss_worklog_iter {
	const char *body;
	size_t pos, end; /* the section's rest: body[pos..end) */
	int tz_offset_min;
	/* a digest (sss_worklog_digest_open): body is its text */
	bool digest;
	size_t nread;       /* entries read so far */
	long long prev_min; /* the last entry's minute */
	struct sss_worklog_entry e;
	struct strbuf author, text;
};

/* ---- writing ------------------------------------------------------------ */

void sss_worklog_format(struct strbuf *out, time_t when, int tz_offset_min,
			const char *author, int spent_min, const char *text)
{
	time_t local = when + (time_t)tz_offset_min * 60;
	struct tm tm;
	gmtime_r(&local, &tm);
	/* a git identity "Name <mail>" shows as its name */
	size_t n = strcspn(author, "<");
	while (n && author[n - 1] == ' ')
		n--;
	strbuf_addf(out, "- %04d-%02d-%02d %02d:%02d %.*s", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, (int)n,
		    author);
	if (spent_min >= 0) {
		strbuf_addstr(out, " " SPENT_OPEN);
		sss_duration_format(out, spent_min);
		strbuf_addch(out, ']');
	}
	strbuf_addstr(out, ": ");
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	/* later lines of a multi-line entry stay inside the list item */
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r')
			continue;
		strbuf_addch(out, text[i]);
		if (text[i] == '\n')
			strbuf_addstr(out, "  ");
	}
}

void sss_worklog_status_text(struct strbuf *out, const char *from,
			     const char *to)
{
	const char *a = sss_status_label(from), *b = sss_status_label(to);
	strbuf_addf(out, STATUS_WORD "%s" ARROW "%s", a ? a : from, b ? b : to);
}

static void add_estimate(struct strbuf *out, int min)
{
	if (min > 0)
		sss_duration_format(out, min);
	else
		strbuf_addstr(out, NONE_WORD);
}

void sss_worklog_estimate_text(struct strbuf *out, int from_min, int to_min)
{
	strbuf_addstr(out, ESTIMATE_WORD);
	add_estimate(out, from_min);
	strbuf_addstr(out, ARROW);
	add_estimate(out, to_min);
}

int sss_worklog_estimate_min(const struct sss_ticket *t)
{
	const char *s = sss_ticket_get(t, "estimate");
	int min = 0;
	struct sss_error *err = s && *s ? sss_duration_parse(s, "estimate", &min) : NULL;
	if (err)
		min = 0;
	sss_error_free(err);
	return min;
}

/* ---- reading ------------------------------------------------------------ */

/* The offset of created's "+09:00" / "Z", else fallback. */
static int created_offset(const struct sss_ticket *t, int fallback)
{
	const char *c = sss_ticket_get(t, "created");
	size_t n = c ? strlen(c) : 0;
	if (n && c[n - 1] == 'Z')
		return 0;
	if (n < 6 || (c[n - 6] != '+' && c[n - 6] != '-') || c[n - 3] != ':')
		return fallback;
	int off = ((c[n - 5] - '0') * 10 + (c[n - 4] - '0')) * 60 +
		  (c[n - 2] - '0') * 10 + (c[n - 1] - '0');
	return c[n - 6] == '-' ? -off : off;
}

struct sss_worklog_iter *sss_worklog_open(const struct sss_ticket *t,
					  int tz_offset_min)
{
	struct sss_worklog_iter *it = xcalloc(1, sizeof(*it));
	it->body = sss_ticket_body(t);
	if (!sss_ticket_section_span(t, SSS_SEC_WORKLOG, &it->pos, &it->end))
		it->pos = it->end = 0;
	it->tz_offset_min = created_offset(t, tz_offset_min);
	strbuf_init(&it->author, 0);
	strbuf_init(&it->text, 0);
	return it;
}

/* n digits at s as a number, or -1. */
static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "- YYYY-MM-DD HH:MM " at line: its moment at offset off, or -1. */
static time_t entry_time(const char *line, size_t len, int off)
{
	if (len < 19 || strncmp(line, "- ", 2) || line[6] != '-' ||
	    line[9] != '-' || line[12] != ' ' || line[15] != ':' ||
	    line[18] != ' ')
		return -1;
	struct tm tm = {0};
	tm.tm_year = num(line + 2, 4) - 1900;
	tm.tm_mon = num(line + 7, 2) - 1;
	tm.tm_mday = num(line + 10, 2);
	tm.tm_hour = num(line + 13, 2);
	tm.tm_min = num(line + 16, 2);
	if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mon > 11 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour < 0 ||
	    tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59)
		return -1;
	return timegm(&tm) - (time_t)off * 60;
}

/* The status value whose label is s[0..n), or NULL. */
static const char *status_of(const char *s, size_t n)
{
	for (size_t i = 0; sss_statuses[i]; i++) {
		const char *l = sss_status_label(sss_statuses[i]);
		if (strlen(l) == n && !memcmp(l, s, n))
			return sss_statuses[i];
	}
	return NULL;
}

/* Fill e's status change from its text "状態 <label> → <label>". */
static void read_status(struct sss_worklog_entry *e)
{
	const char *s = e->text, *arrow;
	e->status_from = e->status_to = NULL;
	if (!sss_starts_with(s, STATUS_WORD) || !(arrow = strstr(s, ARROW)))
		return;
	s += strlen(STATUS_WORD);
	const char *from = status_of(s, (size_t)(arrow - s));
	const char *b = arrow + strlen(ARROW);
	const char *to = status_of(b, strlen(b));
	if (from && to) {
		e->status_from = from;
		e->status_to = to;
	}
}

/* s[0..n) as an estimate: "なし" is 0; false when neither. */
static bool estimate_of(const char *s, size_t n, int *min)
{
	char buf[32];
	struct sss_error *err;
	if (n == strlen(NONE_WORD) && !memcmp(s, NONE_WORD, n)) {
		*min = 0;
		return true;
	}
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if ((err = sss_duration_parse(buf, "estimate", min))) {
		sss_error_free(err);
		return false;
	}
	return true;
}

/* Fill e's estimate change from its text "見積 <d|なし> → <d|なし>". */
static void read_estimate(struct sss_worklog_entry *e)
{
	const char *s = e->text, *arrow;
	e->estimate_change = false;
	e->estimate_from = e->estimate_to = 0;
	/* set writes it without time spent: a comment with [作業時間] is work */
	if (e->spent_min >= 0 || !sss_starts_with(s, ESTIMATE_WORD) ||
	    !(arrow = strstr(s, ARROW)))
		return;
	s += strlen(ESTIMATE_WORD);
	const char *b = arrow + strlen(ARROW);
	if (estimate_of(s, (size_t)(arrow - s), &e->estimate_from) &&
	    estimate_of(b, strlen(b), &e->estimate_to))
		e->estimate_change = true;
}

/* Read the head "AUTHOR[ [作業時間 D]]: text" of an entry's first line
 * (after the time); false when it has no ": ". */
static bool read_head(struct sss_worklog_iter *it, const char *s, size_t n)
{
	struct sss_worklog_entry *e = &it->e;
	size_t colon = 0;
	while (colon < n && !(s[colon] == ':' && (colon + 1 == n || s[colon + 1] == ' ')))
		colon++;
	if (colon == n)
		return false;
	size_t head = colon;
	e->spent_min = -1;
	if (colon && s[colon - 1] == ']') {
		const char *open = NULL;
		for (const char *p = s; p + strlen(SPENT_OPEN) <= s + colon; p++)
			if (!strncmp(p, SPENT_OPEN, strlen(SPENT_OPEN)) &&
			    (p == s || p[-1] == ' '))
				open = p;
		if (open) {
			const char *d = open + strlen(SPENT_OPEN);
			char *dur = xstrndup(d, (size_t)(s + colon - 1 - d));
			struct sss_error *err = sss_duration_parse(dur, "spent", &e->spent_min);
			if (err)
				e->spent_min = -1;
			sss_error_free(err);
			free(dur);
			if (e->spent_min >= 0)
				head = (size_t)(open - s) - (open > s);
		}
	}
	strbuf_setlen(&it->author, 0);
	strbuf_add(&it->author, s, head);
	strbuf_setlen(&it->text, 0);
	if (colon + 2 <= n)
		strbuf_add(&it->text, s + colon + 2, n - colon - 2);
	e->author = it->author.buf;
	e->text = it->text.buf;
	return true;
}

static size_t line_len(const struct sss_worklog_iter *it, size_t at)
{
	const char *nl = memchr(it->body + at, '\n', it->end - at);
	return nl ? (size_t)(nl - (it->body + at)) : it->end - at;
}

static const struct sss_worklog_entry *digest_next(struct sss_worklog_iter *it);

const struct sss_worklog_entry *sss_worklog_next(struct sss_worklog_iter *it)
{
	if (it->digest)
		return digest_next(it);
	while (it->pos < it->end) {
		size_t at = it->pos, n = line_len(it, at);
		const char *line = it->body + at;
		it->pos = at + n + (at + n < it->end);
		time_t when = entry_time(line, n, it->tz_offset_min);
		if (when == (time_t)-1 || !read_head(it, line + 19, n - 19))
			continue;
		/* continuation lines: indented two spaces */
		size_t last = at + n;
		while (it->pos < it->end && it->end - it->pos >= 2 &&
		       !strncmp(it->body + it->pos, "  ", 2)) {
			last = it->pos + line_len(it, it->pos);
			it->pos = last + (last < it->end);
		}
		it->e.line = line;
		it->e.len = last - at;
		it->e.when = when;
		read_status(&it->e);
		read_estimate(&it->e);
		return &it->e;
	}
	return NULL;
}

/* ---- the digest ---------------------------------------------------------
 *
 * Version 2, one item a line, every line ending in "\n":
 *
 *     2                    the version
 *     z                    created gives no offset: the minutes below are
 *                          local, the reader's fallback offset applies
 *     <minute>[+<spent>][s<f><t>][e<from>,<to>][:<author>]
 *                          an entry, in file order: its minute (since the
 *                          epoch: the first entry's, then the difference
 *                          from the entry before), its [作業時間] minutes, a
 *                          status change (letters: the index in
 *                          sss_statuses, 'a' the first), an estimate
 *                          change (minutes), the author when it is not the
 *                          entry before's
 *
 * Strings have "\" and a line break written as "\\" and "\n". A ticket
 * with none of these has the empty digest. */

#define DIGEST_VERSION "2\n"

static void digest_escaped(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			strbuf_addstr(out, "\\\\");
		else if (*s == '\n')
			strbuf_addstr(out, "\\n");
		else
			strbuf_addch(out, *s);
	}
}

static int status_index(const char *s)
{
	for (int i = 0; sss_statuses[i]; i++)
		if (sss_statuses[i] == s || !strcmp(sss_statuses[i], s))
			return i;
	return 0;
}

void sss_worklog_digest(const struct sss_ticket *t, struct strbuf *out)
{
	size_t start = out->len;
	struct sss_worklog_iter *it = sss_worklog_open(t, 0);
	const struct sss_worklog_entry *e;
	struct strbuf author = STRBUF_INIT;
	long long prev = 0;
	bool any = false, first = true;

	strbuf_addstr(out, DIGEST_VERSION);
	/* opened at offset 0: without created's own offset the times read
	 * are the local minutes as written */
	if (created_offset(t, INT_MIN) == INT_MIN) {
		strbuf_addstr(out, "z\n");
		any = true;
	}
	while ((e = sss_worklog_next(it))) {
		/* a multiple of 60: timegm() less a whole minute offset */
		long long m = (long long)e->when / 60;
		strbuf_addf(out, "%lld", first ? m : m - prev);
		if (e->spent_min >= 0)
			strbuf_addf(out, "+%d", e->spent_min);
		if (e->status_to)
			strbuf_addf(out, "s%c%c", 'a' + status_index(e->status_from),
				    'a' + status_index(e->status_to));
		if (e->estimate_change)
			strbuf_addf(out, "e%d,%d", e->estimate_from, e->estimate_to);
		if (first || strcmp(author.buf, e->author)) {
			strbuf_addch(out, ':');
			digest_escaped(out, e->author);
			strbuf_reset(&author);
			strbuf_addstr(&author, e->author);
		}
		strbuf_addch(out, '\n');
		prev = m;
		first = false;
		any = true;
	}
	sss_worklog_close(it);
	strbuf_release(&author);
	if (!any)
		strbuf_setlen(out, start);
}

/* Unescape s[0..n) into out (reset first). */
static void digest_unescape(struct strbuf *out, const char *s, size_t n)
{
	strbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			strbuf_addch(out, s[i] == 'n' ? '\n' : s[i]);
		} else {
			strbuf_addch(out, s[i]);
		}
	}
}

/* The header line of a digest: the offset rule. */
static bool digest_header(char c)
{
	return c == 'z';
}

struct sss_worklog_iter *sss_worklog_digest_open(const char *digest,
						 int tz_offset_min)
{
	struct sss_worklog_iter *it = xcalloc(1, sizeof(*it));
	bool local = false;

	it->digest = true;
	it->body = digest ? digest : "";
	it->end = strlen(it->body);
	strbuf_init(&it->author, 0);
	strbuf_init(&it->text, 0);
	/* another version: no entries (a cache of another build is never
	 * read, so this is only a guard) */
	if (!sss_starts_with(it->body, DIGEST_VERSION)) {
		it->pos = it->end;
		return it;
	}
	it->pos = strlen(DIGEST_VERSION);
	while (it->pos < it->end && digest_header(it->body[it->pos])) {
		local |= it->body[it->pos] == 'z';
		it->pos += line_len(it, it->pos);
		it->pos += it->pos < it->end;
	}
	it->tz_offset_min = local ? tz_offset_min : 0;
	return it;
}

/* The change codes of an entry line p[0..end) after its minute; false
 * when one does not read. The author (after ':') is left at *p. */
static bool digest_codes(struct sss_worklog_entry *e, const char **pp,
			 const char *end)
{
	const char *p = *pp;
	char *q;
	while (p < end && *p != ':') {
		if (*p == '+') {
			e->spent_min = (int)strtol(p + 1, &q, 10);
		} else if (*p == 's' && end - p >= 3 && p[1] >= 'a' && p[1] < 'a' + 6 &&
			   p[2] >= 'a' && p[2] < 'a' + 6) {
			e->status_from = sss_statuses[p[1] - 'a'];
			e->status_to = sss_statuses[p[2] - 'a'];
			q = (char *)p + 3;
		} else if (*p == 'e') {
			e->estimate_from = (int)strtol(p + 1, &q, 10);
			if (*q != ',')
				return false;
			e->estimate_to = (int)strtol(q + 1, &q, 10);
			e->estimate_change = true;
		} else {
			return false;
		}
		if (q == p + 1)
			return false;
		p = q;
	}
	*pp = p;
	return true;
}

static const struct sss_worklog_entry *digest_next(struct sss_worklog_iter *it)
{
	struct sss_worklog_entry *e = &it->e;

	while (it->pos < it->end) {
		size_t at = it->pos, n = line_len(it, at);
		const char *p = it->body + at, *end = p + n;
		char *q;
		it->pos = at + n + (at + n < it->end);
		long long m = strtoll(p, &q, 10);
		if (q == p)
			continue;
		p = q;
		memset(e, 0, sizeof(*e));
		e->spent_min = -1;
		if (!digest_codes(e, &p, end))
			continue;
		if (p < end && *p == ':')
			digest_unescape(&it->author, p + 1, (size_t)(end - p - 1));
		m = it->nread++ ? it->prev_min + m : m;
		it->prev_min = m;
		e->when = (time_t)(m * 60 - (long long)it->tz_offset_min * 60);
		e->author = it->author.buf;
		e->text = "";
		return e;
	}
	return NULL;
}

/* ---- the ticket's JSON -------------------------------------------------- */

/* "spent_min": the work log's [作業時間] summed (0 when none);
 * "estimate_min": the estimate's minutes, or null. */
static void json_effort(struct sss_json *j, const struct sss_ticket *t)
{
	long long spent = 0;
	int est;
	struct sss_worklog_iter *it = sss_worklog_open(t, 0);
	const struct sss_worklog_entry *e;
	while ((e = sss_worklog_next(it)))
		if (e->spent_min > 0)
			spent += e->spent_min;
	sss_worklog_close(it);
	sss_json_key(j, "spent_min");
	sss_json_int(j, spent);
	sss_json_key(j, "estimate_min");
	struct sss_error *err = NULL;
	if (!sss_ticket_get(t, "estimate") ||
	    (err = sss_duration_parse(sss_ticket_get(t, "estimate"), "estimate", &est)))
		sss_json_null(j);
	else
		sss_json_int(j, est);
	sss_error_free(err);
}

void sss_worklog_ticket_json(const struct sss_ticket *t, struct strbuf *out,
			     bool with_body)
{
	struct sss_json j;
	sss_json_init(&j, out, 0);
	sss_json_object(&j, SSS_JSON_COMPACT);
	sss_ticket_write_json_members(&j, t, with_body);
	json_effort(&j, t);
	sss_json_end(&j);
}

void sss_worklog_close(struct sss_worklog_iter *it)
{
	if (!it)
		return;
	strbuf_release(&it->author);
	strbuf_release(&it->text);
	free(it);
}
