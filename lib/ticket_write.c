/* ticket_write.c - a ticket written out: its file form (front matter in
 * the fixed key order, then the body) and its JSON object. */
#include <string.h>


#include "sss/json.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/yaml.h"
#include "ticket_priv.h"

/* Dates and date-times are written plain so that they stay dates for
 * other YAML readers (sss_yaml_needs_quotes would quote them). */
static bool field_is_date(enum field f)
{
	return f == F_CREATED || f == F_UPDATED || f == F_DUE || f == F_CLOSED;
}

static void format_list(struct strbuf *out, const char *key,
			const struct strlist *l)
{
	if (!l->len)
		return;
	strbuf_addf(out, "%s: [", key);
	for (size_t i = 0; i < l->len; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		sss_yaml_emit_str(out, l->v[i], true);
	}
	strbuf_addstr(out, "]\n");
}

void sss_ticket_format(const struct sss_ticket *t, struct strbuf *out)
{
	strbuf_addstr(out, "---\n");
	for (int f = 0; f < NFIELDS; f++) {
		const char *v = t->field[f];
		if (!v)
			continue;
		strbuf_addf(out, "%s: ", sss_ticket_fields[f]);
		if (field_is_date(f))
			strbuf_addstr(out, v);
		else
			sss_yaml_emit_str(out, v, false);
		strbuf_addch(out, '\n');
	}
	if (t->params->len) {
		strbuf_addstr(out, "params:\n");
		sss_yaml_emit_map(out, t->params, 2);
	}
	if (t->nlinks) {
		strbuf_addstr(out, "links:\n");
		for (size_t i = 0; i < t->nlinks; i++)
			strbuf_addf(out, "  - rel: %s\n    id: %s\n",
				    t->links[i].rel, t->links[i].id);
	}
	format_list(out, "tags", &t->tags);
	format_list(out, "documents", &t->docs);
	sss_yaml_emit_map(out, t->extra, 0);
	strbuf_addstr(out, "---\n");
	strbuf_addstr(out, t->body);
}

static void json_list(struct sss_json *j, const char *key,
		      const struct strlist *l)
{
	if (!l->len)
		return;
	sss_json_key(j, key);
	sss_json_array(j, SSS_JSON_COMPACT);
	for (size_t i = 0; i < l->len; i++)
		sss_json_string(j, l->v[i]);
	sss_json_end(j);
}

void sss_ticket_write_json(struct sss_json *j, const struct sss_ticket *t,
			   bool with_body)
{
	sss_json_object(j, SSS_JSON_COMPACT);
	sss_ticket_write_json_members(j, t, with_body);
	sss_json_end(j);
}

void sss_ticket_write_json_members(struct sss_json *j,
				   const struct sss_ticket *t, bool with_body)
{
	for (int f = 0; f < NFIELDS; f++) {
		if (!t->field[f])
			continue;
		sss_json_key(j, sss_ticket_fields[f]);
		sss_json_string(j, t->field[f]);
	}
	if (t->params->len) {
		sss_json_key(j, "params");
		sss_node_write_json(j, t->params);
	}
	if (t->nlinks) {
		sss_json_key(j, "links");
		sss_json_array(j, SSS_JSON_COMPACT);
		for (size_t i = 0; i < t->nlinks; i++) {
			sss_json_object(j, SSS_JSON_COMPACT);
			sss_json_key(j, "rel");
			sss_json_string(j, t->links[i].rel);
			sss_json_key(j, "id");
			sss_json_string(j, t->links[i].id);
			sss_json_end(j);
		}
		sss_json_end(j);
	}
	json_list(j, "tags", &t->tags);
	json_list(j, "documents", &t->docs);
	for (size_t i = 0; i < t->extra->len; i++) {
		/* the keys written below, and the effort figures of
		 * sss_worklog_ticket_json(), are ours in this object */
		if (!strcmp(t->extra->keys[i], "path") ||
		    !strcmp(t->extra->keys[i], "body") ||
		    !strcmp(t->extra->keys[i], "spent_min") ||
		    !strcmp(t->extra->keys[i], "estimate_min"))
			continue;
		sss_json_key(j, t->extra->keys[i]);
		sss_node_write_json(j, t->extra->items[i]);
	}
	sss_json_key(j, "path");
	sss_json_string(j, t->path);
	if (with_body) {
		sss_json_key(j, "body");
		sss_json_string(j, t->body);
	}
}

void sss_ticket_to_json(const struct sss_ticket *t, struct strbuf *out,
			bool with_body)
{
	struct sss_json j;

	sss_json_init(&j, out, 0);
	sss_ticket_write_json(&j, t, with_body);
}
