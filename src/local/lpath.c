/*
 * lpath.c: local paths bound when they are given (see lpath.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "local/lpath.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* Append the components of p to out (at *n, room for size) tidily. */
static void
lp_append(char *out, size_t *n, const char *p)
{
	const char *c;
	size_t len;

	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		c = p;
		while (*p != '\0' && *p != '/')
			p++;
		len = (size_t)(p - c);
		if (len == 1 && c[0] == '.')
			continue;
		if (*n > 1 || out[0] != '/')
			out[(*n)++] = '/';
		memcpy(out + *n, c, len);
		*n += len;
		out[*n] = '\0';
	}
}

/* path made absolute against base (see lpath.h). */
char *
lp_absolute_at(const char *base, const char *path, char *err,
    size_t errlen)
{
	char cwd[PATH_MAX], *out;
	size_t n = 0;

	if (path == NULL || *path == '\0')
		path = ".";
	if (path[0] == '/')
		cwd[0] = '\0';
	else if (base != NULL && base[0] == '/')
		snprintf(cwd, sizeof cwd, "%s", base);
	else if (getcwd(cwd, sizeof cwd) == NULL) {
		snprintf(err, errlen, _("cannot read the local directory: %s"),
		    strerror(errno));
		return NULL;
	}
	out = xmalloc(strlen(cwd) + strlen(path) + 3);
	out[0] = '/';
	out[1] = '\0';
	n = 1;
	lp_append(out, &n, cwd);
	lp_append(out, &n, path);
	return out;
}

/* path made absolute against the process's directory (see lpath.h). */
char *
lp_absolute(const char *path, char *err, size_t errlen)
{
	return lp_absolute_at(NULL, path, err, errlen);
}
