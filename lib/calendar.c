/* calendar.c - Japanese national holidays and the business calendar
 * (weekends, holidays, the year-end closure, closure days).
 *
 * Pure computation: nothing here reads the clock or the time zone. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/date.h"

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

/* One year's holidays, indexed by day of the year. sss_holiday_name()
 * and the business-day functions run in loops over decades, so the
 * table of every year 1980-2099 (45 KB) is computed once, on the first
 * lookup, and a lookup is then two divisions and an index. pthread_once
 * makes that first lookup safe from any thread (the scans run two); the
 * table is only read afterwards. */
struct holiday_year {
	sss_date jan1;
	uint8_t day[366];
};

static struct holiday_year holiday_table[HOL_LAST_YEAR - HOL_FIRST_YEAR + 1];
static pthread_once_t holiday_once = PTHREAD_ONCE_INIT;

/* The n-th Monday of month m (Happy Monday holidays). */
static int nth_monday(int y, int m, int n)
{
	int wd = sss_date_weekday(sss_date_from_ymd(y, m, 1));
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
	t->day[sss_date_from_ymd(y, m, d) - t->jan1] = (uint8_t)h;
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
	t->jan1 = sss_date_from_ymd(y, 1, 1);
	int ndays = sss_date_from_ymd(y + 1, 1, 1) - t->jan1;

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
}

static void build_table(void)
{
	for (int y = HOL_FIRST_YEAR; y <= HOL_LAST_YEAR; y++)
		build_year(&holiday_table[y - HOL_FIRST_YEAR], y);
}

/* The holiday code of d, HOL_NONE outside 1980-2099. */
static enum holiday holiday_of(sss_date d)
{
	int y;
	sss_date_to_ymd(d, &y, NULL, NULL);
	if (y < HOL_FIRST_YEAR || y > HOL_LAST_YEAR)
		return HOL_NONE;
	pthread_once(&holiday_once, build_table);
	const struct holiday_year *t = &holiday_table[y - HOL_FIRST_YEAR];
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
