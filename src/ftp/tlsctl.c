/*
 * tlsctl.c: TLS on the control connection (AUTH TLS, or ftps:// from the
 * first byte); the data connections' handshake is tlsdata.c's.
 *
 * The handshake runs in the loop like everything else: the connection's
 * watcher is swapped for the handshake's until it is done, and the reply
 * timer bounds it. The certificate is then checked (net_tls_verify: the
 * CA store, tls_ca_file, the host name); one that fails is refused with
 * its fingerprint and the option that trusts it, unless it is the one
 * tls_trust names.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/session_priv.h"
#include "net/tls.h"

static void	ctl_handshake(struct ev_io *, int, short, void *);

/* Keep what the user needs to decide on a refused certificate. */
static void
refusal_keep(struct ftp_session *s, const char *fp, const char *why)
{
	char cert[4096];

	net_tls_cert_text(s->tls, cert, sizeof cert);
	free(s->refused_cert);
	s->refused_cert = xasprintf("%s\n%s", cert, why);
	str_lcpy(s->refused_fp, fp, sizeof s->refused_fp);
	s->refusal = FTP_REFUSED_CERT;
}

/* Is the peer's certificate one to go on with? false: session failed. */
static bool
ctl_trusted(struct ftp_session *s)
{
	char why[256], fp[NET_TLS_FPLEN];

	net_tls_fingerprint(s->tls, fp, sizeof fp);
	str_lcpy(s->tls_fp, fp, sizeof s->tls_fp);
	if (s->opt.tls_pin[0] != '\0') {
		/* Pinned: this certificate and no other (as ssh's keys). */
		if (*fp != '\0' && strcasecmp(fp, s->opt.tls_pin) == 0)
			return true;
		ctl_fail(s, NULL, _("WARNING: the certificate of %s:%s has "
		    "CHANGED: %s was pinned, the server shows %s. Someone may "
		    "be in the middle; refused. If its owner confirms the "
		    "change, remove its line from $XDG_DATA_HOME/jangada/"
		    "certificates"), s->host, s->port, s->opt.tls_pin,
		    *fp != '\0' ? fp : "-");
		return false;
	}
	if (net_tls_verify(s->tls, why, sizeof why) == 0)
		return true;
	if (*fp != '\0' && strcasecmp(fp, s->opt.tls_once) == 0) {
		/* The user said "once" on the screen: not pinned. */
		log_info("ftp %s: certificate %s trusted for this run (%s)",
		    s->host, fp, why);
		return true;
	}
	if (*fp != '\0' && strcasecmp(fp, s->opt.tls_trust) == 0) {
		log_info("ftp %s: certificate %s trusted by tls-trust (%s)",
		    s->host, fp, why);
		if (s->cb.tls_trusted != NULL)
			s->cb.tls_trusted(s, fp, s->cbarg);
		return true;
	}
	if (*fp == '\0') {
		ctl_fail(s, NULL, _("%s: %s"), s->host, why);
		return false;
	}
	refusal_keep(s, fp, why);
	ctl_fail(s, NULL, _("%s: the certificate is not trusted: %s; its "
	    "fingerprint is %s. If you know it is the server's, trust it with "
	    "'set tls-trust %s' (or --tls-trust %s)"), s->host, why, fp, fp,
	    fp);
	return false;
}

/* The control connection's handshake made progress. */
static void
ctl_handshake(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	char err[512], line[160];
	void (*next)(struct ftp_session *);

	if (net_tls_handshake(s->tls, err, sizeof err) == -1) {
		if (errno == EAGAIN) {
			ev_io_set(s->io, net_tls_events(s->tls));
			return;
		}
		ctl_fail(s, NULL, "%s: %s", s->host, err);
		return;
	}
	ev_timer_stop(s->reply_timer);
	if (!ctl_trusted(s))
		return;
	s->tls_up = true;
	net_tls_describe(s->tls, s->tls_desc, sizeof s->tls_desc);
	log_info("ftp %s: TLS %s, certificate %s", s->host, s->tls_desc,
	    s->tls_fp);
	snprintf(line, sizeof line, _("*** TLS on: %s"), s->tls_desc);
	if (s->cb.transcript != NULL)
		s->cb.transcript(s, false, line, s->cbarg);
	ev_io_free(s->io);
	s->io = ev_io_new(s->loop, s->fd, POLLIN, ctl_writable, s);
	next = s->tls_next;
	s->tls_next = NULL;
	if (next != NULL)
		next(s);
}

/* Start TLS on the control connection; next(s) once it is trusted. */
void
tls_ctl_start(struct ftp_session *s, void (*next)(struct ftp_session *))
{
	char err[512];

	ctl_tls_free(s);
	s->tlsctx = net_tls_ctx_new(s->opt.tls_ca_file, err, sizeof err);
	if (s->tlsctx != NULL)
		s->tls = net_tls_new(s->tlsctx, s->fd, s->host, NULL, err,
		    sizeof err);
	if (s->tls == NULL) {
		ctl_fail(s, NULL, "%s", err);
		return;
	}
	s->tls_next = next;
	ev_io_free(s->io);
	s->io = ev_io_new(s->loop, s->fd, POLLOUT, ctl_handshake, s);
	ctl_wait(s, "TLS");
}

const char *
ftp_session_tls(const struct ftp_session *s)
{
	return s->tls_up ? s->tls_desc : NULL;
}

int
ftp_session_auth_code(const struct ftp_session *s)
{
	return s->auth_code;
}

void
ftp_session_cert(const struct ftp_session *s, char *out, size_t outlen)
{
	*out = '\0';
	if (s->tls_up)
		net_tls_cert_text(s->tls, out, outlen);
}

enum ftp_refusal
ftp_session_refusal(const struct ftp_session *s, char *fp, size_t fplen,
    char *cert, size_t certlen)
{
	str_lcpy(fp, s->refused_fp, fplen);
	str_lcpy(cert, s->refused_cert != NULL ? s->refused_cert : "",
	    certlen);
	return s->refusal;
}

bool
ftp_options_same_security(const struct ftp_options *a,
    const struct ftp_options *b)
{
	return a->tls == b->tls && a->tls_data == b->tls_data &&
	    strcmp(a->tls_ca_file, b->tls_ca_file) == 0 &&
	    strcasecmp(a->tls_pin, b->tls_pin) == 0 &&
	    strcasecmp(a->tls_trust, b->tls_trust) == 0 &&
	    strcasecmp(a->tls_once, b->tls_once) == 0 &&
	    a->clear_ok == b->clear_ok;
}
