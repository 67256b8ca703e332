/*
 * data.c: the bottom of a transfer: closing its data side, its reset,
 * failure, restart, salvage when the control connection is lost, and
 * ABOR with the replies it leaves due.
 *
 * A transfer, from the top down: its start and the commands before the
 * data (steps.c), the data connection (dconn.c), REST and the transfer
 * command (xfercmd.c), the TLS handshake under PROT P (tlsdata.c), the
 * bytes moved (datamove.c), where they go and the good end (complete.c),
 * and this file; each calls only those after it. The transfer ends when
 * both the final reply and the end of the data have come, in whichever
 * order (R11, R23, R24);
 * a 4xx/5xx after 150 fails it (R20); data that stops short of the
 * announced size fails it (R22). A download goes to a .part that is
 * renamed into place only on success. Every wait has a timer: connecting,
 * data idle, the final reply after EOF. Cancelling sends ABOR and drains
 * exactly the replies still due, so the control connection stays in step.
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


static void	xfer_abor_reply(struct ftp_session *, const struct ftp_reply *);

/*
 * Forget the transfer: close the data side, free the parser, and keep the
 * .part for resume (keep_part) or remove it.
 */
void
xfer_reset(struct ftp_session *s, bool keep_part)
{
	struct ftp_data *d = &s->data;
	struct ev_timer *timer = d->timer, *wake = d->wake;
	unsigned char *buf = d->buf, *conv = d->conv;
	int p0 = d->pipe[0], p1 = d->pipe[1];

	data_close(s);
	if (d->have_out)
		out_close(s);
	if (d->have_part) {
		if (keep_part)
			lf_part_abort(&d->part);
		else
			lf_part_discard(&d->part);
	}
	if (d->lp != NULL)
		ftp_list_free(d->lp);
	memset(d, 0, sizeof *d);
	d->fd = d->lfd = -1;
	d->timer = timer;
	d->wake = wake;
	d->pipe[0] = p0;
	d->pipe[1] = p1;
	ev_timer_stop(wake);
	d->buf = buf;
	d->conv = conv;
}

/* Close the data connection and listener; the transfer state stays. */
void
data_close(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;

	net_connect_cancel(d->connecting);
	d->connecting = NULL;
	net_io_close(&d->io, &d->tls, &d->fd);
	d->tls_up = d->tls_closing = false;
	ev_io_free(d->lio);
	d->lio = NULL;
	if (d->lfd != -1)
		close(d->lfd);
	d->lfd = -1;
	d->connected = false;
	ev_timer_stop(d->timer);
	throttle_leave(&d->thr);
}

/*
 * Start the running transfer again from its first step (the server
 * ignored REST, or refused MLSD after all): the operation's start, as
 * after the CWD that put the server in its directory (path.c).
 */
void
xfer_restart(struct ftp_session *s)
{
	s->op->start(s, s->op);
}

/* Fail the transfer: data closed, .part kept, the reply's words shown. */
void
xfer_fail(struct ftp_session *s, const struct ftp_reply *r, const char *fmt,
    ...)
{
	struct ftp_op *op = s->op;
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	op->st.bytes = s->data.bytes;
	op->st.offset = s->data.offset;
	op->st.partial = s->data.have_part;
	xfer_reset(s, true);
	op_finish(s, false, r, "%s", why);
	free(why);
}

/* A control reply that failed a step: say which file and the words. */
void
xfer_refused(struct ftp_session *s, const struct ftp_reply *r)
{
	char *words = ftp_reply_words(r);

	xfer_fail(s, r, "%s: %s", s->op->x.remote != NULL ? s->op->x.remote :
	    (s->op->arg != NULL ? s->op->arg : "."), words);
	free(words);
}

/* Send a command of the transfer, or fail the transfer if it can't be. */
bool
xfer_send(struct ftp_session *s, reply_fn fn, bool prelim, const char *verb,
    const char *arg)
{
	if (session_send(s, fn, prelim, verb, arg) == 0)
		return true;
	if (errno == EINVAL)
		xfer_fail(s, NULL, _("refused to send %s: the name contains a "
		    "line break or NUL byte"), verb);
	else
		xfer_fail(s, NULL, _("refused to send %s: the command is too "
		    "long"), verb);
	return false;
}

/* A failure on our side (the local file): marked so no one retries it. */
void
xfer_local_abort(struct ftp_session *s, const char *why)
{
	s->op->st.local = true;
	xfer_abort(s, why);
}

/*
 * The control connection is gone in the middle of a download: keep what
 * already arrived on the data connection (it is in our socket buffer,
 * complete bytes of the file), so a retry resumes from there. Bounded.
 */
void
xfer_salvage(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	const unsigned char *p;
	char err[512];
	ssize_t n;
	size_t len;
	int i;

	if (s->op == NULL || s->op->kind != OP_GET || !d->have_part ||
	    d->fd == -1 || d->buf == NULL)
		return;
	for (i = 0; i < 64; i++) {
		n = net_io_read(d->fd, d->tls, d->buf, LIM_XFER_CHUNK);
		if (n <= 0)
			break;
		p = d->buf;
		len = (size_t)n;
		if (s->op->type == FTP_TYPE_A) {
			len = ftp_ascii_decode(&d->ascii, p, len, d->conv);
			p = d->conv;
		}
		if (lf_part_write(&d->part, p, len, err, sizeof err) == -1)
			break;
		d->bytes += (uint64_t)n;
	}
	if (d->bytes > 0)
		log_info("ftp %s: kept %llu bytes of %s that arrived before the "
		    "connection was lost", s->host, (unsigned long long)d->bytes,
		    s->op->x.remote);
}

/* ------------------------------------------------------------ abort */

/*
 * Stop the transfer: close the data side; if the server still owes
 * replies, send ABOR when the transfer command is out, and drain exactly
 * the replies due before finishing. reason NULL means success (the
 * viewer has what it asked for).
 */
void
xfer_abort(struct ftp_session *s, const char *reason)
{
	struct ftp_data *d = &s->data;
	int due = 0;

	if (s->op == NULL)
		return;
	data_close(s);
	if (d->have_part)
		lf_part_abort(&d->part);
	d->have_part = false;
	s->op->st.bytes = d->bytes;
	s->op->st.offset = d->offset;
	free(s->abor_reason);
	s->abor_reason = reason != NULL ? xstrdup(reason) : NULL;
	if (s->on_reply != NULL)
		due = 1;		/* the reply we are waiting for */
	if (d->sent && !d->final) {
		due = 2;		/* the transfer's and ABOR's */
		if (session_send(s, NULL, false, "ABOR", NULL) == -1)
			due = 1;
	}
	s->on_reply = NULL;
	s->want_prelim = false;
	if (due == 0) {
		xfer_reset(s, true);
		if (reason == NULL)
			op_finish(s, true, NULL, NULL);
		else
			op_finish(s, false, NULL, "%s", reason);
		return;
	}
	s->abor_pending = due;
	s->on_drain = xfer_abor_reply;
	session_set_state(s, FTP_ST_ABORTING);
	ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
}

/* A reply while aborting: count it; the last one finishes the transfer. */
static void
xfer_abor_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	char *reason;

	if (FTP_IS_PRELIM(r->code))
		return;
	if (--s->abor_pending > 0) {
		ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
		return;
	}
	ev_timer_stop(s->reply_timer);
	reason = s->abor_reason;
	s->abor_reason = NULL;
	xfer_reset(s, true);
	session_set_state(s, FTP_ST_BUSY);
	if (reason == NULL)
		op_finish(s, true, NULL, NULL);
	else
		op_finish(s, false, NULL, "%s", reason);
	free(reason);
}
