/*
 * job_state.c: the transfer queue's jobs: made, freed, their paths,
 * states, tallies and progress events (see xq_priv.h); the lists they
 * wait on and the targets they reserve are job_list.c's.
 *
 * A job's state changes only in job_set_state, which keeps the per-state
 * counts, the directory job's tallies and the busy/idle bookkeeping, and
 * reports the change at once. Progress is reported through job_changed,
 * at most every XQ_EVENT_MS per job: a change that comes sooner marks the
 * job dirty and one timer reports every dirty job later. Every change
 * also touches the journal (jnl_touch).
 *
 * The lowest file of the queue with a will of its own: it calls only the
 * data structures under it (job_list.c, job_local.c, job_type.c,
 * dnode.c, walk_stack.c); it reaches the user through the events
 * (q->ev), the scheduler and the journal through the timers the files
 * above registered.
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

/* Has the job ended (nothing more will happen without the user)? */
bool
job_ended(const struct job *job)
{
	return job->pub.state == XQ_DONE || job->pub.state == XQ_FAILED ||
	    job->pub.state == XQ_CANCELLED || job->pub.state == XQ_SKIPPED;
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
	job->pub.group = opts->group;
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
void
job_free(struct job *job)
{
	struct xq *q = job->q;

	if (job->dirty)
		TAILQ_REMOVE(&q->dirtyq, job, dirty_entry);
	if (job->list != L_NONE)
		job_unlist(job);
	res_drop(job);
	job_hold_drop(job);
	job_give_back(job);	/* the queue goes away mid-resume */
	free(job->jroot);
	free(job->jname);
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
	free(job->warning);
	free(job->check);
	free(job->name);
	free(job->lpath);
	free(job);
}

/* Count a job as a directory job from now on. */
void
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

/*
 * A download's target: name in the directory node (a reference taken),
 * shown as its local path, its type (ASCII or binary) from the options.
 */
void
job_set_target(struct job *job, struct xq_dnode *node, const char *name)
{
	char *local;

	job->dnode = node;
	dnode_ref(node);
	job->name = xstrdup(name);
	local = strcmp(node->path, "/") == 0 ? xasprintf("/%s", name) :
	    xasprintf("%s/%s", node->path, name);
	job_set_local(job, local);
	free(local);
	job->pub.type = job_type_for(&job->opts, name);
}

/* Set the last error (sanitized here); NULL clears it. */
void
job_set_error(struct job *job, const char *error)
{
	free(job->error);
	/* The engine's words are escaped already: escape once. */
	job->error = error != NULL ? san_cstr_once(error) : NULL;
	job->pub.error = job->error;
}

/*
 * A warning about the job (from its transfer connection, or the queue's
 * own): the job keeps the last one for its row, and the warning event
 * reports it at once.
 */
static void
job_warn_clean(struct job *job, char *clean)
{
	struct xq *q = job->q;

	free(job->warning);
	job->warning = clean;
	job->pub.warning = job->warning;
	log_info("transfer %u: %s", job->pub.id, job->warning);
	if (q->ev.warning != NULL)
		q->ev.warning(q, &job->pub, job->warning, q->arg);
	job_changed(job, true);
}

void
job_warn(struct job *job, const char *msg)
{
	if (msg != NULL)
		job_warn_clean(job, san_cstr(msg));
}

/*
 * The local name of remote (the job's file, or a directory of its tree)
 * is not the remote one (lf_safe_name escaped bytes): say which it got. The escapes of
 * a safe name are the screen's own, so it is shown as it is, once: a
 * backslash in it only ever starts an escape (lf_safe_name keeps none).
 */
void
job_warn_name(struct job *job, const char *remote, const char *safe)
{
	char *shown = san_cstr(safe), *rshown = san_cstr(remote), *p, *o;

	for (p = o = shown; *p != '\0'; p++) {
		*o++ = *p;
		if (p[0] == '\\' && p[1] == '\\')
			p++;
	}
	*o = '\0';
	job_warn_clean(job, xasprintf(_("%s saved as %s: the remote name "
	    "holds bytes a local file name should not"), rshown, shown));
	free(rshown);
	free(shown);
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

/* ---------------------------------------------------------- events */

/*
 * Tell the journal a job changed (state: write soon; progress: within a
 * second): mark it dirty and start its timer, which qjournal.c made when
 * the journal was opened and which writes it.
 */
void
jnl_touch(struct xq *q, bool state)
{
	uint64_t now, since, wait;

	if (q->jpath == NULL || q->dead)
		return;
	now = ev_clock_ms();
	since = now - q->jlast;
	wait = state ? JNL_MIN_MS : JNL_PROGRESS_MS;
	if (wait < q->jgap)
		wait = q->jgap;
	wait = since >= wait ? 0 : wait - since;
	q->jdirty = true;
	/* An earlier deadline wins over a pending later one. */
	if (!ev_timer_pending(q->jtimer) || now + wait < q->jdue) {
		q->jdue = now + wait;
		ev_timer_start(q->jtimer, wait);
	}
}

/*
 * Report the job to the user: now if force (a state change) or if the
 * last report is XQ_EVENT_MS old, else a little later.
 */
void
job_changed(struct job *job, bool force)
{
	struct xq *q = job->q;
	uint64_t now = ev_clock_ms();

	jnl_touch(q, force);
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
	if (total != 0 && job->pub.state == XQ_ACTIVE)
		jnl_touch(job->q, true);	/* the resume check needs it */
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
