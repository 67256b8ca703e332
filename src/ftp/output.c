/*
 * output.c: a download into a file descriptor (see output.h).
 *
 * A pipe, FIFO or terminal is written through a non-blocking opening of
 * its own (/proc/self/fd/N), so the descriptor the caller shares with
 * other processes (the shell's terminal) keeps its flags; where that
 * cannot be, O_NONBLOCK is set and put back at the end. A socket is
 * written with send(MSG_DONTWAIT). Regular files and block devices never
 * make a reader wait. When the target is full, the bytes left over stay
 * where they are (in the splice pipe, or copied here), the data
 * connection stops being read, and the loop watches the target for
 * POLLOUT; once everything went out, reading goes on (the drained
 * callback, complete.c).
 * A closed reader (EPIPE) is a write error like any other: the transfer
 * fails with it.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/limits.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/output.h"
#include "ftp/session_priv.h"

static void	out_writable(struct ev_io *, int, short, void *);

int
out_open(struct ftp_session *s, int fd,
    void (*drained)(struct ftp_session *, int err))
{
	struct ftp_output *o = &s->data.out;
	struct stat sb;
	char path[64];
	int fl;

	o->fd = fd;
	o->drained = drained;
	o->own = o->restore = -1;
	o->sock = false;
	o->can_splice = true;
	if (fstat(fd, &sb) == -1)
		return -1;
	if (S_ISREG(sb.st_mode) || S_ISBLK(sb.st_mode))
		return 0;
	if ((fl = fcntl(fd, F_GETFL)) == -1)
		return -1;
	if (S_ISSOCK(sb.st_mode)) {
		/* A blocking socket would block splice: send() instead. */
		o->sock = true;
		o->can_splice = (fl & O_NONBLOCK) != 0;
		return 0;
	}
	if (fl & O_NONBLOCK)
		return 0;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	o->own = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (o->own != -1) {
		o->fd = o->own;
		return 0;
	}
	if (fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return -1;
	o->restore = fl;
	return 0;
}

void
out_close(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	struct ftp_output *o = &d->out;

	ev_io_free(o->io);
	o->io = NULL;
	if (o->in_pipe > 0 && d->pipe[0] > 0) {
		/* Bytes nobody will read: the next transfer gets a new pipe. */
		close(d->pipe[0]);
		close(d->pipe[1]);
		d->pipe[0] = d->pipe[1] = 0;
	}
	o->in_pipe = 0;
	if (o->own != -1)
		close(o->own);
	else if (o->restore != -1 && o->fd != -1)
		fcntl(o->fd, F_SETFL, o->restore);
	free(o->buf);
	memset(o, 0, sizeof *o);
	o->fd = o->own = o->restore = -1;
}

bool
out_waiting(const struct ftp_session *s)
{
	const struct ftp_output *o = &s->data.out;

	return o->len > 0 || o->in_pipe > 0;
}

/* One write of up to n bytes: what went, or -1 (errno). */
static ssize_t
out_raw(struct ftp_output *o, const unsigned char *p, size_t n)
{
	if (o->sock)
		return send(o->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	return write(o->fd, p, n);
}

/* Keep n bytes that did not go (they may live in a buffer reused later). */
static void
out_keep(struct ftp_output *o, const unsigned char *p, size_t n)
{
	if (o->off > 0 && o->len > 0)
		memmove(o->buf, o->buf + o->off, o->len);
	o->off = 0;
	if (o->len + n > o->size) {
		o->size = o->len + n > LIM_XFER_CHUNK ? o->len + n :
		    LIM_XFER_CHUNK;
		o->buf = xrealloc(o->buf, o->size);
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* Move what waits: 0 all went, 1 the target is full, -1 error (errno). */
static int
out_flush(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	struct ftp_output *o = &d->out;
	ssize_t w;

	while (o->len > 0 || o->in_pipe > 0) {
		if (o->len > 0) {
			w = out_raw(o, o->buf + o->off, o->len);
			if (w == -1 && errno == EINTR)
				continue;
			if (w == -1 && (errno == EAGAIN ||
			    errno == EWOULDBLOCK))
				return 1;
			if (w <= 0) {
				if (w == 0)
					errno = EIO;
				return -1;
			}
			o->off += (size_t)w;
			o->len -= (size_t)w;
			if (o->len == 0)
				o->off = 0;
			continue;
		}
		if (o->can_splice) {
			w = splice(d->pipe[0], NULL, o->fd, NULL, o->in_pipe,
			    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (w > 0) {
				o->in_pipe -= (size_t)w;
				continue;
			}
			if (w == -1 && errno == EINTR)
				continue;
			if (w == -1 && (errno == EAGAIN ||
			    errno == EWOULDBLOCK))
				return 1;
			if (w == -1 && errno == EINVAL) {
				/* A target that cannot splice (a terminal). */
				o->can_splice = false;
				d->no_splice = true;
				continue;
			}
			if (w == 0)
				errno = EIO;
			return -1;
		}
		/* Copy out of the pipe, then write. */
		if (o->size < LIM_XFER_CHUNK) {
			o->size = LIM_XFER_CHUNK;
			o->buf = xrealloc(o->buf, o->size);
		}
		w = read(d->pipe[0], o->buf, o->in_pipe < o->size ?
		    o->in_pipe : o->size);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0 || errno == EAGAIN)
				errno = EIO;
			return -1;
		}
		o->off = 0;
		o->len = (size_t)w;
		o->in_pipe -= (size_t)w;
	}
	return 0;
}

/* The target is full: stop reading the data, wait for POLLOUT. */
static void
out_wait(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	struct ftp_output *o = &d->out;

	if (d->io != NULL)
		ev_io_set(d->io, 0);
	if (o->io == NULL)
		o->io = ev_io_new(s->loop, o->fd, POLLOUT, out_writable, s);
	else
		ev_io_set(o->io, POLLOUT);
}

/* Act on out_flush's answer: wait, or go on; -1 (errno) on an error. */
static int
out_after(struct ftp_session *s, int r)
{
	if (r == 1)
		out_wait(s);
	return r == -1 ? -1 : 0;
}

/* The target has room again. */
static void
out_writable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	int r;

	r = out_flush(s);
	if (r == 1)
		return;
	ev_io_set(io, 0);
	s->data.out.drained(s, r == -1 ? errno : 0);
}

int
out_write(struct ftp_session *s, const unsigned char *p, size_t n)
{
	struct ftp_output *o = &s->data.out;
	ssize_t w;

	if (out_waiting(s)) {
		out_keep(o, p, n);
		return 0;
	}
	while (n > 0) {
		w = out_raw(o, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			out_keep(o, p, n);
			out_wait(s);
			return 0;
		}
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
out_splice(struct ftp_session *s, size_t n)
{
	struct ftp_output *o = &s->data.out;

	o->in_pipe += n;
	if (o->len > 0) {
		/* Older bytes wait in the buffer: they go first. */
		out_wait(s);
		return 0;
	}
	return out_after(s, out_flush(s));
}
