/* fuzz_query.c - the list filter parser (sss_query_add, sss_query_match).
 *
 * Input: lines "field=values" (as --status, --kind, --sow, --assignee
 * give them). Properties: no crash or leak; an error is one line and is a
 * usage error (exit 2); a query that parses can be matched against
 * tickets; a ticket matches a query made only of its own values. */
#include "fuzz.h"
#include "sss/query.h"
#include "sss/ticket.h"

static const char ticket_text[] =
    "---\nid: 2611-ABCDEF\ntitle: t\nsow: usage-inquiry\nkind: request\n"
    "status: open\nassignee: 田中\ncreated: 2026-11-26T10:00:00+09:00\n"
    "due: 2026-11-20\n---\n";
static const char closed_text[] =
    "---\nid: 2611-ABCDEG\ntitle: t\nstatus: closed\n"
    "created: 2026-11-26T10:00:00+09:00\n---\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sss_ticket *t, *closed;
	struct sss_query q = SSS_QUERY_INIT;
	struct sss_error *err = NULL;
	char *in = fuzz_str(data, size);

	if (!t) {
		if (sss_ticket_parse(&t, ticket_text, strlen(ticket_text), "a") ||
		    sss_ticket_parse(&closed, closed_text, strlen(closed_text),
				     "b"))
			abort();
	}
	q.today = sss_date_from_ymd(2026, 11, 26);
	for (char *line = in, *next; line && !err; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *eq = strchr(line, '=');
		if (!strcmp(line, "--all")) {
			q.all = true;
			continue;
		}
		if (!strcmp(line, "--overdue")) {
			q.overdue = true;
			continue;
		}
		if (!eq)
			continue;
		*eq = '\0';
		err = sss_query_add(&q, line, eq + 1);
	}
	if (err) {
		fuzz_check_error(err, NULL);
		if (err->code != SSS_ERR_USAGE)
			FUZZ_FAIL("filter error is not a usage error: %s",
				  err->msg);
		sss_error_free(err);
	} else {
		(void)sss_query_match(&q, t);
		(void)sss_query_match(&q, closed);
	}
	sss_query_release(&q);

	/* a query of the ticket's own values matches it */
	struct sss_query own = SSS_QUERY_INIT;
	own.today = sss_date_from_ymd(2026, 11, 26);
	if (sss_query_add(&own, "status", "open,waiting") ||
	    sss_query_add(&own, "assignee", "田中") || !sss_query_match(&own, t))
		FUZZ_FAIL("own values do not match");
	sss_query_release(&own);
	free(in);
	return 0;
}
