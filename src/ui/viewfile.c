/*
 * viewfile.c: the start of a file for the viewer: a remote file read
 * into memory (ftp_get into a bounded buffer), a local file read at most
 * view-limit KiB; NULs shown as \x01, the cut said in the title.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/batch.h"
#include "cmd/parse.h"
#include "ev/loop.h"
#include "ui/ui.h"
#include "ui/ui_priv.h"

/* A remote file being read for the viewer. */
struct ui_viewreq {
	struct ui	*ui;
	struct buf	 buf;
	char		*path;
	char		*title;
	bool		 cancelled;
};

/* ------------------------------------------------------------ viewer */

/* "cannot view TITLE: why" (title display-safe, why raw). */
static void
view_error(struct ui *ui, const char *title, const char *why)
{
	char *w = ui_sanc(why);

	ui_message_set(ui, APP_ERROR, xasprintf(_("cannot view %s: %s"), title,
	    w));
	free(w);
}

/* Open the viewer on bytes read (NULs shown, the limit said). */
static void
view_bytes(struct ui *ui, const char *title, const void *p, size_t len,
    bool cut, size_t limit)
{
	char *text = xmalloc(len + 1), *note;
	size_t i;

	if (len > 0)
		memcpy(text, p, len);
	text[len] = '\0';
	/* a NUL would end the text early: show it as \x01 */
	for (i = 0; i < len; i++)
		if (text[i] == '\0')
			text[i] = '\x01';
	if (cut) {
		note = xasprintf(_("%s (the first %zu KiB)"), title,
		    limit / 1024);
		view_open(ui, note, text, true);
		free(note);
	} else
		view_open(ui, title, text, true);
	free(text);
}

/* The remote file for the viewer arrived. */
static void
viewreq_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct ui_viewreq *r = arg;
	struct ui *ui = r->ui;

	if (ui->viewreq == r)
		ui->viewreq = NULL;
	if (!r->cancelled) {
		if (!st->ok && buf_len(&r->buf) == 0)
			view_error(ui, r->title, st->error != NULL ?
			    st->error : _("failed"));
		else
			view_bytes(ui, r->title, buf_data(&r->buf),
			    buf_len(&r->buf), buf_room(&r->buf) == 0,
			    r->buf.limit);
	}
	buf_free(&r->buf);
	free(r->path);
	free(r->title);
	free(r);
}

/* View the start of a remote file (path: raw, absolute). */
void
ui_view_remote(struct ui *ui, const char *path, const char *title)
{
	struct ui_viewreq *r;
	struct ftp_xfer x;

	if (ui->viewreq != NULL) {
		ui_message(ui, APP_WARN, "%s", _("Still reading the last file "
		    "to view."));
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->ui = ui;
	buf_init(&r->buf, (size_t)ui->app->opts.view_kib * 1024);
	r->path = xstrdup(path);
	r->title = xstrdup(title);
	memset(&x, 0, sizeof x);
	x.remote = r->path;
	x.type = FTP_TYPE_A;
	x.dirfd = x.fd = -1;
	x.mem = &r->buf;
	ui->viewreq = r;
	ui_message_set(ui, APP_INFO, xasprintf(_("Reading %s..."), title));
	if (ftp_get(ui->app->ftp, &x, viewreq_done, r) == -1) {
		ui->viewreq = NULL;
		view_error(ui, title, strerror(errno));
		buf_free(&r->buf);
		free(r->path);
		free(r->title);
		free(r);
	}
}

/* View the start of a local file (title display-safe). */
void
ui_view_local(struct ui *ui, const char *path, const char *title)
{
	struct stat sb;
	size_t limit = (size_t)ui->app->opts.view_kib * 1024, got = 0;
	ssize_t n;
	char *text;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd == -1 || fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		view_error(ui, title, fd == -1 ? strerror(errno) :
		    _("not a regular file"));
		if (fd != -1)
			close(fd);
		return;
	}
	text = xmalloc(limit + 1);
	while (got < limit && (n = read(fd, text + got, limit - got)) > 0)
		got += (size_t)n;
	close(fd);
	view_bytes(ui, title, text, got, (uint64_t)sb.st_size > got, limit);
	free(text);
}

/* Stop caring about the file being read (Ctrl-C, quitting). */
void
ui_viewreq_cancel(struct ui *ui)
{
	if (ui->viewreq != NULL)
		ui->viewreq->cancelled = true;
}

/* Free what is left of a read that was cancelled (at the end). */
void
ui_viewreq_free(struct ui *ui)
{
	struct ui_viewreq *r = ui->viewreq;

	if (r == NULL)
		return;
	buf_free(&r->buf);
	free(r->path);
	free(r->title);
	free(r);
	ui->viewreq = NULL;
}
