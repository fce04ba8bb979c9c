/* export.c - the tickets a query matches as a table of chosen columns, or
 * as JSON lines (see export.h). */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/duration.h"
#include "sss/error.h"
#include "sss/export.h"
#include "sss/json.h"
#include "sss/node.h"
#include "sss/query.h"
#include "sss/scan.h"
#include "sss/sla.h"
#include "sss/strbuf.h"
#include "sss/table.h"
#include "sss/ticket.h"
#include "sss/worklog.h"

/* Where a column's value comes from. */
enum source {
	SRC_TEXT,     /* a front matter scalar as it is */
	SRC_STATUS,   /* scalars with a Japanese label */
	SRC_PRIORITY,
	SRC_KIND,
	SRC_DATETIME, /* created, updated, closed */
	SRC_DATE,     /* due */
	SRC_LIST,     /* tags, documents */
	SRC_LINKS,
	SRC_PATH,
	SRC_SPENT,    /* the work log's [作業時間] summed */
	SRC_ESTIMATE, /* estimate in minutes */
	SRC_SLA,      /* sla.CLOCK.WHAT */
	SRC_PARAM,    /* params.NAME */
	SRC_EXTRA,    /* extra.NAME */
};

enum sla_what { SLA_STATE, SLA_DUE, SLA_USED, SLA_TARGET };

static const struct known {
	const char *key, *ja;
	enum source src;
	int clock, what; /* SRC_SLA: 0 response, 1 resolve; enum sla_what */
} known[] = {
	{ "id", "ID", SRC_TEXT, 0, 0 },
	{ "title", "件名", SRC_TEXT, 0, 0 },
	{ "sow", "SOW項目", SRC_TEXT, 0, 0 },
	{ "kind", "種別", SRC_KIND, 0, 0 },
	{ "status", "状態", SRC_STATUS, 0, 0 },
	{ "priority", "優先度", SRC_PRIORITY, 0, 0 },
	{ "assignee", "担当者", SRC_TEXT, 0, 0 },
	{ "requester", "依頼者", SRC_TEXT, 0, 0 },
	{ "created", "作成日時", SRC_DATETIME, 0, 0 },
	{ "updated", "更新日時", SRC_DATETIME, 0, 0 },
	{ "due", "期限", SRC_DATE, 0, 0 },
	{ "estimate", "見積り", SRC_TEXT, 0, 0 },
	{ "closed", "完了日時", SRC_DATETIME, 0, 0 },
	{ "recurrence", "定期作業", SRC_TEXT, 0, 0 },
	{ "tags", "タグ", SRC_LIST, 0, 0 },
	{ "documents", "関連文書", SRC_LIST, 0, 0 },
	{ "links", "関連チケット", SRC_LINKS, 0, 0 },
	{ "path", "ファイル", SRC_PATH, 0, 0 },
	{ "spent_min", "作業時間（分）", SRC_SPENT, 0, 0 },
	{ "estimate_min", "見積り（分）", SRC_ESTIMATE, 0, 0 },
	{ "sla.response.state", "応答SLA状態", SRC_SLA, 0, SLA_STATE },
	{ "sla.response.due", "応答期限", SRC_SLA, 0, SLA_DUE },
	{ "sla.response.used_min", "応答消費（分）", SRC_SLA, 0, SLA_USED },
	{ "sla.response.target_min", "応答目標（分）", SRC_SLA, 0, SLA_TARGET },
	{ "sla.resolve.state", "解決SLA状態", SRC_SLA, 1, SLA_STATE },
	{ "sla.resolve.due", "解決期限", SRC_SLA, 1, SLA_DUE },
	{ "sla.resolve.used_min", "解決消費（分）", SRC_SLA, 1, SLA_USED },
	{ "sla.resolve.target_min", "解決目標（分）", SRC_SLA, 1, SLA_TARGET },
};
#define NKNOWN (sizeof(known) / sizeof(known[0]))

struct column {
	const struct known *k; /* NULL for params.NAME and extra.NAME */
	enum source src;
	char *name;            /* the field, param or extra key */
};

struct columns {
	struct column *v;
	size_t n, alloc;
	bool sla;    /* a column needs the service levels */
	bool ticket; /* a column needs the parsed ticket (its file read) */
};

/* A matched ticket as its cells read it: the scan's view (the cache
 * record, or the parsed ticket), its work-log digest (worklog.h) for
 * requester, estimate and the time spent, and the parsed ticket only
 * for the columns the view does not hold: tags, documents, params.NAME
 * and extra.NAME. With a valid cache the default columns read no file. */
struct row {
	struct sss_scan_item *it;
	const struct sss_ticket *t; /* for cs->ticket only */
	struct strbuf digest;
	bool digest_read, digest_ok;
};

static void columns_release(struct columns *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->v[i].name);
	free(cs->v);
}

static struct sss_error *unknown_column(const char *name, size_t len)
{
	struct strbuf valid = STRBUF_INIT;
	for (size_t i = 0; i < NKNOWN; i++)
		strbuf_addf(&valid, "%s, ", known[i].key);
	strbuf_addstr(&valid, "params.NAME, extra.NAME");
	struct sss_error *err = sss_error(SSS_ERR_USAGE,
					  "unknown column '%.*s' (use %s)",
					  (int)len, name, valid.buf);
	strbuf_release(&valid);
	return sss_error_one_line(err);
}

/* One column named s[0..len) into cs. */
static struct sss_error *add_column(struct columns *cs, const char *s,
				    size_t len)
{
	struct column c = { NULL, SRC_TEXT, NULL };
	for (size_t i = 0; i < NKNOWN && !c.k; i++)
		if (strlen(known[i].key) == len && !memcmp(known[i].key, s, len))
			c.k = &known[i];
	if (c.k) {
		c.src = c.k->src;
		c.name = xstrdup(c.k->key);
		cs->sla |= c.src == SRC_SLA;
		cs->ticket |= c.src == SRC_LIST;
	} else if (len > 7 && !memcmp(s, "params.", 7)) {
		cs->ticket = true;
		c.src = SRC_PARAM;
		c.name = xstrndup(s + 7, len - 7);
	} else if (len > 6 && !memcmp(s, "extra.", 6)) {
		cs->ticket = true;
		c.src = SRC_EXTRA;
		c.name = xstrndup(s + 6, len - 6);
	} else {
		return unknown_column(s, len);
	}
	SSS_GROW(cs->v, cs->alloc, cs->n + 1);
	cs->v[cs->n++] = c;
	return NULL;
}

/* Parse a comma list of columns (spaces around a name are allowed). */
static struct sss_error *parse_columns(const char *list, struct columns *cs)
{
	struct sss_error *err = NULL;
	const char *p = list ? list : SSS_EXPORT_DEFAULT_COLUMNS;
	memset(cs, 0, sizeof(*cs));
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && *p == ' ')
			p++, len--;
		while (len && p[len - 1] == ' ')
			len--;
		if ((err = add_column(cs, p, len)))
			break;
		if (!end)
			break;
		p = end + 1;
	}
	if (err) {
		columns_release(cs);
		memset(cs, 0, sizeof(*cs));
	}
	return err;
}

struct sss_error *sss_export_check_columns(const char *columns)
{
	struct columns cs;
	struct sss_error *err = parse_columns(columns, &cs);
	if (!err)
		columns_release(&cs);
	return err;
}

/* Local wall-clock minutes since 1970 of epoch seconds t (table.h). */
static int64_t local_minutes(time_t t)
{
	int64_t s = (int64_t)t + (int64_t)sss_time_offset(t) * 60;
	return s >= 0 ? s / 60 : -((-s + 59) / 60);
}

/* A date-time: a typed cell in Japanese, the text as it is with keys. */
static void add_datetime(struct sss_table *tb, const char *v, bool ja)
{
	long long epoch;
	if (ja && v && sss_datetime_parse(v, &epoch) == 0)
		sss_table_datetime(tb, local_minutes((time_t)epoch));
	else
		sss_table_text(tb, v);
}

static void add_label(struct sss_table *tb, const char *v, const char *label,
		      bool ja)
{
	sss_table_text(tb, ja && label ? label : v);
}

/* The row's digest, read once: NULL when the ticket cannot be read. */
static const char *row_digest(struct row *w)
{
	if (!w->digest_read)
		w->digest_ok = sss_scan_digest(w->it, &w->digest);
	w->digest_read = true;
	return w->digest_ok ? w->digest.buf : NULL;
}

/* The front matter value of field for the row, as sss_ticket_get()
 * gives it (the view's scalars). */
static const char *row_get(struct row *w, const char *field)
{
	return sss_scan_get(w->it, field);
}

static void add_list(struct sss_table *tb, const struct sss_ticket *t,
		     const char *list)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = sss_ticket_list_count(t, list);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, sss_ticket_list_get(t, list, i));
	}
	sss_table_text(tb, n ? sb.buf : NULL);
	strbuf_release(&sb);
}

/* The links as "rel id, rel id" (the view's "rel id\n" lines). */
static void add_links(struct sss_table *tb, const struct sss_scan_item *it)
{
	struct strbuf links = STRBUF_INIT, sb = STRBUF_INIT;
	struct strbuf rel = STRBUF_INIT, id = STRBUF_INIT;
	sss_scan_links(it, &links);
	for (const char *p = links.buf; sss_links_next(&p, &rel, &id);) {
		if (sb.len)
			strbuf_addstr(&sb, ", ");
		strbuf_addf(&sb, "%s %s", rel.buf, id.buf);
	}
	sss_table_text(tb, sb.len ? sb.buf : NULL);
	strbuf_release(&links);
	strbuf_release(&sb);
	strbuf_release(&rel);
	strbuf_release(&id);
}

static void add_spent(struct sss_table *tb, struct row *w)
{
	int64_t spent = 0;
	struct sss_worklog_iter *it = sss_worklog_digest_open(row_digest(w), 0);
	const struct sss_worklog_entry *e;
	while ((e = sss_worklog_next(it)))
		if (e->spent_min > 0)
			spent += e->spent_min;
	sss_worklog_close(it);
	sss_table_minutes(tb, spent);
}

static void add_estimate(struct sss_table *tb, struct row *w)
{
	int est;
	const char *v = row_get(w, "estimate");
	struct sss_error *err = v ? sss_duration_parse(v, "estimate", &est) : NULL;
	if (v && !err)
		sss_table_minutes(tb, est);
	else
		sss_table_empty(tb);
	sss_error_free(err);
}

static void add_sla(struct sss_table *tb, const struct known *k,
		    const struct sss_sla *sla, bool ja)
{
	const struct sss_sla_clock *c =
		!sla ? NULL : k->clock ? &sla->resolve : &sla->response;
	struct strbuf sb = STRBUF_INIT;
	if (!c || !c->set) {
		sss_table_empty(tb);
	} else if (k->what == SLA_STATE) {
		sss_table_text(tb, ja ? sss_sla_state_label(c->state)
				      : sss_sla_state_name(c->state));
	} else if (k->what == SLA_DUE && ja) {
		sss_table_datetime(tb, local_minutes(c->due));
	} else if (k->what == SLA_DUE) {
		sss_time_format(&sb, c->due);
		sss_table_text(tb, sb.buf);
	} else {
		sss_table_minutes(tb, k->what == SLA_USED ? c->used_min
							  : c->target_min);
	}
	strbuf_release(&sb);
}

static void add_extra(struct sss_table *tb, const struct sss_ticket *t,
		      const char *key)
{
	const struct sss_node *n = sss_node_get(sss_ticket_extra(t), key);
	struct strbuf sb = STRBUF_INIT;
	struct sss_json j;
	if (!n || sss_node_is_null(n)) {
		sss_table_empty(tb);
	} else if (sss_node_str(n)) {
		sss_table_text(tb, sss_node_str(n));
	} else {
		/* a list or a map: its JSON, so nothing of it is lost */
		sss_json_init(&j, &sb, 0);
		sss_node_write_json(&j, n);
		sss_table_text(tb, sb.buf);
	}
	strbuf_release(&sb);
}

/* One cell of column c for row w. */
static void add_cell(struct sss_table *tb, const struct column *c,
		     struct row *w, const struct sss_sla *sla, bool ja)
{
	const char *v = c->k && c->src <= SRC_DATE ? row_get(w, c->name) : NULL;
	sss_date d;

	switch (c->src) {
	case SRC_TEXT:
		sss_table_text(tb, v);
		break;
	case SRC_STATUS:
		add_label(tb, v, sss_status_label(v), ja);
		break;
	case SRC_PRIORITY:
		add_label(tb, v, sss_priority_label(v), ja);
		break;
	case SRC_KIND:
		add_label(tb, v, sss_kind_label(v), ja);
		break;
	case SRC_DATETIME:
		add_datetime(tb, v, ja);
		break;
	case SRC_DATE:
		if (v && sss_date_parse(v, &d) == 0)
			sss_table_date(tb, d);
		else
			sss_table_text(tb, v);
		break;
	case SRC_LIST:
		add_list(tb, w->t, c->name);
		break;
	case SRC_LINKS:
		add_links(tb, w->it);
		break;
	case SRC_PATH:
		sss_table_text(tb, sss_scan_rel(w->it));
		break;
	case SRC_SPENT:
		add_spent(tb, w);
		break;
	case SRC_ESTIMATE:
		add_estimate(tb, w);
		break;
	case SRC_SLA:
		add_sla(tb, c->k, sla, ja);
		break;
	case SRC_PARAM:
		sss_table_text(tb, sss_ticket_param_get(w->t, c->name));
		break;
	case SRC_EXTRA:
		add_extra(tb, w->t, c->name);
		break;
	}
}

/* What is done with each matched ticket: an error when its file, read
 * for it, no longer parses (it is reported as broken). */
typedef struct sss_error *(*each_fn)(void *data, struct sss_scan_item *it,
				     const struct sss_sla *sla);

static void report_broken(const struct sss_export *e, struct sss_error *err)
{
	if (e->broken)
		e->broken(e->data, err);
	else
		sss_error_free(err);
}

/* Scan, match, and call fn with each matched ticket's view. */
static struct sss_error *each_match(const struct sss_export *e, bool want_sla,
				    each_fn fn, void *data)
{
	struct sss_error *err = NULL;
	struct sss_scan *scan = sss_scan_open(e->repo, 0);
	struct sss_scan_item *it;

	want_sla |= e->query->sla != 0;
	while (!(err = sss_scan_next(scan, &it)) && it) {
		struct sss_error *bad = sss_scan_broken(it);
		const struct sss_ticket *t =
			bad ? NULL : sss_scan_query_ticket(it, &bad);
		if (!t) {
			report_broken(e, bad);
			continue;
		}
		if (!sss_query_match(e->query, t))
			continue;
		struct sss_sla sla;
		bool has = want_sla && sss_scan_sla(it, e->config, e->cal,
						    e->now, &sla);
		if (!sss_query_match_sla(e->query, has ? &sla : NULL))
			continue;
		if ((bad = fn(data, it, has ? &sla : NULL)))
			report_broken(e, bad);
	}
	sss_scan_close(scan);
	return err;
}

struct table_state {
	struct sss_table *tb;
	const struct columns *cs;
	bool ja;
};

static struct sss_error *table_row(void *data, struct sss_scan_item *it,
				   const struct sss_sla *sla)
{
	struct table_state *st = data;
	struct sss_error *err = NULL;
	struct row w = { it, NULL, STRBUF_INIT, false, false };

	/* the row only when the file the columns need still parses */
	if (st->cs->ticket && (err = sss_scan_ticket(it, &w.t)))
		goto done;
	sss_table_row(st->tb);
	for (size_t i = 0; i < st->cs->n; i++)
		add_cell(st->tb, &st->cs->v[i], &w, sla, st->ja);
done:
	strbuf_release(&w.digest);
	return err;
}

struct sss_error *sss_export_table(const struct sss_export *e,
				   struct sss_table **out)
{
	struct columns cs;
	struct sss_error *err = parse_columns(e->columns, &cs);
	struct table_state st = { NULL, &cs, e->headings == SSS_EXPORT_JA };

	*out = NULL;
	if (err)
		return err;
	st.tb = sss_table_new("チケット");
	for (size_t i = 0; i < cs.n; i++) {
		const struct column *c = &cs.v[i];
		struct strbuf key = STRBUF_INIT;
		if (c->src == SRC_PARAM || c->src == SRC_EXTRA)
			strbuf_addf(&key, "%s.%s",
				    c->src == SRC_PARAM ? "params" : "extra",
				    c->name);
		else
			strbuf_addstr(&key, c->name);
		sss_table_column(st.tb, key.buf,
				 !st.ja ? key.buf : c->k ? c->k->ja : c->name);
		strbuf_release(&key);
	}
	err = each_match(e, cs.sla, table_row, &st);
	if (err)
		sss_table_free(st.tb);
	else
		*out = st.tb;
	columns_release(&cs);
	return err;
}

static struct sss_error *jsonl_line(void *data, struct sss_scan_item *it,
				    const struct sss_sla *sla)
{
	struct strbuf *out = data;
	const struct sss_ticket *t;
	struct sss_error *err = sss_scan_ticket(it, &t);
	(void)sla;
	/* the body too: the file is read */
	if (!err) {
		sss_worklog_ticket_json(t, out, true);
		strbuf_addch(out, '\n');
	}
	return err;
}

struct sss_error *sss_export_jsonl(const struct sss_export *e,
				   struct strbuf *out)
{
	return each_match(e, false, jsonl_line, out);
}
