/*
 * xmalloc.h: allocation that never returns NULL, and fatal().
 *
 * Running out of memory is not an error jangada can report usefully in the
 * middle of a redraw, so every allocation goes through these wrappers, which
 * abort with a message. Sizes that come from the network are bounded by
 * base/limits.h long before they get here.
 */
#ifndef JANGADA_BASE_XMALLOC_H
#define JANGADA_BASE_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	*xmemdup(const void *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* A broken invariant: print and abort. The hook restores the terminal. */
void	 fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	 fatal_set_hook(void (*)(void));

#endif
