/*
 * cmd_shell.c: the shell from jangada: "!CMD" (and "shell CMD"), "!"
 * alone (an interactive shell), and lftp's redirections of a command's
 * output: "CMD | SHELL-CMD", "CMD > FILE", "CMD >> FILE".
 *
 * A redirected command runs as usual, but the lines it outputs (not its
 * messages) go to the file, or to a private temporary file (0600, removed
 * at once) that becomes the shell command's standard input when the
 * command has ended: nothing ever waits on a pipe, so a slow reader never
 * blocks the loop. "cat FILE" is a download there, byte for byte (the
 * plain cat shows a sanitized start of a text file). Only an unquoted '|'
 * or '>' counts, and never on the lines of commands that take raw text
 * or a password (quote, site, open, user, the network tools).
 *
 * Children run through child.c: on the screen the screen is suspended
 * while they have the terminal, and a command's output waits for Enter
 * before the screen comes back.
 *
 * Which typed lines are shell lines is the line reader's choice (cmd.c,
 * above the table); this file runs them, below it.
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
#include "base/log.h"
#include "base/xmalloc.h"
#include "cmd/child.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

typedef void (*out_fn)(struct app *, enum app_out, const char *, void *);

struct shell {
	struct app	*app;
	struct cmd_call	*outer;		/* NULL: the command is gone */
	struct child	*child;
	int		 fd;		/* the file, or the pipe's input; -1 */
	char		*pipe_cmd;	/* "| CMD" */
	char		*fname;		/* "> FILE", for messages */
	out_fn		 orig_out;	/* the front end's, while redirected */
	bool		 busy;		/* cat's download is out */
	int		 werr;		/* a write to the file failed */
};

static struct shell *redirected;	/* whose output goes to a file */

/* ------------------------------------------------------- the output */

static void
redir_restore(struct shell *sh)
{
	if (redirected == sh) {
		sh->app->hooks.out = sh->orig_out;
		redirected = NULL;
	}
}

/* The command's lines go to the file; messages to the screen. */
static void
redir_out(struct app *app, enum app_out kind, const char *text, void *arg)
{
	struct shell *sh = redirected;
	size_t n = strlen(text), off = 0;
	ssize_t w;

	if (sh == NULL)
		return;
	if (kind != APP_OUT) {
		sh->orig_out(app, kind, text, arg);
		return;
	}
	while (sh->werr == 0 && off <= n) {
		w = off < n ? write(sh->fd, text + off, n - off) :
		    write(sh->fd, "\n", 1);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			sh->werr = w == 0 ? EIO : errno;
			break;
		}
		off += (size_t)w;
	}
}

static void
shell_free(struct shell *sh)
{
	redir_restore(sh);
	child_stop(sh->child);
	if (sh->fd != -1)
		close(sh->fd);
	free(sh->pipe_cmd);
	free(sh->fname);
	free(sh);
}

/* The command is gone (ended, cancelled): stop the child. */
static void
shell_priv_free(void *p)
{
	struct shell *sh = p;

	sh->outer = NULL;
	if (!sh->busy)
		shell_free(sh);
}

/* ----------------------------------------------------------- children */

/* The shell command ended. */
static void
shell_child_done(void *arg, int st)
{
	struct shell *sh = arg;
	char why[64];

	sh->child = NULL;
	if (sh->outer == NULL)
		return;
	if (st == 0) {
		cmd_finish(sh->outer, CMD_OK);
		return;
	}
	child_status_text(st, why, sizeof why);
	cmd_fail(sh->outer, CMD_FAILED, "%s", why);
}

/* Run "sh -c CMD" (NULL: an interactive shell) with stdin from in_fd. */
static void
shell_spawn(struct shell *sh, const char *cmd, int in_fd)
{
	const char *shell = getenv("SHELL");
	char err[256];
	char *argv[7];

	if (cmd == NULL) {
		argv[0] = (char *)(shell != NULL && *shell == '/' ? shell :
		    "/bin/sh");
		argv[1] = NULL;
	} else if (sh->app->hooks.suspend != NULL) {
		/* On the screen: the output stays until Enter. */
		argv[0] = (char *)"/bin/sh";
		argv[1] = (char *)"-c";
		argv[2] = (char *)"eval \"$1\"; s=$?; printf '\\n%s ' \"$2\"; "
		    "read _ </dev/tty; exit $s";
		argv[3] = (char *)"sh";
		argv[4] = (char *)cmd;
		argv[5] = (char *)_("[Press Enter to return to jangada]");
		argv[6] = NULL;
	} else {
		argv[0] = (char *)"/bin/sh";
		argv[1] = (char *)"-c";
		argv[2] = (char *)cmd;
		argv[3] = NULL;
	}
	sh->child = child_run(sh->app, argv, in_fd, true, shell_child_done,
	    sh, err, sizeof err);
	if (sh->child == NULL)
		cmd_fail(sh->outer, CMD_FAILED, "%s: %s", argv[0], err);
}

/* shell [CMD], !CMD, !: a shell command, or a shell. */
int
cmd_shell(struct cmd_call *c)
{
	struct shell *sh = xcalloc(1, sizeof *sh);
	char *cmd = NULL;
	size_t len = 0;
	int i;

	sh->app = c->app;
	sh->outer = c;
	sh->fd = -1;
	c->priv = sh;
	c->priv_free = shell_priv_free;
	/* The words again as one line (the shell parses it). */
	for (i = 1; i < c->argc; i++)
		len += strlen(c->argv[i]) + 1;
	if (len > 0) {
		cmd = xcalloc(1, len);
		for (i = 1; i < c->argc; i++) {
			if (i > 1)
				strcat(cmd, " ");
			strcat(cmd, c->argv[i]);
		}
	}
	shell_spawn(sh, cmd, -1);
	free(cmd);
	return 0;
}

/* -------------------------------------------------------- redirection */

/* The inner command ended: the file is written; run the pipe's command. */
static void
inner_done(struct cmd_call *inner, int status, void *arg)
{
	struct shell *sh = arg;
	struct cmd_call *c = sh->outer;
	struct app *app = sh->app;

	redir_restore(sh);
	if (c == NULL)
		return;
	if (status != CMD_OK) {
		app->failures--;	/* counted once, by the outer call */
		cmd_finish(c, status);
		return;
	}
	if (sh->werr != 0) {
		cmd_fail(c, CMD_FAILED, "%s: %s", sh->fname,
		    strerror(sh->werr));
		return;
	}
	if (sh->pipe_cmd == NULL) {
		cmd_finish(c, CMD_OK);
		return;
	}
	app->running = c;
	if (lseek(sh->fd, 0, SEEK_SET) == -1) {
		cmd_fail(c, CMD_FAILED, "%s", strerror(errno));
		return;
	}
	shell_spawn(sh, sh->pipe_cmd, sh->fd);
}

/* cat FILE | ... or > FILE: the download arrived in the file. */
static void
cat_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct shell *sh = arg;
	struct cmd_call *c = sh->outer;

	sh->busy = false;
	if (c == NULL) {
		shell_free(sh);
		return;
	}
	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	if (sh->pipe_cmd == NULL) {
		cmd_finish(c, CMD_OK);
		return;
	}
	if (lseek(sh->fd, 0, SEEK_SET) == -1) {
		cmd_fail(c, CMD_FAILED, "%s", strerror(errno));
		return;
	}
	shell_spawn(sh, sh->pipe_cmd, sh->fd);
}

/* Where the first unquoted '|' or '>' is (the tokenizer's quoting). */
const char *
cmd_redirect_at(const char *p)
{
	int q = 0;

	for (; *p != '\0'; p++) {
		if (q == '\'') {
			if (*p == '\'')
				q = 0;
		} else if (q == '"') {
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			else if (*p == '"')
				q = 0;
		} else if (*p == '\\') {
			if (*++p == '\0')
				return NULL;
		} else if (*p == '\'' || *p == '"')
			q = *p;
		else if (*p == '|' || *p == '>')
			return p;
	}
	return NULL;
}

/* Open "> FILE": a regular file (or a device such as /dev/null). */
static int
open_target(const char *path, bool append, char *err, size_t errlen)
{
	struct stat sb;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_NOCTTY | O_CLOEXEC |
	    O_NONBLOCK | (append ? O_APPEND : O_TRUNC), 0666);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1 || !(S_ISREG(sb.st_mode) ||
	    S_ISCHR(sb.st_mode))) {
		snprintf(err, errlen, _("%s: not a regular file"), path);
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* A private file for a pipe's input, gone from the directory at once. */
static int
open_temp(char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (dir == NULL || *dir != '/')
		dir = "/tmp";
	path = xasprintf("%s/jangada-pipe-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd == -1)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else
		unlink(path);
	free(path);
	return fd;
}

/*
 * Start a redirected line: the command d on argv (taken) runs with its
 * output going to the target that op ("| SHELL-CMD", "> FILE", ">> FILE")
 * names; done hears how the line ended, as from cmd_run_line.
 */
void
cmd_redirect(struct app *app, const struct cmd_desc *d, char **argv,
    int argc, const char *op, cmd_done_cb done, void *arg)
{
	struct cmd_call *c = cmd_call_new(app, d, NULL, 0, done, arg), *inner;
	struct shell *sh = xcalloc(1, sizeof *sh);
	char **rw = NULL, err[512], *target;
	const char *rest;
	int rn = 0;

	sh->app = app;
	sh->outer = c;
	sh->fd = -1;
	c->priv = sh;
	c->priv_free = shell_priv_free;
	if (*op == '|') {
		rest = op + 1 + strspn(op + 1, " \t");
		if (*rest == '\0' || cmd_redirect_at(rest) == rest) {
			cmd_argv_free(argv);
			cmd_fail(c, CMD_USAGE, "%s", _("usage: COMMAND | "
			    "SHELL-COMMAND"));
			return;
		}
		sh->pipe_cmd = xstrdup(rest);
		sh->fd = open_temp(err, sizeof err);
	} else {
		bool append = op[1] == '>';

		if (cmd_tokenize(op + 1 + append, &rw, &rn, err,
		    sizeof err) == -1 || rn != 1) {
			cmd_argv_free(rw);
			cmd_argv_free(argv);
			cmd_fail(c, CMD_USAGE, "%s", _("usage: COMMAND > FILE "
			    "| COMMAND >> FILE"));
			return;
		}
		sh->fname = xstrdup(rw[0]);
		/* in the app's local directory */
		target = app_lpath(c->app, rw[0]);
		sh->fd = open_target(target, append, err, sizeof err);
		free(target);
		cmd_argv_free(rw);
	}
	if (sh->fd == -1) {
		cmd_argv_free(argv);
		cmd_fail(c, CMD_FAILED, "%s", err);
		return;
	}
	if (d->run == cmd_cat) {
		/* cat [-n KIB] PATH: the file itself, byte for byte */
		struct ftp_xfer x;

		c->argv = argv;
		c->argc = argc;
		if (cmd_call_check(c) == -1)
			return;
		memset(&x, 0, sizeof x);
		x.remote = c->argv[1];
		x.type = FTP_TYPE_I;
		x.dirfd = -1;
		x.fd = sh->fd;
		app->running = c;
		sh->busy = true;
		if (ftp_get(app->ftp, &x, cat_done, sh) == -1) {
			sh->busy = false;
			cmd_fail(c, CMD_FAILED, "%s", _("not connected"));
		}
		return;
	}
	/* The spec is checked as cmd_run_line does (a usage error ends
	   the inner call, and inner_done the line). */
	inner = cmd_call_new(app, d, argv, argc, inner_done, sh);
	if (cmd_call_check(inner) == -1)
		return;
	sh->orig_out = app->hooks.out;
	app->hooks.out = redir_out;
	redirected = sh;
	app->running = inner;
	if (inner->sub != NULL)
		inner->sub->run(inner);
	else
		d->run(inner);
}

