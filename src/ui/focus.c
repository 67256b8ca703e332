/*
 * focus.c: which pane has the keys, and the command line's mode that
 * goes with it: closed, typing commands, or typing at the console
 * session the console pane shows. A line typed (input.c reports it here)
 * goes where the mode says: to the session, or run as a command, the
 * quit question first for a plain quit.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"
#include "ui/ui_priv.h"

/* Focus a pane; the console pane takes the command line with it. */
void
ui_focus(struct ui *ui, enum ui_focus f)
{
	bool con = f == FOCUS_BOTTOM && ui->bottom == BOT_CONSOLE &&
	    ui->app->con_current != NULL;
	char *prompt, *name;

	ui->focus = f;
	if (con) {
		name = ui_sanc(con_name(ui->app->con_current));
		prompt = xasprintf("%s [%s]> ", name,
		    con_eol_name(con_get_eol(ui->app->con_current)));
		free(name);
		if (!ui->console_input || !ui->editing)
			input_clear(ui);
		ui->console_input = true;
		ui->editing = true;
		input_set_prompt(ui, prompt);
		free(prompt);
	} else if (ui->console_input) {
		ui->console_input = false;
		ui->editing = false;
		input_clear(ui);
		input_set_prompt(ui, "jangada> ");
	}
	ui->dirty_all = true;
}

/* Leave the command line (Esc, Enter on an empty line). */
void
ui_leave_input(struct ui *ui)
{
	if (ui->console_input) {
		ui->console_input = false;
		input_set_prompt(ui, "jangada> ");
	}
	input_clear(ui);
	ui->editing = false;
	ui->dirty_all = true;
}

/* Start typing a command. */
void
ui_start_command(struct ui *ui)
{
	if (ui->console_input) {
		ui->console_input = false;
		input_set_prompt(ui, "jangada> ");
	}
	input_clear(ui);
	ui->editing = true;
	ui->dirty_all = true;
}

/* ------------------------------------------------------------ line */

/* Is the line a plain "quit" (or exit, bye, a prefix)? */
static bool
is_quit(const char *line)
{
	const struct cmd_desc *d;
	char **argv, err[256];
	int argc;
	bool quit = false;

	if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == -1)
		return false;
	if (argc == 1 && (d = cmd_find(argv[0], err, sizeof err)) != NULL)
		quit = strcmp(d->name, "quit") == 0;
	cmd_argv_free(argv);
	return quit;
}

/*
 * A line typed on the command line: input.c's report of each line
 * (registered by ui.c; NULL: Ctrl-D on an empty line, which leaves it).
 */
void
ui_line(struct ui *ui, const char *line)
{
	char err[512], *shown, *p;

	if (line == NULL) {
		ui_leave_input(ui);
		return;
	}
	if (ui->console_input) {
		if (ui->app->con_current == NULL) {
			ui_message(ui, APP_ERROR, "%s",
			    _("no console session"));
			return;
		}
		if (con_send(ui->app->con_current, line, ui->app->con_target,
		    err, sizeof err) == -1)
			ui_message(ui, APP_ERROR, "%s", err);
		return;
	}
	if (line[strspn(line, " \t")] == '\0') {
		ui_leave_input(ui);
		return;
	}
	if (is_quit(line)) {
		bottom_log(ui, UC_TITLE, "jangada> quit");
		ui_ask_quit(ui);
		return;
	}
	/* the log shows the command, never a password */
	if (cmd_line_is_secret(line)) {
		p = xstrndup(line, strcspn(line, " \t"));
		shown = xasprintf("jangada> %s ****", p);
		free(p);
	} else {
		p = ui_sanc(line);
		shown = xasprintf("jangada> %s", p);
		free(p);
	}
	bottom_log(ui, UC_TITLE, shown);
	free(shown);
	ui_command(ui, line, true, NULL, NULL);
}
