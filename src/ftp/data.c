/*
 * data.c: the life of a transfer around its data connection: reset,
 * failure, completion (size checks, .part committed), salvage when the
 * control connection is lost, and ABOR.
 *
 * A transfer is a short sequence of control commands, each a send plus a
 * reply handler (steps.c), the data connection (dconn.c) and the bytes
 * moved on it (datamove.c). The transfer ends when both the final reply
 * and the end of the data have come, in whichever order (R11, R23, R24);
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

#define PROGRESS_MS	100
#define READS_PER_PASS	16
#define SPLICE_CHUNK	(1024 * 1024)

static void	rest_ignored(struct ftp_session *);

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
	char *words = reply_words(r);

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

/* A data-side wait ran out: connect, idle, or the final reply. */
void
data_timer(struct ev_timer *t, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;
	uint64_t idle;

	if (s->op == NULL)
		return;
	if (d->eof && !d->final) {
		/* Data ended, no 226 (R24): the .part stays. */
		session_fail(s, _("%s sent no reply after the data ended; the "
		    "partial file is kept"), s->host);
		return;
	}
	if (!d->connected) {
		xfer_abort(s, _("the server opened no data connection in "
		    "time"));
		return;
	}
	if (out_waiting(s))
		d->idle_since = ev_clock_ms();	/* the reader is slow, not us */
	idle = ev_clock_ms() - d->idle_since;
	if (d->lowat && idle >= LIM_LOWAT_GUARD_MS)
		data_lowat_set(s, false);	/* slowed: see every byte again */
	if (idle < (uint64_t)s->opt.data_idle_ms) {
		idle = (uint64_t)s->opt.data_idle_ms - idle;
		ev_timer_start(t, d->lowat && idle > LIM_LOWAT_GUARD_MS ?
		    LIM_LOWAT_GUARD_MS : idle);
		return;
	}
	xfer_abort(s, _("the data connection stalled"));
}

/*
 * The server said 350 to REST but sent the file from its start: the .part
 * holds the old bytes and then the whole file, more than the size SIZE
 * gave. Nothing of it is kept: start again from 0 on the same
 * connection, without REST from now on.
 */
static void
rest_ignored(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	char msg[512];

	snprintf(msg, sizeof msg, ngettext("%s: %llu byte arrived after "
	    "resuming at %llu, but the file has %llu: the server ignored "
	    "REST; downloading again from the start", "%s: %llu bytes "
	    "arrived after resuming at %llu, but the file has %llu: the "
	    "server ignored REST; downloading again from the start",
	    (unsigned long)d->bytes), s->op->x.remote,
	    (unsigned long long)d->bytes, (unsigned long long)d->offset,
	    (unsigned long long)d->total);
	log_warn("ftp %s: %s", s->host, msg);
	if (s->cb.warning != NULL)
		s->cb.warning(s, msg, s->cbarg);
	s->rest_ignored = true;
	if (lf_part_restart(&d->part) == -1) {
		xfer_fail(s, NULL, _("cannot truncate %s: %s"),
		    d->part.partname, strerror(errno));
		return;
	}
	d->offset = d->bytes = 0;
	d->sent = d->prelim = d->final = d->final_ok = d->eof = false;
	d->pasv_tried = d->eprt_tried = false;
	d->lowat = false;
	xfer_progress(s, true);
	step_port(s);
}

/* The reader took every byte that waited: read on, or finish. */
void
xfer_output_ready(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;

	d->idle_since = ev_clock_ms();
	if (d->done_wait) {
		d->done_wait = false;
		xfer_complete(s);
	} else if (d->io != NULL && !ev_timer_pending(d->wake))
		ev_io_set(d->io, POLLIN);
}

/* Writing to the reader failed (EPIPE: it went away). */
void
xfer_output_failed(struct ftp_session *s, int err)
{
	char msg[512];

	if (s->op == NULL || (!s->data.done_wait && s->data.fd == -1))
		return;		/* aborting already: these bytes are moot */
	snprintf(msg, sizeof msg, _("cannot write the download: %s"),
	    strerror(err));
	if (s->data.done_wait) {
		/* Data and reply are in: nothing to abort on the server. */
		s->op->st.local = true;
		xfer_fail(s, NULL, "%s", msg);
	} else
		xfer_local_abort(s, msg);
}

/* Both the final reply and the end of the data are in: finish. */
void
xfer_complete(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	struct ftp_op *op = s->op;
	struct ftp_listing *l;
	struct timespec ts[2];
	unsigned char tail[2];
	char err[512], msg[512];
	uint64_t got = d->offset + d->bytes;
	size_t n;

	data_close(s);
	op->st.bytes = d->bytes;
	op->st.offset = d->offset;
	if (op->kind == OP_LIST) {
		l = xcalloc(1, sizeof *l);
		if (ftp_list_finish(d->lp, l) == -1) {
			free(l);
			xfer_fail(s, NULL, "%s", _(ftp_list_error(d->lp)));
			return;
		}
		op->st.listing = l;
		xfer_reset(s, true);
		op_finish(s, true, NULL, NULL);
		return;
	}
	if (op->kind == OP_GET) {
		if (op->type == FTP_TYPE_A &&
		    (n = ftp_ascii_decode_end(&d->ascii, tail)) > 0 &&
		    xfer_deliver(s, tail, n, true) == -1)
			return;
		if (out_waiting(s)) {
			/* The reader has not taken the last bytes yet. */
			d->done_wait = true;
			return;
		}
		if (op->type == FTP_TYPE_I && d->total > 0 && d->offset > 0 &&
		    got > d->total && d->have_part) {
			rest_ignored(s);
			return;
		}
		if (op->type == FTP_TYPE_I && d->total > 0 && got < d->total) {
			/* Short data then 226 (R22). */
			xfer_fail(s, NULL, ngettext("%s: incomplete: %llu of "
			    "%llu byte arrived; the partial file is kept",
			    "%s: incomplete: %llu of %llu bytes arrived; the "
			    "partial file is kept", (unsigned long)d->total),
			    op->x.remote, (unsigned long long)got,
			    (unsigned long long)d->total);
			return;
		}
		if (op->type == FTP_TYPE_I && d->total > 0 && got > d->total &&
		    s->cb.warning != NULL) {
			snprintf(msg, sizeof msg, ngettext("%s: %llu byte "
			    "arrived, more than the %llu announced", "%s: %llu "
			    "bytes arrived, more than the %llu announced",
			    (unsigned long)got), op->x.remote,
			    (unsigned long long)got,
			    (unsigned long long)d->total);
			s->cb.warning(s, msg, s->cbarg);	/* R27 */
		}
		if (d->have_part) {
			if (d->have_mtime && op->x.set_mtime) {
				ts[0].tv_sec = ts[1].tv_sec = d->mtime;
				ts[0].tv_nsec = ts[1].tv_nsec = 0;
				futimens(d->part.fd, ts);
			}
			if (op->x.held != NULL) {
				*op->x.held = d->part;
				memset(&d->part, 0, sizeof d->part);
				d->part.fd = -1;
			} else if (lf_part_commit(&d->part, op->x.exists, err,
			    sizeof err) == -1) {
				xfer_fail(s, NULL, "%s", err);
				return;
			}
			d->have_part = false;
		}
	}
	xfer_progress(s, true);
	xfer_reset(s, true);
	op_finish(s, true, NULL, NULL);
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
	session_set_state(s, FTP_ST_ABORTING);
	ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
}

/* A reply while aborting: count it; the last one finishes the transfer. */
void
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
