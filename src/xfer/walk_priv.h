/*
 * walk_priv.h: the inside of a directory job, shared by walk_stack.c (the
 * directories still to visit), walk.c (the walk's life on its connection),
 * walk_get.c (listings of a download) and walk_put.c (the local scan of
 * an upload), in that order from the bottom. Nothing outside walk*.c
 * includes it.
 */
#ifndef JANGADA_XFER_WALK_PRIV_H
#define JANGADA_XFER_WALK_PRIV_H

#include <stdbool.h>

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

/* What a walk's visit of a directory did. */
enum walk_visit {
	WV_SENT,	/* its command is out; the reply's callback goes on */
	WV_UNSENT,	/* the command could not be sent (errno says why) */
	WV_SKIP		/* it cannot be visited (said): it joins what failed */
};

struct walk {
	/*
	 * Visit w on c (wk->cur is w): a download's walk lists it or probes
	 * the link it is (walk_get.c), an upload's makes it (walk_put.c).
	 * Set by walk_new_get or walk_new_put, which made the walk; walk.c
	 * pops the directories and calls it.
	 */
	enum walk_visit	(*visit)(struct job *, struct conn *, struct wdir *);
	struct wdir	*stack;
	struct wdir	*cur;		/* its operation is out */
	struct wdir	*failed;	/* could not be walked (xq_retry) */
	bool		 started;
	/* a download's tree, in all (the queue's max_dirs, max_entries) */
	unsigned	 ndirs;
	unsigned	 nentries;
	bool		 capped;	/* one was passed: the rest left out */
};

/* walk_stack.c (walk_free, walk_done ... are in xq_priv.h) */
void		 wdir_free(struct wdir *);
void		 wdir_free_list(struct wdir *);
void		 wdir_push(struct walk *, struct wdir *);
struct wdir	*wdir_pop(struct walk *);
struct wdir	*wdir_new(const char *remote, int depth, int links);
char		*walk_join(const char *parent, const char *name);

/* walk.c */
void		 walk_note(struct job *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void		 walk_retry_later(struct job *, struct wdir *, int code,
    const char *error);
struct job	*walk_child(struct job *, const char *remote);
struct wdir	*walk_enter(struct conn *, struct job **);
void		 walk_next(struct job *);


#endif
