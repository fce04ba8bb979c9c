/* import.c - tickets made in bulk from CSV rows or JSON lines, written in
 * one commit (see import.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "import_priv.h"
#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/clock.h"
#include "sss/compose.h"
#include "sss/config.h"
#include "sss/csvread.h"
#include "sss/date.h"
#include "sss/duration.h"
#include "sss/error.h"
#include "sss/id.h"
#include "sss/import.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

struct alias {
	const char *name;
	enum target t;
	const char *what;
};

#define KEPT "kept by sssctl"
#define FIGURE "a figure export computes"

/* Column names, matched without regard to ASCII case: the keys, the
 * headings export writes, and the words people use for them. */
static const struct alias aliases[] = {
	{ "title", T_FIELD, "title" }, { "件名", T_FIELD, "title" },
	{ "タイトル", T_FIELD, "title" }, { "題名", T_FIELD, "title" },
	{ "status", T_FIELD, "status" }, { "状態", T_FIELD, "status" },
	{ "ステータス", T_FIELD, "status" },
	{ "priority", T_FIELD, "priority" }, { "優先度", T_FIELD, "priority" },
	{ "assignee", T_FIELD, "assignee" }, { "担当者", T_FIELD, "assignee" },
	{ "担当", T_FIELD, "assignee" },
	{ "requester", T_FIELD, "requester" }, { "依頼者", T_FIELD, "requester" },
	{ "申請者", T_FIELD, "requester" },
	{ "due", T_FIELD, "due" }, { "期限", T_FIELD, "due" },
	{ "期日", T_FIELD, "due" },
	{ "estimate", T_FIELD, "estimate" }, { "見積", T_FIELD, "estimate" },
	{ "見積り", T_FIELD, "estimate" }, { "見積時間", T_FIELD, "estimate" },
	{ "見積工数", T_FIELD, "estimate" },
	{ "tags", T_TAGS, NULL }, { "タグ", T_TAGS, NULL },
	{ "documents", T_DOCUMENTS, NULL }, { "文書", T_DOCUMENTS, NULL },
	{ "関連文書", T_DOCUMENTS, NULL },
	{ "description", T_DESCRIPTION, NULL }, { "内容", T_DESCRIPTION, NULL },
	{ "説明", T_DESCRIPTION, NULL }, { "詳細", T_DESCRIPTION, NULL },
	{ "sow", T_CHECK, "sow" }, { "SOW項目", T_CHECK, "sow" },
	{ "kind", T_CHECK, "kind" }, { "種別", T_CHECK, "kind" },
	{ "id", T_SKIP, KEPT }, { "チケットID", T_SKIP, KEPT },
	{ "created", T_SKIP, KEPT }, { "起票日時", T_SKIP, KEPT },
	{ "作成日時", T_SKIP, KEPT }, { "起票日", T_SKIP, KEPT },
	{ "updated", T_SKIP, KEPT }, { "更新日時", T_SKIP, KEPT },
	{ "closed", T_SKIP, KEPT }, { "完了日時", T_SKIP, KEPT },
	{ "recurrence", T_SKIP, KEPT }, { "定期", T_SKIP, KEPT },
	{ "定期作業", T_SKIP, KEPT }, { "links", T_SKIP, KEPT },
	{ "関連チケット", T_SKIP, KEPT },
	{ "path", T_SKIP, FIGURE }, { "ファイル", T_SKIP, FIGURE },
	{ "spent_min", T_SKIP, FIGURE }, { "作業時間（分）", T_SKIP, FIGURE },
	{ "estimate_min", T_SKIP, FIGURE }, { "見積り（分）", T_SKIP, FIGURE },
	{ "応答SLA状態", T_SKIP, FIGURE }, { "応答期限", T_SKIP, FIGURE },
	{ "応答消費（分）", T_SKIP, FIGURE }, { "応答目標（分）", T_SKIP, FIGURE },
	{ "解決SLA状態", T_SKIP, FIGURE }, { "解決期限", T_SKIP, FIGURE },
	{ "解決消費（分）", T_SKIP, FIGURE }, { "解決目標（分）", T_SKIP, FIGURE },
};

/* The scalar fields a row may give, in the order they are checked. */
static const char *const row_fields[] = { "title", "status", "priority",
					  "assignee", "requester", "due",
					  "estimate" };
_Static_assert(sizeof(row_fields) / sizeof(row_fields[0]) == NFIELDS,
	       "row_fields and struct row agree");

static const char *const status_labels[][2] = {
	{ "未着手", "open" }, { "対応中", "in-progress" }, { "保留", "waiting" },
	{ "解決済", "resolved" }, { "完了", "closed" }, { "取消", "cancelled" },
};
static const char *const priority_labels[][2] = {
	{ "低", "low" }, { "通常", "normal" }, { "中", "normal" }, { "普通", "normal" },
	{ "高", "high" }, { "緊急", "urgent" }, { "至急", "urgent" },
};

struct sss_error *sss_import_cell_error(const char *file, size_t line,
					const char *column, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	struct sss_error *err =
		column ? sss_error(SSS_ERR_INVALID, "'%s' line %zu, column '%s': %s",
				   file, line, column, msg.buf)
		       : sss_error(SSS_ERR_INVALID, "'%s' line %zu: %s", file, line, msg.buf);
	strbuf_release(&msg);
	return sss_error_one_line(err);
}

static void add_skipped(struct sss_import *im, const char *name, const char *why)
{
	strbuf_addf(&im->skipped, "'%s' (%s)\n", name, why);
}

static void placeholder_collect(const char *name, void *data)
{
	struct strbuf *sb = data;
	strbuf_addf(sb, "%s%s", sb->len ? ", " : "", name);
}

static bool is_placeholder(const struct sss_sow_entry *e, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct sss_error *err = sss_template_names(sss_sow_title(e), placeholder_collect, &sb);
	bool found = false;
	/* the names are listed ", "-separated: compare each */
	for (char *p = sb.buf; !err && *p && !found;) {
		size_t n = strcspn(p, ",");
		found = n == strlen(name) && !strncmp(p, name, n);
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	sss_error_free(err);
	strbuf_release(&sb);
	return found;
}

static const struct alias *find_alias(const char *name)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcasecmp(aliases[i].name, name))
			return &aliases[i];
	return NULL;
}

static int field_index(const char *what)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!strcmp(row_fields[i], what))
			return (int)i;
	return -1;
}

/* "param.NAME" or "params.NAME": NAME, else NULL. */
static const char *param_name(const char *s)
{
	if (!strncmp(s, "param.", 6))
		return s + 6;
	if (!strncmp(s, "params.", 7))
		return s + 7;
	return NULL;
}

/* Set col to what the name (a heading, or a --map FIELD) gives; false
 * when it gives nothing known. */
static bool resolve(const struct sss_sow_entry *e, const char *name,
		    struct column *col)
{
	const char *pn = param_name(name);
	if (pn && *pn) {
		col->t = T_PARAM;
		col->what = col->own = xstrdup(pn);
		return true;
	}
	if (is_placeholder(e, name)) {
		col->t = T_PARAM;
		col->what = col->own = xstrdup(name);
		return true;
	}
	const struct alias *a = find_alias(name);
	if (!a && !strncmp(name, "sla.", 4)) {
		col->t = T_SKIP;
		col->what = FIGURE;
		return true;
	}
	if (!a && !strncmp(name, "extra.", 6)) {
		col->t = T_SKIP;
		col->what = "a key sssctl does not know: JSON lines keep it";
		return true;
	}
	if (!a)
		return false;
	col->t = a->t;
	col->what = a->what;
	col->field = a->t == T_FIELD ? field_index(a->what) : -1;
	return true;
}

static struct sss_error *unknown_column(const struct sss_import *im,
					const struct sss_sow_entry *e,
					const char *name)
{
	struct strbuf ph = STRBUF_INIT;
	sss_error_free(sss_template_names(sss_sow_title(e), placeholder_collect, &ph));
	struct sss_error *err = sss_import_cell_error(
		im->file, 1, name,
		"unknown column (name it after a field: title, status, priority, assignee, "
		"requester, due, estimate, tags, documents, description, or a placeholder "
		"of '%s': %s; or give --map '%s=FIELD')",
		sss_sow_key(e), ph.len ? ph.buf : "none", name);
	strbuf_release(&ph);
	return err;
}

/* The --map for column name, the last one given, or NULL. */
static const char *mapped(const struct sss_import_options *o, const char *name)
{
	for (size_t i = o->nmap; i-- > 0;)
		if (!strcmp(o->map_column[i], name))
			return o->map_field[i];
	return NULL;
}

/* The targets of the header's columns; two columns for one target is an
 * error. */
static struct sss_error *map_header(struct sss_import *im,
				    const struct sss_import_options *o,
				    const struct sss_csv_record *rec)
{
	const struct sss_sow_entry *e = o->entry;

	for (size_t i = 0; i < o->nmap; i++) {
		size_t j;
		for (j = 0; j < rec->n && strcmp(rec->field[j], o->map_column[i]); j++)
			;
		if (j == rec->n)
			return sss_error(SSS_ERR_USAGE, "--map '%s=%s': '%s' has no column '%s'",
					 o->map_column[i], o->map_field[i], im->file,
					 o->map_column[i]);
	}
	im->ncols = rec->n;
	im->cols = xcalloc(rec->n, sizeof(*im->cols));
	for (size_t i = 0; i < rec->n; i++) {
		struct column *c = &im->cols[i];
		c->name = xstrdup(rec->field[i]);
		c->field = -1;
		const char *m = mapped(o, c->name);
		if (m && !strcmp(m, "-")) {
			c->t = T_SKIP;
			c->what = "--map";
		} else if (m) {
			if (!resolve(e, m, c))
				return sss_error(SSS_ERR_USAGE, "--map '%s=%s': unknown field '%s'",
						 c->name, m, m);
		} else if (!resolve(e, c->name, c)) {
			return unknown_column(im, e, c->name);
		}
		if (c->t == T_SKIP)
			add_skipped(im, c->name, c->what);
		if (c->t == T_PARAM && !is_placeholder(e, c->what))
			return sss_import_cell_error(im->file, 1, c->name,
						     "'%s' has no placeholder '%s' (its title is '%s')",
						     sss_sow_key(e), c->what, sss_sow_title(e));
		for (size_t j = 0; j < i; j++) {
			const struct column *d = &im->cols[j];
			if (d->t == c->t && c->t != T_SKIP &&
			    (!c->what || !strcmp(c->what, d->what)))
				return sss_import_cell_error(im->file, 1, c->name,
							     "gives what column '%s' gives",
							     d->name);
		}
	}
	return NULL;
}

static bool has_column(const struct sss_import *im, enum target t, const char *what)
{
	for (size_t i = 0; i < im->ncols; i++)
		if (im->cols[i].t == t && (!what || !strcmp(im->cols[i].what, what)))
			return true;
	return false;
}

struct need {
	const struct sss_import *im;
	struct strbuf missing;
};

static void need_collect(const char *name, void *data)
{
	struct need *n = data;
	if (strcmp(name, "年月") && strcmp(name, "年月日") &&
	    !has_column(n->im, T_PARAM, name))
		strbuf_addf(&n->missing, "%s%s", n->missing.len ? ", " : "", name);
}

/* Without a title column, every placeholder of the title needs one (but
 * 年月 and 年月日, which the date gives). */
static struct sss_error *check_placeholders(const struct sss_import *im,
					    const struct sss_sow_entry *e)
{
	struct need n = { im, STRBUF_INIT };
	struct sss_error *err = NULL;

	if (has_column(im, T_FIELD, "title"))
		return NULL;
	err = sss_template_names(sss_sow_title(e), need_collect, &n);
	if (!err && n.missing.len)
		err = sss_import_cell_error(im->file, 1, NULL,
					    "no column gives %s of the title '%s' (add a "
					    "column named after it, or give --map COLUMN=param.NAME)",
					    n.missing.buf, sss_sow_title(e));
	strbuf_release(&n.missing);
	return err;
}

/* Trim ASCII blanks from both ends, in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static const char *from_labels(const char *const (*labels)[2], size_t n,
			       const char *const *set, const char *v)
{
	for (size_t i = 0; set[i]; i++)
		if (!strcmp(set[i], v))
			return set[i];
	for (size_t i = 0; i < n; i++)
		if (!strcmp(labels[i][0], v))
			return labels[i][1];
	return NULL;
}

/* A date as Excel in Japan writes it (2026/12/1) or ISO; into buf. */
static bool norm_date(const char *v, char *buf, size_t size)
{
	int y, m, d;
	char rest;
	sss_date date;
	if (sscanf(v, "%4d/%2d/%2d%c", &y, &m, &d, &rest) == 3 ||
	    sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3)
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	else
		return false;
	return sss_date_parse(buf, &date) == 0;
}

/* Check and normalise the value of scalar field i. */
static struct sss_error *check_field(const struct sss_import *im, struct row *r,
				     const struct column *c, const char *v)
{
	const char *what = row_fields[c->field], *given = v;
	int minutes;

	if (!strcmp(what, "status")) {
		if (!(v = from_labels(status_labels, 6, sss_statuses, v)))
			return sss_import_cell_error(im->file, r->line, c->name,
						     "unknown status '%s' (open, in-progress, waiting, "
						     "resolved, closed, cancelled, or 未着手, 対応中, 保留, "
						     "解決済, 完了, 取消)", given);
	} else if (!strcmp(what, "priority")) {
		if (!(v = from_labels(priority_labels, 7, sss_priorities, v)))
			return sss_import_cell_error(im->file, r->line, c->name,
						     "unknown priority '%s' (low, normal, high, urgent, "
						     "or 低, 通常, 高, 緊急)", given);
	} else if (!strcmp(what, "due")) {
		if (!norm_date(v, r->due, sizeof(r->due)))
			return sss_import_cell_error(im->file, r->line, c->name,
						     "'%s' is not a date (YYYY-MM-DD or YYYY/MM/DD)", v);
		v = r->due;
	} else if (!strcmp(what, "estimate")) {
		struct sss_error *err = sss_duration_parse(v, "estimate", &minutes);
		if (err) {
			struct sss_error *e2 = sss_import_cell_error(im->file, r->line, c->name,
								     "%s", err->msg);
			sss_error_free(err);
			return e2;
		}
	} else if (strchr(v, '\n') && strcmp(what, "title")) {
		return sss_import_cell_error(im->file, r->line, c->name,
					     "a line break in a one-line field");
	}
	r->field[c->field] = v;
	return NULL;
}

static void split_list(char ***items, size_t *n, size_t *alloc, char *v)
{
	/* a comma, or the Japanese 読点 that people type between words */
	for (char *p = v; *p;) {
		size_t len = strcspn(p, ",");
		char *sep = strstr(p, "、");
		if (sep && (size_t)(sep - p) < len)
			len = (size_t)(sep - p);
		char *item = xstrndup(p, len);
		char *t = trim(item);
		if (*t) {
			SSS_GROW(*items, *alloc, *n + 1);
			(*items)[(*n)++] = xstrdup(t);
		}
		free(item);
		p += len;
		if (!strncmp(p, "、", 3))
			p += 3;
		else if (*p == ',')
			p++;
	}
}

void sss_import_row_reset(struct row *r)
{
	for (size_t i = 0; i < r->ntag; i++)
		free(r->tag[i]);
	for (size_t i = 0; i < r->ndoc; i++)
		free(r->doc[i]);
	r->ntag = r->ndoc = r->np = 0;
	memset(r->field, 0, sizeof(r->field));
	r->description = NULL;
}

static void row_release(struct row *r)
{
	sss_import_row_reset(r);
	free(r->tag);
	free(r->doc);
	free(r->pname);
	free(r->pvalue);
}

/* The values of rec into r, each checked; *blank when every cell is
 * empty (the row is read past). */
static struct sss_error *read_row(struct sss_import *im, const struct sss_sow_entry *e,
				  const struct sss_csv_record *rec, struct row *r,
				  bool *blank)
{
	struct sss_error *err;

	sss_import_row_reset(r);
	r->line = rec->line;
	*blank = true;
	for (size_t i = 0; i < rec->n; i++)
		if (*trim(rec->field[i]) || rec->len[i] != strlen(rec->field[i]))
			*blank = false;
	if (*blank)
		return NULL;
	if (rec->n > im->ncols)
		return sss_import_cell_error(im->file, r->line, NULL,
					     "%zu fields, but the header has %zu columns",
					     rec->n, im->ncols);
	for (size_t i = 0; i < rec->n; i++) {
		const struct column *c = &im->cols[i];
		char *v = trim(rec->field[i]);
		if (!*v || c->t == T_SKIP)
			continue;
		switch (c->t) {
		case T_FIELD:
			if ((err = check_field(im, r, c, v)))
				return err;
			break;
		case T_PARAM:
			if (strchr(v, '\n'))
				return sss_import_cell_error(im->file, r->line, c->name,
							     "a line break in a placeholder of the title");
			r->pname[r->np] = c->what;
			r->pvalue[r->np++] = v;
			break;
		case T_TAGS:
			split_list(&r->tag, &r->ntag, &r->atag, v);
			break;
		case T_DOCUMENTS:
			split_list(&r->doc, &r->ndoc, &r->adoc, v);
			break;
		case T_DESCRIPTION:
			r->description = v;
			break;
		case T_CHECK: {
			bool sow = !strcmp(c->what, "sow");
			const char *want = sow ? sss_sow_key(e) : sss_sow_kind(e);
			const char *label = sow ? NULL : sss_kind_label(want);
			if (strcmp(v, want) && (!label || strcmp(v, label)))
				return sss_import_cell_error(im->file, r->line, c->name,
							     "'%s', but the import is of '%s' (%s '%s')",
							     v, sss_sow_key(e), c->what, want);
			break;
		}
		case T_SKIP:
			break;
		}
	}
	return NULL;
}

static const char *row_lookup(const char *name, void *data)
{
	struct row *r = data;
	for (size_t i = r->np; i-- > 0;)
		if (!strcmp(r->pname[i], name))
			return r->pvalue[i];
	if (!strcmp(name, "年月"))
		return r->ym;
	if (!strcmp(name, "年月日"))
		return r->ymd;
	return NULL;
}

/* The column of param name (for messages). */
const char *sss_import_param_column(const struct sss_import *im, const char *name)
{
	for (size_t i = 0; i < im->ncols; i++)
		if (im->cols[i].t == T_PARAM && !strcmp(im->cols[i].what, name))
			return im->cols[i].name;
	return name;
}

struct missing {
	struct row *r;
	char *first; /* the first placeholder without a value */
};

static void missing_collect(const char *name, void *data)
{
	struct missing *m = data;
	if (!m->first && !row_lookup(name, m->r))
		m->first = xstrdup(name);
}

/* Fail naming the first placeholder of the title that r has no value for. */
struct sss_error *sss_import_check_missing(const struct sss_import *im,
				       const struct sss_sow_entry *e, struct row *r)
{
	struct missing m = { r, NULL };
	struct sss_error *err = sss_template_names(sss_sow_title(e), missing_collect, &m);
	if (!err && m.first)
		err = sss_import_cell_error(im->file, r->line, sss_import_param_column(im, m.first),
					    "empty, but the title '%s' needs {%s}",
					    sss_sow_title(e), m.first);
	free(m.first);
	return err;
}

/* The fixed instance whose params all match the row's (as `new` finds it). */
static const char *find_instance(const struct sss_sow_entry *e, struct row *r)
{
	for (size_t i = 0; i < sss_sow_instance_count(e); i++) {
		bool ok = sss_sow_instance_param_count(e, i) > 0;
		for (size_t j = 0; ok && j < sss_sow_instance_param_count(e, i); j++) {
			const char *v = row_lookup(sss_sow_instance_param_name(e, i, j), r);
			ok = v && !strcmp(v, sss_sow_instance_param_value(e, i, j));
		}
		if (ok)
			return sss_sow_instance_key(e, i);
	}
	return NULL;
}

/* The fields compose does not set: status (closed now when finished),
 * estimate, documents. */
static struct sss_error *finish_ticket(const struct sss_import *im,
				       struct sss_ticket *t, const struct row *r)
{
	struct strbuf now = STRBUF_INIT;
	struct sss_error *err = NULL;
	const char *status = r->field[1], *estimate = r->field[6];

	if (status && strcmp(status, "open")) {
		err = sss_ticket_set(t, "status", status);
		if (!err && sss_status_is_done(status)) {
			sss_time_format(&now, im->now);
			err = sss_ticket_set(t, "closed", now.buf);
		}
	}
	if (!err && estimate)
		err = sss_ticket_set(t, "estimate", estimate);
	for (size_t i = 0; !err && i < r->ndoc; i++)
		sss_ticket_list_add(t, "documents", r->doc[i]);
	strbuf_release(&now);
	return err;
}

/* Make the ticket of row r through compose. */
struct sss_error *sss_import_compose_row(struct sss_import *im, struct sss_repo *repo,
				     const struct sss_sow_entry *e, struct row *r,
				     struct sss_ticket **out)
{
	struct sss_compose c = SSS_COMPOSE_INIT;
	struct sss_error *err;

	*out = NULL;
	if (!r->field[0] && (err = sss_import_check_missing(im, e, r)))
		return err;
	c.entry = e;
	c.title = r->field[0];
	c.lookup = row_lookup;
	c.data = r;
	c.priority = r->field[2];
	c.assignee = r->field[3];
	c.requester = r->field[4];
	c.due = r->field[5];
	c.created = im->now;
	c.param_name = r->pname;
	c.param_value = r->pvalue;
	c.nparams = r->np;
	c.tags = (const char *const *)r->tag;
	c.ntags = r->ntag;
	c.documents = true;
	c.description = r->description;
	c.instance = find_instance(e, r);
	err = sss_compose(&c, repo, out);
	if (!err)
		err = finish_ticket(im, *out, r);
	if (err) {
		sss_ticket_free(*out);
		*out = NULL;
		return sss_error_prefix(err, "'%s' line %zu", im->file, r->line);
	}
	return NULL;
}

void sss_import_add(struct sss_import *im, struct sss_ticket *t, size_t line,
		    bool mint)
{
	SSS_GROW(im->t, im->alloc, im->n + 1);
	SSS_GROW(im->line, im->line_alloc, im->n + 1);
	SSS_GROW(im->mint, im->mint_alloc, im->n + 1);
	im->line[im->n] = line;
	im->mint[im->n] = mint;
	im->t[im->n++] = t;
}

void sss_import_columns_free(struct sss_import *im)
{
	for (size_t i = 0; i < im->ncols; i++) {
		free(im->cols[i].name);
		free(im->cols[i].own);
	}
	free(im->cols);
	im->cols = NULL;
	im->ncols = 0;
}

static void report_progress(const struct sss_import_options *o,
			    const struct sss_csv *csv, size_t rows)
{
	if (o->progress && rows % 128 == 0)
		o->progress(sss_csv_offset(csv), sss_csv_size(csv), o->progress_data);
}

static struct sss_error *csv_rows(struct sss_import *im,
				  const struct sss_import_options *o,
				  struct sss_repo *repo, struct sss_csv *csv,
				  struct row *r)
{
	struct sss_csv_record rec;
	struct sss_import_one *one = sss_import_one_new(im);
	struct sss_error *err = NULL;
	bool end, blank;

	while (!(err = sss_csv_next(csv, &rec, &end)) && !end) {
		if ((err = read_row(im, o->entry, &rec, r, &blank)))
			break;
		if (blank)
			continue;
		im->rows++;
		report_progress(o, csv, im->rows);
		if (o->one_ticket) {
			if ((err = sss_import_one_row(one, o->entry, r)))
				break;
			continue;
		}
		struct sss_ticket *t = NULL;
		if ((err = sss_import_compose_row(im, repo, o->entry, r, &t)))
			break;
		sss_import_add(im, t, r->line, true);
	}
	if (!err && o->one_ticket)
		err = sss_import_one_finish(one, repo, o->entry, r);
	sss_import_one_free(one);
	return err;
}

struct sss_error *sss_import_csv(struct sss_import *im,
				    const struct sss_import_options *o,
				    struct sss_repo *repo, const char *buf, size_t len)
{
	struct sss_csv *csv = NULL;
	struct sss_csv_record rec;
	struct row r;
	struct sss_error *err;
	struct tm tm;
	bool end;

	memset(&r, 0, sizeof(r));
	if (!o->entry)
		return sss_error(SSS_ERR_USAGE, "a CSV import needs the SOW item its tickets are of (--sow KEY)");
	if ((err = sss_csv_open(&csv, buf, len, o->file, NULL)))
		goto done;
	if ((err = sss_csv_next(csv, &rec, &end)))
		goto done;
	if (end) {
		err = sss_error(SSS_ERR_INVALID, "'%s' is empty: no header row", im->file);
		goto done;
	}
	if ((err = map_header(im, o, &rec)) || (err = check_placeholders(im, o->entry)))
		goto done;
	r.pname = xcalloc(im->ncols, sizeof(*r.pname));
	r.pvalue = xcalloc(im->ncols, sizeof(*r.pvalue));
	localtime_r(&o->now, &tm);
	snprintf(r.ym, sizeof(r.ym), "%d年%d月", tm.tm_year + 1900, tm.tm_mon + 1);
	snprintf(r.ymd, sizeof(r.ymd), "%d年%d月%d日", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	if ((err = csv_rows(im, o, repo, csv, &r)))
		goto done;
	if (!im->rows)
		err = sss_error(SSS_ERR_INVALID, "'%s' has a header but no rows", im->file);
done:
	row_release(&r);
	sss_csv_free(csv);
	return err;
}
