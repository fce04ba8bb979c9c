/* config_service.c - the service settings of .sss/config.yml (config.h):
 * office_hours, the service-level targets (sla:) and the report's
 * approval boxes (report:), and the text `init` writes for them. The
 * rest of the file is config.c's. */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/utf8.h"

#include "config_priv.h"

static void free_approvals(struct sss_config *c)
{
	for (size_t i = 0; i < c->napprovals; i++)
		free(c->approvals[i]);
	free(c->approvals);
	c->approvals = NULL;
	c->napprovals = 0;
}

static void sla_release(struct sss_config *c)
{
	for (size_t i = 0; i < c->nsla; i++) {
		free(c->sla[i].kind);
		free(c->sla[i].priority);
	}
	free(c->sla);
	c->sla = NULL;
	c->nsla = 0;
}

void sss_config_service_release(struct sss_config *c)
{
	free_approvals(c);
	sla_release(c);
}

/* report: {approvals: [作成, 確認, 承認]}: the labels of a report's seal
 * boxes, each a short one-line text, none twice. */
struct sss_error *sss_config_parse_report(struct sss_config *c, const char *file,
				      const struct sss_node *n)
{
	const struct sss_node *a;

	if (n->kind != SSS_NODE_MAP)
		return sss_config_bad(file, n, "'report' must be a map");
	for (size_t i = 0; i < n->len; i++)
		if (strcmp(n->keys[i], "approvals"))
			return sss_config_bad(file, n->items[i],
				   "unknown report setting '%s' (use approvals)", n->keys[i]);
	for (size_t i = 0; i < n->len; i++) {
		a = n->items[i];
		if (a->kind != SSS_NODE_SEQ)
			return sss_config_bad(file, a, "'approvals' must be a list such as [作成, 確認, 承認]");
		if (a->len > SSS_CONFIG_MAX_APPROVALS)
			return sss_config_bad(file, a, "'approvals' has %zu boxes, at most %d fit on a page",
				   a->len, SSS_CONFIG_MAX_APPROVALS);
		for (size_t j = 0; j < a->len; j++) {
			const struct sss_node *e = a->items[j];
			if (e->kind != SSS_NODE_SCALAR || !*e->str)
				return sss_config_bad(file, e, "each of 'approvals' must be a non-empty text");
			if (strpbrk(e->str, "\n\r\t") ||
			    sss_display_width(e->str) > SSS_CONFIG_MAX_APPROVAL_WIDTH)
				return sss_config_bad(file, e, "approval box '%s' must be one line of at most %d columns",
					   e->str, SSS_CONFIG_MAX_APPROVAL_WIDTH);
			for (size_t k = 0; k < j; k++)
				if (!strcmp(a->items[k]->str, e->str))
					return sss_config_bad(file, e, "approval box '%s' is listed twice", e->str);
		}
		free_approvals(c);
		c->napprovals = a->len;
		c->approvals = xcalloc(a->len + 1, sizeof(*c->approvals));
		for (size_t j = 0; j < a->len; j++)
			c->approvals[j] = xstrdup(a->items[j]->str);
	}
	return NULL;
}

/* "08:30" (or "8:30") into minutes after midnight; 24:00 is the end of
 * the day. */
static struct sss_error *get_clock(const char *file, const struct sss_node *n,
				   const char *key, int *dst)
{
	const char *s = n->kind == SSS_NODE_SCALAR ? n->str : "";
	int h = 0, m = 0, i = 0;
	while (s[i] >= '0' && s[i] <= '9' && i < 2)
		h = h * 10 + (s[i++] - '0');
	if (i == 0 || s[i] != ':' || !sss_parse_digits(s + i + 1, 2, &m) ||
	    s[i + 3] || m > 59 || h * 60 + m > 24 * 60)
		return sss_config_bad(file, n, "'%s' must be a time HH:MM, not '%s'", key, s);
	*dst = h * 60 + m;
	return NULL;
}

struct sss_error *sss_config_parse_office_hours(struct sss_config *c,
					    const char *file,
					    const struct sss_node *n)
{
	struct sss_office_hours oh = c->office_hours;
	struct sss_error *err = NULL;

	if (n->kind != SSS_NODE_MAP)
		return sss_config_bad(file, n, "'%s' must be a map {start, end, days}",
			   "office_hours");
	for (size_t i = 0; i < n->len && !err; i++) {
		const char *k = n->keys[i];
		const struct sss_node *v = n->items[i];
		if (!strcmp(k, "start"))
			err = get_clock(file, v, k, &oh.start_min);
		else if (!strcmp(k, "end"))
			err = get_clock(file, v, k, &oh.end_min);
		else if (!strcmp(k, "days")) {
			if (v->kind != SSS_NODE_SEQ || !v->len)
				err = sss_config_bad(file, v, "'%s' must be a list of weekdays "
					  "such as [mon, tue, wed, thu, fri]", k);
			oh.days = 0;
			for (size_t j = 0; !err && j < v->len; j++) {
				int wd;
				if (!(err = sss_config_get_weekday(file, v->items[j], &wd)))
					oh.days |= 1u << wd;
			}
		} else
			err = sss_config_bad(file, v, "unknown office_hours setting '%s' "
				  "(use start, end or days)", k);
	}
	if (!err && oh.end_min <= oh.start_min)
		err = sss_config_bad(file, n, "office_hours end must come after start");
	if (!err)
		c->office_hours = oh;
	return err;
}

/* "4h", "30m", "2d", "1h30m", "1d4h": units in that order, each once. */
static struct sss_error *get_duration(const char *file, const struct sss_node *n,
				      const char *key, struct sss_sla_duration *d)
{
	static const char units[] = "dhm";
	const char *s = n->kind == SSS_NODE_SCALAR ? n->str : "";
	const char *p = s;
	long long mins = 0;
	int days = 0, u = 0;

	while (*p) {
		long v = 0;
		int digits = 0;
		while (*p >= '0' && *p <= '9' && digits < 6)
			v = v * 10 + (*p++ - '0'), digits++;
		const char *at = digits ? strchr(units + u, *p) : NULL;
		if (!at || !*p)
			goto fail;
		u = (int)(at - units) + 1;
		if (*p == 'd')
			days = (int)v;
		else
			mins += *p == 'h' ? v * 60 : v;
		p++;
	}
	if (p == s || (days == 0 && mins == 0) || days > 366 || mins > 9999 * 60)
		goto fail;
	d->days = days;
	d->min = (int)mins;
	return NULL;
fail:
	return sss_config_bad(file, n, "'%s' must be a business-time duration such as "
		   "4h, 30m, 1h30m or 2d, not '%s'", key, s);
}

static struct sss_error *parse_sla_kind(struct sss_config *c, const char *file,
					const char *kind,
					const struct sss_node *n, size_t *alloc)
{
	if (n->kind != SSS_NODE_MAP)
		return sss_config_bad(file, n, "sla of '%s' must be a map of priorities "
			   "(urgent, high, normal, low, default)", kind);
	for (size_t i = 0; i < n->len; i++) {
		const char *prio = n->keys[i];
		const struct sss_node *v = n->items[i];
		struct sss_sla_target t = { NULL, NULL, { 0, 0 }, { 0, 0 } };
		struct sss_error *err = NULL;
		bool known = !strcmp(prio, "default");
		for (size_t j = 0; sss_priorities[j]; j++)
			known = known || !strcmp(prio, sss_priorities[j]);
		if (!known)
			return sss_config_bad(file, v, "unknown priority '%s' in sla of '%s' "
				   "(use urgent, high, normal, low or default)",
				   prio, kind);
		if (v->kind != SSS_NODE_MAP)
			return sss_config_bad(file, v, "sla of '%s' %s must be a map "
				   "{response, resolve}", kind, prio);
		for (size_t j = 0; j < v->len && !err; j++) {
			if (!strcmp(v->keys[j], "response"))
				err = get_duration(file, v->items[j], "response",
						   &t.response);
			else if (!strcmp(v->keys[j], "resolve"))
				err = get_duration(file, v->items[j], "resolve",
						   &t.resolve);
			else
				err = sss_config_bad(file, v->items[j], "unknown sla setting "
					  "'%s' (use response or resolve)", v->keys[j]);
		}
		if (err)
			return err;
		SSS_GROW(c->sla, *alloc, c->nsla + 1);
		t.kind = xstrdup(kind);
		t.priority = xstrdup(prio);
		c->sla[c->nsla++] = t;
	}
	return NULL;
}

/* sla: a map of kinds, each a map of priorities; replaces any targets
 * already in c. */
struct sss_error *sss_config_parse_sla(struct sss_config *c, const char *file,
				   const struct sss_node *n)
{
	size_t alloc = 0;
	sla_release(c);
	if (sss_node_is_null(n))
		return NULL;
	if (n->kind != SSS_NODE_MAP)
		return sss_config_bad(file, n, "'%s' must be a map of kinds", "sla");
	for (size_t i = 0; i < n->len; i++) {
		bool known = false;
		for (size_t j = 0; sss_kinds[j]; j++)
			known = known || !strcmp(n->keys[i], sss_kinds[j]);
		if (!known)
			return sss_config_bad(file, n->items[i], "unknown kind '%s' in sla",
				   n->keys[i]);
		struct sss_error *err =
			parse_sla_kind(c, file, n->keys[i], n->items[i], &alloc);
		if (err)
			return err;
	}
	return NULL;
}

const struct sss_sla_target *sss_config_sla_target(const struct sss_config *c,
						   const char *kind,
						   const char *priority)
{
	const struct sss_sla_target *def = NULL;
	if (!kind)
		return NULL;
	for (size_t i = 0; i < c->nsla; i++) {
		const struct sss_sla_target *t = &c->sla[i];
		if (strcmp(t->kind, kind))
			continue;
		if (priority && !strcmp(t->priority, priority))
			return t;
		if (!strcmp(t->priority, "default"))
			def = t;
	}
	return def;
}

int sss_config_sla_minutes(const struct sss_config *c,
			   const struct sss_sla_duration *d)
{
	return d->days * sss_office_day_min(&c->office_hours) + d->min;
}

/* The office hours and the service-level targets a new repository
 * starts with: the SOW's (障害 urgent/high: 1h notice), for the team to
 * edit. A kind left out has no service-level figures. */
void sss_config_service_default_text(struct strbuf *out)
{
	strbuf_addstr(out,
		"office_hours:                 # 開庁時間: service-level clocks run only then, on business days\n"
		"  start: \"08:30\"\n"
		"  end: \"17:15\"\n"
		"  days: [mon, tue, wed, thu, fri]\n"
		"sla:                          # サービスレベル目標 (業務時間; 1d = 1 開庁日, 2d = 2 開庁日)\n"
		"  incident:                   # 障害\n"
		"    urgent: { response: 1h, resolve: 4h }   # 緊急: 1時間以内に障害通知, 4時間以内に復旧\n"
		"    high:   { response: 1h, resolve: 1d }   # 高: 1時間以内に障害通知, 1開庁日以内に復旧\n"
		"    normal: { response: 4h, resolve: 3d }   # 中: 4時間以内に一次回答, 3開庁日以内に復旧\n"
		"    low:    { response: 1d, resolve: 5d }   # 低: 1開庁日以内に一次回答, 5開庁日以内に復旧\n"
		"  request:                    # 問合せ・依頼\n"
		"    urgent:  { response: 1h, resolve: 1d }  # 緊急: 1時間以内に回答, 1開庁日以内に完了\n"
		"    default: { response: 4h, resolve: 2d }  # 4時間以内に回答, 2開庁日以内に完了\n"
		"  problem:                    # 問題管理 (恒久対応)\n"
		"    default: { response: 1d, resolve: 20d } # 1開庁日以内に着手, 20開庁日以内に恒久対応\n"
		"  # planning, operations, routine, meeting, report: 期日 (due) で管理, 目標なし\n"
		"report:\n"
		"  approvals: [作成, 確認, 承認]  # 押印欄 on the report's first page; [] for none\n");
}

