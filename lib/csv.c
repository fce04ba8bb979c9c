/* csv.c - tables as CSV (RFC 4180, UTF-8 with or without a BOM, or
 * CP932) and as JSON (see csv.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/csv.h"
#include "sss/date.h"
#include "sss/error.h"
#include "sss/json.h"
#include "sss/strbuf.h"
#include "sss/table.h"

/* Local wall-clock minutes since 1970 as date and time of day. */
static void split_minutes(int64_t minutes, sss_date *d, int *hh, int *mm)
{
	int64_t days = minutes / 1440, rest = minutes % 1440;
	if (rest < 0) {
		rest += 1440;
		days--;
	}
	*d = (sss_date)days;
	*hh = (int)(rest / 60);
	*mm = (int)(rest % 60);
}

/* The text of cell c; sep is what goes between a date and a time (" "
 * in CSV, "T" in JSON). */
static void cell_text(const struct sss_cell *c, char sep, struct strbuf *out)
{
	char day[11];
	sss_date d;
	int hh, mm;

	switch (c->type) {
	case SSS_CELL_EMPTY:
		break;
	case SSS_CELL_TEXT:
		strbuf_addstr(out, c->text);
		break;
	case SSS_CELL_INT:
	case SSS_CELL_MINUTES:
		strbuf_addf(out, "%" PRId64, c->num);
		break;
	case SSS_CELL_PERCENT:
		strbuf_addf(out, "%s%" PRId64 ".%02d%%", c->num < 0 ? "-" : "",
			    (c->num < 0 ? -c->num : c->num) / 100,
			    (int)((c->num < 0 ? -c->num : c->num) % 100));
		break;
	case SSS_CELL_DATE:
		sss_date_format(c->date, day);
		strbuf_addstr(out, day);
		break;
	case SSS_CELL_DATETIME:
		split_minutes(c->num, &d, &hh, &mm);
		sss_date_format(d, day);
		strbuf_addf(out, "%s%c%02d:%02d", day, sep, hh, mm);
		break;
	}
}

/* Append one field, quoted when RFC 4180 asks for it. */
static void add_field(struct strbuf *out, const char *s, size_t len)
{
	if (!memchr(s, ',', len) && !memchr(s, '"', len) &&
	    !memchr(s, '\r', len) && !memchr(s, '\n', len)) {
		strbuf_add(out, s, len);
		return;
	}
	strbuf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, s[i]);
	}
	strbuf_addch(out, '"');
}

/* The column index of key in t, or t->ncols. */
static size_t column_of(const struct sss_table *t, const char *key)
{
	size_t c = 0;
	while (c < t->ncols && strcmp(t->keys[c], key))
		c++;
	return c;
}

/* The error for a character of row r (SIZE_MAX: the heading row),
 * column c, that CP932 cannot hold. */
static struct sss_error *unmappable(const struct sss_table *t, size_t r,
				    size_t c, struct sss_error *err)
{
	size_t idc = column_of(t, "id");
	const struct sss_cell *id =
		r == SIZE_MAX || idc == t->ncols ? NULL
						 : sss_table_cell(t, r, idc);
	if (r == SIZE_MAX)
		return sss_error_prefix(err, "heading of column %s",
					t->headings[c]);
	if (id && id->type == SSS_CELL_TEXT)
		return sss_error_prefix(err, "ticket %s, column %s", id->text,
					t->headings[c]);
	return sss_error_prefix(err, "row %zu, column %s", r + 1,
				t->headings[c]);
}

/* Append line (UTF-8, its fields starting at starts[0..n)) to out in
 * enc; r names the row in an error. */
static struct sss_error *put_line(const struct sss_table *t, size_t r,
				  const struct strbuf *line,
				  const size_t *starts, enum sss_encoding enc,
				  bool replace, struct strbuf *out,
				  size_t *nreplaced)
{
	if (enc != SSS_ENC_CP932) {
		strbuf_addbuf(out, line);
		return NULL;
	}
	struct sss_enc_report rep;
	size_t before = out->len;
	struct sss_error *err =
		sss_utf8_to_cp932(line->buf, line->len, replace, out, &rep);
	*nreplaced += rep.nreplaced;
	if (!err)
		return NULL;
	strbuf_setlen(out, before);
	size_t c = 0;
	while (c + 1 < t->ncols && starts[c + 1] <= rep.bad_offset)
		c++;
	return unmappable(t, r, c, err);
}

struct sss_error *sss_csv_write(const struct sss_table *t,
				enum sss_encoding enc, bool replace,
				struct strbuf *out, size_t *nreplaced)
{
	struct sss_error *err = NULL;
	struct strbuf line = STRBUF_INIT, cell = STRBUF_INIT;
	size_t *starts = xcalloc(t->ncols + 1, sizeof(*starts));
	size_t count = 0, before = out->len;

	if (enc == SSS_ENC_UTF8_BOM)
		strbuf_addstr(out, "\xef\xbb\xbf");
	for (size_t r = 0; r <= t->nrows && !err; r++) {
		/* row 0 of the loop is the heading row */
		size_t row = r ? r - 1 : SIZE_MAX;
		strbuf_reset(&line);
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				strbuf_addch(&line, ',');
			starts[c] = line.len;
			strbuf_reset(&cell);
			if (r)
				cell_text(sss_table_cell(t, row, c), ' ', &cell);
			else
				strbuf_addstr(&cell, t->headings[c]);
			add_field(&line, cell.buf, cell.len);
		}
		strbuf_addstr(&line, "\r\n");
		err = put_line(t, row, &line, starts, enc, replace, out, &count);
	}
	if (err)
		strbuf_setlen(out, before);
	else if (nreplaced)
		*nreplaced = count;
	free(starts);
	strbuf_release(&line);
	strbuf_release(&cell);
	return err;
}

void sss_table_json(const struct sss_table *t, struct strbuf *out)
{
	struct sss_json j;
	struct strbuf sb = STRBUF_INIT;

	sss_json_init(&j, out, 2);
	sss_json_array(&j, SSS_JSON_LINES);
	for (size_t r = 0; r < t->nrows; r++) {
		sss_json_object(&j, SSS_JSON_LINES);
		for (size_t c = 0; c < t->ncols; c++) {
			const struct sss_cell *x = sss_table_cell(t, r, c);
			sss_json_key(&j, t->keys[c]);
			switch (x->type) {
			case SSS_CELL_EMPTY:
				sss_json_null(&j);
				break;
			case SSS_CELL_INT:
			case SSS_CELL_MINUTES:
				sss_json_int(&j, x->num);
				break;
			case SSS_CELL_PERCENT:
				sss_json_numberf(&j, "%g", (double)x->num / 100);
				break;
			default:
				strbuf_reset(&sb);
				cell_text(x, 'T', &sb);
				sss_json_string(&j, sb.buf);
			}
		}
		sss_json_end(&j);
	}
	sss_json_end(&j);
	strbuf_addch(out, '\n');
	strbuf_release(&sb);
}
