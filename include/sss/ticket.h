/* ticket.h - the ticket model: a Markdown file with YAML front matter.
 *
 *     ---
 *     id: 2611-0K3QZP
 *     title: インシデント (ApexOne：定義ファイル更新失敗)
 *     ...
 *     ---
 *
 *     ## 内容
 *     ...
 *
 * Known keys are written in a fixed order (SSS_TICKET_FIELDS), unknown
 * keys are kept and written after them in their original order. The body
 * has fixed Japanese section headings (## 内容, ## チェックリスト, ## 作業記録,
 * ## 議事録, ## 対応結果) that commands and reports agree on.
 */
#ifndef SSS_TICKET_H
#define SSS_TICKET_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;
struct sss_node;
struct sss_json;

/* Limits (README.md, section "Limits", lists them with the others). */
#define SSS_TICKET_MAX_FILE (4u << 20)       /* whole file */
#define SSS_TICKET_MAX_FRONTMATTER (256u << 10)

/* The scalar fields, in the order they are written. `params`, `links`,
 * `tags` and `documents` come between `recurrence` and the unknown keys,
 * in that order. */
#define SSS_TICKET_SCALARS                                                   \
	"id", "title", "sow", "kind", "status", "priority", "assignee",     \
		"requester", "message_id", "created", "updated", "due",      \
		"estimate", "closed", "recurrence"

/* Section headings of the body (without "## "). */
#define SSS_SEC_DESCRIPTION "内容"
#define SSS_SEC_CHECKLIST "チェックリスト"
#define SSS_SEC_WORKLOG "作業記録"
#define SSS_SEC_MINUTES "議事録"
#define SSS_SEC_RESOLUTION "対応結果"

struct sss_ticket;

/* Fixed value sets; the labels are the Japanese names used in reports. */
extern const char *const sss_statuses[];   /* NULL-terminated */
extern const char *const sss_kinds[];
extern const char *const sss_priorities[];
/* 未着手, 対応中, 保留, 解決済, 完了, 取消; NULL for an unknown status. */
const char *sss_status_label(const char *status);
/* IT支援, 運用, 要求実現（問合せ）, インシデント, 問題管理, 定例作業, 会議,
 * 報告; NULL for an unknown kind. */
const char *sss_kind_label(const char *kind);
/* 低, 中, 高, 緊急 (low, normal, high, urgent); NULL for an unknown one. */
const char *sss_priority_label(const char *priority);
/* True for statuses that count as finished work (resolved, closed,
 * cancelled). */
bool sss_status_is_done(const char *status);

/* Ownership: a ticket owns every string and node its accessors return;
 * each stays valid until that part of the ticket is changed (a set, an
 * add, a clear, a new body or section) or the ticket is freed. Setters
 * copy what they are given. */

/* An empty ticket (no fields, params, links or lists; body ""), owned by
 * the caller: free it with sss_ticket_free(), which takes NULL too. */
struct sss_ticket *sss_ticket_new(void);
void sss_ticket_free(struct sss_ticket *t);

/* Parse a ticket file's bytes. Accepts a UTF-8 BOM and CRLF; refuses
 * invalid UTF-8, NUL bytes, a missing or unterminated front matter, YAML
 * it cannot take (see yaml.h), unknown statuses/kinds/priorities, bad
 * dates and wrongly typed fields. path is used in messages
 * ("'<path>' line N: ...") and kept as the ticket's path. *out is the
 * new ticket, owned by the caller, or NULL on an error. */
struct sss_error *sss_ticket_parse(struct sss_ticket **out, const char *buf,
				   size_t len, const char *path);
/* Read and parse the file at fs_path (at most SSS_TICKET_MAX_FILE bytes),
 * naming it rel_path in messages. */
struct sss_error *sss_ticket_load(struct sss_ticket **out, const char *fs_path,
				  const char *rel_path);
/* Append the file form of t (front matter + body, LF line ends). */
void sss_ticket_format(const struct sss_ticket *t, struct strbuf *out);

/* The path given to parse/load, or NULL. */
const char *sss_ticket_path(const struct sss_ticket *t);

/* Scalar fields by name (see SSS_TICKET_SCALARS): the value, or NULL when
 * unset. */
const char *sss_ticket_get(const struct sss_ticket *t, const char *field);
/* Set a scalar field after validating it for its type (status, kind and
 * priority from the fixed sets; created/updated/closed ISO 8601 date-times
 * with offset; due a date; estimate a duration (worklog.h), kept in its
 * written form "1h30m"; id an ID; recurrence KEY[/INSTANCE]@PERIOD;
 * message_id, the Message-ID of the mail the ticket came from (mail.h),
 * without its angle brackets: printable, no blanks, no '<' or '>', at
 * most 250 bytes).
 * value NULL or "" unsets optional fields. Unknown field names are an
 * error. */
struct sss_error *sss_ticket_set(struct sss_ticket *t, const char *field,
				 const char *value);
/* True when field names a scalar field. */
bool sss_ticket_is_field(const char *field);

/* params: a map of placeholder name to value, in insertion order; the
 * i-th name and value (NULL past the end) or a value by name. */
size_t sss_ticket_param_count(const struct sss_ticket *t);
const char *sss_ticket_param_name(const struct sss_ticket *t, size_t i);
const char *sss_ticket_param_value(const struct sss_ticket *t, size_t i);
const char *sss_ticket_param_get(const struct sss_ticket *t, const char *name);
/* Set (or with value NULL remove) a param. */
void sss_ticket_param_set(struct sss_ticket *t, const char *name,
			  const char *value);

/* links: {rel, id} with rel one of problem, incident, related, duplicate;
 * the i-th rel and id (NULL past the end). Adding checks rel and id (an
 * error leaves t unchanged). */
size_t sss_ticket_link_count(const struct sss_ticket *t);
const char *sss_ticket_link_rel(const struct sss_ticket *t, size_t i);
const char *sss_ticket_link_id(const struct sss_ticket *t, size_t i);
struct sss_error *sss_ticket_link_add(struct sss_ticket *t, const char *rel,
				      const char *id);

/* tags and documents: lists of strings. list is "tags" or "documents"
 * (another name reads as an empty list and is not changed); items in
 * order (NULL past the end), appended or all removed. */
size_t sss_ticket_list_count(const struct sss_ticket *t, const char *list);
const char *sss_ticket_list_get(const struct sss_ticket *t, const char *list,
				size_t i);
void sss_ticket_list_add(struct sss_ticket *t, const char *list,
			 const char *value);
void sss_ticket_list_clear(struct sss_ticket *t, const char *list);

/* Unknown front matter keys (a MAP node, possibly empty; owned by t). */
const struct sss_node *sss_ticket_extra(const struct sss_ticket *t);

/* The links as text, one "<rel> <id>\n" line each in order, appended to
 * out (what the scan cache keeps). */
void sss_ticket_links_format(const struct sss_ticket *t, struct strbuf *out);
/* Step through such text: the next link's rel and id (each copied into
 * its strbuf); false at the end. */
bool sss_links_next(const char **text, struct strbuf *rel, struct strbuf *id);

/* The Markdown body after the closing "---" line (never NULL), and a
 * new one (NULL for ""). */
const char *sss_ticket_body(const struct sss_ticket *t);
void sss_ticket_set_body(struct sss_ticket *t, const char *body);

/* The text of section "## <name>" (without its heading, trailing blank
 * lines trimmed) appended to out; returns false when there is none. */
bool sss_ticket_section(const struct sss_ticket *t, const char *name,
			struct strbuf *out);
/* Append a line to section name, creating the section at the end of the
 * body when missing (the line goes after the section's last non-blank
 * line). */
void sss_ticket_section_append(struct sss_ticket *t, const char *name,
			       const char *line);
/* Replace the content of section name (created when missing). */
void sss_ticket_section_replace(struct sss_ticket *t, const char *name,
				const char *text);
/* Append text (a person's, e.g. a mail's body) made safe to stand in a
 * section: a line that would start a section ("# ", "## "), open or
 * close a code fence (which would hide the headings after it) or look
 * like a git conflict marker gets a backslash in front, which Markdown
 * shows as nothing; every other line is kept as it is. */
void sss_ticket_quote_text(struct strbuf *out, const char *text);
/* Count checklist items ("- [ ]" / "- [x]") in ## チェックリスト. */
void sss_ticket_checklist_count(const struct sss_ticket *t, int *open,
				int *done);
/* Checklist item i (0-based, in the order of the file, as count counts
 * them): *done, and its text (after "- [ ] ", blanks trimmed) appended to
 * text (NULL: not wanted). False when there is no item i. */
bool sss_ticket_checklist_item(const struct sss_ticket *t, size_t i, bool *done,
			       struct strbuf *text);
/* Mark checklist item i done ("[x]") or open ("[ ]"), changing only that
 * character; false (t unchanged) when there is no item i. */
bool sss_ticket_checklist_mark(struct sss_ticket *t, size_t i, bool done);

/* The first git conflict marker line in a ticket file's bytes, front
 * matter or body: a line that starts with "<<<<<<<" or ">>>>>>>" followed
 * by a space or the line end, or is "=======" (git's own rule). Returns
 * its line (1-based) and the marker's first character in *marker, or 0
 * when there is none. */
int sss_ticket_conflict_line(const char *buf, size_t len, char *marker);

/* Write t as the next value of j: a compact JSON object holding every
 * front matter key (unknown keys too, but for "spent_min" and
 * "estimate_min", which sss_worklog_ticket_json() adds), plus "path" and,
 * when with_body, "body". */
void sss_ticket_write_json(struct sss_json *j, const struct sss_ticket *t,
			   bool with_body);
/* The same members written into the object j has open, for a caller
 * that adds its own. */
void sss_ticket_write_json_members(struct sss_json *j,
				   const struct sss_ticket *t, bool with_body);
/* The same appended to out, as a JSON text of its own (what the scan
 * cache keeps and list prints). */
void sss_ticket_to_json(const struct sss_ticket *t, struct strbuf *out,
			bool with_body);

#endif
