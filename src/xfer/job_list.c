/*
 * job_list.c: where a job that has not ended waits: the run queue (ready:
 * the scheduler gives its head a connection), the wait queue (a retry's
 * backoff, or another job writes its target) and the ask queue (the
 * overwrite question is out); and the targets the jobs reserved, so two
 * jobs never write one target at once.
 *
 * The scheduler is above this file: a job put on the run queue starts
 * the queue's kick timer (xq_kick), a job put on the wait queue its wake
 * timer (xq_arm_wake); queue_new.c registered what those timers run.
 *
 * Calls only order.c (a job's place on the run queue).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "ev/loop.h"
#include "xfer/xq_priv.h"

/* ---------------------------------------------------------- lists */

/* Take the job off whatever list it is on. */
void
job_unlist(struct job *job)
{
	struct xq *q = job->q;

	switch (job->list) {
	case L_RUN:
		TAILQ_REMOVE(&q->runq, job, entry);
		break;
	case L_WAIT:
		TAILQ_REMOVE(&q->waitq, job, entry);
		break;
	case L_ASK:
		TAILQ_REMOVE(&q->askq, job, entry);
		break;
	case L_NONE:
		break;
	}
	job->list = L_NONE;
}

/* Put the job on the run queue (at its head: it was there before). */
void
job_queue_run(struct job *job, bool head)
{
	struct xq *q = job->q;

	job_unlist(job);
	if (head)
		TAILQ_INSERT_HEAD(&q->runq, job, entry);
	else
		order_insert_run(q, job);	/* in its place */
	job->list = L_RUN;
	xq_kick(q);
}

/*
 * Ask what to do about an existing target. false if nobody can answer
 * (batch mode: the caller skips). The job waits on the ask queue; the
 * answer may come before this returns.
 */
bool
job_ask(struct job *job, const char *target)
{
	struct xq *q = job->q;

	if (q->ev.ask == NULL || q->dead)
		return false;
	job_unlist(job);
	TAILQ_INSERT_TAIL(&q->askq, job, entry);
	job->list = L_ASK;
	q->ev.ask(q, &job->pub, target, q->arg);
	return true;
}

/* Another job writes this target: look again a little later. */
void
job_wait_blocked(struct job *job)
{
	struct xq *q = job->q;

	job_unlist(job);
	job->not_before = ev_clock_ms() + XQ_BLOCKED_MS;
	TAILQ_INSERT_TAIL(&q->waitq, job, entry);
	job->list = L_WAIT;
	xq_arm_wake(q);
}

/* --------------------------------------------------------- timers */

/* Run the scheduler soon (from the loop, never from here). */
void
xq_kick(struct xq *q)
{
	if (!q->dead && !ev_timer_pending(q->kick))
		ev_timer_start(q->kick, 0);
}

/* Arm the wake timer for the earliest backoff (jobs or connections). */
void
xq_arm_wake(struct xq *q)
{
	struct job *job;
	uint64_t now = ev_clock_ms(), when = 0;

	TAILQ_FOREACH(job, &q->waitq, entry) {
		if (when == 0 || job->not_before < when)
			when = job->not_before;
	}
	if (!TAILQ_EMPTY(&q->runq) && q->connect_not_before > now &&
	    (when == 0 || q->connect_not_before < when))
		when = q->connect_not_before;
	if (when == 0) {
		ev_timer_stop(q->wake);
		return;
	}
	ev_timer_start(q->wake, when > now ? when - now : 0);
}

/* ----------------------------------------------------- reservations */

/*
 * Is the target (a download: name in the directory dev/ino; an upload:
 * the remote path, dev and ino 0) reserved by a job other than self?
 * Two jobs never write one target at once: they would share a .part.
 */
bool
res_taken(struct xq *q, const struct job *self, dev_t dev, ino_t ino,
    const char *name)
{
	struct job *job;

	TAILQ_FOREACH(job, &q->resq, res_entry) {
		if (job != self && job->res_dev == dev &&
		    job->res_ino == ino && strcmp(job->res_name, name) == 0)
			return true;
	}
	return false;
}

/* Reserve a target until the job ends. */
void
res_take(struct job *job, dev_t dev, ino_t ino, const char *name)
{
	res_drop(job);
	job->reserved = true;
	job->res_dev = dev;
	job->res_ino = ino;
	job->res_name = xstrdup(name);
	TAILQ_INSERT_TAIL(&job->q->resq, job, res_entry);
}

/* Give the target up. */
void
res_drop(struct job *job)
{
	if (!job->reserved)
		return;
	TAILQ_REMOVE(&job->q->resq, job, res_entry);
	job->reserved = false;
	free(job->res_name);
	job->res_name = NULL;
}
