/* catalog_priv.h - the layout of the SOW catalog, shared by catalog.c
 * (the model), catalog_parse.c (entries and summary items) and
 * catalog_load.c (files); not part of the public API. */
#ifndef SSS_CATALOG_PRIV_H
#define SSS_CATALOG_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "sss/period.h"

struct sss_error;
struct sss_node;

struct sow_step {
	char *text;
	int freq; /* enum sss_freq, or -1: the entry's */
	char *note;
};

struct sow_param {
	char *name;
	char *value;
};

struct sow_instance {
	char *key;
	struct sow_param *params;
	size_t nparams, aparams;
	/* own checklist; none means the entry's */
	struct sow_step *steps;
	size_t nsteps, asteps;
};

struct sss_sow_entry {
	char *key, *no, *category, *area, *item, *kind, *title, *work, *remarks;
	enum sss_freq freq;
	int summary_no; /* 0: none */
	char **docs;
	size_t ndocs, adocs;
	struct sow_step *steps;
	size_t nsteps, asteps;
	struct sow_instance *inst;
	size_t ninst, ainst;
	/* where it was defined, for checks that span files */
	char *file;
	int line, summary_line;
};

struct sow_summary {
	int no;
	char *category, *area, *item, *work, *remarks;
	char *file;
	int line;
};

struct sss_catalog {
	struct sss_sow_entry **entries;
	size_t n, alloc;
	struct sow_summary *sum;
	size_t nsum, asum;
};

/* Free an entry and all it holds (NULL is a no-op). */
void sss_sow_entry_free(struct sss_sow_entry *e);
/* Free what an instance or a summary item holds (not the struct). */
void sss_sow_instance_release(struct sow_instance *in);
void sss_sow_summary_release(struct sow_summary *s);

/* Check the entry or summary item n of file and add it to cat; errors
 * name the file and line, and cat is unchanged by a refused item. */
struct sss_error *sss_catalog_parse_entry(struct sss_catalog *cat,
					  const char *file,
					  const struct sss_node *n);
struct sss_error *sss_catalog_parse_summary(struct sss_catalog *cat,
					    const char *file,
					    const struct sss_node *n);

#endif
