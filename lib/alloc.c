/* alloc.c - allocation that never returns NULL (see alloc.h). */
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
