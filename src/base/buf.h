/*
 * buf.h: a bounded, growable byte buffer.
 *
 * Every buffer has its own limit, fixed when it is made. Appending past the
 * limit fails with ENOBUFS and leaves the buffer as it was: hitting the limit
 * is an error the caller reports ("reply too long"), never an overflow.
 * Bytes are consumed from the front without moving memory each time; the
 * unread part is moved down only when room is needed.
 */
#ifndef JANGADA_BASE_BUF_H
#define JANGADA_BASE_BUF_H

#include <stddef.h>

struct buf {
	unsigned char	*data;
	size_t		 off;	/* first unread byte */
	size_t		 len;	/* end of the bytes held (data[off..len)) */
	size_t		 cap;	/* allocated */
	size_t		 limit;	/* most unread bytes it may hold */
};

void	 buf_init(struct buf *, size_t limit);
void	 buf_free(struct buf *);
void	 buf_clear(struct buf *);
int	 buf_append(struct buf *, const void *, size_t);
int	 buf_append_str(struct buf *, const char *);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	*buf_reserve(struct buf *, size_t want, size_t *got);
void	 buf_commit(struct buf *, size_t);
void	 buf_consume(struct buf *, size_t);
size_t	 buf_room(const struct buf *);
char	*buf_cstr(struct buf *);

/* The unread bytes and their count. */
static inline unsigned char *
buf_data(const struct buf *b)
{
	return b->data == NULL ? NULL : b->data + b->off;
}

static inline size_t
buf_len(const struct buf *b)
{
	return b->len - b->off;
}

#endif
