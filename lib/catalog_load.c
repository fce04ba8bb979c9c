/* catalog_load.c - loading the SOW catalog from its files.
 *
 * The catalog is data from the data repository, edited by hand when the
 * SOW is revised, so it is checked strictly here, once: every later user
 * (new, due, report, check) may trust what it gets. Every problem is an
 * error naming the file and line.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"
#include "sss/yaml.h"
#include "catalog_priv.h"

/* Parse one file's text into cat (which may already hold other files). */
static struct sss_error *load_into(struct sss_catalog *cat, const char *buf,
				   size_t len, const char *file)
{
	struct sss_error *err = NULL;
	struct sss_node *root = NULL;
	char *text = NULL;
	int line, col;

	if (len > SSS_CATALOG_MAX_FILE) {
		err =
		    sss_error(SSS_ERR_LIMIT,
			      "'%s' is too large (%zu bytes; the limit is %u)",
			      file, len, SSS_CATALOG_MAX_FILE);
		goto done;
	}
	text = sss_text_copy(buf, &len);
	if (!sss_utf8_check(text, len, &line, &col)) {
		err = sss_error(SSS_ERR_PARSE, "'%s' line %d: invalid UTF-8",
				file, line);
		goto done;
	}
	if ((err = sss_yaml_parse(&root, text, len, file, 1)))
		goto done;
	if (!root) {
		err = sss_error(SSS_ERR_INVALID,
				"'%s': empty catalog file (expected 'summary' "
				"and 'entries')",
				file);
		goto done;
	}
	if (root->kind != SSS_NODE_MAP) {
		err =
		    sss_error(SSS_ERR_INVALID,
			      "'%s' line %d: a catalog file must be a map with "
			      "'summary' and 'entries'",
			      file, root->line);
		goto done;
	}
	for (size_t i = 0; i < root->len; i++) {
		const char *key = root->keys[i];
		const struct sss_node *v = root->items[i];
		bool entries = !strcmp(key, "entries");

		if (!entries && strcmp(key, "summary")) {
			err = sss_error(SSS_ERR_INVALID,
					"'%s' line %d: unknown top-level key "
					"'%s' (use summary or entries)",
					file, v->line, key);
			goto done;
		}
		if (sss_node_is_null(v))
			continue;
		if (v->kind != SSS_NODE_SEQ) {
			err = sss_error(SSS_ERR_INVALID,
					"'%s' line %d: '%s' must be a list",
					file, v->line, key);
			goto done;
		}
		for (size_t j = 0; j < v->len; j++) {
			const struct sss_node *item = v->items[j];
			err = entries
				  ? sss_catalog_parse_entry(cat, file, item)
				  : sss_catalog_parse_summary(cat, file, item);
			if (err)
				goto done;
		}
	}
done:
	sss_node_free(root);
	free(text);
	return err;
}

/* Checks across files, once everything is loaded. */
static struct sss_error *finish(const struct sss_catalog *cat)
{
	/* a catalog without a summary table (a test, a local add-on) has
	 * nothing to check entries against */
	if (!cat->nsum)
		return NULL;
	for (size_t i = 0; i < cat->n; i++) {
		const struct sss_sow_entry *e = cat->entries[i];
		bool found = false;
		if (!e->summary_no)
			continue;
		for (size_t j = 0; j < cat->nsum && !found; j++)
			found = cat->sum[j].no == e->summary_no;
		if (!found)
			return sss_error(SSS_ERR_INVALID,
					 "'%s' line %d: summary item %d of "
					 "'%s' is not in the summary table",
					 e->file, e->summary_line,
					 e->summary_no, e->key);
	}
	return NULL;
}

struct sss_error *sss_catalog_load_buf(struct sss_catalog **out,
				       const char *buf, size_t len,
				       const char *file)
{
	struct sss_catalog *cat = xcalloc(1, sizeof(*cat));
	struct sss_error *err;

	*out = NULL;
	if (!(err = load_into(cat, buf, len, file)) && !(err = finish(cat))) {
		*out = cat;
		return NULL;
	}
	sss_catalog_free(cat);
	return sss_error_one_line(err);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_catalog_file(const char *name)
{
	size_t n = strlen(name);
	/* hidden files are editor droppings (.kpbe.yml.swp, .#kpbe.yml) */
	return name[0] != '.' && n > 4 && !strcmp(name + n - 4, ".yml");
}

/* "dir/name" without doubling a trailing slash. */
static void join(struct strbuf *sb, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	strbuf_reset(sb);
	strbuf_addstr(sb, dir);
	if (n && dir[n - 1] != '/')
		strbuf_addch(sb, '/');
	strbuf_addstr(sb, name);
}

struct sss_error *sss_catalog_load_dir_shown(struct sss_catalog **out,
					     const char *dir, const char *shown)
{
	struct sss_error *err = NULL;
	struct sss_catalog *cat = NULL;
	struct strbuf path = STRBUF_INIT, name = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	char *buf = NULL;
	size_t len;
	DIR *d;
	struct dirent *de;

	*out = NULL;
	if (!(d = opendir(dir))) {
		if (errno == ENOENT)
			return sss_error(SSS_ERR_NOTFOUND,
					 "no catalog directory '%s'", shown);
		return sss_error(SSS_ERR_IO, "cannot open '%s': %s", shown,
				 strerror(errno));
	}
	while ((errno = 0, de = readdir(d))) {
		if (!is_catalog_file(de->d_name))
			continue;
		SSS_GROW(names, alloc, n + 1);
		names[n++] = xstrdup(de->d_name);
	}
	if (errno) {
		err = sss_error(SSS_ERR_IO, "cannot read '%s': %s", shown,
				strerror(errno));
		closedir(d);
		goto done;
	}
	closedir(d);
	if (!n) {
		join(&name, shown, "");
		err = sss_error(SSS_ERR_NOTFOUND, "no catalog files in '%s'",
				name.buf);
		goto done;
	}
	qsort(names, n, sizeof(*names), cmp_names);

	cat = xcalloc(1, sizeof(*cat));
	for (size_t i = 0; i < n; i++) {
		join(&path, dir, names[i]);
		join(&name, shown, names[i]);
		/* a link in sow/ is refused rather than followed outside */
		if ((err = sss_read_file_rel(path.buf, name.buf,
					     SSS_CATALOG_MAX_FILE, &buf, &len)))
			goto done;
		if ((err = load_into(cat, buf, len, name.buf)))
			goto done;
		free(buf);
		buf = NULL;
	}
	if ((err = finish(cat)))
		goto done;
	*out = cat;
	cat = NULL;
done:
	free(buf);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strbuf_release(&path);
	strbuf_release(&name);
	sss_catalog_free(cat);
	return sss_error_one_line(err);
}

struct sss_error *sss_catalog_load_dir(struct sss_catalog **out,
				       const char *dir)
{
	return sss_catalog_load_dir_shown(out, dir, dir);
}
