/*
 * session.c: the control connection, the operation queue, login and the
 * single-command operations (see session.h).
 *
 * The protocol is strictly one command at a time: a command is sent with
 * the function that will handle its final reply (session_send), and the
 * reader hands every complete reply to that function. 1xx replies go to
 * the handler only when it asked for them (transfers); otherwise they are
 * logged. A reply with nobody waiting is logged and ignored, except 421,
 * which closes the session the same way in every state. Every wait has a
 * timer; when one expires the session closes with a message that says
 * what it was waiting for.
 *
 * An operation (struct ftp_op) is queued, started from the loop when the
 * session is ready, and finished by op_finish, which calls its callback
 * once and starts the next. The session may be freed from any callback:
 * session_hold/release defer the free to the outermost frame.
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

static void	ctl_readable(struct ev_io *, int, short, void *);
static void	ctl_flush(struct ftp_session *);
static void	op_next(struct ftp_session *);
static void	op_start(struct ftp_session *, struct ftp_op *);
static void	login_user(struct ftp_session *);
static void	setup_feat(struct ftp_session *);

/* The name of a state, for logs. */
const char *
ftp_state_name(enum ftp_state st)
{
	if ((size_t)st < sizeof state_names / sizeof state_names[0])
		return state_names[st];
	return "?";
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
ftp_session_user(const struct ftp_session *s)
{
	return s->user;
}

const char *
ftp_session_system(const struct ftp_session *s)
{
	return s->system;
}

enum ftp_type
ftp_session_type(const struct ftp_session *s)
{
	return s->type;
}

/* Wipe and free a secret. */
static void
free_secret(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

/* Free an operation and what it owns. */
static void
op_free(struct ftp_op *op)
{
	if (op->have_last)
		ftp_reply_free(&op->last);
	if (op->st.listing != NULL) {
		ftp_listing_free(op->st.listing);
		free(op->st.listing);
	}
	free(op->arg);
	free(op->arg2);
	free(op->error);
	free(op->path);
	free(op);
}

/* Keep a copy of the last reply for the operation's status. */
void
op_keep_reply(struct ftp_op *op, const struct ftp_reply *r)
{
	if (op == NULL || r == NULL)
		return;
	if (op->have_last)
		ftp_reply_free(&op->last);
	op->last = *r;
	op->last.text = xmemdup(r->text, r->len);
	op->last.msg = op->last.text + (r->msg - r->text);
	op->have_last = true;
}

/* "550 No such file" from a reply, as one sanitized line for messages. */
char *
reply_words(const struct ftp_reply *r)
{
	const char *msg = r->msg != NULL ? r->msg : r->text;

	return san_str(msg, strlen(msg), 0);
}

/*
 * Finish the running operation: fill its status, call its callback, free
 * it, and start the next one. fmt (translated, may be NULL) is the error.
 */
void
op_finish(struct ftp_session *s, bool ok, const struct ftp_reply *r,
    const char *fmt, ...)
{
	struct ftp_op *op = s->op;
	va_list ap;

	if (op == NULL)
		return;
	s->op = NULL;
	if (r != NULL)
		op_keep_reply(op, r);
	op->st.ok = ok && !op->cancelled;
	if (op->have_last) {
		op->st.reply = &op->last;
		op->st.code = op->last.code;
	}
	if (op->cancelled && ok)
		fmt = _("cancelled");
	if (fmt != NULL) {
		va_start(ap, fmt);
		op->error = xvasprintf(fmt, ap);
		va_end(ap);
		op->st.error = op->error;
	}
	if (s->state == FTP_ST_BUSY || s->state == FTP_ST_TRANSFER ||
	    s->state == FTP_ST_SETUP || s->state == FTP_ST_LOGIN ||
	    s->state == FTP_ST_GREETING)
		session_set_state(s, s->fd != -1 ? FTP_ST_READY :
		    FTP_ST_CLOSED);
	if (op->cb != NULL) {
		session_hold(s);
		op->cb(s, &op->st, op->cbarg);
		op_free(op);
		if (session_release(s))
			return;
	} else
		op_free(op);
	op_next(s);
}

/* Fail every queued operation (the connection is gone). */
static void
ops_fail_all(struct ftp_session *s, const char *why)
{
	struct ftp_op *op;

	while ((op = TAILQ_FIRST(&s->ops)) != NULL) {
		TAILQ_REMOVE(&s->ops, op, entry);
		s->op = op;
		op_finish(s, false, NULL, "%s", why);
		if (s->dead)
			return;
	}
}

/* Close the control connection and everything on it; no callbacks. */
static void
ctl_close(struct ftp_session *s)
{
	xfer_reset(s, true);
	net_connect_cancel(s->connecting);
	s->connecting = NULL;
	ev_io_free(s->io);
	s->io = NULL;
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	ev_timer_stop(s->reply_timer);
	ev_timer_stop(s->keepalive);
	ftp_rr_free(&s->rr);
	ftp_rr_init(&s->rr);
	buf_clear(&s->out);
	s->on_reply = NULL;
	s->want_prelim = false;
	s->abor_pending = 0;
	s->type_known = false;
	s->modes_sent = false;
	s->epsv_failed = false;
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
	free(s->host);
	free(s->port);
	free(s->user);
	free_secret(s->pass);
	free_secret(s->acct);
	free(s->cwd);
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

/* No reply came in time. */
static void
reply_timeout(struct ev_timer *t, void *arg)
{
	struct ftp_session *s = arg;

	session_fail(s, _("no reply from %s within %d seconds"), s->host,
	    s->opt.reply_ms / 1000);
}

/* Idle for a while: a NOOP keeps NATs and servers from dropping us. */
static void
keepalive_fire(struct ev_timer *t, void *arg)
{
	struct ftp_session *s = arg;

	if (s->state == FTP_ST_READY && s->op == NULL &&
	    TAILQ_EMPTY(&s->ops))
		ftp_noop(s, NULL, NULL);
}

/* Queue raw bytes on the control connection and try to write them. */
static int
ctl_write(struct ftp_session *s, const char *p, size_t n)
{
	if (buf_append(&s->out, p, n) == -1)
		return -1;
	ctl_flush(s);
	return 0;
}

/*
 * Send "VERB ARG" and name the handler of its final reply. The argument
 * may hold any byte but CR, LF and NUL, which are refused before anything
 * is sent (R53); 0xFF is doubled (telnet IAC, R54). PASS never reaches a
 * log or the transcript.
 */
int
session_send(struct ftp_session *s, reply_fn fn, bool prelim,
    const char *verb, const char *arg)
{
	struct buf line;
	const char *p;
	char *shown;

	if (arg != NULL && str_has_crlfnul(arg, strlen(arg))) {
		errno = EINVAL;
		return -1;
	}
	buf_init(&line, LIM_COMMAND);
	buf_append_str(&line, verb);
	if (arg != NULL) {
		buf_append(&line, " ", 1);
		for (p = arg; *p != '\0'; p++) {
			if (buf_append(&line, p, 1) == -1 ||
			    ((unsigned char)*p == 0xff &&
			    buf_append(&line, p, 1) == -1)) {
				buf_free(&line);
				errno = ENAMETOOLONG;
				return -1;
			}
		}
	}
	shown = secret_ftp_shown(buf_cstr(&line));	/* PASS ****, any case */
	if (buf_append(&line, "\r\n", 2) == -1 ||
	    ctl_write(s, (char *)buf_data(&line), buf_len(&line)) == -1) {
		buf_free(&line);
		free(shown);
		errno = ENOBUFS;
		return -1;
	}
	buf_free(&line);
	log_debug("ftp %s: > %s", s->host, shown);
	if (s->cb.transcript != NULL)
		s->cb.transcript(s, true, shown, s->cbarg);
	free(shown);
	s->on_reply = fn;
	s->want_prelim = prelim;
	if (fn != NULL)
		ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
	if (s->opt.keepalive_ms > 0)
		ev_timer_start(s->keepalive, (uint64_t)s->opt.keepalive_ms);
	return 0;
}

/* The control socket is writable: write what is queued. */
static void
ctl_writable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;

	if (revents & POLLIN) {
		ctl_readable(io, fd, revents, arg);
		return;
	}
	ctl_flush(s);
}

/* Write queued command bytes; wait for POLLOUT if the socket is full. */
static void
ctl_flush(struct ftp_session *s)
{
	ssize_t n;

	while (buf_len(&s->out) > 0) {
		n = write(s->fd, buf_data(&s->out), buf_len(&s->out));
		if (n > 0) {
			buf_consume(&s->out, (size_t)n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			ev_io_set(s->io, POLLIN | POLLOUT);
			return;
		}
		session_fail(s, _("cannot send to %s: %s"), s->host,
		    strerror(errno));
		return;
	}
	if (s->io != NULL)
		ev_io_set(s->io, POLLIN);
}

/* One complete reply: transcript, 421, then its handler. */
static void
ctl_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	reply_fn fn;
	const char *p, *nl;
	char *words;

	for (p = r->text; ; p = nl + 1) {
		nl = strchr(p, '\n');
		if (s->cb.transcript != NULL) {
			char *line = xstrndup(p, nl ? (size_t)(nl - p) :
			    strlen(p));

			s->cb.transcript(s, false, line, s->cbarg);
			free(line);
		}
		if (nl == NULL)
			break;
	}
	log_debug("ftp %s: < %.*s", s->host, (int)r->len, r->text);

	if (r->code == FTP_SERVICE_NOT_AVAILABLE &&
	    s->state != FTP_ST_QUITTING) {
		words = reply_words(r);
		op_keep_reply(s->op, r);
		session_fail(s, _("the server closed the session: %s"), words);
		free(words);
		return;
	}
	if (s->abor_pending > 0) {
		xfer_abor_reply(s, r);
		return;
	}
	if (FTP_IS_PRELIM(r->code) && !s->want_prelim) {
		log_debug("ftp %s: preliminary reply %d ignored", s->host,
		    r->code);
		return;
	}
	if ((fn = s->on_reply) == NULL) {
		log_debug("ftp %s: unexpected reply %d ignored", s->host,
		    r->code);
		return;
	}
	/* The handler restarts the timer if it waits on after a 1xx. */
	ev_timer_stop(s->reply_timer);
	if (!FTP_IS_PRELIM(r->code)) {
		s->on_reply = NULL;
		s->want_prelim = false;
	}
	fn(s, r);
}

/* Bytes from the server: frame them into replies. */
static void
ctl_readable(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ftp_session *s = arg;
	unsigned char chunk[16384];
	struct ftp_reply r;
	const char *err;
	size_t off = 0, used;
	ssize_t n;
	int rc;

	if (revents & POLLOUT)
		ctl_flush(s);
	if (s->fd == -1)
		return;
	n = read(s->fd, chunk, sizeof chunk);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (s->state == FTP_ST_QUITTING) {
			ctl_close(s);
			session_set_state(s, FTP_ST_CLOSED);
			session_hold(s);
			op_finish(s, true, NULL, NULL);
			if (!s->dead && s->cb.closed != NULL)
				s->cb.closed(s, NULL, s->cbarg);
			session_release(s);
			return;
		}
		if (n == 0)
			session_fail(s, _("%s closed the connection"), s->host);
		else
			session_fail(s, _("connection to %s lost: %s"),
			    s->host, strerror(errno));
		return;
	}
	session_hold(s);
	while (off < (size_t)n && !s->dead && s->fd == fd) {
		rc = ftp_rr_feed(&s->rr, chunk + off, (size_t)n - off, &used,
		    &r, &err);
		off += used;
		if (rc == FTP_RR_ERROR) {
			session_fail(s, _("protocol error from %s: %s"),
			    s->host, _(err));
			break;
		}
		if (rc == FTP_RR_REPLY) {
			ctl_reply(s, &r);
			ftp_reply_free(&r);
		}
	}
	session_release(s);
}

/* Queue an operation and start it if the session is free. */
static int
op_queue(struct ftp_session *s, struct ftp_op *op)
{
	TAILQ_INSERT_TAIL(&s->ops, op, entry);
	if (s->op == NULL && !ev_timer_pending(s->kick))
		ev_timer_start(s->kick, 0);
	return 0;
}

/* From the loop: start the next operation. */
static void
kick_fire(struct ev_timer *t, void *arg)
{
	op_next(arg);
}

/* Start the next queued operation if nothing runs. */
static void
op_next(struct ftp_session *s)
{
	struct ftp_op *op;

	if (s->op != NULL || s->dead || (op = TAILQ_FIRST(&s->ops)) == NULL)
		return;
	if (op->kind != OP_CONNECT && s->state != FTP_ST_READY) {
		/* Not logged in: every waiting operation fails now. */
		if (s->state == FTP_ST_IDLE || s->state == FTP_ST_CLOSED)
			ops_fail_all(s, _("not connected"));
		return;
	}
	TAILQ_REMOVE(&s->ops, op, entry);
	s->op = op;
	op_start(s, op);
}

/* A new operation. */
static struct ftp_op *
op_new(enum op_kind kind, ftp_done_cb cb, void *arg)
{
	struct ftp_op *op = xcalloc(1, sizeof *op);

	op->kind = kind;
	op->cb = cb;
	op->cbarg = arg;
	op->srcfd = -1;
	op->x.dirfd = -1;
	op->x.fd = -1;
	return op;
}

/* Send or fail the running operation with a clear message. */
static void
op_send(struct ftp_session *s, reply_fn fn, bool prelim, const char *verb,
    const char *arg)
{
	if (session_send(s, fn, prelim, verb, arg) == 0)
		return;
	if (errno == EINVAL)
		op_finish(s, false, NULL, _("refused to send %s: the name "
		    "contains a line break or NUL byte"), verb);
	else
		op_finish(s, false, NULL, _("refused to send %s: the "
		    "command is too long"), verb);
}

/* ------------------------------------------------------------ connect */

/* Fail the login with the server's words and drop the connection. */
static void
login_failed(struct ftp_session *s, const struct ftp_reply *r,
    const char *what)
{
	char *words = reply_words(r);

	session_hold(s);
	op_finish(s, false, r, "%s: %s", what, words);
	free(words);
	if (!s->dead)
		ftp_close(s);
	session_release(s);
}

/* Login and setup are complete. */
static void
setup_done(struct ftp_session *s)
{
	session_set_state(s, FTP_ST_READY);
	log_info("ftp %s: logged in as %s", s->host, s->user);
	op_finish(s, true, NULL, NULL);
}

/* TYPE I at login: binary is the default. */
static void
setup_type_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code)) {
		s->type = FTP_TYPE_I;
		s->type_known = true;
	}
	setup_done(s);
}

/* The 257 reply to PWD. */
static void
setup_pwd_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	char *path;

	if (r->code == FTP_PATH_CREATED && ftp_parse_257(r->msg, &path) == 0) {
		free(s->cwd);
		s->cwd = path;
	} else
		log_warn("ftp %s: cannot understand the PWD reply; the "
		    "directory is unknown", s->host);
	op_send(s, setup_type_reply, false, "TYPE", "I");
}

/* SYST: remembered for the status line and listing hints. */
static void
setup_syst_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (r->code == FTP_SYSTEM_TYPE) {
		free(s->system);
		s->system = san_str(r->msg, strlen(r->msg), 0);
	}
	op_send(s, setup_pwd_reply, false, "PWD", NULL);
}

/* OPTS UTF8 ON: whatever the answer, go on. */
static void
setup_opts_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	op_send(s, setup_syst_reply, false, "SYST", NULL);
}

/* FEAT: learn what the server offers. */
static void
setup_feat_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	memset(&s->feat, 0, sizeof s->feat);
	s->feat_known = r->code == FTP_SYSTEM_STATUS;
	if (s->feat_known)
		ftp_parse_feat(r->text, &s->feat);
	if (s->feat.utf8)
		op_send(s, setup_opts_reply, false, "OPTS", "UTF8 ON");
	else
		op_send(s, setup_syst_reply, false, "SYST", NULL);
}

static void
setup_feat(struct ftp_session *s)
{
	session_set_state(s, FTP_ST_SETUP);
	op_send(s, setup_feat_reply, false, "FEAT", NULL);
}

/* The reply to ACCT. */
static void
login_acct_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code))
		setup_feat(s);
	else
		login_failed(s, r, _("account refused"));
}

/* Send ACCT if we have one. */
static void
login_acct(struct ftp_session *s, const struct ftp_reply *r)
{
	if (s->acct == NULL) {
		login_failed(s, r, _("the server asks for an account "
		    "(ACCT); give one with the user command or in .netrc"));
		return;
	}
	op_send(s, login_acct_reply, false, "ACCT", s->acct);
}

/* The reply to PASS. */
static void
login_pass_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code))
		setup_feat(s);
	else if (r->code == FTP_NEED_ACCOUNT)
		login_acct(s, r);
	else
		login_failed(s, r, _("login incorrect"));
}

/* The reply to USER. */
static void
login_user_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code)) {
		setup_feat(s);
		return;
	}
	if (r->code == FTP_NEED_ACCOUNT) {
		login_acct(s, r);
		return;
	}
	if (r->code != FTP_NEED_PASSWORD) {
		login_failed(s, r, _("user refused"));
		return;
	}
	if (!s->anonymous && s->cb.warning != NULL)
		s->cb.warning(s, _("the password is sent in clear text (plain "
		    "FTP has no encryption)"), s->cbarg);
	op_send(s, login_pass_reply, false, "PASS",
	    s->pass != NULL ? s->pass : "");
}

/* Log in with USER. */
static void
login_user(struct ftp_session *s)
{
	session_set_state(s, FTP_ST_LOGIN);
	op_send(s, login_user_reply, false, "USER", s->user);
}

/* The greeting: 220 (after any 120 "ready in N minutes"). */
static void
greeting_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (r->code == FTP_READY_IN_MINUTES) {
		ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
		return;
	}
	if (r->code != FTP_SERVICE_READY) {
		login_failed(s, r, _("the server refused the connection"));
		return;
	}
	login_user(s);
}

/* The TCP connection is up (or failed). */
static void
ctl_connected(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *err, void *arg)
{
	struct ftp_session *s = arg;
	char addr[NET_ADDRSTRLEN];

	s->connecting = NULL;
	if (fd == -1) {
		session_fail(s, _("cannot connect to %s: %s"), s->host, err);
		return;
	}
	s->fd = fd;
	memcpy(&s->peer, sa, salen);
	s->peerlen = salen;
	s->locallen = sizeof s->local;
	getsockname(fd, (struct sockaddr *)&s->local, &s->locallen);
	net_addr_str(sa, salen, addr, sizeof addr, true);
	log_info("ftp %s: connected to %s", s->host, addr);
	s->io = ev_io_new(s->loop, fd, POLLIN, ctl_writable, s);
	session_set_state(s, FTP_ST_GREETING);
	s->on_reply = greeting_reply;
	s->want_prelim = true;
	ev_timer_start(s->reply_timer, (uint64_t)s->opt.reply_ms);
}

/* Start OP_CONNECT. */
static void
connect_start(struct ftp_session *s)
{
	session_set_state(s, FTP_ST_CONNECTING);
	s->connecting = net_connect_start(s->loop, s->host, s->port,
	    s->opt.family, SOCK_STREAM, s->opt.connect_ms, ctl_connected, s);
	if (s->connecting == NULL)
		session_fail(s, _("cannot connect to %s: %s"), s->host,
		    strerror(errno));
}

/*
 * Connect and log in (anonymous unless login->user is given). Any
 * connection the session had is dropped first.
 */
int
ftp_connect(struct ftp_session *s, const struct ftp_login *login,
    ftp_done_cb cb, void *arg)
{
	if (s->fd != -1 || s->connecting != NULL)
		ftp_close(s);
	if (s->dead)
		return -1;
	free(s->host);
	free(s->port);
	free(s->user);
	free_secret(s->pass);
	free_secret(s->acct);
	free(s->cwd);
	s->cwd = NULL;
	s->host = xstrdup(login->host);
	s->port = xstrdup(login->port != NULL ? login->port : "21");
	s->anonymous = login->user == NULL ||
	    strcmp(login->user, "anonymous") == 0 ||
	    strcmp(login->user, "ftp") == 0;
	s->user = xstrdup(login->user != NULL ? login->user : "anonymous");
	s->pass = login->pass != NULL ? xstrdup(login->pass) :
	    s->anonymous ? xstrdup("anonymous@") : NULL;
	s->acct = login->acct != NULL ? xstrdup(login->acct) : NULL;
	if (s->reply_timer == NULL) {
		s->reply_timer = ev_timer_new(s->loop, reply_timeout, s);
		s->keepalive = ev_timer_new(s->loop, keepalive_fire, s);
		s->kick = ev_timer_new(s->loop, kick_fire, s);
	}
	/* A connect goes before anything queued for the old connection. */
	session_set_state(s, FTP_ST_IDLE);
	return op_queue(s, op_new(OP_CONNECT, cb, arg));
}

/* The reply to QUIT (or EOF, handled by the reader). */
static void
quit_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	op_keep_reply(s->op, r);
	ctl_close(s);
	session_set_state(s, FTP_ST_CLOSED);
	session_hold(s);
	op_finish(s, true, NULL, NULL);
	if (!s->dead && s->cb.closed != NULL)
		s->cb.closed(s, NULL, s->cbarg);
	session_release(s);
}

/* Say goodbye after the queued operations; the session can connect again. */
int
ftp_quit(struct ftp_session *s, ftp_done_cb cb, void *arg)
{
	return op_queue(s, op_new(OP_QUIT, cb, arg));
}

/* -------------------------------------------------- single commands */

/* The reply to a single command. */
static void
simple_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_op *op = s->op;
	char *words;

	if (op->cmd == SC_QUOTE) {
		/* Any complete reply is a result; the caller judges it. */
		op_finish(s, !FTP_IS_TRANSIENT(r->code) &&
		    !FTP_IS_PERMANENT(r->code), r,
		    FTP_IS_TRANSIENT(r->code) || FTP_IS_PERMANENT(r->code) ?
		    _("the server said: %d") : NULL, r->code);
		return;
	}
	if (!FTP_IS_OK(r->code)) {
		words = reply_words(r);
		op_finish(s, false, r, "%s: %s", op->arg != NULL ?
		    op->arg : "", words);
		free(words);
		return;
	}
	switch (op->cmd) {
	case SC_CWD:
	case SC_CDUP:
		/* Learn where we are now: a PWD follows. */
		op->cmd = SC_PWD;
		op_keep_reply(op, r);
		op_send(s, simple_reply, false, "PWD", NULL);
		return;
	case SC_PWD:
	case SC_MKD:
		if (r->code == FTP_PATH_CREATED &&
		    ftp_parse_257(r->msg, &op->path) == 0) {
			op->st.path = op->path;
			if (op->kind == OP_SIMPLE && op->cmd == SC_PWD) {
				free(s->cwd);
				s->cwd = xstrdup(op->path);
			}
		} else if (op->cmd == SC_PWD) {
			free(s->cwd);
			s->cwd = NULL;
		}
		break;
	case SC_SIZE:
		if (ftp_parse_size(r->msg, &op->st.size) == -1) {
			op_finish(s, false, r, _("cannot understand the "
			    "size the server gave"));
			return;
		}
		break;
	case SC_MDTM:
		if (ftp_parse_mdtm(r->msg, &op->st.mtime) == -1) {
			op_finish(s, false, r, _("cannot understand the "
			    "time the server gave"));
			return;
		}
		break;
	default:
		break;
	}
	op_finish(s, true, r, NULL);
}

/* The reply to RNFR, then RNTO. */
static void
rename_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_op *op = s->op;
	char *words;

	if (r->code == FTP_PENDING_FURTHER_INFO) {
		op_send(s, rename_reply, false, "RNTO", op->arg2);
		return;
	}
	if (!FTP_IS_OK(r->code)) {
		words = reply_words(r);
		op_finish(s, false, r, "%s: %s", op->arg, words);
		free(words);
		return;
	}
	op_finish(s, true, r, NULL);
}

/* The reply to TYPE. */
static void
type_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_op *op = s->op;
	char *words;

	if (!FTP_IS_OK(r->code)) {
		words = reply_words(r);
		op_finish(s, false, r, _("TYPE refused: %s"), words);
		free(words);
		return;
	}
	s->type = op->type;
	s->type_known = true;
	op_finish(s, true, r, NULL);
}

/* TYPE I before SIZE answered: now the size in bytes. */
static void
size_type_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code)) {
		s->type = FTP_TYPE_I;
		s->type_known = true;
	}
	op_send(s, simple_reply, false, "SIZE", s->op->arg);
}

/* Start an operation on a ready session (or connect). */
static void
op_start(struct ftp_session *s, struct ftp_op *op)
{
	static const char *verbs[] = {
		[SC_CWD] = "CWD", [SC_CDUP] = "CDUP", [SC_PWD] = "PWD",
		[SC_MKD] = "MKD", [SC_RMD] = "RMD", [SC_DELE] = "DELE",
		[SC_SIZE] = "SIZE", [SC_MDTM] = "MDTM", [SC_MFMT] = "MFMT",
		[SC_SITE] = "SITE", [SC_STAT] = "STAT", [SC_QUOTE] = NULL,
		[SC_NOOP] = "NOOP"
	};
	char *verb, *arg;

	switch (op->kind) {
	case OP_CONNECT:
		connect_start(s);
		return;
	case OP_QUIT:
		session_set_state(s, FTP_ST_QUITTING);
		op_send(s, quit_reply, false, "QUIT", NULL);
		return;
	case OP_TYPE:
		session_set_state(s, FTP_ST_BUSY);
		op_send(s, type_reply, false, "TYPE",
		    op->type == FTP_TYPE_A ? "A" : "I");
		return;
	case OP_RENAME:
		session_set_state(s, FTP_ST_BUSY);
		op_send(s, rename_reply, false, "RNFR", op->arg);
		return;
	case OP_LIST:
	case OP_GET:
	case OP_PUT:
		session_set_state(s, FTP_ST_TRANSFER);
		xfer_start(s);
		return;
	case OP_SIMPLE:
		break;
	}
	session_set_state(s, FTP_ST_BUSY);
	if (op->cmd == SC_QUOTE) {
		/* "VERB rest": the verb is sent as typed. */
		verb = xstrndup(op->arg, strcspn(op->arg, " "));
		arg = op->arg[strlen(verb)] == ' ' ?
		    op->arg + strlen(verb) + 1 : NULL;
		op_send(s, simple_reply, false, verb, arg);
		free(verb);
		return;
	}
	if (op->cmd == SC_MFMT) {
		char stamp[32], *a;
		struct tm tm;

		gmtime_r(&op->t, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
		a = xasprintf("%s %s", stamp, op->arg);
		op_send(s, simple_reply, false, "MFMT", a);
		free(a);
		return;
	}
	if (op->cmd == SC_SIZE && (!s->type_known || s->type != FTP_TYPE_I)) {
		/* SIZE counts bytes only in binary (RFC 3659 4). */
		op_send(s, size_type_reply, false, "TYPE", "I");
		return;
	}
	op_send(s, simple_reply, false, verbs[op->cmd], op->arg);
}

/* Queue a single command. */
static int
simple(struct ftp_session *s, enum simple_cmd cmd, const char *arg,
    ftp_done_cb cb, void *cbarg)
{
	struct ftp_op *op = op_new(OP_SIMPLE, cb, cbarg);

	op->cmd = cmd;
	op->arg = arg != NULL ? xstrdup(arg) : NULL;
	return op_queue(s, op);
}

int
ftp_cwd(struct ftp_session *s, const char *path, ftp_done_cb cb, void *a)
{
	return simple(s, SC_CWD, path, cb, a);
}

int
ftp_cdup(struct ftp_session *s, ftp_done_cb cb, void *a)
{
	return simple(s, SC_CDUP, NULL, cb, a);
}

int
ftp_pwd(struct ftp_session *s, ftp_done_cb cb, void *a)
{
	return simple(s, SC_PWD, NULL, cb, a);
}

int
ftp_mkdir(struct ftp_session *s, const char *path, ftp_done_cb cb, void *a)
{
	return simple(s, SC_MKD, path, cb, a);
}

int
ftp_rmdir(struct ftp_session *s, const char *path, ftp_done_cb cb, void *a)
{
	return simple(s, SC_RMD, path, cb, a);
}

int
ftp_delete(struct ftp_session *s, const char *path, ftp_done_cb cb, void *a)
{
	return simple(s, SC_DELE, path, cb, a);
}

int
ftp_size(struct ftp_session *s, const char *path, ftp_done_cb cb, void *a)
{
	return simple(s, SC_SIZE, path, cb, a);
}

int
ftp_mdtm(struct ftp_session *s, const char *path, ftp_done_cb cb, void *a)
{
	return simple(s, SC_MDTM, path, cb, a);
}

int
ftp_site(struct ftp_session *s, const char *args, ftp_done_cb cb, void *a)
{
	return simple(s, SC_SITE, args, cb, a);
}

int
ftp_stat(struct ftp_session *s, const char *path, ftp_done_cb cb, void *a)
{
	return simple(s, SC_STAT, path, cb, a);
}

int
ftp_noop(struct ftp_session *s, ftp_done_cb cb, void *a)
{
	return simple(s, SC_NOOP, NULL, cb, a);
}

/* A raw command line, sent as typed (quote). */
int
ftp_quote(struct ftp_session *s, const char *line, ftp_done_cb cb, void *a)
{
	if (*line == '\0' || *line == ' ') {
		errno = EINVAL;
		return -1;
	}
	return simple(s, SC_QUOTE, line, cb, a);
}

/* Set a file's modification time (MFMT, RFC draft-somers-ftp-mfxx). */
int
ftp_mfmt(struct ftp_session *s, const char *path, time_t t, ftp_done_cb cb,
    void *a)
{
	struct ftp_op *op = op_new(OP_SIMPLE, cb, a);

	op->cmd = SC_MFMT;
	op->arg = xstrdup(path);
	op->t = t;
	return op_queue(s, op);
}

/* RNFR from, RNTO to. */
int
ftp_rename(struct ftp_session *s, const char *from, const char *to,
    ftp_done_cb cb, void *a)
{
	struct ftp_op *op = op_new(OP_RENAME, cb, a);

	op->arg = xstrdup(from);
	op->arg2 = xstrdup(to);
	return op_queue(s, op);
}

/* TYPE A or I. */
int
ftp_set_type(struct ftp_session *s, enum ftp_type t, ftp_done_cb cb, void *a)
{
	struct ftp_op *op = op_new(OP_TYPE, cb, a);

	op->type = t;
	return op_queue(s, op);
}

/* ------------------------------------------------------- transfers */

/* List path (NULL: the current directory) in mode. */
int
ftp_list(struct ftp_session *s, const char *path, enum ftp_list_mode mode,
    bool any_mode, ftp_done_cb cb, void *a)
{
	return ftp_list_stream(s, path, mode, any_mode, NULL, cb, a);
}

/* The same, with entries(s, so_far, a) after each read that added some. */
int
ftp_list_stream(struct ftp_session *s, const char *path,
    enum ftp_list_mode mode, bool any_mode, ftp_entries_cb entries,
    ftp_done_cb cb, void *a)
{
	struct ftp_op *op = op_new(OP_LIST, cb, a);

	op->arg = path != NULL ? xstrdup(path) : NULL;
	op->lmode = mode;
	op->any_mode = any_mode;
	op->entries = entries;
	return op_queue(s, op);
}

/* Copy a transfer description, owning its strings. */
static struct ftp_op *
xfer_op(enum op_kind kind, const struct ftp_xfer *x, ftp_done_cb cb, void *a)
{
	struct ftp_op *op = op_new(kind, cb, a);

	op->x = *x;
	op->arg = xstrdup(x->remote);
	op->x.remote = op->arg;
	if (x->name != NULL) {
		op->arg2 = xstrdup(x->name);
		op->x.name = op->arg2;
	}
	op->type = x->type;
	return op;
}

/* Download x->remote (see struct ftp_xfer for where it goes). */
int
ftp_get(struct ftp_session *s, const struct ftp_xfer *x, ftp_done_cb cb,
    void *a)
{
	if (x->dirfd == -1 && x->fd == -1 && x->mem == NULL) {
		errno = EINVAL;
		return -1;
	}
	return op_queue(s, xfer_op(OP_GET, x, cb, a));
}

/* Upload from fd (not closed) to x->remote. */
int
ftp_put(struct ftp_session *s, int fd, const struct ftp_xfer *x,
    ftp_done_cb cb, void *a)
{
	struct ftp_op *op = xfer_op(OP_PUT, x, cb, a);

	op->srcfd = fd;
	return op_queue(s, op);
}

/*
 * Cancel the running operation: a transfer is aborted with ABOR (the .part
 * stays for resume); a connect is dropped; a single command finishes as
 * cancelled when its reply comes. Queued operations are not touched.
 */
void
ftp_cancel(struct ftp_session *s)
{
	struct ftp_op *op = s->op;

	if (op == NULL)
		return;
	op->cancelled = true;
	if (op->kind == OP_CONNECT)
		session_fail(s, "%s", _("cancelled"));
	else if (op->kind == OP_LIST || op->kind == OP_GET ||
	    op->kind == OP_PUT)
		xfer_abort(s, _("cancelled"));
}
