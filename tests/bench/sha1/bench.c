/* bench.c - SHA-1 microbenchmark for `make bench` (tests/bench/run.sh).
 *
 * Hashes what the git index splice hashes: a buffer the size of the index
 * at 100,000 tickets (9.6 MB), fed in pieces of a few KB, REPEAT times a
 * run; prints the median wall time of RUNS runs for each implementation
 * and the ratio of sss_sha1 (lib/sha1.c, the library sssctl links) to the
 * hand-written code it replaced (handwritten.c). The implementations take
 * turns within each run, each run starting with the next one, so load on
 * the machine hits them alike.
 *
 * usage: bench [RUNS [REPEAT [PIECE]]]   (defaults 11, 5, 4096)
 * Built with -DSHA1_BENCH_EVP / -DSHA1_BENCH_NETTLE it also times
 * OpenSSL's EVP interface / nettle directly (link libcrypto / nettle).
 * Exit status 1 when the implementations disagree on the digest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../../lib/sha1.h"
#include "handwritten.h"

#ifdef SHA1_BENCH_EVP
#include <openssl/evp.h>
#endif
#ifdef SHA1_BENCH_NETTLE
#include <nettle/sha1.h>
#endif

#define INDEX_BYTES 9600000u /* the git index at 100,000 tickets */
#define MAX_IMPL 5

struct input {
	const unsigned char *buf;
	size_t len, piece;
	int repeat;
};

/* The length of the piece that starts at off. */
static size_t piece_at(const struct input *in, size_t off)
{
	return in->len - off < in->piece ? in->len - off : in->piece;
}

static void run_sss(const struct input *in, unsigned char out[20])
{
	for (int r = 0; r < in->repeat; r++) {
		struct sss_sha1 c;
		sss_sha1_init(&c);
		for (size_t off = 0; off < in->len; off += in->piece) {
			size_t n = piece_at(in, off);
			sss_sha1_update(&c, in->buf + off, n);
		}
		sss_sha1_final(&c, out);
	}
}

static void run_hw(const struct input *in, unsigned char out[20])
{
	for (int r = 0; r < in->repeat; r++) {
		struct hw_sha1 c;
		hw_sha1_init(&c);
		for (size_t off = 0; off < in->len; off += in->piece) {
			size_t n = piece_at(in, off);
			hw_sha1_update(&c, in->buf + off, n);
		}
		hw_sha1_final(&c, out);
	}
}

static void run_hw_portable(const struct input *in, unsigned char out[20])
{
	bool had = hw_sha1_use_portable(true);
	run_hw(in, out);
	hw_sha1_use_portable(!had);
}

#ifdef SHA1_BENCH_EVP
static void run_evp(const struct input *in, unsigned char out[20])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	for (int r = 0; c && r < in->repeat; r++) {
		EVP_DigestInit_ex(c, EVP_sha1(), NULL);
		for (size_t off = 0; off < in->len; off += in->piece) {
			size_t n = piece_at(in, off);
			EVP_DigestUpdate(c, in->buf + off, n);
		}
		EVP_DigestFinal_ex(c, out, NULL);
	}
	EVP_MD_CTX_free(c);
}
#endif

#ifdef SHA1_BENCH_NETTLE
static void run_nettle(const struct input *in, unsigned char out[20])
{
	for (int r = 0; r < in->repeat; r++) {
		struct sha1_ctx c;
		sha1_init(&c);
		for (size_t off = 0; off < in->len; off += in->piece) {
			size_t n = piece_at(in, off);
			sha1_update(&c, n, in->buf + off);
		}
		sha1_digest(&c, SHA1_DIGEST_SIZE, out);
	}
}
#endif

static const struct impl {
	const char *name;
	void (*run)(const struct input *, unsigned char[20]);
} impls[] = {
    {"sss_sha1 (lib/sha1.c)", run_sss},
    {"hand-written, SHA extensions", run_hw},
    {"hand-written, portable rounds", run_hw_portable},
#ifdef SHA1_BENCH_EVP
    {"OpenSSL EVP_sha1 (direct)", run_evp},
#endif
#ifdef SHA1_BENCH_NETTLE
    {"nettle sha1 (direct)", run_nettle},
#endif
};
#define N_IMPL (sizeof(impls) / sizeof(impls[0]))

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 11;
	int repeat = argc > 2 ? atoi(argv[2]) : 5;
	long piece = argc > 3 ? atol(argv[3]) : 4096;
	unsigned char *buf = NULL, want[20], got[20];
	double *ms = NULL, med[MAX_IMPL];
	int rc = 1;

	if (runs < 1 || repeat < 1 || piece < 1) {
		fprintf(stderr, "usage: bench [RUNS [REPEAT [PIECE]]]\n");
		return 2;
	}
	buf = malloc(INDEX_BYTES);
	ms = malloc(sizeof(*ms) * (size_t)runs * N_IMPL);
	if (!buf || !ms)
		goto done;
	/* a fixed pseudo-random pattern, like the entries' hashes and stats */
	for (size_t i = 0; i < INDEX_BYTES; i++)
		buf[i] = (unsigned char)(((uint32_t)(i * 2654435761u)) >> 13);
	struct input in = {buf, INDEX_BYTES, (size_t)piece, repeat};

	for (int r = -1; r < runs; r++) { /* run -1 warms up and checks */
		for (size_t i = 0; i < N_IMPL; i++) {
			/* each run starts with the next one: no fixed order */
			size_t k = r < 0 ? i : (i + (size_t)r) % N_IMPL;
			double t0 = now_ms();
			impls[k].run(&in, got);
			double t1 = now_ms();
			if (r < 0) {
				if (k == 0)
					memcpy(want, got, sizeof(want));
				else if (memcmp(want, got, sizeof(want))) {
					fprintf(stderr,
						"bench: %s disagrees with %s\n",
						impls[k].name, impls[0].name);
					goto done;
				}
			} else {
				ms[k * (size_t)runs + (size_t)r] = t1 - t0;
			}
		}
	}
	printf("SHA-1 of %.1f MB in pieces of %ld bytes, %d times a run; "
	       "median of %d runs\n",
	       INDEX_BYTES / 1e6, piece, repeat, runs);
	for (size_t k = 0; k < N_IMPL; k++) {
		med[k] = median(ms + k * (size_t)runs, runs);
		printf("  %-32s %8.1f ms  %6.0f MB/s\n", impls[k].name, med[k],
		       INDEX_BYTES / 1e6 * repeat / (med[k] / 1e3));
	}
	printf("ratio sss_sha1 / hand-written (SHA extensions): %.3f\n",
	       med[0] / med[1]);
	rc = 0;
done:
	free(buf);
	free(ms);
	return rc;
}
