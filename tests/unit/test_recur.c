/* test_recur.c - the schedule of recurring tickets (recur.h): periods,
 * recurrence keys and IDs, work ranges, due and open dates moved off days
 * off, the config's schedule overrides, the walk's filters and which
 * checklist steps belong in an occurrence. */
#include "unit.h"

#include <stdio.h>

#include "sss/calendar.h"
#include "sss/catalog.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/period.h"
#include "sss/recur.h"
#include "sss/strbuf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* One entry of each frequency; the monthly one has steps of every coarser
 * frequency, the yearly one two instances. */
/* one line of YAML a line */
/* clang-format off */
static const char catalog_text[] =
    "entries:\n"
    "  - key: ask\n"
    "    kind: request\n"
    "    title: \"問合せ ({事象})\"\n"
    "    frequency: 随時\n"
    "    steps: []\n"
    "  - key: meet\n"
    "    kind: meeting\n"
    "    title: \"定例会 ({年月日})\"\n"
    "    frequency: 週次\n"
    "    steps: [議事録]\n"
    "  - key: check\n"
    "    kind: routine\n"
    "    title: \"点検 ({年月})\"\n"
    "    frequency: 月次\n"
    "    steps:\n"
    "      - 毎月\n"
    "      - {text: 半期だけ, frequency: 半期}\n"
    "      - {text: 年に一度, frequency: 年次}\n"
    "      - {text: 必要時, frequency: 随時}\n"
    "  - key: wsus\n"
    "    kind: operations\n"
    "    title: \"更新 ({年月})\"\n"
    "    frequency: 半期\n"
    "    steps: [適用]\n"
    "  - key: vup\n"
    "    kind: operations\n"
    "    title: \"版上げ ({ソフト名})\"\n"
    "    frequency: 年次\n"
    "    steps: []\n"
    "    instances:\n"
    "      - key: ApexOne\n"
    "        params: {ソフト名: ApexOne}\n"
    "      - key: SKYSEA\n"
    "        params: {ソフト名: SKYSEA}\n";
/* clang-format on */

struct fixture {
	struct sss_catalog *cat;
	struct sss_config cfg;
	struct sss_calendar *cal;
};

static sss_date D(const char *s)
{
	sss_date d = 0;
	if (s && sss_date_parse(s, &d) != 0) {
		print_error("bad test date '%s'\n", s);
		fail();
	}
	return d;
}

static void setup(struct fixture *f, const char *config)
{
	assert_ok(sss_catalog_load_buf(&f->cat, catalog_text,
				       strlen(catalog_text), "sow/test.yml"));
	sss_config_init(&f->cfg, D("2026-11-26"));
	assert_ok(sss_config_parse(&f->cfg, config, strlen(config),
				   ".sss/config.yml"));
	f->cal = sss_config_calendar(&f->cfg);
}

static void teardown(struct fixture *f)
{
	sss_calendar_free(f->cal);
	sss_config_release(&f->cfg);
	sss_catalog_free(f->cat);
}

struct collect {
	const char *key; /* only occurrences of this entry */
	struct strbuf out;
	int calls, stop_after;
};

/* One line an occurrence: key id title work-range due open. */
static int collect(const struct sss_occurrence *o, void *data)
{
	struct collect *c = data;
	char a[11], b[11], due[11], open[11];
	c->calls++;
	if (c->key && strcmp(sss_sow_key(o->entry), c->key))
		return 0;
	sss_date_format(o->work_start, a);
	sss_date_format(o->work_end, b);
	sss_date_format(o->due, due);
	sss_date_format(o->open, open);
	strbuf_addf(&c->out, "%s %s %s %s..%s due %s open %s\n", o->key, o->id,
		    o->title, a, b, due, open);
	return c->stop_after && c->calls >= c->stop_after;
}

/* one occurrence a line */
/* clang-format off */
static const struct {
	const char *what, *config, *key, *from, *until, *want;
} walk_cases[] = {
    /* ---- weekly: the meeting day of the ISO week ---- */
    {"weekly: Thursday by default; open on the Monday; W14 starts before "
     "the contract but its meeting is in it",
     "contract_start: 2026-04-01\n", "meet", NULL, "2026-05-10",
     "meet@2026-W14 r-meet-2026-w14 定例会 (2026年4月2日) 2026-04-02..2026-04-02 due 2026-04-02 open 2026-03-30\n"
     "meet@2026-W15 r-meet-2026-w15 定例会 (2026年4月9日) 2026-04-09..2026-04-09 due 2026-04-09 open 2026-04-06\n"
     "meet@2026-W16 r-meet-2026-w16 定例会 (2026年4月16日) 2026-04-16..2026-04-16 due 2026-04-16 open 2026-04-13\n"
     "meet@2026-W17 r-meet-2026-w17 定例会 (2026年4月23日) 2026-04-23..2026-04-23 due 2026-04-23 open 2026-04-20\n"
     "meet@2026-W18 r-meet-2026-w18 定例会 (2026年4月30日) 2026-04-30..2026-04-30 due 2026-04-30 open 2026-04-27\n"
     "meet@2026-W19 r-meet-2026-w19 定例会 (2026年5月7日) 2026-05-07..2026-05-07 due 2026-05-07 open 2026-05-04\n"},
    {"weekly on Wednesday: 昭和の日 moves it to Tuesday; Golden Week to "
     "the Friday before the week, which is then its open date too",
     "contract_start: 2026-04-01\ndue: {weekday: 水}\n", "meet",
     "2026-04-27", "2026-05-10",
     "meet@2026-W18 r-meet-2026-w18 定例会 (2026年4月28日) 2026-04-28..2026-04-28 due 2026-04-28 open 2026-04-27\n"
     "meet@2026-W19 r-meet-2026-w19 定例会 (2026年5月1日) 2026-05-01..2026-05-01 due 2026-05-01 open 2026-05-01\n"},
    {"weekly, the entry's own weekday (Monday) over the default; 勤労感謝の日",
     "contract_start: 2026-04-01\nschedule: {meet: {weekday: mon}}\n",
     "meet", "2026-11-16", "2026-11-27",
     "meet@2026-W47 r-meet-2026-w47 定例会 (2026年11月16日) 2026-11-16..2026-11-16 due 2026-11-16 open 2026-11-16\n"
     "meet@2026-W48 r-meet-2026-w48 定例会 (2026年11月20日) 2026-11-20..2026-11-20 due 2026-11-20 open 2026-11-20\n"},
    {"weekly in ISO week 53: the year-end closure moves 12/31 to 12/28",
     "contract_start: 2026-04-01\n", "meet", "2026-12-28", "2027-01-03",
     "meet@2026-W53 r-meet-2026-w53 定例会 (2026年12月28日) 2026-12-28..2026-12-28 due 2026-12-28 open 2026-12-28\n"},
    {"weekly in ISO week 53 without the year-end closure",
     "contract_start: 2026-04-01\ncalendar: {year_end_closure: false}\n",
     "meet", "2026-12-28", "2027-01-03",
     "meet@2026-W53 r-meet-2026-w53 定例会 (2026年12月31日) 2026-12-31..2026-12-31 due 2026-12-31 open 2026-12-28\n"},

    /* ---- monthly: the month, due on its last business day ---- */
    {"monthly: due on the last business day (closure, weekends)",
     "contract_start: 2026-04-01\n", "check", "2026-11-01", "2027-02-01",
     "check@2026-11 r-check-2026-11 点検 (2026年11月) 2026-11-01..2026-11-30 due 2026-11-30 open 2026-11-01\n"
     "check@2026-12 r-check-2026-12 点検 (2026年12月) 2026-12-01..2026-12-31 due 2026-12-28 open 2026-12-01\n"
     "check@2027-01 r-check-2027-01 点検 (2027年1月) 2027-01-01..2027-01-31 due 2027-01-29 open 2027-01-01\n"
     "check@2027-02 r-check-2027-02 点検 (2027年2月) 2027-02-01..2027-02-28 due 2027-02-26 open 2027-02-01\n"},
    {"monthly, shift: next and lead_days: 3 (February opens in January)",
     "contract_start: 2026-04-01\ndue: {shift: next, lead_days: 3}\n",
     "check", "2027-01-01", "2027-01-31",
     "check@2027-01 r-check-2027-01 点検 (2027年1月) 2027-01-01..2027-01-31 due 2027-02-01 open 2026-12-29\n"
     "check@2027-02 r-check-2027-02 点検 (2027年2月) 2027-02-01..2027-02-28 due 2027-03-01 open 2027-01-29\n"},
    {"monthly, due on the 15th (a Sunday moves to Friday)",
     "contract_start: 2026-04-01\nschedule: {check: {day: 15}}\n", "check",
     "2026-11-01", "2027-01-01",
     "check@2026-11 r-check-2026-11 点検 (2026年11月) 2026-11-01..2026-11-30 due 2026-11-13 open 2026-11-01\n"
     "check@2026-12 r-check-2026-12 点検 (2026年12月) 2026-12-01..2026-12-31 due 2026-12-15 open 2026-12-01\n"
     "check@2027-01 r-check-2027-01 点検 (2027年1月) 2027-01-01..2027-01-31 due 2027-01-15 open 2027-01-01\n"},
    {"monthly, day 31 in February is its last day",
     "contract_start: 2026-04-01\nschedule: {check: {day: 31}}\n", "check",
     "2027-02-01", "2027-02-01",
     "check@2027-02 r-check-2027-02 点検 (2027年2月) 2027-02-01..2027-02-28 due 2027-02-26 open 2027-02-01\n"},

    /* ---- half-yearly and yearly: the scheduled month of the period ---- */
    {"half-yearly: the first month of each half by default",
     "contract_start: 2026-04-01\n", "wsus", NULL, "2027-03-31",
     "wsus@FY2026H1 r-wsus-fy2026h1 更新 (2026年4月) 2026-04-01..2026-04-30 due 2026-04-30 open 2026-04-01\n"
     "wsus@FY2026H2 r-wsus-fy2026h2 更新 (2026年10月) 2026-10-01..2026-10-31 due 2026-10-30 open 2026-10-01\n"},
    {"half-yearly in the configured months",
     "contract_start: 2026-04-01\nschedule: {wsus: {half_year_months: [12, 6]}}\n",
     "wsus", NULL, "2027-03-31",
     "wsus@FY2026H1 r-wsus-fy2026h1 更新 (2026年6月) 2026-06-01..2026-06-30 due 2026-06-30 open 2026-06-01\n"
     "wsus@FY2026H2 r-wsus-fy2026h2 更新 (2026年12月) 2026-12-01..2026-12-31 due 2026-12-28 open 2026-12-01\n"},
    {"half-yearly: a work month before the contract start is left out",
     "contract_start: 2026-06-01\n", "wsus", NULL, "2027-03-31",
     "wsus@FY2026H2 r-wsus-fy2026h2 更新 (2026年10月) 2026-10-01..2026-10-31 due 2026-10-30 open 2026-10-01\n"},
    {"half-yearly with the fiscal year starting in January",
     "fiscal_year_start: 1\ncontract_start: 2026-01-01\n", "wsus", NULL,
     "2026-12-31",
     "wsus@FY2026H1 r-wsus-fy2026h1 更新 (2026年1月) 2026-01-01..2026-01-31 due 2026-01-30 open 2026-01-01\n"
     "wsus@FY2026H2 r-wsus-fy2026h2 更新 (2026年7月) 2026-07-01..2026-07-31 due 2026-07-31 open 2026-07-01\n"},
    {"yearly with instances: in instance order, then by period; month 7",
     "contract_start: 2026-04-01\nschedule: {vup: {month: 7}}\n", "vup",
     NULL, "2027-12-31",
     "vup/ApexOne@FY2026 r-vup-apexone-fy2026 版上げ (ApexOne) 2026-07-01..2026-07-31 due 2026-07-31 open 2026-07-01\n"
     "vup/ApexOne@FY2027 r-vup-apexone-fy2027 版上げ (ApexOne) 2027-07-01..2027-07-31 due 2027-07-30 open 2027-07-01\n"
     "vup/SKYSEA@FY2026 r-vup-skysea-fy2026 版上げ (SKYSEA) 2026-07-01..2026-07-31 due 2026-07-31 open 2026-07-01\n"
     "vup/SKYSEA@FY2027 r-vup-skysea-fy2027 版上げ (SKYSEA) 2027-07-01..2027-07-31 due 2027-07-30 open 2027-07-01\n"},
    {"yearly: nothing before the next fiscal year opens",
     "contract_start: 2026-06-01\n", "vup", NULL, "2027-03-31", ""},

    /* ---- the 月次報告書's deadline: the next month (schedule due:) ---- */
    {"next-month-day-10: 12/10 is a Thursday; 2027-01-10 a Sunday, Monday "
     "the 11th 成人の日, so the 12th (due.shift: previous does not apply)",
     "contract_start: 2026-04-01\nschedule: {check: {due: next-month-day-10}}\n",
     "check", "2026-11-01", "2027-01-01",
     "check@2026-11 r-check-2026-11 点検 (2026年11月) 2026-11-01..2026-11-30 due 2026-12-10 open 2026-11-01\n"
     "check@2026-12 r-check-2026-12 点検 (2026年12月) 2026-12-01..2026-12-31 due 2027-01-12 open 2026-12-01\n"
     "check@2027-01 r-check-2027-01 点検 (2027年1月) 2027-01-01..2027-01-31 due 2027-02-10 open 2027-01-01\n"},
    {"next-month-day-10 on a configured closure: the day after",
     "contract_start: 2026-04-01\ncalendar: {closures: [2026-12-10]}\n"
     "schedule: {check: {due: next-month-day-10}}\n",
     "check", "2026-11-01", "2026-11-01",
     "check@2026-11 r-check-2026-11 点検 (2026年11月) 2026-11-01..2026-11-30 due 2026-12-11 open 2026-11-01\n"},
    {"next-month-day-29 in 年末年始 (12/29-1/3): the first open day, 1/4",
     "contract_start: 2026-04-01\nschedule: {check: {due: next-month-day-29}}\n",
     "check", "2026-11-01", "2026-11-01",
     "check@2026-11 r-check-2026-11 点検 (2026年11月) 2026-11-01..2026-11-30 due 2027-01-04 open 2026-11-01\n"},
    {"next-month-day-29 without the year-end closure: 12/29 itself",
     "contract_start: 2026-04-01\ncalendar: {year_end_closure: false}\n"
     "schedule: {check: {due: next-month-day-29}}\n",
     "check", "2026-11-01", "2026-11-01",
     "check@2026-11 r-check-2026-11 点検 (2026年11月) 2026-11-01..2026-11-30 due 2026-12-29 open 2026-11-01\n"},
    {"next-month-day-31 in February: its last day, a Sunday, so 3/1",
     "contract_start: 2026-04-01\nschedule: {check: {due: next-month-day-31}}\n",
     "check", "2027-01-01", "2027-01-01",
     "check@2027-01 r-check-2027-01 点検 (2027年1月) 2027-01-01..2027-01-31 due 2027-03-01 open 2027-01-01\n"},
    {"next-month-business-day-1: 12/1; after 年末年始 1/4",
     "contract_start: 2026-04-01\nschedule: {check: {due: next-month-business-day-1}}\n",
     "check", "2026-11-01", "2026-12-01",
     "check@2026-11 r-check-2026-11 点検 (2026年11月) 2026-11-01..2026-11-30 due 2026-12-01 open 2026-11-01\n"
     "check@2026-12 r-check-2026-12 点検 (2026年12月) 2026-12-01..2026-12-31 due 2027-01-04 open 2026-12-01\n"},
    {"next-month-business-day-10 of January 2027: 成人の日 skipped, 1/18",
     "contract_start: 2026-04-01\nschedule: {check: {due: next-month-business-day-10}}\n",
     "check", "2026-12-01", "2026-12-01",
     "check@2026-12 r-check-2026-12 点検 (2026年12月) 2026-12-01..2026-12-31 due 2027-01-18 open 2026-12-01\n"},
    {"a half-yearly entry: Golden Week moves 5/3 to 5/7, 文化の日 11/3 to 11/4",
     "contract_start: 2026-04-01\nschedule: {wsus: {due: next-month-day-3}}\n",
     "wsus", NULL, "2027-03-31",
     "wsus@FY2026H1 r-wsus-fy2026h1 更新 (2026年4月) 2026-04-01..2026-04-30 due 2026-05-07 open 2026-04-01\n"
     "wsus@FY2026H2 r-wsus-fy2026h2 更新 (2026年10月) 2026-10-01..2026-10-31 due 2026-11-04 open 2026-10-01\n"},

    /* ---- the walk as a whole ---- */
    {"every entry in catalog order; the 随時 entry has no occurrences",
     "contract_start: 2026-04-01\n", NULL, "2026-04-01", "2026-04-01",
     "meet@2026-W14 r-meet-2026-w14 定例会 (2026年4月2日) 2026-04-02..2026-04-02 due 2026-04-02 open 2026-03-30\n"
     "check@2026-04 r-check-2026-04 点検 (2026年4月) 2026-04-01..2026-04-30 due 2026-04-30 open 2026-04-01\n"
     "wsus@FY2026H1 r-wsus-fy2026h1 更新 (2026年4月) 2026-04-01..2026-04-30 due 2026-04-30 open 2026-04-01\n"
     "vup/ApexOne@FY2026 r-vup-apexone-fy2026 版上げ (ApexOne) 2026-04-01..2026-04-30 due 2026-04-30 open 2026-04-01\n"
     "vup/SKYSEA@FY2026 r-vup-skysea-fy2026 版上げ (SKYSEA) 2026-04-01..2026-04-30 due 2026-04-30 open 2026-04-01\n"},
    {"nothing opens before the contract's first day",
     "contract_start: 2026-04-01\n", NULL, NULL, "2026-03-29", ""},
};
/* clang-format on */

static void test_walk(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(walk_cases); i++) {
		struct fixture f;
		struct collect c = {walk_cases[i].key, STRBUF_INIT, 0, 0};
		setup(&f, walk_cases[i].config);
		assert_ok(sss_recur_each(f.cat, &f.cfg, f.cal,
					 D(walk_cases[i].from),
					 D(walk_cases[i].until), collect, &c));
		if (strcmp(c.out.buf, walk_cases[i].want)) {
			print_error("%s:\n--- want\n%s--- got\n%s",
				    walk_cases[i].what, walk_cases[i].want,
				    c.out.buf);
			fail();
		}
		strbuf_release(&c.out);
		teardown(&f);
	}
}

/* A non-zero return from the callback ends the walk at once. */
static void test_walk_stops(void **state)
{
	(void)state;
	struct fixture f;
	struct collect c = {NULL, STRBUF_INIT, 0, 2};
	setup(&f, "contract_start: 2026-04-01\n");
	assert_ok(sss_recur_each(f.cat, &f.cfg, f.cal, 0, D("2027-03-31"),
				 collect, &c));
	assert_int_equal(c.calls, 2);
	assert_string_equal(
	    c.out.buf,
	    "meet@2026-W14 r-meet-2026-w14 定例会 (2026年4月2日) "
	    "2026-04-02..2026-04-02 due 2026-04-02 open 2026-03-30\n"
	    "meet@2026-W15 r-meet-2026-w15 定例会 (2026年4月9日) "
	    "2026-04-09..2026-04-09 due 2026-04-09 open 2026-04-06\n");
	strbuf_release(&c.out);
	teardown(&f);
}

/* The occurrence also names its entry, its instance, its period and the
 * 年月 / 年月日 of its work. */
struct find {
	const char *key;
	struct sss_occurrence o;
	char ym[32], ymd[40];
	int found;
};

static int find(const struct sss_occurrence *o, void *data)
{
	struct find *f = data;
	if (strcmp(o->key, f->key))
		return 0;
	f->o = *o;
	snprintf(f->ym, sizeof(f->ym), "%s", o->ym);
	snprintf(f->ymd, sizeof(f->ymd), "%s", o->ymd);
	f->o.key = f->o.id = f->o.title = f->o.ym = f->o.ymd = NULL;
	f->found++;
	return 0;
}

static void test_occurrence_fields(void **state)
{
	(void)state;
	struct fixture f;
	struct find w = {"vup/SKYSEA@FY2026", {0}, "", "", 0};
	struct find m = {"meet@2026-W48", {0}, "", "", 0};
	setup(&f, "contract_start: 2026-04-01\n");
	assert_ok(
	    sss_recur_each(f.cat, &f.cfg, f.cal, 0, D("2027-03-31"), find, &w));
	assert_int_equal(w.found, 1);
	assert_string_equal(sss_sow_key(w.o.entry), "vup");
	assert_int_equal(w.o.instance, 1);
	assert_int_equal(w.o.period.freq, SSS_FREQ_YEARLY);
	assert_int_equal(w.o.period.year, 2026);
	assert_string_equal(w.ym, "2026年4月");
	assert_string_equal(w.ymd, "2026年4月1日");
	assert_ok(
	    sss_recur_each(f.cat, &f.cfg, f.cal, 0, D("2027-03-31"), find, &m));
	assert_int_equal(m.found, 1);
	assert_int_equal(m.o.instance, -1);
	assert_int_equal(m.o.period.freq, SSS_FREQ_WEEKLY);
	assert_int_equal(m.o.period.n, 48);
	assert_string_equal(m.ym, "2026年11月");
	assert_string_equal(m.ymd, "2026年11月26日");
	teardown(&f);
}

/* ---- which checklist steps an occurrence gets ---- */

static const struct {
	const char *what, *config;
	enum sss_freq step;
	const char *want; /* the months of FY2026 whose check has the step */
} step_cases[] = {
    {"月次 steps in every month", "", SSS_FREQ_MONTHLY,
     "4 5 6 7 8 9 10 11 12 1 2 3"},
    {"随時 steps in every month", "", SSS_FREQ_ADHOC,
     "4 5 6 7 8 9 10 11 12 1 2 3"},
    {"半期 steps in the first month of each half", "", SSS_FREQ_HALF, "4 10"},
    {"年次 steps in the first month of the fiscal year", "", SSS_FREQ_YEARLY,
     "4"},
    {"半期 steps in the entry's configured months",
     "schedule: {check: {months: [6, 12]}}\n", SSS_FREQ_HALF, "6 12"},
    {"年次 steps in the entry's configured month",
     "schedule: {check: {months: [6, 12]}}\n", SSS_FREQ_YEARLY, "6"},
    {"another entry's schedule does not count",
     "schedule: {wsus: {months: [6, 12]}}\n", SSS_FREQ_HALF, "4 10"},
    {"the halves follow the fiscal year start", "fiscal_year_start: 1\n",
     SSS_FREQ_HALF, "1 7"},
};

struct step_walk {
	const struct sss_config *cfg;
	enum sss_freq step;
	struct strbuf months;
};

static int step_months(const struct sss_occurrence *o, void *data)
{
	struct step_walk *s = data;
	int y, m, d;
	if (strcmp(sss_sow_key(o->entry), "check"))
		return 0;
	sss_date_to_ymd(o->work_start, &y, &m, &d);
	if (sss_recur_step_due(o, s->cfg, s->step))
		strbuf_addf(&s->months, "%s%d", s->months.len ? " " : "", m);
	return 0;
}

static void test_step_due(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(step_cases); i++) {
		struct fixture f;
		struct strbuf cfg = STRBUF_INIT;
		bool jan = strstr(step_cases[i].config, "fiscal_year_start: 1");
		/* one fiscal year of monthly checks */
		strbuf_addf(&cfg, "contract_start: %s\n%s",
			    jan ? "2026-01-01" : "2026-04-01",
			    step_cases[i].config);
		setup(&f, cfg.buf);
		struct step_walk s = {&f.cfg, step_cases[i].step, STRBUF_INIT};
		assert_ok(sss_recur_each(f.cat, &f.cfg, f.cal, 0,
					 D(jan ? "2026-12-31" : "2027-03-31"),
					 step_months, &s));
		if (strcmp(s.months.buf, step_cases[i].want)) {
			print_error("%s: got months '%s', want '%s'\n",
				    step_cases[i].what, s.months.buf,
				    step_cases[i].want);
			fail();
		}
		strbuf_release(&s.months);
		strbuf_release(&cfg);
		teardown(&f);
	}
}

/* A bad schedule due: names the file, the line and the accepted forms. */
static void test_due_rule_errors(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "next-month-day-0", "next-month-day-32", "next-month-day-",
	    "next-month-day-1x", "next-month-day-010", "next-month-business-day-21",
	    "month-end", "翌月10日", "[10]",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct sss_config cfg;
		struct strbuf text = STRBUF_INIT;
		strbuf_addf(&text, "contract_start: 2026-04-01\nschedule:\n"
			    "  monthly-report:\n    due: %s\n", bad[i]);
		sss_config_init(&cfg, D("2026-11-26"));
		assert_fails(sss_config_parse(&cfg, text.buf, text.len, ".sss/config.yml"),
			     SSS_ERR_INVALID, "'.sss/config.yml' line 4: 'due' must be "
			     "next-month-day-N (N from 1 to 31) or next-month-business-day-N");
		sss_config_release(&cfg);
		strbuf_release(&text);
	}
	struct sss_config cfg;
	const char both[] = "schedule:\n  monthly-report: {day: 5, due: next-month-day-10}\n";
	sss_config_init(&cfg, D("2026-11-26"));
	assert_fails(sss_config_parse(&cfg, both, strlen(both), ".sss/config.yml"),
		     SSS_ERR_INVALID, "line 2: schedule of 'monthly-report' has both 'day' and 'due'");
	sss_config_release(&cfg);
	/* the default: the work month's last business day, no rule */
	sss_config_init(&cfg, D("2026-11-26"));
	struct strbuf def = STRBUF_INIT;
	sss_config_default_text(&def, D("2026-04-01"));
	assert_ok(sss_config_parse(&cfg, def.buf, def.len, ".sss/config.yml"));
	const struct sss_schedule *sch = sss_config_schedule(&cfg, "monthly-report");
	assert_true(!sch || sch->due_rule == SSS_DUE_IN_MONTH);
	assert_non_null(strstr(def.buf, "next-month-day-10"));
	strbuf_release(&def);
	sss_config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_walk),
	    cmocka_unit_test(test_walk_stops),
	    cmocka_unit_test(test_occurrence_fields),
	    cmocka_unit_test(test_step_due),
	    cmocka_unit_test(test_due_rule_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
