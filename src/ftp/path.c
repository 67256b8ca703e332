/*
 * path.c: paths as the server understands them. Many servers (embedded,
 * VMS, MVS, AS/400, and BSD ftpd's LIST, which hands its argument to ls
 * split at blanks) know only names relative to their current directory.
 * So a session tracks the server's current directory (srv_cwd: from the
 * login's PWD, the CWDs it sent and the PWD after a cd) and an operation
 * that names a path is planned, when it is queued, as a directory and an
 * argument: the directory is entered by CWD right before the verb, only
 * when it differs from srv_cwd (one CWD per directory change, not per
 * file), and the verb gets the bare name (RETR, STOR, SIZE, MDTM, DELE,
 * RNFR, MKD, RMD, MFMT) or nothing (a directory is listed from inside
 * it). Absolute paths go on the wire only as CWD arguments (and RNTO's
 * target in another directory).
 *
 * s->cwd is the session's logical directory (where the last cd, pwd or
 * the login landed: what ftp_session_cwd returns); a relative argument is
 * relative to it, so the engine enters it first when it wandered off.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "ftp/codes.h"
#include "ftp/session_priv.h"

/* The length of p without trailing slashes ("/" stays "/"). */
static size_t
trimmed(const char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		n--;
	return n;
}

/* Set the op's plan: enter dir (NULL: anywhere), send arg (NULL: none). */
static void
plan(struct ftp_op *op, const char *dir, size_t dirlen, const char *opts,
    const char *name)
{
	free(op->pdir);
	free(op->parg);
	op->pdir = dir != NULL ? xstrndup(dir, dirlen) : NULL;
	if (opts != NULL && name != NULL)
		op->parg = xasprintf("%s %s", opts, name);
	else if (opts != NULL)
		op->parg = xstrdup(opts);
	else
		op->parg = name != NULL ? xstrdup(name) : NULL;
}

/*
 * Plan a file operation on path: "/a/b/c" enters "/a/b" and sends "c";
 * a relative name enters the logical directory and goes as it is.
 */
static void
plan_file(struct ftp_session *s, struct ftp_op *op, const char *path)
{
	size_t n = trimmed(path);
	char *name;
	const char *slash;

	if (path[0] != '/' || n <= 1) {
		plan(op, s->cwd, s->cwd != NULL ? strlen(s->cwd) : 0, NULL,
		    path);
		return;
	}
	name = xstrndup(path, n);
	slash = strrchr(name, '/');
	plan(op, name, slash == name ? 1 : (size_t)(slash - name), NULL,
	    slash + 1);
	free(name);
}

/*
 * Plan a listing: "/a/b" (or "-a /a/b", options first) enters "/a/b" and
 * lists it with no path; no path lists the logical directory; a relative
 * argument (a name, a pattern) goes as it is from the logical directory.
 */
static void
plan_list(struct ftp_session *s, struct ftp_op *op, const char *arg)
{
	const char *path = arg;
	char *opts = NULL;

	if (arg != NULL && arg[0] == '-' && (path = strstr(arg, " /")) != NULL) {
		opts = xstrndup(arg, (size_t)(path - arg));
		path++;
	} else if (arg != NULL && arg[0] == '-')
		path = NULL, opts = xstrdup(arg);
	op->list_dir = path != NULL && path[0] == '/';
	if (op->list_dir)
		plan(op, path, trimmed(path), opts, NULL);
	else
		plan(op, s->cwd, s->cwd != NULL ? strlen(s->cwd) : 0, opts,
		    path);
	op->list_opts = opts;
}

/* Plan how the op's path reaches the server (at its start). */
static void
path_plan(struct ftp_session *s, struct ftp_op *op)
{
	op->planned = true;
	switch (op->kind) {
	case OP_LIST:
		plan_list(s, op, op->arg);
		return;
	case OP_GET:
	case OP_PUT:
	case OP_RENAME:
		plan_file(s, op, op->arg);
		return;
	case OP_SIMPLE:
		break;
	default:
		op->planned = false;
		return;
	}
	switch (op->cmd) {
	case SC_DELE: case SC_SIZE: case SC_MDTM: case SC_MFMT:
	case SC_MKD: case SC_RMD:
		if (op->arg != NULL) {
			plan_file(s, op, op->arg);
			return;
		}
		break;
	case SC_CWD:
		if (op->arg != NULL && op->arg[0] == '/') {
			op->planned = false;	/* CWD /abs from anywhere */
			return;
		}
		/* FALLTHROUGH */
	case SC_CDUP: case SC_PWD: case SC_QUOTE:
		/* Relative to the logical directory: be there first. */
		plan(op, s->cwd, s->cwd != NULL ? strlen(s->cwd) : 0, NULL,
		    op->arg);
		return;
	default:
		break;
	}
	op->planned = false;
}

/* The argument the op's verb sends. */
const char *
path_arg(const struct ftp_op *op)
{
	if (op->planned)
		return op->parg;
	return op->kind == OP_GET || op->kind == OP_PUT ? op->x.remote :
	    op->arg;
}

/* RNTO's argument: the bare name in the same directory, else the path. */
const char *
path_rnto(struct ftp_session *s, struct ftp_op *op)
{
	const char *to = op->arg2, *slash;
	size_t n;

	if (op->pdir == NULL || to[0] != '/' ||
	    (slash = strrchr(to, '/')) == NULL || slash[1] == '\0')
		return to;
	n = slash == to ? 1 : (size_t)(slash - to);
	if (strlen(op->pdir) == n && strncmp(op->pdir, to, n) == 0)
		return slash + 1;
	return to;
}

/* The server is now in dir (NULL: unknown). */
void
path_set_cwd(struct ftp_session *s, const char *dir)
{
	free(s->srv_cwd);
	s->srv_cwd = dir != NULL ? xstrndup(dir, trimmed(dir)) : NULL;
}

/* A quoted command that may move the server (CWD, CDUP, REIN ...). */
bool
path_quote_moves(const char *line)
{
	static const char *verbs[] = {
		"CWD", "XCWD", "CDUP", "XCUP", "REIN", "USER", "SMNT", "ACCT"
	};
	size_t i, n = strcspn(line, " ");

	for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strlen(verbs[i]) == n && strncasecmp(line, verbs[i], n) == 0)
			return true;
	return false;
}

static void path_cwd_reply(struct ftp_session *, const struct ftp_reply *);

/*
 * Send a command that moves the server (CWD, CDUP): where it is stays
 * unknown until the reply (an interruption drops it). -1: not sent, and
 * nothing changed. The send may end and free the session: s is not
 * touched after it.
 */
int
path_send_cwd(struct ftp_session *s, reply_fn fn, const char *verb,
    const char *arg)
{
	char *was = s->srv_cwd;

	s->srv_cwd = NULL;
	if (session_send(s, fn, false, verb, arg) == 0) {
		free(was);
		return 0;
	}
	s->srv_cwd = was;
	return -1;
}

/* Send CWD dir for the running op. */
static void
path_cwd(struct ftp_session *s)
{
	if (path_send_cwd(s, path_cwd_reply, "CWD", s->op->pdir) == -1)
		op_send(s, path_cwd_reply, false, "CWD", s->op->pdir);
}

/* The reply to the CWD before an op's verb. */
static void
path_cwd_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	struct ftp_op *op = s->op;
	char *name;
	const char *slash;

	if (FTP_IS_OK(r->code)) {
		path_set_cwd(s, op->pdir);
		op->start(s, op);
		return;
	}
	path_set_cwd(s, NULL);
	if (op->kind == OP_LIST && op->list_dir && !op->list_fallback && FTP_IS_PERMANENT(r->code) &&
	    op->pdir[0] == '/' && strcmp(op->pdir, "/") != 0) {
		/* Not a directory: a file or a pattern, from its parent. */
		op->list_fallback = true;
		name = op->pdir;
		op->pdir = NULL;
		slash = strrchr(name, '/');
		plan(op, name, slash == name ? 1 : (size_t)(slash - name),
		    op->list_opts, slash + 1);
		free(name);
		path_cwd(s);
		return;
	}
	op_refused(s, r, op->arg != NULL ? op->arg : op->pdir);
}

/*
 * Before the op's verb: plan its path (once) and enter its directory if
 * the server is elsewhere. True when a CWD went out: op->start runs again
 * on its reply, and finds the server there.
 */
bool
path_enter(struct ftp_session *s, struct ftp_op *op)
{
	if (!op->planned && !op->plan_done) {
		op->plan_done = true;
		path_plan(s, op);
	}
	if (!op->planned || op->pdir == NULL)
		return false;
	if (s->srv_cwd != NULL && strcmp(s->srv_cwd, op->pdir) == 0)
		return false;
	session_set_state(s, FTP_ST_BUSY);
	path_cwd(s);
	return true;
}
