/*
 * cmd_chmod.c: chmod's symbolic modes on a remote path (chmod u+x f):
 * the mode SITE CHMOD sends is computed from the permissions of the
 * path's entry in a listing of its directory (the cache's, or one
 * fetched for it), with base/mode.c. A listing that gives no mode (DOS,
 * VMS, MVS) fails the path and names the octal form as the way.
 *
 * One call keeps the modes of the last directory it listed (its memo),
 * updated by each SITE CHMOD that succeeds: chmod +x *.sh lists the
 * directory once, not once a file (cmd_remote.c drops the cache's
 * listing after each path).
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

/* What a path's entry tells chmod. */
struct chent {
	char		*name;
	enum ftp_ent_type type;
	bool		 has_mode;
	uint16_t	 mode;
};

/* The modes of one directory, for the rest of the call. */
struct chmemo {
	char		*dir;
	struct chent	*ents;
	size_t		 n;
};

struct chsym {
	struct cmd_call	*c;
	struct chmemo	**memo;
	char		*path;		/* as typed: what SITE CHMOD names */
	char		*base;		/* its entry's name */
	uint16_t	 mode;		/* the mode sent */
	ftp_done_cb	 cb;
	void		*arg;
};

void
cmd_chmod_memo_free(void *p)
{
	struct chmemo *m = p;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->ents[i].name);
	free(m->ents);
	free(m->dir);
	free(m);
}

/* The memo of dir from its listing. */
static struct chmemo *
chmemo_new(const char *dir, const struct ftp_listing *l)
{
	struct chmemo *m = xcalloc(1, sizeof *m);
	size_t i;

	m->dir = xstrdup(dir);
	m->ents = xcalloc(l->n > 0 ? l->n : 1, sizeof *m->ents);
	for (i = 0; i < l->n; i++) {
		m->ents[i].name = xstrdup(l->entries[i].name);
		m->ents[i].type = l->entries[i].type;
		m->ents[i].has_mode = l->entries[i].has_mode;
		m->ents[i].mode = l->entries[i].mode;
	}
	m->n = l->n;
	return m;
}

/* The entry named base, or NULL. */
static struct chent *
chmemo_find(struct chmemo *m, const char *base)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->ents[i].name, base) == 0)
			return &m->ents[i];
	return NULL;
}

static void
chsym_free(struct chsym *cs)
{
	free(cs->path);
	free(cs->base);
	free(cs);
}

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
	chsym_free(cs);
	cb(s, &st, arg);
}

/* SITE CHMOD answered: the memo learns the new mode, the caller the
   status. */
static void
chsym_sent(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct chsym *cs = arg;
	struct chent *e;
	ftp_done_cb cb = cs->cb;
	void *cbarg = cs->arg;

	if (st->ok && *cs->memo != NULL &&
	    (e = chmemo_find(*cs->memo, cs->base)) != NULL)
		e->mode = cs->mode;
	chsym_free(cs);
	cb(s, st, cbarg);
}

/* The old mode is known (or not): compute, send. */
static void
chsym_apply(struct chsym *cs)
{
	const struct chent *e = chmemo_find(*cs->memo, cs->base);
	char err[MODE_ERRLEN], *msg, *line;
	mode_t mode;
	int rc;

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
	cs->mode = (uint16_t)mode;
	line = xasprintf("CHMOD %03o %s", (unsigned)mode, cs->path);
	rc = ftp_site(cs->c->app->ftp, line, chsym_sent, cs);
	free(line);
	if (rc == -1)
		chsym_fail(cs, strerror(errno));
}

/* The directory's listing is here (or failed). */
static void
chsym_listed(struct app *app, struct app_dir *d, void *arg)
{
	struct chsym *cs = arg;
	char *msg;

	if (d == NULL || !d->loaded) {
		msg = xasprintf(_("%s: cannot list its directory to read its "
		    "mode: %s"), cs->path, d != NULL && d->error != NULL ?
		    d->error : _("failed"));
		chsym_fail(cs, msg);
		free(msg);
		return;
	}
	cmd_chmod_memo_free(*cs->memo);
	*cs->memo = chmemo_new(d->path, &d->list);
	chsym_apply(cs);
}

/* One path of chmod with a symbolic mode (argv[1]), as an "each"
   operation of cmd_remote.c; *memo: the call's (see above). */
int
cmd_chmod_sym(struct cmd_call *c, const char *path, void **memo,
    ftp_done_cb cb, void *arg)
{
	struct chsym *cs = xcalloc(1, sizeof *cs);
	char *dir = app_rpath(c->app, path), *slash = strrchr(dir, '/');
	char *msg;

	cs->c = c;
	cs->memo = (struct chmemo **)memo;
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
	if (*cs->memo != NULL && strcmp((*cs->memo)->dir, dir) == 0)
		chsym_apply(cs);
	else if (app_dir_load(c->app, dir, false, chsym_listed, cs) == -1) {
		msg = xasprintf(_("%s: cannot list its directory to read its "
		    "mode: %s"), path, strerror(errno));
		chsym_fail(cs, msg);
		free(msg);
	}
	free(dir);
	return 0;
}
