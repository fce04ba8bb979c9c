/* cache_record.h - one record of the scan cache (cache.c): its string
 * slots, how they are written and read back, and the ticket's JSON
 * rebuilt from them. Private to the cache. */
#ifndef SSS_CACHE_RECORD_H
#define SSS_CACHE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sss/strbuf.h"

struct sss_ticket;

/* The string slots of a record. The scalar fields come first, in the
 * order of SSS_TICKET_SCALARS (the order of the JSON's members). */
enum {
	S_ID,
	S_TITLE,
	S_SOW,
	S_KIND,
	S_STATUS,
	S_PRIORITY,
	S_ASSIGNEE,
	S_REQUESTER,
	S_MESSAGE_ID,
	S_CREATED,
	S_UPDATED,
	S_DUE,
	S_ESTIMATE,
	S_CLOSED,
	S_RECURRENCE,
	NSCALAR,
	S_LINKS = NSCALAR,
	S_RESOLUTION, /* kept for incidents only: what the reports read */
	S_MINUTES,
	S_SLA,	/* sss_sla_history(): a field of its own */
	S_DIGEST, /* sss_worklog_digest(): what the reports read of the log */
	S_REST, /* the JSON's members after the scalars (see above) */
	S_JSON, /* the whole JSON, when rebuilding would not give it */
	NSTR
};

/* The kinds of a slot's tag. */
enum { K_NONE, K_RAW, K_SET, K_TIME };
#define TAG_UNKEPT (1u << 2 | K_NONE)
/* the record's flags */
#define REC_PATH 1u

/* A ticket file's lstat identity, as the record keeps it. */
struct sss_cache_ident {
	int64_t size, mtime_s, mtime_ns, ctime_s, ctime_ns;
	uint64_t ino, dev;
};

struct sss_cache_entry {
	/* a slot is decoded when first asked for: a warm list looks at a
	 * few of them in most records */
	struct sss_cache_entry *self; /* for that; NULL: all decoded */
	struct strbuf *dec;	      /* where to (grown for them all) */
	unsigned done;		      /* the slots (bits) decoded */
	unsigned char kind[NSTR];     /* K_*: how the record holds them */
	const char *raw[NSTR];	      /* K_RAW: in the record */
	uint64_t val[NSTR];	      /* K_SET: the index, K_TIME: packed */
	const char *str[NSTR]; /* decoded; NULL: unset */
	uint32_t len[NSTR];
	unsigned unkept;       /* slots (bits) the record does not keep */
	const char *path;
	size_t path_len;
	uint64_t spent;	  /* the JSON's "spent_min" */
	uint64_t estimate; /* "estimate_min": 0 null, else zigzag + 1 */
};


/* Slot i of e (NULL: unset or not kept), decoded when first asked; *len
 * its length. */
const char *sss_cache_slot(const struct sss_cache_entry *e, int i,
			   uint32_t *len);

/* The name sss_cache_entry_get() knows slot i by (a field name for the
 * scalars). */
const char *sss_cache_slot_name(int i);

/* The slot of a name of sss_cache_slot_name(), or -1. */
int sss_cache_slot_of(const char *field);

/* Append the ticket's JSON rebuilt from e (sss_cache_entry_json()). */
void sss_cache_record_json(const struct sss_cache_entry *e, struct strbuf *out);

/* Read the record body [p, end) (after its checksum) into e and *id: the
 * ID and the path decoded into dec (reset first), the other slots when
 * asked for. False when it is garbage. */
bool sss_cache_record_read(struct sss_cache_entry *e,
			   struct sss_cache_ident *id, struct strbuf *dec,
			   const char *p, const char *end);

/* The whole record of t (parsed from path, of identity id) into out
 * (reset first): varint n, checksum, body; body is scratch space. */
void sss_cache_record_ticket(struct strbuf *out, struct strbuf *body,
			     const struct sss_cache_ident *id,
			     const struct sss_ticket *t, const char *path);

#endif
