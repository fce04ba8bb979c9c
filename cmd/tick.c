/* tick.c - sssctl tick: tick (or with --undo untick) one item of a
 * ticket's ## チェックリスト without an editor, by its number (as show
 * numbers them) or by its text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"
#include "sss/worklog.h"

/* At most this many candidates are named in an ambiguity's one line. */
#define MAX_NAMED 5

/* N: a number of 1 to 9 digits, nothing else. */
static bool is_number(const char *s)
{
	size_t n = strspn(s, "0123456789");
	return n > 0 && n <= 9 && !s[n];
}

/* How item i's text matches what: 3 equal, 2 begins with it, 1 holds
 * it, 0 not. */
static int how_matches(const char *text, const char *what)
{
	if (!strcmp(text, what))
		return 3;
	if (!strncmp(text, what, strlen(what)))
		return 2;
	return strstr(text, what) ? 1 : 0;
}

/* The item that what names among those whose state is state (0 open, 1
 * ticked, -1 any): the one equal to it, else the one that begins with
 * it, else the one that holds it; *index is 0-based. Two or more at the
 * best level is an error naming them. */
static struct sss_error *find_by_text(const struct sss_ticket *t, const char *what,
				      int state, size_t *index)
{
	struct strbuf text = STRBUF_INIT, named = STRBUF_INIT;
	size_t found[3] = { 0 }, first[3] = { 0 };
	struct sss_error *err = NULL;
	int best = 0;
	bool done;

	for (size_t i = 0; sss_ticket_checklist_item(t, i, &done, &text); i++) {
		int m = state < 0 || done == state ? how_matches(text.buf, what) : 0;
		if (m && !found[m - 1]++)
			first[m - 1] = i;
		if (m > best)
			best = m;
		strbuf_reset(&text);
	}
	if (!best) {
		err = sss_error(SSS_ERR_NOTFOUND, "no checklist item of '%s' matches '%s'",
				sss_ticket_get(t, "id"), what);
		goto done;
	}
	if (found[best - 1] == 1) {
		*index = first[best - 1];
		goto done;
	}
	size_t n = 0;
	for (size_t i = 0; sss_ticket_checklist_item(t, i, &done, &text); i++) {
		if ((state < 0 || done == state) && how_matches(text.buf, what) == best &&
		    n++ < MAX_NAMED)
			strbuf_addf(&named, "%s%zu '%s'", n > 1 ? ", " : "", i + 1, text.buf);
		strbuf_reset(&text);
	}
	err = sss_error(SSS_ERR_USAGE, "'%s' matches %zu checklist items of '%s': %s%s; "
			"give its number or more of its text", what, n,
			sss_ticket_get(t, "id"), named.buf, n > MAX_NAMED ? ", ..." : "");
done:
	strbuf_release(&text);
	strbuf_release(&named);
	return err;
}

/* The 0-based item that what (N or TEXT) names in t: by text, among the
 * items that undo (or not) would change, else among all. */
static struct sss_error *find_item(const struct sss_ticket *t, const char *what,
				   bool undo, size_t *index)
{
	struct sss_error *err;
	int open, done;

	sss_ticket_checklist_count(t, &open, &done);
	if (open + done == 0)
		return sss_error(SSS_ERR_NOTFOUND, "'%s' has no checklist items",
				 sss_ticket_get(t, "id"));
	if (!is_number(what)) {
		err = find_by_text(t, what, undo ? 1 : 0, index);
		if (err && err->code == SSS_ERR_NOTFOUND) {
			sss_error_free(err);
			err = find_by_text(t, what, -1, index);
		}
		return err;
	}
	long n = strtol(what, NULL, 10);
	if (n < 1 || n > open + done)
		return sss_error(SSS_ERR_USAGE, "'%s' has %d checklist item%s; there is no item %s",
				 sss_ticket_get(t, "id"), open + done,
				 open + done == 1 ? "" : "s", what);
	*index = (size_t)(n - 1);
	return NULL;
}

CMD(tick)
{
	const char *author = NULL;
	bool undo = false;
	struct cmd_option opts[] = {
		OPT_BOOL(0, "undo", &undo, 0),
		OPT_AUTHOR(&author),
		OPT_OPERANDS("ID N|TEXT", 0),
		OPT_END(),
	};
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	struct strbuf text = STRBUF_INIT, entry = STRBUF_INIT, line = STRBUF_INIT;
	struct strbuf item = STRBUF_INIT;
	struct sss_error *err;
	size_t i = 0;
	bool done = false;
	int open;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 2)
		return cmd_usage_error(ctx, "give a ticket ID and an item's number or text");
	if (!*argv[1])
		return cmd_usage_error(ctx, "the item's text is empty");
	if ((err = cmd_check_text("the item", argv[1])) ||
	    (err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (err = sss_tracker_begin(&tr, argv[0], "tick", &t)) ||
	    (err = find_item(t, argv[1], undo, &i)))
		goto done;
	sss_ticket_checklist_item(t, i, &done, &item);
	sss_sanitize(&text, item.buf, true); /* what the terminal is shown */
	if (done != undo) {
		/* nothing to change: no commit */
		sss_tracker_abort(&tr);
		printf("item %zu of %s is already %s: %s\n", i + 1, sss_ticket_get(t, "id"),
		       undo ? "open" : "ticked", text.buf);
		goto done;
	}
	sss_ticket_checklist_mark(t, i, !undo);
	strbuf_addf(&entry, "%s %s", undo ? "チェック解除" : "チェック済", item.buf);
	sss_worklog_format(&line, ctx->now, sss_time_offset(ctx->now), tr.author, -1,
			   entry.buf);
	sss_ticket_section_append(t, SSS_SEC_WORKLOG, line.buf);
	if ((err = sss_tracker_commit(&tr, t, "tick")))
		goto done;
	sss_ticket_checklist_count(t, &open, NULL);
	printf("[%c] %zu %s (%d open)\n", undo ? ' ' : 'x', i + 1, text.buf, open);
done:
	strbuf_release(&item);
	strbuf_release(&text);
	strbuf_release(&entry);
	strbuf_release(&line);
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	return err;
}
