/*
 * ui.c: the screen: start-up and tear-down, the app's hooks and running
 * command lines (screen.c lays out and draws, keys.c reads the keys and
 * asks the key table of keymap.c what they mean).
 *
 * The screen is a front end of the command language, as batch mode is:
 * it fills struct app_hooks, and every key action runs a command line
 * through cmd_run_line (Enter on a directory is "cd NAME", F5 is "get -r
 * ..."), so anything done with a key can be typed, scripted and read in
 * the help. Hooks and key handlers only change models and set dirty
 * flags. The loop's prepare hook runs once per pass, brings the panes up
 * to date with the app, draws what is dirty (the transfers pane at most
 * ten times a second) and calls doupdate once. Nothing here blocks: the
 * keyboard is read when the loop says standard input is readable.
 *
 * The terminal is always given back: on quit, on SIGTERM and SIGHUP
 * (turned into loop events), and by fatal()'s hook. SIGINT is Ctrl-C: it
 * stops what runs and never quits while something does.
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
#include "ftp/explain.h"
#include "ui/ui_priv.h"

/* A command run for the screen. */
struct ui_call {
	struct ui	*ui;
	void		(*then)(struct ui *, int, void *);
	void		*arg;
	bool		 typed;
	bool		 login;		/* open/user: errors go to a dialog */
};

/* fatal()'s hook: give the terminal back before the message. */
static void
ui_restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* ------------------------------------------------------------ dirt */

/* Everything must be drawn again. */
void
ui_dirty(struct ui *ui)
{
	ui->dirty_all = true;
}

/* The transfers pane may redraw (the timer keeps the rate down). */
static void
xfer_timer_fire(struct ev_timer *t, void *arg)
{
	struct ui *ui = arg;

	ui->panes[FOCUS_BOTTOM]->dirty = true;
}

/* The message on the command line row has expired. */
static void
msg_timer_fire(struct ev_timer *t, void *arg)
{
	struct ui *ui = arg;

	ui->dirty_cmd = true;
}

/* Rescan the local pane (downloads landed), coalesced. */
static void
rescan_timer_fire(struct ev_timer *t, void *arg)
{
	struct ui *ui = arg;

	ui->rescan_local = true;
}

/* Show a display-safe message (taking it) and log it. */
void
ui_message_set(struct ui *ui, enum app_out kind, char *clean)
{
	bottom_log(ui, kind == APP_ERROR ? UC_ERROR : kind == APP_WARN ?
	    UC_WARN : UC_INFO, clean);
	free(ui->msg.text);
	ui->msg.text = clean;
	ui->msg.kind = kind;
	ui->msg.when = ev_clock_ms();
	ui->msg.progress = kind == APP_INFO && (str_has_suffix(clean, "...") ||
	    str_has_suffix(clean, "\xe2\x80\xa6"));
	ui->msg.queue = kind == APP_INFO && xq_busy(ui->app->queue);
	ev_timer_start(ui->msg_timer, UI_MSG_MS + 10);
	ui->dirty_cmd = true;
	/* the open command line covers the message row: show it above */
	if (ui->editing) {
		ui->msg_over = true;
		ui->dirty_status = true;
	}
}

/* Clear a message whose cause has ended (a command, the transfers). */
void
ui_message_expire(struct ui *ui)
{
	if (ui->msg.text == NULL || (!(ui->msg.progress &&
	    ui->app->running == NULL) && !(ui->msg.queue &&
	    !xq_busy(ui->app->queue))))
		return;
	free(ui->msg.text);
	ui->msg.text = NULL;
	ui->msg_over = false;
	ui->dirty_cmd = ui->dirty_status = true;
}

/* A message of the screen's own (its arguments are sanitized here). */
void
ui_message(struct ui *ui, enum app_out kind, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	ui_message_set(ui, kind, ui_sanc(raw));
	free(raw);
}

/* ------------------------------------------------------------ hooks */

/* A line of output: the protocol log, the message line. */
static void
h_out(struct app *app, enum app_out kind, const char *text, void *arg)
{
	struct ui *ui = arg;

	if (ui->open_errors != NULL && kind == APP_ERROR) {
		char *s = xasprintf("%s%s\n", ui->open_errors, text);

		free(ui->open_errors);
		ui->open_errors = s;
	}
	if (kind == APP_OUT) {
		bottom_log(ui, UC_NORMAL, text);
		if (ui->typed_running && !ui->typed_output) {
			ui->typed_output = true;
			bottom_set_view(ui, BOT_PROTOCOL);
		}
		return;
	}
	/* the app's text is display-safe already */
	ui_message_set(ui, kind, xstrdup(text));
	/* "connection to HOST closed: why" comes just after the state */
	if (kind == APP_WARN && ui->lost && ui->lost_why == NULL)
		ui->lost_why = xstrdup(text);
}

/* Something the screen shows changed. */
static void
h_changed(struct app *app, unsigned what, void *arg)
{
	struct ui *ui = arg;
	bool conn;

	if (what & APP_CH_CONN) {
		conn = ftp_session_connected(app->ftp);
		if (conn && !ui->connected) {
			/*
			 * A new login: the cached listings may be another
			 * user's or another server's.
			 */
			app_dir_forget_all(app);
			ui->was_connected = true;
			ui->lost = false;
			ui->expect_close = false;
		} else if (!conn && ui->connected) {
			ui->lost = !ui->expect_close;
			free(ui->lost_why);
			ui->lost_why = NULL;
		}
		ui->connected = conn;
		ui->dirty_status = true;
		ui->panes[FOCUS_REMOTE]->dirty = true;
		ui->sync_remote = true;
	}
	if (what & (APP_CH_RCWD | APP_CH_RLIST))
		ui->sync_remote = true;
	if (what & APP_CH_LCWD)
		ui->rescan_local = true;
	if (what & APP_CH_OPTS) {
		ui->dirty_status = true;
		/* the columns may have changed */
		ui->panes[FOCUS_LOCAL]->dirty = true;
		ui->panes[FOCUS_REMOTE]->dirty = true;
		ui_mouse_apply(ui);
	}
	if (what & APP_CH_CONSOLE) {
		bottom_consoles_changed(ui);
		if (app->con_current != NULL &&
		    con_id(app->con_current) > ui->con_last_id) {
			/* a new session: show it and type at it */
			ui->con_last_id = con_id(app->con_current);
			bottom_set_view(ui, BOT_CONSOLE);
			ui_focus(ui, FOCUS_BOTTOM);
		} else if (ui->console_input)
			ui_focus(ui, FOCUS_BOTTOM);
	}
	if (what & APP_CH_COMPARE)
		ui->comparing = ui->compare_req = true;
	if (what & APP_CH_QUEUE) {
		ui->panes[FOCUS_BOTTOM]->dirty = true;
		ui->dirty_status = true;
	}
}

/* A line of a connection's transcript, for the protocol log. */
static void
h_transcript(struct app *app, int conn, bool sent, const char *line,
    void *arg)
{
	struct ui *ui = arg;
	char *s;

	if (conn == 0)
		s = xasprintf("%s %s", sent ? ">" : "<", line);
	else
		s = xasprintf("[%d] %s %s", conn, sent ? ">" : "<", line);
	bottom_log(ui, sent ? UC_SENT : UC_RECV, s);
	free(s);
	if (app->opts.explain && (s = ftp_explain(sent, line)) != NULL) {
		char *l = xasprintf("%s    = %s", conn == 0 ? "" : "    ", s);

		bottom_log(ui, UC_HINT, l);
		free(l);
		free(s);
	}
}

/* A job changed: the transfers pane, and the panes it fills. */
static void
h_job(struct app *app, const struct xq_job *j, void *arg)
{
	struct ui *ui = arg;

	if (ui->bottom == BOT_TRANSFERS)
		ui->panes[FOCUS_BOTTOM]->dirty = true;
	ui->dirty_status = true;
	if (j->state == XQ_DONE && j->kind == XQ_GET &&
	    !ev_timer_pending(ui->rescan_timer))
		ev_timer_start(ui->rescan_timer, 300);
	if (j->state == XQ_DONE && j->kind == XQ_PUT)
		ui->refresh_remote = true;
}

/* Every job ended: list both sides again. */
static void
h_queue_idle(struct app *app, void *arg)
{
	struct ui *ui = arg;

	ui->rescan_local = true;
	ui->dirty_status = true;
	ui->panes[FOCUS_BOTTOM]->dirty = true;
	if (ui->refresh_remote && ftp_session_connected(app->ftp)) {
		ui->refresh_remote = false;
		app_dir_load(app, app_rcwd(app), true, NULL, NULL);
	}
}

/* A target exists: ask (the dialog answers the queue). */
static void
h_ask_overwrite(struct app *app, const struct xq_job *j,
    const char *target, void *arg)
{
	dlg_overwrite(arg, j, target);
}

/* The password dialog's state. */
struct secret_ask {
	app_secret_cb	 cb;
	void		*cbarg;
};

/* The password dialog answered. */
static void
secret_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct secret_ask *s = arg;

	s->cb(ui->app, a == DLG_TEXT ? text : NULL, s->cbarg);
	free(s);
}

/* Ask for a password, without echo. */
static void
h_ask_secret(struct app *app, const char *prompt, app_secret_cb cb,
    void *cbarg, void *arg)
{
	struct ui *ui = arg;
	struct secret_ask *s = xcalloc(1, sizeof *s);

	char *p = san_is_clean(prompt, strlen(prompt)) ? xstrdup(prompt) :
	    ui_sanc(prompt);

	s->cb = cb;
	s->cbarg = cbarg;
	dlg_input(ui, _("Password"), p, true, secret_done, s);
	free(p);
}

/* A console session's line. */
static void
h_console(struct app *app, struct con *con, const struct con_line *l,
    void *arg)
{
	bottom_console_line(arg, con, l);
}

/* ---------------------------------------------------------- commands */

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

/* A line typed on the command line. */
void
ui_line(struct ui *ui, const char *line)
{
	char err[512], *shown, *p;

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

/* ------------------------------------------------------------ focus */

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

/* ------------------------------------------------------------ run */

/* Open what the command line named: "URL" or "HOST PORT". */
static void
open_start(struct ui *ui, const char *what)
{
	const char *sp = strrchr(what, ' ');
	char *line, *q1, *q2, *host;

	if (strstr(what, "://") != NULL || sp == NULL) {
		q1 = ui_quote(what);
		line = xasprintf("open %s", q1);
		free(q1);
	} else {
		host = xstrndup(what, (size_t)(sp - what));
		q1 = ui_quote(host);
		q2 = ui_quote(sp + 1);
		line = xasprintf("open %s %s", q1, q2);
		free(host);
		free(q1);
		free(q2);
	}
	ui_command(ui, line, false, NULL, NULL);
	free(line);
}

/* Run the screen until the user quits. */
int
ui_run(struct ev_loop *loop, const struct ui_options *opt)
{
	static const struct app_hooks hooks = {
		.out = h_out,
		.changed = h_changed,
		.transcript = h_transcript,
		.job = h_job,
		.queue_idle = h_queue_idle,
		.ask_overwrite = h_ask_overwrite,
		.ask_secret = h_ask_secret,
		.ask_yesno = ui_ask_yesno,
		.ask_trust = ui_ask_trust,
		.suspend = ui_suspend,
		.console = h_console,
		.view = ui_h_view,
		.bind = ui_h_bind
	};
	struct ui *ui;
	SCREEN *scr;
	const char *nc = getenv("NO_COLOR");
	uint64_t t0;
	size_t i;

	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "%s\n", _("jangada: cannot use this terminal "
		    "(check TERM)"));
		return -1;
	}
	set_term(scr);
	fatal_set_hook(ui_restore_terminal);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	ui_define_keys();

	ui = xcalloc(1, sizeof *ui);
	ui->loop = loop;
	ui->opt = opt;
	ui->color = !opt->no_color && (nc == NULL || *nc == '\0') &&
	    has_colors();
	if (ui->color) {
		start_color();
		use_default_colors();
	}
	theme_init(ui->color);
	ui->xfer_timer = ev_timer_new(loop, xfer_timer_fire, ui);
	ui->msg_timer = ev_timer_new(loop, msg_timer_fire, ui);
	ui->rescan_timer = ev_timer_new(loop, rescan_timer_fire, ui);

	ui->app = app_new(loop, &hooks, ui, false);
	ui->panes[FOCUS_REMOTE] = files_new(ui, true);
	ui->panes[FOCUS_LOCAL] = files_new(ui, false);
	ui->panes[FOCUS_BOTTOM] = bottom_new(ui);
	ui->focus = FOCUS_REMOTE;
	ui->cursor_on = -1;
	ui->bottom = BOT_TRANSFERS;
	getmaxyx(stdscr, ui->rows, ui->cols);
	ui_layout(ui);
	input_init(ui);
	if (!opt->no_config)
		app_load_config(ui->app);
	app_queue_journal(ui->app);
	ui_saved_queue_dialog(ui);
	if (opt->tls_trust != NULL)
		(void)app_opt_set(ui->app, "tls-trust", opt->tls_trust, NULL, 0);
	if (opt->tls != NULL)
		(void)app_opt_set(ui->app, "tls", opt->tls, NULL, 0);
	ui_mouse_apply(ui);

	ui->keys = ev_io_new(loop, STDIN_FILENO, POLLIN, ui_read_keys, ui);
	ev_signal_watch(loop, SIGWINCH, ui_winch, ui);
	ev_signal_watch(loop, SIGINT, ui_sigint, ui);
	ev_signal_watch(loop, SIGTERM, ui_sigterm, ui);
	ev_signal_watch(loop, SIGHUP, ui_sigterm, ui);
	ev_add_prepare(loop, ui_prepare, ui);

	ui->rescan_local = true;
	ui->sync_remote = true;
	ui->dirty_all = true;
	if (opt->open != NULL)
		open_start(ui, opt->open);
	else
		picker_open(ui, true);	/* bookmarks, recent servers */

	while (!ui->quitting && !ev_broken(loop))
		if (ev_run_once(loop, -1) == -1 && errno != EINTR)
			break;
	ui->quitting = true;

	/* the terminal first: nothing below draws */
	endwin();
	dlg_free_all(ui);
	ui_follow_free(ui);
	picker_close(ui);
	view_close(ui);
	xq_journal_close(ui->app->queue);	/* kept for the next run */
	xq_cancel_all(ui->app->queue);
	if (ftp_session_connected(ui->app->ftp)) {
		/* say goodbye politely, for at most a second */
		ftp_quit(ui->app->ftp, NULL, NULL);
		t0 = ev_clock_ms();
		while (ftp_session_connected(ui->app->ftp) &&
		    ev_clock_ms() - t0 < 1000)
			ev_run_once(loop, 100);
	}
	input_free(ui);
	ev_io_free(ui->keys);
	app_free(ui->app);
	for (i = 0; i < FOCUS_N; i++)
		ui->panes[i]->ops->free(ui->panes[i]);
	ev_timer_free(ui->xfer_timer);
	ev_timer_free(ui->msg_timer);
	ev_timer_free(ui->rescan_timer);
	free(ui->msg.text);
	free(ui->lost_why);
	free(ui->open_errors);
	free(ui);
	fatal_set_hook(NULL);
	delscreen(scr);
	return 0;
}
