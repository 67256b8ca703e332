/*
 * pins.c: certificates trusted on first use. When a certificate that does
 * not verify is accepted because the user named its fingerprint
 * (tls-trust), it is pinned for that host and port in
 * $XDG_DATA_HOME/jangada/certificates (mode 0600), one
 * "HOST:PORT SHA256:hex" line each; from then on that host:port must
 * present exactly that certificate (a different one is refused loudly,
 * as ssh does for a changed host key), verified or not.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/parse.h"

/* $XDG_DATA_HOME/jangada[/certificates], or under ~/.local/share. */
static char *
pins_path(bool create)
{
	const char *env = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char *dir, *path;

	if (env != NULL && env[0] == '/')
		dir = xasprintf("%s/jangada", env);
	else if (home != NULL && home[0] == '/')
		dir = xasprintf("%s/.local/share/jangada", home);
	else
		return NULL;
	if (create && rc_mkdirs(dir) == -1) {
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/certificates", dir);
	free(dir);
	return path;
}

/* "host:port", an IPv6 literal in brackets. */
static char *
pins_key(const char *host, const char *port)
{
	return strchr(host, ':') != NULL ? xasprintf("[%s]:%s", host, port) :
	    xasprintf("%s:%s", host, port);
}

int
pins_lookup(const char *host, const char *port, char *out, size_t outlen)
{
	char *path = pins_path(false), *key, line[1024], *sp;
	FILE *f;
	int found = -1;

	*out = '\0';
	if (path == NULL || (f = fopen(path, "re")) == NULL) {
		free(path);
		return -1;
	}
	key = pins_key(host, port);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		*sp = '\0';
		if (strcmp(line, key) == 0) {
			str_lcpy(out, sp + 1, outlen);	/* the last one wins */
			found = 0;
		}
	}
	fclose(f);
	free(key);
	free(path);
	return found;
}

int
pins_add(const char *host, const char *port, const char *fp)
{
	char *path = pins_path(true), *key, *line;
	ssize_t n;
	int fd;

	if (path == NULL)
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd == -1)
		return -1;
	(void)fchmod(fd, 0600);
	key = pins_key(host, port);
	line = xasprintf("%s %s\n", key, fp);
	n = write(fd, line, strlen(line));
	free(line);
	free(key);
	if (close(fd) == -1 || n == -1)
		return -1;
	return 0;
}
