/* labels.h - the Japanese names of the fixed value sets: statuses
 * (未着手, 対応中, ...), priorities (緊急, 高, 中, 低) and kinds (the words of
 * the SOW: インシデント, 要求実現（問合せ）, ...), in one table that the
 * reports, export and every command that reads a value share.
 *
 * A value is written to a ticket in its English form ("in-progress");
 * people may type either form, and a few everyday words besides (障害 for
 * incident, 問合せ for request, 解決済み for resolved).
 */
#ifndef SSS_LABELS_H
#define SSS_LABELS_H

/* The Japanese label of value for field ("status", "priority" or
 * "kind"): a static string, or NULL when field has no labels or value is
 * not in its set. */
const char *sss_label_of(const char *field, const char *value);

/* The value (the English form, a static string) that text names for
 * field: the value itself, its label, or one of the label's other
 * spellings. NULL when field has no labels or text names none of its
 * values. */
const char *sss_label_value(const char *field, const char *text);

/* True when field ("status", "priority", "kind") has labels. */
int sss_label_field(const char *field);

#endif
