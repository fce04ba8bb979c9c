/* id.c - minting ticket IDs and mapping them to paths (see id.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/id.h"
#include "sss/period.h"
#include "sss/strbuf.h"

/* Crockford's base32: no I, L, O or U, so IDs read well on the phone. */
static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* 20 bits of slots: a 31-day month (2,678,400 s) in 1,048,576 slots of
 * 2.56 s, so IDs sort by creation time to within a few seconds. */
#define MONTH_SECONDS 2678400u

void sss_id_mint(struct strbuf *out, time_t t, uint32_t rnd)
{
	struct tm tm;
	localtime_r(&t, &tm);
	unsigned secs = (unsigned)((tm.tm_mday - 1) * 86400 + tm.tm_hour * 3600 +
				   tm.tm_min * 60 + (tm.tm_sec > 59 ? 59 : tm.tm_sec));
	unsigned slot = (unsigned)((unsigned long long)secs * (1u << 20) / MONTH_SECONDS);
	rnd &= 0x3ff;
	strbuf_addf(out, "%02d%02d-%c%c%c%c%c%c", tm.tm_year % 100,
		    tm.tm_mon + 1, b32[(slot >> 15) & 31], b32[(slot >> 10) & 31],
		    b32[(slot >> 5) & 31], b32[slot & 31], b32[(rnd >> 5) & 31],
		    b32[rnd & 31]);
}

uint32_t sss_id_random(void)
{
	uint32_t v = 0;
	if (getrandom(&v, sizeof(v), 0) != sizeof(v)) {
		/* no entropy source: fall back on time and pid, still varied */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		v = (uint32_t)ts.tv_nsec ^ ((uint32_t)getpid() << 16);
	}
	return v & 0x3ff;
}

static void add_lower(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		strbuf_addch(out, tolower((unsigned char)*s));
}

void sss_id_recurring(struct strbuf *out, const char *key,
		      const char *instance, struct sss_period p)
{
	struct strbuf per = STRBUF_INIT;
	strbuf_addstr(out, "r-");
	add_lower(out, key);
	if (instance && *instance) {
		strbuf_addch(out, '-');
		add_lower(out, instance);
	}
	strbuf_addch(out, '-');
	sss_period_format(&per, p);
	add_lower(out, per.buf);
	strbuf_release(&per);
}

bool sss_id_is_prefix_syntax(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SSS_ID_MAX || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

char *sss_id_canonical(const char *s)
{
	char *c = xstrdup(s);
	bool recurring = (c[0] == 'r' || c[0] == 'R') && c[1] == '-';
	for (char *p = c; *p; p++)
		*p = (char)(recurring ? tolower((unsigned char)*p)
				      : toupper((unsigned char)*p));
	return c;
}

static bool is_b32(char c)
{
	return c && strchr(b32, c) != NULL;
}

/* Year and month in which the period named at the end of a recurring ID
 * starts; false when the ID does not end in a period. */
static bool recurring_place(const char *id, int fy_start, int *y, int *m)
{
	size_t n = strlen(id);
	int a, b;
	/* -YYYY-MM */
	if (n > 10 && id[n - 8] == '-' && id[n - 3] == '-' &&
	    sss_parse_digits(id + n - 7, 4, &a) && sss_parse_digits(id + n - 2, 2, &b) && b >= 1 && b <= 12) {
		*y = a, *m = b;
		return true;
	}
	/* -YYYY-wNN */
	if (n > 11 && id[n - 9] == '-' && id[n - 4] == '-' && id[n - 3] == 'w' &&
	    sss_parse_digits(id + n - 8, 4, &a) && sss_parse_digits(id + n - 2, 2, &b) && b >= 1 && b <= 53) {
		int d;
		sss_date_to_ymd(sss_iso_week_monday(a, b), y, m, &d);
		return true;
	}
	/* -fyYYYYhN */
	if (n > 11 && id[n - 9] == '-' && !strncmp(id + n - 8, "fy", 2) &&
	    id[n - 2] == 'h' && sss_parse_digits(id + n - 6, 4, &a) &&
	    (id[n - 1] == '1' || id[n - 1] == '2')) {
		int month = fy_start + (id[n - 1] == '2' ? 6 : 0);
		*y = a + (month > 12);
		*m = (month - 1) % 12 + 1;
		return true;
	}
	/* -fyYYYY */
	if (n > 9 && id[n - 7] == '-' && !strncmp(id + n - 6, "fy", 2) &&
	    sss_parse_digits(id + n - 4, 4, &a)) {
		*y = a, *m = fy_start;
		return true;
	}
	return false;
}

static bool is_hand_id(const char *id, int *y, int *m)
{
	if (strlen(id) != 11 || id[4] != '-' || !sss_parse_digits(id, 2, y) ||
	    !sss_parse_digits(id + 2, 2, m) || *m < 1 || *m > 12)
		return false;
	for (int i = 5; i < 11; i++)
		if (!is_b32(id[i]))
			return false;
	return true;
}

static bool is_recurring_id(const char *id, int fy_start, int *y, int *m)
{
	size_t n = strlen(id);
	if (n > SSS_ID_MAX || !sss_starts_with(id, "r-") || strstr(id, "--"))
		return false;
	for (const char *p = id; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
			return false;
	/* the period must leave a key between "r-" and itself */
	return recurring_place(id, fy_start, y, m) && isalnum((unsigned char)id[2]);
}

bool sss_id_valid(const char *id)
{
	int y, m;
	return id && (is_hand_id(id, &y, &m) || is_recurring_id(id, 4, &y, &m));
}

struct sss_error *sss_id_path(struct strbuf *out, const char *id, int fy_start)
{
	int y, m;
	if (is_hand_id(id, &y, &m)) {
		strbuf_addf(out, "tickets/20%02d/%02d/%s.md", y, m, id);
		return NULL;
	}
	if (is_recurring_id(id, fy_start, &y, &m)) {
		strbuf_addf(out, "tickets/%04d/%02d/%s.md", y, m, id);
		return NULL;
	}
	return sss_error_one_line(
	    sss_error(SSS_ERR_INVALID, "'%s' is not a ticket ID", id));
}
