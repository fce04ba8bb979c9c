/* listing.c - the table of tickets that list and due print, and the
 * orders of --sort (listing.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/i18n.h"
#include "sss/labels.h"
#include "sss/listing.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"


static const char *const field_names[SSS_LF_N] = {
	"id",	"status",  "priority", "due",	  "assignee", "title",
	"sow",	"kind",	   "created",  "updated", "closed",
};

/* The column headings, in one place (msgids for the Japanese catalog). */
static const char *const headings[SSS_LF_N] = {
	N_("ID"),     N_("Status"), N_("Priority"), N_("Due"),
	N_("Assignee"), N_("Title"), N_("SOW"),     N_("Kind"),
	N_("Created"),	N_("Updated"), N_("Closed"),
};

static const enum sss_listing_field default_columns[] = {
	SSS_LF_ID, SSS_LF_STATUS, SSS_LF_PRIORITY, SSS_LF_DUE, SSS_LF_ASSIGNEE,
	SSS_LF_TITLE,
};

#define MAX_KEYS SSS_LF_N
/* the fewest columns a title is cut to */
#define TITLE_MIN 12

struct sort_key {
	enum sss_listing_field field;
	bool desc;
};

struct row {
	char *text;			/* the fields, NUL-separated */
	uint32_t off[SSS_LF_N];		/* where each starts in text */
	char *extra;
	size_t seq;			/* the order added: ties stay in it */
	long long time[3];		/* created, updated, closed (sorting) */
	bool has_time[3];
	uint32_t cw[SSS_LF_N];		/* the display width of each cell */
	int prio_rank, status_rank;	/* priority_rank(), status_rank() */
};

struct sss_listing {
	struct row **rows;
	size_t nrows, alloc;
	enum sss_listing_field cols[SSS_LF_N];
	size_t ncols;
	struct sort_key keys[MAX_KEYS];
	size_t nkeys;
	size_t width[SSS_LF_N]; /* the widest cell or heading of each field */
	/* the messages are translated (LANG=ja_JP.UTF-8): the headings and
	 * the status, priority and kind cells in the person's language too */
	bool labels;
};

struct sss_listing_term sss_listing_term(int fd)
{
	struct sss_listing_term t = { false, 0, false };
	const char *force = getenv("SSS_FORCE_TTY");
	const char *cols = getenv("COLUMNS");
	struct winsize ws;

	t.tty = (force && !strcmp(force, "1")) || isatty(fd);
	if (!t.tty)
		return t;
	if (cols && *cols) {
		char *end;
		long n = strtol(cols, &end, 10);
		if (!*end && n > 0 && n < 100000) {
			t.width = (size_t)n;
			return t;
		}
	}
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		t.width = ws.ws_col;
	else
		t.width = 80;
	return t;
}

const char *sss_listing_field_name(enum sss_listing_field f)
{
	return f < SSS_LF_N ? field_names[f] : NULL;
}

static int field_by_name(const char *s, size_t n)
{
	for (int f = 0; f < SSS_LF_N; f++)
		if (strlen(field_names[f]) == n && !memcmp(field_names[f], s, n))
			return f;
	return -1;
}

struct sss_listing *sss_listing_new(void)
{
	struct sss_listing *l = xcalloc(1, sizeof(*l));

	l->labels = strcmp(_(headings[SSS_LF_STATUS]), headings[SSS_LF_STATUS]) != 0;
	for (int f = 0; f < SSS_LF_N; f++)
		l->width[f] = sss_display_width(_(headings[f]));
	l->ncols = sizeof(default_columns) / sizeof(default_columns[0]);
	memcpy(l->cols, default_columns, sizeof(default_columns));
	l->keys[0] = (struct sort_key){ SSS_LF_DUE, false };
	l->keys[1] = (struct sort_key){ SSS_LF_PRIORITY, false };
	l->keys[2] = (struct sort_key){ SSS_LF_ID, false };
	l->nkeys = 3;
	return l;
}

void sss_listing_free(struct sss_listing *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nrows; i++) {
		free(l->rows[i]->text);
		free(l->rows[i]->extra);
		free(l->rows[i]);
	}
	free(l->rows);
	free(l);
}

/* The next comma-separated word of *p: its start and length. */
static bool next_word(const char **p, const char **w, size_t *n)
{
	if (!**p)
		return false;
	*w = *p;
	const char *comma = strchr(*p, ',');
	*n = comma ? (size_t)(comma - *p) : strlen(*p);
	*p += *n + (comma ? 1 : 0);
	return true;
}

struct sss_error *sss_listing_set_sort(struct sss_listing *l, const char *spec)
{
	struct sort_key keys[MAX_KEYS];
	size_t nkeys = 0, n;
	const char *p = spec, *w;

	while (next_word(&p, &w, &n)) {
		bool desc = n > 0 && *w == '-';
		int f = field_by_name(w + desc, n - desc);
		if (f < 0)
			return sss_error(SSS_ERR_USAGE,
					 "unknown sort key '%.*s' in --sort (use id, status, "
					 "priority, due, assignee, title, sow, kind, created, "
					 "updated or closed; -KEY for descending)",
					 (int)n, w);
		for (size_t i = 0; i < nkeys; i++)
			if (keys[i].field == (enum sss_listing_field)f)
				return sss_error(SSS_ERR_USAGE,
						 "sort key '%s' given twice in --sort",
						 field_names[f]);
		keys[nkeys++] = (struct sort_key){ (enum sss_listing_field)f, desc };
	}
	if (!nkeys)
		return sss_error(SSS_ERR_USAGE, "--sort needs at least one key");
	memcpy(l->keys, keys, sizeof(keys));
	l->nkeys = nkeys;
	return NULL;
}

struct sss_error *sss_listing_set_columns(struct sss_listing *l, const char *spec)
{
	enum sss_listing_field cols[SSS_LF_N];
	size_t ncols = 0, n;
	const char *p = spec, *w;

	while (next_word(&p, &w, &n)) {
		int f = field_by_name(w, n);
		if (f < 0)
			return sss_error(SSS_ERR_USAGE,
					 "unknown column '%.*s' in --columns (use id, status, "
					 "priority, due, assignee, title, sow, kind, created, "
					 "updated or closed)",
					 (int)n, w);
		for (size_t i = 0; i < ncols; i++)
			if (cols[i] == (enum sss_listing_field)f)
				return sss_error(SSS_ERR_USAGE,
						 "column '%s' given twice in --columns",
						 field_names[f]);
		cols[ncols++] = (enum sss_listing_field)f;
	}
	if (!ncols)
		return sss_error(SSS_ERR_USAGE, "--columns needs at least one column");
	memcpy(l->cols, cols, sizeof(cols));
	l->ncols = ncols;
	return NULL;
}

size_t sss_listing_columns(const struct sss_listing *l,
			   enum sss_listing_field cols[SSS_LF_N])
{
	memcpy(cols, l->cols, l->ncols * sizeof(*cols));
	return l->ncols;
}

bool sss_listing_uses(const struct sss_listing *l, enum sss_listing_field f)
{
	if (f == SSS_LF_ID)
		return true; /* the last tie-breaker */
	for (size_t i = 0; i < l->ncols; i++)
		if (l->cols[i] == f)
			return true;
	for (size_t i = 0; i < l->nkeys; i++)
		if (l->keys[i].field == f)
			return true;
	return false;
}

static bool is_time_field(enum sss_listing_field f)
{
	return f == SSS_LF_CREATED || f == SSS_LF_UPDATED || f == SSS_LF_CLOSED;
}

/* The cell a field shows: a date-time as "2026-11-26 09:30", a missing
 * value as "-". */
static void cell_text(struct strbuf *out, enum sss_listing_field f, const char *v,
		      bool labels)
{
	const char *label = NULL;
	if (labels && (f == SSS_LF_STATUS || f == SSS_LF_PRIORITY || f == SSS_LF_KIND))
		label = sss_label_of(field_names[f], v);
	if (label) {
		strbuf_addstr(out, label);
	} else if (!*v) {
		strbuf_addch(out, '-');
	} else if (is_time_field(f) && strlen(v) >= 16 && v[10] == 'T') {
		strbuf_add(out, v, 10);
		strbuf_addch(out, ' ');
		strbuf_add(out, v + 11, 5);
	} else {
		strbuf_addstr(out, v);
	}
}

static const char *get(const struct row *r, enum sss_listing_field f)
{
	return r->text + r->off[f];
}

/* Most urgent first; an unknown priority after the known ones. */
static int priority_rank(const char *p)
{
	static const char *const order[] = { "urgent", "high", "normal", "low" };
	for (int i = 0; i < 4; i++)
		if (!strcmp(p, order[i]))
			return i;
	return 4;
}

/* In the order of the workflow: open first, cancelled last. */
static int status_rank(const char *s)
{
	static const char *const order[] = { "open",   "in-progress", "waiting",
					     "resolved", "closed",    "cancelled" };
	for (int i = 0; i < 6; i++)
		if (!strcmp(s, order[i]))
			return i;
	return 6;
}

void sss_listing_add(struct sss_listing *l, const char *const fields[SSS_LF_N],
		     const char *extra)
{
	struct strbuf text = STRBUF_INIT, cell = STRBUF_INIT;
	struct row *r = xcalloc(1, sizeof(*r));

	for (int f = 0; f < SSS_LF_N; f++) {
		r->off[f] = (uint32_t)text.len;
		r->cw[f] = 1; /* "-" */
		if (fields[f] && *fields[f]) {
			sss_sanitize(&text, fields[f], true);
			strbuf_reset(&cell);
			cell_text(&cell, (enum sss_listing_field)f, text.buf + r->off[f],
				  l->labels);
			size_t w = sss_display_width(cell.buf);
			r->cw[f] = w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
		}
		strbuf_addch(&text, '\0');
		if (r->cw[f] > l->width[f])
			l->width[f] = r->cw[f];
	}
	r->text = strbuf_detach(&text, NULL);
	r->prio_rank = priority_rank(get(r, SSS_LF_PRIORITY));
	r->status_rank = status_rank(get(r, SSS_LF_STATUS));
	r->extra = extra ? xstrdup(extra) : NULL;
	r->seq = l->nrows;
	SSS_GROW(l->rows, l->alloc, l->nrows + 1);
	l->rows[l->nrows++] = r;
	strbuf_release(&cell);
}

static int cmp_int(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

/* Rows a and b by one key; a missing value comes last either way. */
static int cmp_key(const struct row *a, const struct row *b, const struct sort_key *k)
{
	const char *va = get(a, k->field), *vb = get(b, k->field);
	int c;

	if (!*va || !*vb)
		return !*va - !*vb;
	if (k->field == SSS_LF_PRIORITY)
		c = cmp_int(a->prio_rank, b->prio_rank);
	else if (k->field == SSS_LF_STATUS)
		c = cmp_int(a->status_rank, b->status_rank);
	else if (is_time_field(k->field)) {
		int i = k->field - SSS_LF_CREATED;
		if (a->has_time[i] && b->has_time[i])
			c = cmp_int(a->time[i], b->time[i]);
		else
			c = strcmp(va, vb);
	} else
		c = strcmp(va, vb); /* ISO dates, IDs, text: by code point */
	return k->desc ? -c : c;
}

static int cmp_rows(const void *pa, const void *pb, void *data)
{
	const struct row *a = *(struct row *const *)pa, *b = *(struct row *const *)pb;
	const struct sss_listing *sorting = data;
	int c;

	for (size_t i = 0; i < sorting->nkeys; i++)
		if ((c = cmp_key(a, b, &sorting->keys[i])))
			return c;
	if ((c = strcmp(get(a, SSS_LF_ID), get(b, SSS_LF_ID))))
		return c;
	return cmp_int((long long)a->seq, (long long)b->seq);
}

void sss_listing_sort(struct sss_listing *l)
{
	for (size_t k = 0; k < l->nkeys; k++) {
		if (!is_time_field(l->keys[k].field))
			continue;
		/* date-times with different offsets compare as moments */
		int i = l->keys[k].field - SSS_LF_CREATED;
		for (size_t j = 0; j < l->nrows; j++) {
			struct row *r = l->rows[j];
			r->has_time[i] =
			    !sss_datetime_parse(get(r, l->keys[k].field), &r->time[i]);
		}
	}
	if (l->nrows > 1)
		qsort_r(l->rows, l->nrows, sizeof(*l->rows), cmp_rows, l);
}

size_t sss_listing_count(const struct sss_listing *l)
{
	return l->nrows;
}

const char *sss_listing_extra(const struct sss_listing *l, size_t i)
{
	return i < l->nrows ? l->rows[i]->extra : NULL;
}

/* Append s cut to at most max columns: when it is wider, as many whole
 * characters as fit before a final "…". Returns the columns appended. */
static size_t add_cut(struct strbuf *out, const char *s, size_t max)
{
	size_t w = sss_display_width(s), used = 0;

	if (w <= max) {
		strbuf_addstr(out, s);
		return w;
	}
	if (!max)
		return 0;
	while (*s) {
		unsigned cp;
		int n = sss_utf8_decode(s, &cp);
		char one[5] = { 0 };
		memcpy(one, s, (size_t)n);
		size_t cw = sss_display_width(one);
		if (used + cw > max - 1)
			break;
		strbuf_add(out, s, (size_t)n);
		used += cw;
		s += n;
	}
	strbuf_addstr(out, "…");
	return used + 1;
}

/* The width of column c of the table: its widest cell or heading (also
 * without the header: the rows are the same on a terminal and piped). */
static size_t col_width(const struct sss_listing *l, size_t c)
{
	return l->width[l->cols[c]];
}

static void add_spaces(struct strbuf *out, size_t n)
{
	static const char blanks[] = "                                ";
	while (n) {
		size_t k = n < sizeof(blanks) - 1 ? n : sizeof(blanks) - 1;
		strbuf_add(out, blanks, k);
		n -= k;
	}
}

/* The most columns the title may take to keep the line within the
 * terminal (SIZE_MAX: no limit). The other columns are never cut. */
static size_t title_limit(const struct sss_listing *l,
			  const struct sss_listing_term *term, size_t indent)
{
	size_t fixed = indent, has_title = 0;

	if (!term->tty || !term->width)
		return SIZE_MAX;
	for (size_t c = 0; c < l->ncols; c++) {
		if (c)
			fixed += 2;
		if (l->cols[c] == SSS_LF_TITLE)
			has_title = 1;
		else
			fixed += col_width(l, c);
	}
	if (!has_title)
		return SIZE_MAX;
	/* on a narrow terminal the title keeps a few columns, and the line
	 * is cut at the width instead (cut_line()) */
	return fixed + TITLE_MIN < term->width ? term->width - fixed : TITLE_MIN;
}

/* Cut the line out[start..] (no newline yet) to the terminal's width with
 * a final "…", when the columns before the title did not leave it room.
 * The first keep columns (the ID) are never cut; escape sequences take
 * no columns. */
static void cut_line(struct strbuf *out, size_t start, size_t width, size_t keep)
{
	size_t used = 0, i = start, cut = SIZE_MAX;
	bool escaped = false;

	if (!width || keep + 1 >= width)
		return;
	while (i < out->len) {
		if (out->buf[i] == '\033') {
			const char *m = memchr(out->buf + i, 'm', out->len - i);
			i = m ? (size_t)(m - out->buf) + 1 : out->len;
			escaped = true;
			continue;
		}
		unsigned cp;
		int n = sss_utf8_decode(out->buf + i, &cp);
		char one[5] = { 0 };
		memcpy(one, out->buf + i, (size_t)n);
		used += sss_display_width(one);
		if (used > width - 1 && cut == SIZE_MAX)
			cut = i; /* where "…" goes if the line is too wide */
		i += (size_t)n;
	}
	if (used <= width)
		return;
	strbuf_setlen(out, cut);
	while (out->len > start && out->buf[out->len - 1] == ' ')
		strbuf_setlen(out, out->len - 1);
	strbuf_addstr(out, "…");
	if (escaped)
		strbuf_addstr(out, "\033[0m");
}

/* Append one line of cells (a row's, or the headings when r is NULL). */
static void render_line(const struct sss_listing *l,
			const struct sss_listing_term *term, const struct row *r,
			size_t indent, struct strbuf *out)
{
	struct strbuf cell = STRBUF_INIT;
	size_t limit = title_limit(l, term, indent), start = out->len;

	add_spaces(out, indent);
	for (size_t c = 0; c < l->ncols; c++) {
		enum sss_listing_field f = l->cols[c];
		size_t w = col_width(l, c), shown;
		bool last = c + 1 == l->ncols;
		bool yellow = r && term->color && f == SSS_LF_STATUS &&
			      !strcmp(get(r, f), "open");

		if (c)
			strbuf_addstr(out, "  ");
		strbuf_reset(&cell);
		if (r)
			cell_text(&cell, f, get(r, f), l->labels);
		else
			strbuf_addstr(&cell, _(headings[f]));
		if (yellow)
			strbuf_addstr(out, "\033[33m");
		if (f == SSS_LF_TITLE) {
			if (w > limit)
				w = limit;
			shown = add_cut(out, cell.buf, w);
		} else {
			strbuf_addbuf(out, &cell);
			shown = r ? r->cw[f] : sss_display_width(cell.buf);
		}
		if (yellow)
			strbuf_addstr(out, "\033[0m");
		/* no trailing blanks after the last column */
		if (!last && shown < w)
			add_spaces(out, w - shown);
	}
	if (limit != SIZE_MAX)
		cut_line(out, start, term->width, indent + col_width(l, 0));
	strbuf_addch(out, '\n');
	strbuf_release(&cell);
}

void sss_listing_render_header(const struct sss_listing *l,
			       const struct sss_listing_term *term,
			       size_t indent, struct strbuf *out)
{
	if (term->tty)
		render_line(l, term, NULL, indent, out);
}

void sss_listing_render_row(const struct sss_listing *l,
			    const struct sss_listing_term *term, size_t i,
			    size_t indent, struct strbuf *out)
{
	if (i < l->nrows)
		render_line(l, term, l->rows[i], indent, out);
}

void sss_listing_render(const struct sss_listing *l,
			const struct sss_listing_term *term, struct strbuf *out)
{
	sss_listing_render_header(l, term, 0, out);
	for (size_t i = 0; i < l->nrows; i++)
		sss_listing_render_row(l, term, i, 0, out);
}
