/* test_resolve: lookups off the loop, with timeout and cancel. */
#include "../../src/ev/resolve.c"
#include "../tap.h"

#include <arpa/inet.h>

static int done, err_seen = -99, n4, n6;
static char name[256];

static void
on_result(int err, struct addrinfo *res, const char *nm, void *arg)
{
	struct addrinfo *ai;

	done++;
	err_seen = err;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET)
			n4++;
		if (ai->ai_family == AF_INET6)
			n6++;
	}
	if (nm != NULL)
		snprintf(name, sizeof name, "%s", nm);
	if (res != NULL)
		freeaddrinfo(res);
}

static void
never(int err, struct addrinfo *res, const char *nm, void *arg)
{
	done += 100;
}

static void
run_until(struct ev_loop *loop, int *flag, int want, uint64_t ms)
{
	uint64_t t0 = ev_clock_ms();

	while (*flag < want && ev_clock_ms() - t0 < ms)
		ev_run_once(loop, 100);
}

int
main(void)
{
	struct ev_loop *loop = ev_loop_new();
	struct addrinfo hints;
	struct sockaddr_in sin;
	struct ev_resolve *r;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST;
	r = ev_resolve_start(loop, "127.0.0.1", "21", &hints, 5000, on_result,
	    NULL);
	ok(r != NULL, "lookup started");
	is_int(done, 0, "callback never runs inside the start call");
	run_until(loop, &done, 1, 5000);
	is_int(done, 1, "callback ran once");
	is_int(err_seen, 0, "no error");
	is_int(n4, 1, "one IPv4 address");

	done = 0;
	n4 = n6 = 0;
	hints.ai_flags = AI_NUMERICHOST;
	ev_resolve_start(loop, "::1", "21", &hints, 5000, on_result, NULL);
	run_until(loop, &done, 1, 5000);
	is_int(n6, 1, "IPv6 literal resolves");

	done = 0;
	ev_resolve_start(loop, "no-such-host.invalid", "21", NULL, 5000,
	    on_result, NULL);
	run_until(loop, &done, 1, 8000);
	is_int(done, 1, "a bad name calls back (no hang)");
	ok(err_seen != 0, "with an error: %s", ev_resolve_strerror(err_seen));

	/* Timeout: a slow lookup is reported at the deadline, its answer lost. */
	done = 0;
	req_test_delay_us = 300 * 1000;
	ev_resolve_start(loop, "localhost", "21", NULL, 50, on_result, NULL);
	run_until(loop, &done, 1, 2000);
	is_int(done, 1, "timeout reported once");
	is_int(err_seen, EV_RESOLVE_TIMEOUT, "as a timeout");
	is_str(ev_resolve_strerror(EV_RESOLVE_TIMEOUT), "name lookup timed out",
	    "timeout message");

	req_test_delay_us = 0;

	/* Cancel: the callback never runs. */
	done = 0;
	r = ev_resolve_start(loop, "localhost", "21", NULL, 5000, never, NULL);
	ev_resolve_cancel(r);
	run_until(loop, &done, 1, 300);
	is_int(done, 0, "cancelled lookup never calls back");

	/* Reverse lookup of 127.0.0.1 (from /etc/hosts). */
	done = 0;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ev_resolve_reverse(loop, (struct sockaddr *)&sin, sizeof sin, 5000,
	    on_result, NULL);
	run_until(loop, &done, 1, 5000);
	is_int(done, 1, "reverse lookup calls back");
	ok(err_seen == 0 && name[0] != '\0', "127.0.0.1 has a name: %s", name);

	/* Let detached threads finish before the process exits. */
	usleep(200 * 1000);
	ev_loop_free(loop);
	return done_testing();
}
