/*
 * verify_held.c: downloads held as their .part until checked (see
 * verify.h): the files that come while a run is out wait for the next
 * run; the checksum files a run read stay for a few directories until the
 * queue is idle, so a tree arriving a few files at a time fetches each
 * once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/verify.h"
#include "cmd/verify_priv.h"

/* The checksum files of a directory, read for held downloads. */
struct vdir {
	char		*dir;
	struct vtext	*texts;
	size_t		 ntexts;
};

/* The held downloads waiting for the next run, and the cache. */
struct vheld {
	struct verify_file *pend;
	size_t		 npend;
	struct vdir	 dirs[LIM_VERIFY_DIRS];	/* [0] the newest */
};


static void
vdir_clear(struct vdir *d)
{
	size_t i;

	for (i = 0; i < d->ntexts; i++) {
		free(d->texts[i].name);
		free(d->texts[i].text);
	}
	free(d->texts);
	free(d->dir);
	memset(d, 0, sizeof *d);
}

static struct vtext *
texts_copy(const struct vtext *t, size_t n)
{
	struct vtext *c = xcalloc(n > 0 ? n : 1, sizeof *c);
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].name = xstrdup(t[i].name);
		c[i].len = t[i].len;
		c[i].text = xmemdup(t[i].text, t[i].len + 1);
	}
	return c;
}

/* The group's directory was read for held files: keep what it has. */
void
verify_cache_put(struct verify *v)
{
	struct vheld *h = v->app->vheld;
	struct vdir *d;
	size_t i;

	if (h == NULL || v->cur >= v->gend || v->files[v->cur].part == NULL)
		return;
	for (i = 0; i < LIM_VERIFY_DIRS - 1 && (h->dirs[i].dir == NULL ||
	    strcmp(h->dirs[i].dir, v->files[v->cur].dir) != 0); i++)
		;
	vdir_clear(&h->dirs[i]);	/* this directory's, or the oldest */
	memmove(&h->dirs[1], &h->dirs[0], i * sizeof h->dirs[0]);
	memset(&h->dirs[0], 0, sizeof h->dirs[0]);
	d = &h->dirs[0];
	d->dir = xstrdup(v->files[v->cur].dir);
	d->texts = texts_copy(v->texts, v->ntexts);
	d->ntexts = v->ntexts;
}

/* The group's directory was read before: its checksum files (the
   listing, from the app's cache, may name more for these files). */
bool
verify_cache_get(struct verify *v)
{
	struct vheld *h = v->app->vheld;
	size_t i;

	if (h == NULL || v->files[v->cur].part == NULL)
		return false;
	for (i = 0; i < LIM_VERIFY_DIRS; i++)
		if (h->dirs[i].dir != NULL &&
		    strcmp(h->dirs[i].dir, v->files[v->cur].dir) == 0) {
			v->texts = texts_copy(h->dirs[i].texts,
			    h->dirs[i].ntexts);
			v->ntexts = h->dirs[i].ntexts;
			return true;
		}
	return false;
}

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
pend_clear(struct vheld *h)
{
	size_t i;

	for (i = 0; i < h->npend; i++) {
		free((char *)h->pend[i].remote);
		free((char *)h->pend[i].local);
		free((char *)h->pend[i].part);
	}
	free(h->pend);
	h->pend = NULL;
	h->npend = 0;
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
	pend_clear(h);
}

static void
pend(struct app *app, const char *remote, const char *local,
    const char *part, unsigned job)
{
	struct vheld *h;
	struct verify_file *f;

	if (app->vheld == NULL)
		app->vheld = xcalloc(1, sizeof *app->vheld);
	h = app->vheld;
	h->pend = xreallocarray(h->pend, h->npend + 1, sizeof *h->pend);
	f = &h->pend[h->npend++];
	f->remote = xstrdup(remote);
	f->local = xstrdup(local);
	f->part = xstrdup(part);
	f->job = job;
}

void
verify_held(struct app *app, const struct xq_job *job, const char *part)
{
	pend(app, job->remote, job->local, part, job->id);
	held_run(app);
}

/* Called from the run's end (held_done starts the next). */
void
verify_held_again(struct app *app, const char *remote, const char *local,
    const char *part, unsigned job)
{
	pend(app, remote, local, part, job);
}

void
verify_idle(struct app *app)
{
	size_t i;

	if (app->vheld == NULL)
		return;
	for (i = 0; i < LIM_VERIFY_DIRS; i++)
		vdir_clear(&app->vheld->dirs[i]);
}

void
verify_held_free(struct app *app)
{
	verify_stop(app->bg_verify);
	app->bg_verify = NULL;
	if (app->vheld == NULL)
		return;
	verify_idle(app);
	pend_clear(app->vheld);
	free(app->vheld);
	app->vheld = NULL;
}

