/*
 * list_arena.c: where a listing's strings live: a chain of blocks that
 * never move, so the entries array can grow by realloc while the names
 * stay put; freed or emptied whole.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "ftp/list_priv.h"

/* Arena blocks: big enough for any line, small next to a listing. */
#define LIST_BLOCK		(64 * 1024)

struct ftp_arena_block {
	struct ftp_arena_block	*next;
	size_t			 used;
	size_t			 size;
	char			 data[];
};

struct ftp_arena {
	struct ftp_arena_block	*head;
	size_t			 bytes;		/* allocated, headers included */
};

/* An empty arena. */
struct ftp_arena *
list_arena_new(void)
{
	return xcalloc(1, sizeof(struct ftp_arena));
}

/* Get memory for n bytes from the arena. */
char *
list_arena_alloc(struct ftp_arena *a, size_t n)
{
	struct ftp_arena_block *b = a->head;
	size_t size;
	char *p;

	if (b == NULL || b->size - b->used < n) {
		size = n > LIST_BLOCK ? n : LIST_BLOCK;
		b = xmalloc(sizeof *b + size);
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
		a->bytes += sizeof *b + size;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

/* A NUL-terminated copy of n bytes in the arena. */
char *
list_arena_copy(struct ftp_arena *a, const char *s, size_t n)
{
	char *p = list_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Free an arena and every block in it. */
void
list_arena_free(struct ftp_arena *a)
{
	struct ftp_arena_block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* Empty an arena for reuse: the newest block stays, the others go. */
void
list_arena_reset(struct ftp_arena *a)
{
	struct ftp_arena_block *b, *next;

	if (a->head == NULL)
		return;
	for (b = a->head->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head->next = NULL;
	a->head->used = 0;
	a->bytes = sizeof *a->head + a->head->size;
}
