/*
 * reconnect.c: the browsing session reconnects by itself.
 *
 * When the connection of a session whose login succeeded drops (EOF, a
 * 421, a reply timeout: the session's closed callback with a reason; not
 * a refused login, a close or quit, or open going elsewhere), the directory the user was in is noted
 * and, unless `set reconnect 0`, the session logs in again with the same
 * login after 1 s, then 2 s, then 4 s (as many tries as the option says),
 * enters that directory again (one CWD to the absolute path) and says so.
 * A command that was running when the connection dropped has failed with
 * the reason and is not run again, except the ones that only look (ls,
 * nlist, cd, cdup, pwd: CMD_REPEAT), which are safe to repeat and run once
 * more after the reconnection. A command typed meanwhile that needs the
 * connection waits for the reconnection (Ctrl-C stops both). When every
 * try failed, `open` with no arguments (Enter on the screen) logs in again
 * and lands in the same directory.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/secret.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "ev/loop.h"

static void	rc_try(struct ev_timer *, void *);

/* The waiting command runs now (or fails: no connection). */
static void
rc_resume(struct app *app)
{
	struct cmd_call *c = app->rc_wait;
	bool repeat = app->rc_wait_repeat;

	if (c == NULL)
		return;
	app->rc_wait = NULL;
	c->priv = NULL;
	c->priv_free = NULL;
	if (app->running == c)
		app->running = NULL;
	if (!repeat) {
		cmd_call_run(c);
		return;
	}
	if (!ftp_session_connected(app->ftp)) {
		cmd_fail(c, CMD_FAILED, "%s", _("not connected (use open)"));
		return;
	}
	app->running = c;
	if (c->sub != NULL)
		c->sub->run(c);
	else
		c->desc->run(c);
}

/* Reconnecting is over (done or given up). */
static void
rc_end(struct app *app)
{
	app->rc_armed = false;
	app->rc_tries = 0;
	if (app->rc_timer != NULL)
		ev_timer_stop(app->rc_timer);
	rc_resume(app);
}

/* Back in the directory (or not). */
static void
rc_cwd_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct app *app = arg;

	if (st->interrupted) {
		rc_end(app);
		return;
	}
	if (st->ok)
		app_out(app, APP_INFO, _("Reconnected to %s; back in %s."),
		    app->host, app->rcwd_lost);
	else
		app_out(app, APP_WARN, _("Reconnected to %s, but %s cannot be "
		    "entered: %s"), app->host, app->rcwd_lost,
		    st->error != NULL ? st->error : _("failed"));
	free(app->rcwd_lost);
	app->rcwd_lost = NULL;
	app_dir_forget_all(app);
	app_changed(app, APP_CH_CONN | APP_CH_RCWD | APP_CH_RLIST);
	rc_end(app);
}

/* Logged in again (or not). */
static void
rc_connected(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct app *app = arg;
	int delay;

	app_changed(app, APP_CH_CONN | APP_CH_RCWD);
	if (st->interrupted || !app->rc_armed) {
		rc_end(app);
		return;
	}
	if (st->ok) {
		app->rc_logged_in = true;
		if (app->rcwd_lost != NULL) {
			ftp_cwd(app->ftp, app->rcwd_lost, rc_cwd_done, app);
			return;
		}
		app_out(app, APP_INFO, _("Reconnected to %s."), app->host);
		rc_end(app);
		return;
	}
	if (app->rc_tries >= app->opts.reconnect) {
		app_out(app, APP_WARN, _("Could not reconnect to %s: %s ('open' "
		    "tries again)"), app->host, st->error != NULL ? st->error :
		    _("failed"));
		rc_end(app);
		return;
	}
	delay = 1000 << (app->rc_tries < 4 ? app->rc_tries : 4);
	ev_timer_start(app->rc_timer, (uint64_t)delay);
}

/* A try: log in with the same login. */
static void
rc_try(struct ev_timer *t, void *arg)
{
	struct app *app = arg;
	struct ftp_login l;

	app->rc_tries++;
	app_out(app, APP_INFO, _("Reconnecting to %s (try %d of %d)..."),
	    app->host, app->rc_tries, app->opts.reconnect);
	app_login_of(app, &l);
	if (ftp_connect(app->ftp, &l, rc_connected, app) == -1)
		rc_end(app);
}

/*
 * Start reconnecting, if it may be done; true when under way. dropped:
 * the closed callback said the logged-in session dropped; otherwise
 * (a command that needs the connection) only a drop the closed callback
 * has not told yet counts: the session was logged in and is closed.
 */
static bool
rc_arm(struct app *app, bool dropped)
{
	const char *cwd = ftp_session_cwd(app->ftp);

	if (app->rc_armed)
		return true;
	if ((!dropped && !app->rc_logged_in) || app->host == NULL || app->quit || app->opts.reconnect <= 0 ||
	    app->rc_hold || ftp_session_connected(app->ftp))
		return false;
	if (cwd != NULL) {
		free(app->rcwd_lost);
		app->rcwd_lost = xstrdup(cwd);
	}
	if (app->rc_timer == NULL)
		app->rc_timer = ev_timer_new(app->loop, rc_try, app);
	app->rc_armed = true;
	app->rc_tries = 0;
	ev_timer_start(app->rc_timer, 1000);
	return true;
}

void
app_reconnect_state(struct app *app, enum ftp_state st)
{
	/* Set by a login that succeeded (open_done, rc_connected): a failed
	   one passes through "ready" too. */
	if (st == FTP_ST_IDLE || st == FTP_ST_CONNECTING ||
	    st == FTP_ST_QUITTING)
		app->rc_logged_in = false;
}

void
app_reconnect_lost(struct app *app, const char *err)
{
	const char *cwd = ftp_session_cwd(app->ftp);
	bool was_in = app->rc_logged_in;

	app->rc_logged_in = false;
	/*
	 * A try that failed (rc_connected goes on), a close asked for, a
	 * login refused, open going elsewhere: nothing to do here.
	 */
	if (app->rc_armed || err == NULL || !was_in || app->rc_hold)
		return;
	/* Where the user was: open with no arguments goes back there. */
	if (cwd != NULL) {
		free(app->rcwd_lost);
		app->rcwd_lost = xstrdup(cwd);
	}
	rc_arm(app, true);
}

void
app_reconnect_stop(struct app *app)
{
	if (!app->rc_armed && app->rc_wait == NULL)
		return;
	app->rc_armed = false;
	rc_end(app);
}

/* The waiting call ended (Ctrl-C): forget it. */
static void
rc_wait_gone(void *p)
{
	struct app *app = p;

	app->rc_wait = NULL;
	app->rc_armed = false;
	if (app->rc_timer != NULL)
		ev_timer_stop(app->rc_timer);
}

/* Wait for the reconnection, then run (repeat: run again) the call. */
static bool
rc_wait(struct cmd_call *c, bool repeat)
{
	struct app *app = c->app;

	if (app->rc_wait != NULL || !rc_arm(app, false))
		return false;
	app->rc_wait = c;
	app->rc_wait_repeat = repeat;
	app->running = c;
	c->priv = app;
	c->priv_free = rc_wait_gone;
	return true;
}

bool
app_reconnect_wait(struct cmd_call *c)
{
	return rc_wait(c, false);
}

bool
app_reconnect_repeat(struct cmd_call *c)
{
	if (!(c->desc->flags & CMD_REPEAT) || c->repeated || c->interrupted ||
	    ftp_session_connected(c->app->ftp))
		return false;
	c->repeated = true;
	if (c->priv_free != NULL && c->priv != NULL)
		c->priv_free(c->priv);
	c->priv = NULL;
	c->priv_free = NULL;
	c->shown = 0;
	return rc_wait(c, true);
}

void
app_reconnect_free(struct app *app)
{
	ev_timer_free(app->rc_timer);
	app->rc_timer = NULL;
	free(app->rcwd_lost);
	app->rcwd_lost = NULL;
}
