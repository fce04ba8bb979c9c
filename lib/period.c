/* period.c - fiscal years (年度) and halves, and the recurrence periods
 * of the SOW's frequencies (週次, 月次, 半期, 年次). */
#include <string.h>

#include "sss/date.h"
#include "sss/period.h"
#include "sss/strbuf.h"

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
		if (len == 8 && s[5] == 'W' &&
		    sss_parse_digits(s + 6, 2, &p.n)) {
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
