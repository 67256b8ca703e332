/*
 * app_life.c: the app's lifetime (app.h): app_new makes the browsing
 * session and the queue and wires their events to the parts of the
 * command language that answer them (the reconnection, the held checks,
 * the transfer command waiting for its jobs, the pinning of a trusted
 * certificate); app_free takes it all down. The state itself and its
 * helpers are in app.c, below every command; this file is above them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/pgets.h"
#include "ftp/explain.h"
#include "cmd/cmd.h"
#include "cmd/cmd_priv.h"
#include "cmd/verify.h"
#include "ev/loop.h"
#include "local/lpath.h"

/* ------------------------------------------------- session callbacks */

static void
on_transcript(struct ftp_session *s, bool sent, const char *line, void *arg)
{
	struct app *app = arg;
	char *clean;

	if (app->hooks.transcript == NULL && !app->opts.debug)
		return;
	clean = san_cstr(line);
	if (app->hooks.transcript != NULL)
		app->hooks.transcript(app, 0, sent, clean, app->hooks_arg);
	if (app->opts.debug && app->hooks.out != NULL) {
		char *l = xasprintf("%s %s", sent ? "--->" : "<---", clean);
		char *e = app->opts.explain ? ftp_explain(sent, clean) : NULL;

		app->hooks.out(app, APP_INFO, l, app->hooks_arg);
		free(l);
		if (e != NULL) {
			l = xasprintf("     = %s", e);
			app->hooks.out(app, APP_INFO, l, app->hooks_arg);
			free(l);
			free(e);
		}
	}
	free(clean);
}

static void
on_state(struct ftp_session *s, enum ftp_state old, enum ftp_state new,
    void *arg)
{
	app_reconnect_state(arg, new);
	app_changed(arg, APP_CH_CONN);
}

static void
on_warning(struct ftp_session *s, const char *msg, void *arg)
{
	app_out(arg, APP_WARN, "%s", msg);
}

static void
on_closed(struct ftp_session *s, const char *err, void *arg)
{
	struct app *app = arg;

	if (err != NULL)
		app_out(app, APP_WARN, _("connection to %s closed: %s"),
		    app->host ? app->host : "?", err);
	app_reconnect_lost(app, err);
	app_changed(app, APP_CH_CONN);
}

/* ---------------------------------------------------- queue events */

static void
q_changed(struct xq *q, const struct xq_job *job, void *arg)
{
	struct app *app = arg;

	if (app->hooks.job != NULL)
		app->hooks.job(app, job, app->hooks_arg);
}

static void
q_idle(struct xq *q, void *arg)
{
	struct app *app = arg;

	if (app->wait_call != NULL)
		cmd_jobs_ended(app);
	verify_idle(app);
	if (app->hooks.queue_idle != NULL)
		app->hooks.queue_idle(app, app->hooks_arg);
}

/* A download waits for its check before the commit (verify.h). */
static void
q_check(struct xq *q, const struct xq_job *job, const char *part, void *arg)
{
	verify_held(arg, job, part);
}

static void
q_ask(struct xq *q, const struct xq_job *job, const char *target, void *arg)
{
	struct app *app = arg;

	if (app->hooks.ask_overwrite != NULL)
		app->hooks.ask_overwrite(app, job, target, app->hooks_arg);
	else
		xq_answer(q, job->id, XQ_SKIP, false);
}

/*
 * A transfer connection warned: say it with the file it is about, in
 * batch and on the screen (msg is sanitized already; so is the name).
 */
static void
q_warning(struct xq *q, const struct xq_job *job, const char *msg, void *arg)
{
	struct app *app = arg;
	const char *path = job->kind == XQ_GET ? job->remote : job->local;
	char *name = san_cstr(path != NULL ? path : "?"), *line;

	/* The engine's own words may start with the name already. */
	if (strncmp(msg, name, strlen(name)) == 0)
		line = xstrdup(msg);
	else
		line = xasprintf("%s: %s", name, msg);
	app_out_clean(app, APP_WARN, line);
	free(line);
	free(name);
}

static void
q_transcript(struct xq *q, int conn, bool sent, const char *line, void *arg)
{
	struct app *app = arg;
	char *clean;

	if (app->hooks.transcript == NULL)
		return;
	clean = san_cstr(line);
	app->hooks.transcript(app, conn, sent, clean, app->hooks_arg);
	free(clean);
}

/* ------------------------------------------------------- lifetime */

/* Make the app: a browsing session (not connected) and a queue. */
struct app *
app_new(struct ev_loop *loop, const struct app_hooks *hooks, void *arg,
    bool batch)
{
	static const struct ftp_session_cb scb = {
		.transcript = on_transcript,
		.state = on_state,
		.warning = on_warning,
		.closed = on_closed,
		.tls_trusted = app_tls_trusted
	};
	static const struct xq_events qev = {
		.changed = q_changed,
		.warning = q_warning,
		.ask = q_ask,
		.check = q_check,
		.idle = q_idle,
		.transcript = q_transcript
	};
	struct app *app = xcalloc(1, sizeof *app);
	char err[256];

	app->loop = loop;
	if (hooks != NULL)
		app->hooks = *hooks;
	app->hooks_arg = arg;
	app->batch = batch;
	app->ftp = ftp_session_new(loop, &scb, app);
	app->queue = xq_new(loop, &qev, app);
	app->opts.connect_timeout = LIM_CONNECT_MS / 1000;
	app->opts.timeout = LIM_REPLY_MS / 1000;
	app->opts.keepalive = LIM_KEEPALIVE_MS / 1000;
	app->opts.parallel = XQ_DEFAULT_PARALLEL;
	app->opts.retries = XQ_DEFAULT_RETRIES;
	app->opts.reconnect = DEF_RECONNECT;
	app->opts.symlinks = XQ_LINKS_FOLLOW;
	str_lcpy(app->opts.charset, "auto", sizeof app->opts.charset);
	app->opts.segments = DEF_SEGMENTS;
	app->opts.segment_min = DEF_SEGMENT_MIN;
	app->opts.overwrite = XQ_ASK;
	app->opts.type = XQ_TYPE_BINARY;
	app->opts.passive = true;
	app->opts.epsv = true;
	app->opts.mlsd = true;
	app->opts.tls = FTP_TLS_AUTO;
	app->opts.tls_data = true;
	app->opts.fail_exit = true;
	app->opts.progress = true;
	app->opts.keep_time = true;
	app->opts.view_kib = LIM_VIEW_DEFAULT / 1024;
	app->opts.autolist = !batch;
	app->opts.mouse = true;
	app->opts.arrow_nav = DEF_ARROW_NAV;
	app->site_tls = -1;
	app->opts.columns = APP_COLS_DEFAULT;
	app->opts.udp_wait = DEF_UDP_WAIT_S;
	app->opts.max_dirs = XQ_DEFAULT_MAX_DIRS;
	app->opts.max_entries = XQ_DEFAULT_MAX_ENTRIES;
	app->opts.verify = 1;
	app_opts_apply(app);
	app->lcwd.fd = app->lcwd_prev.fd = -1;
	if (app_set_lcwd(app, ".", err, sizeof err) == -1)
		app_set_lcwd(app, "/", err, sizeof err);
	lp_dir_close(&app->lcwd_prev);
	return app;
}

/* Free everything; connections are dropped. */
void
app_free(struct app *app)
{
	size_t i;

	if (app == NULL)
		return;
	for (i = 0; i < APP_MAX_CONS; i++) {
		struct con *con = app->cons[i];

		app->cons[i] = NULL;
		if (con != NULL)
			con_close(con);
	}
	ev_timer_free(app->con_wait_timer);
	app_reconnect_free(app);
	/*
	 * What still runs on the browsing session (a listing loading, a
	 * command) ends now, so its callbacks free what they hold; nobody
	 * is told any more.
	 */
	memset(&app->hooks, 0, sizeof app->hooks);
	if (app->running != NULL)
		app->running->done = NULL;
	/* what ended work left to a zero-delay timer is freed first */
	ev_run_due(app->loop);
	verify_held_free(app);
	ftp_cancel(app->ftp);
	/* The browsing session first: a get -o - holds the queue's limit. */
	ftp_session_free(app->ftp);
	xq_free(app->queue);
	app_dirs_free(app);
	free(app->host);
	free(app->once_for);
	free(app->port);
	free(app->user);
	secret_free(app->pass);
	secret_free(app->acct);
	free(app->rcwd_login);
	free(app->rcwd_prev);
	free(app->open_file);
	app_pgets_free(app);
	lp_dir_close(&app->lcwd);
	lp_dir_close(&app->lcwd_prev);
	free(app);
}
