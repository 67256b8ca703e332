/*
 * steps.c: a transfer's start (its .part, output or source opened) and
 * the control commands before its data: TYPE (when it must change), MODE S
 * and STRU F (once per connection), SIZE and MDTM (downloads), what a
 * resume's offset allows; then the data connection (dconn.c), and REST
 * and the transfer command (xfercmd.c).
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
		/*
		 * MLSD lists a directory only (RFC 3659 7.1: pyftpdlib says
		 * 501 to "MLSD FILE"): a name, a pattern or options go with
		 * LIST.
		 */
		if (op->any_mode && op->lmode == FTP_LIST_LIST &&
		    s->opt.use_mlsd && s->feat.mlsd && path_arg(op) == NULL)
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
		if (out_open(s, op->x.fd, xfer_output_drained) == -1) {
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

/* ------------------------------------------------ transfer command */

