/* report.c - sssctl report weekly|monthly: the client reports (週次報告書,
 * 月次報告書) in Markdown, HTML or JSON, written to a file named after the
 * SOW's document naming or to standard output. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/report.h"
#include "sss/store.h"
#include "sss/strbuf.h"

static const char usage[] =
	"usage: sssctl report weekly [--period YYYY-MM-DD|YYYY-Www] [--format md|html|json] [-o FILE|-]\n"
	"       sssctl report monthly [--period YYYY-MM] [--format md|html|json] [-o FILE|-]";

CMD(report)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum sss_report_format format = SSS_REPORT_MD;
	enum sss_report_kind kind;
	struct sss_report_opts ro;
	struct sss_report *r = NULL;
	struct strbuf out = STRBUF_INIT, name = STRBUF_INIT;
	struct sss_error *err = NULL;
	const char *period = NULL, *output = NULL;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': period = optarg; break;
		case 'o': output = optarg; break;
		case 'f':
			if (!strcmp(optarg, "md") || !strcmp(optarg, "markdown"))
				format = SSS_REPORT_MD;
			else if (!strcmp(optarg, "html"))
				format = SSS_REPORT_HTML;
			else if (!strcmp(optarg, "json"))
				format = SSS_REPORT_JSON;
			else
				return cmd_usage_error(usage, "unknown format '%s' (use md, html or json)",
						       optarg);
			break;
		case 'h': return cmd_help(usage);
		default: return cmd_bad_option(usage, argv);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(usage, "say which report: weekly or monthly");
	if (!strcmp(argv[optind], "weekly"))
		kind = SSS_REPORT_WEEKLY;
	else if (!strcmp(argv[optind], "monthly"))
		kind = SSS_REPORT_MONTHLY;
	else
		return cmd_usage_error(usage, "unknown report '%s' (use weekly or monthly)",
				       argv[optind]);
	if (optind + 1 < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind + 1]);
	if (output && !*output)
		return cmd_usage_error(usage, "-o needs a file name, or '-' for standard output");

	memset(&ro, 0, sizeof(ro));
	ro.kind = kind;
	ro.now = ctx->now;
	ro.repo = ctx->repo;
	ro.config = ctx->config;
	ro.catalog = ctx->catalog;
	ro.cal = ctx->cal;
	ro.period = sss_report_period_of(kind, sss_time_date(ctx->now));
	if (period && (err = sss_report_parse_period(kind, period, &ro.period)))
		goto done;
	if ((err = sss_report_build(&r, &ro)))
		goto done;
	/* a broken ticket is reported and skipped; the report is still made,
	 * and the exit status says that something was left out */
	for (size_t i = 0; i < sss_report_warning_count(r); i++) {
		cmd_fail(sss_error(SSS_ERR_PARSE, "%s", sss_report_warning(r, i)));
		rc = 1;
	}
	if ((err = sss_report_render(r, format, &out)))
		goto done;
	if (output && !strcmp(output, "-")) {
		fwrite(out.buf, 1, out.len, stdout);
		goto done;
	}
	if (!output) {
		/* reports/ of the data repository, which init's .gitignore
		 * keeps out of git status */
		struct strbuf base = STRBUF_INIT;
		sss_report_file_name(r, format, &base);
		sss_repo_path(ctx->repo, &name, "reports/");
		strbuf_addbuf(&name, &base);
		strbuf_release(&base);
		output = name.buf;
		if ((err = sss_mkdir_parents(output)))
			goto done;
	}
	if ((err = sss_write_file_atomic(output, out.buf, out.len, false)))
		goto done;
	/* the name of the file written, for scripts (like git format-patch) */
	printf("%s\n", output);
done:
	sss_report_free(r);
	strbuf_release(&out);
	strbuf_release(&name);
	if (err)
		return cmd_fail(err);
	return rc;
}
