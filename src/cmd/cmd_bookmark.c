/*
 * cmd_bookmark.c: bookmark add [-c CHARSET] [-t TLS] NAME [URL] | del
 * NAME | list.
 *
 * Bookmarks live in $XDG_CONFIG_HOME/jangada/bookmarks (mode 0600), one
 * "NAME URL [charset=NAME] [tls=WORD]" line each, never with a password:
 * a URL given with one is stored without it. "open @NAME" connects to one
 * and applies its settings to that connection (app_site_set).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

/*
 * The current connection as a URL without the password; the directory is
 * written relative to the login directory when it is inside it (as a
 * user types it: ftp://host/pub), absolute (%2F) otherwise.
 */
static char *
current_url(struct app *app)
{
	struct ftp_url u;
	const char *cwd = app_rcwd(app), *login = app->rcwd_login;
	size_t n = login != NULL ? strlen(login) : 0;
	char *path, *url;

	if (app->host == NULL)
		return NULL;
	memset(&u, 0, sizeof u);
	u.host = app->host;
	u.port = app->port;
	u.user = app->user;
	/* A connection under TLS is bookmarked as one that requires it. */
	u.tls = app->tls_url != 0 ? app->tls_url :
	    ftp_session_tls(app->ftp) != NULL ? 'e' : 0;
	if (n > 0 && strncmp(cwd, login, n) == 0 &&
	    (login[n - 1] == '/' || cwd[n] == '/' || cwd[n] == '\0'))
		cwd += n + (cwd[n] == '/');
	/* A directory's URL ends in '/' (ftp://h/pub/linux/). */
	path = *cwd == '\0' || cwd[strlen(cwd) - 1] == '/' ? xstrdup(cwd) :
	    xasprintf("%s/", cwd);
	u.path = path;
	u.path_is_dir = true;
	url = url_format(&u, ftp_session_connected(app->ftp));
	free(path);
	return url;
}

/* Open the bookmarks file: 0, or -1 (the call failed). */
static int
bm_open(struct cmd_call *c, char **path, struct bookmark **bm, size_t *n)
{
	char err[512];

	*bm = NULL;
	*n = 0;
	if ((*path = xdg_path(false, "bookmarks", true)) == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", _("no place for bookmarks (is "
		    "HOME set?)"));
		return -1;
	}
	switch (bm_load(*path, bm, n, err, sizeof err)) {
	case -1:
		free(*path);
		cmd_fail(c, CMD_FAILED, "%s", err);
		return -1;
	case 0:
		break;
	default:
		/* a line skipped: said (the first), the others kept */
		app_out(c->app, APP_WARN, "%s", err);
		break;
	}
	return 0;
}

/* bookmark [list]. */
int
cmd_bookmark_list(struct cmd_call *c)
{
	struct bookmark *bm;
	size_t n, i;
	char *path;

	if (bm_open(c, &path, &bm, &n) == -1)
		return 0;
	if (n == 0)
		app_out(c->app, APP_OUT, "%s", _("No bookmarks yet (bookmark "
		    "add NAME)."));
	for (i = 0; i < n; i++)
		app_out(c->app, APP_OUT, "%-16s %s%s%s%s%s", bm[i].name,
		    bm[i].url, bm[i].charset != NULL ? "  charset=" : "",
		    bm[i].charset != NULL ? bm[i].charset : "",
		    bm[i].tls != NULL ? "  tls=" : "",
		    bm[i].tls != NULL ? bm[i].tls : "");
	bm_free(bm, n);
	free(path);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* bookmark add NAME [URL]: the URL is kept as typed, less a password. */
int
cmd_bookmark_add(struct cmd_call *c)
{
	struct app *app = c->app;
	struct bookmark *bm;
	struct ftp_url u;
	const char *name = c->argv[2], *cs = cmd_optarg(c, 'c'),
	    *tls = cmd_optarg(c, 't');
	size_t n, i;
	char *path, err[512], *url = NULL, csv[32];
	int rc = CMD_OK, tv;

	if (!bm_valid_name(name)) {
		cmd_fail(c, CMD_USAGE, _("bad name: %s"), name);
		return 0;
	}
	/* the settings are checked now, as set would check them */
	if (app_site_parse(cs, tls, csv, &tv, err, sizeof err) == -1) {
		cmd_fail(c, CMD_USAGE, "%s", err);
		return 0;
	}
	if (c->argc == 4) {
		if (url_parse(c->argv[3], &u, err, sizeof err) == -1) {
			cmd_fail(c, CMD_USAGE, "%s", err);
			return 0;
		}
		url_free(&u);
		url = url_strip_password(c->argv[3]);
	} else if ((url = current_url(app)) == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", _("not connected; give a URL"));
		return 0;
	}
	if (bm_open(c, &path, &bm, &n) == -1) {
		free(url);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (strcmp(bm[i].name, name) == 0)
			break;
	if (i == n) {
		bm = xreallocarray(bm, n + 1, sizeof *bm);
		bm[n].name = xstrdup(name);
		bm[n].url = NULL;
		bm[n].charset = bm[n].tls = NULL;
		n++;
	}
	free(bm[i].url);
	bm[i].url = url;
	/* settings not given stay as they were */
	if (cs != NULL) {
		free(bm[i].charset);
		bm[i].charset = xstrdup(cs);
	}
	if (tls != NULL) {
		free(bm[i].tls);
		bm[i].tls = xstrdup(tls);
	}
	if (bm_save(path, bm, n, err, sizeof err) == -1) {
		rc = CMD_FAILED;
		app_out(app, APP_ERROR, "bookmark: %s", err);
	} else if (!app->quiet)
		app_out(app, APP_INFO, _("Bookmark %s: %s"), bm[i].name,
		    bm[i].url);
	bm_free(bm, n);
	free(path);
	cmd_finish(c, rc);
	return 0;
}

/* bookmark del NAME. */
int
cmd_bookmark_del(struct cmd_call *c)
{
	struct bookmark *bm;
	size_t n, i;
	char *path, err[512];
	int rc = CMD_OK;

	if (bm_open(c, &path, &bm, &n) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(bm[i].name, c->argv[2]) == 0)
			break;
	if (i == n) {
		rc = CMD_FAILED;
		app_out(c->app, APP_ERROR, _("bookmark: no bookmark %s"),
		    c->argv[2]);
	} else {
		free(bm[i].name);
		free(bm[i].url);
		free(bm[i].charset);
		free(bm[i].tls);
		memmove(&bm[i], &bm[i + 1], (n - i - 1) * sizeof *bm);
		n--;
		if (bm_save(path, bm, n, err, sizeof err) == -1) {
			rc = CMD_FAILED;
			app_out(c->app, APP_ERROR, "bookmark: %s", err);
		}
	}
	bm_free(bm, n);
	free(path);
	cmd_finish(c, rc);
	return 0;
}
