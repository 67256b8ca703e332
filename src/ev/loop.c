/*
 * loop.c: the event loop (see loop.h).
 *
 * One pass: run the prepare hooks (the UI redraws there, once per pass),
 * compute the wait from the earliest timer, poll, dispatch fd events, then
 * fire due timers in (deadline, arming order). A watcher freed during a
 * pass is only marked dead and reaped at the end of the pass, so a callback
 * can free anything, itself included. Signals are caught by a handler that
 * writes the signal number into a non-blocking self-pipe; the loop reads it
 * back and calls the watcher's callback like any other event.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/xmalloc.h"
#include "ev/loop.h"

struct ev_io {
	struct ev_loop	*loop;
	int		 fd;
	short		 events;
	bool		 dead;
	ev_io_cb	 cb;
	void		*arg;
};

struct ev_timer {
	struct ev_loop	*loop;
	bool		 armed;
	bool		 dead;
	uint64_t	 when;
	uint64_t	 seq;
	ev_timer_cb	 cb;
	void		*arg;
};

#define EV_NSIG 65

struct ev_prepare {
	void	(*fn)(void *);
	void	 *arg;
};

struct ev_loop {
	struct ev_io	**ios;
	size_t		  nios, capios;
	struct pollfd	 *pfds;
	struct ev_io	**pios;		/* the watcher behind each pfds[i] */
	size_t		  cappfds;

	struct ev_timer	**timers;
	size_t		  ntimers, captimers;
	uint64_t	  seq;

	struct ev_prepare prepare[8];
	size_t		  nprepare;

	uint64_t	  now;
	bool		  broken;
	int		  depth;	/* dispatching: defer frees */
	bool		  reap;

	struct ev_io	 *sigio;
	ev_signal_cb	  sigcb[EV_NSIG];
	void		 *sigarg[EV_NSIG];
};

static int sig_pipe[2] = { -1, -1 };

/* Microseconds on clock id. */
static uint64_t
clock_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

uint64_t
ev_clock_ms(void)
{
	return clock_us(CLOCK_MONOTONIC) / 1000;
}

uint64_t
ev_clock_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

uint64_t
ev_wall_ms(void)
{
	return clock_us(CLOCK_REALTIME) / 1000;
}

/* The time at the start of this pass (cheap; use ev_clock_ms for fresh). */
uint64_t
ev_now(struct ev_loop *loop)
{
	return loop->now;
}

/* Make a loop; SIGPIPE is ignored from now on (write errors are EPIPE). */
struct ev_loop *
ev_loop_new(void)
{
	struct ev_loop *loop = xcalloc(1, sizeof *loop);
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	loop->now = ev_clock_ms();
	return loop;
}

/* Remove dead watchers and compact the arrays. */
static void
loop_reap(struct ev_loop *loop)
{
	size_t i, j;

	for (i = j = 0; i < loop->nios; i++) {
		if (loop->ios[i]->dead)
			free(loop->ios[i]);
		else
			loop->ios[j++] = loop->ios[i];
	}
	loop->nios = j;
	for (i = j = 0; i < loop->ntimers; i++) {
		if (loop->timers[i]->dead)
			free(loop->timers[i]);
		else
			loop->timers[j++] = loop->timers[i];
	}
	loop->ntimers = j;
	loop->reap = false;
}

/* Free the loop and every watcher still registered. */
void
ev_loop_free(struct ev_loop *loop)
{
	size_t i;
	int s;

	if (loop == NULL)
		return;
	for (s = 1; s < EV_NSIG; s++)
		if (loop->sigcb[s] != NULL)
			signal(s, SIG_DFL);
	for (i = 0; i < loop->nios; i++)
		free(loop->ios[i]);
	for (i = 0; i < loop->ntimers; i++)
		free(loop->timers[i]);
	free(loop->ios);
	free(loop->pfds);
	free(loop->pios);
	free(loop->timers);
	if (sig_pipe[0] != -1) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
		sig_pipe[0] = sig_pipe[1] = -1;
	}
	free(loop);
}

/* Ask ev_run to return after the current pass. */
void
ev_break(struct ev_loop *loop)
{
	loop->broken = true;
}

/* Has ev_break been called? */
bool
ev_broken(struct ev_loop *loop)
{
	return loop->broken;
}

/* Call fn(arg) at the start of every pass, before the loop waits. */
void
ev_add_prepare(struct ev_loop *loop, void (*fn)(void *), void *arg)
{
	if (loop->nprepare == sizeof loop->prepare / sizeof loop->prepare[0])
		fatal("ev_add_prepare: too many hooks");
	loop->prepare[loop->nprepare].fn = fn;
	loop->prepare[loop->nprepare].arg = arg;
	loop->nprepare++;
}

/* Watch fd for events (POLLIN, POLLOUT); cb gets the revents. */
struct ev_io *
ev_io_new(struct ev_loop *loop, int fd, short events, ev_io_cb cb, void *arg)
{
	struct ev_io *io = xcalloc(1, sizeof *io);

	io->loop = loop;
	io->fd = fd;
	io->events = events;
	io->cb = cb;
	io->arg = arg;
	if (loop->nios == loop->capios) {
		loop->capios = loop->capios ? loop->capios * 2 : 16;
		loop->ios = xreallocarray(loop->ios, loop->capios,
		    sizeof *loop->ios);
	}
	loop->ios[loop->nios++] = io;
	return io;
}

/* Change the events watched (0 pauses the watcher). */
void
ev_io_set(struct ev_io *io, short events)
{
	io->events = events;
}

/* The events watched. */
short
ev_io_events(const struct ev_io *io)
{
	return io->events;
}

/* Stop watching; the fd is not closed. Safe inside callbacks. */
void
ev_io_free(struct ev_io *io)
{
	if (io == NULL)
		return;
	io->dead = true;
	io->events = 0;
	io->loop->reap = true;
	if (io->loop->depth == 0)
		loop_reap(io->loop);
}

/* Make a stopped one-shot timer. */
struct ev_timer *
ev_timer_new(struct ev_loop *loop, ev_timer_cb cb, void *arg)
{
	struct ev_timer *t = xcalloc(1, sizeof *t);

	t->loop = loop;
	t->cb = cb;
	t->arg = arg;
	if (loop->ntimers == loop->captimers) {
		loop->captimers = loop->captimers ? loop->captimers * 2 : 16;
		loop->timers = xreallocarray(loop->timers, loop->captimers,
		    sizeof *loop->timers);
	}
	loop->timers[loop->ntimers++] = t;
	return t;
}

/* (Re)arm the timer to fire once, ms from now. */
void
ev_timer_start(struct ev_timer *t, uint64_t ms)
{
	t->when = ev_clock_ms() + ms;
	t->seq = ++t->loop->seq;
	t->armed = true;
}

/* Disarm the timer. */
void
ev_timer_stop(struct ev_timer *t)
{
	if (t != NULL)
		t->armed = false;
}

/* Is the timer armed? */
bool
ev_timer_pending(const struct ev_timer *t)
{
	return t->armed;
}

/* Disarm and free the timer. Safe inside callbacks. */
void
ev_timer_free(struct ev_timer *t)
{
	if (t == NULL)
		return;
	t->armed = false;
	t->dead = true;
	t->loop->reap = true;
	if (t->loop->depth == 0)
		loop_reap(t->loop);
}

/* The signal handler: the signal number goes down the self-pipe. */
static void
sig_handler(int signo)
{
	int saved = errno;
	unsigned char c = (unsigned char)signo;

	if (sig_pipe[1] != -1)
		(void)!write(sig_pipe[1], &c, 1);
	errno = saved;
}

/* Read signal numbers from the self-pipe and dispatch them. */
static void
sig_read(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ev_loop *loop = arg;
	unsigned char c[64];
	ssize_t n, i;

	while ((n = read(fd, c, sizeof c)) > 0) {
		for (i = 0; i < n; i++)
			if (c[i] < EV_NSIG && loop->sigcb[c[i]] != NULL)
				loop->sigcb[c[i]](c[i], loop->sigarg[c[i]]);
	}
}

/* Deliver signo as a loop event to cb. */
int
ev_signal_watch(struct ev_loop *loop, int signo, ev_signal_cb cb, void *arg)
{
	struct sigaction sa;
	int i;

	if (signo <= 0 || signo >= EV_NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (sig_pipe[0] == -1) {
		if (pipe(sig_pipe) == -1)
			return -1;
		for (i = 0; i < 2; i++) {
			fcntl(sig_pipe[i], F_SETFL,
			    fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
			fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
		}
		loop->sigio = ev_io_new(loop, sig_pipe[0], POLLIN, sig_read,
		    loop);
	}
	loop->sigcb[signo] = cb;
	loop->sigarg[signo] = arg;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sig_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	return sigaction(signo, &sa, NULL);
}

/* The armed, live timer due first (earliest deadline, then arming order). */
static struct ev_timer *
timer_first(struct ev_loop *loop, uint64_t maxseq)
{
	struct ev_timer *best = NULL, *t;
	size_t i;

	for (i = 0; i < loop->ntimers; i++) {
		t = loop->timers[i];
		if (!t->armed || t->dead || t->seq > maxseq)
			continue;
		if (best == NULL || t->when < best->when ||
		    (t->when == best->when && t->seq < best->seq))
			best = t;
	}
	return best;
}

/*
 * One pass of the loop, waiting at most max_wait_ms (-1: until an event).
 * Returns the number of callbacks run, or -1 on a poll error.
 */
int
ev_run_once(struct ev_loop *loop, int max_wait_ms)
{
	struct ev_timer *t;
	size_t i, n = 0;
	int wait = max_wait_ms, rc, ran = 0;

	for (i = 0; i < loop->nprepare; i++)
		loop->prepare[i].fn(loop->prepare[i].arg);

	loop->now = ev_clock_ms();
	if ((t = timer_first(loop, UINT64_MAX)) != NULL) {
		uint64_t d = t->when > loop->now ? t->when - loop->now : 0;

		if (wait < 0 || d < (uint64_t)wait)
			wait = d > 24 * 3600 * 1000 ? 24 * 3600 * 1000 : (int)d;
	}

	if (loop->cappfds < loop->nios) {
		loop->cappfds = loop->nios;
		loop->pfds = xreallocarray(loop->pfds, loop->cappfds,
		    sizeof *loop->pfds);
		loop->pios = xreallocarray(loop->pios, loop->cappfds,
		    sizeof *loop->pios);
	}
	for (i = 0; i < loop->nios; i++) {
		struct ev_io *io = loop->ios[i];

		if (io->dead || io->events == 0)
			continue;
		loop->pfds[n].fd = io->fd;
		loop->pfds[n].events = io->events;
		loop->pfds[n].revents = 0;
		loop->pios[n++] = io;
	}

	rc = poll(loop->pfds, n, wait);
	if (rc == -1 && errno != EINTR)
		return -1;
	loop->now = ev_clock_ms();

	loop->depth++;
	for (i = 0; rc > 0 && i < n; i++) {
		struct ev_io *io = loop->pios[i];
		short rev = loop->pfds[i].revents;

		if (rev == 0 || io->dead)
			continue;
		/* Report only what is still wanted, plus errors and hangups. */
		rev &= (short)(io->events | POLLERR | POLLHUP | POLLNVAL);
		if (rev == 0)
			continue;
		io->cb(io, io->fd, rev, io->arg);
		ran++;
	}

	loop->depth--;
	return ran + ev_run_due(loop);
}

/*
 * Run the timers due now (not those their callbacks arm): the end of a
 * pass, and, before a teardown, what ended work left to a zero-delay
 * timer (a segmented download's connections are freed that way).
 */
int
ev_run_due(struct ev_loop *loop)
{
	struct ev_timer *t;
	uint64_t maxseq = loop->seq;
	int ran = 0;

	loop->now = ev_clock_ms();
	loop->depth++;
	while ((t = timer_first(loop, maxseq)) != NULL &&
	    t->when <= loop->now) {
		t->armed = false;
		t->cb(t, t->arg);
		ran++;
	}
	loop->depth--;
	if (loop->reap && loop->depth == 0)
		loop_reap(loop);
	return ran;
}

/* Run passes until ev_break. */
void
ev_run(struct ev_loop *loop)
{
	loop->broken = false;
	while (!loop->broken)
		if (ev_run_once(loop, -1) == -1)
			fatal("poll: %s", strerror(errno));
}
