/*
 * mirror_priv.h: what cmd_mirror.c (the command) and cmd_mirror_args.c
 * (its options) share. Nothing else includes it.
 */
#ifndef JANGADA_CMD_MIRROR_PRIV_H
#define JANGADA_CMD_MIRROR_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "xfer/mirror.h"

struct app;
struct cmd_call;
struct rwalk;

#define MIRROR_DEPTH	100

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
	bool		 zone_asked;	/* MDTM asked about the LIST zone */
	time_t		 zone_list;	/* ... for a file of this LIST time */
	unsigned	 deleted, failed;
};

/* The words of the call (every word a raw operand): the options into m,
   up to two operands into ops; -1: the usage was given. */
int	 mirror_parse(struct cmd_call *, struct mirror *, const char **ops,
	    int *nops);
/* The last component of a path ("." for "/", "." or ""), allocated. */
char	*mirror_base_of(const char *);

#endif
