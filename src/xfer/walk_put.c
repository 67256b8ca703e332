/*
 * walk_put.c: the upload side of a directory job (see walk.c): MKD of
 * each remote directory (a refusal is taken as "it exists"), then a scan
 * of the local one (src/local/ldir.h) that adds a job per file and a
 * directory to visit per subdirectory.
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
		remote = walk_join(w->remote, e->name);
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
		remote = walk_join(w->remote, e->name);
		sub = wdir_new(remote, w->depth + 1, w->links +
		    (e->type == LD_LINK));
		free(remote);
		rel = *w->lrel == '\0' ? xstrdup(e->name) :
		    xasprintf("%s/%s", w->lrel, e->name);
		sub->lrel = rel;
		wdir_push(job->walk, sub);
	}
	ld_list_free(&list);
	free(path);
}

/* MKD answered: the remote directory is there (or said to be). */
static void
walk_mkd_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct job *job;
	struct wdir *w;

	if ((w = walk_enter(arg, &job)) == NULL)
		return;
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

/* Visit w: make the remote directory (see walk.c). */
static enum walk_visit
put_visit(struct job *job, struct conn *c, struct wdir *w)
{
	return ftp_mkdir(c->s, w->remote, walk_mkd_done, c) == -1 ?
	    WV_UNSENT : WV_SENT;
}

/* A recursive upload of job->lpath to job->remote. */
void
walk_new_put(struct job *job)
{
	struct walk *wk = xcalloc(1, sizeof *wk);
	struct wdir *w = wdir_new(job->remote, 0, 0);

	wk->visit = put_visit;
	w->lrel = xstrdup("");
	job->walk = wk;
	wdir_push(wk, w);
}
