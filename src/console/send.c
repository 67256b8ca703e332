/*
 * send.c: sending a typed line (console.h): the line end is added, the
 * bytes are queued on the endpoint (a client, one or every client of a
 * TCP server) or sent to the last source of a UDP server, and shown.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "console/con_priv.h"

/* Queue data for one endpoint; -1 and err if its queue is full. */
static int
con_queue(struct con_peer *p, const void *d, size_t n, char *err,
    size_t errlen)
{
	struct con *c = p->con;
	uint32_t len = (uint32_t)n;
	int rc;

	if (p->shut) {
		snprintf(err, errlen, "%s", _("the sending side is closed"));
		return -1;
	}
	if (c->kind == CON_UDP_CLIENT) {
		if (buf_room(&p->outq) < sizeof len + n)
			rc = -1;
		else {
			buf_append(&p->outq, &len, sizeof len);
			rc = buf_append(&p->outq, d, n);
		}
	} else
		rc = buf_append(&p->outq, d, n);
	if (rc == 0)
		p->out_off += n;
	if (rc == -1) {
		if (c->kind == CON_TCP_SERVER)
			snprintf(err, errlen, ngettext("client %d does not "
			    "read: %zu byte waits to be sent", "client %d does "
			    "not read: %zu bytes wait to be sent",
			    buf_len(&p->outq)), p->num, buf_len(&p->outq));
		else
			snprintf(err, errlen, ngettext("the peer does not "
			    "read: %zu byte waits to be sent", "the peer does "
			    "not read: %zu bytes wait to be sent",
			    buf_len(&p->outq)), buf_len(&p->outq));
		return -1;
	}
	peer_update(p);
	return 0;
}

/*
 * Show what was sent (text without the line end, or hex at the offset of
 * the endpoint's outgoing stream; p NULL: to every client, from 0).
 */
static void
con_show_out(struct con *c, struct con_peer *p, const unsigned char *d,
    size_t n, size_t tlen)
{
	struct buf *text;

	if (c->hex) {
		con_dump(c, CON_OUT, p != NULL ? p->num : 0,
		    p != NULL ? p->addr : NULL, 0, d, n, p != NULL ?
		    p->out_off - n : 0);
		return;
	}
	text = con_text_begin(c);
	san_append(text, d, tlen, 0);
	con_emit(c, CON_OUT, p != NULL ? p->num : 0, p != NULL ? p->addr :
	    NULL, 0, n, buf_cstr(text));
	con_text_end(c, text);
}

/* Send to the last source of a UDP server. */
static int
con_udp_answer(struct con *c, const unsigned char *d, size_t n, size_t tlen,
    char *err, size_t errlen)
{
	char src[NET_ADDRSTRLEN];
	struct buf *text;
	ssize_t w;

	if (c->lastlen == 0) {
		snprintf(err, errlen, "%s", _("no datagram has come yet: "
		    "nobody to answer"));
		return -1;
	}
	net_addr_str((struct sockaddr *)&c->last, c->lastlen, src, sizeof src,
	    true);
	w = sendto(c->lfd, d, n, 0, (struct sockaddr *)&c->last, c->lastlen);
	if (w == -1) {
		snprintf(err, errlen, _("cannot send to %s: %s"), src,
		    strerror(errno));
		return -1;
	}
	c->bytes_out += (uint64_t)w;
	if (c->hex) {
		con_dump(c, CON_OUT, 0, src, CON_LINE_FROM, d, n, 0);
		return 0;
	}
	text = con_text_begin(c);
	san_append(text, d, tlen, 0);
	con_emit(c, CON_OUT, 0, src, CON_LINE_FROM, n, buf_cstr(text));
	con_text_end(c, text);
	return 0;
}

/* Send a typed line (and the line end) to the peer, a client or all. */
int
con_send(struct con *c, const char *text, int client, char *err,
    size_t errlen)
{
	static const char *eols[] = { "\n", "\r\n", "" };
	struct con_peer *p, *one = NULL;
	unsigned char *d;
	size_t tlen = strlen(text), n, i;
	int rc = 0, sent = 0;

	if (!c->open || c->dead) {
		snprintf(err, errlen, "%s", _("the session is closed"));
		return -1;
	}
	if (tlen > LIM_CONSOLE_LINE) {
		snprintf(err, errlen, ngettext("line too long (at most %d "
		    "byte)", "line too long (at most %d bytes)",
		    LIM_CONSOLE_LINE), LIM_CONSOLE_LINE);
		return -1;
	}
	n = tlen + strlen(eols[c->eol]);
	d = xmalloc(n + 1);
	memcpy(d, text, tlen);
	memcpy(d + tlen, eols[c->eol], n - tlen);
	c->busy++;

	switch (c->kind) {
	case CON_UDP_SERVER:
		rc = con_udp_answer(c, d, n, tlen, err, errlen);
		break;
	case CON_TCP_CLIENT:
	case CON_UDP_CLIENT:
		p = c->peers[0];
		if ((rc = con_queue(p, d, n, err, errlen)) == 0)
			con_show_out(c, p, d, n, tlen);
		break;
	case CON_TCP_SERVER:
		for (i = 0; i < c->npeers; i++) {
			p = c->peers[i];
			if (p->dead || (client != 0 && p->num != client))
				continue;
			one = p;
			if (con_queue(p, d, n, err, errlen) == -1)
				rc = -1;
			else
				sent++;
		}
		if (one == NULL) {
			if (client == 0)
				snprintf(err, errlen, "%s",
				    _("no client is connected"));
			else
				snprintf(err, errlen, _("no client %d"),
				    client);
			rc = -1;
		} else if (sent > 0)
			con_show_out(c, client != 0 ? one : NULL, d, n, tlen);
		break;
	}
	free(d);
	con_release(c);
	return rc;
}
