/* sha1.c - SHA-1 through OpenSSL's EVP interface (see sha1.h). */
#include "sha1.h"

#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>

static EVP_MD *sha1_md;
static pthread_once_t sha1_once = PTHREAD_ONCE_INIT;

/* An explicit fetch, once: EVP_sha1() would look the algorithm up in the
 * provider's table at every init. Kept for the life of the process. */
static void fetch_sha1(void)
{
	sha1_md = EVP_MD_fetch(NULL, "SHA1", NULL);
}

void sss_sha1_init(struct sss_sha1 *c)
{
	pthread_once(&sha1_once, fetch_sha1);
	c->ctx = sha1_md ? EVP_MD_CTX_new() : NULL;
	if (c->ctx && !EVP_DigestInit_ex2(c->ctx, sha1_md, NULL))
		sss_sha1_release(c);
}

void sss_sha1_update(struct sss_sha1 *c, const void *data, size_t len)
{
	if (c->ctx && !EVP_DigestUpdate(c->ctx, data, len))
		sss_sha1_release(c);
}

bool sss_sha1_final(struct sss_sha1 *c, unsigned char out[SSS_SHA1_LEN])
{
	unsigned int n = 0;
	bool ok =
	    c->ctx && EVP_DigestFinal_ex(c->ctx, out, &n) && n == SSS_SHA1_LEN;
	if (!ok)
		memset(out, 0, SSS_SHA1_LEN);
	sss_sha1_release(c);
	return ok;
}

void sss_sha1_release(struct sss_sha1 *c)
{
	EVP_MD_CTX_free(c->ctx);
	c->ctx = NULL;
}
