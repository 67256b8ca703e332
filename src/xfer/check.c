/*
 * check.c: a download checked before its commit (issue 17). With
 * xq_set_verify on, a download's RETR leaves its finished .part open and
 * uncommitted in job->held (ftp_xfer.held); the job stays active on its
 * connection and the check event hands the .part to the command layer,
 * which finds the published digest and hashes the file from the loop.
 * xq_verdict ends it: a good or uncheckable file is committed (renamed
 * to its name, as the engine would have), a mismatch is left as its
 * .part and fails the job. So a bad file never exists under its name.
 * Also xq_set_check: the words of a check for the job's row.
 *
 * Called by job_get.c (job_holds, job_check_begin) and from outside
 * (xq_verdict); calls job_conn.c to end the job.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "local/lfile.h"
#include "xfer/xq_priv.h"

void
xq_set_check(struct xq *q, unsigned id, const char *text)
{
	struct job *job = job_find(q, id);

	if (job == NULL)
		return;
	free(job->check);
	job->check = text != NULL ? san_cstr(text) : NULL;
	job->pub.check = job->check;
	job_changed(job, true);
}

void
xq_set_verify(struct xq *q, bool on)
{
	q->verify = on;
}

/* A checksum list, or a file's own digest: never held (nothing to
   check it against, and verify reads it from the server anyway). */
static bool
sums_name(const char *name)
{
	static const char *const lists[] = { "SHA512SUMS", "SHA256SUMS",
	    "SHA1SUMS", "MD5SUMS" };
	static const char *const exts[] = { ".sha512", ".sha256", ".sha1",
	    ".md5", ".sig", ".asc" };
	size_t i, n = strlen(name), k;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (strcmp(name, lists[i]) == 0)
			return true;
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		k = strlen(exts[i]);
		if (n > k && strcmp(name + n - k, exts[i]) == 0)
			return true;
	}
	return false;
}

bool
job_holds(const struct job *job)
{
	return job->q->verify && job->q->ev.check != NULL &&
	    job->pub.kind == XQ_GET && !job->pub.is_dir &&
	    !sums_name(job->name);
}

/* The RETR completed into job->held: ask for the check. */
void
job_check_begin(struct job *job)
{
	char *path;
	const char *slash = strrchr(job->local, '/');

	job->checking = true;
	path = slash != NULL ? xasprintf("%.*s/%s", (int)(slash - job->local),
	    job->local, job->held.partname) : xstrdup(job->held.partname);
	job_changed(job, true);
	job->q->ev.check(job->q, &job->pub, path, job->q->arg);
	free(path);
}

void
xq_verdict(struct xq *q, unsigned id, enum xq_check how, const char *check,
    const char *error)
{
	struct job *job = job_find(q, id);
	char err[1024];

	if (job == NULL || !job->checking)
		return;
	xq_hold(q);
	if (check != NULL) {
		free(job->check);
		job->check = san_cstr(check);
		job->pub.check = job->check;
	}
	if (how == XQ_CHECK_BAD) {
		job_hold_drop(job);
		job_end(job, XQ_FAILED, error);
	} else {
		job->checking = false;
		if (lf_part_commit(&job->held, job->replace ? LF_REPLACE :
		    LF_NOREPLACE, err, sizeof err) == -1) {
			job->checking = true;
			job_hold_drop(job);
			job_end(job, XQ_FAILED, err);
		} else
			job_end(job, XQ_DONE, NULL);
	}
	xq_release(q);
}
