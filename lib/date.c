/* date.c - civil dates as day numbers, their text forms (ISO 8601 and
 * 和暦) and ISO weeks.
 *
 * Dates are plain day numbers so that date arithmetic is integer
 * arithmetic; nothing here reads the clock or the time zone. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sss/date.h"
#include "sss/strbuf.h"

/* ---- civil dates ---------------------------------------------------- */

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar with no tables and no floating point. m must be 1..12. */
static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

sss_date sss_date_from_ymd(int y, int m, int d)
{
	/* Carry months outside 1..12 into the year (and days outside the
	 * month into its neighbours) like mktime(3): period ends are then
	 * simply "day 0 of the month after". */
	int q = (m - 1) / 12, r = (m - 1) % 12;
	if (r < 0) {
		r += 12;
		q--;
	}
	return days_from_civil(y + q, r + 1, 1) + d - 1;
}

void sss_date_to_ymd(sss_date d, int *y, int *m, int *day)
{
	int32_t z = d + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	int yy = (int)(yoe + era * 400) + (mm <= 2);
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (day)
		*day = dd;
}

int sss_date_weekday(sss_date d)
{
	/* 1970-01-01 was a Thursday; widen so that d + 4 cannot overflow. */
	int r = (int)(((int64_t)d + 4) % 7);
	return r < 0 ? r + 7 : r;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int sss_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool sss_parse_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int sss_date_parse(const char *s, sss_date *out)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !sss_parse_digits(s, 4, &y) || !sss_parse_digits(s + 5, 2, &m) ||
	    !sss_parse_digits(s + 8, 2, &d))
		return -1;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > sss_days_in_month(y, m))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

bool sss_date_in_range(sss_date d)
{
	int y;
	sss_date_to_ymd(d, &y, NULL, NULL);
	return y >= SSS_DATE_FIRST_YEAR && y <= SSS_DATE_LAST_YEAR;
}

static void put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void sss_date_format(sss_date d, char out[11])
{
	int y, m, day;
	sss_date_to_ymd(d, &y, &m, &day);
	/* Digits by hand: the width is fixed whatever the year, so out can
	 * never overflow (years outside 0-9999 are not meaningful here). */
	if (y < 0)
		y = 0;
	put_digits(out, y % 10000, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, day, 2);
	out[10] = '\0';
}

/* ---- ISO weeks ------------------------------------------------------- */

void sss_iso_week(sss_date d, int *iso_year, int *week)
{
	int wd = sss_date_weekday(d);
	/* The ISO year of a week is the year of its Thursday. */
	sss_date thursday = d - (wd == 0 ? 7 : wd) + 4;
	int y;
	sss_date_to_ymd(thursday, &y, NULL, NULL);
	if (iso_year)
		*iso_year = y;
	if (week)
		*week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
}

sss_date sss_iso_week_monday(int iso_year, int week)
{
	/* Week 1 is the week that holds January 4th. */
	sss_date jan4 = days_from_civil(iso_year, 1, 4);
	int wd = sss_date_weekday(jan4);
	return jan4 - (wd == 0 ? 6 : wd - 1) + (week - 1) * 7;
}

int sss_iso_weeks_in_year(int iso_year)
{
	int w;
	/* December 28th always lies in the last week of its ISO year. */
	sss_iso_week(days_from_civil(iso_year, 12, 28), NULL, &w);
	return w;
}

/* ---- 和暦 ------------------------------------------------------------ */

/* First days of the eras, newest first. 明治 officially began on
 * 1868-10-23 (慶応4年9月8日) but was made to apply from the start of that
 * lunar year, 慶応4年1月1日 = 1868-01-25, which is how 明治元年 is
 * usually counted; we follow that. */
static const struct era {
	const char *name;
	int y, m, d;
} eras[] = {
    {"令和", 2019, 5, 1},  {"平成", 1989, 1, 8},  {"昭和", 1926, 12, 25},
    {"大正", 1912, 7, 30}, {"明治", 1868, 1, 25},
};

void sss_wareki_year(struct strbuf *out, int year, int month, int day)
{
	sss_date d = sss_date_from_ymd(year, month, day);
	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		const struct era *e = &eras[i];
		if (d < days_from_civil(e->y, e->m, e->d))
			continue;
		int n = year - e->y + 1;
		if (n == 1)
			strbuf_addf(out, "%s元年", e->name);
		else
			strbuf_addf(out, "%s%d年", e->name, n);
		return;
	}
	strbuf_addf(out, "%d年", year);
}

void sss_wareki_format(struct strbuf *out, sss_date d)
{
	int y, m, day;
	sss_date_to_ymd(d, &y, &m, &day);
	sss_wareki_year(out, y, m, day);
	strbuf_addf(out, "%d月%d日", m, day);
}
