/*
 * command.c: running a command line for the screen (ui_command: every
 * key action is one), its end (a failed login's errors in a dialog, quit
 * when the app says so), quoting a word for a line, and quitting, which
 * asks first while transfers run or console sessions are open. It calls
 * the dialogs and the message row only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"
#include "ev/loop.h"
#include "ui/ui_priv.h"

/* A command run for the screen. */
struct ui_call {
	struct ui	*ui;
	void		(*then)(struct ui *, int, void *);
	void		*arg;
	bool		 typed;
	bool		 login;		/* open/user: errors go to a dialog */
};

/* ------------------------------------------------------------ run */

/* A command ended. */
static void
call_done(struct cmd_call *c, int status, void *arg)
{
	struct ui_call *uc = arg;
	struct ui *ui = uc->ui;

	if (uc->typed) {
		ui->typed_running = false;
		ui->typed_output = false;
	}
	if (uc->login) {
		if (status != CMD_OK && ui->open_errors != NULL &&
		    ui->open_errors[0] != '\0' && !ui->quitting)
			dlg_message(ui, _("Cannot connect"), ui->open_errors);
		/* a failed login: the server closing next is no surprise */
		if (status != CMD_OK) {
			ui->expect_close = true;
			ui->lost = false;
		}
		free(ui->open_errors);
		ui->open_errors = NULL;
	}
	ui->dirty_status = true;
	ui->sync_remote = true;
	if (uc->then != NULL)
		uc->then(ui, status, uc->arg);
	if (ui->app->quit && !ui->quitting) {
		ui->quitting = true;
		ev_break(ui->loop);
	}
	free(uc);
}

/* A quoted word for a command line. */
char *
ui_quote(const char *word)
{
	return cmd_quote_word(word);
}

/* Run a command line; then(ui, status, arg) when it has ended. */
void
ui_command(struct ui *ui, const char *line, bool typed,
    void (*then)(struct ui *, int, void *), void *arg)
{
	struct ui_call *uc;
	const struct cmd_desc *d;
	char **argv, err[256];
	int argc;

	if (ui->app->running != NULL) {
		ui_message(ui, APP_WARN, _("Busy with %s: wait, or press "
		    "Ctrl-C to stop it."), ui->app->running->desc != NULL ?
		    ui->app->running->desc->name : "?");
		if (then != NULL)
			then(ui, CMD_FAILED, arg);
		return;
	}
	uc = xcalloc(1, sizeof *uc);
	uc->ui = ui;
	uc->then = then;
	uc->arg = arg;
	uc->typed = typed;
	if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == 0) {
		d = argc > 0 ? cmd_find(argv[0], err, sizeof err) : NULL;
		if (d != NULL && (strcmp(d->name, "open") == 0 ||
		    strcmp(d->name, "user") == 0)) {
			uc->login = true;
			free(ui->open_errors);
			ui->open_errors = xstrdup("");
		}
		/* closing on purpose: not a lost connection */
		if (d != NULL && (uc->login || strcmp(d->name, "close") == 0 ||
		    strcmp(d->name, "quit") == 0))
			ui->expect_close = true;
		cmd_argv_free(argv);
	}
	if (typed) {
		ui->typed_running = true;
		ui->typed_output = false;
	}
	ui->dirty_status = true;
	cmd_run_line(ui->app, line, call_done, uc);
}

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
