/* test_loop: fds, timer ordering, signals during poll, frees in callbacks. */
#include "../../src/ev/loop.c"
#include "../tap.h"

#include <sys/wait.h>

static char order[64];
static char names[] = "abcd";
static size_t norder;
static int got_signal;

static void
mark(struct ev_timer *t, void *arg)
{
	order[norder++] = *(const char *)arg;
}

static void
self_free(struct ev_timer *t, void *arg)
{
	order[norder++] = 'F';
	ev_timer_free(t);
}

static void
rearm(struct ev_timer *t, void *arg)
{
	int *count = arg;

	order[norder++] = 'R';
	if (++*count < 3)
		ev_timer_start(t, 0);
}

static void
on_read(struct ev_io *io, int fd, short revents, void *arg)
{
	char c;
	int *count = arg;

	if (read(fd, &c, 1) == 1)
		(*count)++;
	ev_io_free(io);
}

static void
on_signal(int signo, void *arg)
{
	got_signal = signo;
}

int
main(void)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer *a, *b, *c, *d;
	int p[2], reads = 0, rearms = 0;
	uint64_t t0;
	pid_t pid;

	/* Timers fire in deadline order, ties in arming order. */
	a = ev_timer_new(loop, mark, &names[0]);
	b = ev_timer_new(loop, mark, &names[1]);
	c = ev_timer_new(loop, mark, &names[2]);
	d = ev_timer_new(loop, mark, &names[3]);
	ev_timer_start(c, 30);
	ev_timer_start(a, 10);
	ev_timer_start(b, 10);
	ev_timer_start(d, 20);
	ev_timer_stop(d);
	t0 = ev_clock_ms();
	while (norder < 3 && ev_clock_ms() - t0 < 2000)
		ev_run_once(loop, 1000);
	order[norder] = '\0';
	is_str(order, "abc", "timers fire by deadline, ties by arming order");
	ok(ev_clock_ms() - t0 >= 30, "the last waited its 30 ms");
	ok(!ev_timer_pending(d), "a stopped timer stays stopped");
	ev_timer_free(a);
	ev_timer_free(b);
	ev_timer_free(c);
	ev_timer_free(d);

	/* A timer freeing itself, a timer re-arming itself. */
	norder = 0;
	a = ev_timer_new(loop, self_free, NULL);
	ev_timer_start(a, 0);
	b = ev_timer_new(loop, rearm, &rearms);
	ev_timer_start(b, 0);
	ev_run_once(loop, 0);
	order[norder] = '\0';
	is_str(order, "FR", "self-free runs once; a re-armed timer waits a pass");
	ev_run_once(loop, 100);
	ev_run_once(loop, 100);
	is_int(rearms, 3, "re-armed timer ran each pass");
	ev_timer_free(b);

	/* An fd watcher freeing itself in its callback. */
	if (pipe(p) == -1)
		return 1;
	ev_io_new(loop, p[0], POLLIN, on_read, &reads);
	(void)!write(p[1], "xy", 2);
	ev_run_once(loop, 1000);
	ev_run_once(loop, 50);
	is_int(reads, 1, "a freed watcher is not called again");
	close(p[0]);
	close(p[1]);

	/* A signal that arrives while the loop sleeps in poll. */
	ok(ev_signal_watch(loop, SIGUSR1, on_signal, NULL) == 0, "watch SIGUSR1");
	pid = fork();
	if (pid == 0) {
		usleep(100 * 1000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	t0 = ev_clock_ms();
	while (!got_signal && ev_clock_ms() - t0 < 5000)
		ev_run_once(loop, 5000);
	is_int(got_signal, SIGUSR1, "signal during poll delivered as an event");
	ok(ev_clock_ms() - t0 < 4000, "poll woke for it (%llu ms)",
	    (unsigned long long)(ev_clock_ms() - t0));
	waitpid(pid, NULL, 0);

	/* SIGPIPE is ignored: a write to a closed pipe is EPIPE. */
	if (pipe(p) == -1)
		return 1;
	close(p[0]);
	errno = 0;
	ok(write(p[1], "x", 1) == -1 && errno == EPIPE, "SIGPIPE ignored");
	close(p[1]);

	ev_loop_free(loop);
	return done_testing();
}
