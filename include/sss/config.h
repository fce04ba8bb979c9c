/* config.h - .sss/config.yml: the contract settings of a data repository.
 * Every key is optional; sss_config_init() gives the defaults. */
#ifndef SSS_CONFIG_H
#define SSS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/worktime.h"

struct sss_error;
struct strbuf;

#define SSS_CONFIG_PATH ".sss/config.yml"
#define SSS_CONFIG_MAX_FILE (1u << 20)
/* Where the tz database's zone files are (as cmd/main.c reads them). */
#define SSS_ZONEINFO_DIR "/usr/share/zoneinfo"

/* Per-catalog-key schedule overrides (schedule: in the config). */
struct sss_schedule {
	char *key;
	int weekday;    /* weekly: 0=Sun..6=Sat, -1 unset */
	int months[12]; /* half-yearly: the month in each half; yearly: [0] */
	size_t nmonths;
	int day;        /* due day of month (0: last day of the month) */
	/* due: the deadline in the month after the work month instead (the
	 * 月次報告書's 翌月開始後10日以内): day due_n of it, on the next
	 * business day when that is a day off, or its due_n-th business day */
	enum { SSS_DUE_IN_MONTH, SSS_DUE_NEXT_MONTH_DAY,
	       SSS_DUE_NEXT_MONTH_BUSINESS_DAY } due_rule;
	int due_n;
};

/* A service-level duration in business time: office days ("2d", each
 * as long as the office day) plus minutes ("4h", "30m", "1h30m"). */
struct sss_sla_duration {
	int days, min; /* both 0: no target */
};

/* The targets of one kind and priority (sla: in the config); priority
 * "default" serves every priority of the kind without its own. */
struct sss_sla_target {
	char *kind, *priority;
	struct sss_sla_duration response, resolve;
};

struct sss_config {
	char *client;          /* short name in document names: KPBE */
	char *client_name;     /* 京都府 */
	char *provider;        /* システム支援サービス */
	char *timezone;        /* Asia/Tokyo */
	int fy_start;          /* first month of the fiscal year: 4 */
	sss_date contract_start;
	char *era;             /* western | japanese | both */
	char *bot_name, *bot_email;
	bool year_end_closure;
	sss_date *closures;
	char **closure_names;
	size_t nclosures;
	int lead_days;         /* create a period's ticket this many days early */
	bool shift_previous;   /* due on a day off: previous (else next) business day */
	int soon_days;         /* due lists tickets due within N business days */
	int max_per_run;       /* due creates at most this many tickets a run */
	int lock_timeout_ms;
	bool fsync;            /* fsync ticket files and objects */
	int weekday;           /* default meeting weekday */
	struct sss_schedule *schedules;
	size_t nschedules;
	/* report.approvals: the seal boxes of a report (作成, 確認, 承認), at
	 * most SSS_CONFIG_MAX_APPROVALS; none when the list is empty */
	char **approvals;
	size_t napprovals;
	struct sss_office_hours office_hours; /* default 08:30-17:15, mon-fri */
	struct sss_sla_target *sla;           /* none by default */
	size_t nsla;
};

#define SSS_CONFIG_MAX_APPROVALS 6
#define SSS_CONFIG_MAX_APPROVAL_WIDTH 12 /* display columns of one label */

/* Fill c with the defaults; contract_start is the start of the fiscal
 * year containing today. */
void sss_config_init(struct sss_config *c, sss_date today);
/* Free what c holds. */
void sss_config_release(struct sss_config *c);
/* Parse config text over the defaults already in c. Errors name file and
 * line. */
struct sss_error *sss_config_parse(struct sss_config *c, const char *buf,
				   size_t len, const char *file);
/* Read and parse fs_path (named rel in messages). */
struct sss_error *sss_config_load(struct sss_config *c, const char *fs_path,
				  const char *rel);
/* Whether zone can be the timezone setting: a tz database zone with a
 * TZif file in SSS_ZONEINFO_DIR, a zone sssctl knows without tzdata
 * (Asia/Tokyo, UTC) or a POSIX TZ rule (JST-9); never a path. The
 * config refuses any other name ("unknown time zone"), where the C
 * library would silently use UTC. */
bool sss_config_zone_known(const char *zone);
/* Append the text of a new repository's config. */
void sss_config_default_text(struct strbuf *out, sss_date contract_start);
/* The schedule override of key, or NULL. */
const struct sss_schedule *sss_config_schedule(const struct sss_config *c,
					       const char *key);
/* The service-level targets of a ticket of kind and priority (its own
 * priority's, else the kind's "default"), or NULL when it has none.
 * Owned by c. */
const struct sss_sla_target *sss_config_sla_target(const struct sss_config *c,
						   const char *kind,
						   const char *priority);
/* A duration in business minutes under c's office hours; 0 for none. */
int sss_config_sla_minutes(const struct sss_config *c,
			   const struct sss_sla_duration *d);
/* A business calendar for c (caller frees). */
struct sss_calendar *sss_config_calendar(const struct sss_config *c);

#endif
