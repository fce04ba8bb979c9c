/* fuzz.h - what the libFuzzer harnesses of tests/fuzz/ share.
 *
 * A harness checks a property, not only "no crash": when the property
 * fails it prints what differs and calls FUZZ_FAIL, which aborts so that
 * libFuzzer saves the input as a crash. */
#ifndef SSS_FUZZ_H
#define SSS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sss/error.h"
#include "sss/alloc.h"
#include "sss/escape.h"
#include "sss/fileio.h"
#include "sss/json.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

#define FUZZ_FAIL(...)                                                      \
	do {                                                                 \
		fprintf(stderr, "fuzz property failed: " __VA_ARGS__);      \
		fputc('\n', stderr);                                         \
		abort();                                                     \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An error must carry a message of one line that names what it is
 * about; the library never hands back an empty or multi-line message
 * (cmd/main.c prints it as one "sssctl: error:" line). */
static inline void fuzz_check_error(const struct sss_error *err,
				    const char *must_name)
{
	if (!err->msg || !*err->msg)
		FUZZ_FAIL("error %d without a message", err->code);
	if (strchr(err->msg, '\n'))
		FUZZ_FAIL("error message spans lines: %s", err->msg);
	if (must_name && !strstr(err->msg, must_name))
		FUZZ_FAIL("error does not name '%s': %s", must_name, err->msg);
}

/* A NUL-terminated copy of the input (the caller frees it). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
