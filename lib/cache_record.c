/* cache_record.c - one record of the scan cache (see cache_record.h and
 * the format in cache.c). */
#include <stdlib.h>
#include <string.h>

#include "cache_codec.h"
#include "cache_record.h"
#include "sss/json.h"
#include "sss/sla.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

/* The names sss_cache_entry_get() knows the slots by (see cache.h); the
 * scalars' are the field names. */
static const char *const str_fields[NSTR] = {
	"id",	      "title",	 "sow",	     "kind",	"status",
	"priority",   "assignee", "requester", "message_id", "created",
	"updated",    "due",	 "estimate", "closed",	 "recurrence",
	"links",      "section:" SSS_SEC_RESOLUTION,
	"section:" SSS_SEC_MINUTES,	    "sla-history", "worklog-digest",
	NULL, NULL,
};

/* Slots whose values mostly come from a fixed set: an index into it. */
static const char *const *const str_set[NSTR] = {
	[S_KIND] = sss_kinds,
	[S_STATUS] = sss_statuses,
	[S_PRIORITY] = sss_priorities,
};

/* Slots that hold dates or date-times: packed. */
static const bool str_time[NSTR] = {
	[S_CREATED] = true, [S_UPDATED] = true, [S_DUE] = true, [S_CLOSED] = true,
};

const char *sss_cache_slot_name(int i)
{
	return str_fields[i];
}

/* The path of a ticket with this ID when it is where the ID says
 * (tickets/20YY/MM/<id>.md for YYMM-...), else false. */
static bool derived_path(const char *id, size_t len, struct strbuf *out)
{
	if (len < 6 || id[4] != '-')
		return false;
	for (int i = 0; i < 4; i++)
		if (id[i] < '0' || id[i] > '9')
			return false;
	/* by hand: a formatted string per record is a tenth of a warm list */
	strbuf_grow(out, len + 20);
	char *p = out->buf + out->len;
	memcpy(p, "tickets/20", 10);
	memcpy(p + 10, id, 2);
	p[12] = '/';
	memcpy(p + 13, id + 2, 2);
	p[15] = '/';
	memcpy(p + 16, id, len);
	memcpy(p + 16 + len, ".md", 4);
	strbuf_setlen(out, out->len + len + 19);
	return true;
}

/* Read slot i's tag and payload at *p (before end) into e
 * (undecoded); false when it is garbage. */
static bool read_slot(struct sss_cache_entry *e, int i, const char **p,
		      const char *end)
{
	uint64_t tag;
	size_t n;

	if (!sss_cache_get_varint(p, end, &tag))
		return false;
	n = (size_t)(tag >> 2);
	e->kind[i] = (unsigned char)(tag & 3);
	e->str[i] = NULL;
	e->len[i] = 0;
	switch (tag & 3) {
	case K_NONE:
		if (tag == TAG_UNKEPT)
			e->unkept |= 1u << i;
		e->done |= 1u << i;
		return tag == 0 || tag == TAG_UNKEPT;
	case K_RAW:
		if (n > (size_t)(end - *p))
			return false;
		e->raw[i] = *p;
		e->len[i] = (uint32_t)n;
		*p += n;
		return true;
	case K_SET: {
		const char *const *set = str_set[i];
		size_t k = 0;
		while (set && set[k] && k < n)
			k++;
		e->val[i] = k;
		return set && set[k];
	}
	default: {
		const char *q = *p;
		if (!str_time[i] || n > (size_t)(end - *p) ||
		    !sss_cache_get_varint(&q, *p + n, &e->val[i]) || q != *p + n ||
		    !sss_cache_time_ok(e->val[i]))
			return false;
		*p = q;
		return true;
	}
	}
}

/* Decode slot i of e into e->dec (grown for it beforehand, so that the
 * strings decoded before stay where they are). */
static void decode_slot(struct sss_cache_entry *e, int i)
{
	struct strbuf *d = e->dec;
	size_t at = d->len;

	switch (e->kind[i]) {
	case K_RAW:
		strbuf_add(d, e->raw[i], e->len[i]);
		break;
	case K_SET:
		strbuf_addstr(d, str_set[i][e->val[i]]);
		break;
	default:
		strbuf_setlen(d, at + sss_cache_time_format(e->val[i], d->buf + at));
	}
	e->str[i] = d->buf + at;
	e->len[i] = (uint32_t)(d->len - at);
	strbuf_addch(d, '\0');
	e->done |= 1u << i;
}

const char *sss_cache_slot(const struct sss_cache_entry *e, int i,
			   uint32_t *len)
{
	if (!(e->done & (1u << i)))
		decode_slot(e->self, i);
	*len = e->len[i];
	return e->unkept & (1u << i) ? NULL : e->str[i];
}

bool sss_cache_record_read(struct sss_cache_entry *e,
			   struct sss_cache_ident *id, struct strbuf *dec,
			   const char *p, const char *end)
{
	uint64_t v[9], flags;
	uint32_t len;

	for (int i = 0; i < 9; i++)
		if (!sss_cache_get_varint(&p, end, &v[i]))
			return false;
	id->size = (int64_t)v[0];
	id->mtime_s = (int64_t)v[1];
	id->mtime_ns = (int64_t)v[2];
	id->ctime_s = (int64_t)v[1] + sss_cache_unzigzag(v[3]);
	id->ctime_ns = (int64_t)v[2] + sss_cache_unzigzag(v[4]);
	id->ino = v[5];
	id->dev = v[6];
	e->spent = v[7];
	e->estimate = v[8];
	e->unkept = e->done = 0;
	e->self = e;
	e->dec = dec;
	strbuf_reset(dec);
	/* room for every slot decoded twice (the record and the entry
	 * handed out) and the path: decoding never moves the buffer */
	strbuf_grow(dec, 2 * ((size_t)(end - p) + NSTR * (SSS_CACHE_TIME_MAX + 16)) + 64);
	if (!sss_cache_get_varint(&p, end, &flags) || flags > REC_PATH)
		return false;
	const char *path = NULL;
	uint64_t path_len = 0;
	if (flags & REC_PATH) {
		if (!sss_cache_get_varint(&p, end, &path_len) ||
		    (path_len & 3) != K_RAW || (path_len >> 2) > (uint64_t)(end - p))
			return false;
		path_len >>= 2;
		path = p;
		p += path_len;
	}
	for (int i = 0; i < NSTR; i++)
		if (!read_slot(e, i, &p, end))
			return false;
	if (p != end || e->kind[S_ID] != K_RAW)
		return false;
	const char *ticket_id = sss_cache_slot(e, S_ID, &len);
	size_t at = dec->len;
	if (path)
		strbuf_add(dec, path, (size_t)path_len);
	else if (!derived_path(ticket_id, len, dec))
		return false;
	e->path_len = dec->len - at;
	strbuf_addch(dec, '\0');
	e->path = dec->buf + at;
	return true;
}

/* Append slot i's tag and bytes (s NULL: unset). */
static void encode_slot(struct strbuf *o, int i, const char *s, size_t len)
{
	uint64_t v;

	if (!s) {
		sss_cache_put_varint(o, 0);
		return;
	}
	if (i >= 0 && str_set[i])
		for (size_t k = 0; str_set[i][k]; k++)
			if (!strcmp(str_set[i][k], s)) {
				sss_cache_put_varint(o, (uint64_t)k << 2 | K_SET);
				return;
			}
	if (i >= 0 && str_time[i] && sss_cache_time_pack(s, len, &v)) {
		struct strbuf packed = STRBUF_INIT;
		sss_cache_put_varint(&packed, v);
		sss_cache_put_varint(o, (uint64_t)packed.len << 2 | K_TIME);
		strbuf_addbuf(o, &packed);
		strbuf_release(&packed);
		return;
	}
	sss_cache_put_varint(o, (uint64_t)len << 2 | K_RAW);
	strbuf_add(o, s, len);
}

/* Serialize a record into out (o: scratch for its body): e's strings (len[] their lengths,
 * unkept the slots not kept) for the file of identity id. */
static void make_record(struct strbuf *out, struct strbuf *o,
			const struct sss_cache_ident *id,
			const struct sss_cache_entry *e)
{
	struct strbuf derived = STRBUF_INIT;

	strbuf_reset(o);
	sss_cache_put_varint(o, (uint64_t)id->size);
	sss_cache_put_varint(o, (uint64_t)id->mtime_s);
	sss_cache_put_varint(o, (uint64_t)id->mtime_ns);
	sss_cache_put_varint(o, sss_cache_zigzag(id->ctime_s - id->mtime_s));
	sss_cache_put_varint(o, sss_cache_zigzag(id->ctime_ns - id->mtime_ns));
	sss_cache_put_varint(o, id->ino);
	sss_cache_put_varint(o, id->dev);
	sss_cache_put_varint(o, e->spent);
	sss_cache_put_varint(o, e->estimate);
	bool derived_ok = e->str[S_ID] &&
			  derived_path(e->str[S_ID], e->len[S_ID], &derived) &&
			  !strcmp(derived.buf, e->path);
	sss_cache_put_varint(o, derived_ok ? 0 : REC_PATH);
	if (!derived_ok)
		encode_slot(o, -1, e->path, e->path_len);
	for (int i = 0; i < NSTR; i++) {
		if (e->unkept & (1u << i))
			sss_cache_put_varint(o, TAG_UNKEPT);
		else
			encode_slot(o, i, e->str[i], e->len[i]);
	}
	uint64_t sum = sss_cache_checksum(o->buf, o->len);
	strbuf_reset(out);
	sss_cache_put_varint(out, (uint64_t)o->len + 8);
	strbuf_add(out, &sum, 8);
	strbuf_addbuf(out, o);
	strbuf_release(&derived);
}

/* ---- the ticket's JSON -------------------------------------------------- */

/* The JSON's members before S_REST: the scalar fields, after "{". */
static void json_scalars(const struct sss_cache_entry *e, struct strbuf *out)
{
	bool first = true;

	strbuf_addch(out, '{');
	for (int i = 0; i < NSCALAR; i++) {
		uint32_t len;
		const char *v = sss_cache_slot(e, i, &len);
		if (!v)
			continue;
		if (!first)
			strbuf_addch(out, ',');
		first = false;
		sss_json_str(out, str_fields[i]);
		strbuf_addch(out, ':');
		sss_json_str(out, v);
	}
}

/* The JSON's members after S_REST, with the "}". */
static void json_tail(const struct sss_cache_entry *e, struct strbuf *out)
{
	strbuf_addstr(out, ",\"path\":");
	sss_json_str(out, e->path);
	strbuf_addf(out, ",\"spent_min\":%llu,\"estimate_min\":",
		    (unsigned long long)e->spent);
	if (e->estimate)
		strbuf_addf(out, "%lld",
			    (long long)sss_cache_unzigzag(e->estimate - 1));
	else
		strbuf_addstr(out, "null");
	strbuf_addch(out, '}');
}

/* Fill e's S_REST (or S_JSON, when the JSON does not have the shape the
 * rebuild assumes) from json, the writer's JSON of the ticket; rest
 * holds the bytes. */
static void json_split(struct sss_cache_entry *e, const struct strbuf *json,
		       struct strbuf *rest)
{
	struct strbuf head = STRBUF_INIT, tail = STRBUF_INIT;

	json_scalars(e, &head);
	json_tail(e, &tail);
	e->str[S_REST] = e->str[S_JSON] = NULL;
	if (json->len >= head.len + tail.len &&
	    !memcmp(json->buf, head.buf, head.len) &&
	    !memcmp(json->buf + json->len - tail.len, tail.buf, tail.len) &&
	    !memchr(json->buf, '\0', json->len)) {
		strbuf_add(rest, json->buf + head.len,
			   json->len - head.len - tail.len);
		e->str[S_REST] = rest->len ? rest->buf : NULL;
		e->len[S_REST] = (uint32_t)rest->len;
	} else {
		e->str[S_JSON] = json->buf;
		e->len[S_JSON] = (uint32_t)json->len;
	}
	strbuf_release(&head);
	strbuf_release(&tail);
}

void sss_cache_record_json(const struct sss_cache_entry *e, struct strbuf *out)
{
	uint32_t len;
	const char *v;

	if ((v = sss_cache_slot(e, S_JSON, &len))) {
		strbuf_add(out, v, len);
		return;
	}
	json_scalars(e, out);
	if ((v = sss_cache_slot(e, S_REST, &len)))
		strbuf_add(out, v, len);
	json_tail(e, out);
}

/* The effort figures at the end of the writer's JSON, ",\"spent_min\":N,
 * \"estimate_min\":M}" (M null or a number), into e; false when it does
 * not end so. A quote within a string is escaped, so the last ",\"" that
 * starts "spent_min" is the member. */
static bool json_effort(const struct strbuf *json, struct sss_cache_entry *e)
{
	static const char spent[] = ",\"spent_min\":", est[] = ",\"estimate_min\":";
	const char *at = NULL, *p = json->buf, *end = json->buf + json->len;
	char *q;

	while ((p = memmem(p, (size_t)(end - p), spent, sizeof(spent) - 1)))
		at = p++;
	if (!at || at[sizeof(spent) - 1] < '0' || at[sizeof(spent) - 1] > '9')
		return false;
	e->spent = strtoull(at + sizeof(spent) - 1, &q, 10);
	if (strncmp(q, est, sizeof(est) - 1))
		return false;
	q += sizeof(est) - 1;
	e->estimate = 0;
	if (strcmp(q, "null}")) {
		long long v = strtoll(q, &q, 10);
		if (strcmp(q, "}"))
			return false;
		e->estimate = sss_cache_zigzag(v) + 1;
	}
	return true;
}

void sss_cache_record_ticket(struct strbuf *out, struct strbuf *body,
			     const struct sss_cache_ident *id,
			     const struct sss_ticket *t, const char *path)
{
	struct sss_cache_entry e;
	struct strbuf json = STRBUF_INIT, links = STRBUF_INIT, rest = STRBUF_INIT;
	struct strbuf resolution = STRBUF_INIT, minutes = STRBUF_INIT;
	struct strbuf sla = STRBUF_INIT, digest = STRBUF_INIT;

	memset(&e, 0, sizeof(e));
	e.done = ~0u; /* every slot is set below */
	e.path = path;
	e.path_len = strlen(path);
	for (int i = 0; i < NSCALAR; i++)
		e.str[i] = sss_ticket_get(t, str_fields[i]);
	sss_ticket_links_format(t, &links);
	e.str[S_LINKS] = links.len ? links.buf : NULL;
	if (sss_ticket_section(t, SSS_SEC_RESOLUTION, &resolution)) {
		e.str[S_RESOLUTION] = resolution.buf;
		/* the reports read it for incidents alone: the others' is
		 * read from the file when asked for */
		if (!e.str[S_KIND] || strcmp(e.str[S_KIND], "incident"))
			e.unkept |= 1u << S_RESOLUTION;
	}
	e.str[S_MINUTES] = sss_ticket_section(t, SSS_SEC_MINUTES, &minutes)
				   ? minutes.buf : NULL;
	sss_sla_history(t, &sla);
	e.str[S_SLA] = sla.len ? sla.buf : NULL;
	sss_worklog_digest(t, &digest);
	e.str[S_DIGEST] = digest.len ? digest.buf : NULL;
	for (int i = 0; i < NSTR; i++)
		e.len[i] = e.str[i] ? (uint32_t)strlen(e.str[i]) : 0;
	sss_worklog_ticket_json(t, &json, false);
	if (json_effort(&json, &e)) {
		json_split(&e, &json, &rest);
	} else {
		e.str[S_JSON] = json.buf;
		e.len[S_JSON] = (uint32_t)json.len;
	}
	make_record(out, body, id, &e);
	strbuf_release(&json);
	strbuf_release(&rest);
	strbuf_release(&sla);
	strbuf_release(&digest);
	strbuf_release(&links);
	strbuf_release(&resolution);
	strbuf_release(&minutes);
}

int sss_cache_slot_of(const char *field)
{
	for (int i = 0; i < NSTR; i++)
		if (str_fields[i] && !strcmp(str_fields[i], field))
			return i;
	return -1;
}
