/* dates.c - dates and periods in words, in the western calendar, the
 * Japanese era (和暦) or both, as config `era` says. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/period.h"
#include "sss/strbuf.h"

static bool era_japanese(const struct sss_report *r)
{
	const char *e = r->o.config->era;
	return e && (!strcmp(e, "japanese") || !strcmp(e, "both"));
}

static bool era_western(const struct sss_report *r)
{
	const char *e = r->o.config->era;
	return !e || strcmp(e, "japanese");
}

void report_iso_date(struct strbuf *out, sss_date d)
{
	char b[11];
	sss_date_format(d, b);
	strbuf_addstr(out, b);
}

static void western_day(struct strbuf *out, sss_date d)
{
	int y, m, day;
	sss_date_to_ymd(d, &y, &m, &day);
	strbuf_addf(out, "%d年%d月%d日", y, m, day);
}

/* "R8.11.26": the short 和暦 of a table cell. */
static void wareki_short(struct strbuf *out, sss_date d)
{
	struct strbuf era = STRBUF_INIT;
	int y, m, day;

	sss_date_to_ymd(d, &y, &m, &day);
	sss_wareki_year(&era, y, m, day);
	/* "令和8年" -> "R8"; "令和元年" -> "R1" */
	const char *num = era.buf + (era.len >= 6 ? 6 : era.len);
	int n = !strncmp(num, "元", 3) ? 1 : atoi(num);
	const char *letter = !strncmp(era.buf, "令和", 6) ? "R" : !strncmp(era.buf, "平成", 6) ? "H"
			   : !strncmp(era.buf, "昭和", 6) ? "S" : "";
	if (*letter)
		strbuf_addf(out, "%s%d.%d.%d", letter, n, m, day);
	else
		report_iso_date(out, d);
	strbuf_release(&era);
}

void report_cell_date(const struct sss_report *r, struct strbuf *out, sss_date d)
{
	if (era_western(r))
		report_iso_date(out, d);
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "（");
	if (era_japanese(r))
		wareki_short(out, d);
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "）");
}

/* "2026年11月26日", "令和8年11月26日" or both, as config `era` says. */
void report_day_text(const struct sss_report *r, struct strbuf *out, sss_date d)
{
	if (era_western(r))
		western_day(out, d);
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "（");
	if (era_japanese(r))
		sss_wareki_format(out, d);
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "）");
}

void report_range_text(const struct sss_report *r, struct strbuf *out, sss_date a,
		       sss_date b)
{
	if (era_western(r)) {
		western_day(out, a);
		strbuf_addstr(out, "～");
		western_day(out, b);
	}
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "（");
	if (era_japanese(r)) {
		sss_wareki_format(out, a);
		strbuf_addstr(out, "～");
		sss_wareki_format(out, b);
	}
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "）");
}

/* "2026年11月度" or "2026年度" (month 0), after config `era`. */
void report_month_text(const struct sss_report *r, struct strbuf *out, int y, int m,
		       const char *suffix)
{
	int fm = m ? m : r->o.config->fy_start;
	if (era_western(r)) {
		strbuf_addf(out, "%d年", y);
		if (m)
			strbuf_addf(out, "%d月", m);
		strbuf_addstr(out, suffix);
	}
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "（");
	if (era_japanese(r)) {
		sss_wareki_year(out, y, fm, m ? sss_days_in_month(y, m) : 1);
		if (m)
			strbuf_addf(out, "%d月", m);
		strbuf_addstr(out, suffix);
	}
	if (era_western(r) && era_japanese(r))
		strbuf_addstr(out, "）");
}

void report_period_label(const struct sss_report *r, struct strbuf *out,
			 struct sss_period p)
{
	if (p.freq == SSS_FREQ_WEEKLY && era_japanese(r) && !era_western(r)) {
		/* the ISO week's year is the year of its Thursday */
		sss_date thu = sss_period_start(p, r->o.config->fy_start) + 3;
		int y, m, d;
		sss_date_to_ymd(thu, &y, &m, &d);
		sss_wareki_year(out, y, m, d);
		strbuf_addf(out, " 第%d週", p.n);
	} else if (p.freq == SSS_FREQ_WEEKLY)
		strbuf_addf(out, "%d年 第%d週", p.year, p.n);
	else
		report_month_text(r, out, p.year, p.n, "度");
}
