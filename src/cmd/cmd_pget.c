/*
 * cmd_pget.c: pget [-n N] [-o LOCAL] REMOTE: one file over N connections
 * at once (src/xfer/segment.c), each fetching its range with REST and
 * written at its offset into the one .part. N is -n or the option
 * "segments"; a file under "segment-min" uses one connection; in ASCII
 * mode the ranges are refused (byte offsets mean nothing there) and the
 * file is queued as an ordinary get. The command ends when the file is
 * complete (on the screen too), with a summary.
 *
 * Its ranges are kept in the saved queue (xq_journal_side) as they
 * advance; "queue resume" (and --resume-queue) runs the saved ones again
 * (cmd_pget_resume_saved), each range from where its bytes are known
 * written, after checking the remote size and time.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/pgets.h"
#include "ev/loop.h"
#include "local/lfile.h"
#include "local/lpath.h"
#include "xfer/journal.h"
#include "xfer/segment.h"

struct pget {
	struct app	*app;
	struct xseg	*g;
	struct pget_row	*row;		/* its row in the transfers pane */
	char		*shown;
	uint64_t	 t0;
	struct jq_job	 rec;		/* its record in the saved queue */
	bool		 saved;		/* ... is there */
	/* queue resume: the saved ones, one after the other */
	struct jq_file	 todo;
	size_t		 next;
	unsigned	 first, last;
	int		 failed;
	bool		 resuming;
};

static void
pget_unsave(struct pget *pg, bool keep)
{
	if (pg->saved)
		xq_journal_side_clear(pg->app->queue, pg, keep);
	pg->saved = false;
}

static void
pget_free(void *p)
{
	struct pget *pg = p;

	pget_unsave(pg, true);	/* stopped unfinished: resumable */
	pget_row_end(pg->row, XQ_CANCELLED, NULL);
	xseg_free(pg->g);
	jq_job_free(&pg->rec);
	jq_free(&pg->todo);
	free(pg->shown);
	free(pg);
}

static void
pget_save(struct xseg *g, const struct xseg_state *st, bool now, void *arg)
{
	struct cmd_call *c = arg;
	struct pget *pg = c->priv;
	int i;

	(void)g;
	pg->rec.total = st->size;
	pg->rec.mtime = st->mtime;
	pg->rec.started = true;
	pg->rec.done = 0;
	pg->rec.nranges = st->nr;
	for (i = 0; i < st->nr && i < JQ_MAX_RANGES; i++) {
		pg->rec.ranges[i] = st->r[i];
		pg->rec.done += st->r[i].got - st->r[i].start;
	}
	xq_journal_side(pg->app->queue, pg, &pg->rec, now);
	pg->saved = true;
}

static int	pget_next_saved(struct cmd_call *);

/* The record saved as r says (a resumed one, before it goes on). */
static void
pg_save_as(struct pget *pg, const struct jq_job *r)
{
	int i;

	pg->rec.total = r->total;
	pg->rec.mtime = r->mtime;
	pg->rec.done = r->done;
	pg->rec.started = true;
	pg->rec.nranges = r->nranges;
	for (i = 0; i < r->nranges; i++)
		pg->rec.ranges[i] = r->ranges[i];
	xq_journal_side(pg->app->queue, pg, &pg->rec, true);
	pg->saved = true;
}

static void
pget_note(struct xseg *g, const char *msg, void *arg)
{
	struct cmd_call *c = arg;

	(void)g;
	app_out(c->app, APP_WARN, "pget: %s", msg);
}

static void
pget_done(struct xseg *g, const struct xseg_result *r, void *arg)
{
	struct cmd_call *c = arg;
	struct pget *pg = c->priv;
	char human[32];
	uint64_t ms = ev_clock_ms() - pg->t0;

	(void)g;
	pget_row_end(pg->row, r->ok ? XQ_DONE : XQ_FAILED, r->ok ? NULL :
	    r->error != NULL ? r->error : _("failed"));
	pg->row = NULL;
	pget_unsave(pg, !r->ok);
	if (!r->ok) {
		cmd_err(c->app, "pget", pg->shown, r->error != NULL ? r->error :
		    _("failed"));
		if (pg->resuming) {
			pg->failed++;
			pget_next_saved(c);
			return;
		}
		cmd_finish(c, CMD_FAILED);
		return;
	}
	str_human_size(human, sizeof human, r->size);
	if (!c->app->quiet)
		app_out(c->app, APP_INFO, ngettext("%s: %s in %.1f s over %d "
		    "connection", "%s: %s in %.1f s over %d connections",
		    r->conns), pg->shown, human, (double)ms / 1000.0,
		    r->conns);
	if (r->resumed && !c->app->quiet) {
		str_human_size(human, sizeof human, r->moved);
		app_out(c->app, APP_INFO, _("%s: resumed: %s fetched "
		    "(%llu of %llu B)"), pg->shown, human,
		    (unsigned long long)r->moved, (unsigned long long)r->size);
	}
	if (pg->resuming) {
		pget_next_saved(c);
		return;
	}
	cmd_finish(c, CMD_OK);
}

/* Start one segmented download; its record names the server of l. */
static struct xseg *
pget_start(struct cmd_call *c, struct pget *pg, const struct ftp_login *l,
    const char *remote, const char *abs, const char *name, int n,
    const struct xseg_state *resume, char *err, size_t errlen)
{
	struct app *app = c->app;
	struct ftp_options opt;
	struct xseg *g;

	jq_job_free(&pg->rec);
	memset(&pg->rec, 0, sizeof pg->rec);
	pg->rec.host = xstrdup(l->host);
	pg->rec.port = xstrdup(l->port != NULL ? l->port : "21");
	pg->rec.user = l->user != NULL ? xstrdup(l->user) : NULL;
	pg->rec.remote = xstrdup(remote);
	pg->rec.ldir = xstrdup(abs);
	pg->rec.lname = xstrdup(name);
	pg->rec.policy = XQ_RESUME;
	opt = *ftp_session_options(app->ftp);
	opt.throttle = xq_throttle(app->queue);
	pg->t0 = ev_clock_ms();
	g = xseg_start(app->loop, l, &opt, remote, abs, name, n,
	    app->opts.segment_min, resume, pget_done, pget_note, pget_save, c,
	    err, errlen);
	if (g != NULL) {
		pg->row = pget_row_new(app, abs, name);
		pget_row_attach(pg->row, g);
	}
	return g;
}

/* The next saved segmented download, or the end of queue resume. */
static int
pget_next_saved(struct cmd_call *c)
{
	struct pget *pg = c->priv;
	struct ftp_login l;
	struct xseg_state st;
	const struct jq_job *r;
	char err[512];
	int i;

	xseg_free(pg->g);
	pg->g = NULL;
	while (pg->next < pg->todo.n) {
		r = &pg->todo.jobs[pg->next++];
		memset(&st, 0, sizeof st);
		st.size = r->total;
		st.mtime = r->mtime;
		st.nr = r->nranges;
		for (i = 0; i < r->nranges; i++)
			st.r[i] = r->ranges[i];
		free(pg->shown);
		pg->shown = xstrdup(r->lname);
		xq_login_of(c->app->queue, &l);	/* r's server */
		pg->g = pget_start(c, pg, &l, r->remote,
		    r->ldir, r->lname, r->nranges, &st, err, sizeof err);
		if (pg->g != NULL) {
			/* still saved, as it was, until it saves itself */
			pg_save_as(pg, r);
			return 0;
		}
		cmd_err(c->app, "queue", r->lname, err);
		pg->failed++;
	}
	pg->resuming = false;
	if (pg->first != 0)
		cmd_queued(c, pg->first, pg->last, pg->failed);
	else
		cmd_finish(c, pg->failed ? CMD_FAILED : CMD_OK);
	return 0;
}

/* queue resume: the saved segmented downloads todo (taken), then wait for
   the queue's jobs first..last. */
void
cmd_pget_resume_saved(struct cmd_call *c, struct jq_file *todo,
    unsigned first, unsigned last, int failed)
{
	struct pget *pg = xcalloc(1, sizeof *pg);

	pg->app = c->app;
	pg->todo = *todo;
	memset(todo, 0, sizeof *todo);
	pg->first = first;
	pg->last = last;
	pg->failed = failed;
	pg->resuming = true;
	c->priv = pg;
	c->priv_free = pget_free;
	pget_next_saved(c);
}

int
cmd_pget(struct cmd_call *c)
{
	struct app *app = c->app;
	struct ftp_login l;
	struct xq_opts o;
	struct pget *pg;
	const char *n_arg = cmd_optarg(c, 'n'), *out = cmd_optarg(c, 'o');
	const char *base, *slash;
	char err[512], name[NAME_MAX + 1], *remote, *dir, *abs, *outbuf = NULL;
	uint64_t n = (uint64_t)app->opts.segments;
	unsigned first;
	struct stat sb;

	if (n_arg != NULL && (str_to_u64(n_arg, &n) == -1 || n < 1 ||
	    n > 16)) {
		cmd_usage(c, _("-n takes a number from 1 to 16"));
		return 0;
	}
	remote = app_rpath(app, c->argv[1]);
	if (app->opts.type == XQ_TYPE_ASCII) {
		app_out(app, APP_WARN, "%s", _("pget: ASCII mode refuses "
		    "segments; one connection"));
		memset(&o, 0, sizeof o);
		o.type = XQ_TYPE_ASCII;
		o.policy = app->opts.overwrite;
		o.keep_time = app->opts.keep_time;
		first = xq_get(app->queue, remote, ".", NULL, &o, err,
		    sizeof err);
		if (first == 0)
			cmd_err(app, "pget", c->argv[1], err);
		free(remote);
		cmd_queued(c, first, first, first == 0);
		return 0;
	}
	if (out != NULL)	/* in the app's local directory */
		out = outbuf = app_lpath(c->app, out);
	if (out != NULL && !(stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) &&
	    (slash = strrchr(out, '/')) != NULL) {
		dir = slash == out ? xstrdup("/") : xstrndup(out,
		    (size_t)(slash - out));
		str_lcpy(name, slash + 1, sizeof name);
	} else if (out != NULL && !(stat(out, &sb) == 0 &&
	    S_ISDIR(sb.st_mode))) {
		dir = xstrdup(".");
		str_lcpy(name, out, sizeof name);
	} else {
		dir = xstrdup(out != NULL ? out : ".");
		base = strrchr(remote, '/') != NULL ? strrchr(remote, '/') + 1 :
		    remote;
		if (lf_safe_name(base, strlen(base), name, sizeof name) ==
		    -1) {
			cmd_fail(c, CMD_FAILED, _("cannot make a local name "
			    "from %s; give one"), c->argv[1]);
			goto out;
		}
	}
	if (!lf_name_ok(name) || lf_is_part_name(name)) {
		cmd_fail(c, CMD_USAGE, _("refusing the local name \"%s\""),
		    name);
		goto out;
	}
	if ((abs = lp_absolute_at(app_lcwd(c->app), dir, err, sizeof err)) ==
	    NULL) {
		cmd_fail(c, CMD_FAILED, "%s", err);
		goto out;
	}
	app_login_of(app, &l);
	pg = xcalloc(1, sizeof *pg);
	pg->app = app;
	pg->shown = xstrdup(c->argv[1]);
	c->priv = pg;
	c->priv_free = pget_free;
	pg->g = pget_start(c, pg, &l, remote, abs, name, (int)n, NULL, err,
	    sizeof err);
	free(abs);
	if (pg->g == NULL)
		cmd_fail(c, CMD_FAILED, "%s", err);
out:
	free(dir);
	free(remote);
	free(outbuf);
	return 0;
}
