/* alloc.h - allocation that never returns NULL. */
#ifndef SSS_ALLOC_H
#define SSS_ALLOC_H

#include <stddef.h>

/* Allocation that never returns NULL. On failure it calls the handler set
 * with sss_set_oom_handler() (cmd/main.c sets one that exits); the library
 * itself never exits. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *arr (of *alloc elements of size elem) to hold at least need. */
void sss_grow(void **arr, size_t *alloc, size_t need, size_t elem);
#define SSS_GROW(arr, alloc, need) \
	sss_grow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

/* An arena: many small allocations freed at once (a parse's tree). It
 * starts in a buffer the caller gives (on its stack, say) and takes
 * blocks from malloc when that is full. What it hands out stays valid
 * until sss_arena_release(), which frees the blocks (not the buffer). */
struct sss_arena_block;
struct sss_arena {
	char *p, *end;			/* the current block's free bytes */
	struct sss_arena_block *blocks; /* the malloc'd ones, newest first */
};
/* Start a with buf[0..size) (buf may be NULL when size is 0). */
void sss_arena_init(struct sss_arena *a, void *buf, size_t size);
/* n bytes aligned for any type, not zeroed; never NULL. */
void *sss_arena_alloc(struct sss_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n) in a. */
char *sss_arena_strndup(struct sss_arena *a, const char *s, size_t n);
/* Free a's blocks; a must be started again before another use. */
void sss_arena_release(struct sss_arena *a);

typedef void (*sss_oom_handler)(size_t n);
void sss_set_oom_handler(sss_oom_handler fn);

#endif
