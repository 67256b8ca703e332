/*
 * xmalloc.c: aborting allocation wrappers and fatal().
 *
 * fatal() first calls the hook the UI installs (endwin), so the terminal is
 * usable again before the message is printed.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"

static void (*fatal_hook)(void);

/* Install the function fatal() calls before it prints. */
void
fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

/* Print a message for a broken invariant and abort. */
void
fatal(const char *fmt, ...)
{
	va_list ap;
	void (*hook)(void) = fatal_hook;

	fatal_hook = NULL;
	if (hook != NULL)
		hook();
	fputs("jangada: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* malloc that aborts; a zero size still returns a unique pointer. */
void *
xmalloc(size_t size)
{
	void *p;

	if ((p = malloc(size == 0 ? 1 : size)) == NULL)
		fatal("out of memory allocating %zu bytes", size);
	return p;
}

/* calloc that aborts, with overflow checked by calloc itself. */
void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal("out of memory allocating %zu * %zu bytes", n, size);
	return p;
}

/* realloc that aborts. */
void *
xrealloc(void *old, size_t size)
{
	void *p;

	if ((p = realloc(old, size == 0 ? 1 : size)) == NULL)
		fatal("out of memory reallocating %zu bytes", size);
	return p;
}

/* realloc of n * size with the multiplication checked. */
void *
xreallocarray(void *old, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatal("allocation of %zu * %zu bytes overflows", n, size);
	return xrealloc(old, n * size);
}

/* strdup that aborts. */
char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s) + 1);
}

/* A NUL-terminated copy of at most n bytes of s. */
char *
xstrndup(const char *s, size_t n)
{
	return xmemdup(s, strnlen(s, n));
}

/* A copy of n bytes, with a NUL after them for convenience. */
void *
xmemdup(const void *src, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		fatal("allocation overflows");
	p = xmalloc(n + 1);
	if (n > 0)
		memcpy(p, src, n);
	p[n] = '\0';
	return p;
}

/* vasprintf that aborts. */
char *
xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory formatting a string");
	return s;
}

/* asprintf that aborts. */
char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}
