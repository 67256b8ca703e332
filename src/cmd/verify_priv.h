/*
 * verify_priv.h: what verify_store.c (kept between runs), verify.c (the
 * runs) and verify_held.c (the held downloads' runs) share, in that
 * order, each calling only the ones before it. Nothing else includes it.
 */
#ifndef JANGADA_CMD_VERIFY_PRIV_H
#define JANGADA_CMD_VERIFY_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/limits.h"
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

/* The checksum files of a directory, read for held downloads. */
struct vdir {
	char		*dir;
	struct vtext	*texts;
	size_t		 ntexts;
};

/* The held downloads waiting for the next run, and the cache. */
struct vheld {
	struct verify_file *pend;
	size_t		 npend;
	struct vdir	 dirs[LIM_VERIFY_DIRS];	/* [0] the newest */
};

/* verify_store.c: the group's checksum files, kept (after its files
   were checked) and found again (before: the listing may want more). */
void	 verify_cache_put(struct verify *);
bool	 verify_cache_get(struct verify *);
/* A held file into the next run (new, or one a run could not finish). */
void	 verify_held_again(struct app *, const char *remote, const char *local,
	    const char *part, unsigned job);
void	 verify_pend_clear(struct vheld *);
void	 verify_store_free(struct app *);

#endif
