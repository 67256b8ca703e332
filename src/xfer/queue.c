/*
 * queue.c: the transfer queue's jobs, their states and events, and the
 * public calls (see queue.h).
 *
 * A job's state changes only in job_set_state, which keeps the per-state
 * counts, the directory job's tallies and the busy/idle bookkeeping, and
 * reports the change at once. Progress is reported through job_changed,
 * at most every XQ_EVENT_MS per job: a change that comes sooner marks the
 * job dirty and one timer reports every dirty job later.
 *
 * Jobs wait on one of three lists: the run queue (ready; the scheduler in
 * pool.c gives the head a connection), the wait queue (a retry's backoff;
 * the wake timer moves it back) and the ask queue (the overwrite question
 * is out; xq_answer moves it back). The scheduler itself runs from a
 * 0 ms timer (xq_kick), never from inside the call that made work, so
 * callbacks never nest into it.
 *
 * Every entry from outside (a public call, a loop callback) holds the
 * queue; xq_free from inside a callback only marks it dead, and the
 * outermost frame frees it.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "local/lfile.h"
#include "xfer/xq_priv.h"

static const char *state_names[] = {
	[XQ_QUEUED] = N_("queued"),
	[XQ_ACTIVE] = N_("active"),
	[XQ_PAUSED] = N_("paused"),
	[XQ_DONE] = N_("done"),
	[XQ_FAILED] = N_("failed"),
	[XQ_CANCELLED] = N_("cancelled"),
	[XQ_SKIPPED] = N_("skipped")
};

static void	xq_destroy(struct xq *);
static void	job_free(struct job *);

/* The name of a state, for lists and logs. */
const char *
xq_state_name(enum xq_state st)
{
	if ((size_t)st < sizeof state_names / sizeof state_names[0])
		return state_names[st];
	return "?";
}

/* Has the job ended (nothing more will happen without the user)? */
bool
job_ended(const struct job *job)
{
	return job->pub.state == XQ_DONE || job->pub.state == XQ_FAILED ||
	    job->pub.state == XQ_CANCELLED || job->pub.state == XQ_SKIPPED;
}

/* ------------------------------------------------------- lifetime */

/* Keep the queue alive across a callback. */
void
xq_hold(struct xq *q)
{
	q->hold++;
}

/* End a hold; the outermost one frees a queue xq_free marked dead. */
void
xq_release(struct xq *q)
{
	if (--q->hold == 0 && q->dead)
		xq_destroy(q);
}

/* From the loop: run the scheduler. */
static void
kick_fire(struct ev_timer *t, void *arg)
{
	struct xq *q = arg;

	xq_hold(q);
	pool_schedule(q);
	xq_release(q);
}

/* Run the scheduler soon (from the loop, never from here). */
void
xq_kick(struct xq *q)
{
	if (!q->dead && !ev_timer_pending(q->kick))
		ev_timer_start(q->kick, 0);
}

/* Backoffs are over: waiting jobs go back to the head of the run queue. */
static void
wake_fire(struct ev_timer *t, void *arg)
{
	struct xq *q = arg;
	struct job *job, *next, *after = NULL;
	uint64_t now = ev_clock_ms();

	xq_hold(q);
	for (job = TAILQ_FIRST(&q->waitq); job != NULL; job = next) {
		next = TAILQ_NEXT(job, entry);
		if (job->not_before > now)
			continue;
		TAILQ_REMOVE(&q->waitq, job, entry);
		if (after == NULL)
			TAILQ_INSERT_HEAD(&q->runq, job, entry);
		else
			TAILQ_INSERT_AFTER(&q->runq, after, job, entry);
		job->list = L_RUN;
		after = job;
	}
	xq_arm_wake(q);
	pool_schedule(q);
	xq_release(q);
}

/* Arm the wake timer for the earliest backoff (jobs or connections). */
void
xq_arm_wake(struct xq *q)
{
	struct job *job;
	uint64_t now = ev_clock_ms(), when = 0;

	TAILQ_FOREACH(job, &q->waitq, entry) {
		if (when == 0 || job->not_before < when)
			when = job->not_before;
	}
	if (!TAILQ_EMPTY(&q->runq) && q->connect_not_before > now &&
	    (when == 0 || q->connect_not_before < when))
		when = q->connect_not_before;
	if (when == 0) {
		ev_timer_stop(q->wake);
		return;
	}
	ev_timer_start(q->wake, when > now ? when - now : 0);
}

/* The throttle timer: report every job whose change was held back. */
static void
flush_fire(struct ev_timer *t, void *arg)
{
	struct xq *q = arg;
	struct job *job;

	xq_hold(q);
	while (!q->dead && (job = TAILQ_FIRST(&q->dirtyq)) != NULL)
		job_changed(job, true);
	xq_release(q);
}

/* Make an empty queue. */
struct xq *
xq_new(struct ev_loop *loop, const struct xq_events *ev, void *arg)
{
	struct xq *q = xcalloc(1, sizeof *q);

	q->loop = loop;
	if (ev != NULL)
		q->ev = *ev;
	q->arg = arg;
	q->parallel = q->limit = XQ_DEFAULT_PARALLEL;
	q->retries = XQ_DEFAULT_RETRIES;
	q->idle_ms = XQ_DEFAULT_IDLE_MS;
	q->retry_ms = XQ_RETRY_BASE_MS;
	TAILQ_INIT(&q->runq);
	TAILQ_INIT(&q->waitq);
	TAILQ_INIT(&q->askq);
	TAILQ_INIT(&q->dirtyq);
	TAILQ_INIT(&q->resq);
	q->kick = ev_timer_new(loop, kick_fire, q);
	q->wake = ev_timer_new(loop, wake_fire, q);
	q->flush = ev_timer_new(loop, flush_fire, q);
	return q;
}

/* Wipe and free a secret. */
static void
free_secret(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

/* Forget the server's login. */
static void
server_clear(struct xq *q)
{
	free(q->host);
	free(q->port);
	free(q->user);
	free_secret(q->pass);
	free_secret(q->acct);
	q->host = q->port = q->user = q->pass = q->acct = NULL;
}

/* The real free, once no callback runs. */
static void
xq_destroy(struct xq *q)
{
	size_t i;

	pool_free(q);
	for (i = 0; i < q->njobs; i++)
		job_free(q->jobs[i]);
	free(q->jobs);
	free(q->view);
	if (q->cur_batch != NULL && --q->cur_batch->refs == 0)
		free(q->cur_batch);
	ev_timer_free(q->kick);
	ev_timer_free(q->wake);
	ev_timer_free(q->flush);
	server_clear(q);
	free(q->connect_error);
	free(q);
}

/*
 * Free the queue: connections are dropped without QUIT, .part files are
 * kept, no callback runs any more. Safe from inside a callback.
 */
void
xq_free(struct xq *q)
{
	if (q == NULL || q->dead)
		return;
	q->dead = true;
	memset(&q->ev, 0, sizeof q->ev);
	if (q->hold == 0)
		xq_destroy(q);
}

/* ------------------------------------------------------- settings */

/* The server and login for new connections (copied). */
void
xq_set_server(struct xq *q, const struct ftp_login *login,
    const struct ftp_options *opt)
{
	bool same;

	same = q->have_server && login != NULL &&
	    strcmp(q->host, login->host) == 0 &&
	    strcmp(q->port, login->port != NULL ? login->port : "21") == 0 &&
	    ((q->user == NULL && login->user == NULL) ||
	    (q->user != NULL && login->user != NULL &&
	    strcmp(q->user, login->user) == 0));
	server_clear(q);
	q->have_server = login != NULL && login->host != NULL;
	if (q->have_server) {
		q->host = xstrdup(login->host);
		q->port = xstrdup(login->port != NULL ? login->port : "21");
		q->user = login->user != NULL ? xstrdup(login->user) : NULL;
		q->pass = login->pass != NULL ? xstrdup(login->pass) : NULL;
		q->acct = login->acct != NULL ? xstrdup(login->acct) : NULL;
	}
	q->have_opt = opt != NULL;
	if (opt != NULL) {
		q->opt = *opt;
		q->opt.throttle = &q->throttle;
	}
	if (!same) {
		/* Another server or user: what is open belongs to the old. */
		pool_close_all(q, false);
		q->limit = q->parallel;
		q->connect_failures = 0;
		q->connect_not_before = 0;
		q->no_conn_since = 0;
		q->logged_in_once = false;
		q->list_a = LIST_A_UNKNOWN;
	}
	xq_kick(q);
}

/* How many transfers run at once, 1 to XQ_MAX_PARALLEL. */
void
xq_set_parallel(struct xq *q, int n)
{
	if (n < 1)
		n = 1;
	if (n > XQ_MAX_PARALLEL)
		n = XQ_MAX_PARALLEL;
	q->parallel = q->limit = n;
	xq_kick(q);
}

/* A rate limit over every connection of the queue; 0: none. */
void
xq_set_rate_limit(struct xq *q, uint64_t bytes_per_s)
{
	q->throttle.rate = bytes_per_s;
}

struct ftp_throttle *
xq_throttle(struct xq *q)
{
	return &q->throttle;
}

/* How often a job is tried again after a transient failure. */
void
xq_set_retries(struct xq *q, int n)
{
	q->retries = n < 0 ? 0 : n > 100 ? 100 : n;
}

/* The first backoff before a retry (it doubles each time). */
void
xq_set_retry_delay(struct xq *q, int ms)
{
	q->retry_ms = ms < 0 ? 0 : ms;
}

/* Close a connection idle for this long. */
void
xq_set_idle_close(struct xq *q, int ms)
{
	q->idle_ms = ms < 0 ? 0 : ms;
}

/* Jobs added from now to xq_end_batch share their "for all" answer. */
void
xq_begin_batch(struct xq *q)
{
	if (q->cur_batch != NULL && --q->cur_batch->refs == 0)
		free(q->cur_batch);
	q->cur_batch = xcalloc(1, sizeof *q->cur_batch);
	q->cur_batch->refs = 1;
}

/* End the batch xq_begin_batch started. */
void
xq_end_batch(struct xq *q)
{
	if (q->cur_batch != NULL && --q->cur_batch->refs == 0)
		free(q->cur_batch);
	q->cur_batch = NULL;
}

/* ----------------------------------------------------------- jobs */

/* Remember a job in the id-ordered array. */
static void
job_register(struct xq *q, struct job *job)
{
	if (q->njobs == q->capjobs) {
		q->capjobs = q->capjobs == 0 ? 64 : q->capjobs * 2;
		q->jobs = xreallocarray(q->jobs, q->capjobs, sizeof *q->jobs);
	}
	q->jobs[q->njobs++] = job;
	q->view_stale = true;
}

/* The queue starts or stops being busy: stats, and the idle event. */
static void
busy_update(struct xq *q)
{
	bool busy = q->nstate[XQ_QUEUED] + q->nstate[XQ_ACTIVE] > 0;
	uint64_t now = ev_clock_ms();

	if (busy == q->busy)
		return;
	q->busy = busy;
	if (busy) {
		q->busy_since = now;
		return;
	}
	q->elapsed += now - q->busy_since;
	if (!q->dead && q->ev.idle != NULL)
		q->ev.idle(q, q->arg);
}

/* A new job in state XQ_QUEUED, on no list yet. */
struct job *
job_new(struct xq *q, enum xq_kind kind, struct job *dir, const char *remote,
    const struct xq_opts *opts)
{
	struct job *job = xcalloc(1, sizeof *job);

	job->q = q;
	job->pub.id = ++q->next_id;
	job->pub.kind = kind;
	job->pub.state = XQ_QUEUED;
	job->pub.eta = -1;
	job->pub.type = FTP_TYPE_I;
	job->fd = -1;
	job->opts = *opts;
	job->remote = xstrdup(remote);
	job->pub.remote = job->remote;
	job->local = xstrdup("");
	job->pub.local = job->local;
	if (dir != NULL) {
		job->dir = dir;
		job->pub.parent = dir->pub.id;
		job->batch = dir->batch;
		dir->n_children++;
	} else if (q->cur_batch != NULL)
		job->batch = q->cur_batch;
	else
		job->batch = xcalloc(1, sizeof *job->batch);
	job->batch->refs++;
	job_register(q, job);
	q->nstate[XQ_QUEUED]++;
	q->fstate[XQ_QUEUED]++;	/* job_set_dir moves a directory job */
	busy_update(q);
	return job;
}

/* Free one job and what it owns (it is on no list). */
static void
job_free(struct job *job)
{
	struct xq *q = job->q;

	if (job->dirty)
		TAILQ_REMOVE(&q->dirtyq, job, dirty_entry);
	if (job->list != L_NONE)
		job_unlist(job);
	res_drop(job);
	job_give_back(job);	/* the queue goes away mid-resume */
	if (job->fd != -1)
		close(job->fd);
	if (job->dn_open)
		dnode_close(job->dnode);
	if (job->dnode != NULL)
		dnode_unref(job->dnode);
	if (job->walk != NULL)
		walk_free(job->walk);
	if (--job->batch->refs == 0)
		free(job->batch);
	free(job->samples);
	free(job->remote);
	free(job->local);
	free(job->error);
	free(job->name);
	free(job->lpath);
	free(job);
}

/* Count a job as a directory job from now on. */
static void
job_set_dir(struct job *job)
{
	job->pub.is_dir = true;
	job->q->fstate[job->pub.state]--;
}

/* Set the remote path (raw bytes). */
void
job_set_remote(struct job *job, const char *remote)
{
	free(job->remote);
	job->remote = xstrdup(remote);
	job->pub.remote = job->remote;
}

/* Set the local path shown. */
void
job_set_local(struct job *job, const char *local)
{
	free(job->local);
	job->local = xstrdup(local);
	job->pub.local = job->local;
}

/* Set the last error (sanitized here); NULL clears it. */
void
job_set_error(struct job *job, const char *error)
{
	free(job->error);
	job->error = error != NULL ? san_cstr(error) : NULL;
	job->pub.error = job->error;
}

/* FTP_TYPE_A or _I for a file name under opts. */
enum ftp_type
job_type_for(const struct xq_opts *opts, const char *name)
{
	switch (opts->type) {
	case XQ_TYPE_ASCII:
		return FTP_TYPE_A;
	case XQ_TYPE_AUTO:
		return xq_type_for_name(name) ? FTP_TYPE_A : FTP_TYPE_I;
	default:
		return FTP_TYPE_I;
	}
}

/* The policy in force: the job's, or its answer, or the batch's. */
enum xq_policy
job_policy(struct job *job)
{
	if (job->opts.policy != XQ_ASK)
		return job->opts.policy;
	if (job->has_answer)
		return job->answer;
	if (job->batch->have_all)
		return job->batch->all;
	return XQ_ASK;
}

/* ---------------------------------------------------------- lists */

/* Take the job off whatever list it is on. */
void
job_unlist(struct job *job)
{
	struct xq *q = job->q;

	switch (job->list) {
	case L_RUN:
		TAILQ_REMOVE(&q->runq, job, entry);
		break;
	case L_WAIT:
		TAILQ_REMOVE(&q->waitq, job, entry);
		break;
	case L_ASK:
		TAILQ_REMOVE(&q->askq, job, entry);
		break;
	case L_NONE:
		break;
	}
	job->list = L_NONE;
}

/* Put the job on the run queue (at its head: it was there before). */
void
job_queue_run(struct job *job, bool head)
{
	struct xq *q = job->q;

	job_unlist(job);
	if (head)
		TAILQ_INSERT_HEAD(&q->runq, job, entry);
	else
		TAILQ_INSERT_TAIL(&q->runq, job, entry);
	job->list = L_RUN;
	xq_kick(q);
}

/*
 * Ask what to do about an existing target. false if nobody can answer
 * (batch mode: the caller skips). The job waits on the ask queue; the
 * answer may come before this returns.
 */
bool
job_ask(struct job *job, const char *target)
{
	struct xq *q = job->q;

	if (q->ev.ask == NULL || q->dead)
		return false;
	job_unlist(job);
	TAILQ_INSERT_TAIL(&q->askq, job, entry);
	job->list = L_ASK;
	q->ev.ask(q, &job->pub, target, q->arg);
	return true;
}

/*
 * The reply code a failure is judged by: a 5xx counts as one only while
 * the session lives and the server meant it. vsftpd answers "500 OOPS:
 * ..." when its own process fails (resources, its privileged helper) and
 * exits; that and a 5xx followed by the end of the connection are
 * transient (0).
 */
int
xq_code(struct ftp_session *s, const struct ftp_status *st)
{
	const char *msg;

	if (!FTP_IS_PERMANENT(st->code))
		return st->code;
	if (!ftp_session_connected(s))
		return 0;
	msg = st->reply != NULL ? st->reply->msg : NULL;
	if (msg != NULL && strncmp(msg, "OOPS", 4) == 0)
		return 0;
	return st->code;
}

/* ----------------------------------------------------- reservations */

/*
 * Is the target (a download: name in the directory dev/ino; an upload:
 * the remote path, dev and ino 0) reserved by a job other than self?
 * Two jobs never write one target at once: they would share a .part.
 */
bool
res_taken(struct xq *q, const struct job *self, dev_t dev, ino_t ino,
    const char *name)
{
	struct job *job;

	TAILQ_FOREACH(job, &q->resq, res_entry) {
		if (job != self && job->res_dev == dev &&
		    job->res_ino == ino && strcmp(job->res_name, name) == 0)
			return true;
	}
	return false;
}

/* Reserve a target until the job ends. */
void
res_take(struct job *job, dev_t dev, ino_t ino, const char *name)
{
	res_drop(job);
	job->reserved = true;
	job->res_dev = dev;
	job->res_ino = ino;
	job->res_name = xstrdup(name);
	TAILQ_INSERT_TAIL(&job->q->resq, job, res_entry);
}

/* Give the target up. */
void
res_drop(struct job *job)
{
	if (!job->reserved)
		return;
	TAILQ_REMOVE(&job->q->resq, job, res_entry);
	job->reserved = false;
	free(job->res_name);
	job->res_name = NULL;
}

/* Another job writes this target: look again a little later. */
void
job_wait_blocked(struct job *job)
{
	struct xq *q = job->q;

	job_unlist(job);
	job->not_before = ev_clock_ms() + XQ_BLOCKED_MS;
	TAILQ_INSERT_TAIL(&q->waitq, job, entry);
	job->list = L_WAIT;
	xq_arm_wake(q);
}

/* ---------------------------------------------------------- events */

/*
 * Report the job to the user: now if force (a state change) or if the
 * last report is XQ_EVENT_MS old, else a little later.
 */
void
job_changed(struct job *job, bool force)
{
	struct xq *q = job->q;
	uint64_t now = ev_clock_ms();

	if (q->dead || q->ev.changed == NULL)
		return;
	if (!force && now - job->last_emit < XQ_EVENT_MS) {
		if (!job->dirty) {
			job->dirty = true;
			TAILQ_INSERT_TAIL(&q->dirtyq, job, dirty_entry);
		}
		if (!ev_timer_pending(q->flush))
			ev_timer_start(q->flush, XQ_EVENT_MS);
		return;
	}
	if (job->dirty) {
		job->dirty = false;
		TAILQ_REMOVE(&q->dirtyq, job, dirty_entry);
	}
	job->last_emit = now;
	q->ev.changed(q, &job->pub, q->arg);
}

/* Take a rate sample and work out the recent rate and the ETA. */
static void
job_rate(struct job *job, uint64_t now)
{
	struct rate_sample *s = job->samples, *last;
	uint64_t done = job->pub.done;
	unsigned i;

	if (s == NULL)
		return;
	last = job->nsamples > 0 ? &s[job->nsamples - 1] : NULL;
	if (last != NULL && done < last->done)
		job->nsamples = 0;	/* started again from zero */
	if (job->nsamples == 0 || now - s[job->nsamples - 1].t >=
	    XQ_RATE_STEP_MS) {
		if (job->nsamples == XQ_RATE_SAMPLES) {
			memmove(s, s + 1, (XQ_RATE_SAMPLES - 1) * sizeof *s);
			job->nsamples--;
		}
		s[job->nsamples].t = now;
		s[job->nsamples].done = done;
		job->nsamples++;
	}
	for (i = 0; i + 1 < job->nsamples && now - s[i].t > XQ_RATE_WINDOW_MS;
	    i++)
		;
	if (i > 0) {
		memmove(s, s + i, (job->nsamples - i) * sizeof *s);
		job->nsamples -= i;
	}
	if (now > s[0].t && done >= s[0].done && now - s[0].t >= 100)
		job->pub.rate = (double)(done - s[0].done) * 1000.0 /
		    (double)(now - s[0].t);
	if (job->pub.total > done && job->pub.rate >= 1.0)
		job->pub.eta = (int)((double)(job->pub.total - done) /
		    job->pub.rate + 0.999);
	else
		job->pub.eta = job->pub.total > 0 && job->pub.total <= done ?
		    0 : -1;
}

/* The job's total changed (and so does its directory's). */
void
job_set_total(struct job *job, uint64_t total)
{
	if (job->dir != NULL)
		job->dir->pub.total += total - job->pub.total;
	job->pub.total = total;
}

/* A transfer moved bytes: done so far of total (0: unknown). */
void
job_progress(struct job *job, uint64_t done, uint64_t total)
{
	uint64_t now = ev_clock_ms();
	struct job *dir = job->dir;

	if (total != 0 && total != job->pub.total)
		job_set_total(job, total);
	if (dir != NULL) {
		dir->pub.done += done - job->pub.done;
		job_rate(dir, now);
	}
	job->pub.done = done;
	job_rate(job, now);
	job_changed(job, false);
	if (dir != NULL)
		job_changed(dir, false);
}

/* ----------------------------------------------------------- states */

/* Count a child's move into or out of an ended state on its directory. */
static void
dir_tally(struct job *dir, enum xq_state st, int d)
{
	switch (st) {
	case XQ_DONE:
	case XQ_SKIPPED:
		break;
	case XQ_FAILED:
		dir->n_failed += d;
		break;
	case XQ_CANCELLED:
		dir->n_cancelled += d;
		break;
	default:
		return;
	}
	dir->n_ended += d;
}

/* The one place a job's state changes; reported at once. */
void
job_set_state(struct job *job, enum xq_state st)
{
	struct xq *q = job->q;
	enum xq_state old = job->pub.state;
	uint64_t now = ev_clock_ms();
	bool was_ended = job_ended(job);

	if (old == st)
		return;
	q->nstate[old]--;
	q->nstate[st]++;
	if (!job->pub.is_dir) {
		q->fstate[old]--;
		q->fstate[st]++;
	}
	job->pub.state = st;
	if (old == XQ_ACTIVE) {
		job->active_ms += now - job->started_ms;
		free(job->samples);
		job->samples = NULL;
		job->nsamples = 0;
		job->pub.eta = -1;
		job->pub.rate = job->active_ms > 0 ? (double)job->moved *
		    1000.0 / (double)job->active_ms : 0.0;
	}
	if (st == XQ_ACTIVE) {
		job->started_ms = now;
		job->samples = xcalloc(XQ_RATE_SAMPLES, sizeof *job->samples);
		job->nsamples = 0;
		job->pub.rate = 0.0;
	}
	if (job->dir != NULL) {
		if (was_ended)
			dir_tally(job->dir, old, -1);
		if (job_ended(job))
			dir_tally(job->dir, st, 1);
	}
	job_changed(job, true);
	if (job->dir != NULL && was_ended != job_ended(job))
		dir_check_done(job->dir);
	busy_update(q);
}

/* Release what the job holds locally and end it in state st. */
void
job_finish(struct job *job, enum xq_state st, const char *error)
{
	job_unlist(job);
	if (st == XQ_FAILED || st == XQ_CANCELLED) {
		job_give_back(job);
		job_drop_empty_part(job);
	}
	job_release_local(job);
	if (error != NULL)
		job_set_error(job, error);
	else if (st == XQ_DONE)
		job_set_error(job, NULL);
	if (st == XQ_SKIPPED && job->pub.total != job->pub.done)
		job_set_total(job, job->pub.done);
	res_drop(job);
	if (st == XQ_DONE && !job->pub.is_dir)
		job->q->drops = 0;
	job_set_state(job, st);
}

/*
 * A directory job cannot go on walking: note why (the first reason is
 * kept), stop the walk, and end the job once its files have.
 */
static void
dir_give_up(struct job *dir, const char *error)
{
	if (!dir->walk_failed) {
		dir->walk_failed = true;
		dir->q->walk_failures++;
	}
	if (dir->error == NULL)
		job_set_error(dir, error);
	job_unlist(dir);
	walk_abandon(dir);
	dir_check_done(dir);
}

/* Fail a job for good (a directory job: its walk). */
void
job_fail(struct job *job, const char *error)
{
	if (job->pub.is_dir)
		dir_give_up(job, error);
	else
		job_finish(job, XQ_FAILED, error);
}

/*
 * An attempt failed. A 5xx reply, a local error (permanent) or the last
 * retry fails the job; anything else (a dropped connection, a 4xx) tries
 * again after a backoff that doubles, resuming what is there.
 */
void
job_attempt_failed(struct job *job, int code, bool permanent,
    const char *error)
{
	struct xq *q = job->q;
	uint64_t delay;
	int n;

	if (permanent || FTP_IS_PERMANENT(code) ||
	    job->pub.attempts > q->retries) {
		job_fail(job, error);
		return;
	}
	job_set_error(job, error);
	job_release_local(job);
	if (!job->pub.is_dir)
		job->resume = true;
	n = job->pub.attempts > 0 ? job->pub.attempts - 1 : 0;
	delay = (uint64_t)q->retry_ms << (n > 16 ? 16 : n);
	if (delay > XQ_RETRY_MAX_MS)
		delay = XQ_RETRY_MAX_MS;
	job->not_before = ev_clock_ms() + delay;
	job_unlist(job);
	TAILQ_INSERT_TAIL(&q->waitq, job, entry);
	job->list = L_WAIT;
	log_info("transfer %u: attempt %d failed (%s); again in %llu ms",
	    job->pub.id, job->pub.attempts, job->error != NULL ? job->error :
	    "?", (unsigned long long)delay);
	if (!job->pub.is_dir)
		job_set_state(job, XQ_QUEUED);
	else
		job_changed(job, true);
	xq_arm_wake(q);
}

/* A child of dir ended or came back: maybe dir is complete now. */
void
dir_check_done(struct job *dir)
{
	char msg[256];

	if (job_ended(dir) || dir->conn != NULL)
		return;
	if (dir->want != WANT_CANCEL && !walk_done(dir->walk))
		return;
	if (dir->n_ended < dir->n_children)
		return;
	job_unlist(dir);
	if (dir->want == WANT_CANCEL)
		job_set_state(dir, XQ_CANCELLED);
	else if (dir->walk_failed)
		job_set_state(dir, XQ_FAILED);
	else if (dir->n_failed > 0) {
		snprintf(msg, sizeof msg, ngettext("%u of %u file failed",
		    "%u of %u files failed", dir->n_children), dir->n_failed,
		    dir->n_children);
		job_set_error(dir, msg);
		job_set_state(dir, XQ_FAILED);
	} else {
		job_set_error(dir, NULL);
		job_set_state(dir, XQ_DONE);
	}
}

/* ------------------------------------------------------- adding jobs */

/* The default options: binary, ask, keep the time. */
static void
opts_default(struct xq_opts *o)
{
	memset(o, 0, sizeof *o);
	o->type = XQ_TYPE_BINARY;
	o->policy = XQ_ASK;
	o->keep_time = true;
}

/* A copy of path without trailing slashes ("/" stays "/"). */
static char *
path_trim(const char *path)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

/* The last component of a trimmed path. */
static const char *
path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Download remote into local_dir (see queue.h). */
unsigned
xq_get(struct xq *q, const char *remote, const char *local_dir,
    const char *local_name, const struct xq_opts *opts, char *err,
    size_t errlen)
{
	struct xq_opts o;
	struct xq_dnode *root;
	struct job *job;
	char name[NAME_MAX + 1], *path, *local;
	const char *base;
	int fd;

	if (opts != NULL)
		o = *opts;
	else
		opts_default(&o);
	if (local_dir == NULL || *local_dir == '\0')
		local_dir = ".";
	if (remote == NULL || *remote == '\0') {
		snprintf(err, errlen, "%s", _("no remote file given"));
		return 0;
	}
	if (str_has_crlfnul(remote, strlen(remote))) {
		snprintf(err, errlen, "%s", _("refusing a remote name with a "
		    "line break"));
		return 0;
	}
	if ((fd = lf_dir_open(local_dir, err, errlen)) == -1)
		return 0;
	close(fd);
	path = path_trim(remote);
	base = path_base(path);
	if (local_name != NULL) {
		if (!lf_name_ok(local_name)) {
			snprintf(err, errlen, _("refusing the local name "
			    "\"%s\""), local_name);
			free(path);
			return 0;
		}
		str_lcpy(name, local_name, sizeof name);
	} else if (lf_safe_name(base, strlen(base), name, sizeof name) == -1) {
		char *shown = san_cstr(path);

		snprintf(err, errlen, _("cannot make a local name from %s; "
		    "give one"), shown);
		free(shown);
		free(path);
		return 0;
	}
	root = dnode_root(local_dir);
	job = job_new(q, XQ_GET, NULL, path, &o);
	if (o.recursive) {
		job_set_dir(job);
		if (walk_new_get(job, root, name, err, errlen) == -1) {
			/* Cannot happen with a checked name; be safe. */
			job_finish(job, XQ_FAILED, err);
		}
	} else {
		job->dnode = root;
		dnode_ref(root);
		job->name = xstrdup(name);
		local = strcmp(root->path, "/") == 0 ? xasprintf("/%s", name) :
		    xasprintf("%s/%s", root->path, name);
		job_set_local(job, local);
		free(local);
		job->pub.type = job_type_for(&o, name);
	}
	dnode_unref(root);
	free(path);
	if (!job_ended(job))
		job_queue_run(job, false);
	job_changed(job, true);
	return job->pub.id;
}

/* Upload local_path to remote (see queue.h). */
unsigned
xq_put(struct xq *q, const char *local_path, const char *remote,
    const struct xq_opts *opts, char *err, size_t errlen)
{
	struct xq_opts o;
	struct stat st;
	struct job *job;
	char *lpath, *rpath;

	if (opts != NULL)
		o = *opts;
	else
		opts_default(&o);
	if (local_path == NULL || *local_path == '\0') {
		snprintf(err, errlen, "%s", _("no local file given"));
		return 0;
	}
	if (stat(local_path, &st) == -1) {
		snprintf(err, errlen, _("cannot read %s: %s"), local_path,
		    strerror(errno));
		return 0;
	}
	if (S_ISDIR(st.st_mode) && !o.recursive) {
		snprintf(err, errlen, _("%s is a directory (a recursive "
		    "transfer sends it)"), local_path);
		return 0;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, _("%s is not a regular file"),
		    local_path);
		return 0;
	}
	lpath = path_trim(local_path);
	if (remote == NULL || *remote == '\0')
		rpath = xstrdup(path_base(lpath));
	else
		rpath = path_trim(remote);
	if (*rpath == '\0' || strcmp(rpath, "/") == 0 ||
	    strcmp(rpath, ".") == 0 || strcmp(rpath, "..") == 0) {
		snprintf(err, errlen, _("cannot send %s: give a remote name"),
		    local_path);
		free(lpath);
		free(rpath);
		return 0;
	}
	if (str_has_crlfnul(rpath, strlen(rpath))) {
		snprintf(err, errlen, "%s", _("refusing a remote name with a "
		    "line break"));
		free(lpath);
		free(rpath);
		return 0;
	}
	job = job_new(q, XQ_PUT, NULL, rpath, &o);
	job->lpath = lpath;
	job_set_local(job, lpath);
	if (S_ISDIR(st.st_mode)) {
		job_set_dir(job);
		walk_new_put(job);
	} else {
		job->lsize = (uint64_t)st.st_size;
		job->pub.type = job_type_for(&o, path_base(lpath));
		job_set_total(job, job->lsize);
	}
	free(rpath);
	job_queue_run(job, false);
	job_changed(job, true);
	return job->pub.id;
}

/* -------------------------------------------------- user's controls */

/* The job with this id (binary search: the array is in id order). */
static struct job *
job_find(struct xq *q, unsigned id)
{
	size_t lo = 0, hi = q->njobs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (q->jobs[mid]->pub.id == id)
			return q->jobs[mid];
		if (q->jobs[mid]->pub.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Where dir's children start in the array (they come after it). */
static size_t
job_index(struct xq *q, struct job *job)
{
	size_t lo = 0, hi = q->njobs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (q->jobs[mid]->pub.id < job->pub.id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Cancel one file job. */
static void
file_cancel(struct job *job)
{
	if (job_ended(job))
		return;
	if (job->conn != NULL) {
		job->want = WANT_CANCEL;
		job_stop(job);
		return;
	}
	job_finish(job, XQ_CANCELLED, NULL);
}

/* Pause one file job: stop it, keep the .part. */
static void
file_pause(struct job *job)
{
	if (job_ended(job) || job->pub.state == XQ_PAUSED)
		return;
	if (job->conn != NULL) {
		job->want = WANT_PAUSE;
		job_stop(job);
		return;
	}
	job_unlist(job);
	job_release_local(job);
	job_set_state(job, XQ_PAUSED);
}

/* Resume or retry one file job: it continues what is there. */
static void
file_requeue(struct job *job, bool retry)
{
	if (job->conn != NULL) {
		/* Still stopping: the stop ends as a failure and retries. */
		job->want = WANT_NONE;
		return;
	}
	if (retry)
		job->pub.attempts = 0;
	job->want = WANT_NONE;
	job->resume = true;
	job->not_before = 0;
	job_set_error(job, NULL);
	job_queue_run(job, false);
	job_set_state(job, XQ_QUEUED);
}

/* Cancel a job; a directory job cancels its files too. */
int
xq_cancel(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id), *c;
	size_t i;

	if (job == NULL || job_ended(job))
		return -1;
	xq_hold(q);
	if (job->pub.is_dir) {
		job->want = WANT_CANCEL;
		for (i = job_index(q, job) + 1; i < q->njobs; i++) {
			c = q->jobs[i];
			if (c->dir == job)
				file_cancel(c);
		}
		if (job->conn != NULL)
			job_stop(job);
		else
			job_unlist(job);
		dir_check_done(job);
	} else
		file_cancel(job);
	xq_release(q);
	return 0;
}

/* Cancel every job. */
void
xq_cancel_all(struct xq *q)
{
	size_t i;

	xq_hold(q);
	for (i = 0; i < q->njobs && !q->dead; i++) {
		if (!job_ended(q->jobs[i]) && q->jobs[i]->dir == NULL)
			xq_cancel(q, q->jobs[i]->pub.id);
	}
	xq_release(q);
}

/* Pause a job (a directory job: its files and its walk). */
int
xq_pause(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id), *c;
	size_t i;

	if (job == NULL || job_ended(job))
		return -1;
	xq_hold(q);
	if (job->pub.is_dir) {
		if (job->pub.state != XQ_PAUSED) {
			job_set_state(job, XQ_PAUSED);
			for (i = job_index(q, job) + 1; i < q->njobs; i++) {
				c = q->jobs[i];
				if (c->dir == job)
					file_pause(c);
			}
			if (job->conn != NULL) {
				job->want = WANT_PAUSE;
				job_stop(job);
			} else
				job_unlist(job);
		}
	} else
		file_pause(job);
	xq_release(q);
	return 0;
}

/* Resume a paused job; it continues its .part. */
int
xq_resume(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id), *c;
	size_t i;

	if (job == NULL)
		return -1;
	if (job->conn != NULL && job->want == WANT_PAUSE && !job->pub.is_dir) {
		job->want = WANT_NONE;
		return 0;
	}
	if (job->pub.state != XQ_PAUSED)
		return -1;
	xq_hold(q);
	if (job->pub.is_dir) {
		job->want = WANT_NONE;
		for (i = job_index(q, job) + 1; i < q->njobs; i++) {
			c = q->jobs[i];
			if (c->dir == job && c->pub.state == XQ_PAUSED)
				file_requeue(c, false);
		}
		if (!walk_done(job->walk) && job->conn == NULL)
			job_queue_run(job, false);
		job_set_state(job, walk_started(job->walk) ? XQ_ACTIVE :
		    XQ_QUEUED);
		dir_check_done(job);
	} else
		file_requeue(job, false);
	xq_release(q);
	return 0;
}

/* Try a failed or cancelled job again (a directory job: what failed). */
int
xq_retry(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id), *c;
	size_t i;

	if (job == NULL || (job->pub.state != XQ_FAILED &&
	    job->pub.state != XQ_CANCELLED))
		return -1;
	xq_hold(q);
	if (job->pub.is_dir) {
		job->want = WANT_NONE;
		job->pub.attempts = 0;
		if (job->walk_failed) {
			job->walk_failed = false;
			q->walk_failures--;
		}
		job_set_error(job, NULL);
		job_set_state(job, XQ_ACTIVE);
		for (i = job_index(q, job) + 1; i < q->njobs; i++) {
			c = q->jobs[i];
			if (c->dir == job && (c->pub.state == XQ_FAILED ||
			    c->pub.state == XQ_CANCELLED))
				file_requeue(c, true);
		}
		walk_retry(job);
		if (!walk_done(job->walk))
			job_queue_run(job, false);
		dir_check_done(job);
	} else {
		if (job->dir != NULL && job_ended(job->dir)) {
			/* The tree job has work again (and must outlive it). */
			job->dir->want = WANT_NONE;
			job_set_error(job->dir, NULL);
			job_set_state(job->dir, XQ_ACTIVE);
		}
		file_requeue(job, true);
	}
	xq_release(q);
	return 0;
}

/* The answer to an ask event; for_all covers the rest of the batch. */
void
xq_answer(struct xq *q, unsigned id, enum xq_policy policy, bool for_all)
{
	struct job *job = job_find(q, id), *j, *next;

	if (job == NULL || job->list != L_ASK)
		return;
	if (policy == XQ_ASK)
		policy = XQ_SKIP;
	xq_hold(q);
	job->has_answer = true;
	job->answer = policy;
	if (for_all) {
		job->batch->have_all = true;
		job->batch->all = policy;
		for (j = TAILQ_FIRST(&q->askq); j != NULL; j = next) {
			next = TAILQ_NEXT(j, entry);
			if (j != job && j->batch == job->batch &&
			    j->opts.policy == XQ_ASK) {
				j->has_answer = true;
				j->answer = policy;
				job_queue_run(j, true);
			}
		}
	}
	job_queue_run(job, true);
	xq_release(q);
}

/* Forget the jobs that have ended. */
void
xq_clear_finished(struct xq *q)
{
	struct job *job, *dir;
	size_t i, n = 0;

	/* First the tallies of directories that go on. */
	for (i = 0; i < q->njobs; i++) {
		job = q->jobs[i];
		dir = job->dir;
		if (!job_ended(job) || dir == NULL || job_ended(dir))
			continue;
		dir_tally(dir, job->pub.state, -1);
		dir->n_children--;
		job->dir = NULL;
	}
	for (i = 0; i < q->njobs; i++) {
		job = q->jobs[i];
		if (!job_ended(job)) {
			q->jobs[n++] = job;
			continue;
		}
		q->nstate[job->pub.state]--;
		if (!job->pub.is_dir)
			q->fstate[job->pub.state]--;
		else if (job->walk_failed)
			q->walk_failures--;
		job_free(job);
	}
	q->njobs = n;
	q->view_stale = true;
	if (n == 0 && !q->busy) {
		q->bytes = 0;
		q->elapsed = 0;
	}
}

/* ---------------------------------------------------------- reading */

/* The job with this id, or NULL. */
const struct xq_job *
xq_find(struct xq *q, unsigned id)
{
	struct job *job = job_find(q, id);

	return job != NULL ? &job->pub : NULL;
}

/* Every job in id order. */
const struct xq_job *const *
xq_list(struct xq *q, size_t *n)
{
	size_t i;

	if (q->view_stale || q->capview < q->njobs) {
		if (q->capview < q->njobs) {
			q->capview = q->capjobs;
			q->view = xreallocarray(q->view, q->capview,
			    sizeof *q->view);
		}
		for (i = 0; i < q->njobs; i++)
			q->view[i] = &q->jobs[i]->pub;
		q->view_stale = false;
	}
	*n = q->njobs;
	return q->view;
}

/* Counts of the file jobs, bytes moved, and time spent busy. */
void
xq_stats(struct xq *q, struct xq_stats *st)
{
	struct job *job;
	int i;

	memset(st, 0, sizeof *st);
	st->done = q->fstate[XQ_DONE];
	st->failed = q->fstate[XQ_FAILED] + q->walk_failures;
	st->skipped = q->fstate[XQ_SKIPPED];
	st->cancelled = q->fstate[XQ_CANCELLED];
	st->queued = q->fstate[XQ_QUEUED];
	st->active = q->fstate[XQ_ACTIVE];
	st->bytes = q->bytes;
	for (i = 0; i < XQ_MAX_PARALLEL; i++) {
		if (q->conns[i] == NULL || (job = q->conns[i]->job) == NULL ||
		    !job->moving)
			continue;
		if (job->pub.done > job->base)
			st->bytes += job->pub.done - job->base;
	}
	st->elapsed_ms = q->elapsed + (q->busy ? ev_clock_ms() -
	    q->busy_since : 0);
}

/* Is anything queued or running? (Paused jobs wait for the user.) */
bool
xq_busy(struct xq *q)
{
	return q->nstate[XQ_QUEUED] + q->nstate[XQ_ACTIVE] > 0;
}

/* Does s end with suffix, ASCII case folded? */
static bool
suffix_ci(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && strncasecmp(s + n - m, suffix, m) == 0;
}

/* Is name (a file name or path) a text file by its name? */
bool
xq_type_for_name(const char *name)
{
	static const char *suffixes[] = {
		".txt", ".text", ".c", ".h", ".cc", ".cpp", ".hh", ".hpp",
		".md", ".html", ".htm", ".css", ".csv", ".tsv", ".xml",
		".json", ".sh", ".py", ".pl", ".pm", ".rb", ".tcl", ".el",
		".lisp", ".scm", ".js", ".java", ".tex", ".bib", ".diff",
		".patch", ".lsm", ".asc", ".ini", ".cfg", ".conf", ".log",
		".s", ".S", ".y", ".l", ".awk", ".sed", ".m4", ".am", ".in",
		".ac", ".mk", ".po", ".pot", ".sgml", ".texi", ".rst", ".man",
		".nfo", ".diz", ".bat", ".cmd"
	};
	static const char *names[] = {
		"readme", "install", "copying", "changelog", "changes",
		"news", "makefile", "gnumakefile", "authors", "thanks",
		"todo", "license", "licence", "index", "00index.txt",
		".message", "md5sums", "sha1sums", "sha256sums", "sha512sums",
		"manifest", "faq", "bugs", "hacking", "copyright",
		"configure", "ls-lr"
	};
	const char *base = path_base(name);
	size_t n = strlen(base), i;

	if (n == 0)
		return false;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(base, names[i]) == 0)
			return true;
	if (strncasecmp(base, "readme", 6) == 0 && !suffix_ci(base, n, ".gz") &&
	    !suffix_ci(base, n, ".bz2") && !suffix_ci(base, n, ".xz") &&
	    !suffix_ci(base, n, ".zip") && !suffix_ci(base, n, ".pdf"))
		return true;
	/*
	 * Man pages: name.1 to name.9 (and name.3p, name.1x ...), but not
	 * a version number (linux-2.6.1).
	 */
	if (n >= 3 && base[n - 2] == '.' && base[n - 1] >= '1' &&
	    base[n - 1] <= '9' && !isdigit((unsigned char)base[n - 3]))
		return true;
	if (n >= 4 && base[n - 3] == '.' && base[n - 2] >= '1' &&
	    base[n - 2] <= '9' && base[n - 1] >= 'a' && base[n - 1] <= 'z' &&
	    !isdigit((unsigned char)base[n - 4]))
		return true;
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (suffix_ci(base, n, suffixes[i]) && n > strlen(suffixes[i]))
			return true;
	return false;
}
