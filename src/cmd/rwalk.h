/*
 * rwalk.h: walking a remote tree on the browsing session, for rm -r,
 * find and du (src/cmd only).
 *
 * The walk lists one directory at a time, depth first, with "LIST -a
 * PATH" (servers such as vsftpd leave hidden files out of a plain LIST;
 * a server that refuses "-a", or answers it with an empty list where a
 * plain LIST is not, gets plain LIST from then on), the way the queue's
 * walker does. LIST, not MLSD: a symbolic link must be seen as a link
 * (MLSD describes what it points to), so no walk ever follows one.
 * Every entry is handed to the caller with its absolute path; the walk
 * goes down into directories only, at most max_depth levels. A
 * directory that cannot be listed is reported and counted, and the walk
 * goes on. A raw (unparsed) entry comes with its directory's path. The
 * entry and error callbacks must not stop the walk (return false from
 * the entry callback instead); the done callback may.
 */
#ifndef JANGADA_CMD_RWALK_H
#define JANGADA_CMD_RWALK_H

#include <stdbool.h>

#include "ftp/list.h"

struct app;
struct rwalk;

/* An entry (path: absolute, raw bytes); false stops the walk. */
typedef bool	(*rwalk_entry_cb)(void *arg, const char *path,
		    const struct ftp_entry *, int depth);
/* A directory could not be listed (error: translated, sanitized). */
typedef void	(*rwalk_error_cb)(void *arg, const char *path,
		    const char *error);
/* The walk ended: stopped by the entry callback or not. */
typedef void	(*rwalk_done_cb)(void *arg, bool stopped);

/*
 * Walk root (absolute). The callbacks come from the loop, never from
 * inside this call. NULL if the session could not take the listing.
 */
struct rwalk	*rwalk_start(struct app *, const char *root, int max_depth,
		    rwalk_entry_cb, rwalk_error_cb, rwalk_done_cb, void *);
/*
 * Stop: no callback comes after this; a listing still out is cancelled
 * and the walk frees itself when its answer comes.
 */
void		 rwalk_stop(struct rwalk *);
/* Directories that could not be listed so far. */
int		 rwalk_errors(const struct rwalk *);

/* dir + "/" + name (no double slash), allocated. */
char		*rwalk_join(const char *dir, const char *name, size_t namelen);

#endif
