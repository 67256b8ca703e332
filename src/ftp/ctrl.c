/*
 * ctrl.c: the control connection (the role curl's pingpong.c plays).
 *
 * The protocol is strictly one command at a time: a command is sent with
 * the function that will handle its final reply (session_send), and the
 * reader hands every complete reply to that function. 1xx replies go to
 * the handler only when it asked for them (transfers); otherwise they are
 * logged. A reply with nobody waiting is logged and ignored, except 421,
 * which closes the session the same way in every state. Every wait has a
 * timer; when one expires the session closes with a message that says
 * what it was waiting for.
 *
 * It calls no other file of the session but state.c: it reports upward
 * through what the layers above set: each command's reply handler
 * (s->on_reply), the handler of the replies still due after ABOR or a
 * cancel (s->on_drain), and s->lost when the connection is unusable
 * (session.c closes it and fails what ran on it).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "ftp/parse.h"
#include "ftp/session_priv.h"
#include "net/net.h"
#include "net/tls.h"

static void	ctl_readable(struct ev_io *, int, short, void *);
static void	ctl_flush(struct ftp_session *, bool defer);


/* Forget the control connection's TLS (before its socket closes). */
void
ctl_tls_free(struct ftp_session *s)
{
	net_tls_free(s->tls);
	s->tls = NULL;
	net_tls_ctx_free(s->tlsctx);
	s->tlsctx = NULL;
	s->tls_up = s->prot_p = false;
	s->tls_next = NULL;
	s->tls_fp[0] = s->tls_desc[0] = '\0';
}

/*
 * Close the control connection; no callbacks. The transfer on it is the
 * caller's to reset first (xfer_reset).
 */
void
ctl_close(struct ftp_session *s)
{
	net_connect_cancel(s->connecting);
	s->connecting = NULL;
	ev_io_free(s->io);
	s->io = NULL;
	ctl_tls_free(s);
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	ev_timer_stop(s->reply_timer);
	ev_timer_stop(s->keepalive);
	ftp_rr_free(&s->rr);
	ftp_rr_init(&s->rr);
	buf_clear(&s->out);
	s->on_reply = NULL;
	s->want_prelim = false;
	s->abor_pending = 0;
	s->on_drain = NULL;
	s->drain_rnfr = false;
	s->type_known = false;
	s->modes_sent = false;
	s->epsv_failed = false;
}
/*
 * The control connection is unusable: reported to the session's owner
 * (s->lost, session.c), which closes it and fails what runs on it with
 * the reason. r: the reply that ended it (421), kept for the running
 * operation, or NULL. Any file above ctrl.c reports a dead connection
 * this way.
 */
void
ctl_fail(struct ftp_session *s, const struct ftp_reply *r, const char *fmt,
    ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	s->lost(s, r, why);
	free(why);
}

/*
 * No reply came in time. The message names what we waited for: the
 * greeting, or the command (its verb) whose reply did not come.
 */
void
ctl_reply_timeout(struct ev_timer *t, void *arg)
{
	struct ftp_session *s = arg;

	if (s->state == FTP_ST_GREETING)
		ctl_fail(s, NULL, ngettext("no greeting from %s within %d "
		    "second", "no greeting from %s within %d seconds",
		    (unsigned long)(s->opt.reply_ms / 1000)), s->host,
		    s->opt.reply_ms / 1000);
	else
		ctl_fail(s, NULL, ngettext("no reply to %s from %s within %d "
		    "second", "no reply to %s from %s within %d seconds",
		    (unsigned long)(s->opt.reply_ms / 1000)),
		    s->waiting[0] != '\0' ? s->waiting : "?", s->host,
		    s->opt.reply_ms / 1000);
}

/*
 * Start waiting for the reply to what (a verb, or "" for the greeting):
 * one deadline, reply_ms from now, that preliminary replies do not move.
 */
void
ctl_wait(struct ftp_session *s, const char *what)
{
	str_lcpy(s->waiting, what, sizeof s->waiting);
	s->replies = 0;
	s->deadline = ev_clock_ms() + (uint64_t)s->opt.reply_ms;
	ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
}

/* Wait on after a preliminary reply: only until the same deadline. */
void
ctl_wait_on(struct ftp_session *s)
{
	uint64_t now = ev_clock_ms();

	ev_timer_start(s->reply_timer, s->deadline > now ?
	    s->deadline - now : 0);
}

/* Queue raw bytes on the control connection and try to write them. */
static int
ctl_write(struct ftp_session *s, const char *p, size_t n)
{
	if (buf_append(&s->out, p, n) == -1)
		return -1;
	ctl_flush(s, true);
	return 0;
}

/*
 * ABOR goes out after the Telnet "Interrupt Process" and "Synch" (RFC 959
 * 4.1.3, as BSD ftp and lftp send it): IAC IP, IAC as urgent data, then
 * DM. A server busy with the transfer reads it at once; proftpd answers
 * an ABOR of a listing only this way. Nothing may be queued before it.
 */
static bool
ctl_synch(struct ftp_session *s)
{
	static const char ip[] = { (char)0xff, (char)0xf4, (char)0xff };

	/* Urgent bytes would break a TLS stream: plain ABOR then. */
	if (s->fd == -1 || buf_len(&s->out) > 0 || s->tls != NULL)
		return false;
	return send(s->fd, ip, sizeof ip, MSG_OOB | MSG_NOSIGNAL) ==
	    (ssize_t)sizeof ip;
}

/*
 * Send "VERB ARG" and name the handler of its final reply. The argument
 * may hold any byte but CR, LF and NUL, which are refused before anything
 * is sent (R53); 0xFF is doubled (telnet IAC, R54). PASS never reaches a
 * log or the transcript.
 */
static int
session_send_raw(struct ftp_session *s, reply_fn fn, bool prelim,
    const char *verb, const char *arg)
{
	struct buf line;
	const char *p;
	char *shown;

	if (arg != NULL && str_has_crlfnul(arg, strlen(arg))) {
		errno = EINVAL;
		return -1;
	}
	buf_init(&line, LIM_COMMAND);
	if (strcmp(verb, "ABOR") == 0 && ctl_synch(s))
		buf_append(&line, "\xf2", 1);		/* DM */
	buf_append_str(&line, verb);
	if (arg != NULL) {
		buf_append(&line, " ", 1);
		for (p = arg; *p != '\0'; p++) {
			if (buf_append(&line, p, 1) == -1 ||
			    ((unsigned char)*p == 0xff &&
			    buf_append(&line, p, 1) == -1)) {
				buf_free(&line);
				errno = ENAMETOOLONG;
				return -1;
			}
		}
	}
	if (strcmp(verb, "ABOR") == 0)
		shown = xstrdup(verb);		/* not the DM byte before it */
	else	/* PASS ****, ACCT ****, in any case and after SITE */
		shown = secret_ftp_shown(buf_cstr(&line));
	if (buf_append(&line, "\r\n", 2) == -1 ||
	    buf_len(&s->out) + buf_len(&line) > LIM_CMD_QUEUE) {
		buf_free(&line);
		free(shown);
		errno = ENOBUFS;
		return -1;
	}
	log_debug("ftp %s: > %s", s->host, shown);
	if (s->cb.transcript != NULL)
		s->cb.transcript(s, true, shown, s->cbarg);
	free(shown);
	s->on_reply = fn;
	s->want_prelim = prelim;
	str_lcpy(s->waiting, verb, sizeof s->waiting);
	s->replies = 0;
	if (fn != NULL)
		ctl_wait(s, verb);
	if (s->opt.keepalive_ms > 0)
		ev_timer_start(s->keepalive, (uint64_t)s->opt.keepalive_ms);
	/*
	 * Last: a failed write ends the session, whose callbacks may free
	 * it; nothing here touches it after.
	 */
	(void)ctl_write(s, (char *)buf_data(&line), buf_len(&line));
	buf_free(&line);
	return 0;
}

/* session_send_raw with the argument in the server's charset. */
int
session_send(struct ftp_session *s, reply_fn fn, bool prelim,
    const char *verb, const char *arg)
{
	char *conv = charset_out(s, verb, arg);
	int rc, e;

	rc = session_send_raw(s, fn, prelim, verb, conv != NULL ? conv : arg);
	e = errno;
	free(conv);
	errno = e;
	return rc;
}

/* The control socket is writable: write what is queued. */
void
ctl_writable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;

	if (revents & POLLIN) {
		ctl_readable(io, fd, revents, arg);
		return;
	}
	ctl_flush(s, false);
}

/*
 * Write queued command bytes; wait for POLLOUT if the socket is full.
 * defer: a failed write is left for the loop to find again (the sender's
 * caller still uses the session; ending it now would free it under them).
 */
static void
ctl_flush(struct ftp_session *s, bool defer)
{
	ssize_t n;

	while (buf_len(&s->out) > 0) {
		n = net_io_write(s->fd, s->tls, buf_data(&s->out),
		    buf_len(&s->out));
		if (n > 0) {
			buf_consume(&s->out, (size_t)n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			ev_io_set(s->io, POLLIN | POLLOUT);
			return;
		}
		if (defer && s->io != NULL) {
			ev_io_set(s->io, POLLIN | POLLOUT);
			return;
		}
		if (errno == EPIPE) {
			/*
			 * The server closed first: the same words whichever
			 * of this write and the read of its end saw it first.
			 */
			ctl_fail(s, NULL, _("%s closed the connection"),
			    s->host);
			return;
		}
		ctl_fail(s, NULL, _("cannot send to %s: %s"), s->host,
		    strerror(errno));
		return;
	}
	if (s->io != NULL)
		ev_io_set(s->io, POLLIN);
}

/* One complete reply: transcript, 421, then its handler. */
static void
ctl_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	reply_fn fn;
	const char *p, *nl;
	char *words;

	for (p = r->text; ; p = nl + 1) {
		nl = strchr(p, '\n');
		if (s->cb.transcript != NULL) {
			char *line = xstrndup(p, nl ? (size_t)(nl - p) :
			    strlen(p));

			s->cb.transcript(s, false, line, s->cbarg);
			free(line);
		}
		if (nl == NULL)
			break;
	}
	log_debug("ftp %s: < %.*s", s->host, (int)r->len, r->text);

	if (r->code == FTP_SERVICE_NOT_AVAILABLE &&
	    s->state != FTP_ST_QUITTING) {
		words = ftp_reply_words(r);
		ctl_fail(s, r, _("the server closed the session: %s"), words);
		free(words);
		return;
	}
	if ((s->on_reply != NULL || s->abor_pending > 0) &&
	    ++s->replies > LIM_REPLIES_PER_CMD) {
		ctl_fail(s, NULL, ngettext("%s sent %d reply to %s and no end",
		    "%s sent %d replies to %s and no end",
		    (unsigned long)s->replies),
		    s->host, s->replies, s->waiting[0] != '\0' ? s->waiting :
		    _("the greeting"));
		return;
	}
	if (s->abor_pending > 0) {
		s->on_drain(s, r);	/* replies due after ABOR or a cancel */
		return;
	}
	if (FTP_IS_PRELIM(r->code) && !s->want_prelim) {
		log_debug("ftp %s: preliminary reply %d ignored", s->host,
		    r->code);
		return;
	}
	if ((fn = s->on_reply) == NULL) {
		log_debug("ftp %s: unexpected reply %d ignored", s->host,
		    r->code);
		return;
	}
	/* The handler restarts the timer if it waits on after a 1xx. */
	ev_timer_stop(s->reply_timer);
	if (!FTP_IS_PRELIM(r->code)) {
		s->on_reply = NULL;
		s->want_prelim = false;
	}
	fn(s, r);
}

/* Bytes from the server: frame them into replies. */
static void
ctl_readable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	unsigned char chunk[16384];
	struct ftp_reply r;
	const char *err;
	size_t off = 0, used;
	ssize_t n;
	int rc;
	bool was_tls;

	if (revents & POLLOUT) {
		/* A failed write ends the session, which may free it. */
		session_hold(s);
		ctl_flush(s, false);
		if (session_release(s))
			return;
	}
	if (s->fd == -1)
		return;
	was_tls = s->tls != NULL;
	n = net_io_read(s->fd, s->tls, chunk, sizeof chunk);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (s->state == FTP_ST_QUITTING) {
			s->lost(s, NULL, NULL);	/* QUIT is over */
			return;
		}
		if (n == 0)
			ctl_fail(s, NULL, _("%s closed the connection"), s->host);
		else
			ctl_fail(s, NULL, _("connection to %s lost: %s"),
			    s->host, strerror(errno));
		return;
	}
	session_hold(s);
	while (off < (size_t)n && !s->dead && s->fd == fd) {
		rc = ftp_rr_feed(&s->rr, chunk + off, (size_t)n - off, &used,
		    &r, &err);
		off += used;
		if (rc == FTP_RR_ERROR) {
			ctl_fail(s, NULL, _("protocol error from %s: %s"),
			    s->host, _(err));
			break;
		}
		if (rc == FTP_RR_REPLY) {
			ctl_reply(s, &r);
			ftp_reply_free(&r);
		}
		if (!was_tls && s->tls != NULL && !s->dead &&
		    (off < (size_t)n || ftp_rr_pending(&s->rr))) {
			/*
			 * Bytes that came in clear after the reply to AUTH
			 * TLS were not protected: none is taken for a reply
			 * of the TLS session (curl's CVE-2021-22947).
			 */
			ctl_fail(s, NULL, _("%s sent data in clear after "
			    "agreeing to TLS; refused"), s->host);
			break;
		}
	}
	session_release(s);
}

