/*
 * op.c: the operation queue (see session.h). An operation (struct
 * ftp_op) is queued, started from the loop when the session is ready (by
 * its own start function: op.c knows no verb), and finished by op_finish,
 * which calls its callback once and starts the next. The session may be
 * freed from any callback: session_hold/release defer the free to the
 * outermost frame.
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
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "ftp/parse.h"
#include "ftp/session_priv.h"
#include "net/net.h"


/* Free an operation and what it owns. */
void
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
	free(op->pdir);
	free(op->parg);
	free(op->list_opts);
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

/* The running operation failed on reply r: "SUBJECT: 550 No such file". */
void
op_refused(struct ftp_session *s, const struct ftp_reply *r,
    const char *subject)
{
	char *words = ftp_reply_words(r);

	op_finish(s, false, r, "%s: %s", subject != NULL ? subject : "",
	    words);
	free(words);
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
	op->st.ok = ok;
	if (op->have_last) {
		op->st.reply = &op->last;
		op->st.code = op->last.code;
	}
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
void
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
/* Queue an operation and start it if the session is free. */
int
op_queue(struct ftp_session *s, struct ftp_op *op)
{
	TAILQ_INSERT_TAIL(&s->ops, op, entry);
	if (s->op == NULL && !ev_timer_pending(s->kick))
		ev_timer_start(s->kick, 0);
	return 0;
}

/* From the loop: start the next operation. */
void
op_kick(struct ev_timer *t, void *arg)
{
	op_next(arg);
}

/* Start the next queued operation if nothing runs. */
void
op_next(struct ftp_session *s)
{
	struct ftp_op *op;

	if (s->op != NULL || s->dead || s->cancelling ||
	    (op = TAILQ_FIRST(&s->ops)) == NULL)
		return;
	if (op->kind != OP_CONNECT && s->state != FTP_ST_READY) {
		/* Not logged in: every waiting operation fails now. */
		if (s->state == FTP_ST_IDLE || s->state == FTP_ST_CLOSED)
			ops_fail_all(s, _("not connected"));
		return;
	}
	TAILQ_REMOVE(&s->ops, op, entry);
	s->op = op;
	op->start(s, op);
}

/* A new operation. */
struct ftp_op *
op_new(enum op_kind kind, op_start_fn start, ftp_done_cb cb, void *arg)
{
	struct ftp_op *op = xcalloc(1, sizeof *op);

	op->kind = kind;
	op->start = start;
	op->cb = cb;
	op->cbarg = arg;
	op->srcfd = -1;
	op->x.dirfd = -1;
	op->x.fd = -1;
	return op;
}

/* Send or fail the running operation with a clear message. */
void
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
