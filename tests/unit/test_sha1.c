/* test_sha1.c - SHA-1 (lib/sha1.c over libcrypto) against the FIPS 180
 * test vectors. */
#include "unit.h"

#include <stdio.h>

#include "../../lib/sha1.h"

static void hex(const unsigned char *d, char out[41])
{
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void test_vectors(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "a49b2446a02c645bf419f995b67091253a04a259" },
		/* git's id of the empty blob */
		{ "blob 0", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sss_sha1 c;
		unsigned char d[20];
		char got[41];
		sss_sha1_init(&c);
		/* "blob 0" includes its NUL terminator, as git hashes it */
		sss_sha1_update(&c, cases[i].in,
				strlen(cases[i].in) + (i == 4));
		sss_sha1_final(&c, d);
		hex(d, got);
		assert_string_equal(got, cases[i].want);
	}
}

/* One million 'a', fed in uneven pieces so every buffering path runs. */
static void test_million_a(void **state)
{
	(void)state;
	static char a[1024]; /* steps reach 1003 bytes */
	struct sss_sha1 c;
	unsigned char d[20];
	char got[41];
	size_t done = 0, step = 1;
	memset(a, 'a', sizeof(a));
	sss_sha1_init(&c);
	while (done < 1000000) {
		size_t n = step < 1000000 - done ? step : 1000000 - done;
		sss_sha1_update(&c, a, n);
		done += n;
		step = step % 997 + 7;
	}
	sss_sha1_final(&c, d);
	hex(d, got);
	assert_string_equal(got, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* Every length around the padding boundaries (55, 56, 63, 64 bytes...),
 * in one piece and byte by byte, must agree. */
static void test_lengths(void **state)
{
	(void)state;
	unsigned char msg[200];
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(msg); len++) {
		struct sss_sha1 c1, c2;
		unsigned char d1[20], d2[20];
		sss_sha1_init(&c1);
		sss_sha1_update(&c1, msg, len);
		sss_sha1_final(&c1, d1);
		sss_sha1_init(&c2);
		for (size_t i = 0; i < len; i++)
			sss_sha1_update(&c2, msg + i, 1);
		sss_sha1_final(&c2, d2);
		assert_memory_equal(d1, d2, 20);
	}
	/* and one of them against a known digest: 64 x 'a' */
	struct sss_sha1 c;
	unsigned char d[20];
	char got[41];
	memset(msg, 'a', 64);
	sss_sha1_init(&c);
	sss_sha1_update(&c, msg, 64);
	sss_sha1_final(&c, d);
	hex(d, got);
	assert_string_equal(got, "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

/* 1 MiB of a fixed pseudo-random pattern in uneven pieces (partial
 * blocks around the library's fast path): the digest that Python's
 * hashlib gives for the same bytes. */
static void test_big_pattern(void **state)
{
	(void)state;
	static const char want[] = "59656b1808e5e200f384da4bf24cfdb520608fae";
	size_t n = 1u << 20;
	unsigned char *b = malloc(n), out[SSS_SHA1_LEN];
	struct sss_sha1 c;
	char got[41];
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(((uint32_t)(i * 2654435761u)) >> 13);
	sss_sha1_init(&c);
	for (size_t off = 0, k = 1; off < n; k = k * 7 % 1000 + 1) {
		size_t take = n - off < k ? n - off : k;
		sss_sha1_update(&c, b + off, take);
		off += take;
	}
	assert_true(sss_sha1_final(&c, out));
	hex(out, got);
	assert_string_equal(got, want);
	free(b);
}

/* The state lives in libcrypto: final frees it, release frees a hash
 * abandoned half way (the sanitizer run would report a leak), and either
 * is harmless on a finished hash. Two hashes run side by side. */
static void test_state(void **state)
{
	(void)state;
	struct sss_sha1 a, b, zero = { 0 };
	unsigned char d[SSS_SHA1_LEN];
	char got[41];
	sss_sha1_init(&a);
	sss_sha1_init(&b);
	sss_sha1_update(&a, "ab", 2);
	sss_sha1_update(&b, "unfinished", 10);
	sss_sha1_update(&a, "c", 1);
	sss_sha1_release(&b);
	sss_sha1_release(&b);
	assert_null(b.ctx);
	assert_true(sss_sha1_final(&a, d));
	assert_null(a.ctx);
	hex(d, got);
	assert_string_equal(got, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sss_sha1_release(&a);
	sss_sha1_release(&zero);
	/* a finished hash cannot be finished again: zeros, and false */
	assert_false(sss_sha1_final(&a, d));
	for (int i = 0; i < SSS_SHA1_LEN; i++)
		assert_int_equal(d[i], 0);
	/* the same struct, initialised again */
	sss_sha1_init(&a);
	assert_true(sss_sha1_final(&a, d));
	hex(d, got);
	assert_string_equal(got, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_big_pattern),
		cmocka_unit_test(test_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
