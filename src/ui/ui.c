/*
 * ui.c: the curses screen.
 *
 * At this stage the screen is a title line, a transcript of what happened
 * on the connection (every server byte through the sanitizer), and a status
 * line. Keys come from the loop (stdin is watched, never read blocking);
 * the screen is drawn once per loop pass when something changed, and again
 * at once on SIGWINCH.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "net/net.h"
#include "cmd/parse.h"
#include "ui/ui.h"

#define UI_LINES 500

struct ui {
	struct ev_loop		*loop;
	const struct ui_options	*opt;
	char			*host;
	char			*port;
	bool			 dirty;
	bool			 color;
	char			*lines[UI_LINES];	/* sanitized */
	size_t			 nlines;
	char			 status[256];
	struct net_connect	*connect;
	int			 fd;
	struct ev_io		*io;
	struct buf		 in;
};

static struct ui *the_ui;

/* Append prefix and n raw bytes, sanitized once, to the transcript. */
static void
ui_add_raw(struct ui *ui, const char *prefix, const void *p, size_t n)
{
	char *clean = san_str(p, n, 0);

	if (ui->nlines == UI_LINES) {
		free(ui->lines[0]);
		memmove(ui->lines, ui->lines + 1,
		    (UI_LINES - 1) * sizeof ui->lines[0]);
		ui->nlines--;
	}
	ui->lines[ui->nlines++] = xasprintf("%s%s", prefix, clean);
	free(clean);
	ui->dirty = true;
}

/* Append a formatted line (its arguments may hold server bytes). */
static void
ui_add_line(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	ui_add_raw(ui, "", s, strlen(s));
	free(s);
}

/* Draw the whole screen. */
static void
ui_draw(struct ui *ui)
{
	int rows, cols, body, first, y;
	char *title;

	getmaxyx(stdscr, rows, cols);
	erase();
	if (rows < 3 || cols < 20) {
		mvaddnstr(0, 0, _("terminal too small"), cols);
		refresh();
		return;
	}
	title = ui->host != NULL ?
	    xasprintf("jangada %s  ftp://%s:%s/", VERSION, ui->host,
	    ui->port) : xasprintf("jangada %s", VERSION);
	attron(A_REVERSE);
	mvhline(0, 0, ' ', cols);
	mvaddnstr(0, 1, title, cols - 2);
	attroff(A_REVERSE);
	free(title);

	body = rows - 2;
	first = ui->nlines > (size_t)body ? (int)ui->nlines - body : 0;
	for (y = 0; y < body && (size_t)(first + y) < ui->nlines; y++)
		mvaddnstr(1 + y, 0, ui->lines[first + y], cols);

	attron(A_REVERSE);
	mvhline(rows - 1, 0, ' ', cols);
	mvaddnstr(rows - 1, 1, ui->status, cols - 2);
	attroff(A_REVERSE);
	refresh();
	ui->dirty = false;
}

/* The loop's prepare hook: redraw once per pass if anything changed. */
static void
ui_prepare(void *arg)
{
	struct ui *ui = arg;

	if (ui->dirty)
		ui_draw(ui);
}

/* Lines from the server: show each complete one. */
static void
ui_read(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ui *ui = arg;
	unsigned char *p, *nl;
	size_t room;
	ssize_t n;

	p = buf_reserve(&ui->in, 1, &room);
	if (p == NULL) {
		ui_add_line(ui, "%s", _("line from the server too long; closed"));
		n = 0;
	} else
		n = read(fd, p, room);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0) {
		buf_commit(&ui->in, (size_t)n);
		while ((nl = memchr(buf_data(&ui->in), '\n',
		    buf_len(&ui->in))) != NULL) {
			size_t len = (size_t)(nl - buf_data(&ui->in));

			if (len > 0 && buf_data(&ui->in)[len - 1] == '\r')
				len--;
			ui_add_raw(ui, "< ", buf_data(&ui->in), len);
			buf_consume(&ui->in,
			    (size_t)(nl - buf_data(&ui->in)) + 1);
		}
		return;
	}
	ui_add_line(ui, "%s", n == 0 ? _("connection closed by the server") :
	    strerror(errno));
	snprintf(ui->status, sizeof ui->status, "%s  |  %s",
	    _("not connected"), _("q quit"));
	ev_io_free(ui->io);
	ui->io = NULL;
	close(ui->fd);
	ui->fd = -1;
}

/* The connection is up (or failed). */
static void
ui_connected(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *err, void *arg)
{
	struct ui *ui = arg;
	char addr[NET_ADDRSTRLEN];

	ui->connect = NULL;
	if (fd == -1) {
		ui_add_line(ui, _("cannot connect: %s"), err);
		snprintf(ui->status, sizeof ui->status, "%s  |  %s",
		    _("not connected"), _("q quit"));
		return;
	}
	net_addr_str(sa, salen, addr, sizeof addr, true);
	ui_add_line(ui, _("connected to %s"), addr);
	snprintf(ui->status, sizeof ui->status, _("connected %s  |  q quit"),
	    addr);
	ui->fd = fd;
	ui->io = ev_io_new(ui->loop, fd, POLLIN, ui_read, ui);
}

/* A key press. */
static void
ui_key(struct ev_io *io, int fd, short revents, void *arg)
{
	struct ui *ui = arg;
	wint_t ch;
	int rc;

	while ((rc = get_wch(&ch)) != ERR) {
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			ui->dirty = true;
		else if (rc == OK && (ch == 'q' || ch == 'Q'))
			ev_break(ui->loop);
		else if (rc == OK && ch == 12)	/* Ctrl-L */
			clearok(curscr, TRUE), ui->dirty = true;
	}
}

/* SIGWINCH: take the new size and redraw at once. */
static void
ui_winch(int signo, void *arg)
{
	struct ui *ui = arg;

	endwin();
	refresh();
	ui->dirty = true;
}

/* SIGINT/SIGTERM: leave cleanly. */
static void
ui_quit_signal(int signo, void *arg)
{
	struct ui *ui = arg;

	ev_break(ui->loop);
}

/* fatal()'s hook: give the terminal back before the message. */
static void
ui_restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* Run the interactive screen until the user quits. */
int
ui_run(struct ev_loop *loop, const struct ui_options *opt)
{
	struct ui *ui = xcalloc(1, sizeof *ui);
	size_t i;

	ui->loop = loop;
	ui->opt = opt;
	ui->fd = -1;
	buf_init(&ui->in, LIM_REPLY_LINE);
	the_ui = ui;

	if (initscr() == NULL)
		return -1;
	fatal_set_hook(ui_restore_terminal);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	ui->color = !opt->no_color && getenv("NO_COLOR") == NULL &&
	    has_colors();
	if (ui->color) {
		start_color();
		use_default_colors();
	}

	ev_io_new(loop, STDIN_FILENO, POLLIN, ui_key, ui);
	ev_signal_watch(loop, SIGWINCH, ui_winch, ui);
	ev_signal_watch(loop, SIGINT, ui_quit_signal, ui);
	ev_signal_watch(loop, SIGTERM, ui_quit_signal, ui);
	ev_add_prepare(loop, ui_prepare, ui);

	if (opt->open != NULL && strstr(opt->open, "://") != NULL) {
		struct ftp_url u;
		char err[256];

		if (url_parse(opt->open, &u, err, sizeof err) == 0) {
			ui->host = xstrdup(u.host);
			ui->port = xstrdup(u.port);
			url_free(&u);
		}
	} else if (opt->open != NULL) {
		ui->host = xstrndup(opt->open, strcspn(opt->open, " "));
		ui->port = xstrdup(opt->open + strcspn(opt->open, " ") +
		    (strchr(opt->open, ' ') ? 1 : 0));
	}
	if (ui->host != NULL) {
		ui_add_line(ui, _("connecting to %s port %s..."), ui->host,
		    ui->port);
		snprintf(ui->status, sizeof ui->status, "%s  |  %s",
		    _("connecting"), _("q quit"));
		ui->connect = net_connect_start(loop, ui->host, ui->port,
		    AF_UNSPEC, SOCK_STREAM, LIM_CONNECT_MS, ui_connected, ui);
	} else
		snprintf(ui->status, sizeof ui->status, "%s  |  %s",
		    _("not connected"), _("q quit"));
	ui->dirty = true;

	ev_run(loop);

	endwin();
	fatal_set_hook(NULL);
	net_connect_cancel(ui->connect);
	if (ui->fd != -1)
		close(ui->fd);
	for (i = 0; i < ui->nlines; i++)
		free(ui->lines[i]);
	buf_free(&ui->in);
	free(ui->host);
	free(ui->port);
	free(ui);
	the_ui = NULL;
	return 0;
}
