/*
 * picker.c: the site picker (Ctrl-\ or o): the bookmarks and the recent
 * servers in a box over the panes, filtered as the user types (case
 * ignored, in the name and the URL). Enter runs "open @NAME" (or "open
 * URL" for a recent server), Delete runs "bookmark del NAME" after asking,
 * F4 edits a bookmark's URL and runs "bookmark add NAME URL"; Esc closes.
 * The screen opens it at start when no host was given and there is
 * something to pick.
 *
 * Both files are small local files (LIM_RCFILE at most) read once when
 * the picker opens and again after a change; names and URLs are
 * sanitized before they are kept for drawing.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"
#include "ui/keymap.h"
#include "ui/ui_priv.h"

struct pick_item {
	char	*name;		/* a bookmark's name (raw), NULL: recent */
	char	*url;		/* raw, never with a password */
	char	*shown_name;	/* display-safe */
	char	*shown_url;
	char	*fold;		/* name and URL in lower case, for the filter */
};

struct picker {
	struct pick_item *items;
	size_t		 n;
	size_t		*view;		/* the items that pass the filter */
	size_t		 nview, cur, top;
	char		 filter[128];
	char		*error;		/* the bookmark file's first bad line */
	bool		 at_start;
	int		 rows;		/* list rows drawn */
	int		 cy, cx;	/* the cursor in the filter field */
};

static void
items_free(struct picker *pk)
{
	size_t i;

	for (i = 0; i < pk->n; i++) {
		free(pk->items[i].name);
		free(pk->items[i].url);
		free(pk->items[i].shown_name);
		free(pk->items[i].shown_url);
		free(pk->items[i].fold);
	}
	free(pk->items);
	free(pk->view);
	free(pk->error);
	pk->items = NULL;
	pk->view = NULL;
	pk->error = NULL;
	pk->n = pk->nview = 0;
}

static void
add_item(struct picker *pk, const char *name, const char *url,
    const struct bookmark *bm)
{
	struct pick_item *it;
	char *both, *shown;

	pk->items = xreallocarray(pk->items, pk->n + 1, sizeof *pk->items);
	it = &pk->items[pk->n++];
	it->name = name != NULL ? xstrdup(name) : NULL;
	it->url = xstrdup(url);
	it->shown_name = name != NULL ? ui_sanc(name) : NULL;
	/* a bookmark's own settings after its URL */
	shown = xasprintf("%s%s%s%s%s", url, bm != NULL && bm->charset != NULL ?
	    "  charset=" : "", bm != NULL && bm->charset != NULL ?
	    bm->charset : "", bm != NULL && bm->tls != NULL ? "  tls=" : "",
	    bm != NULL && bm->tls != NULL ? bm->tls : "");
	it->shown_url = ui_sanc(shown);
	free(shown);
	both = xasprintf("%s %s", name != NULL ? name : "", url);
	it->fold = casefold(both, strlen(both), NULL);
	free(both);
}

/* The items that pass the filter; the cursor stays in range. */
static void
build_view(struct picker *pk)
{
	char *pat = casefold(pk->filter, strlen(pk->filter), NULL);
	size_t i;

	pk->nview = 0;
	for (i = 0; i < pk->n; i++)
		if (strstr(pk->items[i].fold, pat) != NULL)
			pk->view[pk->nview++] = i;
	free(pat);
	if (pk->cur >= pk->nview)
		pk->cur = pk->nview > 0 ? pk->nview - 1 : 0;
	if (pk->top > pk->cur)
		pk->top = pk->cur;
}

/* Read the bookmarks and the recent servers (again). */
static void
load(struct picker *pk)
{
	struct bookmark *bm = NULL;
	char **urls = NULL, *path, err[512];
	size_t nbm = 0, nurl = 0, i, j;

	items_free(pk);
	err[0] = '\0';
	if ((path = xdg_path(false, "bookmarks", false)) != NULL &&
	    bm_load(path, &bm, &nbm, err, sizeof err) != 0 && err[0] != '\0')
		pk->error = ui_sanc(err);
	free(path);
	for (i = 0; i < nbm; i++)
		add_item(pk, bm[i].name, bm[i].url, &bm[i]);
	(void)recent_load(&urls, &nurl);
	for (i = 0; i < nurl; i++) {
		/* a recent server a bookmark names already: once */
		for (j = 0; j < nbm; j++)
			if (strcmp(bm[j].url, urls[i]) == 0 ||
			    (strncmp(bm[j].url, urls[i], strlen(urls[i])) ==
			    0 && strcmp(bm[j].url + strlen(urls[i]), "/") ==
			    0))
				break;
		if (j == nbm)
			add_item(pk, NULL, urls[i], NULL);
	}
	bm_free(bm, nbm);
	recent_free(urls, nurl);
	pk->view = xcalloc(pk->n + 1, sizeof *pk->view);
	build_view(pk);
}

/* Is there a bookmark or a recent server to offer? */
static bool
anything(void)
{
	struct picker pk;
	bool some;

	memset(&pk, 0, sizeof pk);
	load(&pk);
	some = pk.n > 0;
	items_free(&pk);
	return some;
}

/* Open the picker; at_start: only when there is something to pick. */
void
picker_open(struct ui *ui, bool at_start)
{
	if (ui->picker != NULL || (at_start && !anything()))
		return;
	ui->picker = xcalloc(1, sizeof *ui->picker);
	ui->picker->at_start = at_start;
	load(ui->picker);
	ui->dirty_all = true;
}

void
picker_close(struct ui *ui)
{
	if (ui->picker == NULL)
		return;
	items_free(ui->picker);
	free(ui->picker);
	ui->picker = NULL;
	ui->dirty_all = true;
}

/* A command of the picker ended: read the files again. */
static void
reload(struct ui *ui, int status, void *arg)
{
	if (ui->picker != NULL) {
		load(ui->picker);
		ui->dirty_all = true;
	}
}

/* The item under the cursor, or NULL. */
static struct pick_item *
current(struct picker *pk)
{
	return pk->cur < pk->nview ? &pk->items[pk->view[pk->cur]] : NULL;
}

/* Enter: open the site. */
static void
pick_connect(struct ui *ui)
{
	struct pick_item *it = current(ui->picker);
	char *q, *t, *line;

	if (it == NULL)
		return;
	t = it->name != NULL ? xasprintf("@%s", it->name) : xstrdup(it->url);
	q = ui_quote(t);
	line = xasprintf("open %s", q);
	picker_close(ui);
	ui_command(ui, line, false, NULL, NULL);
	free(line);
	free(q);
	free(t);
}

/* Delete: asked, then "bookmark del NAME". */
static void
delete_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	char *name = arg, *q, *line;

	if (a == DLG_YES && ui->picker != NULL) {
		q = ui_quote(name);
		line = xasprintf("bookmark del %s", q);
		ui_command(ui, line, false, reload, NULL);
		free(line);
		free(q);
	}
	free(name);
}

/* F4: the new URL, then "bookmark add NAME URL". */
static void
edit_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	char *name = arg, *q1, *q2, *line;

	if (a == DLG_TEXT && ui->picker != NULL && text != NULL &&
	    *text != '\0') {
		q1 = ui_quote(name);
		q2 = ui_quote(text);
		line = xasprintf("bookmark add %s %s", q1, q2);
		ui_command(ui, line, false, reload, NULL);
		free(line);
		free(q1);
		free(q2);
	}
	free(name);
}

/* Delete or edit the bookmark under the cursor. */
static void
change(struct ui *ui, bool del)
{
	struct pick_item *it = current(ui->picker);
	char *text;

	if (it == NULL)
		return;
	if (it->name == NULL) {
		ui_message(ui, APP_INFO, "%s", _("A recent server, not a "
		    "bookmark: connect and use 'bookmark add NAME' to keep "
		    "it."));
		return;
	}
	if (del) {
		text = xasprintf(_("Delete the bookmark %s?"),
		    it->shown_name);
		dlg_confirm(ui, _("Delete a bookmark"), text, delete_done,
		    xstrdup(it->name));
		free(text);
		return;
	}
	text = xasprintf(_("The URL of %s (no password: it is never "
	    "kept):"), it->shown_name);
	dlg_input_init(ui, _("Edit a bookmark"), text, it->url, edit_done,
	    xstrdup(it->name));
	free(text);
}

/* A key while the picker is open: it takes every key. */
bool
picker_key(struct ui *ui, const struct ui_key *k)
{
	struct picker *pk = ui->picker;
	enum ui_act act;
	size_t len;

	ui->dirty_all = true;
	/* Esc, Ctrl-C, Ctrl-\ again (not o: a letter filters) */
	if (ui_key_is(k, UI_ESC) || ui_key_is(k, UI_CTRL('c')) ||
	    (keymap_find(k, KX_PANES) == KA_PICKER && (k->code ||
	    k->ch < ' '))) {
		picker_close(ui);
		return true;
	}
	if (ui_key_enter(k)) {
		pick_connect(ui);
		return true;
	}
	if (ui_key_code(k, KEY_DC) || ui_key_code(k, KEY_F(8))) {
		change(ui, true);
		return true;
	}
	if (ui_key_code(k, KEY_F(4))) {
		change(ui, false);
		return true;
	}
	if (ui_key_back(k)) {
		pk->filter[field_back(pk->filter, strlen(pk->filter))] = '\0';
		build_view(pk);
		return true;
	}
	if (ui_key_is(k, UI_CTRL('u'))) {
		pk->filter[0] = '\0';
		build_view(pk);
		return true;
	}
	if (k->code) {
		act = keymap_find(k, KX_LIST);
		if (list_move(&pk->cur, &pk->top, pk->nview,
		    pk->rows > 0 ? (size_t)pk->rows : 1, act))
			return true;
		return false;
	}
	len = strlen(pk->filter);
	if (field_add(pk->filter, sizeof pk->filter, &len, k) <= 0)
		return false;
	pk->cur = pk->top = 0;
	build_view(pk);
	return true;
}

/* Draw the picker, centred over the panes. */
void
picker_draw(struct ui *ui)
{
	struct picker *pk = ui->picker;
	struct pick_item *it;
	struct ui_rect r;
	char *t, *f;
	int y, namew, listh, inner;
	size_t i;

	if (pk == NULL)
		return;
	r.w = ui->cols - 4 < 90 ? ui->cols - 4 : 90;
	inner = r.w - 4;
	listh = (int)(pk->n > 0 ? pk->n : 1);
	if (listh > ui->rows - 10)
		listh = ui->rows - 10;
	if (listh < 1)
		listh = 1;
	r.h = listh + 7 + (pk->error != NULL);
	r.y = (ui->rows - r.h) / 2;
	r.x = (ui->cols - r.w) / 2;
	draw_dialog_frame(&r, ui->cols,
	    _("Sites: bookmarks and recent servers"));
	y = r.y + 1;
	f = ui_sanc(pk->filter);
	t = xasprintf("%s %s", _("Filter:"), f);
	draw_text(y, r.x + 2, inner, t, UC_INPUT, A_NORMAL, true);
	pk->cy = y;
	pk->cx = r.x + 2 + draw_width(t);
	if (pk->cx >= r.x + r.w - 2)
		pk->cx = r.x + r.w - 3;
	free(t);
	free(f);
	y += 2;
	if (pk->error != NULL)
		draw_text(y++, r.x + 2, inner, pk->error, UC_WARN, A_NORMAL,
		    true);
	pk->rows = listh;
	if (pk->cur < pk->top)
		pk->top = pk->cur;
	if (pk->cur >= pk->top + (size_t)listh)
		pk->top = pk->cur - (size_t)listh + 1;
	namew = inner / 3 < 24 ? inner / 3 : 24;
	if (pk->nview == 0)
		draw_text(y, r.x + 2, inner, pk->n == 0 ? _("No bookmarks and "
		    "no recent servers yet ('bookmark add NAME' keeps one).") :
		    _("Nothing matches."), UC_DIALOG, A_NORMAL, true);
	for (i = pk->top; i < pk->nview && y < r.y + 3 + listh +
	    (pk->error != NULL); i++, y++) {
		enum ui_color c = i == pk->cur ? UC_CURSOR : UC_DIALOG;

		it = &pk->items[pk->view[i]];
		draw_text(y, r.x + 2, namew, it->shown_name != NULL ?
		    it->shown_name : _("(recent)"), c, it->name != NULL ?
		    A_BOLD : A_NORMAL, true);
		draw_text(y, r.x + 2 + namew, 1, " ", c, A_NORMAL, true);
		draw_text(y, r.x + 3 + namew, inner - namew - 1, it->shown_url,
		    c, A_NORMAL, true);
	}
	draw_text(r.y + r.h - 3, r.x + 2, inner, pk->at_start ?
	    _("Enter: connect   Esc: close (then :open HOST connects)") :
	    _("Enter: connect   Esc: close"), UC_DIALOG, A_BOLD, true);
	draw_text(r.y + r.h - 2, r.x + 2, inner, _("Type to filter   "
	    "Delete, F4: delete, edit a bookmark"), UC_DIALOG, A_BOLD, true);
}

/* Where the cursor goes: the end of the filter. */
bool
picker_cursor(struct ui *ui, int *y, int *x)
{
	if (ui->picker == NULL)
		return false;
	*y = ui->picker->cy;
	*x = ui->picker->cx;
	return true;
}
