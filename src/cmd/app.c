/*
 * app.c: the state every command uses (see app.h), below all of them:
 * the lines and changes reported to the front end, the remote directory
 * and the cache of remote listings, the local directory and local paths
 * as typed, the login the browsing session holds. It calls nothing of
 * src/cmd but the pure place.c. Making and freeing the app, and the
 * events of its session and queue, are in app_life.c; the options of
 * set/show in app_opts.c.
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
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/parse.h"
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

/* Empty the whole cache, listings on their way too (app_free). */
void
app_dirs_free(struct app *app)
{
	size_t i;

	for (i = 0; i < app->ndirs; i++)
		dir_clear(&app->dirs[i]);
	app->ndirs = 0;
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

/*
 * A local path as typed: "~" and "~/x" are in HOME, a relative one in the
 * local directory (allocated, absolute).
 */
char *
app_lpath(struct app *app, const char *path)
{
	char err[256], *t = place_tilde(path, getenv("HOME")), *abs;

	abs = lp_absolute_at(app_lcwd(app), t, err, sizeof err);
	if (abs == NULL)
		return t;
	free(t);
	return abs;
}

/* A local glob pattern made to match in the local directory (allocated). */
char *
app_lglob(struct app *app, const char *pat)
{
	const char *d = app_lcwd(app);
	char *out, *o;

	if (pat[0] == '/' || pat[0] == '~')
		return xstrdup(pat);
	o = out = xmalloc(2 * strlen(d) + strlen(pat) + 2);
	for (; *d != '\0'; d++) {
		if (strchr("*?[]\\", *d) != NULL)
			*o++ = '\\';
		*o++ = *d;
	}
	*o++ = '/';
	strcpy(o, pat);
	return out;
}

/* ------------------------------------------------------------ login */

/* The login the browsing session used, for the queue's connections. */
void
app_login_of(struct app *app, struct ftp_login *l)
{
	memset(l, 0, sizeof *l);
	l->host = app->host;
	l->port = app->port;
	l->user = app->user;
	l->pass = app->pass;
	l->acct = app->acct;
	l->tls_implicit = app->tls_url == 's';
}
