/*
 * compare.c: the panes compared (the = key, the compare command).
 *
 * The compare command (cmd_compare.c) lists the remote directory and
 * says APP_CH_COMPARE; then each pane gets a letter column and colours,
 * by mirror's rule (xfer/mirror.c: mir_compare, size and time at the
 * listing's grain) applied to the two listings the panes hold:
 *   + only here   > newer here   < newer there   ! another size
 *   @ a symbolic link, not compared (mirror: --symlinks)
 * (the same: no letter). The remote LIST times are moved by the
 * server's zone once the compare command (or a mirror) has learned it
 * for the connection (cmd/zone.c). The command also marks, in each
 * pane, what is only here, newer here or of another size, so F5 copies
 * just those (FileZilla's "select the differences"). While the
 * comparison is on, every new listing of either pane (cd, lcd, a
 * refresh) is compared again, letters only: the marks stay the user's.
 * = again stops it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "local/lfile.h"
#include "ui/files_priv.h"
#include "xfer/mirror.h"

/* The entries of a pane: files and directories (not links, not the
   lines the listing could not read); idx[k] is the item of entry k. */
static struct mir_entry *
entries_of(struct files *f, size_t **idx, size_t *n)
{
	struct mir_entry *e = xcalloc(f->nitems + 1, sizeof *e);
	size_t i, k = 0;

	*idx = xcalloc(f->nitems + 1, sizeof **idx);
	for (i = 0; i < f->nitems; i++) {
		const struct fitem *it = &f->items[i];

		if ((it->kind != FK_FILE && it->kind != FK_DIR) ||
		    strlen(it->name) != it->namelen || (!f->remote &&
		    lf_is_part_name(it->name)))
			continue;	/* as the compare command leaves out */
		e[k].path = it->name;
		e[k].type = it->kind == FK_DIR ? MIR_DIR : MIR_FILE;
		e[k].has_size = it->has_size && it->kind == FK_FILE;
		e[k].size = it->size;
		e[k].has_mtime = it->has_mtime;
		e[k].mtime = it->mtime;
		e[k].grain = f->remote ? mir_list_grain(it->mtime_has_time) :
		    MIR_GRAIN_EXACT;
		(*idx)[k++] = i;
	}
	*n = k;
	return e;
}

/* Take the letters off a pane. */
static void
clear_pane(struct files *f)
{
	size_t i;

	for (i = 0; i < f->nitems; i++)
		f->items[i].cmp = 0;
	f->compared = false;
	f->pane.dirty = true;
}

/* Put the letters of one side on its items (and the marks). */
static void
apply(struct files *f, const size_t *idx, const enum mir_cmp *r, size_t n,
    bool mark)
{
	size_t k;

	if (mark)
		fp_unmark_all(f);
	for (k = 0; k < n; k++) {
		struct fitem *it = &f->items[idx[k]];

		it->cmp = r[k] == MIR_CMP_SAME ? 0 : mir_cmp_letter(r[k]);
		if (mark && (r[k] == MIR_CMP_ONLY || r[k] == MIR_CMP_NEWER ||
		    r[k] == MIR_CMP_SIZE) && !it->marked &&
		    fp_matches(f, it)) {	/* what the filter shows */
			it->marked = true;
			f->nmarked++;
		}
	}
	f->compared = true;
	f->pane.dirty = true;
}

/* The letter of the links of a pane: not compared (never marked). */
static void
links(struct files *f)
{
	size_t i;

	for (i = 0; i < f->nitems; i++)
		if (f->items[i].kind == FK_LINK)
			f->items[i].cmp = mir_cmp_letter(MIR_CMP_LINK);
}

/* Compare the two panes' listings (see above). */
static void
update(struct ui *ui, struct files *l, struct files *r, bool mark)
{
	struct mir_entry *le, *re;
	enum mir_cmp *lr, *rr;
	size_t *li, *ri, nl, nr;

	le = entries_of(l, &li, &nl);
	re = entries_of(r, &ri, &nr);
	app_zone_shift(ui->app, re, nr);	/* as compare learned it */
	lr = xcalloc(nl + 1, sizeof *lr);
	rr = xcalloc(nr + 1, sizeof *rr);
	mir_compare_sides(le, nl, re, nr, lr, rr);
	apply(l, li, lr, nl, mark);
	apply(r, ri, rr, nr, mark);
	links(l);
	links(r);
	free(lr);
	free(rr);
	free(le);
	free(re);
	free(li);
	free(ri);
	ui->dirty_all = true;
}

/*
 * Once a pass: after the command, or when a pane has a new listing
 * (items_free took its letters off), both listings being there.
 */
void
ui_compare_pass(struct ui *ui)
{
	struct files *l = model(ui->panes[FOCUS_LOCAL]);
	struct files *r = model(ui->panes[FOCUS_REMOTE]);

	if (!ui->comparing || (!ui->compare_req && l->compared &&
	    r->compared))
		return;
	if (!l->have || !r->have || !ftp_session_connected(ui->app->ftp)) {
		if (l->compared || r->compared) {
			clear_pane(l);
			clear_pane(r);
			ui->dirty_all = true;
		}
		return;		/* again when both listings are there */
	}
	clear_pane(l);
	clear_pane(r);
	update(ui, l, r, ui->compare_req);
	ui->compare_req = false;
}

/* The colour of a letter. */
enum ui_color
compare_color(char letter)
{
	switch (letter) {
	case '+':
		return UC_CMP_ONLY;
	case '>':
		return UC_CMP_NEWER;
	case '<':
		return UC_CMP_OLDER;
	case '!':
		return UC_CMP_SIZE;
	}
	return UC_NORMAL;
}

/* = and Ctrl-Y. */
bool
ui_compare_key(struct ui *ui, enum ui_act act)
{
	switch (act) {
	case KA_COMPARE:
		if (ui->comparing) {
			ui->comparing = false;
			clear_pane(model(ui->panes[FOCUS_LOCAL]));
			clear_pane(model(ui->panes[FOCUS_REMOTE]));
			ui->dirty_all = true;
			ui_message(ui, APP_INFO, "%s", _("Compare off (the "
			    "marks stay; Esc clears them)."));
		} else if (!ftp_session_connected(ui->app->ftp))
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
		else
			ui_command(ui, "compare", false, NULL, NULL);
		return true;
	case KA_SYNC_BROWSE:
		ui_command(ui, ui->app->opts.sync_browse ?
		    "set sync-browse off" : "set sync-browse on", false, NULL,
		    NULL);
		return true;
	default:
		return false;
	}
}
