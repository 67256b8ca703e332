/*
 * lpath.c: local paths bound when they are given (see lpath.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

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

/* ------------------------------------------------ a held directory */

int
lp_dir_open(struct lp_dir *d, const char *path, char *err, size_t errlen)
{
	char *abs;
	int fd;

	if ((abs = lp_absolute(path, err, errlen)) == NULL)
		return -1;
	if (strlen(abs) >= sizeof d->name) {
		snprintf(err, errlen, "%s: %s", abs, strerror(ENAMETOOLONG));
		free(abs);
		return -1;
	}
	if ((fd = open(abs, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", abs, strerror(errno));
		free(abs);
		return -1;
	}
	lp_dir_close(d);
	d->fd = fd;
	memcpy(d->name, abs, strlen(abs) + 1);
	free(abs);
	return 0;
}

int
lp_dir_dup(struct lp_dir *dst, const struct lp_dir *src)
{
	int fd = -1;

	if (src->fd != -1 &&
	    (fd = fcntl(src->fd, F_DUPFD_CLOEXEC, 3)) == -1)
		return -1;
	lp_dir_close(dst);
	dst->fd = fd;
	memcpy(dst->name, src->name, sizeof dst->name);
	return 0;
}

const char *
lp_dir_name(struct lp_dir *d)
{
	char proc[64], now[sizeof d->name];
	struct stat held, named;
	ssize_t n;

	if (d->fd == -1)
		return NULL;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", d->fd);
	n = readlink(proc, now, sizeof now - 1);
	if (n <= 0 || now[0] != '/')
		return d->name;
	now[n] = '\0';
	/* the name is the directory's only while it leads to it (a removed
	   one reads "NAME (deleted)": the last name stays) */
	if (fstat(d->fd, &held) == 0 && stat(now, &named) == 0 &&
	    held.st_dev == named.st_dev && held.st_ino == named.st_ino)
		memcpy(d->name, now, (size_t)n + 1);
	return d->name;
}

void
lp_dir_close(struct lp_dir *d)
{
	if (d->fd != -1)
		close(d->fd);
	d->fd = -1;
	d->name[0] = '\0';
}
