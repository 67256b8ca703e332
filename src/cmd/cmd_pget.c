/*
 * cmd_pget.c: pget [-n N] [-o LOCAL] REMOTE: one file over N connections
 * at once (src/xfer/segment.c), each fetching its range with REST and
 * written at its offset into the one .part. N is -n or the option
 * "segments"; a file under "segment-min" uses one connection; in ASCII
 * mode the ranges are refused (byte offsets mean nothing there) and the
 * file is queued as an ordinary get. The command ends when the file is
 * complete (on the screen too), with a summary.
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
#include "ev/loop.h"
#include "local/lfile.h"
#include "local/lpath.h"
#include "xfer/segment.h"

struct pget {
	struct xseg	*g;
	char		*shown;
	uint64_t	 t0;
};

static void
pget_free(void *p)
{
	struct pget *pg = p;

	xseg_free(pg->g);
	free(pg->shown);
	free(pg);
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
	if (!r->ok) {
		cmd_err(c->app, "pget", pg->shown, r->error != NULL ? r->error :
		    _("failed"));
		cmd_finish(c, CMD_FAILED);
		return;
	}
	str_human_size(human, sizeof human, r->size);
	if (!c->app->quiet)
		app_out(c->app, APP_INFO, ngettext("%s: %s in %.1f s over %d "
		    "connection", "%s: %s in %.1f s over %d connections",
		    r->conns), pg->shown, human, (double)ms / 1000.0,
		    r->conns);
	cmd_finish(c, CMD_OK);
}

int
cmd_pget(struct cmd_call *c)
{
	struct app *app = c->app;
	struct ftp_options opt;
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
		out = outbuf = cmd_local_path(c->app, out);
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
	cmd_login_of(app, &l);
	opt = *ftp_session_options(app->ftp);
	opt.throttle = xq_throttle(app->queue);
	pg = xcalloc(1, sizeof *pg);
	pg->shown = xstrdup(c->argv[1]);
	pg->t0 = ev_clock_ms();
	c->priv = pg;
	c->priv_free = pget_free;
	pg->g = xseg_start(app->loop, &l, &opt, remote, abs, name, (int)n,
	    app->opts.segment_min, pget_done, pget_note, c, err, sizeof err);
	free(abs);
	if (pg->g == NULL)
		cmd_fail(c, CMD_FAILED, "%s", err);
out:
	free(dir);
	free(remote);
	free(outbuf);
	return 0;
}
