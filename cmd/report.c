/* report.c - sssctl report weekly|monthly: the client reports (週次報告書,
 * 月次報告書) in Markdown, HTML, JSON, PDF or Excel (xlsx), written to a file named after the
 * SOW's document naming or to standard output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/clock.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/report.h"
#include "sss/store.h"
#include "sss/strbuf.h"

static struct sss_error *format_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				       const char *arg)
{
	enum sss_report_format *f = opt->value;

	if (!strcmp(arg, "md") || !strcmp(arg, "markdown"))
		*f = SSS_REPORT_MD;
	else if (!strcmp(arg, "html"))
		*f = SSS_REPORT_HTML;
	else if (!strcmp(arg, "json"))
		*f = SSS_REPORT_JSON;
	else if (!strcmp(arg, "pdf"))
		*f = SSS_REPORT_PDF;
	else if (!strcmp(arg, "xlsx"))
		*f = SSS_REPORT_XLSX;
	else
		return cmd_usage_error(ctx, "unknown format '%s' (use md, html, json, pdf or xlsx)",
				       arg);
	return NULL;
}

CMD(report)
{
	static const struct cmd_form forms[] = {
		{ "weekly", .opt = "period", .argh = "YYYY-MM-DD|YYYY-Www" },
		{ "monthly", .opt = "period", .argh = "YYYY-MM" },
		{ NULL },
	};
	enum sss_report_format format = SSS_REPORT_MD;
	const char *period = NULL, *output = NULL;
	struct cmd_option opts[] = {
		OPT_STRING(0, "period", &period, "PERIOD", 0),
		OPT_CALLBACK(0, "format", &format, "md|html|json|pdf|xlsx", 0, format_option, NULL),
		OPT_STRING('o', "output", &output, "FILE|-", CMD_OPT_SHOW_SHORT),
		OPT_END(),
	};
	enum sss_report_kind kind;
	struct sss_report_opts ro;
	struct sss_report *r = NULL;
	struct strbuf out = STRBUF_INIT, name = STRBUF_INIT;
	struct sss_error *err;
	bool warned = false;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, forms, 0)))
		return err;
	if (argc == 0)
		return cmd_usage_error(ctx, "say which report: weekly or monthly");
	if (!strcmp(argv[0], "weekly"))
		kind = SSS_REPORT_WEEKLY;
	else if (!strcmp(argv[0], "monthly"))
		kind = SSS_REPORT_MONTHLY;
	else
		return cmd_usage_error(ctx, "unknown report '%s' (use weekly or monthly)", argv[0]);
	if (argc > 1)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[1]);
	if (output && !*output)
		return cmd_usage_error(ctx, "-o needs a file name, or '-' for standard output");

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
		cmd_warn(sss_error(SSS_ERR_PARSE, "%s", sss_report_warning(r, i)));
		warned = true;
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
	if (!err && warned)
		err = CMD_EXIT_FAILED;
	return err;
}
