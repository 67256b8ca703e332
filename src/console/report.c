/*
 * report.c: what a console session reports (con_priv.h): every line shown
 * is sanitized into one reused buffer (con_text_begin), recorded in the
 * kept log (log.c) and handed to the line callback the owner registered;
 * our own messages and hex dump rows take the same way. Calls only the
 * pure files (log.c, text.c).
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "console/con_priv.h"
#include "console/log.h"
#include "console/text.h"
#include "ev/loop.h"

/* Report a line: into the kept log, then to the callback. */
void
con_emit(struct con *c, enum con_dir dir, int client, const char *peer,
    int flags, size_t bytes, const char *text)
{
	struct con_line l;

	if (c->dead)
		return;
	memset(&l, 0, sizeof l);
	l.ms = ev_wall_ms();
	l.dir = dir;
	l.client = client;
	l.peer = peer;
	l.text = text;
	l.bytes = bytes;
	l.flags = flags;
	con_log_add(&c->log, &l);
	if (c->ev.line != NULL) {
		c->emitting++;
		c->ev.line(c, &l, c->arg);
		c->emitting--;
	}
}

/*
 * The buffer to sanitize a line into: the session's own, or, inside the
 * line callback (whose text lives in the session's), a fresh one.
 */
struct buf *
con_text_begin(struct con *c)
{
	struct buf *b;

	if (c->emitting == 0) {
		buf_clear(&c->text);
		return &c->text;
	}
	b = xmalloc(sizeof *b);
	buf_init(b, CON_TEXT_MAX);
	return b;
}

/* Done with con_text_begin's buffer. */
void
con_text_end(struct con *c, struct buf *b)
{
	if (b != &c->text) {
		buf_free(b);
		free(b);
	}
}

/*
 * Report a message of ours. The format is translated text; the caller
 * sanitizes any argument that came from outside (names, errors of lfile).
 */
void
con_msg(struct con *c, enum con_dir dir, struct con_peer *p, const char *fmt,
    ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	con_emit(c, dir, p != NULL ? p->num : 0, p != NULL && p->fd != -1 ?
	    p->addr : NULL, 0, 0, s);
	free(s);
}

/* Show bytes as rows of a hex dump; the first is at offset off. */
void
con_dump(struct con *c, enum con_dir dir, int client, const char *peer,
    int flags, const unsigned char *d, size_t n, uint64_t off)
{
	char row[CON_HEX_ROW];
	size_t i, k;

	for (i = 0; i < n && !c->dead; i += 16) {
		k = n - i < 16 ? n - i : 16;
		con_hex_row(row, d + i, k, off + i);
		con_emit(c, dir, client, peer, flags, k, row);
	}
}
