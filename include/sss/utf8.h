/* utf8.h - UTF-8 text: validation, decoding, normalisation of
 * what editors on Windows write (BOM, CRLF), and display width. */
#ifndef SSS_UTF8_H
#define SSS_UTF8_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* Check that buf[0..len) is valid UTF-8 with no NUL byte. On failure
 * return false and set *bad_line (1-based) and *bad_col (1-based byte
 * column) of the first offending byte. */
bool sss_utf8_check(const char *buf, size_t len, int *bad_line, int *bad_col);

/* Decode one UTF-8 code point at s (valid input assumed); return its
 * length in bytes and store the code point in *cp. */
int sss_utf8_decode(const char *s, unsigned *cp);

/* Normalise text read from a file in place: drop a UTF-8 BOM and turn
 * CRLF (and lone CR) into LF. Returns the new length. */
size_t sss_text_normalize(char *buf, size_t len);

/* A NUL-terminated copy of buf[0..*len) normalised as above (the caller's
 * buffer stays as given); *len becomes the new length. Caller frees. */
char *sss_text_copy(const char *buf, size_t *len);

/* Columns s takes on a terminal: East Asian wide and full-width
 * characters count two (valid UTF-8 assumed). */
size_t sss_display_width(const char *s);
/* Append s, then spaces up to width columns. */
void sss_pad(struct strbuf *out, const char *s, size_t width);

#endif
