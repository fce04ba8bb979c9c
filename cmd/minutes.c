/* minutes.c - sssctl minutes: write a meeting's ## 議事録 without editing
 * the ticket: the text from -m, -F FILE or the editor; a section that has
 * text already gets a dated block appended, never replaced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/clock.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

static bool is_fence_line(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && p[i] == ' ')
		i++;
	return n - i >= 3 && (!strncmp(p + i, "```", 3) || !strncmp(p + i, "~~~", 3));
}

/* The text must stay inside ## 議事録: a "# " or "## " heading would end
 * the section (and start another), an open code fence would take in the
 * sections after it. where names the text's source in the message. */
static struct sss_error *check_minutes(const char *text, const char *where)
{
	bool fence = false;
	int line = 0;

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		line++;
		if (is_fence_line(p, n))
			fence = !fence;
		else if (!fence && p[0] == '#' && (n == 1 || p[1] == ' ' || p[1] == '\t' ||
						   (p[1] == '#' && (n == 2 || p[2] == ' ' || p[2] == '\t'))))
			return sss_error(SSS_ERR_USAGE,
					 "%s line %d is a heading of level 1 or 2, which would end "
					 "## 議事録; use ### for headings in the minutes", where, line);
		p += n + (p[n] == '\n');
	}
	if (fence)
		return sss_error(SSS_ERR_USAGE, "%s opens a code fence (```) that it does not close",
				 where);
	return NULL;
}

/* The name of "Name <email>". */
static void add_name(struct strbuf *out, const char *ident)
{
	const char *lt = strstr(ident, " <");
	strbuf_add(out, ident, lt ? (size_t)(lt - ident) : strlen(ident));
}

/* Write text into t's ## 議事録: the section's content when it has none,
 * else after it as "### 追記 DATE TIME NAME". *appended says which. */
static void put_minutes(struct sss_ticket *t, const char *text, const char *author,
			time_t now, bool *appended)
{
	struct strbuf old = STRBUF_INIT, when = STRBUF_INIT, all = STRBUF_INIT;

	*appended = sss_ticket_section(t, SSS_SEC_MINUTES, &old) && old.len;
	if (*appended) {
		sss_time_format(&when, now);
		strbuf_addf(&all, "%s\n\n### 追記 %.10s %.5s ", old.buf, when.buf, when.buf + 11);
		add_name(&all, author);
		strbuf_addf(&all, "\n\n%s\n", text);
	} else {
		strbuf_addf(&all, "%s\n", text);
	}
	sss_ticket_section_replace(t, SSS_SEC_MINUTES, all.buf);
	strbuf_release(&old);
	strbuf_release(&when);
	strbuf_release(&all);
}

CMD(minutes)
{
	const char *author = NULL, *message = NULL, *file = NULL;
	struct cmd_option opts[] = {
		OPT_AUTHOR(&author),
		OPT_OPERANDS("ID", 0),
		OPT_STRING('m', "message", &message, "TEXT", CMD_OPT_SHOW_SHORT),
		OPT_STRING('F', "file", &file, "FILE", CMD_OPT_SHOW_SHORT),
		OPT_END(),
	};
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL;
	struct sss_error *err;
	char *owned = NULL, *kept = NULL;
	const char *text, *where;
	bool appended = false;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 1)
		return cmd_usage_error(ctx, "give one ticket ID");
	if (message && file)
		return cmd_usage_error(ctx, "give the minutes with -m or -F, not both");
	if (message) {
		where = "-m";
		if ((err = cmd_check_text("-m", message)))
			return err;
	} else if (file) {
		where = "-F";
		if ((err = cmd_text_file(file, &owned)))
			return sss_error_prefix(err, "-F");
	} else {
		/* the editor, before the lock is taken */
		where = "the text";
		if ((err = cmd_editor_text(ctx, "minutes", argv[0], &owned, &kept)))
			return err;
	}
	text = owned ? owned : message;
	if (!*text || strspn(text, " \t\n") == strlen(text)) {
		err = cmd_usage_error(ctx, "the minutes are empty; nothing was committed");
		goto done;
	}
	if ((err = check_minutes(text, where)) ||
	    (err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (err = sss_tracker_begin(&tr, argv[0], "minutes", &t)))
		goto done;
	put_minutes(t, text, tr.author, ctx->now, &appended);
	if ((err = sss_tracker_commit(&tr, t, "minutes")))
		goto done;
	if (appended)
		printf("appended to ## %s of %s (it had text already, which is kept)\n",
		       SSS_SEC_MINUTES, sss_ticket_get(t, "id"));
	else
		printf("wrote ## %s of %s\n", SSS_SEC_MINUTES, sss_ticket_get(t, "id"));
done:
	if (kept)
		err = cmd_editor_done(err, ctx->repo, kept);
	free(owned);
	sss_ticket_free(t);
	sss_tracker_release(&tr);
	return err;
}
