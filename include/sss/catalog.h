/* catalog.h - the SOW catalog (the *.yml files of sow/): one entry per ticket type (件名
 * row of the SOW), plus the SOW's summary table (items 1-16).
 *
 * Ownership: the catalog owns its entries and every string they give;
 * all stay valid until sss_catalog_free(). A loaded catalog is never
 * changed, so threads may read it at once. */
#ifndef SSS_CATALOG_H
#define SSS_CATALOG_H

#include <stddef.h>

#include "sss/period.h"

struct sss_error;

#define SSS_CATALOG_MAX_FILE (4u << 20)

struct sss_catalog;
struct sss_sow_entry;

/* Load every "*.yml" file of dir (in name order) into one catalog, owned
 * by the caller (*out; NULL on an error). Errors name the file and
 * line. */
struct sss_error *sss_catalog_load_dir(struct sss_catalog **out,
				       const char *dir);
/* The same, with messages naming the files as "<shown>/<name>" rather
 * than by their path: main.c passes the repository's sow/ as shown "sow",
 * so errors read "'sow/kpbe.yml' line 42: ..." from any directory. */
struct sss_error *sss_catalog_load_dir_shown(struct sss_catalog **out,
					     const char *dir,
					     const char *shown);
/* Load one catalog file from memory (the embedded default, tests). */
struct sss_error *sss_catalog_load_buf(struct sss_catalog **out,
				       const char *buf, size_t len,
				       const char *file);
/* Free the catalog and its entries; NULL is a no-op. */
void sss_catalog_free(struct sss_catalog *cat);

/* Entries in catalog order (NULL past the end). */
size_t sss_catalog_count(const struct sss_catalog *cat);
const struct sss_sow_entry *sss_catalog_at(const struct sss_catalog *cat,
					   size_t i);
/* The entry with key, or NULL. */
const struct sss_sow_entry *sss_catalog_find(const struct sss_catalog *cat,
					     const char *key);

/* Entry fields (strings owned by the catalog; NULL when absent). */
const char *sss_sow_key(const struct sss_sow_entry *e);
const char *sss_sow_no(const struct sss_sow_entry *e);       /* "16" */
const char *sss_sow_category(const struct sss_sow_entry *e); /* 運用支援 */
const char *sss_sow_area(const struct sss_sow_entry *e);     /* 稼働維持 */
const char *sss_sow_item(const struct sss_sow_entry *e);     /* 定例作業 */
const char *sss_sow_title(const struct sss_sow_entry *e);    /* 定例チェック ({年月}) */
const char *sss_sow_kind(const struct sss_sow_entry *e);     /* routine */
const char *sss_sow_remarks(const struct sss_sow_entry *e);
/* 実施内容 as written in the SOW (rows joined by newlines): the ticket's
 * description. */
const char *sss_sow_work(const struct sss_sow_entry *e);
enum sss_freq sss_sow_freq(const struct sss_sow_entry *e);
/* The SOW summary item number (1-16) this entry belongs to. */
int sss_sow_summary_no(const struct sss_sow_entry *e);

/* The documents (P101_SOW, ...) the entry's work touches. */
size_t sss_sow_document_count(const struct sss_sow_entry *e);
const char *sss_sow_document(const struct sss_sow_entry *e, size_t i);

/* Checklist steps (from 実施内容). A step's frequency is the entry's unless
 * it has its own (the half-yearly WSUS step of the monthly check). */
size_t sss_sow_step_count(const struct sss_sow_entry *e);
const char *sss_sow_step_text(const struct sss_sow_entry *e, size_t i);
enum sss_freq sss_sow_step_freq(const struct sss_sow_entry *e, size_t i);
const char *sss_sow_step_note(const struct sss_sow_entry *e, size_t i);

/* Fixed instances of scheduled entries (version-up: ApexOne, SKYSEA).
 * An entry without instances has count 0. Each instance has a key
 * ([A-Za-z0-9-]+), fixed params and optionally its own steps (count 0:
 * use the entry's). */
size_t sss_sow_instance_count(const struct sss_sow_entry *e);
const char *sss_sow_instance_key(const struct sss_sow_entry *e, size_t i);
size_t sss_sow_instance_param_count(const struct sss_sow_entry *e, size_t i);
const char *sss_sow_instance_param_name(const struct sss_sow_entry *e,
					size_t i, size_t j);
const char *sss_sow_instance_param_value(const struct sss_sow_entry *e,
					 size_t i, size_t j);
size_t sss_sow_instance_step_count(const struct sss_sow_entry *e, size_t i);
const char *sss_sow_instance_step_text(const struct sss_sow_entry *e,
				       size_t i, size_t j);
const char *sss_sow_instance_step_note(const struct sss_sow_entry *e,
				       size_t i, size_t j);

/* The SOW summary table (items 1-16), in order: the i-th item's number
 * and texts (NULL when absent). */
size_t sss_catalog_summary_count(const struct sss_catalog *cat);
int sss_summary_no(const struct sss_catalog *cat, size_t i);
const char *sss_summary_category(const struct sss_catalog *cat, size_t i);
const char *sss_summary_area(const struct sss_catalog *cat, size_t i);
const char *sss_summary_item(const struct sss_catalog *cat, size_t i);
const char *sss_summary_work(const struct sss_catalog *cat, size_t i);
const char *sss_summary_remarks(const struct sss_catalog *cat, size_t i);

#endif
