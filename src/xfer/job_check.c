/*
 * job_check.c: a download resumed from the saved queue first asks the
 * remote file's size (SIZE) and, when the journal recorded it, its time
 * (MDTM), and compares them with the journal's. Unchanged: the download
 * goes on as decided (REST from the .part). Changed: the .part is worth
 * nothing; the download starts from zero and says why. A server without
 * SIZE leaves the engine's own checks (a .part at or past the remote size
 * is never appended to). A small file (under JNL_MTIME_MIN) whose time was
 * never recorded is fetched again from zero: cheaper than trusting it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "local/lfile.h"
#include "xfer/xq_priv.h"

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
void
job_check_remote(struct job *job)
{
	if (ftp_size(job->conn->s, job->remote, check_done, job->conn) == -1)
		job_end_attempt(job, 0, true, strerror(errno));
}
