/*
 * walk_get.c: the download side of a directory job (see walk.c): a
 * remote directory's listing becomes safe local names, a job per file and
 * a directory to visit per subdirectory, within the limits of the tree;
 * a symbolic link followed is probed (SIZE, then CWD and back) to tell a
 * file from a directory (walk_link.c has the rules for links).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ftp/codes.h"
#include "local/ldir.h"
#include "local/lfile.h"
#include "xfer/xq_priv.h"
#include "xfer/walk_priv.h"

/* Add a download of name (a safe name) in node. */
static struct job *
walk_add_file(struct job *job, const char *remote, struct xq_dnode *node,
    const char *name, bool has_size, uint64_t size)
{
	struct job *c = walk_child(job, remote);

	job_set_target(c, node, name);
	if (has_size)
		job_set_total(c, size);
	job_queue_run(c, false);
	job_changed(c, true);
	return c;
}

/* One usable listing entry, by its safe name. */
struct went {
	char		*safe;
	size_t		 idx;
	bool		 dup;
	bool		 changed;	/* not the remote name: tell */
};

/* qsort: by safe name, then by place in the listing. */
static int
went_by_name(const void *a, const void *b)
{
	const struct went *x = a, *y = b;
	int c = strcmp(x->safe, y->safe);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* qsort: by place in the listing. */
static int
went_by_idx(const void *a, const void *b)
{
	const struct went *x = a, *y = b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Count one more entry (a directory too, if dir) of the tree: past a
 * limit the rest of the tree is left out, once, with a clear message, so
 * a server that invents directories without end cannot make us create
 * them without end. True: leave this entry out.
 */
static bool
walk_capped(struct job *job, bool dir)
{
	struct walk *wk = job->walk;
	struct xq *q = job->q;

	if (wk->capped)
		return true;
	if (++wk->nentries > q->max_entries)
		walk_note(job, ngettext("%s: more than %u entry in the tree; "
		    "the rest is left out (set max-entries)", "%s: more than "
		    "%u entries in the tree; the rest is left out (set "
		    "max-entries)", q->max_entries), job->remote,
		    q->max_entries);
	else if (dir && ++wk->ndirs > q->max_dirs)
		walk_note(job, ngettext("%s: more than %u directory in the "
		    "tree; the rest is left out (set max-dirs)", "%s: more than "
		    "%u directories in the tree; the rest is left out (set "
		    "max-dirs)", q->max_dirs), job->remote,
		    q->max_dirs);
	else
		return false;
	wk->capped = true;
	wdir_free_list(wk->stack);
	wk->stack = NULL;
	return true;
}

/* The entries of w's listing: files become jobs, directories wait. */
static void
walk_add_listing(struct job *job, struct wdir *w, struct ftp_listing *l)
{
	struct went *v;
	struct wdir *sub;
	struct ftp_entry *e;
	char safe[NAME_MAX + 1], *remote, *shown;
	size_t i, n = 0;
	struct job *c;
	int rc;

	v = xcalloc(l->n > 0 ? l->n : 1, sizeof *v);
	for (i = 0; i < l->n; i++) {
		e = &l->entries[i];
		shown = NULL;
		if (ftp_entry_is_error(e)) {
			/* "LIST dir" answered with ls's error: not empty. */
			shown = san_str(e->name, e->namelen, 0);
			walk_note(job, _("%s: the listing holds an error: %s"),
			    w->remote, shown);
			free(shown);
			continue;
		}
		if (e->type == FTP_ENT_RAW || e->type == FTP_ENT_OTHER)
			continue;
		if (e->type == FTP_ENT_LINK && walk_link_other(job, w->remote,
		    w->depth, w->node, e))
			continue;	/* skipped, kept or a loop: walk_link.c */
		rc = -1;
		errno = 0;
		if (e->namelen != strlen(e->name) ||
		    memchr(e->name, '/', e->namelen) != NULL ||
		    (rc = lf_safe_name(e->name, e->namelen, safe,
		    sizeof safe)) == -1) {
			/* Too long once escaped: the user must know. */
			if (rc == -1 && errno == ENAMETOOLONG) {
				remote = walk_join(w->remote, e->name);
				shown = xasprintf(_("%s: left out: too long for "
				    "a local file name"), remote);
				job_warn(job, shown);
				free(shown);
				free(remote);
				continue;
			}
			shown = san_str(e->name, e->namelen, 0);
			log_warn("transfer %u: leaving out %s in %s: not a "
			    "usable name", job->pub.id, shown, w->remote);
			free(shown);
			continue;
		}
		v[n].safe = xstrdup(safe);
		v[n].changed = rc == 1;
		v[n].idx = i;
		n++;
	}
	/* Two entries with one local name: only the first (R46). */
	qsort(v, n, sizeof *v, went_by_name);
	for (i = 1; i < n; i++)
		if (strcmp(v[i].safe, v[i - 1].safe) == 0)
			v[i].dup = true;
	qsort(v, n, sizeof *v, went_by_idx);
	for (i = 0; i < n; i++) {
		e = &l->entries[v[i].idx];
		if (v[i].dup) {
			log_warn("transfer %u: leaving out a second entry "
			    "named %s in %s", job->pub.id, v[i].safe,
			    w->remote);
			continue;
		}
		if (e->type != FTP_ENT_FILE)
			continue;
		if (walk_capped(job, false))
			break;
		remote = walk_join(w->remote, e->name);
		c = walk_add_file(job, remote, w->node, v[i].safe,
		    e->has_size, e->size);
		if (v[i].changed)
			job_warn_name(c, remote, v[i].safe);
		free(remote);
	}
	/* Subdirectories, pushed in reverse so they come in order. */
	for (i = n; i-- > 0;) {
		e = &l->entries[v[i].idx];
		if (v[i].dup || e->type == FTP_ENT_FILE)
			continue;
		if (w->depth + 1 > XQ_MAX_DEPTH || (e->type == FTP_ENT_LINK &&
		    w->links >= XQ_MAX_LINK_DEPTH)) {
			walk_note(job, _("%s/%s: too deep; left out"),
			    w->remote, v[i].safe);
			continue;
		}
		if (walk_capped(job, true))
			break;
		remote = walk_join(w->remote, e->name);
		sub = wdir_new(remote, w->depth + 1, w->links);
		if (v[i].changed)
			job_warn_name(job, remote, v[i].safe);
		free(remote);
		if (e->type == FTP_ENT_LINK) {
			sub->probe = true;
			sub->links++;
			sub->pnode = w->node;
			dnode_ref(w->node);
			sub->name = xstrdup(v[i].safe);
		} else
			sub->node = dnode_child(w->node, v[i].safe);
		wdir_push(job->walk, sub);
	}
	for (i = 0; i < n; i++)
		free(v[i].safe);
	free(v);
}

/* The listing of the directory being visited. */
static void
walk_list_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct job *job;
	struct ftp_listing *l;
	struct wdir *w;

	if ((w = walk_enter(arg, &job)) == NULL)
		return;
	if (w->dash_a && (!st->ok ? FTP_IS_PERMANENT(xq_code(s, st)) :
	    st->listing != NULL && st->listing->n == 0 &&
	    job->q->list_a != LIST_A_YES)) {
		/* Refused, or maybe "-a" taken for a name: plain LIST. */
		w->plain = true;
		wdir_push(job->walk, w);
		walk_next(job);
		goto out;
	}
	if (w->plain && st->ok && st->listing != NULL && st->listing->n > 0 &&
	    job->q->list_a != LIST_A_YES) {
		log_info("transfer %u: LIST -a does not work here; using LIST",
		    job->pub.id);
		job->q->list_a = LIST_A_NO;
	}
	if (w->dash_a && st->ok && st->listing != NULL && st->listing->n > 0)
		job->q->list_a = LIST_A_YES;
	if (!st->ok) {
		if (!FTP_IS_PERMANENT(xq_code(s, st)))
			walk_retry_later(job, w, xq_code(s, st), st->error);
		else if (w->links > 0 && w->depth > 0) {
			/* A followed link to nothing usable: left out. */
			walk_link_left(job, w->remote, st->error != NULL ?
			    st->error : "?");
			wdir_free(w);
			walk_next(job);
		} else {
			walk_note(job, _("cannot list %s: %s"), w->remote,
			    st->error != NULL ? st->error : "?");
			w->next = job->walk->failed;
			job->walk->failed = w;
			walk_next(job);
		}
		goto out;
	}
	l = st->listing;
	st->listing = NULL;
	if (l != NULL) {
		walk_add_listing(job, w, l);
		ftp_listing_free(l);
		free(l);
	}
	wdir_free(w);
	job->pub.attempts = 1;
	walk_next(job);
out:
	xq_release(job->q);
}

/* The link is a directory: list it like one. */
static void
probe_is_dir(struct job *job, struct wdir *w)
{
	w->probe = false;
	w->node = dnode_child(w->pnode, w->name);
	wdir_push(job->walk, w);
}

/*
 * The answers about a link: SIZE (a file?), CWD into it (a directory?),
 * CWD back home.
 */
static void
walk_probe_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = c->job;
	const char *home;
	struct wdir *w;
	int rc = 0;

	if (job == NULL)
		return;
	xq_hold(job->q);
	w = job->walk->cur;
	job->walk->cur = NULL;
	/* Inside the link's directory it must come back first. */
	if (job->want != WANT_NONE && (w->stage == 0 ||
	    (w->stage == 1 && !st->ok))) {
		w->stage = 0;
		wdir_push(job->walk, w);
		walk_release(job);
		goto out;
	}
	if (!st->ok && !FTP_IS_PERMANENT(xq_code(s, st))) {
		w->stage = 0;
		walk_retry_later(job, w, xq_code(s, st), st->error);
		goto out;
	}
	switch (w->stage) {
	case 0:
		if (st->ok) {
			walk_add_file(job, w->remote, w->pnode, w->name, true,
			    st->size);
			wdir_free(w);
			break;
		}
		home = ftp_session_cwd(s);
		if (home == NULL) {
			/* Nowhere to come back to: try it as a directory. */
			probe_is_dir(job, w);
			break;
		}
		w->home = xstrdup(home);
		w->stage = 1;
		job->walk->cur = w;
		rc = ftp_cwd(s, w->remote, walk_probe_done, c);
		goto sent;
	case 1:
		if (!st->ok) {
			walk_link_left(job, w->remote, _("it points to "
			    "nothing usable (dangling)"));
			wdir_free(w);
			break;
		}
		w->stage = 2;
		job->walk->cur = w;
		rc = ftp_cwd(s, w->home, walk_probe_done, c);
		goto sent;
	default:
		if (!st->ok) {
			/* Stuck elsewhere: this connection cannot be used. */
			w->stage = 0;
			wdir_push(job->walk, w);
			walk_retry_later(job, NULL, 0, st->error);
			ftp_close(s);
			goto out;
		}
		if (job->want != WANT_NONE) {
			probe_is_dir(job, w);
			walk_release(job);
			goto out;
		}
		probe_is_dir(job, w);
		break;
	}
	walk_next(job);
	goto out;
sent:
	if (rc == -1) {
		job->walk->cur = NULL;
		w->stage = 0;
		walk_retry_later(job, w, 0, strerror(errno));
		ftp_close(s);
	}
out:
	xq_release(job->q);
}

/* List the directory w: "LIST -a PATH" or LIST (see walk.c). */
static int
walk_list(struct job *job, struct conn *c, struct wdir *w)
{
	char *arg;
	int rc;

	w->dash_a = false;
	if (w->plain || w->remote[0] != '/' || job->q->list_a == LIST_A_NO)
		return ftp_list(c->s, w->remote, FTP_LIST_LIST, false,
		    walk_list_done, c);
	w->dash_a = true;
	arg = xasprintf("-a %s", w->remote);
	rc = ftp_list(c->s, arg, FTP_LIST_LIST, false, walk_list_done, c);
	free(arg);
	return rc;
}

/* Visit w: probe the link it is, or list it (see walk.c). */
static enum walk_visit
get_visit(struct job *job, struct conn *c, struct wdir *w)
{
	char err[512];

	if (w->probe)
		return ftp_size(c->s, w->remote, walk_probe_done, c) == -1 ?
		    WV_UNSENT : WV_SENT;
	if (dnode_open(w->node, err, sizeof err) == -1) {
		walk_note(job, "%s", err);
		return WV_SKIP;
	}
	dnode_close(w->node);
	return walk_list(job, c, w) == -1 ? WV_UNSENT : WV_SENT;
}

/*
 * A recursive download: the tree goes into name (a safe component) in
 * the directory parent.
 */
int
walk_new_get(struct job *job, struct xq_dnode *parent, const char *name,
    char *err, size_t errlen)
{
	struct walk *wk = xcalloc(1, sizeof *wk);
	struct wdir *w = wdir_new(job->remote, 0, 0);

	wk->visit = get_visit;
	w->node = dnode_child(parent, name);
	job_set_local(job, w->node->path);
	wk->ndirs = 1;			/* the root */
	job->walk = wk;
	wdir_push(wk, w);
	return 0;
}
