/*
 * cmds.c: the single commands (one verb, one reply: CWD, PWD, MKD, SIZE,
 * MDTM, RNFR/RNTO, TYPE, SITE, quote, ...), the keepalive NOOP, and the
 * entry points of the transfers (which steps.c and data.c run).
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

/* Idle for a while: a NOOP keeps NATs and servers from dropping us. */
void
cmds_keepalive(struct ev_timer *t, void *arg)
{
	struct ftp_session *s = arg;

	if (s->state == FTP_ST_READY && s->op == NULL &&
	    TAILQ_EMPTY(&s->ops))
		ftp_noop(s, NULL, NULL);
}
/* The reply to a single command. */
static void
simple_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_op *op = s->op;

	if (op->cmd == SC_QUOTE) {
		/* Any complete reply is a result; the caller judges it. */
		if (path_quote_moves(op->arg))
			path_set_cwd(s, NULL);	/* where is it now? */
		op_finish(s, !FTP_IS_TRANSIENT(r->code) &&
		    !FTP_IS_PERMANENT(r->code), r,
		    FTP_IS_TRANSIENT(r->code) || FTP_IS_PERMANENT(r->code) ?
		    _("the server said: %d") : NULL, r->code);
		return;
	}
	if (!FTP_IS_OK(r->code)) {
		op_refused(s, r, op->arg);
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
			op->path = charset_in(s, op->path);
			op->st.path = op->path;
			if (op->kind == OP_SIMPLE && op->cmd == SC_PWD) {
				free(s->cwd);
				s->cwd = xstrdup(op->path);
				path_set_cwd(s, op->path);
			}
		} else if (op->cmd == SC_PWD) {
			free(s->cwd);
			s->cwd = NULL;
			path_set_cwd(s, NULL);
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

	if (r->code == FTP_PENDING_FURTHER_INFO) {
		op_send(s, rename_reply, false, "RNTO", path_rnto(s, op));
		return;
	}
	if (!FTP_IS_OK(r->code)) {
		op_refused(s, r, op->arg);
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
		words = ftp_reply_words(r);
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
	op_send(s, simple_reply, false, "SIZE", path_arg(s->op));
}

/* Start a command or a transfer on a ready session. */
static void
cmd_start(struct ftp_session *s, struct ftp_op *op)
{
	static const char *verbs[] = {
		[SC_CWD] = "CWD", [SC_CDUP] = "CDUP", [SC_PWD] = "PWD",
		[SC_MKD] = "MKD", [SC_RMD] = "RMD", [SC_DELE] = "DELE",
		[SC_SIZE] = "SIZE", [SC_MDTM] = "MDTM", [SC_MFMT] = "MFMT",
		[SC_SITE] = "SITE", [SC_STAT] = "STAT", [SC_QUOTE] = NULL,
		[SC_NOOP] = "NOOP"
	};
	char *verb, *arg;

	charset_sync(s);
	/* In the op's directory first (path.c): then bare names. */
	if (path_enter(s, op))
		return;
	switch (op->kind) {
	case OP_TYPE:
		session_set_state(s, FTP_ST_BUSY);
		op_send(s, type_reply, false, "TYPE",
		    op->type == FTP_TYPE_A ? "A" : "I");
		return;
	case OP_RENAME:
		session_set_state(s, FTP_ST_BUSY);
		op_send(s, rename_reply, false, "RNFR", path_arg(op));
		return;
	case OP_LIST:
	case OP_GET:
	case OP_PUT:
		session_set_state(s, FTP_ST_TRANSFER);
		xfer_start(s);
		return;
	default:
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
		a = xasprintf("%s %s", stamp, path_arg(op));
		op_send(s, simple_reply, false, "MFMT", a);
		free(a);
		return;
	}
	if (op->cmd == SC_SIZE && (!s->type_known || s->type != FTP_TYPE_I)) {
		/* SIZE counts bytes only in binary (RFC 3659 4). */
		op_send(s, size_type_reply, false, "TYPE", "I");
		return;
	}
	if (op->cmd == SC_CWD || op->cmd == SC_CDUP) {
		/* Where the server is: known again from the PWD after. */
		if (path_send_cwd(s, simple_reply, verbs[op->cmd],
		    path_arg(op)) == 0)
			return;
	}
	op_send(s, simple_reply, false, verbs[op->cmd], path_arg(op));
}

/* Queue a single command. */
static int
simple(struct ftp_session *s, enum simple_cmd cmd, const char *arg,
    ftp_done_cb cb, void *cbarg)
{
	struct ftp_op *op = op_new(OP_SIMPLE, cmd_start, cb, cbarg);

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
	struct ftp_op *op = op_new(OP_SIMPLE, cmd_start, cb, a);

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
	struct ftp_op *op = op_new(OP_RENAME, cmd_start, cb, a);

	op->arg = xstrdup(from);
	op->arg2 = xstrdup(to);
	return op_queue(s, op);
}

/* TYPE A or I. */
int
ftp_set_type(struct ftp_session *s, enum ftp_type t, ftp_done_cb cb, void *a)
{
	struct ftp_op *op = op_new(OP_TYPE, cmd_start, cb, a);

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
	struct ftp_op *op = op_new(OP_LIST, cmd_start, cb, a);

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
	struct ftp_op *op = op_new(kind, cmd_start, cb, a);

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
