/*
 * pool.c: the queue's connections to the server: opening them, the
 * callbacks of their sessions (login, progress, warnings, loss), and the
 * scheduler that gives them jobs (pool_schedule, run from the queue's
 * kick and wake timers, queue_new.c). One connection's state, its return
 * to idle and its end are conn.c's.
 *
 * Each connection is a struct ftp_session of its own, logged in with the
 * login from xq_set_server, in a numbered slot (the number names it in the
 * transcript). The scheduler gives the head of the run queue to an idle
 * connection, and opens new ones while jobs wait and fewer than the limit
 * are open. An idle connection is closed (QUIT) after xq_set_idle_close.
 *
 * Until one login has worked (after xq_set_server, or after failures) only
 * one connection is opened at a time, so a wrong password costs a single
 * refused login, not one per slot. Connections lost one after the other
 * make new ones wait longer each time, until a file gets done.
 *
 * The limit starts at xq_set_parallel and shrinks when the server refuses
 * a connection as one too many: any 421, a reply that says so ("too many",
 * "connections", "maximum", "limit", ...), or any failure to connect while
 * other connections are logged in. It shrinks to the connections that
 * work; with none working, the queue waits and tries again with a backoff
 * (1 s, 2 s, ... 30 s) and jobs stay queued; only after
 * XQ_TOO_MANY_GIVEUP_MS without a single connection do they fail. Any
 * other failure to connect or log in with nothing working counts against
 * the retries (a 5xx such as 530 "login incorrect" fails the waiting jobs
 * at once).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "xfer/xq_priv.h"


/* How many connections are in state st. */
static int
pool_count(struct xq *q, enum conn_state st)
{
	int i, n = 0;

	for (i = 0; i < XQ_MAX_PARALLEL; i++)
		if (q->conns[i] != NULL && q->conns[i]->st == st)
			n++;
	return n;
}

/* Connections that are, or soon will be, usable (not this one). */
static int
pool_live(struct xq *q, struct conn *except)
{
	struct conn *c;
	int i, n = 0;

	for (i = 0; i < XQ_MAX_PARALLEL; i++) {
		c = q->conns[i];
		if (c != NULL && c != except && (c->st == C_CONNECTING ||
		    c->st == C_IDLE || c->st == C_BUSY))
			n++;
	}
	return n;
}

/* Logged-in connections other than except. */
static int
pool_working(struct xq *q, struct conn *except)
{
	struct conn *c;
	int i, n = 0;

	for (i = 0; i < XQ_MAX_PARALLEL; i++) {
		c = q->conns[i];
		if (c != NULL && c != except && c->logged_in &&
		    (c->st == C_IDLE || c->st == C_BUSY))
			n++;
	}
	return n;
}

/* A transcript line of one connection. */
static void
conn_transcript(struct ftp_session *s, bool sent, const char *line,
    void *arg)
{
	struct conn *c = arg;
	struct xq *q = c->q;

	if (!q->dead && q->ev.transcript != NULL)
		q->ev.transcript(q, c->slot, sent, line, q->arg);
}

/* The running transfer moved bytes. */
static void
conn_progress(struct ftp_session *s, uint64_t done, uint64_t total,
    void *arg)
{
	struct conn *c = arg;
	time_t t;

	if (c->job != NULL && !c->job->pub.is_dir) {
		/* the remote time, for the journal's check at resume */
		if (c->job->jmtime == 0 && ftp_xfer_mtime(s, &t) && t > 0) {
			c->job->jmtime = (int64_t)t;
			jnl_touch(c->q, true);
		}
		xq_hold(c->q);
		job_progress(c->job, done, total);
		xq_release(c->q);
	}
}

/*
 * Something to know that is not an error: the job on the connection keeps
 * it and the user sees it (job_warn); without a job (at login) the log
 * has it, as the browsing session already told the user.
 */
static void
conn_warning(struct ftp_session *s, const char *msg, void *arg)
{
	struct conn *c = arg;

	if (c->job == NULL) {
		log_info("transfer connection %d: %s", c->slot, msg);
		return;
	}
	xq_hold(c->q);
	job_warn(c->job, msg);
	xq_release(c->q);
}

/*
 * A logged-in connection was lost. While that keeps happening (until a
 * file is done) new connections wait, 1 s, 2 s, ... 30 s: a server that
 * drops every session for a while (out of ports, restarting) costs a few
 * attempts instead of every job's retries.
 */
static void
pool_dropped(struct xq *q)
{
	uint64_t delay, until;
	int n = q->drops++;

	delay = (uint64_t)q->retry_ms << (n > 15 ? 15 : n);
	if (delay > XQ_CONNECT_MAX_MS)
		delay = XQ_CONNECT_MAX_MS;
	until = ev_clock_ms() + delay;
	if (until > q->connect_not_before)
		q->connect_not_before = until;
	xq_arm_wake(q);
}

/* The connection closed (QUIT, the server, or an error). */
static void
conn_closed(struct ftp_session *s, const char *error, void *arg)
{
	struct conn *c = arg;
	struct xq *q = c->q;
	struct job *job = c->job;

	xq_hold(q);
	log_debug("transfer connection %d closed: %s", c->slot,
	    error != NULL ? error : "quit");
	if (error != NULL && c->logged_in && c->st != C_QUITTING)
		pool_dropped(q);
	conn_set_state(c, C_DEAD);
	if (job != NULL) {
		/* The job's operation normally failed first; be safe. */
		c->job = NULL;
		job->conn = NULL;
		job_attempt_failed(job, 0, false, error != NULL ? error :
		    _("connection closed"));
	}
	conn_free(c);
	xq_kick(q);
	xq_release(q);
}

/* Does a refused login say the server has too many connections? */
static bool
too_many_words(const char *text)
{
	static const char *words[] = {
		"too many", "connections", "maximum", "limit", "clients",
		"users", "per ip", "from your"
	};
	char low[512];
	size_t i;

	if (text == NULL)
		return false;
	for (i = 0; i + 1 < sizeof low && text[i] != '\0'; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(low, words[i]) != NULL)
			return true;
	return false;
}

/* Fail every job that waits to run with why (the server refuses us). */
static void
fail_waiting(struct xq *q, const char *why)
{
	struct job *job;

	while (!q->dead && (job = TAILQ_FIRST(&q->runq)) != NULL)
		job_fail(job, why);
}

/* The login on a new connection finished. */
static void
conn_login_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct xq *q = c->q;
	uint64_t now = ev_clock_ms(), delay;
	const char *text;
	char *why;
	int others, working;
	bool too_many;

	xq_hold(q);
	if (st->ok) {
		conn_set_state(c, C_IDLE);
		c->logged_in = true;
		q->logged_in_once = true;
		q->connect_failures = 0;
		q->no_conn_since = 0;
		free(q->connect_error);
		q->connect_error = NULL;
		if (c->stale)
			conn_quit(c);
		else
			conn_release(c);
		xq_release(q);
		return;
	}
	conn_set_state(c, C_DEAD);		/* conn_closed frees it */
	others = pool_live(q, c);
	working = pool_working(q, c);
	text = st->reply != NULL ? st->reply->text : NULL;
	too_many = st->code == FTP_SERVICE_NOT_AVAILABLE || working > 0 ||
	    ((FTP_IS_TRANSIENT(st->code) || FTP_IS_PERMANENT(st->code)) &&
	    too_many_words(text));
	why = xasprintf(_("cannot log in to %s: %s"), q->host,
	    st->error != NULL ? st->error : _("connection failed"));
	free(q->connect_error);
	q->connect_error = san_cstr(why);
	if (too_many) {
		q->limit = others > 0 ? others : 1;
		log_info("transfer connection %d refused (%s); using at most "
		    "%d connection%s", c->slot, q->connect_error, q->limit,
		    q->limit == 1 ? "" : "s");
		if (others == 0) {
			if (q->no_conn_since == 0)
				q->no_conn_since = now;
			q->connect_failures++;
			if (now - q->no_conn_since >= XQ_TOO_MANY_GIVEUP_MS) {
				fail_waiting(q, why);
				q->no_conn_since = 0;
				q->connect_failures = 0;
			}
		}
	} else {
		q->connect_failures++;
		log_info("transfer connection %d: %s (failure %d)", c->slot,
		    q->connect_error, q->connect_failures);
		if (FTP_IS_PERMANENT(xq_code(s, st)) ||
		    q->connect_failures > q->retries) {
			fail_waiting(q, why);
			q->connect_failures = 0;
		}
	}
	if (q->connect_failures > 0) {
		delay = (uint64_t)q->retry_ms << (q->connect_failures > 16 ?
		    15 : q->connect_failures - 1);
		if (delay > XQ_CONNECT_MAX_MS)
			delay = XQ_CONNECT_MAX_MS;
		q->connect_not_before = now + delay;
		xq_arm_wake(q);
	}
	free(why);
	xq_kick(q);
	xq_release(q);
}

/* The connection was idle long enough. */
static void
conn_idle_fire(struct ev_timer *t, void *arg)
{
	struct conn *c = arg;
	struct xq *q = c->q;

	xq_hold(q);
	if (c->st == C_IDLE)
		conn_quit(c);
	xq_release(q);
}

/* Open a new connection in a free slot. */
static void
conn_open(struct xq *q)
{
	static const struct ftp_session_cb cb = {
		.transcript = conn_transcript,
		.progress = conn_progress,
		.warning = conn_warning,
		.closed = conn_closed
	};
	struct ftp_login login;
	struct ftp_options *o;
	struct conn *c;
	int i;

	for (i = 0; i < XQ_MAX_PARALLEL && q->conns[i] != NULL; i++)
		;
	if (i == XQ_MAX_PARALLEL)
		return;
	c = xcalloc(1, sizeof *c);
	c->q = q;
	c->slot = i + 1;
	c->st = C_CONNECTING;
	c->s = ftp_session_new(q->loop, &cb, c);
	c->idle = ev_timer_new(q->loop, conn_idle_fire, c);
	o = ftp_session_options(c->s);
	if (q->have_opt)
		*o = q->opt;
	o->throttle = &q->throttle;
	q->conns[i] = c;
	memset(&login, 0, sizeof login);
	login.host = q->host;
	login.port = q->port;
	login.user = q->user;
	login.pass = q->pass;
	login.acct = q->acct;
	login.tls_implicit = q->tls_implicit;
	log_debug("transfer connection %d: connecting to %s", c->slot,
	    q->host);
	if (ftp_connect(c->s, &login, conn_login_done, c) == -1)
		conn_free(c);
}

/* An idle connection to give a job, or NULL. */
static struct conn *
pool_idle(struct xq *q)
{
	int i;

	for (i = 0; i < XQ_MAX_PARALLEL; i++)
		if (q->conns[i] != NULL && q->conns[i]->st == C_IDLE &&
		    !q->conns[i]->stale)
			return q->conns[i];
	return NULL;
}

/*
 * Give waiting jobs to idle connections, open connections for the rest
 * (up to the limit), and close idle ones beyond it.
 */
void
pool_schedule(struct xq *q)
{
	struct job *job;
	struct conn *c;
	uint64_t now;
	int prepared = 0, waiting, live, connecting, idle, want, i;

	if (q->dead)
		return;
	while ((job = TAILQ_FIRST(&q->runq)) != NULL && !q->dead) {
		if (!job->reserved && !job->pub.is_dir) {
			if (prepared++ == XQ_PREPARE_PER_PASS) {
				xq_kick(q);
				break;
			}
			if (job_prepare(job) == 0)
				continue;	/* ended, or asking */
			if (TAILQ_FIRST(&q->runq) != job)
				continue;
		}
		if ((c = pool_idle(q)) == NULL)
			break;
		job_unlist(job);
		job_start(job, c);
	}
	if (q->dead || !q->have_server)
		return;

	/* More connections while jobs wait, up to the limit. */
	waiting = 0;
	TAILQ_FOREACH(job, &q->runq, entry) {
		if (++waiting >= q->limit)
			break;
	}
	live = pool_live(q, NULL);
	connecting = pool_count(q, C_CONNECTING);
	idle = pool_count(q, C_IDLE);
	want = waiting - connecting - idle;
	if (want > q->limit - live)
		want = q->limit - live;
	if (want > 0 && (q->connect_failures > 0 || q->drops > 0 ||
	    !q->logged_in_once))
		want = connecting > 0 ? 0 : 1;	/* one until one works */
	now = ev_clock_ms();
	if (want > 0 && now < q->connect_not_before) {
		xq_arm_wake(q);
		want = 0;
	}
	for (i = 0; i < want; i++)
		conn_open(q);

	/* Beyond the limit (it shrank, or parallel went down): close. */
	live = pool_live(q, NULL);
	for (i = XQ_MAX_PARALLEL - 1; i >= 0 && live > q->limit; i--) {
		c = q->conns[i];
		if (c != NULL && c->st == C_IDLE) {
			conn_quit(c);
			live--;
		}
	}
}
