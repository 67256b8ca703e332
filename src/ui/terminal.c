/*
 * terminal.c: what comes from the terminal: the keys read when the loop
 * says standard input is readable (typed ahead while a command runs, and
 * applied in order when it ends), mouse events handed to mouse.c, the
 * sequences terminals send that terminfo may not name, and the signals
 * (SIGWINCH lays out again, SIGINT is Ctrl-C, SIGTERM and SIGHUP end the
 * screen). Every key goes on to keys.c's dispatch.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "ev/loop.h"
#include "ui/keymap.h"
#include "ui/ui_priv.h"

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
