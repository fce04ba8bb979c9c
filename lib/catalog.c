/* catalog.c - the SOW catalog (the .yml files of sow/) as a model:
 * freeing it and reading it. Loading and checking it is catalog_load.c's
 * (files) and catalog_parse.c's (entries and summary items). */
#include <stdlib.h>
#include <string.h>

#include "sss/catalog.h"
#include "catalog_priv.h"

static void steps_free(struct sow_step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(steps[i].text);
		free(steps[i].note);
	}
	free(steps);
}

void sss_sow_instance_release(struct sow_instance *in)
{
	free(in->key);
	for (size_t i = 0; i < in->nparams; i++) {
		free(in->params[i].name);
		free(in->params[i].value);
	}
	free(in->params);
	steps_free(in->steps, in->nsteps);
}

void sss_sow_entry_free(struct sss_sow_entry *e)
{
	if (!e)
		return;
	free(e->key);
	free(e->no);
	free(e->category);
	free(e->area);
	free(e->item);
	free(e->kind);
	free(e->title);
	free(e->work);
	free(e->remarks);
	for (size_t i = 0; i < e->ndocs; i++)
		free(e->docs[i]);
	free(e->docs);
	steps_free(e->steps, e->nsteps);
	for (size_t i = 0; i < e->ninst; i++)
		sss_sow_instance_release(&e->inst[i]);
	free(e->inst);
	free(e->file);
	free(e);
}

void sss_sow_summary_release(struct sow_summary *s)
{
	free(s->category);
	free(s->area);
	free(s->item);
	free(s->work);
	free(s->remarks);
	free(s->file);
}

void sss_catalog_free(struct sss_catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->n; i++)
		sss_sow_entry_free(cat->entries[i]);
	free(cat->entries);
	for (size_t i = 0; i < cat->nsum; i++)
		sss_sow_summary_release(&cat->sum[i]);
	free(cat->sum);
	free(cat);
}

/* ---- access ------------------------------------------------------------ */

size_t sss_catalog_count(const struct sss_catalog *cat)
{
	return cat ? cat->n : 0;
}

const struct sss_sow_entry *sss_catalog_at(const struct sss_catalog *cat,
					   size_t i)
{
	return cat && i < cat->n ? cat->entries[i] : NULL;
}

const struct sss_sow_entry *sss_catalog_find(const struct sss_catalog *cat,
					     const char *key)
{
	if (!cat || !key)
		return NULL;
	for (size_t i = 0; i < cat->n; i++)
		if (!strcmp(cat->entries[i]->key, key))
			return cat->entries[i];
	return NULL;
}

const char *sss_sow_key(const struct sss_sow_entry *e)
{
	return e->key;
}
const char *sss_sow_no(const struct sss_sow_entry *e)
{
	return e->no;
}
const char *sss_sow_category(const struct sss_sow_entry *e)
{
	return e->category;
}
const char *sss_sow_area(const struct sss_sow_entry *e)
{
	return e->area;
}
const char *sss_sow_item(const struct sss_sow_entry *e)
{
	return e->item;
}
const char *sss_sow_title(const struct sss_sow_entry *e)
{
	return e->title;
}
const char *sss_sow_kind(const struct sss_sow_entry *e)
{
	return e->kind;
}
const char *sss_sow_remarks(const struct sss_sow_entry *e)
{
	return e->remarks;
}
const char *sss_sow_work(const struct sss_sow_entry *e)
{
	return e->work;
}
enum sss_freq sss_sow_freq(const struct sss_sow_entry *e)
{
	return e->freq;
}
int sss_sow_summary_no(const struct sss_sow_entry *e)
{
	return e->summary_no;
}

size_t sss_sow_document_count(const struct sss_sow_entry *e)
{
	return e->ndocs;
}

const char *sss_sow_document(const struct sss_sow_entry *e, size_t i)
{
	return i < e->ndocs ? e->docs[i] : NULL;
}

size_t sss_sow_step_count(const struct sss_sow_entry *e)
{
	return e->nsteps;
}

const char *sss_sow_step_text(const struct sss_sow_entry *e, size_t i)
{
	return i < e->nsteps ? e->steps[i].text : NULL;
}

enum sss_freq sss_sow_step_freq(const struct sss_sow_entry *e, size_t i)
{
	if (i < e->nsteps && e->steps[i].freq >= 0)
		return (enum sss_freq)e->steps[i].freq;
	return e->freq;
}

const char *sss_sow_step_note(const struct sss_sow_entry *e, size_t i)
{
	return i < e->nsteps ? e->steps[i].note : NULL;
}

size_t sss_sow_instance_count(const struct sss_sow_entry *e)
{
	return e->ninst;
}

const char *sss_sow_instance_key(const struct sss_sow_entry *e, size_t i)
{
	return i < e->ninst ? e->inst[i].key : NULL;
}

size_t sss_sow_instance_param_count(const struct sss_sow_entry *e, size_t i)
{
	return i < e->ninst ? e->inst[i].nparams : 0;
}

const char *sss_sow_instance_param_name(const struct sss_sow_entry *e, size_t i,
					size_t j)
{
	if (i >= e->ninst || j >= e->inst[i].nparams)
		return NULL;
	return e->inst[i].params[j].name;
}

const char *sss_sow_instance_param_value(const struct sss_sow_entry *e,
					 size_t i, size_t j)
{
	if (i >= e->ninst || j >= e->inst[i].nparams)
		return NULL;
	return e->inst[i].params[j].value;
}

size_t sss_sow_instance_step_count(const struct sss_sow_entry *e, size_t i)
{
	return i < e->ninst ? e->inst[i].nsteps : 0;
}

const char *sss_sow_instance_step_text(const struct sss_sow_entry *e, size_t i,
				       size_t j)
{
	if (i >= e->ninst || j >= e->inst[i].nsteps)
		return NULL;
	return e->inst[i].steps[j].text;
}

const char *sss_sow_instance_step_note(const struct sss_sow_entry *e, size_t i,
				       size_t j)
{
	if (i >= e->ninst || j >= e->inst[i].nsteps)
		return NULL;
	return e->inst[i].steps[j].note;
}

size_t sss_catalog_summary_count(const struct sss_catalog *cat)
{
	return cat ? cat->nsum : 0;
}

int sss_summary_no(const struct sss_catalog *cat, size_t i)
{
	return i < cat->nsum ? cat->sum[i].no : 0;
}

const char *sss_summary_category(const struct sss_catalog *cat, size_t i)
{
	return i < cat->nsum ? cat->sum[i].category : NULL;
}

const char *sss_summary_area(const struct sss_catalog *cat, size_t i)
{
	return i < cat->nsum ? cat->sum[i].area : NULL;
}

const char *sss_summary_item(const struct sss_catalog *cat, size_t i)
{
	return i < cat->nsum ? cat->sum[i].item : NULL;
}

const char *sss_summary_work(const struct sss_catalog *cat, size_t i)
{
	return i < cat->nsum ? cat->sum[i].work : NULL;
}

const char *sss_summary_remarks(const struct sss_catalog *cat, size_t i)
{
	return i < cat->nsum ? cat->sum[i].remarks : NULL;
}
