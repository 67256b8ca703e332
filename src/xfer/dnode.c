/*
 * dnode.c: the local directories of a download (struct xq_dnode in
 * xq_priv.h): the root the user named, bound to an absolute path when
 * the job was queued, and the safe-named subdirectories of a tree below
 * it. A node is opened only while a file of it needs it (dnode_open /
 * dnode_close count), so a tree of 100,000 files holds a handful of
 * descriptors; a subdirectory is made (or reused) through lf_mkdir_at,
 * which never follows a link.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xmalloc.h"
#include "local/lfile.h"
#include "xfer/xq_priv.h"

/* The directory the user named (links in it are followed). */
struct xq_dnode *
dnode_root(const char *path, const char *abs)
{
	struct xq_dnode *n = xcalloc(1, sizeof *n);

	n->path = xstrdup(path);
	n->abs = xstrdup(abs);
	n->fd = -1;
	n->refs = 1;
	return n;
}

/* The subdirectory name (a safe component) of parent. */
struct xq_dnode *
dnode_child(struct xq_dnode *parent, const char *name)
{
	struct xq_dnode *n = xcalloc(1, sizeof *n);

	n->parent = parent;
	dnode_ref(parent);
	n->name = xstrdup(name);
	n->path = strcmp(parent->path, "/") == 0 ? xasprintf("/%s", name) :
	    xasprintf("%s/%s", parent->path, name);
	n->fd = -1;
	n->refs = 1;
	return n;
}

/* One more user of the node. */
void
dnode_ref(struct xq_dnode *n)
{
	n->refs++;
}

/* Drop a reference; the last one frees the node (and its parent's). */
void
dnode_unref(struct xq_dnode *n)
{
	struct xq_dnode *parent;

	while (n != NULL && --n->refs == 0) {
		parent = n->parent;
		if (n->fd != -1)
			close(n->fd);
		free(n->name);
		free(n->path);
		free(n->abs);
		free(n);
		n = parent;
	}
}

/*
 * Open the directory (making it if needed, never through a link) and
 * return its fd; every open needs a dnode_close. -1 and err.
 */
int
dnode_open(struct xq_dnode *n, char *err, size_t errlen)
{
	int pfd, fd;

	if (n->opens > 0) {
		n->opens++;
		return n->fd;
	}
	if (n->parent == NULL)
		fd = lf_dir_open(n->abs, err, errlen);
	else {
		if ((pfd = dnode_open(n->parent, err, errlen)) == -1)
			return -1;
		if (lf_mkdir_at(pfd, n->name, &fd, err, errlen) == -1)
			fd = -1;
		dnode_close(n->parent);
	}
	if (fd == -1)
		return -1;
	n->fd = fd;
	n->opens = 1;
	return fd;
}

/* End one dnode_open; the last one closes the directory. */
void
dnode_close(struct xq_dnode *n)
{
	if (n->opens == 0 || --n->opens > 0)
		return;
	close(n->fd);
	n->fd = -1;
}
