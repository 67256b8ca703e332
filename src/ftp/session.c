/*
 * session.c: a session's lifecycle (see session.h): making and freeing
 * it, ending it when the connection is lost (session_fail, also ctrl.c's
 * s->lost) and cancelling what runs on it (ftp_cancel).
 *
 * The rest of the session lives beside it (one concern per file), from
 * the bottom up: state.c (the state, holding across callbacks), ctrl.c
 * (the control connection: the role curl's pingpong.c plays), tlsctl.c,
 * op.c (the operation queue), path.c, the transfer files (data.c up to
 * steps.c), this file, cmds.c (single commands, transfer entry points)
 * and login.c (connect, greeting, USER/PASS/ACCT, the setup, QUIT). A file
 * calls only those below it (session_priv.h lists them in that order).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void	session_destroy(struct ftp_session *);
static void	session_lost(struct ftp_session *, const struct ftp_reply *,
		    const char *);

/* Close the transfer (its .part kept), then the control connection. */
static void
close_all(struct ftp_session *s)
{
	xfer_reset(s, true);
	ctl_close(s);
}

/* Make a session with no connection. */
struct ftp_session *
ftp_session_new(struct ev_loop *loop, const struct ftp_session_cb *cb,
    void *arg)
{
	struct ftp_session *s = xcalloc(1, sizeof *s);

	s->loop = loop;
	s->destroy = session_destroy;
	s->lost = session_lost;
	if (cb != NULL)
		s->cb = *cb;
	s->cbarg = arg;
	s->fd = -1;
	s->data.fd = -1;
	s->data.lfd = -1;
	s->opt.connect_ms = LIM_CONNECT_MS;
	s->opt.reply_ms = LIM_REPLY_MS;
	s->opt.data_connect_ms = LIM_DATA_CONNECT_MS;
	s->opt.data_idle_ms = LIM_DATA_IDLE_MS;
	s->opt.final_reply_ms = LIM_FINAL_REPLY_MS;
	s->opt.keepalive_ms = LIM_KEEPALIVE_MS;
	s->opt.data_mode = FTP_DATA_PASSIVE;
	s->opt.use_epsv = true;
	s->opt.use_mlsd = true;
	s->opt.family = AF_UNSPEC;
	s->opt.tls = FTP_TLS_OFF;
	s->opt.tls_data = true;
	snprintf(s->opt.charset, sizeof s->opt.charset, "auto");
	s->cs_in = s->cs_out = (iconv_t)-1;
	TAILQ_INIT(&s->ops);
	ftp_rr_init(&s->rr);
	buf_init(&s->out, LIM_CMD_QUEUE);
	return s;
}

/* The tunables, to change before or between operations. */
struct ftp_options *
ftp_session_options(struct ftp_session *s)
{
	return &s->opt;
}

enum ftp_state
ftp_session_state(const struct ftp_session *s)
{
	return s->state;
}

/* Logged in (and not closing)? */
bool
ftp_session_connected(const struct ftp_session *s)
{
	return s->state >= FTP_ST_READY && s->state <= FTP_ST_ABORTING;
}

/* Is an operation running or queued? */
bool
ftp_session_busy(const struct ftp_session *s)
{
	return s->op != NULL || !TAILQ_EMPTY(&s->ops);
}

const struct ftp_features *
ftp_session_features(const struct ftp_session *s)
{
	return &s->feat;
}

const char *
ftp_session_cwd(const struct ftp_session *s)
{
	return s->cwd;
}

const char *
ftp_session_host(const struct ftp_session *s)
{
	return s->host;
}

const char *
ftp_session_system(const struct ftp_session *s)
{
	return s->system;
}

/*
 * The connection is lost or unusable: close it, fail the running and the
 * queued operations with the reason, tell the user. .part files are kept.
 */
void
session_fail(struct ftp_session *s, const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	log_warn("ftp %s: %s", s->host ? s->host : "-", why);
	xfer_salvage(s);
	close_all(s);
	session_set_state(s, FTP_ST_CLOSED);
	session_hold(s);
	if (s->op != NULL)
		op_finish(s, false, NULL, "%s", why);
	if (!s->dead)
		ops_fail_all(s, why);
	if (!s->dead && s->cb.closed != NULL)
		s->cb.closed(s, why, s->cbarg);
	free(why);
	session_release(s);
}

/*
 * QUIT is over (its reply came, or the server closed first): close the
 * control connection, finish the operation, tell the user it is closed.
 */
void
session_quit_done(struct ftp_session *s)
{
	close_all(s);
	session_set_state(s, FTP_ST_CLOSED);
	session_hold(s);
	op_finish(s, true, NULL, NULL);
	if (!s->dead && s->cb.closed != NULL)
		s->cb.closed(s, NULL, s->cbarg);
	session_release(s);
}

/*
 * ctrl.c's report (s->lost): the control connection is unusable (why), or
 * the server closed it after QUIT (why NULL). r: a 421 that ended it.
 */
static void
session_lost(struct ftp_session *s, const struct ftp_reply *r,
    const char *why)
{
	if (why == NULL) {
		session_quit_done(s);
		return;
	}
	op_keep_reply(s->op, r);
	session_fail(s, "%s", why);
}

/*
 * Forget the server and the login (the secrets wiped) and the directory
 * we were in: before a new connection, and when the session is freed.
 */
void
session_forget_login(struct ftp_session *s)
{
	free(s->host);
	free(s->port);
	free(s->user);
	secret_free(s->pass);
	secret_free(s->acct);
	free(s->cwd);
	s->host = s->port = s->user = s->pass = s->acct = s->cwd = NULL;
	free(s->refused_cert);
	s->refused_cert = NULL;
	s->refused_fp[0] = '\0';
	s->refusal = FTP_REFUSED_NONE;
	s->auth_code = 0;
}

/* The real free, once no callback is running. */
static void
session_destroy(struct ftp_session *s)
{
	struct ftp_op *op;

	close_all(s);
	if (s->op != NULL)
		op_free(s->op);
	while ((op = TAILQ_FIRST(&s->ops)) != NULL) {
		TAILQ_REMOVE(&s->ops, op, entry);
		op_free(op);
	}
	ftp_rr_free(&s->rr);
	buf_free(&s->out);
	ev_timer_free(s->reply_timer);
	ev_timer_free(s->keepalive);
	ev_timer_free(s->kick);
	ev_timer_free(s->data.timer);
	ev_timer_free(s->data.wake);
	if (s->data.pipe[0] > 0) {
		close(s->data.pipe[0]);
		close(s->data.pipe[1]);
	}
	free(s->data.buf);
	free(s->data.conv);
	session_forget_login(s);
	free(s->srv_cwd);
	charset_reset(s);
	free(s->system);
	free(s->abor_reason);
	free(s);
}

/*
 * Free the session: the connection is dropped without QUIT and no
 * callback runs any more. Safe from inside a callback.
 */
void
ftp_session_free(struct ftp_session *s)
{
	if (s == NULL)
		return;
	s->dead = true;
	memset(&s->cb, 0, sizeof s->cb);
	if (s->hold == 0)
		session_destroy(s);
}

/* Drop the connection now (no QUIT); queued operations fail. */
void
ftp_close(struct ftp_session *s)
{
	if (s->fd == -1 && s->connecting == NULL)
		return;
	session_fail(s, "%s", _("connection closed"));
}

/*
 * A reply after ftp_cancel finished its command: dropped, counted; when
 * the last one due has come the session is ready for the next op.
 */
static void
cancel_drain(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_PRELIM(r->code))
		return;
	log_debug("ftp %s: reply %d to an interrupted command dropped",
	    s->host, r->code);
	if (--s->abor_pending > 0)
		return;
	if (s->drain_rnfr && r->code == FTP_PENDING_FURTHER_INFO) {
		/*
		 * The server waits for RNTO, and some refuse anything else
		 * once (proftpd: 501): a NOOP, dropped too, takes that.
		 */
		s->drain_rnfr = false;
		s->abor_pending = 1;
		if (session_send(s, NULL, false, "NOOP", NULL) == 0) {
			ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
			return;
		}
		s->abor_pending = 0;
	}
	s->drain_rnfr = false;
	ev_timer_stop(s->reply_timer);
	session_set_state(s, FTP_ST_READY);
	op_next(s);
}

/*
 * Stop the running transfer at once, for ftp_cancel: close the data side
 * (the server's writes fail), keep the .part (it is never renamed into
 * place), and send ABOR when the transfer command is out and its final
 * reply has not come. The number of replies still due.
 */
static int
xfer_stop(struct ftp_session *s)
{
	struct ftp_data *d = &s->data;
	bool owed = d->sent && !d->final;
	int due = s->abor_pending;	/* an abort already under way */

	s->op->st.bytes = d->bytes;
	s->op->st.offset = d->offset;
	s->op->st.partial = d->have_part;
	if (due == 0 && s->on_reply != NULL)
		due = 1;		/* the reply we are waiting for */
	xfer_reset(s, true);
	if (s->abor_pending == 0 && owed) {
		due = 2;		/* the transfer's and ABOR's */
		if (session_send(s, NULL, false, "ABOR", NULL) == -1)
			due = 1;
	}
	return due;
}

/*
 * Cancel everything on the session (Ctrl-C; see session.h): the running
 * operation and every queued one (also those queued by the callbacks
 * meanwhile) finish now, each callback once, interrupted. A transfer is
 * stopped with ABOR (a download's .part is kept, never committed); the
 * replies still due are then read and dropped (ctrl.c) before the next
 * operation starts, so the control connection stays in step. A connect,
 * a login or a QUIT in progress drops the connection instead.
 */
void
ftp_cancel(struct ftp_session *s)
{
	struct ftp_op *op;
	bool closed = false;
	int due = 0;

	if (s->cancelling || (s->op == NULL && TAILQ_EMPTY(&s->ops)))
		return;
	session_hold(s);
	s->cancelling = true;
	if ((op = s->op) != NULL) {
		switch (op->kind) {
		case OP_CONNECT:
		case OP_QUIT:
			log_info("ftp %s: interrupted; the connection is dropped",
			    s->host ? s->host : "-");
			close_all(s);
			session_set_state(s, FTP_ST_CLOSED);
			closed = true;
			break;
		case OP_LIST:
		case OP_GET:
		case OP_PUT:
			due = xfer_stop(s);
			break;
		default:
			due = s->abor_pending > 0 ? s->abor_pending :
			    s->on_reply != NULL ? 1 : 0;
			/* A 350 to RNFR leaves the server waiting for RNTO. */
			s->drain_rnfr = due > 0 && op->kind == OP_RENAME &&
			    strcmp(s->waiting, "RNFR") == 0;
			break;
		}
		if (!closed && s->op == op) {
			s->on_reply = NULL;
			s->want_prelim = false;
			free(s->abor_reason);
			s->abor_reason = NULL;
			s->abor_pending = due;
			s->on_drain = cancel_drain;
			if (due > 0) {
				/* ctl_drain drops them, then the next op. */
				session_set_state(s, FTP_ST_ABORTING);
				ev_timer_start(s->reply_timer,
				    (uint64_t)s->opt.reply_ms);
			} else
				ev_timer_stop(s->reply_timer);
		}
		if (s->op == op) {
			op->st.interrupted = true;
			op_finish(s, false, NULL, "%s", _("interrupted"));
		}
	}
	while (!s->dead && (op = TAILQ_FIRST(&s->ops)) != NULL) {
		TAILQ_REMOVE(&s->ops, op, entry);
		s->op = op;
		op->st.interrupted = true;
		op_finish(s, false, NULL, "%s", _("interrupted"));
	}
	s->cancelling = false;
	if (!s->dead && closed && s->cb.closed != NULL)
		s->cb.closed(s, NULL, s->cbarg);
	session_release(s);
}
