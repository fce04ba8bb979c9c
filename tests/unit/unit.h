/* unit.h - what every unit test includes: cmocka and small helpers. */
#ifndef SSS_UNIT_H
#define SSS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sss/error.h"

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

#endif
