/* render_svg.c - the SVG charts of the HTML report, written here with
 * every text escaped (sss_escape_html). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "sss/date.h"
#include "sss/escape.h"
#include "sss/strbuf.h"

/* "approvals" is the seal boxes, not a chart: render_html.c and render.c
 * put them there */
const char *const report_charts[] = { "categories", "backlog", "approvals", NULL };

static const char *const bar_colors[] = { "#8a94a3", "#2f6db5", "#3a9a5b", "#e08a1e" };
static const char *const bar_labels[] = { "前期繰越", "起票", "完了", "期末未完了" };

/* Tickets by SOW category for the period: grouped horizontal bars. */
static void svg_categories(const struct sss_report *r, struct strbuf *o)
{
	struct catsum *cats;
	size_t nc = report_category_counts(r, &cats);
	const int W = 680, left = 120, barmax = 480, bh = 14, top = 34;
	const int gh = 4 * bh + 3 * 3 + 16;
	int H = top + (int)nc * gh + 8, max = 1;

	for (size_t i = 0; i < nc; i++) {
		int v[4] = { cats[i].c.carried, cats[i].c.opened, cats[i].c.closed, cats[i].c.open };
		for (int j = 0; j < 4; j++)
			max = v[j] > max ? v[j] : max;
	}
	strbuf_addf(o, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"SOW大分類別のチケット件数\">\n", W, H, W, H);
	for (int j = 0; j < 4; j++)
		strbuf_addf(o, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			       "<text x=\"%d\" y=\"18\" font-size=\"12\">%s</text>\n",
			    left + j * 110, bar_colors[j], left + j * 110 + 16, bar_labels[j]);
	for (size_t i = 0; i < nc; i++) {
		int y0 = top + (int)i * gh;
		int v[4] = { cats[i].c.carried, cats[i].c.opened, cats[i].c.closed, cats[i].c.open };
		strbuf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\">",
			    left - 10, y0 + (4 * bh + 9) / 2 + 5);
		sss_escape_html(o, cats[i].name);
		strbuf_addstr(o, "</text>\n");
		for (int j = 0; j < 4; j++) {
			int y = y0 + j * (bh + 3), w = v[j] * barmax / max;
			strbuf_addf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
				       "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d</text>\n",
				    left, y, w, bh, bar_colors[j], left + w + 4, y + bh - 3, v[j]);
		}
	}
	strbuf_addf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n",
		    left, top - 4, left, H - 8);
	strbuf_addstr(o, "</svg>\n<figcaption>図 SOW大分類別のチケット件数（期首の繰越、期間中の起票・完了、期末の未完了）</figcaption>\n</figure>\n");
	free(cats);
}

/* Open backlog at each month end over the last 12 months since the
 * contract start: vertical bars. */
static void svg_backlog(const struct sss_report *r, struct strbuf *o)
{
	const int W = 680, H = 250, left = 48, right = 12, top = 18, bottom = 46;
	const int pw = W - left - right, ph = H - top - bottom;
	int max = 0, step = 1;
	static const int steps[] = { 1, 2, 5 };

	const int first = report_hist_first(r), n = 12 - first;
	for (int i = first; i < 12; i++)
		max = r->hist[i] > max ? r->hist[i] : max;
	/* a round grid step: 1, 2, 5, 10, 20, 50, ... with 4 steps >= max */
	for (int mag = 1, done = 0; !done && mag < 100000000; mag *= 10)
		for (int s = 0; s < 3 && !done; s++)
			if (steps[s] * mag * 4 >= max) {
				step = steps[s] * mag;
				done = 1;
			}
	int ymax = step * 4;
	strbuf_addf(o, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"月末時点の未完了チケット件数（過去12か月）\">\n", W, H, W, H);
	for (int g = 0; g <= 4; g++) {
		int y = top + ph - g * ph / 4;
		strbuf_addf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
			       "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d</text>\n",
			    left, y, W - right, y, g ? "#ddd" : "#555", left - 6, y + 4, g * step);
	}
	int slot = pw / n, bw = slot * 6 / 10 < 34 ? slot * 6 / 10 : 34;
	for (int i = first; i < 12; i++) {
		int y, m, d;
		sss_date_to_ymd(r->hist_at[i], &y, &m, &d);
		bool partial = d != sss_days_in_month(y, m);
		int x = left + (i - first) * slot + (slot - bw) / 2;
		int h = r->hist[i] * ph / ymax;
		strbuf_addf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
			       "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>\n",
			    x, top + ph - h, bw, h, partial ? "#93b6de" : "#2f6db5",
			    x + bw / 2, top + ph - h - 4, r->hist[i]);
		strbuf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d月%s</text>\n",
			    x + bw / 2, top + ph + 15, m, partial ? "*" : "");
		if (i == first || m == 1)
			strbuf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">%d年</text>\n",
				    x + bw / 2, top + ph + 30, y);
	}
	strbuf_addf(o, "</svg>\n<figcaption>図 月末時点の未完了チケット件数（%s。* は月途中の集計日時点）</figcaption>\n</figure>\n",
		    first ? "契約開始以降" : "過去12か月");
}

void report_svg_chart(const struct sss_report *r, const char *name,
		      struct strbuf *o)
{
	if (!strcmp(name, "categories"))
		svg_categories(r, o);
	else if (!strcmp(name, "backlog"))
		svg_backlog(r, o);
}
