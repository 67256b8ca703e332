/*
 * walk_link.c: symbolic links in a recursive download (set symlinks).
 *
 * follow (the default): a link is what it points to (walk_get.c probes it:
 * SIZE, then CWD); a link whose target, as the listing gives it, is the
 * directory it sits in or one above it (a loop) is left out, and so is a
 * dangling one. skip: every link is left out. keep: the link is made
 * here with symlinkat, its target written as the string the server gave
 * and never followed by jangada; a target that is absolute or climbs out
 * of the downloaded tree, or that the listing does not give, is refused.
 * Whatever is left out is said on the directory job's row and counted
 * (xq_job.links_left), so the summary tells; it is never silently dropped.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "ftp/list.h"
#include "local/lfile.h"
#include "xfer/mirror.h"
#include "xfer/xq_priv.h"

/* A link left out: said on the directory job's row, counted. */
void
walk_link_left(struct job *job, const char *remote, const char *why)
{
	char *msg = xasprintf(_("%s: symbolic link left out: %s"), remote,
	    why);

	job->pub.links_left++;
	job_warn(job, msg);
	free(msg);
}

/*
 * How many levels target climbs above the directory it is read from: its
 * leading "../" run. -1 when it is absolute or empty; INT_MAX when a ".."
 * comes after a name ("d/.."): through a link d that could lead anywhere,
 * so only a leading run is taken, every link it may cross being inside
 * the tree in turn.
 */
static int
link_climb(const char *target)
{
	const char *p = target, *e;
	int up = 0;
	bool named = false;
	size_t n;

	if (*target == '\0' || *target == '/')
		return -1;
	while (*p != '\0') {
		e = strchr(p, '/');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (named)
				return INT_MAX;
			up++;
		} else if (n > 0 && !(n == 1 && p[0] == '.'))
			named = true;
		p += n;
		if (*p == '/')
			p++;
	}
	return up;
}

/*
 * Does target (relative to dir, or absolute) name dir itself or one of
 * its ancestors? Read lexically: "." ".." "../.." "/" and dir's own path.
 */
static bool
link_loops(const char *dir, const char *target)
{
	char *path, *out, *p, *e;
	size_t n, dl;
	bool loop;

	if (*target == '/')
		path = xstrdup(target);
	else
		path = xasprintf("%s/%s", dir, target);
	/* Normalize in place: "//", "/./", "/x/../". */
	out = xmalloc(strlen(path) + 2);
	out[0] = '\0';
	for (p = path; *p != '\0';) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, '/');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 1 && p[0] == '.')
			;
		else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(out, '/');

			if (slash != NULL)
				*slash = '\0';
		} else {
			strcat(out, "/");
			strncat(out, p, n);
		}
		p += n;
	}
	if (out[0] == '\0')
		strcpy(out, "/");
	/* An ancestor of dir (or dir): a prefix ending at a '/'. */
	n = strlen(out);
	dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	loop = strcmp(out, "/") == 0 || (n <= dl && strncmp(dir, out, n) == 0 &&
	    (dir[n] == '/' || n == dl));
	free(out);
	free(path);
	return loop;
}

/* The two readings above, for mirror's links (xfer/mirror.h). */
int
xq_link_climb(const char *target)
{
	return link_climb(target);
}

bool
xq_link_loops(const char *dir, const char *target)
{
	return link_loops(dir, target);
}

/* keep: make the link in node as the server has it, if it is safe. */
static void
link_keep(struct job *job, const char *remote, int depth,
    struct xq_dnode *node, const struct ftp_entry *e)
{
	char safe[NAME_MAX + 1], err[256];
	int climb, fd, rc;

	if (e->target == NULL || e->target[0] == '\0') {
		walk_link_left(job, remote, _("the listing does not give its "
		    "target"));
		return;
	}
	if (e->namelen != strlen(e->name) ||
	    memchr(e->name, '/', e->namelen) != NULL ||
	    lf_safe_name(e->name, e->namelen, safe, sizeof safe) == -1) {
		walk_link_left(job, remote, _("not a usable name"));
		return;
	}
	climb = link_climb(e->target);
	if (climb < 0) {
		walk_link_left(job, remote, _("its target is an absolute path "
		    "(kept links stay inside the tree)"));
		return;
	}
	if (climb > depth) {
		walk_link_left(job, remote, _("its target leads out of the "
		    "tree (kept links stay inside it)"));
		return;
	}
	if ((fd = dnode_open(node, err, sizeof err)) == -1) {
		walk_link_left(job, remote, err);
		return;
	}
	/* The target is a string, never followed here. */
	rc = symlinkat(e->target, fd, safe);
	if (rc == -1 && errno == EEXIST)
		walk_link_left(job, remote, _("a file of that name exists "
		    "here"));
	else if (rc == -1)
		walk_link_left(job, remote, strerror(errno));
	else
		job->pub.links_kept++;
	dnode_close(node);
}

/*
 * A link in the listing of dir (depth levels below the tree's root, made
 * locally as node). true: dealt with here (skip, keep, a loop); false:
 * follow it.
 */
bool
walk_link_other(struct job *job, const char *dir, int depth,
    struct xq_dnode *node, const struct ftp_entry *e)
{
	enum xq_symlinks mode = job->opts.symlinks;
	char *remote;

	if (job->pub.kind != XQ_GET)
		return !job->opts.follow_links;
	if (mode == XQ_LINKS_SKIP && job->opts.follow_links)
		mode = XQ_LINKS_FOLLOW;	/* the queue's own callers */
	remote = xasprintf("%s%s%.*s", dir, dir[0] != '\0' &&
	    dir[strlen(dir) - 1] == '/' ? "" : "/", (int)e->namelen, e->name);
	switch (mode) {
	case XQ_LINKS_SKIP:
		walk_link_left(job, remote, _("set symlinks skip"));
		break;
	case XQ_LINKS_KEEP:
		link_keep(job, remote, depth, node, e);
		break;
	case XQ_LINKS_FOLLOW:
		if (e->target != NULL && link_loops(dir, e->target)) {
			walk_link_left(job, remote, _("it points to a directory "
			    "above it (a loop)"));
			break;
		}
		free(remote);
		return false;
	}
	free(remote);
	return true;
}
