/*
 * job_get.c: one download job on one connection: the overwrite decision,
 * the check of a resumed download's remote, the transfer, and what
 * follows it (job_conn.c has the callback prologue and the ending,
 * job.c the start).
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
 * A download resumed from the saved queue first asks the remote file's
 * size (SIZE) and, when the journal recorded it, its time (MDTM), and
 * compares them with the journal's. Unchanged: the download goes on as
 * decided (REST from the .part). Changed: the .part is worth nothing; the
 * download starts from zero and says why. A server without SIZE leaves
 * the engine's own checks (a .part at or past the remote size is never
 * appended to). A small file (under JNL_MTIME_MIN) whose time was never
 * recorded is fetched again from zero: cheaper than trusting it.
 *
 * A download held for its check before the commit goes on in check.c.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

/* ------------------------------------------- resuming from the journal */

/* Not resuming: the engine starts the .part empty. */
static void
from_zero(struct job *job, uint64_t size, const char *msg)
{
	if (msg != NULL)
		job_warn(job, msg);
	job->resume = false;
	job->adopt = false;
	job->replace = true;
	job->jmtime = 0;
	job_set_total(job, size);
	job_progress(job, 0, size);
}

/* "2026-12-02 07:05:09 UTC" */
static void
utc(char *out, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, len, "%lld", (long long)t);
}

static void
mdtm_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = job_enter_reply(c, s, st, !st->ok &&
	    !ftp_session_connected(s));
	char msg[512], was[64], now[64];

	if (job == NULL)
		return;
	job->jcheck = false;
	if (!st->ok || st->mtime <= 0)
		log_info("resume check of job %u: no time (%s)", job->pub.id,
		    st->error != NULL ? st->error : "?");
	else if ((int64_t)st->mtime != job->jmtime) {
		utc(was, sizeof was, job->jmtime);
		utc(now, sizeof now, (int64_t)st->mtime);
		snprintf(msg, sizeof msg, _("the remote file changed on the "
		    "server since %s (its time is %s now): starting again"),
		    was, now);
		from_zero(job, job->jcsize, msg);
	}
	job_dl_start(job);
	job_leave(job);
}

static void
check_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = job_enter_reply(c, s, st, !st->ok &&
	    !ftp_session_connected(s));
	char msg[512], part[NAME_MAX + 8];
	off_t have = 0;

	if (job == NULL)
		return;
	job->jcheck = false;
	if (st->ok && job->jmtime != 0 && (job->jsize == 0 ||
	    st->size == job->jsize)) {
		/* the size is the same: the time next */
		job->jcheck = true;
		job->jcsize = st->size;
		if (ftp_mdtm(s, job->remote, mdtm_done, c) == -1)
			job_end_attempt(job, 0, true, strerror(errno));
		goto out;
	}
	if (st->ok && job->jmtime == 0 && st->size < JNL_MTIME_MIN) {
		log_info("resume check of job %u: a small file with no time "
		    "recorded: from zero", job->pub.id);
		from_zero(job, st->size, NULL);
	} else if (!st->ok)
		log_info("resume check of job %u: no size (%s)", job->pub.id,
		    st->error != NULL ? st->error : "?");
	else if ((job->jsize != 0 && st->size != job->jsize) ||
	    (job->jsize == 0 && lf_part_name(job->name, part, sizeof part) ==
	    0 && lf_exists(job->dnode->fd, part, &have) &&
	    (uint64_t)have > st->size)) {
		if (job->jsize != 0)
			snprintf(msg, sizeof msg, ngettext("the remote file "
			    "changed since the queue was saved (%llu byte, now "
			    "%llu): downloading it from the start", "the remote "
			    "file changed since the queue was saved (%llu "
			    "bytes, now %llu): downloading it from the start",
			    (unsigned long)job->jsize),
			    (unsigned long long)job->jsize,
			    (unsigned long long)st->size);
		else
			snprintf(msg, sizeof msg, ngettext("the remote file "
			    "changed since the queue was saved (now %llu byte, "
			    "shorter than the partial file): downloading it "
			    "from the start", "the remote file changed since "
			    "the queue was saved (now %llu bytes, shorter than "
			    "the partial file): downloading it from the start",
			    (unsigned long)st->size), (unsigned long long)st->size);
		from_zero(job, st->size, msg);
	}
	job_dl_start(job);
out:
	job_leave(job);
}

/* Ask the size, then job_dl_start again (see above). */
static void
job_check_remote(struct job *job)
{
	if (ftp_size(job->conn->s, job->remote, check_done, job->conn) == -1)
		job_end_attempt(job, 0, true, strerror(errno));
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
