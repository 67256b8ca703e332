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
 *
 * This file holds the walk's life on its connection (start, next,
 * release, retry later) and the prologue of its replies; walk_stack.c
 * the directories still to visit. Above it, walk_get.c lists a
 * download's directories and probes links, walk_put.c makes and scans an
 * upload's; each made its walk with its own way to visit a directory
 * (struct walk's visit), which walk_next calls, and each reply of theirs
 * goes on with walk_next. walk_priv.h is what they share.
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

/* Something in the tree could not be walked: the job will fail. */
void
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
		conn_release(c);
	dir_check_done(job);
}

/* A transient failure: visit w (if any) again after a backoff. */
void
walk_retry_later(struct job *job, struct wdir *w, int code,
    const char *error)
{
	struct conn *c = job->conn;

	if (w != NULL)
		wdir_push(job->walk, w);
	job->conn = NULL;
	if (c != NULL)
		c->job = NULL;
	job_attempt_failed(job, code, false, error);
	if (c != NULL)
		conn_release(c);
}

/* A child job for a file found in the tree. */
struct job *
walk_child(struct job *job, const char *remote)
{
	struct xq_opts o = job->opts;

	o.recursive = false;
	return job_new(job->q, job->pub.kind, job, remote, &o);
}

/*
 * The prologue of a walk's reply on c: the directory the finished command
 * was about, taken off the walk, with its job in *jobp and the queue held
 * until job_leave. NULL when the connection has no job any more, or when
 * the user paused or cancelled meanwhile (the directory goes back on the
 * stack and the connection is let go).
 */
struct wdir *
walk_enter(struct conn *c, struct job **jobp)
{
	struct job *job = c->job;
	struct wdir *w;

	if (job == NULL)
		return NULL;
	xq_hold(job->q);
	w = job->walk->cur;
	job->walk->cur = NULL;
	if (job->want != WANT_NONE) {
		wdir_push(job->walk, w);
		walk_release(job);
		job_leave(job);
		return NULL;
	}
	*jobp = job;
	return w;
}

/* Visit the next directory, or leave the connection when none is left. */
void
walk_next(struct job *job)
{
	struct walk *wk = job->walk;
	struct conn *c = job->conn;
	struct wdir *w;

	for (;;) {
		if (job->want != WANT_NONE || c == NULL ||
		    (w = wdir_pop(wk)) == NULL) {
			walk_release(job);
			return;
		}
		wk->cur = w;
		switch (wk->visit(job, c, w)) {
		case WV_SENT:
			break;
		case WV_UNSENT:
			wk->cur = NULL;
			walk_retry_later(job, w, 0, strerror(errno));
			break;
		case WV_SKIP:
			wk->cur = NULL;
			w->next = wk->failed;
			wk->failed = w;
			continue;
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
