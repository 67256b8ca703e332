/*
 * keys.c: the keys of the screen: the terminal's sequences that terminfo
 * may not name, reading the keys, the screen-wide keys, Ctrl-C and Esc
 * (stop what runs), quitting (asking first when something would be
 * lost), and the signals that come as keys (SIGINT) or end the screen.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/batch.h"
#include "cmd/parse.h"
#include "ev/loop.h"
#include "ui/ui.h"
#include "ui/keymap.h"
#include "ui/ui_priv.h"

/* ------------------------------------------------------------ quit */

/* The quit question answered. */
static void
quit_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	if (a != DLG_YES)
		return;
	xq_journal_close(ui->app->queue);	/* kept for the next run */
	xq_cancel_all(ui->app->queue);
	if (ui->app->running != NULL)
		cmd_cancel(ui->app);
	ui_command(ui, "quit", false, NULL, NULL);
}

/* The console sessions open. */
static unsigned
open_consoles(struct app *app)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < APP_MAX_CONS; i++)
		if (app->cons[i] != NULL)
			n++;
	return n;
}

/*
 * q, F10, :quit, Ctrl-C on an empty line: quit, asking first while
 * transfers run or console sessions are open.
 */
void
ui_ask_quit(struct ui *ui)
{
	struct xq_stats st;
	struct buf b;
	unsigned ncon = open_consoles(ui->app);
	char *text;

	if (!xq_busy(ui->app->queue) && ncon == 0) {
		quit_done(ui, DLG_YES, NULL, NULL);
		return;
	}
	buf_init(&b, 4096);
	if (xq_busy(ui->app->queue)) {
		xq_stats(ui->app->queue, &st);
		text = xasprintf(ngettext("%u transfer is not finished. Quit "
		    "and stop it?", "%u transfers are not finished. Quit and "
		    "stop them?", st.active + st.queued), st.active +
		    st.queued);
		buf_append_str(&b, text);
		free(text);
	}
	if (ncon > 0) {
		text = xasprintf(ngettext("%u console session is open. Quit "
		    "and close it?", "%u console sessions are open. Quit and "
		    "close them?", ncon), ncon);
		if (buf_len(&b) > 0)
			buf_append_str(&b, "\n");
		buf_append_str(&b, text);
		free(text);
	}
	dlg_confirm(ui, _("Quit"), buf_cstr(&b), quit_done, NULL);
	buf_free(&b);
}

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

/* ------------------------------------------------------------ input */

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

/*
 * A key from the terminal. While a command runs (a directory loads),
 * the keys for the panes wait in order and are applied when it ends
 * (ui_typeahead); Ctrl-C and Esc act at once and drop what waits,
 * quitting (q, F10) and Ctrl-L act at once.
 */
static void
ui_key_typed(struct ui *ui, const struct ui_key *k)
{
	enum ui_act act;

	if (k->code && k->ch == KEY_RESIZE) {
		ui_dispatch(ui, k);
		return;
	}
	act = keymap_find(k, KX_SCREEN);
	if (act == KA_INTERRUPT || ui_key_is(k, UI_ESC)) {
		ui->nahead = 0;
		ui_dispatch(ui, k);
		return;
	}
	if (ui->nahead > 0 || (ui_busy(ui) && !ui->editing &&
	    ui->dialogs == NULL && ui->view == NULL && ui->picker == NULL &&
	    !ui->too_small &&
	    act != KA_REDRAW && act != KA_QUIT &&
	    keymap_find(k, KX_PANES) != KA_QUIT)) {
		if (ui->nahead < UI_AHEAD_MAX)
			ui->ahead[ui->nahead++] = *k;
		else
			beep();
		return;
	}
	ui_dispatch(ui, k);
}

/*
 * Apply the keys typed ahead, in order, while nothing runs; the panes
 * are brought up to date before each (Enter acts on the listing that
 * came).
 */
void
ui_typeahead(struct ui *ui)
{
	struct ui_key k;

	while (ui->nahead > 0 && !ui->quitting && !ui_busy(ui)) {
		k = ui->ahead[0];
		memmove(ui->ahead, ui->ahead + 1,
		    --ui->nahead * sizeof ui->ahead[0]);
		ui_dispatch(ui, &k);
		ui_sync_panes(ui);
	}
}

/* Standard input is readable: read every key there is. */
void
ui_read_keys(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ui *ui = arg;
	struct ui_key k;
	wint_t ch;
	int rc;

	while (!ui->quitting && (rc = get_wch(&ch)) != ERR) {
		k.ch = ch;
		k.code = rc == KEY_CODE_YES;
		if (k.code && ch == KEY_MOUSE)
			ui_mouse(ui);
		else
			ui_key_typed(ui, &k);
	}
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* the terminal is gone */
		ev_io_free(io);
		ui->keys = NULL;
		ui->quitting = true;
		ev_break(ui->loop);
	}
}

/* ------------------------------------------------------------ signals */

/* SIGWINCH: lay out again at once. */
void
ui_winch(int signo, void *arg)
{
	struct ui *ui = arg;

	if (!ui->quitting && !ui->suspended)	/* a child has it */
		ui_resize(ui);
}

/* SIGINT from outside (keys do not send it: the terminal is raw). */
void
ui_sigint(int signo, void *arg)
{
	struct ui *ui = arg;
	struct ui_key k = { UI_CTRL('c'), false };

	ui_dispatch(ui, &k);
}

/* SIGTERM, SIGHUP: leave now, cleanly. */
void
ui_sigterm(int signo, void *arg)
{
	struct ui *ui = arg;

	ui->quitting = true;
	ev_break(ui->loop);
}

/*
 * Sequences terminals send that the terminfo entry may not name: Home
 * and End as VT220, rxvt and xterm send them in either cursor mode (tmux
 * sends ESC [ 1 ~ and ESC [ 4 ~), F1-F4 as VT100 and old xterm do.
 */
void
ui_define_keys(void)
{
	static const struct {
		const char	*seq;
		int		 key;
	} keys[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME },
		{ "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END },
		{ "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
		{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
		{ "\033[Z", KEY_BTAB },
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (key_defined(keys[i].seq) <= 0)
			define_key(keys[i].seq, keys[i].key);
}
