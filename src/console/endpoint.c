/*
 * endpoint.c: what one endpoint of a console session holds (con_priv.h),
 * apart from its I/O (peer.c): the line being received, split into lines
 * of at most LIM_CONSOLE_LINE bytes (a longer one is shown in pieces, each
 * marked cut, a UTF-8 character never split between pieces), shown
 * through report.c and, with relay, forwarded raw to the other clients;
 * the datagrams of UDP; the events the endpoint's socket is watched for;
 * closing it. Calls report.c and the pure text.c, nothing above.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "console/con_priv.h"
#include "console/text.h"
#include "ev/loop.h"
#include "net/tls.h"

/* Send raw bytes to every other live client (relay). */
void
con_relay(struct con *c, struct con_peer *from, const void *d, size_t n)
{
	struct con_peer *q;
	size_t i;

	for (i = 0; i < c->npeers && !c->dead; i++) {
		q = c->peers[i];
		if (q == from || q->dead || q->fd == -1 || q->shut)
			continue;
		if (buf_append(&q->outq, d, n) == -1) {
			con_msg(c, CON_ERROR, q, _("client %d does not read "
			    "what it is sent; closing it"), q->num);
			peer_close(q);
			continue;
		}
		peer_update(q);
	}
}

/*
 * Show the line p holds (flags: CON_LINE_CUT for a piece of a long line,
 * CON_LINE_NOEOL for a line shown before its end).
 */
static void
peer_show_line(struct con_peer *p, int flags)
{
	struct con *c = p->con;
	unsigned char *d = buf_data(&p->line), keep[4];
	size_t n = buf_len(&p->line), tlen, nkeep = 0;
	struct buf *text;

	if (n == 0)
		return;
	if (flags & CON_LINE_CUT) {
		nkeep = con_utf8_tail(d, n);
		memcpy(keep, d + n - nkeep, nkeep);
		n -= nkeep;
	}
	if (c->relay)
		con_relay(c, p, d, n);
	tlen = flags & CON_LINE_CUT ? n : con_text_len(d, n);
	text = con_text_begin(c);
	san_append(text, d, tlen, 0);
	if (flags & CON_LINE_CUT)
		buf_printf(text, " %s", _("[line cut: too long]"));
	/* Let go of the line first: the callback may close everything. */
	buf_clear(&p->line);
	if (nkeep > 0)
		buf_append(&p->line, keep, nkeep);
	con_emit(c, CON_IN, p->num, p->addr, flags, n, buf_cstr(text));
	con_text_end(c, text);
}

/* Split what arrived into lines and show each complete one. */
void
peer_lines(struct con_peer *p, const unsigned char *d, size_t n)
{
	struct con *c = p->con;
	const unsigned char *nl;
	size_t take, room;

	while (n > 0 && !c->dead && !p->dead) {
		nl = memchr(d, '\n', n);
		take = nl != NULL ? (size_t)(nl - d) + 1 : n;
		room = LIM_CONSOLE_LINE - buf_len(&p->line);
		if (take > room) {
			buf_append(&p->line, d, room);
			d += room;
			n -= room;
			peer_show_line(p, CON_LINE_CUT);
			continue;
		}
		buf_append(&p->line, d, take);
		d += take;
		n -= take;
		if (nl != NULL)
			peer_show_line(p, 0);
	}
	if (c->dead || p->dead)
		return;
	if (buf_len(&p->line) > 0)
		ev_timer_start(p->idle, LIM_CONSOLE_IDLE_MS);
	else
		ev_timer_stop(p->idle);
}

/* Show a held partial line (the peer went quiet, closed, or hex began). */
void
peer_flush_line(struct con_peer *p)
{
	ev_timer_stop(p->idle);
	if (!p->dead && buf_len(&p->line) > 0)
		peer_show_line(p, CON_LINE_NOEOL);
}

/* Show a datagram from src. */
void
con_show_dgram(struct con *c, const char *src, const unsigned char *d,
    size_t n)
{
	size_t tlen = con_text_len(d, n);
	struct buf *text;

	if (c->hex) {
		con_dump(c, CON_IN, 0, src, CON_LINE_FROM, d, n, 0);
		return;
	}
	text = con_text_begin(c);
	san_append(text, d, tlen, 0);
	con_emit(c, CON_IN, 0, src, CON_LINE_FROM, n, buf_cstr(text));
	con_text_end(c, text);
}

/* Watch what the endpoint needs: reads (unless echo waits), writes. */
void
peer_update(struct con_peer *p)
{
	struct con *c = p->con;
	short ev = p->eof ? 0 : POLLIN;

	if (p->dead || p->io == NULL)
		return;
	if (c->echo && c->kind == CON_TCP_SERVER &&
	    buf_room(&p->outq) < LIM_CONSOLE_CHUNK)
		ev = 0;
	if (buf_len(&p->outq) > 0 || p->sending ||
	    (c->when_sent && !p->shut))
		ev |= POLLOUT;
	ev_io_set(p->io, ev);
}

/* Close an endpoint now; its memory goes when the session is let go. */
void
peer_close(struct con_peer *p)
{
	if (p->dead)
		return;
	p->dead = true;
	ev_timer_free(p->idle);
	p->idle = NULL;
	ev_timer_free(p->linger);
	p->linger = NULL;
	net_io_close(&p->io, &p->tls, &p->fd);
	net_tls_ctx_free(p->tlsctx);
	p->tlsctx = NULL;
	buf_free(&p->line);
	buf_free(&p->outq);
}
