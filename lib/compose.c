/* compose.c - a new ticket made from a SOW catalog entry (see compose.h). */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/compose.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/embedded.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/recur.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"
#include "sss/utf8.h"

struct fill {
	const char *description;
	const char *checklist;
};

static const char *body_lookup(const char *name, void *data)
{
	struct fill *f = data;
	if (!strcmp(name, "内容"))
		return f->description;
	if (!strcmp(name, "チェックリスト"))
		return f->checklist;
	return NULL;
}

/* The template text for kind: the repository's templates/ticket-KIND.md
 * or templates/ticket.md, else the built-in ones. */
static struct sss_error *load_template(struct sss_repo *repo, const char *kind,
				       char **text, char **name)
{
	struct strbuf rel = STRBUF_INIT, fs = STRBUF_INIT;
	struct sss_error *err = NULL;
	for (int pass = 0; pass < 2; pass++) {
		strbuf_reset(&rel);
		if (pass == 0)
			strbuf_addf(&rel, "templates/ticket-%s.md", kind ? kind : "");
		else
			strbuf_addstr(&rel, "templates/ticket.md");
		strbuf_reset(&fs);
		sss_repo_path(repo, &fs, rel.buf);
		size_t len;
		err = sss_read_file_rel(fs.buf, rel.buf, 1u << 20, text, &len);
		if (!err) {
			sss_text_normalize(*text, len);
			*name = strbuf_detach(&rel, NULL);
			goto done;
		}
		if (err->code != SSS_ERR_NOTFOUND)
			goto done;
		sss_error_free(err);
		err = NULL;
		const struct sss_embedded_file *f = sss_embedded_find(rel.buf);
		if (f) {
			*text = xstrdup(f->data);
			*name = strbuf_detach(&rel, NULL);
			goto done;
		}
	}
	err = sss_error(SSS_ERR_NOTFOUND, "no ticket template 'templates/ticket.md'");
done:
	strbuf_release(&rel);
	strbuf_release(&fs);
	return err;
}

static int instance_index(const struct sss_sow_entry *e, const char *instance)
{
	if (!instance)
		return -1;
	for (size_t i = 0; i < sss_sow_instance_count(e); i++)
		if (!strcmp(sss_sow_instance_key(e, i), instance))
			return (int)i;
	return -1;
}

/* Append the body for c: the template with the description and the
 * checklist steps. */
static struct sss_error *compose_body(const struct sss_compose *c,
				      struct sss_repo *repo, struct strbuf *out)
{
	struct strbuf list = STRBUF_INIT;
	char *tmpl = NULL, *name = NULL;
	struct sss_error *err;
	const struct sss_sow_entry *e = c->entry;
	int inst = instance_index(e, c->instance);

	if (inst >= 0 && sss_sow_instance_step_count(e, (size_t)inst) > 0) {
		for (size_t j = 0; j < sss_sow_instance_step_count(e, (size_t)inst); j++) {
			const char *note = sss_sow_instance_step_note(e, (size_t)inst, j);
			strbuf_addf(&list, "- [ ] %s", sss_sow_instance_step_text(e, (size_t)inst, j));
			if (note)
				strbuf_addf(&list, " (%s)", note);
			strbuf_addch(&list, '\n');
		}
	} else {
		for (size_t j = 0; j < sss_sow_step_count(e); j++) {
			enum sss_freq f = sss_sow_step_freq(e, j);
			const char *note = sss_sow_step_note(e, j);
			if (c->step_due && !c->step_due(f, c->step_data))
				continue;
			strbuf_addf(&list, "- [ ] %s", sss_sow_step_text(e, j));
			if (f != sss_sow_freq(e))
				strbuf_addf(&list, " (%s%s%s)", sss_freq_label(f),
					    note ? ": " : "", note ? note : "");
			else if (note)
				strbuf_addf(&list, " (%s)", note);
			strbuf_addch(&list, '\n');
		}
	}
	if (list.len)
		strbuf_setlen(&list, list.len - 1);
	if ((err = load_template(repo, sss_sow_kind(e), &tmpl, &name)))
		goto done;
	struct fill f = { c->description ? c->description : "", list.buf };
	err = sss_error_prefix(sss_template_fill(out, tmpl, body_lookup, &f),
			       "'%s'", name);
done:
	free(tmpl);
	free(name);
	strbuf_release(&list);
	return err;
}

struct sss_error *sss_compose_title(struct strbuf *out,
				    const struct sss_sow_entry *e,
				    const char *(*lookup)(const char *name, void *data),
				    void *data)
{
	return sss_template_fill(out, sss_sow_title(e), lookup, data);
}

static struct sss_error *check(const struct sss_compose *c, const char *what,
			       const char *value)
{
	return c->check && value ? c->check(what, value) : NULL;
}

/* The scalar fields, each checked and set in turn. */
static struct sss_error *set_fields(const struct sss_compose *c,
				    struct sss_ticket *t, const char *title)
{
	struct strbuf created = STRBUF_INIT;
	struct sss_error *err = NULL;
	const struct sss_sow_entry *e = c->entry;

	sss_time_format(&created, c->created);
	const char *fields[][2] = {
		{ "id", c->id },
		{ "title", title },
		{ "sow", sss_sow_key(e) },
		{ "kind", sss_sow_kind(e) },
		{ "status", "open" },
		{ "priority", c->priority ? c->priority : "normal" },
		{ "assignee", c->assignee },
		{ "requester", c->requester },
		{ "created", created.buf },
		{ "updated", created.buf },
		{ "due", c->due },
		{ "recurrence", c->recurrence },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && !err; i++)
		if (fields[i][1] && !(err = check(c, fields[i][0], fields[i][1])))
			err = sss_ticket_set(t, fields[i][0], fields[i][1]);
	strbuf_release(&created);
	return err;
}

static void name_collect(const char *name, void *data)
{
	strbuf_addf(data, "%s\n", name);
}

/* The params: as given, or the title's placeholders with their values. */
static struct sss_error *set_params(const struct sss_compose *c,
				    struct sss_ticket *t)
{
	struct strbuf names = STRBUF_INIT;
	struct sss_error *err = NULL;

	if (!c->params_from_title) {
		for (size_t i = 0; i < c->nparams; i++)
			sss_ticket_param_set(t, c->param_name[i], c->param_value[i]);
		return NULL;
	}
	if ((err = sss_template_names(sss_sow_title(c->entry), name_collect, &names)))
		goto done;
	for (char *p = names.buf; *p;) {
		char *nl = strchr(p, '\n');
		*nl = '\0';
		const char *v = c->lookup ? c->lookup(p, c->data) : NULL;
		if (v)
			sss_ticket_param_set(t, p, v);
		p = nl + 1;
	}
done:
	strbuf_release(&names);
	return err;
}

/* Tags, documents and the link. */
static struct sss_error *set_lists(const struct sss_compose *c,
				   struct sss_ticket *t)
{
	struct sss_error *err;

	for (size_t i = 0; i < c->ntags; i++) {
		if ((err = check(c, "tags", c->tags[i])))
			return err;
		sss_ticket_list_add(t, "tags", c->tags[i]);
	}
	for (size_t i = 0; c->documents && i < sss_sow_document_count(c->entry); i++)
		sss_ticket_list_add(t, "documents", sss_sow_document(c->entry, i));
	if (c->link_rel)
		return sss_ticket_link_add(t, c->link_rel, c->link_id);
	return NULL;
}

struct sss_error *sss_compose(const struct sss_compose *c, struct sss_repo *repo,
			      struct sss_ticket **out)
{
	struct sss_ticket *t = NULL;
	struct strbuf title = STRBUF_INIT, body = STRBUF_INIT;
	struct sss_error *err = NULL;

	*out = NULL;
	if (c->title)
		strbuf_addstr(&title, c->title);
	else if ((err = sss_compose_title(&title, c->entry, c->lookup, c->data)))
		goto done;
	t = sss_ticket_new();
	if ((err = set_fields(c, t, title.buf)) || (err = set_params(c, t)) ||
	    (err = set_lists(c, t)) ||
	    (err = check(c, "description", c->description)) ||
	    (err = compose_body(c, repo, &body)))
		goto done;
	sss_ticket_set_body(t, body.buf);
	*out = t;
	t = NULL;
done:
	sss_ticket_free(t);
	strbuf_release(&title);
	strbuf_release(&body);
	return err;
}

struct step_filter {
	const struct sss_occurrence *o;
	const struct sss_config *cfg;
};

static bool step_due(enum sss_freq f, void *data)
{
	struct step_filter *sf = data;
	return sss_recur_step_due(sf->o, sf->cfg, f);
}

/* A placeholder's value for an occurrence: its instance's param, else
 * 年月 or 年月日 of the work. */
static const char *occurrence_lookup(const char *name, void *data)
{
	const struct sss_occurrence *o = data;
	const struct sss_sow_entry *e = o->entry;
	const char *v = NULL;

	for (size_t j = 0; o->instance >= 0 &&
			   j < sss_sow_instance_param_count(e, (size_t)o->instance); j++)
		if (!strcmp(sss_sow_instance_param_name(e, (size_t)o->instance, j), name))
			v = sss_sow_instance_param_value(e, (size_t)o->instance, j);
	if (!v && !strcmp(name, "年月"))
		v = o->ym;
	else if (!v && !strcmp(name, "年月日"))
		v = o->ymd;
	return v;
}

struct sss_error *sss_compose_occurrence(const struct sss_occurrence *o,
					 const struct sss_config *cfg,
					 struct sss_repo *repo,
					 struct sss_ticket **out)
{
	const struct sss_sow_entry *e = o->entry;
	struct sss_compose c = SSS_COMPOSE_INIT;
	struct step_filter sf = { o, cfg };
	char due[11];

	sss_date_format(o->due, due);
	c.entry = e;
	c.id = o->id;
	c.title = o->title;
	c.lookup = occurrence_lookup;
	c.data = (void *)o;
	c.created = sss_date_time(o->open);
	c.due = due;
	c.recurrence = o->key;
	c.params_from_title = true;
	c.documents = true;
	c.description = sss_sow_work(e);
	c.instance = o->instance >= 0 ? sss_sow_instance_key(e, (size_t)o->instance) : NULL;
	c.step_due = step_due;
	c.step_data = &sf;
	return sss_compose(&c, repo, out);
}

struct find_key {
	const char *key;
	const struct sss_config *cfg;
	struct sss_repo *repo;
	struct sss_ticket *t;
	struct sss_error *err;
};

static int find_key(const struct sss_occurrence *o, void *data)
{
	struct find_key *fk = data;
	if (strcmp(o->key, fk->key))
		return 0;
	fk->err = sss_compose_occurrence(o, fk->cfg, fk->repo, &fk->t);
	return 1;
}

struct sss_error *sss_merge_generated_base(struct sss_repo *repo,
					   const struct sss_catalog *cat,
					   const struct sss_config *cfg,
					   const struct sss_calendar *cal,
					   const char *recurrence,
					   struct strbuf *out)
{
	struct find_key fk = { recurrence, cfg, repo, NULL, NULL };
	const char *at = recurrence ? strrchr(recurrence, '@') : NULL;
	struct sss_period p;
	struct sss_error *err;

	if (!at || sss_period_parse(at + 1, &p) < 0)
		return sss_error(SSS_ERR_INVALID, "'%s' is not a recurrence key "
				 "(KEY[/INSTANCE]@PERIOD)", recurrence ? recurrence : "");
	/* only the periods around it: a weekly meeting moved off a holiday
	 * may fall in the week before */
	sss_date from = sss_period_start(p, cfg->fy_start) - 31;
	sss_date until = sss_period_end(p, cfg->fy_start);
	if ((err = sss_recur_each(cat, cfg, cal, from > 0 ? from : 1, until, find_key, &fk)))
		goto done;
	if ((err = fk.err))
		goto done;
	if (!fk.t) {
		err = sss_error(SSS_ERR_NOTFOUND, "the catalog and config owe no "
				"ticket '%s'", recurrence);
		goto done;
	}
	sss_ticket_format(fk.t, out);
done:
	sss_ticket_free(fk.t);
	return err;
}
