/*
 * dconn.c: opening and closing the data connection: EPSV (or PASV, or
 * EPRT/PORT and accept).
 *
 * The address in a 227 reply is never used: the data connection goes to
 * the control connection's peer, on the port the reply gives (R1, R2).
 * EPSV refused (500/502) or an EPSV port that refuses the connection falls
 * back to PASV once, and the session remembers it (R5). In active mode
 * only the server's host may connect.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "ftp/parse.h"
#include "ftp/session_priv.h"
#include "net/net.h"
#include "net/tls.h"


/* ----------------------------------------------------- data connection */

/* The data connection is up: watch it, then send the command. */
static void
data_ready(struct ftp_session *s, int fd)
{
	struct ftp_data *d = &s->data;

	d->fd = fd;
	d->connected = true;
	s->drep.connected = true;
	d->idle_since = d->win_ms = ev_clock_ms();
	throttle_join(&d->thr, s->op->x.throttle != NULL ? s->op->x.throttle :
	    s->opt.throttle);
	ev_timer_start(d->timer, (uint64_t)s->opt.data_idle_ms);
	if (s->prot_p) {
		/*
		 * The handshake once the command is out, as ftplib does:
		 * pyftpdlib resets a TLS data connection that talks before
		 * its transfer command (and REST comes between them now).
		 */
		if (d->sent)
			tls_data_start(s);	/* the watcher after it */
		return;
	}
	d->io = ev_io_new(s->loop, fd, d->upload ? POLLOUT : POLLIN,
	    d->upload ? data_writable : data_readable, s);
}

/* A passive data connection completed (or failed). */
static void
data_connected(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *err, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;

	d->connecting = NULL;
	if (fd == -1) {
		report_connect_failed(s, d->pasv_tried, err);
		if (!d->pasv_tried && s->opt.use_epsv && !s->epsv_failed) {
			/* The EPSV port refuses: PASV, once (R5). */
			log_info("ftp %s: EPSV data connection failed (%s); "
			    "trying PASV", s->host, err);
			s->epsv_failed = true;
			step_port(s);
			return;
		}
		xfer_fail(s, NULL, _("cannot open the data connection: %s"),
		    err);
		return;
	}
	data_ready(s, fd);
	if (s->data.fd != -1)
		step_rest(s);
}

/* Connect to the control peer on port (the only address ever used). */
static void
data_connect(struct ftp_session *s, unsigned port)
{
	struct sockaddr_storage ss;

	memcpy(&ss, &s->peer, s->peerlen);
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)&ss)->sin6_port =
		    htons((uint16_t)port);
	s->data.port = port;
	s->data.connecting = net_connect_addr(s->loop,
	    (struct sockaddr *)&ss, s->peerlen, s->opt.data_connect_ms,
	    data_connected, s);
	if (s->data.connecting == NULL)
		xfer_fail(s, NULL, _("cannot open the data connection: %s"),
		    strerror(errno));
}

/* The reply to PASV (R1-R3, R6). */
static void
pasv_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	char addr[16], peer[NET_ADDRSTRLEN];
	unsigned port;

	s->drep.pasv_code = r->code;
	if (r->code != FTP_PASSIVE) {
		char *words = ftp_reply_words(r);

		xfer_fail(s, r, _("the server refused passive mode (%s); "
		    "active mode may work: set the mode with 'active'"),
		    words);
		free(words);
		return;
	}
	if (ftp_parse_pasv(r->text, addr, &port) == -1) {
		xfer_fail(s, r, "%s", _("bad PASV reply from the server"));
		return;
	}
	net_addr_str((struct sockaddr *)&s->peer, s->peerlen, peer,
	    sizeof peer, false);
	if (strcmp(addr, peer) != 0 && report_pasv_other(s, addr))
		log_info("ftp %s: PASV reply names %s; connecting to the "
		    "server's address %s instead", s->host, addr, peer);
	data_connect(s, port);
}

/* The reply to EPSV: the port, or PASV on 5xx (R4, R5). */
static void
epsv_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	unsigned port;

	s->drep.epsv_code = r->code;
	if (FTP_IS_PERMANENT(r->code)) {
		s->epsv_failed = true;
		s->data.pasv_tried = true;
		xfer_send(s, pasv_reply, false, "PASV", NULL);
		return;
	}
	if (r->code != FTP_EXT_PASSIVE) {
		xfer_refused(s, r);
		return;
	}
	if (ftp_parse_epsv(r->text, &port) == -1) {
		xfer_fail(s, r, "%s", _("bad EPSV reply from the server"));
		return;
	}
	data_connect(s, port);
}

/* Active mode: the server connected to our listener. */
static void
data_accept(struct ev_io *io, int lfd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char addr[NET_ADDRSTRLEN];
	int fd;

	fd = accept4(lfd, (struct sockaddr *)&ss, &len,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1)
		return;
	if (!net_addr_same_host((struct sockaddr *)&ss,
	    (struct sockaddr *)&s->peer)) {
		/* Only the server may connect (port theft). */
		net_addr_str((struct sockaddr *)&ss, len, addr, sizeof addr,
		    true);
		log_warn("ftp %s: refused a data connection from %s", s->host,
		    addr);
		close(fd);
		return;
	}
	ev_io_free(s->data.lio);
	s->data.lio = NULL;
	close(s->data.lfd);
	s->data.lfd = -1;
	data_ready(s, fd);
}

/* The reply to EPRT or PORT. */
static void
port_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_data *d = &s->data;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char arg[128];
	const unsigned char *a;
	unsigned port;

	*(d->eprt_tried ? &s->drep.eprt_code : &s->drep.port_code) = r->code;
	if (FTP_IS_OK(r->code)) {
		step_rest(s);
		return;
	}
	if (!d->eprt_tried || s->local.ss_family != AF_INET ||
	    !FTP_IS_PERMANENT(r->code)) {
		xfer_refused(s, r);
		return;
	}
	/* EPRT refused on IPv4: PORT h1,h2,h3,h4,p1,p2. */
	d->eprt_tried = false;
	getsockname(d->lfd, (struct sockaddr *)&ss, &len);
	a = (const unsigned char *)&((struct sockaddr_in *)&s->local)->sin_addr;
	port = (unsigned)net_addr_port((struct sockaddr *)&ss);
	snprintf(arg, sizeof arg, "%u,%u,%u,%u,%u,%u", a[0], a[1], a[2], a[3],
	    port >> 8, port & 0xff);
	xfer_send(s, port_reply, false, "PORT", arg);
}

/* Open the data channel: EPSV/PASV, or a listener and EPRT. */
void
step_port(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[NET_ADDRSTRLEN], arg[160], err[256];

	if (s->opt.data_mode == FTP_DATA_PASSIVE) {
		if (s->opt.use_epsv && !s->epsv_failed)
			xfer_send(s, epsv_reply, false, "EPSV", NULL);
		else {
			d->pasv_tried = true;
			xfer_send(s, pasv_reply, false, "PASV", NULL);
		}
		return;
	}
	net_addr_str((struct sockaddr *)&s->local, s->locallen, host,
	    sizeof host, false);
	d->lfd = net_listen(host, "0", SOCK_STREAM, 1, err, sizeof err);
	if (d->lfd == -1) {
		xfer_fail(s, NULL, "%s", err);
		return;
	}
	getsockname(d->lfd, (struct sockaddr *)&ss, &len);
	d->lio = ev_io_new(s->loop, d->lfd, POLLIN, data_accept, s);
	ev_timer_start(d->timer, (uint64_t)s->opt.data_connect_ms);
	snprintf(arg, sizeof arg, "|%d|%s|%d|",
	    s->local.ss_family == AF_INET6 ? 2 : 1, host,
	    net_addr_port((struct sockaddr *)&ss));
	d->eprt_tried = true;
	xfer_send(s, port_reply, false, "EPRT", arg);
}
