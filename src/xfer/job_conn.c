/*
 * job_conn.c: a job on its connection: the prologue and epilogue of
 * every callback of its operation (job_enter, job_leave: the queue held
 * meanwhile), and the ways the job leaves the connection (job_end: it
 * ended; job_end_attempt: the attempt failed, to be tried again;
 * job_wanted: the user paused or cancelled it meanwhile).
 *
 * Every callback first looks at job->want: a pause or cancel asked for
 * while the operation ran ends the job that way, whatever the operation
 * said.
 *
 * Under the transfers (job_get.c, job_put.c, check.c) and the walks; calls
 * the job's state (job_state.c), its connection (conn.c: conn_release)
 * and the queue's hold (queue.c).
 */
#include "config.h"

#include <stdlib.h>

#include "xfer/xq_priv.h"

/* The job ends in state st; the connection is free again. */
void
job_end(struct job *job, enum xq_state st, const char *error)
{
	struct conn *c = job->conn;

	job->conn = NULL;
	if (c != NULL)
		c->job = NULL;
	job_finish(job, st, error);
	if (c != NULL)
		conn_release(c);
}

/* An attempt failed; the connection is free again (if it lives). */
void
job_end_attempt(struct job *job, int code, bool permanent,
    const char *error)
{
	struct conn *c = job->conn;

	job->conn = NULL;
	if (c != NULL)
		c->job = NULL;
	job_attempt_failed(job, code, permanent, error);
	if (c != NULL)
		conn_release(c);
}

/*
 * The job stopped because the user asked (pause or cancel): end it that
 * way. true if it did (the callback is done).
 */
bool
job_wanted(struct job *job)
{
	struct conn *c = job->conn;

	if (job->want == WANT_NONE)
		return false;
	job->conn = NULL;
	if (c != NULL)
		c->job = NULL;
	if (job->want == WANT_PAUSE) {
		job->want = WANT_NONE;
		job->resume = true;
		job_unlist(job);
		job_release_local(job);
		job_set_state(job, XQ_PAUSED);
	} else {
		job->want = WANT_NONE;
		job_finish(job, XQ_CANCELLED, NULL);
	}
	if (c != NULL)
		conn_release(c);
	return true;
}

/*
 * The prologue of every callback of a job's operation: the job its
 * connection still carries (NULL: none any more), with the queue held
 * until job_leave. With stop, a pause or cancel the user asked for
 * meanwhile is carried out here (job_wanted) and NULL returned.
 */
struct job *
job_enter(struct conn *c, bool stop)
{
	struct job *job = c->job;
	struct xq *q;

	if (job == NULL)
		return NULL;
	q = job->q;
	xq_hold(q);
	if (stop && job_wanted(job)) {
		xq_release(q);
		return NULL;
	}
	return job;
}

/* The epilogue: let the queue go (it may be freed now). */
void
job_leave(struct job *job)
{
	xq_release(job->q);
}

/*
 * job_enter (with stop) for the reply st, which ends the attempt instead
 * (to be tried again) when retry says so: NULL then, as when there is no
 * job to go on with.
 */
struct job *
job_enter_reply(struct conn *c, struct ftp_session *s,
    const struct ftp_status *st, bool retry)
{
	struct job *job = job_enter(c, true);

	if (job == NULL || !retry)
		return job;
	job_end_attempt(job, xq_code(s, st), false, st->error);
	job_leave(job);
	return NULL;
}

/*
 * job_enter (without stop) for the end of a RETR or STOR: the bytes it
 * moved counted in the job and the queue. NULL: no job any more.
 */
struct job *
job_xfer_over(struct conn *c, const struct ftp_status *st)
{
	struct job *job = job_enter(c, false);

	if (job == NULL)
		return NULL;
	job->moving = false;
	job->moved += st->bytes;
	job->pub.moved = job->moved;
	job->q->bytes += st->bytes;
	return job;
}
