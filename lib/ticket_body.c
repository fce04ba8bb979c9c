/* ticket_body.c - the Markdown body's sections ("## 内容", ...): finding,
 * appending to and replacing them, outside code fences, and counting
 * the checklist. */
#include <stdlib.h>
#include <string.h>

#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "ticket_priv.h"

struct section {
	size_t head;  /* start of the "## name" line */
	size_t start; /* start of the section's first line */
	size_t end;   /* start of the next heading, or the body's end */
};

static size_t line_end(const char *s, size_t off)
{
	const char *nl = strchr(s + off, '\n');
	return nl ? (size_t)(nl - s) : strlen(s);
}

static bool is_fence(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && i < 3 && line[i] == ' ')
		i++;
	return len - i >= 3 &&
	       (!strncmp(line + i, "```", 3) || !strncmp(line + i, "~~~", 3));
}

/* A heading of level 1 or 2 ends a section; "### " stays inside. */
static bool is_top_heading(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && i < 2 && line[i] == '#')
		i++;
	return i > 0 && (i == len || line[i] == ' ' || line[i] == '\t');
}

static bool is_heading_named(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	if (len < 3 + n || strncmp(line, "## ", 3) ||
	    strncmp(line + 3, name, n))
		return false;
	for (size_t i = 3 + n; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return false;
	return true;
}

/* Find "## name" outside code fences. */
static bool find_section(const char *body, const char *name, struct section *s)
{
	size_t len = strlen(body), off = 0;
	bool in_fence = false, found = false;

	while (off < len) {
		size_t e = line_end(body, off);
		const char *line = body + off;
		size_t n = e - off;
		size_t next = e < len ? e + 1 : len;
		if (is_fence(line, n)) {
			in_fence = !in_fence;
		} else if (!in_fence && found && is_top_heading(line, n)) {
			s->end = off;
			return true;
		} else if (!in_fence && !found &&
			   is_heading_named(line, n, name)) {
			found = true;
			s->head = off;
			s->start = next;
		}
		off = next;
	}
	if (found)
		s->end = len;
	return found;
}

static bool blank_line(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* The end (before its newline) of the last non-blank line in
 * body[from..to), or from when there is none. */
static size_t last_content(const char *body, size_t from, size_t to)
{
	size_t off = from, last = from;
	while (off < to) {
		size_t e = line_end(body, off);
		if (e > to)
			e = to;
		if (!blank_line(body, off, e))
			last = e;
		off = e + 1;
	}
	return last;
}

void sss_ticket_quote_text(struct strbuf *out, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = line_end(p, 0);
		char marker;
		/* the backslash goes before the fence's backticks, after its
		 * indent, so that Markdown shows the line as it was */
		size_t indent = is_fence(p, n) ? strspn(p, " ") : 0;
		strbuf_add(out, p, indent);
		if (is_fence(p, n) || is_top_heading(p, n) ||
		    sss_ticket_conflict_line(p, n, &marker))
			strbuf_addch(out, '\\');
		strbuf_add(out, p + indent, n - indent);
		if (!p[n])
			break;
		strbuf_addch(out, '\n');
		p += n + 1;
	}
}

bool sss_ticket_section(const struct sss_ticket *t, const char *name,
			struct strbuf *out)
{
	struct section s;
	if (!find_section(t->body, name, &s))
		return false;
	size_t end = last_content(t->body, s.start, s.end);
	strbuf_add(out, t->body + s.start, end - s.start);
	return true;
}

bool sss_ticket_section_span(const struct sss_ticket *t, const char *name,
			     size_t *start, size_t *end)
{
	struct section s;
	if (!find_section(t->body, name, &s))
		return false;
	*start = s.start;
	*end = s.end;
	return true;
}

/* Append "## name\n" + text at the end of the body, after a blank line. */
static void add_section(struct strbuf *b, const char *name, const char *text)
{
	if (b->len && b->buf[b->len - 1] != '\n')
		strbuf_addch(b, '\n');
	if (b->len && !(b->len >= 2 && b->buf[b->len - 2] == '\n'))
		strbuf_addch(b, '\n');
	strbuf_addf(b, "## %s\n", name);
	if (*text) {
		strbuf_addstr(b, text);
		if (text[strlen(text) - 1] != '\n')
			strbuf_addch(b, '\n');
	}
}

static void replace_body(struct sss_ticket *t, struct strbuf *b)
{
	free(t->body);
	t->body = strbuf_detach(b, NULL);
}

/* A body that ends inside a code fence (an unclosed "```") would swallow
 * every line added after it: close the fence first, with the opening
 * line's marker. Markdown renders an unclosed fence up to the end of the
 * document, so the rendered text stays the same. */
static void close_open_fence(struct sss_ticket *t)
{
	size_t len = strlen(t->body), off = 0, mark = 0, mark_len = 0;
	bool in_fence = false;

	while (off < len) {
		size_t e = line_end(t->body, off);
		if (is_fence(t->body + off, e - off)) {
			in_fence = !in_fence;
			mark = off + strspn(t->body + off, " ");
			mark_len = strspn(t->body + mark,
					  t->body[mark] == '`' ? "`" : "~");
		}
		off = e < len ? e + 1 : len;
	}
	if (!in_fence)
		return;
	struct strbuf b = STRBUF_INIT;
	strbuf_addstr(&b, t->body);
	if (b.buf[b.len - 1] != '\n')
		strbuf_addch(&b, '\n');
	strbuf_add(&b, t->body + mark, mark_len);
	strbuf_addch(&b, '\n');
	replace_body(t, &b);
}

void sss_ticket_section_append(struct sss_ticket *t, const char *name,
			       const char *line)
{
	struct strbuf b = STRBUF_INIT;
	struct section s;

	close_open_fence(t);
	if (!find_section(t->body, name, &s)) {
		strbuf_addstr(&b, t->body);
		add_section(&b, name, line);
		replace_body(t, &b);
		return;
	}
	size_t at_ = last_content(t->body, s.start, s.end);
	if (at_ == s.start) {
		/* an empty section: right under the heading */
		strbuf_add(&b, t->body, s.start);
		if (!b.len || b.buf[b.len - 1] != '\n')
			strbuf_addch(&b, '\n');
		strbuf_addf(&b, "%s\n", line);
		strbuf_addstr(&b, t->body + s.start);
	} else {
		/* after the last line with text (at_ is before its newline) */
		strbuf_add(&b, t->body, at_);
		strbuf_addf(&b, "\n%s", line);
		if (!t->body[at_])
			strbuf_addch(&b, '\n');
		strbuf_addstr(&b, t->body + at_);
	}
	replace_body(t, &b);
}

void sss_ticket_section_replace(struct sss_ticket *t, const char *name,
				const char *text)
{
	struct strbuf b = STRBUF_INIT;
	struct section s;

	if (!text)
		text = "";
	close_open_fence(t);
	if (!find_section(t->body, name, &s)) {
		strbuf_addstr(&b, t->body);
		add_section(&b, name, text);
		replace_body(t, &b);
		return;
	}
	strbuf_add(&b, t->body, s.start);
	if (!b.len || b.buf[b.len - 1] != '\n')
		strbuf_addch(&b, '\n');
	if (*text) {
		strbuf_addstr(&b, text);
		if (text[strlen(text) - 1] != '\n')
			strbuf_addch(&b, '\n');
	}
	if (t->body[s.end]) /* a blank line before the next heading */
		strbuf_addch(&b, '\n');
	strbuf_addstr(&b, t->body + s.end);
	replace_body(t, &b);
}

/* The checklist item on the line at body + off: the offset
 * of the character between its brackets, or 0 when the line is none. */
static size_t item_mark(const char *body, size_t off)
{
	const char *p = body + off;
	while (*p == ' ' || *p == '\t')
		p++;
	if ((*p == '-' || *p == '*' || *p == '+') && p[1] == ' ' && p[2] == '[' &&
	    (p[3] == ' ' || p[3] == 'x' || p[3] == 'X') && p[4] == ']' &&
	    (p[5] == ' ' || p[5] == '\n' || p[5] == '\0'))
		return (size_t)(p + 3 - body);
	return 0;
}

/* Step through the checklist items of t outside code fences: call with
 * *at 0 first; each call returns the next item's mark offset (see
 * item_mark) and its line's end in *eol, or 0 after the last. */
static size_t next_item(const struct sss_ticket *t, size_t *at, size_t *eol)
{
	struct section s;
	bool in_fence = false;

	if (!find_section(t->body, SSS_SEC_CHECKLIST, &s))
		return 0;
	/* *at is where the walk goes on (0: the section's start); the
	 * fences before it are counted again, which keeps no state */
	for (size_t off = s.start; off < s.end;) {
		size_t e = line_end(t->body, off), m;
		if (is_fence(t->body + off, e - off))
			in_fence = !in_fence;
		else if (!in_fence && off >= *at && (m = item_mark(t->body, off))) {
			*at = e + 1;
			*eol = e;
			return m;
		}
		off = e + 1;
	}
	return 0;
}

void sss_ticket_checklist_count(const struct sss_ticket *t, int *open,
				int *done)
{
	size_t at = 0, eol, m;
	int o = 0, d = 0;

	while ((m = next_item(t, &at, &eol)))
		t->body[m] == ' ' ? o++ : d++;
	if (open)
		*open = o;
	if (done)
		*done = d;
}

bool sss_ticket_checklist_item(const struct sss_ticket *t, size_t i, bool *done,
			       struct strbuf *text)
{
	size_t at = 0, eol = 0, m = 0;

	for (size_t k = 0; k <= i; k++)
		if (!(m = next_item(t, &at, &eol)))
			return false;
	*done = t->body[m] != ' ';
	if (text) {
		const char *p = t->body + m + 2, *e = t->body + eol;
		while (p < e && *p == ' ')
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		strbuf_add(text, p, (size_t)(e - p));
	}
	return true;
}

bool sss_ticket_checklist_mark(struct sss_ticket *t, size_t i, bool done)
{
	size_t at = 0, eol = 0, m = 0;

	for (size_t k = 0; k <= i; k++)
		if (!(m = next_item(t, &at, &eol)))
			return false;
	/* one byte: the rest of the line and the body stay as written */
	t->body[m] = done ? 'x' : ' ';
	return true;
}
