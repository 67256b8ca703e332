/*
 * cmd_bookmark.c: bookmark add NAME [URL] | del NAME | list.
 *
 * Bookmarks live in $XDG_CONFIG_HOME/jangada/bookmarks (mode 0600), one
 * "NAME URL" line each, never with a password: a URL given with one is
 * stored without it. "open @NAME" connects to one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

/* The current connection as a URL without the password. */
static char *
current_url(struct app *app)
{
	struct ftp_url u;
	char *s;

	if (app->host == NULL)
		return NULL;
	memset(&u, 0, sizeof u);
	u.host = app->host;
	u.port = app->port;
	u.user = app->user;
	u.path = (char *)app_rcwd(app);
	u.path_is_dir = true;
	s = url_format(&u, ftp_session_connected(app->ftp));
	return s;
}

/* bookmark add NAME [URL] | del NAME | list. */
int
cmd_bookmark(struct cmd_call *c)
{
	struct app *app = c->app;
	struct bookmark *bm = NULL;
	struct ftp_url u;
	size_t n = 0, i;
	char *path, err[512], *url = NULL;
	const char *what = c->argc > 1 ? c->argv[1] : "list";
	int rc = CMD_OK;

	if ((path = xdg_path(false, "bookmarks", true)) == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", _("no place for bookmarks (is "
		    "HOME set?)"));
		return 0;
	}
	if (bm_load(path, &bm, &n, err, sizeof err) == -1) {
		free(path);
		cmd_fail(c, CMD_FAILED, "%s", err);
		return 0;
	}
	if (strcmp(what, "list") == 0 && c->argc <= 2) {
		if (n == 0)
			app_out(app, APP_OUT, "%s", _("No bookmarks yet (bookmark "
			    "add NAME)."));
		for (i = 0; i < n; i++)
			app_out(app, APP_OUT, "%-16s %s", bm[i].name, bm[i].url);
	} else if (strcmp(what, "add") == 0 && (c->argc == 3 ||
	    c->argc == 4)) {
		if (!bm_valid_name(c->argv[2])) {
			rc = CMD_USAGE;
			app_out(app, APP_ERROR, _("bookmark: bad name: %s"),
			    c->argv[2]);
			goto out;
		}
		if (c->argc == 4) {
			if (url_parse(c->argv[3], &u, err, sizeof err) == -1) {
				rc = CMD_USAGE;
				app_out(app, APP_ERROR, "bookmark: %s", err);
				goto out;
			}
			url = url_format(&u, true);	/* no password */
			url_free(&u);
		} else if ((url = current_url(app)) == NULL) {
			rc = CMD_FAILED;
			app_out(app, APP_ERROR, "%s", _("bookmark: not "
			    "connected; give a URL"));
			goto out;
		}
		for (i = 0; i < n; i++)
			if (strcmp(bm[i].name, c->argv[2]) == 0)
				break;
		if (i == n) {
			bm = xreallocarray(bm, n + 1, sizeof *bm);
			bm[n].name = xstrdup(c->argv[2]);
			bm[n].url = NULL;
			n++;
		}
		free(bm[i].url);
		bm[i].url = url;
		url = NULL;
		if (bm_save(path, bm, n, err, sizeof err) == -1) {
			rc = CMD_FAILED;
			app_out(app, APP_ERROR, "bookmark: %s", err);
		} else if (!app->quiet)
			app_out(app, APP_INFO, _("Bookmark %s: %s"), bm[i].name,
			    bm[i].url);
	} else if ((strcmp(what, "del") == 0 || strcmp(what, "delete") == 0 ||
	    strcmp(what, "rm") == 0) && c->argc == 3) {
		for (i = 0; i < n; i++)
			if (strcmp(bm[i].name, c->argv[2]) == 0)
				break;
		if (i == n) {
			rc = CMD_FAILED;
			app_out(app, APP_ERROR, _("bookmark: no bookmark %s"),
			    c->argv[2]);
			goto out;
		}
		free(bm[i].name);
		free(bm[i].url);
		memmove(&bm[i], &bm[i + 1], (n - i - 1) * sizeof *bm);
		n--;
		if (bm_save(path, bm, n, err, sizeof err) == -1) {
			rc = CMD_FAILED;
			app_out(app, APP_ERROR, "bookmark: %s", err);
		}
	} else {
		rc = CMD_USAGE;
		app_out(app, APP_ERROR, _("usage: %s"), _(c->desc->usage));
	}
out:
	free(url);
	bm_free(bm, n);
	free(path);
	cmd_finish(c, rc);
	return 0;
}
