/* sha1.h - SHA-1 (FIPS 180-4), for the git index checksum and blob ids.
 * A thin wrapper over OpenSSL's libcrypto (EVP, which uses the x86 SHA
 * extensions where the CPU has them), the library libgit2 links already.
 * Not collision-detecting: use it only for checksums of data we write
 * ourselves or for comparisons whose failure is harmless. */
#ifndef SSS_SHA1_H
#define SSS_SHA1_H

#include <stdbool.h>
#include <stddef.h>

#define SSS_SHA1_LEN 20

struct evp_md_ctx_st; /* OpenSSL's EVP_MD_CTX */

/* One hash in progress. Its state is allocated by sss_sha1_init() and
 * freed by sss_sha1_final() or sss_sha1_release(). */
struct sss_sha1 {
	struct evp_md_ctx_st *ctx; /* NULL when finished or failed */
};

/* Start a new hash in c (which holds no running hash). When libcrypto
 * cannot (out of memory, no SHA-1 in its providers) the hash is marked
 * failed: updates do nothing and sss_sha1_final() says so. */
void sss_sha1_init(struct sss_sha1 *c);
/* Hash len more bytes of data. */
void sss_sha1_update(struct sss_sha1 *c, const void *data, size_t len);
/* Finish: write the 20-byte digest to out and free c's state. Returns
 * false, with out all zeros, when libcrypto could not hash. c must be
 * initialised again before reuse. */
bool sss_sha1_final(struct sss_sha1 *c, unsigned char out[SSS_SHA1_LEN]);
/* Free the state of a hash abandoned before sss_sha1_final(). Does
 * nothing for a finished hash or a zero-filled struct. */
void sss_sha1_release(struct sss_sha1 *c);

#endif
