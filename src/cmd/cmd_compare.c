/*
 * cmd_compare.c: compare: the local directory against the remote one,
 * by name, with mirror's rule (xfer/mirror.c: mir_compare): size, and
 * time at the grain the listing has.
 *
 * Batch prints one line per difference, seen from the local side:
 *   + NAME   only local        - NAME   only remote
 *   > NAME   newer local       < NAME   newer remote
 *   ! NAME   the same time (or none), another size (or a file against
 *            a directory)
 *   @ NAME   a symbolic link on either side: not compared (mirror
 *            follows, keeps or skips it by --symlinks)
 * (a directory with a '/' after its name), then a count. On the screen
 * the count is said and APP_CH_COMPARE tells the panes, which mark the
 * differences themselves (ui/compare.c, the same rule).
 *
 * LIST times are moved by the server's zone as mirror moves them: a file
 * of the same size on both sides that differs in its LIST time only has
 * the zone asked (one MDTM, once per connection: zone.c), and the
 * listing is compared then, and the panes with it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "local/ldir.h"
#include "local/lfile.h"
#include "xfer/mirror.h"

struct cmp {
	struct cmd_call	*c;		/* NULL: the call ended first */
	char		*dir;		/* the remote directory compared */
	bool		 zone_asked;	/* MDTM asked about the zone */
};

static void	listed(struct app *, struct app_dir *, void *);

/* The call ended (done or cancelled) while the listing loads. */
static void
cmp_free(void *p)
{
	struct cmp *k = p;

	k->c = NULL;
}

/* A line to print: the letter and the name. */
struct cline {
	const char	*name;
	char		 letter;
	bool		 dir;
};

static int
cline_cmp(const void *a, const void *b)
{
	const struct cline *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : x->letter - y->letter;
}

/* A symbolic link's line (on either side; the same name once). */
static void
link_line(struct cline *out, size_t *no, const char *name)
{
	out[*no].name = name;
	out[*no].dir = false;
	out[(*no)++].letter = mir_cmp_letter(MIR_CMP_LINK);
}

/* MDTM answered about the listing's zone (zone.c): the listing again
   (from the cache), compared then. */
static void
zone_done(struct app *app, const struct ftp_status *st, void *arg)
{
	struct cmp *k = arg;
	struct cmd_call *c = k->c;

	if (c != NULL && !c->interrupted && !st->interrupted &&
	    app_dir_load(app, k->dir, false, listed, k) == 0)
		return;
	free(k->dir);
	free(k);
	if (c == NULL)
		return;
	c->priv = NULL;
	if (c->interrupted || st->interrupted)
		cmd_finish(c, CMD_FAILED);
	else
		cmd_fail(c, CMD_FAILED, "%s", _("the remote directory could "
		    "not be listed"));
}

/* Compare; 1 if the zone is being asked about first (k kept), else 0. */
static int
compare_run(struct cmd_call *c, struct cmp *k, const struct ftp_listing *rl)
{
	struct app *app = c->app;
	struct mir_entry *le, *re;
	enum mir_cmp *lr, *rr;
	struct cline *out;
	struct ld_list l;
	unsigned count[MIR_CMP_LINK + 1];
	char err[512];
	size_t nl = 0, nr = 0, no = 0, i;

	if (ld_scan(app_lcwd(app), &l, err, sizeof err) == -1) {
		cmd_fail(c, CMD_FAILED, "%s", err);
		return 0;
	}
	le = xcalloc(l.n + 1, sizeof *le);
	re = xcalloc(rl->n + 1, sizeof *re);
	out = xcalloc(l.n + rl->n + 1, sizeof *out);
	for (i = 0; i < l.n; i++) {
		const struct ld_entry *e = &l.entries[i];

		if (e->error == 0 && e->type == LD_LINK)
			link_line(out, &no, e->name);
		if (e->error != 0 || (e->type != LD_FILE &&
		    e->type != LD_DIR) || lf_is_part_name(e->name))
			continue;
		le[nl].path = e->name;
		le[nl].type = e->type == LD_DIR ? MIR_DIR : MIR_FILE;
		le[nl].has_size = le[nl].type == MIR_FILE;
		le[nl].size = e->size;
		le[nl].has_mtime = true;
		le[nl].mtime = e->mtime;
		le[nl].grain = MIR_GRAIN_EXACT;
		nl++;
	}
	for (i = 0; i < rl->n; i++) {
		const struct ftp_entry *e = &rl->entries[i];

		if (e->type == FTP_ENT_LINK)
			link_line(out, &no, e->name);
		if (e->type != FTP_ENT_FILE && e->type != FTP_ENT_DIR)
			continue;
		re[nr].path = (char *)e->name;
		re[nr].type = e->type == FTP_ENT_DIR ? MIR_DIR : MIR_FILE;
		re[nr].has_size = e->has_size && re[nr].type == MIR_FILE;
		re[nr].size = e->size;
		re[nr].has_mtime = e->has_mtime;
		re[nr].mtime = e->mtime;
		re[nr].grain = mir_list_grain(e->mtime_has_time);
		nr++;
	}
	/* The server's zone, as mirror learns it (zone.c). */
	if (!k->zone_asked && app_zone_learn(app, c->desc->name, k->dir, re,
	    nr, le, nl, zone_done, k) == 1) {
		k->zone_asked = true;
		free(out);
		free(le);
		free(re);
		ld_list_free(&l);
		return 1;
	}
	app_zone_shift(app, re, nr);
	lr = xcalloc(nl + 1, sizeof *lr);
	rr = xcalloc(nr + 1, sizeof *rr);
	mir_compare_sides(le, nl, re, nr, lr, rr);
	memset(count, 0, sizeof count);
	qsort(out, no, sizeof *out, cline_cmp);	/* a link on both sides */
	for (i = 0; i < no; i++)		/* once */
		if (i == 0 || strcmp(out[i].name, out[i - 1].name) != 0)
			out[count[MIR_CMP_LINK]++] = out[i];
	no = count[MIR_CMP_LINK];
	for (i = 0; i < nl; i++) {
		count[lr[i]]++;
		if (lr[i] != MIR_CMP_SAME) {
			out[no].name = le[i].path;
			out[no].dir = le[i].type == MIR_DIR;
			out[no++].letter = mir_cmp_letter(lr[i]);
		}
	}
	for (i = 0; i < nr; i++)
		if (rr[i] == MIR_CMP_ONLY) {
			count[MIR_CMP_MISSING]++;
			out[no].name = re[i].path;
			out[no].dir = re[i].type == MIR_DIR;
			out[no++].letter = mir_cmp_letter(MIR_CMP_MISSING);
		}
	if (app->batch) {
		qsort(out, no, sizeof *out, cline_cmp);
		for (i = 0; i < no; i++)
			app_out(app, APP_OUT, "%c %s%s", out[i].letter,
			    out[i].name, out[i].dir ? "/" : "");
	}
	/* before the counts: they stay on the screen's message line */
	if (!app->quiet && count[MIR_CMP_LINK] > 0)
		app_out(app, APP_INFO, _("%s: symbolic links, not compared "
		    "(mirror: --symlinks): %u"), c->desc->name,
		    count[MIR_CMP_LINK]);
	if (!app->quiet)
		/* categories, then counts: right for any number */
		app_out(app, APP_INFO, _("%s: only local %u, only remote %u, "
		    "newer local %u, newer remote %u, another size %u, the "
		    "same %u"), c->desc->name, count[MIR_CMP_ONLY],
		    count[MIR_CMP_MISSING], count[MIR_CMP_NEWER],
		    count[MIR_CMP_OLDER], count[MIR_CMP_SIZE] +
		    count[MIR_CMP_KIND], count[MIR_CMP_SAME]);
	free(out);
	free(lr);
	free(rr);
	free(le);
	free(re);
	ld_list_free(&l);
	app_changed(app, APP_CH_COMPARE);
	cmd_finish(c, CMD_OK);
	return 0;
}

static void
listed(struct app *app, struct app_dir *d, void *arg)
{
	struct cmp *k = arg;
	struct cmd_call *c = k->c;

	(void)app;
	if (c != NULL) {
		c->priv = NULL;		/* compare_run may end the call */
		if (d == NULL || !d->loaded)
			cmd_fail(c, CMD_FAILED, "%s", _("the remote directory "
			    "could not be listed"));
		else if (compare_run(c, k, &d->list) == 1) {
			c->priv = k;
			return;		/* zone_done, later */
		}
	}
	free(k->dir);
	free(k);
}

/* compare: the local directory against the remote one. */
int
cmd_compare(struct cmd_call *c)
{
	struct cmp *k = xcalloc(1, sizeof *k);

	k->c = c;
	k->dir = xstrdup(app_rcwd(c->app));
	c->priv = k;
	c->priv_free = cmp_free;
	if (app_dir_load(c->app, k->dir, false, listed, k) == -1) {
		c->priv = NULL;
		free(k->dir);
		free(k);
		cmd_fail(c, CMD_FAILED, "%s", _("the remote directory could "
		    "not be listed"));
	}
	return 0;
}
