/*
 * job_local.c: what a file job holds on the local side, and letting it
 * go: its open file (an upload's) and directory (a download's), a
 * finished .part held for its check (check.c), the user's file it made
 * its .part to resume (given its name back when the job gives up), an
 * empty .part left by a download that ended without a byte.
 *
 * Calls only dnode.c (below it); job_state.c and everything above call it.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "local/lfile.h"
#include "xfer/xq_priv.h"

/* The held .part goes back to being a partial file (closed, kept). */
void
job_hold_drop(struct job *job)
{
	if (!job->checking)
		return;
	job->checking = false;
	lf_part_abort(&job->held);
	memset(&job->held, 0, sizeof job->held);
	job->held.fd = -1;
}

/* Close the local file and directory the job holds. */
void
job_release_local(struct job *job)
{
	job_hold_drop(job);
	if (job->fd != -1) {
		close(job->fd);
		job->fd = -1;
	}
	if (job->dn_open) {
		dnode_close(job->dnode);
		job->dn_open = false;
	}
}

/*
 * A resume made the user's file the .part and the job is giving up:
 * give the file its name back (never replacing anything).
 */
void
job_give_back(struct job *job)
{
	char err[256];
	bool opened = false;

	if (!job->adopted)
		return;
	job->adopted = false;
	job->decided = false;
	job->adopt = false;
	job->resume = false;
	if (!job->dn_open) {
		if (dnode_open(job->dnode, err, sizeof err) == -1)
			return;
		opened = true;
	}
	lf_part_give_back(job->dnode->fd, job->name);
	if (opened)
		dnode_close(job->dnode);
}

/*
 * A download that ends without a byte in its .part leaves nothing to
 * resume: remove the empty file (only a regular one of ours).
 */
void
job_drop_empty_part(struct job *job)
{
	char err[256];
	bool opened = false;

	if (job->pub.kind != XQ_GET || job->pub.is_dir || job->name == NULL ||
	    job->dnode == NULL)
		return;
	if (!job->dn_open) {
		if (dnode_open(job->dnode, err, sizeof err) == -1)
			return;
		opened = true;
	}
	lf_part_drop_empty(job->dnode->fd, job->name);
	if (opened)
		dnode_close(job->dnode);
}
