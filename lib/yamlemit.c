/* yamlemit.c - writing a document tree as YAML text. sssctl writes YAML
 * itself rather than through libyaml's emitter, which escapes characters
 * outside the BMP (see yaml.h). */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "sss/escape.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/yaml.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

/* Would YAML 1.1 (or 1.2) read s as an int or a float? A deliberate
 * superset of both: 010, 0x1F, 0o17, 0b101, 1_000, +5, 1:20 (base 60),
 * 1.5, .5, 1., 1e3, 1.5e-3, 1.2.3, .inf, -.Inf, .NaN. */
static bool looks_numeric(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '-' || *p == '+')
		p++;
	if (*p == '.') {
		const char *q = p + 1;
		if (!strcasecmp(q, "inf") || !strcasecmp(q, "nan"))
			return true;
	}
	if (p[0] == '0' && p[1] && strchr("xXoObB", p[1])) {
		const char *q = p + 2;
		if (!*q)
			return false;
		for (; *q; q++)
			if (!is_digit(*q) && *q != '_' &&
			    !strchr("abcdefABCDEF", *q))
				return false;
		return true;
	}
	for (; is_digit(*p) || *p == '_'; p++)
		digits += is_digit(*p);
	/* sexagesimal parts: 1:20, 190:20:30 */
	while (*p == ':' && (is_digit(p[1]) || p[1] == '_'))
		for (p++; is_digit(*p) || *p == '_'; p++)
			digits++;
	if (*p == '.')
		for (p++; is_digit(*p) || *p == '_' || *p == '.'; p++)
			digits += is_digit(*p);
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!is_digit(*p))
			return false;
		while (is_digit(*p))
			p++;
	}
	return *p == '\0';
}

/* YAML 1.1 timestamps: 2026-11-26, 2026-1-5, 2026-11-26T09:30:00+09:00,
 * "2026-11-26 09:30". Anything that starts like a date is quoted. */
static bool looks_timestamp(const char *s)
{
	const char *p = s;
	for (int i = 0; i < 4; i++, p++)
		if (!is_digit(*p))
			return false;
	for (int part = 0; part < 2; part++) {
		if (*p++ != '-' || !is_digit(*p))
			return false;
		p += is_digit(p[1]) ? 2 : 1;
	}
	return !*p || *p == 'T' || *p == 't' || *p == ' ' || *p == '\t';
}

/* Can s be written as a plain scalar at all (ignoring what type YAML
 * would resolve it to)? */
static bool plain_syntax_ok(const char *s, bool in_flow)
{
	size_t n = strlen(s);
	if (n == 0)
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]))
		return false;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	/* document markers at the start of a line */
	if (!strncmp(s, "...", 3))
		return false;
	if (strstr(s, ": ") || strstr(s, " #"))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (sss_yaml_special_char((const char *)p))
			return false;
		/* libyaml versions differ on ':' inside flow scalars */
		if (in_flow && strchr(",[]{}:", *p))
			return false;
	}
	return true;
}

bool sss_yaml_needs_quotes(const char *s, bool in_flow)
{
	static const char *const special[] = {
	    "~",    "null",  "Null",  "NULL",  "y",  "Y",  "yes",  "Yes",
	    "YES",  "n",     "N",     "no",    "No", "NO", "true", "True",
	    "TRUE", "false", "False", "FALSE", "on", "On", "ON",   "off",
	    "Off",  "OFF",   "<<",    "=",     NULL,
	};
	if (!plain_syntax_ok(s, in_flow))
		return true;
	return one_of(s, special) || looks_numeric(s) || looks_timestamp(s);
}

void sss_yaml_emit_str(struct strbuf *out, const char *s, bool in_flow)
{
	if (sss_yaml_needs_quotes(s, in_flow))
		sss_yaml_quote(out, s);
	else
		strbuf_addstr(out, s);
}

/* A scalar node: one that was plain in the file stays plain when it can
 * (so `reviewed: yes` stays a YAML boolean for other readers), others are
 * strings and are quoted when they need to be. */
static void emit_scalar(struct strbuf *out, const struct sss_node *n,
			bool in_flow)
{
	if (n->plain && plain_syntax_ok(n->str, in_flow))
		strbuf_addstr(out, n->str);
	else
		sss_yaml_emit_str(out, n->str, in_flow);
}

static bool is_empty_null(const struct sss_node *n)
{
	return n->kind == SSS_NODE_SCALAR && n->plain && !*n->str;
}

/* A sequence that can be written [a, b]: scalars only, none of them a
 * bare null (which flow style cannot write). */
static bool flowable(const struct sss_node *n)
{
	for (size_t i = 0; i < n->len; i++)
		if (n->items[i]->kind != SSS_NODE_SCALAR ||
		    is_empty_null(n->items[i]))
			return false;
	return true;
}

static void emit_flow_seq(struct strbuf *out, const struct sss_node *n)
{
	strbuf_addch(out, '[');
	for (size_t i = 0; i < n->len; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		emit_scalar(out, n->items[i], true);
	}
	strbuf_addch(out, ']');
}

static void add_indent(struct strbuf *out, int indent)
{
	for (int i = 0; i < indent; i++)
		strbuf_addch(out, ' ');
}

static void emit_block_seq(struct strbuf *out, const struct sss_node *n,
			   int indent, bool first_inline);
static void emit_map_at(struct strbuf *out, const struct sss_node *n,
			int indent, bool first_inline);

/* The item of a block sequence after its "- " (the cursor is at column
 * indent); ends with a newline. */
static void emit_item(struct strbuf *out, const struct sss_node *n, int indent)
{
	if (n->kind == SSS_NODE_SCALAR) {
		if (is_empty_null(n)) {
			/* "- " would leave a trailing space */
			strbuf_setlen(out, out->len - 1);
		} else {
			emit_scalar(out, n, false);
		}
		strbuf_addch(out, '\n');
	} else if (n->len == 0) {
		strbuf_addstr(out, n->kind == SSS_NODE_MAP ? "{}\n" : "[]\n");
	} else if (n->kind == SSS_NODE_MAP) {
		emit_map_at(out, n, indent, true);
	} else if (flowable(n)) {
		emit_flow_seq(out, n);
		strbuf_addch(out, '\n');
	} else {
		emit_block_seq(out, n, indent, true);
	}
}

static void emit_block_seq(struct strbuf *out, const struct sss_node *n,
			   int indent, bool first_inline)
{
	for (size_t i = 0; i < n->len; i++) {
		if (i || !first_inline)
			add_indent(out, indent);
		strbuf_addstr(out, "- ");
		emit_item(out, n->items[i], indent + 2);
	}
}

/* libyaml refuses simple (implicit) keys longer than 1024 characters;
 * such keys get the explicit "? key" form. */
#define MAX_SIMPLE_KEY 1000

static void emit_map_at(struct strbuf *out, const struct sss_node *n,
			int indent, bool first_inline)
{
	for (size_t i = 0; i < n->len; i++) {
		if (i || !first_inline)
			add_indent(out, indent);
		struct strbuf key = STRBUF_INIT;
		sss_yaml_emit_str(&key, n->keys[i], false);
		if (key.len > MAX_SIMPLE_KEY) {
			strbuf_addstr(out, "? ");
			strbuf_add(out, key.buf, key.len);
			strbuf_addch(out, '\n');
			add_indent(out, indent);
		} else {
			strbuf_add(out, key.buf, key.len);
		}
		strbuf_release(&key);
		strbuf_addch(out, ':');
		sss_yaml_emit_value(out, n->items[i], indent);
	}
}

void sss_yaml_emit_map(struct strbuf *out, const struct sss_node *n, int indent)
{
	if (n && n->kind == SSS_NODE_MAP)
		emit_map_at(out, n, indent, false);
}

void sss_yaml_emit_value(struct strbuf *out, const struct sss_node *n,
			 int indent)
{
	if (!n || is_empty_null(n)) {
		strbuf_addch(out, '\n');
		return;
	}
	if (n->kind == SSS_NODE_SCALAR) {
		strbuf_addch(out, ' ');
		emit_scalar(out, n, false);
		strbuf_addch(out, '\n');
	} else if (n->len == 0) {
		strbuf_addstr(out, n->kind == SSS_NODE_MAP ? " {}\n" : " []\n");
	} else if (n->kind == SSS_NODE_SEQ && flowable(n)) {
		strbuf_addch(out, ' ');
		emit_flow_seq(out, n);
		strbuf_addch(out, '\n');
	} else if (n->kind == SSS_NODE_SEQ) {
		strbuf_addch(out, '\n');
		emit_block_seq(out, n, indent + 2, false);
	} else {
		strbuf_addch(out, '\n');
		emit_map_at(out, n, indent + 2, false);
	}
}
