/*
 * order.c: the order of the queue: a job's priority (higher first) and
 * its place among the jobs of the same priority (a rank: its id until it
 * is moved). The run queue is kept in that order (a job put back after a
 * retry's backoff still goes first), xq_list shows it, and the journal
 * saves the jobs in it. Moving a job is queue_order.c's.
 *
 * Calls nothing else of the queue.
 */
#include "config.h"

#include <stdlib.h>

#include "base/xmalloc.h"
#include "xfer/xq_priv.h"

double
order_rank(const struct job *job)
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
	ra = order_rank(a);
	rb = order_rank(b);
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
void
order_resort_run(struct xq *q)
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
