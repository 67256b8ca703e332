/*
 * queue_order.c: the user moves a job in the queue, or gives it a
 * priority (the order itself is order.c's). Moving a job up or down takes
 * the place and the priority of its unfinished neighbour; top and bottom
 * go past every unfinished job.
 */
#include "config.h"

#include <stdlib.h>

#include "base/xmalloc.h"
#include "xfer/xq_priv.h"

/* The order changed: the run queue, the view, the screen, the journal. */
static void
order_changed(struct xq *q, struct job *job)
{
	q->ordered = true;
	q->view_stale = true;
	order_resort_run(q);
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
			    nb->pub.priority ? (order_rank(v[at - 2]) +
			    order_rank(nb)) / 2 : order_rank(nb) - 1;
		}
		break;
	case XQ_MOVE_DOWN:
		if (at + 1 < n)
			nb = v[at + 1];
		if (nb != NULL) {
			job->pub.priority = nb->pub.priority;
			job->rank = at + 2 < n && v[at + 2]->pub.priority ==
			    nb->pub.priority ? (order_rank(nb) +
			    order_rank(v[at + 2])) / 2 : order_rank(nb) + 1;
		}
		break;
	case XQ_MOVE_TOP:
		if (at > 0) {
			nb = v[0];
			job->pub.priority = nb->pub.priority;
			job->rank = order_rank(nb) - 1;
		}
		break;
	case XQ_MOVE_BOTTOM:
		if (at + 1 < n) {
			nb = v[n - 1];
			job->pub.priority = nb->pub.priority;
			job->rank = order_rank(nb) + 1;
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
