/* clone.c - sssctl clone: a ready clone of a shared data repository. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "options.h"
#include "sss/cleanup.h"
#include "sss/clone.h"
#include "sss/error.h"
#include "sss/i18n.h"
#include "sss/strbuf.h"

CMD(clone)
{
	bool quiet = false;
	struct cmd_option opts[] = {
		OPT_BOOL('q', "quiet", &quiet, 0),
		OPT_OPERANDS("URL [DIR]", 0),
		OPT_END(),
	};
	struct strbuf dir = STRBUF_INIT, shown = STRBUF_INIT;
	struct sss_error *err;
	char *base = NULL;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		return err;
	if (argc < 1)
		return cmd_usage_error(ctx, "no URL given");
	if (argc > 2)
		return cmd_usage_error(ctx, "too many arguments");
	if (!*argv[0])
		return cmd_usage_error(ctx, "the URL is empty");
	if (argc == 2 && !*argv[1])
		return cmd_usage_error(ctx, "the directory name is empty");
	if (argc < 2 && !(base = sss_clone_dir_for(argv[0])))
		return cmd_usage_error(ctx, "cannot tell a directory name from '%s'; "
				       "name one: sssctl clone URL DIR", argv[0]);
	/* -C DIR: a relative DIR is taken from there, as git -C does */
	if (ctx->dir && (argc < 2 || argv[1][0] != '/'))
		strbuf_addf(&dir, "%s/", ctx->dir);
	strbuf_addstr(&dir, argc == 2 ? argv[1] : base);
	/* a signal cannot remove a directory tree: say what is left */
	strbuf_addstr(&shown, "sssctl: ");
	strbuf_addf(&shown, _("the clone was cut short: '%s' holds a part of "
		    "it; remove it before you try again\n"), dir.buf);
	sss_cleanup_set_note(shown.buf);
	strbuf_setlen(&shown, 0);
	err = sss_repo_clone(argv[0], dir.buf, !quiet && isatty(STDERR_FILENO));
	sss_cleanup_set_note(NULL);
	if (!err) {
		sss_clone_url_shown(&shown, argv[0]);
		printf(_("cloned %s into %s\n"), shown.buf, dir.buf);
	}
	free(base);
	strbuf_release(&dir);
	strbuf_release(&shown);
	return err;
}
