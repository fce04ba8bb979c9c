/* import_one.c - `import --one-ticket`: the rows of a CSV file gathered
 * into one ticket, a checklist item per row (the 人事異動 case: one
 * ユーザ登録申請 with 300 accounts to tick off). See import.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "import_priv.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

/* --one-ticket: the rows of one ticket. The fields must agree from row
 * to row (a row may leave one empty); the title's placeholders may
 * differ, and a checklist item is made of each row's. */
struct one_param {
	const char *name;
	char *first;
	bool varies;
};

struct sss_import_one {
	struct sss_import *im;
	char *field[NFIELDS];
	size_t field_line[NFIELDS];
	char *description;
	size_t description_line;
	struct strbuf tags, docs; /* "\n"-ended items, each once */
	struct one_param *p;
	size_t np;
	struct strbuf items;
};

struct sss_import_one *sss_import_one_new(struct sss_import *im)
{
	struct sss_import_one *one = xcalloc(1, sizeof(*one));
	one->im = im;
	strbuf_init(&one->tags, 0);
	strbuf_init(&one->docs, 0);
	strbuf_init(&one->items, 0);
	one->p = xcalloc(im->ncols ? im->ncols : 1, sizeof(*one->p));
	return one;
}

void sss_import_one_free(struct sss_import_one *one)
{
	if (!one)
		return;
	for (size_t i = 0; i < NFIELDS; i++)
		free(one->field[i]);
	free(one->description);
	for (size_t i = 0; i < one->np; i++)
		free(one->p[i].first);
	free(one->p);
	strbuf_release(&one->tags);
	strbuf_release(&one->docs);
	strbuf_release(&one->items);
	free(one);
}

static const char *field_column(const struct sss_import *im, enum target t, int field)
{
	for (size_t i = 0; i < im->ncols; i++)
		if (im->cols[i].t == t && (t != T_FIELD || im->cols[i].field == field))
			return im->cols[i].name;
	return "?";
}

/* The one value of a field: the first row's, and each later the same. */
static struct sss_error *agree(struct sss_import_one *one, char **have, size_t *have_line,
			       const char *v, size_t line, const char *column)
{
	if (!v)
		return NULL;
	if (!*have) {
		*have = xstrdup(v);
		*have_line = line;
		return NULL;
	}
	if (!strcmp(*have, v))
		return NULL;
	return sss_import_cell_error(one->im->file, line, column,
				     "'%s' differs from line %zu ('%s'): with --one-ticket "
				     "the rows are of one ticket", v, *have_line, *have);
}

/* Append item as a line of set unless set has that line already. */
static void add_once(struct strbuf *set, const char *item)
{
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "\n%s\n", item);
	bool seen = !strncmp(set->buf, key.buf + 1, key.len - 1) ||
		    strstr(set->buf, key.buf) != NULL;
	if (!seen)
		strbuf_addstr(set, key.buf + 1);
	strbuf_release(&key);
}

struct sss_error *sss_import_one_row(struct sss_import_one *one, const struct sss_sow_entry *e,
				 struct row *r)
{
	struct sss_import *im = one->im;
	struct sss_error *err = NULL;

	for (size_t f = 0; f < NFIELDS && !err; f++)
		err = agree(one, &one->field[f], &one->field_line[f], r->field[f], r->line,
			    field_column(im, T_FIELD, (int)f));
	if (!err)
		err = agree(one, &one->description, &one->description_line, r->description,
			    r->line, field_column(im, T_DESCRIPTION, -1));
	if (err)
		return err;
	for (size_t i = 0; i < r->ntag; i++)
		add_once(&one->tags, r->tag[i]);
	for (size_t i = 0; i < r->ndoc; i++)
		add_once(&one->docs, r->doc[i]);
	if (!one->field[0] && (err = sss_import_check_missing(im, e, r)))
		return err;
	if (!r->np)
		return sss_import_cell_error(im->file, r->line, NULL,
					     "nothing for its checklist item (with --one-ticket "
					     "each row gives placeholders of the title)");
	strbuf_addstr(&one->items, "- [ ] ");
	for (size_t i = 0; i < r->np; i++) {
		size_t k;
		for (k = 0; k < one->np && strcmp(one->p[k].name, r->pname[i]); k++)
			;
		if (k == one->np) {
			one->p[one->np].name = r->pname[i];
			one->p[one->np++].first = xstrdup(r->pvalue[i]);
		} else if (strcmp(one->p[k].first, r->pvalue[i])) {
			one->p[k].varies = true;
		}
		if (i)
			strbuf_addstr(&one->items, " / ");
		for (const char *c = r->pvalue[i]; *c; c++)
			strbuf_addch(&one->items, *c == '\n' ? ' ' : *c);
	}
	strbuf_addch(&one->items, '\n');
	return NULL;
}

static void list_into(char ***items, size_t *n, size_t *alloc, const char *lines)
{
	for (const char *p = lines; *p;) {
		size_t len = strcspn(p, "\n");
		SSS_GROW(*items, *alloc, *n + 1);
		(*items)[(*n)++] = xstrndup(p, len);
		p += len + (p[len] == '\n');
	}
}

/* The one ticket: a placeholder whose rows differ reads "FIRST 他N件". */
struct sss_error *sss_import_one_finish(struct sss_import_one *one, struct sss_repo *repo,
				    const struct sss_sow_entry *e, struct row *r)
{
	struct sss_import *im = one->im;
	struct strbuf *vals = xcalloc(one->np ? one->np : 1, sizeof(*vals));
	struct sss_ticket *t = NULL;
	struct sss_error *err;

	sss_import_row_reset(r);
	r->line = 2;
	for (size_t f = 0; f < NFIELDS; f++)
		r->field[f] = one->field[f];
	r->description = one->description;
	list_into(&r->tag, &r->ntag, &r->atag, one->tags.buf);
	list_into(&r->doc, &r->ndoc, &r->adoc, one->docs.buf);
	for (size_t i = 0; i < one->np; i++) {
		strbuf_init(&vals[i], 0);
		strbuf_addstr(&vals[i], one->p[i].first);
		if (one->p[i].varies)
			strbuf_addf(&vals[i], " 他%zu件", im->rows - 1);
		r->pname[r->np] = one->p[i].name;
		r->pvalue[r->np++] = vals[i].buf;
	}
	if (!(err = sss_import_compose_row(im, repo, e, r, &t))) {
		if (one->items.len)
			strbuf_setlen(&one->items, one->items.len - 1);
		sss_ticket_section_replace(t, SSS_SEC_CHECKLIST, one->items.buf);
		sss_import_add(im, t, 2, true);
	}
	for (size_t i = 0; i < one->np; i++)
		strbuf_release(&vals[i]);
	free(vals);
	return err;
}
