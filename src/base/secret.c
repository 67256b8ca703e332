/*
 * secret.c: see secret.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/secret.h"
#include "base/xmalloc.h"

void
secret_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* Is the word at p (up to a blank or the end) PASS or ACCT? */
static bool
secret_verb(const char *p, size_t *len)
{
	size_t n = strcspn(p, " \t");

	*len = n;
	return n == 4 && (strncasecmp(p, "PASS", 4) == 0 ||
	    strncasecmp(p, "ACCT", 4) == 0);
}

bool
secret_ftp_line(const char *line, size_t *keep)
{
	const char *p = line + strspn(line, " \t");
	size_t n;

	if (secret_verb(p, &n)) {
		*keep = (size_t)(p - line) + n;
		return true;
	}
	/* SITE PASS x, SITE ACCT x: what some servers take through SITE. */
	if (n == 4 && strncasecmp(p, "SITE", 4) == 0) {
		p += n;
		p += strspn(p, " \t");
		if (secret_verb(p, &n)) {
			*keep = (size_t)(p - line) + n;
			return true;
		}
	}
	return false;
}

char *
secret_ftp_shown(const char *line)
{
	size_t keep;

	if (secret_ftp_line(line, &keep))
		return xasprintf("%.*s ****", (int)keep, line);
	return xstrdup(line);
}
