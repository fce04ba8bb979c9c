/* sow.c - sssctl sow: list the SOW catalog, show one entry, or the SOW's
 * summary table. The catalog is the repository's sow/ (main.c loads it).
 * Catalog text comes from the repository, so everything printed goes
 * through sss_sanitize (text) or sss_json_str (JSON). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "sss/i18n.h"
#include "sss/period.h"
#include "sss/catalog.h"
#include "sss/error.h"
#include "sss/json.h"
#include "sss/escape.h"
#include "sss/strbuf.h"
#include "sss/template.h"

/* ---- text -------------------------------------------------------------- */

static void add_clean(struct strbuf *out, const char *s)
{
	sss_sanitize(out, s ? s : "", true);
}

/* A possibly multi-line value, continuation lines indented to col. */
static void add_block(struct strbuf *out, const char *s, int col)
{
	struct strbuf clean = STRBUF_INIT;

	sss_sanitize(&clean, s, false);
	for (const char *p = clean.buf; *p; p++) {
		strbuf_addch(out, *p);
		if (*p == '\n')
			strbuf_addf(out, "%*s", col, "");
	}
	strbuf_release(&clean);
}

/* "label:" padded so that values line up, then the value, then a newline;
 * nothing when the value is absent. */
static void add_field(struct strbuf *out, const char *label, const char *val)
{
	if (!val)
		return;
	strbuf_addf(out, "%-14s", label);
	add_block(out, val, 14);
	strbuf_addch(out, '\n');
}

static void add_name(const char *name, void *data)
{
	struct strbuf *sb = data;

	if (sb->len)
		strbuf_addstr(sb, ", ");
	add_clean(sb, name);
}

static void show_text(struct strbuf *out, const struct sss_catalog *cat,
		      const struct sss_sow_entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct sss_error *err;
	enum sss_freq freq = sss_sow_freq(e);
	size_t n;

	add_field(out, "key:", sss_sow_key(e));
	add_field(out, "number:", sss_sow_no(e));
	if (sss_sow_summary_no(e)) {
		strbuf_addf(&sb, "%d", sss_sow_summary_no(e));
		/* name the summary item (中分類 / 小分類): the item alone,
		 * e.g. ソフトウェア全般, recurs under several areas */
		for (size_t i = 0; i < sss_catalog_summary_count(cat); i++) {
			if (sss_summary_no(cat, i) != sss_sow_summary_no(e))
				continue;
			if (sss_summary_area(cat, i))
				strbuf_addf(&sb, " %s /",
					    sss_summary_area(cat, i));
			if (sss_summary_item(cat, i))
				strbuf_addf(&sb, " %s",
					    sss_summary_item(cat, i));
		}
		add_field(out, "summary:", sb.buf);
		strbuf_reset(&sb);
	}
	add_field(out, "category:", sss_sow_category(e));
	add_field(out, "area:", sss_sow_area(e));
	add_field(out, "item:", sss_sow_item(e));
	add_field(out, "kind:", sss_sow_kind(e));
	add_field(out, "frequency:", sss_freq_label(freq));
	add_field(out, "title:", sss_sow_title(e));
	/* the catalog was validated on load: the title is well-formed */
	err = sss_template_names(sss_sow_title(e), add_name, &sb);
	sss_error_free(err);
	add_field(out, "placeholders:", sb.len ? sb.buf : "-");
	strbuf_reset(&sb);
	add_field(out, "work:", sss_sow_work(e));

	if ((n = sss_sow_step_count(e))) {
		strbuf_addstr(out, "steps:\n");
		for (size_t i = 0; i < n; i++) {
			enum sss_freq sf = sss_sow_step_freq(e, i);
			strbuf_addf(out, "  %2zu. ", i + 1);
			add_clean(out, sss_sow_step_text(e, i));
			if (sf != freq)
				strbuf_addf(out, " [%s]", sss_freq_label(sf));
			strbuf_addch(out, '\n');
			if (sss_sow_step_note(e, i)) {
				strbuf_addstr(out, "      note: ");
				add_clean(out, sss_sow_step_note(e, i));
				strbuf_addch(out, '\n');
			}
		}
	}
	if ((n = sss_sow_document_count(e))) {
		strbuf_addstr(out, "documents:\n");
		for (size_t i = 0; i < n; i++) {
			strbuf_addstr(out, "  - ");
			add_clean(out, sss_sow_document(e, i));
			strbuf_addch(out, '\n');
		}
	}
	add_field(out, "remarks:", sss_sow_remarks(e));

	if ((n = sss_sow_instance_count(e))) {
		strbuf_addstr(out, "instances:\n");
		for (size_t i = 0; i < n; i++) {
			strbuf_addstr(out, "  ");
			add_clean(out, sss_sow_instance_key(e, i));
			strbuf_addch(out, ':');
			for (size_t j = 0;
			     j < sss_sow_instance_param_count(e, i); j++) {
				strbuf_addch(out, ' ');
				add_clean(out,
					  sss_sow_instance_param_name(e, i, j));
				strbuf_addch(out, '=');
				add_clean(
				    out, sss_sow_instance_param_value(e, i, j));
			}
			strbuf_addch(out, '\n');
			for (size_t j = 0;
			     j < sss_sow_instance_step_count(e, i); j++) {
				const char *note =
				    sss_sow_instance_step_note(e, i, j);
				strbuf_addf(out, "    %2zu. ", j + 1);
				add_clean(out,
					  sss_sow_instance_step_text(e, i, j));
				strbuf_addch(out, '\n');
				if (note) {
					strbuf_addstr(out, "        note: ");
					add_clean(out, note);
					strbuf_addch(out, '\n');
				}
			}
		}
	}
	strbuf_release(&sb);
}

/* ---- JSON -------------------------------------------------------------- */

static void json_str_or_null(struct strbuf *out, const char *s)
{
	if (s)
		sss_json_str(out, s);
	else
		strbuf_addstr(out, "null");
}

static void json_member(struct strbuf *out, const char *name, const char *s)
{
	strbuf_addf(out, ",\"%s\":", name);
	json_str_or_null(out, s);
}

static void json_name(const char *name, void *data)
{
	struct strbuf *sb = data;

	if (sb->buf[sb->len - 1] != '[')
		strbuf_addch(sb, ',');
	sss_json_str(sb, name);
}

static void show_json(struct strbuf *out, const struct sss_sow_entry *e)
{
	struct sss_error *err;

	strbuf_addstr(out, "{\"key\":");
	sss_json_str(out, sss_sow_key(e));
	json_member(out, "number", sss_sow_no(e));
	if (sss_sow_summary_no(e))
		strbuf_addf(out, ",\"summary\":%d", sss_sow_summary_no(e));
	else
		strbuf_addstr(out, ",\"summary\":null");
	json_member(out, "category", sss_sow_category(e));
	json_member(out, "area", sss_sow_area(e));
	json_member(out, "item", sss_sow_item(e));
	json_member(out, "kind", sss_sow_kind(e));
	json_member(out, "frequency", sss_freq_label(sss_sow_freq(e)));
	json_member(out, "title", sss_sow_title(e));
	strbuf_addstr(out, ",\"placeholders\":[");
	err = sss_template_names(sss_sow_title(e), json_name, out);
	sss_error_free(err);
	strbuf_addch(out, ']');
	json_member(out, "work", sss_sow_work(e));

	strbuf_addstr(out, ",\"steps\":[");
	for (size_t i = 0; i < sss_sow_step_count(e); i++) {
		strbuf_addstr(out, i ? ",{\"text\":" : "{\"text\":");
		sss_json_str(out, sss_sow_step_text(e, i));
		json_member(out, "frequency",
			    sss_freq_label(sss_sow_step_freq(e, i)));
		json_member(out, "note", sss_sow_step_note(e, i));
		strbuf_addch(out, '}');
	}
	strbuf_addstr(out, "],\"documents\":[");
	for (size_t i = 0; i < sss_sow_document_count(e); i++) {
		if (i)
			strbuf_addch(out, ',');
		sss_json_str(out, sss_sow_document(e, i));
	}
	strbuf_addch(out, ']');
	json_member(out, "remarks", sss_sow_remarks(e));

	strbuf_addstr(out, ",\"instances\":[");
	for (size_t i = 0; i < sss_sow_instance_count(e); i++) {
		strbuf_addstr(out, i ? ",{\"key\":" : "{\"key\":");
		sss_json_str(out, sss_sow_instance_key(e, i));
		strbuf_addstr(out, ",\"params\":{");
		for (size_t j = 0; j < sss_sow_instance_param_count(e, i);
		     j++) {
			if (j)
				strbuf_addch(out, ',');
			sss_json_str(out, sss_sow_instance_param_name(e, i, j));
			strbuf_addch(out, ':');
			sss_json_str(out,
				     sss_sow_instance_param_value(e, i, j));
		}
		strbuf_addstr(out, "},\"steps\":[");
		for (size_t j = 0; j < sss_sow_instance_step_count(e, i); j++) {
			strbuf_addstr(out, j ? ",{\"text\":" : "{\"text\":");
			sss_json_str(out, sss_sow_instance_step_text(e, i, j));
			json_member(out, "note",
				    sss_sow_instance_step_note(e, i, j));
			strbuf_addch(out, '}');
		}
		strbuf_addstr(out, "]}");
	}
	strbuf_addstr(out, "]}");
}

/* ---- the three forms --------------------------------------------------- */

static void list(struct strbuf *out, const struct sss_catalog *cat, bool json)
{
	size_t n = sss_catalog_count(cat);

	if (json)
		strbuf_addch(out, '[');
	for (size_t i = 0; i < n; i++) {
		const struct sss_sow_entry *e = sss_catalog_at(cat, i);
		if (json) {
			if (i)
				strbuf_addch(out, ',');
			show_json(out, e);
			continue;
		}
		/* key first and tab-separated, for cut(1) and awk */
		add_clean(out, sss_sow_key(e));
		strbuf_addf(out, "\t%s\t", sss_freq_label(sss_sow_freq(e)));
		add_clean(out, sss_sow_title(e));
		strbuf_addch(out, '\n');
	}
	if (json)
		strbuf_addstr(out, "]\n");
}

static void summary(struct strbuf *out, const struct sss_catalog *cat,
		    bool json)
{
	size_t n = sss_catalog_summary_count(cat);

	if (json)
		strbuf_addch(out, '[');
	for (size_t i = 0; i < n; i++) {
		int no = sss_summary_no(cat, i);
		bool first = true;

		if (json) {
			strbuf_addf(out, "%s{\"number\":%d", i ? "," : "", no);
			json_member(out, "category",
				    sss_summary_category(cat, i));
			json_member(out, "area", sss_summary_area(cat, i));
			json_member(out, "item", sss_summary_item(cat, i));
			json_member(out, "work", sss_summary_work(cat, i));
			json_member(out, "remarks",
				    sss_summary_remarks(cat, i));
			strbuf_addstr(out, ",\"entries\":[");
		} else {
			strbuf_addf(out, "%d\t", no);
			add_clean(out, sss_summary_category(cat, i));
			strbuf_addch(out, '\t');
			add_clean(out, sss_summary_area(cat, i));
			strbuf_addch(out, '\t');
			add_clean(out, sss_summary_item(cat, i));
			strbuf_addch(out, '\t');
		}
		/* the ticket types that count towards this SOW item */
		for (size_t j = 0; j < sss_catalog_count(cat); j++) {
			const struct sss_sow_entry *e = sss_catalog_at(cat, j);
			if (sss_sow_summary_no(e) != no)
				continue;
			if (!first)
				strbuf_addch(out, json ? ',' : ' ');
			first = false;
			if (json)
				sss_json_str(out, sss_sow_key(e));
			else
				add_clean(out, sss_sow_key(e));
		}
		strbuf_addstr(out, json ? "]}" : "\n");
	}
	if (json)
		strbuf_addstr(out, "]\n");
}

static struct sss_error *format_option(struct sss_ctx *ctx, const struct cmd_option *opt,
				       const char *arg)
{
	if (!strcmp(arg, "json"))
		*(bool *)opt->value = true;
	else if (strcmp(arg, "text"))
		return cmd_usage_error(ctx, "unknown format '%s' (use text or json)", arg);
	return NULL;
}

/* sssctl sow show KEY */
static struct sss_error *show(struct sss_ctx *ctx, struct strbuf *out, int argc,
			      char **argv, bool json)
{
	const struct sss_sow_entry *e;

	if (argc != 2)
		return cmd_usage_error(ctx, "give one SOW key");
	if (!(e = sss_catalog_find(ctx->catalog, argv[1])))
		return sss_error(SSS_ERR_NOTFOUND, "unknown SOW key '%s'; see 'sssctl sow'",
				 argv[1]);
	if (json) {
		show_json(out, e);
		strbuf_addch(out, '\n');
	} else {
		show_text(out, ctx->catalog, e);
	}
	return NULL;
}

CMD(sow)
{
	static const struct cmd_form forms[] = {
		{ "" },
		{ "show" },
		{ "summary" },
		{ NULL },
	};
	bool json = false;
	struct cmd_option opts[] = {
		OPT_CALLBACK(0, "format", &json, "text|json", 0, format_option, NULL),
		{ CMD_OPT_OPERANDS, .argh = N_("KEY"), .forms = CMD_FORM(1) },
		OPT_END(),
	};
	struct strbuf out = STRBUF_INIT;
	struct sss_error *err = NULL;

	if ((err = cmd_parse_options(ctx, &argc, &argv, opts, forms, 0)))
		return err;
	if (argc == 0) {
		list(&out, ctx->catalog, json);
	} else if (!strcmp(argv[0], "show")) {
		err = show(ctx, &out, argc, argv, json);
	} else if (!strcmp(argv[0], "summary")) {
		if (argc != 1)
			err = cmd_usage_error(ctx, "'summary' takes no arguments");
		else
			summary(&out, ctx->catalog, json);
	} else if (sss_catalog_find(ctx->catalog, argv[0])) {
		/* a key without "show" is the likely slip */
		err = cmd_usage_error(ctx, "unknown sow command '%s' (did you mean 'sssctl sow show %s'?)",
				      argv[0], argv[0]);
	} else {
		err = cmd_usage_error(ctx, "unknown sow command '%s'", argv[0]);
	}
	if (!err)
		fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	return err;
}
