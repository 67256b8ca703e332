/*
 * steps.c: the control commands of a transfer before and around its data:
 * TYPE (when it must change), MODE S and STRU F (once per connection),
 * SIZE and MDTM (downloads), REST (resume), then (dconn.c) the data
 * connection, and the transfer command RETR/STOR/APPE/LIST/MLSD/NLST with
 * its replies.
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

#include "base/count.h"
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

#define PROGRESS_MS	100
#define READS_PER_PASS	16
#define SPLICE_CHUNK	(1024 * 1024)

static void	step_type(struct ftp_session *);
static void	step_modes(struct ftp_session *);
static void	step_size(struct ftp_session *);
static void	step_mdtm(struct ftp_session *);
static void	step_resume(struct ftp_session *);

/* -------------------------------------------------------------- steps */

/* Start the running transfer operation (LIST, GET or PUT). */
void
xfer_start(struct ftp_session *s)
{
	struct ftp_op *op = s->op;
	struct ftp_data *d = &s->data;
	char err[512];
	off_t size;

	xfer_reset(s, true);
	if (d->timer == NULL) {
		d->timer = ev_timer_new(s->loop, data_timer, s);
		d->wake = ev_timer_new(s->loop, data_throttle_wake, s);
	}
	if (d->buf == NULL) {
		d->buf = xmalloc(LIM_XFER_CHUNK);
		d->conv = xmalloc(2 * LIM_XFER_CHUNK + 1);
	}
	d->upload = op->kind == OP_PUT;

	if (op->kind == OP_LIST) {
		if (op->any_mode && op->lmode == FTP_LIST_LIST &&
		    s->opt.use_mlsd && s->feat.mlsd)
			op->lmode = FTP_LIST_MLSD;
		d->lp = ftp_list_new(op->lmode, time(NULL));
		charset_list(s, d->lp);
		step_port(s);
		return;
	}
	if (op->kind == OP_GET && op->x.dirfd != -1) {
		if (op->x.exists == LF_NOREPLACE && !op->x.resume &&
		    lf_exists(op->x.dirfd, op->x.name, &size)) {
			op->st.local = true;
			xfer_fail(s, NULL, _("%s: the local file exists; not "
			    "replaced"), op->x.name);
			return;
		}
		/* REST counts network bytes: ASCII never resumes (R29). */
		if (lf_part_open(&d->part, op->x.dirfd, op->x.name,
		    op->x.resume && op->type == FTP_TYPE_I, err,
		    sizeof err) == -1) {
			op->st.local = true;
			xfer_fail(s, NULL, "%s", err);
			return;
		}
		d->have_part = true;
		d->offset = d->part.offset;
	} else if (op->kind == OP_GET && op->x.fd != -1) {
		if (out_open(s, op->x.fd) == -1) {
			op->st.local = true;
			xfer_fail(s, NULL, _("cannot write the download: %s"),
			    strerror(errno));
			return;
		}
		d->have_out = true;
		d->offset = op->x.rest;	/* a range of the file (segments) */
	}
	if (op->kind == OP_PUT) {
		struct stat sb;

		d->offset = op->x.rest;
		if (fstat(op->srcfd, &sb) == 0 && S_ISREG(sb.st_mode))
			d->total = (uint64_t)sb.st_size;
		if (op->x.rest > 0 &&
		    lseek(op->srcfd, (off_t)op->x.rest, SEEK_SET) == -1) {
			xfer_fail(s, NULL, _("cannot seek in the local file: "
			    "%s"), strerror(errno));
			return;
		}
	}
	step_type(s);
}

/* The reply to TYPE. */
static void
type_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (!FTP_IS_OK(r->code)) {
		xfer_refused(s, r);
		return;
	}
	s->type = s->op->type;
	s->type_known = true;
	step_modes(s);
}

/* TYPE A or I, when the session is not in it already. */
static void
step_type(struct ftp_session *s)
{
	if (s->type_known && s->type == s->op->type)
		step_modes(s);
	else
		xfer_send(s, type_reply, false, "TYPE",
		    s->op->type == FTP_TYPE_A ? "A" : "I");
}

/* STRU F answered (whatever it said): the modes are set. */
static void
stru_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	s->modes_sent = true;
	step_size(s);
}

/* MODE S answered: STRU F next. */
static void
mode_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	xfer_send(s, stru_reply, false, "STRU", "F");
}

/* MODE S and STRU F, once per connection, before its first transfer. */
static void
step_modes(struct ftp_session *s)
{
	if (s->modes_sent)
		step_size(s);
	else
		xfer_send(s, mode_reply, false, "MODE", "S");
}

/* The reply to SIZE: the total, or unknown (R31, R35). */
static void
size_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	uint64_t size;

	if (r->code == FTP_FILE_STATUS && ftp_parse_size(r->msg, &size) == 0)
		s->data.total = size;
	else if (r->code == FTP_FILE_STATUS)
		log_warn("ftp %s: ignoring a SIZE reply that is not a "
		    "number", s->host);
	step_mdtm(s);
}

/* SIZE before a binary download: the total for progress and checks. */
static void
step_size(struct ftp_session *s)
{
	/* SIZE depends on TYPE; an ASCII size is never trusted (R31). */
	if (s->op->kind == OP_GET && s->op->type == FTP_TYPE_I &&
	    (s->feat.size || !s->feat_known))
		xfer_send(s, size_reply, false, "SIZE", path_arg(s->op));
	else
		step_mdtm(s);
}

/* The reply to MDTM: the time to give the local file. */
static void
mdtm_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (r->code == FTP_FILE_STATUS &&
	    ftp_parse_mdtm(r->msg, &s->data.mtime) == 0)
		s->data.have_mtime = true;
	step_resume(s);
}

/* MDTM when the caller wants the remote time kept. */
static void
step_mdtm(struct ftp_session *s)
{
	if (s->op->kind == OP_GET && (s->op->x.set_mtime ||
	    (s->op->x.mtime_min > 0 && s->data.total >= s->op->x.mtime_min)) &&
	    (s->feat.mdtm || !s->feat_known))
		xfer_send(s, mdtm_reply, false, "MDTM", path_arg(s->op));
	else
		step_resume(s);
}

bool
ftp_xfer_mtime(const struct ftp_session *s, time_t *t)
{
	if (s->op == NULL || s->op->kind != OP_GET || !s->data.have_mtime)
		return false;
	*t = s->data.mtime;
	return true;
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
 * Before the data connection, what the offset of a resume allows: a part
 * already whole is done, one past the remote size is an error, and after
 * a server ignored REST once (it said 350 and sent from 0) we start from
 * 0. REST itself goes right before the transfer command (step_rest).
 */
static void
step_resume(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;

	if (d->offset == 0) {
		step_port(s);
		return;
	}
	if (!d->upload && d->total > 0 && d->offset >= d->total) {
		if (d->offset == d->total) {
			/* The .part already holds the whole file (R34). */
			log_info("ftp %s: %s is already complete", s->host,
			    s->op->x.remote);
			d->eof = d->final = d->final_ok = true;
			xfer_complete(s);
		} else
		{
			char a[COUNT_LEN], b[COUNT_LEN];

			xfer_fail(s, NULL, _("%s: the local part (%s) is "
			    "larger than the remote file (%s); nothing was "
			    "changed"), d->part.partname, count_bytes(a,
			    sizeof a, d->offset), count_bytes(b, sizeof b,
			    d->total));
		}
		return;
	}
	if (!d->upload && s->rest_ignored) {
		/* It said 350 and sent from 0 before: start from 0. */
		if (d->have_part && lf_part_restart(&d->part) == -1) {
			xfer_fail(s, NULL, _("cannot truncate %s: %s"),
			    d->part.partname, strerror(errno));
			return;
		}
		d->offset = 0;
	}
	step_port(s);
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

/* ------------------------------------------------ transfer command */

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
		data_close(s);
		ftp_list_free(d->lp);
		op->lmode = FTP_LIST_LIST;
		d->lp = ftp_list_new(op->lmode, time(NULL));
		charset_list(s, d->lp);
		d->shown = 0;
		d->final = d->prelim = d->eof = false;
		step_port(s);
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
