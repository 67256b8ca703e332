/*
 * qwait.c: a transfer command waiting for the jobs it queued (cmd_priv.h):
 * batch mode waits for them (app->wait_call) and then reports each that
 * failed or was skipped, the totals, and ends the command; the screen goes
 * on at once. The queue's idle event (app_life.c) ends the wait. Used by
 * get, put, mget, mput, pget, mirror and queue resume; calls only the
 * call helpers and the app state below it.
 */
#include "config.h"

#include <stdint.h>

#include "base/i18n.h"
#include "base/str.h"
#include "cmd/cmd_priv.h"
#include "ev/loop.h"

static void	jobs_report(struct app *, struct cmd_call *);

/* Every job from first on has ended (a download held for its check
   ends after it: verify.h): report, summarize, finish. */
void
cmd_jobs_ended(struct app *app)
{
	struct cmd_call *c = app->wait_call;

	if (c == NULL)
		return;
	app->wait_call = NULL;
	jobs_report(app, c);
}

/* Report the jobs, summarize, finish. */
static void
jobs_report(struct app *app, struct cmd_call *c)
{
	const struct xq_job *const *jobs;
	char human[32], rate[32];
	uint64_t bytes = 0, ms;
	unsigned files = 0, failed = c->vfailed + c->xfailed, skipped = 0;
	unsigned links = 0, kept = 0;
	size_t n, i;

	jobs = xq_list(app->queue, &n);
	for (i = 0; i < n; i++) {
		const struct xq_job *j = jobs[i];

		if (j->id < app->wait_first)
			continue;
		links += j->links_left;
		kept += j->links_kept;
		/* app_out sanitizes the names (and the server's words). */
		if (j->state == XQ_FAILED || j->state == XQ_CANCELLED) {
			cmd_err(app, c->desc->name, j->kind == XQ_GET ?
			    j->remote : app_lshown(app, j->local), j->error ?
			    j->error : j->state == XQ_CANCELLED ?
			    _("cancelled") : _("failed"));
			failed++;
		} else if (j->state == XQ_SKIPPED) {
			app_out(app, APP_WARN, _("%s: %s exists; skipped"),
			    c->desc->name, j->kind == XQ_GET ?
			    app_lshown(app, j->local) : j->remote);
			skipped++;
		} else if (j->state == XQ_DONE && !j->is_dir) {
			/* What moved now, not what a resume found there. */
			files++;
			bytes += j->moved;
		}
	}
	ms = ev_clock_ms() - app->wait_start;
	if (!app->quiet && (files > 0 || failed > 0)) {
		str_human_size(human, sizeof human, bytes);
		str_human_size(rate, sizeof rate, ms > 0 ? bytes * 1000 / ms :
		    bytes);
		app_out(app, APP_INFO, ngettext("%u file, %s in %.1f s (%s/s), "
		    "%u failed", "%u files, %s in %.1f s (%s/s), %u failed",
		    files), files, human, (double)ms / 1000.0, rate, failed);
	}
	if (!app->quiet && kept > 0)
		app_out(app, APP_INFO, ngettext("%u symbolic link made as a "
		    "link", "%u symbolic links made as links", kept), kept);
	if (links > 0)
		app_out(app, APP_WARN, ngettext("%u symbolic link left out "
		    "(said above; set symlinks)", "%u symbolic links left out "
		    "(said above; set symlinks)", links), links);
	if (c->jobs_summary != NULL)
		c->jobs_summary(c, files, bytes, failed);
	app_changed(app, APP_CH_QUEUE);
	cmd_finish(c, failed ? CMD_FAILED : CMD_OK);
}

/* Batch mode waits for the jobs it queued; the TUI goes on at once. */
void
cmd_wait_jobs(struct cmd_call *c, unsigned first, unsigned last)
{
	struct app *app = c->app;

	app_changed(app, APP_CH_QUEUE);
	if (!app->batch) {
		if (last >= first && !app->quiet)
			app_out(app, APP_INFO, ngettext("%u transfer queued",
			    "%u transfers queued", last - first + 1),
			    last - first + 1);
		cmd_finish(c, CMD_OK);
		return;
	}
	app->wait_call = c;
	app->wait_first = first;
	app->wait_start = ev_clock_ms();
	if (!xq_busy(app->queue))
		cmd_jobs_ended(app);
}

/* End a transfer command that queued first..last (failed not queued). */
void
cmd_queued(struct cmd_call *c, unsigned first, unsigned last, int failed)
{
	if (first == 0) {
		cmd_finish(c, CMD_FAILED);
		return;
	}
	if (failed)
		c->app->failures++;
	cmd_wait_jobs(c, first, last);
}
