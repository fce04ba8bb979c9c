/* worklog.h - the entries of a ticket's ## 作業記録, read and written in
 * one place: what comment, set, close and reopen append, and what the
 * service levels (sla.h), the effort figures and the reports read back.
 *
 * An entry is one line, plus continuation lines indented two spaces:
 *
 *     - 2026-11-26 10:15 佐藤: 原因を調査
 *     - 2026-11-26 10:15 佐藤 [作業時間 1h30m]: 原因を調査
 *     - 2026-11-26 10:20 佐藤: 状態 未着手 → 対応中
 *     - 2026-11-26 10:25 merge: priority high → normal (髙橋, 2026-11-26 10:10)
 *
 * "- DATE TIME AUTHOR" then optionally " [作業時間 DURATION]" then ": " and
 * the text. The time is the ticket's local time (the config's time zone,
 * minutes). A status change made by set, close or reopen is an entry of
 * its own whose text is exactly "状態 <label> → <label>" with the Japanese
 * labels of sss_status_label() (未着手 → 対応中): the history the service
 * levels need (time in 保留 does not count) and the status a report
 * shows as at its cut-off. A change of the estimate made by set is
 * likewise "見積 なし → 4h" / "見積 4h → 6h" ("なし": none), so a report
 * plans with the estimate as at its cut-off. A DURATION is written as "1h30m", "45m",
 * "2h" (hours and minutes, no zero parts) and read in those forms and
 * as "90m", "1.5h", "1h30", with full-width digits accepted.
 */
#ifndef SSS_WORKLOG_H
#define SSS_WORKLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "sss/duration.h"

struct strbuf;
struct sss_error;
struct sss_ticket;

struct sss_worklog_entry {
	const char *line;     /* the entry's first line (in the ticket's text) */
	size_t len;           /* the whole entry, continuation lines included */
	time_t when;          /* its minute, in the time zone given */
	const char *author;   /* copied out: NUL-terminated, owned by the iterator */
	int spent_min;        /* [作業時間 ...], else -1 */
	const char *text;     /* the text after ": " (first line), owned likewise */
	/* a status change entry: the two statuses (sss_statuses values), else NULL */
	const char *status_from, *status_to;
	/* an estimate change entry: true, with the minutes before and
	 * after (0: none) */
	bool estimate_change;
	int estimate_from, estimate_to;
};

/* Walk the entries of t's ## 作業記録 in file order. tz_offset_min is the
 * offset of the times (minutes east of UTC) when the ticket's own
 * `created` does not give one. Lines that do not start an entry and are
 * not continuations are skipped. */
struct sss_worklog_iter;
struct sss_worklog_iter *sss_worklog_open(const struct sss_ticket *t,
					  int tz_offset_min);
/* The next entry, or NULL at the end; valid until the next call. */
const struct sss_worklog_entry *sss_worklog_next(struct sss_worklog_iter *it);
void sss_worklog_close(struct sss_worklog_iter *it);

/* Append an entry line to out (no newline): "- DATE TIME AUTHOR[ [作業時間
 * D]]: text", with text's further lines indented as continuations.
 * spent_min < 0: none. when is shown at tz_offset_min. */
void sss_worklog_format(struct strbuf *out, time_t when, int tz_offset_min,
			const char *author, int spent_min, const char *text);
/* The text of a status change entry: "状態 未着手 → 対応中". */
void sss_worklog_status_text(struct strbuf *out, const char *from,
			     const char *to);

/* The text of an estimate change entry from from_min to to_min (0:
 * none): "見積 なし → 4h", "見積 4h → 1h30m". */
void sss_worklog_estimate_text(struct strbuf *out, int from_min, int to_min);
/* The estimate of t in minutes: 0 when unset or unreadable. */
int sss_worklog_estimate_min(const struct sss_ticket *t);
/* t's JSON as sss_ticket_to_json() writes it, plus "spent_min" (the
 * [作業時間] of its entries summed, 0 when none) and "estimate_min" (the
 * estimate in minutes, null when unset), appended to out: what
 * `list --format json` prints and the scan cache keeps. */
void sss_worklog_ticket_json(const struct sss_ticket *t, struct strbuf *out,
			     bool with_body);

/* The digest of t: what the reports and the export read of a ticket
 * beyond the scan's view (scan.h), small enough for the scan cache to
 * keep: every work-log entry's moment, author, [作業時間] minutes, status
 * change and estimate change (not its text), and the front matter's
 * estimate and requester. A versioned text (its format is worklog.c's),
 * appended to out; empty when the ticket has none of these. */
void sss_worklog_digest(const struct sss_ticket *t, struct strbuf *out);
/* Walk the entries of a digest (NULL or "" is none) with
 * sss_worklog_next() and sss_worklog_close(): the same entries, in the
 * same order and with the same values as sss_worklog_open() on the
 * ticket at the same tz_offset_min, except that line is NULL, len 0 and
 * text "". */
struct sss_worklog_iter *sss_worklog_digest_open(const char *digest,
						 int tz_offset_min);

/* Durations (sss_duration_parse, sss_duration_format) are duration.h's. */

#endif
