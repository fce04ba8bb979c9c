/* clock.c - the one ISO 8601 date-time parser (--now and the ticket
 * fields), and writing date-times. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sss/clock.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/strbuf.h"

/* The parts of "YYYY-MM-DD[(T| )HH:MM[:SS][Z|(+|-)HH:MM]]". */
struct iso_time {
	sss_date date;
	int y, mo, d, h, mi, sec;
	char sep; /* 'T' or ' ' before the time; 0 for a date alone */
	bool has_sec;
	bool has_off; /* Z or an offset was given */
	int off;      /* minutes east of UTC */
};

/* Read exactly n digits at *p and move past them. */
static bool digits(const char **p, int n, int *out)
{
	if (!sss_parse_digits(*p, n, out))
		return false;
	*p += n;
	return true;
}

/* "Z" or "+HH:MM" / "-HH:MM" at p, up to the end of the string. */
static bool parse_offset(const char *p, struct iso_time *t)
{
	int oh, om, sign;

	if (*p == 'Z') {
		t->has_off = true;
		return p[1] == '\0';
	}
	if (*p != '+' && *p != '-')
		return *p == '\0';
	sign = *p++ == '-' ? -1 : 1;
	if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) ||
	    oh > 23 || om > 59 || *p)
		return false;
	t->has_off = true;
	t->off = sign * (oh * 60 + om);
	return true;
}

/* Parse the whole of s into t (seconds up to 60, a leap second, are
 * accepted here; the strict form refuses them). False when s is not
 * such a date-time. */
static bool parse_iso(const char *s, struct iso_time *t)
{
	const char *p = s;
	char ymd[11];

	memset(t, 0, sizeof(*t));
	if (!s || !digits(&p, 4, &t->y) || *p++ != '-' ||
	    !digits(&p, 2, &t->mo) || *p++ != '-' || !digits(&p, 2, &t->d))
		return false;
	memcpy(ymd, s, 10);
	ymd[10] = '\0';
	if (sss_date_parse(ymd, &t->date) < 0)
		return false;
	if (*p != 'T' && *p != ' ')
		return *p == '\0';
	t->sep = *p++;
	if (!digits(&p, 2, &t->h) || *p++ != ':' || !digits(&p, 2, &t->mi))
		return false;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, &t->sec))
			return false;
		t->has_sec = true;
	}
	if (t->h > 23 || t->mi > 59 || t->sec > 60)
		return false;
	return parse_offset(p, t);
}

/* Seconds since the epoch of t, which has an offset. */
static long long epoch_of(const struct iso_time *t)
{
	return (long long)t->date * 86400 + t->h * 3600 + t->mi * 60 + t->sec -
	       (long long)t->off * 60;
}

int sss_datetime_parse(const char *s, long long *epoch)
{
	struct iso_time t;

	if (!parse_iso(s, &t) || t.sep != 'T' || !t.has_sec || !t.has_off ||
	    t.sec > 59)
		return -1;
	if (epoch)
		*epoch = epoch_of(&t);
	return 0;
}

struct sss_error *sss_time_parse(const char *s, time_t *out)
{
	struct iso_time t;

	if (!parse_iso(s, &t))
		return sss_error(SSS_ERR_USAGE,
				 "bad time '%s' (use YYYY-MM-DD or "
				 "2026-11-26T09:30:00+09:00)",
				 s);
	if (t.has_off) {
		*out = (time_t)epoch_of(&t);
	} else {
		struct tm tm;
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = t.y - 1900;
		tm.tm_mon = t.mo - 1;
		tm.tm_mday = t.d;
		tm.tm_hour = t.h;
		tm.tm_min = t.mi;
		tm.tm_sec = t.sec;
		tm.tm_isdst = -1;
		*out = mktime(&tm);
	}
	return NULL;
}

struct sss_error *sss_now_parse(const char *s, time_t *out)
{
	struct sss_error *err = sss_time_parse(s, out);
	if (!err && !sss_date_in_range(sss_time_date(*out)))
		err = sss_error(SSS_ERR_USAGE,
				"--now '%s' is outside the calendar's range (%s)",
				s, SSS_DATE_RANGE);
	return err;
}

/* ---- local time offsets ---------------------------------------------------
 *
 * A report at 100,000 tickets asks for the local date of a time a few
 * hundred thousand times, and localtime_r() reads the zone's rules each
 * time. The offset is kept per day of UTC instead (4096 days, a ticket
 * history of eleven years, in 64 KiB): a day is cached only when its
 * first and last second have the same offset, so a day with a change of
 * offset is always asked of localtime_r (no zone changes its offset and
 * back within a day). The cache is per thread and dropped when TZ
 * changes. */

#define SLOT_SECONDS 86400
#define SLOTS 4096
#define TZ_CAP 256

struct offset_slot {
	int64_t slot; /* t / SLOT_SECONDS, or INT64_MIN when empty */
	int32_t off;  /* seconds east of UTC */
};

static _Thread_local struct offset_slot slots[SLOTS];
static _Thread_local char cached_tz[TZ_CAP];
static _Thread_local bool cache_ready; /* the slots may be used */
static _Thread_local bool zone_seen;   /* cached_tz holds the zone */

static long localtime_offset(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

/* The cache is for the TZ it was filled under (unset and set differ). */
static void check_zone(void)
{
	const char *tz = getenv("TZ");
	char now[TZ_CAP];
	if (!tz)
		strcpy(now, "\x01unset");
	else if (strlen(tz) >= TZ_CAP)
		strcpy(now, "\x01long"); /* never cached: see below */
	else
		strcpy(now, tz);
	if (zone_seen && !strcmp(now, cached_tz))
		return;
	zone_seen = true;
	for (size_t i = 0; i < SLOTS; i++)
		slots[i].slot = INT64_MIN;
	strcpy(cached_tz, now);
	/* a zone with leap seconds ("right/...") has local time that is not
	 * t + offset: never cached */
	cache_ready = strcmp(now, "\x01long") != 0 && !strstr(now, "right/");
}

/* Seconds east of UTC of local time at t. */
static long offset_at(time_t t)
{
	check_zone();
	if (!cache_ready)
		return localtime_offset(t);
	int64_t slot = (int64_t)t / SLOT_SECONDS - ((int64_t)t % SLOT_SECONDS < 0);
	struct offset_slot *e = &slots[(uint64_t)slot % SLOTS];
	if (e->slot == slot)
		return e->off;
	time_t first = (time_t)(slot * SLOT_SECONDS);
	long a = localtime_offset(first);
	long b = localtime_offset(first + SLOT_SECONDS - 1);
	if (a != b)
		return localtime_offset(t);
	e->slot = slot;
	e->off = (int32_t)a;
	return a;
}

/* floor(a / b) for b > 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

int sss_time_offset(time_t t)
{
	return (int)(offset_at(t) / 60);
}

void sss_time_format(struct strbuf *out, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	int off = (int)(tm.tm_gmtoff / 60);
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	strbuf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
}

sss_date sss_time_date(time_t t)
{
	check_zone();
	if (!cache_ready) {
		/* leap seconds: local time is not t + offset */
		struct tm tm;
		localtime_r(&t, &tm);
		return sss_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	/* sss_date counts days from 1970-01-01, as the epoch does */
	return (sss_date)floor_div((int64_t)t + offset_at(t), 86400);
}

time_t sss_date_time(sss_date d)
{
	int y, m, day;
	struct tm tm;

	/* local midnight at the offset it has, when that is one answer;
	 * else (a zone whose clocks change at midnight) mktime's */
	int64_t utc_midnight = (int64_t)d * 86400;
	long off = offset_at((time_t)utc_midnight);
	time_t guess = (time_t)(utc_midnight - off);
	check_zone();
	/* and no change of offset in the day before it: clocks put back
	 * across midnight make it twice, and mktime gives the first */
	if (cache_ready && offset_at(guess) == off && offset_at(guess - 86400) == off)
		return guess;
	sss_date_to_ymd(d, &y, &m, &day);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = day;
	tm.tm_isdst = -1;
	return mktime(&tm);
}
