/*
 * tlsdata.c: PROT P: the TLS handshake of each data connection, once its
 * transfer command is out. It offers the control connection's TLS session
 * again (vsftpd's require_ssl_reuse) and must show the same certificate;
 * then the bytes move (datamove.c).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "ev/loop.h"
#include "ftp/session_priv.h"
#include "net/tls.h"

/* A data connection's handshake made progress. */
static void
data_handshake(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;
	char err[512], msg[600], fp[NET_TLS_FPLEN];

	if (net_tls_handshake(d->tls, err, sizeof err) == -1) {
		if (errno == EAGAIN) {
			ev_io_set(d->io, net_tls_events(d->tls));
			return;
		}
		snprintf(msg, sizeof msg, _("data connection: %s"), err);
		xfer_abort(s, msg);
		return;
	}
	net_tls_fingerprint(d->tls, fp, sizeof fp);
	if (strcmp(fp, s->tls_fp) != 0) {
		xfer_abort(s, _("the data connection presented another "
		    "certificate than the control connection; refused"));
		return;
	}
	log_info("ftp %s: data TLS %s", s->host, net_tls_resumed(d->tls) ?
	    "resumed the control connection's session" : "new session");
	d->tls_up = true;
	d->idle_since = ev_clock_ms();
	ev_io_free(d->io);
	d->io = ev_io_new(s->loop, d->fd, d->upload ? POLLOUT : POLLIN,
	    d->upload ? data_writable : data_readable, s);
}

/* PROT P: TLS on the data connection just opened, then the transfer. */
void
tls_data_start(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	char err[512], msg[600];

	d->tls = net_tls_new(s->tlsctx, d->fd, s->host, s->tls, err,
	    sizeof err);
	if (d->tls == NULL) {
		snprintf(msg, sizeof msg, _("data connection: %s"), err);
		xfer_abort(s, msg);
		return;
	}
	d->io = ev_io_new(s->loop, d->fd, POLLOUT, data_handshake, s);
}
