/* clock.c - parsing --now and writing ISO 8601 date-times. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sss/clock.h"
#include "sss/error.h"
#include "sss/strbuf.h"

/* Read exactly n digits. */
static bool digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

struct sss_error *sss_time_parse(const char *s, time_t *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
	bool has_off = false;
	int off = 0;
	sss_date date;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d))
		goto bad;
	char ymd[32];
	snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", y, mo, d);
	if (sss_date_parse(ymd, &date) < 0)
		goto bad;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
			goto bad;
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &sec))
				goto bad;
		}
		if (h > 23 || mi > 59 || sec > 60)
			goto bad;
		if (*p == 'Z') {
			p++;
			has_off = true;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1;
			if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) ||
			    oh > 23 || om > 59)
				goto bad;
			has_off = true;
			off = sign * (oh * 60 + om);
		}
	}
	if (*p)
		goto bad;
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (has_off) {
		*out = timegm(&tm) - (time_t)off * 60;
	} else {
		tm.tm_isdst = -1;
		*out = mktime(&tm);
	}
	return NULL;
bad:
	return sss_error(SSS_ERR_USAGE,
			 "bad time '%s' (use YYYY-MM-DD or 2026-11-26T09:30:00+09:00)",
			 s);
}

int sss_time_offset(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return (int)(tm.tm_gmtoff / 60);
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
	struct tm tm;
	localtime_r(&t, &tm);
	return sss_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

time_t sss_date_time(sss_date d)
{
	int y, m, day;
	struct tm tm;
	sss_date_to_ymd(d, &y, &m, &day);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = day;
	tm.tm_isdst = -1;
	return mktime(&tm);
}
