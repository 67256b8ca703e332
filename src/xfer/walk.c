/*
 * walk.c: directory jobs (recursive downloads and uploads), and the local
 * directories downloads go to.
 *
 * A directory job walks its tree on one connection, depth first, with a
 * stack of directories still to visit. A download lists each remote
 * directory with LIST, makes the local directory
 * (lf_mkdir_at: a symbolic link planted there is refused, R50), adds a
 * job per file and pushes the subdirectories. Every name becomes one safe
 * local component (lf_safe_name); entries that cannot (empty, "..", a
 * '/', a NUL) are left out, and so is a second entry whose safe name is
 * the same as another's (R46). Symbolic links go by set symlinks
 * (walk_link.c: skipped, kept as links, or followed; a loop or a dangling
 * link is left out, said and counted). LIST, not MLSD: servers such as
 * pyftpdlib and pure-ftpd describe a link in MLSD as what it points to
 * (RFC 3659 asks the "unique" fact to follow links), so only LIST shows
 * the links and their targets. A link followed is asked what it is: SIZE
 * answers for a file; else CWD into it (and back to the login directory,
 * as the queue's connections never stay elsewhere) for a directory;
 * neither is a dangling link, left out. Servers such as vsftpd leave hidden files out of
 * a plain LIST, so an absolute path is listed with "LIST -a PATH"; a
 * server that refuses that, or answers it with an empty list where a
 * plain LIST is not empty (it took "-a" for a name), gets plain LIST from
 * then on. An upload MKDs
 * each remote directory (a refusal is taken as "it exists"; the uploads
 * into it tell if not), scans the local one (src/local/ldir.h) and adds a
 * job per file. The file jobs run on the other connections while the walk
 * goes on.
 *
 * A download's local directories are struct xq_dnode (dnode.c): a name
 * under a parent, opened (and made) only while a job needs it and closed
 * after, so a tree of any size holds a handful of descriptors.
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

/* A directory still to visit. */
struct wdir {
	struct wdir	*next;
	char		*remote;
	struct xq_dnode	*node;		/* get: the local directory */
	struct xq_dnode	*pnode;		/* get, a link to probe: its parent */
	char		*name;		/* get, a link to probe: its name */
	char		*lrel;		/* put: the path below the root */
	int		 depth;
	int		 links;		/* links followed to get here */
	bool		 probe;		/* a link: file or directory? */
	int		 stage;		/* probe: 0 SIZE, 1 CWD, 2 CWD back */
	char		*home;		/* probe: where CWD goes back to */
	bool		 dash_a;	/* listed with "LIST -a" */
	bool		 plain;		/* list it without "-a" */
};

struct walk {
	struct wdir	*stack;
	struct wdir	*cur;		/* its operation is out */
	struct wdir	*failed;	/* could not be walked (xq_retry) */
	bool		 started;
	/* a download's tree, in all (the queue's max_dirs, max_entries) */
	unsigned	 ndirs;
	unsigned	 nentries;
	bool		 capped;	/* one was passed: the rest left out */
};

static void	walk_next(struct job *);

/* ------------------------------------------------------------- stack */

/* Free one directory to visit. */
static void
wdir_free(struct wdir *w)
{
	if (w == NULL)
		return;
	if (w->node != NULL)
		dnode_unref(w->node);
	if (w->pnode != NULL)
		dnode_unref(w->pnode);
	free(w->remote);
	free(w->name);
	free(w->lrel);
	free(w->home);
	free(w);
}

/* Free a list of them. */
static void
wdir_free_list(struct wdir *w)
{
	struct wdir *next;

	for (; w != NULL; w = next) {
		next = w->next;
		wdir_free(w);
	}
}

/* Put w on top of the stack. */
static void
push(struct walk *wk, struct wdir *w)
{
	w->next = wk->stack;
	wk->stack = w;
}

/* Take the top of the stack, or NULL. */
static struct wdir *
pop(struct walk *wk)
{
	struct wdir *w = wk->stack;

	if (w != NULL)
		wk->stack = w->next;
	return w;
}

/* A new directory to visit at remote. */
static struct wdir *
wdir_new(const char *remote, int depth, int links)
{
	struct wdir *w = xcalloc(1, sizeof *w);

	w->remote = xstrdup(remote);
	w->depth = depth;
	w->links = links;
	return w;
}

/* Free a walk and every directory it still holds. */
void
walk_free(struct walk *wk)
{
	if (wk == NULL)
		return;
	wdir_free_list(wk->stack);
	wdir_free(wk->cur);
	wdir_free_list(wk->failed);
	free(wk);
}

/* Nothing left to visit (what failed does not count)? */
bool
walk_done(const struct walk *wk)
{
	return wk == NULL || (wk->stack == NULL && wk->cur == NULL);
}

/* Has the walk had a connection yet? */
bool
walk_started(const struct walk *wk)
{
	return wk != NULL && wk->started;
}

/* Give up the walk: what is left to visit counts as failed. */
void
walk_abandon(struct job *job)
{
	struct walk *wk = job->walk;
	struct wdir *w;

	if (wk == NULL)
		return;
	if (wk->cur != NULL && job->conn == NULL) {
		push(wk, wk->cur);
		wk->cur = NULL;
	}
	while ((w = pop(wk)) != NULL) {
		w->next = wk->failed;
		wk->failed = w;
	}
}

/* xq_retry: visit what failed again. */
void
walk_retry(struct job *job)
{
	struct walk *wk = job->walk;
	struct wdir *w;

	if (wk == NULL)
		return;
	while ((w = wk->failed) != NULL) {
		wk->failed = w->next;
		push(wk, w);
	}
}

/* "parent/name" as a remote path. */
static char *
join(const char *parent, const char *name)
{
	size_t n = strlen(parent);

	if (n > 0 && parent[n - 1] == '/')
		return xasprintf("%s%s", parent, name);
	return xasprintf("%s/%s", parent, name);
}

static void
walk_note(struct job *job, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Something in the tree could not be walked: the job will fail. */
static void
walk_note(struct job *job, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	log_warn("transfer %u: %s", job->pub.id, msg);
	if (!job->walk_failed) {
		job->walk_failed = true;
		job->q->walk_failures++;
	}
	if (job->error == NULL) {
		job_set_error(job, msg);
		job_changed(job, true);
	}
	free(msg);
}

/* ---------------------------------------------------------- the walk */

/* The walk leaves its connection (done, paused or cancelled). */
void
walk_release(struct job *job)
{
	struct conn *c = job->conn;

	job->conn = NULL;
	if (c != NULL)
		c->job = NULL;
	if (job->want == WANT_PAUSE)
		job->want = WANT_NONE;
	if (c != NULL)
		pool_release(c);
	dir_check_done(job);
}

/* A transient failure: visit w (if any) again after a backoff. */
static void
walk_retry_later(struct job *job, struct wdir *w, int code,
    const char *error)
{
	struct conn *c = job->conn;

	if (w != NULL)
		push(job->walk, w);
	job->conn = NULL;
	if (c != NULL)
		c->job = NULL;
	job_attempt_failed(job, code, false, error);
	if (c != NULL)
		pool_release(c);
}

/* A child job for a file found in the tree. */
static struct job *
walk_child(struct job *job, const char *remote)
{
	struct xq_opts o = job->opts;

	o.recursive = false;
	return job_new(job->q, job->pub.kind, job, remote, &o);
}

/* Add a download of name (a safe name) in node. */
static struct job *
walk_add_file(struct job *job, const char *remote, struct xq_dnode *node,
    const char *name, bool has_size, uint64_t size)
{
	struct job *c = walk_child(job, remote);
	char *local;

	c->dnode = node;
	dnode_ref(node);
	c->name = xstrdup(name);
	local = strcmp(node->path, "/") == 0 ? xasprintf("/%s", name) :
	    xasprintf("%s/%s", node->path, name);
	job_set_local(c, local);
	free(local);
	c->pub.type = job_type_for(&c->opts, name);
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
		walk_note(job, _("%s: more than %u entries in the tree; the "
		    "rest is left out (set max-entries)"), job->remote,
		    q->max_entries);
	else if (dir && ++wk->ndirs > q->max_dirs)
		walk_note(job, _("%s: more than %u directories in the tree; "
		    "the rest is left out (set max-dirs)"), job->remote,
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
				remote = join(w->remote, e->name);
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
		remote = join(w->remote, e->name);
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
		remote = join(w->remote, e->name);
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
		push(job->walk, sub);
	}
	for (i = 0; i < n; i++)
		free(v[i].safe);
	free(v);
}

/*
 * The directory the finished command was about, taken off the walk; NULL
 * when the user paused or cancelled meanwhile (it goes back on the stack
 * and the connection is let go).
 */
static struct wdir *
walk_take(struct job *job)
{
	struct wdir *w = job->walk->cur;

	job->walk->cur = NULL;
	if (job->want != WANT_NONE) {
		push(job->walk, w);
		walk_release(job);
		return NULL;
	}
	return w;
}

/* The listing of the directory being visited. */
static void
walk_list_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = c->job;
	struct ftp_listing *l;
	struct wdir *w;

	if (job == NULL)
		return;
	xq_hold(job->q);
	if ((w = walk_take(job)) == NULL)
		goto out;
	if (w->dash_a && (!st->ok ? FTP_IS_PERMANENT(xq_code(s, st)) :
	    st->listing != NULL && st->listing->n == 0 &&
	    job->q->list_a != LIST_A_YES)) {
		/* Refused, or maybe "-a" taken for a name: plain LIST. */
		w->plain = true;
		push(job->walk, w);
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
	push(job->walk, w);
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
		push(job->walk, w);
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
			push(job->walk, w);
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

/* Scan the local directory of w and add its files and subdirectories. */
static void
walk_scan_local(struct job *job, struct wdir *w)
{
	struct ld_list list;
	struct ld_entry *e;
	struct wdir *sub;
	struct job *c;
	char err[512], *path, *lpath, *remote, *rel;
	size_t i;
	int fd, flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;

	path = *w->lrel == '\0' ? xstrdup(job->lpath) :
	    xasprintf("%s/%s", job->lpath, w->lrel);
	if (w->depth > 0 && w->links == 0)
		flags |= O_NOFOLLOW;
	if ((fd = open(path, flags)) == -1) {
		walk_note(job, _("cannot open directory %s: %s"), path,
		    strerror(errno));
		free(path);
		return;
	}
	if (ld_scan_at(fd, path, &list, err, sizeof err) == -1) {
		walk_note(job, "%s", err);
		close(fd);
		free(path);
		return;
	}
	close(fd);
	if (list.truncated)
		walk_note(job, _("%s has too many entries; only the first %zu "
		    "are sent"), path, list.n);
	ld_list_sort(&list, LD_SORT_NAME, 0);
	for (i = 0; i < list.n; i++) {
		e = &list.entries[i];
		if (e->error != 0 || e->type == LD_OTHER ||
		    e->type == LD_DIR || (e->type == LD_LINK &&
		    (!job->opts.follow_links || e->target_dir || e->dangling)))
			continue;
		lpath = xasprintf("%s/%s", path, e->name);
		remote = join(w->remote, e->name);
		c = walk_child(job, remote);
		c->lpath = lpath;
		job_set_local(c, lpath);
		c->lsize = e->type == LD_FILE ? e->size : 0;
		c->pub.type = job_type_for(&c->opts, e->name);
		if (e->type == LD_FILE)
			job_set_total(c, e->size);
		job_queue_run(c, false);
		job_changed(c, true);
		free(remote);
	}
	for (i = list.n; i-- > 0;) {
		e = &list.entries[i];
		if (e->error != 0 || !(e->type == LD_DIR || (e->type ==
		    LD_LINK && job->opts.follow_links && e->target_dir)))
			continue;
		if (w->depth + 1 > XQ_MAX_DEPTH || (e->type == LD_LINK &&
		    w->links >= XQ_MAX_LINK_DEPTH)) {
			walk_note(job, _("%s/%s: too deep; left out"), path,
			    e->name);
			continue;
		}
		remote = join(w->remote, e->name);
		sub = wdir_new(remote, w->depth + 1, w->links +
		    (e->type == LD_LINK));
		free(remote);
		rel = *w->lrel == '\0' ? xstrdup(e->name) :
		    xasprintf("%s/%s", w->lrel, e->name);
		sub->lrel = rel;
		push(job->walk, sub);
	}
	ld_list_free(&list);
	free(path);
}

/* MKD answered: the remote directory is there (or said to be). */
static void
walk_mkd_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct conn *c = arg;
	struct job *job = c->job;
	struct wdir *w;

	if (job == NULL)
		return;
	xq_hold(job->q);
	if ((w = walk_take(job)) == NULL)
		goto out;
	if (!st->ok && !FTP_IS_PERMANENT(xq_code(s, st))) {
		walk_retry_later(job, w, xq_code(s, st), st->error);
		goto out;
	}
	if (!st->ok)
		log_info("transfer %u: MKD %s refused (%s); taking it as "
		    "already there", job->pub.id, w->remote,
		    st->error != NULL ? st->error : "?");
	walk_scan_local(job, w);
	wdir_free(w);
	job->pub.attempts = 1;
	walk_next(job);
out:
	xq_release(job->q);
}

/* List the directory w: "LIST -a PATH" or LIST (see above). */
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

/* Visit the next directory, or leave the connection when none is left. */
static void
walk_next(struct job *job)
{
	struct walk *wk = job->walk;
	struct conn *c = job->conn;
	struct wdir *w;
	char err[512];
	int rc;

	for (;;) {
		if (job->want != WANT_NONE || c == NULL ||
		    (w = pop(wk)) == NULL) {
			walk_release(job);
			return;
		}
		wk->cur = w;
		if (job->pub.kind == XQ_PUT)
			rc = ftp_mkdir(c->s, w->remote, walk_mkd_done, c);
		else if (w->probe)
			rc = ftp_size(c->s, w->remote, walk_probe_done, c);
		else {
			if (dnode_open(w->node, err, sizeof err) == -1) {
				walk_note(job, "%s", err);
				wk->cur = NULL;
				w->next = wk->failed;
				wk->failed = w;
				continue;
			}
			dnode_close(w->node);
			rc = walk_list(job, c, w);
		}
		if (rc == -1) {
			wk->cur = NULL;
			walk_retry_later(job, w, 0, strerror(errno));
		}
		return;
	}
}

/* Start or continue the walk on the connection c. */
void
walk_start(struct job *job, struct conn *c)
{
	job->walk->started = true;
	walk_next(job);
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

	w->node = dnode_child(parent, name);
	job_set_local(job, w->node->path);
	wk->ndirs = 1;			/* the root */
	job->walk = wk;
	push(wk, w);
	return 0;
}

/* A recursive upload of job->lpath to job->remote. */
void
walk_new_put(struct job *job)
{
	struct walk *wk = xcalloc(1, sizeof *wk);
	struct wdir *w = wdir_new(job->remote, 0, 0);

	w->lrel = xstrdup("");
	job->walk = wk;
	push(wk, w);
}
