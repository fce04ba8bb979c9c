/* xlsx.c - tables as an Excel workbook (xlsx.h) through libxlsxwriter,
 * the only file that includes <xlsxwriter.h>. libxlsxwriter writes to a
 * file name: it gets a temporary name beside the target, renamed into
 * place once the workbook is closed, and its own scratch files (opened
 * and unlinked at once) go to that same directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/strbuf.h"
#include "sss/table.h"
#include "sss/utf8.h"
#include "sss/xlsx.h"

/* Excel's serial number of 1970-01-01 (day 0 of sss_date) */
#define EXCEL_EPOCH 25569
/* a column never grows wider than this (Excel width units, about one
 * half-width character each), so one long title does not push the rest
 * off the screen */
#define MAX_WIDTH 60
#define MIN_WIDTH 6
/* Excel's limit for one cell's text (characters) */
#define MAX_CELL_CHARS 32767
/* a workbook made for standard output may not be larger */
#define MAX_WORKBOOK (512u << 20)

struct formats {
	lxw_format *title, *head, *date, *datetime, *minutes, *percent;
	lxw_format *decimal[5]; /* by scale: "0.0" … "0.0000" ([0] unused) */
};

static bool name_bad_char(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || strchr("[]:*?/\\", (int)cp) != NULL;
}

/* Append at most max UTF-16 units of name, cleaned for a sheet name. */
static void name_cut(const char *name, size_t max, struct strbuf *out)
{
	size_t units = 0;

	for (const char *p = name; *p;) {
		unsigned cp;
		int n = sss_utf8_decode(p, &cp);
		size_t u = cp > 0xffff ? 2 : 1;
		if (units + u > max)
			break;
		units += u;
		if (cp < 0x80 && name_bad_char(cp))
			strbuf_addch(out, '_');
		else
			strbuf_add(out, p, (size_t)n);
		p += n;
	}
}

static bool name_used(const char *s, char *const *used, size_t nused)
{
	for (size_t i = 0; i < nused; i++)
		if (!strcasecmp(s, used[i]))
			return true;
	/* Excel keeps this name for its change history */
	return !strcasecmp(s, "History");
}

void sss_xlsx_sheet_name(const char *name, char *const *used, size_t nused,
			 struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT, suffix = STRBUF_INIT;
	const char *base = name && *name ? name : "Sheet";
	int k = 1;

	if (!sss_utf8_check(base, strlen(base), NULL, NULL))
		base = "Sheet";
	for (;;) {
		strbuf_reset(&sb);
		name_cut(base, LXW_SHEETNAME_MAX - suffix.len, &sb);
		if (sb.len && sb.buf[0] == '\'')
			sb.buf[0] = '_';
		if (sb.len && sb.buf[sb.len - 1] == '\'')
			sb.buf[sb.len - 1] = '_';
		strbuf_addbuf(&sb, &suffix);
		if (!name_used(sb.buf, used, nused))
			break;
		strbuf_reset(&suffix);
		strbuf_addf(&suffix, " (%d)", ++k);
	}
	strbuf_addbuf(out, &sb);
	strbuf_release(&sb);
	strbuf_release(&suffix);
}

/* Width of s in columns: its widest line. */
static size_t text_width(const char *s)
{
	size_t best = 0;
	struct strbuf line = STRBUF_INIT;

	while (*s) {
		size_t n = strcspn(s, "\n");
		strbuf_reset(&line);
		strbuf_add(&line, s, n);
		size_t w = sss_display_width(line.buf);
		if (w > best)
			best = w;
		s += n + (s[n] == '\n');
	}
	strbuf_release(&line);
	return best;
}

static size_t cell_width(const struct sss_cell *c)
{
	char buf[32];

	switch (c->type) {
	case SSS_CELL_TEXT:
		return text_width(c->text);
	case SSS_CELL_INT:
		return (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)c->num) +
		       (c->scale > 0);
	case SSS_CELL_DATE:
		return 10;
	case SSS_CELL_DATETIME:
		return 16;
	case SSS_CELL_MINUTES:
		return (size_t)snprintf(buf, sizeof(buf), "%lld:00", (long long)(c->num / 60));
	case SSS_CELL_PERCENT:
		return (size_t)snprintf(buf, sizeof(buf), "%lld.0%%", (long long)(c->num / 100));
	case SSS_CELL_EMPTY:
		break;
	}
	return 0;
}

static void set_widths(lxw_worksheet *ws, const struct sss_table *t)
{
	for (size_t c = 0; c < t->ncols; c++) {
		/* the header is bold and carries the filter's button */
		size_t w = text_width(t->headings[c]) + 3;
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = cell_width(sss_table_cell(t, r, c)) + 1;
			if (cw > w)
				w = cw;
		}
		if (w > MAX_WIDTH)
			w = MAX_WIDTH;
		if (w < MIN_WIDTH)
			w = MIN_WIDTH;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL);
	}
}

/* "C7" for row r, column c (0-based), for messages. */
static void cell_ref(struct strbuf *out, size_t r, size_t c)
{
	char col[8];
	int n = 0;

	for (size_t x = c + 1; x && n < 7; x = (x - 1) / 26)
		col[n++] = (char)('A' + (x - 1) % 26);
	while (n)
		strbuf_addch(out, col[--n]);
	strbuf_addf(out, "%zu", r + 1);
}

static struct sss_error *check_text(const char *sheet, const char *s, size_t r, size_t c)
{
	struct strbuf ref = STRBUF_INIT;
	struct sss_error *err = NULL;
	size_t chars = 0;

	if (!sss_utf8_check(s, strlen(s), NULL, NULL)) {
		cell_ref(&ref, r, c);
		err = sss_error(SSS_ERR_INVALID, "sheet '%s' cell %s: not valid UTF-8", sheet,
				ref.buf);
		goto done;
	}
	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars > MAX_CELL_CHARS) {
		cell_ref(&ref, r, c);
		err = sss_error(SSS_ERR_LIMIT,
				"sheet '%s' cell %s: %zu characters, more than the %d an Excel cell holds",
				sheet, ref.buf, chars, MAX_CELL_CHARS);
	}
done:
	strbuf_release(&ref);
	return err;
}

static lxw_error put_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
			  const struct sss_cell *c, const struct formats *f)
{
	switch (c->type) {
	case SSS_CELL_TEXT:
		return worksheet_write_string(ws, row, col, c->text, NULL);
	case SSS_CELL_INT:
		if (c->scale > 0 && c->scale <= 4) {
			double div = c->scale == 1 ? 10 : c->scale == 2 ? 100 : c->scale == 3 ? 1000 : 10000;
			return worksheet_write_number(ws, row, col, (double)c->num / div,
						      f->decimal[c->scale]);
		}
		return worksheet_write_number(ws, row, col, (double)c->num, NULL);
	case SSS_CELL_DATE:
		return worksheet_write_number(ws, row, col, (double)c->date + EXCEL_EPOCH,
					      f->date);
	case SSS_CELL_DATETIME:
		return worksheet_write_number(ws, row, col,
					      (double)c->num / 1440.0 + EXCEL_EPOCH,
					      f->datetime);
	case SSS_CELL_MINUTES:
		return worksheet_write_number(ws, row, col, (double)c->num / 1440.0,
					      f->minutes);
	case SSS_CELL_PERCENT:
		return worksheet_write_number(ws, row, col, (double)c->num / 10000.0,
					      f->percent);
	case SSS_CELL_EMPTY:
		break;
	}
	return LXW_NO_ERROR;
}

static struct sss_error *lxw_fail(const char *sheet, lxw_error e)
{
	return sss_error(SSS_ERR_IO, "cannot write sheet '%s': %s", sheet, lxw_strerror(e));
}

/* Check what Excel cannot hold before anything is written. */
static struct sss_error *check_table(const struct sss_table *t, const char *sheet)
{
	size_t head = t->title ? 2 : 0;
	struct sss_error *err;

	if (t->ncols > LXW_COL_MAX)
		return sss_error(SSS_ERR_LIMIT, "sheet '%s': %zu columns, more than Excel's %d",
				 sheet, t->ncols, LXW_COL_MAX);
	if (t->nrows > (size_t)LXW_ROW_MAX - 5)
		return sss_error(SSS_ERR_LIMIT, "sheet '%s': %zu rows, more than Excel's %d",
				 sheet, t->nrows, LXW_ROW_MAX - 5);
	for (size_t c = 0; c < t->ncols; c++)
		if ((err = check_text(sheet, t->headings[c], head, c)))
			return err;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const struct sss_cell *cell = sss_table_cell(t, r, c);
			if (cell->type == SSS_CELL_TEXT && (err = check_text(sheet, cell->text, head + 1 + r, c)))
				return err;
		}
	if (t->title && (err = check_text(sheet, t->title, 0, 0)))
		return err;
	if (t->note && (err = check_text(sheet, t->note, head + t->nrows + 2, 0)))
		return err;
	return NULL;
}

static struct sss_error *put_table(lxw_worksheet *ws, const struct sss_table *t,
				   const char *sheet, const struct formats *f)
{
	lxw_row_t head = t->title ? 2 : 0;
	lxw_error e = LXW_NO_ERROR;

	if (t->title)
		e = worksheet_write_string(ws, 0, 0, t->title, f->title);
	for (size_t c = 0; !e && c < t->ncols; c++)
		e = worksheet_write_string(ws, head, (lxw_col_t)c, t->headings[c], f->head);
	for (size_t r = 0; !e && r < t->nrows; r++)
		for (size_t c = 0; !e && c < t->ncols; c++)
			e = put_cell(ws, head + 1 + (lxw_row_t)r, (lxw_col_t)c,
				     sss_table_cell(t, r, c), f);
	if (!e && t->note)
		e = worksheet_write_string(ws, head + (lxw_row_t)t->nrows + 2, 0, t->note, NULL);
	if (e)
		return lxw_fail(sheet, e);
	if (t->ncols) {
		worksheet_freeze_panes(ws, head + 1, 0);
		e = worksheet_autofilter(ws, head, 0, head + (lxw_row_t)t->nrows,
					 (lxw_col_t)(t->ncols - 1));
		if (e)
			return lxw_fail(sheet, e);
		set_widths(ws, t);
	}
	return NULL;
}

static void make_formats(lxw_workbook *wb, struct formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 12);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "yyyy/mm/dd");
	f->datetime = workbook_add_format(wb);
	format_set_num_format(f->datetime, "yyyy/mm/dd hh:mm");
	f->minutes = workbook_add_format(wb);
	format_set_num_format(f->minutes, "[h]:mm");
	f->percent = workbook_add_format(wb);
	format_set_num_format(f->percent, "0.0%");
	static const char *const dec[] = { NULL, "0.0", "0.00", "0.000", "0.0000" };
	f->decimal[0] = NULL;
	for (int i = 1; i <= 4; i++) {
		f->decimal[i] = workbook_add_format(wb);
		format_set_num_format(f->decimal[i], dec[i]);
	}
}

/* Write the workbook to file (which exists, empty), libxlsxwriter's
 * scratch files in tmpdir. */
static struct sss_error *write_workbook(const char *file, const char *tmpdir,
					struct sss_table *const *tables, size_t n)
{
	lxw_workbook_options o = { .constant_memory = LXW_FALSE,
				   .tmpdir = (char *)tmpdir,
				   .use_zip64 = LXW_FALSE };
	lxw_workbook *wb = NULL;
	struct formats f;
	char **names = xcalloc(n ? n : 1, sizeof(*names));
	struct sss_error *err = NULL;
	lxw_error e;

	if (!(wb = workbook_new_opt(file, &o))) {
		err = sss_error(SSS_ERR_IO, "cannot start a workbook at '%s'", file);
		goto done;
	}
	make_formats(wb, &f);
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		sss_xlsx_sheet_name(tables[i]->name, names, i, &sb);
		names[i] = strbuf_detach(&sb, NULL);
		if ((err = check_table(tables[i], names[i])))
			goto done;
		lxw_worksheet *ws = workbook_add_worksheet(wb, names[i]);
		if (!ws) {
			err = sss_error(SSS_ERR_INVALID, "cannot add sheet '%s'", names[i]);
			goto done;
		}
		if ((err = put_table(ws, tables[i], names[i], &f)))
			goto done;
	}
	if (!n)
		workbook_add_worksheet(wb, NULL);
	e = workbook_close(wb);
	wb = NULL;
	if (e)
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", file, lxw_strerror(e));
done:
	if (wb) {
		/* closing is the only way to free it: let it finish into the
		 * temporary file, which the caller removes */
		workbook_close(wb);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return err;
}

/* Create the empty file libxlsxwriter fills. */
static struct sss_error *create_temp(const char *tmp, int mode)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);

	if (fd < 0)
		return sss_error(SSS_ERR_IO, "cannot create '%s': %s", tmp, strerror(errno));
	close(fd);
	return NULL;
}

static struct sss_error *sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ok = fd >= 0 && fsync(fd) == 0;

	if (fd >= 0)
		close(fd);
	return ok ? NULL : sss_error(SSS_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
}

struct sss_error *sss_xlsx_write(const char *path, struct sss_table *const *tables,
				 size_t n)
{
	struct strbuf tmp = STRBUF_INIT, dir = STRBUF_INIT, data = STRBUF_INIT;
	struct sss_error *err = NULL;
	struct stat st;
	const char *slash = strrchr(path, '/');
	int clean = -1;

	/* -o /dev/null: a device is written to, never replaced by a file */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		if (!(err = sss_xlsx_render(&data, tables, n)))
			err = sss_write_file_atomic(path, data.buf, data.len, false);
		goto done;
	}
	if (slash)
		strbuf_add(&dir, path, (size_t)(slash - path) + (slash == path));
	else
		strbuf_addch(&dir, '.');
	strbuf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	if ((err = create_temp(tmp.buf, 0644)))
		goto done;
	clean = sss_cleanup_add(tmp.buf);
	if ((err = write_workbook(tmp.buf, dir.buf, tables, n)))
		goto done;
	if ((err = sync_file(tmp.buf)))
		goto done;
	if (rename(tmp.buf, path) < 0)
		err = sss_error(SSS_ERR_IO, "cannot rename '%s' to '%s': %s", tmp.buf, path,
				strerror(errno));
done:
	if (err && clean >= 0)
		unlink(tmp.buf);
	sss_cleanup_forget(clean);
	strbuf_release(&tmp);
	strbuf_release(&dir);
	strbuf_release(&data);
	return err;
}

struct sss_error *sss_xlsx_render(struct strbuf *out, struct sss_table *const *tables,
				  size_t n)
{
	struct strbuf tmp = STRBUF_INIT;
	struct sss_error *err = NULL;
	const char *tmpdir = getenv("TMPDIR");
	char *data = NULL;
	size_t len = 0;
	int fd, clean = -1;

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	strbuf_addf(&tmp, "%s/sssctl-xlsx-XXXXXX", tmpdir);
	if ((fd = mkstemp(tmp.buf)) < 0) {
		err = sss_error(SSS_ERR_IO, "cannot create a temporary file in '%s': %s", tmpdir,
				strerror(errno));
		goto done;
	}
	close(fd);
	clean = sss_cleanup_add(tmp.buf);
	if ((err = write_workbook(tmp.buf, tmpdir, tables, n)))
		goto done;
	if ((err = sss_read_file(tmp.buf, MAX_WORKBOOK, &data, &len)))
		goto done;
	strbuf_add(out, data, len);
done:
	if (clean >= 0)
		unlink(tmp.buf);
	sss_cleanup_forget(clean);
	free(data);
	strbuf_release(&tmp);
	return err;
}
