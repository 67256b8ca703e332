/*
 * ui.c: the screen: start-up and tear-down, the app's hooks, the layout,
 * keys, the status and command lines, and the draw pass.
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
 * The terminal is always given back: on quit, on SIGTERM, SIGHUP and
 * SIGINT (turned into loop events), and by fatal()'s hook.
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
#include "ui/ui_priv.h"

/* A command run for the screen. */
struct ui_call {
	struct ui	*ui;
	void		(*then)(struct ui *, int, void *);
	void		*arg;
	bool		 typed;
	bool		 login;		/* open/user: errors go to a dialog */
};

/* A remote file being read for the viewer. */
struct ui_viewreq {
	struct ui	*ui;
	struct buf	 buf;
	char		*path;
	char		*title;
	bool		 cancelled;
};

/* fatal()'s hook: give the terminal back before the message. */
static void
ui_restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* ------------------------------------------------------------ keys */

/* Is the key the character ch? */
bool
ui_key_is(const struct ui_key *k, wint_t ch)
{
	return !k->code && k->ch == ch;
}

/* Is the key the curses code? */
bool
ui_key_code(const struct ui_key *k, int code)
{
	return k->code && k->ch == (wint_t)code;
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
static void
message_set(struct ui *ui, enum app_out kind, char *clean)
{
	bottom_log(ui, kind == APP_ERROR ? UC_ERROR : kind == APP_WARN ?
	    UC_WARN : UC_INFO, clean);
	free(ui->msg.text);
	ui->msg.text = clean;
	ui->msg.kind = kind;
	ui->msg.when = ev_clock_ms();
	ev_timer_start(ui->msg_timer, UI_MSG_MS + 10);
	ui->dirty_cmd = true;
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
	message_set(ui, kind, ui_sanc(raw));
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
	message_set(ui, kind, xstrdup(text));
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
	size_t i;

	if (what & APP_CH_CONN) {
		conn = ftp_session_connected(app->ftp);
		if (conn && !ui->connected) {
			/*
			 * A new login: the cached listings may be another
			 * user's or another server's.
			 */
			for (i = 0; i < app->ndirs; i++)
				if (app->dirs[i].path != NULL)
					app_dir_forget(app, app->dirs[i].path);
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
	if (what & APP_CH_OPTS)
		ui->dirty_status = true;
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
		    con_eol_name(con_eol(ui->app->con_current)));
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
static void
start_command(struct ui *ui)
{
	if (ui->console_input) {
		ui->console_input = false;
		input_set_prompt(ui, "jangada> ");
	}
	input_clear(ui);
	ui->editing = true;
	ui->dirty_all = true;
}

/* ------------------------------------------------------------ viewer */

/* "cannot view TITLE: why" (title display-safe, why raw). */
static void
view_error(struct ui *ui, const char *title, const char *why)
{
	char *w = ui_sanc(why);

	message_set(ui, APP_ERROR, xasprintf(_("cannot view %s: %s"), title,
	    w));
	free(w);
}

/* Open the viewer on bytes read (NULs shown, the limit said). */
static void
view_bytes(struct ui *ui, const char *title, const void *p, size_t len,
    bool cut, size_t limit)
{
	char *text = xmalloc(len + 1), *note;
	size_t i;

	if (len > 0)
		memcpy(text, p, len);
	text[len] = '\0';
	/* a NUL would end the text early: show it as \x01 */
	for (i = 0; i < len; i++)
		if (text[i] == '\0')
			text[i] = '\x01';
	if (cut) {
		note = xasprintf(_("%s (the first %zu KiB)"), title,
		    limit / 1024);
		view_open(ui, note, text, true);
		free(note);
	} else
		view_open(ui, title, text, true);
	free(text);
}

/* The remote file for the viewer arrived. */
static void
viewreq_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct ui_viewreq *r = arg;
	struct ui *ui = r->ui;

	if (ui->viewreq == r)
		ui->viewreq = NULL;
	if (!r->cancelled) {
		if (!st->ok && buf_len(&r->buf) == 0)
			view_error(ui, r->title, st->error != NULL ?
			    st->error : _("failed"));
		else
			view_bytes(ui, r->title, buf_data(&r->buf),
			    buf_len(&r->buf), buf_room(&r->buf) == 0,
			    r->buf.limit);
	}
	buf_free(&r->buf);
	free(r->path);
	free(r->title);
	free(r);
}

/* View the start of a remote file (path: raw, absolute). */
void
ui_view_remote(struct ui *ui, const char *path, const char *title)
{
	struct ui_viewreq *r;
	struct ftp_xfer x;

	if (ui->viewreq != NULL) {
		ui_message(ui, APP_WARN, "%s", _("Still reading the last file "
		    "to view."));
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->ui = ui;
	buf_init(&r->buf, (size_t)ui->app->opts.view_kib * 1024);
	r->path = xstrdup(path);
	r->title = xstrdup(title);
	memset(&x, 0, sizeof x);
	x.remote = r->path;
	x.type = FTP_TYPE_A;
	x.dirfd = x.fd = -1;
	x.mem = &r->buf;
	ui->viewreq = r;
	message_set(ui, APP_INFO, xasprintf(_("Reading %s..."), title));
	if (ftp_get(ui->app->ftp, &x, viewreq_done, r) == -1) {
		ui->viewreq = NULL;
		view_error(ui, title, strerror(errno));
		buf_free(&r->buf);
		free(r->path);
		free(r->title);
		free(r);
	}
}

/* View the start of a local file (title display-safe). */
void
ui_view_local(struct ui *ui, const char *path, const char *title)
{
	struct stat sb;
	size_t limit = (size_t)ui->app->opts.view_kib * 1024, got = 0;
	ssize_t n;
	char *text;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd == -1 || fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		view_error(ui, title, fd == -1 ? strerror(errno) :
		    _("not a regular file"));
		if (fd != -1)
			close(fd);
		return;
	}
	text = xmalloc(limit + 1);
	while (got < limit && (n = read(fd, text + got, limit - got)) > 0)
		got += (size_t)n;
	close(fd);
	view_bytes(ui, title, text, got, (uint64_t)sb.st_size > got, limit);
	free(text);
}

/* ------------------------------------------------------------ quit */

/* The quit question answered. */
static void
quit_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	if (a != DLG_YES)
		return;
	xq_cancel_all(ui->app->queue);
	if (ui->app->running != NULL)
		cmd_cancel(ui->app);
	ui_command(ui, "quit", false, NULL, NULL);
}

/* q, F10, Ctrl-C on an empty line: quit, asking while transfers run. */
void
ui_ask_quit(struct ui *ui)
{
	struct xq_stats st;
	char *text;

	if (xq_busy(ui->app->queue)) {
		xq_stats(ui->app->queue, &st);
		text = xasprintf(ngettext("%u transfer is not finished. Quit "
		    "and stop it?", "%u transfers are not finished. Quit and "
		    "stop them?", st.active + st.queued), st.active +
		    st.queued);
		dlg_confirm(ui, _("Quit"), text, quit_done, NULL);
		free(text);
		return;
	}
	quit_done(ui, DLG_YES, NULL, NULL);
}

/* a: binary, ASCII, auto. */
void
ui_cycle_type(struct ui *ui)
{
	static const char *next[] = { "type ascii", "type auto",
	    "type binary" };

	ui_command(ui, next[ui->app->opts.type % 3], false, NULL, NULL);
}

/* Ctrl-C: stop what runs, clear the line, or quit. */
static void
ctrl_c(struct ui *ui)
{
	if (ui->app->running != NULL) {
		cmd_cancel(ui->app);
		return;
	}
	if (ui->viewreq != NULL) {
		ui->viewreq->cancelled = true;
		ftp_cancel(ui->app->ftp);
		ui_message(ui, APP_INFO, "%s", _("interrupted"));
		return;
	}
	if (ui->editing && !input_empty(ui)) {
		input_clear(ui);
		return;
	}
	ui_ask_quit(ui);
}

/* ------------------------------------------------------------ layout */

/* Cut the screen into regions for its size. */
static void
layout(struct ui *ui)
{
	int rows = ui->rows, cols = ui->cols, h, bh, top, half, rh;
	size_t i;

	ui->too_small = cols < UI_MIN_COLS || rows < UI_MIN_ROWS;
	ui->wide = cols >= UI_WIDE_COLS;
	ui->status_y = rows - 2;
	ui->cmd_y = rows - 1;
	if (ui->too_small)
		return;
	h = rows - 2;
	bh = h / 3 < 3 ? 3 : h / 3;
	top = h - bh;
	if (ui->wide) {
		half = cols / 2;
		ui->frame_remote = (struct ui_rect){ 0, 0, top, half + 1 };
		ui->frame_local = (struct ui_rect){ 0, half, top, cols - half };
		ui->panes[FOCUS_REMOTE]->r = (struct ui_rect){ 1, 1, top - 1,
		    half - 1 };
		ui->panes[FOCUS_LOCAL]->r = (struct ui_rect){ 1, half + 1,
		    top - 1, cols - half - 2 };
	} else {
		rh = (top + 1) / 2;
		ui->frame_remote = (struct ui_rect){ 0, 0, rh, cols };
		ui->frame_local = (struct ui_rect){ rh, 0, top - rh, cols };
		ui->panes[FOCUS_REMOTE]->r = (struct ui_rect){ 1, 1, rh - 1,
		    cols - 2 };
		ui->panes[FOCUS_LOCAL]->r = (struct ui_rect){ rh + 1, 1,
		    top - rh - 1, cols - 2 };
	}
	ui->frame_bottom = (struct ui_rect){ top, 0, bh, cols };
	ui->panes[FOCUS_BOTTOM]->r = (struct ui_rect){ top + 1, 1, bh - 1,
	    cols - 2 };
	for (i = 0; i < FOCUS_N; i++)
		ui->panes[i]->ops->resize(ui, ui->panes[i]);
}

/* Take the terminal's new size and lay the screen out again. */
static void
resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, ui->rows, ui->cols);
	layout(ui);
	input_resize(ui);
	clearok(curscr, TRUE);
	ui->dirty_all = true;
}

/* ------------------------------------------------------------ draw */

/* The frame row above the bottom pane, with its tabs. */
static void
draw_tabs_row(struct ui *ui)
{
	int cols = ui->cols, top = ui->frame_bottom.y;

	draw_corner(top, 0, CN_LTEE);
	draw_hline(top, 1, cols - 2);
	draw_corner(top, cols - 1, CN_RTEE);
	if (ui->wide)
		draw_corner(top, cols / 2, CN_BTEE);
	bottom_draw_tabs(ui, top, 1, cols - 2);
}

/* The frame lines around the panes. */
static void
draw_frame(struct ui *ui)
{
	int cols = ui->cols, half = cols / 2, top = ui->frame_bottom.y, y;

	draw_vline(1, 0, ui->status_y - 1);
	draw_vline(1, cols - 1, ui->status_y - 1);
	draw_corner(0, 0, CN_UL);
	draw_corner(0, cols - 1, CN_UR);
	draw_hline(0, 1, cols - 2);
	if (ui->wide) {
		draw_vline(1, half, top - 1);
		draw_corner(0, half, CN_TTEE);
	} else {
		y = ui->frame_local.y;
		draw_corner(y, 0, CN_LTEE);
		draw_hline(y, 1, cols - 2);
		draw_corner(y, cols - 1, CN_RTEE);
	}
	draw_tabs_row(ui);
}

/* The status line: connection, user, type, mode, transfers, a hint. */
static void
draw_status(struct ui *ui)
{
	struct app *app = ui->app;
	enum ftp_state st = ftp_session_state(app->ftp);
	struct xq_stats qs;
	char *left, *host = NULL, *user, *hint, *why = NULL;
	const char *type, *mode, *readme = NULL;
	enum ui_color c = UC_STATUS;
	int y = ui->status_y, rw;

	if (app->host != NULL)
		host = ui_sanc(app->host);
	user = ui_sanc(app->user != NULL ? app->user : "anonymous");
	if (ftp_session_connected(app->ftp))
		left = xasprintf(_("connected %s@%s"), user, host);
	else if (st != FTP_ST_IDLE && st != FTP_ST_CLOSED && host != NULL)
		left = xasprintf(_("connecting to %s..."), host);
	else if (ui->lost) {
		if (ui->lost_why != NULL) {
			const char *p = strstr(ui->lost_why, ": ");

			why = xstrdup(p != NULL ? p + 2 : ui->lost_why);
		}
		left = xasprintf(_("connection lost%s%s"), why != NULL ?
		    ": " : "", why != NULL ? why : "");
		c = UC_STATUS_BAD;
	} else
		left = xstrdup(_("not connected"));
	free(why);
	type = app->opts.type == XQ_TYPE_ASCII ? "ASCII" :
	    app->opts.type == XQ_TYPE_AUTO ? "AUTO" : "BIN";
	mode = app->opts.passive ? "PASV" : "PORT";
	xq_stats(app->queue, &qs);
	{
		char act[64] = "", *l2;

		if (qs.active + qs.queued > 0)
			snprintf(act, sizeof act, ngettext("%u active",
			    "%u active", qs.active), qs.active);
		l2 = xasprintf("%s  %s  %s%s%s%s%s%s", left, type, mode,
		    act[0] ? "  " : "", act, app->running != NULL &&
		    app->running->desc != NULL ? "  " : "",
		    app->running != NULL && app->running->desc != NULL ?
		    app->running->desc->name : "",
		    app->running != NULL && app->running->desc != NULL ?
		    draw_glyph(GL_ELLIPSIS) : "");
		free(left);
		left = l2;
	}
	if (ui->focus == FOCUS_REMOTE && !ui->editing)
		readme = files_readme(ui->panes[FOCUS_REMOTE]);
	if (ui->lost && !ftp_session_connected(app->ftp) && !ui->editing)
		hint = xstrdup(_("Enter or :open reconnects  ? help"));
	else if (ui->editing && ui->console_input)
		hint = xstrdup(_("Esc: commands  Tab: next pane"));
	else if (ui->editing)
		hint = xstrdup(_("Esc: leave  Tab: complete  F1: help"));
	else if (readme != NULL) {
		char *r = ui_sanc(readme);

		hint = xasprintf(_("v: view %s  ? help"), r);
		free(r);
	} else
		hint = xstrdup(_(": command  ? help"));
	draw_blank(y, 0, ui->cols, c, A_NORMAL);
	rw = draw_width(hint) + 2;
	if (rw > ui->cols / 2)
		rw = ui->cols / 2;
	draw_text(y, 1, ui->cols - rw - 2, left, c, A_NORMAL, false);
	draw_text_right(y, ui->cols - rw, rw - 1, hint, c, A_NORMAL);
	free(hint);
	free(left);
	free(user);
	free(host);
}

/* The command line row: the line being typed, or the last message. */
static int
draw_cmdline(struct ui *ui)
{
	int y = ui->cmd_y;
	enum ui_color c;

	if (ui->editing)
		return input_draw(ui, y, ui->cols);
	draw_blank(y, 0, ui->cols, UC_NORMAL, A_NORMAL);
	if (ui->msg.text != NULL && ev_clock_ms() - ui->msg.when < UI_MSG_MS) {
		c = ui->msg.kind == APP_ERROR ? UC_ERROR : ui->msg.kind ==
		    APP_WARN ? UC_WARN : UC_NORMAL;
		draw_text(y, 0, ui->cols, ui->msg.text, c, A_NORMAL, false);
	} else
		draw_text(y, 0, ui->cols, _(":  the command line   Tab  next "
		    "pane   F5  copy   F1  help   q  quit"), UC_HINT,
		    A_NORMAL, false);
	return -1;
}

/* The completion list, above the command line. */
static void
draw_matches(struct ui *ui)
{
	size_t n, i, per, shown;
	char **m = input_matches(ui, &n);
	int colw = 0, w, rows, y, x, ncols;

	if (m == NULL || n == 0)
		return;
	for (i = 0; i < n; i++)
		if ((w = draw_width(m[i])) > colw)
			colw = w;
	colw += 2;
	if (colw > ui->cols - 2)
		colw = ui->cols - 2;
	ncols = (ui->cols - 2) / colw;
	if (ncols < 1)
		ncols = 1;
	per = (n + (size_t)ncols - 1) / (size_t)ncols;
	rows = (int)per;
	if (rows > ui->cmd_y - 2)
		rows = ui->cmd_y - 2;
	if (rows < 1)
		return;
	shown = (size_t)rows * (size_t)ncols;
	for (y = 0; y < rows; y++)
		draw_blank(ui->cmd_y - rows + y, 0, ui->cols, UC_DIALOG,
		    A_NORMAL);
	for (i = 0; i < n && i < shown; i++) {
		y = ui->cmd_y - rows + (int)(i % (size_t)rows);
		x = 1 + (int)(i / (size_t)rows) * colw;
		if (i + 1 == shown && n > shown) {
			char more[64];

			snprintf(more, sizeof more, _("(%zu more)"), n - i);
			draw_text(y, x, colw - 1, more, UC_DIALOG, A_BOLD,
			    false);
		} else
			draw_text(y, x, colw - 1, m[i], UC_DIALOG, A_NORMAL,
			    false);
	}
}

/* The "terminal too small" screen: three centred lines. */
static void
draw_too_small(struct ui *ui)
{
	char size[64];
	const char *lines[3];
	int i, w;

	erase();
	snprintf(size, sizeof size, _("%dx%d (%dx%d needed)"), ui->cols,
	    ui->rows, UI_MIN_COLS, UI_MIN_ROWS);
	lines[0] = _("terminal too small");
	lines[1] = size;
	lines[2] = _("q quits");
	for (i = 0; i < 3; i++) {
		w = draw_width(lines[i]);
		draw_text(ui->rows / 2 - 1 + i, w < ui->cols ?
		    (ui->cols - w) / 2 : 0, ui->cols, lines[i], i == 0 ?
		    UC_ERROR : i == 1 ? UC_NORMAL : UC_HINT, A_NORMAL, false);
	}
}

/* The loop's prepare hook: bring the panes up to date, draw what is
 * dirty, update the terminal once. */
static void
ui_prepare(void *arg)
{
	struct ui *ui = arg;
	struct ui_pane *bp = ui->panes[FOCUS_BOTTOM];
	uint64_t now;
	bool drew = false, want_cursor = false;
	int cx = -1, cy = -1, i;
	static int cursor_on = -1;

	if (ui->quitting || ui->suspended)	/* a refresh ends endwin */
		return;
	if (ui->sync_remote) {
		ui->sync_remote = false;
		files_sync_remote(ui, ui->panes[FOCUS_REMOTE]);
		ui->dirty_status = true;
	}
	if (ui->rescan_local) {
		ui->rescan_local = false;
		files_rescan_local(ui, ui->panes[FOCUS_LOCAL]);
	}
	if (ui->too_small) {
		if (ui->dirty_all) {
			draw_too_small(ui);
			ui->dirty_all = false;
			if (cursor_on != 0)
				curs_set(0);
			cursor_on = 0;
			wnoutrefresh(stdscr);
			doupdate();
		}
		return;
	}
	if (ui->dirty_all) {
		erase();
		ui->dirty_frame = ui->dirty_status = ui->dirty_cmd = true;
		for (i = 0; i < FOCUS_N; i++)
			ui->panes[i]->dirty = true;
		ui->xfer_drawn = 0;
	}
	if (ui->dirty_frame) {
		draw_frame(ui);
		ui->panes[FOCUS_REMOTE]->dirty = true;
		ui->panes[FOCUS_LOCAL]->dirty = true;
		drew = true;
	}
	for (i = 0; i < FOCUS_N; i++) {
		struct ui_pane *p = ui->panes[i];

		if (!p->dirty)
			continue;
		if (p == bp && ui->bottom == BOT_TRANSFERS) {
			/* at most UI_XFER_MS apart, unless a key asked */
			now = ev_clock_ms();
			if (!ui->dirty_all &&
			    now - ui->xfer_drawn < UI_XFER_MS) {
				if (!ev_timer_pending(ui->xfer_timer))
					ev_timer_start(ui->xfer_timer,
					    UI_XFER_MS -
					    (now - ui->xfer_drawn));
				continue;
			}
			ui->xfer_drawn = now;
		}
		p->ops->draw(ui, p);
		if (p == bp)
			draw_tabs_row(ui);
		drew = true;
	}
	if (ui->dirty_status) {
		draw_status(ui);
		drew = true;
	}
	if (ui->dirty_cmd || drew) {
		cx = draw_cmdline(ui);
		drew = true;
	}
	ui->dirty_all = ui->dirty_frame = ui->dirty_status = false;
	ui->dirty_cmd = false;
	if (!drew)
		return;
	if (ui->editing) {
		want_cursor = true;
		cy = ui->cmd_y;
	}
	if (ui->matches != NULL)
		draw_matches(ui);
	if (ui->view != NULL) {
		view_draw(ui);
		want_cursor = false;
	}
	if (ui->dialogs != NULL) {
		dlg_draw(ui);
		want_cursor = dlg_cursor(ui, &cy, &cx);
	}
	if (want_cursor && cx >= 0 && cy >= 0) {
		move(cy, cx < ui->cols ? cx : ui->cols - 1);
		if (cursor_on != 1)
			curs_set(1);
		cursor_on = 1;
	} else {
		if (cursor_on != 0)
			curs_set(0);
		cursor_on = 0;
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ------------------------------------------------------------ input */

/* The focused pane's key handler, or the screen's keys. */
static void
ui_key(struct ui *ui, const struct ui_key *k)
{
	struct ui_pane *p = ui->panes[ui->focus];

	if (ui->quitting)
		return;
	if (k->code && k->ch == KEY_RESIZE) {
		resize(ui);
		return;
	}
	if (ui->too_small) {
		if (ui_key_is(k, 'q') || ui_key_code(k, KEY_F(10)) ||
		    ui_key_is(k, UI_CTRL('c')))
			ui_ask_quit(ui);
		ui->dirty_all = true;
		return;
	}
	if (ui->dialogs != NULL) {
		dlg_key(ui, k);
		return;
	}
	if (ui->view != NULL) {
		view_key(ui, k);
		return;
	}
	if (ui_key_is(k, UI_CTRL('c'))) {
		ctrl_c(ui);
		return;
	}
	if (ui_key_is(k, UI_CTRL('l'))) {
		clearok(curscr, TRUE);
		ui->dirty_all = true;
		return;
	}
	if (ui_key_code(k, KEY_F(1))) {
		help_open(ui);
		return;
	}
	if (ui_key_code(k, KEY_F(10))) {
		ui_ask_quit(ui);
		return;
	}
	if (ui_key_code(k, KEY_F(2))) {
		bottom_set_view(ui, (ui->bottom + 1) % BOT_N);
		if (ui->focus == FOCUS_BOTTOM || ui->console_input)
			ui_focus(ui, FOCUS_BOTTOM);
		return;
	}
	if (ui_key_code(k, KEY_F(6))) {
		bottom_next_console(ui);
		return;
	}
	if (ui->editing) {
		if (ui_key_is(k, UI_ESC) && !input_searching(ui)) {
			ui_leave_input(ui);
			return;
		}
		if (ui->console_input) {
			if (ui_key_is(k, ':') && input_empty(ui)) {
				start_command(ui);
				return;
			}
			if (ui_key_is(k, '\t') || ui_key_code(k, KEY_BTAB)) {
				ui_focus(ui, ui_key_is(k, '\t') ? FOCUS_REMOTE :
				    FOCUS_LOCAL);
				return;
			}
			if (ui_key_code(k, KEY_PPAGE) ||
			    ui_key_code(k, KEY_NPAGE)) {
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
	if (ui_key_is(k, '\t')) {
		ui_focus(ui, (ui->focus + 1) % FOCUS_N);
		return;
	}
	if (ui_key_code(k, KEY_BTAB)) {
		ui_focus(ui, (ui->focus + FOCUS_N - 1) % FOCUS_N);
		return;
	}
	if (ui_key_is(k, ':')) {
		start_command(ui);
		return;
	}
	if (ui_key_is(k, '?')) {
		help_open(ui);
		return;
	}
	if (ui_key_is(k, 'q')) {
		ui_ask_quit(ui);
		return;
	}
	if (ui_key_is(k, 'a')) {
		ui_cycle_type(ui);
		return;
	}
	if (ui_key_is(k, 't') || ui_key_is(k, 'p') || ui_key_is(k, 'c')) {
		bottom_set_view(ui, k->ch == 't' ? BOT_TRANSFERS : k->ch ==
		    'p' ? BOT_PROTOCOL : BOT_CONSOLE);
		if (ui->focus == FOCUS_BOTTOM)
			ui_focus(ui, FOCUS_BOTTOM);
		return;
	}
	if (p->ops->key(ui, p, k) && ui->focus == FOCUS_BOTTOM)
		ui->xfer_drawn = 0;
}

/* Standard input is readable: read every key there is. */
static void
ui_read_keys(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ui *ui = arg;
	struct ui_key k;
	wint_t ch;
	int rc;

	while (!ui->quitting && (rc = get_wch(&ch)) != ERR) {
		k.ch = ch;
		k.code = rc == KEY_CODE_YES;
		ui_key(ui, &k);
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
static void
ui_winch(int signo, void *arg)
{
	struct ui *ui = arg;

	if (!ui->quitting && !ui->suspended)	/* a child has it */
		resize(ui);
}

/* SIGINT from outside (keys do not send it: the terminal is raw). */
static void
ui_sigint(int signo, void *arg)
{
	struct ui *ui = arg;
	struct ui_key k = { UI_CTRL('c'), false };

	ui_key(ui, &k);
}

/* SIGTERM, SIGHUP: leave now, cleanly. */
static void
ui_sigterm(int signo, void *arg)
{
	struct ui *ui = arg;

	ui->quitting = true;
	ev_break(ui->loop);
}

/* ------------------------------------------------------------ run */

/*
 * Sequences terminals send that the terminfo entry may not name: Home
 * and End as VT220, rxvt and xterm send them in either cursor mode (tmux
 * sends ESC [ 1 ~ and ESC [ 4 ~), F1-F4 as VT100 and old xterm do.
 */
static void
define_keys(void)
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
		.suspend = ui_suspend,
		.console = h_console
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
	define_keys();

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
	ui->bottom = BOT_TRANSFERS;
	getmaxyx(stdscr, ui->rows, ui->cols);
	layout(ui);
	input_init(ui);
	if (!opt->no_config)
		app_load_config(ui->app);
	if (opt->tls_trust != NULL)
		(void)app_opt_set(ui->app, "tls-trust", opt->tls_trust, NULL, 0);
	ui->app->opts.autolist = true;

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

	while (!ui->quitting && !ev_broken(loop))
		if (ev_run_once(loop, -1) == -1 && errno != EINTR)
			break;
	ui->quitting = true;

	/* the terminal first: nothing below draws */
	endwin();
	dlg_free_all(ui);
	view_close(ui);
	if (ui->viewreq != NULL)
		ui->viewreq->cancelled = true;
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
	if (ui->viewreq != NULL) {
		buf_free(&ui->viewreq->buf);
		free(ui->viewreq->path);
		free(ui->viewreq->title);
		free(ui->viewreq);
	}
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
