/*
 * test_throttle: the rate limit shared fairly (issue 12), on a clock of
 * the test's own: transfers that ask in a fixed order each get their
 * share; an idle transfer's share goes to the others; the total never
 * passes the limit.
 */
#include <stdint.h>

#define ev_clock_ms fake_clock_ms
#include "../../src/ftp/throttle.c"
#include "../tap.h"

static uint64_t fake_now = 1000;

uint64_t
fake_clock_ms(void)
{
	return fake_now;
}

#define STEP_MS		10
#define WANT		65536

/* Run n users for ms, each asking in order 0..n-1 every step (active[i]). */
static void
run(struct ftp_throttle_user *u, int n, const int *active, uint64_t ms,
    uint64_t *got)
{
	uint64_t end = fake_now + ms;
	int i;

	for (; fake_now < end; fake_now += STEP_MS)
		for (i = 0; i < n; i++)
			if (active[i])
				got[i] += throttle_take(&u[i], WANT);
}

static int
near(uint64_t got, double want, double tol)
{
	return (double)got > want * (1.0 - tol) &&
	    (double)got < want * (1.0 + tol);
}

int
main(void)
{
	struct ftp_throttle t;
	struct ftp_throttle_user u[3];
	const int all[3] = { 1, 1, 1 }, two[3] = { 1, 1, 0 };
	uint64_t got[3] = { 0, 0, 0 };
	int i;

	memset(&t, 0, sizeof t);
	memset(u, 0, sizeof u);
	t.rate = 300000;
	for (i = 0; i < 3; i++)
		throttle_join(&u[i], &t);
	ok(t.nusers == 3, "three users joined");
	run(u, 3, all, 10000, got);
	for (i = 0; i < 3; i++)
		ok(near(got[i], 1e6, 0.05), "greedy user %d got its third: "
		    "%llu of 3,000,000 in 10 s", i, (unsigned long long)got[i]);
	ok(got[0] + got[1] + got[2] <= 3000000 + 30000 + 16384,
	    "the total stays under the limit (%llu)",
	    (unsigned long long)(got[0] + got[1] + got[2]));

	/* User 2 stops asking (its server is slow): the others get it all. */
	memset(got, 0, sizeof got);
	run(u, 3, two, 10000, got);
	ok(near(got[0], 1.5e6, 0.05) && near(got[1], 1.5e6, 0.05),
	    "an idle user's share goes to the others (%llu, %llu)",
	    (unsigned long long)got[0], (unsigned long long)got[1]);

	/* User 1 leaves: user 0 alone has the whole rate. */
	throttle_leave(&u[1]);
	throttle_leave(&u[2]);
	ok(t.nusers == 1 && t.users == &u[0], "two users left");
	memset(got, 0, sizeof got);
	run(u, 1, all, 10000, got);
	ok(near(got[0], 3e6, 0.05), "one user alone: the whole rate (%llu)",
	    (unsigned long long)got[0]);
	ok(throttle_wait_ms(&u[0]) >= 1 && throttle_wait_ms(&u[0]) <= 100,
	    "a wait between 1 and 100 ms");

	/* Bytes taken and not moved come back. */
	fake_now += 1000;
	i = (int)throttle_take(&u[0], WANT);
	throttle_give(&u[0], (size_t)i);
	ok(throttle_take(&u[0], WANT) == (size_t)i, "given back, taken again");

	/* No limit: everything at once. */
	t.rate = 0;
	ok(throttle_take(&u[0], WANT) == WANT, "rate 0: no limit");
	ok(!throttle_on(&u[0]), "rate 0: off");
	throttle_leave(&u[0]);
	ok(t.nusers == 0 && t.users == NULL, "everyone left");
	ok(throttle_take(&u[0], 5) == 5, "not under a limit: no limit");
	return done_testing();
}
