/* handwritten.h - the hand-written SHA-1 that lib/sha1.c replaced, for
 * the benchmark only (tests/bench/sha1/bench.c). */
#ifndef HW_SHA1_H
#define HW_SHA1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hw_sha1 {
	uint32_t h[5];
	uint64_t len;	/* bytes hashed so far */
	unsigned char buf[64];
	size_t used;	/* bytes waiting in buf */
};

/* Force the portable C rounds (true) or use the x86 SHA extensions where
 * the CPU has them (false). Returns whether the CPU path was in use. */
bool hw_sha1_use_portable(bool portable);
/* Start a new hash in place. */
void hw_sha1_init(struct hw_sha1 *c);
/* Hash len more bytes of data. */
void hw_sha1_update(struct hw_sha1 *c, const void *data, size_t len);
/* Write the 20-byte digest to out; initialise c again before reuse. */
void hw_sha1_final(struct hw_sha1 *c, unsigned char out[20]);

#endif
