/* comment.c - sssctl comment: append a dated, signed work-log entry. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "sss/error.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

static const char usage[] =
	"usage: sssctl comment [--author 'NAME <EMAIL>'] ID -m TEXT";

CMD(comment)
{
	static const struct option opts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "author", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *author = NULL, *text = NULL;
	struct sss_tracker tr;
	struct sss_ticket *t = NULL;
	struct sss_error *err = NULL;
	struct strbuf line = STRBUF_INIT;
	int c;

	memset(&tr, 0, sizeof(tr));
	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		if (c == 'm')
			text = optarg;
		else if (c == 'A')
			author = optarg;
		else if (c == 'h')
			return cmd_help(usage);
		else
			return cmd_bad_option(usage, argv);
	}
	if (optind != argc - 1)
		return cmd_usage_error(usage, "give one ticket ID");
	if (!text || !*text)
		return cmd_usage_error(usage, "give the entry with -m TEXT");
	if ((err = cmd_check_text("-m", text)) ||
	    (err = cmd_tracker(ctx, author, &tr)) ||
	    (err = sss_tracker_begin(&tr, argv[optind], "comment", &t)))
		goto done;

	struct tm tm;
	localtime_r(&ctx->now, &tm);
	const char *name = tr.author;
	size_t name_len = strcspn(name, "<");
	while (name_len && name[name_len - 1] == ' ')
		name_len--;
	strbuf_addf(&line, "- %04d-%02d-%02d %02d:%02d %.*s: ", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, (int)name_len, name);
	/* later lines of a multi-line entry stay inside the list item */
	for (const char *p = text; *p; p++) {
		if (*p == '\r')
			continue;
		strbuf_addch(&line, *p);
		if (*p == '\n' && p[1])
			strbuf_addstr(&line, "  ");
	}
	while (line.len && line.buf[line.len - 1] == '\n')
		strbuf_setlen(&line, line.len - 1);
	sss_ticket_section_append(t, SSS_SEC_WORKLOG, line.buf);
	err = sss_tracker_commit(&tr, t, "comment");
done:
	strbuf_release(&line);
	sss_ticket_free(t);
	cmd_tracker_release(&tr);
	return err ? cmd_fail(err) : 0;
}
