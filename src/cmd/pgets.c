/*
 * pgets.c: the segmented downloads as rows (see pgets.h). A running row
 * reads its xseg's progress (xseg_progress) when asked, and a timer of
 * its own samples the bytes a few times a second for the rate and tells
 * the front end the transfers changed (app_changed), so the screen's
 * transfers pane redraws as bytes arrive; batch has no such timer.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/pgets.h"
#include "ev/loop.h"


struct pget_row {
	struct pget_row	*next;
	struct app	*app;
	unsigned	 id;
	char		*local;
	struct xseg	*g;
	enum xq_state	 state;
	char		*error;
	struct xseg_progress last;	/* as sampled (the final one, ended) */
	double		 rate;
	uint64_t	 t_ms, t_done;	/* the last sample */
	struct ev_timer	*tick;
};


static void
row_free(struct pget_row *r)
{
	ev_timer_free(r->tick);
	free(r->local);
	free(r->error);
	free(r);
}

/* Sample the bytes: the rate, smoothed over about a second. */
static void
row_sample(struct pget_row *r)
{
	uint64_t now = ev_clock_ms(), dt;
	double inst;

	if (r->g == NULL)
		return;
	xseg_progress(r->g, &r->last);
	dt = now - r->t_ms;
	if (dt < LIM_PGET_TICK_MS / 2)
		return;
	inst = r->last.done > r->t_done ? (double)(r->last.done - r->t_done) *
	    1000.0 / (double)dt : 0.0;
	r->rate = r->rate <= 0.0 ? inst : 0.75 * r->rate + 0.25 * inst;
	r->t_ms = now;
	r->t_done = r->last.done;
}

static void
row_tick(struct ev_timer *t, void *arg)
{
	struct pget_row *r = arg;

	row_sample(r);
	app_changed(r->app, APP_CH_QUEUE);
	ev_timer_start(t, LIM_PGET_TICK_MS);
}

struct pget_row *
pget_row_new(struct app *app, const char *dir, const char *name)
{
	struct pget_row *r = xcalloc(1, sizeof *r);
	size_t dl = strlen(dir);

	r->app = app;
	r->id = ++app->pget_last_id;
	r->local = dl > 0 && dir[dl - 1] == '/' ? xasprintf("%s%s", dir,
	    name) : xasprintf("%s/%s", dir, name);
	r->state = XQ_ACTIVE;
	r->t_ms = ev_clock_ms();
	r->next = app->pget_rows;
	app->pget_rows = r;
	if (!app->batch) {
		r->tick = ev_timer_new(app->loop, row_tick, r);
		ev_timer_start(r->tick, LIM_PGET_TICK_MS);
	}
	app_changed(app, APP_CH_QUEUE);
	return r;
}

void
pget_row_attach(struct pget_row *r, struct xseg *g)
{
	if (r != NULL)
		r->g = g;
}

/* Drop the oldest ended rows of app beyond LIM_PGET_ENDED. */
static void
trim(struct app *app)
{
	struct pget_row **pp = &app->pget_rows, *r;
	int ended = 0;

	while ((r = *pp) != NULL) {
		if (r->state != XQ_ACTIVE && ++ended > LIM_PGET_ENDED) {
			*pp = r->next;
			row_free(r);
		} else
			pp = &r->next;
	}
}

void
pget_row_end(struct pget_row *r, enum xq_state st, const char *error)
{
	if (r == NULL || r->state != XQ_ACTIVE)
		return;
	if (r->g != NULL)
		xseg_progress(r->g, &r->last);
	r->g = NULL;
	r->state = st;
	if (st == XQ_DONE && r->last.size > 0) {
		int i;

		r->last.done = r->last.size;
		for (i = 0; i < r->last.nr; i++)
			r->last.r[i].got = r->last.r[i].end;
	}
	if (error != NULL)
		r->error = san_cstr(error);
	ev_timer_free(r->tick);
	r->tick = NULL;
	trim(r->app);
	app_changed(r->app, APP_CH_QUEUE);
}

/* One row as it is now. */
static void
fill(struct pget_row *r, struct app_pget *o)
{
	if (r->g != NULL)
		xseg_progress(r->g, &r->last);
	memset(o, 0, sizeof *o);
	o->id = r->id;
	o->local = r->local;
	o->state = r->state;
	o->error = r->error;
	o->p = r->last;
	o->done = r->last.done;
	o->total = r->last.size;
	o->rate = r->state == XQ_ACTIVE ? r->rate : 0.0;
	o->eta = -1;
	if (o->rate >= 1.0 && o->total > o->done)
		o->eta = (int)((double)(o->total - o->done) / o->rate + 0.999);
}

size_t
app_pgets(struct app *app, struct app_pget *out, size_t max)
{
	struct pget_row *r;
	size_t n = 0;
	int pass;

	/* the running ones, then the ended ones; oldest first in each */
	for (pass = 0; pass < 2; pass++) {
		size_t first = n, i, j;

		for (r = app->pget_rows; r != NULL && n < max; r = r->next)
			if ((r->state == XQ_ACTIVE) == (pass == 0))
				fill(r, &out[n++]);
		for (i = first, j = n; j > i + 1; i++, j--) {
			struct app_pget t = out[i];

			out[i] = out[j - 1];
			out[j - 1] = t;
		}
	}
	return n;
}

void
app_pgets_clear(struct app *app)
{
	struct pget_row **pp = &app->pget_rows, *r;

	while ((r = *pp) != NULL) {
		if (r->state != XQ_ACTIVE) {
			*pp = r->next;
			row_free(r);
		} else
			pp = &r->next;
	}
	app_changed(app, APP_CH_QUEUE);
}

void
app_pgets_free(struct app *app)
{
	struct pget_row *r;

	while ((r = app->pget_rows) != NULL) {
		app->pget_rows = r->next;
		row_free(r);
	}
}
