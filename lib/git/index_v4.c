/* index_v4.c - the paths of an index of version 4 (see index_v4.h). */
#include "index_v4.h"

#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/strbuf.h"

#define CK 16 /* every CK-th entry's whole path is kept */

struct sss_v4_names {
	char *ck;      /* the kept paths: entry c * CK's at ck + ckoff[c], */
	size_t *ckoff; /* cklen[c] bytes and a NUL */
	size_t *cklen;
	size_t ck_len, ck_alloc;
	char *buf;     /* entry cur's path (SIZE_MAX: none) */
	size_t len, alloc, cur;
};

/* git's varint (varint.c): 7 bits a byte, the high bit set on all but the
 * last, each continuation adding one. The bytes used, 0 when malformed. */
static size_t get_varint(const unsigned char *p, size_t room, size_t *out)
{
	size_t i = 0, val;
	if (!room)
		return 0;
	unsigned char c = p[i++];
	val = c & 127;
	while (c & 128) {
		if (i >= room || val > (SIZE_MAX >> 8))
			return 0;
		c = p[i++];
		val = ((val + 1) << 7) + (c & 127);
	}
	*out = val;
	return i;
}

static size_t put_varint(unsigned char *buf, size_t value)
{
	unsigned char tmp[16];
	size_t pos = sizeof(tmp) - 1;
	tmp[pos] = value & 127;
	while (value >>= 7)
		tmp[--pos] = (unsigned char)(128 | (--value & 127));
	memcpy(buf, tmp + pos, sizeof(tmp) - pos);
	return sizeof(tmp) - pos;
}

struct sss_v4_names *sss_v4_new(size_t count)
{
	struct sss_v4_names *n = xcalloc(1, sizeof(*n));
	n->ckoff = xmalloc((count / CK + 1) * sizeof(*n->ckoff));
	n->cklen = xmalloc((count / CK + 1) * sizeof(*n->cklen));
	n->cur = SIZE_MAX;
	return n;
}

/* Apply the compressed path at q to the path in n->buf. */
static size_t step(struct sss_v4_names *n, const char *q, size_t room)
{
	size_t strip;
	size_t vlen = get_varint((const unsigned char *)q, room, &strip);
	if (!vlen || strip > n->len)
		return 0;
	const char *suffix = q + vlen;
	const char *nul = memchr(suffix, 0, room - vlen);
	if (!nul)
		return 0;
	size_t slen = (size_t)(nul - suffix), keep = n->len - strip;
	if (keep + slen == 0)
		return 0;
	SSS_GROW(n->buf, n->alloc, keep + slen + 1);
	memcpy(n->buf + keep, suffix, slen);
	n->buf[keep + slen] = '\0';
	n->len = keep + slen;
	return vlen + slen + 1;
}

size_t sss_v4_step(struct sss_v4_names *n, size_t i, const char *q,
		   size_t room)
{
	if (i == 0)
		n->len = 0;
	size_t used = step(n, q, room);
	if (!used || i % CK)
		return used;
	size_t c = i / CK;
	SSS_GROW(n->ck, n->ck_alloc, n->ck_len + n->len + 1);
	memcpy(n->ck + n->ck_len, n->buf, n->len + 1);
	n->ckoff[c] = n->ck_len;
	n->cklen[c] = n->len;
	n->ck_len += n->len + 1;
	return used;
}

void sss_v4_parsed(struct sss_v4_names *n, size_t count)
{
	n->cur = count ? count - 1 : SIZE_MAX;
}

const char *sss_v4_name(struct sss_v4_names *n, size_t i,
			const unsigned char *map, size_t size,
			const uint32_t *off, size_t *len)
{
	if (n->cur != i) {
		size_t c = i / CK, from = c * CK;
		if (n->cur == SIZE_MAX || n->cur > i || n->cur < from) {
			n->len = n->cklen[c];
			SSS_GROW(n->buf, n->alloc, n->len + 1);
			memcpy(n->buf, n->ck + n->ckoff[c], n->len + 1);
			n->cur = from;
		}
		while (n->cur < i) {
			const unsigned char *p = map + off[++n->cur];
			const char *q = (const char *)p + ENTRY_FIXED +
					((p[60] << 8 | p[61]) & FLAG_EXTENDED ? 2 : 0);
			step(n, q, (size_t)((const char *)map + size - q));
		}
	}
	*len = n->len;
	return n->buf;
}

void sss_v4_free(struct sss_v4_names *n)
{
	if (!n)
		return;
	free(n->ck);
	free(n->ckoff);
	free(n->cklen);
	free(n->buf);
	free(n);
}

void sss_v4_encode_path(struct strbuf *out, const char *prev, size_t prev_len,
			const char *path, size_t len)
{
	unsigned char v[16];
	size_t common = 0;
	while (common < prev_len && common < len && prev[common] == path[common])
		common++;
	strbuf_add(out, v, put_varint(v, prev_len - common));
	strbuf_add(out, path + common, len - common);
	strbuf_addch(out, '\0');
}
