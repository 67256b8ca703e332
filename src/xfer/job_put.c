/*
 * job_put.c: one upload job on one connection (job_conn.c has the
 * callback prologue and the ending, job.c the start).
 *
 * An upload decides on the connection (SIZE says whether the target is
 * there; a server that does not answer SIZE gets the upload as if it were
 * not), sends with STOR (REST when resuming), checks SIZE afterwards
 * where the server has it, and sets the time with MFMT where offered.
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

static void	ul_put(struct job *);
static void	ul_verify(struct job *);
static void	ul_mfmt(struct job *);

/* ----------------------------------------------------------- uploads */

/* Does the job's server answer SIZE (FEAT)? */
static bool
has_size(struct job *job)
{
	return ftp_session_features(job->conn->s)->size;
}

static void	ul_probe(struct job *);

/* The reply to SIZE NAME.N: taken, or free to use. */
static void
ul_probe_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct job *job = job_enter_reply(arg, s, st, !st->ok &&
	    !FTP_IS_PERMANENT(xq_code(s, st)));
	char *name;

	if (job == NULL)
		return;
	name = xasprintf("%s.%u", job->remote, job->probe);
	/* there on the server, or free there but another job sends it */
	if (st->ok || res_taken(job->q, job, 0, 0, name)) {
		if (++job->probe > XQ_RENAME_MAX)
			job_end(job, XQ_FAILED, _("every name up to NAME.999 "
			    "exists on the server"));
		else
			ul_probe(job);
	} else {
		res_take(job, 0, 0, name);
		job_set_remote(job, name);
		job->decided = true;
		job->rest = 0;
		ul_put(job);
	}
	free(name);
	job_leave(job);
}

/* Ask whether NAME.N (N = job->probe) is taken on the server. */
static void
ul_probe(struct job *job)
{
	char *name = xasprintf("%s.%u", job->remote, job->probe);

	if (ftp_size(job->conn->s, name, ul_probe_done, job->conn) == -1)
		job_end_attempt(job, 0, true, strerror(errno));
	free(name);
}

/* The target exists with rsize bytes: what the policy says. */
static void
ul_decide(struct job *job, uint64_t rsize)
{
	struct conn *c = job->conn;
	char err[512];
	enum xq_policy pol = job_policy(job);

	if (pol == XQ_ASK && job->q->ev.ask == NULL)
		pol = XQ_SKIP;
	switch (pol) {
	case XQ_ASK:
		/* Give the connection back while the user thinks. */
		job->pub.attempts--;
		job->conn = NULL;
		c->job = NULL;
		job_release_local(job);
		job_set_state(job, XQ_QUEUED);
		conn_release(c);
		if (!job_ask(job, job->remote))
			job_finish(job, XQ_SKIPPED, NULL);
		return;
	case XQ_SKIP:
		job_end(job, XQ_SKIPPED, NULL);
		return;
	case XQ_RENAME:
		job->probe = 1;
		ul_probe(job);
		return;
	case XQ_OVERWRITE:
		job->decided = true;
		job->rest = 0;
		ul_put(job);
		return;
	default:
		break;
	}
	if (job->pub.type == FTP_TYPE_A) {
		job_end(job, XQ_FAILED, _("cannot resume an ASCII upload; "
		    "overwrite it or send in binary"));
		return;
	}
	if (rsize == job->lsize) {
		job_progress(job, rsize, rsize);
		job_end(job, XQ_DONE, NULL);
		return;
	}
	if (rsize > job->lsize) {
		char a[COUNT_LEN], b[COUNT_LEN];

		snprintf(err, sizeof err, _("the remote %s (%s) is larger "
		    "than %s (%s); nothing was changed"), job->remote,
		    count_bytes(a, sizeof a, rsize), job->lpath,
		    count_bytes(b, sizeof b, job->lsize));
		job_end(job, XQ_FAILED, err);
		return;
	}
	job->decided = true;
	job->rest = rsize;
	ul_put(job);
}

/*
 * The reply to SIZE before an upload: is the target there (the policy
 * not applied yet), or how much of it is (a resumed upload).
 */
static void
ul_size_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct job *job = job_enter_reply(arg, s, st, !st->ok &&
	    !FTP_IS_PERMANENT(xq_code(s, st)));

	if (job == NULL)
		return;
	if (!st->ok) {
		/* a permanent failure: no such file, all of it goes */
		job->decided = true;
		job->rest = 0;
		ul_put(job);
	} else if (!job->decided)
		ul_decide(job, st->size);
	else if (st->size == job->lsize) {
		job->rest = st->size;
		job_progress(job, job->lsize, job->lsize);
		ul_mfmt(job);
	} else {
		job->rest = st->size < job->lsize ? st->size : 0;
		ul_put(job);
	}
	job_leave(job);
}

/* MFMT answered: done, whatever it said (the time is a nicety). */
static void
ul_mfmt_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = job_enter(c, false);

	if (job == NULL)
		return;
	if (!st->ok)
		log_info("transfer %u: MFMT failed: %s", job->pub.id,
		    st->error != NULL ? st->error : "?");
	job->want = WANT_NONE;
	job_end(job, XQ_DONE, NULL);
	job_leave(job);
}

/* Set the remote time (MFMT) where offered, then done. */
static void
ul_mfmt(struct job *job)
{
	if (job->opts.keep_time && ftp_session_features(job->conn->s)->mfmt &&
	    ftp_mfmt(job->conn->s, job->remote, job->lmtime, ul_mfmt_done,
	    job->conn) == 0)
		return;
	job->want = WANT_NONE;
	job_end(job, XQ_DONE, NULL);
}

/* SIZE after the upload: the server has every byte? */
static void
ul_verify_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = job_enter(c, false);
	char err[512];

	if (job == NULL)
		return;
	if (st->ok && st->size != job->lsize) {
		snprintf(err, sizeof err, ngettext("%s: the server has %llu "
		    "byte after the upload, not %llu", "%s: the server has "
		    "%llu bytes after the upload, not %llu",
		    (unsigned long)st->size), job->remote,
		    (unsigned long long)st->size,
		    (unsigned long long)job->lsize);
		job->want = WANT_NONE;
		job_end_attempt(job, 0, false, err);
	} else
		ul_mfmt(job);
	job_leave(job);
}

/* Check the size the server has (binary, where SIZE is offered). */
static void
ul_verify(struct job *job)
{
	if (job->pub.type == FTP_TYPE_I && has_size(job) &&
	    ftp_size(job->conn->s, job->remote, ul_verify_done,
	    job->conn) == 0)
		return;
	ul_mfmt(job);
}

/* The upload finished (or not). */
static void
ul_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct job *job = job_xfer_over(arg, st);

	if (job == NULL)
		return;
	if (st->ok) {
		if (job->fd != -1) {
			close(job->fd);
			job->fd = -1;
		}
		job_progress(job, job->lsize, job->lsize);
		ul_verify(job);
	} else if (!job_wanted(job))
		job_end_attempt(job, xq_code(s, st), st->local, st->error);
	job_leave(job);
}

/* STOR (with REST when resuming). */
static void
ul_put(struct job *job)
{
	struct conn *c = job->conn;
	struct ftp_xfer x;

	memset(&x, 0, sizeof x);
	x.remote = job->remote;
	x.type = job->pub.type;
	x.dirfd = -1;
	x.fd = -1;
	x.rest = job->pub.type == FTP_TYPE_I ? job->rest : 0;
	job->base = x.rest;
	job_progress(job, job->base, job->lsize);
	if (ftp_put(c->s, job->fd, &x, ul_done, c) == -1)
		job_end_attempt(job, 0, true, strerror(errno));
	else
		job->moving = true;
}

/* Start an upload on the job's connection. */
void
job_put_start(struct job *job)
{
	const struct ftp_features *feat = ftp_session_features(job->conn->s);
	struct stat st;
	char err[512];
	uint64_t size;

	if (job->fd == -1) {
		job->fd = lf_open_read(AT_FDCWD, job->lpath, &size, err,
		    sizeof err);
		if (job->fd == -1) {
			job_end(job, XQ_FAILED, err);
			return;
		}
		if (fstat(job->fd, &st) == 0)
			job->lmtime = st.st_mtime;
		job->lsize = size;
		job_set_total(job, size);
	}
	if (!job->decided) {
		/*
		 * Asked even when FEAT does not list SIZE (old servers have
		 * no FEAT); a server that does not know it cannot tell us,
		 * and the upload goes ahead.
		 */
		if (ftp_size(job->conn->s, job->remote, ul_size_done,
		    job->conn) == -1)
			job_end_attempt(job, 0, true, strerror(errno));
		return;
	} else if (job->resume && job->pub.type == FTP_TYPE_I && feat->size &&
	    feat->rest_stream) {
		if (ftp_size(job->conn->s, job->remote, ul_size_done,
		    job->conn) == -1)
			job_end_attempt(job, 0, true, strerror(errno));
		return;
	} else if (job->resume)
		job->rest = 0;
	ul_put(job);
}
