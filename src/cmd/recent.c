/*
 * recent.c: the servers the screen connected to lately, for its site
 * picker: $XDG_STATE_HOME/jangada/recent, one URL a line, newest first,
 * at most LIM_RECENT, mode 0600, replaced atomically. A URL names the
 * server and the user, never a password nor a directory
 * (ftp://user@host:2121). A line that does not parse is dropped.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/parse.h"

/* The recent servers, newest first: 0, or -1 (no place, unreadable). */
int
recent_load(char ***urls, size_t *np)
{
	struct ftp_url u;
	char *path, *buf, *p, *nl, err[256];
	size_t len, n = 0;
	int r;

	*urls = NULL;
	*np = 0;
	if ((path = xdg_path(true, "recent", false)) == NULL)
		return -1;
	r = rc_slurp(path, &buf, &len);
	free(path);
	if (r != 0)
		return r == 1 ? 0 : -1;
	*urls = xcalloc(LIM_RECENT, sizeof **urls);
	for (p = buf; *p != '\0' && n < LIM_RECENT; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = p + strlen(p);
		p[strcspn(p, "\r")] = '\0';
		if (*p == '\0' || *p == '#' ||
		    url_parse(p, &u, err, sizeof err) == -1)
			continue;
		/* never a password nor a path, whatever the file says */
		(*urls)[n++] = url_format(&u, false);
		url_free(&u);
	}
	free(buf);
	*np = n;
	return 0;
}

void
recent_free(char **urls, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
}

/* The app's server (and user) first in the list; the oldest falls off. */
void
recent_note(struct app *app)
{
	struct ftp_url u;
	struct buf b;
	char **urls, *url, *path;
	size_t n, i, kept = 1;

	if (app->host == NULL)
		return;
	memset(&u, 0, sizeof u);
	u.host = app->host;
	u.port = app->port;
	u.tls = app->tls_url;
	if (app->user != NULL && strcmp(app->user, "anonymous") != 0 &&
	    strcmp(app->user, "ftp") != 0)
		u.user = app->user;
	url = url_format(&u, false);
	if (recent_load(&urls, &n) == -1 ||
	    (path = xdg_path(true, "recent", true)) == NULL) {
		free(url);
		return;
	}
	buf_init(&b, LIM_RCFILE);
	buf_printf(&b, "%s\n", url);
	for (i = 0; i < n && kept < LIM_RECENT; i++)
		if (strcmp(urls[i], url) != 0) {
			buf_printf(&b, "%s\n", urls[i]);
			kept++;
		}
	if (rc_replace(path, buf_cstr(&b), buf_len(&b)) == -1)
		log_warn("cannot save %s: %m", path);
	buf_free(&b);
	recent_free(urls, n);
	free(path);
	free(url);
}
