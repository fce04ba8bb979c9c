/* clock.h - the time of a command (--now / SSS_NOW) and ISO 8601 text.
 *
 * Times are seconds since the epoch; local time is the process's TZ, which
 * cmd/main.c sets from the repository's config (Asia/Tokyo by default). */
#ifndef SSS_CLOCK_H
#define SSS_CLOCK_H

#include <time.h>

#include "sss/date.h"

struct strbuf;
struct sss_error;

/* Parse --now: "YYYY-MM-DD" (local midnight), "YYYY-MM-DDTHH:MM[:SS]"
 * (local; a space may stand for the T) or with an offset ("+09:00",
 * "Z"). The error (the caller frees it) is a usage error. */
struct sss_error *sss_time_parse(const char *s, time_t *out);
/* sss_time_parse() for --now and SSS_NOW: also a usage error when the
 * local date of the time is outside the calendar's years (1980-2099,
 * date.h), where IDs and holidays would be wrong. */
struct sss_error *sss_now_parse(const char *s, time_t *out);
/* The strict form kept in tickets, ISO 8601 with seconds and an offset
 * ("2026-11-26T09:30:00+09:00", "2026-11-26T00:30:00Z"): 0 with the
 * seconds since the epoch in *epoch (which may be NULL), or -1. Both
 * parsers are one (clock.c). */
int sss_datetime_parse(const char *s, long long *epoch);
/* Append t as "2026-11-26T09:30:00+09:00" in local time. */
void sss_time_format(struct strbuf *out, time_t t);
/* The local date of t. */
sss_date sss_time_date(time_t t);
/* Local midnight at the start of d. */
time_t sss_date_time(sss_date d);
/* Minutes east of UTC of local time at t. */
int sss_time_offset(time_t t);

#endif
