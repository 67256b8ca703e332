/*
 * state.c: the bottom of the session engine: the state names, the one
 * place the state changes (with its log line and the owner's callback),
 * and holding a session across callbacks. Every file of the engine may
 * call it; it calls none of them (the free it defers is session.c's,
 * reached through s->destroy).
 */
#include "config.h"

#include "base/log.h"
#include "base/str.h"
#include "ftp/session_priv.h"

static const char *state_names[] = {
	[FTP_ST_IDLE] = "idle",
	[FTP_ST_CONNECTING] = "connecting",
	[FTP_ST_GREETING] = "greeting",
	[FTP_ST_LOGIN] = "login",
	[FTP_ST_SETUP] = "setup",
	[FTP_ST_READY] = "ready",
	[FTP_ST_BUSY] = "busy",
	[FTP_ST_TRANSFER] = "transfer",
	[FTP_ST_ABORTING] = "aborting",
	[FTP_ST_QUITTING] = "quitting",
	[FTP_ST_CLOSED] = "closed"
};


const char *
ftp_state_name(enum ftp_state st)
{
	return STR_NAME_IN(state_names, st);
}

/* The one place the state changes; it logs OLD -> NEW. */
void
session_set_state(struct ftp_session *s, enum ftp_state st)
{
	enum ftp_state old = s->state;

	if (old == st)
		return;
	s->state = st;
	log_debug("ftp %s: %s -> %s", s->host ? s->host : "-",
	    ftp_state_name(old), ftp_state_name(st));
	if (s->cb.state != NULL)
		s->cb.state(s, old, st, s->cbarg);
}

/* Defer frees while a callback may run. */
void
session_hold(struct ftp_session *s)
{
	s->hold++;
}

/* End a hold; true if the session was freed meanwhile (do not touch it). */
bool
session_release(struct ftp_session *s)
{
	if (--s->hold > 0 || !s->dead)
		return s->dead;
	s->destroy(s);
	return true;
}
