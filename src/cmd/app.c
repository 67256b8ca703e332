/*
 * app.c: the state the front ends drive (see app.h): the browsing session
 * and its callbacks, the transfer queue, and the cache of remote listings.
 * The options of set/show are in app_opts.c.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
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

/* ------------------------------------------------------------ output */

/* A line for the front end, sanitized here. */
void
app_out(struct app *app, enum app_out kind, const char *fmt, ...)
{
	va_list ap;
	char *raw, *clean;

	if (app->hooks.out == NULL)
		return;
	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	clean = san_str(raw, strlen(raw), SAN_KEEP_TAB);
	app->hooks.out(app, kind, clean, app->hooks_arg);
	free(clean);
	free(raw);
}

/* A line whose untrusted parts went through san_append already. */
void
app_out_clean(struct app *app, enum app_out kind, const char *line)
{
	if (app->hooks.out != NULL)
		app->hooks.out(app, kind, line, app->hooks_arg);
}

/* Tell the front end what changed. */
void
app_changed(struct app *app, unsigned what)
{
	if (app->hooks.changed != NULL)
		app->hooks.changed(app, what, app->hooks_arg);
}

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

/* ------------------------------------------------------ remote dirs */

/* The remote working directory, "/" when unknown. */
const char *
app_rcwd(struct app *app)
{
	const char *cwd = ftp_session_cwd(app->ftp);

	return cwd != NULL ? cwd : "/";
}

/*
 * Join p to the remote cwd and tidy it lexically: "//", "/./" and "x/.."
 * collapse. Absolute paths keep their start. Allocated.
 */
char *
app_rpath(struct app *app, const char *p)
{
	struct buf b;
	const char *cwd = app_rcwd(app), *seg, *end;
	char *full, *out;
	size_t len;

	if (p == NULL || *p == '\0')
		return xstrdup(cwd);
	full = p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", cwd, p);
	buf_init(&b, strlen(full) + 2);
	for (seg = full; *seg != '\0'; seg = *end ? end + 1 : end) {
		end = seg + strcspn(seg, "/");
		len = (size_t)(end - seg);
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			unsigned char *d = buf_data(&b);
			size_t n = buf_len(&b);

			while (n > 0 && d[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
			b.len = b.off + n;
			continue;
		}
		buf_append(&b, "/", 1);
		buf_append(&b, seg, len);
	}
	if (buf_len(&b) == 0)
		buf_append(&b, "/", 1);
	out = xmemdup(buf_data(&b), buf_len(&b));
	buf_free(&b);
	free(full);
	return out;
}

/* The cache entry of path, or NULL. */
struct app_dir *
app_dir(struct app *app, const char *path)
{
	size_t i;

	for (i = 0; i < app->ndirs; i++)
		if (strcmp(app->dirs[i].path, path) == 0)
			return &app->dirs[i];
	return NULL;
}

/* Empty a cache entry. */
static void
dir_clear(struct app_dir *d)
{
	free(d->path);
	ftp_listing_free(&d->list);
	free(d->error);
	memset(d, 0, sizeof *d);
}

/* Forget every cached listing (a new login may see other files). */
void
app_dir_forget_all(struct app *app)
{
	size_t i, j;

	for (i = j = 0; i < app->ndirs; i++) {
		if (app->dirs[i].loading)
			app->dirs[j++] = app->dirs[i];
		else
			dir_clear(&app->dirs[i]);
	}
	app->ndirs = j;
	app_changed(app, APP_CH_RLIST);
}

/* Drop path from the cache (after mkdir, rm, put ...). */
void
app_dir_forget(struct app *app, const char *path)
{
	struct app_dir *d = app_dir(app, path);

	if (d != NULL && !d->loading) {
		d->loaded = false;
		ftp_listing_free(&d->list);
		memset(&d->list, 0, sizeof d->list);
	}
}

/* A cache slot for path: the existing one, a free one, or the oldest. */
static struct app_dir *
dir_slot(struct app *app, const char *path)
{
	struct app_dir *d = app_dir(app, path), *old = NULL;
	size_t i;

	if (d != NULL)
		return d;
	if (app->ndirs < APP_DIR_CACHE)
		d = &app->dirs[app->ndirs++];
	else {
		for (i = 0; i < app->ndirs; i++)
			if (!app->dirs[i].loading &&
			    (old == NULL || app->dirs[i].when < old->when))
				old = &app->dirs[i];
		if (old == NULL)
			return NULL;
		d = old;
		dir_clear(d);
	}
	d->path = xstrdup(path);
	return d;
}

struct dir_load {
	struct app	*app;
	char		*path;
	app_entries_cb	 entries;
	app_dir_cb	 done;
	void		*arg;
};

/* Entries of a listing on its way (app_dir_stream). */
static bool
dir_entries(struct ftp_session *s, const struct ftp_listing *so_far,
    void *arg)
{
	struct dir_load *dl = arg;

	dl->entries(dl->app, so_far, dl->arg);
	return false;		/* the cache keeps them all */
}

/* A listing arrived (or failed). */
static void
dir_loaded(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct dir_load *dl = arg;
	struct app *app = dl->app;
	struct app_dir *d = app_dir(app, dl->path);

	if (d != NULL) {
		d->loading = false;
		free(d->error);
		d->error = NULL;
		if (st->ok && st->listing != NULL) {
			ftp_listing_free(&d->list);
			d->list = *st->listing;
			free(st->listing);
			st->listing = NULL;
			d->loaded = true;
			d->when = ev_clock_ms();
		} else
			d->error = san_cstr(st->error ? st->error : "?");
	}
	app_changed(app, APP_CH_RLIST);
	if (dl->done != NULL)
		dl->done(app, d, dl->arg);
	free(dl->path);
	free(dl);
}

/* List a remote directory into the cache (entries: as it arrives). */
static int
dir_load(struct app *app, const char *path, bool refresh,
    app_entries_cb entries, app_dir_cb done, void *arg)
{
	struct app_dir *d = dir_slot(app, path);
	struct dir_load *dl;

	if (d == NULL) {
		errno = EBUSY;
		return -1;
	}
	if (d->loaded && !refresh && !d->loading) {
		if (done != NULL)
			done(app, d, arg);
		return 0;
	}
	dl = xcalloc(1, sizeof *dl);
	dl->app = app;
	dl->path = xstrdup(path);
	dl->entries = entries;
	dl->done = done;
	dl->arg = arg;
	d->loading = true;
	app_changed(app, APP_CH_RLIST);
	return ftp_list_stream(app->ftp, path, FTP_LIST_LIST, app->opts.mlsd,
	    entries != NULL ? dir_entries : NULL, dir_loaded, dl);
}

int
app_dir_load(struct app *app, const char *path, bool refresh,
    app_dir_cb done, void *arg)
{
	return dir_load(app, path, refresh, NULL, done, arg);
}

int
app_dir_stream(struct app *app, const char *path, app_entries_cb entries,
    app_dir_cb done, void *arg)
{
	return dir_load(app, path, true, entries, done, arg);
}

/* ------------------------------------------------- local directory */

/* The local directory (see app.h). */
const char *
app_lcwd(struct app *app)
{
	const char *name = lp_dir_name(&app->lcwd);

	return name != NULL ? name : "/";
}

int
app_lcwd_fd(struct app *app)
{
	return app->lcwd.fd;
}

/* A local path as the user knows it: relative to the local directory. */
const char *
app_lshown(struct app *app, const char *path)
{
	const char *l = app_lcwd(app);
	size_t n = strlen(l);

	if (n > 1 && strncmp(path, l, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* A new local directory (see app.h); queued jobs bind against it. */
int
app_set_lcwd(struct app *app, const char *dir, char *err, size_t errlen)
{
	struct lp_dir next = LP_DIR_NONE;

	if (lp_dir_open(&next, dir, err, errlen) == -1)
		return -1;
	lp_dir_close(&app->lcwd_prev);
	app->lcwd_prev = app->lcwd;
	app->lcwd = next;
	xq_set_ldir(app->queue, &app->lcwd);
	return 0;
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
	for (i = 0; i < app->ndirs; i++)
		dir_clear(&app->dirs[i]);
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
