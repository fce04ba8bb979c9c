/* mail_ticket.c - a mail made into a ticket's parts (see mail.h): which
 * placeholder the subject fills, the requester, the ## 内容 text, and the
 * Message-ID already in the repository. */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/catalog.h"
#include "sss/error.h"
#include "sss/json.h"
#include "sss/mail.h"
#include "sss/scan.h"
#include "sss/strbuf.h"
#include "sss/config.h"
#include "sss/store.h"
#include "sss/template.h"
#include "sss/ticket.h"
#include "sss/tracker.h"

struct names {
	struct strbuf other; /* the first placeholder not from the date */
	size_t nother;
	bool event;
};

static void collect(const char *name, void *data)
{
	struct names *n = data;
	if (!strcmp(name, "事象"))
		n->event = true;
	else if (strcmp(name, "年月") && strcmp(name, "年月日") && !n->nother++)
		strbuf_addstr(&n->other, name);
}

bool sss_mail_ticket_param(const struct sss_sow_entry *e, struct strbuf *name)
{
	struct names n = { STRBUF_INIT, 0, false };
	struct sss_error *err = sss_template_names(sss_sow_title(e), collect, &n);
	bool found = !err && (n.event || n.nother == 1);

	if (found)
		strbuf_addstr(name, n.event ? "事象" : n.other.buf);
	sss_error_free(err);
	strbuf_release(&n.other);
	return found;
}

void sss_mail_ticket_requester(const struct sss_mail *m, struct strbuf *out)
{
	if (*m->from_name && *m->from_addr)
		strbuf_addf(out, "%s <%s>", m->from_name, m->from_addr);
	else
		strbuf_addstr(out, *m->from_addr ? m->from_addr : m->from_name);
}

/* 12.3 KB, as a person reads a size (1 KB = 1024 bytes, as mail clients
 * show them). */
static void size_text(struct strbuf *out, size_t n)
{
	if (n < 1024)
		strbuf_addf(out, "%zu B", n);
	else if (n < 1024u * 1024)
		strbuf_addf(out, "%.1f KB", (double)n / 1024);
	else
		strbuf_addf(out, "%.1f MB", (double)n / (1024.0 * 1024));
}

void sss_mail_ticket_description(const struct sss_mail *m, struct strbuf *out)
{
	struct strbuf from = STRBUF_INIT;

	sss_mail_ticket_requester(m, &from);
	if (from.len)
		strbuf_addf(out, "差出人: %s\n", from.buf);
	if (m->date)
		strbuf_addf(out, "日付: %s\n", m->date);
	strbuf_addf(out, "件名: %s\n", *m->subject ? m->subject : "(件名なし)");
	if (*m->body) {
		strbuf_addch(out, '\n');
		sss_ticket_quote_text(out, m->body);
		strbuf_addch(out, '\n');
	}
	if (m->natt)
		strbuf_addch(out, '\n');
	for (size_t i = 0; i < m->natt; i++) {
		/* one line, after "- ": it cannot start a section */
		strbuf_addf(out, "- 添付: %s (", m->att[i].name);
		size_text(out, m->att[i].size);
		strbuf_addstr(out, ")\n");
	}
	if (out->len && out->buf[out->len - 1] == '\n')
		strbuf_setlen(out, out->len - 1);
	strbuf_release(&from);
}

/* Whether the view it holds message_id. Its cached JSON answers without
 * the file: the needle is the member as the JSON writer writes it, and a
 * quote inside a string is always escaped, so only the member itself can
 * match. A match is confirmed on the ticket. */
static struct sss_error *holds(struct sss_scan_item *it, const char *needle,
			       const char *message_id, struct strbuf *json, bool *yes)
{
	const struct sss_ticket *t;
	struct sss_error *err;

	*yes = false;
	strbuf_reset(json);
	sss_scan_json(it, json);
	if (!strstr(json->buf, needle))
		return NULL;
	if ((err = sss_scan_ticket(it, &t)))
		return err;
	const char *v = sss_ticket_get(t, "message_id");
	*yes = v && !strcmp(v, message_id);
	return NULL;
}

struct sss_error *sss_mail_ticket_find(struct sss_repo *repo,
				       const char *message_id, char **id)
{
	struct strbuf needle = STRBUF_INIT, json = STRBUF_INIT;
	struct sss_scan *s = sss_scan_open(repo, 0);
	struct sss_scan_item *it;
	struct sss_error *err;

	*id = NULL;
	strbuf_addstr(&needle, "\"message_id\":");
	sss_json_str(&needle, message_id);
	while (!(err = sss_scan_next(s, &it)) && it) {
		struct sss_error *broken = sss_scan_broken(it);
		bool yes;
		if (broken) { /* check and list report it; it is no duplicate */
			sss_error_free(broken);
			continue;
		}
		if ((err = holds(it, needle.buf, message_id, &json, &yes)))
			break;
		if (yes) {
			*id = xstrdup(sss_scan_get(it, "id"));
			break;
		}
	}
	sss_scan_close(s);
	strbuf_release(&needle);
	strbuf_release(&json);
	return err;
}

struct sss_error *sss_mail_ticket_once(struct sss_tracker *tr, const struct sss_mail *m,
				       const char *name, struct sss_ticket *t)
{
	char *dup = NULL;
	struct sss_error *err;

	if (!m->message_id)
		return NULL;
	if (!tr->locked) {
		if ((err = sss_repo_lock(tr->repo, tr->config->lock_timeout_ms, "new")))
			return err;
		tr->locked = true;
	}
	if (!(err = sss_mail_ticket_find(tr->repo, m->message_id, &dup)) && dup)
		err = sss_error(SSS_ERR_EXISTS, "'%s' is ticket '%s' already (Message-ID "
				"<%s>): a mail makes one ticket", name, dup, m->message_id);
	if (!err)
		err = sss_ticket_set(t, "message_id", m->message_id);
	free(dup);
	return err;
}

void sss_mail_ticket_body(struct sss_ticket *t, const char *description)
{
	struct strbuf sec = STRBUF_INIT;
	bool has = sss_ticket_section(t, SSS_SEC_DESCRIPTION, &sec);

	/* a repository's template without {内容} would lose the mail */
	if (!has || !strstr(sec.buf, description)) {
		if (sec.len)
			strbuf_addstr(&sec, "\n\n");
		strbuf_addstr(&sec, description);
		sss_ticket_section_replace(t, SSS_SEC_DESCRIPTION, sec.buf);
	}
	strbuf_release(&sec);
}
