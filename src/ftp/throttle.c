/*
 * throttle.c: the rate limit, a token bucket shared fairly between the
 * transfers under it (see throttle.h).
 *
 * The bucket holds at most a tenth of a second's worth (16 KiB at least),
 * so a pause never turns into a burst; each user holds at most its part
 * of that. Refills happen when any user asks, for every user at once, so
 * a user that does not ask still gets its share, and hands what it cannot
 * hold to the users with room, evenly, or to the pool when all are full.
 */
#include "config.h"

#include "ev/loop.h"
#include "ftp/session.h"
#include "ftp/throttle.h"

#define MIN_CAP		16384.0
#define WAIT_BYTES	4096.0

static double
cap_of(const struct ftp_throttle *t)
{
	double cap = (double)t->rate / 10.0;

	return cap < MIN_CAP ? MIN_CAP : cap;
}

/* Share out the bytes the time since the last refill allows. */
static void
refill(struct ftp_throttle *t, uint64_t now)
{
	struct ftp_throttle_user *u;
	double cap = cap_of(t), add, share, ucap, over;
	unsigned pass, room;

	if (t->last_ms == 0) {
		t->last_ms = now;
		t->pool = cap;
		return;
	}
	if (now <= t->last_ms)
		return;
	add = (double)(now - t->last_ms) * (double)t->rate / 1000.0;
	t->last_ms = now;
	if (t->nusers == 0) {
		t->pool += add;
		if (t->pool > cap)
			t->pool = cap;
		return;
	}
	share = add / (double)t->nusers;
	ucap = cap / (double)t->nusers;
	for (u = t->users; u != NULL; u = u->next)
		u->tokens += share;
	/*
	 * What a full user cannot hold goes to the users with room, evenly
	 * (a few rounds: each fills someone or ends it); the rest, when all
	 * are full, to the pool.
	 */
	for (pass = 0; pass <= t->nusers; pass++) {
		over = 0.0;
		room = 0;
		for (u = t->users; u != NULL; u = u->next) {
			if (u->tokens > ucap) {
				over += u->tokens - ucap;
				u->tokens = ucap;
			} else if (u->tokens < ucap)
				room++;
		}
		if (over <= 0.0)
			break;
		if (room == 0 || pass == t->nusers) {
			t->pool += over;
			break;
		}
		for (u = t->users; u != NULL; u = u->next)
			if (u->tokens < ucap)
				u->tokens += over / (double)room;
	}
	if (t->pool > cap)
		t->pool = cap;
}

void
throttle_join(struct ftp_throttle_user *u, struct ftp_throttle *t)
{
	if (u->t == t)
		return;
	throttle_leave(u);
	u->tokens = 0.0;
	u->t = t;
	if (t == NULL)
		return;
	u->next = t->users;
	t->users = u;
	t->nusers++;
}

void
throttle_leave(struct ftp_throttle_user *u)
{
	struct ftp_throttle_user **pp;
	struct ftp_throttle *t = u->t;

	if (t == NULL)
		return;
	for (pp = &t->users; *pp != NULL; pp = &(*pp)->next)
		if (*pp == u) {
			*pp = u->next;
			t->nusers--;
			break;
		}
	/* What it held is not lost to the others. */
	t->pool += u->tokens;
	if (t->rate > 0 && t->pool > cap_of(t))
		t->pool = cap_of(t);
	u->t = NULL;
	u->next = NULL;
	u->tokens = 0.0;
}

int
throttle_on(const struct ftp_throttle_user *u)
{
	return u->t != NULL && u->t->rate > 0;
}

size_t
throttle_take(struct ftp_throttle_user *u, size_t want)
{
	struct ftp_throttle *t = u->t;
	double got, more;

	if (t == NULL || t->rate == 0)
		return want;
	refill(t, ev_clock_ms());
	got = u->tokens < (double)want ? u->tokens : (double)want;
	if (got < 0.0)
		got = 0.0;
	u->tokens -= got;
	if (got < (double)want && t->pool > 0.0) {
		more = (double)want - got;
		if (more > t->pool)
			more = t->pool;
		t->pool -= more;
		got += more;
	}
	if (got < 1.0) {
		u->tokens += got;
		return 0;
	}
	/* Whole bytes only; the fraction stays the user's. */
	u->tokens += got - (double)(size_t)got;
	return (size_t)got;
}

void
throttle_give(struct ftp_throttle_user *u, size_t n)
{
	if (u->t != NULL && u->t->rate > 0)
		u->tokens += (double)n;
}

void
throttle_moved(struct ftp_throttle_user *u, size_t want, ssize_t n)
{
	if (n == -1)
		throttle_give(u, want);
	else if ((size_t)n < want)
		throttle_give(u, want - (size_t)n);
}

uint64_t
throttle_wait_ms(const struct ftp_throttle_user *u)
{
	const struct ftp_throttle *t = u->t;
	double rate;
	uint64_t ms;

	if (t == NULL || t->rate == 0)
		return 1;
	rate = (double)t->rate / (double)(t->nusers > 0 ? t->nusers : 1);
	ms = 1 + (uint64_t)(WAIT_BYTES * 1000.0 / rate);
	return ms > 100 ? 100 : ms;
}
