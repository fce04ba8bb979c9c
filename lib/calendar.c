/* calendar.c - civil dates, Japanese national holidays, the business
 * calendar, fiscal years, 和暦, ISO weeks and recurrence periods.
 *
 * Dates are plain day numbers so that date arithmetic is integer
 * arithmetic; nothing here reads the clock or the time zone. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/calendar.h"
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

/* ---- national holidays ---------------------------------------------- */

enum holiday {
	HOL_NONE,
	HOL_GANJITSU,
	HOL_SEIJIN,
	HOL_KENKOKU,
	HOL_TENNO,
	HOL_SHUNBUN,
	HOL_SHOWA,
	HOL_KENPO,
	HOL_MIDORI,
	HOL_KODOMO,
	HOL_UMI,
	HOL_YAMA,
	HOL_KEIRO,
	HOL_SHUBUN,
	HOL_TAIIKU,
	HOL_SPORTS,
	HOL_BUNKA,
	HOL_KINRO,
	HOL_TAISO_1989,
	HOL_SOKUIREI_1990,
	HOL_KEKKON_1993,
	HOL_SOKUI_2019,
	HOL_SOKUIREI_2019,
	HOL_KYUJITSU, /* 振替休日 and 国民の休日: days off, not 祝日 */
	HOL_COUNT
};

static const char *const holiday_names[HOL_COUNT] = {
    [HOL_NONE] = NULL,
    [HOL_GANJITSU] = "元日",
    [HOL_SEIJIN] = "成人の日",
    [HOL_KENKOKU] = "建国記念の日",
    [HOL_TENNO] = "天皇誕生日",
    [HOL_SHUNBUN] = "春分の日",
    [HOL_SHOWA] = "昭和の日",
    [HOL_KENPO] = "憲法記念日",
    [HOL_MIDORI] = "みどりの日",
    [HOL_KODOMO] = "こどもの日",
    [HOL_UMI] = "海の日",
    [HOL_YAMA] = "山の日",
    [HOL_KEIRO] = "敬老の日",
    [HOL_SHUBUN] = "秋分の日",
    [HOL_TAIIKU] = "体育の日",
    [HOL_SPORTS] = "スポーツの日",
    [HOL_BUNKA] = "文化の日",
    [HOL_KINRO] = "勤労感謝の日",
    [HOL_TAISO_1989] = "昭和天皇の大喪の礼",
    [HOL_SOKUIREI_1990] = "即位礼正殿の儀",
    [HOL_KEKKON_1993] = "皇太子徳仁親王の結婚の儀",
    [HOL_SOKUI_2019] = "天皇の即位の日",
    [HOL_SOKUIREI_2019] = "即位礼正殿の儀の行われる日",
    [HOL_KYUJITSU] = "休日",
};

#define HOL_FIRST_YEAR 1980
#define HOL_LAST_YEAR 2099

/* One year's holidays, indexed by day of the year. Tables are built on
 * first use and kept: sss_holiday_name() and the business-day functions
 * run in loops over decades, and a lookup is then two divisions and an
 * index. The cache is a plain static (45 KB of BSS), so it is fine for
 * this single-threaded program but not for concurrent callers. */
struct holiday_year {
	bool ready;
	sss_date jan1;
	uint8_t day[366];
};

static struct holiday_year holiday_cache[HOL_LAST_YEAR - HOL_FIRST_YEAR + 1];

/* The n-th Monday of month m (Happy Monday holidays). */
static int nth_monday(int y, int m, int n)
{
	int wd = sss_date_weekday(days_from_civil(y, m, 1));
	return 1 + (8 - wd) % 7 + 7 * (n - 1);
}

/* 春分日 and 秋分日 by the usual approximations (valid 1980-2099), in
 * millionths so that no floating-point rounding can move a day. */
static int equinox_day(int y, int32_t base_millionths)
{
	int32_t k = y - 1980;
	return (int)((base_millionths + 242194 * k) / 1000000 - k / 4);
}

static void set_holiday(struct holiday_year *t, int y, int m, int d,
			enum holiday h)
{
	t->day[days_from_civil(y, m, d) - t->jan1] = (uint8_t)h;
}

/* A 国民の祝日 proper (including the one-off days that the special laws
 * declared holidays); 振替休日 and 国民の休日 are not, and do not trigger
 * further substitute or sandwiched days. */
static bool is_shukujitsu(uint8_t h)
{
	return h != HOL_NONE && h != HOL_KYUJITSU;
}

static void build_year(struct holiday_year *t, int y)
{
	memset(t->day, 0, sizeof(t->day));
	t->jan1 = days_from_civil(y, 1, 1);
	int ndays = is_leap(y) ? 366 : 365;

	set_holiday(t, y, 1, 1, HOL_GANJITSU);
	set_holiday(t, y, 1, y < 2000 ? 15 : nth_monday(y, 1, 2), HOL_SEIJIN);
	set_holiday(t, y, 2, 11, HOL_KENKOKU);
	if (y <= 1988)
		set_holiday(t, y, 4, 29, HOL_TENNO);
	else if (y <= 2018)
		set_holiday(t, y, 12, 23, HOL_TENNO);
	else if (y >= 2020) /* 2019 had none: the abdication was 4/30 */
		set_holiday(t, y, 2, 23, HOL_TENNO);
	set_holiday(t, y, 3, equinox_day(y, 20843100), HOL_SHUNBUN);
	if (y >= 2007)
		set_holiday(t, y, 4, 29, HOL_SHOWA);
	else if (y >= 1989)
		set_holiday(t, y, 4, 29, HOL_MIDORI);
	set_holiday(t, y, 5, 3, HOL_KENPO);
	if (y >= 2007)
		set_holiday(t, y, 5, 4, HOL_MIDORI);
	set_holiday(t, y, 5, 5, HOL_KODOMO);

	/* The Olympic special measures law moved three holidays in 2020
	 * and, after the postponement, again in 2021. */
	if (y == 2020)
		set_holiday(t, y, 7, 23, HOL_UMI);
	else if (y == 2021)
		set_holiday(t, y, 7, 22, HOL_UMI);
	else if (y >= 2003)
		set_holiday(t, y, 7, nth_monday(y, 7, 3), HOL_UMI);
	else if (y >= 1996)
		set_holiday(t, y, 7, 20, HOL_UMI);
	if (y == 2020)
		set_holiday(t, y, 8, 10, HOL_YAMA);
	else if (y == 2021)
		set_holiday(t, y, 8, 8, HOL_YAMA);
	else if (y >= 2016)
		set_holiday(t, y, 8, 11, HOL_YAMA);
	set_holiday(t, y, 9, y < 2003 ? 15 : nth_monday(y, 9, 3), HOL_KEIRO);
	set_holiday(t, y, 9, equinox_day(y, 23248800), HOL_SHUBUN);
	if (y == 2020)
		set_holiday(t, y, 7, 24, HOL_SPORTS);
	else if (y == 2021)
		set_holiday(t, y, 7, 23, HOL_SPORTS);
	else if (y >= 2020)
		set_holiday(t, y, 10, nth_monday(y, 10, 2), HOL_SPORTS);
	else if (y >= 2000)
		set_holiday(t, y, 10, nth_monday(y, 10, 2), HOL_TAIIKU);
	else
		set_holiday(t, y, 10, 10, HOL_TAIIKU);
	set_holiday(t, y, 11, 3, HOL_BUNKA);
	set_holiday(t, y, 11, 23, HOL_KINRO);

	/* Days made holidays by their own laws. */
	if (y == 1989)
		set_holiday(t, y, 2, 24, HOL_TAISO_1989);
	if (y == 1990)
		set_holiday(t, y, 11, 12, HOL_SOKUIREI_1990);
	if (y == 1993)
		set_holiday(t, y, 6, 9, HOL_KEKKON_1993);
	if (y == 2019) {
		set_holiday(t, y, 5, 1, HOL_SOKUI_2019);
		set_holiday(t, y, 10, 22, HOL_SOKUIREI_2019);
	}

	/* 振替休日 (law art. 3-2). Until 2006: the day after a 祝日 on a
	 * Sunday, unless that day is a 祝日 itself. From 2007: the first day
	 * after it that is not a 祝日 (so 5/3 on a Sunday gives 5/6). No
	 * holiday falls on 12/31, so a substitute never crosses a year. */
	int wd_jan1 = sss_date_weekday(t->jan1);
	for (int i = 0; i < ndays; i++) {
		if (!is_shukujitsu(t->day[i]) || (wd_jan1 + i) % 7 != 0)
			continue;
		int j = i + 1;
		if (y >= 2007)
			while (j < ndays && is_shukujitsu(t->day[j]))
				j++;
		if (j < ndays && t->day[j] == HOL_NONE)
			t->day[j] = HOL_KYUJITSU;
	}

	/* 国民の休日 (art. 3-3, in force from 1985-12-27; it first gave a
	 * day off on 1988-05-04): a day between two 祝日. The law excluded
	 * Sundays until 2006; since then a Sunday can no longer be
	 * sandwiched in 1980-2099 (5/4 became a 祝日), so excluding them
	 * throughout changes nothing and keeps plain Sundays unnamed. */
	if (y >= 1986) {
		for (int i = 1; i + 1 < ndays; i++) {
			if (t->day[i] == HOL_NONE && (wd_jan1 + i) % 7 != 0 &&
			    is_shukujitsu(t->day[i - 1]) &&
			    is_shukujitsu(t->day[i + 1]))
				t->day[i] = HOL_KYUJITSU;
		}
	}
	t->ready = true;
}

/* The holiday code of d, HOL_NONE outside 1980-2099. */
static enum holiday holiday_of(sss_date d)
{
	int y;
	sss_date_to_ymd(d, &y, NULL, NULL);
	if (y < HOL_FIRST_YEAR || y > HOL_LAST_YEAR)
		return HOL_NONE;
	struct holiday_year *t = &holiday_cache[y - HOL_FIRST_YEAR];
	if (!t->ready)
		build_year(t, y);
	return (enum holiday)t->day[d - t->jan1];
}

const char *sss_holiday_name(sss_date d)
{
	return holiday_names[holiday_of(d)];
}

/* ---- the business calendar ------------------------------------------ */

struct closure {
	sss_date d;
	char *name;
};

struct sss_calendar {
	bool year_end;
	struct closure *closures; /* sorted by date, no duplicates */
	size_t n, alloc;
	/* counts[i]: business days in [COUNT_BASE, COUNT_BASE + i), made on
	 * the first count and dropped when the calendar changes: reports
	 * count business days for every ticket */
	int32_t *counts;
};

#define COUNT_BASE 3652  /* 1980-01-01 */
#define COUNT_DAYS 43830 /* to 2099-12-31 */

struct sss_calendar *sss_calendar_new(void)
{
	return xcalloc(1, sizeof(struct sss_calendar));
}

void sss_calendar_free(struct sss_calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->n; i++)
		free(cal->closures[i].name);
	free(cal->closures);
	free(cal->counts);
	free(cal);
}

void sss_calendar_set_year_end_closure(struct sss_calendar *cal, bool on)
{
	cal->year_end = on;
	free(cal->counts);
	cal->counts = NULL;
}

/* Index of the first closure on or after d. */
static size_t closure_lower_bound(const struct sss_calendar *cal, sss_date d)
{
	size_t lo = 0, hi = cal->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->closures[mid].d < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void sss_calendar_add_closure(struct sss_calendar *cal, sss_date d,
			      const char *name)
{
	char *copy = xstrdup(name ? name : "休業日");
	size_t i = closure_lower_bound(cal, d);
	free(cal->counts);
	cal->counts = NULL;
	if (i < cal->n && cal->closures[i].d == d) {
		free(cal->closures[i].name);
		cal->closures[i].name = copy;
		return;
	}
	SSS_GROW(cal->closures, cal->alloc, cal->n + 1);
	memmove(cal->closures + i + 1, cal->closures + i,
		(cal->n - i) * sizeof(*cal->closures));
	cal->closures[i].d = d;
	cal->closures[i].name = copy;
	cal->n++;
}

static const char *closure_name(const struct sss_calendar *cal, sss_date d)
{
	size_t i = closure_lower_bound(cal, d);
	if (i < cal->n && cal->closures[i].d == d)
		return cal->closures[i].name;
	return NULL;
}

static bool in_year_end(sss_date d)
{
	int m, day;
	sss_date_to_ymd(d, NULL, &m, &day);
	return (m == 12 && day >= 29) || (m == 1 && day <= 3);
}

const char *sss_calendar_day_off_name(const struct sss_calendar *cal,
				      sss_date d)
{
	const char *name = sss_holiday_name(d);
	if (name)
		return name;
	/* A configured closure names its day even inside the year-end
	 * closure: it is the more specific statement. */
	name = closure_name(cal, d);
	if (name)
		return name;
	if (cal->year_end && in_year_end(d))
		return "年末年始休業";
	return NULL;
}

bool sss_calendar_is_business_day(const struct sss_calendar *cal, sss_date d)
{
	int wd = sss_date_weekday(d);
	if (wd == 0 || wd == 6)
		return false;
	if (holiday_of(d) != HOL_NONE)
		return false;
	if (cal->year_end && in_year_end(d))
		return false;
	return closure_name(cal, d) == NULL;
}

/* These loops end: at most the weekends, holidays, six year-end days and
 * the finitely many closures lie between two business days. */
sss_date sss_calendar_prev_business_day(const struct sss_calendar *cal,
					sss_date d)
{
	while (!sss_calendar_is_business_day(cal, d))
		d--;
	return d;
}

sss_date sss_calendar_next_business_day(const struct sss_calendar *cal,
					sss_date d)
{
	while (!sss_calendar_is_business_day(cal, d))
		d++;
	return d;
}

sss_date sss_calendar_add_business_days(const struct sss_calendar *cal,
					sss_date d, int n)
{
	int step = n > 0 ? 1 : -1;
	while (n != 0) {
		d += step;
		if (sss_calendar_is_business_day(cal, d))
			n -= step;
	}
	return d;
}

int sss_calendar_count_business_days(const struct sss_calendar *cal,
				     sss_date from, sss_date to)
{
	int n = 0;
	if (from >= COUNT_BASE && to < COUNT_BASE + COUNT_DAYS && from <= to) {
		if (!cal->counts) {
			/* a cache, not a change of the calendar's meaning */
			struct sss_calendar *c = (struct sss_calendar *)cal;
			c->counts = xmalloc((COUNT_DAYS + 1) * sizeof(*c->counts));
			c->counts[0] = 0;
			for (int i = 0; i < COUNT_DAYS; i++)
				c->counts[i + 1] = c->counts[i] +
					sss_calendar_is_business_day(cal, COUNT_BASE + i);
		}
		return cal->counts[to - COUNT_BASE + 1] - cal->counts[from - COUNT_BASE];
	}
	for (sss_date d = from; d <= to; d++) {
		if (sss_calendar_is_business_day(cal, d))
			n++;
		if (d == INT32_MAX)
			break;
	}
	return n;
}

/* ---- fiscal years ---------------------------------------------------- */

/* Out-of-range start months fall back to April, the Japanese 年度. */
static int fy_start_norm(int start_month)
{
	return start_month >= 1 && start_month <= 12 ? start_month : 4;
}

int sss_fiscal_year(sss_date d, int start_month)
{
	int y, m;
	sss_date_to_ymd(d, &y, &m, NULL);
	return m >= fy_start_norm(start_month) ? y : y - 1;
}

int sss_fiscal_half(sss_date d, int start_month)
{
	int m;
	sss_date_to_ymd(d, NULL, &m, NULL);
	int months_in = (m - fy_start_norm(start_month) + 12) % 12;
	return months_in < 6 ? 1 : 2;
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

/* ---- recurrence periods --------------------------------------------- */

static const struct {
	const char *label, *english;
} freq_names[] = {
    [SSS_FREQ_ADHOC] = {"随時", "adhoc"},
    [SSS_FREQ_WEEKLY] = {"週次", "weekly"},
    [SSS_FREQ_MONTHLY] = {"月次", "monthly"},
    [SSS_FREQ_HALF] = {"半期", "half-yearly"},
    [SSS_FREQ_YEARLY] = {"年次", "yearly"},
};

#define NFREQ (sizeof(freq_names) / sizeof(freq_names[0]))

const char *sss_freq_label(enum sss_freq f)
{
	if ((unsigned)f >= NFREQ)
		return NULL;
	return freq_names[f].label;
}

int sss_freq_from_label(const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < NFREQ; i++)
		if (!strcmp(s, freq_names[i].label) ||
		    !strcmp(s, freq_names[i].english))
			return (int)i;
	return -1;
}

struct sss_period sss_period_of(enum sss_freq freq, sss_date d,
				int fy_start_month)
{
	struct sss_period p = {freq, 0, 0};
	switch (freq) {
	case SSS_FREQ_WEEKLY:
		sss_iso_week(d, &p.year, &p.n);
		break;
	case SSS_FREQ_MONTHLY:
		sss_date_to_ymd(d, &p.year, &p.n, NULL);
		break;
	case SSS_FREQ_HALF:
		p.year = sss_fiscal_year(d, fy_start_month);
		p.n = sss_fiscal_half(d, fy_start_month);
		break;
	case SSS_FREQ_YEARLY:
		p.year = sss_fiscal_year(d, fy_start_month);
		break;
	case SSS_FREQ_ADHOC:
	default:
		p.freq = SSS_FREQ_ADHOC;
		break;
	}
	return p;
}

/* The first day of the period after p's first day; with sss_period_start
 * it spans p. */
static sss_date period_after(struct sss_period p, int fy_start_month)
{
	int s = fy_start_norm(fy_start_month);
	switch (p.freq) {
	case SSS_FREQ_WEEKLY:
		return sss_iso_week_monday(p.year, p.n) + 7;
	case SSS_FREQ_MONTHLY:
		return sss_date_from_ymd(p.year, p.n + 1, 1);
	case SSS_FREQ_HALF:
		return sss_date_from_ymd(p.year, s + 6 * p.n, 1);
	case SSS_FREQ_YEARLY:
		return sss_date_from_ymd(p.year + 1, s, 1);
	case SSS_FREQ_ADHOC:
	default:
		return 0;
	}
}

sss_date sss_period_start(struct sss_period p, int fy_start_month)
{
	int s = fy_start_norm(fy_start_month);
	switch (p.freq) {
	case SSS_FREQ_WEEKLY:
		return sss_iso_week_monday(p.year, p.n);
	case SSS_FREQ_MONTHLY:
		return sss_date_from_ymd(p.year, p.n, 1);
	case SSS_FREQ_HALF:
		return sss_date_from_ymd(p.year, s + 6 * (p.n - 1), 1);
	case SSS_FREQ_YEARLY:
		return sss_date_from_ymd(p.year, s, 1);
	case SSS_FREQ_ADHOC:
	default:
		return 0;
	}
}

sss_date sss_period_end(struct sss_period p, int fy_start_month)
{
	if (p.freq == SSS_FREQ_ADHOC)
		return 0;
	return period_after(p, fy_start_month) - 1;
}

struct sss_period sss_period_next(struct sss_period p)
{
	switch (p.freq) {
	case SSS_FREQ_WEEKLY:
		if (++p.n > sss_iso_weeks_in_year(p.year)) {
			p.year++;
			p.n = 1;
		}
		break;
	case SSS_FREQ_MONTHLY:
		if (++p.n > 12) {
			p.year++;
			p.n = 1;
		}
		break;
	case SSS_FREQ_HALF:
		if (++p.n > 2) {
			p.year++;
			p.n = 1;
		}
		break;
	case SSS_FREQ_YEARLY:
		p.year++;
		break;
	case SSS_FREQ_ADHOC:
	default:
		break;
	}
	return p;
}

void sss_period_format(struct strbuf *out, struct sss_period p)
{
	switch (p.freq) {
	case SSS_FREQ_WEEKLY:
		strbuf_addf(out, "%04d-W%02d", p.year, p.n);
		break;
	case SSS_FREQ_MONTHLY:
		strbuf_addf(out, "%04d-%02d", p.year, p.n);
		break;
	case SSS_FREQ_HALF:
		strbuf_addf(out, "FY%04dH%d", p.year, p.n);
		break;
	case SSS_FREQ_YEARLY:
		strbuf_addf(out, "FY%04d", p.year);
		break;
	case SSS_FREQ_ADHOC:
	default:
		break;
	}
}

int sss_period_parse(const char *s, struct sss_period *out)
{
	struct sss_period p = {SSS_FREQ_ADHOC, 0, 0};
	if (!s)
		return -1;
	size_t len = strlen(s);
	if (len >= 6 && s[0] == 'F' && s[1] == 'Y') {
		if (!sss_parse_digits(s + 2, 4, &p.year))
			return -1;
		if (len == 6) {
			p.freq = SSS_FREQ_YEARLY;
		} else if (len == 8 && s[6] == 'H' &&
			   (s[7] == '1' || s[7] == '2')) {
			p.freq = SSS_FREQ_HALF;
			p.n = s[7] - '0';
		} else {
			return -1;
		}
	} else if (len >= 7 && sss_parse_digits(s, 4, &p.year) && s[4] == '-') {
		if (len == 8 && s[5] == 'W' && sss_parse_digits(s + 6, 2, &p.n)) {
			p.freq = SSS_FREQ_WEEKLY;
			if (p.year < 1900 || p.year > 2999 || p.n < 1 ||
			    p.n > sss_iso_weeks_in_year(p.year))
				return -1;
		} else if (len == 7 && sss_parse_digits(s + 5, 2, &p.n)) {
			p.freq = SSS_FREQ_MONTHLY;
			if (p.n < 1 || p.n > 12)
				return -1;
		} else {
			return -1;
		}
	} else {
		return -1;
	}
	if (p.year < 1900 || p.year > 2999)
		return -1;
	*out = p;
	return 0;
}
