/*
 * walk_stack.c: what a directory job has still to visit: a stack of
 * directories (struct wdir), the one whose command is out, and those that
 * could not be walked (visited again by xq_retry). A plain data structure:
 * the walk itself (walk.c, walk_get.c, walk_put.c) and the job's state
 * (job_state.c: is the walk done? free it, give it up) use it.
 *
 * Calls only dnode.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "xfer/xq_priv.h"
#include "xfer/walk_priv.h"

/* Free one directory to visit. */
void
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
void
wdir_free_list(struct wdir *w)
{
	struct wdir *next;

	for (; w != NULL; w = next) {
		next = w->next;
		wdir_free(w);
	}
}

/* Put w on top of the stack. */
void
wdir_push(struct walk *wk, struct wdir *w)
{
	w->next = wk->stack;
	wk->stack = w;
}

/* Take the top of the stack, or NULL. */
struct wdir *
wdir_pop(struct walk *wk)
{
	struct wdir *w = wk->stack;

	if (w != NULL)
		wk->stack = w->next;
	return w;
}

/* A new directory to visit at remote. */
struct wdir *
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
		wdir_push(wk, wk->cur);
		wk->cur = NULL;
	}
	while ((w = wdir_pop(wk)) != NULL) {
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
		wdir_push(wk, w);
	}
}

/* "parent/name" as a remote path. */
char *
walk_join(const char *parent, const char *name)
{
	size_t n = strlen(parent);

	if (n > 0 && parent[n - 1] == '/')
		return xasprintf("%s%s", parent, name);
	return xasprintf("%s/%s", parent, name);
}
