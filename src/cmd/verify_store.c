/*
 * verify_store.c: what the checks of held downloads keep between runs
 * (verify.h, verify_priv.h): the held files waiting for the next run, and
 * the checksum files a run read, for a few directories until the queue is
 * idle, so a tree arriving a few files at a time fetches each once. Data
 * only: the runs (verify.c) read and fill it; starting them is
 * verify_held.c's, above both.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/verify.h"
#include "cmd/verify_priv.h"

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

/* The held files waiting for the next run are taken: forget them. */
void
verify_pend_clear(struct vheld *h)
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

/* A held file into the next run (a new one, or one a run cut short). */
void
verify_held_again(struct app *app, const char *remote, const char *local,
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
verify_idle(struct app *app)
{
	size_t i;

	if (app->vheld == NULL)
		return;
	for (i = 0; i < LIM_VERIFY_DIRS; i++)
		vdir_clear(&app->vheld->dirs[i]);
}

/* Everything kept (app_free, after the run is stopped). */
void
verify_store_free(struct app *app)
{
	if (app->vheld == NULL)
		return;
	verify_idle(app);
	verify_pend_clear(app->vheld);
	free(app->vheld);
	app->vheld = NULL;
}
