/* duration.c - spans of working time as people write them ("1h30m",
 * "90m", "1.5h", full-width too) and as sssctl writes them back
 * (duration.h): --spent in the work log, `estimate` in the front matter. */
#include <string.h>

#include "sss/duration.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

#define MAX_MINUTES (9999 * 60)

/* s made ASCII and lowercase: full-width digits, letters and "．" become
 * their ASCII forms; false for anything else outside ASCII or a text
 * too long to be a duration. */
static bool duration_ascii(const char *s, struct strbuf *out)
{
	while (*s) {
		unsigned cp;
		int n = sss_utf8_decode(s, &cp);
		if (n <= 0)
			return false;
		if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
			cp -= 0xFEE0;
		if (cp >= 0x80 || out->len >= 32)
			return false;
		strbuf_addch(out, cp >= 'A' && cp <= 'Z' ? (int)cp + 32 : (int)cp);
		s += n;
	}
	return true;
}

/* Digits at *p as a number (at most 6 of them); -1 when there are none
 * or more. */
static long digits(const char **p, int *count)
{
	long v = 0;
	int n = 0;
	while (**p >= '0' && **p <= '9' && n < 7) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (count)
		*count = n;
	return n && n <= 6 ? v : -1;
}

/* "2h", "1h30m", "1h30", "90m", "1.5h" in ASCII: the minutes, or -1 when
 * the form is wrong, -2 when a decimal gives no whole minute. */
static long duration_minutes(const char *p)
{
	long h = digits(&p, NULL), m = 0;
	if (h < 0)
		return -1;
	if (*p == 'm')
		return p[1] ? -1 : h;
	if (*p == '.') {
		int k;
		p++;
		long f = digits(&p, &k);
		if (f < 0 || k > 4 || strcmp(p, "h"))
			return -1;
		long scale = 1;
		while (k--)
			scale *= 10;
		if (f * 60 % scale)
			return -2;
		return h * 60 + f * 60 / scale;
	}
	if (*p != 'h')
		return -1;
	p++;
	if (!*p)
		return h * 60;
	if ((m = digits(&p, NULL)) < 0 || m >= 60 || (*p && strcmp(p, "m")))
		return -1;
	return h * 60 + m;
}

struct sss_error *sss_duration_parse(const char *s, const char *what,
				     int *minutes)
{
	struct strbuf a = STRBUF_INIT;
	/* an option's value is a usage error (exit 2); a field's is not */
	enum sss_errcode code = what[0] == '-' ? SSS_ERR_USAGE : SSS_ERR_INVALID;
	struct sss_error *err = NULL;
	long v = duration_ascii(s, &a) ? duration_minutes(a.buf) : -1;

	if (v == -2)
		err = sss_error(code, "%s '%s' is not a whole number of minutes "
			        "(write 1h20m, not 1.33h)", what, s);
	else if (v < 0)
		err = sss_error(code, "%s '%s' is not a duration (write 1h30m, "
			        "90m, 1.5h or 2h)", what, s);
	else if (v == 0)
		err = sss_error(code, "%s '%s' is no time: give more than 0m",
				what, s);
	else if (v > MAX_MINUTES)
		err = sss_error(code, "%s '%s' is more than 9999h", what, s);
	else
		*minutes = (int)v;
	strbuf_release(&a);
	return err ? sss_error_one_line(err) : NULL;
}

void sss_duration_format(struct strbuf *out, int minutes)
{
	if (minutes >= 60)
		strbuf_addf(out, "%dh", minutes / 60);
	if (minutes % 60 || minutes < 60)
		strbuf_addf(out, "%dm", minutes % 60);
}

