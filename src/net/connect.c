/*
 * connect.c: non-blocking connect with a timeout, over every address a name
 * resolves to, in the resolver's order (IPv6 first where it prefers so).
 *
 * The name is resolved off the loop (ev/resolve.c). Each address gets its
 * own attempt and timeout; the first that completes wins, and every failure
 * on the way is remembered so the final error names the last reason.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ev/resolve.h"
#include "net/net.h"

struct net_connect {
	struct ev_loop		*loop;
	struct ev_resolve	*resolve;
	struct addrinfo		*res;	/* from the resolver */
	struct addrinfo		*next;	/* the next address to try */
	struct addrinfo		 one;	/* net_connect_addr's single address */
	struct sockaddr_storage	 onesa;
	int			 socktype;
	int			 fd;
	struct ev_io		*io;
	struct ev_timer		*timer;
	int			 timeout_ms;
	char			*host;
	char			 err[256];
	net_connect_cb		 cb;
	void			*arg;
};

static void	try_next(struct net_connect *);

/* Free everything but the callback's fd. */
static void
conn_free(struct net_connect *c)
{
	ev_resolve_cancel(c->resolve);
	ev_io_free(c->io);
	ev_timer_free(c->timer);
	if (c->fd != -1)
		close(c->fd);
	if (c->res != NULL)
		freeaddrinfo(c->res);
	free(c->host);
	free(c);
}

/* Report and free. */
static void
conn_done(struct net_connect *c, int fd, const struct sockaddr *sa,
    socklen_t salen)
{
	net_connect_cb cb = c->cb;
	void *arg = c->arg;
	struct sockaddr_storage ss;
	char err[sizeof c->err];

	/* sa may point into c->res, which conn_free releases. */
	if (sa != NULL && salen <= sizeof ss)
		memcpy(&ss, sa, salen);
	else
		salen = 0;
	str_lcpy(err, c->err, sizeof err);
	if (fd != -1)
		c->fd = -1;	/* handed over */
	conn_free(c);
	cb(fd, salen ? (struct sockaddr *)&ss : NULL, salen,
	    fd == -1 ? err : NULL, arg);
}

/* The current attempt failed: remember why and move on. */
static void
attempt_failed(struct net_connect *c, const char *why)
{
	char addr[NET_ADDRSTRLEN];

	net_addr_str(c->next->ai_addr, c->next->ai_addrlen, addr, sizeof addr,
	    true);
	snprintf(c->err, sizeof c->err, "%s: %s", addr, why);
	log_debug("connect %s: %s", addr, why);
	ev_io_free(c->io);
	c->io = NULL;
	ev_timer_stop(c->timer);
	close(c->fd);
	c->fd = -1;
	c->next = c->next->ai_next;
	try_next(c);
}

/* The socket became writable: connected, or failed. */
static void
conn_writable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct net_connect *c = arg;
	struct addrinfo *ai = c->next;
	socklen_t len = sizeof(int);
	int soerr = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		soerr = errno;
	if (soerr != 0) {
		attempt_failed(c, strerror(soerr));
		return;
	}
	conn_done(c, fd, ai->ai_addr, ai->ai_addrlen);
}

/* The current attempt took too long. */
static void
conn_timeout(struct ev_timer *t, void *arg)
{
	attempt_failed(arg, _("connection timed out"));
}

/* Start connecting to the next address, or report the last failure. */
static void
try_next(struct net_connect *c)
{
	struct addrinfo *ai;
	int one = 1;

	for (; (ai = c->next) != NULL; c->next = ai->ai_next) {
		c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (c->fd == -1) {
			snprintf(c->err, sizeof c->err, "socket: %s",
			    strerror(errno));
			continue;
		}
		if (ai->ai_socktype == SOCK_STREAM)
			setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof one);
		if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			conn_done(c, c->fd, ai->ai_addr, ai->ai_addrlen);
			return;
		}
		if (errno == EINPROGRESS) {
			c->io = ev_io_new(c->loop, c->fd, POLLOUT,
			    conn_writable, c);
			ev_timer_start(c->timer, (uint64_t)c->timeout_ms);
			return;
		}
		attempt_failed(c, strerror(errno));
		return;
	}
	if (c->err[0] == '\0')
		str_lcpy(c->err, _("no address to connect to"), sizeof c->err);
	conn_done(c, -1, NULL, 0);
}

/* The name is resolved: try its addresses. */
static void
conn_resolved(int err, struct addrinfo *res, const char *name, void *arg)
{
	struct net_connect *c = arg;

	c->resolve = NULL;
	if (err != 0) {
		snprintf(c->err, sizeof c->err, "%s: %s", c->host,
		    ev_resolve_strerror(err));
		conn_done(c, -1, NULL, 0);
		return;
	}
	c->res = c->next = res;
	try_next(c);
}

/* A connect in progress, before its target is known. */
static struct net_connect *
conn_new(struct ev_loop *loop, int timeout_ms, net_connect_cb cb, void *arg)
{
	struct net_connect *c = xcalloc(1, sizeof *c);

	c->loop = loop;
	c->fd = -1;
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : LIM_CONNECT_MS;
	c->timer = ev_timer_new(loop, conn_timeout, c);
	c->cb = cb;
	c->arg = arg;
	return c;
}

/*
 * Resolve host and connect to port on the first address that answers. The
 * callback always comes later, from the loop, never from inside this call.
 */
struct net_connect *
net_connect_start(struct ev_loop *loop, const char *host, const char *port,
    int family, int socktype, int timeout_ms, net_connect_cb cb, void *arg)
{
	struct net_connect *c = conn_new(loop, timeout_ms, cb, arg);
	struct addrinfo hints;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = socktype ? socktype : SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	c->host = xstrdup(host);
	c->resolve = ev_resolve_start(loop, host, port, &hints, LIM_RESOLVE_MS,
	    conn_resolved, c);
	if (c->resolve == NULL) {
		conn_free(c);
		return NULL;
	}
	return c;
}

/* Start the single attempt of net_connect_addr from the loop. */
static void
conn_addr_kick(struct ev_timer *t, void *arg)
{
	struct net_connect *c = arg;

	ev_timer_free(c->timer);
	c->timer = ev_timer_new(c->loop, conn_timeout, c);
	try_next(c);
}

/* Connect to one address (a data connection to the control peer). */
struct net_connect *
net_connect_addr(struct ev_loop *loop, const struct sockaddr *sa,
    socklen_t salen, int timeout_ms, net_connect_cb cb, void *arg)
{
	struct net_connect *c;

	if (salen > sizeof c->onesa)
		return NULL;
	c = conn_new(loop, timeout_ms, cb, arg);
	memcpy(&c->onesa, sa, salen);
	c->one.ai_family = sa->sa_family;
	c->one.ai_socktype = SOCK_STREAM;
	c->one.ai_addr = (struct sockaddr *)&c->onesa;
	c->one.ai_addrlen = salen;
	c->next = &c->one;
	/* Report from the loop, as net_connect_start does. */
	ev_timer_free(c->timer);
	c->timer = ev_timer_new(loop, conn_addr_kick, c);
	ev_timer_start(c->timer, 0);
	return c;
}

/* Give up a connect; the callback will not be called. */
void
net_connect_cancel(struct net_connect *c)
{
	if (c != NULL)
		conn_free(c);
}
