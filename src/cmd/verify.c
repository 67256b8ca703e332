/*
 * verify.c: downloads checked against published checksum files (see
 * verify.h): a directory at a time, its listing, its checksum files
 * fetched once each into memory, then every file hashed in slices.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/sums.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/rwalk.h"
#include "cmd/verify.h"
#include "cmd/verify_priv.h"
#include "ev/loop.h"
#include "local/lfile.h"

#define SLICE		(1024 * 1024)	/* bytes hashed per loop pass */
/* The marks: check and cross on a UTF-8 terminal, words elsewhere. */
#define MARK_OK		(san_get_utf8() ? "\u2713" : "OK")
#define MARK_BAD	(san_get_utf8() ? "\u2717" : "BAD")
#define NLISTS		4
#define NEXTS		4

static const char *const lists[NLISTS] = {
	"SHA512SUMS", "SHA256SUMS", "SHA1SUMS", "MD5SUMS"
};
static const char *const exts[NEXTS] = {
	".sha512", ".sha256", ".sha1", ".md5"
};

enum { S_GROUP, S_HASH };

static void	group_begin(struct verify *);
static void	hash_next(struct verify *);
static void	server_next(struct verify *);

static void
texts_clear(struct verify *v)
{
	size_t i;

	for (i = 0; i < v->ntexts; i++) {
		free(v->texts[i].name);
		free(v->texts[i].text);
	}
	free(v->texts);
	v->texts = NULL;
	v->ntexts = 0;
	for (i = 0; i < v->nfetch; i++)
		free(v->fetch[i]);
	free(v->fetch);
	v->fetch = NULL;
	v->nfetch = v->fi = 0;
}

static void
verify_free(struct verify *v)
{
	size_t i;

	texts_clear(v);
	if (v->fd != -1)
		close(v->fd);
	hash_clear(&v->h);
	ev_timer_free(v->timer);
	buf_free(&v->mem);
	for (i = 0; i < v->n; i++) {
		free(v->files[i].remote);
		free(v->files[i].local);
		free(v->files[i].dir);
		free(v->files[i].part);
	}
	free(v->files);
	free(v->name);
	free(v);
}

void
verify_stop(struct verify *v)
{
	if (v == NULL)
		return;
	if (v->busy)
		v->stopped = true;	/* the answer frees it */
	else
		verify_free(v);
}

/* Every file is done: tell the owner (who calls verify_stop). */
static void
finish(struct verify *v)
{
	size_t i;

	/* Cut short (interrupted): what was not checked yet waits for
	   the next run, still held (a Ctrl-C cancels the jobs too). */
	for (i = 0; i < v->n; i++)
		if (v->files[i].part != NULL && !v->files[i].judged) {
			v->files[i].judged = true;
			verify_held_again(v->app, v->files[i].remote,
			    v->files[i].local, v->files[i].part,
			    v->files[i].job);
		}
	v->ended = true;
	v->done(v->arg, &v->res);
}

static void
on_timer(struct ev_timer *t, void *arg)
{
	struct verify *v = arg;

	if (v->step == S_GROUP)
		group_begin(v);
	else
		hash_next(v);
}

static void
kick(struct verify *v, int step)
{
	v->step = step;
	ev_timer_start(v->timer, 0);
}

/* ------------------------------------------------------------ digests */

static const struct vtext *
text_of(const struct verify *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->ntexts; i++)
		if (strcmp(v->texts[i].name, name) == 0)
			return &v->texts[i];
	return NULL;
}

/* The digest of f: its own NAME.ext first, then the lists. */
static void
pick(struct verify *v, struct vfile *f)
{
	const struct vtext *t;
	char own[NAME_MAX + 16];
	size_t i;

	for (i = 0; i < NEXTS; i++) {
		snprintf(own, sizeof own, "%s%s", f->name, exts[i]);
		if ((t = text_of(v, own)) != NULL && sums_find(t->text, t->len,
		    f->name, true, &f->alg, f->hex)) {
			f->have = true;
			return;
		}
	}
	for (i = 0; i < NLISTS; i++)
		if ((t = text_of(v, lists[i])) != NULL && sums_find(t->text,
		    t->len, f->name, false, &f->alg, f->hex)) {
			f->have = true;
			return;
		}
}

/* ------------------------------------------------------------ hashing */

/* A held .part is hashed: say, and commit it or leave it (the job). */
static void
judge_held(struct verify *v, struct vfile *f, bool good)
{
	char *check, *err;

	f->judged = true;
	if (good) {
		v->res.verified++;
		app_out(v->app, APP_INFO, _("%s: %s %s: verified %s"),
		    v->name, MARK_OK, app_lshown(v->app, f->local),
		    hash_name(f->alg));
		check = xasprintf(_("%s verified %s"), MARK_OK,
		    hash_name(f->alg));
		xq_verdict(v->app->queue, f->job, XQ_CHECK_OK, check, NULL);
		free(check);
		return;
	}
	v->res.mismatched++;
	app_out(v->app, APP_ERROR, _("%s: %s %s: %s mismatch; kept as %s, "
	    "not committed"), v->name, MARK_BAD, app_lshown(v->app, f->local),
	    hash_name(f->alg), app_lshown(v->app, f->part));
	check = xasprintf(_("%s %s mismatch"), MARK_BAD, hash_name(f->alg));
	err = xasprintf(_("%s mismatch; kept as %s, not committed"),
	    hash_name(f->alg), app_lshown(v->app, f->part));
	xq_verdict(v->app->queue, f->job, XQ_CHECK_BAD, check, err);
	free(check);
	free(err);
}

/* A held .part that cannot be checked: no checksum names it (commit it
   as it is), or it cannot be read (error: leave it). */
static void
unchecked_held(struct verify *v, struct vfile *f, const char *error)
{
	if (f->part == NULL || f->judged)
		return;
	f->judged = true;
	xq_verdict(v->app->queue, f->job, error == NULL ? XQ_CHECK_NONE :
	    XQ_CHECK_BAD, NULL, error);
}

/* The file is hashed: compare and say. */
static void
judge(struct verify *v, struct vfile *f)
{
	unsigned char d[HASH_MAX_LEN];
	char hex[2 * HASH_MAX_LEN + 1], *to;

	hash_final(&v->h, d);
	hash_hex(d, hash_len(f->alg), hex);
	if (f->part != NULL) {
		judge_held(v, f, strcmp(hex, f->hex) == 0);
		return;
	}
	if (f->job != 0) {
		to = xasprintf(strcmp(hex, f->hex) == 0 ? _("%s verified %s") :
		    _("%s %s mismatch"), strcmp(hex, f->hex) == 0 ? MARK_OK :
		    MARK_BAD, hash_name(f->alg));
		xq_set_check(v->app->queue, f->job, to);
		free(to);
	}
	if (strcmp(hex, f->hex) == 0) {
		v->res.verified++;
		app_out(v->app, APP_INFO, _("%s: %s %s: verified %s"),
		    v->name, MARK_OK, app_lshown(v->app, f->local),
		    hash_name(f->alg));
		return;
	}
	/* A file of the user's (the verify command): said, left alone. */
	v->res.mismatched++;
	app_out(v->app, APP_ERROR, _("%s: %s %s: %s mismatch"), v->name,
	    MARK_BAD, app_lshown(v->app, f->local), hash_name(f->alg));
}

/* One slice of the file being hashed, or the next file, or the next dir. */
static void
hash_next(struct verify *v)
{
	static unsigned char chunk[64 * 1024];
	struct vfile *f;
	size_t done = 0;
	ssize_t r;

	if (v->fd == -1) {
		for (; v->hi < v->gend && !v->files[v->hi].have; v->hi++) {
			v->res.unchecked++;
			unchecked_held(v, &v->files[v->hi], NULL);
		}
		if (v->hi == v->gend) {
			verify_cache_put(v);
			texts_clear(v);
			v->cur = v->gend;
			kick(v, S_GROUP);
			return;
		}
		f = &v->files[v->hi];
		v->fd = open(f->part != NULL ? f->part : f->local,
		    O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (v->fd == -1) {
			app_out(v->app, APP_ERROR, "%s: %s: %s", v->name,
			    f->local, strerror(errno));
			v->res.errors++;
			unchecked_held(v, f, strerror(errno));
			v->hi++;
			kick(v, S_HASH);
			return;
		}
		hash_init(&v->h, f->alg);
	}
	f = &v->files[v->hi];
	while (done < SLICE) {
		r = read(v->fd, chunk, sizeof chunk);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == -1) {
				app_out(v->app, APP_ERROR, "%s: %s: %s",
				    v->name, f->local, strerror(errno));
				v->res.errors++;
				unchecked_held(v, f, strerror(errno));
			}
			close(v->fd);
			v->fd = -1;
			if (r == 0)
				judge(v, f);
			else
				hash_clear(&v->h);
			v->hi++;
			break;
		}
		hash_update(&v->h, chunk, (size_t)r);
		done += (size_t)r;
	}
	kick(v, S_HASH);
}

/* ------------------------------------------------- checksum files */

static void	fetch_next(struct verify *);

/* ------------------------------------------------- the server's digest */

/*
 * The command that asks the server for a file's digest, strongest
 * first, or NULL: XSHA512, XSHA256, HASH (its algorithm is the server's
 * choice, named in the reply), XSHA1, XMD5.
 */
static const char *
server_verb(const struct ftp_features *ft, int *alg)
{
	if (ft->xsha512) {
		*alg = HASH_SHA512;
		return "XSHA512";
	}
	if (ft->xsha256) {
		*alg = HASH_SHA256;
		return "XSHA256";
	}
	if (ft->hash) {
		*alg = -1;
		return "HASH";
	}
	if (ft->xsha1) {
		*alg = HASH_SHA1;
		return "XSHA1";
	}
	if (ft->xmd5) {
		*alg = HASH_MD5;
		return "XMD5";
	}
	return NULL;
}

/*
 * The digest in a reply: "213 SHA-256 0-99 HEX NAME" (HASH: the
 * algorithm named), or the first word of the right length that is all
 * hex ("250 HEX", "213 HEX NAME"). 1 and f->alg, f->hex, or 0.
 */
static int
server_digest(const char *msg, int alg, struct vfile *f)
{
	static const struct {
		const char	*name;
		enum hash_alg	 alg;
	} names[] = {
		{ "SHA-512", HASH_SHA512 }, { "SHA-256", HASH_SHA256 },
		{ "SHA-1", HASH_SHA1 }, { "MD5", HASH_MD5 }
	};
	const char *p = msg, *w;
	size_t n, i, k;

	if (alg == -1) {
		for (i = 0; i < sizeof names / sizeof names[0]; i++) {
			n = strlen(names[i].name);
			if (strncasecmp(p, names[i].name, n) == 0 &&
			    p[n] == ' ') {
				alg = (int)names[i].alg;
				break;
			}
		}
		if (alg == -1)
			return 0;
	}
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return 0;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		n = (size_t)(p - w);
		if (n != 2 * hash_len((enum hash_alg)alg))
			continue;
		for (k = 0; k < n && isxdigit((unsigned char)w[k]); k++)
			;
		if (k < n)
			continue;
		for (k = 0; k < n; k++)
			f->hex[k] = (char)tolower((unsigned char)w[k]);
		f->hex[n] = '\0';
		f->alg = (enum hash_alg)alg;
		f->have = true;
		return 1;
	}
}

/*
 * A reply the run waited for has come: true when the run is over (stopped,
 * so freed; or interrupted, so finished) and the caller must return.
 */
static bool
reply_ended(struct verify *v, const struct ftp_status *st)
{
	v->busy = false;
	if (v->stopped) {
		verify_free(v);
		return true;
	}
	if (st->interrupted) {
		v->res.errors++;
		finish(v);
		return true;
	}
	return false;
}

static void
server_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct verify *v = arg;
	struct vfile *f = &v->files[v->si - 1];

	if (reply_ended(v, st))
		return;
	if (st->reply != NULL && st->reply->code / 100 == 2 &&
	    st->reply->msg != NULL)
		server_digest(st->reply->msg, v->salg, f);
	else if (st->reply != NULL && st->reply->code / 100 == 5 &&
	    st->reply->code != 550)
		v->no_server = true;	/* refused: do not ask again */
	server_next(v);
}

/* Ask the server for the digests the checksum files did not give. */
static void
server_next(struct verify *v)
{
	const char *verb;
	char *line;
	struct vfile *f;

	verb = v->no_server ? NULL :
	    server_verb(ftp_session_features(v->app->ftp), &v->salg);
	while (verb != NULL && v->si < v->gend) {
		f = &v->files[v->si++];
		if (f->have || strpbrk(f->remote, "\r\n") != NULL)
			continue;
		line = xasprintf("%s %s", verb, f->remote);
		if (ftp_quote(v->app->ftp, line, server_done, v) == 0) {
			free(line);
			v->busy = true;
			return;
		}
		free(line);
		break;
	}
	v->hi = v->cur;
	kick(v, S_HASH);
}

static void
fetched(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct verify *v = arg;
	struct vtext *t;

	if (reply_ended(v, st))
		return;
	if (st->ok && buf_room(&v->mem) > 0) {
		v->texts = xreallocarray(v->texts, v->ntexts + 1,
		    sizeof *v->texts);
		t = &v->texts[v->ntexts++];
		t->name = xstrdup(v->fetch[v->fi]);
		t->len = buf_len(&v->mem);
		t->text = xmemdup(buf_data(&v->mem), t->len + 1);
		t->text[t->len] = '\0';
	}
	v->fi++;
	fetch_next(v);
}

static void
fetch_next(struct verify *v)
{
	struct ftp_xfer x;
	char *path;
	size_t i;

	if (v->fi < v->nfetch) {
		buf_free(&v->mem);
		buf_init(&v->mem, VERIFY_SUMS_MAX);
		path = rwalk_join(v->files[v->cur].dir, v->fetch[v->fi],
		    strlen(v->fetch[v->fi]));
		memset(&x, 0, sizeof x);
		x.remote = path;
		x.type = FTP_TYPE_I;
		x.dirfd = x.fd = -1;
		x.mem = &v->mem;
		if (ftp_get(v->app->ftp, &x, fetched, v) == 0) {
			v->busy = true;
			free(path);
			return;
		}
		free(path);
		v->fi = v->nfetch;
	}
	for (i = v->cur; i < v->gend; i++)
		pick(v, &v->files[i]);
	v->si = v->cur;
	server_next(v);
}

/* Is name a file in the listing? */
static bool
listed(const struct app_dir *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->list.n; i++)
		if (d->list.entries[i].type == FTP_ENT_FILE &&
		    strcmp(d->list.entries[i].name, name) == 0)
			return true;
	return false;
}

static void
want(struct verify *v, const char *name)
{
	size_t i;

	if (text_of(v, name) != NULL)
		return;		/* read before (the cache) */
	for (i = 0; i < v->nfetch; i++)
		if (strcmp(v->fetch[i], name) == 0)
			return;
	v->fetch = xreallocarray(v->fetch, v->nfetch + 1, sizeof *v->fetch);
	v->fetch[v->nfetch++] = xstrdup(name);
}

/* The directory's listing: which checksum files are there? */
static void
dir_listed(struct app *app, struct app_dir *d, void *arg)
{
	struct verify *v = arg;
	char own[NAME_MAX + 16];
	size_t i, k;

	v->busy = false;
	if (v->stopped) {
		verify_free(v);
		return;
	}
	if (d != NULL && d->loaded) {
		for (k = 0; k < NLISTS; k++)
			if (listed(d, lists[k]))
				want(v, lists[k]);
		for (i = v->cur; i < v->gend; i++)
			for (k = 0; k < NEXTS; k++) {
				snprintf(own, sizeof own, "%s%s",
				    v->files[i].name, exts[k]);
				if (listed(d, own))
					want(v, own);
			}
	}
	v->fi = 0;
	fetch_next(v);
}

/* The next directory's files. */
static void
group_begin(struct verify *v)
{
	size_t i;

	if (v->cur >= v->n) {
		finish(v);
		return;
	}
	for (i = v->cur + 1; i < v->n && strcmp(v->files[i].dir,
	    v->files[v->cur].dir) == 0; i++)
		;
	v->gend = i;
	verify_cache_get(v);
	v->busy = true;
	if (app_dir_load(v->app, v->files[v->cur].dir, false, dir_listed,
	    v) == -1) {
		v->busy = false;
		dir_listed(v->app, NULL, v);
	}
}

static int
by_dir(const void *a, const void *b)
{
	const struct vfile *x = a, *y = b;
	int c = strcmp(x->dir, y->dir);

	return c != 0 ? c : strcmp(x->name, y->name);
}

struct verify *
verify_start(struct app *app, const char *name, const struct verify_file *f,
    size_t n, verify_done_cb done, void *arg)
{
	struct verify *v;
	const char *slash;
	size_t i;

	if (!ftp_session_connected(app->ftp))
		return NULL;
	v = xcalloc(1, sizeof *v);
	v->app = app;
	v->name = xstrdup(name);
	v->done = done;
	v->arg = arg;
	v->fd = -1;
	v->files = xcalloc(n > 0 ? n : 1, sizeof *v->files);
	for (i = 0; i < n; i++) {
		struct vfile *vf = &v->files[v->n++];

		vf->remote = xstrdup(f[i].remote);
		vf->local = xstrdup(f[i].local);
		vf->part = f[i].part != NULL ? xstrdup(f[i].part) : NULL;
		vf->job = f[i].job;
		slash = strrchr(vf->remote, '/');
		vf->dir = slash == NULL ? xstrdup(".") : slash == vf->remote ?
		    xstrdup("/") : xstrndup(vf->remote,
		    (size_t)(slash - vf->remote));
		vf->name = slash != NULL ? slash + 1 : vf->remote;
	}
	if (v->n > 1)
		qsort(v->files, v->n, sizeof *v->files, by_dir);
	buf_init(&v->mem, VERIFY_SUMS_MAX);
	v->timer = ev_timer_new(app->loop, on_timer, v);
	kick(v, S_GROUP);
	return v;
}
