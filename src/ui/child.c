/*
 * child.c: what the screen does for the commands of issue 14: a yes/no
 * question (rm -r asks once with its counted total) and the terminal
 * lent to a child process (!, pipes, edit, the pager).
 */
#include "config.h"

#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ui/ui_priv.h"

/* A yes/no question of a command (rm -r). */
struct yesno_ask {
	app_yesno_cb	 cb;
	void		*cbarg;
};

static void
yesno_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct yesno_ask *y = arg;

	y->cb(ui->app, a == DLG_YES ? 1 : 0, y->cbarg);
	free(y);
}

void
ui_ask_yesno(struct app *app, const char *question, app_yesno_cb cb,
    void *cbarg, void *arg)
{
	struct yesno_ask *y = xcalloc(1, sizeof *y);
	char *q = ui_sanc(question);

	y->cb = cb;
	y->cbarg = cbarg;
	dlg_confirm(arg, _("Remove"), q, yesno_done, y);
	free(q);
}

/*
 * A child takes the terminal (!, edit, the pager): give it back as the
 * shell had it and stop reading keys; then take it again, all redrawn.
 */
void
ui_suspend(struct app *app, bool suspend, void *arg)
{
	struct ui *ui = arg;

	if (suspend) {
		ev_io_set(ui->keys, 0);
		clear();		/* the child starts on a clean screen */
		refresh();
		def_prog_mode();
		endwin();
		ui->suspended = true;
		return;
	}
	ui->suspended = false;
	reset_prog_mode();
	clearok(curscr, TRUE);
	ev_io_set(ui->keys, POLLIN);
	ui->rescan_local = true;
	ui_dirty(ui);
	/* The size may have changed meanwhile: lay out again from the loop. */
	kill(getpid(), SIGWINCH);
}
