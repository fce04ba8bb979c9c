/* handwritten.c - the SHA-1 that sssctl carried before it used a library
 * (FIPS 180-4, portable rounds and the x86 SHA extensions), kept only so
 * that the benchmark (tests/bench/sha1/bench.c) can compare the library
 * with it. Not linked into sssctl. */
#include "handwritten.h"

#include <stdbool.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI 1
#endif

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

static void blocks_c(uint32_t h[5], const unsigned char *p, size_t n)
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

#ifdef HAVE_SHA_NI
/* The SHA extensions of x86 (SHA-NI): four rounds an instruction. Every
 * index rewrite hashes the whole git index, megabytes at 100,000
 * tickets. Group g does rounds 4g..4g+3 with message vector m[g % 4];
 * the schedule for later groups is built alongside (msg1, xor, msg2). */
#define GROUP(g)                                                             \
	do {                                                                 \
		const __m128i w_ = m[(g) % 4];                               \
		if ((g) == 0) {                                              \
			e0 = _mm_add_epi32(e0, w_);                          \
			e1 = abcd;                                           \
			abcd = _mm_sha1rnds4_epu32(abcd, e0, 0);             \
		} else if ((g) & 1) {                                        \
			e1 = _mm_sha1nexte_epu32(e1, w_);                    \
			e0 = abcd;                                           \
			abcd = _mm_sha1rnds4_epu32(abcd, e1, (g) / 5);       \
		} else {                                                     \
			e0 = _mm_sha1nexte_epu32(e0, w_);                    \
			e1 = abcd;                                           \
			abcd = _mm_sha1rnds4_epu32(abcd, e0, (g) / 5);       \
		}                                                            \
		if ((g) >= 3 && (g) <= 18)                                   \
			m[((g) + 1) % 4] = _mm_sha1msg2_epu32(m[((g) + 1) % 4], w_); \
		if ((g) >= 1 && (g) <= 16)                                   \
			m[((g) + 3) % 4] = _mm_sha1msg1_epu32(m[((g) + 3) % 4], w_); \
		if ((g) >= 2 && (g) <= 17)                                   \
			m[((g) + 2) % 4] = _mm_xor_si128(m[((g) + 2) % 4], w_); \
	} while (0)

__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_ni(uint32_t h[5], const unsigned char *p, size_t n)
{
	/* big-endian words, the first in the highest lane */
	const __m128i order = _mm_set_epi64x(0x0001020304050607ll, 0x08090a0b0c0d0e0fll);
	__m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0x1b);
	__m128i e0 = _mm_set_epi32((int)h[4], 0, 0, 0), e1;
	__m128i m[4];

	for (; n; n--, p += 64) {
		const __m128i abcd_was = abcd, e_was = e0;
		for (int i = 0; i < 4; i++)
			m[i] = _mm_shuffle_epi8(
				_mm_loadu_si128((const __m128i *)(p + 16 * i)), order);
		GROUP(0); GROUP(1); GROUP(2); GROUP(3); GROUP(4);
		GROUP(5); GROUP(6); GROUP(7); GROUP(8); GROUP(9);
		GROUP(10); GROUP(11); GROUP(12); GROUP(13); GROUP(14);
		GROUP(15); GROUP(16); GROUP(17); GROUP(18); GROUP(19);
		e0 = _mm_sha1nexte_epu32(e0, e_was);
		abcd = _mm_add_epi32(abcd, abcd_was);
	}
	_mm_storeu_si128((__m128i *)h, _mm_shuffle_epi32(abcd, 0x1b));
	h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

static int sha_ni = -1; /* unknown yet */

static bool have_sha_ni(void)
{
	unsigned a, b, c, d;
	if (sha_ni < 0)
		sha_ni = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1) &&
			 (c & bit_SSSE3) &&
			 __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
	return sha_ni;
}
#endif

bool hw_sha1_use_portable(bool portable)
{
#ifdef HAVE_SHA_NI
	bool had = have_sha_ni();
	if (portable)
		sha_ni = 0;
	else
		sha_ni = -1;
	return had;
#else
	(void)portable;
	return false;
#endif
}

static void blocks(uint32_t h[5], const unsigned char *p, size_t n)
{
#ifdef HAVE_SHA_NI
	if (have_sha_ni()) {
		blocks_ni(h, p, n);
		return;
	}
#endif
	blocks_c(h, p, n);
}

void hw_sha1_init(struct hw_sha1 *c)
{
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->h[4] = 0xc3d2e1f0;
	c->len = 0;
	c->used = 0;
}

void hw_sha1_update(struct hw_sha1 *c, const void *data, size_t len)
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

void hw_sha1_final(struct hw_sha1 *c, unsigned char out[20])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = { 0x80 };
	/* 0x80, zeros up to 56 mod 64, then the length in bits */
	size_t n = (c->used < 56 ? 56 : 120) - c->used;
	for (int i = 0; i < 8; i++)
		pad[n + i] = (unsigned char)(bits >> (56 - 8 * i));
	hw_sha1_update(c, pad, n + 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}
