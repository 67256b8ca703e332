/*
 * qjresume.c: the saved queue read back (the writing is qjournal.c's, the
 * format journal.c's): xq_journal_open reads the last run's records and
 * keeps them pending; xq_journal_resume queues again those of the queue's
 * server as the user would have (xq_get, xq_put, then their priority and
 * pause), xq_journal_drop forgets them.
 *
 * Resuming continues every file as "get -c" would: the .part with REST, a
 * complete target found whole (SIZE equal); a download that had started
 * first compares the remote size with the one recorded (job_get.c), and
 * starts from zero when it changed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "xfer/journal.h"
#include "xfer/xq_priv.h"

#define JNL_MAX_SIZE	(64u * 1024 * 1024)

int
xq_journal_open(struct xq *q, const char *path, char *err, size_t errlen)
{
	struct stat st;
	char why[256], *buf = NULL, *bad;
	ssize_t n;
	size_t len = 0;
	int fd, rc = 0;

	jnl_open(q, path);
	jq_free(&q->jpending);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return errno == ENOENT ? 0 : (snprintf(err, errlen,
		    _("cannot read the saved queue %s: %s"), path,
		    strerror(errno)), -1);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > JNL_MAX_SIZE) {
		snprintf(why, sizeof why, "%s", _("not a regular file of a "
		    "sane size"));
		goto refuse;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (jq_decode(buf, len, &q->jpending, why, sizeof why) == 0)
		goto out;
refuse:
	/* Kept aside, never overwritten; the .part files are untouched. */
	bad = xasprintf("%s.damaged", path);
	if (rename(path, bad) == 0)
		snprintf(err, errlen, _("the saved queue %s is refused (%s); "
		    "it was moved to %s, and the partial files are kept"),
		    path, why, bad);
	else
		snprintf(err, errlen, _("the saved queue %s is refused (%s)"),
		    path, why);
	free(bad);
	rc = -1;
out:
	close(fd);
	free(buf);
	return rc;
}

size_t
xq_journal_pending(struct xq *q, const char **host, const char **port,
    const char **user)
{
	if (q->jpending.n > 0) {
		if (host != NULL)
			*host = q->jpending.jobs[0].host;
		if (port != NULL)
			*port = q->jpending.jobs[0].port;
		if (user != NULL)
			*user = q->jpending.jobs[0].user;
	}
	return q->jpending.n;
}

static bool
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

const struct jq_job *
xq_journal_jobs(struct xq *q, size_t *n)
{
	*n = q->jpending.n;
	return q->jpending.jobs;
}

void
xq_journal_drop(struct xq *q)
{
	jq_free(&q->jpending);
	jnl_touch(q, true);
}

/* Queue one record again; its id, or 0 with err. */
static unsigned
restore_one(struct xq *q, const struct jq_job *r, char *err, size_t errlen)
{
	struct xq_opts o;
	struct job *job;
	unsigned id;

	memset(&o, 0, sizeof o);
	o.type = (enum xq_type)r->type;
	/*
	 * The record may lag the start by a write: a job saved as not
	 * started may have begun its target. "Ask" (the default) becomes
	 * resume, as get -c / put -c would; a policy the user chose stays.
	 */
	o.policy = r->started || r->policy == XQ_ASK ? XQ_RESUME :
	    (enum xq_policy)r->policy;
	o.recursive = r->recursive;
	o.follow_links = r->follow_links;
	o.keep_time = r->keep_time;
	if (r->put)
		id = xq_put(q, r->lpath, r->remote, &o, err, errlen);
	else
		id = xq_get(q, r->remote, r->ldir, r->lname, &o, err, errlen);
	if (id == 0 || (job = job_find(q, id)) == NULL)
		return id;
	/* The policy the user chose stays the job's for what follows. */
	if (!r->recursive && !r->put && r->started) {
		job->jcheck = true;
		job->jsize = r->total;
		job->jmtime = r->mtime;
	}
	if (r->priority != 0)
		(void)xq_set_priority(q, id, r->priority);
	if (r->paused)
		xq_pause(q, id);
	return id;
}

/* Resume the pending jobs of host/port/user (see queue.h). */
int
xq_journal_resume(struct xq *q, unsigned *first, unsigned *last,
    unsigned *failed, void (*report)(const char *, const char *, void *),
    void *arg)
{
	struct jq_file keep;
	char err[512];
	size_t i;
	unsigned id;

	*first = *last = 0;
	*failed = 0;
	if (q->jpending.n == 0)
		return 0;
	memset(&keep, 0, sizeof keep);
	xq_begin_batch(q);
	for (i = 0; i < q->jpending.n; i++) {
		const struct jq_job *r = &q->jpending.jobs[i];

		if (r->nranges > 0 || !same(r->host, q->host) ||
		    !same(r->port, q->port) ||
		    !same(r->user, q->user)) {
			jq_add(&keep, r);
			continue;
		}
		err[0] = '\0';
		if ((id = restore_one(q, r, err, sizeof err)) == 0) {
			(*failed)++;
			if (report != NULL)
				report(r->remote, err, arg);
			continue;
		}
		if (*first == 0)
			*first = id;
		*last = id;
	}
	xq_end_batch(q);
	jq_free(&q->jpending);
	q->jpending = keep;
	jnl_touch(q, true);
	return 0;
}
