/* yamlfast.c - a fast path for the YAML that sssctl itself writes.
 *
 * Reading every ticket of a large repository is dominated by libyaml's
 * tokenizer and its allocations. The front matter that sssctl writes uses
 * a small part of YAML: block maps of `key: value` lines, double- or
 * single-quoted scalars on one line, flow sequences of scalars on one line,
 * block sequences of scalars or of maps, empty values. This parser builds
 * the same tree as sss_yaml_parse() for exactly that part, and declines
 * (returns false) as soon as it sees anything else (comments, tabs,
 * multi-line scalars, block scalars, flow maps, anchors, tags, directives,
 * duplicate keys, characters libyaml treats specially), so the caller
 * falls back to libyaml, which also gives the error messages. A unit test
 * checks that both parsers build identical trees.
 *
 * The tree is built in an arena (alloc.h): a ticket's few dozen nodes and
 * strings cost no malloc or free each, which at 100,000 tickets was a
 * quarter of a full scan.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/node.h"
#include "yamlfast.h"

struct fast {
	struct sss_arena *a;
	const char *buf, *end;
	const char *p;      /* start of the current line */
	int line;           /* file line of p */
	int depth;
	const char *lp, *le; /* the last line_end() asked: lp's line ends at le */
};

/* Far below SSS_YAML_MAX_NODES: a ticket has a few dozen nodes. */
#define FAST_MAX_NODES 5000

/* Byte classes: C_CTRL bytes libyaml reads in a special way or refuses
 * (controls, DEL); C_LEAD the first bytes of the sequences special_bytes
 * must look at; C_IND a plain scalar's first byte that makes it
 * something else; C_PLAIN the bytes plain_ok must look at; C_FLOW the
 * ones that end a plain scalar inside "[...]". */
enum { C_CTRL = 1, C_LEAD = 2, C_IND = 4, C_PLAIN = 8, C_FLOW = 16 };

static unsigned char cls[256];

static void init_classes(void)
{
	for (int c = 0; c < 0x20; c++)
		cls[c] |= C_CTRL;
	cls[0x7f] |= C_CTRL;
	cls[0xc2] |= C_LEAD;
	cls[0xe2] |= C_LEAD;
	cls[0xef] |= C_LEAD;
	for (const char *p = "-?:,[]{}#&*!|>'\"%@`"; *p; p++)
		cls[(unsigned char)*p] |= C_IND;
	cls[':'] |= C_PLAIN;
	cls['#'] |= C_PLAIN;
	for (const char *p = ",[]{}:"; *p; p++)
		cls[(unsigned char)*p] |= C_FLOW;
}

/* Bytes libyaml reads in a special way (line breaks, BOM, non-characters)
 * or refuses in a plain scalar: decline when a line holds any. */
static bool special_bytes(const char *s, const char *e)
{
	for (const unsigned char *p = (const unsigned char *)s;
	     p < (const unsigned char *)e; p++) {
		if (!(cls[*p] & (C_CTRL | C_LEAD)))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return true;
		if (*p == 0xc2 && p + 1 < (const unsigned char *)e && p[1] >= 0x80 &&
		    p[1] <= 0xa0)
			return true; /* NEL, C1 controls, NBSP */
		if (*p == 0xe2 && p + 2 < (const unsigned char *)e && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9))
			return true; /* U+2028, U+2029 */
		if (*p == 0xef && p + 2 < (const unsigned char *)e &&
		    ((p[1] == 0xbb && p[2] == 0xbf) ||
		     (p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))))
			return true; /* BOM, U+FFFE, U+FFFF */
	}
	return false;
}

/* The end of p's line; each line is asked for several times in a row
 * (the key, the value, the next line's indent), and searched once. */
static const char *line_end(struct fast *f, const char *p)
{
	if (p == f->lp)
		return f->le;
	const char *nl = memchr(p, '\n', (size_t)(f->end - p));
	f->lp = p;
	f->le = nl ? nl : f->end;
	return f->le;
}

static int indent_of(const char *p, const char *e)
{
	int n = 0;
	while (p + n < e && p[n] == ' ')
		n++;
	return n;
}

static bool blank(const char *p, const char *e)
{
	return p + indent_of(p, e) == e;
}

/* Move to the next line that is not blank; false at the end. */
static bool next_content(struct fast *f)
{
	while (f->p < f->end) {
		const char *e = line_end(f, f->p);
		if (!blank(f->p, e))
			return true;
		f->p = e < f->end ? e + 1 : e;
		f->line++;
	}
	return false;
}

static void advance_line(struct fast *f)
{
	const char *e = line_end(f, f->p);
	f->p = e < f->end ? e + 1 : e;
	f->line++;
}

static struct sss_node *new_node(struct sss_arena *a, enum sss_node_kind kind,
				 int line)
{
	struct sss_node *node = sss_arena_alloc(a, sizeof(*node));
	memset(node, 0, sizeof(*node));
	node->kind = kind;
	node->line = line;
	return node;
}

/* A scalar whose string s (in the arena already) it takes. */
static struct sss_node *scalar_of(struct sss_arena *a, char *s, bool plain,
				  int line)
{
	struct sss_node *node = new_node(a, SSS_NODE_SCALAR, line);
	node->str = s;
	node->plain = plain;
	return node;
}

static struct sss_node *scalar(struct sss_arena *a, const char *s, size_t n,
			       bool plain, int line)
{
	return scalar_of(a, sss_arena_strndup(a, s, n), plain, line);
}

/* Append to a SEQ or (with key) a MAP whose arrays are in the arena: a
 * full array is copied into one twice its size. */
static void add(struct sss_arena *a, struct sss_node *n, char *key,
		struct sss_node *item)
{
	if (n->len == n->alloc) {
		size_t alloc = n->alloc ? 2 * n->alloc : 8;
		struct sss_node **items = sss_arena_alloc(a, alloc * sizeof(*items));
		if (n->len)
			memcpy(items, n->items, n->len * sizeof(*items));
		n->items = items;
		if (n->kind == SSS_NODE_MAP) {
			char **keys = sss_arena_alloc(a, alloc * sizeof(*keys));
			if (n->len)
				memcpy(keys, n->keys, n->len * sizeof(*keys));
			n->keys = keys;
		}
		n->alloc = alloc;
	}
	if (n->kind == SSS_NODE_MAP)
		n->keys[n->len] = key;
	n->items[n->len++] = item;
}

/* A plain scalar at [s, e): trailing spaces dropped. Declines what YAML
 * would read in another way. */
static bool plain_ok(const char *s, const char *e, bool in_flow)
{
	if (s == e)
		return true;
	if (cls[(unsigned char)*s] & C_IND)
		return false;
	const unsigned char look = in_flow ? C_PLAIN | C_FLOW : C_PLAIN;
	for (const char *p = s; p < e; p++) {
		if (!(cls[(unsigned char)*p] & look))
			continue;
		if (*p == ':' && (p + 1 == e || p[1] == ' '))
			return false;
		if (*p == '#' && p > s && p[-1] == ' ')
			return false;
		if (in_flow && (cls[(unsigned char)*p] & C_FLOW))
			return false;
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* cp as UTF-8 at d; returns the bytes written (1 to 4). */
static size_t put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A quoted scalar starting at *pp (a quote) and ending on the same line
 * before e: its value goes to d (room for e - *pp bytes: no escape is
 * shorter than what it stands for) and its length to *n, *pp moves past
 * the closing quote. */
static bool quoted(const char **pp, const char *e, char *d, size_t *n)
{
	const char *p = *pp;
	char *w = d;
	char q = *p++;
	while (p < e) {
		if (q == '\'' && *p == '\'') {
			if (p + 1 < e && p[1] == '\'') {
				*w++ = '\'';
				p += 2;
				continue;
			}
			*pp = p + 1;
			*n = (size_t)(w - d);
			return true;
		}
		if (q == '"' && *p == '"') {
			*pp = p + 1;
			*n = (size_t)(w - d);
			return true;
		}
		if (q == '"' && *p == '\\') {
			if (p + 1 >= e)
				return false;
			char c = p[1];
			int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
			if (digits) {
				unsigned cp = 0;
				if (p + 2 + digits > e)
					return false;
				for (int i = 0; i < digits; i++) {
					int h = hexval(p[2 + i]);
					if (h < 0)
						return false;
					cp = cp * 16 + (unsigned)h;
				}
				/* NUL, surrogates, beyond Unicode: libyaml decides */
				if (!cp || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
					return false;
				w += put_utf8(w, cp);
				p += 2 + digits;
				continue;
			}
			const char *from = "\\\"/nt";
			const char *to = "\\\"/\n\t";
			const char *k = strchr(from, c);
			if (!c || !k)
				return false; /* the rare escapes: leave to libyaml */
			*w++ = to[k - from];
			p += 2;
			continue;
		}
		*w++ = *p++;
	}
	return false; /* continues on the next line */
}

/* After a scalar on a line: only spaces may follow. */
static bool rest_blank(const char *p, const char *e)
{
	return blank(p, e);
}

/* A scalar value in [p, e) on one line (not a collection). */
static struct sss_node *inline_scalar(struct sss_arena *a, const char *p,
				      const char *e, int line, bool in_flow,
				      const char **stop)
{
	if (*p == '"' || *p == '\'') {
		char *d = sss_arena_alloc(a, (size_t)(e - p) + 1);
		size_t n;
		if (!quoted(&p, e, d, &n) || memchr(d, '\0', n))
			return NULL;
		d[n] = '\0';
		*stop = p;
		return scalar_of(a, d, false, line);
	}
	const char *q = p;
	if (in_flow)
		while (q < e && *q != ',' && *q != ']')
			q++;
	else
		q = e;
	const char *t = q;
	while (t > p && t[-1] == ' ')
		t--;
	if (!plain_ok(p, t, in_flow))
		return NULL;
	*stop = q;
	return scalar(a, p, (size_t)(t - p), true, line);
}

static struct sss_node *block(struct fast *f, int indent);

/* "[a, "b", c]" on one line. */
static struct sss_node *flow_seq(struct sss_arena *a, const char *p,
				 const char *e, int line)
{
	struct sss_node *seq = new_node(a, SSS_NODE_SEQ, line);
	p++;
	while (p < e && *p == ' ')
		p++;
	if (p < e && *p == ']')
		goto close;
	for (;;) {
		const char *stop;
		while (p < e && *p == ' ')
			p++;
		if (p >= e || *p == ',' || *p == ']' || *p == '[' || *p == '{')
			goto fail;
		struct sss_node *item = inline_scalar(a, p, e, line, true, &stop);
		if (!item)
			goto fail;
		add(a, seq, NULL, item);
		if (seq->len > FAST_MAX_NODES)
			goto fail;
		p = stop;
		while (p < e && *p == ' ')
			p++;
		if (p < e && *p == ',') {
			p++;
			continue;
		}
		if (p < e && *p == ']')
			break;
		goto fail;
	}
close:
	if (!rest_blank(p + 1, e))
		goto fail;
	return seq;
fail:
	return NULL; /* what it made is the arena's */
}

/* The value after "key:" (or after "- "): at [p, e) on line f->line,
 * with the containing block at indent. Consumes its lines. */
static struct sss_node *value(struct fast *f, const char *p, const char *e,
			      int indent)
{
	int line = f->line;
	while (p < e && *p == ' ')
		p++;
	if (p == e) {
		/* empty: a nested block follows, or it is null */
		advance_line(f);
		if (next_content(f)) {
			const char *le = line_end(f, f->p);
			int in = indent_of(f->p, le);
			if (in > indent)
				return block(f, in);
			if (in == indent && f->p[in] == '-' &&
			    (f->p + in + 1 == le || f->p[in + 1] == ' '))
				return NULL; /* a sequence at the key's indent */
		}
		return scalar(f->a, "", 0, true, line);
	}
	struct sss_node *n;
	const char *stop;
	if (*p == '[')
		n = flow_seq(f->a, p, e, line);
	else if ((n = inline_scalar(f->a, p, e, line, false, &stop)) &&
		 !rest_blank(stop, e))
		n = NULL;
	if (!n)
		return NULL;
	advance_line(f);
	/* a more indented line after a scalar would continue it */
	if (next_content(f) && indent_of(f->p, line_end(f, f->p)) > indent)
		return NULL;
	return n;
}

/* The key of a "key: ..." line at [p, e): its end goes to *colon. */
static bool key_at(const char *p, const char *e, const char **colon)
{
	const char *c = p;
	while (c < e && !(*c == ':' && (c + 1 == e || c[1] == ' ')))
		c++;
	/* libyaml refuses simple keys over 1024 characters: let it say so */
	if (c == e || c == p || c[-1] == ' ' || c - p > 1000 ||
	    !plain_ok(p, c, false))
		return false;
	*colon = c;
	return true;
}

static bool has_key(const struct sss_node *map, const char *k, size_t n)
{
	for (size_t i = 0; i < map->len; i++)
		if (map->keys[i][0] == k[0] && !strncmp(map->keys[i], k, n) &&
		    !map->keys[i][n])
			return true;
	return false;
}

/* Pairs "key: value" at exactly indent, starting at f->p (for a map
 * inside a "- " item, the first pair starts at column indent of the
 * current line). */
static struct sss_node *map_at(struct fast *f, int indent)
{
	struct sss_node *map = new_node(f->a, SSS_NODE_MAP, f->line);
	for (;;) {
		const char *e = line_end(f, f->p);
		const char *k = f->p + indent, *colon;
		if (special_bytes(f->p, e) || !key_at(k, e, &colon) ||
		    has_key(map, k, (size_t)(colon - k)) || map->len >= 256)
			goto fail;
		struct sss_node *v = value(f, colon + 1, e, indent);
		if (!v)
			goto fail;
		add(f->a, map, sss_arena_strndup(f->a, k, (size_t)(colon - k)), v);
		if (f->p >= f->end)
			break;
		e = line_end(f, f->p);
		int in = indent_of(f->p, e);
		if (in < indent)
			break;
		if (in > indent || f->p[in] == '-')
			goto fail;
	}
	return map;
fail:
	return NULL;
}

/* "- item" lines at exactly indent. */
static struct sss_node *seq_at(struct fast *f, int indent)
{
	struct sss_node *seq = new_node(f->a, SSS_NODE_SEQ, f->line);
	for (;;) {
		const char *e = line_end(f, f->p);
		const char *p = f->p + indent;
		struct sss_node *item = NULL;
		const char *colon;
		if (special_bytes(f->p, e) || p + 1 >= e || p[0] != '-' || p[1] != ' ')
			goto fail;
		int in = indent + 2;
		while (f->p + in < e && f->p[in] == ' ')
			in++;
		p = f->p + in;
		if (p == e || *p == '-' || *p == '[' || *p == '{')
			goto fail;
		if (*p != '"' && *p != '\'' && key_at(p, e, &colon)) {
			/* "- key: value" starts a map at the column of key */
			if (++f->depth > 3)
				goto fail;
			item = map_at(f, in);
			f->depth--;
		} else {
			item = value(f, p, e, indent);
		}
		if (!item)
			goto fail;
		add(f->a, seq, NULL, item);
		if (seq->len > FAST_MAX_NODES)
			goto fail;
		if (f->p >= f->end)
			break;
		e = line_end(f, f->p);
		in = indent_of(f->p, e);
		if (in < indent)
			break;
		if (in > indent || f->p[in] != '-')
			goto fail;
	}
	return seq;
fail:
	return NULL; /* what it made is the arena's */
}

/* A block collection whose first line (f->p) is at indent. */
static struct sss_node *block(struct fast *f, int indent)
{
	const char *e = line_end(f, f->p);
	struct sss_node *n;
	if (++f->depth > 3)
		return NULL;
	if (f->p[indent] == '-' && f->p + indent + 1 < e && f->p[indent + 1] == ' ')
		n = seq_at(f, indent);
	else
		n = map_at(f, indent);
	f->depth--;
	return n;
}

static size_t count_nodes(const struct sss_node *n)
{
	size_t c = 1;
	for (size_t i = 0; i < n->len; i++)
		c += count_nodes(n->items[i]);
	return c;
}

static pthread_once_t classes_once = PTHREAD_ONCE_INIT;

const struct sss_node *sss_yaml_parse_fast_in(struct sss_arena *a,
					      const char *buf, size_t len,
					      int first_line)
{
	struct fast f = { a, buf, buf + len, buf, first_line, 0, NULL, NULL };
	pthread_once(&classes_once, init_classes);
	/* comments, tabs, directives and document markers: libyaml's job */
	if (memchr(buf, '\t', len) || memchr(buf, '#', len) || memchr(buf, '\r', len))
		return NULL;
	/* a line that starts with "---" or "..." (after the first, checked
	 * below) may be a document marker */
	if (memmem(buf, len, "\n---", 4) || memmem(buf, len, "\n...", 4))
		return NULL;
	if (!next_content(&f))
		return NULL; /* an empty document: let libyaml say what it is */
	const char *e = line_end(&f, f.p);
	if (indent_of(f.p, e) != 0 || (e - f.p >= 3 && (!memcmp(f.p, "---", 3) ||
							 !memcmp(f.p, "...", 3))))
		return NULL;
	struct sss_node *root = map_at(&f, 0);
	if (!root || next_content(&f) || count_nodes(root) > FAST_MAX_NODES)
		return NULL;
	return root;
}

bool sss_yaml_parse_fast(struct sss_node **out, const char *buf, size_t len,
			 int first_line)
{
	struct sss_arena a;
	char first[4096];

	sss_arena_init(&a, first, sizeof(first));
	const struct sss_node *root = sss_yaml_parse_fast_in(&a, buf, len, first_line);
	*out = sss_node_copy(root);
	sss_arena_release(&a);
	return *out != NULL;
}
