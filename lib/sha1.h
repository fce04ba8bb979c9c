/* sha1.h - SHA-1 (FIPS 180-4), for the git index checksum and blob ids.
 * A plain implementation: not collision-detecting, so use it only for
 * checksums of data we write ourselves or for comparisons whose failure
 * is harmless. */
#ifndef SSS_SHA1_H
#define SSS_SHA1_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define SSS_SHA1_LEN 20

struct sss_sha1 {
	uint32_t h[5];
	uint64_t len;	/* bytes hashed so far */
	unsigned char buf[64];
	size_t used;	/* bytes waiting in buf */
};

/* Start a new hash in place. */
/* Tests: force the portable C rounds (true) or go back to using the x86
 * SHA extensions where the CPU has them (false). Returns whether the CPU
 * path was in use before. */
bool sss_sha1_use_portable(bool portable);

void sss_sha1_init(struct sss_sha1 *c);
/* Hash len more bytes of data. */
void sss_sha1_update(struct sss_sha1 *c, const void *data, size_t len);
/* Finish: write the 20-byte digest to out. c must be initialised again
 * before reuse. */
void sss_sha1_final(struct sss_sha1 *c, unsigned char out[SSS_SHA1_LEN]);

#endif
