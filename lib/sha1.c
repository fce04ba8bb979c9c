/* sha1.c - SHA-1 as specified in FIPS 180-4, written for sssctl. */
#include "sha1.h"

#include <string.h>

static inline uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The 80 rounds keep only a 16-word window of the message schedule. */
#define W(t) (w[(t)&15] = rol(w[((t) + 13) & 15] ^ w[((t) + 8) & 15] ^ \
				    w[((t) + 2) & 15] ^ w[(t)&15], 1))
#define ROUND(a, b, c, d, e, f, k, x)                     \
	do {                                              \
		e += rol(a, 5) + (f) + (k) + (x);         \
		b = rol(b, 30);                           \
	} while (0)
#define F1(b, c, d) (d ^ (b & (c ^ d)))
#define F2(b, c, d) (b ^ c ^ d)
#define F3(b, c, d) ((b & c) | (d & (b | c)))

static void blocks(uint32_t h[5], const unsigned char *p, size_t n)
{
	uint32_t w[16];
	for (; n; n--, p += 64) {
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
		int t;
		for (t = 0; t < 16; t++)
			w[t] = be32(p + 4 * t);
		/* five registers rotate by renaming: unroll by five */
		for (t = 0; t < 15; t += 5) {
			ROUND(a, b, c, d, e, F1(b, c, d), 0x5a827999, w[t]);
			ROUND(e, a, b, c, d, F1(a, b, c), 0x5a827999, w[t + 1]);
			ROUND(d, e, a, b, c, F1(e, a, b), 0x5a827999, w[t + 2]);
			ROUND(c, d, e, a, b, F1(d, e, a), 0x5a827999, w[t + 3]);
			ROUND(b, c, d, e, a, F1(c, d, e), 0x5a827999, w[t + 4]);
		}
		ROUND(a, b, c, d, e, F1(b, c, d), 0x5a827999, w[15]);
		ROUND(e, a, b, c, d, F1(a, b, c), 0x5a827999, W(16));
		ROUND(d, e, a, b, c, F1(e, a, b), 0x5a827999, W(17));
		ROUND(c, d, e, a, b, F1(d, e, a), 0x5a827999, W(18));
		ROUND(b, c, d, e, a, F1(c, d, e), 0x5a827999, W(19));
		for (t = 20; t < 40; t += 5) {
			ROUND(a, b, c, d, e, F2(b, c, d), 0x6ed9eba1, W(t));
			ROUND(e, a, b, c, d, F2(a, b, c), 0x6ed9eba1, W(t + 1));
			ROUND(d, e, a, b, c, F2(e, a, b), 0x6ed9eba1, W(t + 2));
			ROUND(c, d, e, a, b, F2(d, e, a), 0x6ed9eba1, W(t + 3));
			ROUND(b, c, d, e, a, F2(c, d, e), 0x6ed9eba1, W(t + 4));
		}
		for (t = 40; t < 60; t += 5) {
			ROUND(a, b, c, d, e, F3(b, c, d), 0x8f1bbcdc, W(t));
			ROUND(e, a, b, c, d, F3(a, b, c), 0x8f1bbcdc, W(t + 1));
			ROUND(d, e, a, b, c, F3(e, a, b), 0x8f1bbcdc, W(t + 2));
			ROUND(c, d, e, a, b, F3(d, e, a), 0x8f1bbcdc, W(t + 3));
			ROUND(b, c, d, e, a, F3(c, d, e), 0x8f1bbcdc, W(t + 4));
		}
		for (t = 60; t < 80; t += 5) {
			ROUND(a, b, c, d, e, F2(b, c, d), 0xca62c1d6, W(t));
			ROUND(e, a, b, c, d, F2(a, b, c), 0xca62c1d6, W(t + 1));
			ROUND(d, e, a, b, c, F2(e, a, b), 0xca62c1d6, W(t + 2));
			ROUND(c, d, e, a, b, F2(d, e, a), 0xca62c1d6, W(t + 3));
			ROUND(b, c, d, e, a, F2(c, d, e), 0xca62c1d6, W(t + 4));
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
	}
}

void sss_sha1_init(struct sss_sha1 *c)
{
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->h[4] = 0xc3d2e1f0;
	c->len = 0;
	c->used = 0;
}

void sss_sha1_update(struct sss_sha1 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	c->len += len;
	if (c->used) {
		size_t take = 64 - c->used < len ? 64 - c->used : len;
		memcpy(c->buf + c->used, p, take);
		c->used += take;
		p += take;
		len -= take;
		if (c->used < 64)
			return;
		blocks(c->h, c->buf, 1);
		c->used = 0;
	}
	if (len >= 64) {
		blocks(c->h, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	memcpy(c->buf, p, len);
	c->used = len;
}

void sss_sha1_final(struct sss_sha1 *c, unsigned char out[SSS_SHA1_LEN])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = { 0x80 };
	/* 0x80, zeros up to 56 mod 64, then the length in bits */
	size_t n = (c->used < 56 ? 56 : 120) - c->used;
	for (int i = 0; i < 8; i++)
		pad[n + i] = (unsigned char)(bits >> (56 - 8 * i));
	sss_sha1_update(c, pad, n + 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}
