/* tls.c - starting libgit2 without loading the system's CA certificates
 * for a command that never opens a connection (see git_priv.h).
 *
 * libgit2 built with mbedTLS (Debian's 1.5) reads and parses the whole
 * compiled-in certificate bundle inside git_libgit2_init(), before any
 * option can be set: about 4 ms of every `new`, most of the start-up of
 * a change. libgit2 loads it through mbedtls_x509_crt_parse_file(); this
 * file defines that function, so the dynamic linker binds libgit2's call
 * here (the executable comes first in the lookup order). While
 * sss_git_init() runs git_libgit2_init() the call only records the file
 * and loads nothing (an empty chain, which verifies no certificate: a
 * connection made before sss_git_tls_ready() is refused, never trusted);
 * every other call, and the deferred load itself, goes to mbedTLS's own
 * function. A libgit2 built with another TLS library never calls it.
 */
#include <dlfcn.h>
#include <stdlib.h>

#include "git_priv.h"
#include "sss/alloc.h"

struct mbedtls_x509_crt;
/* mbedTLS's prototype (mbedtls/x509_crt.h), for the interposed one */
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
				const char *path);

static bool deferring;
static char *deferred; /* the bundle libgit2 asked for at its start */

/* MBEDTLS_ERR_X509_FILE_IO_ERROR: mbedTLS itself cannot be found */
#define FILE_IO_ERROR (-0x2900)

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
				const char *path)
{
	typedef int parse_fn(struct mbedtls_x509_crt *, const char *);
	static parse_fn *real;

	if (deferring && path) {
		free(deferred);
		deferred = xstrdup(path);
		return 0;
	}
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	return real ? real(chain, path) : FILE_IO_ERROR;
}

void sss_git_init(void)
{
	deferring = true;
	git_libgit2_init();
	deferring = false;
}

void sss_git_tls_ready(void)
{
	if (!deferred)
		return;
	/* what libgit2's start would have done: a bundle that cannot be
	 * read leaves no certificate, as there */
	if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, deferred, NULL) < 0)
		git_error_clear();
	free(deferred);
	deferred = NULL;
}
