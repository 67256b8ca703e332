/*
 * cmd_mirror_links.c: the remote tree of a mirror as it is walked: its
 * entries (mirror_walk_entry, for the walk of the root and of each
 * followed link alike) and the mirror's memory; and the symbolic links in
 * it. The command (cmd_mirror.c) is above: the end of the walk, links
 * followed, is reported to it through m->walked, which it sets.
 *
 * Symbolic links in the remote tree of a mirror
 * (mirror --symlinks follow|skip|keep, default set symlinks; issue 17),
 * read the way get -r reads them (src/xfer/walk_link.c: xq_link_climb,
 * xq_link_loops).
 *
 * skip: every link is left out, said and counted. keep: the link is made
 * here (after the directories) as the server has it, its target a string
 * never followed by jangada; a target that is absolute, climbs out of the
 * tree, or that the listing does not give, is refused (said, counted),
 * so nothing is ever written outside the target tree. follow: after the
 * walk each link is asked its SIZE on the browsing session: a file is
 * planned like any file (by size: the link's own time is not the file's);
 * otherwise it is walked as a directory; one that cannot be listed is
 * dangling (said, counted); a link to the directory it is in or above it
 * (a loop) is left out before anything is asked. The counts go in the
 * plan and in the summary.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/mirror_priv.h"
#include "cmd/rwalk.h"
#include "local/lfile.h"
#include "xfer/mirror.h"


struct mlink {
	char		*path;		/* remote, absolute */
	char		*rel;
	char		*target;	/* as listed, or NULL */
	bool		 keep;		/* keep; else follow */
	bool		 root_failed;	/* follow: it could not be listed */
};

void
mirror_links_free(struct mirror *m)
{
	size_t i;

	for (i = 0; i < m->nlinks; i++) {
		free(m->links[i].path);
		free(m->links[i].rel);
		free(m->links[i].target);
	}
	free(m->links);
	m->links = NULL;
	m->nlinks = m->li = 0;
}

static void
left(struct mirror *m, const char *path, const char *why)
{
	app_out(m->app, APP_WARN, _("%s: %s: symbolic link left out: %s"),
	    m->c->desc->name, path, why);
	m->links_left++;
}

/* Levels below the root of the directory rel is in. */
static int
levels(const char *rel)
{
	int n = 0;

	for (; *rel != '\0'; rel++)
		n += *rel == '/';
	return n;
}

void
mirror_link_seen(struct mirror *m, const char *path, const char *rel,
    const struct ftp_entry *fe)
{
	char safe[NAME_MAX + 1], *dir;
	const char *slash = strrchr(path, '/');
	struct mlink *l;
	int climb;

	if (lf_safe_name(fe->name, fe->namelen, safe, sizeof safe) != 0 ||
	    strlen(safe) != fe->namelen ||
	    memcmp(safe, fe->name, fe->namelen) != 0) {
		left(m, path, _("not a usable name"));
		return;
	}
	switch (m->symlinks) {
	case XQ_LINKS_SKIP:
		left(m, path, "--symlinks skip");
		return;
	case XQ_LINKS_KEEP:
		if (fe->target == NULL || fe->target[0] == '\0') {
			left(m, path, _("the listing does not give its "
			    "target"));
			return;
		}
		climb = xq_link_climb(fe->target);
		if (climb < 0) {
			left(m, path, _("its target is an absolute path (kept "
			    "links stay inside the tree)"));
			return;
		}
		if (climb > levels(rel)) {
			left(m, path, _("its target leads out of the tree "
			    "(kept links stay inside it)"));
			return;
		}
		break;
	case XQ_LINKS_FOLLOW:
		dir = slash == NULL || slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		if (fe->target != NULL && xq_link_loops(dir, fe->target)) {
			free(dir);
			left(m, path, _("it points to a directory above it (a "
			    "loop)"));
			return;
		}
		free(dir);
		if (m->nlinks >= LIM_MIRROR_LINKS) {
			left(m, path, _("too many links to follow"));
			return;
		}
		break;
	}
	m->links = xreallocarray(m->links, m->nlinks + 1, sizeof *m->links);
	l = &m->links[m->nlinks++];
	memset(l, 0, sizeof *l);
	l->path = xstrdup(path);
	l->rel = xstrdup(rel);
	l->target = fe->target != NULL ? xstrdup(fe->target) : NULL;
	l->keep = m->symlinks == XQ_LINKS_KEEP;
}

/* ------------------------------------------------------------ follow */

bool
mirror_link_self(struct mirror *m, const char *path,
    const struct ftp_entry *fe)
{
	const struct mlink *l;
	const char *base;
	size_t n;

	if (m->link_dir == 0 || fe->type == FTP_ENT_DIR)
		return false;
	l = &m->links[m->li - 1];
	n = strlen(l->path);
	base = strrchr(l->path, '/');
	base = base != NULL ? base + 1 : l->path;
	if (strncmp(path, l->path, n) != 0 || path[n] != '/' ||
	    strcmp(path + n + 1, base) != 0 || fe->namelen != strlen(base) ||
	    memcmp(fe->name, base, fe->namelen) != 0)
		return false;
	/* "LIST -a /t/x" of a link x that leads to no directory gives x. */
	m->links[m->li - 1].root_failed = true;
	return true;
}

static void	follow_next(struct mirror *);

/* A reply came: false when the mirror is over (freed or failed). */
static bool
still_on(struct mirror *m, const struct ftp_status *st)
{
	m->busy = false;
	if (m->c == NULL) {
		mirror_free(m);
		return false;
	}
	if (m->c->interrupted || (st != NULL && st->interrupted)) {
		cmd_finish(m->c, CMD_FAILED);
		return false;
	}
	return true;
}

static void
link_walk_error(void *arg, const char *path, const char *error)
{
	struct mirror *m = arg;
	struct mlink *l = &m->links[m->li - 1];

	if (strcmp(path, l->path) != 0) {
		mirror_walk_error(arg, path, error);
		return;
	}
	l->root_failed = true;
}

static void
link_walk_done(void *arg, bool stopped)
{
	struct mirror *m = arg;
	struct mlink *l = &m->links[m->li - 1];
	int errs = rwalk_errors(m->walk);

	rwalk_stop(m->walk);
	m->walk = NULL;
	if (m->c->interrupted) {
		cmd_finish(m->c, CMD_FAILED);
		return;
	}
	if (l->root_failed) {
		errs--;
		/* Its directory entry, added before the walk, goes. */
		if (m->link_dir > 0 && m->nrem == m->link_dir) {
			m->nrem--;
			free(m->rem[m->nrem].path);
			free(m->rem[m->nrem].src);
		}
		left(m, l->path, _("dangling (neither a file nor a directory "
		    "that can be listed)"));
	} else
		m->links_followed++;
	m->link_dir = 0;
	m->walk_errors += errs > 0 ? errs : 0;
	follow_next(m);
}

static void
size_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct mirror *m = arg;
	struct mlink *l;
	struct mir_entry *e;
	int depth;

	if (!still_on(m, st))
		return;
	l = &m->links[m->li - 1];
	e = mirror_entry_add(&m->rem, &m->nrem, &m->caprem);
	e->path = xstrdup(l->rel);
	e->src = xstrdup(l->path);
	if (st->ok) {
		/* A file: by its size (the link's time is not the file's). */
		e->type = MIR_FILE;
		e->has_size = true;
		e->size = st->size;
		m->links_followed++;
		follow_next(m);
		return;
	}
	e->type = MIR_DIR;
	m->link_dir = m->nrem;
	depth = m->max_depth - levels(l->rel) - 1;
	m->walk = rwalk_start(m->app, l->path, depth > 0 ? depth : 0,
	    mirror_walk_entry, link_walk_error, link_walk_done, m);
	if (m->walk == NULL)
		cmd_fail(m->c, CMD_FAILED, "%s", _("not connected"));
}

/* The next link to follow; none: the walk is over. */
static void
follow_next(struct mirror *m)
{
	struct mlink *l;

	while (m->li < m->nlinks) {
		l = &m->links[m->li++];
		if (l->keep || under_excluded(m, l->rel))
			continue;
		if (ftp_size(m->app->ftp, l->path, size_done, m) == 0) {
			m->busy = true;
			return;
		}
		cmd_fail(m->c, CMD_FAILED, "%s", _("not connected"));
		return;
	}
	m->walked(m);
}

void
mirror_links_follow(struct mirror *m)
{
	m->li = 0;
	follow_next(m);
}

/* -------------------------------------------------------------- keep */

void
mirror_links_make(struct mirror *m)
{
	char *dir, *slash, buf[PATH_MAX];
	const char *name;
	struct mlink *l;
	size_t i;
	ssize_t n;
	int fd;

	for (i = 0; i < m->nlinks; i++) {
		l = &m->links[i];
		if (!l->keep || under_excluded(m, l->rel))
			continue;
		slash = strrchr(l->rel, '/');
		name = slash != NULL ? slash + 1 : l->rel;
		dir = slash != NULL ? xasprintf("%s/%.*s", m->lroot,
		    (int)(slash - l->rel), l->rel) : xstrdup(m->lroot);
		/* Never through a link planted in its place (R50). */
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		free(dir);
		if (fd == -1) {
			left(m, l->path, strerror(errno));
			continue;
		}
		/* The target is a string, never followed here. */
		if (symlinkat(l->target, fd, name) == 0)
			m->links_kept++;
		else if (errno == EEXIST && (n = readlinkat(fd, name, buf,
		    sizeof buf - 1)) >= 0 && (size_t)n == strlen(l->target) &&
		    memcmp(buf, l->target, (size_t)n) == 0)
			m->links_kept++;	/* there already, the same */
		else if (errno == EEXIST)
			left(m, l->path, _("a file of that name exists here"));
		else
			left(m, l->path, strerror(errno));
		close(fd);
	}
}

void
mirror_links_say(struct mirror *m, bool plan)
{
	unsigned keep = 0;
	size_t i;

	if (plan)
		for (i = 0; i < m->nlinks; i++)
			keep += m->links[i].keep;
	else
		keep = m->links_kept;
	if (m->links_followed + keep + m->links_left == 0 ||
	    (m->app->quiet && m->links_left == 0))
		return;
	/* Labels, not counted words (as the mirror's own line). */
	app_out(m->app, m->links_left > 0 ? APP_WARN : APP_INFO, plan ?
	    _("%s: symbolic links: followed %u, to keep as links %u, left "
	    "out %u") : _("%s: symbolic links: followed %u, kept as links "
	    "%u, left out %u"), m->c->desc->name, m->links_followed, keep,
	    m->links_left);
}

/* ---------------------------------------------- the remote tree */

/* The mirror's memory (its call ended, or its last reply came). */
void
mirror_free(struct mirror *m)
{
	size_t i;

	mirror_links_free(m);
	rwalk_stop(m->walk);
	mir_plan_free(&m->plan);
	mir_entries_free(m->rem, m->nrem);
	mir_entries_free(m->loc, m->nloc);
	for (i = 0; i < m->nxdirs; i++)
		free(m->xdirs[i]);
	free(m->xdirs);
	free(m->rules);
	free(m->rroot);
	free(m->lroot);
	free(m);
}

/* A new zeroed entry at the end of *v. */
struct mir_entry *
mirror_entry_add(struct mir_entry **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	memset(&(*v)[*n], 0, sizeof **v);
	return &(*v)[(*n)++];
}

/* An entry of the remote walk (rwalk.h): planned, a link seen, or left
   out. */
bool
mirror_walk_entry(void *arg, const char *path, const struct ftp_entry *fe,
    int depth)
{
	struct mirror *m = arg;
	struct mir_entry *e;
	size_t rl = strlen(m->rroot);
	const char *rel;
	char safe[NAME_MAX + 1];
	bool isdir;

	if (fe->type == FTP_ENT_RAW) {
		app_out(m->app, APP_WARN, _("%s: %s: a listing line that could "
		    "not be read was left out"), m->c->desc->name, path);
		return true;
	}
	if (fe->type != FTP_ENT_FILE && fe->type != FTP_ENT_DIR &&
	    fe->type != FTP_ENT_LINK)
		return true;	/* devices: left out */
	rel = path + rl;
	if (strcmp(m->rroot, "/") == 0)
		rel = path;
	while (*rel == '/')
		rel++;
	if (*rel == '\0')
		return true;
	if (mirror_link_self(m, path, fe))
		return true;	/* a followed link listed itself */
	if (fe->type == FTP_ENT_LINK) {
		if (!under_excluded(m, rel) && mirror_keep(m, rel, false))
			mirror_link_seen(m, path, rel, fe);
		return true;
	}
	isdir = fe->type == FTP_ENT_DIR;
	if (under_excluded(m, rel))
		return true;
	if (!mirror_keep(m, rel, isdir)) {
		if (isdir) {
			m->xdirs = xreallocarray(m->xdirs, m->nxdirs + 1,
			    sizeof *m->xdirs);
			m->xdirs[m->nxdirs++] = xstrdup(rel);
		}
		return true;
	}
	/* Only names that are a local name as they are: the keys match. */
	if (lf_safe_name(fe->name, fe->namelen, safe, sizeof safe) != 0 ||
	    lf_is_part_name(safe)) {
		app_out(m->app, APP_WARN, _("%s: %s: not a name to keep "
		    "locally; left out"), m->c->desc->name, path);
		if (isdir) {
			m->xdirs = xreallocarray(m->xdirs, m->nxdirs + 1,
			    sizeof *m->xdirs);
			m->xdirs[m->nxdirs++] = xstrdup(rel);
		}
		return true;
	}
	e = mirror_entry_add(&m->rem, &m->nrem, &m->caprem);
	e->path = xstrdup(rel);
	e->src = xstrdup(path);
	e->type = isdir ? MIR_DIR : MIR_FILE;
	e->has_size = fe->has_size && !isdir;
	e->size = fe->size;
	e->has_mtime = fe->has_mtime;
	e->mtime = fe->mtime;
	e->grain = mir_list_grain(fe->mtime_has_time);
	return true;
}

void
mirror_walk_error(void *arg, const char *path, const char *error)
{
	struct mirror *m = arg;

	if (!m->c->interrupted)
		cmd_err(m->app, m->c->desc->name, path, error);
}
