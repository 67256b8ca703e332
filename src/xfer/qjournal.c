/*
 * qjournal.c: the queue kept on disk: writing it (the format is
 * journal.c's; reading it back and resuming, qjresume.c).
 *
 * Every unfinished job (queued, active, paused) is a record: a file job
 * with its local directory and name as decided, a directory job whose tree
 * is not walked yet as the whole tree (its files are made again by the
 * walk), and once its walk is done, its unfinished files one by one. The
 * file is rewritten whole, atomically: a temporary file in the same
 * directory, written, fsync'd, renamed over the journal, the directory
 * fsync'd; mode 0600. A state change (or a download's size, learnt) writes
 * it at the next loop pass (no sooner than JNL_MIN_MS after the last
 * write, nor than 20 times what the last write took), progress at most
 * once per JNL_PROGRESS_MS. No password is written: the records name the server's
 * host, port and user only.
 *
 * The jobs of the last run (pending) stay in the file, beside the new
 * ones, until they are resumed or dropped.
 *
 * What writes it: jnl_touch (job_state.c) marks it dirty and starts the
 * timer made here (jnl_open); the timer writes. This file reads the jobs
 * (their order, order.c; their walks, walk_stack.c) and calls nothing
 * above them.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "xfer/journal.h"
#include "xfer/xq_priv.h"


/* The absolute path of a download's directory. */
static char *
dnode_abs_path(const struct xq_dnode *d)
{
	char *up, *r;

	if (d->parent == NULL)
		return xstrdup(d->abs != NULL ? d->abs : d->path);
	up = dnode_abs_path(d->parent);
	r = strcmp(up, "/") == 0 ? xasprintf("/%s", d->name) :
	    xasprintf("%s/%s", up, d->name);
	free(up);
	return r;
}

/* Is the job's tree recorded whole (its walk not done)? */
static bool
dir_whole(const struct job *dir)
{
	return dir->walk != NULL && !walk_done(dir->walk);
}

/* One unfinished job as a record. */
static void
job_record(struct xq *q, const struct job *job, struct jq_file *f)
{
	struct jq_job r;
	char *ldir = NULL;

	memset(&r, 0, sizeof r);
	r.put = job->pub.kind == XQ_PUT;
	r.paused = job->pub.state == XQ_PAUSED;
	r.type = (int)job->opts.type;
	r.policy = (int)job->opts.policy;
	r.recursive = job->pub.is_dir;
	r.follow_links = job->opts.follow_links;
	r.keep_time = job->opts.keep_time;
	r.started = job->decided || job->pub.attempts > 0 ||
	    job->pub.done > 0;
	r.total = job->pub.total;
	r.done = job->pub.done;
	r.mtime = job->jmtime;
	r.priority = job->pub.priority;
	r.host = q->host;
	r.port = q->port;
	r.user = q->user;
	r.remote = job->remote;
	if (r.put)
		r.lpath = job->lpath;
	else if (job->pub.is_dir) {
		/* The tree's root: its directory and name, as queued. */
		r.ldir = job->jroot;
		r.lname = job->jname;
	} else if (job->dnode != NULL && job->name != NULL) {
		ldir = r.ldir = dnode_abs_path(job->dnode);
		r.lname = job->name;
	}
	if (r.put ? r.lpath != NULL : r.ldir != NULL)
		jq_add(f, &r);
	free(ldir);
}

/* The records of the queue now, and the pending ones after them. */
static void
jnl_collect(struct xq *q, struct jq_file *f)
{
	struct job **v;
	size_t i, n;

	memset(f, 0, sizeof *f);
	if (q->host != NULL) {
		v = order_jobs(q, &n);	/* saved in the queue's order */
		for (i = 0; i < n; i++) {
			struct job *job = v[i];

			if (job_ended(job))
				continue;
			if (job->dir != NULL && (dir_whole(job->dir) ||
			    job_ended(job->dir)))
				continue;
			if (job->pub.is_dir && !dir_whole(job))
				continue;
			job_record(q, job, f);
		}
		free(v);
	}
	for (i = 0; i < q->jpending.n; i++)
		jq_add(f, &q->jpending.jobs[i]);
	for (i = 0; i < q->jside.n; i++)
		jq_add(f, &q->jside.jobs[i]);
}

/* fsync the directory of path. */
static void
sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd;

	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) !=
	    -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Write the journal now (atomically). */
static int
jnl_write(struct xq *q)
{
	struct jq_file f;
	char *text, *tmp;
	size_t len, off = 0;
	ssize_t n;
	uint64_t t0;
	int fd, saved, rc = -1;

	q->jdirty = false;
	t0 = ev_clock_ms();
	jnl_collect(q, &f);
	text = jq_encode(&f, &len);
	jq_free(&f);
	tmp = xasprintf("%s.tmp", q->jpath);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		goto fail;
	(void)fchmod(fd, 0600);
	while (off < len) {
		n = write(fd, text + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail_fd;
		off += (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail_fd;
	if (close(fd) == -1) {
		fd = -1;
		goto fail_unlink;
	}
	if (rename(tmp, q->jpath) == -1)
		goto fail_unlink;
	sync_dir(q->jpath);
	q->jfailed = false;
	rc = 0;
	goto out;
fail_fd:
	saved = errno;
	close(fd);
	errno = saved;
fail_unlink:
	saved = errno;
	(void)unlink(tmp);
	errno = saved;
fail:
	if (!q->jfailed)
		log_warn("cannot save the queue to %s: %s", q->jpath,
		    strerror(errno));
	q->jfailed = true;
out:
	/*
	 * A big queue on a slow disk writes less often: the next write
	 * waits at least 20 times what this one took.
	 */
	q->jlast = ev_clock_ms();
	q->jgap = (q->jlast - t0) * 20;
	free(tmp);
	free(text);
	return rc;
}

static void
jnl_fire(struct ev_timer *t, void *arg)
{
	struct xq *q = arg;

	(void)t;
	if (q->jpath != NULL && q->jdirty)
		jnl_write(q);
}

/*
 * Keep the queue in path from now on: jnl_touch (job_state.c) starts the
 * timer made here, which writes it.
 */
void
jnl_open(struct xq *q, const char *path)
{
	free(q->jpath);
	q->jpath = xstrdup(path);
	if (q->jtimer == NULL)
		q->jtimer = ev_timer_new(q->loop, jnl_fire, q);
}

/* The queue ends: write what is unfinished, free the journal's parts. */
void
jnl_close(struct xq *q)
{
	if (q->jpath != NULL && q->jdirty)
		jnl_write(q);
	ev_timer_free(q->jtimer);
	q->jtimer = NULL;
	jq_free(&q->jpending);
	jq_free(&q->jside);
	free(q->jside_keys);
	q->jside_keys = NULL;
	free(q->jpath);
	q->jpath = NULL;
}

/*
 * The program is quitting: write what is unfinished now and stop
 * following the queue, so the cancellations of the quit do not count.
 */
void
xq_journal_close(struct xq *q)
{
	if (q->jpath == NULL)
		return;
	jnl_write(q);
	ev_timer_free(q->jtimer);
	q->jtimer = NULL;
	free(q->jpath);
	q->jpath = NULL;
}
