/*
 * log.c: the kept log of a console session (log.h): records in one buffer
 * bounded by LIM_CONSOLE_LOG. When a record does not fit, the oldest
 * records go, a quarter of the log at a time, so a flood costs a memmove
 * per megabyte rather than per line, and nothing is allocated per line.
 * Pure: no session, no I/O (save.c writes it to a file).
 */
#include "config.h"

#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "console/console.h"
#include "console/log.h"

/* A record of the kept log: this header, the peer, NUL, the text, NUL. */
struct con_rec {
	uint64_t	ms;
	uint64_t	bytes;
	int32_t		client;
	uint32_t	peerlen;	/* UINT32_MAX: no peer */
	uint32_t	textlen;
	uint8_t		dir;
	uint8_t		flags;
};

/* The untranslated word for a direction. */
const char *
con_dir_name(enum con_dir dir)
{
	switch (dir) {
	case CON_IN:
		return "IN";
	case CON_OUT:
		return "OUT";
	case CON_INFO:
		return "INFO";
	case CON_ERROR:
		break;
	}
	return "ERROR";
}

/* Forget the oldest records until need more bytes fit, with room to spare. */
static void
log_make_room(struct buf *log, size_t need)
{
	struct con_rec r;
	size_t keep = LIM_CONSOLE_LOG / 4 * 3;

	while (buf_len(log) > 0 && (buf_room(log) < need ||
	    buf_len(log) + need > keep)) {
		memcpy(&r, buf_data(log), sizeof r);
		buf_consume(log, sizeof r + (r.peerlen == UINT32_MAX ? 0 :
		    r.peerlen) + 1 + r.textlen + 1);
	}
}

/* Add a line to a kept log. */
void
con_log_add(struct buf *log, const struct con_line *l)
{
	struct con_rec r;
	size_t plen = l->peer != NULL ? strlen(l->peer) : 0;
	size_t tlen = strlen(l->text), need;
	unsigned char *p;

	need = sizeof r + plen + 1 + tlen + 1;
	if (need > LIM_CONSOLE_LOG / 4)
		return;		/* cannot happen: lines are far shorter */
	if (buf_room(log) < need)
		log_make_room(log, need);
	memset(&r, 0, sizeof r);
	r.ms = l->ms;
	r.bytes = l->bytes;
	r.client = l->client;
	r.peerlen = l->peer != NULL ? (uint32_t)plen : UINT32_MAX;
	r.textlen = (uint32_t)tlen;
	r.dir = (uint8_t)l->dir;
	r.flags = (uint8_t)l->flags;
	if ((p = buf_reserve(log, need, NULL)) == NULL)
		return;
	memcpy(p, &r, sizeof r);
	p += sizeof r;
	if (plen > 0)
		memcpy(p, l->peer, plen);
	p[plen] = '\0';
	p += plen + 1;
	memcpy(p, l->text, tlen + 1);
	buf_commit(log, need);
}

/* Walk a kept log, oldest first. */
void
con_log_each(const struct buf *log,
    void (*fn)(const struct con_line *, void *), void *arg)
{
	const unsigned char *p = buf_data(log), *end = p + buf_len(log);
	struct con_rec r;
	struct con_line l;

	while (p != NULL && p + sizeof r <= end) {
		memcpy(&r, p, sizeof r);
		p += sizeof r;
		memset(&l, 0, sizeof l);
		l.ms = r.ms;
		l.dir = (enum con_dir)r.dir;
		l.client = r.client;
		l.bytes = (size_t)r.bytes;
		l.flags = r.flags;
		if (r.peerlen == UINT32_MAX) {
			l.peer = NULL;
			p += 1;
		} else {
			l.peer = (const char *)p;
			p += r.peerlen + 1;
		}
		l.text = (const char *)p;
		p += r.textlen + 1;
		fn(&l, arg);
	}
}
