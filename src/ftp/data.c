/*
 * data.c: data connections and the transfers on them (LIST/MLSD/NLST,
 * RETR, STOR/APPE).
 *
 * A transfer is a short sequence of control commands, each a send plus a
 * reply handler: TYPE (when it must change), MODE S and STRU F (once per
 * connection), SIZE and MDTM (downloads), REST (resume), then EPSV (or
 * PASV, or EPRT/PORT), the data connection, and the transfer command.
 * The address in a 227 reply is never used: the data connection goes to
 * the control connection's peer, on the port the reply gives (R1, R2).
 * EPSV refused (500/502) or an EPSV port that refuses the connection falls
 * back to PASV once, and the session remembers it (R5).
 *
 * The transfer ends when both the final reply and the end of the data have
 * come, in whichever order (R11, R23, R24); a 4xx/5xx after 150 fails it
 * (R20); data that stops short of the announced size fails it (R22). A
 * download goes to a .part that is renamed into place only on success.
 * Every wait has a timer: connecting, data idle, the final reply after
 * EOF. Cancelling sends ABOR and drains exactly the replies still due, so
 * the control connection stays in step.
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

#define PROGRESS_MS	100
#define READS_PER_PASS	16
#define SPLICE_CHUNK	(1024 * 1024)

static void	step_type(struct ftp_session *);
static void	step_modes(struct ftp_session *);
static void	step_size(struct ftp_session *);
static void	step_mdtm(struct ftp_session *);
static void	step_resume(struct ftp_session *);
static void	step_port(struct ftp_session *);
static void	step_rest(struct ftp_session *);
static void	step_command(struct ftp_session *);
static void	xfer_complete(struct ftp_session *);
static void	xfer_fail(struct ftp_session *, const struct ftp_reply *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));
static void	data_readable(struct ev_io *, int, short, void *);
static void	data_writable(struct ev_io *, int, short, void *);
static void	data_timer(struct ev_timer *, void *);
static void	throttle_wake(struct ev_timer *, void *);
static void	upload_sent(struct ftp_session *);
static void	rest_ignored(struct ftp_session *);
static void	local_abort(struct ftp_session *, const char *);

/* Stop moving data until this transfer's share has refilled a little. */
static void
throttle_pause(struct ftp_session *s)
{
	ev_io_set(s->data.io, 0);
	ev_timer_start(s->data.wake, throttle_wait_ms(&s->data.thr));
}

/* The bucket has refilled: watch the data connection again. */
static void
throttle_wake(struct ev_timer *t, void *arg)
{
	struct ftp_session *s = arg;

	/* Bytes waiting for a slow reader: its POLLOUT goes on (output.c). */
	if (s->data.io != NULL && !out_waiting(s))
		ev_io_set(s->data.io, s->data.upload ? POLLOUT : POLLIN);
}

/* Close the data connection and listener; the transfer state stays. */
static void
data_close(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;

	net_connect_cancel(d->connecting);
	d->connecting = NULL;
	ev_io_free(d->io);
	d->io = NULL;
	if (d->fd != -1)
		close(d->fd);
	d->fd = -1;
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

/* Tell the user how far the transfer is, at most every PROGRESS_MS. */
static void
progress(struct ftp_session *s, bool force)
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

/* Fail the transfer: data closed, .part kept, the reply's words shown. */
static void
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
static void
step_refused(struct ftp_session *s, const struct ftp_reply *r)
{
	char *words = reply_words(r);

	xfer_fail(s, r, "%s: %s", s->op->x.remote != NULL ? s->op->x.remote :
	    (s->op->arg != NULL ? s->op->arg : "."), words);
	free(words);
}

/* Send a command of the transfer, or fail the transfer if it can't be. */
static bool
xsend(struct ftp_session *s, reply_fn fn, bool prelim, const char *verb,
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
		d->wake = ev_timer_new(s->loop, throttle_wake, s);
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
		step_refused(s, r);
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
		xsend(s, type_reply, false, "TYPE",
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
	xsend(s, stru_reply, false, "STRU", "F");
}

/* MODE S and STRU F, once per connection, before its first transfer. */
static void
step_modes(struct ftp_session *s)
{
	if (s->modes_sent)
		step_size(s);
	else
		xsend(s, mode_reply, false, "MODE", "S");
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
		xsend(s, size_reply, false, "SIZE", path_arg(s->op));
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
	if (s->op->kind == OP_GET && s->op->x.set_mtime &&
	    (s->feat.mdtm || !s->feat_known))
		xsend(s, mdtm_reply, false, "MDTM", path_arg(s->op));
	else
		step_resume(s);
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
	if (d->upload) {
		step_refused(s, r);
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
			xfer_fail(s, NULL, _("%s: the local part (%llu bytes) "
			    "is larger than the remote file (%llu bytes); "
			    "nothing was changed"), d->part.partname,
			    (unsigned long long)d->offset,
			    (unsigned long long)d->total);
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
static void
step_rest(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	char num[32];

	if (d->offset == 0 || s->op->kind == OP_LIST) {
		step_command(s);
		return;
	}
	snprintf(num, sizeof num, "%llu", (unsigned long long)d->offset);
	xsend(s, rest_reply, false, "REST", num);
}

/* ----------------------------------------------------- data connection */

/* The data connection is up: watch it, then send the command. */
static void
data_ready(struct ftp_session *s, int fd)
{
	struct ftp_data *d = &s->data;

	d->fd = fd;
	d->connected = true;
	d->idle_since = d->win_ms = ev_clock_ms();
	throttle_join(&d->thr, s->op->x.throttle != NULL ? s->op->x.throttle :
	    s->opt.throttle);
	d->io = ev_io_new(s->loop, fd, d->upload ? POLLOUT : POLLIN,
	    d->upload ? data_writable : data_readable, s);
	ev_timer_start(d->timer, (uint64_t)s->opt.data_idle_ms);
}

/* A passive data connection completed (or failed). */
static void
data_connected(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *err, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;

	d->connecting = NULL;
	if (fd == -1) {
		if (!d->pasv_tried && s->opt.use_epsv && !s->epsv_failed) {
			/* The EPSV port refuses: PASV, once (R5). */
			log_info("ftp %s: EPSV data connection failed (%s); "
			    "trying PASV", s->host, err);
			s->epsv_failed = true;
			step_port(s);
			return;
		}
		xfer_fail(s, NULL, _("cannot open the data connection: %s"),
		    err);
		return;
	}
	data_ready(s, fd);
	step_rest(s);
}

/* Connect to the control peer on port (the only address ever used). */
static void
data_connect(struct ftp_session *s, unsigned port)
{
	struct sockaddr_storage ss;

	memcpy(&ss, &s->peer, s->peerlen);
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)&ss)->sin6_port =
		    htons((uint16_t)port);
	s->data.port = port;
	s->data.connecting = net_connect_addr(s->loop,
	    (struct sockaddr *)&ss, s->peerlen, s->opt.data_connect_ms,
	    data_connected, s);
	if (s->data.connecting == NULL)
		xfer_fail(s, NULL, _("cannot open the data connection: %s"),
		    strerror(errno));
}

/* The reply to PASV (R1-R3, R6). */
static void
pasv_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	char addr[16], peer[NET_ADDRSTRLEN];
	unsigned port;

	if (r->code != FTP_PASSIVE) {
		char *words = reply_words(r);

		xfer_fail(s, r, _("the server refused passive mode (%s); "
		    "active mode may work: set the mode with 'active'"),
		    words);
		free(words);
		return;
	}
	if (ftp_parse_pasv(r->text, addr, &port) == -1) {
		xfer_fail(s, r, "%s", _("bad PASV reply from the server"));
		return;
	}
	net_addr_str((struct sockaddr *)&s->peer, s->peerlen, peer,
	    sizeof peer, false);
	if (strcmp(addr, peer) != 0)
		log_info("ftp %s: PASV reply names %s; connecting to the "
		    "server's address %s instead", s->host, addr, peer);
	data_connect(s, port);
}

/* The reply to EPSV: the port, or PASV on 5xx (R4, R5). */
static void
epsv_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	unsigned port;

	if (FTP_IS_PERMANENT(r->code)) {
		s->epsv_failed = true;
		s->data.pasv_tried = true;
		xsend(s, pasv_reply, false, "PASV", NULL);
		return;
	}
	if (r->code != FTP_EXT_PASSIVE) {
		step_refused(s, r);
		return;
	}
	if (ftp_parse_epsv(r->text, &port) == -1) {
		xfer_fail(s, r, "%s", _("bad EPSV reply from the server"));
		return;
	}
	data_connect(s, port);
}

/* Active mode: the server connected to our listener. */
static void
data_accept(struct ev_io *io, int lfd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char addr[NET_ADDRSTRLEN];
	int fd;

	fd = accept4(lfd, (struct sockaddr *)&ss, &len,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1)
		return;
	if (!net_addr_same_host((struct sockaddr *)&ss,
	    (struct sockaddr *)&s->peer)) {
		/* Only the server may connect (port theft). */
		net_addr_str((struct sockaddr *)&ss, len, addr, sizeof addr,
		    true);
		log_warn("ftp %s: refused a data connection from %s", s->host,
		    addr);
		close(fd);
		return;
	}
	ev_io_free(s->data.lio);
	s->data.lio = NULL;
	close(s->data.lfd);
	s->data.lfd = -1;
	data_ready(s, fd);
}

/* The reply to EPRT or PORT. */
static void
port_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_data *d = &s->data;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char arg[128];
	const unsigned char *a;
	unsigned port;

	if (FTP_IS_OK(r->code)) {
		step_rest(s);
		return;
	}
	if (!d->eprt_tried || s->local.ss_family != AF_INET ||
	    !FTP_IS_PERMANENT(r->code)) {
		step_refused(s, r);
		return;
	}
	/* EPRT refused on IPv4: PORT h1,h2,h3,h4,p1,p2. */
	d->eprt_tried = false;
	getsockname(d->lfd, (struct sockaddr *)&ss, &len);
	a = (const unsigned char *)&((struct sockaddr_in *)&s->local)->sin_addr;
	port = (unsigned)net_addr_port((struct sockaddr *)&ss);
	snprintf(arg, sizeof arg, "%u,%u,%u,%u,%u,%u", a[0], a[1], a[2], a[3],
	    port >> 8, port & 0xff);
	xsend(s, port_reply, false, "PORT", arg);
}

/* Open the data channel: EPSV/PASV, or a listener and EPRT. */
static void
step_port(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[NET_ADDRSTRLEN], arg[160], err[256];

	if (s->opt.data_mode == FTP_DATA_PASSIVE) {
		if (s->opt.use_epsv && !s->epsv_failed)
			xsend(s, epsv_reply, false, "EPSV", NULL);
		else {
			d->pasv_tried = true;
			xsend(s, pasv_reply, false, "PASV", NULL);
		}
		return;
	}
	net_addr_str((struct sockaddr *)&s->local, s->locallen, host,
	    sizeof host, false);
	d->lfd = net_listen(host, "0", SOCK_STREAM, 1, err, sizeof err);
	if (d->lfd == -1) {
		xfer_fail(s, NULL, "%s", err);
		return;
	}
	getsockname(d->lfd, (struct sockaddr *)&ss, &len);
	d->lio = ev_io_new(s->loop, d->lfd, POLLIN, data_accept, s);
	ev_timer_start(d->timer, (uint64_t)s->opt.data_connect_ms);
	snprintf(arg, sizeof arg, "|%d|%s|%d|",
	    s->local.ss_family == AF_INET6 ? 2 : 1, host,
	    net_addr_port((struct sockaddr *)&ss));
	d->eprt_tried = true;
	xsend(s, port_reply, false, "EPRT", arg);
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
	step_refused(s, r);
}

/* Send RETR, STOR, APPE, LIST, MLSD or NLST on the open data channel. */
static void
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
	xsend(s, xfer_reply, true, verb, path_arg(op));
}

/* ------------------------------------------------------- data flow */

/* A failure on our side (the local file): marked so no one retries it. */
static void
local_abort(struct ftp_session *s, const char *why)
{
	s->op->st.local = true;
	xfer_abort(s, why);
}

/*
 * Hand received bytes to the listing, the file, the fd or memory; decode
 * ASCII first unless the bytes are already local text (decoded).
 */
static int
deliver(struct ftp_session *s, const unsigned char *p, size_t n,
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
			local_abort(s, err);
			return -1;
		}
	} else if (d->have_out) {
		if (out_write(s, p, n) == -1) {
			snprintf(err, sizeof err, _("cannot write the "
			    "download: %s"), strerror(errno));
			local_abort(s, err);
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
 * Can this transfer move its data with splice(2)? Binary downloads into a
 * file or an fd can: socket -> pipe -> target, never through our memory.
 * The pipe is made once per session (1 MiB when the system allows).
 */
static bool
splice_ready(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	struct ftp_op *op = s->op;

	if (d->no_splice || op->kind != OP_GET || op->type != FTP_TYPE_I ||
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
			local_abort(s, err);
			return false;
		}
		return true;
	}
	if (out_splice(s, n) == -1) {
		snprintf(err, sizeof err, _("cannot write the download: %s"),
		    strerror(errno));
		local_abort(s, err);
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
lowat_set(struct ftp_session *s, bool on)
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

/* After a pass: measure the rate over ~50 ms windows, raise or drop. */
static void
lowat_adapt(struct ftp_session *s, uint64_t now)
{
	struct ftp_data *d = &s->data;
	uint64_t ms = now - d->win_ms;

	if (ms < 50)
		return;
	lowat_set(s, !throttle_on(&d->thr) &&
	    (d->bytes - d->win_bytes) * 1000 / ms >= LIM_LOWAT_RATE);
	d->win_ms = now;
	d->win_bytes = d->bytes;
}

/* The data connection is readable: move up to a few chunks per pass. */
static void
data_readable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;
	char msg[256];
	ssize_t n;
	int i;

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
			n = read(fd, d->buf, want);
		if (n > 0 && (size_t)n < want)
			throttle_give(&d->thr, want - (size_t)n);
		if (n == -1)
			throttle_give(&d->thr, want);
		if (n > 0) {
			d->bytes += (uint64_t)n;
			if (spl) {
				if (!splice_out(s, (size_t)n))
					return;
			} else if (deliver(s, d->buf, (size_t)n, false) == -1)
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
			snprintf(msg, sizeof msg, _("data connection lost: "
			    "%s"), strerror(errno));
			xfer_abort(s, msg);
			return;
		}
		/* EOF: the data is complete once the reply says so. */
		data_close(s);
		d->eof = true;
		progress(s, true);
		if (d->final)
			xfer_complete(s);
		else
			ev_timer_start(d->timer,
			    (uint64_t)s->opt.final_reply_ms);
		return;
	}
	d->idle_since = ev_now(s->loop);
	lowat_adapt(s, d->idle_since);
	progress(s, false);
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
		n = read(fd, d->buf, LIM_XFER_CHUNK);
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
	data_close(s);
	d->eof = true;
	if (d->final)
		xfer_complete(s);
	else
		ev_timer_start(d->timer, (uint64_t)s->opt.final_reply_ms);
}

/* Every byte of the upload is written: half-close, wait for the close. */
static void
upload_sent(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;

	progress(s, true);
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
static void
data_writable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	struct ftp_data *d = &s->data;
	struct ftp_op *op = s->op;
	char msg[256];
	ssize_t n;
	int i;

	for (i = 0; i < READS_PER_PASS; i++) {
		if (d->pend_len == 0 && !d->src_eof) {
			n = read(op->srcfd, d->buf, LIM_XFER_CHUNK);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				snprintf(msg, sizeof msg, _("cannot read the "
				    "local file: %s"), strerror(errno));
				local_abort(s, msg);
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
			n = write(fd, d->conv + d->pend_off, want);
			if (n >= 0 && (size_t)n < want)
				throttle_give(&d->thr, want - (size_t)n);
			else if (n == -1)
				throttle_give(&d->thr, want);
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		if (n == -1) {
			snprintf(msg, sizeof msg, _("data connection lost: "
			    "%s"), strerror(errno));
			xfer_abort(s, msg);
			return;
		}
		d->pend_off += (size_t)n;
		d->pend_len -= (size_t)n;
		d->bytes += (uint64_t)n;
	}
	d->idle_since = ev_now(s->loop);
	progress(s, false);
}

/* A data-side wait ran out: connect, idle, or the final reply. */
static void
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
		lowat_set(s, false);	/* slowed: see every byte again */
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

	snprintf(msg, sizeof msg, _("%s: %llu bytes arrived after resuming "
	    "at %llu, but the file has %llu: the server ignored REST; "
	    "downloading again from the start"), s->op->x.remote,
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
	progress(s, true);
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
		local_abort(s, msg);
}

/* Both the final reply and the end of the data are in: finish. */
static void
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
		    deliver(s, tail, n, true) == -1)
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
			xfer_fail(s, NULL, _("%s: incomplete: %llu of %llu "
			    "bytes arrived; the partial file is kept"),
			    op->x.remote, (unsigned long long)got,
			    (unsigned long long)d->total);
			return;
		}
		if (op->type == FTP_TYPE_I && d->total > 0 && got > d->total &&
		    s->cb.warning != NULL) {
			snprintf(msg, sizeof msg, _("%s: %llu bytes arrived, "
			    "more than the %llu announced"), op->x.remote,
			    (unsigned long long)got,
			    (unsigned long long)d->total);
			s->cb.warning(s, msg, s->cbarg);	/* R27 */
		}
		if (d->have_part) {
			if (d->have_mtime) {
				ts[0].tv_sec = ts[1].tv_sec = d->mtime;
				ts[0].tv_nsec = ts[1].tv_nsec = 0;
				futimens(d->part.fd, ts);
			}
			if (lf_part_commit(&d->part, op->x.exists, err,
			    sizeof err) == -1) {
				xfer_fail(s, NULL, "%s", err);
				return;
			}
			d->have_part = false;
		}
	}
	progress(s, true);
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
		n = read(d->fd, d->buf, LIM_XFER_CHUNK);
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
