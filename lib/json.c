/* json.c - the JSON writer (see json.h). */
#include <assert.h>
#include <stdarg.h>

#include "sss/json.h"
#include "sss/strbuf.h"

void sss_json_init(struct sss_json *j, struct strbuf *out, int indent)
{
	j->out = out;
	j->indent = indent;
	j->depth = 0;
	j->after_key = false;
}

static void newline(struct sss_json *j, int depth)
{
	strbuf_addch(j->out, '\n');
	for (int i = 0; i < depth * j->indent; i++)
		strbuf_addch(j->out, ' ');
}

/* What goes before a key, or a value that is not a member's value: the
 * comma and the layout's space or line break. */
static void separate(struct sss_json *j)
{
	if (!j->depth)
		return;
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	int layout = j->level[j->depth - 1].layout;
	bool any = j->level[j->depth - 1].any;
	if (any)
		strbuf_addch(j->out, ',');
	if (layout == SSS_JSON_LINES)
		newline(j, j->depth);
	else if (layout == SSS_JSON_SPACED && any)
		strbuf_addch(j->out, ' ');
	j->level[j->depth - 1].any = true;
}

static void open_container(struct sss_json *j, enum sss_json_layout layout, bool object)
{
	separate(j);
	assert(j->depth < SSS_JSON_MAX_DEPTH);
	strbuf_addch(j->out, object ? '{' : '[');
	j->level[j->depth].layout = (unsigned char)layout;
	j->level[j->depth].any = false;
	j->level[j->depth].object = object;
	j->depth++;
}

void sss_json_object(struct sss_json *j, enum sss_json_layout layout)
{
	open_container(j, layout, true);
}

void sss_json_array(struct sss_json *j, enum sss_json_layout layout)
{
	open_container(j, layout, false);
}

void sss_json_end(struct sss_json *j)
{
	assert(j->depth > 0 && !j->after_key);
	j->depth--;
	if (j->level[j->depth].layout == SSS_JSON_LINES && j->level[j->depth].any)
		newline(j, j->depth);
	strbuf_addch(j->out, j->level[j->depth].object ? '}' : ']');
}

void sss_json_key(struct sss_json *j, const char *key)
{
	assert(j->depth > 0 && j->level[j->depth - 1].object && !j->after_key);
	separate(j);
	sss_json_str(j->out, key);
	strbuf_addstr(j->out, j->level[j->depth - 1].layout == SSS_JSON_COMPACT ? ":" : ": ");
	j->after_key = true;
}

void sss_json_string(struct sss_json *j, const char *s)
{
	separate(j);
	if (s)
		sss_json_str(j->out, s);
	else
		strbuf_addstr(j->out, "null");
}

void sss_json_int(struct sss_json *j, long long v)
{
	separate(j);
	strbuf_addf(j->out, "%lld", v);
}

void sss_json_bool(struct sss_json *j, bool v)
{
	separate(j);
	strbuf_addstr(j->out, v ? "true" : "false");
}

void sss_json_null(struct sss_json *j)
{
	separate(j);
	strbuf_addstr(j->out, "null");
}

void sss_json_numberf(struct sss_json *j, const char *fmt, ...)
{
	va_list ap;
	separate(j);
	va_start(ap, fmt);
	strbuf_vaddf(j->out, fmt, ap);
	va_end(ap);
}

void sss_json_raw(struct sss_json *j, const char *json, size_t len)
{
	separate(j);
	strbuf_add(j->out, json, len);
}

void sss_json_str(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': strbuf_addstr(out, "\\\""); break;
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r': strbuf_addstr(out, "\\r"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				strbuf_addf(out, "\\u%04x", *p);
			else
				strbuf_addch(out, *p);
		}
	}
	strbuf_addch(out, '"');
}
