/*
 * app.c: the state the front ends drive (see app.h): the browsing session
 * and its callbacks, the transfer queue, the options of set/show, and the
 * cache of remote listings.
 *
 * The options are one table: a name, a kind (number, seconds, size,
 * switch, or one of a few words), where the value lives, and its bounds;
 * set, show, completion and help all read it.
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
#include "cmd/cmd.h"
#include "cmd/cmd_priv.h"
#include "ev/loop.h"

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

		app->hooks.out(app, APP_INFO, l, app->hooks_arg);
		free(l);
	}
	free(clean);
}

static void
on_state(struct ftp_session *s, enum ftp_state old, enum ftp_state new,
    void *arg)
{
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
	if (app->hooks.queue_idle != NULL)
		app->hooks.queue_idle(app, app->hooks_arg);
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

/* ----------------------------------------------------------- options */

enum opt_kind {
	OK_INT,		/* a number between min and max */
	OK_BOOL,	/* on/off */
	OK_SIZE,	/* a size with K/M/G, 0 none */
	OK_WORD		/* one of words[] */
};

struct opt {
	const char	*name;
	enum opt_kind	 kind;
	size_t		 off;
	int		 min, max;
	const char	*words[6];
	const char	*help;
};

#define O(f)	offsetof(struct app_opts, f)

static const struct opt opts[] = {
	{ "autolist", OK_BOOL, O(autolist), 0, 0, { NULL },
	  N_("list the remote directory after cd") },
	{ "charset", OK_WORD, O(charset), 0, 0,
	  { "auto", "utf-8", "cp1252", "latin1", "latin9", NULL },
	  N_("the server's names: auto, utf-8, cp1252, latin1, latin9") },
	{ "connect-timeout", OK_INT, O(connect_timeout), 1, 3600, { NULL },
	  N_("seconds to wait for a connection") },
	{ "debug", OK_BOOL, O(debug), 0, 0, { NULL },
	  N_("show the protocol transcript") },
	{ "epsv", OK_BOOL, O(epsv), 0, 0, { NULL },
	  N_("try EPSV before PASV") },
	{ "fail-exit", OK_BOOL, O(fail_exit), 0, 0, { NULL },
	  N_("batch mode: stop at the first failed command") },
	{ "keep-time", OK_BOOL, O(keep_time), 0, 0, { NULL },
	  N_("give transferred files the remote time") },
	{ "keepalive", OK_INT, O(keepalive), 0, 3600, { NULL },
	  N_("seconds between NOOPs while idle (0: never)") },
	{ "max-dirs", OK_INT, O(max_dirs), 1, 100000000, { NULL },
	  N_("directories a recursive download may make, in all") },
	{ "max-entries", OK_INT, O(max_entries), 1, 1000000000, { NULL },
	  N_("files and directories a recursive download may take, in all") },
	{ "mlsd", OK_BOOL, O(mlsd), 0, 0, { NULL },
	  N_("use MLSD for listings when the server offers it") },
	{ "overwrite", OK_WORD, O(overwrite), 0, 0,
	  { "ask", "skip", "rename", "overwrite", "resume", NULL },
	  N_("when a target exists: ask, skip, rename, overwrite, resume") },
	{ "parallel", OK_INT, O(parallel), 1, 10, { NULL },
	  N_("transfers at once, each on its own connection") },
	{ "passive", OK_BOOL, O(passive), 0, 0, { NULL },
	  N_("passive data connections (off: active)") },
	{ "progress", OK_BOOL, O(progress), 0, 0, { NULL },
	  N_("batch mode: a progress meter on a terminal") },
	{ "rate-limit", OK_SIZE, O(rate_limit), 0, 0, { NULL },
	  N_("bytes per second for all transfers (500K, 2M; 0: none)") },
	{ "retries", OK_INT, O(retries), 0, 100, { NULL },
	  N_("times a failed transfer is tried again") },
	{ "timeout", OK_INT, O(timeout), 1, 3600, { NULL },
	  N_("seconds to wait for a reply or for data") },
	{ "type", OK_WORD, O(type), 0, 0,
	  { "binary", "ascii", "auto", NULL },
	  N_("transfer type: binary, ascii, auto (text by name)") },
	{ "udp-wait", OK_INT, O(udp_wait), 0, 60, { NULL },
	  N_("seconds udp send waits for replies (0: none)") },
	{ "view-limit", OK_INT, O(view_kib), 1, 16384, { NULL },
	  N_("KiB that cat and view show") },
};

#define NOPTS (sizeof opts / sizeof opts[0])

/* Option names, NULL-ended. */
const char *const *
app_opt_names(void)
{
	static const char *names[NOPTS + 1];
	size_t i;

	if (names[0] == NULL)
		for (i = 0; i < NOPTS; i++)
			names[i] = opts[i].name;
	return names;
}

/* Find an option by name or unique prefix. */
static const struct opt *
opt_find(const char *name, char *err, size_t errlen)
{
	const struct opt *found = NULL;
	size_t i, n = strlen(name);

	for (i = 0; i < NOPTS; i++) {
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
		if (strncmp(opts[i].name, name, n) == 0) {
			if (found != NULL) {
				snprintf(err, errlen, _("ambiguous option: "
				    "%s"), name);
				return NULL;
			}
			found = &opts[i];
		}
	}
	if (found == NULL)
		snprintf(err, errlen, _("no such option: %s (try 'show')"),
		    name);
	return found;
}

/* Parse "500K", "2M", "1G", "123": bytes. */
int
app_parse_size(const char *s, uint64_t *out)
{
	char num[32];
	size_t n = strlen(s);
	uint64_t v, mul = 1;

	if (n == 0 || n >= sizeof num)
		return -1;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k': case 'K':
		mul = 1024;
		break;
	case 'm': case 'M':
		mul = 1024 * 1024;
		break;
	case 'g': case 'G':
		mul = 1024 * 1024 * 1024;
		break;
	}
	if (mul != 1)
		num[n - 1] = '\0';
	if (str_to_u64(num, &v) == -1 || v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* set NAME VALUE. */
int
app_opt_set(struct app *app, const char *name, const char *value,
    char *err, size_t errlen)
{
	const struct opt *o;
	char *p;
	uint64_t v;
	int i;

	if ((o = opt_find(name, err, errlen)) == NULL)
		return -1;
	p = (char *)&app->opts + o->off;
	switch (o->kind) {
	case OK_INT:
		if (str_to_u64(value, &v) == -1 || v < (uint64_t)o->min ||
		    v > (uint64_t)o->max) {
			snprintf(err, errlen, _("%s: give a number from %d to "
			    "%d"), o->name, o->min, o->max);
			return -1;
		}
		*(int *)p = (int)v;
		break;
	case OK_BOOL:
		if (strcasecmp(value, "on") == 0 || strcmp(value, "1") == 0 ||
		    strcasecmp(value, "yes") == 0 ||
		    strcasecmp(value, "true") == 0)
			*(bool *)p = true;
		else if (strcasecmp(value, "off") == 0 ||
		    strcmp(value, "0") == 0 || strcasecmp(value, "no") == 0 ||
		    strcasecmp(value, "false") == 0)
			*(bool *)p = false;
		else {
			snprintf(err, errlen, _("%s: give on or off"),
			    o->name);
			return -1;
		}
		break;
	case OK_SIZE:
		if (app_parse_size(value, &v) == -1) {
			snprintf(err, errlen, _("%s: give a size such as 500K "
			    "or 2M"), o->name);
			return -1;
		}
		*(uint64_t *)p = v;
		break;
	case OK_WORD:
		for (i = 0; o->words[i] != NULL; i++)
			if (strcasecmp(o->words[i], value) == 0)
				break;
		if (o->words[i] == NULL) {
			snprintf(err, errlen, _("%s: give one of: %s%s%s%s%s"
			    "%s%s%s%s"), o->name, o->words[0],
			    o->words[1] ? ", " : "", o->words[1] ? o->words[1] :
			    "", o->words[2] ? ", " : "", o->words[2] ?
			    o->words[2] : "", o->words[3] ? ", " : "",
			    o->words[3] ? o->words[3] : "", o->words[4] ?
			    ", " : "", o->words[4] ? o->words[4] : "");
			return -1;
		}
		*(int *)p = i;
		break;
	}
	app_opts_apply(app);
	app_changed(app, APP_CH_OPTS);
	return 0;
}

/* One option's value as text. */
static void
opt_value(struct app *app, const struct opt *o, char *out, size_t n)
{
	const char *p = (const char *)&app->opts + o->off;
	uint64_t v;

	switch (o->kind) {
	case OK_INT:
		snprintf(out, n, "%d", *(const int *)p);
		break;
	case OK_BOOL:
		snprintf(out, n, "%s", *(const bool *)p ? "on" : "off");
		break;
	case OK_SIZE:
		v = *(const uint64_t *)p;
		if (v != 0 && v % (1024 * 1024) == 0)
			snprintf(out, n, "%lluM", (unsigned long long)(v >>
			    20));
		else if (v != 0 && v % 1024 == 0)
			snprintf(out, n, "%lluK", (unsigned long long)(v >>
			    10));
		else
			snprintf(out, n, "%llu", (unsigned long long)v);
		break;
	case OK_WORD:
		snprintf(out, n, "%s", o->words[*(const int *)p]);
		break;
	}
}

/* show [NAME]: "name value  # help" lines. */
int
app_opt_show(struct app *app, const char *name, char *out, size_t outlen)
{
	const struct opt *o;
	char val[64], line[256];
	size_t i;

	out[0] = '\0';
	if (name != NULL) {
		if ((o = opt_find(name, out, outlen)) == NULL)
			return -1;
		opt_value(app, o, val, sizeof val);
		snprintf(out, outlen, "%s %s", o->name, val);
		return 0;
	}
	for (i = 0; i < NOPTS; i++) {
		opt_value(app, &opts[i], val, sizeof val);
		snprintf(line, sizeof line, "%-16s %-10s # %s\n", opts[i].name,
		    val, _(opts[i].help));
		str_lcat(out, line, outlen);
	}
	return 0;
}

/*
 * Push the options into the browsing session and every connection of the
 * queue (they apply from each connection's next command).
 */
void
app_opts_apply(struct app *app)
{
	struct ftp_options *o = ftp_session_options(app->ftp);
	int keepalive = o->keepalive_ms;

	o->connect_ms = app->opts.connect_timeout * 1000;
	o->reply_ms = app->opts.timeout * 1000;
	o->data_connect_ms = app->opts.timeout * 1000;
	o->data_idle_ms = app->opts.timeout * 1000;
	o->keepalive_ms = app->opts.keepalive * 1000;
	o->data_mode = app->opts.passive ? FTP_DATA_PASSIVE :
	    FTP_DATA_ACTIVE;
	o->use_epsv = app->opts.epsv;
	o->use_mlsd = app->opts.mlsd;
	snprintf(o->charset, sizeof o->charset, "%s", (const char *[]){
	    "auto", "utf-8", "CP1252", "ISO-8859-1",
	    "ISO-8859-15" }[app->opts.charset]);
	/* A new keepalive interval starts now: a NOOP re-arms the timer. */
	if (keepalive != o->keepalive_ms && o->keepalive_ms > 0 &&
	    ftp_session_connected(app->ftp) && !ftp_session_busy(app->ftp))
		(void)ftp_noop(app->ftp, NULL, NULL);
	/* Every connection of the queue too, idle or not. */
	xq_set_options(app->queue, o);
	xq_set_parallel(app->queue, app->opts.parallel);
	xq_set_retries(app->queue, app->opts.retries);
	xq_set_tree_limits(app->queue, (unsigned)app->opts.max_dirs,
	    (unsigned)app->opts.max_entries);
	xq_set_rate_limit(app->queue, app->opts.rate_limit);
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
		.closed = on_closed
	};
	static const struct xq_events qev = {
		.changed = q_changed,
		.warning = q_warning,
		.ask = q_ask,
		.idle = q_idle,
		.transcript = q_transcript
	};
	struct app *app = xcalloc(1, sizeof *app);

	app->loop = loop;
	if (hooks != NULL)
		app->hooks = *hooks;
	app->hooks_arg = arg;
	app->batch = batch;
	app->ftp = ftp_session_new(loop, &scb, app);
	app->queue = xq_new(loop, &qev, app);
	app->opts.connect_timeout = 15;
	app->opts.timeout = 60;
	app->opts.keepalive = 60;
	app->opts.parallel = 2;
	app->opts.retries = 3;
	app->opts.overwrite = XQ_ASK;
	app->opts.type = XQ_TYPE_BINARY;
	app->opts.passive = true;
	app->opts.epsv = true;
	app->opts.mlsd = true;
	app->opts.fail_exit = true;
	app->opts.progress = true;
	app->opts.keep_time = true;
	app->opts.view_kib = 64;
	app->opts.autolist = !batch;
	app->opts.udp_wait = 2;
	app->opts.max_dirs = XQ_DEFAULT_MAX_DIRS;
	app->opts.max_entries = XQ_DEFAULT_MAX_ENTRIES;
	app_opts_apply(app);
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
	/*
	 * What still runs on the browsing session (a listing loading, a
	 * command) ends now, so its callbacks free what they hold; nobody
	 * is told any more.
	 */
	memset(&app->hooks, 0, sizeof app->hooks);
	if (app->running != NULL)
		app->running->done = NULL;
	ftp_cancel(app->ftp);
	/* The browsing session first: a get -o - holds the queue's limit. */
	ftp_session_free(app->ftp);
	xq_free(app->queue);
	for (i = 0; i < app->ndirs; i++)
		dir_clear(&app->dirs[i]);
	free(app->host);
	free(app->port);
	free(app->user);
	secret_free(app->pass);
	secret_free(app->acct);
	free(app->rcwd_login);
	free(app->rcwd_prev);
	free(app->open_file);
	free(app);
}
