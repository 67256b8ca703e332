/*
 * queue.c: the transfer queue itself: its lifetime, its settings and the
 * calls that read it (see queue.h). Making it, with its timers, is
 * queue_new.c's; the jobs and their states are in job_state.c, adding
 * jobs in queue_add.c, the user's controls in queue_ctl.c.
 *
 * Jobs wait on one of three lists (job_list.c): the run queue (ready; the
 * scheduler in pool.c gives the head a connection), the wait queue (a
 * retry's backoff; the wake timer moves it back) and the ask queue (the
 * overwrite question is out; xq_answer moves it back). The scheduler
 * itself runs from a 0 ms timer (xq_kick), never from inside the call that
 * made work, so callbacks never nest into it.
 *
 * Every entry from outside (a public call, a loop callback) holds the
 * queue (xq_hold); xq_free from inside a callback only marks it dead, and
 * the outermost frame's xq_release frees it. So this file is under every
 * file that is entered from outside, and calls only what frees the
 * queue's parts: the connections (conn.c), the jobs (job_state.c), the
 * journal (qjournal.c), the groups (group.c).
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
#include "base/secret.h"
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

/* The name of a state, for lists and logs. */
const char *
xq_state_name(enum xq_state st)
{
	return STR_NAME_IN(state_names, st);
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

/* Forget the server's login. */
static void
server_clear(struct xq *q)
{
	free(q->host);
	free(q->port);
	free(q->user);
	secret_free(q->pass);
	secret_free(q->acct);
	q->host = q->port = q->user = q->pass = q->acct = NULL;
}

/* The real free, once no callback runs. */
static void
xq_destroy(struct xq *q)
{
	size_t i;

	pool_free(q);
	xq_groups_free(q);
	lp_dir_close(&q->ldir);
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
	jnl_close(q);	/* what is unfinished stays on disk */
	q->dead = true;
	memset(&q->ev, 0, sizeof q->ev);
	if (q->hold == 0)
		xq_destroy(q);
}

/* ------------------------------------------------------- settings */

/* The local directory relative paths are bound against (copied). */
void
xq_set_ldir(struct xq *q, const struct lp_dir *dir)
{
	if (lp_dir_dup(&q->ldir, dir) == -1)
		log_warn("queue: the local directory: %s", strerror(errno));
}

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
	    strcmp(q->user, login->user) == 0)) &&
	    /* Another security setting: no reuse (CVE-2023-27535). */
	    q->tls_implicit == login->tls_implicit &&
	    (!q->have_opt || opt == NULL ||
	    ftp_options_same_security(&q->opt, opt));
	server_clear(q);
	q->have_server = login != NULL && login->host != NULL;
	if (q->have_server) {
		q->host = xstrdup(login->host);
		q->port = xstrdup(login->port != NULL ? login->port : "21");
		q->user = login->user != NULL ? xstrdup(login->user) : NULL;
		q->pass = login->pass != NULL ? xstrdup(login->pass) : NULL;
		q->acct = login->acct != NULL ? xstrdup(login->acct) : NULL;
		q->tls_implicit = login->tls_implicit;
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

/*
 * The connection options changed: they apply to every connection of the
 * queue from its next command on, idle ones included; a new keepalive
 * interval starts now (a NOOP on an idle connection re-arms its timer).
 */
void
xq_set_options(struct xq *q, const struct ftp_options *opt)
{
	struct ftp_options *o;
	struct conn *c;
	int i, keepalive;
	bool same;

	if (opt == NULL)
		return;
	/* Connections made under other TLS settings are not reused for
	 * the new ones (curl's CVE-2023-27535): they close when idle. */
	same = !q->have_opt || ftp_options_same_security(&q->opt, opt);
	q->opt = *opt;
	q->opt.throttle = &q->throttle;
	q->have_opt = true;
	if (!same)
		pool_close_all(q, false);
	for (i = 0; i < XQ_MAX_PARALLEL; i++) {
		if ((c = q->conns[i]) == NULL || c->s == NULL)
			continue;
		o = ftp_session_options(c->s);
		keepalive = o->keepalive_ms;
		*o = q->opt;
		if (keepalive != o->keepalive_ms && o->keepalive_ms > 0 &&
		    c->st == C_IDLE && !ftp_session_busy(c->s))
			(void)ftp_noop(c->s, NULL, NULL);
	}
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

/*
 * The most directories and entries (files and directories) a tree that
 * a recursive download walks may hold, in all; past them the rest of the
 * tree is left out and the job says so (0: keep the current value).
 */
void
xq_set_tree_limits(struct xq *q, unsigned dirs, unsigned entries)
{
	if (dirs > 0)
		q->max_dirs = dirs;
	if (entries > 0)
		q->max_entries = entries;
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

/* ---------------------------------------------------------- reading */

/* The job with this id (binary search: the array is in id order). */
struct job *
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
		order_sort_view(q);
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
