/*
 * lpath.h: local paths bound when they are given.
 *
 * A path the user gives (a download's directory, a file to upload) names
 * a place relative to the local directory of that moment. Work that runs
 * later (a queued transfer) binds it at once with lp_absolute_at (the
 * app's local directory; the process's never moves), so a later
 * lcd never moves it.
 */
#ifndef JANGADA_LOCAL_LPATH_H
#define JANGADA_LOCAL_LPATH_H

#include <stddef.h>

#include "base/limits.h"

/*
 * path made absolute against the current directory, "." components and
 * repeated or trailing slashes dropped ("/" stays "/"; ".." is kept: a
 * link may stand before it). Allocated; NULL with err (translated) when
 * the current directory cannot be read.
 */
char	*lp_absolute(const char *path, char *err, size_t errlen);
/* The same against base (absolute; NULL: the process's directory). */
char	*lp_absolute_at(const char *base, const char *path, char *err,
	    size_t errlen);

/*
 * A local directory held by a descriptor (O_PATH): the directory itself,
 * not its name. Renamed or moved while held, it is still the same
 * directory, and lp_dir_name follows it (from /proc/self/fd); removed, the
 * last name stays and whatever is done in it fails as it should.
 */
struct lp_dir {
	int	fd;			/* -1: none (the process's directory) */
	char	name[LIM_PATH];		/* absolute, as last seen */
};

#define LP_DIR_NONE	{ -1, "" }

/* Hold the directory path (absolute or relative to the process's);
 * 0, or -1 with err (translated). The one held before is let go. */
int	 lp_dir_open(struct lp_dir *, const char *path, char *err,
	    size_t errlen);
/* Hold the same directory as src (dst's is let go); 0 or -1. */
int	 lp_dir_dup(struct lp_dir *dst, const struct lp_dir *src);
/* Its name now (absolute), NULL when none is held. */
const char *lp_dir_name(struct lp_dir *);
/* Let it go. */
void	 lp_dir_close(struct lp_dir *);

#endif
