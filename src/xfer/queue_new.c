/*
 * queue_new.c: making a transfer queue (xq_new), and the three timers
 * through which the files below reach the top without calling up:
 *
 *   kick   work for the scheduler (xq_kick, job_list.c): pool_schedule;
 *   wake   a backoff is over (xq_arm_wake, job_list.c): the waiting jobs
 *          go back to the run queue, then pool_schedule;
 *   flush  changes held back by the throttle of the changed event
 *          (job_changed, job_state.c) are reported.
 *
 * With qjresume.c, the top of src/xfer: nothing in the directory calls
 * it.
 */
#include "config.h"

#include <stdlib.h>

#include "base/xmalloc.h"
#include "ev/loop.h"
#include "xfer/xq_priv.h"

/* From the loop: run the scheduler. */
static void
kick_fire(struct ev_timer *t, void *arg)
{
	struct xq *q = arg;

	xq_hold(q);
	pool_schedule(q);
	xq_release(q);
}

/* Backoffs are over: waiting jobs go back to the head of the run queue. */
static void
wake_fire(struct ev_timer *t, void *arg)
{
	struct xq *q = arg;
	struct job *job, *next, *after = NULL;
	uint64_t now = ev_clock_ms();

	xq_hold(q);
	for (job = TAILQ_FIRST(&q->waitq); job != NULL; job = next) {
		next = TAILQ_NEXT(job, entry);
		if (job->not_before > now)
			continue;
		TAILQ_REMOVE(&q->waitq, job, entry);
		if (after == NULL)
			TAILQ_INSERT_HEAD(&q->runq, job, entry);
		else
			TAILQ_INSERT_AFTER(&q->runq, after, job, entry);
		job->list = L_RUN;
		after = job;
	}
	xq_arm_wake(q);
	pool_schedule(q);
	xq_release(q);
}

/* The throttle timer: report every job whose change was held back. */
static void
flush_fire(struct ev_timer *t, void *arg)
{
	struct xq *q = arg;
	struct job *job;

	xq_hold(q);
	while (!q->dead && (job = TAILQ_FIRST(&q->dirtyq)) != NULL)
		job_changed(job, true);
	xq_release(q);
}

/* Make an empty queue. */
struct xq *
xq_new(struct ev_loop *loop, const struct xq_events *ev, void *arg)
{
	struct xq *q = xcalloc(1, sizeof *q);

	q->loop = loop;
	q->ldir.fd = -1;
	if (ev != NULL)
		q->ev = *ev;
	q->arg = arg;
	q->parallel = q->limit = XQ_DEFAULT_PARALLEL;
	q->retries = XQ_DEFAULT_RETRIES;
	q->idle_ms = XQ_DEFAULT_IDLE_MS;
	q->retry_ms = XQ_RETRY_BASE_MS;
	q->max_dirs = XQ_DEFAULT_MAX_DIRS;
	q->max_entries = XQ_DEFAULT_MAX_ENTRIES;
	TAILQ_INIT(&q->runq);
	TAILQ_INIT(&q->waitq);
	TAILQ_INIT(&q->askq);
	TAILQ_INIT(&q->dirtyq);
	TAILQ_INIT(&q->resq);
	q->kick = ev_timer_new(loop, kick_fire, q);
	q->wake = ev_timer_new(loop, wake_fire, q);
	q->flush = ev_timer_new(loop, flush_fire, q);
	return q;
}
