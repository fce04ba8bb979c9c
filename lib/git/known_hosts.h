/* known_hosts.h - the check of an ssh server's host key against
 * ~/.ssh/known_hosts (private to lib/git/: remote.c uses it), which
 * libssh2 does not make by itself.
 *
 * The file is read as OpenSSH writes it: "[marker] hosts keytype base64
 * [comment]" lines; hosts is a comma list of patterns (`*` and `?`
 * wildcards, `!` negation, "[host]:port" for a port other than 22) or
 * one hashed name "|1|salt|hmac" (HMAC-SHA1 of the name with the salt,
 * as `ssh-keygen -H` and HashKnownHosts write it); the marker @revoked
 * names a key that is refused for every host it matches; @cert-authority
 * lines are skipped (host certificates are not checked here). Key types:
 * ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa (any other type is
 * compared as a blob all the same).
 */
#ifndef SSS_GIT_KNOWN_HOSTS_H
#define SSS_GIT_KNOWN_HOSTS_H

#include <stddef.h>

struct sss_error;
struct strbuf;

enum sss_hostkey_verdict {
	SSS_HOSTKEY_KNOWN,      /* an entry for the host has this key */
	SSS_HOSTKEY_UNKNOWN,    /* no entry names the host */
	SSS_HOSTKEY_OTHER_TYPE, /* the host's entries have keys of other types only */
	SSS_HOSTKEY_CHANGED,    /* the host has a key of this type, a different one */
	SSS_HOSTKEY_REVOKED,    /* a @revoked line names this key */
};

/* Look the server host (a name or address as in the URL; port 22 or
 * another) with its host key key[0..len) (the key blob as the SSH
 * protocol sends it, which is what known_hosts holds in base64) up in the
 * file path and set *out. A missing file is SSS_HOSTKEY_UNKNOWN; one that
 * cannot be read is an error naming it. */
struct sss_error *sss_known_hosts_check(const char *path, const char *host,
					int port, const unsigned char *key,
					size_t len,
					enum sss_hostkey_verdict *out);

/* Append the key's fingerprint as OpenSSH prints it: "SHA256:" and the
 * unpadded base64 of the SHA-256 of the blob. */
void sss_hostkey_fingerprint(struct strbuf *out, const unsigned char *key,
			     size_t len);

/* The key's type as people name it ("ED25519", "ECDSA", "RSA"), from the
 * type string at the start of the blob; "unknown" when there is none.
 * A static string. */
const char *sss_hostkey_type(const unsigned char *key, size_t len);

/* Decode the base64 text s[0..n) (padding optional) into out (which is
 * reset). Returns 0, or -1 when s is not base64. */
int sss_base64_decode(struct strbuf *out, const char *s, size_t n);

#endif
