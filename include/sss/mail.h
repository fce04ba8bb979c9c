/* mail.h - a request that arrived by mail (an RFC 5322 message, .eml),
 * read with GMime into plain UTF-8 for `sssctl new KEY --from-mail`.
 *
 *	struct sss_mail m = SSS_MAIL_INIT;
 *	err = sss_mail_read("request.eml", &buf, &len);	// or "-"
 *	err = sss_mail_parse(&m, buf, len, "request.eml");
 *	... m.subject, m.from_name, m.body, m.att[i].name ...
 *	sss_mail_release(&m);
 *
 * Every text is UTF-8 whatever the mail was written in: ISO-2022-JP,
 * Shift_JIS (read as CP932, Windows' superset, so that ① and 髙 survive),
 * EUC-JP, UTF-8 or any charset iconv knows; RFC 2047 encoded words in the
 * headers, base64 and quoted-printable bodies. The body is text/plain
 * (preferred in multipart/alternative), else text/html made into text
 * (sss_mail_html_text()). Bytes that cannot be read in the mail's charset
 * become U+FFFD and one line in warning; they never fail the parse.
 *
 * The ticket side (which parameter the subject fills, the ## 内容 text,
 * the Message-ID already in the repository) is sss_mail_ticket_*().
 */
#ifndef SSS_MAIL_H
#define SSS_MAIL_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;
struct sss_repo;
struct sss_sow_entry;
struct sss_ticket;
struct sss_tracker;

/* Limits (README.md, section "Limits"). */
#define SSS_MAIL_MAX_SIZE (25u << 20) /* the whole message */
#define SSS_MAIL_MAX_PARTS 200	      /* MIME parts, counted over the tree */
#define SSS_MAIL_MAX_DEPTH 16	      /* multiparts and messages inside each other */

struct sss_mail_attachment {
	char *name;  /* the file name (RFC 2231 or encoded words), decoded */
	size_t size; /* bytes after base64 / quoted-printable */
};

/* A parsed message. Every string is owned by the struct, UTF-8 without
 * control characters; the one-line ones (all but body) hold no line
 * break. */
struct sss_mail {
	char *subject;	  /* "" when the mail has none */
	char *from_name;  /* the display name, or "" */
	char *from_addr;  /* the address, or "" */
	char *date;	  /* Date: as 2026-11-30T10:15:00+09:00 (the mail's own offset), or NULL */
	char *message_id; /* without the angle brackets, or NULL */
	char *body;	  /* the text, LF line ends, no BOM, trailing blank lines dropped */
	bool body_html;	  /* the body was made from text/html */
	struct sss_mail_attachment *att;
	size_t natt, att_alloc;
	char *warning;	  /* what could not be read, one line, or NULL */
};

#define SSS_MAIL_INIT { NULL }

/* Read a message from path, or from standard input for "-", into *buf
 * (NUL-terminated, the caller's) of *len bytes. Refuses a message over
 * SSS_MAIL_MAX_SIZE and anything but a regular file or a pipe, naming
 * path ("standard input" for "-"). */
struct sss_error *sss_mail_read(const char *path, char **buf, size_t *len);

/* Parse the message buf[0..len) into m (SSS_MAIL_INIT or released).
 * name is used in messages. Fails (SSS_ERR_PARSE, m released) on what is
 * not a message at all: empty, binary (NUL bytes), no header, no
 * From/Subject/Date/Message-ID/body at all, or over the limits
 * (SSS_ERR_LIMIT). */
struct sss_error *sss_mail_parse(struct sss_mail *m, const char *buf,
				 size_t len, const char *name);

/* Free what m holds; m is SSS_MAIL_INIT after. Safe twice. */
void sss_mail_release(struct sss_mail *m);

/* Append the text of the HTML html[0..len) (UTF-8) to out: tags dropped,
 * script, style, head and comments dropped whole, entities decoded
 * (named ones of HTML's common set, &#N; and &#xN;), <br>, <p>, <div>,
 * <li>, <tr>, headings as line breaks, runs of blanks made one; no
 * blank line more than one in a row. */
void sss_mail_html_text(struct strbuf *out, const char *html, size_t len);

/* Decode a header value as RFC 2047 says (encoded words, adjacent ones
 * joined without the blanks between them, a character split over two
 * words put back together), unfolded, appended to out as one line of
 * UTF-8. Raw 8-bit text is taken as UTF-8 when it is, else as CP932.
 * Returns false when something could not be read (shown as U+FFFD). */
bool sss_mail_header_decode(struct strbuf *out, const char *raw);

/* Append the value of parameter name (e.g. "filename") of the raw
 * header value raw (a Content-Disposition or Content-Type), decoded: RFC
 * 2231 (name*=charset'lang'%XX, and name*0*, name*1*, ... sections) or
 * encoded words inside a quoted value (as Outlook writes names), as
 * UTF-8. False when raw has no such parameter. */
bool sss_mail_param_decode(struct strbuf *out, const char *raw, const char *name);

/* Append in[0..len), in charset (a MIME name, NULL or "" for none
 * declared: detected among UTF-8, ISO-2022-JP and CP932), to out as
 * UTF-8. Bytes charset does not hold become U+FFFD. Returns the number of
 * them (0: all read); *unknown is set when iconv does not know charset
 * (then UTF-8, else CP932, was tried). */
size_t sss_mail_to_utf8(struct strbuf *out, const char *in, size_t len,
			const char *charset, bool *unknown);

/* ---- the ticket (mail_ticket.c) ---------------------------------------- */

/* The title placeholder of entry e that the subject fills, appended to
 * name: 事象 when the title has it, else its only placeholder that is
 * not filled from the date (年月, 年月日). False when there is none (the
 * subject is then the title) or the title is malformed. */
bool sss_mail_ticket_param(const struct sss_sow_entry *e, struct strbuf *name);

/* requester for m: "Name <addr>", or the address alone; appended. */
void sss_mail_ticket_requester(const struct sss_mail *m, struct strbuf *out);

/* Append the ## 内容 text for m: its header lines (差出人, 日付 with the
 * mail's Date, 件名), a blank line, the body made safe for the section
 * (sss_ticket_quote_text()), then "- 添付: NAME (12.3 KB)" per
 * attachment. */
void sss_mail_ticket_description(const struct sss_mail *m, struct strbuf *out);

/* Make sure t's ## 内容 holds description (what
 * sss_mail_ticket_description() made): the section is made when t's
 * template has none, and the text put after what it has when its template
 * has no {内容} placeholder. */
void sss_mail_ticket_body(struct sss_ticket *t, const char *description);

/* Look for a ticket of repo whose message_id is message_id, through the
 * scan (its cached JSON when warm: no ticket file read). *id is that
 * ticket's ID (the caller frees it), or NULL when there is none. Broken
 * ticket files are skipped. */
struct sss_error *sss_mail_ticket_find(struct sss_repo *repo,
				       const char *message_id, char **id);

/* Make t the ticket of mail m (named name in messages), once: with the
 * writer lock taken for tr (sss_tracker_create() then keeps it, and
 * sss_tracker_release() drops it), refuse (SSS_ERR_EXISTS, naming the
 * ticket) when a ticket has m's Message-ID already, else set t's
 * message_id. A mail without a Message-ID is let through unchecked. */
struct sss_error *sss_mail_ticket_once(struct sss_tracker *tr, const struct sss_mail *m,
				       const char *name, struct sss_ticket *t);

#endif
