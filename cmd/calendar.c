/* calendar.c - sssctl calendar: the holidays and closure days of a year,
 * and the number of business days between two dates. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/strbuf.h"

static const char usage[] = "usage: sssctl calendar [YEAR]\n"
			    "   or: sssctl calendar --business-days FROM TO";

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
	int y = 0;
	if (len == 0 || len > 9)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		y = y * 10 + (s[i] - '0');
	}
	*out = y;
	return true;
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

static int count_days(const struct sss_calendar *cal, const char *from_s,
		      const char *to_s)
{
	sss_date from, to;
	int y;
	if (sss_date_parse(from_s, &from))
		return cmd_usage_error(
		    usage, "FROM '%s' is not a date YYYY-MM-DD", from_s);
	if (sss_date_parse(to_s, &to))
		return cmd_usage_error(
		    usage, "TO '%s' is not a date YYYY-MM-DD", to_s);
	sss_date_to_ymd(from, &y, NULL, NULL);
	if (y < FIRST_YEAR || y > LAST_YEAR)
		return cmd_fail(out_of_range("date", from_s));
	sss_date_to_ymd(to, &y, NULL, NULL);
	if (y < FIRST_YEAR || y > LAST_YEAR)
		return cmd_fail(out_of_range("date", to_s));
	printf("%d\n", sss_calendar_count_business_days(cal, from, to));
	return 0;
}

CMD(calendar)
{
	static const struct option opts[] = {
	    {"business-days", no_argument, NULL, 'b'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool business_days = false;
	struct sss_calendar *own = NULL;
	const struct sss_calendar *cal;
	int c, rc = 0, year;

	optind = 0; /* GNU getopt: start afresh on this argv */
	opterr = 0; /* we name the bad option ourselves */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			business_days = true;
			break;
		case 'h':
			return cmd_help(usage);
		default:
			/* optopt holds an unknown short option; it is 0 for
			 * an unknown long one, and our own value for a long
			 * option given "=VALUE". For long options getopt has
			 * already stepped past the word at fault. */
			if (optopt == 'b' || optopt == 'h')
				return cmd_usage_error(usage,
						       "option '%s' takes no "
						       "value",
						       argv[optind - 1]);
			if (optopt)
				return cmd_usage_error(
				    usage, "unknown option '-%c'", optopt);
			return cmd_usage_error(usage, "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;

	/* main.c always builds one; stay usable if it could not. */
	cal = ctx->cal;
	if (!cal) {
		own = sss_calendar_new();
		sss_calendar_set_year_end_closure(own, true);
		cal = own;
	}

	if (business_days) {
		if (argc != 2)
			rc = cmd_usage_error(
			    usage, "--business-days takes FROM and TO");
		else
			rc = count_days(cal, argv[0], argv[1]);
		goto done;
	}

	if (argc > 1) {
		rc =
		    cmd_usage_error(usage, "too many arguments: '%s'", argv[1]);
		goto done;
	}
	if (argc == 1) {
		if (!parse_year(argv[0], &year)) {
			rc = cmd_usage_error(usage, "YEAR '%s' is not a year",
					     argv[0]);
			goto done;
		}
		if (year < FIRST_YEAR || year > LAST_YEAR) {
			rc = cmd_fail(out_of_range("year", argv[0]));
			goto done;
		}
	} else {
		struct tm tm;
		char buf[16];
		if (!localtime_r(&ctx->now, &tm)) {
			rc = cmd_fail(sss_error(SSS_ERR_INVALID,
						"cannot tell the current year; "
						"give YEAR"));
			goto done;
		}
		year = tm.tm_year + 1900;
		if (year < FIRST_YEAR || year > LAST_YEAR) {
			snprintf(buf, sizeof(buf), "%d", year);
			rc = cmd_fail(out_of_range("year", buf));
			goto done;
		}
	}
	list_year(cal, year);

done:
	sss_calendar_free(own);
	return rc;
}
