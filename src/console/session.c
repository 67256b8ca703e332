/*
 * session.c: the life of a console session (console.h, con_priv.h): made,
 * held and let go, ended, freed; its controls and queries. Calls the
 * endpoints' state (endpoint.c), the files (save.c) and the reports
 * (report.c) below it; peer.c, client.c, server.c and send.c call it.
 *
 * Callbacks may close the session: every entry from the loop (and every
 * public call that reports) holds the session, con_close only marks it
 * dead inside a hold, and the memory goes when the outermost frame lets
 * go. Endpoints closed meanwhile are freed at that point too.
 **/
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "console/con_priv.h"
#include "console/log.h"
#include "ev/loop.h"
#include "ev/resolve.h"

static unsigned	con_last_id;

/* Free the closed endpoints. */
static void
con_reap(struct con *c)
{
	size_t i, j;

	for (i = j = 0; i < c->npeers; i++) {
		if (c->peers[i]->dead)
			free(c->peers[i]);
		else
			c->peers[j++] = c->peers[i];
	}
	c->npeers = j;
}

/*
 * The lookup of c's target could not start (errno says why): say so in err,
 * free c. NULL, for the caller to return.
 */
struct con *
con_lookup_failed(struct con *c, char *err, size_t errlen)
{
	snprintf(err, errlen, _("cannot look %s up: %s"), c->target,
	    strerror(errno));
	con_free(c);
	return NULL;
}

/* Free everything. */
void
con_free(struct con *c)
{
	size_t i;

	for (i = 0; i < c->npeers; i++) {
		peer_close(c->peers[i]);
		free(c->peers[i]);
	}
	free(c->peers);
	net_connect_cancel(c->connect);
	ev_resolve_cancel(c->resolve);
	ev_io_free(c->lio);
	ev_timer_free(c->kick);
	ev_timer_free(c->pause);
	if (c->lfd != -1)
		close(c->lfd);
	if (c->part.fd != -1 || c->part.name != NULL)
		lf_part_abort(&c->part);
	if (c->partdir != -1)
		close(c->partdir);
	if (c->sendfd != -1)
		close(c->sendfd);
	free(c->save_disp);
	free(c->send_disp);
	free(c->kick_msg);
	free(c->target);
	free(c->rbuf);
	buf_free(&c->text);
	buf_free(&c->log);
	free(c);
}

/* Let go of a hold: the last one frees a closed session and endpoints. */
void
con_release(struct con *c)
{
	if (--c->busy > 0)
		return;
	if (c->dead)
		con_free(c);
	else
		con_reap(c);
}

/* A new session, not open yet. */
struct con *
con_new(struct ev_loop *loop, enum con_kind kind, const struct con_opts *o,
    const struct con_events *ev, void *arg)
{
	struct con *c = xcalloc(1, sizeof *c);

	c->id = ++con_last_id;
	c->kind = kind;
	c->loop = loop;
	if (ev != NULL)
		c->ev = *ev;
	c->arg = arg;
	if (o != NULL) {
		c->eol = o->eol == CON_EOL_AUTO ? CON_EOL_LF : o->eol;
		c->once = o->once && kind == CON_TCP_SERVER;
		c->reply_ms = kind == CON_UDP_CLIENT ? o->reply_ms : 0;
		c->echo = o->echo && (kind == CON_TCP_SERVER ||
		    kind == CON_UDP_SERVER);
		c->relay = o->relay && kind == CON_TCP_SERVER;
		c->hex = o->hex;
	}
	c->open = true;
	c->lfd = c->partdir = c->sendfd = -1;
	c->part.fd = -1;
	c->rbuf = xmalloc(LIM_CONSOLE_CHUNK);
	buf_init(&c->text, CON_TEXT_MAX);
	buf_init(&c->log, LIM_CONSOLE_LOG);
	return c;
}

/* The session ends: show what is held, settle --save, close, report. */
void
con_end(struct con *c, enum con_end_how how, const char *msg)
{
	size_t i;

	if (!c->open)
		return;
	c->open = false;
	for (i = 0; i < c->npeers; i++)
		peer_flush_line(c->peers[i]);
	net_connect_cancel(c->connect);
	c->connect = NULL;
	ev_resolve_cancel(c->resolve);
	c->resolve = NULL;
	for (i = 0; i < c->npeers; i++)
		peer_close(c->peers[i]);
	ev_io_free(c->lio);
	c->lio = NULL;
	ev_timer_free(c->pause);
	c->pause = NULL;
	ev_timer_stop(c->kick);
	if (c->lfd != -1)
		close(c->lfd);
	c->lfd = -1;
	con_save_end(c, how == END_PEER);
	con_emit(c, how == END_ERROR ? CON_ERROR : CON_INFO, 0, NULL, 0, 0,
	    msg);
	if (!c->dead && c->ev.closed != NULL)
		c->ev.closed(c, c->arg);
}

/* The deferred first report of a session (from the loop). */
static void
con_kick(struct ev_timer *t, void *arg)
{
	struct con *c = arg;
	size_t i;

	c->busy++;
	if (c->kick_msg != NULL) {
		con_msg(c, CON_INFO, c->kick_peer, "%s", c->kick_msg);
		free(c->kick_msg);
		c->kick_msg = NULL;
	}
	/* A UDP client made at once may have datagrams queued. */
	for (i = 0; i < c->npeers && !c->dead; i++)
		peer_update(c->peers[i]);
	con_release(c);
}

/* Say msg (ours, safe; about peer p, or NULL) from the loop soon. */
void
con_kick_msg(struct con *c, struct con_peer *p, char *msg)
{
	free(c->kick_msg);
	c->kick_msg = msg;
	c->kick_peer = p;
	if (c->kick == NULL)
		c->kick = ev_timer_new(c->loop, con_kick, c);
	ev_timer_start(c->kick, 0);
}

/* Is host a numeric IPv4 or IPv6 address (no lookup needed)? */
bool
con_numeric(const char *host)
{
	unsigned char a[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1;
}

/* "host:port", "[v6]:port", sanitized for display. */
char *
con_target(const char *host, const char *port)
{
	char *h = san_cstr(host), *p = san_cstr(port), *s;

	s = xasprintf(strchr(h, ':') != NULL ? "[%s]:%s" : "%s:%s", h, p);
	free(h);
	free(p);
	return s;
}

/* The local address of fd, formatted. */
void
con_sockname(int fd, char *out, size_t n, int *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1) {
		str_lcpy(out, "?", n);
		if (port != NULL)
			*port = 0;
		return;
	}
	net_addr_str((struct sockaddr *)&ss, len, out, n, true);
	if (port != NULL)
		*port = net_addr_port((struct sockaddr *)&ss);
}

/* The number of live clients. */
int
con_clients(const struct con *c)
{
	size_t i;
	int n = 0;

	if (c->kind != CON_TCP_SERVER)
		return c->npeers > 0 && !c->peers[0]->dead &&
		    c->peers[0]->fd != -1 ? 1 : 0;
	for (i = 0; i < c->npeers; i++)
		if (!c->peers[i]->dead && c->peers[i]->fd != -1)
			n++;
	return n;
}

/* Show a hex dump (true) or text from now on. */
void
con_set_hex(struct con *c, bool hex)
{
	size_t i;

	if (hex == c->hex)
		return;
	c->busy++;
	/* What is held would come out as hex: show it as text first. */
	for (i = 0; hex && i < c->npeers && !c->dead; i++)
		peer_flush_line(c->peers[i]);
	c->hex = hex;
	con_release(c);
}

/* The line end of typed lines from now on. */
void
con_set_eol(struct con *c, enum con_eol eol)
{
	c->eol = eol == CON_EOL_AUTO ? CON_EOL_LF : eol;
	c->eol_auto = false;
}

/* The line end of typed lines now. */
enum con_eol
con_get_eol(const struct con *c)
{
	return c->eol;
}

/* End the session once everything queued is out. */
void
con_close_when_sent(struct con *c)
{
	size_t i;

	if (!c->open)
		return;
	c->when_sent = true;
	if (c->kind == CON_TCP_SERVER || c->kind == CON_UDP_SERVER) {
		/* A server has nothing of its own to finish: it ends now. */
		c->busy++;
		con_end(c, END_USER, _("closed"));
		con_release(c);
		return;
	}
	for (i = 0; i < c->npeers; i++)
		peer_update(c->peers[i]);
}

/* End the session (if open) and free it. */
void
con_close(struct con *c)
{
	if (c == NULL || c->dead)
		return;
	c->busy++;
	if (c->open)
		con_end(c, END_USER, _("closed"));
	c->dead = true;
	con_release(c);
}

/* The session's number, unique in this process. */
unsigned
con_id(const struct con *c)
{
	return c->id;
}

/* Client or server, TCP or UDP. */
enum con_kind
con_kind(const struct con *c)
{
	return c->kind;
}

/* "tcp 127.0.0.1:43210", "udp listen 0.0.0.0:5000". */
const char *
con_name(const struct con *c)
{
	return c->name;
}

/* Bytes received. */
uint64_t
con_bytes_in(const struct con *c)
{
	return c->bytes_in;
}

/* Bytes sent. */
uint64_t
con_bytes_out(const struct con *c)
{
	return c->bytes_out;
}

/* Is the session still open? */
bool
con_is_open(const struct con *c)
{
	return c->open;
}

/* A listener's local port, 0 until it is bound. */
int
con_port(const struct con *c)
{
	return c->local_port;
}

/* The kept log, oldest first. */
void
con_log_walk(const struct con *c, void (*fn)(const struct con_line *, void *),
    void *arg)
{
	con_log_each(&c->log, fn, arg);
}
