/*
 * cmd_edit.c: edit FILE (a remote file through $VISUAL/$EDITOR) and the
 * pager, pager/less/more/page FILE (through $PAGER, default less).
 *
 * Both fetch the file, byte for byte, into a private directory (mkdtemp,
 * 0700) and run the program there with the screen suspended (child.c).
 * edit remembers the remote size and time (SIZE, MDTM) before, keeps a
 * copy of what it fetched, and after the editor ends uploads only when
 * the content changed, and only when SIZE and MDTM still say what they
 * said: a file changed on the server meanwhile is never overwritten (the
 * edited copy is kept and its path shown). A file that does not exist is
 * a new one. The private directory goes when the command ends, unless it
 * holds an edit that could not be uploaded.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/child.h"
#include "cmd/cmd_priv.h"
#include "ftp/codes.h"
#include "local/lfile.h"

enum ed_stage { ED_SIZE, ED_MDTM, ED_GET, ED_RUN, ED_SIZE2, ED_MDTM2,
	ED_PUT };

struct edit {
	struct app	*app;
	struct cmd_call	*c;		/* NULL: the command is gone */
	bool		 pager;
	bool		 busy;		/* an operation is out */
	bool		 keep;		/* the edited copy stays */
	enum ed_stage	 stage;
	struct child	*child;
	char		*remote;
	char		*dir;		/* the private directory */
	char		*path;		/* dir/NAME: what the program opens */
	char		*orig;		/* dir/.orig: what was fetched */
	int		 fd;		/* the download or upload; -1 */
	bool		 is_new;
	bool		 has_size, has_mtime;
	uint64_t	 size;
	time_t		 mtime;
};

static void	ed_step(struct edit *);

static void
ed_free(struct edit *e)
{
	child_stop(e->child);
	if (e->fd != -1)
		close(e->fd);
	if (e->dir != NULL && !e->keep) {
		unlink(e->path);
		unlink(e->orig);
		rmdir(e->dir);
	}
	free(e->remote);
	free(e->dir);
	free(e->path);
	free(e->orig);
	free(e);
}

static void
ed_priv_free(void *p)
{
	struct edit *e = p;

	e->c = NULL;
	if (!e->busy)
		ed_free(e);
}

/* Are the two files the same bytes? */
static bool
same_content(const char *a, const char *b)
{
	char ba[65536], bb[65536];
	ssize_t na, nb;
	int fa, fb;
	bool same = false;

	if ((fa = open(a, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	if ((fb = open(b, O_RDONLY | O_CLOEXEC)) == -1) {
		close(fa);
		return false;
	}
	for (;;) {
		na = read(fa, ba, sizeof ba);
		nb = read(fb, bb, sizeof bb);
		if (na == -1 || nb == -1 || na != nb ||
		    memcmp(ba, bb, (size_t)na) != 0)
			break;
		if (na == 0) {
			same = true;
			break;
		}
	}
	close(fa);
	close(fb);
	return same;
}

/* Copy a to b (the copy to compare with afterwards). */
static int
copy_file(const char *a, const char *b)
{
	char buf[65536];
	ssize_t n, w = 0;
	int fa, fb;

	if ((fa = open(a, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((fb = open(b, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		close(fa);
		return -1;
	}
	while ((n = read(fa, buf, sizeof buf)) > 0)
		if ((w = write(fb, buf, (size_t)n)) != n)
			break;
	close(fa);
	if (close(fb) == -1 || n != 0 || w == -1)
		return -1;
	return 0;
}

/* The program (editor or pager) ended. */
static void
ed_child_done(void *arg, int st)
{
	struct edit *e = arg;
	char why[64];

	e->child = NULL;
	if (e->c == NULL) {
		ed_free(e);
		return;
	}
	if (st != 0 && !e->pager) {
		child_status_text(st, why, sizeof why);
		cmd_fail(e->c, CMD_FAILED, _("the editor failed (%s); "
		    "nothing was uploaded"), why);
		return;
	}
	if (e->pager) {
		cmd_finish(e->c, CMD_OK);
		return;
	}
	if (same_content(e->path, e->orig)) {
		if (!e->app->quiet)
			app_out(e->app, APP_INFO, _("%s: not changed; nothing "
			    "was uploaded"), e->remote);
		cmd_finish(e->c, CMD_OK);
		return;
	}
	e->stage = ED_SIZE2;
	ed_step(e);
}

/* Run the editor or the pager on the private copy. */
static void
ed_run(struct edit *e)
{
	const char *prog = NULL, *v;
	char *script, err[256];
	char *argv[6];

	if (e->pager)
		prog = (v = getenv("PAGER")) != NULL && *v != '\0' ? v :
		    "less";
	else if ((v = getenv("VISUAL")) != NULL && *v != '\0')
		prog = v;
	else
		prog = (v = getenv("EDITOR")) != NULL && *v != '\0' ? v : "vi";
	/* As git does: the variable may hold arguments ("emacs -nw"). */
	script = xasprintf("%s \"$1\"", prog);
	argv[0] = (char *)"/bin/sh";
	argv[1] = (char *)"-c";
	argv[2] = script;
	argv[3] = (char *)"sh";
	argv[4] = e->path;
	argv[5] = NULL;
	e->child = child_run(e->app, argv, -1, true, ed_child_done, e, err,
	    sizeof err);
	free(script);
	if (e->child == NULL)
		cmd_fail(e->c, CMD_FAILED, "%s", err);
}

/* An operation answered. */
static void
ed_op_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct edit *e = arg;

	e->busy = false;
	if (e->fd != -1) {
		close(e->fd);
		e->fd = -1;
	}
	if (e->c == NULL) {
		ed_free(e);
		return;
	}
	switch (e->stage) {
	case ED_SIZE:
		/* 550: no such file (maybe; MDTM says it too): a new one */
		if (st->ok) {
			e->has_size = true;
			e->size = st->size;
		} else
			e->is_new = st->code == 550;
		e->stage = ED_MDTM;
		break;
	case ED_MDTM:
		if (st->ok) {
			e->has_mtime = true;
			e->mtime = st->mtime;
			e->is_new = false;
		} else if (st->code != 550 && st->code != 0 &&
		    !FTP_IS_PERMANENT(st->code))
			e->is_new = false;
		e->stage = e->is_new ? ED_RUN : ED_GET;
		if (e->is_new) {	/* an empty new file */
			int fd = open(e->path, O_WRONLY | O_CREAT | O_EXCL |
			    O_CLOEXEC, 0600);

			if (fd == -1 || close(fd) == -1 ||
			    copy_file(e->path, e->orig) == -1) {
				cmd_fail(e->c, CMD_FAILED, "%s: %s", e->path,
				    strerror(errno));
				return;
			}
			if (!e->app->quiet)
				app_out(e->app, APP_INFO, _("%s: a new file"),
				    e->remote);
		}
		break;
	case ED_GET:
		if (!st->ok) {
			cmd_fail_status(e->c, st);
			return;
		}
		if (!e->pager && copy_file(e->path, e->orig) == -1) {
			cmd_fail(e->c, CMD_FAILED, "%s: %s", e->orig,
			    strerror(errno));
			return;
		}
		e->stage = ED_RUN;
		break;
	case ED_SIZE2:
	case ED_MDTM2:
		/* Has the remote file changed since it was fetched? */
		if (e->stage == ED_SIZE2 ? (e->is_new ? st->ok : e->has_size &&
		    (!st->ok || st->size != e->size)) : (!e->is_new &&
		    e->has_mtime && (!st->ok || st->mtime != e->mtime))) {
			e->keep = true;
			cmd_fail(e->c, CMD_FAILED, _("%s changed on the server "
			    "meanwhile; nothing was uploaded (your copy is "
			    "%s)"), e->remote, e->path);
			return;
		}
		e->stage = e->stage == ED_SIZE2 ? ED_MDTM2 : ED_PUT;
		break;
	case ED_PUT:
		if (!st->ok) {
			e->keep = true;
			app_out(e->app, APP_ERROR, _("%s: your copy is %s"),
			    e->c->desc->name, e->path);
			cmd_fail_status(e->c, st);
			return;
		}
		if (!e->app->quiet)
			app_out(e->app, APP_INFO, _("%s: uploaded"),
			    e->remote);
		app_dir_forget_all(e->app);
		app_changed(e->app, APP_CH_RLIST);
		cmd_finish(e->c, CMD_OK);
		return;
	case ED_RUN:
		break;
	}
	ed_step(e);
}

/* Start the operation of the current stage. */
static void
ed_step(struct edit *e)
{
	struct ftp_session *s = e->app->ftp;
	struct ftp_xfer x;
	int rc = 0;

	memset(&x, 0, sizeof x);
	x.remote = e->remote;
	x.type = FTP_TYPE_I;
	x.dirfd = x.fd = -1;
	switch (e->stage) {
	case ED_SIZE:
	case ED_SIZE2:
		rc = ftp_size(s, e->remote, ed_op_done, e);
		break;
	case ED_MDTM:
	case ED_MDTM2:
		if (e->stage == ED_MDTM2 && !e->has_mtime) {
			e->stage = ED_PUT;
			ed_step(e);
			return;
		}
		rc = ftp_mdtm(s, e->remote, ed_op_done, e);
		break;
	case ED_GET:
		e->fd = open(e->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (e->fd == -1) {
			cmd_fail(e->c, CMD_FAILED, "%s: %s", e->path,
			    strerror(errno));
			return;
		}
		x.fd = e->fd;
		rc = ftp_get(s, &x, ed_op_done, e);
		break;
	case ED_RUN:
		ed_run(e);
		return;
	case ED_PUT:
		e->fd = open(e->path, O_RDONLY | O_CLOEXEC);
		if (e->fd == -1) {
			e->keep = true;
			cmd_fail(e->c, CMD_FAILED, "%s: %s", e->path,
			    strerror(errno));
			return;
		}
		rc = ftp_put(s, e->fd, &x, ed_op_done, e);
		break;
	}
	if (rc == -1) {
		cmd_fail(e->c, CMD_FAILED, "%s", _("not connected"));
		return;
	}
	e->busy = true;
}

static int
ed_start(struct cmd_call *c, bool pager)
{
	struct edit *e;
	const char *tmp = getenv("TMPDIR"), *base;
	char safe[256], *t;

	base = strrchr(c->argv[1], '/');
	base = base != NULL ? base + 1 : c->argv[1];
	if (lf_safe_name(base, strlen(base), safe, sizeof safe) == -1)
		snprintf(safe, sizeof safe, "file");
	e = xcalloc(1, sizeof *e);
	e->app = c->app;
	e->c = c;
	e->pager = pager;
	e->fd = -1;
	e->remote = xstrdup(c->argv[1]);
	c->priv = e;
	c->priv_free = ed_priv_free;
	t = xasprintf("%s/jangada-edit-XXXXXX", tmp != NULL && *tmp == '/' ?
	    tmp : "/tmp");
	if (mkdtemp(t) == NULL) {
		cmd_fail(c, CMD_FAILED, "%s: %s", t, strerror(errno));
		free(t);
		return 0;
	}
	e->dir = t;
	e->path = xasprintf("%s/%s", t, safe);
	e->orig = xasprintf("%s/.jangada-orig", t);
	e->stage = pager ? ED_GET : ED_SIZE;
	ed_step(e);
	return 0;
}

/* edit FILE */
int
cmd_edit(struct cmd_call *c)
{
	return ed_start(c, false);
}

/* pager FILE (less, more, page) */
int
cmd_pager(struct cmd_call *c)
{
	return ed_start(c, true);
}
