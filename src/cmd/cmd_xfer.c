/*
 * cmd_xfer.c: the transfer commands: get, mget, put, mput, reget, ascii,
 * binary, type, queue list, queue clear (the job controls are
 * cmd_qorder.c's, the saved queue cmd_qsave.c's).
 *
 * Transfers go to the queue (src/xfer), which runs them on connections
 * of its own. In the TUI a transfer command ends as soon as its jobs are
 * queued; in batch mode it ends when the queue has finished them, failed
 * if any of them failed, with a summary line (qwait.c). "get -o -" writes a file to
 * standard output through the browsing session instead.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"
#include "cmd/pgets.h"
#include "cmd/qgroup.h"
#include "cmd/verify.h"
#include "ev/loop.h"

/* The options every transfer command shares. */
struct xfer_args {
	struct xq_opts	 opts;
	const char	*out;		/* -o */
	char		*out_buf;	/* -o with ~ expanded */
	int		 first;		/* argv index of the first operand */
};

/*
 * The options the table's spec let through: [-a|-b] [-c] [-r|-R] [-o X]
 * (the spec declares which a command takes). -o goes with one operand;
 * a local -o starting with "~" is in HOME.
 */
static int
xfer_parse(struct cmd_call *c, struct xfer_args *a, bool local_o)
{
	memset(a, 0, sizeof *a);
	a->opts.type = c->app->opts.type;
	a->opts.policy = c->app->opts.overwrite;
	a->opts.keep_time = c->app->opts.keep_time;
	a->opts.symlinks = c->app->opts.symlinks;
	if (cmd_opt(c, 'a'))
		a->opts.type = XQ_TYPE_ASCII;
	if (cmd_opt(c, 'b'))
		a->opts.type = XQ_TYPE_BINARY;
	if (cmd_opt(c, 'c'))
		a->opts.policy = XQ_RESUME;
	/* -R is ncftp's spelling of -r. */
	if (cmd_opt(c, 'r') || cmd_opt(c, 'R'))
		a->opts.recursive = true;
	a->first = 1;
	if ((a->out = cmd_optarg(c, 'o')) != NULL) {
		if (c->argc != 2) {
			cmd_usage(c, _("-o goes with one name"));
			return -1;
		}
		/* in the app's local directory */
		if (local_o && strcmp(a->out, "-") != 0) {
			a->out_buf = app_lpath(c->app, a->out);
			a->out = a->out_buf;
		}
	}
	return 0;
}

/* ------------------------------------------------------------- get */

/* get -o - REMOTE: to standard output through the browsing session. */
static void
stdout_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	int *fd = c->priv;

	if (fd != NULL && *fd > STDERR_FILENO)
		close(*fd);
	if (fd != NULL)
		*fd = -1;
	if (!st->ok)
		cmd_fail_status(c, st);
	else
		cmd_finish(c, CMD_OK);
}

/* Split -o LOCAL into a directory and a name ("." and NULL for a dir). */
static void
split_local(const char *out, char **dir, char **name)
{
	struct stat sb;
	const char *slash;

	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		*dir = place_join(out, "");	/* "e/" is "e": no "e//x" */
		*name = NULL;
		return;
	}
	if ((slash = strrchr(out, '/')) == NULL) {
		*dir = xstrdup(".");
		*name = xstrdup(out);
	} else {
		*dir = slash == out ? xstrdup("/") :
		    xstrndup(out, (size_t)(slash - out));
		*name = xstrdup(slash + 1);
	}
}

/* Queue the downloads of argv[a->first..]. */
static void
get_queue(struct cmd_call *c, struct xfer_args *a)
{
	struct app *app = c->app;
	unsigned id, first = 0, last = 0;
	char err[512], *dir, *name, *path;
	int i, failed = 0;

	for (i = a->first; i < c->argc; i++) {
		path = app_rpath(app, c->argv[i]);
		if (a->out != NULL)
			split_local(a->out, &dir, &name);
		else {
			dir = xstrdup(".");
			name = NULL;
		}
		id = xq_get(app->queue, path, dir, name, &a->opts, err,
		    sizeof err);
		if (id == 0) {
			app_out(app, APP_ERROR, "%s: %s", c->desc->name, err);
			failed++;
		} else {
			if (first == 0)
				first = id;
			last = id;
		}
		free(path);
		free(dir);
		free(name);
	}
	cmd_queued(c, first, last, failed);
}

/* get [-a|-b] [-c] [-r] [-o LOCAL] REMOTE... */
int
cmd_get(struct cmd_call *c)
{
	struct xfer_args a;
	struct ftp_xfer x;

	struct stat sb;
	int *fd;

	if (xfer_parse(c, &a, true) == -1)
		return 0;
	/*
	 * "-o -" is standard output; an -o naming a device or a FIFO
	 * (/dev/null) is written as it is, never replaced by a renamed
	 * .part. Both go through the browsing session.
	 */
	if (a.out != NULL && (strcmp(a.out, "-") == 0 ||
	    (stat(a.out, &sb) == 0 && !S_ISREG(sb.st_mode) &&
	    !S_ISDIR(sb.st_mode)))) {
		fd = xmalloc(sizeof *fd);
		c->priv = fd;
		c->priv_free = free;
		*fd = strcmp(a.out, "-") == 0 ? STDOUT_FILENO :
		    open(a.out, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (*fd == -1) {
			cmd_fail(c, CMD_FAILED, "%s: %s", a.out,
			    strerror(errno));
			free(a.out_buf);
			return 0;
		}
		memset(&x, 0, sizeof x);
		x.remote = c->argv[a.first];
		x.type = a.opts.type == XQ_TYPE_ASCII ? FTP_TYPE_A :
		    FTP_TYPE_I;
		x.dirfd = -1;
		x.fd = *fd;
		free(a.out_buf);
		x.throttle = xq_throttle(c->app->queue);
		ftp_get(c->app->ftp, &x, stdout_done, c);
		return 0;
	}
	get_queue(c, &a);
	free(a.out_buf);
	return 0;
}

/* reget REMOTE [LOCAL]: get -c. */
int
cmd_reget(struct cmd_call *c)
{
	struct xfer_args a;

	memset(&a, 0, sizeof a);
	a.opts.type = c->app->opts.type;
	a.opts.policy = XQ_RESUME;
	a.opts.keep_time = c->app->opts.keep_time;
	a.first = 1;
	if (c->argc == 3) {
		a.out = a.out_buf = app_lpath(c->app, c->argv[2]);
		c->argc = 2;
	}
	get_queue(c, &a);
	free(a.out_buf);
	return 0;
}

/* mget: the listing of one pattern's directory arrived. */
struct mget {
	struct xfer_args a;
	int		 i;		/* the pattern being listed */
	unsigned	 first, last;
	int		 failed;
	char		*dir;
	const char	*pat;
};

static void	mget_next(struct cmd_call *);

static void
mget_listed(struct app *app, struct app_dir *d, void *arg)
{
	struct cmd_call *c = arg;
	struct mget *m = c->priv;
	char err[512], *path;
	size_t i, matched = 0;
	unsigned id;

	if (c->interrupted) {
		cmd_finish(c, CMD_FAILED);
		return;
	}
	if (d == NULL || !d->loaded) {
		cmd_err(app, "mget", m->dir, d && d->error ? d->error :
		    _("listing failed"));
		m->failed++;
		mget_next(c);
		return;
	}
	for (i = 0; i < d->list.n; i++) {
		const struct ftp_entry *e = &d->list.entries[i];
		struct xq_opts o = m->a.opts;

		/* -r: a matching directory comes with its tree. */
		o.recursive = e->type == FTP_ENT_DIR && m->a.opts.recursive;
		if (e->type != FTP_ENT_FILE && e->type != FTP_ENT_LINK &&
		    !o.recursive)
			continue;
		if (e->namelen == 0 || strcmp(e->name, ".") == 0 ||
		    strcmp(e->name, "..") == 0)
			continue;
		if (!glob_match(m->pat, e->name, e->namelen))
			continue;
		matched++;
		path = strcmp(m->dir, "/") == 0 ? xasprintf("/%s", e->name) :
		    xasprintf("%s/%s", m->dir, e->name);
		id = xq_get(app->queue, path, ".", NULL, &o, err,
		    sizeof err);
		free(path);
		if (id == 0) {
			app_out(app, APP_ERROR, "mget: %s", err);
			m->failed++;
			continue;
		}
		if (m->first == 0)
			m->first = id;
		m->last = id;
	}
	if (matched == 0) {
		app_out(app, APP_ERROR, _("mget: no file matches %s"),
		    c->argv[m->i - 1]);
		m->failed++;
	}
	mget_next(c);
}

/* List the directory of the next pattern. */
static void
mget_next(struct cmd_call *c)
{
	struct mget *m = c->priv;
	const char *arg, *slash;
	char *rel;

	if (m->i >= c->argc) {
		cmd_queued(c, m->first, m->last, m->failed);
		return;
	}
	arg = c->argv[m->i++];
	free(m->dir);
	if ((slash = strrchr(arg, '/')) != NULL) {
		rel = xstrndup(arg, (size_t)(slash - arg) + (slash == arg));
		m->pat = slash + 1;
	} else {
		rel = xstrdup(".");
		m->pat = arg;
	}
	m->dir = app_rpath(c->app, rel);
	free(rel);
	if (app_dir_load(c->app, m->dir, true, mget_listed, c) == -1) {
		app_out(c->app, APP_ERROR, "mget: %s", strerror(errno));
		m->failed++;
		mget_next(c);
	}
}

static void
mget_free(void *p)
{
	struct mget *m = p;

	free(m->dir);
	free(m);
}

/* mget [-a|-b] [-c] [-r|-R] GLOB... */
int
cmd_mget(struct cmd_call *c)
{
	struct mget *m = xcalloc(1, sizeof *m);

	c->priv = m;
	c->priv_free = mget_free;
	if (xfer_parse(c, &m->a, false) == -1)
		return 0;
	m->i = m->a.first;
	mget_next(c);
	return 0;
}

/* ------------------------------------------------------------- put */

/* Queue the uploads of the given local paths. */
static void
put_paths(struct cmd_call *c, struct xfer_args *a, char **paths, size_t n)
{
	struct app *app = c->app;
	unsigned id, first = 0, last = 0;
	char err[512], *remote;
	const char *base;
	size_t i;
	int failed = 0;

	for (i = 0; i < n; i++) {
		struct xq_opts o = a->opts;
		struct stat sb;

		/* -r sends a directory's tree; a file goes as a file. */
		o.recursive = a->opts.recursive && stat(paths[i], &sb) == 0 &&
		    S_ISDIR(sb.st_mode);
		if (a->out != NULL)
			remote = app_rpath(app, a->out);
		else {
			base = strrchr(paths[i], '/');
			base = base != NULL && base[1] != '\0' ? base + 1 :
			    paths[i];
			remote = app_rpath(app, base);
		}
		id = xq_put(app->queue, paths[i], remote, &o, err,
		    sizeof err);
		free(remote);
		if (id == 0) {
			app_out(app, APP_ERROR, "%s: %s", c->desc->name, err);
			failed++;
			continue;
		}
		if (first == 0)
			first = id;
		last = id;
	}
	app_dir_forget(app, app_rcwd(app));
	cmd_queued(c, first, last, failed);
}

/* put [-a|-b] [-c] [-r|-R] [-o REMOTE] LOCAL... */
int
cmd_put(struct cmd_call *c)
{
	struct xfer_args a;
	char **paths;
	int i, n;

	if (xfer_parse(c, &a, false) == -1)
		return 0;
	n = c->argc - a.first;
	paths = xcalloc((size_t)n + 1, sizeof *paths);
	for (i = 0; i < n; i++)
		paths[i] = app_lpath(c->app, c->argv[a.first + i]);
	put_paths(c, &a, paths, (size_t)n);
	cmd_argv_free(paths);
	return 0;
}

/* mput [-a|-b] [-c] [-r|-R] GLOB...: without -r, a directory that
   matches is skipped with a word (as mget skips them). */
int
cmd_mput(struct cmd_call *c)
{
	struct xfer_args a;
	glob_t g;
	char **keep;
	size_t n;
	int i, flags = 0;

	if (xfer_parse(c, &a, false) == -1)
		return 0;
	memset(&g, 0, sizeof g);
	for (i = a.first; i < c->argc; i++) {
		char *pat = app_lglob(c->app, c->argv[i]);

		if (glob(pat, flags | GLOB_TILDE, NULL, &g) == GLOB_NOMATCH)
			app_out(c->app, APP_ERROR, _("mput: no file matches "
			    "%s"), c->argv[i]);
		free(pat);
		flags = GLOB_APPEND;
	}
	/* Without -r a directory that matches is left, with a word. */
	keep = xcalloc(g.gl_pathc + 1, sizeof *keep);
	for (i = 0, n = 0; (size_t)i < g.gl_pathc; i++) {
		struct stat sb;

		if (!a.opts.recursive && stat(g.gl_pathv[i], &sb) == 0 &&
		    S_ISDIR(sb.st_mode)) {
			app_out(c->app, APP_WARN, _("mput: %s is a directory; "
			    "skipped (-r sends it)"), app_lshown(c->app,
			    g.gl_pathv[i]));
			continue;
		}
		keep[n++] = g.gl_pathv[i];
	}
	if (n == 0) {
		free(keep);
		globfree(&g);
		cmd_finish(c, CMD_FAILED);
		return 0;
	}
	put_paths(c, &a, keep, n);
	free(keep);
	globfree(&g);
	return 0;
}

/* ------------------------------------------------------- types */

static int
set_type(struct cmd_call *c, const char *word, const char *msg)
{
	char err[256];

	if (app_opt_set(c->app, "type", word, err, sizeof err) == -1) {
		cmd_fail(c, CMD_USAGE, "%s", err);
		return 0;
	}
	if (!c->app->quiet && msg != NULL)
		app_out(c->app, APP_INFO, "%s", msg);
	else if (!c->app->quiet)
		app_out(c->app, APP_INFO, _("Transfer type set to %s."),
		    c->app->opts.type == 1 ? "ascii" : c->app->opts.type == 2 ?
		    "auto" : "binary");
	cmd_finish(c, CMD_OK);
	return 0;
}

int
cmd_ascii(struct cmd_call *c)
{
	return set_type(c, "ascii", _("Transfers in ASCII mode."));
}

int
cmd_binary(struct cmd_call *c)
{
	return set_type(c, "binary", _("Transfers in binary mode."));
}

/* type [ascii|binary|auto]. */
int
cmd_type(struct cmd_call *c)
{
	static const char *names[] = { "binary", "ascii", "auto" };

	if (c->argc == 1) {
		app_out(c->app, APP_OUT, _("Transfer type: %s"),
		    names[c->app->opts.type]);
		cmd_finish(c, CMD_OK);
		return 0;
	}
	if (strcmp(c->argv[1], "a") == 0)
		return set_type(c, "ascii", _("Transfers in ASCII mode."));
	if (strcmp(c->argv[1], "i") == 0 || strcmp(c->argv[1], "image") == 0)
		return set_type(c, "binary", _("Transfers in binary mode."));
	return set_type(c, c->argv[1], NULL);
}

/* ------------------------------------------------------- queue */

/* One job as a line. */
static void
job_line(struct app *app, const struct xq_job *j)
{
	char done[32], total[32], prio[32] = "";

	str_human_size(done, sizeof done, j->done);
	str_human_size(total, sizeof total, j->total);
	if (j->priority != 0)
		snprintf(prio, sizeof prio, "  [%+d]", j->priority);
	app_out(app, APP_OUT, "%4u %-9s %s %s %s / %s%s%s%s%s%s", j->id,
	    _(xq_state_name(j->state)), j->kind == XQ_GET ? "<-" : "->",
	    j->remote, done, j->total ? total : "?", prio,
	    j->error ? "  " : "", j->error ? j->error : "",
	    j->check ? "  " : "", j->check ? j->check : "");
}

/*
 * The pget rows (pgets.h) as the transfers pane has them, running ones
 * first, each as a job's line with "pget" where a job's number goes (no
 * queue control takes them) and its ranges after the bytes. Their count.
 */
static size_t
pget_lines(struct app *app)
{
	struct app_pget pg[LIM_PGET_ROWS];
	size_t n = app_pgets(app, pg, LIM_PGET_ROWS), i;
	char done[32], total[32], segs[64];

	for (i = 0; i < n; i++) {
		str_human_size(done, sizeof done, pg[i].done);
		str_human_size(total, sizeof total, pg[i].total);
		segs[0] = '\0';
		if (pg[i].p.nr > 1)
			snprintf(segs, sizeof segs, ngettext("%d segment",
			    "%d segments", pg[i].p.nr), pg[i].p.nr);
		app_out(app, APP_OUT, "pget %-9s <- %s %s / %s%s%s%s%s",
		    _(xq_state_name(pg[i].state)),
		    app_lshown(app, pg[i].local), done,
		    pg[i].total ? total : "?", segs[0] ? "  " : "", segs,
		    pg[i].error ? "  " : "", pg[i].error ? pg[i].error : "");
	}
	return n;
}

/* queue [list]: the pgets, the jobs, the saved ones. */
int
cmd_queue_list(struct cmd_call *c)
{
	struct app *app = c->app;
	const struct xq_job *const *jobs;
	size_t n, i;

	const struct xq_job **vis;
	struct qgroup_tot t;
	char *text;
	size_t nv, np;

	np = pget_lines(app);
	jobs = xq_list(app->queue, &n);
	if (n == 0 && np == 0 &&
	    xq_journal_pending(app->queue, NULL, NULL, NULL) == 0)
		app_out(app, APP_OUT, "%s", _("The queue is empty."));
	/* A mirror's tree: one line with its totals. */
	vis = xcalloc(n > 0 ? n : 1, sizeof *vis);
	nv = qgroup_visible(jobs, n, vis);
	for (i = 0; i < nv; i++) {
		if (vis[i]->group == 0) {
			job_line(app, vis[i]);
			continue;
		}
		qgroup_sum(app, jobs, n, vis[i]->group, &t);
		text = qgroup_text(app, vis[i]->group, &t);
		app_out(app, APP_OUT, "%4u %-9s %s %s", vis[i]->id,
		    _(xq_state_name(t.state)), vis[i]->kind == XQ_GET ?
		    "<-" : "->", text);
		free(text);
	}
	free(vis);
	cmd_queue_list_saved(app);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* queue clear. */
int
cmd_queue_clear(struct cmd_call *c)
{
	xq_clear_finished(c->app->queue);
	app_pgets_clear(c->app);	/* the ended pget rows too */
	cmd_finish(c, CMD_OK);
	return 0;
}

