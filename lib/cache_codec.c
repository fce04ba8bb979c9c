/* cache_codec.c - the compact encodings of the scan cache (see
 * cache_codec.h). A packed time is
 *
 *     date:       days since 1970-01-01 << 1 | 1
 *     date-time:  ((local seconds since 1970-01-01T00:00:00) << 7
 *                  | offset in quarter hours + 64) << 1
 *
 * Pure: no files, no clock. */
#include <string.h>

#include "cache_codec.h"
#include "sss/date.h"
#include "sss/strbuf.h"

#define DAY 86400

/* ---- checksums ---------------------------------------------------------- */

/* A 64-bit checksum against accidental damage (not an adversary), four
 * independent lanes so that it runs at memory speed. */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 31;
	h *= 0x7fb5d329728ea185ull;
	h ^= h >> 27;
	h *= 0x81dadef4bc2dd44dull;
	h ^= h >> 33;
	return h;
}

uint64_t sss_cache_checksum(const void *data, size_t n)
{
	const unsigned char *p = data;
	const uint64_t k = 0x9e3779b97f4a7c15ull;
	uint64_t a = 1, b = 2, c = 3, d = 4, w[4];
	size_t len = n;

	while (n >= 32) {
		memcpy(w, p, 32);
		a = (a ^ w[0]) * k;
		b = (b ^ w[1]) * k;
		c = (c ^ w[2]) * k;
		d = (d ^ w[3]) * k;
		a ^= a >> 29;
		b ^= b >> 29;
		c ^= c >> 29;
		d ^= d >> 29;
		p += 32;
		n -= 32;
	}
	uint64_t h = mix(a) ^ mix(b + k) ^ mix(c + 2 * k) ^ mix(d + 3 * k);
	while (n >= 8) {
		memcpy(w, p, 8);
		h = mix(h ^ w[0]);
		p += 8;
		n -= 8;
	}
	w[0] = 0;
	memcpy(w, p, n);
	return mix(h ^ w[0] ^ ((uint64_t)len << 3));
}


void sss_cache_put_varint(struct strbuf *out, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	while (v >= 0x80) {
		b[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b[n++] = (unsigned char)v;
	strbuf_add(out, b, n);
}

bool sss_cache_get_varint_long(const char **p, const char *end, uint64_t *v)
{
	const unsigned char *q = (const unsigned char *)*p;
	uint64_t r = 0;

	for (unsigned shift = 0; shift < 64; shift += 7) {
		if ((const char *)q >= end)
			return false;
		unsigned char b = *q++;
		r |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = r;
			*p = (const char *)q;
			return true;
		}
	}
	return false;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The number of the n digits at s, or -1. */
static int digits(const char *s, int n)
{
	int v;
	return sss_parse_digits(s, n, &v) ? v : -1;
}

static bool pack(const char *s, size_t len, uint64_t *v)
{
	int y, mo, d, h, mi, sec, oh, om;

	if ((len != 10 && len != 25) || s[4] != '-' || s[7] != '-')
		return false;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	if (len == 10) {
		*v = (uint64_t)days << 1 | 1;
		return true;
	}
	if (s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    (s[19] != '+' && s[19] != '-') || s[22] != ':')
		return false;
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	oh = digits(s + 20, 2);
	om = digits(s + 23, 2);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 ||
	    oh < 0 || om < 0 || om % 15)
		return false;
	int q = oh * 4 + om / 15;
	if (s[19] == '-')
		q = -q;
	if (q < -64 || q > 63)
		return false;
	uint64_t local = (uint64_t)days * DAY + (uint64_t)(h * 3600 + mi * 60 + sec);
	*v = ((local << 7) | (uint64_t)(q + 64)) << 1;
	return true;
}

bool sss_cache_time_pack(const char *s, size_t len, uint64_t *v)
{
	char back[SSS_CACHE_TIME_MAX];

	/* "-00:00", a 31st of April...: kept as text */
	return pack(s, len, v) && sss_cache_time_format(*v, back) == len &&
	       !memcmp(back, s, len);
}

static void two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

bool sss_cache_time_ok(uint64_t v)
{
	/* up to 9999-12-31 */
	return (v & 1 ? v >> 1 : (v >> 8) / DAY) <= 2932896;
}

size_t sss_cache_time_format(uint64_t v, char *out)
{
	int y, m, d;

	if (!sss_cache_time_ok(v))
		return 0;
	civil_from_days((int64_t)(v & 1 ? v >> 1 : (v >> 8) / DAY), &y, &m, &d);
	two(out, y / 100);
	two(out + 2, y % 100);
	out[4] = '-';
	two(out + 5, m);
	out[7] = '-';
	two(out + 8, d);
	if (v & 1)
		return 10;
	uint64_t local = v >> 8;
	unsigned sod = (unsigned)(local % DAY);
	int q = (int)((v >> 1) & 0x7f) - 64;
	out[10] = 'T';
	two(out + 11, (int)(sod / 3600));
	out[13] = ':';
	two(out + 14, (int)(sod / 60 % 60));
	out[16] = ':';
	two(out + 17, (int)(sod % 60));
	out[19] = q < 0 ? '-' : '+';
	if (q < 0)
		q = -q;
	two(out + 20, q / 4);
	out[22] = ':';
	two(out + 23, q % 4 * 15);
	return 25;
}
