/*
 * peer.c: the I/O of one endpoint of a console session (con_priv.h): the
 * one connection of a TCP or UDP client (made at once, its socket attached
 * when the name is resolved), or an accepted client of a TCP server. A UDP
 * server has no endpoints; it answers the last source (server.c).
 *
 * What arrives goes, in order, to the byte counter, the --save file (and
 * then nowhere else), the echo (raw, at once), and the line splitter
 * (endpoint.c) or the hex dumper. A partial line is shown after
 * LIM_CONSOLE_IDLE_MS of silence and when the peer closes.
 *
 * Writes are queued per endpoint (at most LIM_CONSOLE_OUTQ bytes) and
 * written when poll says the socket is writable. A file sent by a server
 * is read with pread, one chunk at a time as each client's socket drains,
 * so any size works in constant memory; after its last byte the write side
 * is shut down and the client closed when it closes, so an unread byte
 * from the client can never turn our close into a reset that destroys the
 * tail.
 *
 * An endpoint that ends ends a client session, and the one client of a
 * server --once: the loop's entries here hold the session and call
 * session.c (con_end, con_release), the one file above the endpoints'
 * state (endpoint.c) that the session itself calls.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "console/con_priv.h"
#include "ev/loop.h"
#include "net/tls.h"

/*
 * A server that serves one client (once) ends when that client is gone,
 * however it went.
 */
static void
peer_served(struct con *c)
{
	if (c->once && c->open && !c->dead && con_clients(c) == 0)
		con_end(c, END_USER, _("its one client is served; closed"));
}

/* The peer has been quiet with a partial line held: show it. */
static void
peer_idle(struct ev_timer *t, void *arg)
{
	struct con_peer *p = arg;
	struct con *c = p->con;

	c->busy++;
	peer_flush_line(p);
	con_release(c);
}

/* Bytes arrived from a TCP endpoint. */
static void
peer_data(struct con_peer *p, const unsigned char *d, size_t n)
{
	struct con *c = p->con;
	uint64_t at = p->in_off;

	c->bytes_in += n;
	p->in_off += n;
	if (c->kind == CON_TCP_CLIENT && c->part.fd != -1) {
		if (c->saving)
			con_save_bytes(c, d, n);
		return;
	}
	if (c->echo)
		buf_append(&p->outq, d, n);	/* room kept by the reader */
	if (c->hex) {
		if (c->relay)
			con_relay(c, p, d, n);
		con_dump(c, CON_IN, p->num, p->addr, 0, d, n, at);
		return;
	}
	peer_lines(p, d, n);
}

/* A session's end of its one connection (TCP client) or of a client. */
static void
peer_gone(struct con_peer *p, bool error, const char *why)
{
	struct con *c = p->con;
	char *msg;

	peer_flush_line(p);
	if (c->dead || p->dead)
		return;
	if (c->kind == CON_TCP_SERVER) {
		if (error)
			con_msg(c, CON_ERROR, p, _("client %d: %s"), p->num,
			    why);
		else
			con_msg(c, CON_INFO, p, _("client %d disconnected"),
			    p->num);
		peer_close(p);
		peer_served(c);
		return;
	}
	if (error)
		msg = xasprintf(_("connection to %s lost: %s"), p->addr, why);
	else
		msg = xasprintf(_("connection closed by %s"), p->addr);
	con_end(c, error ? END_ERROR : END_PEER, msg);
	free(msg);
}

/* Read what a TCP endpoint sent, a few chunks per pass. */
static void
peer_read(struct con_peer *p)
{
	struct con *c = p->con;
	size_t want;
	ssize_t n;
	int i;

	for (i = 0; i < LIM_CONSOLE_PASS && !c->dead && !p->dead; i++) {
		want = LIM_CONSOLE_CHUNK;
		if (c->echo && buf_room(&p->outq) < want)
			want = buf_room(&p->outq);
		if (want == 0)
			break;		/* echo: the peer must read first */
		n = net_io_read(p->fd, p->tls, c->rbuf, want);
		if (n > 0) {
			peer_data(p, c->rbuf, (size_t)n);
			if ((size_t)n < want)
				break;
			continue;
		}
		if (n == 0) {
			/*
			 * A client that shuts its side after its request
			 * still gets the rest of the file, or of the echo.
			 */
			if (c->kind == CON_TCP_SERVER && !p->shut &&
			    (p->sending || buf_len(&p->outq) > 0)) {
				peer_flush_line(p);
				p->eof = true;
				return;
			}
			peer_gone(p, false, NULL);
			return;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			peer_gone(p, true, strerror(errno));
		break;
	}
}

/* Read the datagrams of a UDP client's socket. */
static void
udp_client_read(struct con_peer *p)
{
	struct con *c = p->con;
	ssize_t n;
	int i;

	for (i = 0; i < 64 && !c->dead && !p->dead; i++) {
		n = recv(p->fd, c->rbuf, LIM_CONSOLE_CHUNK, 0);
		if (n >= 0) {
			c->bytes_in += (size_t)n;
			con_show_dgram(c, p->addr, c->rbuf, (size_t)n);
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		if (errno == ECONNREFUSED)
			con_msg(c, CON_ERROR, p, _("%s: port unreachable "
			    "(nothing listens there?)"), p->addr);
		else
			con_msg(c, CON_ERROR, p, _("%s: %s"), p->addr,
			    strerror(errno));
	}
}

/*
 * Queue the next chunk of the file a server sends (--send). -1 if the
 * endpoint was closed.
 */
static int
peer_fill(struct con_peer *p)
{
	struct con *c = p->con;
	uint64_t left = c->sendsize - p->file_off;
	size_t got, want;
	void *dst;
	ssize_t n;

	if (left == 0) {
		p->sending = false;
		p->sent = true;
		return 0;
	}
	if ((dst = buf_reserve(&p->outq, LIM_CONSOLE_CHUNK, &got)) == NULL)
		return 0;
	want = got < LIM_CONSOLE_CHUNK ? got : LIM_CONSOLE_CHUNK;
	if (want > left)
		want = (size_t)left;
	do
		n = pread(c->sendfd, dst, want, (off_t)p->file_off);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		con_msg(c, CON_ERROR, p, _("cannot read %s: %s"), c->send_disp,
		    strerror(errno));
		peer_close(p);
		peer_served(c);
		return -1;
	}
	if (n == 0) {
		con_msg(c, CON_ERROR, p, ngettext("%s ended early, after %llu "
		    "byte", "%s ended early, after %llu bytes",
		    (unsigned long)p->file_off),
		    c->send_disp, (unsigned long long)p->file_off);
		c->sendsize = p->file_off;
		p->sending = false;
		p->sent = true;
		return 0;
	}
	buf_commit(&p->outq, (size_t)n);
	p->file_off += (uint64_t)n;
	return 0;
}

/*
 * The write side was shut and the peer did not close in time; or a UDP
 * client's wait for replies is over.
 */
static void
peer_linger(struct ev_timer *t, void *arg)
{
	struct con_peer *p = arg;
	struct con *c = p->con;

	c->busy++;
	if (c->kind == CON_TCP_SERVER) {
		con_msg(c, CON_INFO, p, _("client %d did not close; closing "
		    "it"), p->num);
		peer_close(p);
		peer_served(c);
	} else if (c->kind == CON_UDP_CLIENT)
		con_end(c, END_USER, _("sent; the wait for replies is over; "
		    "closed"));
	else
		con_end(c, END_USER, _("the peer did not close; closed"));
	con_release(c);
}

/* Shut down the write side and wait for the peer to close. */
static void
peer_shut(struct con_peer *p)
{
	shutdown(p->fd, SHUT_WR);
	p->shut = true;
	if (p->linger == NULL)
		p->linger = ev_timer_new(p->con->loop, peer_linger, p);
	ev_timer_start(p->linger, LIM_CONSOLE_LINGER_MS);
}

/* Everything queued is out: the end of a sent file, or con_close_when_sent. */
static void
peer_drained(struct con_peer *p)
{
	struct con *c = p->con;

	if (p->sent && !p->shut) {
		con_msg(c, CON_INFO, p, ngettext("sent %s to client %d (%llu "
		    "byte)", "sent %s to client %d (%llu bytes)",
		    (unsigned long)p->file_off),
		    c->send_disp, p->num, (unsigned long long)p->file_off);
		if (!p->eof && !c->dead && !p->dead) {
			peer_shut(p);
			return;
		}
	}
	if (p->eof) {
		peer_gone(p, false, NULL);
		return;
	}
	if (!c->when_sent || p->shut)
		return;
	if (c->kind == CON_UDP_CLIENT && c->reply_ms <= 0)
		con_end(c, END_USER, _("sent; closed"));
	else if (c->kind == CON_UDP_CLIENT) {
		/* Nothing more goes out; replies are shown until the wait ends. */
		p->shut = true;
		if (p->linger == NULL)
			p->linger = ev_timer_new(c->loop, peer_linger, p);
		ev_timer_start(p->linger, (uint64_t)c->reply_ms);
	} else
		peer_shut(p);
}

/* Send one queued datagram of a UDP client; false to stop for now. */
static bool
udp_send_one(struct con_peer *p)
{
	struct con *c = p->con;
	uint32_t len;
	ssize_t n;
	int error;

	memcpy(&len, buf_data(&p->outq), sizeof len);
	n = send(p->fd, buf_data(&p->outq) + sizeof len, len, 0);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return false;
	if (n == -1 && errno == EINTR)
		return true;
	error = n == -1 ? errno : 0;
	/* Gone from the queue before the callback may close everything. */
	buf_consume(&p->outq, sizeof len + len);
	if (error == 0)
		c->bytes_out += (uint64_t)n;
	else if (error == ECONNREFUSED)
		con_msg(c, CON_ERROR, p, _("%s: port unreachable (nothing "
		    "listens there?)"), p->addr);
	else
		con_msg(c, CON_ERROR, p, "%s: %s", p->addr, strerror(error));
	return true;
}

/* Write what is queued, a few chunks per pass. */
static void
peer_write(struct con_peer *p)
{
	struct con *c = p->con;
	ssize_t n;
	int i;

	for (i = 0; i < LIM_CONSOLE_PASS && !c->dead && !p->dead; i++) {
		if (buf_len(&p->outq) == 0 && p->sending && peer_fill(p) == -1)
			return;
		if (buf_len(&p->outq) == 0)
			break;
		if (c->kind == CON_UDP_CLIENT) {
			if (!udp_send_one(p))
				return;
			continue;
		}
		n = p->tls != NULL ? net_io_write(p->fd, p->tls,
		    buf_data(&p->outq), buf_len(&p->outq)) :
		    send(p->fd, buf_data(&p->outq), buf_len(&p->outq),
		    MSG_NOSIGNAL);
		if (n > 0) {
			buf_consume(&p->outq, (size_t)n);
			c->bytes_out += (uint64_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		peer_gone(p, true, strerror(errno));
		return;
	}
	if (!c->dead && !p->dead && buf_len(&p->outq) == 0 && !p->sending)
		peer_drained(p);
}

/* Show what TLS agreed on and the peer's certificates, sanitized. */
static void
peer_tls_show(struct con_peer *p)
{
	struct con *c = p->con;
	char text[8192], why[256], *line, *save = NULL, *shown;

	net_tls_describe(p->tls, text, sizeof text);
	con_msg(c, CON_INFO, p, _("TLS: %s"), text);
	con_msg(c, CON_INFO, p, "%s", _("certificate chain:"));
	net_tls_chain_text(p->tls, text, sizeof text);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		shown = san_cstr(line);
		con_msg(c, CON_INFO, p, " %s", shown);
		free(shown);
	}
	net_tls_fingerprint(p->tls, text, sizeof text);
	con_msg(c, CON_INFO, p, _("fingerprint: %s"), text);
	if (net_tls_verify(p->tls, why, sizeof why) == 0)
		con_msg(c, CON_INFO, p, "%s", _("verified: trusted by the "
		    "system's authorities, the name matches"));
	else
		con_msg(c, CON_INFO, p, _("not verified: %s (shown anyway: "
		    "this is a console)"), why);
}

/* tcp connect --tls: the handshake made progress. */
static void
peer_handshake(struct con_peer *p)
{
	char err[512];

	if (net_tls_handshake(p->tls, err, sizeof err) == -1) {
		if (errno == EAGAIN) {
			ev_io_set(p->io, net_tls_events(p->tls));
			return;
		}
		peer_gone(p, true, err);
		return;
	}
	p->handshaking = false;
	peer_tls_show(p);
	if (!p->con->dead && !p->dead)
		peer_update(p);
}

/* Start TLS on a TCP client that just connected. */
void
peer_tls_start(struct con_peer *p, const char *host)
{
	char err[512];

	p->tlsctx = net_tls_ctx_new(NULL, err, sizeof err);
	if (p->tlsctx != NULL)
		p->tls = net_tls_new(p->tlsctx, p->fd, host, NULL, err,
		    sizeof err);
	if (p->tls == NULL) {
		peer_gone(p, true, err);
		return;
	}
	p->handshaking = true;
	ev_io_set(p->io, POLLOUT);
}

/* The endpoint's socket is ready. */
static void
peer_io(struct ev_io *io, int fd, short revents, void *arg)
{
	struct con_peer *p = arg;
	struct con *c = p->con;

	c->busy++;
	if (p->handshaking) {
		peer_handshake(p);
		con_release(c);
		return;
	}
	if (revents & POLLOUT)
		peer_write(p);
	if (!c->dead && !p->dead && (revents & (POLLIN | POLLHUP | POLLERR))) {
		if (c->kind == CON_UDP_CLIENT)
			udp_client_read(p);
		else if (ev_io_events(io) & POLLIN)
			peer_read(p);
		else if (revents & POLLERR) {
			int soerr = 0;
			socklen_t len = sizeof soerr;

			getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
			peer_gone(p, true, strerror(soerr ? soerr : EIO));
		}
	}
	if (!c->dead && !p->dead)
		peer_update(p);
	con_release(c);
}

/* An endpoint, not connected yet (fd -1) or connected. */
struct con_peer *
peer_new(struct con *c, int num)
{
	struct con_peer *p = xcalloc(1, sizeof *p);

	p->con = c;
	p->fd = -1;
	p->num = num;
	buf_init(&p->line, LIM_CONSOLE_LINE);
	buf_init(&p->outq, LIM_CONSOLE_OUTQ);
	p->idle = ev_timer_new(c->loop, peer_idle, p);
	if (c->npeers == c->cappeers) {
		c->cappeers = c->cappeers ? c->cappeers * 2 : 4;
		c->peers = xreallocarray(c->peers, c->cappeers,
		    sizeof *c->peers);
	}
	c->peers[c->npeers++] = p;
	return p;
}

/* Give the endpoint its connected socket. */
void
peer_attach(struct con_peer *p, int fd, const struct sockaddr *sa,
    socklen_t salen)
{
	p->fd = fd;
	net_addr_str(sa, salen, p->addr, sizeof p->addr, true);
	p->io = ev_io_new(p->con->loop, fd, POLLIN, peer_io, p);
	peer_update(p);
}

