/*
 * resolve.c: getaddrinfo/getnameinfo on a helper thread (see resolve.h).
 *
 * A request is shared by the loop and the thread and freed by whichever
 * lets go last (an atomic reference count). The thread writes one byte to
 * the request's pipe when it is done; if the loop side has already given up
 * (timeout or cancel) it has closed the read end and the write fails
 * harmlessly with EPIPE (SIGPIPE is ignored by the loop).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ev/resolve.h"

struct ev_resolve {
	atomic_int		 refs;
	int			 pipe[2];
	bool			 reverse;
	/* in */
	char			*host;
	char			*service;
	struct addrinfo		 hints;
	struct sockaddr_storage	 sa;
	socklen_t		 salen;
	/* out (written by the thread before its byte is sent) */
	int			 err;
	struct addrinfo		*res;
	char			 name[NI_MAXHOST];
	/* loop side */
	struct ev_io		*io;
	struct ev_timer		*timer;
	ev_resolve_cb		 cb;
	void			*arg;
};

/* Tests set this to make the thread slow (the timeout path). */
static unsigned req_test_delay_us;

/* Drop one reference; the last one frees the request. */
static void
req_unref(struct ev_resolve *r)
{
	if (atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	if (r->res != NULL)
		freeaddrinfo(r->res);
	if (r->pipe[1] != -1)
		close(r->pipe[1]);
	free(r->host);
	free(r->service);
	free(r);
}

/* The thread: resolve, then wake the loop. */
static void *
req_thread(void *arg)
{
	struct ev_resolve *r = arg;
	char c = 0;

	if (req_test_delay_us > 0)
		usleep(req_test_delay_us);
	if (r->reverse)
		r->err = getnameinfo((struct sockaddr *)&r->sa, r->salen,
		    r->name, sizeof r->name, NULL, 0, NI_NAMEREQD);
	else
		r->err = getaddrinfo(r->host, r->service, &r->hints, &r->res);
	(void)!write(r->pipe[1], &c, 1);
	req_unref(r);
	return NULL;
}

/* Loop side: stop watching and let go of the request. */
static void
req_finish(struct ev_resolve *r)
{
	ev_io_free(r->io);
	ev_timer_free(r->timer);
	close(r->pipe[0]);
	req_unref(r);
}

/* The thread is done: hand the result to the callback. */
static void
req_ready(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ev_resolve *r = arg;
	struct addrinfo *res = r->res;

	r->res = NULL;	/* now the callback's */
	if (r->reverse)
		r->cb(r->err, NULL, r->err == 0 ? r->name : NULL, r->arg);
	else
		r->cb(r->err, res, NULL, r->arg);
	req_finish(r);
}

/* The lookup took too long: report it and forget the thread. */
static void
req_timeout(struct ev_timer *t, void *arg)
{
	struct ev_resolve *r = arg;

	r->cb(EV_RESOLVE_TIMEOUT, NULL, NULL, r->arg);
	req_finish(r);
}

/* Common start: pipe, watchers, thread. */
static struct ev_resolve *
req_start(struct ev_loop *loop, struct ev_resolve *r, int timeout_ms)
{
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int rc;

	if (pipe2(r->pipe, O_CLOEXEC) == -1) {
		free(r->host);
		free(r->service);
		free(r);
		return NULL;
	}
	fcntl(r->pipe[0], F_SETFL, O_NONBLOCK);
	atomic_init(&r->refs, 2);
	r->io = ev_io_new(loop, r->pipe[0], POLLIN, req_ready, r);
	r->timer = ev_timer_new(loop, req_timeout, r);
	ev_timer_start(r->timer, timeout_ms > 0 ? (uint64_t)timeout_ms :
	    LIM_RESOLVE_MS);

	/* The thread must not take the loop's signals. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&tid, &attr, req_thread, r);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		atomic_fetch_sub(&r->refs, 1);	/* the thread's */
		req_finish(r);
		errno = rc;
		return NULL;
	}
	return r;
}

/* Look host/service up; cb is called on the loop exactly once. */
struct ev_resolve *
ev_resolve_start(struct ev_loop *loop, const char *host, const char *service,
    const struct addrinfo *hints, int timeout_ms, ev_resolve_cb cb, void *arg)
{
	struct ev_resolve *r = xcalloc(1, sizeof *r);

	r->host = host ? xstrdup(host) : NULL;
	r->service = service ? xstrdup(service) : NULL;
	if (hints != NULL)
		r->hints = *hints;
	else {
		r->hints.ai_family = AF_UNSPEC;
		r->hints.ai_socktype = SOCK_STREAM;
		r->hints.ai_flags = AI_ADDRCONFIG;
	}
	r->cb = cb;
	r->arg = arg;
	return req_start(loop, r, timeout_ms);
}

/* Find the name of an address; cb is called on the loop exactly once. */
struct ev_resolve *
ev_resolve_reverse(struct ev_loop *loop, const struct sockaddr *sa,
    socklen_t salen, int timeout_ms, ev_resolve_cb cb, void *arg)
{
	struct ev_resolve *r;

	if (salen > sizeof r->sa) {
		errno = EINVAL;
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->reverse = true;
	memcpy(&r->sa, sa, salen);
	r->salen = salen;
	r->cb = cb;
	r->arg = arg;
	return req_start(loop, r, timeout_ms);
}

/* Forget a lookup: the callback will not be called. */
void
ev_resolve_cancel(struct ev_resolve *r)
{
	if (r != NULL)
		req_finish(r);
}

/* A message for a lookup error, translated. */
const char *
ev_resolve_strerror(int err)
{
	switch (err) {
	case 0:
		return _("success");
	case EV_RESOLVE_TIMEOUT:
		return _("name lookup timed out");
	case EAI_NONAME:
		return _("no such host name");
	case EAI_AGAIN:
		return _("temporary failure in name resolution");
	case EAI_FAIL:
		return _("name server failure");
#ifdef EAI_NODATA
	case EAI_NODATA:
		return _("the host name has no address");
#endif
	case EAI_SERVICE:
		return _("unknown service or port");
	case EAI_FAMILY:
		return _("address family not supported");
	default:
		return gai_strerror(err);
	}
}
