/*
 * server.c: the TCP and UDP servers of the console (console.h): listen or
 * bind on ADDR PORT (a name is resolved off the loop), accept and number
 * clients, read the datagrams of a UDP server and remember the last
 * source to answer it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "console/con_priv.h"
#include "console/tools.h"
#include "ev/loop.h"
#include "ev/resolve.h"

/* Start accepting again after running out of fds. */
static void
con_unpause(struct ev_timer *t, void *arg)
{
	struct con *c = arg;

	if (c->lio != NULL)
		ev_io_set(c->lio, POLLIN);
}

/* Clients are knocking: accept them, number them, greet with --send. */
static void
con_accept(struct ev_io *io, int lfd, short revents, void *arg)
{
	struct con *c = arg;
	struct sockaddr_storage ss;
	struct con_peer *p;
	char addr[NET_ADDRSTRLEN];
	socklen_t len;
	int fd, i;

	c->busy++;
	for (i = 0; i < 16 && !c->dead && c->open; i++) {
		len = sizeof ss;
		fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK |
		    SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED ||
			    errno == EPROTO)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			con_msg(c, CON_ERROR, NULL, _("cannot accept a client: "
			    "%s; trying again in a second"), strerror(errno));
			ev_io_set(c->lio, 0);
			if (c->pause == NULL)
				c->pause = ev_timer_new(c->loop, con_unpause,
				    c);
			ev_timer_start(c->pause, LIM_CONSOLE_ACCEPT_MS);
			break;
		}
		if (con_clients(c) >= LIM_CONSOLE_CLIENTS) {
			net_addr_str((struct sockaddr *)&ss, len, addr,
			    sizeof addr, true);
			close(fd);
			con_msg(c, CON_ERROR, NULL, ngettext("refused %s: "
			    "already %d client", "refused %s: already %d "
			    "clients", LIM_CONSOLE_CLIENTS), addr,
			    LIM_CONSOLE_CLIENTS);
			continue;
		}
		p = peer_new(c, ++c->lastnum);
		if (c->sendfd != -1)
			p->sending = true;
		peer_attach(p, fd, (struct sockaddr *)&ss, len);
		con_msg(c, CON_INFO, p, _("client %d connected from %s"),
		    p->num, p->addr);
		if (c->once) {
			/* One client only: no one else gets in. */
			ev_io_free(c->lio);
			c->lio = NULL;
			close(c->lfd);
			c->lfd = -1;
			con_msg(c, CON_INFO, NULL, "%s", _("no longer listening: "
			    "this server serves one client"));
			break;
		}
	}
	con_release(c);
}

/* A datagram (or several) came to a UDP server. */
static void
con_udp_server_read(struct ev_io *io, int fd, short revents, void *arg)
{
	struct con *c = arg;
	struct sockaddr_storage ss;
	socklen_t len;
	char src[NET_ADDRSTRLEN];
	ssize_t n, w;
	int i;

	c->busy++;
	for (i = 0; i < 64 && !c->dead && c->open; i++) {
		len = sizeof ss;
		n = recvfrom(fd, c->rbuf, LIM_CONSOLE_CHUNK, 0, (struct sockaddr *)&ss,
		    &len);
		if (n == -1) {
			if (errno == EINTR || errno == ECONNREFUSED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				con_msg(c, CON_ERROR, NULL, "%s",
				    strerror(errno));
			break;
		}
		c->bytes_in += (uint64_t)n;
		memcpy(&c->last, &ss, len);
		c->lastlen = len;
		net_addr_str((struct sockaddr *)&c->last, c->lastlen, src,
		    sizeof src, true);
		if (c->echo) {
			w = sendto(fd, c->rbuf, (size_t)n, 0,
			    (struct sockaddr *)&c->last, c->lastlen);
			if (w >= 0)
				c->bytes_out += (uint64_t)w;
			else
				con_msg(c, CON_ERROR, NULL, _("cannot answer "
				    "%s: %s"), src, strerror(errno));
		}
		con_show_dgram(c, src, c->rbuf, (size_t)n);
	}
	con_release(c);
}

/* Listen (TCP) or bind (UDP) on host (NULL: every address) and lport. */
static int
con_bind(struct con *c, const char *host, char *err, size_t errlen)
{
	int stream = c->kind == CON_TCP_SERVER;
	char local[NET_ADDRSTRLEN];

	c->lfd = net_listen(host, c->lport, stream ? SOCK_STREAM : SOCK_DGRAM,
	    64, err, errlen);
	if (c->lfd == -1)
		return -1;
	con_sockname(c->lfd, local, sizeof local, &c->local_port);
	snprintf(c->name, sizeof c->name, "%s listen %s", stream ? "tcp" :
	    "udp", local);
	c->lio = ev_io_new(c->loop, c->lfd, POLLIN, stream ? con_accept :
	    con_udp_server_read, c);
	con_kick_msg(c, NULL, xasprintf(_("listening on %s"), local));
	return 0;
}

/* The listener's host name is resolved: bind to the first address that
 * takes it. */
static void
con_listen_resolved(int rc, struct addrinfo *res, const char *name,
    void *arg)
{
	struct con *c = arg;
	struct addrinfo *ai;
	char host[NET_ADDRSTRLEN], err[512] = "", *msg;

	c->resolve = NULL;
	c->busy++;
	for (ai = rc == 0 ? res : NULL; ai != NULL; ai = ai->ai_next) {
		net_addr_str(ai->ai_addr, ai->ai_addrlen, host, sizeof host,
		    false);
		if (con_bind(c, host, err, sizeof err) == 0)
			break;
	}
	if (res != NULL)
		freeaddrinfo(res);
	if (c->lfd == -1) {
		if (rc != 0)
			msg = xasprintf(_("cannot listen on %s: %s"),
			    c->target, ev_resolve_strerror(rc));
		else
			msg = xasprintf("%s", err[0] != '\0' ? err :
			    _("no address to listen on"));
		con_end(c, END_ERROR, msg);
		free(msg);
	}
	con_release(c);
}

/* Common start of the TCP and UDP servers. */
static struct con *
con_listen(struct ev_loop *loop, enum con_kind kind, const char *addr,
    const char *port, const struct con_opts *opts,
    const struct con_events *ev, void *arg, char *err, size_t errlen)
{
	const char *proto = kind == CON_TCP_SERVER ? "tcp" : "udp";
	struct addrinfo hints;
	struct con *c;
	char num[16];
	uint64_t size = 0;
	int fd = -1;

	if (net_port_parse(port, proto, true, num, sizeof num, err,
	    errlen) == -1)
		return NULL;
	if (addr != NULL && (*addr == '\0' || strcmp(addr, "*") == 0))
		addr = NULL;
	if (kind == CON_TCP_SERVER && opts != NULL && opts->send != NULL &&
	    (fd = lf_open_read(AT_FDCWD, opts->send, &size, err,
	    errlen)) == -1)
		return NULL;
	c = con_new(loop, kind, opts, ev, arg);
	str_lcpy(c->lport, num, sizeof c->lport);
	c->target = con_target(addr != NULL ? addr : "*", num);
	snprintf(c->name, sizeof c->name, "%s listen %s", proto, c->target);
	if (fd != -1) {
		c->sendfd = fd;
		c->sendsize = size;
		c->send_disp = san_cstr(opts->send);
	}
	if (addr == NULL || con_numeric(addr)) {
		if (con_bind(c, addr, err, errlen) == -1) {
			con_free(c);
			return NULL;
		}
		return c;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = kind == CON_TCP_SERVER ? SOCK_STREAM : SOCK_DGRAM;
	hints.ai_flags = AI_PASSIVE;
	c->resolve = ev_resolve_start(loop, addr, NULL, &hints, LIM_RESOLVE_MS,
	    con_listen_resolved, c);
	if (c->resolve == NULL)
		return con_lookup_failed(c, err, errlen);
	return c;
}

/* A TCP server on addr (NULL: every address) and port ("0": any). */
struct con *
con_tcp_listen(struct ev_loop *loop, const char *addr, const char *port,
    const struct con_opts *opts, const struct con_events *ev, void *arg,
    char *err, size_t errlen)
{
	return con_listen(loop, CON_TCP_SERVER, addr, port, opts, ev, arg,
	    err, errlen);
}

/* A UDP server on addr (NULL: every address) and port ("0": any). */
struct con *
con_udp_listen(struct ev_loop *loop, const char *addr, const char *port,
    const struct con_opts *opts, const struct con_events *ev, void *arg,
    char *err, size_t errlen)
{
	return con_listen(loop, CON_UDP_SERVER, addr, port, opts, ev, arg,
	    err, errlen);
}
