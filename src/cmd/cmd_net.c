/*
 * cmd_net.c: the network tools: resolve, port, probe, and the raw TCP and
 * UDP console sessions (tcp, udp, console).
 *
 * Console sessions are kept in the app; the TUI shows the current one in
 * its console pane, batch mode prints their lines. "udp send" waits
 * udp-wait seconds for replies, then ends; "tcp listen ... --send FILE"
 * serves one client and ends. In batch mode these, and "tcp connect ...
 * --save FILE" (until the peer closes: the file is then complete), run
 * until their session ends; "console wait [SECONDS]" waits for the current
 * session to end, and whatever is still open when the script ends is
 * closed. A TCP client's line end is CR LF to a line protocol's port
 * unless --crlf, --nl or --raw says otherwise.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "ev/loop.h"

/* ------------------------------------------------------ look-ups */

/* A line of a look-up's result. */
static void
tool_line(struct net_tool *t, const char *line, bool last, bool error,
    void *arg)
{
	struct cmd_call *c = arg;

	if (line != NULL)
		app_out(c->app, error ? APP_ERROR : APP_OUT, "%s%s%s",
		    error ? c->desc->name : "", error ? ": " : "", line);
	if (last)
		cmd_finish(c, error ? CMD_FAILED : CMD_OK);
}

static void
tool_cancel(void *p)
{
	/* the call ended early (interrupted): stop the look-up */
	net_tool_cancel(p);
}

/* resolve HOST|ADDRESS. */
int
cmd_resolve(struct cmd_call *c)
{
	struct net_tool *t;

	if (c->argc != 2) {
		cmd_usage(c, NULL);
		return 0;
	}
	if ((t = net_resolve(c->app->loop, c->argv[1], tool_line, c)) == NULL)
		cmd_fail(c, CMD_FAILED, "%s", strerror(errno));
	else {
		c->priv = t;
		c->priv_free = tool_cancel;
	}
	return 0;
}

/* port NAME|NUMBER [tcp|udp]. */
int
cmd_port(struct cmd_call *c)
{
	char out[4096];

	if (c->argc < 2 || c->argc > 3 || (c->argc == 3 &&
	    strcasecmp(c->argv[2], "tcp") != 0 &&
	    strcasecmp(c->argv[2], "udp") != 0)) {
		cmd_usage(c, NULL);
		return 0;
	}
	if (net_port_lookup(c->argv[1], c->argc == 3 ? c->argv[2] : NULL, out,
	    sizeof out) == -1) {
		cmd_fail(c, CMD_FAILED, "%s", out);
		return 0;
	}
	cmd_out_lines(c->app, out);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* probe HOST PORT. */
int
cmd_probe(struct cmd_call *c)
{
	struct net_tool *t;
	unsigned port;

	if (c->argc != 3) {
		cmd_usage(c, NULL);
		return 0;
	}
	if (str_to_port(c->argv[2], &port) == -1) {
		cmd_fail(c, CMD_USAGE, _("bad port: %s (give 1 to 65535)"),
		    c->argv[2]);
		return 0;
	}
	if ((t = net_probe(c->app->loop, c->argv[1], c->argv[2],
	    c->app->opts.connect_timeout * 1000, tool_line, c)) == NULL)
		cmd_fail(c, CMD_FAILED, "%s", strerror(errno));
	else {
		c->priv = t;
		c->priv_free = tool_cancel;
	}
	return 0;
}

/* ------------------------------------------------------ consoles */

/* A console line: to the front end, or printed in batch. */
static void
con_line_cb(struct con *con, const struct con_line *l, void *arg)
{
	struct app *app = arg;
	static const char *dirs[] = { "<", ">", "*", "!" };

	if (app->hooks.console != NULL) {
		app->hooks.console(app, con, l, app->hooks_arg);
		return;
	}
	if (l->client > 0)
		app_out(app, l->dir == CON_ERROR ? APP_ERROR : APP_OUT,
		    "%s [%d %s] %s", dirs[l->dir], l->client,
		    l->peer ? l->peer : "", l->text);
	else if ((l->flags & CON_LINE_FROM) && l->peer != NULL)
		app_out(app, l->dir == CON_ERROR ? APP_ERROR : APP_OUT,
		    "%s [%s] %s", dirs[l->dir], l->peer, l->text);
	else
		app_out(app, l->dir == CON_ERROR ? APP_ERROR : APP_OUT,
		    "%s %s", dirs[l->dir], l->text);
}

/*
 * A console session ended (the peer closed, or an error): it stays listed,
 * "(closed)", until "console close" frees it; wake a command waiting on it.
 */
static void
con_closed_cb(struct con *con, void *arg)
{
	struct app *app = arg;
	struct cmd_call *c;

	app_changed(app, APP_CH_CONSOLE);
	if ((c = app->con_wait) != NULL && app->con_waiting == con) {
		app->con_wait = NULL;
		app->con_waiting = NULL;
		ev_timer_free(app->con_wait_timer);
		app->con_wait_timer = NULL;
		cmd_finish(c, CMD_OK);
	}
}

/* Forget and free a session. */
static void
con_forget(struct app *app, struct con *con)
{
	size_t i;

	for (i = 0; i < APP_MAX_CONS; i++)
		if (app->cons[i] == con)
			app->cons[i] = NULL;
	if (app->con_current == con) {
		app->con_current = NULL;
		for (i = 0; i < APP_MAX_CONS; i++)
			if (app->cons[i] != NULL)
				app->con_current = app->cons[i];
	}
	if (app->con_waiting == con)
		app->con_waiting = NULL;
	con_close(con);
	app_changed(app, APP_CH_CONSOLE);
}

/*
 * Keep a new session as the current one; con NULL: opening it failed, err
 * says why. -1 when the command has failed.
 */
static int
con_keep(struct cmd_call *c, struct con *con, const char *err)
{
	struct app *app = c->app;
	size_t i;

	if (con == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", err);
		return -1;
	}
	for (i = 0; i < APP_MAX_CONS; i++)
		if (app->cons[i] == NULL)
			break;
	if (i == APP_MAX_CONS) {
		con_close(con);
		cmd_fail(c, CMD_FAILED, _("too many console sessions (at most "
		    "%d); close one"), APP_MAX_CONS);
		return -1;
	}
	app->cons[i] = con;
	app->con_current = con;
	app_changed(app, APP_CH_CONSOLE);
	return 0;
}

/* The wait of "console wait" ran out. */
static void
con_wait_timeout(struct ev_timer *t, void *arg)
{
	struct app *app = arg;
	struct cmd_call *c = app->con_wait;

	app->con_wait = NULL;
	app->con_waiting = NULL;
	ev_timer_free(app->con_wait_timer);
	app->con_wait_timer = NULL;
	if (c != NULL)
		cmd_finish(c, CMD_OK);
}

/* The waiting call ends (done, or interrupted): nothing waits any more. */
static void
con_wait_end(void *p)
{
	struct app *app = p;

	app->con_wait = NULL;
	app->con_waiting = NULL;
	ev_timer_free(app->con_wait_timer);
	app->con_wait_timer = NULL;
}

/* Wait (the command stays running) until con closes, or ms pass. */
static void
con_wait(struct cmd_call *c, struct con *con, int ms)
{
	struct app *app = c->app;

	c->priv = app;
	c->priv_free = con_wait_end;
	app->con_wait = c;
	app->con_waiting = con;
	if (ms > 0) {
		app->con_wait_timer = ev_timer_new(app->loop, con_wait_timeout,
		    app);
		ev_timer_start(app->con_wait_timer, (uint64_t)ms);
	}
}

static const struct con_events con_ev = {
	.line = con_line_cb,
	.closed = con_closed_cb
};

/* The words of tcp and udp after the subcommand: --flags, operands. */
struct con_words {
	struct con_opts	 o;
	const char	*pos[3];
	int		 npos;
};

/* Read them; -1: none, or a bad one (a usage error). */
static int
con_words(struct cmd_call *c, struct con_words *w)
{
	struct con_opts *o = &w->o;
	const char **pos = w->pos;
	int *npos = &w->npos;
	int i;

	if (c->argc < 3)
		return -1;
	memset(w, 0, sizeof *w);
	o->eol = CON_EOL_AUTO;
	for (i = 2; i < c->argc; i++) {
		const char *a = c->argv[i];

		if (strcmp(a, "--crlf") == 0)
			o->eol = CON_EOL_CRLF;
		else if (strcmp(a, "--nl") == 0 || strcmp(a, "--lf") == 0)
			o->eol = CON_EOL_LF;
		else if (strcmp(a, "--raw") == 0)
			o->eol = CON_EOL_NONE;
		else if (strcmp(a, "--echo") == 0)
			o->echo = true;
		else if (strcmp(a, "--relay") == 0)
			o->relay = true;
		else if (strcmp(a, "--hex") == 0)
			o->hex = true;
		else if (strcmp(a, "--tls") == 0)
			o->tls = true;
		else if (strcmp(a, "--save") == 0 && i + 1 < c->argc)
			o->save = c->argv[++i];
		else if (strcmp(a, "--send") == 0 && i + 1 < c->argc)
			o->send = c->argv[++i];
		else if (a[0] == '-' && a[1] == '-')
			return -1;
		else if (*npos < 3)
			pos[(*npos)++] = a;
		else
			return -1;
	}
	return 0;
}

/* tcp connect HOST PORT [...] | tcp listen [ADDR] PORT [...]. */
int
cmd_tcp(struct cmd_call *c)
{
	struct con_words w;
	struct con *con;
	char err[512];

	if (con_words(c, &w) == -1)
		goto usage;
	if (strcmp(c->argv[1], "connect") == 0 && w.npos == 2 &&
	    w.o.send == NULL) {
		con = con_tcp_connect(c->app->loop, w.pos[0], w.pos[1], &w.o,
		    &con_ev, c->app, err, sizeof err);
	} else if (strcmp(c->argv[1], "listen") == 0 && (w.npos == 1 ||
	    w.npos == 2) && w.o.save == NULL && !w.o.tls) {
		w.o.once = w.o.send != NULL;
		con = con_tcp_listen(c->app->loop, w.npos == 2 ? w.pos[0] :
		    NULL, w.pos[w.npos - 1], &w.o, &con_ev, c->app, err,
		    sizeof err);
	} else
		goto usage;
	if (con_keep(c, con, err) == -1)
		return 0;
	if (c->app->batch && (w.o.save != NULL || w.o.send != NULL)) {
		con_wait(c, con, 0);
		return 0;
	}
	cmd_finish(c, CMD_OK);
	return 0;
usage:
	cmd_usage(c, NULL);
	return 0;
}

/* udp send HOST PORT TEXT | udp connect HOST PORT | udp listen [ADDR] PORT. */
int
cmd_udp(struct cmd_call *c)
{
	struct con_words w;
	struct con *con;
	char err[512];

	if (con_words(c, &w) == -1)
		goto usage;
	if (strcmp(c->argv[1], "send") == 0 && w.npos == 3) {
		w.o.eol = CON_EOL_NONE;
		w.o.reply_ms = c->app->opts.udp_wait * 1000;
		con = con_udp_connect(c->app->loop, w.pos[0], w.pos[1], &w.o,
		    &con_ev, c->app, err, sizeof err);
		if (con == NULL || con_send(con, w.pos[2], 0, err,
		    sizeof err) == -1) {
			if (con != NULL)
				con_close(con);
			cmd_fail(c, CMD_FAILED, "%s", err);
			return 0;
		}
		if (con_keep(c, con, err) == -1)
			return 0;
		/* Replies are shown until the wait is over; then it ends. */
		con_close_when_sent(con);
		if (c->app->batch && con_is_open(con))
			con_wait(c, con, 0);
		else
			cmd_finish(c, CMD_OK);
		return 0;
	}
	if (strcmp(c->argv[1], "connect") == 0 && w.npos == 2)
		con = con_udp_connect(c->app->loop, w.pos[0], w.pos[1], &w.o,
		    &con_ev, c->app, err, sizeof err);
	else if (strcmp(c->argv[1], "listen") == 0 && (w.npos == 1 ||
	    w.npos == 2))
		con = con_udp_listen(c->app->loop, w.npos == 2 ? w.pos[0] :
		    NULL, w.pos[w.npos - 1], &w.o, &con_ev, c->app, err,
		    sizeof err);
	else
		goto usage;
	if (con_keep(c, con, err) == 0)
		cmd_finish(c, CMD_OK);
	return 0;
usage:
	cmd_usage(c, NULL);
	return 0;
}

/* A session by its number, or the current one. */
static struct con *
con_by_id(struct app *app, const char *id)
{
	uint64_t n;
	size_t i;

	if (id == NULL)
		return app->con_current;
	if (str_to_u64(id, &n) == -1)
		return NULL;
	for (i = 0; i < APP_MAX_CONS; i++)
		if (app->cons[i] != NULL && con_id(app->cons[i]) == n)
			return app->cons[i];
	return NULL;
}

/* console [list|close ID|switch ID|send TEXT|to N|hex on|off|eol ...|
 * save FILE|wait [SECONDS]]. */
int
cmd_console(struct cmd_call *c)
{
	struct app *app = c->app;
	const char *what = c->argc > 1 ? c->argv[1] : "list";
	struct con *con;
	char err[512];
	uint64_t n;
	size_t i;

	if (strcmp(what, "list") == 0) {
		int any = 0;

		for (i = 0; i < APP_MAX_CONS; i++) {
			if ((con = app->cons[i]) == NULL)
				continue;
			any = 1;
			app_out(app, APP_OUT, "%c%3u %s  %s %llu  %s %llu%s",
			    con == app->con_current ? '*' : ' ', con_id(con),
			    con_name(con), _("in"),
			    (unsigned long long)con_bytes_in(con), _("out"),
			    (unsigned long long)con_bytes_out(con),
			    con_is_open(con) ? "" : _("  (closed)"));
		}
		if (!any)
			app_out(app, APP_OUT, "%s", _("No console sessions."));
		cmd_finish(c, CMD_OK);
		return 0;
	}
	if (strcmp(what, "wait") == 0 && c->argc <= 3) {
		n = 0;
		if (c->argc == 3 && str_to_u64(c->argv[2], &n) == -1)
			goto usage;
		if ((con = app->con_current) == NULL || !con_is_open(con)) {
			cmd_finish(c, CMD_OK);
			return 0;
		}
		con_wait(c, con, (int)(n * 1000));
		return 0;
	}
	if (c->argc < 3)
		goto usage;
	if (strcmp(what, "send") == 0) {
		char *text = NULL;
		size_t len = 0;
		int i2;

		if ((con = app->con_current) == NULL) {
			cmd_fail(c, CMD_FAILED, "%s", _("no console session"));
			return 0;
		}
		for (i2 = 2; i2 < c->argc; i2++)
			len += strlen(c->argv[i2]) + 1;
		text = xcalloc(1, len + 1);
		for (i2 = 2; i2 < c->argc; i2++) {
			if (i2 > 2)
				strcat(text, " ");
			strcat(text, c->argv[i2]);
		}
		if (con_send(con, text, app->con_target, err,
		    sizeof err) == -1) {
			free(text);
			cmd_fail(c, CMD_FAILED, "%s", err);
			return 0;
		}
		free(text);
		cmd_finish(c, CMD_OK);
		return 0;
	}
	if (c->argc != 3)
		goto usage;
	if (strcmp(what, "close") == 0 || strcmp(what, "switch") == 0) {
		if ((con = con_by_id(app, c->argv[2])) == NULL) {
			cmd_fail(c, CMD_FAILED, _("no console session %s"),
			    c->argv[2]);
			return 0;
		}
		if (what[0] == 'c')
			con_forget(app, con);
		else
			app->con_current = con;
		app_changed(app, APP_CH_CONSOLE);
	} else if (strcmp(what, "to") == 0) {
		if (strcmp(c->argv[2], "all") == 0)
			n = 0;
		else if (str_to_u64(c->argv[2], &n) == -1 || n > 1000000)
			goto usage;
		app->con_target = (int)n;
	} else if (strcmp(what, "hex") == 0) {
		if ((con = app->con_current) == NULL)
			goto nocon;
		con_set_hex(con, strcmp(c->argv[2], "on") == 0);
	} else if (strcmp(what, "eol") == 0) {
		if ((con = app->con_current) == NULL)
			goto nocon;
		if (strcmp(c->argv[2], "lf") == 0)
			con_set_eol(con, CON_EOL_LF);
		else if (strcmp(c->argv[2], "crlf") == 0)
			con_set_eol(con, CON_EOL_CRLF);
		else if (strcmp(c->argv[2], "none") == 0)
			con_set_eol(con, CON_EOL_NONE);
		else
			goto usage;
		/* the console prompt shows the line end */
		app_changed(app, APP_CH_CONSOLE);
	} else if (strcmp(what, "save") == 0) {
		if ((con = app->con_current) == NULL)
			goto nocon;
		if (con_save_log(con, c->argv[2], err, sizeof err) == -1) {
			cmd_fail(c, CMD_FAILED, "%s", err);
			return 0;
		}
	} else
		goto usage;
	cmd_finish(c, CMD_OK);
	return 0;
nocon:
	cmd_fail(c, CMD_FAILED, "%s", _("no console session"));
	return 0;
usage:
	cmd_usage(c, NULL);
	return 0;
}
