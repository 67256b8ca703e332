/*
 * zone.c: the time zone of the browsing session's listing, learned once
 * per connection and used by mirror, compare and the panes' comparison.
 *
 * Servers such as IIS (and many Windows and embedded ones) show LIST
 * times in their own zone but answer MDTM in UTC; compared as UTC, every
 * file there would look hours newer or older. When a comparison finds a
 * file listed to the minute on both sides with the same size but another
 * time (xfer/mirror.c: mir_zone_probe), one MDTM of it tells the offset
 * (mir_zone_offset). The answer is kept in the app for the connection
 * (open forgets it; a reconnection to the same server keeps it): an
 * offset, none (the listing is in UTC), or a refusal (MDTM not there:
 * the plain rule, never asked again). app_zone_shift then moves the LIST
 * times of a side by it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/rwalk.h"
#include "xfer/mirror.h"

struct zask {
	struct app	*app;
	char		*who;		/* the command, for the line said */
	time_t		 list_time;	/* the probed file's LIST time */
	app_zone_cb	 done;
	void		*arg;
};

static void
zone_answer(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct zask *z = arg;
	struct app *app = z->app;
	long off;

	(void)s;
	if (st->ok) {
		off = mir_zone_offset(z->list_time, st->mtime);
		app->zone = APP_ZONE_KNOWN;
		app->zone_off = off;
		if (off != 0)
			app_out(app, APP_INFO, _("%s: the server lists times "
			    "%c%ld:%02ld from UTC (MDTM says); compared as "
			    "such"), z->who, off < 0 ? '-' : '+',
			    labs(off) / 3600, labs(off) % 3600 / 60);
	} else if (!st->interrupted && st->code >= 500)
		app->zone = APP_ZONE_NONE;	/* no MDTM: the plain rule */
	z->done(app, st, z->arg);
	free(z->who);
	free(z);
}

int
app_zone_learn(struct app *app, const char *who, const char *dir,
    const struct mir_entry *rem, size_t nrem, const struct mir_entry *loc,
    size_t nloc, app_zone_cb done, void *arg)
{
	const struct mir_entry *p;
	struct zask *z;
	char *path;
	int rc;

	if (app->zone != APP_ZONE_UNKNOWN ||
	    (p = mir_zone_probe(rem, nrem, loc, nloc)) == NULL)
		return 0;
	z = xcalloc(1, sizeof *z);
	z->app = app;
	z->who = xstrdup(who);
	z->list_time = p->mtime;
	z->done = done;
	z->arg = arg;
	path = p->src != NULL ? xstrdup(p->src) : rwalk_join(dir, p->path,
	    strlen(p->path));
	rc = ftp_mdtm(app->ftp, path, zone_answer, z);
	free(path);
	if (rc == 0)
		return 1;
	free(z->who);
	free(z);
	return 0;
}

long
app_zone_offset(const struct app *app)
{
	return app->zone == APP_ZONE_KNOWN ? app->zone_off : 0;
}

void
app_zone_shift(struct app *app, struct mir_entry *rem, size_t nrem)
{
	long off = app_zone_offset(app);

	if (off != 0)
		mir_shift(rem, nrem, off);
}

void
app_zone_forget(struct app *app)
{
	app->zone = APP_ZONE_UNKNOWN;
	app->zone_off = 0;
}
