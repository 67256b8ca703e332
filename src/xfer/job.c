/*
 * job.c: a job on a connection, whatever its kind: job_start gives it
 * the connection and starts a download (job_get.c), an upload
 * (job_put.c) or a tree's walk (walk.c); job_stop stops what it does
 * there when the user pauses or cancels it.
 *
 * Called by the scheduler (pool.c) and the user's controls (queue_ctl.c).
 */
#include "config.h"

#include "ev/loop.h"
#include "xfer/xq_priv.h"

/*
 * Stop the job's operation (job->want says why). With nothing out, it
 * ends now; an operation not yet started by the session cannot be
 * cancelled there, so the connection is dropped.
 */
void
job_stop(struct job *job)
{
	struct conn *c = job->conn;

	if (c == NULL)
		return;
	if (!job->pub.is_dir && ftp_session_state(c->s) == FTP_ST_READY) {
		if (!ftp_session_busy(c->s)) {
			job_wanted(job);
			return;
		}
		ftp_close(c->s);
		return;
	}
	if (job->pub.is_dir && !ftp_session_busy(c->s)) {
		walk_release(job);
		return;
	}
	if (ftp_session_state(c->s) == FTP_ST_READY)
		ftp_close(c->s);
	else
		ftp_cancel(c->s);
}

/* Run the job on the connection c. */
void
job_start(struct job *job, struct conn *c)
{
	c->job = job;
	conn_set_state(c, C_BUSY);
	ev_timer_stop(c->idle);
	job->conn = c;
	job->want = WANT_NONE;
	job->pub.attempts++;
	if (job->pub.is_dir) {
		if (job->pub.state == XQ_QUEUED)
			job_set_state(job, XQ_ACTIVE);
		else
			job_changed(job, true);
		if (job->conn == c)
			walk_start(job, c);
		return;
	}
	job_set_state(job, XQ_ACTIVE);
	if (job->conn != c)
		return;		/* stopped from the changed event */
	if (job->pub.kind == XQ_GET)
		job_dl_start(job);
	else
		job_put_start(job);
}
