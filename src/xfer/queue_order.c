/*
 * queue_order.c: the order of the queue: a job's priority (higher first)
 * and its place among the jobs of the same priority (a rank: its id until
 * it is moved). The run queue is kept in that order (a job put back after
 * a retry's backoff still goes first), xq_list shows it, and the journal
 * saves the jobs in it. Moving a job up or down takes the place and the
 * priority of its unfinished neighbour; top and bottom go past every
 * unfinished job. Pausing and resuming the whole queue is here too.
 */
#include "config.h"

#include <stdlib.h>

#include "base/xmalloc.h"
#include "xfer/xq_priv.h"

static double
rank_of(const struct job *job)
{
	return job->ranked ? job->rank : (double)job->pub.id;
}

/* <0: a runs before b. */
int
order_cmp(const struct job *a, const struct job *b)
{
	double ra, rb;

	if (a->pub.priority != b->pub.priority)
		return a->pub.priority > b->pub.priority ? -1 : 1;
	ra = rank_of(a);
	rb = rank_of(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return a->pub.id < b->pub.id ? -1 : a->pub.id > b->pub.id;
}

static int
cmp_jobs(const void *a, const void *b)
{
	return order_cmp(*(struct job *const *)a, *(struct job *const *)b);
}

static int
cmp_view(const void *a, const void *b)
{
	/* pub is the first member of struct job */
	return order_cmp(*(const struct job *const *)a,
	    *(const struct job *const *)b);
}

/* Put job on the run queue in its place (the caller unlisted it). */
void
order_insert_run(struct xq *q, struct job *job)
{
	struct job *j;

	if (!q->ordered) {
		TAILQ_INSERT_TAIL(&q->runq, job, entry);
		return;
	}
	TAILQ_FOREACH_REVERSE(j, &q->runq, job_q, entry) {
		if (order_cmp(j, job) <= 0) {
			TAILQ_INSERT_AFTER(&q->runq, j, job, entry);
			return;
		}
	}
	TAILQ_INSERT_HEAD(&q->runq, job, entry);
}

/* Sort the run queue again (the order changed). */
static void
resort_run(struct xq *q)
{
	struct job **v = NULL, *j;
	size_t n = 0, cap = 0, i;

	TAILQ_FOREACH(j, &q->runq, entry) {
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n++] = j;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_jobs);
	TAILQ_INIT(&q->runq);
	for (i = 0; i < n; i++)
		TAILQ_INSERT_TAIL(&q->runq, v[i], entry);
	free(v);
}

/* The view of xq_list in the queue's order (it holds q->njobs). */
void
order_sort_view(struct xq *q)
{
	if (q->ordered && q->njobs > 1)
		qsort(q->view, q->njobs, sizeof *q->view, cmp_view);
}

/* Every job, in order (allocated; *n of them). */
struct job **
order_jobs(struct xq *q, size_t *n)
{
	struct job **v = xreallocarray(NULL, q->njobs + 1, sizeof *v);
	size_t i;

	for (i = 0; i < q->njobs; i++)
		v[i] = q->jobs[i];
	if (q->ordered && q->njobs > 1)
		qsort(v, q->njobs, sizeof *v, cmp_jobs);
	*n = q->njobs;
	return v;
}

/* The order changed: the run queue, the view, the screen, the journal. */
static void
order_changed(struct xq *q, struct job *job)
{
	q->ordered = true;
	q->view_stale = true;
	resort_run(q);
	job_changed(job, true);
	xq_kick(q);
}

int
xq_move(struct xq *q, unsigned id, enum xq_move where)
{
	struct job *job = job_find(q, id), **v, *nb = NULL;
	size_t n, i, at = 0, k;
	bool found = false;

	if (job == NULL || job_ended(job))
		return -1;
	v = order_jobs(q, &n);
	/* Keep the unfinished jobs only. */
	for (i = k = 0; i < n; i++)
		if (!job_ended(v[i])) {
			if (v[i] == job) {
				at = k;
				found = true;
			}
			v[k++] = v[i];
		}
	n = k;
	if (!found) {
		free(v);
		return -1;
	}
	switch (where) {
	case XQ_MOVE_UP:
		if (at > 0)
			nb = v[at - 1];
		if (nb != NULL) {
			job->pub.priority = nb->pub.priority;
			/* between nb and the one before it */
			job->rank = at > 1 && v[at - 2]->pub.priority ==
			    nb->pub.priority ? (rank_of(v[at - 2]) +
			    rank_of(nb)) / 2 : rank_of(nb) - 1;
		}
		break;
	case XQ_MOVE_DOWN:
		if (at + 1 < n)
			nb = v[at + 1];
		if (nb != NULL) {
			job->pub.priority = nb->pub.priority;
			job->rank = at + 2 < n && v[at + 2]->pub.priority ==
			    nb->pub.priority ? (rank_of(nb) +
			    rank_of(v[at + 2])) / 2 : rank_of(nb) + 1;
		}
		break;
	case XQ_MOVE_TOP:
		if (at > 0) {
			nb = v[0];
			job->pub.priority = nb->pub.priority;
			job->rank = rank_of(nb) - 1;
		}
		break;
	case XQ_MOVE_BOTTOM:
		if (at + 1 < n) {
			nb = v[n - 1];
			job->pub.priority = nb->pub.priority;
			job->rank = rank_of(nb) + 1;
		}
		break;
	}
	free(v);
	if (nb == NULL)
		return 0;	/* already there */
	job->ranked = true;
	order_changed(q, job);
	return 0;
}

int
xq_set_priority(struct xq *q, unsigned id, int prio)
{
	struct job *job = job_find(q, id);

	if (job == NULL || job_ended(job) || prio < XQ_PRIO_MIN ||
	    prio > XQ_PRIO_MAX)
		return -1;
	job->pub.priority = prio;
	order_changed(q, job);
	return 0;
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
