/*
 * resolve.h: name resolution off the loop.
 *
 * getaddrinfo and getnameinfo block, so each lookup runs on a short-lived
 * helper thread that only calls the resolver and reports back through a
 * pipe the loop watches. The loop side owns the timeout: when it fires the
 * callback is told so at once, and whatever the thread finds later is
 * thrown away. A cancelled lookup never calls back.
 */
#ifndef JANGADA_EV_RESOLVE_H
#define JANGADA_EV_RESOLVE_H

#include <netdb.h>

struct ev_loop;
struct ev_resolve;

/* An error that is not one of getaddrinfo's EAI_* codes. */
#define EV_RESOLVE_TIMEOUT	1

/*
 * Forward lookups get res (the caller frees it with freeaddrinfo) and
 * name NULL; reverse lookups get name (valid during the call) and res NULL.
 * err is 0, an EAI_* code or EV_RESOLVE_TIMEOUT.
 */
typedef void (*ev_resolve_cb)(int err, struct addrinfo *res,
    const char *name, void *arg);

struct ev_resolve *ev_resolve_start(struct ev_loop *, const char *host,
		    const char *service, const struct addrinfo *hints,
		    int timeout_ms, ev_resolve_cb, void *);
struct ev_resolve *ev_resolve_reverse(struct ev_loop *,
		    const struct sockaddr *, socklen_t, int timeout_ms,
		    ev_resolve_cb, void *);
void		 ev_resolve_cancel(struct ev_resolve *);
const char	*ev_resolve_strerror(int err);

#endif
