/*
 * qgroup.h: a group of queued jobs (a mirror's tree, xq_group_new) as
 * one row: its totals summed from the jobs, and the words for them, the
 * same in the queue pane and in "queue list" (src/cmd; the UI uses it).
 */
#ifndef JANGADA_CMD_QGROUP_H
#define JANGADA_CMD_QGROUP_H

#include <stddef.h>
#include <stdint.h>

#include "xfer/queue.h"

struct app;

struct qgroup_tot {
	unsigned	 files, done, skipped, failed, active, queued, paused;
	unsigned	 deleted;
	uint64_t	 bytes, total;	/* done, announced */
	enum xq_state	 state;		/* the tree's, from its files' */
};

/* The totals of group over jobs[0..n). */
void	 qgroup_sum(struct app *, const struct xq_job *const *jobs, size_t n,
	    unsigned group, struct qgroup_tot *);
/* "mirror /t -> t: files 40, 3.2 MiB of 10 MiB, done 12, skipped 0,
   deleted 2, failed 1" (sanitized, allocated). */
char	*qgroup_text(struct app *, unsigned group, const struct qgroup_tot *);
/* The jobs a view shows, into out (room for n): a group once, on its
   first job (the view draws that one as the group); how many. */
size_t	 qgroup_visible(const struct xq_job *const *jobs, size_t n,
	    const struct xq_job **out);

#endif
