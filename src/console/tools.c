/*
 * tools.c: the network look-ups beside the console: resolve, probe and
 * the services database (tools.h).
 *
 * resolve and probe are requests on the loop: names are looked up off the
 * loop (ev/resolve.c), sockets are non-blocking, and every line of result
 * reaches the callback from the loop, never from inside the call that
 * started the request (an error found at once waits for a 0 ms timer). A
 * request is freed after its last line; a callback may cancel it, which
 * only marks it while the request is reporting.
 *
 * resolve asks the system resolver as it is configured (no AI_ADDRCONFIG:
 * a loopback-only machine still shows ::1) and deduplicates the addresses
 * it gives, in its order. An address literal is looked up backwards.
 *
 * probe connects to each address in turn (each its own timeout) and times
 * the connect on the monotonic clock; then it waits PROBE_WAIT_MS for the
 * peer's first line, which is shown sanitized and cut at LIM_REPLY_LINE.
 *
 * The services database (/etc/services through getservbyname_r and
 * getservbyport_r) is a small local file, read in the call.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ev/resolve.h"
#include "console/tools.h"
#include "net/net.h"

/* How long probe waits for the peer's first line. */
#define PROBE_WAIT_MS		1500
/* Addresses resolve shows at most. */
#define RESOLVE_MAX_ADDRS	256

struct net_tool {
	struct ev_loop		*loop;
	net_tool_cb		 cb;
	void			*arg;
	char			*what;		/* the name, sanitized */
	char			*early;		/* an error to report soon */
	struct ev_resolve	*resolve;
	struct net_connect	*connect;
	struct ev_timer		*timer;
	struct ev_io		*io;
	int			 fd;
	int			 busy;
	bool			 dead;

	/* resolve of an address */
	char			 addr[NET_ADDRSTRLEN];
	int			 family;

	/* probe */
	char			 port[16];
	int			 timeout_ms;
	struct addrinfo		*res;
	struct addrinfo		*next;
	uint64_t		 t0;		/* microseconds */
	struct buf		 banner;
};

/* Free a request and everything it still holds. */
static void
tool_free(struct net_tool *t)
{
	ev_resolve_cancel(t->resolve);
	net_connect_cancel(t->connect);
	ev_timer_free(t->timer);
	ev_io_free(t->io);
	if (t->fd != -1)
		close(t->fd);
	if (t->res != NULL)
		freeaddrinfo(t->res);
	buf_free(&t->banner);
	free(t->what);
	free(t->early);
	free(t);
}

static bool	tool_say(struct net_tool *, bool, bool, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

/*
 * Hand one line to the callback. After the last line, or if the callback
 * cancelled the request, the request is freed and false returned: the
 * caller must stop.
 */
static bool
tool_say(struct net_tool *t, bool last, bool error, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	t->busy++;
	t->cb(t, s, last, error, t->arg);
	t->busy--;
	free(s);
	if (last || t->dead) {
		tool_free(t);
		return false;
	}
	return true;
}

/* Give up a request: no more lines. Safe inside its callback. */
void
net_tool_cancel(struct net_tool *t)
{
	if (t == NULL)
		return;
	if (t->busy > 0)
		t->dead = true;
	else
		tool_free(t);
}

/* A new request. */
static struct net_tool *
tool_new(struct ev_loop *loop, net_tool_cb cb, void *arg)
{
	struct net_tool *t = xcalloc(1, sizeof *t);

	t->loop = loop;
	t->cb = cb;
	t->arg = arg;
	t->fd = -1;
	buf_init(&t->banner, LIM_REPLY_LINE);
	return t;
}

/* Report the early error from the loop. */
static void
tool_early_fire(struct ev_timer *timer, void *arg)
{
	struct net_tool *t = arg;

	tool_say(t, true, true, "%s", t->early);
}

/* An error found in the call itself: report it from the loop. */
static struct net_tool *
tool_early(struct net_tool *t, const char *msg)
{
	free(t->early);
	t->early = xstrdup(msg);
	if (t->timer == NULL)
		t->timer = ev_timer_new(t->loop, tool_early_fire, t);
	ev_timer_start(t->timer, 0);
	return t;
}

/* "IPv4", "IPv6". */
static const char *
tool_family(int family)
{
	return family == AF_INET6 ? "IPv6" : family == AF_INET ? "IPv4" :
	    "?";
}

/* ------------------------------------------------------------ resolve */

/* The forward lookup is done: canonical name, then every address. */
static void
resolve_done(int err, struct addrinfo *res, const char *name, void *arg)
{
	struct net_tool *t = arg;
	struct addrinfo *ai;
	char (*addrs)[NET_ADDRSTRLEN], *canon = NULL;
	int *fams;
	size_t n = 0, i, j;

	t->resolve = NULL;
	if (err != 0) {
		tool_say(t, true, true, "%s: %s", t->what,
		    ev_resolve_strerror(err));
		return;
	}
	addrs = xreallocarray(NULL, RESOLVE_MAX_ADDRS, sizeof *addrs);
	fams = xreallocarray(NULL, RESOLVE_MAX_ADDRS, sizeof *fams);
	for (ai = res; ai != NULL && n < RESOLVE_MAX_ADDRS; ai = ai->ai_next) {
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		net_addr_str(ai->ai_addr, ai->ai_addrlen, addrs[n],
		    sizeof addrs[n], false);
		for (j = 0; j < n; j++)
			if (strcmp(addrs[j], addrs[n]) == 0)
				break;
		if (j == n)
			fams[n++] = ai->ai_family;
	}
	if (res != NULL && res->ai_canonname != NULL &&
	    res->ai_canonname[0] != '\0')
		canon = san_cstr(res->ai_canonname);
	if (res != NULL)
		freeaddrinfo(res);

	if (canon != NULL && !tool_say(t, n == 0, false,
	    _("canonical name: %s"), canon))
		goto out;
	if (n == 0) {
		if (canon == NULL)
			tool_say(t, true, true, _("%s: the name has no address"),
			    t->what);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (!tool_say(t, i == n - 1, false, "%s: %s",
		    tool_family(fams[i]), addrs[i]))
			break;
out:
	free(canon);
	free(addrs);
	free(fams);
}

/* The reverse lookup is done: the address, then its name. */
static void
resolve_reversed(int err, struct addrinfo *res, const char *name, void *arg)
{
	struct net_tool *t = arg;
	char *s;

	t->resolve = NULL;
	if (!tool_say(t, false, false, "%s: %s", tool_family(t->family),
	    t->addr))
		return;
	if (err == EAI_NONAME)
		tool_say(t, true, true, _("%s has no name (no reverse "
		    "record)"), t->addr);
	else if (err != 0)
		tool_say(t, true, true, "%s: %s", t->addr,
		    ev_resolve_strerror(err));
	else {
		s = san_cstr(name);
		tool_say(t, true, false, _("name: %s"), s);
		free(s);
	}
}

/* Look a name up (canonical name, addresses) or an address (its name). */
struct net_tool *
net_resolve(struct ev_loop *loop, const char *what, net_tool_cb cb,
    void *arg)
{
	struct net_tool *t = tool_new(loop, cb, arg);
	struct addrinfo hints, *res;

	if (what == NULL || *what == '\0')
		return tool_early(t, _("no name or address given"));
	t->what = san_cstr(what);
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST;
	/* A numeric host never blocks: no lookup happens. */
	if (getaddrinfo(what, NULL, &hints, &res) == 0) {
		net_addr_str(res->ai_addr, res->ai_addrlen, t->addr,
		    sizeof t->addr, false);
		t->family = res->ai_family;
		t->resolve = ev_resolve_reverse(loop, res->ai_addr,
		    res->ai_addrlen, LIM_RESOLVE_MS, resolve_reversed, t);
		freeaddrinfo(res);
	} else {
		hints.ai_family = AF_UNSPEC;
		hints.ai_flags = AI_CANONNAME;
		t->resolve = ev_resolve_start(loop, what, NULL, &hints,
		    LIM_RESOLVE_MS, resolve_done, t);
	}
	if (t->resolve == NULL) {
		char *msg = xasprintf(_("cannot look %s up: %s"), t->what,
		    strerror(errno));

		tool_early(t, msg);
		free(msg);
	}
	return t;
}

/* -------------------------------------------------------------- probe */

static void	probe_next(struct net_tool *);

/* Show what the peer sent first and finish. */
static void
probe_show(struct net_tool *t, const char *why)
{
	unsigned char *d = buf_data(&t->banner), *nl;
	size_t n = buf_len(&t->banner);
	bool cut = false;
	char *s;

	if ((nl = memchr(d, '\n', n)) != NULL)
		n = (size_t)(nl - d);
	else if (buf_room(&t->banner) == 0)
		cut = true;
	if (n > 0 && d[n - 1] == '\r')
		n--;
	s = san_str(d, n, 0);
	if (nl != NULL || cut)
		tool_say(t, true, false, _("first line: %s%s%s"), s,
		    cut ? " " : "", cut ? _("[line cut: too long]") : "");
	else
		tool_say(t, true, false, _("first line (%s): %s"), why, s);
	free(s);
}

/* The peer sent something, closed, or failed. */
static void
probe_read(struct ev_io *io, int fd, short revents, void *arg)
{
	struct net_tool *t = arg;
	size_t got;
	void *dst;
	ssize_t n;

	if ((dst = buf_reserve(&t->banner, 1, &got)) == NULL) {
		probe_show(t, NULL);
		return;
	}
	n = read(fd, dst, got);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return;
	if (n == -1) {
		if (buf_len(&t->banner) > 0)
			probe_show(t, strerror(errno));
		else
			tool_say(t, true, true, _("reading from %s: %s"),
			    t->addr, strerror(errno));
		return;
	}
	if (n == 0) {
		if (buf_len(&t->banner) > 0)
			probe_show(t, _("then it closed the connection"));
		else
			tool_say(t, true, false, _("the peer closed the "
			    "connection without sending anything"));
		return;
	}
	buf_commit(&t->banner, (size_t)n);
	if (memchr(buf_data(&t->banner), '\n', buf_len(&t->banner)) != NULL ||
	    buf_room(&t->banner) == 0)
		probe_show(t, NULL);
}

/* The peer said nothing (or no whole line) in time. */
static void
probe_quiet(struct ev_timer *timer, void *arg)
{
	struct net_tool *t = arg;
	char why[128];

	if (buf_len(&t->banner) > 0) {
		snprintf(why, sizeof why, _("no end of line within %.1f s"),
		    PROBE_WAIT_MS / 1000.0);
		probe_show(t, why);
	} else
		tool_say(t, true, false, _("the peer said nothing within "
		    "%.1f s"), PROBE_WAIT_MS / 1000.0);
}

/* An attempt finished: connected (time it, wait for words) or failed. */
static void
probe_connected(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *cerr, void *arg)
{
	struct net_tool *t = arg;
	double ms = (double)(ev_clock_us() - t->t0) / 1000.0;
	char *e;

	t->connect = NULL;
	if (fd == -1) {
		e = san_cstr(cerr != NULL ? cerr : "?");
		t->next = t->next->ai_next;
		if (tool_say(t, false, true, "%s", e))
			probe_next(t);
		free(e);
		return;
	}
	t->fd = fd;
	if (!tool_say(t, false, false, _("connected to %s in %.1f ms"), t->addr,
	    ms))
		return;
	t->io = ev_io_new(t->loop, fd, POLLIN, probe_read, t);
	t->timer = ev_timer_new(t->loop, probe_quiet, t);
	ev_timer_start(t->timer, PROBE_WAIT_MS);
}

/* Try the next address, or say that none answered. */
static void
probe_next(struct net_tool *t)
{
	struct addrinfo *ai;

	for (; (ai = t->next) != NULL; t->next = ai->ai_next) {
		net_addr_str(ai->ai_addr, ai->ai_addrlen, t->addr,
		    sizeof t->addr, true);
		t->t0 = ev_clock_us();
		t->connect = net_connect_addr(t->loop, ai->ai_addr,
		    ai->ai_addrlen, t->timeout_ms, probe_connected, t);
		if (t->connect != NULL)
			return;
	}
	tool_say(t, true, true, _("cannot connect to %s port %s"), t->what,
	    t->port);
}

/* The probe's host is resolved. */
static void
probe_resolved(int err, struct addrinfo *res, const char *name, void *arg)
{
	struct net_tool *t = arg;

	t->resolve = NULL;
	if (err != 0) {
		tool_say(t, true, true, "%s: %s", t->what,
		    ev_resolve_strerror(err));
		return;
	}
	t->res = t->next = res;
	probe_next(t);
}

/* Does host port answer a TCP connect, how fast, and what does it say? */
struct net_tool *
net_probe(struct ev_loop *loop, const char *host, const char *port,
    int timeout_ms, net_tool_cb cb, void *arg)
{
	struct net_tool *t = tool_new(loop, cb, arg);
	struct addrinfo hints;
	char err[256];

	if (host == NULL || *host == '\0')
		return tool_early(t, _("no host given"));
	t->what = san_cstr(host);
	if (net_port_parse(port, "tcp", false, t->port, sizeof t->port, err,
	    sizeof err) == -1)
		return tool_early(t, err);
	t->timeout_ms = timeout_ms > 0 ? timeout_ms : LIM_CONNECT_MS;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	t->resolve = ev_resolve_start(loop, host, t->port, &hints,
	    LIM_RESOLVE_MS, probe_resolved, t);
	if (t->resolve == NULL) {
		snprintf(err, sizeof err, _("cannot look %s up: %s"), t->what,
		    strerror(errno));
		tool_early(t, err);
	}
	return t;
}

/* ----------------------------------------------------------- services */

/* Is s a number (digits, perhaps signed)? */
static bool
port_is_number(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* Parse a port the user typed (see console.h). */
int
net_port_parse(const char *port, const char *proto, bool zero_ok, char *out,
    size_t outlen, char *err, size_t errlen)
{
	struct servent se, *sp = NULL;
	char sbuf[4096], *s;
	uint64_t v;

	if (port == NULL || *port == '\0') {
		snprintf(err, errlen, "%s", _("no port given"));
		return -1;
	}
	s = san_cstr(port);
	if (port_is_number(port)) {
		if (str_to_u64(port, &v) == -1 || v > 65535 ||
		    (v == 0 && !zero_ok)) {
			snprintf(err, errlen, _("port %s is out of range "
			    "(%d-65535)"), s, zero_ok ? 0 : 1);
			free(s);
			return -1;
		}
		snprintf(out, outlen, "%u", (unsigned)v);
		free(s);
		return 0;
	}
	if (getservbyname_r(port, proto, &se, sbuf, sizeof sbuf, &sp) != 0 ||
	    sp == NULL) {
		snprintf(err, errlen, _("unknown service %s (not a port number "
		    "and not in the services database for %s)"), s, proto);
		free(s);
		return -1;
	}
	snprintf(out, outlen, "%u", (unsigned)ntohs((uint16_t)sp->s_port));
	free(s);
	return 0;
}

/* Append "name port/proto" (sanitized) as a line of out. */
static void
port_line(char *out, size_t outlen, const struct servent *sp)
{
	char line[512], *name = san_cstr(sp->s_name), *proto =
	    san_cstr(sp->s_proto);

	snprintf(line, sizeof line, "%s%s %u/%s", out[0] != '\0' ? "\n" : "",
	    name, (unsigned)ntohs((uint16_t)sp->s_port), proto);
	str_lcat(out, line, outlen);
	free(name);
	free(proto);
}

/* Service name <-> port (see console.h). */
int
net_port_lookup(const char *what, const char *proto, char *out,
    size_t outlen)
{
	static const char *both[] = { "tcp", "udp" };
	struct servent se, *sp;
	const char *protos[2];
	char sbuf[4096], *s;
	uint64_t v = 0;
	size_t i, np;
	bool number;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	if (what == NULL || *what == '\0') {
		snprintf(out, outlen, "%s", _("no service or port given"));
		return -1;
	}
	s = san_cstr(what);
	if (proto != NULL && strcmp(proto, "tcp") != 0 &&
	    strcmp(proto, "udp") != 0) {
		char *p = san_cstr(proto);

		snprintf(out, outlen, _("unknown protocol %s: tcp or udp"), p);
		free(p);
		free(s);
		return -1;
	}
	if (proto != NULL) {
		protos[0] = proto;
		np = 1;
	} else {
		protos[0] = both[0];
		protos[1] = both[1];
		np = 2;
	}
	number = port_is_number(what);
	if (number && (str_to_u64(what, &v) == -1 || v < 1 || v > 65535)) {
		snprintf(out, outlen, _("port %s is out of range (1-65535)"), s);
		free(s);
		return -1;
	}
	for (i = 0; i < np; i++) {
		sp = NULL;
		if (number)
			getservbyport_r(htons((uint16_t)v), protos[i], &se,
			    sbuf, sizeof sbuf, &sp);
		else
			getservbyname_r(what, protos[i], &se, sbuf,
			    sizeof sbuf, &sp);
		if (sp != NULL)
			port_line(out, outlen, sp);
	}
	if (out[0] == '\0') {
		if (number && proto != NULL)
			snprintf(out, outlen, _("no service on port %s/%s in "
			    "the services database"), s, proto);
		else if (number)
			snprintf(out, outlen, _("no service on port %s in "
			    "the services database"), s);
		else if (proto != NULL)
			snprintf(out, outlen, _("unknown service %s/%s: not in "
			    "the services database"), s, proto);
		else
			snprintf(out, outlen, _("unknown service %s: not in "
			    "the services database"), s);
		free(s);
		return -1;
	}
	free(s);
	return 0;
}
