/* mail.c - reading a mail message with GMime 3 (see mail.h): its
 * headers, the body text and the attachments' names and sizes.
 *
 * GMime parses the MIME structure and undoes base64 and quoted-printable;
 * the charsets are read by mail_charset.c, not GMime, so that Shift_JIS
 * and ISO-2022-JP mails keep ① and 髙 (glibc's converters for those
 * names lose them). Only this file includes <gmime/gmime.h>. */
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/mail.h"
#include "sss/strbuf.h"
#include "sss/utf8.h"

/* A body longer than this is cut (a ticket file holds 4 MiB at most). */
#define MAX_BODY (1u << 20)

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
	g_mime_init();
}

struct sss_error *sss_mail_read(const char *path, char **buf, size_t *len)
{
	bool in = !strcmp(path, "-");
	const char *name = in ? "standard input" : path;
	struct strbuf sb = STRBUF_INIT;
	struct sss_error *err = NULL;
	struct stat st;
	int fd = in ? 0 : open(path, O_RDONLY | O_CLOEXEC);

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return sss_error(errno == ENOENT ? SSS_ERR_NOTFOUND : SSS_ERR_IO,
				 "cannot open '%s': %s", name, strerror(errno));
	if (fstat(fd, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode))) {
		err = sss_error(SSS_ERR_IO, "'%s' is not a mail file", name);
		goto done;
	}
	for (;;) {
		strbuf_grow(&sb, 64u << 10);
		ssize_t n = read(fd, sb.buf + sb.len, sb.alloc - sb.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = sss_error(SSS_ERR_IO, "cannot read '%s': %s", name, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		strbuf_setlen(&sb, sb.len + (size_t)n);
		if (sb.len > SSS_MAIL_MAX_SIZE) {
			err = sss_error(SSS_ERR_LIMIT, "'%s' is too large for a mail (over %u MiB)",
					name, SSS_MAIL_MAX_SIZE >> 20);
			goto done;
		}
	}
	*len = sb.len;
	*buf = strbuf_detach(&sb, NULL);
done:
	if (!in)
		close(fd);
	strbuf_release(&sb);
	return err;
}

void sss_mail_release(struct sss_mail *m)
{
	free(m->subject);
	free(m->from_name);
	free(m->from_addr);
	free(m->date);
	free(m->message_id);
	free(m->body);
	for (size_t i = 0; i < m->natt; i++)
		free(m->att[i].name);
	free(m->att);
	free(m->warning);
	memset(m, 0, sizeof(*m));
}

/* Text for the ticket: CRLF and CR made LF (one_line: a space), BOMs,
 * control characters (C0 but tab and LF, DEL, C1) and invalid UTF-8
 * dropped. */
static void clean(struct strbuf *out, const char *s, size_t n, bool one_line)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		int len = sss_utf8_decode(s + i, &cp);
		if (len <= 0 || (size_t)len > n - i) {
			i++;
			continue;
		}
		if (cp == '\r') {
			if (i + 1 >= n || s[i + 1] != '\n')
				strbuf_addch(out, one_line ? ' ' : '\n');
		} else if (cp == '\n' || cp == '\t') {
			strbuf_addch(out, one_line ? ' ' : (char)cp);
		} else if (!(cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
			     cp == 0xfeff)) {
			strbuf_add(out, s + i, (size_t)len);
		}
		i += (size_t)len;
	}
}

static char *clean_dup(const char *s, bool one_line)
{
	struct strbuf sb = STRBUF_INIT;
	clean(&sb, s ? s : "", s ? strlen(s) : 0, one_line);
	return strbuf_detach(&sb, NULL);
}

static void warn(struct sss_mail *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct sss_mail *m, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (m->warning)
		return; /* the first says enough: one line */
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	m->warning = strbuf_detach(&sb, NULL);
}

static const char *raw_header(GMimeObject *o, const char *name)
{
	GMimeHeader *h = g_mime_header_list_get_header(g_mime_object_get_header_list(o), name);
	return h ? g_mime_header_get_raw_value(h) : NULL;
}

static char *header_text(struct sss_mail *m, GMimeObject *o, const char *name)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	if (!sss_mail_header_decode(&sb, raw_header(o, name)))
		warn(m, "the %s header has characters that could not be read (shown as \xEF\xBF\xBD)", name);
	clean(&out, sb.buf, sb.len, true);
	strbuf_release(&sb);
	return strbuf_detach(&out, NULL);
}

/* From: the first mailbox's address (GMime's parse) and the display name
 * decoded from the raw header (see mail_charset.c for why not GMime's). */
static void from(struct sss_mail *m, GMimeMessage *msg)
{
	InternetAddressList *l = g_mime_message_get_from(msg);
	InternetAddress *a = l && internet_address_list_length(l) > 0
				 ? internet_address_list_get_address(l, 0) : NULL;
	if (a && INTERNET_ADDRESS_IS_GROUP(a)) {
		l = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a));
		a = l && internet_address_list_length(l) > 0 ? internet_address_list_get_address(l, 0) : NULL;
	}
	m->from_addr = clean_dup(a && INTERNET_ADDRESS_IS_MAILBOX(a)
				     ? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))
				     : NULL, true);
	const char *raw = raw_header(GMIME_OBJECT(msg), "From");
	const char *lt = raw ? strchr(raw, '<') : NULL;
	struct strbuf phrase = STRBUF_INIT, name = STRBUF_INIT;
	for (const char *p = raw; lt && p < lt; p++) {
		if (*p == '\\' && p + 1 < lt)
			strbuf_addch(&phrase, *++p);
		else if (*p != '"')
			strbuf_addch(&phrase, *p);
	}
	if (!lt && a && internet_address_get_name(a)) /* "addr (Name)" */
		strbuf_addstr(&phrase, internet_address_get_name(a));
	if (!sss_mail_header_decode(&name, phrase.buf))
		warn(m, "the %s header has characters that could not be read (shown as \xEF\xBF\xBD)", "From");
	m->from_name = clean_dup(name.buf, true);
	strbuf_release(&phrase);
	strbuf_release(&name);
}

static void headers(struct sss_mail *m, GMimeMessage *msg)
{
	m->subject = header_text(m, GMIME_OBJECT(msg), "Subject");
	from(m, msg);
	GDateTime *dt = g_mime_message_get_date(msg);
	if (dt) {
		gchar *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S%:z");
		m->date = s ? xstrdup(s) : NULL;
		g_free(s);
	}
	const char *mid = g_mime_message_get_message_id(msg);
	if (mid && *mid) {
		char *id = clean_dup(mid, true);
		/* a Message-ID has no blanks: what has them is not one */
		if (*id && !strpbrk(id, " <>") && strlen(id) <= 250) {
			m->message_id = id;
		} else {
			warn(m, "the Message-ID is not one (%s): a second delivery would not be known", "blanks, '<' or over 250 bytes");
			free(id);
		}
	}
}

struct walk {
	struct sss_mail *m;
	struct strbuf body;
	size_t parts;
	struct sss_error *err;
	const char *name;
};

/* The size of part's content decoded, and with bytes the bytes (the
 * caller frees them with g_byte_array_free(*bytes, TRUE)). */
static size_t content(GMimePart *part, GByteArray **bytes)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *s = bytes ? g_mime_stream_mem_new() : g_mime_stream_null_new();
	ssize_t n = w ? g_mime_data_wrapper_write_to_stream(w, s) : 0;
	if (bytes) { /* ours, not the stream's (which would empty it) */
		*bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
		g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), FALSE);
	}
	g_object_unref(s);
	return n > 0 ? (size_t)n : 0;
}

static void attach(struct sss_mail *m, const char *name, size_t size)
{
	SSS_GROW(m->att, m->att_alloc, m->natt + 1);
	m->att[m->natt].name = clean_dup(name && *name ? name : "(名前なし)", true);
	m->att[m->natt++].size = size;
}

/* An attachment by the name in its raw headers (GMime reads the charsets
 * of names as glibc does: see mail_charset.c), else GMime's. */
static void attach_part(struct sss_mail *m, GMimeObject *o)
{
	struct strbuf name = STRBUF_INIT;
	if (!sss_mail_param_decode(&name, raw_header(o, "Content-Disposition"), "filename") &&
	    !sss_mail_param_decode(&name, raw_header(o, "Content-Type"), "name") &&
	    g_mime_part_get_filename(GMIME_PART(o)))
		strbuf_addstr(&name, g_mime_part_get_filename(GMIME_PART(o)));
	attach(m, name.buf, content(GMIME_PART(o), NULL));
	strbuf_release(&name);
}

/* format=flowed (RFC 3676, Thunderbird's default): soft breaks joined,
 * space-stuffing undone. */
static void unflow(struct strbuf *text, bool delsp)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = text->buf;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *line = p;
		if (n && line[0] == ' ')
			line++, n--;
		bool soft = n && line[n - 1] == ' ' && !(n == 3 && !strncmp(line, "-- ", 3));
		strbuf_add(&out, line, soft && delsp ? n - 1 : n);
		if (nl && !soft)
			strbuf_addch(&out, '\n');
		p = nl ? nl + 1 : p + strlen(p);
	}
	strbuf_reset(text);
	strbuf_addbuf(text, &out);
	strbuf_release(&out);
}

/* A text part into the body (a second one after a blank line). */
static void body_part(struct walk *w, GMimePart *part, bool html)
{
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
	const char *cs = g_mime_content_type_get_parameter(ct, "charset");
	struct strbuf text = STRBUF_INIT, plain = STRBUF_INIT;
	GByteArray *bytes = NULL;
	bool unknown;

	content(part, &bytes);
	if (sss_mail_to_utf8(&text, (const char *)bytes->data, bytes->len, cs, &unknown))
		warn(w->m, "the body is not all valid %s: what could not be read is shown as \xEF\xBF\xBD",
		     cs ? cs : "UTF-8, ISO-2022-JP or Shift_JIS");
	if (unknown)
		warn(w->m, "unknown charset '%s': the body was read as UTF-8 or Shift_JIS", cs);
	g_byte_array_free(bytes, TRUE);
	if (html) {
		sss_mail_html_text(&plain, text.buf, text.len);
	} else {
		clean(&plain, text.buf, text.len, false);
		const char *fmt = g_mime_content_type_get_parameter(ct, "format");
		const char *delsp = g_mime_content_type_get_parameter(ct, "delsp");
		if (fmt && !strcasecmp(fmt, "flowed"))
			unflow(&plain, delsp && !strcasecmp(delsp, "yes"));
	}
	if (w->body.len)
		strbuf_addstr(&w->body, "\n\n");
	clean(&w->body, plain.buf, plain.len, false);
	w->m->body_html |= html;
	strbuf_release(&text);
	strbuf_release(&plain);
}

static bool is_text(GMimeObject *o, const char *subtype)
{
	return GMIME_IS_PART(o) &&
	       g_mime_content_type_is_type(g_mime_object_get_content_type(o), "text", subtype) &&
	       !g_mime_part_is_attachment(GMIME_PART(o)) && !g_mime_part_get_filename(GMIME_PART(o));
}

static void walk(struct walk *w, GMimeObject *o, int depth);

/* multipart/alternative: the text/plain, else the text/html, else the
 * last alternative that is itself a multipart (related HTML). */
static void alternative(struct walk *w, GMimeMultipart *mp, int depth)
{
	GMimeObject *pick = NULL;
	int n = g_mime_multipart_get_count(mp);
	for (int pass = 0; pass < 3 && !pick; pass++)
		for (int i = n - 1; i >= 0 && !pick; i--) {
			GMimeObject *c = g_mime_multipart_get_part(mp, i);
			if (pass == 0 ? is_text(c, "plain")
				      : pass == 1 ? is_text(c, "html") : GMIME_IS_MULTIPART(c))
				pick = c;
		}
	if (pick)
		walk(w, pick, depth + 1);
}

static void walk(struct walk *w, GMimeObject *o, int depth)
{
	if (w->err)
		return;
	if (++w->parts > SSS_MAIL_MAX_PARTS || depth > SSS_MAIL_MAX_DEPTH) {
		w->err = sss_error(SSS_ERR_LIMIT, "'%s' has more than %d %s", w->name,
				   depth > SSS_MAIL_MAX_DEPTH ? SSS_MAIL_MAX_DEPTH : SSS_MAIL_MAX_PARTS,
				   depth > SSS_MAIL_MAX_DEPTH ? "levels of MIME parts" : "MIME parts");
		return;
	}
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		const char *sub = g_mime_content_type_get_media_subtype(g_mime_object_get_content_type(o));
		if (sub && !strcasecmp(sub, "alternative") && !w->body.len) {
			alternative(w, mp, depth);
			return;
		}
		for (int i = 0; i < g_mime_multipart_get_count(mp); i++)
			walk(w, g_mime_multipart_get_part(mp, i), depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		/* a forwarded mail: listed, not read */
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		const char *fn = g_mime_object_get_content_disposition_parameter(o, "filename");
		GMimeStream *s = g_mime_stream_null_new();
		ssize_t n = inner ? g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, s) : 0;
		g_object_unref(s);
		attach(w->m, fn ? fn : "message.eml", n > 0 ? (size_t)n : 0);
	} else if (GMIME_IS_PART(o)) {
		if (is_text(o, "plain") || is_text(o, "html"))
			body_part(w, GMIME_PART(o), is_text(o, "html"));
		else
			attach_part(w->m, o);
	}
}

/* Is this a mail at all? Some text, no NUL, and a header line first. */
static struct sss_error *looks_like_mail(const char *buf, size_t len, const char *name)
{
	size_t head = len < (64u << 10) ? len : (64u << 10);
	if (!len || !buf[strspn(buf, " \t\r\n")])
		return sss_error(SSS_ERR_PARSE, "'%s' is empty, not a mail", name);
	if (memchr(buf, '\0', head))
		return sss_error(SSS_ERR_PARSE, "'%s' is not a mail (it has NUL bytes: "
				 "a binary file?)", name);
	size_t i = 0;
	while (i < len && buf[i] > ' ' && buf[i] != ':' && buf[i] != 0x7f)
		i++;
	if (i == 0 || i >= len || buf[i] != ':')
		return sss_error(SSS_ERR_PARSE, "'%s' is not a mail (line 1 is not a "
				 "header such as 'From: ...'; save the message as .eml)", name);
	/* GMime's parser recurses as deep as the mail nests multiparts and
	 * messages: bound them before it sees them */
	size_t multi = 0;
	/* one pass (strcasestr over and over is quadratic under ASan) */
	for (size_t k = 0; k + 6 <= len; k++)
		multi += (k + 8 <= len && !strncasecmp(buf + k, "boundary", 8)) ||
			 !strncasecmp(buf + k, "rfc822", 6);
	if (multi > SSS_MAIL_MAX_PARTS)
		return sss_error(SSS_ERR_LIMIT, "'%s' has more than %d MIME parts", name,
				 SSS_MAIL_MAX_PARTS);
	return NULL;
}

static struct sss_error *parse(struct sss_mail *m, GMimeMessage *msg, const char *name)
{
	struct walk w = { m, STRBUF_INIT, 0, NULL, name };
	GMimeObject *root = g_mime_message_get_mime_part(msg);

	headers(m, msg);
	if (!*m->subject && !*m->from_addr && !m->date && !m->message_id)
		return sss_error(SSS_ERR_PARSE, "'%s' is not a mail (no From, Subject, "
				 "Date or Message-ID header)", name);
	if (root)
		walk(&w, root, 0);
	if (w.err) {
		strbuf_release(&w.body);
		return w.err;
	}
	/* no blank lines at either end */
	size_t lead = 0;
	for (size_t j = 0;; lead = ++j) {
		while (j < w.body.len && (w.body.buf[j] == ' ' || w.body.buf[j] == '\t'))
			j++;
		if (j >= w.body.len || w.body.buf[j] != '\n')
			break;
	}
	while (w.body.len > lead && strchr(" \t\n", w.body.buf[w.body.len - 1]))
		strbuf_setlen(&w.body, w.body.len - 1);
	if (w.body.len - lead > MAX_BODY) {
		size_t cut = lead + MAX_BODY;
		while (cut > lead && ((unsigned char)w.body.buf[cut] & 0xc0) == 0x80)
			cut--;
		strbuf_setlen(&w.body, cut);
		strbuf_addstr(&w.body, "\n\n(以下省略)");
		warn(m, "the body is longer than %s: the rest is left out of the ticket", "1 MiB");
	}
	m->body = xstrdup(w.body.buf + lead);
	strbuf_release(&w.body);
	return NULL;
}

struct sss_error *sss_mail_parse(struct sss_mail *m, const char *buf,
				 size_t len, const char *name)
{
	struct sss_error *err;
	GMimeParserOptions *opts = NULL;
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;

	memset(m, 0, sizeof(*m));
	if (len > SSS_MAIL_MAX_SIZE) {
		err = sss_error(SSS_ERR_LIMIT, "'%s' is too large for a mail (over %u MiB)",
				name, SSS_MAIL_MAX_SIZE >> 20);
		goto done;
	}
	if ((err = looks_like_mail(buf, len, name)))
		goto done;
	pthread_once(&gmime_once, gmime_start);
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	stream = g_mime_stream_mem_new_with_buffer(buf, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	if (!(msg = g_mime_parser_construct_message(parser, opts))) {
		err = sss_error(SSS_ERR_PARSE, "'%s' is not a mail message GMime can read", name);
		goto done;
	}
	err = parse(m, msg, name);
done:
	if (msg)
		g_object_unref(msg);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	if (opts)
		g_mime_parser_options_free(opts);
	if (err)
		sss_mail_release(m);
	return err;
}
