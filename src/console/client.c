/*
 * client.c: the TCP and UDP clients of the console (console.h): connect
 * to HOST PORT, each address in turn; a UDP client to an address is ready
 * at once.
 */
#include "config.h"

#include <errno.h>
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
#include "ev/resolve.h"

/* The connect of a TCP or UDP client finished. */
static void
con_connected(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *cerr, void *arg)
{
	struct con *c = arg;
	struct con_peer *p = c->peers[0];
	char local[NET_ADDRSTRLEN], *e, *msg;

	c->connect = NULL;
	c->busy++;
	if (fd == -1) {
		e = san_cstr(cerr);
		msg = xasprintf(_("cannot connect to %s: %s"), c->target, e);
		con_end(c, END_ERROR, msg);
		free(msg);
		free(e);
		con_release(c);
		return;
	}
	peer_attach(p, fd, sa, salen);
	con_sockname(fd, local, sizeof local, NULL);
	if (c->kind == CON_UDP_CLIENT)
		con_msg(c, CON_INFO, p, _("sending datagrams to %s (from %s)"),
		    p->addr, local);
	else
		con_msg(c, CON_INFO, p, _("connected to %s (from %s)"),
		    p->addr, local);
	if (c->saving)
		con_msg(c, CON_INFO, p, _("saving what arrives to %s"),
		    c->save_disp);
	if (c->eol_auto && c->eol == CON_EOL_CRLF)
		con_msg(c, CON_INFO, p, "%s", _("typed lines end with CR LF, "
		    "as this port's protocol wants (console eol lf|crlf|none "
		    "changes it)"));
	if (c->tls_host[0] != '\0')
		peer_tls_start(p, c->tls_host);
	con_release(c);
}

/* A TCP client: connect to host port (each address in turn). */
struct con *
con_tcp_connect(struct ev_loop *loop, const char *host, const char *port,
    const struct con_opts *opts, const struct con_events *ev, void *arg,
    char *err, size_t errlen)
{
	struct con *c;
	struct con_peer *p;
	char num[16];

	if (host == NULL || *host == '\0') {
		snprintf(err, errlen, "%s", _("no host given"));
		return NULL;
	}
	if (net_port_parse(port, "tcp", false, num, sizeof num, err,
	    errlen) == -1)
		return NULL;
	c = con_new(loop, CON_TCP_CLIENT, opts, ev, arg);
	if (opts != NULL && opts->eol == CON_EOL_AUTO) {
		c->eol = con_eol_for_port((unsigned)strtoul(num, NULL, 10));
		c->eol_auto = c->eol == CON_EOL_CRLF;
	}
	c->target = con_target(host, num);
	snprintf(c->name, sizeof c->name, "tcp %s", c->target);
	if (opts != NULL && opts->save != NULL &&
	    con_save_open(c, opts->save, err, errlen) == -1) {
		con_free(c);
		return NULL;
	}
	p = peer_new(c, 0);
	str_lcpy(p->addr, c->target, sizeof p->addr);
	if (opts != NULL && opts->tls)
		str_lcpy(c->tls_host, host, sizeof c->tls_host);
	c->connect = net_connect_start(loop, host, num, AF_UNSPEC, SOCK_STREAM,
	    LIM_CONNECT_MS, con_connected, c);
	if (c->connect == NULL)
		return con_lookup_failed(c, err, errlen);
	return c;
}

/* A UDP client: datagrams to host port. */
struct con *
con_udp_connect(struct ev_loop *loop, const char *host, const char *port,
    const struct con_opts *opts, const struct con_events *ev, void *arg,
    char *err, size_t errlen)
{
	struct addrinfo hints, *res;
	struct con *c;
	struct con_peer *p;
	char num[16], local[NET_ADDRSTRLEN];
	int fd, rc;

	if (host == NULL || *host == '\0') {
		snprintf(err, errlen, "%s", _("no host given"));
		return NULL;
	}
	if (net_port_parse(port, "udp", false, num, sizeof num, err,
	    errlen) == -1)
		return NULL;
	c = con_new(loop, CON_UDP_CLIENT, opts, ev, arg);
	c->target = con_target(host, num);
	snprintf(c->name, sizeof c->name, "udp %s", c->target);
	p = peer_new(c, 0);
	str_lcpy(p->addr, c->target, sizeof p->addr);
	if (!con_numeric(host)) {
		c->connect = net_connect_start(loop, host, num, AF_UNSPEC,
		    SOCK_DGRAM, LIM_CONNECT_MS, con_connected, c);
		if (c->connect == NULL)
			return con_lookup_failed(c, err, errlen);
		return c;
	}

	/* An address: no lookup, so the socket is ready at once. */
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, num, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s: %s", c->target,
		    ev_resolve_strerror(rc));
		con_free(c);
		return NULL;
	}
	fd = socket(res->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1 || connect(fd, res->ai_addr, res->ai_addrlen) == -1) {
		snprintf(err, errlen, _("cannot send to %s: %s"), c->target,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		freeaddrinfo(res);
		con_free(c);
		return NULL;
	}
	peer_attach(p, fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	con_sockname(fd, local, sizeof local, NULL);
	con_kick_msg(c, p, xasprintf(_("sending datagrams to %s (from %s)"),
	    p->addr, local));
	return c;
}
