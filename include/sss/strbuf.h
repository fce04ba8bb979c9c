/* strbuf.h - a growable, always NUL-terminated byte buffer (after git's).
 *
 * `struct strbuf sb = STRBUF_INIT;` needs no allocation until something
 * is added. `buf` is never NULL and always NUL-terminated. Release with
 * strbuf_release(); take the string with strbuf_detach().
 */
#ifndef SSS_STRBUF_H
#define SSS_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

/* Initialise sb in place with room for hint bytes (0: none yet). */
void strbuf_init(struct strbuf *sb, size_t hint);
/* Free what sb holds and make it empty again (usable afterwards). */
void strbuf_release(struct strbuf *sb);
/* Return the string (caller frees it; never NULL) and reset sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Make room for extra more bytes. */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Set the length (<= current length) keeping the terminator. */
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* Whether s begins with prefix. */
bool sss_starts_with(const char *s, const char *prefix);

#endif
