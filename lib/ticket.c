/* ticket.c - the ticket model: the value sets, checking a field's value,
 * and the accessors. Reading a file is ticket_load.c's, writing it
 * ticket_write.c's, the body's sections ticket_body.c's. */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/date.h"
#include "sss/duration.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/i18n.h"
#include "sss/id.h"
#include "sss/labels.h"
#include "sss/node.h"
#include "sss/period.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "ticket_priv.h"

const char *const sss_ticket_fields[] = {SSS_TICKET_SCALARS, NULL};

const char *const sss_statuses[] = {
    "open", "in-progress", "waiting", "resolved", "closed", "cancelled", NULL};
const char *const sss_kinds[] = {"planning", "operations", "request",
				 "incident", "problem",	   "routine",
				 "meeting",  "report",	   NULL};
const char *const sss_priorities[] = {"low", "normal", "high", "urgent", NULL};
static const char *const link_rels[] = {"problem", "incident", "related",
					"duplicate", NULL};

static int set_index(const char *const *set, const char *s)
{
	/* the first byte rules out most names without a call (every scan
	 * looks up each field of every ticket here) */
	for (int i = 0; set[i]; i++)
		if (set[i][0] == s[0] && !strcmp(set[i], s))
			return i;
	return -1;
}

static void join_set(struct strbuf *out, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", set[i]);
}

const char *sss_status_label(const char *status)
{
	return sss_label_of("status", status);
}

const char *sss_kind_label(const char *kind)
{
	return sss_label_of("kind", kind);
}

const char *sss_priority_label(const char *priority)
{
	return sss_label_of("priority", priority);
}

bool sss_status_is_done(const char *status)
{
	return status &&
	       (!strcmp(status, "resolved") || !strcmp(status, "closed") ||
		!strcmp(status, "cancelled"));
}

/* ---- value syntax ------------------------------------------------------- */

static bool date_valid(const char *s)
{
	sss_date d;
	return sss_date_parse(s, &d) == 0;
}

/* A date or date-time whose date is outside the calendar's years. */
static bool date_out_of_range(const char *s)
{
	char ymd[11];
	sss_date d;
	memcpy(ymd, s, 10);
	ymd[10] = '\0';
	return sss_date_parse(ymd, &d) == 0 && !sss_date_in_range(d);
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static bool is_instance_char(char c)
{
	return is_key_char(c) || (c >= 'A' && c <= 'Z');
}

/* KEY[/INSTANCE]@PERIOD */
static bool recurrence_valid(const char *s)
{
	const char *p = s;
	if (!is_key_char(*p))
		return false;
	while (is_key_char(*p))
		p++;
	if (*p == '/') {
		p++;
		if (!is_instance_char(*p))
			return false;
		while (is_instance_char(*p))
			p++;
	}
	struct sss_period per;
	return *p == '@' && sss_period_parse(p + 1, &per) == 0;
}

/* A Message-ID as RFC 5322 has it (RFC 6532 lets it be UTF-8), without
 * its angle brackets: no blanks or controls, no '<' or '>'. */
static bool message_id_valid(const char *s)
{
	size_t n = strlen(s);
	if (n > 250)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == '<' || c == '>')
			return false;
	}
	return true;
}

/* A value quoted for a message: control characters made visible and long
 * values cut (at a character boundary). */
static void show(struct strbuf *out, const char *s)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t n = strlen(s), cut = n;
	if (n > 60) {
		cut = 60;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	char *part = xstrndup(s, cut);
	sss_sanitize(&tmp, part, true);
	strbuf_addf(out, "'%s%s'", tmp.buf, cut < n ? "..." : "");
	free(part);
	strbuf_release(&tmp);
}

static struct sss_error *bad_value(const char *field, const char *value,
				   const char *expected)
{
	struct strbuf v = STRBUF_INIT;
	show(&v, value);
	struct sss_error *err =
	    sss_error(SSS_ERR_INVALID, "invalid %s %s (expected %s)", field,
		      v.buf, _(expected)); /* expected: a msgid (bad_value:3) */
	strbuf_release(&v);
	return err;
}

static struct sss_error *bad_set(const char *field, const char *value,
				 const char *const *set)
{
	struct strbuf exp = STRBUF_INIT;
	join_set(&exp, set);
	struct strbuf v = STRBUF_INIT;
	show(&v, value);
	struct sss_error *err = sss_error(SSS_ERR_INVALID, "invalid %s %s (expected one of %s)",
					  field, v.buf, exp.buf);
	strbuf_release(&v);
	strbuf_release(&exp);
	return err;
}

/* Check value (non-empty) for scalar field f. */
static struct sss_error *check_field(enum field f, const char *value)
{
	const char *name = sss_ticket_fields[f];

	if (strchr(value, '\n'))
		return sss_error(SSS_ERR_INVALID, "%s must be a single line",
				 name);
	switch (f) {
	case F_ID:
		if (!sss_id_valid(value))
			return bad_value(name, value,
					 "YYMM-XXXXXX or r-<key>-<period>");
		break;
	case F_TITLE:
		if (!value[strspn(value, " \t")])
			return sss_error(SSS_ERR_INVALID,
					 "title must not be blank");
		break;
	case F_KIND:
		if (set_index(sss_kinds, value) < 0)
			return bad_set(name, value, sss_kinds);
		break;
	case F_STATUS:
		if (set_index(sss_statuses, value) < 0)
			return bad_set(name, value, sss_statuses);
		break;
	case F_PRIORITY:
		if (set_index(sss_priorities, value) < 0)
			return bad_set(name, value, sss_priorities);
		break;
	case F_CREATED:
	case F_UPDATED:
	case F_CLOSED:
		if (sss_datetime_parse(value, NULL) < 0)
			return bad_value(name, value,
					 "a date-time with offset such as "
					 "2026-11-26T09:30:00+09:00");
		if (date_out_of_range(value))
			return bad_value(name, value,
					 "a date-time from 1980-01-01 to 2099-12-31");
		break;
	case F_DUE:
		if (!date_valid(value))
			return bad_value(name, value, "a date YYYY-MM-DD");
		if (date_out_of_range(value))
			return bad_value(name, value, "a date from 1980-01-01 to 2099-12-31");
		break;
	case F_MESSAGE_ID:
		if (!message_id_valid(value))
			return bad_value(name, value,
					 "a mail's Message-ID without '<' and "
					 "'>', such as 20261130.abc@example.jp");
		break;
	case F_RECURRENCE:
		if (!recurrence_valid(value))
			return bad_value(name, value,
					 "KEY[/INSTANCE]@PERIOD such as "
					 "routine-check@2026-11");
		break;
	default:
		break;
	}
	return NULL;
}

bool sss_ticket_field_required(int f)
{
	return f == F_ID || f == F_TITLE || f == F_STATUS || f == F_CREATED;
}

int sss_ticket_field_index(const char *name)
{
	return name ? set_index(sss_ticket_fields, name) : -1;
}

bool sss_ticket_is_field(const char *field)
{
	return sss_ticket_field_index(field) >= 0;
}

/* ---- the model ---------------------------------------------------------- */

struct sss_ticket *sss_ticket_new(void)
{
	struct sss_ticket *t = xcalloc(1, sizeof(*t));
	t->params = sss_node_new(SSS_NODE_MAP, NULL);
	t->extra = sss_node_new(SSS_NODE_MAP, NULL);
	t->body = xstrdup("");
	return t;
}

struct sss_ticket *sss_ticket_new_loaded(const char *path, size_t strings)
{
	size_t n = strlen(path) + 1;
	struct sss_ticket *t = xcalloc(1, sizeof(*t) + n + strings);
	t->path = (char *)(t + 1);
	memcpy(t->path, path, n);
	t->strs = t->path + n;
	t->strs_end = t->strs + strings;
	t->params = sss_node_new(SSS_NODE_MAP, NULL);
	t->extra = sss_node_new(SSS_NODE_MAP, NULL);
	return t;
}

/* Free field f's value unless it lies in t's strings; unset it. */
static void field_release(struct sss_ticket *t, int f)
{
	if (t->in_strs & (1u << f))
		t->in_strs &= ~(1u << f);
	else
		free(t->field[f]);
	t->field[f] = NULL;
}

static void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->len; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void sss_strlist_add(struct strlist *l, const char *s)
{
	SSS_GROW(l->v, l->alloc, l->len + 1);
	l->v[l->len++] = xstrdup(s);
}

void sss_ticket_free(struct sss_ticket *t)
{
	if (!t)
		return;
	if (!t->strs)
		free(t->path); /* else it lies in t's own allocation */
	for (int i = 0; i < NFIELDS; i++)
		field_release(t, i);
	sss_node_free(t->params);
	for (size_t i = 0; i < t->nlinks; i++) {
		free(t->links[i].rel);
		free(t->links[i].id);
	}
	free(t->links);
	strlist_clear(&t->tags);
	strlist_clear(&t->docs);
	sss_node_free(t->extra);
	free(t->body);
	free(t);
}

const char *sss_ticket_path(const struct sss_ticket *t)
{
	return t->path;
}

const char *sss_ticket_get(const struct sss_ticket *t, const char *field)
{
	int f = sss_ticket_field_index(field);
	return f < 0 ? NULL : t->field[f];
}

struct sss_error *sss_ticket_set(struct sss_ticket *t, const char *field,
				 const char *value)
{
	return sss_ticket_set_field(t, sss_ticket_field_index(field), field, value, NULL);
}

/* estimate: any duration form in, the written form ("90m": "1h30m")
 * kept, so that a file, its JSON and a merge agree. */
static struct sss_error *set_estimate(struct sss_ticket *t, const char *value,
				      char **owned)
{
	struct strbuf sb = STRBUF_INIT;
	int min;
	struct sss_error *err = sss_duration_parse(value, "estimate", &min);
	if (err)
		return err;
	sss_duration_format(&sb, min);
	field_release(t, F_ESTIMATE);
	t->field[F_ESTIMATE] = strbuf_detach(&sb, NULL);
	if (owned) {
		free(*owned);
		*owned = NULL;
	}
	return NULL;
}

struct sss_error *sss_ticket_set_field(struct sss_ticket *t, int f,
				       const char *field, const char *value,
				       char **owned)
{
	struct sss_error *err = NULL;

	if (f < 0) {
		struct strbuf names = STRBUF_INIT;
		join_set(&names, sss_ticket_fields);
		err =
		    sss_error(SSS_ERR_INVALID, "unknown field '%s' (one of %s)",
			      field, names.buf);
		strbuf_release(&names);
		return sss_error_one_line(err);
	}
	if (!value || !*value) {
		if (sss_ticket_field_required(f))
			return sss_error(SSS_ERR_INVALID,
					 "%s is required and cannot be empty",
					 field);
		field_release(t, f);
		return NULL;
	}
	err = check_field(f, value);
	if (err)
		return err;
	if (f == F_ESTIMATE)
		return set_estimate(t, value, owned);
	field_release(t, f);
	if (owned) {
		t->field[f] = *owned;
		*owned = NULL;
	} else {
		t->field[f] = xstrdup(value);
	}
	return NULL;
}

struct sss_error *sss_ticket_load_field(struct sss_ticket *t, int f,
					const char *field, const char *value)
{
	if (f < 0 || !*value || f == F_ESTIMATE)
		return sss_ticket_set_field(t, f, field, value, NULL);
	struct sss_error *err = check_field(f, value);
	if (err)
		return err;
	field_release(t, f);
	size_t n = strlen(value) + 1;
	if (n <= (size_t)(t->strs_end - t->strs)) {
		t->field[f] = memcpy(t->strs, value, n);
		t->strs += n;
		t->in_strs |= 1u << f;
	} else {
		t->field[f] = xstrdup(value);
	}
	return NULL;
}

size_t sss_ticket_param_count(const struct sss_ticket *t)
{
	return t->params->len;
}

const char *sss_ticket_param_name(const struct sss_ticket *t, size_t i)
{
	return i < t->params->len ? t->params->keys[i] : NULL;
}

const char *sss_ticket_param_value(const struct sss_ticket *t, size_t i)
{
	return i < t->params->len ? t->params->items[i]->str : NULL;
}

const char *sss_ticket_param_get(const struct sss_ticket *t, const char *name)
{
	return sss_node_str(sss_node_get(t->params, name));
}

void sss_ticket_param_set(struct sss_ticket *t, const char *name,
			  const char *value)
{
	if (value)
		sss_node_set(t->params, name,
			     sss_node_new(SSS_NODE_SCALAR, value));
	else
		sss_node_del(t->params, name);
}

size_t sss_ticket_link_count(const struct sss_ticket *t)
{
	return t->nlinks;
}

const char *sss_ticket_link_rel(const struct sss_ticket *t, size_t i)
{
	return i < t->nlinks ? t->links[i].rel : NULL;
}

const char *sss_ticket_link_id(const struct sss_ticket *t, size_t i)
{
	return i < t->nlinks ? t->links[i].id : NULL;
}

void sss_ticket_links_format(const struct sss_ticket *t, struct strbuf *out)
{
	for (size_t i = 0; i < t->nlinks; i++)
		strbuf_addf(out, "%s %s\n", t->links[i].rel, t->links[i].id);
}

bool sss_links_next(const char **text, struct strbuf *rel, struct strbuf *id)
{
	const char *p = *text, *sp, *nl;
	if (!p || !*p || !(sp = strchr(p, ' ')) || !(nl = strchr(sp, '\n')))
		return false;
	strbuf_reset(rel);
	strbuf_add(rel, p, (size_t)(sp - p));
	strbuf_reset(id);
	strbuf_add(id, sp + 1, (size_t)(nl - sp - 1));
	*text = nl + 1;
	return true;
}

static struct sss_error *check_link(const char *rel, const char *id)
{
	if (!rel || set_index(link_rels, rel) < 0)
		return bad_set("link rel", rel ? rel : "", link_rels);
	if (!id || !sss_id_valid(id))
		return bad_value("link id", id ? id : "", "a ticket ID");
	return NULL;
}

struct sss_error *sss_ticket_link_add(struct sss_ticket *t, const char *rel,
				      const char *id)
{
	struct sss_error *err = check_link(rel, id);
	if (err)
		return err;
	SSS_GROW(t->links, t->links_alloc, t->nlinks + 1);
	t->links[t->nlinks].rel = xstrdup(rel);
	t->links[t->nlinks++].id = xstrdup(id);
	return NULL;
}

static struct strlist *list_of(const struct sss_ticket *t, const char *list)
{
	struct sss_ticket *m = (struct sss_ticket *)t;
	if (list && !strcmp(list, "tags"))
		return &m->tags;
	if (list && !strcmp(list, "documents"))
		return &m->docs;
	return NULL;
}

size_t sss_ticket_list_count(const struct sss_ticket *t, const char *list)
{
	struct strlist *l = list_of(t, list);
	return l ? l->len : 0;
}

const char *sss_ticket_list_get(const struct sss_ticket *t, const char *list,
				size_t i)
{
	struct strlist *l = list_of(t, list);
	return l && i < l->len ? l->v[i] : NULL;
}

void sss_ticket_list_add(struct sss_ticket *t, const char *list,
			 const char *value)
{
	struct strlist *l = list_of(t, list);
	if (l && value)
		sss_strlist_add(l, value);
}

void sss_ticket_list_clear(struct sss_ticket *t, const char *list)
{
	struct strlist *l = list_of(t, list);
	if (l)
		strlist_clear(l);
}

const struct sss_node *sss_ticket_extra(const struct sss_ticket *t)
{
	return t->extra;
}

const char *sss_ticket_body(const struct sss_ticket *t)
{
	return t->body;
}

void sss_ticket_set_body(struct sss_ticket *t, const char *body)
{
	char *b = xstrdup(body ? body : "");
	free(t->body);
	t->body = b;
}
