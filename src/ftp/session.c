/*
 * session.c: a session's state and lifecycle (see session.h): the state
 * names and the one place the state changes, holding a session across
 * callbacks, making and freeing it, ending it when the connection is lost
 * (session_fail) and cancelling what runs on it (ftp_cancel).
 *
 * The rest of the session lives beside it (one concern per file):
 *   ctrl.c   the control connection: sending commands, reading replies,
 *            the reply timer (the role curl's pingpong.c plays);
 *   op.c     the operation queue: one operation runs at a time, op_finish
 *            calls its callback once and starts the next;
 *   login.c  connect, greeting, USER/PASS/ACCT, the setup, QUIT;
 *   cmds.c   the single commands and the transfer entry points;
 *   steps.c, dconn.c, datamove.c, data.c: the transfers.
 * Calls go cmds.c, login.c -> op.c -> ctrl.c; session.c is reached from
 * any of them to end the session, and closes ctrl.c and fails op.c's queue.
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

static const char *state_names[] = {
	[FTP_ST_IDLE] = "idle",
	[FTP_ST_CONNECTING] = "connecting",
	[FTP_ST_GREETING] = "greeting",
	[FTP_ST_LOGIN] = "login",
	[FTP_ST_SETUP] = "setup",
	[FTP_ST_READY] = "ready",
	[FTP_ST_BUSY] = "busy",
	[FTP_ST_TRANSFER] = "transfer",
	[FTP_ST_ABORTING] = "aborting",
	[FTP_ST_QUITTING] = "quitting",
	[FTP_ST_CLOSED] = "closed"
};


const char *
ftp_state_name(enum ftp_state st)
{
	return STR_NAME_IN(state_names, st);
}

/* The one place the state changes; it logs OLD -> NEW. */
void
session_set_state(struct ftp_session *s, enum ftp_state st)
{
	enum ftp_state old = s->state;

	if (old == st)
		return;
	s->state = st;
	log_debug("ftp %s: %s -> %s", s->host ? s->host : "-",
	    ftp_state_name(old), ftp_state_name(st));
	if (s->cb.state != NULL)
		s->cb.state(s, old, st, s->cbarg);
}

/* Defer frees while a callback may run. */
void
session_hold(struct ftp_session *s)
{
	s->hold++;
}

static void	session_destroy(struct ftp_session *);

/* End a hold; true if the session was freed meanwhile (do not touch it). */
bool
session_release(struct ftp_session *s)
{
	if (--s->hold > 0 || !s->dead)
		return s->dead;
	session_destroy(s);
	return true;
}

/* Make a session with no connection. */
struct ftp_session *
ftp_session_new(struct ev_loop *loop, const struct ftp_session_cb *cb,
    void *arg)
{
	struct ftp_session *s = xcalloc(1, sizeof *s);

	s->loop = loop;
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
	ctl_close(s);
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
	ctl_close(s);
	session_set_state(s, FTP_ST_CLOSED);
	session_hold(s);
	op_finish(s, true, NULL, NULL);
	if (!s->dead && s->cb.closed != NULL)
		s->cb.closed(s, NULL, s->cbarg);
	session_release(s);
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

	ctl_close(s);
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
			ctl_close(s);
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
