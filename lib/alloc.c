/* alloc.c - allocation that never returns NULL (see alloc.h). */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sss/alloc.h"

static sss_oom_handler oom_handler;

void sss_set_oom_handler(sss_oom_handler fn)
{
	oom_handler = fn;
}

static void oom(size_t n)
{
	if (oom_handler)
		oom_handler(n);
	/* No handler (a unit test): there is nothing sane left to do. */
	fprintf(stderr, "sssctl: fatal: out of memory (%zu bytes)\n", n);
	_exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void sss_grow(void **arr, size_t *alloc, size_t need, size_t elem)
{
	if (need <= *alloc)
		return;
	size_t n = *alloc ? *alloc : 8;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / elem)
		oom(SIZE_MAX);
	*arr = xrealloc(*arr, n * elem);
	*alloc = n;
}

/* ---- the arena ---------------------------------------------------------- */

struct sss_arena_block {
	struct sss_arena_block *next;
	alignas(max_align_t) char data[];
};

#define ARENA_BLOCK (16u << 10)

void sss_arena_init(struct sss_arena *a, void *buf, size_t size)
{
	a->p = buf;
	a->end = buf ? (char *)buf + size : NULL;
	a->blocks = NULL;
}

static void *arena_take(struct sss_arena *a, size_t n, size_t align)
{
	uintptr_t at = ((uintptr_t)a->p + align - 1) & ~(uintptr_t)(align - 1);

	if (a->p && at <= (uintptr_t)a->end && n <= (uintptr_t)a->end - at) {
		a->p = (char *)at + n;
		return (void *)at;
	}
	if (n > SIZE_MAX - sizeof(struct sss_arena_block) - ARENA_BLOCK)
		oom(SIZE_MAX);
	/* a large request gets a block of its own, the rest a shared one */
	size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
	struct sss_arena_block *b = xmalloc(sizeof(*b) + size);
	b->next = a->blocks;
	a->blocks = b;
	if (size == n && a->p)
		return b->data; /* keep the current block's free bytes */
	a->p = b->data + n;
	a->end = b->data + size;
	return b->data;
}

void *sss_arena_alloc(struct sss_arena *a, size_t n)
{
	return arena_take(a, n, alignof(max_align_t));
}

char *sss_arena_strndup(struct sss_arena *a, const char *s, size_t n)
{
	char *p = arena_take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void sss_arena_release(struct sss_arena *a)
{
	while (a->blocks) {
		struct sss_arena_block *next = a->blocks->next;
		free(a->blocks);
		a->blocks = next;
	}
	a->p = a->end = NULL;
}
