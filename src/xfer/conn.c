/*
 * conn.c: one connection of the queue's pool: its state, changed only in
 * conn_set_state (with the states' names and a log line, as
 * session_set_state does for a session), its return to idle when a job is
 * done with it (conn_release), its QUIT and its end.
 *
 *   connecting --login--> idle <--conn_release-- busy (a job on it)
 *        |                  |  ----job_start---->  |
 *        |               quitting (idle too long,  |
 *        |                  |   or stale)          |
 *        +------------------+--> dead <------------+ (closed, lost)
 *
 * Opening connections, their logins, their loss and the scheduler that
 * gives them jobs are pool.c's, above; pool.c made each connection's idle
 * timer. This file calls only job_list.c (xq_kick: a connection free again
 * may run the next job).
 */
#include "config.h"

#include <stdlib.h>

#include "base/log.h"
#include "ev/loop.h"
#include "xfer/xq_priv.h"

static const char *conn_state_names[] = {
	[C_CONNECTING] = "connecting",
	[C_IDLE] = "idle",
	[C_BUSY] = "busy",
	[C_QUITTING] = "quitting",
	[C_DEAD] = "dead"
};

/*
 * The one place a connection's state changes, with a log line (as
 * session_set_state does for a session).
 */
void
conn_set_state(struct conn *c, enum conn_state st)
{
	enum conn_state old = c->st;

	if (old == st)
		return;
	c->st = st;
	if (c->job != NULL)
		log_debug("transfer connection %d: %s -> %s (job %u)", c->slot,
		    conn_state_names[old], conn_state_names[st],
		    c->job->pub.id);
	else
		log_debug("transfer connection %d: %s -> %s", c->slot,
		    conn_state_names[old], conn_state_names[st]);
}

/* Free a connection (its session is gone or going). */
void
conn_free(struct conn *c)
{
	struct xq *q = c->q;

	if (c->slot >= 1 && q->conns[c->slot - 1] == c)
		q->conns[c->slot - 1] = NULL;
	ev_timer_free(c->idle);
	ftp_session_free(c->s);
	free(c);
}

/* Say goodbye on an idle connection; conn_closed frees it. */
void
conn_quit(struct conn *c)
{
	ev_timer_stop(c->idle);
	conn_set_state(c, C_QUITTING);
	if (ftp_quit(c->s, NULL, NULL) == -1)
		ftp_close(c->s);
}

/* A job is done with the connection: idle again (or closing). */
void
conn_release(struct conn *c)
{
	struct xq *q = c->q;

	if (c->job != NULL)
		c->job->conn = NULL;
	c->job = NULL;
	if (c->st == C_BUSY || c->st == C_IDLE) {
		if (!ftp_session_connected(c->s))
			conn_set_state(c, C_DEAD);
		else if (c->stale)
			conn_quit(c);
		else {
			conn_set_state(c, C_IDLE);
			ev_timer_start(c->idle, (uint64_t)q->idle_ms);
		}
	}
	xq_kick(q);
}

/*
 * Close the connections: now (free them, no QUIT, no callbacks), or
 * politely: idle ones QUIT, busy ones when their job is done.
 */
void
pool_close_all(struct xq *q, bool now)
{
	struct conn *c;
	int i;

	for (i = 0; i < XQ_MAX_PARALLEL; i++) {
		if ((c = q->conns[i]) == NULL)
			continue;
		if (now) {
			if (c->job != NULL)
				c->job->conn = NULL;
			conn_free(c);
			continue;
		}
		c->stale = true;
		if (c->st == C_IDLE)
			conn_quit(c);
	}
}

/* Free every connection (the queue is going away). */
void
pool_free(struct xq *q)
{
	pool_close_all(q, true);
}
