/*
 * buf.c: the bounded byte buffer.
 *
 * Growth doubles the allocation up to the limit; consumed bytes at the front
 * are reclaimed by moving the unread ones down when the tail has no room.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xmalloc.h"

/* Make an empty buffer that will hold at most limit unread bytes. */
void
buf_init(struct buf *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit;
}

/* Release the memory; the buffer can be used again after buf_init. */
void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->off = b->len = b->cap = 0;
}

/* Forget every byte; keep the allocation. */
void
buf_clear(struct buf *b)
{
	b->off = b->len = 0;
}

/* How many more bytes may be appended before the limit. */
size_t
buf_room(const struct buf *b)
{
	return b->limit - buf_len(b);
}

/*
 * Make room for want more bytes and return where they go; *got is set to the
 * room available there (at least want). NULL with ENOBUFS past the limit.
 */
void *
buf_reserve(struct buf *b, size_t want, size_t *got)
{
	size_t used = buf_len(b), ncap;

	if (want > buf_room(b)) {
		errno = ENOBUFS;
		return NULL;
	}
	if (b->cap - b->len < want && b->off > 0) {
		memmove(b->data, b->data + b->off, used);
		b->off = 0;
		b->len = used;
	}
	if (b->cap - b->len < want) {
		ncap = b->cap == 0 ? 256 : b->cap;
		if (ncap > b->limit + 1)
			ncap = b->limit + 1;
		while (ncap - b->len < want)
			ncap = ncap > b->limit / 2 ? b->limit + 1 : ncap * 2;
		b->data = xrealloc(b->data, ncap);
		b->cap = ncap;
	}
	if (got != NULL) {
		*got = b->cap - b->len;
		if (*got > buf_room(b))
			*got = buf_room(b);
	}
	return b->data + b->len;
}

/* Count n bytes written into the space buf_reserve gave as held. */
void
buf_commit(struct buf *b, size_t n)
{
	if (n > b->cap - b->len || n > buf_room(b))
		fatal("buf_commit: %zu bytes past the reserved space", n);
	b->len += n;
}

/* Append n bytes; -1 (ENOBUFS) and nothing appended if over the limit. */
int
buf_append(struct buf *b, const void *p, size_t n)
{
	void *dst;

	if (n == 0)
		return 0;
	if ((dst = buf_reserve(b, n, NULL)) == NULL)
		return -1;
	memcpy(dst, p, n);
	b->len += n;
	return 0;
}

/* Append a C string without its NUL. */
int
buf_append_str(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

/* Append formatted text; -1 if it would pass the limit. */
int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256], *s = small;
	int n, rc;

	/* Short text (nearly all of it) is formatted on the stack. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof small) {
		va_start(ap, fmt);
		s = xvasprintf(fmt, ap);
		va_end(ap);
	}
	rc = buf_append(b, s, (size_t)n);
	if (s != small)
		free(s);
	return rc;
}

/* Drop n bytes from the front. */
void
buf_consume(struct buf *b, size_t n)
{
	if (n > buf_len(b))
		fatal("buf_consume: %zu bytes of %zu", n, buf_len(b));
	b->off += n;
	if (b->off == b->len)
		b->off = b->len = 0;
}

/*
 * The unread bytes as a NUL-terminated string (the NUL is not counted and
 * may sit one past the limit). The bytes may themselves contain NULs.
 */
char *
buf_cstr(struct buf *b)
{
	if (b->cap == b->len) {
		b->data = xrealloc(b->data, b->cap + 1);
		b->cap++;
	}
	b->data[b->len] = '\0';
	return (char *)buf_data(b);
}
