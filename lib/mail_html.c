/* mail_html.c - the text of an HTML mail body (sss_mail_html_text(), see
 * mail.h). GMime reads MIME but has no HTML-to-text filter (its
 * GMimeFilterHTML goes the other way, text to HTML), and a mail's HTML is
 * simple enough that a tag skipper does: no DOM, no CSS, no layout. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sss/mail.h"
#include "sss/strbuf.h"

struct html {
	struct strbuf *out;
	size_t start; /* where this text begins in out */
	bool pre;     /* inside <pre>: blanks kept */
	bool space;   /* a blank is owed before the next text */
};

static void put_utf8(struct strbuf *out, unsigned long cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		strbuf_addch(out, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(out, (int)(0xc0 | (cp >> 6)));
		strbuf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(out, (int)(0xe0 | (cp >> 12)));
		strbuf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(out, (int)(0xf0 | (cp >> 18)));
		strbuf_addch(out, (int)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(out, (int)(0x80 | (cp & 0x3f)));
	}
}

static bool at_line_start(const struct html *h)
{
	return h->out->len == h->start || h->out->buf[h->out->len - 1] == '\n';
}

/* Text goes out with the blank it is owed (none at a line's start). */
static void text(struct html *h, const char *s, size_t n)
{
	if (h->space && !at_line_start(h))
		strbuf_addch(h->out, ' ');
	h->space = false;
	strbuf_add(h->out, s, n);
}

/* A line break; with blank, an empty line after it (a paragraph). */
static void newline(struct html *h, bool blank)
{
	h->space = false;
	while (h->out->len > h->start && h->out->buf[h->out->len - 1] == ' ')
		strbuf_setlen(h->out, h->out->len - 1);
	if (h->out->len == h->start)
		return;
	if (!at_line_start(h))
		strbuf_addch(h->out, '\n');
	if (blank && !(h->out->len - h->start >= 2 && h->out->buf[h->out->len - 2] == '\n'))
		strbuf_addch(h->out, '\n');
}

static const struct {
	const char *name;
	unsigned cp;
} entities[] = {
    {"amp", '&'},     {"lt", '<'},	 {"gt", '>'},	    {"quot", '"'},
    {"apos", '\''},   {"nbsp", ' '},	 {"copy", 0xa9},    {"reg", 0xae},
    {"yen", 0xa5},    {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013},
    {"laquo", 0xab},  {"raquo", 0xbb},	 {"middot", 0xb7},  {"times", 0xd7},
    {"divide", 0xf7}, {"ensp", ' '},	 {"emsp", ' '},	    {"thinsp", ' '},
    {"bull", 0x2022}, {"trade", 0x2122}, {"euro", 0x20ac},  {"deg", 0xb0},
    {"plusmn", 0xb1}, {"sect", 0xa7},	 {"para", 0xb6},    {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201c}, {"rdquo", 0x201d}, {"larr", 0x2190},
    {"rarr", 0x2192}, {"uarr", 0x2191},	 {"darr", 0x2193},  {"zwnj", 0},
    {"zwj", 0},	      {"lrm", 0},	 {"rlm", 0},	    {"shy", 0},
};

/* An entity at s ('&'): its length, the character in *cp (0: none, to
 * be dropped); 0 when s is not one (then '&' is text). */
static size_t entity(const char *s, size_t n, unsigned long *cp)
{
	size_t i = 1;
	if (i < n && s[i] == '#') {
		bool hex = ++i < n && (s[i] == 'x' || s[i] == 'X');
		i += hex;
		size_t d = i;
		unsigned long v = 0;
		while (i < n && i - d < 8 &&
		       (hex ? strchr("0123456789abcdefABCDEF", s[i]) != NULL
			    : (s[i] >= '0' && s[i] <= '9')) && s[i]) {
			unsigned c = (unsigned char)s[i] | 0x20;
			v = v * (hex ? 16 : 10) + (c <= '9' ? c - '0' : c - 'a' + 10);
			i++;
		}
		if (i == d)
			return 0;
		*cp = v;
		return i < n && s[i] == ';' ? i + 1 : i;
	}
	while (i < n && i < 10 && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		i++;
	for (size_t k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
		size_t len = strlen(entities[k].name);
		if (len == i - 1 && !strncmp(s + 1, entities[k].name, len)) {
			*cp = entities[k].cp;
			return i < n && s[i] == ';' ? i + 1 : i;
		}
	}
	return 0;
}

/* The end of the tag at s ('<'): after its '>' (quotes in attributes
 * skipped), or n. */
static size_t tag_end(const char *s, size_t n)
{
	char quote = 0;
	for (size_t i = 1; i < n; i++) {
		if (quote) {
			if (s[i] == quote)
				quote = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return n;
}

static bool name_is(const char *name, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (!strcmp(name, set[i]))
			return true;
	return false;
}

/* Where "</name" starts after s[from], or n. */
static size_t find_close(const char *s, size_t n, size_t from, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = from; i + 2 + len <= n; i++)
		if (s[i] == '<' && s[i + 1] == '/' && !strncasecmp(s + i + 2, name, len))
			return i;
	return n;
}

/* The tag at s[i] ('<'): what it does to the text; returns the offset
 * after it (and after its content for script, style, head). */
static size_t tag(struct html *h, const char *s, size_t n, size_t i)
{
	static const char *const skip[] = {"script", "style", "head", "title",
					   "noscript", "template", "xml", NULL};
	static const char *const para[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6",
					   "table", "ul", "ol", "blockquote", "pre",
					   "dl", "hr", NULL};
	static const char *const line[] = {"br", "div", "tr", "li", "dt", "dd",
					   "section", "article", "header", "footer",
					   "address", "center", "form", NULL};
	char name[16];
	size_t k = 0, j = i + 1;

	if (!strncmp(s + i, "<!--", 4) && n - i >= 4) {
		const char *e = strstr(s + i + 4, "-->");
		return e && (size_t)(e - s) < n ? (size_t)(e - s) + 3 : n;
	}
	bool closing = j < n && s[j] == '/';
	j += closing;
	while (j < n && k + 1 < sizeof(name) &&
	       (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') || (s[j] >= '0' && s[j] <= '9')))
	{
		char ch = s[j++];
		name[k++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
	}
	name[k] = '\0';
	if (!k && (j >= n || (s[j] != '!' && s[j] != '?'))) {
		text(h, "<", 1); /* a '<' in text, as browsers take it */
		return i + 1;
	}
	size_t end = tag_end(s + i, n - i) + i;
	if (!closing && name_is(name, skip)) {
		end = find_close(s, n, end, name);
		return end < n ? tag_end(s + end, n - end) + end : n;
	}
	if (!strcmp(name, "pre"))
		h->pre = !closing;
	if (name_is(name, para))
		newline(h, true);
	else if (name_is(name, line))
		newline(h, false);
	if (!closing && !strcmp(name, "li"))
		text(h, "- ", 2);
	else if (!closing && (!strcmp(name, "td") || !strcmp(name, "th")))
		h->space = true;
	return end;
}

/* No blank lines at either end, none more than one in a row, no blanks
 * at a line's end: out from start on, in place. */
static void tidy(struct strbuf *out, size_t start)
{
	size_t w = start, nl = 0;
	bool any = false;
	for (size_t r = start; r < out->len; r++) {
		char c = out->buf[r];
		if (c == '\n') {
			while (w > start && out->buf[w - 1] == ' ')
				w--;
			nl++;
			continue;
		}
		if (any && nl)
			for (size_t k = 0; k < (nl > 2 ? 2 : nl); k++)
				out->buf[w++] = '\n';
		nl = 0;
		any = true;
		out->buf[w++] = c;
	}
	while (w > start && out->buf[w - 1] == ' ')
		w--;
	strbuf_setlen(out, w);
}

void sss_mail_html_text(struct strbuf *out, const char *s, size_t n)
{
	struct html h = { out, out->len, false, false };

	for (size_t i = 0; i < n && s[i];) {
		char c = s[i];
		if (c == '<') {
			i = tag(&h, s, n, i);
		} else if (c == '&') {
			unsigned long cp = 0;
			size_t len = entity(s + i, n - i, &cp);
			if (!len) {
				text(&h, "&", 1);
				i++;
				continue;
			}
			i += len;
			if (cp == ' ' && !h.pre) {
				h.space = true;
			} else if (cp) {
				struct strbuf ch = STRBUF_INIT;
				put_utf8(&ch, cp);
				text(&h, ch.buf, ch.len);
				strbuf_release(&ch);
			}
		} else if (!h.pre && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
			h.space = true;
			i++;
		} else if (h.pre && (c == '\n' || c == '\r')) {
			if (c == '\n' || (i + 1 < n && s[i + 1] != '\n'))
				strbuf_addch(out, '\n');
			h.space = false;
			i++;
		} else {
			size_t j = i + 1;
			while (j < n && s[j] && !strchr(h.pre ? "<&\r\n" : "<& \t\r\n", s[j]))
				j++;
			text(&h, s + i, j - i);
			i = j;
		}
	}
	tidy(out, h.start);
}
