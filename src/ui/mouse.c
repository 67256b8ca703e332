/*
 * mouse.c: the mouse (ncurses; off with `set mouse off`). A click selects
 * the row under it and gives its pane the focus, a double click opens it
 * (as Enter), a right click marks it (as Space), the wheel scrolls; a
 * click on a tab of the bottom pane shows that view, on a dialog's
 * button answers it (the key the button names), and the wheel scrolls
 * the viewer. Every action goes through the key it stands for, so it
 * does what the key does.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/i18n.h"
#include "cmd/app.h"
#include "ui/files_priv.h"
#include "ui/ui_priv.h"

#define WHEEL_ROWS	3

#ifndef BUTTON5_PRESSED
#define BUTTON5_PRESSED	0
#endif

/* Turn the mouse on or off as the option says. */
void
ui_mouse_apply(struct ui *ui)
{
	mmask_t want = ui->app->opts.mouse ? BUTTON1_CLICKED |
	    BUTTON1_DOUBLE_CLICKED | BUTTON3_CLICKED | BUTTON3_PRESSED |
	    BUTTON4_PRESSED | BUTTON5_PRESSED : 0;

	if (ui->mouse_on == (want != 0))
		return;
	mousemask(want, NULL);
	mouseinterval(want != 0 ? 300 : 0);
	ui->mouse_on = want != 0;
}

static void
press(struct ui *ui, wint_t ch, bool code)
{
	struct ui_key k = { ch, code };

	ui_dispatch(ui, &k);
}

static bool
inside(const struct ui_rect *r, int y, int x)
{
	return y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

/* Does the text start with the key's name, as keyname.c shows it? */
static bool
starts_label(const wchar_t *text, const char *key)
{
	wchar_t w[32];
	size_t n = mbstowcs(w, ui_key_label(key), 31);

	return n != (size_t)-1 && n > 0 && wcsncmp(text, w, n) == 0;
}

/* The key a dialog's button at column x of row y names, or 0. */
static wint_t
button_key(int y, int x, bool *code)
{
	wchar_t row[512];
	int n, a, b, i;

	*code = false;
	/* the row as drawn, a character a column */
	for (n = 0; n < COLS && n < 511; n++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t attrs;
		short pair;

		row[n] = L' ';
		if (mvin_wch(y, n, &cc) != ERR && getcchar(&cc, wch, &attrs,
		    &pair, NULL) != ERR && wch[0] != L'\0')
			row[n] = wch[0];
	}
	row[n] = L'\0';
	if (x >= n || row[x] == L' ')
		return 0;
	/* the button: the words around x, between runs of two spaces */
	for (a = x; a > 0 && !(row[a - 1] == L' ' && a > 1 &&
	    row[a - 2] == L' ') && row[a - 1] != L'\x2502'; a--)
		;
	for (b = x; b < n && !(row[b] == L' ' && b + 1 < n &&
	    row[b + 1] == L' ') && row[b] != L'\x2502'; b++)
		;
	while (a < b && row[a] == L' ')
		a++;
	for (i = a; i + 2 < b; i++)
		if (row[i] == L'[' && row[i + 2] == L']' && row[i + 1] != L' ')
			return (wint_t)row[i + 1];
	if (starts_label(row + a, "Enter"))
		return '\r';
	if (starts_label(row + a, "Esc"))
		return 0x1b;
	return 0;
}

/* A click in a file pane: the cursor to the row under it. */
static bool
files_click(struct ui *ui, struct ui_pane *p, int y)
{
	struct files *f = model(p);
	size_t top = fp_first_row(f, fp_rows(f)), row;

	row = top + (size_t)(y - p->r.y);
	if (row >= f->nview)
		return false;
	f->top = top;
	f->cur = row;
	p->dirty = true;
	ui->dirty_frame = true;
	return true;
}

/* A mouse event came (KEY_MOUSE). */
void
ui_mouse(struct ui *ui)
{
	MEVENT ev;
	mmask_t m;
	int i, f;
	bool code;
	wint_t key;

	if (getmouse(&ev) != OK || !ui->app->opts.mouse)
		return;
	if (ui->picker != NULL && ui->dialogs == NULL)
		return;		/* the site picker: keys only */
	m = ev.bstate;
	/* a press and a release read together may come as the release */
	if (m & BUTTON1_RELEASED)
		m |= BUTTON1_CLICKED;
	if (m & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		/* the wheel: the viewer, or the pane under the pointer */
		wint_t dir = (m & BUTTON4_PRESSED) ? KEY_UP : KEY_DOWN;

		if (ui->dialogs == NULL && ui->view == NULL && !ui->editing)
			for (f = 0; f < FOCUS_N; f++)
				if (inside(&ui->panes[f]->r, ev.y, ev.x) &&
				    ui->focus != (enum ui_focus)f)
					ui_focus(ui, (enum ui_focus)f);
		for (i = 0; i < WHEEL_ROWS; i++) {
			if (ui->view != NULL)
				press(ui, dir, true);
			else if (ui->dialogs == NULL) {
				struct ui_pane *p = ui->panes[ui->focus];
				struct ui_key k = { dir, true };

				p->ops->key(ui, p, &k);
			}
		}
		ui->dirty_all = true;
		return;
	}
	if (ui->dialogs != NULL) {
		if ((m & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) &&
		    (key = button_key(ev.y, ev.x, &code)) != 0)
			press(ui, key, code);
		return;
	}
	if (ui->view != NULL)
		return;
	/* the tabs of the bottom pane: the frame row above it */
	if ((m & BUTTON1_CLICKED) && ev.y == ui->panes[FOCUS_BOTTOM]->r.y - 1) {
		int t = bottom_tab_at(ui, ev.x);

		if (t >= 0) {
			if (ui->editing)
				ui_leave_input(ui);
			bottom_set_view(ui, (enum ui_bottom)t);
			ui_focus(ui, FOCUS_BOTTOM);
			ui->dirty_all = true;
		}
		return;
	}
	for (f = 0; f < FOCUS_N; f++) {
		struct ui_pane *p = ui->panes[f];

		if (!inside(&p->r, ev.y, ev.x))
			continue;
		if (ui->editing && !ui->console_input)
			ui_leave_input(ui);
		if (ui->focus != (enum ui_focus)f)
			ui_focus(ui, (enum ui_focus)f);
		ui->dirty_all = true;
		if (f == FOCUS_BOTTOM)
			return;
		if (!files_click(ui, p, ev.y))
			return;
		if (m & BUTTON1_DOUBLE_CLICKED)
			press(ui, '\r', false);
		else if (m & (BUTTON3_CLICKED | BUTTON3_PRESSED))
			press(ui, ' ', false);
		return;
	}
}
