/*
 * cmd_conn.c: the connection commands: open, user, close, quit, status,
 * passive, active, set, show, debug, quote, site.
 *
 * open takes a URL, HOST [PORT] or @BOOKMARK; a login not given is looked
 * up in ~/.netrc (a password there is used only if the file is private,
 * R56); a user without a password is asked for one, without echo, through
 * the front end. Passwords live in the app only as long as the
 * connection: the queue needs them to log its own connections in.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

struct open_state {
	char	*path;		/* the URL's directory to enter, or NULL */
	char	*user;
	char	*pass;
	char	*acct;
	bool	 path_is_dir;	/* the URL's path ended in '/' */
	char	*file;		/* the path named a file: its name */
};

static void	open_again(struct cmd_call *);

static void
open_state_free(void *p)
{
	struct open_state *os = p;

	free(os->path);
	free(os->file);
	free(os->user);
	secret_free(os->pass);
	secret_free(os->acct);
	free(os);
}

/*
 * The cd after open, done. A URL whose path has no trailing slash may
 * name a directory or a file: CWD is tried first; when the server refuses
 * it (5xx), the parent is entered and app->open_file names the file (batch
 * downloads it).
 */
static void
open_cd_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	struct app *app = c->app;
	struct open_state *os = c->priv;
	char *slash;

	app_changed(app, APP_CH_RCWD);
	if (!st->ok && !os->path_is_dir && os->file == NULL &&
	    st->code >= 500 && ftp_session_connected(app->ftp)) {
		slash = strrchr(os->path, '/');
		os->file = xstrdup(slash != NULL ? slash + 1 : os->path);
		if (slash != NULL && *os->file != '\0') {
			slash[slash == os->path ? 1 : 0] = '\0';
			ftp_cwd(app->ftp, os->path, open_cd_done, c);
			return;
		}
		st->ok = *os->file != '\0';
	}
	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	free(app->open_file);
	app->open_file = os->file;
	os->file = NULL;
	if (app->open_file != NULL && !app->batch && !app->quiet)
		app_out(app, APP_INFO, _("%s is a file: 'get %s' downloads "
		    "it."), app->open_file, app->open_file);
	if (app->opts.autolist)
		app_dir_load(app, app_rcwd(app), false, NULL, NULL);
	cmd_finish(c, CMD_OK);
}

/* Logged in (or not). */
static void
open_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	struct app *app = c->app;
	struct open_state *os = c->priv;
	struct ftp_login l;

	app_changed(app, APP_CH_CONN | APP_CH_RCWD);
	if (!st->ok) {
		if (cmd_open_refused(c, st, open_again))
			return;		/* the screen asks */
		cmd_fail_status(c, st);
		return;
	}
	free(app->rcwd_login);
	app->rcwd_login = xstrdup(app_rcwd(app));
	free(app->rcwd_lost);
	app->rcwd_lost = NULL;
	app->rc_logged_in = true;	/* a drop from now on reconnects */
	free(app->rcwd_prev);
	app->rcwd_prev = NULL;
	app_login_of(app, &l);
	xq_set_server(app->queue, &l, ftp_session_options(app->ftp));
	if (!app->quiet)
		app_out(app, APP_INFO, _("Logged in to %s as %s."), app->host,
		    app->user != NULL ? app->user : "anonymous");
	cmd_queue_saved_hint(app);	/* the last run's, again */
	if (!app->batch)
		recent_note(app);	/* the screen's site picker */
	if (os->path != NULL && *os->path != '\0') {
		ftp_cwd(app->ftp, os->path, open_cd_done, c);
		return;
	}
	if (app->opts.autolist)
		app_dir_load(app, app_rcwd(app), false, NULL, NULL);
	cmd_finish(c, CMD_OK);
}

/* Connect with what the call gathered. */
static void
open_go(struct cmd_call *c)
{
	struct app *app = c->app;
	struct open_state *os = c->priv;
	struct ftp_login l;
	int rc;

	free(app->user);
	secret_free(app->pass);
	secret_free(app->acct);
	free(app->open_file);
	app->open_file = NULL;
	app->user = os->user;
	app->pass = os->pass;
	app->acct = os->acct;
	os->user = os->pass = os->acct = NULL;
	app_reconnect_stop(app);
	app_opts_apply(app);
	app_dir_forget_all(app);
	app_zone_forget(app);		/* another server, perhaps */
	app_login_of(app, &l);
	if (!app->quiet)
		app_out(app, APP_INFO, _("Connecting to %s port %s..."),
		    app->host, app->port);
	app->rc_hold = true;	/* the old connection goes: no reconnection */
	rc = ftp_connect(app->ftp, &l, open_done, c);
	app->rc_hold = false;
	if (rc == -1)
		cmd_fail(c, CMD_FAILED, "%s", strerror(errno));
}

/* Connect again with the login the app holds (a yes to the trust
   question of cmd_open_refused). */
static void
open_again(struct cmd_call *c)
{
	struct app *app = c->app;
	struct open_state *os = c->priv;

	free(os->user);
	secret_free(os->pass);
	secret_free(os->acct);
	os->user = app->user != NULL ? xstrdup(app->user) : NULL;
	os->pass = app->pass != NULL ? xstrdup(app->pass) : NULL;
	os->acct = app->acct != NULL ? xstrdup(app->acct) : NULL;
	open_go(c);
}

/* The password the user typed (NULL: gave up). */
static void
open_secret(struct app *app, const char *secret, void *arg)
{
	struct cmd_call *c = arg;
	struct open_state *os = c->priv;

	if (secret == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", _("no password given"));
		return;
	}
	os->pass = xstrdup(secret);
	open_go(c);
}

/* Ask for the password if a user has none, then connect. */
static void
open_login(struct cmd_call *c)
{
	struct app *app = c->app;
	struct open_state *os = c->priv;
	char *prompt, *raw;

	if (os->user != NULL && os->pass == NULL &&
	    strcmp(os->user, "anonymous") != 0 && strcmp(os->user, "ftp") != 0) {
		if (app->hooks.ask_secret == NULL) {
			cmd_fail(c, CMD_FAILED, _("a password is needed for %s "
			    "and cannot be asked for here (give it in "
			    "~/.netrc)"), os->user);
			return;
		}
		raw = xasprintf(_("Password for %s@%s: "), os->user,
		    app->host);
		prompt = san_cstr(raw);
		app->hooks.ask_secret(app, prompt, open_secret, c,
		    app->hooks_arg);
		free(prompt);
		free(raw);
		return;
	}
	open_go(c);
}

/* Fill user/password from ~/.netrc when the command gave none. */
static void
open_netrc(struct cmd_call *c)
{
	struct app *app = c->app;
	struct open_state *os = c->priv;
	struct netrc_entry e;
	char *path, warn[512], err[512];
	const char *home = getenv("HOME");
	int rc;

	if (os->pass != NULL)
		return;
	if (getenv("NETRC") != NULL)
		path = xstrdup(getenv("NETRC"));
	else if (home != NULL)
		path = xasprintf("%s/.netrc", home);
	else
		return;
	warn[0] = err[0] = '\0';
	memset(&e, 0, sizeof e);
	rc = netrc_lookup(path, app->host, os->user, &e, warn, sizeof warn,
	    err, sizeof err);
	if (warn[0] != '\0')
		app_out(app, APP_WARN, "%s", warn);
	if (rc == -1 && err[0] != '\0')
		app_out(app, APP_WARN, "%s", err);
	if (rc == 1) {
		if (os->user == NULL && e.login != NULL)
			os->user = xstrdup(e.login);
		if (e.password != NULL && os->user != NULL &&
		    (e.login == NULL || strcmp(e.login, os->user) == 0))
			os->pass = xstrdup(e.password);
		if (e.account != NULL && os->acct == NULL)
			os->acct = xstrdup(e.account);
	}
	netrc_free(&e);
	free(path);
}

/* Take a parsed URL or place into the call's state and the app. */
static void
open_take(struct cmd_call *c, struct ftp_url *u)
{
	struct app *app = c->app;
	struct open_state *os = c->priv;

	free(app->host);
	free(app->port);
	app->host = u->host;
	app->port = u->port != NULL ? u->port : xstrdup("21");
	app->tls_url = u->tls;
	u->host = u->port = NULL;
	os->user = u->user;
	os->pass = u->pass;
	u->user = u->pass = NULL;
	if (u->path != NULL && *u->path != '\0') {
		os->path = xstrdup(u->path);
		os->path_is_dir = u->path_is_dir;
	}
	if (u->type == 'a')
		app->opts.type = XQ_TYPE_ASCII;
	else if (u->type == 'i')
		app->opts.type = XQ_TYPE_BINARY;
	url_free(u);
}

/*
 * The URL of a bookmark, or NULL (the call failed); its charset= and tls=
 * go to the app for this connection.
 */
static char *
open_bookmark(struct cmd_call *c, const char *name)
{
	struct bookmark *bm = NULL;
	size_t nbm = 0, i;
	char err[512], *path, *url = NULL, *msg;
	int bad = 0;

	path = xdg_path(false, "bookmarks", false);
	if (path != NULL && bm_load(path, &bm, &nbm, err, sizeof err) != -1) {
		for (i = 0; i < nbm; i++) {
			if (strcmp(bm[i].name, name) != 0)
				continue;
			url = xstrdup(bm[i].url);
			bad = app_site_parse(bm[i].charset, bm[i].tls,
			    c->app->site_charset, &c->app->site_tls, err,
			    sizeof err);
		}
		bm_free(bm, nbm);
	}
	free(path);
	if (url == NULL)
		cmd_fail(c, CMD_FAILED, _("no bookmark %s (see 'bookmark "
		    "list')"), name);
	else if (bad == -1) {
		secret_free(url);
		url = NULL;
		msg = san_cstr(err);
		cmd_fail(c, CMD_FAILED, _("bookmark %s: %s"), name, msg);
		free(msg);
	}
	return url;
}

/*
 * open [-u USER[,PASS]] [-p PORT] [URL | [USER@]HOST[:PORT] [PORT] |
 * @BOOKMARK]: the options win over what the place says.
 */
int
cmd_open(struct cmd_call *c)
{
	struct app *app = c->app;
	struct open_state *os = xcalloc(1, sizeof *os);
	struct ftp_url u;
	const char *target, *uopt = cmd_optarg(c, 'u'),
	    *popt = cmd_optarg(c, 'p'), *comma;
	char err[512], *bmurl = NULL;
	unsigned port, pport = 0;
	int rc;
	bool is_url;

	c->priv = os;
	c->priv_free = open_state_free;
	if (popt != NULL && str_to_port(popt, &pport) == -1) {
		cmd_fail(c, CMD_USAGE, _("bad port: %s (give 1 to 65535)"),
		    popt);
		return 0;
	}
	if (popt != NULL && c->argc == 3) {
		cmd_usage(c, _("the port is given twice"));
		return 0;
	}
	if (c->argc == 1) {
		if (app->host == NULL) {
			cmd_usage(c, NULL);
			return 0;
		}
		os->user = app->user ? xstrdup(app->user) : NULL;
		os->pass = app->pass ? xstrdup(app->pass) : NULL;
		os->acct = app->acct ? xstrdup(app->acct) : NULL;
		/* After a drop: back where the user was. */
		if (app->rcwd_lost != NULL) {
			os->path = xstrdup(app->rcwd_lost);
			os->path_is_dir = true;
		}
	} else {
		free(app->rcwd_lost);
		app->rcwd_lost = NULL;
		/* another place: no bookmark's settings (open @NAME sets its) */
		app->site_charset[0] = '\0';
		app->site_tls = -1;
		target = c->argv[1];
		if (target[0] == '@') {
			if ((bmurl = open_bookmark(c, target + 1)) == NULL)
				return 0;
			target = bmurl;
		}
		is_url = strstr(target, "://") != NULL;
		if (is_url)
			rc = url_parse(target, &u, err, sizeof err);
		else
			rc = url_parse_place(target, &u, err, sizeof err);
		secret_free(bmurl);
		target = NULL;
		if (rc == -1) {
			cmd_fail(c, CMD_USAGE, "%s", err);
			return 0;
		}
		if (c->argc == 3) {
			if (u.port != NULL || is_url) {
				url_free(&u);
				cmd_usage(c, _("the port is given twice"));
				return 0;
			}
			if (str_to_port(c->argv[2], &port) == -1) {
				url_free(&u);
				cmd_fail(c, CMD_USAGE, _("bad port: %s (give 1 "
				    "to 65535)"), c->argv[2]);
				return 0;
			}
			free(u.port);
			u.port = xasprintf("%u", port);
		}
		open_take(c, &u);
	}
	if (popt != NULL) {
		free(app->port);
		app->port = xasprintf("%u", pport);
	}
	if (uopt != NULL) {
		free(os->user);
		secret_free(os->pass);
		os->pass = NULL;
		if ((comma = strchr(uopt, ',')) != NULL) {
			os->user = xstrndup(uopt, (size_t)(comma - uopt));
			os->pass = xstrdup(comma + 1);
		} else
			os->user = xstrdup(uopt);
	}
	open_netrc(c);
	open_login(c);
	return 0;
}

/* user NAME [PASSWORD [ACCOUNT]]: log in again on the same server. */
int
cmd_user(struct cmd_call *c)
{
	struct app *app = c->app;
	struct open_state *os;

	if (app->host == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", _("not connected (use open)"));
		return 0;
	}
	os = xcalloc(1, sizeof *os);
	c->priv = os;
	c->priv_free = open_state_free;
	os->user = xstrdup(c->argv[1]);
	if (c->argc > 2)
		os->pass = xstrdup(c->argv[2]);
	if (c->argc > 3)
		os->acct = xstrdup(c->argv[3]);
	if (os->pass == NULL)
		open_netrc(c);
	open_login(c);
	return 0;
}

/* QUIT answered. */
static void
close_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;

	app_changed(c->app, APP_CH_CONN);
	cmd_finish(c, CMD_OK);
}

/* close. */
int
cmd_close(struct cmd_call *c)
{
	bool reconnecting = c->app->rc_armed;

	app_reconnect_stop(c->app);
	if (!ftp_session_connected(c->app->ftp)) {
		if (reconnecting) {	/* close stops it */
			cmd_finish(c, CMD_OK);
			return 0;
		}
		cmd_fail(c, CMD_FAILED, "%s", _("not connected"));
		return 0;
	}
	ftp_quit(c->app->ftp, close_done, c);
	return 0;
}

/* quit: the front end sees app->quit and leaves. */
int
cmd_quit(struct cmd_call *c)
{
	c->app->quit = true;
	app_reconnect_stop(c->app);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* A certificate trusted by tls-trust: pinned for this host:port. */
void
app_tls_trusted(struct ftp_session *s, const char *fp, void *arg)
{
	struct app *app = arg;

	if (app->host == NULL || app->port == NULL)
		return;
	if (pins_add(app->host, app->port, fp) == -1)
		app_out(app, APP_WARN, _("cannot pin the certificate of %s: "
		    "%s"), app->host, strerror(errno));
	else if (!app->quiet)
		app_out(app, APP_INFO, _("The certificate %s of %s:%s is "
		    "pinned: from now on only it is accepted there."), fp,
		    app->host, app->port);
}

/* status: TLS and the server's certificate (its text sanitized). */
static void
status_tls(struct app *app)
{
	const char *tls = ftp_session_tls(app->ftp);
	char cert[4096], *line, *save = NULL, *shown;

	if (tls == NULL) {
		app_out(app, APP_OUT, "%s", _("TLS: off (plain FTP: nothing "
		    "is encrypted)."));
		return;
	}
	app_out(app, APP_OUT, _("TLS: %s."), tls);
	ftp_session_cert(app->ftp, cert, sizeof cert);
	for (line = strtok_r(cert, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		shown = san_cstr(line);
		app_out(app, APP_OUT, "  %s", shown);
		free(shown);
	}
}

/* status. */
int
cmd_status(struct cmd_call *c)
{
	struct app *app = c->app;
	const struct ftp_features *f = ftp_session_features(app->ftp);
	struct xq_stats qs;

	if (ftp_session_connected(app->ftp)) {
		app_out(app, APP_OUT, _("Connected to %s port %s as %s."),
		    app->host, app->port, app->user ? app->user :
		    "anonymous");
		app_out(app, APP_OUT, _("Remote directory: %s"),
		    app_rcwd(app));
		if (ftp_session_system(app->ftp) != NULL)
			app_out(app, APP_OUT, _("System: %s"),
			    ftp_session_system(app->ftp));
		app_out(app, APP_OUT, _("Features:%s%s%s%s%s%s%s"),
		    f->mlsd ? " MLSD" : "", f->size ? " SIZE" : "",
		    f->mdtm ? " MDTM" : "", f->mfmt ? " MFMT" : "",
		    f->rest_stream ? " REST" : "", f->utf8 ? " UTF8" : "",
		    f->epsv ? " EPSV" : "");
		status_tls(app);
	} else
		app_out(app, APP_OUT, "%s", _("Not connected."));
	app_out(app, APP_OUT, _("Transfer type: %s; data connection mode: %s."),
	    app->opts.type == XQ_TYPE_ASCII ? "ASCII" :
	    app->opts.type == XQ_TYPE_AUTO ? "auto" : "binary",
	    app->opts.passive ? _("passive") : _("active"));
	xq_stats(app->queue, &qs);
	app_out(app, APP_OUT, _("Queue: %u active, %u queued, %u done, %u "
	    "failed."), qs.active, qs.queued, qs.done, qs.failed);
	app_out(app, APP_OUT, _("Local directory: %s"), app_lcwd(app));
	cmd_finish(c, CMD_OK);
	return 0;
}

/* Set one option from a command and report it. */
static void
set_one(struct cmd_call *c, const char *name, const char *value)
{
	char err[512];

	if (app_opt_set(c->app, name, value, err, sizeof err) == -1) {
		cmd_fail(c, CMD_USAGE, "%s", err);
		return;
	}
	cmd_finish(c, CMD_OK);
}

/* passive [on|off]. */
int
cmd_passive(struct cmd_call *c)
{
	if (c->argc == 1)
		app_out(c->app, APP_INFO, "%s", _("Passive mode on."));
	set_one(c, "passive", c->argc == 2 ? c->argv[1] : "on");
	return 0;
}

/* active. */
int
cmd_active(struct cmd_call *c)
{
	app_out(c->app, APP_INFO, "%s", _("Active mode on."));
	set_one(c, "passive", "off");
	return 0;
}

/* set [OPTION [VALUE]]: without a value, show (as show does). */
int
cmd_set(struct cmd_call *c)
{
	if (c->argc < 3)
		return cmd_show(c);
	set_one(c, c->argv[1], c->argv[2]);
	return 0;
}

/* show [OPTION]. */
int
cmd_show(struct cmd_call *c)
{
	char out[4096];

	if (app_opt_show(c->app, c->argc == 2 ? c->argv[1] : NULL, out,
	    sizeof out) == -1) {
		cmd_fail(c, CMD_USAGE, "%s", out);
		return 0;
	}
	cmd_out_lines(c->app, out);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* debug [on|off]. */
int
cmd_debug(struct cmd_call *c)
{
	set_one(c, "debug", c->argc == 2 ? c->argv[1] :
	    c->app->opts.debug ? "off" : "on");
	return 0;
}

/* The reply to quote/site: print it whole. */
static void
quote_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	const char *p, *nl;

	if (st->reply != NULL) {
		for (p = st->reply->text; p != NULL; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			app_out(c->app, APP_OUT, "%.*s", nl ? (int)(nl - p) :
			    (int)strlen(p), p);
		}
	}
	if (!st->ok && st->reply == NULL)
		cmd_fail_status(c, st);
	else
		cmd_finish(c, st->ok ? CMD_OK : CMD_FAILED);
}

/* Glue argv[from..] into one line. */
static char *
join_args(struct cmd_call *c, int from)
{
	struct buf b;
	char *s;
	int i;

	buf_init(&b, 65536);
	for (i = from; i < c->argc; i++) {
		if (i > from)
			buf_append(&b, " ", 1);
		buf_append_str(&b, c->argv[i]);
	}
	s = xmemdup(buf_data(&b), buf_len(&b));
	buf_free(&b);
	return s;
}

/* quote COMMAND [ARGS]. */
int
cmd_quote(struct cmd_call *c)
{
	char *line;
	int rc;

	line = join_args(c, 1);
	rc = ftp_quote(c->app->ftp, line, quote_done, c);
	free(line);
	if (rc == -1)
		cmd_fail(c, CMD_USAGE, "%s", _("nothing to send"));
	return 0;
}

/* site ARGS. */
int
cmd_site(struct cmd_call *c)
{
	char *line;

	line = join_args(c, 1);
	ftp_site(c->app->ftp, line, quote_done, c);
	free(line);
	return 0;
}
