/*
 * chmod_dlg.c: the permissions dialog of a file pane (the key m): the
 * nine read/write/execute boxes of the entry under the cursor (or of the
 * marked ones) and their octal value; arrows move, Space turns a box on
 * or off, digits type the octal value, Enter runs the command (chmod MODE
 * NAME... on the remote side, SITE CHMOD; lchmod on the local side), Esc
 * leaves it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ui/files_priv.h"

#define NBOX	9		/* the boxes; the octal field is NBOX */

struct chmod_dlg {
	bool		 remote;
	char		*line;		/* " NAME NAME..." quoted */
	char		*what;		/* display-safe: a name, or a count */
	unsigned	 mode;		/* 07777 */
	int		 cur;		/* 0..NBOX */
	char		 oct[5];	/* digits typed, or "" */
};

/* The octal value as the command takes it. */
static void
mode_text(const struct chmod_dlg *c, char *out, size_t n)
{
	snprintf(out, n, c->mode > 0777 ? "%04o" : "%03o", c->mode);
}

/* The dialog's box: centred, at most 56 columns wide (the key line
   in Portuguese needs 53). */
static void
dlg_rect(struct ui *ui, struct ui_rect *r)
{
	r->w = ui->cols - 4 < 56 ? ui->cols - 4 : 56;
	r->h = 12;
	r->y = (ui->rows - r->h) / 2;
	r->x = (ui->cols - r->w) / 2;
}

static void
chmod_draw(struct ui *ui, const char *title, void *arg)
{
	static const char *rows[] = { N_("Owner"), N_("Group"), N_("Others") };
	static const char *cols[] = { N_("Read"), N_("Write"), N_("Exec") };
	struct chmod_dlg *c = arg;
	struct ui_rect r;
	char oct[8], *t;
	int y, i, j, lw = 0, cw = 7, x, bx;

	dlg_rect(ui, &r);
	draw_dialog_frame(&r, ui->cols, title);
	t = draw_width(c->what) > r.w - 4 ? draw_cut_middle(c->what, r.w - 4) :
	    xstrdup(c->what);
	draw_text(r.y + 1, r.x + 2, r.w - 4, t, UC_DIALOG, A_NORMAL, false);
	free(t);
	for (i = 0; i < 3; i++)
		if (draw_width(_(rows[i])) > lw)
			lw = draw_width(_(rows[i]));
	for (j = 0; j < 3; j++)
		if (draw_width(_(cols[j])) + 1 > cw)
			cw = draw_width(_(cols[j])) + 1;
	x = r.x + 2 + lw + 2;
	for (j = 0; j < 3; j++)
		draw_text(r.y + 3, x + j * cw, cw - 1, _(cols[j]), UC_DIALOG,
		    A_BOLD, false);
	for (i = 0; i < 3; i++) {
		y = r.y + 4 + i;
		draw_text(y, r.x + 2, lw, _(rows[i]), UC_DIALOG, A_BOLD,
		    false);
		for (j = 0; j < 3; j++) {
			int b = i * 3 + j;

			bx = x + j * cw;
			draw_text(y, bx, 3, c->mode & (0400u >> b) ? "[x]" :
			    "[ ]", c->cur == b ? UC_CURSOR : UC_DIALOG,
			    A_NORMAL, false);
		}
	}
	mode_text(c, oct, sizeof oct);
	t = xasprintf("%s %s", _("Octal:"), c->oct[0] != '\0' ? c->oct : oct);
	draw_text(r.y + 8, r.x + 2, r.w - 4, t, c->cur == NBOX ? UC_CURSOR :
	    UC_DIALOG, A_NORMAL, false);
	free(t);
	t = xasprintf(_("%s: on/off  %s: chmod  %s: cancel"),
	    ui_key_label("Space"), ui_key_label("Enter"), ui_key_label("Esc"));
	draw_text(r.y + 10, r.x + 2, r.w - 4, t, UC_DIALOG, A_BOLD, false);
	free(t);
}

/* A command ended: the pane shows the new permissions. */
static void
chmod_ran(struct ui *ui, int status, void *arg)
{
	bool remote = arg != NULL;

	if (!remote)
		ui->rescan_local = true;
	else if (status == 0 && ftp_session_connected(ui->app->ftp))
		ui_command(ui, "refresh", false, NULL, NULL);
}

/* Enter: run chmod (lchmod) MODE NAME.... */
static void
chmod_run(struct ui *ui, struct chmod_dlg *c)
{
	char oct[8], *line;

	if (c->remote && !ftp_session_connected(ui->app->ftp)) {
		ui_message(ui, APP_ERROR, "%s", _("not connected"));
		return;
	}
	mode_text(c, oct, sizeof oct);
	line = xasprintf("%s %s%s", c->remote ? "chmod" : "lchmod", oct,
	    c->line);
	ui_command(ui, line, false, chmod_ran, c->remote ? c : NULL);
	free(line);
}

static bool
chmod_key(struct ui *ui, const struct ui_key *k, void *arg)
{
	struct chmod_dlg *c = arg;
	size_t n;

	if (ui_key_is(k, UI_ESC) || ui_key_is(k, UI_CTRL('c')))
		return true;
	if (ui_key_enter(k)) {
		chmod_run(ui, c);
		return true;
	}
	if (!k->code && k->ch >= '0' && k->ch <= '7') {
		/* a fifth digit starts a new value */
		if ((n = strlen(c->oct)) >= 4)
			n = 0;
		c->oct[n] = (char)k->ch;
		c->oct[n + 1] = '\0';
		c->mode = (unsigned)strtoul(c->oct, NULL, 8) & 07777;
		c->cur = NBOX;
		return false;
	}
	if (ui_key_back(k)) {
		if ((n = strlen(c->oct)) > 0) {
			c->oct[n - 1] = '\0';
			c->mode = (unsigned)strtoul(c->oct, NULL, 8) & 07777;
		}
		return false;
	}
	if (ui_key_is(k, ' ') || ui_key_is(k, 'x')) {
		if (c->cur < NBOX)
			c->mode ^= 0400u >> c->cur;
		c->oct[0] = '\0';
		return false;
	}
	if (ui_key_code(k, KEY_RIGHT) || ui_key_is(k, 'l'))
		c->cur = c->cur < NBOX ? c->cur + 1 : 0;
	else if (ui_key_code(k, KEY_LEFT) || ui_key_is(k, 'h'))
		c->cur = c->cur > 0 ? c->cur - 1 : NBOX;
	else if (ui_key_code(k, KEY_DOWN) || ui_key_is(k, 'j') ||
	    ui_key_is(k, '\t'))
		c->cur = c->cur == NBOX ? c->cur % 3 : c->cur + 3 > NBOX - 1 ?
		    NBOX : c->cur + 3;
	else if (ui_key_code(k, KEY_UP) || ui_key_is(k, 'k') ||
	    ui_key_code(k, KEY_BTAB))
		c->cur = c->cur == NBOX ? 6 : c->cur < 3 ? NBOX : c->cur - 3;
	return false;
}

static void
chmod_close(struct ui *ui, void *arg)
{
	struct chmod_dlg *c = arg;

	(void)ui;
	free(c->line);
	free(c->what);
	free(c);
}

static const struct dlg_ops chmod_ops = { chmod_draw, chmod_key,
    chmod_close };

/* The key m: the dialog for the marked entries, or the one under the
   cursor. */
void
chmod_dlg_open(struct ui *ui, struct files *f)
{
	struct chmod_dlg *c;
	struct fitem *first = NULL, *it = NULL;
	struct buf b;
	size_t i, n = 0;
	char *name, *q;

	if (f->remote && !ftp_session_connected(ui->app->ftp)) {
		ui_message(ui, APP_ERROR, "%s", _("not connected"));
		return;
	}
	buf_init(&b, LIM_LIST_BYTES);
	for (i = 0; i <= f->nitems; i++) {
		if (i < f->nitems && !f->items[i].marked)
			continue;
		if (i == f->nitems && (n > 0 || (it = fp_current(f)) == NULL))
			break;
		if (i < f->nitems)
			it = &f->items[i];
		if (first == NULL)
			first = it;
		n++;
		name = xmemdup(it->name, it->namelen + 1);
		q = name[0] == '-' ? xasprintf("./%s", name) : xstrdup(name);
		free(name);
		name = ui_quote(q);
		free(q);
		buf_append(&b, " ", 1);
		buf_append_str(&b, name);
		free(name);
	}
	if (n == 0) {
		buf_free(&b);
		ui_message(ui, APP_INFO, "%s", _("Nothing to change: the "
		    "cursor is on no entry."));
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->remote = f->remote;
	c->line = xstrdup(buf_cstr(&b));
	buf_free(&b);
	c->mode = first->has_mode ? first->mode & 07777 : 0644;
	if (n == 1)
		c->what = ui_san(first->name, first->namelen, 0);
	else
		c->what = xasprintf(ngettext("%zu entry", "%zu entries", n), n);
	dlg_custom(ui, c->remote ? _("Remote permissions") :
	    _("Local permissions"), &chmod_ops, c);
}
