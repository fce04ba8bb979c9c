/* index_v4.h - private to the git layer (lib/git/): the paths of an index
 * of version 4, for index.c.
 *
 * Version 4 (`git update-index --index-version 4`, feature.manyFiles)
 * writes each entry's path as a varint N, the number of bytes to drop from
 * the end of the previous entry's path, then the rest of the path and one
 * NUL (no padding). A path is therefore known only from the one before.
 * One pass decodes them all into a small buffer (no copy of every path: at
 * 100,000 tickets that cost more than the shorter index saved) and keeps
 * the whole path of every 16th entry; a path asked for later is decoded
 * from the nearest kept one before it.
 */
#ifndef SSS_GIT_INDEX_V4_H
#define SSS_GIT_INDEX_V4_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

#define ENTRY_FIXED 62 /* an entry up to its flags (16 bits at 60) */
#define FLAG_EXTENDED 0x4000 /* 16 more bits of flags follow (v3, v4) */
#define NAME_MASK 0xfff

struct sss_v4_names;

/* The paths of an index of count entries, none decoded yet. */
struct sss_v4_names *sss_v4_new(size_t count);

/* Decode entry i's path (i: 0, 1, 2, ... in order) from its compressed
 * form at q, with room bytes left in the index. The bytes the compressed
 * path takes, or 0 when it is malformed. */
size_t sss_v4_step(struct sss_v4_names *n, size_t i, const char *q,
		   size_t room);

/* All count entries were decoded. */
void sss_v4_parsed(struct sss_v4_names *n, size_t count);

/* Entry i's whole path and its length, once parsed (map, size, off: the
 * index and its entries' offsets). Valid until the next call. */
const char *sss_v4_name(struct sss_v4_names *n, size_t i,
			const unsigned char *map, size_t size,
			const uint32_t *off, size_t *len);

void sss_v4_free(struct sss_v4_names *n);

/* Append path (len bytes) compressed against prev (prev_len bytes; 0: the
 * first entry), as version 4 writes it after an entry's fixed part. */
void sss_v4_encode_path(struct strbuf *out, const char *prev, size_t prev_len,
			const char *path, size_t len);

#endif
