/*
 * mirror_priv.h: what cmd_mirror_args.c (the options), cmd_mirror_links.c
 * (the remote tree and its links) and cmd_mirror.c (the command) share, in
 * that order, each calling only the ones before it. Nothing else
 * includes it.
 */
#ifndef JANGADA_CMD_MIRROR_PRIV_H
#define JANGADA_CMD_MIRROR_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "xfer/mirror.h"
#include "xfer/queue.h"

struct app;
struct cmd_call;
struct rwalk;

#define MIRROR_DEPTH	100

struct ftp_entry;
struct mlink;

struct mrule {
	bool		 include;
	const char	*glob;
};

struct mirror {
	struct cmd_call	*c;
	struct app	*app;
	bool		 reverse, del, dry;
	struct mir_opts	 mo;
	int		 max_depth;
	int		 parallel;	/* 0: as set */
	struct mrule	*rules;
	size_t		 nrules;
	char		*rroot;		/* absolute remote root */
	char		*lroot;		/* local root, as given */
	struct rwalk	*walk;
	int		 walk_errors;
	struct mir_entry *rem, *loc;
	size_t		 nrem, caprem, nloc, caploc;
	char		**xdirs;	/* remote directories left out */
	size_t		 nxdirs;
	struct mir_plan	 plan;
	size_t		 next;		/* -R: the next remote operation */
	bool		 busy;		/* a question is out */
	unsigned	 deleted, failed;
	/* symbolic links in the remote tree (cmd_mirror_links.c) */
	enum xq_symlinks symlinks;	/* --symlinks, else set symlinks */
	struct mlink	*links;		/* to follow or to keep */
	size_t		 nlinks, li;
	size_t		 link_dir;	/* followed dir's entry (+1), or 0 */
	unsigned	 links_left, links_kept, links_followed;
	/* the remote tree is read, links followed (cmd_mirror.c) */
	void		(*walked)(struct mirror *);
};

/* cmd_mirror_args.c: the words of the call (every word a raw operand): the options into m,
   up to two operands into ops; -1: the usage was given. */
int	 mirror_parse(struct cmd_call *, struct mirror *, const char **ops,
	    int *nops);
/* The last component of a path ("." for "/", "." or ""), allocated. */
char	*mirror_base_of(const char *);
/* The --exclude/--include rules: is rel in? Is it under a dir left out? */
bool	 mirror_keep(const struct mirror *, const char *rel, bool isdir);
bool	 under_excluded(const struct mirror *, const char *rel);

/* cmd_mirror_links.c: the remote tree's entries (the walks' callbacks),
   the mirror's memory */
struct mir_entry *mirror_entry_add(struct mir_entry **, size_t *, size_t *);
bool	 mirror_walk_entry(void *, const char *path, const struct ftp_entry *,
	    int depth);
void	 mirror_walk_error(void *, const char *path, const char *error);
void	 mirror_free(struct mirror *);

/*
 * cmd_mirror_links.c: a link in the remote listing (path absolute, rel
 * from the root): skip says and counts it; keep notes it, to be made
 * here by mirror_links_make; follow notes it for mirror_links_follow,
 * which (after the walk) asks SIZE of each: a file is planned as one, a
 * directory is walked in turn, a dangling link said and counted; then
 * m->walked. mirror_links_say: the counts (plan: before; else done).
 */
void	 mirror_link_seen(struct mirror *, const char *path, const char *rel,
	    const struct ftp_entry *);
void	 mirror_links_follow(struct mirror *);
/* In the walk of a followed link: is this its listing of itself (LIST
   of a path that is no directory names the entry)? Then it is none. */
bool	 mirror_link_self(struct mirror *, const char *path,
	    const struct ftp_entry *);
void	 mirror_links_make(struct mirror *);
void	 mirror_links_say(struct mirror *, bool plan);
void	 mirror_links_free(struct mirror *);

#endif
