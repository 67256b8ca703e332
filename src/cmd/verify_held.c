/*
 * verify_held.c: downloads held as their .part until checked (see
 * verify.h): a held file starts a run (verify.c) when none is out; the
 * files that come while one is out wait for the next (verify_store.c
 * keeps them, and the checksum files a run read); the queue's check event
 * (app_life.c) calls in here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/verify.h"
#include "cmd/verify_priv.h"

static void	held_run(struct app *);

/* A run of held files is over: the next, with what came meanwhile. */
static void
held_done(void *arg, const struct verify_result *r)
{
	struct app *app = arg;
	struct verify *v = app->bg_verify;

	app->bg_verify = NULL;
	verify_stop(v);
	app_changed(app, APP_CH_QUEUE);
	held_run(app);
}

static void
held_run(struct app *app)
{
	struct vheld *h = app->vheld;
	size_t i;

	if (h == NULL || h->npend == 0 || app->bg_verify != NULL)
		return;
	app->bg_verify = verify_start(app, "verify", h->pend, h->npend,
	    held_done, app);
	if (app->bg_verify == NULL)	/* not connected: cannot check */
		for (i = 0; i < h->npend; i++)
			xq_verdict(app->queue, h->pend[i].job, XQ_CHECK_NONE,
			    NULL, NULL);
	verify_pend_clear(h);
}

void
verify_held(struct app *app, const struct xq_job *job, const char *part)
{
	verify_held_again(app, job->remote, job->local, part, job->id);
	held_run(app);
}

void
verify_held_free(struct app *app)
{
	verify_stop(app->bg_verify);
	app->bg_verify = NULL;
	verify_store_free(app);
}
