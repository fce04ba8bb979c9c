/* export.c - sssctl export: the tickets list's filters select, as CSV
 * (for Excel: UTF-8 with a BOM, or CP932), an xlsx workbook, JSON, or
 * JSON lines for import. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "filters.h"
#include "options.h"
#include "sss/clock.h"
#include "sss/csv.h"
#include "sss/encoding.h"
#include "sss/error.h"
#include "sss/export.h"
#include "sss/fileio.h"
#include "sss/query.h"
#include "sss/strbuf.h"
#include "sss/table.h"
#include "sss/xlsx.h"

enum format { CSV, XLSX, JSON, JSONL };

struct opts {
	enum format format;
	enum sss_export_headings headings;
	enum sss_encoding enc;
	bool enc_given;
	int broken;
};

static struct sss_error *format_option(struct sss_ctx *ctx,
				       const struct cmd_option *opt,
				       const char *arg)
{
	static const char *const names[] = { "csv", "xlsx", "json", "jsonl" };
	struct opts *o = opt->value;
	(void)ctx;
	for (int i = 0; i < 4; i++)
		if (!strcmp(arg, names[i])) {
			o->format = (enum format)i;
			return NULL;
		}
	return sss_error(SSS_ERR_USAGE,
			 "unknown format '%s' (use csv, xlsx, json or jsonl)",
			 arg);
}

static struct sss_error *headings_option(struct sss_ctx *ctx,
					 const struct cmd_option *opt,
					 const char *arg)
{
	struct opts *o = opt->value;
	(void)ctx;
	if (!strcmp(arg, "ja"))
		o->headings = SSS_EXPORT_JA;
	else if (!strcmp(arg, "keys"))
		o->headings = SSS_EXPORT_KEYS;
	else
		return sss_error(SSS_ERR_USAGE,
				 "unknown headings '%s' (use ja or keys)", arg);
	return NULL;
}

static struct sss_error *encoding_option(struct sss_ctx *ctx,
					 const struct cmd_option *opt,
					 const char *arg)
{
	struct opts *o = opt->value;
	(void)ctx;
	if (!strcasecmp(arg, "utf-8") || !strcasecmp(arg, "utf8"))
		o->enc = SSS_ENC_UTF8_BOM;
	else if (!strcasecmp(arg, "cp932") || !strcasecmp(arg, "windows-31j"))
		o->enc = SSS_ENC_CP932;
	else
		return sss_error(SSS_ERR_USAGE,
				 "unknown encoding '%s' (use utf-8 or cp932)",
				 arg);
	o->enc_given = true;
	return NULL;
}

static void broken(void *data, struct sss_error *err)
{
	struct opts *o = data;
	cmd_warn(err);
	o->broken++;
}

/* The options that do not go together. */
static struct sss_error *check_options(struct sss_ctx *ctx,
				       const struct opts *o, const char *output,
				       const char *columns, bool replace)
{
	if (output && !*output)
		return cmd_usage_error(ctx, "-o needs a file name");
	if (o->enc_given && o->format != CSV)
		return cmd_usage_error(ctx, "--encoding is for --format csv "
					    "(JSON and xlsx are always Unicode)");
	if (replace && o->enc != SSS_ENC_CP932)
		return cmd_usage_error(ctx, "--replace is for --encoding cp932");
	if (o->format == JSONL && columns)
		return cmd_usage_error(ctx, "--format jsonl writes whole tickets: "
					    "--columns does not apply");
	if (o->format == XLSX && !output && isatty(STDOUT_FILENO))
		return cmd_usage_error(ctx, "an xlsx workbook is not for a "
					    "terminal: give -o FILE.xlsx");
	return sss_export_check_columns(columns);
}

/* The table as the text or workbook of the format, into out; an xlsx
 * workbook with output straight to that file. */
static struct sss_error *render(struct sss_table *t, const struct opts *o,
				bool replace, const char *output,
				struct strbuf *out)
{
	size_t nreplaced = 0;
	struct sss_error *err = NULL;

	if (o->format == JSON) {
		sss_table_json(t, out);
	} else if (o->format == XLSX && output) {
		err = sss_xlsx_write(output, &t, 1);
	} else if (o->format == XLSX) {
		err = sss_xlsx_render(out, &t, 1);
	} else {
		err = sss_csv_write(t, o->enc, replace, out, &nreplaced);
		if (err && err->code == SSS_ERR_INVALID) {
			struct sss_error *e = sss_error(
				SSS_ERR_INVALID,
				"%s (--encoding utf-8 keeps it, --replace "
				"writes 〓 instead)", err->msg);
			sss_error_free(err);
			err = e;
		}
		if (nreplaced)
			fprintf(stderr,
				"sssctl: warning: %zu characters replaced with 〓\n",
				nreplaced);
	}
	return err;
}

CMD(export)
{
	struct sss_query q = SSS_QUERY_INIT;
	struct opts o = { CSV, SSS_EXPORT_JA, SSS_ENC_UTF8_BOM, false, 0 };
	const char *output = NULL, *columns = NULL;
	bool replace = false;
	struct cmd_option opts[] = {
		OPT_FILTERS(&q),
		OPT_CALLBACK(0, "format", &o, "csv|xlsx|json|jsonl", CMD_OPT_BREAK,
			     format_option, NULL),
		OPT_STRING('o', "output", &output, "FILE", CMD_OPT_SHOW_SHORT),
		OPT_STRING(0, "columns", &columns, "LIST", 0),
		OPT_CALLBACK(0, "headings", &o, "ja|keys", CMD_OPT_BREAK,
			     headings_option, NULL),
		OPT_CALLBACK(0, "encoding", &o, "utf-8|cp932", 0,
			     encoding_option, NULL),
		OPT_BOOL(0, "replace", &replace, 0),
		OPT_END(),
	};
	struct sss_export e = { ctx->repo, &q, NULL, SSS_EXPORT_JA,
				ctx->config, ctx->cal, ctx->now, broken, &o };
	struct sss_table *t = NULL;
	struct strbuf out = STRBUF_INIT;
	struct sss_error *err;

	q.today = sss_time_date(ctx->now);
	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, NULL, 0)))
		goto done;
	if (argc > 0) {
		err = cmd_usage_error(ctx, "unexpected argument '%s'", argv[0]);
		goto done;
	}
	if ((err = check_options(ctx, &o, output, columns, replace)))
		goto done;
	cmd_filters_done(&q);
	e.columns = columns;
	e.headings = o.headings;
	if (o.format == JSONL)
		err = sss_export_jsonl(&e, &out);
	else if (!(err = sss_export_table(&e, &t)))
		err = render(t, &o, replace, output, &out);
	if (err)
		goto done;
	/* a file is replaced whole (temp + rename) or not at all; a broken
	 * ticket file is named on stderr, the others exported, exit 1 */
	if (output && o.format == XLSX)
		;
	else if (output)
		err = sss_write_file_atomic(output, out.buf, out.len, true);
	else
		fwrite(out.buf, 1, out.len, stdout);
	if (!err && o.broken)
		err = CMD_EXIT_FAILED;
done:
	sss_table_free(t);
	strbuf_release(&out);
	sss_query_release(&q);
	return err;
}
