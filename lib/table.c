/* table.c - tables of typed cells (table.h), the one shape every
 * exporting writer reads. */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/table.h"

static const struct sss_cell empty_cell = { SSS_CELL_EMPTY, NULL, 0, 0 };

struct sss_table *sss_table_new(const char *name)
{
	struct sss_table *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name ? name : "");
	return t;
}

void sss_table_free(struct sss_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->keys[i]);
		free(t->headings[i]);
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->keys);
	free(t->headings);
	free(t->cells);
	free(t->name);
	free(t->title);
	free(t->note);
	free(t);
}

static void set_line(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? xstrdup(s) : NULL;
}

void sss_table_set_title(struct sss_table *t, const char *title)
{
	set_line(&t->title, title);
}

void sss_table_set_note(struct sss_table *t, const char *note)
{
	set_line(&t->note, note);
}

void sss_table_column(struct sss_table *t, const char *key,
		      const char *heading)
{
	if (t->nrows)
		abort();
	t->keys = xrealloc(t->keys, (t->ncols + 1) * sizeof(*t->keys));
	t->headings = xrealloc(t->headings,
			       (t->ncols + 1) * sizeof(*t->headings));
	t->keys[t->ncols] = xstrdup(key);
	t->headings[t->ncols] = xstrdup(heading ? heading : key);
	t->ncols++;
}

void sss_table_row(struct sss_table *t)
{
	size_t need = (t->nrows + 1) * t->ncols;
	SSS_GROW(t->cells, t->alloc, need);
	for (size_t i = t->nrows * t->ncols; i < need; i++)
		t->cells[i] = empty_cell;
	t->nrows++;
	t->cur = 0;
}

static struct sss_cell *next_cell(struct sss_table *t)
{
	if (!t->nrows || t->cur >= t->ncols)
		abort();
	return &t->cells[(t->nrows - 1) * t->ncols + t->cur++];
}

void sss_table_text(struct sss_table *t, const char *text)
{
	struct sss_cell *c = next_cell(t);
	if (text) {
		c->type = SSS_CELL_TEXT;
		c->text = xstrdup(text);
	}
}

static void set_num(struct sss_table *t, enum sss_cell_type type, int64_t n)
{
	struct sss_cell *c = next_cell(t);
	c->type = type;
	c->num = n;
}

void sss_table_int(struct sss_table *t, int64_t n)
{
	set_num(t, SSS_CELL_INT, n);
}

void sss_table_decimal(struct sss_table *t, int64_t n, int scale)
{
	if (scale < 0 || scale > 4)
		abort();
	set_num(t, SSS_CELL_INT, n);
	t->cells[(t->nrows - 1) * t->ncols + t->cur - 1].scale = scale;
}

void sss_table_datetime(struct sss_table *t, int64_t minutes)
{
	set_num(t, SSS_CELL_DATETIME, minutes);
}

void sss_table_minutes(struct sss_table *t, int64_t minutes)
{
	set_num(t, SSS_CELL_MINUTES, minutes);
}

void sss_table_percent(struct sss_table *t, int64_t hundredths)
{
	set_num(t, SSS_CELL_PERCENT, hundredths);
}

void sss_table_date(struct sss_table *t, sss_date d)
{
	struct sss_cell *c = next_cell(t);
	c->type = SSS_CELL_DATE;
	c->date = d;
}

void sss_table_empty(struct sss_table *t)
{
	next_cell(t);
}

const struct sss_cell *sss_table_cell(const struct sss_table *t, size_t r,
				      size_t c)
{
	if (r >= t->nrows || c >= t->ncols)
		return &empty_cell;
	return &t->cells[r * t->ncols + c];
}
