/* known_hosts.c - an ssh host key looked up in known_hosts (known_hosts.h). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "sss/error.h"
#include "sss/strbuf.h"

#include "known_hosts.h"

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sss_base64_decode(struct strbuf *out, const char *s, size_t n)
{
	unsigned acc = 0;
	int bits = 0;
	size_t i = 0;

	strbuf_setlen(out, 0);
	for (; i < n && s[i] != '='; i++) {
		const char *p = s[i] ? strchr(b64, s[i]) : NULL;
		if (!p)
			return -1;
		acc = (acc << 6) | (unsigned)(p - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addch(out, (int)((acc >> bits) & 0xff));
		}
	}
	/* only padding may follow, and the leftover bits must be zero */
	for (; i < n; i++)
		if (s[i] != '=')
			return -1;
	if (bits >= 6 || (acc & ((1u << bits) - 1)))
		return -1;
	return 0;
}

static void base64_encode(struct strbuf *out, const unsigned char *d,
			  size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)d[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)d[i + 1] << 8;
		if (i + 2 < n)
			v |= d[i + 2];
		strbuf_addch(out, b64[(v >> 18) & 63]);
		strbuf_addch(out, b64[(v >> 12) & 63]);
		if (i + 1 < n)
			strbuf_addch(out, b64[(v >> 6) & 63]);
		if (i + 2 < n)
			strbuf_addch(out, b64[v & 63]);
	}
}

void sss_hostkey_fingerprint(struct strbuf *out, const unsigned char *key,
			     size_t len)
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256(key, len, md);
	strbuf_addstr(out, "SHA256:");
	base64_encode(out, md, sizeof(md));
}

/* The type string at the start of a key blob (a uint32 length, then the
 * name), into name; false when the blob has none. */
static bool blob_type(const unsigned char *key, size_t len, char *name,
		      size_t size)
{
	size_t n;

	if (len < 4)
		return false;
	n = (size_t)key[0] << 24 | (size_t)key[1] << 16 |
	    (size_t)key[2] << 8 | key[3];
	if (n == 0 || n >= size || n > len - 4)
		return false;
	memcpy(name, key + 4, n);
	name[n] = '\0';
	return true;
}

const char *sss_hostkey_type(const unsigned char *key, size_t len)
{
	char name[64];

	if (!blob_type(key, len, name, sizeof(name)))
		return "unknown";
	if (!strcmp(name, "ssh-ed25519"))
		return "ED25519";
	if (sss_starts_with(name, "ecdsa-sha2-"))
		return "ECDSA";
	if (!strcmp(name, "ssh-rsa"))
		return "RSA";
	if (!strcmp(name, "ssh-dss"))
		return "DSA";
	return "unknown";
}

/* OpenSSH's match_pattern(): `*` and `?` wildcards, case-insensitive
 * (host names are). */
static bool glob_match(const char *s, const char *p)
{
	for (; *p; p++, s++) {
		if (*p == '*') {
			for (; *s; s++)
				if (glob_match(s, p + 1))
					return true;
			return glob_match(s, p + 1);
		}
		if (!*s || (*p != '?' && tolower((unsigned char)*p) !=
						 tolower((unsigned char)*s)))
			return false;
	}
	return !*s;
}

/* A hashed name "|1|salt|hmac": HMAC-SHA1(salt, name) == hmac. */
static bool hashed_match(const char *field, const char *name)
{
	struct strbuf salt = STRBUF_INIT, want = STRBUF_INIT;
	const char *bar = strchr(field + 3, '|');
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	bool ok = false;

	if (!bar ||
	    sss_base64_decode(&salt, field + 3, (size_t)(bar - field - 3)) ||
	    sss_base64_decode(&want, bar + 1, strlen(bar + 1)) ||
	    !HMAC(EVP_sha1(), salt.buf, (int)salt.len,
		  (const unsigned char *)name, strlen(name), md, &mdlen))
		goto done;
	ok = want.len == mdlen && !memcmp(want.buf, md, mdlen);
done:
	strbuf_release(&salt);
	strbuf_release(&want);
	return ok;
}

/* Whether the hosts field of a line names name (one pattern of the
 * comma list matches and no negated one does). */
static bool hosts_match(char *field, const char *name)
{
	char *save = NULL;
	bool hit = false;

	if (sss_starts_with(field, "|1|"))
		return hashed_match(field, name);
	for (char *pat = strtok_r(field, ",", &save); pat;
	     pat = strtok_r(NULL, ",", &save)) {
		bool neg = *pat == '!';
		if (glob_match(name, pat + neg)) {
			if (neg)
				return false;
			hit = true;
		}
	}
	return hit;
}

/* What the best line so far says; a later line can only raise it in the
 * order REVOKED > KNOWN > CHANGED > OTHER_TYPE > UNKNOWN. */
static int rank(enum sss_hostkey_verdict v)
{
	static const int order[] = {
		[SSS_HOSTKEY_UNKNOWN] = 0, [SSS_HOSTKEY_OTHER_TYPE] = 1,
		[SSS_HOSTKEY_CHANGED] = 2, [SSS_HOSTKEY_KNOWN] = 3,
		[SSS_HOSTKEY_REVOKED] = 4,
	};
	return order[v];
}

/* One line of the file: its verdict for name and key, or UNKNOWN. */
static enum sss_hostkey_verdict check_line(char *line, const char *name,
					   const unsigned char *key,
					   size_t len, const char *type,
					   struct strbuf *blob)
{
	const char *sep = " \t\r\n";
	char *save = NULL, *f = strtok_r(line, sep, &save);
	char *hosts, *ktype, *data;
	bool revoked = false, same;

	if (!f || *f == '#')
		return SSS_HOSTKEY_UNKNOWN;
	if (*f == '@') {
		if (strcmp(f, "@revoked"))
			return SSS_HOSTKEY_UNKNOWN; /* @cert-authority */
		revoked = true;
		f = strtok_r(NULL, sep, &save);
	}
	hosts = f;
	ktype = strtok_r(NULL, sep, &save);
	data = strtok_r(NULL, sep, &save);
	if (!hosts || !ktype || !data ||
	    sss_base64_decode(blob, data, strlen(data)))
		return SSS_HOSTKEY_UNKNOWN;
	same = blob->len == len && !memcmp(blob->buf, key, len);
	if (!hosts_match(hosts, name))
		return SSS_HOSTKEY_UNKNOWN;
	if (revoked)
		return same ? SSS_HOSTKEY_REVOKED : SSS_HOSTKEY_UNKNOWN;
	if (same)
		return SSS_HOSTKEY_KNOWN;
	return strcmp(ktype, type) ? SSS_HOSTKEY_OTHER_TYPE
				   : SSS_HOSTKEY_CHANGED;
}

struct sss_error *sss_known_hosts_check(const char *path, const char *host,
					int port, const unsigned char *key,
					size_t len,
					enum sss_hostkey_verdict *out)
{
	struct strbuf name = STRBUF_INIT, blob = STRBUF_INIT;
	struct sss_error *err = NULL;
	char type[64] = "";
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	*out = SSS_HOSTKEY_UNKNOWN;
	if (!(f = fopen(path, "r"))) {
		if (errno != ENOENT && errno != ENOTDIR)
			err = sss_error(SSS_ERR_IO, "cannot read '%s': %s", path,
					strerror(errno));
		return err;
	}
	/* OpenSSH writes a host on the default port by its name alone */
	if (port == 22 || port <= 0)
		strbuf_addstr(&name, host);
	else
		strbuf_addf(&name, "[%s]:%d", host, port);
	blob_type(key, len, type, sizeof(type));
	while (getline(&line, &cap, f) >= 0) {
		enum sss_hostkey_verdict v =
			check_line(line, name.buf, key, len, type, &blob);
		if (rank(v) > rank(*out))
			*out = v;
	}
	if (ferror(f))
		err = sss_error(SSS_ERR_IO, "cannot read '%s': %s", path,
				strerror(errno));
	fclose(f);
	free(line);
	strbuf_release(&name);
	strbuf_release(&blob);
	return err;
}
