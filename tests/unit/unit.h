/* unit.h - what every unit test includes: cmocka and small helpers. */
#ifndef SSS_UNIT_H
#define SSS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sss/error.h"
#include "sss/strbuf.h"

/* Fail the test with the error's message when err is not NULL. */
#define assert_ok(expr)                                                      \
	do {                                                                 \
		struct sss_error *err_ = (expr);                             \
		if (err_) {                                                  \
			print_error("%s\n", err_->msg);                      \
			sss_error_free(err_);                                \
			fail();                                              \
		}                                                            \
	} while (0)

/* Assert that expr fails with code and a message containing needle. */
#define assert_fails(expr, code_, needle)                                    \
	do {                                                                 \
		struct sss_error *err_ = (expr);                             \
		assert_non_null(err_);                                       \
		if (err_->code != (code_) || !strstr(err_->msg, (needle))) { \
			print_error("got code %d: %s\n", (int)err_->code,    \
				    err_->msg);                              \
			sss_error_free(err_);                                \
			fail();                                              \
		}                                                            \
		sss_error_free(err_);                                        \
	} while (0)

/* Run a shell command in the directory dir with git's configuration and
 * identity fixed (no system or global config); return its output (caller
 * frees), or NULL when it fails. For tests that make a git repository
 * and look at it with git itself. */
static inline char *unit_sh(const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline char *unit_sh(const char *dir, const char *fmt, ...)
{
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
	va_list ap;
	char buf[4096];
	size_t n;
	strbuf_addf(&cmd, "cd '%s' && export GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent "
		    "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@x GIT_COMMITTER_NAME=t "
		    "GIT_COMMITTER_EMAIL=t@x && ", dir);
	va_start(ap, fmt);
	strbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd.buf, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(&out, buf, n);
	int rc = pclose(p);
	strbuf_release(&cmd);
	if (rc != 0) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

/* Assert that the shell command cmd succeeds in dir with exactly this
 * output. */
static inline void unit_sh_expect(const char *dir, const char *want, const char *cmd)
{
	char *got = unit_sh(dir, "%s", cmd);
	if (!got)
		fail_msg("'%s' failed", cmd);
	if (strcmp(got, want))
		fail_msg("'%s' printed:\n%s\nwanted:\n%s", cmd, got, want);
	free(got);
}

#endif
