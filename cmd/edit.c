/* edit.c - sssctl edit: edit a ticket in $VISUAL/$EDITOR; the result is
 * validated before anything is committed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "options.h"
#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/i18n.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

/* err, saying where the person's text is kept unless it already does;
 * takes err and returns the error to report. */
static struct sss_error *kept(struct sss_error *err, const char *tmp)
{
	if (strstr(err->msg, tmp)) /* it names the copy already */
		return err;
	struct sss_error *out = sss_error(err->code, "%s; your text is kept in '%s'",
					  err->msg, tmp);
	sss_error_free(err);
	return out;
}

/* From the moment the copy exists until the edit is committed, a signal
 * that ends sssctl (the terminal closed, Ctrl-C, kill) says where the
 * text is; the copy is never removed by one. */
static void note_copy(const char *tmp)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "sssctl: error: ");
	strbuf_addf(&sb, _("edit interrupted; your text is kept in '%s'\n"),
		    tmp);
	sss_cleanup_set_note(sb.buf);
	strbuf_release(&sb);
}

CMD(edit)
{
	const char *author = NULL;
	struct cmd_option opts[] = {
		OPT_AUTHOR(&author),
		OPT_OPERANDS("ID", 0),
		OPT_END(),
	};
	struct sss_tracker tr = SSS_TRACKER_INIT;
	struct sss_ticket *t = NULL, *edited = NULL;
	struct sss_error *err = NULL;
	struct strbuf fs = STRBUF_INIT, tmp = STRBUF_INIT;
	char *rel = NULL, *id = NULL, *orig = NULL, *now_text = NULL, *after = NULL;
	size_t orig_len = 0, now_len = 0, after_len = 0;
	bool keep_tmp = false;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc != 1)
		return cmd_usage_error(ctx, "give one ticket ID");
	if ((err = sss_tracker_init(&tr, ctx->repo, ctx->config, ctx->now, author)) ||
	    (err = sss_repo_resolve(ctx->repo, argv[0], ctx->config->fy_start, &rel, &id)) ||
	    (err = sss_repo_check_clean(ctx->repo, rel)))
		goto done;
	sss_repo_path(ctx->repo, &fs, rel);
	if ((err = sss_read_file_rel(fs.buf, rel, SSS_TICKET_MAX_FILE, &orig, &orig_len)))
		goto done;
	/* the editor works on a copy in .git, so the lock is not held while a
	 * person types (cron's `due` keeps running) */
	/* one copy per run: a refused edit kept earlier is never overwritten */
	strbuf_addf(&tmp, "%ssss-edit-%s-%ld.md", sss_repo_gitdir(ctx->repo), id,
		    (long)getpid());
	if ((err = sss_write_file_atomic(tmp.buf, orig, orig_len, false)))
		goto done;
	note_copy(tmp.buf);
	/* from here on the copy is the person's text: every error keeps it */
	keep_tmp = true;
	if ((err = cmd_run_editor(tmp.buf)) ||
	    (err = sss_read_file(tmp.buf, SSS_TICKET_MAX_FILE, &after, &after_len))) {
		/* an editor that failed before changing anything leaves nothing
		 * of the person's to keep */
		char *copy = NULL;
		size_t copy_len = 0;
		struct sss_error *rerr =
			sss_read_file(tmp.buf, SSS_TICKET_MAX_FILE, &copy, &copy_len);
		if ((!rerr && copy_len == orig_len && !memcmp(copy, orig, orig_len)) ||
		    (rerr && access(tmp.buf, F_OK) != 0))
			keep_tmp = false; /* nothing of the person's, or nothing at all */
		sss_error_free(rerr);
		free(copy);
		goto done;
	}
	if (after_len == orig_len && !memcmp(after, orig, orig_len)) {
		keep_tmp = false;
		fputs("sssctl: ", stderr);
		fprintf(stderr, _("no changes to '%s'\n"), id);
		goto done;
	}
	if ((err = sss_ticket_parse(&edited, after, after_len, rel))) {
		err = sss_error_prefix(err, "edit not saved (your text is kept in '%s')", tmp.buf);
		goto done;
	}
	const char *new_id = sss_ticket_get(edited, "id");
	if (!new_id || strcmp(new_id, id)) {
		err = sss_error(SSS_ERR_INVALID,
				"edit not saved: the id must stay '%s' (your text is kept in '%s')",
				id, tmp.buf);
		goto done;
	}
	if ((err = sss_tracker_begin(&tr, id, "edit", &t)))
		goto done;
	/* someone else may have changed the ticket while the editor was open */
	if ((err = sss_read_file_rel(fs.buf, rel, SSS_TICKET_MAX_FILE, &now_text, &now_len)) ||
	    now_len != orig_len || memcmp(now_text, orig, orig_len)) {
		if (!err)
			err = sss_error(SSS_ERR_CONFLICT,
					"'%s' changed while you edited it; your text is kept in '%s'",
					id, tmp.buf);
		goto done;
	}
	/* only a commit that is done removes the copy */
	if (!(err = sss_tracker_commit(&tr, edited, "edit")))
		keep_tmp = false;
done:
	if (err && keep_tmp)
		err = kept(err, tmp.buf);
	if (tmp.len && !keep_tmp)
		unlink(tmp.buf);
	sss_cleanup_set_note(NULL);
	free(rel);
	free(id);
	free(orig);
	free(after);
	free(now_text);
	strbuf_release(&fs);
	strbuf_release(&tmp);
	sss_ticket_free(t);
	sss_ticket_free(edited);
	sss_tracker_release(&tr);
	return err;
}
