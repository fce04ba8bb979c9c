/* csv_read.c - the RFC 4180 reader (see csvread.h). The whole input is
 * decoded to UTF-8 once; records are then cut from it one at a time, the
 * fields of the current record copied into one buffer. */
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/csvread.h"
#include "sss/encoding.h"
#include "sss/error.h"
#include "sss/strbuf.h"

struct sss_csv {
	char *file;    /* as messages name it */
	char *text;    /* the input as UTF-8, BOM dropped */
	size_t len, pos;
	size_t line;   /* the line pos is on */
	size_t rows;
	enum sss_encoding enc;
	struct sss_csv_limits lim;
	struct strbuf buf;  /* this record's fields, each NUL-ended */
	size_t *start;      /* of field i in buf */
	char **field;
	size_t *flen;
	size_t nfield, afield;
	char *failed;       /* the message of the error that stopped reading */
};

static size_t or_default(size_t v, size_t def)
{
	return v ? v : def;
}

struct sss_error *sss_csv_open(struct sss_csv **out, const char *raw,
			       size_t len, const char *file,
			       const struct sss_csv_limits *lim)
{
	struct sss_csv *c = xcalloc(1, sizeof(*c));
	struct strbuf text = STRBUF_INIT;
	struct sss_error *err = NULL;
	struct sss_csv_limits none = { 0 };

	*out = NULL;
	if (!lim)
		lim = &none;
	c->lim.max_input = or_default(lim->max_input, SSS_CSV_MAX_INPUT);
	c->lim.max_field = or_default(lim->max_field, SSS_CSV_MAX_FIELD);
	c->lim.max_fields = or_default(lim->max_fields, SSS_CSV_MAX_FIELDS);
	c->lim.max_record = or_default(lim->max_record, SSS_CSV_MAX_RECORD);
	c->lim.max_rows = or_default(lim->max_rows, SSS_CSV_MAX_ROWS);
	c->file = xstrdup(!strcmp(file, "-") ? "standard input" : file);
	c->line = 1;
	strbuf_init(&c->buf, 256);
	if (len > c->lim.max_input) {
		err = sss_error(SSS_ERR_LIMIT, "'%s' is larger than %zu bytes",
				c->file, c->lim.max_input);
		goto done;
	}
	if ((err = sss_detect_encoding(raw, len, c->file, &c->enc)))
		goto done;
	if (c->enc == SSS_ENC_CP932) {
		if ((err = sss_error_prefix(sss_cp932_to_utf8(raw, len, &text),
					    "'%s'", c->file)))
			goto done;
	} else {
		size_t skip = c->enc == SSS_ENC_UTF8_BOM ? 3 : 0;
		strbuf_add(&text, raw + skip, len - skip);
	}
	c->len = text.len;
	c->text = strbuf_detach(&text, NULL);
	*out = c;
	c = NULL;
done:
	strbuf_release(&text);
	sss_csv_free(c);
	return err;
}

enum sss_encoding sss_csv_encoding(const struct sss_csv *csv)
{
	return csv->enc;
}

const char *sss_csv_file(const struct sss_csv *csv)
{
	return csv->file;
}

size_t sss_csv_offset(const struct sss_csv *csv)
{
	return csv->pos;
}

size_t sss_csv_size(const struct sss_csv *csv)
{
	return csv->len;
}

/* Stop reading with the error at line. */
static struct sss_error *stop(struct sss_csv *c, enum sss_errcode code,
			      size_t line, const char *what)
{
	struct sss_error *err = sss_error(code, "'%s' line %zu: %s", c->file,
					  line, what);
	free(c->failed);
	c->failed = xstrdup(err->msg);
	return err;
}

static void end_field(struct sss_csv *c)
{
	strbuf_addch(&c->buf, '\0');
	SSS_GROW(c->start, c->afield, c->nfield + 2);
	c->start[++c->nfield] = c->buf.len;
}

/* The checks each added byte must pass: the field's and the record's size. */
static struct sss_error *add_byte(struct sss_csv *c, char ch, size_t line)
{
	size_t field_len = c->buf.len - c->start[c->nfield];
	struct strbuf msg = STRBUF_INIT;
	struct sss_error *err = NULL;

	if (ch == '\0')
		return stop(c, SSS_ERR_PARSE, c->line, "a NUL byte (a text file has none)");
	if (field_len >= c->lim.max_field)
		strbuf_addf(&msg, "field %zu is longer than %zu bytes", c->nfield + 1,
			    c->lim.max_field);
	else if (c->buf.len >= c->lim.max_record)
		strbuf_addf(&msg, "the record is longer than %zu bytes", c->lim.max_record);
	if (msg.len)
		err = stop(c, SSS_ERR_LIMIT, line, msg.buf);
	else
		strbuf_addch(&c->buf, ch);
	strbuf_release(&msg);
	return err;
}

/* A line break at text[pos]: its length (CRLF 2, CR or LF 1), else 0. */
static size_t line_break(const struct sss_csv *c, size_t pos)
{
	if (pos >= c->len)
		return 0;
	if (c->text[pos] == '\n')
		return 1;
	if (c->text[pos] == '\r')
		return pos + 1 < c->len && c->text[pos + 1] == '\n' ? 2 : 1;
	return 0;
}

/* A quoted field, from its opening quote; ends after the closing one. */
static struct sss_error *quoted(struct sss_csv *c, size_t line)
{
	struct sss_error *err;

	c->pos++;
	for (;;) {
		if (c->pos >= c->len)
			return stop(c, SSS_ERR_PARSE, line,
				    "a quoted field is not closed (a '\"' is missing)");
		size_t nl = line_break(c, c->pos);
		if (nl) {
			c->pos += nl;
			c->line++;
			if ((err = add_byte(c, '\n', line)))
				return err;
			continue;
		}
		char ch = c->text[c->pos++];
		if (ch == '"') {
			if (c->pos < c->len && c->text[c->pos] == '"')
				c->pos++;
			else
				return NULL;
		}
		if ((err = add_byte(c, ch, line)))
			return err;
	}
}

/* The fields of one record, up to and past its line break. */
static struct sss_error *record(struct sss_csv *c, size_t line)
{
	struct sss_error *err;

	for (;;) {
		if (c->nfield >= c->lim.max_fields) {
			struct strbuf msg = STRBUF_INIT;
			strbuf_addf(&msg, "more than %zu fields", c->lim.max_fields);
			err = stop(c, SSS_ERR_LIMIT, line, msg.buf);
			strbuf_release(&msg);
			return err;
		}
		if (c->pos < c->len && c->text[c->pos] == '"') {
			if ((err = quoted(c, line)))
				return err;
			if (c->pos < c->len && c->text[c->pos] != ',' && !line_break(c, c->pos))
				return stop(c, SSS_ERR_PARSE, c->line,
					    "text after a closing quote (a quote inside a "
					    "quoted field is written twice: \"\")");
		} else {
			while (c->pos < c->len && c->text[c->pos] != ',' &&
			       !line_break(c, c->pos)) {
				if (c->text[c->pos] == '"')
					return stop(c, SSS_ERR_PARSE, c->line,
						    "a quote inside an unquoted field (quote "
						    "the field and write the quote twice: \"\")");
				if ((err = add_byte(c, c->text[c->pos++], line)))
					return err;
			}
		}
		end_field(c);
		if (c->pos < c->len && c->text[c->pos] == ',') {
			c->pos++;
			continue;
		}
		size_t nl = line_break(c, c->pos);
		c->pos += nl;
		if (nl)
			c->line++;
		return NULL;
	}
}

struct sss_error *sss_csv_next(struct sss_csv *c, struct sss_csv_record *rec,
			       bool *end)
{
	struct sss_error *err;

	*end = false;
	if (c->failed)
		return sss_error(SSS_ERR_PARSE, "%s", c->failed);
	if (c->pos >= c->len) {
		*end = true;
		return NULL;
	}
	if (c->rows >= c->lim.max_rows) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "more than %zu records", c->lim.max_rows);
		err = stop(c, SSS_ERR_LIMIT, c->line, msg.buf);
		strbuf_release(&msg);
		return err;
	}
	strbuf_reset(&c->buf);
	c->nfield = 0;
	SSS_GROW(c->start, c->afield, 2);
	c->start[0] = 0;
	size_t line = c->line;
	if ((err = record(c, line)))
		return err;
	c->rows++;
	free(c->field);
	free(c->flen);
	c->field = xcalloc(c->nfield, sizeof(*c->field));
	c->flen = xcalloc(c->nfield, sizeof(*c->flen));
	for (size_t i = 0; i < c->nfield; i++) {
		c->field[i] = c->buf.buf + c->start[i];
		c->flen[i] = c->start[i + 1] - c->start[i] - 1;
	}
	rec->field = c->field;
	rec->len = c->flen;
	rec->n = c->nfield;
	rec->line = line;
	return NULL;
}

void sss_csv_free(struct sss_csv *c)
{
	if (!c)
		return;
	free(c->file);
	free(c->text);
	strbuf_release(&c->buf);
	free(c->start);
	free(c->field);
	free(c->flen);
	free(c->failed);
	free(c);
}
