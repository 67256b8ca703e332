/*
 * cmd_mirror.c: mirror [OPTIONS] [REMOTE [LOCAL]] and mirror -R [OPTIONS]
 * [LOCAL [REMOTE]]: make one tree the same as the other (issue 17).
 *
 * The remote tree is walked with rwalk (LIST -a, each directory listed
 * once, links left out), the local one with ld_scan (links, devices and
 * our own .part files left out); both are filtered by the --exclude and
 * --include rules, so what is left out is neither copied nor deleted.
 * The plan (src/xfer/mirror.c) compares the two by size and by time at
 * the listing's grain (LIST times moved by the server's zone, learned
 * once per connection from one MDTM: zone.c). Then: batch prints the
 * plan (--dry-run: only the plan, every item); with --delete on the
 * screen the plan is asked about (ask_yesno) before anything is done.
 * The directories are made, the deletions done (local: unlink/rmdir;
 * -R: DELE/RMD on the browsing session, one at a time), and the files
 * go to the transfer queue with their times kept (MDTM and utimensat
 * down, MFMT up where the server offers it). A file new here is queued
 * with resume (an interrupted mirror continues its .part with REST); a
 * changed one is overwritten.
 * The command ends as any transfer command: at once on the screen, when
 * the jobs end in batch, with the queue's summary and a mirror line.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/count.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"
#include "cmd/rwalk.h"
#include "ev/loop.h"
#include "local/ldir.h"
#include "local/lfile.h"
#include "cmd/mirror_priv.h"
#include "xfer/mirror.h"

static void	mirror_go(struct mirror *);
static void	mirror_plan(struct mirror *);
static void	mirror_plan_go(struct mirror *);
static void	zone_done(struct app *, const struct ftp_status *, void *);

/* The call ended (done or interrupted): free, unless a question is out. */
static void
mirror_priv_free(void *p)
{
	struct mirror *m = p;

	m->c = NULL;
	if (!m->busy)
		mirror_free(m);
}

/* ------------------------------------------------------- local tree */

/* Scan lroot/rel (rel "" the root) into m->loc, depth first. */
static void
scan_local(struct mirror *m, const char *rel, int depth)
{
	struct ld_list l;
	struct mir_entry *e;
	char err[512], *dir, *sub;
	size_t i;

	dir = *rel ? xasprintf("%s/%s", m->lroot, rel) : xstrdup(m->lroot);
	if (ld_scan(dir, &l, err, sizeof err) == -1) {
		if (*rel || errno != ENOENT) {
			app_out(m->app, APP_ERROR, "%s: %s", m->c->desc->name,
			    err);
			m->walk_errors++;
		}
		free(dir);
		return;
	}
	free(dir);
	for (i = 0; i < l.n; i++) {
		const struct ld_entry *le = &l.entries[i];

		if (le->type == LD_LINK && m->reverse && le->error == 0) {
			app_out(m->app, APP_WARN, _("%s: %s/%s: symbolic link "
			    "left out: mirror -R sends files and directories"),
			    m->c->desc->name, *rel ? rel : ".", le->name);
			m->links_left++;
		}
		if (le->error != 0 || (le->type != LD_FILE &&
		    le->type != LD_DIR) || lf_is_part_name(le->name) ||
		    strlen(le->name) != le->namelen)
			continue;
		sub = *rel ? xasprintf("%s/%s", rel, le->name) :
		    xstrdup(le->name);
		if (!mirror_keep(m, sub, le->type == LD_DIR)) {
			free(sub);
			continue;
		}
		e = mirror_entry_add(&m->loc, &m->nloc, &m->caploc);
		e->path = sub;
		e->type = le->type == LD_DIR ? MIR_DIR : MIR_FILE;
		e->has_size = e->type == MIR_FILE;
		e->size = le->size;
		e->has_mtime = true;
		e->mtime = le->mtime;
		e->grain = MIR_GRAIN_EXACT;
		if (e->type == MIR_DIR && depth <= m->max_depth)
			scan_local(m, e->path, depth + 1);
	}
	ld_list_free(&l);
}

/* ------------------------------------------------------ remote tree */

static void
walk_done(void *arg, bool stopped)
{
	struct mirror *m = arg;

	m->walk_errors += rwalk_errors(m->walk);
	rwalk_stop(m->walk);
	m->walk = NULL;
	if (m->c->interrupted) {
		/* Ctrl-C: the listing out ended; nothing is planned. */
		cmd_finish(m->c, CMD_FAILED);
		return;
	}
	mirror_links_follow(m);		/* then m->walked: mirror_walked */
}

/* The remote tree is in (links followed): the local one, the plan. */
static void
mirror_walked(struct mirror *m)
{
	scan_local(m, "", 1);
	mirror_go(m);
}

/* ----------------------------------------------------------- plan */

static const char *
act_word(const struct mirror *m, enum mir_action a)
{
	switch (a) {
	case MIR_MKDIR:
		return _("mkdir");
	case MIR_NEW:
		return m->reverse ? _("put") : _("get");
	case MIR_UPDATE:
		return _("update");
	case MIR_DELETE:
		return _("delete");
	default:
		return _("conflict");
	}
}

/* The counted plan, one line; every item too with --dry-run. */
static void
plan_print(struct mirror *m)
{
	const struct mir_plan *p = &m->plan;
	char human[32], dirs[COUNT_LEN];
	size_t i;

	if (m->dry)
		for (i = 0; i < p->n; i++)
			app_out(m->app, APP_INFO, "%s %s",
			    act_word(m, p->items[i].act), p->items[i].e->path);
	str_human_size(human, sizeof human, p->bytes);
	app_out(m->app, APP_INFO, m->reverse ? _("%s: plan: %u to send, %u "
	    "to update, %u to delete, %s to make, %s; %u unchanged") :
	    _("%s: plan: %u to get, %u to update, %u to delete, %s to make, "
	    "%s; %u unchanged"), m->c->desc->name, p->news, p->updates,
	    p->deletes, count_dirs(dirs, sizeof dirs, p->dirs), human,
	    p->same);
	mirror_links_say(m, true);
}

/* ------------------------------------------------------ doing it */

/* The queue's summary is out: the mirror's own line. */
static void
mirror_summary(struct cmd_call *c, unsigned files, uint64_t bytes,
    unsigned failed)
{
	struct mirror *m = c->priv;
	char human[32];

	if (m == NULL || c->app->quiet)
		return;
	str_human_size(human, sizeof human, bytes);
	/* A download that failed its check (verify) is not done. */
	files -= c->vfailed < files ? c->vfailed : files;
	/* Labels, not counted words: "1 files" reads wrong in any language. */
	app_out(c->app, APP_INFO, _("%s: to copy %u (%s); done %u, unchanged "
	    "%u, deleted %u, failed %u"), c->desc->name,
	    m->plan.news + m->plan.updates, human, files, m->plan.same,
	    m->deleted, failed);
	mirror_links_say(m, false);
}

/* Queue the transfers, then wait as any transfer command. */
static void
mirror_queue(struct mirror *m)
{
	struct cmd_call *c = m->c;
	struct app *app = m->app;
	struct xq_opts o;
	unsigned id, first = 0, last = 0;
	char err[512], *ldir, *lpath, *rpath;
	const char *slash, *name;
	size_t i;
	int failed = 0;

	if (m->parallel > 0) {
		app->opts.parallel = m->parallel;
		xq_set_parallel(app->queue, m->parallel);
	}
	memset(&o, 0, sizeof o);
	o.type = app->opts.type;
	o.keep_time = true;
	/* One tree in the queue's views, with its totals (qgroup.h). */
	lpath = m->reverse ? xasprintf("%s -R %s", c->desc->name,
	    app_lshown(app, m->lroot)) : xasprintf("%s %s", c->desc->name,
	    m->rroot);
	o.group = xq_group_new(app->queue, lpath);
	free(lpath);
	xq_group_deleted(app->queue, o.group, m->deleted);
	xq_begin_batch(app->queue);
	for (i = 0; i < m->plan.n; i++) {
		const struct mir_item *it = &m->plan.items[i];

		if ((it->act != MIR_NEW && it->act != MIR_UPDATE) ||
		    (!m->reverse && under_excluded(m, it->e->path)))
			continue;
		if (m->reverse) {
			o.policy = XQ_OVERWRITE;
			lpath = xasprintf("%s/%s", m->lroot, it->e->path);
			rpath = rwalk_join(m->rroot, it->e->path,
			    strlen(it->e->path));
			id = xq_put(app->queue, lpath, rpath, &o, err,
			    sizeof err);
			free(lpath);
			free(rpath);
		} else {
			/* New: continue a .part left by an interrupted run. */
			o.policy = it->act == MIR_NEW ? XQ_RESUME :
			    XQ_OVERWRITE;
			slash = strrchr(it->e->path, '/');
			name = slash != NULL ? slash + 1 : it->e->path;
			ldir = slash != NULL ? xasprintf("%s/%.*s", m->lroot,
			    (int)(slash - it->e->path), it->e->path) :
			    xstrdup(m->lroot);
			id = xq_get(app->queue, it->e->src, ldir, name, &o, err,
			    sizeof err);
			free(ldir);
		}
		if (id == 0) {
			app_out(app, APP_ERROR, "%s: %s: %s", c->desc->name,
			    it->e->path, err);
			failed++;
			continue;
		}
		if (first == 0)
			first = id;
		last = id;
	}
	xq_end_batch(app->queue);
	m->failed += (unsigned)failed;
	c->jobs_summary = mirror_summary;
	c->xfailed = m->failed;
	if (first == 0) {
		mirror_summary(c, 0, 0, m->failed);
		cmd_finish(c, failed || m->failed ? CMD_FAILED : CMD_OK);
		return;
	}
	if (failed)
		app->failures++;
	cmd_wait_jobs(c, first, last);
}

/*
 * A reply the mirror waited for has come: true when the mirror is over
 * (its command gone, so freed; or interrupted, so failed) and the caller
 * must return.
 */
static bool
reply_ended(struct mirror *m, const struct ftp_status *st)
{
	m->busy = false;
	if (m->c == NULL) {
		mirror_free(m);
		return true;
	}
	if (m->c->interrupted || st->interrupted) {
		cmd_finish(m->c, CMD_FAILED);
		return true;
	}
	return false;
}

/* -R: the next MKD, DELE or RMD on the browsing session, then queue. */
static void	remote_next(struct mirror *);

static void
remote_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct mirror *m = arg;
	const struct mir_item *it = &m->plan.items[m->next - 1];

	if (reply_ended(m, st))
		return;
	if (!st->ok) {
		cmd_err(m->app, m->c->desc->name, it->e->src != NULL ?
		    it->e->src : it->e->path, st->error);
		m->failed++;
	} else if (it->act == MIR_DELETE)
		m->deleted++;
	remote_next(m);
}

static void
remote_next(struct mirror *m)
{
	const struct mir_item *it;
	char *path;
	int rc;

	while (m->next < m->plan.n) {
		it = &m->plan.items[m->next++];
		if (it->act == MIR_MKDIR) {
			path = rwalk_join(m->rroot, it->e->path,
			    strlen(it->e->path));
			rc = ftp_mkdir(m->app->ftp, path, remote_done, m);
			free(path);
		} else if (it->act == MIR_DELETE) {
			rc = it->e->type == MIR_DIR ? ftp_rmdir(m->app->ftp,
			    it->e->src, remote_done, m) :
			    ftp_delete(m->app->ftp, it->e->src, remote_done,
			    m);
		} else
			continue;
		if (rc == 0) {
			m->busy = true;
			return;
		}
		cmd_fail(m->c, CMD_FAILED, "%s", _("not connected"));
		return;
	}
	app_dir_forget_all(m->app);
	mirror_queue(m);
}

/* Local: make the directories, do the deletions, then queue. */
static void
local_work(struct mirror *m)
{
	const struct mir_item *it;
	struct stat sb;
	char *path;
	size_t i;

	if (lstat(m->lroot, &sb) == -1 && mkdir(m->lroot, 0777) == -1 &&
	    errno != EEXIST) {
		cmd_fail(m->c, CMD_FAILED, "%s: %s", m->lroot,
		    strerror(errno));
		return;
	}
	for (i = 0; i < m->plan.n; i++) {
		it = &m->plan.items[i];
		if ((it->act != MIR_MKDIR && it->act != MIR_DELETE) ||
		    under_excluded(m, it->e->path))
			continue;
		path = xasprintf("%s/%s", m->lroot, it->e->path);
		if (it->act == MIR_MKDIR) {
			/* Never through a link planted there (R50). */
			if ((mkdir(path, 0777) == -1 && errno != EEXIST) ||
			    lstat(path, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
				app_out(m->app, APP_ERROR, _("%s: %s: not a "
				    "directory of ours (a link?); what goes in "
				    "it is left out"), m->c->desc->name, path);
				m->failed++;
				m->xdirs = xreallocarray(m->xdirs, m->nxdirs +
				    1, sizeof *m->xdirs);
				m->xdirs[m->nxdirs++] = xstrdup(it->e->path);
			}
		} else if ((it->e->type == MIR_DIR ? rmdir(path) :
		    unlink(path)) == -1) {
			app_out(m->app, APP_ERROR, "%s: %s: %s",
			    m->c->desc->name, path, strerror(errno));
			m->failed++;
		} else
			m->deleted++;
		free(path);
	}
	mirror_links_make(m);
	mirror_queue(m);
}

/* Do the plan. */
static void
mirror_do(struct mirror *m)
{
	if (m->reverse) {
		m->next = 0;
		remote_next(m);
	} else
		local_work(m);
}

/* The answer to "delete N ...?" on the screen. */
static void
mirror_answer(struct app *app, int answer, void *arg)
{
	struct mirror *m = arg;

	m->busy = false;
	if (m->c == NULL) {
		mirror_free(m);
		return;
	}
	if (answer == 1)
		mirror_do(m);
	else
		cmd_fail(m->c, CMD_FAILED, "%s", _("nothing was done"));
}

/* Both trees are in: plan, show, ask, do. */
static void
mirror_go(struct mirror *m)
{
	/* A directory that could not be read fails the mirror. */
	m->failed += (unsigned)m->walk_errors;
	if (m->walk_errors > 0 && m->mo.del) {
		/* What could not be listed must not look deleted. */
		app_out(m->app, APP_WARN, _("%s: part of a tree could not be "
		    "read; nothing will be deleted"), m->c->desc->name);
		m->mo.del = false;
	} else if (m->mo.del && (m->reverse ? m->nloc : m->nrem) == 0 &&
	    (m->reverse ? m->nrem : m->nloc) > 0) {
		/*
		 * An empty source would delete everything, and servers such
		 * as vsftpd list a missing directory as an empty one.
		 */
		app_out(m->app, APP_WARN, _("%s: the source is empty (or "
		    "missing); nothing will be deleted"), m->c->desc->name);
		m->mo.del = false;
		m->failed++;
	}
	/*
	 * A file that differs in its LIST time only (same size) may be a
	 * server that lists in its own zone (IIS) but answers MDTM in UTC:
	 * one MDTM tells, once per connection (zone.c), unless no time
	 * counts (--only-missing).
	 */
	if (!m->mo.only_missing && app_zone_learn(m->app, m->c->desc->name,
	    m->rroot, m->rem, m->nrem, m->loc, m->nloc, zone_done, m) == 1) {
		m->busy = true;
		return;
	}
	mirror_plan(m);
}

/* The listing's zone is known (or cannot be): the plan. */
static void
mirror_plan(struct mirror *m)
{
	app_zone_shift(m->app, m->rem, m->nrem);
	if (m->reverse)
		mir_plan_make(m->loc, m->nloc, m->rem, m->nrem, &m->mo,
		    &m->plan);
	else
		mir_plan_make(m->rem, m->nrem, m->loc, m->nloc, &m->mo,
		    &m->plan);
	mirror_plan_go(m);
}

/* MDTM answered about the listing's zone (zone.c). */
static void
zone_done(struct app *app, const struct ftp_status *st, void *arg)
{
	struct mirror *m = arg;

	(void)app;
	if (reply_ended(m, st))
		return;
	mirror_plan(m);
}

/* The plan is made: show it, ask, do. */
static void
mirror_plan_go(struct mirror *m)
{
	const struct mir_plan *p = &m->plan;
	unsigned i;
	char *q;

	for (i = 0; i < p->n; i++)
		if (p->items[i].act == MIR_CONFLICT) {
			app_out(m->app, APP_WARN, _("%s: %s: a file on one side "
			    "and a directory on the other; left alone"),
			    m->c->desc->name, p->items[i].e->path);
		}
	m->failed += p->conflicts;
	if (m->app->batch || m->dry || (m->del && p->deletes > 0))
		plan_print(m);
	if (m->dry) {
		cmd_finish(m->c, CMD_OK);
		return;
	}
	if (p->deletes > 0 && !m->app->batch) {
		if (m->app->hooks.ask_yesno == NULL) {
			cmd_fail(m->c, CMD_FAILED, "%s", _("nothing was done: "
			    "there is no one to ask about the deletions"));
			return;
		}
		q = xasprintf(m->reverse ? ngettext("Mirror: delete %u remote "
		    "file or directory?", "Mirror: delete %u remote files and "
		    "directories?", p->deletes) : ngettext("Mirror: delete %u "
		    "local file or directory?", "Mirror: delete %u local files "
		    "and directories?", p->deletes), p->deletes);
		m->busy = true;
		m->app->hooks.ask_yesno(m->app, q, mirror_answer, m,
		    m->app->hooks_arg);
		free(q);
		return;
	}
	mirror_do(m);
}

/* Walk the remote tree; then the local one, and the plan. */
static void
mirror_walk(struct mirror *m)
{
	m->walk = rwalk_start(m->app, m->rroot, m->max_depth,
	    mirror_walk_entry, mirror_walk_error, walk_done, m);
	if (m->walk == NULL)
		cmd_fail(m->c, CMD_FAILED, "%s", _("not connected"));
}

/* -R: the remote root is made (or was there). */
static void
root_made(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct mirror *m = arg;

	if (reply_ended(m, st))
		return;
	app_dir_forget_all(m->app);
	mirror_walk(m);
}

/* mirror [-R] [--delete] [--dry-run] ... [SOURCE [TARGET]] */
int
cmd_mirror(struct cmd_call *c)
{
	struct mirror *m = xcalloc(1, sizeof *m);
	const char *ops[2] = { NULL, NULL };
	const char *rarg, *larg;
	char *b;
	int nops;

	m->c = c;
	m->app = c->app;
	m->max_depth = MIRROR_DEPTH;
	m->symlinks = c->app->opts.symlinks;
	m->walked = mirror_walked;
	c->priv = m;
	c->priv_free = mirror_priv_free;
	if (mirror_parse(c, m, ops, &nops) == -1)
		return 0;
	if (m->mo.only_newer && m->mo.only_missing) {
		cmd_usage(c, _("--only-newer and --only-missing do not go "
		    "together"));
		return 0;
	}
	/* mirror REMOTE LOCAL; mirror -R LOCAL REMOTE. */
	rarg = m->reverse ? ops[1] : ops[0];
	larg = m->reverse ? ops[0] : ops[1];
	if (m->reverse && larg != NULL && rarg == NULL) {
		b = mirror_base_of(larg);
		m->rroot = app_rpath(c->app, b);
		free(b);
	} else
		m->rroot = app_rpath(c->app, rarg != NULL ? rarg : ".");
	if (larg != NULL)
		m->lroot = app_lpath(c->app, larg);
	else {	/* in the app's local directory */
		b = rarg != NULL ? mirror_base_of(rarg) : xstrdup(".");
		m->lroot = app_lpath(c->app, b);
		free(b);
	}
	if (m->reverse) {
		struct stat sb;

		errno = 0;
		if (stat(m->lroot, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
			cmd_fail(c, CMD_FAILED, "%s: %s", m->lroot,
			    strerror(errno ? errno : ENOTDIR));
			return 0;
		}
	}
	if (m->reverse && strcmp(m->rroot, "/") != 0) {
		/* The root first (a refusal: it exists; the walk tells). */
		if (ftp_mkdir(c->app->ftp, m->rroot, root_made, m) == 0)
			m->busy = true;
		else
			cmd_fail(c, CMD_FAILED, "%s", _("not connected"));
		return 0;
	}
	mirror_walk(m);
	return 0;
}
