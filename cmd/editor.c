/* editor.c - the person's editor ($VISUAL, $EDITOR, then vi) for the
 * commands that take a text (edit, comment and minutes without -m), and
 * the file under .git/ that keeps what was typed until it is committed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/i18n.h"
#include "sss/repo.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

/* The most a text from the editor or -F may hold. */
#define MAX_TEXT (1u << 20)

struct sss_error *cmd_run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	/* split on blanks into an argument vector: no shell ever sees the
	 * ticket or the path */
	char *copy = xstrdup(ed);
	char *argv[34];
	int n = 0;
	for (char *tok = strtok(copy, " \t"); tok && n < 32; tok = strtok(NULL, " \t"))
		argv[n++] = tok;
	argv[n++] = (char *)path;
	argv[n] = NULL;
	struct sss_error *err = NULL;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		err = sss_error(SSS_ERR_IO, "cannot start the editor: %s", strerror(errno));
	} else if (pid == 0) {
		execvp(argv[0], argv);
		fputs("sssctl: error: ", stderr);
		fprintf(stderr, _("cannot run the editor '%s': %s\n"),
			argv[0], strerror(errno));
		_exit(127);
	} else {
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			err = sss_error(SSS_ERR_IO, "the editor '%s' failed; nothing was changed", ed);
	}
	free(copy);
	return err;
}

/* Trailing blanks and blank lines go; a text of blanks only is empty. */
static void trim_end(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	s[n] = '\0';
}

/* The text read from path (what names it), normalised and checked. */
static struct sss_error *take_text(const char *path, const char *what, char **text)
{
	char *buf = NULL;
	size_t len = 0;
	int line, col;
	struct sss_error *err = sss_read_file(path, MAX_TEXT, &buf, &len);

	if (err)
		return err;
	len = sss_text_normalize(buf, len);
	buf[len] = '\0';
	if (!sss_utf8_check(buf, len, &line, &col)) {
		free(buf);
		return sss_error(SSS_ERR_USAGE, "%s line %d is not valid UTF-8 text", what, line);
	}
	trim_end(buf);
	*text = buf;
	return NULL;
}

struct sss_error *cmd_text_file(const char *path, char **text)
{
	struct strbuf what = STRBUF_INIT, in = STRBUF_INIT;
	struct sss_error *err = NULL;
	char chunk[8192];
	size_t n;

	*text = NULL;
	if (strcmp(path, "-")) {
		strbuf_addf(&what, "'%s'", path);
		err = take_text(path, what.buf, text);
		strbuf_release(&what);
		return err;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0 && in.len <= MAX_TEXT)
		strbuf_add(&in, chunk, n);
	if (ferror(stdin))
		err = sss_error(SSS_ERR_IO, "cannot read standard input: %s", strerror(errno));
	else if (in.len > MAX_TEXT)
		err = sss_error(SSS_ERR_USAGE, "standard input holds more than %u bytes", MAX_TEXT);
	if (!err) {
		int line, col;
		in.len = sss_text_normalize(in.buf, in.len);
		in.buf[in.len] = '\0';
		if (!sss_utf8_check(in.buf, in.len, &line, &col))
			err = sss_error(SSS_ERR_USAGE, "standard input line %d is not valid UTF-8 text",
					line);
	}
	if (!err) {
		trim_end(in.buf);
		*text = strbuf_detach(&in, NULL);
	}
	strbuf_release(&in);
	return err;
}

struct sss_error *cmd_editor_text(struct sss_ctx *ctx, const char *what, const char *prefix,
				  char **text, char **path)
{
	struct strbuf tmp = STRBUF_INIT, note = STRBUF_INIT;
	char *rel = NULL, *id = NULL;
	struct sss_error *err;

	*text = *path = NULL;
	/* the ID is checked before anyone types */
	if ((err = sss_repo_resolve(ctx->repo, prefix, ctx->config->fy_start, &rel, &id)))
		goto done;
	/* one file per run, beside the one edit uses: a text kept from an
	 * earlier failure is never overwritten */
	strbuf_addf(&tmp, "%ssss-%s-%s-%ld.md", sss_repo_gitdir(ctx->repo), what, id,
		    (long)getpid());
	if ((err = sss_write_file_atomic(tmp.buf, "", 0, false)))
		goto done;
	strbuf_addf(&note, "sssctl: error: %s interrupted; your text is kept in '%s'\n",
		    what, tmp.buf);
	sss_cleanup_set_note(note.buf);
	if ((err = cmd_run_editor(tmp.buf)) ||
	    (err = take_text(tmp.buf, "the text", text)))
		goto done;
	if (!**text) {
		err = sss_error(SSS_ERR_INVALID, "the %s text is empty; nothing was committed", what);
		goto done;
	}
	*path = strbuf_detach(&tmp, NULL);
done:
	if (err) {
		char *kept = NULL;
		size_t len = 0;
		struct sss_error *rerr = tmp.len ? sss_read_file(tmp.buf, MAX_TEXT, &kept, &len)
						 : NULL;
		/* an empty file or an editor that wrote nothing holds nothing
		 * of the person's: it goes; anything else stays, named */
		if (tmp.len && ((*text && !**text) || (!rerr && len == 0))) {
			unlink(tmp.buf);
		} else if (tmp.len && access(tmp.buf, F_OK) == 0) {
			struct sss_error *named = sss_error(err->code, "%s; your text is kept in '%s'",
							    err->msg, tmp.buf);
			sss_error_free(err);
			err = named;
		}
		sss_error_free(rerr);
		free(kept);
		free(*text);
		*text = NULL;
		sss_cleanup_set_note(NULL);
	}
	strbuf_release(&tmp);
	strbuf_release(&note);
	free(rel);
	free(id);
	return err;
}

struct sss_error *cmd_editor_done(struct sss_error *err, struct sss_repo *repo, char *path)
{
	if (!path)
		return err;
	/* a change that is committed (only the work tree is behind) has the
	 * text in HEAD: the copy may go */
	if (!err || sss_repo_committed(repo)) {
		unlink(path);
	} else if (!strstr(err->msg, "kept in")) {
		struct sss_error *named = sss_error(err->code, "%s; your text is kept in '%s'",
						    err->msg, path);
		sss_error_free(err);
		err = named;
	}
	sss_cleanup_set_note(NULL);
	free(path);
	return err;
}
