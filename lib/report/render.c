/* render.c - writing a report (sss_report_render): JSON straight from the
 * numbers, Markdown and HTML from the report templates (the repository's
 * templates/, else the built-in ones) filled with the values of
 * values.c. */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/config.h"
#include "sss/embedded.h"
#include "sss/error.h"
#include "sss/escape.h"
#include "sss/fileio.h"
#include "sss/store.h"
#include "sss/strbuf.h"
#include "sss/template.h"
#include "sss/utf8.h"

/* The repository's templates/<name>, else the built-in one. */
struct sss_error *report_load_text(const struct sss_report *r, const char *rel,
				   char **text)
{
	struct strbuf fs = STRBUF_INIT;
	struct sss_error *err;
	size_t len;
	int line, col;

	sss_repo_path(r->o.repo, &fs, rel);
	err = sss_read_file_rel(fs.buf, rel, SSS_REPORT_MAX_TEMPLATE, text, &len);
	strbuf_release(&fs);
	if (err && err->code == SSS_ERR_NOTFOUND) {
		const struct sss_embedded_file *f = sss_embedded_find(rel);
		sss_error_free(err);
		if (!f)
			return sss_error(SSS_ERR_NOTFOUND, "no report template '%s'", rel);
		*text = xstrdup(f->data);
		return NULL;
	}
	if (err)
		return err;
	len = sss_text_normalize(*text, len);
	(*text)[len] = '\0';
	if (!sss_utf8_check(*text, len, &line, &col)) {
		free(*text);
		*text = NULL;
		return sss_error(SSS_ERR_PARSE, "'%s' line %d: not valid UTF-8", rel, line);
	}
	return NULL;
}

/* Append text (len bytes) to out, whose report began at start: a
 * {@chart} line leaves its blank lines behind, so no more than one blank
 * line in a row (values never hold one, minutes are quoted). */
static void add_md(struct strbuf *out, size_t start, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (text[i] != '\n' || out->len < start + 2 ||
		    out->buf[out->len - 1] != '\n' || out->buf[out->len - 2] != '\n')
			strbuf_addch(out, text[i]);
}

/* The author and approval boxes in Markdown, where the HTML has its seal
 * boxes: a table of the labels (config report.approvals) over one empty
 * row. */
static void approvals_md(const struct sss_report *r, struct strbuf *out)
{
	const struct sss_config *c = r->o.config;

	if (!c->napprovals)
		return;
	strbuf_addstr(out, "\n|");
	for (size_t i = 0; i < c->napprovals; i++) {
		strbuf_addch(out, ' ');
		sss_escape_markdown(out, c->approvals[i], 0);
		strbuf_addstr(out, " |");
	}
	strbuf_addstr(out, "\n|");
	for (size_t i = 0; i < c->napprovals; i++)
		strbuf_addstr(out, ":---:|");
	strbuf_addstr(out, "\n|");
	for (size_t i = 0; i < c->napprovals; i++)
		strbuf_addstr(out, " 　 |");
	strbuf_addstr(out, "\n\n");
}

struct sss_error *sss_report_render(const struct sss_report *r,
				    enum sss_report_format f,
				    struct strbuf *out)
{
	struct strbuf md = STRBUF_INIT, rel = STRBUF_INIT;
	struct sss_tvars *v = NULL;
	struct sss_template_mark *marks = NULL;
	size_t nmarks = 0, start = out->len;
	char *tmpl = NULL;
	struct sss_error *err = NULL;

	if (f == SSS_REPORT_JSON) {
		report_render_json(r, out);
		return NULL;
	}
	if (f == SSS_REPORT_XLSX)
		return report_render_xlsx(r, out);
	if (f == SSS_REPORT_PDF) {
		struct strbuf page = STRBUF_INIT;
		if (!(err = sss_report_render(r, SSS_REPORT_HTML, &page)))
			err = sss_report_pdf(page.buf, page.len, SSS_REPORT_PDF_TIMEOUT_MS, out);
		strbuf_release(&page);
		return err;
	}
	strbuf_addf(&rel, "templates/report-%s.md",
		    r->o.kind == SSS_REPORT_MONTHLY ? "monthly" : "weekly");
	if ((err = report_load_text(r, rel.buf, &tmpl)))
		goto done;
	v = report_vars(r, f);
	if ((err = sss_template_render(tmpl, rel.buf, v, report_charts, &md, &marks, &nmarks)))
		goto done;
	if (f == SSS_REPORT_MD) {
		struct strbuf box = STRBUF_INIT;
		size_t prev = 0;
		for (size_t i = 0; i <= nmarks; i++) {
			size_t end = i < nmarks ? marks[i].offset : md.len;
			add_md(out, start, md.buf + prev, end - prev);
			if (i < nmarks && !strcmp(marks[i].chart, "approvals")) {
				strbuf_reset(&box);
				approvals_md(r, &box);
				add_md(out, start, box.buf, box.len);
			}
			prev = end;
		}
		strbuf_release(&box);
	} else
		err = report_render_html(r, md.buf, md.len, marks, nmarks, out);
done:
	if (err)
		strbuf_setlen(out, start);
	for (size_t i = 0; i < nmarks; i++)
		free(marks[i].chart);
	free(marks);
	free(tmpl);
	sss_tvars_free(v);
	strbuf_release(&md);
	strbuf_release(&rel);
	return err;
}
