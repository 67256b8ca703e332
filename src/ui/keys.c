/*
 * keys.c: the dispatch of a key (ui_dispatch, from terminal.c and
 * mouse.c): to the "terminal too small" screen, a dialog, the site
 * picker, the viewer, the screen-wide keys of the key table, the command
 * line or the focused pane, in that order; the screen's own actions
 * (help, redraw, the bottom pane's views, moving between the panes, the
 * transfer type) and Ctrl-C and Esc, which stop what runs. A widget
 * says whether it used a key by what its key function returns.
 */
#include "config.h"

#include <curses.h>

#include "base/i18n.h"
#include "ui/keymap.h"
#include "ui/ui_priv.h"

/* a: binary, ASCII, auto. */
void
ui_cycle_type(struct ui *ui)
{
	static const char *next[] = { "type ascii", "type auto",
	    "type binary" };

	ui_command(ui, next[ui->app->opts.type % 3], false, NULL, NULL);
}

/* Is a remote directory being listed (after cd, r, a completion)? */
static bool
dir_loading(struct app *app)
{
	size_t i;

	for (i = 0; i < app->ndirs; i++)
		if (app->dirs[i].loading)
			return true;
	return false;
}

/*
 * Ctrl-C, Esc: stop the running command (view, refresh, ...) or the
 * directory being listed after a cd. false: nothing ran.
 */
static bool
ui_interrupt(struct ui *ui)
{
	if (ui->app->running != NULL) {
		cmd_cancel(ui->app);
		return true;
	}
	if (!dir_loading(ui->app))
		return false;
	ftp_cancel(ui->app->ftp);
	ui_message(ui, APP_INFO, "%s", _("interrupted"));
	ui->sync_remote = true;
	return true;
}

/* Ctrl-C: stop what runs, clear the line; on an empty line, quit. */
static void
ctrl_c(struct ui *ui)
{
	if (ui_interrupt(ui))
		return;
	if (ui->editing && !input_empty(ui)) {
		input_clear(ui);
		return;
	}
	ui_ask_quit(ui);
}

/* --------------------------------------------------------- dispatch */

/* A key of the screen's (the key table's KX_SCREEN); false: not one. */
static bool
screen_act(struct ui *ui, enum ui_act act)
{
	switch (act) {
	case KA_INTERRUPT:
		ctrl_c(ui);
		return true;
	case KA_REDRAW:
		clearok(curscr, TRUE);
		ui->dirty_all = true;
		return true;
	case KA_HELP:
		help_open(ui);
		return true;
	case KA_QUIT:
		ui_ask_quit(ui);
		return true;
	case KA_BOTTOM_NEXT:
		bottom_set_view(ui, (ui->bottom + 1) % BOT_N);
		if (ui->focus == FOCUS_BOTTOM || ui->console_input)
			ui_focus(ui, FOCUS_BOTTOM);
		return true;
	case KA_CONSOLE_NEXT:
		bottom_next_console(ui);
		return true;
	default:
		return false;
	}
}

/* A key of the panes (KX_PANES) while no line is typed. */
static bool
panes_act(struct ui *ui, enum ui_act act)
{
	switch (act) {
	case KA_NEXT_PANE:
		ui_focus(ui, (ui->focus + 1) % FOCUS_N);
		return true;
	case KA_PREV_PANE:
		ui_focus(ui, (ui->focus + FOCUS_N - 1) % FOCUS_N);
		return true;
	case KA_CMDLINE:
		ui_start_command(ui);
		return true;
	case KA_TYPE:
		ui_cycle_type(ui);
		return true;
	case KA_PICKER:
		picker_open(ui, false);
		return true;
	case KA_SHOW_TRANSFERS:
	case KA_SHOW_PROTOCOL:
	case KA_SHOW_CONSOLE:
		bottom_set_view(ui, act == KA_SHOW_TRANSFERS ? BOT_TRANSFERS :
		    act == KA_SHOW_PROTOCOL ? BOT_PROTOCOL : BOT_CONSOLE);
		if (ui->focus == FOCUS_BOTTOM)
			ui_focus(ui, FOCUS_BOTTOM);
		return true;
	default:
		/* help, quit, and a letter bound to a screen-wide action */
		return act != KA_NONE && screen_act(ui, act);
	}
}

/* The focused pane's key handler, or the screen's keys. */
void
ui_dispatch(struct ui *ui, const struct ui_key *k)
{
	struct ui_pane *p = ui->panes[ui->focus];
	enum ui_act act;

	if (ui->quitting)
		return;
	if (ui->msg_over) {
		/* a key: the message above the prompt has been read */
		ui->msg_over = false;
		ui->dirty_status = true;
	}
	if (k->code && k->ch == KEY_RESIZE) {
		ui_resize(ui);
		return;
	}
	if (ui->too_small) {
		act = keymap_find(k, KX_SCREEN);
		if (act == KA_QUIT || act == KA_INTERRUPT ||
		    keymap_find(k, KX_PANES) == KA_QUIT)
			ui_ask_quit(ui);
		ui->dirty_all = true;
		return;
	}
	if (ui->dialogs != NULL) {
		dlg_key(ui, k);
		return;
	}
	if (ui->picker != NULL) {
		picker_key(ui, k);
		return;
	}
	if (ui->view != NULL) {
		view_key(ui, k);
		return;
	}
	if (screen_act(ui, keymap_find(k, KX_SCREEN)))
		return;
	if (ui->editing) {
		if (ui_key_is(k, UI_ESC) && !input_searching(ui)) {
			ui_leave_input(ui);
			return;
		}
		if (ui->console_input) {
			if (ui_key_is(k, ':') && input_empty(ui)) {
				ui_start_command(ui);
				return;
			}
			if (ui_key_is(k, '\t') || ui_key_code(k, KEY_BTAB)) {
				ui_focus(ui, ui_key_is(k, '\t') ? FOCUS_REMOTE :
				    FOCUS_LOCAL);
				return;
			}
			act = keymap_find(k, KX_LIST);
			if (act == KA_PGUP || act == KA_PGDN) {
				p->ops->key(ui, p, k);
				return;
			}
		}
		input_key(ui, k);
		return;
	}
	/* a filter being typed takes the keys first */
	if (ui->focus != FOCUS_BOTTOM && files_filtering(p)) {
		p->ops->key(ui, p, k);
		return;
	}
	act = keymap_find(k, KX_PANES);
	if (act == KA_STOP) {
		/* Esc: the pane's filter and marks first, then what runs */
		if (!p->ops->key(ui, p, k))
			ui_interrupt(ui);
		return;
	}
	if (panes_act(ui, act))
		return;
	if (p->ops->key(ui, p, k) && ui->focus == FOCUS_BOTTOM)
		ui->xfer_drawn = 0;
}

/* Is a command running or a remote directory being listed? */
bool
ui_busy(struct ui *ui)
{
	return ui->app->running != NULL || dir_loading(ui->app);
}
