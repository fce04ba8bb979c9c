/* render_html.c - the HTML report: one self-contained page with the
 * style sheet, the report's Markdown through cmark-gfm and the SVG charts
 * at their marks. The only code that talks to cmark-gfm.
 *
 * Safety: cmark-gfm runs in its safe default (raw HTML and javascript:
 * URLs dropped) on input of bounded size (CVE-2023-37463); the ticket
 * texts in the Markdown are text already (sss_escape_markdown), and the
 * HTML around it is written here with every value escaped. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "report_priv.h"
#include "sss/config.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/strbuf.h"
#include "sss/template.h"

struct sss_error *report_md_to_html(struct strbuf *out, const char *md,
				    size_t len)
{
	static const char *const exts[] = { "table", "tasklist", "strikethrough" };
	cmark_parser *parser = NULL;
	cmark_node *doc = NULL;
	char *html = NULL;
	struct sss_error *err = NULL;

	if (len > SSS_REPORT_MAX_MARKDOWN)
		return sss_error(SSS_ERR_LIMIT,
				 "the report's Markdown is %zu bytes, more than the %u that are rendered to HTML",
				 len, SSS_REPORT_MAX_MARKDOWN);
	cmark_gfm_core_extensions_ensure_registered();
	/* CMARK_OPT_DEFAULT is the safe mode: raw HTML is omitted and
	 * javascript:, vbscript:, file: and data: (but images) URLs are
	 * dropped; no CMARK_OPT_UNSAFE, ever */
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!parser)
		return sss_error(SSS_ERR_NOMEM, "cannot make a Markdown parser");
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (!e || !cmark_parser_attach_syntax_extension(parser, e)) {
			err = sss_error(SSS_ERR_INVALID, "cmark-gfm has no '%s' extension", exts[i]);
			goto done;
		}
	}
	cmark_parser_feed(parser, md, len);
	if (!(doc = cmark_parser_finish(parser))) {
		err = sss_error(SSS_ERR_NOMEM, "cannot parse the report's Markdown");
		goto done;
	}
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
				 cmark_parser_get_syntax_extensions(parser));
	if (!html) {
		err = sss_error(SSS_ERR_NOMEM, "cannot render the report's HTML");
		goto done;
	}
	strbuf_addstr(out, html);
done:
	if (html)
		cmark_get_default_mem_allocator()->free(html);
	if (doc)
		cmark_node_free(doc);
	cmark_parser_free(parser);
	return err;
}

/* s as the text of a CSS string: quotes, backslashes, control
 * characters and '<' (which could end the <style>) as escapes. */
static void css_string(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '<' || c == '>')
			strbuf_addf(out, "\\%x ", c);
		else
			strbuf_addch(out, (char)c);
	}
	strbuf_addch(out, '"');
}

/* The printed page's margin: the document name at the top and "3 / 7"
 * at the bottom (CSS @page margin boxes; with them, a browser prints
 * no header or footer of its own). The look is report.css's; only the
 * texts are the report's. */
static void page_margins(struct strbuf *out, const char *document)
{
	strbuf_addstr(out, "@page {\n\t@top-left { content: ");
	css_string(out, document);
	strbuf_addstr(out, "; }\n"
			   "\t@bottom-center { content: counter(page) \" / \" counter(pages); }\n}\n");
}

/* The author and approval boxes (config report.approvals): a label over
 * an empty box for each, for the seal or signature. */
static void approval_boxes(const struct sss_report *r, struct strbuf *out)
{
	const struct sss_config *c = r->o.config;

	if (!c->napprovals)
		return;
	strbuf_addstr(out, "<div class=\"approvals\" role=\"group\" aria-label=\"承認欄\">\n");
	for (size_t i = 0; i < c->napprovals; i++) {
		strbuf_addstr(out, "<div class=\"approval\"><div class=\"label\">");
		sss_escape_html(out, c->approvals[i]);
		strbuf_addstr(out, "</div><div class=\"seal\"></div></div>\n");
	}
	strbuf_addstr(out, "</div>\n");
}

struct sss_error *report_render_html(const struct sss_report *r,
				     const char *md, size_t len,
				     const struct sss_template_mark *marks,
				     size_t nmarks, struct strbuf *out)
{
	static const char css_rel[] = "templates/report.css";
	struct strbuf sb = STRBUF_INIT;
	char *css = NULL;
	struct sss_error *err;
	size_t prev = 0;

	if (len > SSS_REPORT_MAX_MARKDOWN)
		return sss_error(SSS_ERR_LIMIT,
				 "the report's Markdown is %zu bytes, more than the %u that are rendered to HTML",
				 len, SSS_REPORT_MAX_MARKDOWN);
	if ((err = report_load_text(r, css_rel, &css)))
		return err;
	if (strstr(css, "</")) {
		/* it goes inside <style>: "</" could end it */
		err = sss_error(SSS_ERR_INVALID, "'%s': a style sheet must not contain '</'", css_rel);
		goto done;
	}
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			   "style-src 'unsafe-inline'; img-src data:\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<meta name=\"generator\" content=\"sssctl\">\n<title>");
	sss_report_file_name(r, SSS_REPORT_MD, &sb);
	strbuf_setlen(&sb, sb.len - 3);
	sss_escape_html(out, sb.buf);
	strbuf_addstr(out, "</title>\n<style>\n");
	strbuf_addstr(out, css);
	page_margins(out, sb.buf);
	strbuf_addf(out, "</style>\n</head>\n<body>\n<main class=\"report %s\">\n",
		    r->o.kind == SSS_REPORT_MONTHLY ? "monthly" : "weekly");
	for (size_t i = 0; i <= nmarks; i++) {
		size_t end = i < nmarks ? marks[i].offset : len;
		if (end > prev && (err = report_md_to_html(out, md + prev, end - prev)))
			goto done;
		if (i < nmarks && !strcmp(marks[i].chart, "approvals"))
			approval_boxes(r, out);
		else if (i < nmarks)
			report_svg_chart(r, marks[i].chart, out);
		prev = end;
	}
	strbuf_addstr(out, "</main>\n</body>\n</html>\n");
done:
	free(css);
	strbuf_release(&sb);
	return err;
}
