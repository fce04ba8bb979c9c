/* calendar.c - sssctl calendar: the holidays and closure days of a year,
 * and the number of business days between two dates. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "options.h"
#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/i18n.h"
#include "sss/strbuf.h"

/* The years whose holidays the library knows (the equinox formulas hold
 * only there); outside them a listing or a count would silently be
 * wrong. */
#define FIRST_YEAR 1980
#define LAST_YEAR 2099

static struct sss_error *out_of_range(const char *what, const char *arg)
{
	return sss_error(SSS_ERR_INVALID,
			 "%s '%s' is outside %d-%d, the years whose holidays "
			 "are known",
			 what, arg, FIRST_YEAR, LAST_YEAR);
}

/* Only plain decimal digits: strtol would take "+2026", " 2026" or
 * "2026abc". Returns false for anything else. */
static bool parse_year(const char *s, int *out)
{
	size_t len = strlen(s);
	return len > 0 && len <= 9 && sss_parse_digits(s, (int)len, out);
}

static void list_year(const struct sss_calendar *cal, int year)
{
	struct strbuf sb = STRBUF_INIT;
	char date[11];
	sss_date last = sss_date_from_ymd(year, 12, 31);
	for (sss_date d = sss_date_from_ymd(year, 1, 1); d <= last; d++) {
		const char *name = sss_calendar_day_off_name(cal, d);
		if (!name)
			continue;
		sss_date_format(d, date);
		strbuf_addf(&sb, "%s\t", date);
		/* closure names come from the config: keep one line per day
		 * and no control characters */
		sss_sanitize(&sb, name, true);
		strbuf_addch(&sb, '\n');
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

static struct sss_error *count_days(struct sss_ctx *ctx,
				    const struct sss_calendar *cal,
				    const char *from_s, const char *to_s)
{
	sss_date from, to;
	int y;
	if (sss_date_parse(from_s, &from))
		return cmd_usage_error(ctx, "FROM '%s' is not a date YYYY-MM-DD", from_s);
	if (sss_date_parse(to_s, &to))
		return cmd_usage_error(ctx, "TO '%s' is not a date YYYY-MM-DD", to_s);
	sss_date_to_ymd(from, &y, NULL, NULL);
	if (y < FIRST_YEAR || y > LAST_YEAR)
		return out_of_range("date", from_s);
	sss_date_to_ymd(to, &y, NULL, NULL);
	if (y < FIRST_YEAR || y > LAST_YEAR)
		return out_of_range("date", to_s);
	printf("%d\n", sss_calendar_count_business_days(cal, from, to));
	return NULL;
}

/* The year to list: YEAR, else the current one. */
static struct sss_error *which_year(struct sss_ctx *ctx, int argc, char **argv,
				    int *year)
{
	struct tm tm;
	char buf[16];

	if (argc > 1)
		return cmd_usage_error(ctx, "too many arguments: '%s'", argv[1]);
	if (argc == 1) {
		if (!parse_year(argv[0], year))
			return cmd_usage_error(ctx, "YEAR '%s' is not a year", argv[0]);
		if (*year < FIRST_YEAR || *year > LAST_YEAR)
			return out_of_range("year", argv[0]);
		return NULL;
	}
	if (!localtime_r(&ctx->now, &tm))
		return sss_error(SSS_ERR_INVALID, "cannot tell the current year; give YEAR");
	*year = tm.tm_year + 1900;
	if (*year < FIRST_YEAR || *year > LAST_YEAR) {
		snprintf(buf, sizeof(buf), "%d", *year);
		return out_of_range("year", buf);
	}
	return NULL;
}

CMD(calendar)
{
	static const struct cmd_form forms[] = {
		{ "" },
		{ "", .or_line = true },
		{ NULL },
	};
	bool business_days = false;
	struct cmd_option opts[] = {
		{ CMD_OPT_BOOL, .long_name = "business-days", .value = &business_days,
		  .flags = CMD_OPT_NEEDED, .forms = CMD_FORM(1) },
		{ CMD_OPT_OPERANDS, .argh = N_("[YEAR]"), .forms = CMD_FORM(0) },
		{ CMD_OPT_OPERANDS, .argh = N_("FROM TO"), .forms = CMD_FORM(1) },
		OPT_END(),
	};
	struct sss_calendar *own = NULL;
	const struct sss_calendar *cal;
	struct sss_error *err;
	int year = 0;

	/* calendar names what is wrong with a bad option */
	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, forms, CMD_PARSE_PRECISE)))
		return err;

	/* main.c always builds one; stay usable if it could not. */
	cal = ctx->cal;
	if (!cal) {
		own = sss_calendar_new();
		sss_calendar_set_year_end_closure(own, true);
		cal = own;
	}
	if (business_days) {
		if (argc != 2)
			err = cmd_usage_error(ctx, "--business-days takes FROM and TO");
		else
			err = count_days(ctx, cal, argv[0], argv[1]);
	} else if (!(err = which_year(ctx, argc, argv, &year))) {
		list_year(cal, year);
	}
	sss_calendar_free(own);
	return err;
}
