/* merge.h - the three-way merge of one ticket (DESIGN.md section 11):
 * what `sssctl sync` does in-process and what git's merge driver
 * (`sssctl merge-file %O %A %B %P`) does for `git pull`, `git merge` and
 * `git rebase`. It works on parsed tickets, never on lines of text, and
 * never writes conflict markers.
 *
 *	struct sss_merge_input in = SSS_MERGE_INPUT_INIT;
 *	struct sss_merge_result res = SSS_MERGE_RESULT_INIT;
 *	in.path = "tickets/2026/11/2611-0K3QZP.md";
 *	in.base = base; in.base_len = ...;   (NULL: added on both sides)
 *	in.ours = ...; in.theirs = ...;      (NULL: deleted on that side)
 *	err = sss_ticket_merge(&in, &res);
 *	... res.out, res.deleted, res.conflict, res.collision, res.notes ...
 *	sss_merge_result_release(&res);
 *
 * The rules:
 * - Front matter, field by field against the base: a field changed on one
 *   side takes that side's value; changed on both sides to different
 *   values, the side whose `updated` is later wins (equal times: the
 *   greater value in byte order, so both directions agree) and the lost
 *   value is written as a work-log line "- <updated> merge: <field>
 *   <lost> → <kept> (<who lost>, <lost side's updated>)". `status` and
 *   `closed` move together. `created` is the earlier of the two, `updated`
 *   the later. tags, documents and links merge as sets (kept when on both
 *   sides or added on one; dropped when removed on one and not re-added);
 *   params and unknown keys key by key.
 * - ## 作業記録: the union of both sides' entries ("- YYYY-MM-DD HH:MM ..."
 *   lines with the lines that follow them), each once (an entry one side
 *   has twice stays twice), in time order (equal times: base order, then
 *   byte order; the merge's own lines last in their minute, where it
 *   appended them, so that a merge merged again keeps its order). Text
 *   before the first entry merges like a section, both texts kept.
 * - ## チェックリスト: items keyed by their text; an item ticked on either
 *   side stays ticked; items added on either side are kept (base order,
 *   then ours' additions, then theirs'); an item removed on one side and
 *   unchanged on the other is removed.
 * - Any other section changed on both sides to different texts keeps the
 *   winning side's text (as for fields) followed by a heading
 *   "### merge: <who lost> (<lost side's updated>)" and the other text;
 *   the ticket gets the tag `conflict`, which `check` reports until a
 *   person removes it. Sections added on one side are kept, in the order
 *   of the side that has them.
 * - Added on both sides with no base: when both are generated tickets
 *   (`recurrence` set, the same on both) the caller should give as base
 *   the ticket as `due` would have made it (sss_merge_generated_base()
 *   in compose.h); without one the merge runs against an empty base.
 *   The same file added on both sides is that file. Two different
 *   non-generated tickets with the same ID are a collision:
 *   res.collision is set and res.out is ours unchanged (the caller
 *   renumbers one of them; see sync).
 * - Deleted on one side and changed on the other: the changed ticket is
 *   kept, with a note. Deleted on one side and unchanged on the other:
 *   deleted (res.deleted).
 *
 * The result is deterministic: the same three inputs give the same bytes.
 * Swapping ours and theirs gives the same fields, work log and ticks;
 * only items or sections added on both sides may come in the other order.
 */
#ifndef SSS_MERGE_H
#define SSS_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "sss/strbuf.h"

struct sss_error;

struct sss_merge_input {
	const char *path; /* the ticket's path, for messages */
	/* the three versions' bytes; NULL: absent (no base: added on both
	 * sides; no ours/theirs: deleted on that side) */
	const char *base, *ours, *theirs;
	size_t base_len, ours_len, theirs_len;
	/* who made each side's change ("佐藤"), for the work-log lines;
	 * NULL: not known (the line then names no one) */
	const char *ours_who, *theirs_who;
};

#define SSS_MERGE_INPUT_INIT { NULL }

struct sss_merge_result {
	struct strbuf out; /* the merged ticket file (LF), unless deleted */
	bool deleted;      /* the merge deletes the ticket */
	bool conflict;     /* both sides changed a section: tagged `conflict` */
	bool collision;    /* two different tickets with one ID (see above) */
	/* what the merge decided that a person should hear, one line each
	 * ("kept 2611-0K3QZP: deleted on one side, changed on the other") */
	struct strbuf notes;
};

#define SSS_MERGE_RESULT_INIT { STRBUF_INIT, false, false, false, STRBUF_INIT }

/* Merge in into res (which the caller initialised). Fails, naming the
 * path and the side ("ours", "theirs", "base"), when a version does not
 * parse as a ticket (a file that already holds conflict markers, broken
 * YAML) or the two sides name different IDs; res is then unchanged. */
struct sss_error *sss_ticket_merge(const struct sss_merge_input *in,
				   struct sss_merge_result *res);

/* Free what res holds and make it empty again. */
void sss_merge_result_release(struct sss_merge_result *res);

#endif
