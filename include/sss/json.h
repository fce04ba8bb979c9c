/* json.h - the one JSON writer of libsss: it keeps track of the commas
 * and the layout, so that no caller assembles JSON by hand.
 *
 *	struct sss_json j;
 *	sss_json_init(&j, out, 2);
 *	sss_json_object(&j, SSS_JSON_LINES);
 *	sss_json_key(&j, "id");
 *	sss_json_string(&j, "2611-K3Q7ZP");
 *	sss_json_end(&j);
 *
 * Each container is written in one of three layouts, chosen when it is
 * opened, so that every existing output keeps its bytes:
 *   SSS_JSON_COMPACT  {"a":1,"b":[1,2]}
 *   SSS_JSON_SPACED   {"a": 1, "b": [1, 2]}
 *   SSS_JSON_LINES    each member on a line of its own, indented by the
 *                     writer's indent per level; "[]" / "{}" when empty
 * The writer appends to a strbuf the caller owns; it never fails (strbuf
 * allocation failure is the OOM handler's).
 */
#ifndef SSS_JSON_H
#define SSS_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

enum sss_json_layout {
	SSS_JSON_COMPACT,
	SSS_JSON_SPACED,
	SSS_JSON_LINES,
};

#define SSS_JSON_MAX_DEPTH 32

struct sss_json {
	struct strbuf *out;
	int indent; /* spaces a level for SSS_JSON_LINES */
	int depth;  /* open containers */
	bool after_key;
	struct {
		unsigned char layout;
		bool any; /* a member was written */
		bool object;
	} level[SSS_JSON_MAX_DEPTH];
};

/* Start writing to out (appended to; owned by the caller). indent is the
 * number of spaces a level that SSS_JSON_LINES containers indent by. */
void sss_json_init(struct sss_json *j, struct strbuf *out, int indent);

/* Open an object or an array as the next value; close it with
 * sss_json_end(). Nesting deeper than SSS_JSON_MAX_DEPTH is a programming
 * error (asserted). */
void sss_json_object(struct sss_json *j, enum sss_json_layout layout);
void sss_json_array(struct sss_json *j, enum sss_json_layout layout);
void sss_json_end(struct sss_json *j);

/* The key of the next member of the open object. */
void sss_json_key(struct sss_json *j, const char *key);

/* Values. sss_json_string() writes null for NULL. */
void sss_json_string(struct sss_json *j, const char *s);
void sss_json_int(struct sss_json *j, long long v);
void sss_json_bool(struct sss_json *j, bool v);
void sss_json_null(struct sss_json *j);
/* A value formatted by the caller (a number with decimals). */
void sss_json_numberf(struct sss_json *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A value that is JSON already (len bytes of json), e.g. a cached object. */
void sss_json_raw(struct sss_json *j, const char *json, size_t len);

/* Append s to out as a JSON string literal (with the quotes): the
 * escaper the writer uses, for callers that write one string alone. */
void sss_json_str(struct strbuf *out, const char *s);

#endif
