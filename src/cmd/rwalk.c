/*
 * rwalk.c: walking a remote tree on the browsing session (see rwalk.h).
 *
 * The walk is an object of its own, not part of the command that runs
 * it: a command can be cancelled while a listing is out, and the
 * listing's answer must then find something alive to free. rwalk_stop
 * marks the walk dead; the answer frees it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/rwalk.h"
#include "ftp/codes.h"

/* A directory still to visit. */
struct rwdir {
	struct rwdir	*next;
	char		*path;
	int		 depth;
	bool		 dash_a;	/* listed with "LIST -a" */
	bool		 plain;		/* list it without "-a" */
};

struct rwalk {
	struct app	*app;
	struct rwdir	*stack;
	struct rwdir	*cur;		/* its listing is out */
	int		 max_depth;
	int		 list_a;	/* 0 unknown, 1 works, -1 does not */
	int		 errors;
	bool		 dead;		/* stopped: free when the answer comes */
	rwalk_entry_cb	 entry;
	rwalk_error_cb	 error;
	rwalk_done_cb	 done;
	void		*arg;
};

static void	rw_next(struct rwalk *);

/* dir + "/" + name. */
char *
rwalk_join(const char *dir, const char *name, size_t namelen)
{
	size_t dl = strlen(dir);
	char *p;

	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	p = xmalloc(dl + 1 + namelen + 1);
	memcpy(p, dir, dl);
	if (dl == 0 || dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, name, namelen);
	p[dl + namelen] = '\0';
	return p;
}

static struct rwdir *
rwdir_new(const char *path, int depth)
{
	struct rwdir *d = xcalloc(1, sizeof *d);

	d->path = xstrdup(path);
	d->depth = depth;
	return d;
}

static void
rwdir_free(struct rwdir *d)
{
	if (d != NULL) {
		free(d->path);
		free(d);
	}
}

static void
rw_free(struct rwalk *w)
{
	struct rwdir *d;

	while ((d = w->stack) != NULL) {
		w->stack = d->next;
		rwdir_free(d);
	}
	rwdir_free(w->cur);
	free(w);
}

/* Hand the entries to the caller; push the directories. */
static bool
rw_entries(struct rwalk *w, struct rwdir *d, const struct ftp_listing *l)
{
	struct rwdir *sub, *subs = NULL, **tail = &subs;
	const struct ftp_entry *e;
	char *path;
	size_t i;
	bool go = true;

	for (i = 0; go && i < l->n; i++) {
		e = &l->entries[i];
		/* A name we could not say back to the server is not ours. */
		if (e->type != FTP_ENT_RAW && (e->namelen != strlen(e->name) ||
		    memchr(e->name, '/', e->namelen) != NULL ||
		    strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0))
			continue;
		if (e->type == FTP_ENT_RAW)
			path = xstrdup(d->path);
		else
			path = rwalk_join(d->path, e->name, e->namelen);
		go = w->entry(w->arg, path, e, d->depth + 1);
		if (go && e->type == FTP_ENT_DIR && d->depth + 1 <=
		    w->max_depth) {
			sub = rwdir_new(path, d->depth + 1);
			*tail = sub;
			tail = &sub->next;
		}
		free(path);
	}
	/* In listing order, ahead of what was already waiting. */
	*tail = w->stack;
	w->stack = subs;
	return go;
}

/* A directory's listing came. */
static void
rw_list_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct rwalk *w = arg;
	struct rwdir *d = w->cur;
	struct ftp_listing *l = st->listing;
	int code = st->code;

	w->cur = NULL;
	st->listing = NULL;
	if (w->dead) {
		if (l != NULL) {
			ftp_listing_free(l);
			free(l);
		}
		rwdir_free(d);
		rw_free(w);
		return;
	}
	if (d->dash_a && (!st->ok ? FTP_IS_PERMANENT(code) :
	    (l == NULL || l->n == 0) && w->list_a != 1)) {
		/* Refused, or maybe "-a" taken for a name: plain LIST. */
		d->plain = true;
		d->next = w->stack;
		w->stack = d;
		d = NULL;
	} else if (!st->ok) {
		w->errors++;
		w->error(w->arg, d->path, st->error != NULL ? st->error :
		    _("listing failed"));
	} else {
		if (d->dash_a && l != NULL && l->n > 0)
			w->list_a = 1;
		else if (d->plain && l != NULL && l->n > 0 && w->list_a != 1)
			w->list_a = -1;
		if (l != NULL && !rw_entries(w, d, l)) {
			ftp_listing_free(l);
			free(l);
			rwdir_free(d);
			if (!w->dead)
				w->done(w->arg, true);
			return;
		}
	}
	if (l != NULL) {
		ftp_listing_free(l);
		free(l);
	}
	rwdir_free(d);
	if (!w->dead)
		rw_next(w);
}

/* Send the listing of d. */
static int
rw_list(struct rwalk *w, struct rwdir *d)
{
	char *arg;
	int rc;

	w->cur = d;
	d->dash_a = !d->plain && d->path[0] == '/' && w->list_a != -1;
	if (!d->dash_a)
		return ftp_list(w->app->ftp, d->path, FTP_LIST_LIST, false,
		    rw_list_done, w);
	arg = xasprintf("-a %s", d->path);
	rc = ftp_list(w->app->ftp, arg, FTP_LIST_LIST, false, rw_list_done,
	    w);
	free(arg);
	return rc;
}

/* List the next directory, or end. */
static void
rw_next(struct rwalk *w)
{
	struct rwdir *d;

	for (;;) {
		if ((d = w->stack) == NULL) {
			w->done(w->arg, false);
			return;
		}
		w->stack = d->next;
		d->next = NULL;
		if (rw_list(w, d) == 0)
			return;
		w->cur = NULL;
		w->errors++;
		w->error(w->arg, d->path, _("not connected"));
		rwdir_free(d);
	}
}

struct rwalk *
rwalk_start(struct app *app, const char *root, int max_depth,
    rwalk_entry_cb entry, rwalk_error_cb error, rwalk_done_cb done,
    void *arg)
{
	struct rwalk *w = xcalloc(1, sizeof *w);

	w->app = app;
	w->max_depth = max_depth;
	w->entry = entry;
	w->error = error;
	w->done = done;
	w->arg = arg;
	if (!ftp_session_connected(app->ftp) ||
	    rw_list(w, rwdir_new(root, 0)) == -1) {
		rw_free(w);
		return NULL;
	}
	return w;
}

void
rwalk_stop(struct rwalk *w)
{
	if (w == NULL)
		return;
	if (w->cur == NULL) {
		rw_free(w);
		return;
	}
	w->dead = true;
	ftp_cancel(w->app->ftp);
}

int
rwalk_errors(const struct rwalk *w)
{
	return w->errors;
}
