/* catalog_parse.c - one catalog entry (a ticket type) or summary item
 * from its YAML map, checked strictly: keys, kinds, frequencies, title
 * placeholders, steps and fixed instances. Every problem is an error
 * naming the file and line. The schema is described at the top of
 * sow/kpbe.yml. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/i18n.h"
#include "sss/node.h"
#include "sss/period.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"
#include "catalog_priv.h"

#define FREQS_HELP "随時, 週次, 月次, 半期 or 年次"

/* The placeholders a title may use (DESIGN §5); the period fills the
 * first two for generated tickets. */
static const char *const placeholders[] = {
    "年月", "年月日", "事象", "ソフト名", "ユーザ名", "ログ名",
};
#define PLACEHOLDERS_HELP "年月, 年月日, 事象, ソフト名, ユーザ名 or ログ名"

/* ---- small helpers ----------------------------------------------------- */

/* An error "'<file>' line N: <what>" for node n (line 1 without one). */
__attribute__((format(printf, 4, 5))) static struct sss_error *
at(enum sss_errcode code, const char *file, const struct sss_node *n,
   const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	struct sss_error *err;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, _(fmt), ap); /* the msgid: i18n.h */
	va_end(ap);
	err =
	    sss_error(code, "'%s' line %d: %s", file, n ? n->line : 1, msg.buf);
	strbuf_release(&msg);
	return err;
}

static struct sss_error *
check_kind(const char *file, const struct sss_node *node, const char *kind)
{
	struct strbuf help = STRBUF_INIT;
	struct sss_error *err;
	size_t i;

	for (i = 0; sss_kinds[i]; i++)
		if (!strcmp(kind, sss_kinds[i]))
			return NULL;
	for (i = 0; sss_kinds[i]; i++) {
		if (i)
			strbuf_addstr(&help, sss_kinds[i + 1] ? ", " : " or ");
		strbuf_addstr(&help, sss_kinds[i]);
	}
	err = at(SSS_ERR_INVALID, file, node, "unknown kind '%s' (use %s)",
		 kind, help.buf);
	strbuf_release(&help);
	return err;
}

/* Keys become command arguments, recurrence keys and file names: plain
 * ASCII, and no leading '-' that would read as an option. */
static bool key_ok(const char *s, bool upper)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || (upper && c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}

/* Refuse keys of map n not in allowed (a NULL-terminated list). */
static struct sss_error *check_keys(const char *file, const struct sss_node *n,
				    const char *what,
				    const char *const *allowed)
{
	for (size_t i = 0; i < n->len; i++) {
		size_t j;
		for (j = 0; allowed[j]; j++)
			if (!strcmp(n->keys[i], allowed[j]))
				break;
		if (allowed[j])
			continue;
		struct strbuf help = STRBUF_INIT;
		for (j = 0; allowed[j]; j++)
			strbuf_addf(&help, "%s%s", j ? ", " : "", allowed[j]);
		struct sss_error *err = at(SSS_ERR_INVALID, file, n->items[i],
					   "unknown %s key '%s' (use %s)", what,
					   n->keys[i], help.buf);
		strbuf_release(&help);
		return err;
	}
	return NULL;
}

/* Store the string value of key in map n in *out (a copy; NULL when the
 * key is absent or null). A required key must be there and non-empty. */
static struct sss_error *get_str(const char *file, const struct sss_node *map,
				 const char *key, bool required, char **out)
{
	const struct sss_node *v = sss_node_get(map, key);

	*out = NULL;
	if (!v || sss_node_is_null(v)) {
		if (required)
			return at(SSS_ERR_INVALID, file, v ? v : map,
				  "missing '%s'", key);
		return NULL;
	}
	if (v->kind != SSS_NODE_SCALAR)
		return at(SSS_ERR_INVALID, file, v, "'%s' must be a string",
			  key);
	if (required && !*v->str)
		return at(SSS_ERR_INVALID, file, v, "'%s' is empty", key);
	*out = xstrdup(v->str);
	return NULL;
}

/* A positive integer of at most 9999 written in decimal digits. */
static int parse_number(const char *s)
{
	size_t n = strlen(s);
	int v;

	if (n == 0 || n > 4 || !sss_parse_digits(s, (int)n, &v))
		return -1;
	return v > 0 ? v : -1;
}

static struct sss_error *get_number(const char *file,
				    const struct sss_node *map, const char *key,
				    bool required, int *out, int *line)
{
	const struct sss_node *v = sss_node_get(map, key);

	*out = 0;
	if (!v || sss_node_is_null(v)) {
		if (required)
			return at(SSS_ERR_INVALID, file, v ? v : map,
				  "missing '%s'", key);
		return NULL;
	}
	if (v->kind != SSS_NODE_SCALAR || (*out = parse_number(v->str)) < 0) {
		*out = 0;
		return at(SSS_ERR_INVALID, file, v,
			  "'%s' must be a positive whole number", key);
	}
	if (line)
		*line = v->line;
	return NULL;
}

static struct sss_error *get_seq(const char *file, const struct sss_node *map,
				 const char *key, const struct sss_node **out)
{
	const struct sss_node *v = sss_node_get(map, key);

	*out = NULL;
	if (!v || sss_node_is_null(v))
		return NULL;
	if (v->kind != SSS_NODE_SEQ)
		return at(SSS_ERR_INVALID, file, v, "'%s' must be a list", key);
	*out = v;
	return NULL;
}

static struct sss_error *get_freq(const char *file, const struct sss_node *v,
				  int *out)
{
	if (v->kind != SSS_NODE_SCALAR)
		return at(SSS_ERR_INVALID, file, v,
			  "'frequency' must be a string");
	/* only the SOW's own labels: the catalog keeps the SOW's words, and
	 * one spelling per frequency keeps it greppable */
	int f = sss_freq_from_label(v->str);
	const char *label = f >= 0 ? sss_freq_label((enum sss_freq)f) : NULL;

	*out = label && !strcmp(label, v->str) ? f : -1;
	if (*out < 0)
		return at(SSS_ERR_INVALID, file, v,
			  "unknown frequency '%s' (use %s)", v->str, FREQS_HELP);
	return NULL;
}

/* ---- parsing ----------------------------------------------------------- */

/* One checklist step: a string or a map {text, frequency, note}.
 * entry_freq is the entry's frequency, or -1 for an instance's steps,
 * which take no frequency of their own. */
static struct sss_error *parse_step(const char *file, const struct sss_node *s,
				    int entry_freq, struct sow_step *st)
{
	static const char *const step_keys[] = {"text", "frequency", "note",
						NULL};
	static const char *const inst_step_keys[] = {"text", "note", NULL};
	struct sss_error *err;
	const struct sss_node *f;

	if (s->kind == SSS_NODE_SCALAR) {
		if (sss_node_is_null(s) || !*s->str)
			return at(SSS_ERR_INVALID, file, s,
				  "empty checklist step");
		st->text = xstrdup(s->str);
		return NULL;
	}
	if (s->kind != SSS_NODE_MAP)
		return at(SSS_ERR_INVALID, file, s,
			  "a checklist step must be a string or a map with "
			  "'text'");
	if ((err = check_keys(file, s, "step",
			      entry_freq < 0 ? inst_step_keys : step_keys)) ||
	    (err = get_str(file, s, "text", true, &st->text)) ||
	    (err = get_str(file, s, "note", false, &st->note)))
		return err;
	f = sss_node_get(s, "frequency");
	if (!f || sss_node_is_null(f))
		return NULL;
	if ((err = get_freq(file, f, &st->freq)))
		return err;
	/* A step's own schedule picks some of the entry's tickets (the
	 * half-yearly step of a monthly check), so it must be coarser; 随時
	 * (as needed) fits anywhere. */
	if (st->freq != SSS_FREQ_ADHOC &&
	    (entry_freq == SSS_FREQ_ADHOC || st->freq < entry_freq))
		return at(SSS_ERR_INVALID, file, f,
			  "a %s step cannot be part of a %s entry (a step's "
			  "own frequency is 随時 or less frequent than the "
			  "entry's)",
			  f->str, sss_freq_label((enum sss_freq)entry_freq));
	return NULL;
}

static struct sss_error *parse_steps(const char *file,
				     const struct sss_node *seq, int entry_freq,
				     struct sow_step **steps, size_t *n,
				     size_t *alloc)
{
	for (size_t i = 0; i < seq->len; i++) {
		struct sow_step st = {NULL, -1, NULL};
		struct sss_error *err =
		    parse_step(file, seq->items[i], entry_freq, &st);
		if (err) {
			free(st.text);
			free(st.note);
			return err;
		}
		SSS_GROW(*steps, *alloc, *n + 1);
		(*steps)[(*n)++] = st;
	}
	return NULL;
}

#define NPLACEHOLDERS (sizeof(placeholders) / sizeof(placeholders[0]))

/* The placeholders of a title, as the static spellings of placeholders[]
 * (sss_template_names reports each name once, so they fit). */
struct title_names {
	const char *names[NPLACEHOLDERS];
	size_t n;
};

struct title_check {
	struct title_names tn;
	struct strbuf bad; /* the first name that is not a placeholder */
};

static void title_check_name(const char *name, void *data)
{
	struct title_check *tc = data;

	for (size_t i = 0; i < NPLACEHOLDERS; i++)
		if (!strcmp(name, placeholders[i])) {
			tc->tn.names[tc->tn.n++] = placeholders[i];
			return;
		}
	if (!tc->bad.len)
		strbuf_addstr(&tc->bad, name);
}

static struct sss_error *check_title(const char *file,
				     const struct sss_node *node,
				     const char *title, struct title_names *out)
{
	struct title_check tc = {{{NULL}, 0}, STRBUF_INIT};
	struct sss_error *err =
	    sss_template_names(title, title_check_name, &tc);

	if (err) {
		struct sss_error *e2 =
		    at(SSS_ERR_INVALID, file, node, "bad title: %s", err->msg);
		sss_error_free(err);
		err = e2;
	} else if (tc.bad.len) {
		err = at(SSS_ERR_INVALID, file, node,
			 "unknown placeholder '{%s}' in title '%s' (use %s)",
			 tc.bad.buf, title, PLACEHOLDERS_HELP);
	}
	*out = tc.tn;
	strbuf_release(&tc.bad);
	return err;
}

static bool title_has(const struct title_names *tn, const char *name)
{
	for (size_t i = 0; i < tn->n; i++)
		if (!strcmp(tn->names[i], name))
			return true;
	return false;
}

static struct sss_error *parse_instance(const char *file,
					const struct sss_node *n,
					const struct sss_sow_entry *e,
					const struct title_names *tn,
					struct sow_instance *in)
{
	static const char *const inst_keys[] = {"key", "params", "steps", NULL};
	struct sss_error *err = NULL;
	const struct sss_node *params, *steps;

	if (n->kind != SSS_NODE_MAP)
		return at(SSS_ERR_INVALID, file, n,
			  "an instance must be a map with 'key'");
	if ((err = check_keys(file, n, "instance", inst_keys)) ||
	    (err = get_str(file, n, "key", true, &in->key)))
		return err;
	if (!key_ok(in->key, true))
		return at(SSS_ERR_INVALID, file, sss_node_get(n, "key"),
			  "bad instance key '%s' (use letters, digits and "
			  "'-', not first)",
			  in->key);
	for (size_t i = 0; i < e->ninst; i++)
		if (!strcmp(e->inst[i].key, in->key))
			return at(SSS_ERR_INVALID, file, sss_node_get(n, "key"),
				  "duplicate instance key '%s' in '%s'",
				  in->key, e->key);

	params = sss_node_get(n, "params");
	if (params && !sss_node_is_null(params)) {
		if (params->kind != SSS_NODE_MAP)
			return at(SSS_ERR_INVALID, file, params,
				  "'params' must be a map of placeholder "
				  "values");
		for (size_t i = 0; i < params->len; i++) {
			const struct sss_node *v = params->items[i];
			const char *name = params->keys[i];
			if (!title_has(tn, name))
				return at(SSS_ERR_INVALID, file, v,
					  "param '%s' of instance '%s' is not "
					  "a placeholder of the title '%s'",
					  name, in->key, e->title);
			if (v->kind != SSS_NODE_SCALAR || sss_node_is_null(v) ||
			    !*v->str)
				return at(SSS_ERR_INVALID, file, v,
					  "param '%s' of instance '%s' must "
					  "be a non-empty string",
					  name, in->key);
			SSS_GROW(in->params, in->aparams, in->nparams + 1);
			in->params[in->nparams].name = xstrdup(name);
			in->params[in->nparams].value = xstrdup(v->str);
			in->nparams++;
		}
	}

	if ((err = get_seq(file, n, "steps", &steps)))
		return err;
	if (steps && (err = parse_steps(file, steps, -1, &in->steps,
					&in->nsteps, &in->asteps)))
		return err;
	return NULL;
}

static const char *instance_param(const struct sow_instance *in,
				  const char *name)
{
	for (size_t i = 0; i < in->nparams; i++)
		if (!strcmp(in->params[i].name, name))
			return in->params[i].value;
	return NULL;
}

/* A generated ticket gets 年月/年月日 from its period; every other
 * placeholder of a scheduled entry's title must come from each instance,
 * or `due` could not make its title. */
static struct sss_error *check_scheduled(const char *file,
					 const struct sss_node *n,
					 const struct sss_sow_entry *e,
					 const struct title_names *tn)
{
	if (e->freq == SSS_FREQ_ADHOC) {
		if (e->ninst)
			return at(SSS_ERR_INVALID, file,
				  sss_node_get(n, "instances"),
				  "'%s' is 随時 and cannot have instances "
				  "(they are for generated tickets)",
				  e->key);
		return NULL;
	}
	for (size_t i = 0; i < tn->n; i++) {
		const char *name = tn->names[i];
		if (!strcmp(name, "年月") || !strcmp(name, "年月日"))
			continue;
		if (!e->ninst)
			return at(SSS_ERR_INVALID, file,
				  sss_node_get(n, "title"),
				  "placeholder '{%s}' of the %s title '%s' "
				  "needs a value from instances (a generated "
				  "ticket can only fill 年月 and 年月日)",
				  name, sss_freq_label(e->freq), e->title);
		for (size_t j = 0; j < e->ninst; j++)
			if (!instance_param(&e->inst[j], name))
				return at(SSS_ERR_INVALID, file,
					  sss_node_get(n, "instances"),
					  "instance '%s' of '%s' gives no "
					  "value for placeholder '{%s}'",
					  e->inst[j].key, e->key, name);
	}
	return NULL;
}

struct sss_error *sss_catalog_parse_entry(struct sss_catalog *cat,
					  const char *file,
					  const struct sss_node *n)
{
	static const char *const entry_keys[] = {
	    "key",   "number",	  "summary", "category",  "area",
	    "item",  "kind",	  "title",   "frequency", "work",
	    "steps", "documents", "remarks", "instances", NULL,
	};
	struct sss_error *err = NULL;
	struct sss_sow_entry *e = NULL;
	const struct sss_node *v, *seq;
	const struct sss_sow_entry *dup;
	struct title_names tn;
	int freq;

	if (n->kind != SSS_NODE_MAP)
		return at(SSS_ERR_INVALID, file, n,
			  "an entry must be a map with 'key'");
	e = xcalloc(1, sizeof(*e));
	e->file = xstrdup(file);
	e->line = n->line;
	if ((err = check_keys(file, n, "entry", entry_keys)) ||
	    (err = get_str(file, n, "key", true, &e->key)))
		goto done;
	v = sss_node_get(n, "key");
	if (!key_ok(e->key, false)) {
		err = at(SSS_ERR_INVALID, file, v,
			 "bad key '%s' (use lowercase letters, digits and '-', "
			 "not first)",
			 e->key);
		goto done;
	}
	if ((dup = sss_catalog_find(cat, e->key))) {
		err = at(SSS_ERR_INVALID, file, v,
			 "duplicate key '%s' (first defined in '%s' line %d)",
			 e->key, dup->file, dup->line);
		goto done;
	}

	if ((err = get_str(file, n, "number", false, &e->no)) ||
	    (err = get_number(file, n, "summary", false, &e->summary_no,
			      &e->summary_line)) ||
	    (err = get_str(file, n, "category", false, &e->category)) ||
	    (err = get_str(file, n, "area", false, &e->area)) ||
	    (err = get_str(file, n, "item", false, &e->item)) ||
	    (err = get_str(file, n, "kind", true, &e->kind)) ||
	    (err = get_str(file, n, "title", true, &e->title)) ||
	    (err = get_str(file, n, "work", false, &e->work)) ||
	    (err = get_str(file, n, "remarks", false, &e->remarks)))
		goto done;

	/* a ticket's kind comes from its entry: the same set as tickets */
	if ((err = check_kind(file, sss_node_get(n, "kind"), e->kind)))
		goto done;
	if ((err = check_title(file, sss_node_get(n, "title"), e->title, &tn)))
		goto done;

	v = sss_node_get(n, "frequency");
	if (!v || sss_node_is_null(v)) {
		err = at(SSS_ERR_INVALID, file, v ? v : n,
			 "missing 'frequency' (use %s)", FREQS_HELP);
		goto done;
	}
	if ((err = get_freq(file, v, &freq)))
		goto done;
	e->freq = (enum sss_freq)freq;

	if ((err = get_seq(file, n, "steps", &seq)))
		goto done;
	if (seq && (err = parse_steps(file, seq, (int)e->freq, &e->steps,
				      &e->nsteps, &e->asteps)))
		goto done;

	if ((err = get_seq(file, n, "documents", &seq)))
		goto done;
	for (size_t i = 0; seq && i < seq->len; i++) {
		const struct sss_node *d = seq->items[i];
		if (d->kind != SSS_NODE_SCALAR || sss_node_is_null(d) ||
		    !*d->str) {
			err = at(SSS_ERR_INVALID, file, d,
				 "a document must be a non-empty string");
			goto done;
		}
		SSS_GROW(e->docs, e->adocs, e->ndocs + 1);
		e->docs[e->ndocs++] = xstrdup(d->str);
	}

	if ((err = get_seq(file, n, "instances", &seq)))
		goto done;
	for (size_t i = 0; seq && i < seq->len; i++) {
		struct sow_instance in;
		memset(&in, 0, sizeof(in));
		if ((err = parse_instance(file, seq->items[i], e, &tn, &in))) {
			sss_sow_instance_release(&in);
			goto done;
		}
		SSS_GROW(e->inst, e->ainst, e->ninst + 1);
		e->inst[e->ninst++] = in;
	}
	if ((err = check_scheduled(file, n, e, &tn)))
		goto done;

	SSS_GROW(cat->entries, cat->alloc, cat->n + 1);
	cat->entries[cat->n++] = e;
	e = NULL;
done:
	sss_sow_entry_free(e);
	return err;
}

struct sss_error *sss_catalog_parse_summary(struct sss_catalog *cat,
					    const char *file,
					    const struct sss_node *n)
{
	static const char *const sum_keys[] = {
	    "number", "category", "area", "item", "work", "remarks", NULL};
	struct sss_error *err = NULL;
	struct sow_summary s;

	memset(&s, 0, sizeof(s));
	if (n->kind != SSS_NODE_MAP)
		return at(SSS_ERR_INVALID, file, n,
			  "a summary item must be a map with 'number'");
	s.file = xstrdup(file);
	s.line = n->line;
	if ((err = check_keys(file, n, "summary", sum_keys)) ||
	    (err = get_number(file, n, "number", true, &s.no, NULL)) ||
	    (err = get_str(file, n, "category", false, &s.category)) ||
	    (err = get_str(file, n, "area", false, &s.area)) ||
	    (err = get_str(file, n, "item", false, &s.item)) ||
	    (err = get_str(file, n, "work", false, &s.work)) ||
	    (err = get_str(file, n, "remarks", false, &s.remarks)))
		goto done;
	for (size_t i = 0; i < cat->nsum; i++)
		if (cat->sum[i].no == s.no) {
			err =
			    at(SSS_ERR_INVALID, file, sss_node_get(n, "number"),
			       "duplicate summary item %d (first defined in "
			       "'%s' line %d)",
			       s.no, cat->sum[i].file, cat->sum[i].line);
			goto done;
		}
	SSS_GROW(cat->sum, cat->asum, cat->nsum + 1);
	cat->sum[cat->nsum++] = s;
	memset(&s, 0, sizeof(s));
done:
	sss_sow_summary_release(&s);
	return err;
}
