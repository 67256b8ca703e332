/*
 * complete.c: where a transfer's bytes go and how it ends well: progress
 * reports, handing received bytes to the listing, the .part, the caller's
 * fd or memory (ASCII decoded), and completion once both the final reply
 * and the end of the data are in (size checks, the time kept, the .part
 * committed), or a start again from 0 when the server ignored REST. The
 * output (output.c) reports a drained or failed target here.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#define PROGRESS_MS	100	/* between two progress reports */

/* Tell the user how far the transfer is, at most every PROGRESS_MS. */
void
xfer_progress(struct ftp_session *s, bool force)
{
	struct ftp_data *d = &s->data;
	uint64_t now = ev_now(s->loop);

	if (s->cb.progress == NULL || s->op == NULL || s->op->kind == OP_LIST)
		return;
	if (!force && now - d->last_progress < PROGRESS_MS)
		return;
	d->last_progress = now;
	s->cb.progress(s, d->offset + d->bytes, d->total, s->cbarg);
}

/*
 * Hand received bytes to the listing, the file, the fd or memory; decode
 * ASCII first unless the bytes are already local text (decoded).
 */
int
xfer_deliver(struct ftp_session *s, const unsigned char *p, size_t n,
    bool decoded)
{
	struct ftp_data *d = &s->data;
	struct ftp_op *op = s->op;
	char err[512];
	size_t room;

	if (op->kind == OP_LIST) {
		if (ftp_list_feed(d->lp, p, n) == -1) {
			xfer_abort(s, _(ftp_list_error(d->lp)));
			return -1;
		}
		/* Each read's new entries to the caller, who may drop them. */
		if (op->entries != NULL && ftp_list_parsed(d->lp)->n > d->shown) {
			d->shown = ftp_list_parsed(d->lp)->n;
			if (op->entries(s, ftp_list_parsed(d->lp), op->cbarg)) {
				ftp_list_drop(d->lp);
				d->shown = 0;
			}
		}
		return 0;
	}
	if (op->type == FTP_TYPE_A && !decoded) {
		n = ftp_ascii_decode(&d->ascii, p, n, d->conv);
		p = d->conv;
	}
	if (d->have_part) {
		if (lf_part_write(&d->part, p, n, err, sizeof err) == -1) {
			xfer_local_abort(s, err);
			return -1;
		}
	} else if (d->have_out) {
		if (out_write(s, p, n) == -1) {
			snprintf(err, sizeof err, _("cannot write the "
			    "download: %s"), strerror(errno));
			xfer_local_abort(s, err);
			return -1;
		}
	} else if (op->x.mem != NULL) {
		room = buf_room(op->x.mem);
		buf_append(op->x.mem, p, n < room ? n : room);
		if (n >= room) {
			/* Enough for the viewer: stop without an error. */
			xfer_abort(s, NULL);
			return -1;
		}
	}
	return 0;
}

/*
 * The server said 350 to REST but sent the file from its start: the .part
 * holds the old bytes and then the whole file, more than the size SIZE
 * gave. Nothing of it is kept: the transfer starts again from its first
 * step, from 0, without REST from now on.
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
	xfer_progress(s, true);
	xfer_restart(s);
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

/* The reader took every byte that waited: read on, or finish. */
static void
output_ready(struct ftp_session *s)
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
static void
output_failed(struct ftp_session *s, int err)
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

/*
 * The output's report (out_open's drained callback): the target took
 * everything that waited (err 0), or writing to it failed with err.
 */
void
xfer_output_drained(struct ftp_session *s, int err)
{
	if (err != 0)
		output_failed(s, err);
	else
		output_ready(s);
}
