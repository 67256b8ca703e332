/*
 * cmd_view.c: the commands behind the screen's viewer and refresh keys,
 * so F3, v and r are commands like any other.
 *
 *   view [-l] [-n KIB] PATH   the start of a file (remote, or local with
 *                             -l): to the front end's viewer (the app's
 *                             view hook), or printed as cat prints it
 *   refresh [PATH]            list a remote directory again into the
 *                             listing cache (the screen's pane shows it)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"

/* A view's state: the bytes read and the title. */
struct view {
	struct buf	 buf;
	char		*title;		/* display-safe */
	char		*lpath;		/* -l: in the app's local directory */
};

static void
view_free(void *p)
{
	struct view *v = p;

	buf_free(&v->buf);
	free(v->title);
	free(v->lpath);
	free(v);
}

/* Hand the bytes to the viewer, or print them; end the command. */
static void
view_show(struct cmd_call *c, struct view *v, bool cut)
{
	struct app *app = c->app;
	char *text, *line, *save = NULL;

	if (app->hooks.view != NULL) {
		app->hooks.view(app, v->title, buf_data(&v->buf),
		    buf_len(&v->buf), cut ? v->buf.limit : 0, app->hooks_arg);
		app->view_local = NULL;
		cmd_finish(c, CMD_OK);
		return;
	}
	app->view_local = NULL;
	text = san_str(buf_data(&v->buf), buf_len(&v->buf), SAN_KEEP_NL |
	    SAN_KEEP_TAB);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		app_out_clean(app, APP_OUT, line);
	free(text);
	if (cut)
		app_out(app, APP_INFO, _("(only the first %zu KiB shown)"),
		    v->buf.limit / 1024);
	cmd_finish(c, CMD_OK);
}

/* The remote file arrived (or stopped at the limit, or failed). */
static void
view_got(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	struct view *v = c->priv;

	if (!st->ok && buf_len(&v->buf) == 0) {
		cmd_fail_status(c, st);
		return;
	}
	view_show(c, v, buf_room(&v->buf) == 0);
}

/* Read the start of a local file. */
static void
view_local(struct cmd_call *c, struct view *v, const char *path)
{
	struct stat sb;
	size_t limit = v->buf.limit, got = 0, room = 0;
	ssize_t n;
	char *p;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd == -1 || fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		cmd_fail(c, CMD_FAILED, "%s: %s", v->title, fd == -1 ?
		    strerror(errno) : _("not a regular file"));
		if (fd != -1)
			close(fd);
		return;
	}
	p = buf_reserve(&v->buf, limit, &room);
	if (p != NULL && room < limit)
		limit = room;
	while (p != NULL && got < limit &&
	    (n = read(fd, p + got, limit - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (p != NULL)
		buf_commit(&v->buf, got);
	c->app->view_local = path;
	view_show(c, v, (uint64_t)sb.st_size > got);
}

int
cmd_view_limit(struct cmd_call *c, size_t *limit)
{
	uint64_t kib = (uint64_t)c->app->opts.view_kib;
	const char *n = cmd_optarg(c, 'n');

	if (n != NULL && (str_to_u64(n, &kib) == -1 || kib == 0 ||
	    kib * 1024 > LIM_VIEW_MAX)) {
		cmd_usage(c, NULL);
		return -1;
	}
	*limit = (size_t)kib * 1024;
	return 0;
}

/* view [-l] [-n KIB] PATH. */
int
cmd_view(struct cmd_call *c)
{
	struct ftp_xfer x;
	struct view *v;
	size_t limit;
	bool local = cmd_opt(c, 'l') > 0;

	if (cmd_view_limit(c, &limit) == -1)
		return 0;
	if (!local && !ftp_session_connected(c->app->ftp)) {
		cmd_fail(c, CMD_FAILED, "%s", _("not connected (use open)"));
		return 0;
	}
	v = xcalloc(1, sizeof *v);
	buf_init(&v->buf, limit);
	v->title = san_cstr(c->argv[1]);
	c->priv = v;
	c->priv_free = view_free;
	if (local) {
		v->lpath = app_lpath(c->app, c->argv[1]);
		view_local(c, v, v->lpath);
		return 0;
	}
	if (!c->app->quiet)
		app_out(c->app, APP_INFO, _("Reading %s..."), v->title);
	memset(&x, 0, sizeof x);
	x.remote = c->argv[1];
	x.type = FTP_TYPE_A;
	x.dirfd = x.fd = -1;
	x.mem = &v->buf;
	if (ftp_get(c->app->ftp, &x, view_got, c) == -1)
		cmd_fail(c, CMD_FAILED, "%s: %s", v->title, strerror(errno));
	return 0;
}

/*
 * A listing for refresh. The call may end first (Ctrl-C): then the
 * listing's end only frees this.
 */
struct refresh {
	struct cmd_call	*c;
	bool		 listed;
};

/* The call ends: let go of it (the listing may still be on its way). */
static void
refresh_detach(void *p)
{
	struct refresh *r = p;

	r->c = NULL;
	if (r->listed)
		free(r);
}

/* The listing arrived or failed. */
static void
refresh_done(struct app *app, struct app_dir *d, void *arg)
{
	struct refresh *r = arg;
	struct cmd_call *c = r->c;

	r->listed = true;
	if (c == NULL) {
		free(r);
		return;
	}
	if (d == NULL || !d->loaded || d->error != NULL)
		cmd_fail(c, CMD_FAILED, "%s", d != NULL && d->error != NULL ?
		    d->error : _("failed"));
	else {
		if (app->batch && !app->quiet)
			app_out(app, APP_INFO, ngettext("%zu entry",
			    "%zu entries", d->list.n), d->list.n);
		cmd_finish(c, CMD_OK);
	}
}

/* refresh [PATH]. */
int
cmd_refresh(struct cmd_call *c)
{
	struct refresh *r;
	char *path;

	path = c->argc == 2 ? app_rpath(c->app, c->argv[1]) :
	    xstrdup(app_rcwd(c->app));
	r = xcalloc(1, sizeof *r);
	r->c = c;
	c->priv = r;
	c->priv_free = refresh_detach;
	if (app_dir_load(c->app, path, true, refresh_done, r) == -1 &&
	    !r->listed) {
		r->listed = true;	/* no callback will come */
		cmd_fail(c, CMD_FAILED, "%s", strerror(errno));
	}
	free(path);
	return 0;
}
