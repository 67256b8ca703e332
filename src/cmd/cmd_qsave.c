/*
 * cmd_qsave.c: the saved queue ($XDG_STATE_HOME/jangada/queue, kept by
 * src/xfer/qjournal.c): opened at start (app_queue_journal), "queue
 * resume" without an ID (--resume-queue runs it first), "queue drop", and
 * the saved jobs in "queue list".
 *
 * The journal names the server without a password; resuming takes the
 * login of the browsing session when it is logged in to that server as
 * that user, else the password in ~/.netrc; anonymous needs none.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"
#include "xfer/journal.h"

/* On the screen: say what the last run left, and how to go on. */
void
cmd_queue_saved_hint(struct app *app)
{
	const char *host = NULL;
	size_t n;

	n = xq_journal_pending(app->queue, &host, NULL, NULL);
	if (n > 0 && !app->batch)
		app_out(app, APP_INFO, ngettext("%zu unfinished transfer from "
		    "the last run (%s): 'queue resume' continues it, 'queue "
		    "list' shows it, 'queue drop' forgets it.",
		    "%zu unfinished transfers from the last run (%s): 'queue "
		    "resume' continues them, 'queue list' shows them, 'queue "
		    "drop' forgets them.", n), n, host);
}

/* Open the journal; tell the user what the last run left. */
void
app_queue_journal(struct app *app)
{
	char err[1024], *path;

	if ((path = xdg_path(true, "queue", true)) == NULL) {
		log_warn("no place to save the queue");
		return;
	}
	if (xq_journal_open(app->queue, path, err, sizeof err) == -1)
		app_out(app, APP_WARN, "%s", err);
	free(path);
	cmd_queue_saved_hint(app);
}

static bool
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The password of user at host in ~/.netrc (allocated), or NULL. */
static char *
netrc_pass(struct app *app, const char *host, const char *user)
{
	struct netrc_entry e;
	char *path, *pass = NULL, warn[512], err[512];
	const char *home = getenv("HOME");

	if (getenv("NETRC") != NULL)
		path = xstrdup(getenv("NETRC"));
	else if (home != NULL)
		path = xasprintf("%s/.netrc", home);
	else
		return NULL;
	warn[0] = err[0] = '\0';
	memset(&e, 0, sizeof e);
	if (netrc_lookup(path, host, user, &e, warn, sizeof warn, err,
	    sizeof err) == 1 && e.password != NULL &&
	    (e.login == NULL || strcmp(e.login, user) == 0))
		pass = xstrdup(e.password);
	if (warn[0] != '\0')
		app_out(app, APP_WARN, "%s", warn);
	netrc_free(&e);
	free(path);
	return pass;
}

static void
report(const char *remote, const char *err, void *arg)
{
	struct cmd_call *c = arg;

	cmd_err(c->app, "queue", remote, err);
}

/* queue resume (no ID): the saved jobs of the first saved server;
   review: queued paused, the segmented ones left saved. */
static int
queue_resume_saved(struct cmd_call *c, bool review)
{
	struct app *app = c->app;
	struct ftp_login l;
	const char *host, *port, *user;
	char *pass = NULL;
	unsigned first, last, failed, id;
	struct jq_file segs;
	size_t n;

	n = xq_journal_pending(app->queue, &host, &port, &user);
	if (n == 0) {
		if (!app->quiet)
			app_out(app, APP_INFO, "%s", _("No saved transfers to "
			    "resume."));
		cmd_finish(c, CMD_OK);
		return 0;
	}
	if (ftp_session_connected(app->ftp) && same(app->host, host) &&
	    same(app->port != NULL ? app->port : "21", port) &&
	    same(app->user, user))
		app_login_of(app, &l);
	else {
		memset(&l, 0, sizeof l);
		l.host = host;
		l.port = port;
		l.user = user;
		if (user != NULL && strcmp(user, "anonymous") != 0 &&
		    strcmp(user, "ftp") != 0 &&
		    (l.pass = pass = netrc_pass(app, host, user)) == NULL) {
			cmd_fail(c, CMD_FAILED, _("no password for %s at %s: "
			    "open that server first, or put it in ~/.netrc"),
			    user, host);
			return 0;
		}
	}
	xq_set_server(app->queue, &l, ftp_session_options(app->ftp));
	secret_free(pass);
	if (!app->quiet && !review)
		app_out(app, APP_INFO, ngettext("Resuming %zu saved transfer "
		    "from %s.", "Resuming %zu saved transfers from %s.", n), n,
		    host);
	memset(&segs, 0, sizeof segs);
	if (!review)
		xq_journal_take_ranges(app->queue, &segs);
	xq_journal_resume(app->queue, &first, &last, &failed, report, c);
	if (review) {
		for (id = first; id != 0 && id <= last; id++)
			xq_pause(app->queue, id);
		if (!app->quiet)
			app_out(app, APP_INFO, ngettext("%u saved transfer "
			    "queued paused: cancel the ones you do not want "
			    "(queue cancel ID), then 'queue resume all'.",
			    "%u saved transfers queued paused: cancel the "
			    "ones you do not want (queue cancel ID), then "
			    "'queue resume all'.", first != 0 ? last - first +
			    1 : 0), first != 0 ? last - first + 1 : 0);
		app_changed(app, APP_CH_QUEUE);
		cmd_finish(c, failed ? CMD_FAILED : CMD_OK);
		return 0;
	}
	if (segs.n > 0)		/* the segmented ones first, then wait */
		cmd_pget_resume_saved(c, &segs, first, last, (int)failed);
	else
		cmd_queued(c, first, last, (int)failed);
	jq_free(&segs);
	return 0;
}

/* queue resume [ID]: a paused job, or the saved queue. */
int
cmd_queue_resume(struct cmd_call *c)
{
	if (c->argc < 3)
		return queue_resume_saved(c, false);
	if (strcmp(c->argv[2], "all") == 0)
		return cmd_queue_resume_all(c);
	return cmd_queue_ctl(c);
}

/* queue review: the saved jobs queued paused, to cancel some first. */
int
cmd_queue_review(struct cmd_call *c)
{
	return queue_resume_saved(c, true);
}

/* queue drop: forget the saved jobs (their .part files stay). */
int
cmd_queue_drop(struct cmd_call *c)
{
	struct app *app = c->app;
	size_t n = xq_journal_pending(app->queue, NULL, NULL, NULL);

	xq_journal_drop(app->queue);
	if (!app->quiet)
		app_out(app, APP_INFO, ngettext("Dropped %zu saved transfer "
		    "(its partial file is kept).", "Dropped %zu saved "
		    "transfers (their partial files are kept).", n), n);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* The saved jobs, for queue list. */
void
cmd_queue_list_saved(struct app *app)
{
	const struct jq_job *j;
	char done[32], total[32];
	size_t n, i;

	j = xq_journal_jobs(app->queue, &n);
	for (i = 0; i < n; i++) {
		str_human_size(done, sizeof done, j[i].done);
		str_human_size(total, sizeof total, j[i].total);
		app_out(app, APP_OUT, "   - %-9s %s %s %s / %s  (%s)",
		    _("saved"), j[i].put ? "->" : "<-",
		    j[i].put ? j[i].lpath : j[i].remote, done,
		    j[i].total ? total : "?", j[i].host);
	}
}
