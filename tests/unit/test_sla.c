/* test_sla.c - the service levels of one ticket: a table of tickets
 * whose due moments, business minutes used and states are counted by
 * hand and kept here, and the sla: settings of the config.
 *
 * Office hours 08:30-17:15 mon-fri (525 minutes a day). Targets:
 * incident urgent 1h/4h, incident high 1h/1d (525), request 4h/2d
 * (1050); problem, planning and incident low/normal have none. The
 * calendar: 2026-11-26 is a Thursday, 11-23 勤労感謝の日 a Monday,
 * 12-04 (Fri) a configured closure (庁舎点検), 12-29 to 1-3 年末年始,
 * 2027-01-04 a Monday. Expected figures are "STATE USED DUE". */
#include "unit.h"

#include <time.h>

#include "sss/calendar.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/sla.h"
#include "sss/ticket.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char config_text[] =
	"calendar:\n"
	"  year_end_closure: true\n"
	"  closures: [{date: 2026-12-04, name: 庁舎点検}]\n"
	"office_hours: {start: \"08:30\", end: \"17:15\", days: [mon, tue, wed, thu, fri]}\n"
	"sla:\n"
	"  incident:\n"
	"    urgent: {response: 1h, resolve: 4h}\n"
	"    high: {response: 60m, resolve: 1d}\n"
	"  request:\n"
	"    default: {response: 4h, resolve: 2d}\n";

static struct sss_config config;
static struct sss_calendar *cal;

/* the work-log line of a status change */
#define ST(when, from, to) "- " when " 髙橋: 状態 " from " → " to "\n"

struct sla_case {
	const char *name, *kind, *priority, *status;
	const char *created, *updated, *closed; /* "YYYY-MM-DD HH:MM"; updated NULL: created */
	const char *worklog;
	const char *now;
	const char *response, *resolve; /* both NULL: no figures */
};

static const struct sla_case cases[] = {
	/* ok -> at-risk -> breached, the response clock */
	{ "response ok", "incident", "urgent", "open", "2026-11-26 09:00", NULL, NULL, "",
	  "2026-11-26 09:30", "ok 30 2026-11-26 10:00", "ok 30 2026-11-26 13:00" },
	{ "response at-risk at 75%", "incident", "urgent", "open", "2026-11-26 09:00", NULL, NULL, "",
	  "2026-11-26 09:45", "at-risk 45 2026-11-26 10:00", "ok 45 2026-11-26 13:00" },
	{ "response on the due minute is not yet breached", "incident", "urgent", "open",
	  "2026-11-26 09:00", NULL, NULL, "", "2026-11-26 10:00",
	  "at-risk 60 2026-11-26 10:00", "ok 60 2026-11-26 13:00" },
	{ "response breached", "incident", "urgent", "open", "2026-11-26 09:00", NULL, NULL, "",
	  "2026-11-26 10:01", "breached 61 2026-11-26 10:00", "ok 61 2026-11-26 13:00" },
	/* the resolve clock */
	{ "resolve at-risk", "incident", "urgent", "in-progress", "2026-11-26 09:00", NULL, NULL,
	  ST("2026-11-26 09:20", "未着手", "対応中"), "2026-11-26 12:00",
	  "met 20 2026-11-26 10:00", "at-risk 180 2026-11-26 13:00" },
	{ "resolve breached", "incident", "urgent", "in-progress", "2026-11-26 09:00", NULL, NULL,
	  ST("2026-11-26 09:20", "未着手", "対応中"), "2026-11-26 13:30",
	  "met 20 2026-11-26 10:00", "breached 270 2026-11-26 13:00" },
	{ "resolve met", "incident", "urgent", "resolved", "2026-11-26 09:00", NULL, NULL,
	  ST("2026-11-26 09:20", "未着手", "対応中") ST("2026-11-26 12:30", "対応中", "解決済"),
	  "2026-11-26 15:00", "met 20 2026-11-26 10:00", "met 210 2026-11-26 13:00" },
	{ "resolve missed", "incident", "urgent", "closed", "2026-11-26 09:00", NULL, NULL,
	  ST("2026-11-26 09:20", "未着手", "対応中") ST("2026-11-26 14:00", "対応中", "完了"),
	  "2026-11-27 10:00", "met 20 2026-11-26 10:00", "missed 300 2026-11-26 13:00" },
	/* nights */
	{ "made before closing", "incident", "urgent", "open", "2026-11-26 16:45", NULL, NULL, "",
	  "2026-11-26 23:00", "ok 30 2026-11-27 09:00", "ok 30 2026-11-27 12:00" },
	{ "made at night: the clock starts at the opening", "incident", "urgent", "open",
	  "2026-11-26 20:00", NULL, NULL, "", "2026-11-27 08:00",
	  "ok 0 2026-11-27 09:30", "ok 0 2026-11-27 12:30" },
	{ "made at night, at-risk next morning", "incident", "urgent", "open", "2026-11-26 20:00",
	  NULL, NULL, "", "2026-11-27 09:20", "at-risk 50 2026-11-27 09:30",
	  "ok 50 2026-11-27 12:30" },
	{ "made and answered at night", "incident", "urgent", "in-progress", "2026-11-26 20:00",
	  NULL, NULL, ST("2026-11-26 21:00", "未着手", "対応中"), "2026-11-27 09:00",
	  "met 0 2026-11-27 09:30", "ok 30 2026-11-27 12:30" },
	/* weekends */
	{ "over a weekend, breached on Monday", "incident", "urgent", "open", "2026-11-27 16:30",
	  NULL, NULL, "", "2026-11-30 08:50", "breached 65 2026-11-30 08:45",
	  "ok 65 2026-11-30 11:45" },
	{ "made on a Saturday", "incident", "urgent", "open", "2026-11-28 10:00", NULL, NULL, "",
	  "2026-11-29 12:00", "ok 0 2026-11-30 09:30", "ok 0 2026-11-30 12:30" },
	/* national holidays */
	{ "over 勤労感謝の日", "incident", "high", "open", "2026-11-20 17:00", NULL, NULL, "",
	  "2026-11-24 09:00", "at-risk 45 2026-11-24 09:15", "ok 45 2026-11-24 17:00" },
	{ "made on 勤労感謝の日", "incident", "high", "open", "2026-11-23 10:00", NULL, NULL, "",
	  "2026-11-23 15:00", "ok 0 2026-11-24 09:30", "ok 0 2026-11-24 17:15" },
	/* 年末年始 */
	{ "over 年末年始", "incident", "high", "in-progress", "2026-12-28 16:00", NULL, NULL,
	  ST("2026-12-28 16:30", "未着手", "対応中"), "2027-01-04 09:00",
	  "met 30 2026-12-28 17:00", "ok 105 2027-01-04 16:00" },
	{ "made in 年末年始", "incident", "high", "open", "2026-12-29 10:00", NULL, NULL, "",
	  "2027-01-03 12:00", "ok 0 2027-01-04 09:30", "ok 0 2027-01-04 17:15" },
	{ "at-risk after 年末年始", "incident", "urgent", "in-progress", "2026-12-28 15:00", NULL,
	  NULL, ST("2026-12-28 15:10", "未着手", "対応中"), "2027-01-04 10:00",
	  "met 10 2026-12-28 16:00", "at-risk 225 2027-01-04 10:15" },
	{ "breached after 年末年始", "incident", "urgent", "in-progress", "2026-12-28 15:00", NULL,
	  NULL, ST("2026-12-28 15:10", "未着手", "対応中"), "2027-01-04 10:30",
	  "met 10 2026-12-28 16:00", "breached 255 2027-01-04 10:15" },
	/* a configured closure */
	{ "over the closure", "request", "normal", "open", "2026-12-03 16:00", NULL, NULL, "",
	  "2026-12-07 09:00", "ok 105 2026-12-07 11:15", "ok 105 2026-12-08 16:00" },
	{ "at-risk after the closure", "request", "normal", "open", "2026-12-03 16:00", NULL, NULL,
	  "", "2026-12-07 10:30", "at-risk 195 2026-12-07 11:15", "ok 195 2026-12-08 16:00" },
	{ "breached after the closure", "request", "low", "open", "2026-12-03 16:00", NULL, NULL,
	  "", "2026-12-07 11:16", "breached 241 2026-12-07 11:15", "ok 241 2026-12-08 16:00" },
	/* waiting (保留) pauses */
	{ "paused while waiting", "request", "normal", "waiting", "2026-12-01 09:00", NULL, NULL,
	  ST("2026-12-01 09:30", "未着手", "対応中") ST("2026-12-01 10:00", "対応中", "保留"),
	  "2026-12-01 15:00", "met 30 2026-12-01 13:00", "paused 60 2026-12-03 14:00" },
	{ "resumed after waiting: due moved on", "request", "normal", "in-progress",
	  "2026-12-01 09:00", NULL, NULL,
	  ST("2026-12-01 09:30", "未着手", "対応中") ST("2026-12-01 10:00", "対応中", "保留")
	  ST("2026-12-02 10:00", "保留", "対応中"),
	  "2026-12-02 12:00", "met 30 2026-12-01 13:00", "ok 180 2026-12-07 09:00" },
	{ "a pause spanning 勤労感謝の日", "incident", "high", "in-progress", "2026-11-20 09:00",
	  NULL, NULL,
	  ST("2026-11-20 09:10", "未着手", "対応中") ST("2026-11-20 11:00", "対応中", "保留")
	  ST("2026-11-24 10:00", "保留", "対応中"),
	  "2026-11-24 12:00", "met 10 2026-11-20 10:00", "ok 240 2026-11-24 16:45" },
	{ "breached, then waiting: stays breached", "incident", "urgent", "waiting",
	  "2026-11-26 09:00", NULL, NULL,
	  ST("2026-11-26 09:10", "未着手", "対応中") ST("2026-11-26 14:00", "対応中", "保留"),
	  "2026-11-27 10:00", "met 10 2026-11-26 10:00", "breached 300 2026-11-26 13:00" },
	{ "at 75% but waiting: paused", "request", "normal", "waiting", "2026-12-01 09:00", NULL,
	  NULL, ST("2026-12-01 09:10", "未着手", "対応中") ST("2026-12-02 17:00", "対応中", "保留"),
	  "2026-12-03 10:00", "met 10 2026-12-01 13:00", "paused 1005 2026-12-03 10:45" },
	{ "waited, resumed, resolved in time", "incident", "urgent", "resolved",
	  "2026-11-26 09:00", NULL, NULL,
	  ST("2026-11-26 09:10", "未着手", "対応中") ST("2026-11-26 10:00", "対応中", "保留")
	  ST("2026-11-27 09:00", "保留", "対応中") ST("2026-11-27 10:00", "対応中", "解決済"),
	  "2026-11-27 12:00", "met 10 2026-11-26 10:00", "met 120 2026-11-27 12:00" },
	/* a reopened ticket: the resolve clock runs again from the reopen */
	{ "reopened: at-risk", "incident", "urgent", "in-progress", "2026-11-26 09:00", NULL, NULL,
	  ST("2026-11-26 09:10", "未着手", "対応中") ST("2026-11-26 10:00", "対応中", "解決済")
	  ST("2026-11-27 09:00", "解決済", "対応中"),
	  "2026-11-27 11:00", "met 10 2026-11-26 10:00", "at-risk 180 2026-11-27 12:00" },
	{ "reopened, closed late: missed", "incident", "urgent", "closed", "2026-11-26 09:00",
	  NULL, NULL,
	  ST("2026-11-26 09:10", "未着手", "対応中") ST("2026-11-26 10:00", "対応中", "解決済")
	  ST("2026-11-27 09:00", "解決済", "対応中") ST("2026-11-27 13:00", "対応中", "完了"),
	  "2026-11-27 15:00", "met 10 2026-11-26 10:00", "missed 300 2026-11-27 12:00" },
	{ "reopened, closed in time: met", "incident", "urgent", "closed", "2026-11-26 09:00",
	  NULL, NULL,
	  ST("2026-11-26 09:10", "未着手", "対応中") ST("2026-11-26 10:00", "対応中", "解決済")
	  ST("2026-11-27 09:00", "解決済", "対応中") ST("2026-11-27 10:00", "対応中", "完了"),
	  "2026-11-27 15:00", "met 10 2026-11-26 10:00", "met 120 2026-11-27 12:00" },
	/* tickets from before the status entries */
	{ "old closed ticket: created to closed", "request", "normal", "closed",
	  "2026-12-01 09:00", "2026-12-01 15:05", "2026-12-01 15:00", "", "2026-12-02 10:00",
	  "missed 360 2026-12-01 13:00", "met 360 2026-12-03 09:00" },
	{ "old closed ticket answered by a comment", "request", "normal", "closed",
	  "2026-12-01 09:00", "2026-12-01 15:05", "2026-12-01 15:00",
	  "- 2026-12-01 09:45 佐藤: 一次回答を送付 (①)\n", "2026-12-02 10:00",
	  "met 45 2026-12-01 13:00", "met 360 2026-12-03 09:00" },
	{ "old open ticket", "request", "normal", "open", "2026-12-01 09:00", NULL, NULL, "",
	  "2026-12-01 12:00", "at-risk 180 2026-12-01 13:00", "ok 180 2026-12-03 09:00" },
	{ "old ticket in progress: answered when updated", "incident", "urgent", "in-progress",
	  "2026-11-26 09:00", "2026-11-26 09:40", NULL, "", "2026-11-26 11:00",
	  "met 40 2026-11-26 10:00", "ok 120 2026-11-26 13:00" },
	/* what answers */
	{ "answered by a comment", "incident", "urgent", "open", "2026-11-26 09:00", NULL, NULL,
	  "- 2026-11-26 09:40 佐藤: 一次連絡 (電話、𠮷田様)\n", "2026-11-26 10:30",
	  "met 40 2026-11-26 10:00", "ok 90 2026-11-26 13:00" },
	{ "a merge note is no answer", "incident", "urgent", "open", "2026-11-26 09:00", NULL, NULL,
	  "- 2026-11-26 09:05 merge: priority high → urgent (髙橋, 2026-11-26 09:04)\n",
	  "2026-11-26 10:30", "breached 90 2026-11-26 10:00", "ok 90 2026-11-26 13:00" },
	{ "answered late: missed", "incident", "urgent", "in-progress", "2026-11-26 09:00", NULL,
	  NULL, ST("2026-11-26 10:30", "未着手", "対応中"), "2026-11-26 11:00",
	  "missed 90 2026-11-26 10:00", "ok 120 2026-11-26 13:00" },
	{ "an effort entry answers", "incident", "urgent", "open", "2026-11-26 09:00", NULL, NULL,
	  "- 2026-11-26 09:50 佐藤 [作業時間 30m]: ログ調査\n", "2026-11-26 10:00",
	  "met 50 2026-11-26 10:00", "ok 60 2026-11-26 13:00" },
	{ "made in progress: answered when made", "incident", "urgent", "resolved",
	  "2026-11-26 09:00", NULL, NULL, ST("2026-11-26 12:00", "対応中", "解決済"),
	  "2026-11-26 15:00", "met 0 2026-11-26 10:00", "met 180 2026-11-26 13:00" },
	{ "resolved straight from open", "incident", "urgent", "resolved", "2026-11-26 09:00", NULL,
	  NULL, ST("2026-11-26 09:30", "未着手", "解決済"), "2026-11-26 10:00",
	  "met 30 2026-11-26 10:00", "met 30 2026-11-26 13:00" },
	/* no figures */
	{ "planning has no target", "planning", "normal", "open", "2026-11-26 09:00", NULL, NULL,
	  "", "2026-11-26 10:00", NULL, NULL },
	{ "problem has no target here", "problem", "high", "open", "2026-11-26 09:00", NULL, NULL,
	  "", "2026-11-26 10:00", NULL, NULL },
	{ "incident low has no target here", "incident", "low", "open", "2026-11-26 09:00", NULL,
	  NULL, "", "2026-11-26 10:00", NULL, NULL },
	{ "cancelled", "incident", "urgent", "cancelled", "2026-11-26 09:00", NULL, NULL, "",
	  "2026-11-26 12:00", NULL, NULL },
};

/* "2026-11-26 09:00" as the ticket's form, JST */
static void iso(struct strbuf *sb, const char *s)
{
	strbuf_addf(sb, "%.10sT%s:00+09:00", s, s + 11);
}

static time_t T(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	long long v = 0;
	iso(&sb, s);
	if (sss_datetime_parse(sb.buf, &v) < 0) {
		print_error("bad test time '%s'\n", s);
		fail();
	}
	strbuf_release(&sb);
	return (time_t)v;
}

static struct sss_ticket *make(const struct sla_case *c)
{
	struct strbuf sb = STRBUF_INIT;
	struct sss_ticket *t = NULL;
	strbuf_addf(&sb, "---\nid: 2611-K7QD4A\ntitle: インシデント (ＡｐｅｘＯｎｅ：髙橋PC)\n"
		    "kind: %s\nstatus: %s\npriority: %s\ncreated: ",
		    c->kind, c->status, c->priority);
	iso(&sb, c->created);
	strbuf_addstr(&sb, "\nupdated: ");
	iso(&sb, c->updated ? c->updated : c->created);
	if (c->closed) {
		strbuf_addstr(&sb, "\nclosed: ");
		iso(&sb, c->closed);
	}
	strbuf_addf(&sb, "\n---\n\n## 内容\n\n障害の連絡\n\n## 作業記録\n\n%s", c->worklog);
	assert_ok(sss_ticket_parse(&t, sb.buf, sb.len, "t.md"));
	strbuf_release(&sb);
	return t;
}

static bool clock_matches(const char *name, const char *what,
			  const struct sss_sla_clock *k, const char *want)
{
	struct strbuf got = STRBUF_INIT, due = STRBUF_INIT;
	bool ok;
	if (k->set) {
		sss_time_format(&due, k->due);
		/* "2026-11-26T10:00:00+09:00" as "2026-11-26 10:00" */
		strbuf_addf(&got, "%s %d %.10s %.5s", sss_sla_state_name(k->state),
			    k->used_min, due.buf, due.buf + 11);
	}
	ok = want ? k->set && !strcmp(got.buf, want) : !k->set;
	if (!ok)
		print_error("%s: %s: got '%s', want '%s'\n", name, what,
			    k->set ? got.buf : "(none)", want ? want : "(none)");
	strbuf_release(&got);
	strbuf_release(&due);
	return ok;
}

static void test_table(void **state)
{
	(void)state;
	size_t failed = 0;
	assert_true(ARRAY_SIZE(cases) >= 40);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct sla_case *c = &cases[i];
		struct sss_ticket *t = make(c);
		struct sss_sla sla;
		bool has = sss_sla_compute(&config, cal, t, T(c->now), &sla);
		bool ok = has == (c->response || c->resolve);
		if (!ok)
			print_error("%s: figures %s\n", c->name, has ? "given" : "missing");
		ok = clock_matches(c->name, "response", &sla.response, c->response) && ok;
		ok = clock_matches(c->name, "resolve", &sla.resolve, c->resolve) && ok;
		failed += !ok;
		sss_ticket_free(t);
	}
	if (failed) {
		print_error("%zu of %zu cases failed\n", failed, ARRAY_SIZE(cases));
		fail();
	}
}

/* The states cover every transition of one ticket as time passes. */
static void test_one_ticket_over_time(void **state)
{
	(void)state;
	static const struct {
		const char *now;
		enum sss_sla_state state;
	} steps[] = {
		{ "2026-11-26 09:00", SSS_SLA_OK },       { "2026-11-26 11:59", SSS_SLA_OK },
		{ "2026-11-26 12:00", SSS_SLA_AT_RISK },  { "2026-11-26 13:00", SSS_SLA_AT_RISK },
		{ "2026-11-26 13:01", SSS_SLA_BREACHED }, { "2026-11-27 09:00", SSS_SLA_BREACHED },
	};
	struct sla_case c = cases[0];
	struct sss_ticket *t = make(&c);
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		struct sss_sla sla;
		assert_true(sss_sla_compute(&config, cal, t, T(steps[i].now), &sla));
		if (sla.resolve.state != steps[i].state) {
			print_error("at %s: %s\n", steps[i].now,
				    sss_sla_state_name(sla.resolve.state));
			fail();
		}
	}
	sss_ticket_free(t);
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < SSS_SLA_NSTATES; i++)
		assert_int_equal(sss_sla_state_parse(sss_sla_state_name(i)), i);
	assert_int_equal(sss_sla_state_parse("late"), -1);
	assert_string_equal(sss_sla_state_label(SSS_SLA_BREACHED), "超過");
	assert_string_equal(sss_sla_state_label(SSS_SLA_MET), "達成");
}

static struct sss_error *parse(struct sss_config *c, const char *text)
{
	sss_config_init(c, sss_date_from_ymd(2026, 11, 26));
	return sss_config_parse(c, text, strlen(text), ".sss/config.yml");
}

static void test_config(void **state)
{
	(void)state;
	struct sss_config c;
	assert_ok(parse(&c, ""));
	assert_int_equal(c.office_hours.start_min, 510);
	assert_int_equal(c.office_hours.end_min, 1035);
	assert_int_equal(c.office_hours.days, 0x3e);
	assert_null(sss_config_sla_target(&c, "incident", "high"));
	sss_config_release(&c);

	assert_ok(parse(&c, "office_hours: {start: \"9:00\", end: \"17:00\", days: [月, 火, sat]}\n"
			    "sla:\n  request: {default: {resolve: 1d2h}, urgent: {response: 30m}}\n"));
	assert_int_equal(c.office_hours.start_min, 540);
	assert_int_equal(c.office_hours.days, (1u << 1) | (1u << 2) | (1u << 6));
	const struct sss_sla_target *t = sss_config_sla_target(&c, "request", "high");
	assert_non_null(t);
	assert_string_equal(t->priority, "default");
	assert_int_equal(sss_config_sla_minutes(&c, &t->resolve), 480 + 120);
	assert_int_equal(sss_config_sla_minutes(&c, &t->response), 0);
	t = sss_config_sla_target(&c, "request", "urgent");
	assert_int_equal(sss_config_sla_minutes(&c, &t->response), 30);
	assert_null(sss_config_sla_target(&c, "incident", "urgent"));
	sss_config_release(&c);

	/* the default text init writes is valid and has the SOW's targets */
	struct strbuf sb = STRBUF_INIT;
	sss_config_default_text(&sb, sss_date_from_ymd(2026, 4, 1));
	assert_ok(parse(&c, sb.buf));
	t = sss_config_sla_target(&c, "incident", "high");
	assert_int_equal(sss_config_sla_minutes(&c, &t->response), 60);
	assert_int_equal(sss_config_sla_minutes(&c, &t->resolve), 525);
	t = sss_config_sla_target(&c, "request", "normal");
	assert_int_equal(sss_config_sla_minutes(&c, &t->resolve), 1050);
	assert_null(sss_config_sla_target(&c, "meeting", "normal"));
	sss_config_release(&c);
	strbuf_release(&sb);
}

static void test_config_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *needle;
	} bad[] = {
		{ "office_hours: {start: \"17:15\", end: \"08:30\"}\n",
		  "line 1: office_hours end must come after start" },
		{ "office_hours: {start: \"8:3\"}\n", "'start' must be a time HH:MM" },
		{ "office_hours: {start: \"25:00\"}\n", "'start' must be a time HH:MM" },
		{ "office_hours: {days: []}\n", "'days' must be a list of weekdays" },
		{ "office_hours: {lunch: \"12:00\"}\n", "unknown office_hours setting 'lunch'" },
		{ "office_hours: 9-17\n", "'office_hours' must be a map" },
		{ "sla:\n  incident:\n    high: {response: 4x}\n",
		  "line 3: 'response' must be a business-time duration" },
		{ "sla:\n  incident:\n    high: {response: 30m4h}\n", "not '30m4h'" },
		{ "sla:\n  incident:\n    high: {response: 0h}\n", "not '0h'" },
		{ "sla:\n  incident:\n    high: {response: h}\n", "not 'h'" },
		{ "sla:\n  incident:\n    high: {answer: 1h}\n", "line 3: unknown sla setting 'answer'" },
		{ "sla:\n  incident:\n    最高: {response: 1h}\n", "unknown priority '最高'" },
		{ "sla:\n  障害:\n    high: {response: 1h}\n", "line 3: unknown kind '障害' in sla" },
		{ "sla:\n  incident: 1h\n", "sla of 'incident' must be a map" },
		{ "sla: [incident]\n", "'sla' must be a map of kinds" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct sss_config c;
		struct sss_error *err = parse(&c, bad[i].text);
		if (!err || !strstr(err->msg, bad[i].needle) ||
		    !strstr(err->msg, "'.sss/config.yml' line ") || strchr(err->msg, '\n')) {
			print_error("%s: got '%s', want '%s'\n", bad[i].text,
				    err ? err->msg : "(no error)", bad[i].needle);
			fail();
		}
		sss_error_free(err);
		sss_config_release(&c);
	}
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "JST-9", 1);
	tzset();
	sss_config_init(&config, sss_date_from_ymd(2026, 11, 26));
	assert_ok(sss_config_parse(&config, config_text, strlen(config_text), "t.yml"));
	cal = sss_config_calendar(&config);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sss_calendar_free(cal);
	sss_config_release(&config);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_one_ticket_over_time),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_config_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
