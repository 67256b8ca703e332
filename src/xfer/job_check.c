/*
 * job_check.c: a download resumed from the saved queue first asks the
 * remote file's size (SIZE) and compares it with the one the journal
 * recorded. Unchanged: the download goes on as decided (REST from the
 * .part). Changed: the .part is worth nothing; the download starts from
 * zero and says why. A server without SIZE leaves the engine's own checks
 * (a .part at or past the remote size is never appended to).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "local/lfile.h"
#include "xfer/xq_priv.h"

static void
check_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = job_enter(c, true);
	char msg[512], part[NAME_MAX + 8];
	off_t have = 0;

	if (job == NULL)
		return;
	if (!st->ok && !ftp_session_connected(s)) {
		job_end_attempt(job, xq_code(s, st), false, st->error);
		goto out;
	}
	job->jcheck = false;
	if (!st->ok)
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
		job_warn(job, msg);
		/* Not resuming: the engine starts the .part empty. */
		job->resume = false;
		job->adopt = false;
		job->replace = true;
		job_set_total(job, st->size);
		job_progress(job, 0, st->size);
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
