/*
 * job.c: one file job on one connection: the overwrite decision, the
 * transfer, and what follows it.
 *
 * A download decides before it needs a connection (job_prepare, local
 * checks only): nothing there, the target exists, or only its .part does;
 * the policy (or the user's answer) says skip, rename to NAME.N,
 * overwrite, or resume. Resuming a shorter complete file makes it the
 * .part first (lf_part_adopt, after SIZE showed the remote is longer) so the
 * engine's ordinary resume continues it; if the job then fails or is
 * cancelled the file gets its name back. The engine does the rest: REST,
 * the .part, the size check, MDTM, the rename into place.
 *
 * An upload (job_put.c) decides on the connection.
 *
 * Every callback first looks at job->want: a pause or cancel asked for
 * while the operation ran ends the job that way, whatever the operation
 * said.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/count.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "local/lfile.h"
#include "xfer/xq_priv.h"

static void	dl_get(struct job *);

/* ------------------------------------------------------------ ending */

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
		pool_release(c);
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
		pool_release(c);
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
		pool_release(c);
	return true;
}

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

/* --------------------------------------------------------- downloads */

/*
 * The first NAME.N that is neither in the directory fd (dev/ino) nor
 * reserved by another job. -1 if none up to LF_UNIQUE_MAX.
 */
static int
unique_name(struct job *job, int fd, dev_t dev, ino_t ino, char *out,
    size_t outsz)
{
	char cand[NAME_MAX + 1];
	int i, n;

	for (i = 1; i <= LF_UNIQUE_MAX; i++) {
		n = snprintf(cand, sizeof cand, "%s.%d", job->name, i);
		if (n < 0 || (size_t)n > LF_NAME_MAX || (size_t)n >= outsz)
			return -1;
		if (!lf_exists(fd, cand, NULL) &&
		    !res_taken(job->q, job, dev, ino, cand)) {
			memcpy(out, cand, (size_t)n + 1);
			return 0;
		}
	}
	return -1;
}

/*
 * Get a job ready to start, without a connection: reserve its target (a
 * job whose target another job writes waits), and for a download decide
 * what to do about what is already there (local checks only). 1: ready;
 * 0: it left the run queue (ended, asking, or waiting its turn).
 */
int
job_prepare(struct job *job)
{
	char err[512], part[NAME_MAX + 8], uniq[NAME_MAX + 1], *path;
	enum xq_policy pol;
	struct stat dst;
	bool texists, pexists;
	int fd;

	if (job->pub.is_dir || job->reserved)
		return 1;
	if (job->pub.kind == XQ_PUT) {
		if (res_taken(job->q, job, 0, 0, job->remote)) {
			job_wait_blocked(job);
			return 0;
		}
		res_take(job, 0, 0, job->remote);
		return 1;
	}
	if ((fd = dnode_open(job->dnode, err, sizeof err)) == -1) {
		job_fail(job, err);
		return 0;
	}
	if (fstat(fd, &dst) == -1) {
		snprintf(err, sizeof err, _("cannot read the status of %s: %s"),
		    job->dnode->path, strerror(errno));
		dnode_close(job->dnode);
		job_fail(job, err);
		return 0;
	}
	if (res_taken(job->q, job, dst.st_dev, dst.st_ino, job->name)) {
		dnode_close(job->dnode);
		job_wait_blocked(job);
		return 0;
	}
	if (job->decided)
		goto ready;	/* a retry or resume: as decided before */
	lf_part_name(job->name, part, sizeof part);
	texists = lf_exists(fd, job->name, NULL);
	pexists = lf_exists(fd, part, NULL);
	job->resume = job->replace = job->adopt = false;
	if (!texists && !pexists)
		goto decided;
	pol = job_policy(job);
	if (pol == XQ_ASK && job->q->ev.ask == NULL)
		pol = XQ_SKIP;
	if (pol == XQ_ASK) {
		dnode_close(job->dnode);
		if (texists)
			path = xstrdup(job->local);
		else
			path = xasprintf("%s/%s", job->dnode->path, part);
		job_ask(job, path);
		free(path);
		return 0;
	}
	if (!texists) {
		/* Only a .part: continue it if asked to, else start over. */
		job->resume = pol == XQ_RESUME;
		goto decided;
	}
	switch (pol) {
	case XQ_SKIP:
		dnode_close(job->dnode);
		job_finish(job, XQ_SKIPPED, NULL);
		return 0;
	case XQ_RENAME:
		if (unique_name(job, fd, dst.st_dev, dst.st_ino, uniq,
		    sizeof uniq) == -1) {
			snprintf(err, sizeof err, _("%s exists and so does "
			    "every name up to %s.%d (or the name is too "
			    "long)"),
			    job->local, job->name, LF_UNIQUE_MAX);
			dnode_close(job->dnode);
			job_fail(job, err);
			return 0;
		}
		free(job->name);
		job->name = xstrdup(uniq);
		path = xasprintf("%s/%s", job->dnode->path, uniq);
		job_set_local(job, path);
		free(path);
		break;
	case XQ_OVERWRITE:
		job->replace = true;
		break;
	default:
		if (pexists) {
			/* Continue the .part; it replaces the target. */
			job->resume = job->replace = true;
		} else if (job->pub.type == FTP_TYPE_A) {
			dnode_close(job->dnode);
			job_fail(job, _("cannot resume an ASCII download (the "
			    "server counts its bytes differently); overwrite "
			    "it or download in binary"));
			return 0;
		} else
			job->adopt = job->resume = true;
		break;
	}
decided:
	job->decided = true;
ready:
	res_take(job, dst.st_dev, dst.st_ino, job->name);
	dnode_close(job->dnode);
	return 1;
}

/* The reply to SIZE before a short local file is resumed. */
static void
dl_size_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = job_enter(c, true);
	char err[512];
	off_t lsize;

	if (job == NULL)
		return;
	if (!st->ok) {
		if (FTP_IS_PERMANENT(xq_code(s, st))) {
			snprintf(err, sizeof err, _("cannot resume %s: the "
			    "server gives no size (%s)"), job->local,
			    st->error != NULL ? st->error : "?");
			job_end(job, XQ_FAILED, err);
		} else
			job_end_attempt(job, xq_code(s, st), false, st->error);
		goto out;
	}
	job_set_total(job, st->size);
	lf_exists(job->dnode->fd, job->name, &lsize);
	if ((uint64_t)lsize == st->size) {
		job_progress(job, st->size, st->size);
		job_end(job, XQ_DONE, NULL);
		goto out;
	}
	if ((uint64_t)lsize > st->size) {
		char a[COUNT_LEN], b[COUNT_LEN];

		snprintf(err, sizeof err, _("%s (%s) is larger than the "
		    "remote file (%s); nothing was changed"), job->local,
		    count_bytes(a, sizeof a, (uint64_t)lsize),
		    count_bytes(b, sizeof b, st->size));
		job_end(job, XQ_FAILED, err);
		goto out;
	}
	if (lf_part_adopt(job->dnode->fd, job->name, err, sizeof err) == -1) {
		job_end(job, XQ_FAILED, err);
		goto out;
	}
	job->adopt = false;
	job->adopted = true;
	job->resume = true;
	job->replace = false;
	dl_get(job);
out:
	job_leave(job);
}

/* The download finished (or not). */
static void
dl_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct job *job = job_xfer_over(arg, st);
	uint64_t got;

	if (job == NULL)
		return;
	if (st->ok) {
		got = st->offset + st->bytes;
		job_progress(job, got, job->pub.total != 0 ? job->pub.total :
		    got);
		if (job->pub.total < got)
			job_set_total(job, got);
		job->adopted = false;
		job->want = WANT_NONE;	/* it completed before it stopped */
		if (job->held.partname != NULL)
			job_check_begin(job);	/* xq_verdict ends it */
		else
			job_end(job, XQ_DONE, NULL);
	} else if (!job_wanted(job))
		job_end_attempt(job, xq_code(s, st), st->local, st->error);
	job_leave(job);
}

/* RETR into the job's directory (the engine does the .part). */
static void
dl_get(struct job *job)
{
	struct conn *c = job->conn;
	struct ftp_xfer x;
	char part[NAME_MAX + 8];
	off_t size = 0;

	memset(&x, 0, sizeof x);
	x.remote = job->remote;
	x.type = job->pub.type;
	x.dirfd = job->dnode->fd;
	x.name = job->name;
	x.resume = job->resume && job->pub.type == FTP_TYPE_I;
	x.exists = job->replace ? LF_REPLACE : LF_NOREPLACE;
	x.set_mtime = job->opts.keep_time;
	if (job->q->jpath != NULL && job->jmtime == 0)
		x.mtime_min = JNL_MTIME_MIN;	/* for the journal */
	x.fd = -1;
	memset(&job->held, 0, sizeof job->held);
	job->held.fd = -1;
	if (job_holds(job))
		x.held = &job->held;
	if (x.resume) {
		lf_part_name(job->name, part, sizeof part);
		lf_exists(x.dirfd, part, &size);
	}
	job->base = (uint64_t)size;
	job_progress(job, job->base, 0);
	if (ftp_get(c->s, &x, dl_done, c) == -1)
		job_end_attempt(job, 0, true, strerror(errno));
	else
		job->moving = true;
}

/* Start a download on the job's connection. */
void
job_dl_start(struct job *job)
{
	char err[512];

	if (!job->dn_open) {
		if (dnode_open(job->dnode, err, sizeof err) == -1) {
			job_end(job, XQ_FAILED, err);
			return;
		}
		job->dn_open = true;
	}
	if (job->jcheck) {
		job_check_remote(job);	/* then here again */
		return;
	}
	if (job->adopt && !job->adopted) {
		if (ftp_size(job->conn->s, job->remote, dl_size_done,
		    job->conn) == -1)
			job_end_attempt(job, 0, true, strerror(errno));
		return;
	}
	dl_get(job);
}

/* ------------------------------------------------------------ start */

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
