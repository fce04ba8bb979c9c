/* csvread.h - reading CSV as RFC 4180 writes it, and as Excel and
 * Redmine hand it over: quoted fields holding commas, doubled quotes and
 * line breaks (CR, LF or CRLF); rows ending in CRLF or LF; a UTF-8
 * byte-order mark; the text in UTF-8 or CP932 (encoding.h).
 *
 *	struct sss_csv *csv = NULL;
 *	struct sss_csv_record rec;
 *	bool end;
 *	err = sss_csv_open(&csv, raw, rawlen, "accounts.csv", NULL);
 *	while (!err && !(err = sss_csv_next(csv, &rec, &end)) && !end)
 *		use(rec.field[0], rec.line);
 *	sss_csv_free(csv);
 *
 * Every error names the file and the line ("'accounts.csv' line 7: ...");
 * a record's line is the line it starts on, so a field with line breaks
 * in it does not shift the numbers of the records after it.
 */
#ifndef SSS_CSVREAD_H
#define SSS_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "sss/encoding.h"

struct sss_error;

/* Limits of one file; a file past one is refused (SSS_ERR_LIMIT) naming
 * the line. Zero in a member: the default. */
struct sss_csv_limits {
	size_t max_input;  /* bytes of the file (default 256 MiB) */
	size_t max_field;  /* bytes of one field (default 1 MiB) */
	size_t max_fields; /* fields of one record (default 1024) */
	size_t max_record; /* bytes of one record (default 4 MiB) */
	size_t max_rows;   /* records (default 1,000,000) */
};

#define SSS_CSV_MAX_INPUT (256u << 20)
#define SSS_CSV_MAX_FIELD (1u << 20)
#define SSS_CSV_MAX_FIELDS 1024
#define SSS_CSV_MAX_RECORD (4u << 20)
#define SSS_CSV_MAX_ROWS 1000000

/* One record: n fields, each NUL-terminated UTF-8 with its length (a
 * field may not hold NUL: that is an error). Line breaks inside a
 * quoted field read as LF, whichever of CR, LF and CRLF the file has.
 * The strings belong to the reader and stay valid until the next
 * sss_csv_next() or sss_csv_free(). */
struct sss_csv_record {
	char **field;
	size_t *len;
	size_t n;
	size_t line; /* the 1-based line the record starts on */
};

struct sss_csv;

/* Start reading raw[0..len) (copied), the file's bytes as they are: a
 * UTF-8 BOM is dropped, CP932 is converted to UTF-8, and a file valid in
 * neither is refused naming the first line that is neither (SSS_ERR_PARSE,
 * sss_detect_encoding()). file names the input in messages ("-" for
 * standard input reads as "standard input"); lim NULL means the
 * defaults. *out is the reader, owned by the caller (sss_csv_free()),
 * or NULL on an error. */
struct sss_error *sss_csv_open(struct sss_csv **out, const char *raw,
			       size_t len, const char *file,
			       const struct sss_csv_limits *lim);
/* The encoding sss_csv_open() found. */
enum sss_encoding sss_csv_encoding(const struct sss_csv *csv);
/* The name of the input as messages give it (owned by the reader). */
const char *sss_csv_file(const struct sss_csv *csv);

/* How far reading has come: bytes of the decoded text read so far, of
 * sss_csv_size() (for a progress bar). */
size_t sss_csv_offset(const struct sss_csv *csv);
size_t sss_csv_size(const struct sss_csv *csv);

/* Read the next record into *rec; at the end of the input *end is true
 * and rec is untouched. An empty line is a record of one empty field.
 * Errors (SSS_ERR_PARSE, SSS_ERR_LIMIT) name the line: a quote inside
 * an unquoted field, text after a closing quote, a quoted field that is
 * never closed (named by the line it opens on), NUL, a limit. After an
 * error the reader gives only that error again. */
struct sss_error *sss_csv_next(struct sss_csv *csv, struct sss_csv_record *rec,
			       bool *end);

/* Free the reader and its records; NULL is a no-op. */
void sss_csv_free(struct sss_csv *csv);

#endif
