/*
 * datamove.c: moving the bytes of a transfer: reading a download (splice
 * socket -> pipe -> file when it can, else read and deliver), writing an
 * upload and its clean end, the rate limit's pauses, receive batching.
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

#define READS_PER_PASS	16		/* reads or writes per loop pass */
#define SPLICE_CHUNK	(1024 * 1024)	/* the splice pipe's size */


static void	upload_sent(struct ftp_session *);

/* The data connection broke (errno says how): the transfer ends. */
static void
data_lost(struct ftp_session *s)
{
	char msg[256];

	snprintf(msg, sizeof msg, _("data connection lost: %s"),
	    strerror(errno));
	xfer_abort(s, msg);
}

/*
 * Every byte is through and the data connection closed: the transfer is
 * complete once the final reply says so (it may have come already).
 */
static void
data_ended(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;

	data_close(s);
	d->eof = true;
	xfer_progress(s, true);
	if (d->final)
		xfer_complete(s);
	else
		ev_timer_start(d->timer, (uint64_t)s->opt.final_reply_ms);
}

/* Stop moving data until this transfer's share has refilled a little. */
static void
throttle_pause(struct ftp_session *s)
{
	ev_io_set(s->data.io, 0);
	ev_timer_start(s->data.wake, throttle_wait_ms(&s->data.thr));
}

/* The bucket has refilled: watch the data connection again. */
void
data_throttle_wake(struct ev_timer *t, void *arg)
{
	struct ftp_session *s = arg;

	/* Bytes waiting for a slow reader: its POLLOUT goes on (output.c). */
	if (s->data.io != NULL && !out_waiting(s))
		ev_io_set(s->data.io, s->data.upload ? POLLOUT : POLLIN);
}

/*
 * Can this transfer move its data with splice(2)? Binary downloads into a
 * file or an fd can: socket -> pipe -> target, never through our memory.
 * The pipe is made once per session (1 MiB when the system allows).
 */
static bool
splice_ready(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	struct ftp_op *op = s->op;

	/* TLS bytes must be decrypted here: read, decrypt, write. */
	if (d->no_splice || d->tls != NULL || op->kind != OP_GET ||
	    op->type != FTP_TYPE_I ||
	    (!d->have_part && !(d->have_out && d->out.can_splice)))
		return false;
	if (d->pipe[0] == 0 && d->pipe[1] == 0) {
		if (pipe2(d->pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
			d->pipe[0] = d->pipe[1] = -1;
			return false;
		}
		fcntl(d->pipe[1], F_SETPIPE_SZ, SPLICE_CHUNK);
	}
	return d->pipe[0] != -1;
}

/* Empty n bytes of the pipe into the target; false after an abort. */
static bool
splice_out(struct ftp_session *s, size_t n)
{
	struct ftp_data *d = &s->data;
	char err[512];

	if (d->have_part) {
		if (lf_part_splice(&d->part, d->pipe[0], n, err,
		    sizeof err) == -1) {
			xfer_local_abort(s, err);
			return false;
		}
		return true;
	}
	if (out_splice(s, n) == -1) {
		snprintf(err, sizeof err, _("cannot write the download: %s"),
		    strerror(errno));
		xfer_local_abort(s, err);
		return false;
	}
	return true;
}

/*
 * Receive batching. A fast sender on loopback or a LAN fills the socket
 * a segment burst at a time, and a reader that wakes on every burst moves
 * 64 KiB per poll; with SO_RCVLOWAT at LIM_RCVLOWAT the kernel wakes us
 * once a few hundred KiB wait, and the same bytes cost a quarter of the
 * wakes. It is raised only while the measured rate is high, and the data
 * timer runs every LIM_LOWAT_GUARD_MS meanwhile: a flow that slows below
 * the mark drops it back to one byte, so nothing waits unseen and the idle
 * timeout still means idle. The end of the data wakes us whatever the mark.
 */
static void
data_lowat_set(struct ftp_session *s, bool on)
{
	struct ftp_data *d = &s->data;
	int v = on ? LIM_RCVLOWAT : 1;

	if (d->lowat == on || d->no_lowat || d->fd == -1)
		return;
	if (setsockopt(d->fd, SOL_SOCKET, SO_RCVLOWAT, &v, sizeof v) == -1) {
		log_debug("ftp %s: SO_RCVLOWAT: %s", s->host, strerror(errno));
		d->no_lowat = true;
		return;
	}
	d->lowat = on;
	log_debug("ftp %s: SO_RCVLOWAT %s", s->host, on ? "on" : "off");
	if (on)
		ev_timer_start(d->timer, LIM_LOWAT_GUARD_MS);
}

/*
 * After a pass: measure the rate over ~50 ms windows, raise or drop. Not
 * under TLS: with the mark on, a 1 GiB FTPS download from vsftpd took
 * twice lftp's wall time at the same CPU (jangada idle in poll, OpenSSL
 * reading a record as header then body); without it, the same time as
 * lftp (bench/run row 8a).
 */
static void
lowat_adapt(struct ftp_session *s, uint64_t now)
{
	struct ftp_data *d = &s->data;
	uint64_t ms = now - d->win_ms;

	if (ms < 50)
		return;
	data_lowat_set(s, !throttle_on(&d->thr) && d->tls == NULL &&
	    (d->bytes - d->win_bytes) * 1000 / ms >= LIM_LOWAT_RATE);
	d->win_ms = now;
	d->win_bytes = d->bytes;
}

/* The data connection is readable: move up to a few chunks per pass. */
void
data_readable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;
	ssize_t n;
	int i;

	if (!d->sent) {
		/*
		 * Nothing is read before RETR, LIST... is out (step_command
		 * starts it): with REST between them, a TLS data connection
		 * would otherwise take the server's tickets for the end.
		 */
		ev_io_set(io, 0);
		return;
	}
	for (i = 0; i < READS_PER_PASS; i++) {
		bool spl = splice_ready(s);
		size_t want = throttle_take(&d->thr, spl ? SPLICE_CHUNK :
		    LIM_XFER_CHUNK);

		if (want == 0) {
			throttle_pause(s);
			break;
		}
		if (spl) {
			n = splice(fd, NULL, d->pipe[1], NULL, want,
			    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n == -1 && errno == EINVAL) {
				d->no_splice = true;
				throttle_give(&d->thr, want);
				continue;
			}
		} else
			n = net_io_read(fd, d->tls, d->buf, want);
		throttle_moved(&d->thr, want, n);
		if (n > 0) {
			d->bytes += (uint64_t)n;
			if (spl) {
				if (!splice_out(s, (size_t)n))
					return;
			} else if (xfer_deliver(s, d->buf, (size_t)n, false) == -1)
				return;
			if (out_waiting(s))
				break;	/* a slow reader: wait for it */
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		if (n == -1) {
			data_lost(s);
			return;
		}
		/*
		 * EOF: the data is complete once the reply says so. A TLS
		 * peer that closed without close_notify may have cut it
		 * short: the size check in xfer_complete decides.
		 */
		if (d->tls != NULL && !net_tls_clean_eof(d->tls)) {
			log_debug("ftp %s: the data's TLS ended without "
			    "close_notify", s->host);
			d->unclean_eof = true;
		}
		data_ended(s);
		return;
	}
	d->idle_since = ev_now(s->loop);
	lowat_adapt(s, d->idle_since);
	xfer_progress(s, false);
}

/*
 * The end of an upload: every byte is written; say so (FIN) and wait for
 * the server to close its side. Only a clean close, after the server
 * acknowledged every byte, ends the upload well: a server that stopped
 * reading and reset the connection has not got the file, whatever its
 * reply says.
 */
static void
upload_closed(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;
	char msg[256];
	int unacked = 0;
	ssize_t n;

	for (;;) {
		/* Through TLS: the server's tickets in there are the next
		 * data connection's session. */
		n = net_io_read(fd, d->tls, d->buf, LIM_XFER_CHUNK);
		if (n > 0)
			continue;	/* nothing is due here: drop it */
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		break;
	}
	if (n == 0 && ioctl(fd, SIOCOUTQ, &unacked) == 0 && unacked > 0)
		errno = ECONNRESET;
	if (n == -1 || unacked > 0) {
		snprintf(msg, sizeof msg, _("%s: the server closed the data "
		    "connection before it had every byte (%s); the upload is "
		    "not complete"), s->op->x.remote, strerror(errno));
		if (d->final)
			xfer_fail(s, NULL, "%s", msg);
		else
			xfer_abort(s, msg);
		return;
	}
	data_ended(s);
}

/* Every byte of the upload is written: half-close, wait for the close. */
static void
upload_sent(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;

	if (!d->tls_closing)
		xfer_progress(s, true);
	if (d->tls != NULL && net_tls_close(d->tls) == -1) {
		/* close_notify: every byte is there, say so (lftp #753). */
		if (errno == EAGAIN) {
			d->tls_closing = true;
			ev_io_set(d->io, net_tls_events(d->tls));
			return;
		}
		xfer_abort(s, _("data connection lost while closing TLS"));
		return;
	}
	d->tls_closing = false;
	d->half_closed = true;
	ev_timer_stop(d->wake);
	if (shutdown(d->fd, SHUT_WR) == -1) {
		/* Not a socket we can half-close: the old way. */
		data_close(s);
		d->eof = true;
		if (d->final)
			xfer_complete(s);
		else
			ev_timer_start(d->timer,
			    (uint64_t)s->opt.final_reply_ms);
		return;
	}
	ev_io_free(d->io);
	d->io = ev_io_new(s->loop, d->fd, POLLIN, upload_closed, s);
	d->idle_since = ev_clock_ms();
	ev_timer_start(d->timer, (uint64_t)s->opt.final_reply_ms);
}

/* The data connection is writable: send the file. */
void
data_writable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;
	struct ftp_op *op = s->op;
	char msg[256];
	ssize_t n;
	int i;

	if (!d->sent) {
		/* Nothing goes before STOR or APPE (step_command starts it). */
		ev_io_set(io, 0);
		return;
	}
	if (d->tls_closing) {
		upload_sent(s);
		return;
	}
	for (i = 0; i < READS_PER_PASS; i++) {
		if (d->pend_len == 0 && !d->src_eof) {
			n = read(op->srcfd, d->buf, LIM_XFER_CHUNK);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				snprintf(msg, sizeof msg, _("cannot read the "
				    "local file: %s"), strerror(errno));
				xfer_local_abort(s, msg);
				return;
			}
			if (n == 0)
				d->src_eof = true;
			else if (op->type == FTP_TYPE_A) {
				d->pend_len = ftp_ascii_encode(&d->ascii,
				    d->buf, (size_t)n, d->conv);
				d->pend_off = 0;
			} else {
				memcpy(d->conv, d->buf, (size_t)n);
				d->pend_len = (size_t)n;
				d->pend_off = 0;
			}
		}
		if (d->pend_len == 0 && d->src_eof) {
			upload_sent(s);
			return;
		}
		{
			size_t want = throttle_take(&d->thr, d->pend_len);

			if (want == 0) {
				throttle_pause(s);
				break;
			}
			n = net_io_write(fd, d->tls, d->conv + d->pend_off,
			    want);
			throttle_moved(&d->thr, want, n);
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		if (n == -1) {
			data_lost(s);
			return;
		}
		d->pend_off += (size_t)n;
		d->pend_len -= (size_t)n;
		d->bytes += (uint64_t)n;
	}
	d->idle_since = ev_now(s->loop);
	xfer_progress(s, false);
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
		ctl_fail(s, NULL, _("%s sent no reply after the data ended; the "
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
