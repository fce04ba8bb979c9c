/* merge_priv.h - what the two halves of the ticket merge share: merge.c
 * (the versions, the front matter) and merge_body.c (the body, section by
 * section). Not part of the public API; see merge.h for the rules. */
#ifndef SSS_MERGE_PRIV_H
#define SSS_MERGE_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "sss/strbuf.h"

struct sss_merge_input;
struct sss_ticket;

/* One merge under way. */
struct merge_ctx {
	const struct sss_merge_input *in;
	const struct sss_ticket *b, *o, *t; /* b: an empty ticket when absent */
	const char *id;
	/* > 0: ours' `updated` is the later, < 0: theirs', 0: the same time */
	int later;
	/* "YYYY-MM-DD HH:MM": the merged `updated` (the merge lines' time)
	 * and each side's own, as written in the ticket (its own offset) */
	char stamp[17], o_when[17], t_when[17];
	struct strbuf log; /* the merge lines for ## 作業記録, one a line */
	struct strbuf *notes;
	bool conflict; /* a section kept both texts */
};

/* Whether ours' value wins when both sides changed a value to different
 * texts: the later `updated`, at the same time the greater text in byte
 * order (NULL reads as ""), so both directions agree. */
bool merge_ours_wins(const struct merge_ctx *m, const char *ov,
		     const char *tv);

/* Three-way string equality, NULL (absent) equal only to NULL. */
bool merge_eq(const char *a, const char *b);

/* Append the merged body of m's three versions to out (LF), setting
 * m->conflict and adding to m->notes when a section keeps both texts.
 * The work-log lines in m->log are not added here. */
void merge_body(struct merge_ctx *m, struct strbuf *out);

#endif
