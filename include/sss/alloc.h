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

typedef void (*sss_oom_handler)(size_t n);
void sss_set_oom_handler(sss_oom_handler fn);

#endif
