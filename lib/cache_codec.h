/* cache_codec.h - the compact encodings of the scan cache's records
 * (cache.c): variable-length integers and the date-times of the front
 * matter packed into one. Private to the cache. */
#ifndef SSS_CACHE_CODEC_H
#define SSS_CACHE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* The longest text sss_cache_time_format() writes. */
#define SSS_CACHE_TIME_MAX 25

/* A 64-bit checksum of n bytes against accidental damage (not an
 * adversary). */
uint64_t sss_cache_checksum(const void *data, size_t n);

/* Append v as a LEB128 varint (7 bits a byte, least significant first). */
void sss_cache_put_varint(struct strbuf *out, uint64_t v);

/* Read a varint at *p (before end) into *v and move *p past it; false
 * when it runs past end or over 64 bits. */
bool sss_cache_get_varint_long(const char **p, const char *end, uint64_t *v);

static inline bool sss_cache_get_varint(const char **p, const char *end,
					uint64_t *v)
{
	/* most are one byte: a tag, a length, a delta */
	if (*p < end && !(**p & 0x80)) {
		*v = (unsigned char)*(*p)++;
		return true;
	}
	return sss_cache_get_varint_long(p, end, v);
}

/* A signed value as an unsigned one with small magnitudes small. */
static inline uint64_t sss_cache_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t sss_cache_unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* Pack s (len bytes): a date "YYYY-MM-DD" or a date-time
 * "YYYY-MM-DDTHH:MM:SS+HH:MM" (an offset in quarter hours), from 1970 on,
 * into *v. False when s is anything else, or would not come back from
 * sss_cache_time_format() byte for byte. */
bool sss_cache_time_pack(const char *s, size_t len, uint64_t *v);

/* Whether v is a packed value (sss_cache_time_format() writes it). */
bool sss_cache_time_ok(uint64_t v);

/* Write the text of a packed v into out (at least SSS_CACHE_TIME_MAX
 * bytes, no NUL); returns its length, 0 when v is no packed value. */
size_t sss_cache_time_format(uint64_t v, char *out);

#endif
