/*
 * follow.c: synchronized browsing (set sync-browse on, Ctrl-Y).
 *
 * When it is turned on, the local and the remote directory of that
 * moment are the two roots. Once a pass, when no command runs, the
 * screen looks whether one side moved: if the local directory is now
 * ROOT/a/b, the remote side goes to its ROOT/a/b (cd), and the other way
 * (lcd); ".." and Backspace are moves like any other. When the other
 * side has no such directory, or the move leaves the roots, the message
 * line says so and browsing goes on on the side that moved (FileZilla's
 * way); the next move tries again.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "ui/ui_priv.h"

struct ui_follow {
	char		*lroot, *rroot;	/* where it was turned on */
	char		*lseen, *rseen;	/* the directories at the last look */
};

void
ui_follow_free(struct ui *ui)
{
	struct ui_follow *s = ui->follow;

	if (s == NULL)
		return;
	ui->dirty_status = true;
	free(s->lroot);
	free(s->rroot);
	free(s->lseen);
	free(s->rseen);
	free(s);
	ui->follow = NULL;
}

/* dir relative to root ("" the root itself), or NULL: not under it. */
static const char *
rel_of(const char *root, const char *dir)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(dir, root, n) != 0)
		return NULL;
	if (dir[n] == '\0')
		return "";
	if (n == 1 && root[0] == '/')
		return dir + 1;
	return dir[n] == '/' ? dir + n + 1 : NULL;
}

/* root joined to rel (allocated). */
static char *
join(const char *root, const char *rel)
{
	size_t n = strlen(root);

	if (*rel == '\0')
		return xstrdup(root);
	return xasprintf("%s%s%s", root, n > 0 && root[n - 1] == '/' ? "" :
	    "/", rel);
}

/* The remote side did not follow. */
static void
cd_done(struct ui *ui, int status, void *arg)
{
	char *rel = arg;

	if (status != 0)
		ui_message(ui, APP_WARN, _("Synchronized browsing: the remote "
		    "side has no %s; browsing goes on."), rel);
	free(rel);
}

/* The other side to where this one went: a command line. */
static void
follow(struct ui *ui, bool remote, const char *rel)
{
	struct ui_follow *s = ui->follow;
	char *to = join(remote ? s->rroot : s->lroot, rel), *q, *line;
	struct stat st;

	if (strcmp(to, remote ? app_rcwd(ui->app) : app_lcwd(ui->app)) == 0) {
		free(to);
		return;		/* there already */
	}
	if (!remote && (stat(to, &st) == -1 || !S_ISDIR(st.st_mode))) {
		ui_message(ui, APP_WARN, _("Synchronized browsing: the local "
		    "side has no %s; browsing goes on."), *rel ? rel : ".");
		free(to);
		return;
	}
	q = ui_quote(to);
	line = xasprintf("%s -- %s", remote ? "cd" : "lcd", q);
	ui_command(ui, line, false, remote ? cd_done : NULL, remote ?
	    xstrdup(*rel ? rel : ".") : NULL);
	free(line);
	free(q);
	free(to);
}

/* Once a pass: turn on or off as the option says; follow a move. */
void
ui_follow(struct ui *ui)
{
	struct app *app = ui->app;
	struct ui_follow *s = ui->follow;
	const char *lc = app_lcwd(app), *rc = app_rcwd(app), *rel;
	bool lmoved, rmoved;

	if (!app->opts.sync_browse || !ftp_session_connected(app->ftp)) {
		if (s != NULL && !app->opts.sync_browse)
			ui_message(ui, APP_INFO, "%s", _("Synchronized "
			    "browsing off."));
		if (!app->opts.sync_browse)
			ui_follow_free(ui);
		return;
	}
	if (app->running != NULL || ui->rescan_local || ui->sync_remote)
		return;
	if (s == NULL) {
		s = ui->follow = xcalloc(1, sizeof *s);
		ui->dirty_status = true;	/* SYNC on the status line */
		s->lroot = xstrdup(lc);
		s->rroot = xstrdup(rc);
		s->lseen = xstrdup(lc);
		s->rseen = xstrdup(rc);
		ui_message(ui, APP_INFO, _("Synchronized browsing on: %s and "
		    "%s."), lc, rc);
		return;
	}
	lmoved = strcmp(lc, s->lseen) != 0;
	rmoved = strcmp(rc, s->rseen) != 0;
	if (!lmoved && !rmoved)
		return;
	free(s->lseen);
	free(s->rseen);
	s->lseen = xstrdup(lc);
	s->rseen = xstrdup(rc);
	if (lmoved && rmoved)
		return;		/* both moved: the follow itself */
	if ((rel = rel_of(lmoved ? s->lroot : s->rroot, lmoved ? lc : rc)) ==
	    NULL) {
		ui_message(ui, APP_WARN, _("Synchronized browsing: outside "
		    "where it started; the other side stays (%s)."),
		    lmoved ? s->lroot : s->rroot);
		return;
	}
	follow(ui, lmoved, rel);
}
