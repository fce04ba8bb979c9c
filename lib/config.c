/* config.c - .sss/config.yml (see config.h and the README). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/calendar.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/i18n.h"
#include "sss/fileio.h"
#include "sss/node.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/utf8.h"
#include "sss/yaml.h"

#include "config_priv.h"

void sss_config_init(struct sss_config *c, sss_date today)
{
	memset(c, 0, sizeof(*c));
	c->client = xstrdup("KPBE");
	c->client_name = xstrdup("京都府");
	c->provider = xstrdup("システム支援サービス");
	c->timezone = xstrdup("Asia/Tokyo");
	c->fy_start = 4;
	int y, m, d;
	sss_date_to_ymd(today, &y, &m, &d);
	c->contract_start = sss_date_from_ymd(m >= 4 ? y : y - 1, 4, 1);
	c->era = xstrdup("western");
	c->bot_name = xstrdup("sssctl due");
	c->bot_email = xstrdup("sss-bot@example.invalid");
	c->year_end_closure = true;
	c->lead_days = 0;
	c->shift_previous = true;
	c->soon_days = 5;
	c->max_per_run = 500;
	c->lock_timeout_ms = 10000;
	c->fsync = false;
	c->weekday = 4; /* Thursday */
	c->office_hours = (struct sss_office_hours)SSS_OFFICE_HOURS_INIT;
	static const char *const approvals[] = { "作成", "確認", "承認" };
	c->napprovals = 3;
	c->approvals = xcalloc(c->napprovals, sizeof(*c->approvals));
	for (size_t i = 0; i < c->napprovals; i++)
		c->approvals[i] = xstrdup(approvals[i]);
}

void sss_config_release(struct sss_config *c)
{
	free(c->client);
	free(c->client_name);
	free(c->provider);
	free(c->timezone);
	free(c->era);
	free(c->bot_name);
	free(c->bot_email);
	for (size_t i = 0; i < c->nclosures; i++)
		free(c->closure_names[i]);
	free(c->closures);
	free(c->closure_names);
	for (size_t i = 0; i < c->nschedules; i++)
		free(c->schedules[i].key);
	free(c->schedules);
	sss_config_service_release(c);
	memset(c, 0, sizeof(*c));
}

struct sss_error *sss_config_bad(const char *file, const struct sss_node *n,
			     const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, _(fmt), ap); /* the msgid: i18n.h */
	va_end(ap);
	struct sss_error *err = sss_error(SSS_ERR_INVALID, "'%s' line %d: %s",
					  file, n ? n->line : 1, sb.buf);
	strbuf_release(&sb);
	return err;
}

static struct sss_error *get_str(const char *file, const struct sss_node *n,
				 const char *key, char **dst)
{
	if (n->kind != SSS_NODE_SCALAR || !*n->str)
		return sss_config_bad(file, n, "'%s' must be a non-empty string", key);
	free(*dst);
	*dst = xstrdup(n->str);
	return NULL;
}

static struct sss_error *get_int(const char *file, const struct sss_node *n,
				 const char *key, int lo, int hi, int *dst)
{
	char *end;
	if (n->kind != SSS_NODE_SCALAR || !*n->str)
		return sss_config_bad(file, n, "'%s' must be a number", key);
	long v = strtol(n->str, &end, 10);
	if (*end || v < lo || v > hi) {
		struct sss_error *err = sss_error(SSS_ERR_INVALID,
			"'%s' must be a number from %d to %d, not '%s'", key, lo, hi, n->str);
		return sss_error_prefix(err, "'%s' line %d", file, n->line);
	}
	*dst = (int)v;
	return NULL;
}

static struct sss_error *get_bool(const char *file, const struct sss_node *n,
				  const char *key, bool *dst)
{
	static const char *yes[] = { "true", "yes", "on", NULL };
	static const char *no[] = { "false", "no", "off", NULL };
	if (n->kind == SSS_NODE_SCALAR) {
		for (int i = 0; yes[i]; i++)
			if (!strcasecmp(n->str, yes[i]))
				return *dst = true, NULL;
		for (int i = 0; no[i]; i++)
			if (!strcasecmp(n->str, no[i]))
				return *dst = false, NULL;
	}
	return sss_config_bad(file, n, "'%s' must be true or false", key);
}

static struct sss_error *get_date(const char *file, const struct sss_node *n,
				  const char *key, sss_date *dst)
{
	if (n->kind != SSS_NODE_SCALAR || sss_date_parse(n->str, dst) < 0)
		return sss_config_bad(file, n, "'%s' must be a date YYYY-MM-DD", key);
	if (!sss_date_in_range(*dst))
		return sss_config_bad(file, n,
			   "'%s' must be a date from %s, not '%s'",
			   key, SSS_DATE_RANGE, n->str);
	return NULL;
}

/* A zone name (Asia/Tokyo, UTC) or a POSIX rule (JST-9): the name ends
 * up in TZ, where a path would make the C library read a file outside
 * the zoneinfo directory. */
static bool timezone_ok(const char *s)
{
	if (s[0] == '/' || s[0] == ':' || strstr(s, ".."))
		return false;
	for (; *s; s++)
		if (!(*s >= 'A' && *s <= 'Z') && !(*s >= 'a' && *s <= 'z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("/_+-.,<>", *s))
			return false;
	return true;
}

/* A TZif file (the format of the tz database) at
 * SSS_ZONEINFO_DIR/zone: the file main's TZ would make the C library
 * read. A directory (Asia) or any other file is not a zone. */
static bool zone_file(const char *zone)
{
	struct strbuf path = STRBUF_INIT;
	char magic[4];
	struct stat st;
	bool ok = false;
	int fd;

	strbuf_addf(&path, "%s/%s", SSS_ZONEINFO_DIR, zone);
	fd = open(path.buf, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic))
		ok = !memcmp(magic, "TZif", 4);
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	return ok;
}

/* A POSIX zone name at *p: 3 or more letters, or <...> of letters,
 * digits, '+' and '-'. */
static bool posix_name(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '<') {
		for (s++; *s && *s != '>'; s++, n++)
			if (!strchr("+-0123456789", *s) &&
			    !(*s >= 'A' && *s <= 'Z') && !(*s >= 'a' && *s <= 'z'))
				return false;
		if (*s++ != '>')
			return false;
	} else {
		for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++)
			n++;
	}
	*p = s;
	return n >= 3;
}

/* [+|-]hh[:mm[:ss]] at *p, hours up to max_h. */
static bool posix_time(const char **p, int max_h, bool sign)
{
	const char *s = *p;
	int v = 0, n = 0;

	if (sign && (*s == '+' || *s == '-'))
		s++;
	for (; *s >= '0' && *s <= '9' && n < 3; s++, n++)
		v = v * 10 + (*s - '0');
	if (!n || v > max_h)
		return false;
	for (int part = 0; part < 2 && *s == ':'; part++) {
		if (!sss_parse_digits(s + 1, 2, &v) || v > 59)
			return false;
		s += 3;
	}
	*p = s;
	return true;
}

/* One transition of a POSIX rule: Jn, n or Mm.w.d, then [/time]. */
static bool posix_date(const char **p)
{
	const char *s = *p;
	long v;
	char *end;

	if (*s == 'M') {
		int m, w, d;
		if (sscanf(s, "M%d.%d.%d", &m, &w, &d) != 3 || m < 1 || m > 12 ||
		    w < 1 || w > 5 || d < 0 || d > 6)
			return false;
		s += strspn(s, "M0123456789.");
	} else {
		if (*s == 'J')
			s++;
		if (*s < '0' || *s > '9')
			return false;
		v = strtol(s, &end, 10);
		if (v > 365)
			return false;
		s = end;
	}
	if (*s == '/' && (s++, !posix_time(&s, 167, true)))
		return false;
	*p = s;
	return true;
}

/* A POSIX TZ rule such as JST-9 or CET-1CEST,M3.5.0,M10.5.0/3 (see
 * tzset(3)): std offset [dst [offset] [,start[/time],end[/time]]]. */
static bool posix_rule(const char *s)
{
	if (!posix_name(&s) || !posix_time(&s, 24, true))
		return false;
	if (!*s)
		return true;
	if (!posix_name(&s))
		return false;
	if (*s && *s != ',' && !posix_time(&s, 24, true))
		return false;
	if (!*s)
		return true;
	if (*s++ != ',' || !posix_date(&s) || *s++ != ',' || !posix_date(&s))
		return false;
	return !*s;
}

bool sss_config_zone_known(const char *zone)
{
	/* the zones main sets without tzdata (Asia/Tokyo as JST-9; UTC is
	 * the C library's own) */
	if (!strcmp(zone, "Asia/Tokyo") || !strcmp(zone, "UTC"))
		return true;
	if (!timezone_ok(zone))
		return false;
	return zone_file(zone) || posix_rule(zone);
}

static int parse_weekday(const char *s)
{
	static const char *en[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	static const char *ja[] = { "日", "月", "火", "水", "木", "金", "土" };
	for (int i = 0; i < 7; i++)
		if (!strncasecmp(s, en[i], 3) || sss_starts_with(s, ja[i]))
			return i;
	return -1;
}

struct sss_error *sss_config_get_weekday(const char *file, const struct sss_node *n,
				     int *dst)
{
	if (n->kind != SSS_NODE_SCALAR || (*dst = parse_weekday(n->str)) < 0)
		return sss_config_bad(file, n, "'%s' must be a weekday (mon..sun or 月..日)",
			   "weekday");
	return NULL;
}

static struct sss_error *get_months(const char *file, const struct sss_node *n,
				    struct sss_schedule *s)
{
	if (n->kind == SSS_NODE_SCALAR) {
		s->nmonths = 1;
		return get_int(file, n, "month", 1, 12, &s->months[0]);
	}
	if (n->kind != SSS_NODE_SEQ || n->len < 1 || n->len > 12)
		return sss_config_bad(file, n, "'%s' must be a month or a list of months",
			   "months");
	s->nmonths = n->len;
	for (size_t i = 0; i < n->len; i++) {
		struct sss_error *err =
			get_int(file, n->items[i], "months", 1, 12, &s->months[i]);
		if (err)
			return err;
	}
	return NULL;
}

static struct sss_error *parse_closures(struct sss_config *c, const char *file,
					const struct sss_node *n)
{
	size_t alloc = 0, nalloc = 0;
	if (sss_node_is_null(n))
		return NULL;
	if (n->kind != SSS_NODE_SEQ)
		return sss_config_bad(file, n, "'%s' must be a list of dates", "closures");
	for (size_t i = 0; i < n->len; i++) {
		const struct sss_node *it = n->items[i], *dn = it;
		const char *name = NULL;
		sss_date d;
		if (it->kind == SSS_NODE_MAP) {
			dn = sss_node_get(it, "date");
			name = sss_node_str(sss_node_get(it, "name"));
			if (!dn)
				return sss_config_bad(file, it, "closure needs a '%s'", "date");
		}
		struct sss_error *err = get_date(file, dn, "closures", &d);
		if (err)
			return err;
		SSS_GROW(c->closures, alloc, c->nclosures + 1);
		SSS_GROW(c->closure_names, nalloc, c->nclosures + 1);
		c->closures[c->nclosures] = d;
		c->closure_names[c->nclosures++] = name ? xstrdup(name) : NULL;
	}
	return NULL;
}

/* schedule KEY due: next-month-day-N (N 1-31) or
 * next-month-business-day-N (N 1-20). */
static struct sss_error *get_due_rule(const char *file, const struct sss_node *n,
				      struct sss_schedule *s)
{
	static const struct {
		const char *prefix;
		int rule, max;
	} forms[] = {
		{ "next-month-day-", SSS_DUE_NEXT_MONTH_DAY, 31 },
		{ "next-month-business-day-", SSS_DUE_NEXT_MONTH_BUSINESS_DAY, 20 },
	};
	const char *v = n->kind == SSS_NODE_SCALAR ? n->str : "";
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (!sss_starts_with(v, forms[i].prefix))
			continue;
		const char *d = v + strlen(forms[i].prefix);
		char *end;
		long x = *d >= '1' && *d <= '9' ? strtol(d, &end, 10) : 0;
		if (x < 1 || x > forms[i].max || *end)
			break;
		s->due_rule = forms[i].rule;
		s->due_n = (int)x;
		return NULL;
	}
	return sss_config_bad(file, n, "'%s' must be next-month-day-N (N from 1 to 31) or "
		   "next-month-business-day-N (N from 1 to 20), not '%s'", "due", v);
}

static struct sss_error *parse_schedule(struct sss_config *c, const char *file,
					const struct sss_node *n)
{
	size_t alloc = 0;
	if (sss_node_is_null(n))
		return NULL;
	if (n->kind != SSS_NODE_MAP)
		return sss_config_bad(file, n, "'%s' must be a map of catalog keys", "schedule");
	for (size_t i = 0; i < n->len; i++) {
		const struct sss_node *v = n->items[i];
		struct sss_schedule s = { NULL, -1, { 0 }, 0, 0 };
		struct sss_error *err = NULL;
		if (v->kind != SSS_NODE_MAP)
			return sss_config_bad(file, v, "schedule of '%s' must be a map", n->keys[i]);
		for (size_t j = 0; j < v->len && !err; j++) {
			const char *k = v->keys[j];
			const struct sss_node *x = v->items[j];
			if (!strcmp(k, "weekday"))
				err = sss_config_get_weekday(file, x, &s.weekday);
			else if (!strcmp(k, "months") || !strcmp(k, "month") ||
				 !strcmp(k, "half_year_months"))
				err = get_months(file, x, &s);
			else if (!strcmp(k, "day"))
				err = get_int(file, x, "day", 0, 31, &s.day);
			else if (!strcmp(k, "due"))
				err = get_due_rule(file, x, &s);
			else
				err = sss_config_bad(file, x,
					  "unknown schedule setting '%s' (use weekday, months, month, day or due)",
					  k);
		}
		if (!err && s.day && s.due_rule != SSS_DUE_IN_MONTH)
			err = sss_config_bad(file, v, "schedule of '%s' has both 'day' and 'due': give one",
				  n->keys[i]);
		if (err)
			return err;
		SSS_GROW(c->schedules, alloc, c->nschedules + 1);
		s.key = xstrdup(n->keys[i]);
		c->schedules[c->nschedules++] = s;
	}
	return NULL;
}

static struct sss_error *parse_map(struct sss_config *c, const char *file,
				   const struct sss_node *root)
{
	struct sss_error *err = NULL;
	for (size_t i = 0; i < root->len && !err; i++) {
		const char *k = root->keys[i];
		const struct sss_node *v = root->items[i];
		if (!strcmp(k, "client"))
			err = get_str(file, v, k, &c->client);
		else if (!strcmp(k, "client_name"))
			err = get_str(file, v, k, &c->client_name);
		else if (!strcmp(k, "provider"))
			err = get_str(file, v, k, &c->provider);
		else if (!strcmp(k, "timezone")) {
			if (!(err = get_str(file, v, k, &c->timezone)) &&
			    !timezone_ok(c->timezone))
				err = sss_config_bad(file, v,
					  "'%s' must be a zone name such as "
					  "Asia/Tokyo, not a path",
					  k);
			else if (!err && !sss_config_zone_known(c->timezone))
				err = sss_config_bad(file, v, "unknown time zone '%s'",
					  c->timezone);
		}
		else if (!strcmp(k, "fiscal_year_start"))
			err = get_int(file, v, k, 1, 12, &c->fy_start);
		else if (!strcmp(k, "contract_start"))
			err = get_date(file, v, k, &c->contract_start);
		else if (!strcmp(k, "era")) {
			if (!(err = get_str(file, v, k, &c->era)) &&
			    strcmp(c->era, "western") && strcmp(c->era, "japanese") &&
			    strcmp(c->era, "both"))
				err = sss_config_bad(file, v, "'%s' must be western, japanese or both", k);
		} else if (!strcmp(k, "bot")) {
			char *s = NULL;
			if (!(err = get_str(file, v, k, &s))) {
				char *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
				if (!lt || !gt || lt == s || gt[1]) {
					err = sss_config_bad(file, v, "'%s' must be 'Name <email>'", k);
				} else {
					char *e = lt;
					while (e > s && e[-1] == ' ')
						e--;
					free(c->bot_name);
					free(c->bot_email);
					c->bot_name = xstrndup(s, (size_t)(e - s));
					c->bot_email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
				}
			}
			free(s);
		} else if (!strcmp(k, "calendar") && v->kind == SSS_NODE_MAP) {
			for (size_t j = 0; j < v->len && !err; j++) {
				if (!strcmp(v->keys[j], "year_end_closure"))
					err = get_bool(file, v->items[j], v->keys[j],
						       &c->year_end_closure);
				else if (!strcmp(v->keys[j], "closures"))
					err = parse_closures(c, file, v->items[j]);
				else
					err = sss_config_bad(file, v->items[j],
						  "unknown calendar setting '%s'", v->keys[j]);
			}
		} else if (!strcmp(k, "due") && v->kind == SSS_NODE_MAP) {
			for (size_t j = 0; j < v->len && !err; j++) {
				const char *dk = v->keys[j];
				const struct sss_node *dv = v->items[j];
				if (!strcmp(dk, "lead_days"))
					err = get_int(file, dv, dk, 0, 366, &c->lead_days);
				else if (!strcmp(dk, "soon_days"))
					err = get_int(file, dv, dk, 0, 366, &c->soon_days);
				else if (!strcmp(dk, "max_per_run"))
					err = get_int(file, dv, dk, 1, 1000000,
						      &c->max_per_run);
				else if (!strcmp(dk, "weekday"))
					err = sss_config_get_weekday(file, dv, &c->weekday);
				else if (!strcmp(dk, "shift")) {
					const char *s = sss_node_str(dv);
					if (s && !strcmp(s, "previous"))
						c->shift_previous = true;
					else if (s && !strcmp(s, "next"))
						c->shift_previous = false;
					else
						err = sss_config_bad(file, dv, "'%s' must be previous or next", dk);
				} else {
					err = sss_config_bad(file, dv, "unknown due setting '%s'", dk);
				}
			}
		} else if (!strcmp(k, "schedule"))
			err = parse_schedule(c, file, v);
		else if (!strcmp(k, "report"))
			err = sss_config_parse_report(c, file, v);
		else if (!strcmp(k, "office_hours"))
			err = sss_config_parse_office_hours(c, file, v);
		else if (!strcmp(k, "sla"))
			err = sss_config_parse_sla(c, file, v);
		else if (!strcmp(k, "lock_timeout_ms"))
			err = get_int(file, v, k, 0, 3600000, &c->lock_timeout_ms);
		else if (!strcmp(k, "fsync"))
			err = get_bool(file, v, k, &c->fsync);
		else if (!strcmp(k, "calendar") || !strcmp(k, "due"))
			err = sss_config_bad(file, v, "'%s' must be a map", k);
		else
			err = sss_config_bad(file, v, "unknown setting '%s'", k);
	}
	return err;
}

struct sss_error *sss_config_parse(struct sss_config *c, const char *buf,
				   size_t len, const char *file)
{
	struct sss_node *root = NULL;
	struct sss_error *err = NULL;
	char *copy = sss_text_copy(buf, &len);
	int line, col;

	if (!sss_utf8_check(copy, len, &line, &col)) {
		err = sss_error(SSS_ERR_PARSE,
				"'%s' line %d: invalid UTF-8 (save the file as UTF-8)",
				file, line);
		goto done;
	}
	if ((err = sss_yaml_parse(&root, copy, len, file, 1)))
		goto done;
	if (!root)
		goto done;
	if (root->kind != SSS_NODE_MAP) {
		err = sss_config_bad(file, root, "%s must be a map of settings", "the config");
		goto done;
	}
	err = parse_map(c, file, root);
done:
	sss_node_free(root);
	free(copy);
	return sss_error_one_line(err);
}

struct sss_error *sss_config_load(struct sss_config *c, const char *fs_path,
				  const char *rel)
{
	char *buf = NULL;
	size_t len = 0;
	struct sss_error *err =
		sss_read_file_rel(fs_path, rel, SSS_CONFIG_MAX_FILE, &buf, &len);
	if (!err)
		err = sss_config_parse(c, buf, len, rel);
	free(buf);
	return err;
}

void sss_config_default_text(struct strbuf *out, sss_date contract_start)
{
	char d[11];
	sss_date_format(contract_start, d);
	strbuf_addf(out,
		"# sssctl data repository settings (see sssctl(1) and the README).\n"
		"client: KPBE                  # short name used in report file names\n"
		"client_name: 京都府\n"
		"provider: システム支援サービス\n"
		"timezone: Asia/Tokyo\n"
		"fiscal_year_start: 4          # 年度 starts in April\n"
		"contract_start: %s    # due never generates periods before this\n"
		"era: western                  # dates in reports: western | japanese | both\n"
		"bot: \"sssctl due <sss-bot@example.invalid>\"   # author of generated tickets\n"
		"calendar:\n"
		"  year_end_closure: true      # 12/29-1/3 are not business days\n"
		"  closures: []                # extra days off: [2026-08-14, {date: 2026-08-13, name: 夏季休業}]\n"
		"due:\n"
		"  lead_days: 0                # create a period's ticket this many days early\n"
		"  shift: previous             # a due date on a day off moves to the previous business day\n"
		"  soon_days: 5                # 'due' lists tickets due within this many business days\n"
		"  max_per_run: 500            # 'due' creates at most this many tickets a run\n"
		"  weekday: thu                # default weekly meeting day\n"
		"schedule:                     # per catalog key (see 'sssctl sow')\n"
		"  weekly-meeting: { weekday: thu }\n"
		"  routine-check: { half_year_months: [5, 11] }\n"
		"  windows-server-update: { months: [5, 11] }\n"
		"  # monthly-report: { due: next-month-day-10 }  # 翌月10日, or the next open\n"
		"  #   day after it; next-month-business-day-N: the Nth business day\n"
		"  #   of the next month (default: the work month's last business day)\n"
		"  personnel-change: { month: 3 }       # before the April 1 transfers\n"
		"  sla-sow-review: { month: 3 }         # at the yearly contract renewal\n"
		"  # other yearly work falls in the first month of the fiscal year\n",
		d);
	sss_config_service_default_text(out);
}

const struct sss_schedule *sss_config_schedule(const struct sss_config *c,
					       const char *key)
{
	for (size_t i = 0; i < c->nschedules; i++)
		if (!strcmp(c->schedules[i].key, key))
			return &c->schedules[i];
	return NULL;
}

struct sss_calendar *sss_config_calendar(const struct sss_config *c)
{
	struct sss_calendar *cal = sss_calendar_new();
	sss_calendar_set_year_end_closure(cal, c->year_end_closure);
	for (size_t i = 0; i < c->nclosures; i++)
		sss_calendar_add_closure(cal, c->closures[i], c->closure_names[i]);
	return cal;
}
