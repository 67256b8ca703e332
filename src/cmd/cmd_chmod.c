/*
 * cmd_chmod.c: chmod's symbolic modes on a remote path (chmod u+x f):
 * the mode SITE CHMOD sends is computed from the permissions of the
 * path's entry in a listing of its directory (the cache's, or one
 * fetched for it), with base/mode.c. A listing that gives no mode (DOS,
 * VMS, MVS) fails the path and names the octal form as the way.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/mode.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"

struct chsym {
	struct cmd_call	*c;
	char		*path;		/* as typed: what SITE CHMOD names */
	char		*base;		/* its entry's name */
	ftp_done_cb	 cb;
	void		*arg;
};

/* End one path with an error (err: translated). */
static void
chsym_fail(struct chsym *cs, const char *err)
{
	struct ftp_status st;
	struct ftp_session *s = cs->c->app->ftp;
	ftp_done_cb cb = cs->cb;
	void *arg = cs->arg;

	memset(&st, 0, sizeof st);
	st.error = err;
	free(cs->path);
	free(cs->base);
	free(cs);
	cb(s, &st, arg);
}

/* The entry named base in a listing, or NULL. */
static const struct ftp_entry *
chsym_find(const struct ftp_listing *l, const char *base)
{
	size_t i, n = strlen(base);

	for (i = 0; i < l->n; i++)
		if (l->entries[i].namelen == n &&
		    memcmp(l->entries[i].name, base, n) == 0)
			return &l->entries[i];
	return NULL;
}

/* The directory's listing is here (or failed): compute, send. */
static void
chsym_listed(struct app *app, struct app_dir *d, void *arg)
{
	struct chsym *cs = arg;
	const struct ftp_entry *e;
	char err[MODE_ERRLEN], *msg, *line;
	mode_t mode;
	int rc;

	if (d == NULL || !d->loaded) {
		msg = xasprintf(_("%s: cannot list its directory to read its "
		    "mode: %s"), cs->path, d != NULL && d->error != NULL ?
		    d->error : _("failed"));
		chsym_fail(cs, msg);
		free(msg);
		return;
	}
	e = chsym_find(&d->list, cs->base);
	if (e == NULL)
		msg = xasprintf(_("%s: not in the listing of its directory, "
		    "so its mode is not known: give the mode in octal (such "
		    "as 644)"), cs->path);
	else if (e->type == FTP_ENT_LINK)
		msg = xasprintf(_("%s: a symbolic link, whose listing shows "
		    "the link's mode, not its target's: give the mode in "
		    "octal (such as 644)"), cs->path);
	else if (!e->has_mode)
		msg = xasprintf(_("%s: the server's listing gives no "
		    "permissions, so a symbolic mode cannot be applied: give "
		    "the mode in octal (such as 644)"), cs->path);
	else if (mode_apply(cs->c->argv[1], e->mode, e->type == FTP_ENT_DIR,
	    &mode, err, sizeof err) == -1)
		msg = xasprintf("%s: %s", cs->path, err);
	else
		msg = NULL;
	if (msg != NULL) {
		chsym_fail(cs, msg);
		free(msg);
		return;
	}
	line = xasprintf("CHMOD %03o %s", (unsigned)mode, cs->path);
	rc = ftp_site(app->ftp, line, cs->cb, cs->arg);
	free(line);
	if (rc == -1) {
		chsym_fail(cs, strerror(errno));
		return;
	}
	free(cs->path);
	free(cs->base);
	free(cs);
}

/* One path of chmod with a symbolic mode (argv[1]), as an "each"
   operation of cmd_remote.c. */
int
cmd_chmod_sym(struct cmd_call *c, const char *path, ftp_done_cb cb,
    void *arg)
{
	struct chsym *cs = xcalloc(1, sizeof *cs);
	char *dir = app_rpath(c->app, path), *slash = strrchr(dir, '/');
	char *msg;

	cs->c = c;
	cs->path = xstrdup(path);
	cs->cb = cb;
	cs->arg = arg;
	cs->base = xstrdup(slash != NULL ? slash + 1 : dir);
	if (slash != NULL)
		slash[slash == dir ? 1 : 0] = '\0';
	if (slash == NULL || cs->base[0] == '\0') {
		/* "/": no directory lists it. */
		free(dir);
		msg = xasprintf(_("%s: not in the listing of its directory, "
		    "so its mode is not known: give the mode in octal (such "
		    "as 644)"), path);
		chsym_fail(cs, msg);
		free(msg);
		return 0;
	}
	if (app_dir_load(c->app, dir, false, chsym_listed, cs) == -1) {
		msg = xasprintf(_("%s: cannot list its directory to read its "
		    "mode: %s"), path, strerror(errno));
		chsym_fail(cs, msg);
		free(msg);
	}
	free(dir);
	return 0;
}
