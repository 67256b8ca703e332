/*
 * place.c: local places as users type them (see parse.h): "~" and "~/x"
 * for the home directory, and joining a directory and a name without a
 * doubled slash. Pure: no I/O, the home directory is given.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "cmd/parse.h"

char *
place_tilde(const char *path, const char *home)
{
	if (home == NULL || *home == '\0' || path[0] != '~' ||
	    (path[1] != '\0' && path[1] != '/'))
		return xstrdup(path);
	if (path[1] == '\0')
		return xstrdup(home);
	return place_join(home, path + 2);
}

char *
place_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	while (*name == '/')
		name++;
	if (*name == '\0')
		return xstrndup(dir, n);
	if (n == 1 && dir[0] == '/')
		return xasprintf("/%s", name);
	return xasprintf("%.*s/%s", (int)n, dir, name);
}
