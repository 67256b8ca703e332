/*
 * group.c: groups of file jobs queued one by one as one tree (a mirror),
 * so the views can show the tree as one row with its totals (queue.h).
 * The queue only keeps each group's label and what it did besides its
 * transfers; the totals are summed from the jobs at draw time.
 */
#include "config.h"

#include <stdlib.h>

#include "base/xmalloc.h"
#include "xfer/xq_priv.h"

struct xq_group {
	char		*label;
	unsigned	 deleted;
};

unsigned
xq_group_new(struct xq *q, const char *label)
{
	q->groups = xreallocarray(q->groups, q->ngroups + 1,
	    sizeof *q->groups);
	q->groups[q->ngroups].label = xstrdup(label);
	q->groups[q->ngroups].deleted = 0;
	return ++q->ngroups;
}

void
xq_group_deleted(struct xq *q, unsigned group, unsigned n)
{
	if (group >= 1 && group <= q->ngroups)
		q->groups[group - 1].deleted += n;
}

const char *
xq_group_label(struct xq *q, unsigned group, unsigned *deleted)
{
	if (group < 1 || group > q->ngroups)
		return NULL;
	if (deleted != NULL)
		*deleted = q->groups[group - 1].deleted;
	return q->groups[group - 1].label;
}

void
xq_groups_free(struct xq *q)
{
	unsigned i;

	for (i = 0; i < q->ngroups; i++)
		free(q->groups[i].label);
	free(q->groups);
	q->groups = NULL;
	q->ngroups = 0;
}
