/*
 * verify_priv.h: what verify.c (the runs) and verify_held.c (the held
 * downloads' queue of runs, and the checksum files kept between runs)
 * share. Nothing else includes it.
 */
#ifndef JANGADA_CMD_VERIFY_PRIV_H
#define JANGADA_CMD_VERIFY_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/hash.h"
#include "cmd/verify.h"

struct ev_timer;

struct vfile {
	char		*remote;
	char		*local;
	char		*dir;		/* remote directory */
	const char	*name;		/* in remote */
	char		*part;		/* the held .part to hash, or NULL */
	bool		 judged;	/* its verdict was given */
	unsigned	 job;
	bool		 have;		/* a digest was found */
	enum hash_alg	 alg;
	char		 hex[2 * HASH_MAX_LEN + 1];
};

struct vtext {
	char		*name;		/* the checksum file's name */
	char		*text;
	size_t		 len;
};

struct verify {
	struct app	*app;
	char		*name;
	struct vfile	*files;
	size_t		 n;
	verify_done_cb	 done;
	void		*arg;

	size_t		 cur, gend;	/* the directory's files */
	char		**fetch;	/* checksum files to fetch there */
	size_t		 nfetch, fi;
	struct vtext	*texts;
	size_t		 ntexts;
	struct buf	 mem;

	size_t		 si;		/* the next file to ask the server */
	int		 salg;		/* what its command gives (-1: HASH) */
	bool		 no_server;	/* the server refused: ask no more */
	size_t		 hi;		/* the file being hashed */
	int		 fd;
	struct hash	 h;
	struct ev_timer	*timer;
	int		 step;		/* what the timer does next */
	bool		 busy;		/* an operation is out */
	bool		 stopped;
	bool		 ended;
	struct verify_result res;
};

/* verify_held.c: the group's checksum files, kept (after its files
   were checked) and found again (before: the listing may want more). */
void	 verify_cache_put(struct verify *);
/* A held file a run could not finish: into the next run. */
void	 verify_held_again(struct app *, const char *remote, const char *local,
	    const char *part, unsigned job);
bool	 verify_cache_get(struct verify *);

#endif
