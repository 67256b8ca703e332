/*
 * xfercmd.c: the last commands of a transfer, on its open data channel:
 * REST when resuming, right before the transfer command, then RETR, STOR,
 * APPE, LIST, MLSD or NLST and its replies (1xx, the final one).
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

/* Replies to RETR/STOR/LIST: 1xx, then the final one (R11, R20-R25). */
static void
xfer_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_data *d = &s->data;
	struct ftp_op *op = s->op;
	uint64_t size;

	if (FTP_IS_PRELIM(r->code)) {
		d->prelim = true;
		/*
		 * After REST, servers disagree on what "(N bytes)" counts:
		 * trust it only for a transfer from the start.
		 */
		if (d->total == 0 && d->offset == 0 && op->kind == OP_GET &&
		    op->type == FTP_TYPE_I &&
		    ftp_parse_150_size(r->msg, &size) == 0)
			d->total = size;
		/* The data idle timer watches the transfer from here on. */
		ev_timer_stop(s->reply_timer);
		return;
	}
	if (r->code == FTP_COMMAND_OK && !d->prelim) {
		/* Some servers say 200 before 150 (R25): wait on. */
		log_info("ftp %s: ignoring a 200 before the transfer started",
		    s->host);
		s->on_reply = xfer_reply;
		s->want_prelim = true;
		ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
		return;
	}
	d->final = true;
	op_keep_reply(op, r);
	if (FTP_IS_OK(r->code)) {
		d->final_ok = true;
		if (d->eof)
			xfer_complete(s);
		return;
	}
	if (op->kind == OP_LIST && op->lmode == FTP_LIST_MLSD &&
	    op->any_mode && !d->prelim &&
	    (r->code == FTP_SYNTAX_ERROR || r->code == FTP_NOT_IMPLEMENTED)) {
		/* MLSD refused after all: LIST instead. */
		log_info("ftp %s: MLSD refused; using LIST", s->host);
		s->feat.mlsd = false;
		op->lmode = FTP_LIST_LIST;
		xfer_restart(s);
		return;
	}
	xfer_refused(s, r);
}

/* Send RETR, STOR, APPE, LIST, MLSD or NLST on the open data channel. */
void
step_command(struct ftp_session *s)
{
	struct ftp_op *op = s->op;
	const char *verb;

	switch (op->kind) {
	case OP_LIST:
		verb = op->lmode == FTP_LIST_MLSD ? "MLSD" :
		    op->lmode == FTP_LIST_NLST ? "NLST" : "LIST";
		break;
	case OP_GET:
		verb = "RETR";
		break;
	default:
		verb = op->x.append ? "APPE" : "STOR";
		break;
	}
	s->data.sent = true;
	xfer_send(s, xfer_reply, true, verb, path_arg(op));
	/*
	 * The data moves once the command is out (REST may come between the
	 * data connection and it); under PROT P, once the handshake is done.
	 */
	if (s->op != op)
		return;
	if (s->prot_p && s->data.connected && s->data.tls == NULL)
		tls_data_start(s);
	else if (s->data.io != NULL && (!s->prot_p || s->data.tls_up))
		ev_io_set(s->data.io, s->data.upload ? POLLOUT : POLLIN);
}
/* The reply to REST: 350 resumes; anything else starts again (R33). */
static void
rest_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_data *d = &s->data;

	if (r->code == FTP_PENDING_FURTHER_INFO) {
		step_command(s);
		return;
	}
	if (d->upload || (d->have_out && s->op->x.rest > 0)) {
		/* an upload, or a range that cannot start elsewhere */
		xfer_refused(s, r);
		return;
	}
	log_info("ftp %s: REST refused (%d); downloading %s from the start",
	    s->host, r->code, s->op->x.remote);
	if (s->cb.warning != NULL)
		s->cb.warning(s, _("the server cannot resume; starting again "
		    "from the beginning"), s->cbarg);
	if (d->have_part && lf_part_restart(&d->part) == -1) {
		xfer_fail(s, NULL, _("cannot truncate %s: %s"),
		    d->part.partname, strerror(errno));
		return;
	}
	d->offset = 0;
	step_command(s);
}

/*
 * REST when resuming, on the open data channel and right before RETR,
 * STOR or APPE: RFC 959 has it "immediately followed by" the transfer
 * command, and BSD ftpd forgets an offset when EPSV or PASV comes between.
 */
void
step_rest(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	char num[32];

	if (d->offset == 0 || s->op->kind == OP_LIST) {
		step_command(s);
		return;
	}
	snprintf(num, sizeof num, "%llu", (unsigned long long)d->offset);
	xfer_send(s, rest_reply, false, "REST", num);
}
