/*
 * queue_ctl.c: the user's controls over queued jobs: cancel, pause,
 * resume, retry (one job, or all of them), the answer to the overwrite
 * question (see queue.h).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "local/lfile.h"
#include "xfer/xq_priv.h"

/* -------------------------------------------------- user's controls */

/* Where dir's children start in the array (they come after it). */
static size_t
job_index(struct xq *q, struct job *job)
{
	size_t lo = 0, hi = q->njobs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (q->jobs[mid]->pub.id < job->pub.id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Cancel one file job. */
static void
file_cancel(struct job *job)
{
	if (job_ended(job))
		return;
	if (job->conn != NULL) {
		job->want = WANT_CANCEL;
		job_stop(job);
		return;
	}
	job_finish(job, XQ_CANCELLED, NULL);
}

/* Pause one file job: stop it, keep the .part. */
static void
file_pause(struct job *job)
{
	if (job_ended(job) || job->pub.state == XQ_PAUSED)
		return;
	if (job->conn != NULL) {
		job->want = WANT_PAUSE;
		job_stop(job);
		return;
	}
	job_unlist(job);
	job_release_local(job);
	job_set_state(job, XQ_PAUSED);
}

/* Resume or retry one file job: it continues what is there. */
static void
file_requeue(struct job *job, bool retry)
{
	if (job->conn != NULL) {
		/* Still stopping: the stop ends as a failure and retries. */
		job->want = WANT_NONE;
		return;
	}
	if (retry)
		job->pub.attempts = 0;
	job->want = WANT_NONE;
	job->resume = true;
	job->not_before = 0;
	job_set_error(job, NULL);
	job_queue_run(job, false);
	job_set_state(job, XQ_QUEUED);
}

/* fn on each file job of the directory job dir, in queue order. */
static void
each_file(struct xq *q, struct job *dir, void (*fn)(struct job *))
{
	size_t i;

	for (i = job_index(q, dir) + 1; i < q->njobs; i++)
		if (q->jobs[i]->dir == dir)
			fn(q->jobs[i]);
}

/* Cancel a job; a directory job cancels its files too. */
int
xq_cancel(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id);

	if (job == NULL || job_ended(job))
		return -1;
	xq_hold(q);
	if (job->pub.is_dir) {
		job->want = WANT_CANCEL;
		each_file(q, job, file_cancel);
		if (job->conn != NULL)
			job_stop(job);
		else
			job_unlist(job);
		dir_check_done(job);
	} else
		file_cancel(job);
	xq_release(q);
	return 0;
}

/* Cancel every job. */
void
xq_cancel_all(struct xq *q)
{
	size_t i;

	xq_hold(q);
	for (i = 0; i < q->njobs && !q->dead; i++) {
		if (!job_ended(q->jobs[i]) && q->jobs[i]->dir == NULL)
			xq_cancel(q, q->jobs[i]->pub.id);
	}
	xq_release(q);
}

/* Pause a job (a directory job: its files and its walk). */
int
xq_pause(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id);

	if (job == NULL || job_ended(job))
		return -1;
	xq_hold(q);
	if (job->pub.is_dir) {
		if (job->pub.state != XQ_PAUSED) {
			job_set_state(job, XQ_PAUSED);
			each_file(q, job, file_pause);
			if (job->conn != NULL) {
				job->want = WANT_PAUSE;
				job_stop(job);
			} else
				job_unlist(job);
		}
	} else
		file_pause(job);
	xq_release(q);
	return 0;
}

/* Resume a paused job; it continues its .part. */
int
xq_resume(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id), *c;
	size_t i;

	if (job == NULL)
		return -1;
	if (job->conn != NULL && job->want == WANT_PAUSE && !job->pub.is_dir) {
		job->want = WANT_NONE;
		return 0;
	}
	if (job->pub.state != XQ_PAUSED)
		return -1;
	xq_hold(q);
	if (job->pub.is_dir) {
		job->want = WANT_NONE;
		for (i = job_index(q, job) + 1; i < q->njobs; i++) {
			c = q->jobs[i];
			if (c->dir == job && c->pub.state == XQ_PAUSED)
				file_requeue(c, false);
		}
		if (!walk_done(job->walk) && job->conn == NULL)
			job_queue_run(job, false);
		job_set_state(job, walk_started(job->walk) ? XQ_ACTIVE :
		    XQ_QUEUED);
		dir_check_done(job);
	} else
		file_requeue(job, false);
	xq_release(q);
	return 0;
}

/* Try a failed or cancelled job again (a directory job: what failed). */
int
xq_retry(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id), *c;
	size_t i;

	if (job == NULL || (job->pub.state != XQ_FAILED &&
	    job->pub.state != XQ_CANCELLED))
		return -1;
	xq_hold(q);
	if (job->pub.is_dir) {
		job->want = WANT_NONE;
		job->pub.attempts = 0;
		if (job->walk_failed) {
			job->walk_failed = false;
			q->walk_failures--;
		}
		job_set_error(job, NULL);
		job_set_state(job, XQ_ACTIVE);
		for (i = job_index(q, job) + 1; i < q->njobs; i++) {
			c = q->jobs[i];
			if (c->dir == job && (c->pub.state == XQ_FAILED ||
			    c->pub.state == XQ_CANCELLED))
				file_requeue(c, true);
		}
		walk_retry(job);
		if (!walk_done(job->walk))
			job_queue_run(job, false);
		dir_check_done(job);
	} else {
		if (job->dir != NULL && job_ended(job->dir)) {
			/* The tree job has work again (and must outlive it). */
			job->dir->want = WANT_NONE;
			job_set_error(job->dir, NULL);
			job_set_state(job->dir, XQ_ACTIVE);
		}
		file_requeue(job, true);
	}
	xq_release(q);
	return 0;
}

/* The answer to an ask event; for_all covers the rest of the batch. */
void
xq_answer(struct xq *q, unsigned id, enum xq_policy policy, bool for_all)
{
	struct job *job = job_find(q, id), *j, *next;

	if (job == NULL || job->list != L_ASK)
		return;
	if (policy == XQ_ASK)
		policy = XQ_SKIP;
	xq_hold(q);
	job->has_answer = true;
	job->answer = policy;
	if (for_all) {
		job->batch->have_all = true;
		job->batch->all = policy;
		for (j = TAILQ_FIRST(&q->askq); j != NULL; j = next) {
			next = TAILQ_NEXT(j, entry);
			if (j != job && j->batch == job->batch &&
			    j->opts.policy == XQ_ASK) {
				j->has_answer = true;
				j->answer = policy;
				job_queue_run(j, true);
			}
		}
	}
	job_queue_run(job, true);
	xq_release(q);
}

unsigned
xq_pause_all(struct xq *q)
{
	unsigned n = 0;
	size_t i;

	xq_hold(q);
	for (i = 0; i < q->njobs; i++) {
		struct job *job = q->jobs[i];

		if (job->dir == NULL && !job_ended(job) &&
		    job->pub.state != XQ_PAUSED && xq_pause(q, job->pub.id) ==
		    0)
			n++;
	}
	xq_release(q);
	return n;
}

unsigned
xq_resume_all(struct xq *q)
{
	unsigned n = 0;
	size_t i;

	xq_hold(q);
	for (i = 0; i < q->njobs; i++) {
		struct job *job = q->jobs[i];

		if (job->pub.state == XQ_PAUSED && (job->dir == NULL ||
		    job->dir->pub.state != XQ_PAUSED) &&
		    xq_resume(q, job->pub.id) == 0)
			n++;
	}
	xq_release(q);
	return n;
}
