/*
 * segment.c: a file over several connections at once (see segment.h).
 *
 * Ranges are TODO, RUN (on a connection) or DONE. A connection stops its
 * range through ftp_cancel (ABOR) from a timer once the progress reached
 * the range's end; the bytes that raced past it are the file's own bytes at
 * their own offsets (the next range writes the same), so they do no harm.
 * Everything is freed from a timer, never inside a session's callback.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/secret.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "local/lfile.h"
#include "xfer/segment.h"

#define SEG_MAX		16
#define SEG_RETRIES	3
#define SEG_SAVE_MS	1000
#define SEG_STEAL_MIN	(1024u * 1024)	/* a split leaves each at least */

enum rstate { R_TODO, R_RUN, R_DONE };

struct range {
	uint64_t	 start, end;
	uint64_t	 got;		/* start..got written */
	enum rstate	 st;
};

struct sconn {
	struct xseg	*g;
	int		 i;
	struct ftp_session *s;
	bool		 up, dead, moved;
	int		 range;		/* -1: none */
	int		 fd;
	bool		 stopping;
	bool		 next;		/* the timer takes the next range */
	struct ev_timer	*stop;
};

struct xseg {
	struct ev_loop	*loop;
	char		*host, *port, *user, *pass, *acct;
	struct ftp_options opt;
	char		*remote, *dir, *name;
	int		 n;
	uint64_t	 min_size, size;
	xseg_done_fn	 done;
	xseg_note_fn	 note;
	xseg_save_fn	 save;
	void		*arg;
	struct xseg_state *resume;	/* NULL: a fresh start */
	int64_t		 mtime;
	uint64_t	 moved;
	bool		 resumed;
	struct ev_timer	*save_t;	/* the next save, within a second */

	int		 dirfd;
	struct lf_part	 part;
	bool		 have_part;
	bool		 single;	/* one ordinary download */
	uint64_t	 sdone;		/* ... its bytes so far */
	struct range	 r[SEG_MAX];
	int		 nr;
	struct sconn	*c[SEG_MAX];
	int		 failures;
	bool		 ended, freed;
	struct ev_timer	*reap;
};

static void	take_range(struct sconn *);
static void	finish(struct xseg *, bool ok, const char *error);
static void	got_done(struct ftp_session *, struct ftp_status *, void *);

static void
login_of(struct xseg *g, struct ftp_login *l)
{
	memset(l, 0, sizeof *l);
	l->host = g->host;
	l->port = g->port;
	l->user = g->user;
	l->pass = g->pass;
	l->acct = g->acct;
}

static void
note(struct xseg *g, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_info("pget: %s", msg);
	if (g->note != NULL && !g->freed)
		g->note(g, msg, g->arg);
}

/* Hand the ranges' state to save (now: at once, else within a second). */
static void
save_state(struct xseg *g, bool now)
{
	struct xseg_state st;
	int i;

	if (g->save == NULL || g->ended || g->single || g->nr == 0)
		return;
	if (!now) {
		if (!ev_timer_pending(g->save_t))
			ev_timer_start(g->save_t, SEG_SAVE_MS);
		return;
	}
	ev_timer_stop(g->save_t);
	memset(&st, 0, sizeof st);
	st.size = g->size;
	st.mtime = g->mtime;
	st.nr = g->nr;
	for (i = 0; i < g->nr; i++) {
		st.r[i].start = g->r[i].start;
		st.r[i].got = g->r[i].got;
		st.r[i].end = g->r[i].end;
	}
	g->save(g, &st, now, g->arg);
}

/* Its progress now (see segment.h). */
void
xseg_progress(const struct xseg *g, struct xseg_progress *p)
{
	int i;

	memset(p, 0, sizeof *p);
	if (g == NULL)
		return;
	p->size = g->size;
	p->single = g->single;
	if (g->single) {
		p->done = g->sdone;
		return;
	}
	p->nr = g->nr < JQ_MAX_RANGES ? g->nr : JQ_MAX_RANGES;
	for (i = 0; i < p->nr; i++) {
		p->r[i].start = g->r[i].start;
		p->r[i].got = g->r[i].got;
		p->r[i].end = g->r[i].end;
		p->done += g->r[i].got - g->r[i].start;
	}
}

static void
save_fire(struct ev_timer *t, void *arg)
{
	(void)t;
	save_state(arg, true);
}

/* Done with c; own: from c's own callback (the reaper drops it). */
static void
conn_drop2(struct sconn *c, bool own)
{
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
	c->dead = true;
	if (c->s != NULL && !own)
		ftp_close(c->s);
}
#define conn_drop(c)	conn_drop2((c), false)

/* ---------------------------------------------------------- the end */

static void
reap_fire(struct ev_timer *t, void *arg)
{
	struct xseg *g = arg;
	int i;

	(void)t;
	for (i = 0; i < SEG_MAX; i++) {
		struct sconn *c = g->c[i];

		if (c == NULL)
			continue;
		if (c->fd != -1)
			close(c->fd);
		ev_timer_free(c->stop);
		ftp_session_free(c->s);
		free(c);
		g->c[i] = NULL;
	}
	if (!g->freed)
		return;
	if (g->have_part)
		lf_part_abort(&g->part);
	if (g->dirfd != -1)
		close(g->dirfd);
	ev_timer_free(g->reap);
	ev_timer_free(g->save_t);
	free(g->resume);
	free(g->host);
	free(g->port);
	free(g->user);
	secret_free(g->pass);
	secret_free(g->acct);
	free(g->remote);
	free(g->dir);
	free(g->name);
	free(g);
}

void
xseg_free(struct xseg *g)
{
	if (g == NULL)
		return;
	g->freed = true;
	g->ended = true;
	ev_timer_start(g->reap, 0);
}

static void
finish(struct xseg *g, bool ok, const char *error)
{
	struct xseg_result res;
	char err[512];
	int i;

	if (g->ended)
		return;
	ev_timer_stop(g->save_t);
	g->ended = true;
	err[0] = '\0';
	memset(&res, 0, sizeof res);
	if (ok && g->have_part) {
		if (fsync(g->part.fd) == -1 || lf_part_commit(&g->part,
		    LF_NOREPLACE, err, sizeof err) == -1) {
			if (err[0] == '\0')
				snprintf(err, sizeof err, "%s", strerror(errno));
			ok = false;
			error = err;
		} else
			g->have_part = false;
	}
	res.ok = ok;
	res.error = error;
	res.size = g->size;
	res.moved = g->moved;
	res.resumed = g->resumed;
	for (i = 0; i < SEG_MAX; i++)
		if (g->c[i] != NULL && g->c[i]->moved)
			res.conns++;
	ev_timer_start(g->reap, 0);	/* drops every connection */
	if (g->done != NULL)
		g->done(g, &res, g->arg);
}

/* --------------------------------------------------------- one range */

static void
stop_fire(struct ev_timer *t, void *arg)
{
	struct sconn *c = arg;

	(void)t;
	if (c->dead || c->s == NULL || c->g->ended)
		return;
	if (c->next) {
		c->next = false;
		take_range(c);
	} else
		ftp_cancel(c->s);	/* ABOR: its range is complete */
}

static void
c_progress(struct ftp_session *s, uint64_t done, uint64_t total, void *arg)
{
	struct sconn *c = arg;
	struct range *r;

	(void)s;
	(void)total;
	if (c->g->single)
		c->g->sdone = done;
	if (c->range < 0 || c->stopping)
		return;
	c->moved = true;
	r = &c->g->r[c->range];
	if (done > r->got)
		r->got = done < r->end ? done : r->end;
	save_state(c->g, false);
	if (done >= r->end && r->end < c->g->size) {
		c->stopping = true;
		ev_timer_start(c->stop, 0);
	}
}

/* One ordinary download of the whole file over s (c's session). */
static void
get_whole(struct xseg *g, struct ftp_session *s, struct sconn *c)
{
	struct ftp_xfer x;

	memset(&x, 0, sizeof x);
	x.remote = g->remote;
	x.type = FTP_TYPE_I;
	x.dirfd = g->dirfd;
	x.name = g->name;
	x.exists = LF_NOREPLACE;
	x.fd = -1;
	if (ftp_get(s, &x, got_done, c) == -1)
		finish(g, false, strerror(errno));
}

/* The single download, or a range, ended. */
static void
got_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct sconn *c = arg;
	struct xseg *g = c->g;
	struct range *r;
	uint64_t got = st->offset + st->bytes;

	if (g->ended || c->dead)
		return;
	if (g->single) {
		g->moved += st->bytes;
		c->moved = st->bytes > 0;
		finish(g, st->ok, st->ok ? NULL : st->error);
		return;
	}
	r = &g->r[c->range];
	/* what went into the range, not what came before ABOR stopped the
	   server (a fast one sends megabytes past the range's end) */
	g->moved += got <= r->end ? st->bytes :
	    st->offset < r->end ? r->end - st->offset : 0;
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
	if (got > r->got && got <= r->end)
		r->got = got;
	if (st->ok || (c->stopping && got >= r->end) ||
	    (c->stopping && st->interrupted)) {
		r->st = R_DONE;
		r->got = r->end;
		save_state(g, true);
		c->range = -1;
		c->stopping = false;
		/* Not from inside ftp_cancel: it would end the next one too. */
		c->next = true;
		ev_timer_start(c->stop, 0);
		return;
	}
	r->st = R_TODO;
	c->range = -1;
	c->stopping = false;
	if (++g->failures > SEG_RETRIES * g->nr) {
		finish(g, false, st->error != NULL ? st->error :
		    _("the segmented download failed"));
		return;
	}
	if (st->code >= 500 && st->bytes == 0) {
		/* REST refused or the like: one ordinary download. */
		note(g, _("the server refused a range (%s); downloading over "
		    "one connection"), st->error != NULL ? st->error : "?");
		for (int i = 0; i < SEG_MAX; i++)
			if (g->c[i] != NULL && g->c[i] != c && !g->c[i]->dead)
				conn_drop(g->c[i]);
		lf_part_discard(&g->part);
		g->have_part = false;
		g->single = true;
		get_whole(g, c->s, c);
		return;
	}
	if (!ftp_session_connected(s))
		conn_drop2(c, true);
	else
		take_range(c);
	/* someone must be left to do the work */
	for (int i = 0; i < SEG_MAX; i++)
		if (g->c[i] != NULL && !g->c[i]->dead)
			return;
	finish(g, false, st->error);
}

/*
 * Nothing left to take: split the running range with the most bytes to go
 * in two (its connection stops at the middle now), so the connections that
 * started late or run slow do not leave the others idle at the end. The
 * new range (its index) goes right after it, the ranges kept in order.
 */
static int
steal(struct xseg *g)
{
	uint64_t most = 0, mid;
	int i, j = -1, k;

	if (g->nr >= SEG_MAX)
		return -1;
	for (i = 0; i < g->nr; i++)
		if (g->r[i].st == R_RUN && g->r[i].end - g->r[i].got > most) {
			most = g->r[i].end - g->r[i].got;
			j = i;
		}
	if (j == -1 || most < 2 * SEG_STEAL_MIN)
		return -1;
	for (k = 0; k < SEG_MAX; k++)	/* the indices after j move up */
		if (g->c[k] != NULL && g->c[k]->range > j)
			g->c[k]->range++;
	memmove(&g->r[j + 2], &g->r[j + 1], (size_t)(g->nr - j - 1) *
	    sizeof g->r[0]);
	g->nr++;
	mid = g->r[j].got + most / 2;
	g->r[j + 1].start = g->r[j + 1].got = mid;
	g->r[j + 1].end = g->r[j].end;
	g->r[j + 1].st = R_TODO;
	g->r[j].end = mid;
	log_info("pget: range %d split at %llu", j, (unsigned long long)mid);
	return j + 1;
}

/* The connection takes the next range left (or quits). */
static void
take_range(struct sconn *c)
{
	struct xseg *g = c->g;
	struct ftp_xfer x;
	int i, left = 0;

	for (i = 0; i < g->nr; i++)
		if (g->r[i].st != R_DONE)
			left++;
	if (left == 0) {
		finish(g, true, NULL);
		return;
	}
	for (i = 0; i < g->nr; i++)
		if (g->r[i].st == R_TODO)
			break;
	if (i == g->nr && (i = steal(g)) == -1) {
		conn_drop2(c, true);	/* nothing left for it */
		return;
	}
	c->fd = openat(g->dirfd, g->part.partname, O_WRONLY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (c->fd == -1 || lseek(c->fd, (off_t)g->r[i].got, SEEK_SET) ==
	    -1) {
		finish(g, false, strerror(errno));
		return;
	}
	g->r[i].st = R_RUN;
	c->range = i;
	c->stopping = false;
	memset(&x, 0, sizeof x);
	x.remote = g->remote;
	x.type = FTP_TYPE_I;
	x.dirfd = -1;
	x.fd = c->fd;
	x.rest = g->r[i].got;
	if (ftp_get(c->s, &x, got_done, c) == -1) {
		g->r[i].st = R_TODO;
		c->range = -1;
		conn_drop2(c, true);
	}
}

/* ----------------------------------------------------- connections */

static void
c_closed(struct ftp_session *s, const char *error, void *arg)
{
	struct sconn *c = arg;

	(void)s;
	if (error != NULL)
		log_info("pget: connection %d closed: %s", c->i, error);
}

static const struct ftp_session_cb scb = {
	.progress = c_progress,
	.closed = c_closed
};

static void
connected(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct sconn *c = arg;
	struct xseg *g = c->g;
	int i;

	if (g->ended)
		return;
	if (!st->ok) {
		c->dead = true;
		if (c->i == 0) {
			finish(g, false, st->error);
			return;
		}
		if (g->single)
			return;		/* not needed anyway */
		note(g, _("the server refused connection %d (%s); the ranges "
		    "go to the others"), c->i + 1, st->error != NULL ?
		    st->error : "?");
		for (i = 0; i < SEG_MAX; i++)
			if (g->c[i] != NULL && !g->c[i]->dead)
				return;
		finish(g, false, st->error);
		return;
	}
	c->up = true;
	if (g->single)
		conn_drop2(c, true);	/* one download after all */
	else if (g->nr > 0)
		take_range(c);
}

static struct sconn *
conn_new(struct xseg *g, int i)
{
	struct sconn *c = xcalloc(1, sizeof *c);
	struct ftp_login l;

	c->g = g;
	c->i = i;
	c->fd = -1;
	c->range = -1;
	c->stop = ev_timer_new(g->loop, stop_fire, c);
	c->s = ftp_session_new(g->loop, &scb, c);
	*ftp_session_options(c->s) = g->opt;
	g->c[i] = c;
	login_of(g, &l);
	if (ftp_connect(c->s, &l, connected, c) == -1)
		c->dead = true;
	return c;
}

/* "2026-12-02 07:05:09 UTC" */
static void
utc(char *out, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, len, "%s", "?");
}

/* Go on from the saved state, if the remote is the same file (0), or -1. */
static int
resume_ranges(struct xseg *g)
{
	const struct xseg_state *rs = g->resume;
	char was[64], now[64];
	int i;

	if (rs == NULL || rs->nr < 1 || rs->nr > SEG_MAX)
		return -1;
	if (rs->size != g->size || (rs->mtime != 0 && g->mtime != 0 &&
	    rs->mtime != g->mtime)) {
		utc(was, sizeof was, rs->mtime);
		utc(now, sizeof now, g->mtime);
		note(g, _("%s changed on the server since %s (size then %llu "
		    "B; now %llu B, %s): starting again"), g->name,
		    was, (unsigned long long)rs->size,
		    (unsigned long long)g->size, now);
		return -1;
	}
	if (rs->mtime == 0 || g->mtime == 0)
		log_info("pget: %s: no remote time to compare; the size is "
		    "the same", g->name);
	g->nr = rs->nr;
	for (i = 0; i < g->nr; i++) {
		g->r[i].start = rs->r[i].start;
		g->r[i].end = rs->r[i].end;
		/* never past what the .part holds */
		g->r[i].got = rs->r[i].got < g->part.offset ? rs->r[i].got :
		    g->part.offset < g->r[i].start ? g->r[i].start :
		    g->part.offset;
		if (g->r[i].end > g->size || g->r[i].got > g->r[i].end ||
		    (i > 0 && g->r[i].start != g->r[i - 1].end) ||
		    (i == 0 && g->r[i].start != 0) ||
		    (i == g->nr - 1 && g->r[i].end != g->size))
			return -1;
		g->r[i].st = g->r[i].got == g->r[i].end ? R_DONE : R_TODO;
	}
	g->resumed = true;
	return 0;
}

/* SIZE and MDTM known: cut (or go on from the saved state). */
static void
cut(struct xseg *g, struct sconn *c)
{
	char err[512];
	int i, left = 0;

	if (lf_part_open(&g->part, g->dirfd, g->name, g->resume != NULL, err,
	    sizeof err) == -1) {
		finish(g, false, err);
		return;
	}
	g->have_part = true;
	if (resume_ranges(g) == -1) {
		g->resumed = false;
		if (g->part.offset > 0 && lf_part_restart(&g->part) == -1) {
			finish(g, false, strerror(errno));
			return;
		}
		g->nr = g->n;
		for (i = 0; i < g->nr; i++) {
			g->r[i].start = g->size * (uint64_t)i /
			    (uint64_t)g->nr;
			g->r[i].end = g->size * (uint64_t)(i + 1) /
			    (uint64_t)g->nr;
			g->r[i].got = g->r[i].start;
			g->r[i].st = R_TODO;
		}
	}
	save_state(g, true);
	for (i = 0; i < g->nr; i++)
		if (g->r[i].st == R_TODO)
			left++;
	/* the others logged in meanwhile (xseg_start) */
	for (i = 1; i < SEG_MAX; i++)
		if (g->c[i] != NULL && g->c[i]->up && !g->c[i]->dead &&
		    g->c[i]->range == -1 && !g->ended)
			take_range(g->c[i]);
	if (!g->ended)
		take_range(c);
	(void)left;
}

static void
mdtm_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct sconn *c = arg;

	(void)s;
	if (c->g->ended)
		return;
	if (st->ok && st->mtime > 0)
		c->g->mtime = (int64_t)st->mtime;
	cut(c->g, c);
}

/* SIZE answered on the first connection: MDTM, or one download. */
static void
size_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct sconn *c = arg;
	struct xseg *g = c->g;
	int i;

	if (g->ended)
		return;
	if (st->ok)
		g->size = st->size;
	/* resumed: the ranges are cut already, whatever segment-min says */
	if (!st->ok || g->n < 2 || (g->size < g->min_size &&
	    g->resume == NULL) || g->size < (uint64_t)g->n) {
		if (!st->ok)
			note(g, _("no size (%s); downloading over one "
			    "connection"), st->error != NULL ? st->error : "?");
		g->single = true;
		for (i = 1; i < SEG_MAX; i++)
			if (g->c[i] != NULL && !g->c[i]->dead)
				conn_drop(g->c[i]);
		get_whole(g, s, c);
		return;
	}
	if (ftp_mdtm(s, g->remote, mdtm_done, c) == -1)
		cut(g, c);
}

static void
first_up(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct sconn *c = arg;
	struct xseg *g = c->g;
	int i;

	if (g->ended)
		return;
	if (!st->ok) {
		finish(g, false, st->error);
		return;
	}
	c->up = true;
	if (ftp_size(s, g->remote, size_done, c) == -1) {
		finish(g, false, strerror(errno));
		return;
	}
	/*
	 * The others log in while this one asks SIZE and MDTM (after it: a
	 * server that allows few connections keeps this one).
	 */
	for (i = 1; i < g->n; i++)
		conn_new(g, i);
}

struct xseg *
xseg_start(struct ev_loop *loop, const struct ftp_login *l,
    const struct ftp_options *opt, const char *remote, const char *dir,
    const char *name, int n, uint64_t min_size,
    const struct xseg_state *resume, xseg_done_fn done, xseg_note_fn notef,
    xseg_save_fn save, void *arg, char *err, size_t errlen)
{
	struct xseg *g;
	struct sconn *c;
	int fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, _("cannot open %s: %s"), dir,
		    strerror(errno));
		return NULL;
	}
	if (!lf_name_ok(name) || lf_exists(fd, name, NULL)) {
		snprintf(err, errlen, _("%s/%s exists; not replaced"), dir,
		    name);
		close(fd);
		return NULL;
	}
	g = xcalloc(1, sizeof *g);
	g->loop = loop;
	g->dirfd = fd;
	g->host = xstrdup(l->host);
	g->port = l->port != NULL ? xstrdup(l->port) : NULL;
	g->user = l->user != NULL ? xstrdup(l->user) : NULL;
	g->pass = l->pass != NULL ? xstrdup(l->pass) : NULL;
	g->acct = l->acct != NULL ? xstrdup(l->acct) : NULL;
	g->opt = *opt;
	g->remote = xstrdup(remote);
	g->dir = xstrdup(dir);
	g->name = xstrdup(name);
	g->n = n < 1 ? 1 : n > SEG_MAX ? SEG_MAX : n;
	g->min_size = min_size;
	g->done = done;
	g->note = notef;
	g->save = save;
	g->arg = arg;
	if (resume != NULL) {
		g->resume = xmalloc(sizeof *g->resume);
		*g->resume = *resume;
		if (resume->nr > 0 && resume->nr <= SEG_MAX)
			g->n = resume->nr;
	}
	g->reap = ev_timer_new(loop, reap_fire, g);
	g->save_t = ev_timer_new(loop, save_fire, g);
	c = xcalloc(1, sizeof *c);
	c->g = g;
	c->fd = -1;
	c->range = -1;
	c->stop = ev_timer_new(loop, stop_fire, c);
	c->s = ftp_session_new(loop, &scb, c);
	*ftp_session_options(c->s) = g->opt;
	g->c[0] = c;
	{
		struct ftp_login ll;

		login_of(g, &ll);
		if (ftp_connect(c->s, &ll, first_up, c) == -1) {
			snprintf(err, errlen, "%s", strerror(errno));
			g->ended = true;
			xseg_free(g);
			return NULL;
		}
	}
	return g;
}
