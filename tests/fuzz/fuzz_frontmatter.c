/* fuzz_frontmatter.c - the ticket file parser and writer.
 *
 * Property: a file that parses is written back (sss_ticket_format) into a
 * file that parses again, whose formatted text and JSON are identical to
 * the first ones (parse -> format -> parse is a fixed point and keeps the
 * meaning). A file that does not parse gets one error naming the file.
 * Appending a work-log line and replacing a section keep the ticket
 * parseable. */
#include "fuzz.h"
#include "sss/ticket.h"

#define PATH "tickets/2026/11/2611-FUZZ00.md"

static void reparse(const struct strbuf *text, const char *what,
		    struct sss_ticket **out)
{
	struct sss_error *err = sss_ticket_parse(out, text->buf, text->len, PATH);
	if (err)
		FUZZ_FAIL("%s does not parse again: %s\n--- text ---\n%s", what,
			  err->msg, text->buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sss_ticket *t1 = NULL, *t2 = NULL, *t3 = NULL;
	struct strbuf f1 = STRBUF_INIT, f2 = STRBUF_INIT;
	struct strbuf j1 = STRBUF_INIT, j2 = STRBUF_INIT, sec = STRBUF_INIT;
	struct sss_error *err;

	err = sss_ticket_parse(&t1, (const char *)data, size, PATH);
	if (err) {
		fuzz_check_error(err, "'" PATH "'");
		sss_error_free(err);
		return 0;
	}
	sss_ticket_format(t1, &f1);
	sss_ticket_to_json(t1, &j1, true);
	reparse(&f1, "the formatted ticket", &t2);
	sss_ticket_format(t2, &f2);
	sss_ticket_to_json(t2, &j2, true);
	if (strcmp(f1.buf, f2.buf))
		FUZZ_FAIL("format is not a fixed point\n--- first ---\n%s\n"
			  "--- second ---\n%s", f1.buf, f2.buf);
	if (strcmp(j1.buf, j2.buf))
		FUZZ_FAIL("the round trip changed the meaning\n--- first ---\n"
			  "%s\n--- second ---\n%s", j1.buf, j2.buf);

	/* what comment, close and report do to the body */
	int open = 0, done = 0;
	sss_ticket_checklist_count(t2, &open, &done);
	sss_ticket_section(t2, SSS_SEC_WORKLOG, &sec);
	sss_ticket_section_append(t2, SSS_SEC_WORKLOG,
				  "- 2026-11-26 10:15 田中: fuzz");
	sss_ticket_section_replace(t2, SSS_SEC_RESOLUTION, "対応済み");
	strbuf_reset(&f2);
	sss_ticket_format(t2, &f2);
	reparse(&f2, "the ticket after a section edit", &t3);
	strbuf_reset(&sec);
	if (!sss_ticket_section(t3, SSS_SEC_WORKLOG, &sec) ||
	    !strstr(sec.buf, "田中: fuzz"))
		FUZZ_FAIL("the appended work-log line is lost\n%s", f2.buf);

	sss_ticket_free(t1);
	sss_ticket_free(t2);
	sss_ticket_free(t3);
	strbuf_release(&f1);
	strbuf_release(&f2);
	strbuf_release(&j1);
	strbuf_release(&j2);
	strbuf_release(&sec);
	return 0;
}
