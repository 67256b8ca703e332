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

#endif
