/* filename.c - the default file name of a report, after the SOW's
 * document naming (see sss_report_file_name in report.h). */
#include "report_priv.h"
#include "sss/config.h"
#include "sss/date.h"
#include "sss/strbuf.h"

void sss_report_file_name(const struct sss_report *r, enum sss_report_format f,
			  struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	int y1, m1, d1, y2, m2, d2;

	sss_date_to_ymd(r->start, &y1, &m1, &d1);
	sss_date_to_ymd(r->end, &y2, &m2, &d2);
	strbuf_addf(&sb, "【%s】_", r->o.config->client ? r->o.config->client : "");
	if (r->o.kind == SSS_REPORT_MONTHLY)
		strbuf_addf(&sb, "%04d年%02d月-%04d年%02d月度月次報告書", y1, m1, y2, m2);
	else
		strbuf_addf(&sb, "%04d年%02d月%02d日-%04d年%02d月%02d日週次報告書", y1, m1,
			    d1, y2, m2, d2);
	strbuf_addstr(&sb, f == SSS_REPORT_HTML  ? ".html"
			   : f == SSS_REPORT_JSON ? ".json"
			   : f == SSS_REPORT_PDF  ? ".pdf"
			   : f == SSS_REPORT_XLSX ? ".xlsx"
						  : ".md");
	for (const char *p = sb.buf; *p; p++) {
		unsigned char c = (unsigned char)*p;
		strbuf_addch(out, c < 0x20 || c == 0x7f || c == '/' || c == '\\' ? '_' : (char)c);
	}
	strbuf_release(&sb);
}
