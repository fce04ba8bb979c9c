/* error.c - the library's one error type. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sss/error.h"
#include "sss/i18n.h"

static struct sss_error nomem = { SSS_ERR_NOMEM, (char *)"out of memory" };

static char *vformat(const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* The format is the msgid: translated before it is filled in, so that
 * every message made here reads in the person's language (i18n.h). */
struct sss_error *sss_error(enum sss_errcode code, const char *fmt, ...)
{
	struct sss_error *err = malloc(sizeof(*err));
	if (!err)
		return &nomem;
	va_list ap;
	va_start(ap, fmt);
	err->msg = vformat(_(fmt), ap);
	va_end(ap);
	if (!err->msg) {
		free(err);
		return &nomem;
	}
	err->code = code;
	return err;
}

struct sss_error *sss_error_prefix(struct sss_error *err, const char *fmt, ...)
{
	if (!err || err == &nomem)
		return err;
	va_list ap;
	va_start(ap, fmt);
	char *prefix = vformat(_(fmt), ap);
	va_end(ap);
	if (!prefix)
		return err;
	size_t n = strlen(prefix) + 2 + strlen(err->msg) + 1;
	char *msg = malloc(n);
	if (msg) {
		snprintf(msg, n, "%s: %s", prefix, err->msg);
		free(err->msg);
		err->msg = msg;
	}
	free(prefix);
	return err;
}

void sss_error_free(struct sss_error *err)
{
	if (!err || err == &nomem)
		return;
	free(err->msg);
	free(err);
}

struct sss_error *sss_error_one_line(struct sss_error *err)
{
	size_t n = 0;

	/* the static out-of-memory error has no line break: never touched */
	if (!err || !err->msg || !strpbrk(err->msg, "\n\r"))
		return err;
	for (const char *p = err->msg; *p; p++)
		n += (*p == '\n' || *p == '\r') ? 2 : 1;
	char *s = malloc(n + 1), *w = s;
	if (!s)
		return err; /* keep the message as it is rather than none */
	for (const char *p = err->msg; *p; p++) {
		if (*p == '\n' || *p == '\r') {
			*w++ = '\\';
			*w++ = *p == '\n' ? 'n' : 'r';
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	free(err->msg);
	err->msg = s;
	return err;
}
