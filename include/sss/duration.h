/* duration.h - a span of working time: read in the forms people write
 * ("1h30m", "90m", "1.5h", "2h", "1h30"; full-width digits and letters
 * too), written as "1h30m", "45m", "2h" (no zero parts). The work log's
 * [作業時間 ...] (worklog.h) and the `estimate` field (ticket.h) use it. */
#ifndef SSS_DURATION_H
#define SSS_DURATION_H

struct strbuf;
struct sss_error;

/* Parse a duration ("1h30m", "90m", "1.5h", "2h", "1h30"; full-width
 * digits too) into minutes (> 0, at most 9999h). Fails naming what
 * ("--spent", "estimate") with the accepted forms: a usage error when
 * what is an option ("-..."), else SSS_ERR_INVALID. The error is the
 * caller's. */
struct sss_error *sss_duration_parse(const char *s, const char *what,
				     int *minutes);
/* Append minutes as a duration: "1h30m", "45m", "2h". */
void sss_duration_format(struct strbuf *out, int minutes);

#endif
