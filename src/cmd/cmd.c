/*
 * cmd.c: running a typed line (cmd.h): its alias expanded, logged unless
 * secret, a shell line ("!CMD") or a redirected one ("CMD | SHELL-CMD",
 * "CMD > FILE": chosen here, run by cmd_shell.c), else tokenized, found
 * in the table (cmd_table.c), made a call and run (call.c), or made to
 * wait for a reconnection; and interrupting the running command. The
 * top of the command language: it calls the table and the files below
 * it, and nothing in src/cmd calls it but batch.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

/* Fail a line before it became a command. */
static void
line_fail(struct app *app, int status, cmd_done_cb done, void *arg,
    const char *msg)
{
	struct cmd_call *c = cmd_call_new(app, NULL, NULL, 0, done, arg);

	app_out(app, APP_ERROR, "%s", msg);
	cmd_finish(c, status);
}

/*
 * Lines the shell syntax takes over: "!...", and a '|' or '>' outside
 * quotes on the line of a command that may be redirected. True when the
 * line was taken (done is called, as by cmd_run_line).
 */
static bool
shell_line(struct app *app, const char *line, cmd_done_cb done, void *arg)
{
	const struct cmd_desc *d;
	struct cmd_call *c;
	const char *op;
	char **argv, *left, err[512];
	int argc;

	line += strspn(line, " \t");
	if (*line == '!') {
		line++;
		line += strspn(line, " \t");
		argv = xcalloc(3, sizeof *argv);
		argv[0] = xstrdup("shell");
		if (*line != '\0')
			argv[1] = xstrdup(line);
		d = cmd_find("shell", err, sizeof err);
		c = cmd_call_new(app, d, argv, *line != '\0' ? 2 : 1, done, arg);
		app->running = c;
		d->run(c);
		return true;
	}
	if ((op = cmd_redirect_at(line)) == NULL)
		return false;
	left = xstrndup(line, (size_t)(op - line));
	if (cmd_tokenize(left, &argv, &argc, err, sizeof err) == -1) {
		free(left);
		return false;		/* cmd_run_line says what is wrong */
	}
	free(left);
	if (argc == 0 || (d = cmd_find(argv[0], err, sizeof err)) == NULL ||
	    d->family == CF_NETWORK || (d->flags & CMD_SECRET) ||
	    d->run == cmd_site || d->run == cmd_shell) {
		cmd_argv_free(argv);
		return false;
	}
	cmd_redirect(app, d, argv, argc, op, done, arg);
	return true;
}

/* A line with its alias expanded: log, shell line or command. */
static void
run_line(struct app *app, const char *line, cmd_done_cb done, void *arg)
{
	const struct cmd_desc *d;
	struct cmd_call *c;
	char **argv, err[512];
	const char *w = line + strspn(line, " \t");
	int argc;

	if (*w != '\0' && *w != '#' && !cmd_line_is_secret(line))
		log_info("command: %s", line);
	if (shell_line(app, line, done, arg))
		return;
	if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == -1) {
		line_fail(app, CMD_USAGE, done, arg, err);
		return;
	}
	if (argc == 0) {
		cmd_argv_free(argv);
		cmd_finish(cmd_call_new(app, NULL, NULL, 0, done, arg),
		    CMD_OK);
		return;
	}
	if ((d = cmd_find(argv[0], err, sizeof err)) == NULL) {
		cmd_argv_free(argv);
		line_fail(app, CMD_USAGE, done, arg, err);
		return;
	}
	c = cmd_call_new(app, d, argv, argc, done, arg);
	/* The connection dropped: wait for the reconnection, if one is due. */
	if ((d->flags & CMD_CONN) && !ftp_session_connected(app->ftp) &&
	    app_reconnect_wait(c))
		return;
	cmd_call_run(c);
}

/*
 * Run one line: the alias of its first word expanded (once, before
 * anything else looks at it), then a shell line (!CMD, CMD | SHELL-CMD,
 * CMD > FILE: cmd_shell.c, which checks the command's arguments as
 * below), or tokenize, find, check the arguments, run. The log gets the
 * expanded line, unless it is secret; the history (the front end) sees
 * the line as typed, and cmd_line_is_secret expands aliases itself.
 */
void
cmd_run_line(struct app *app, const char *line, cmd_done_cb done, void *arg)
{
	char *expanded;

	if (app->running != NULL) {
		line_fail(app, CMD_FAILED, done, arg,
		    _("a command is still running; wait for it or cancel it"));
		return;
	}
	expanded = cmd_alias_expand(line);
	run_line(app, expanded != NULL ? expanded : line, done, arg);
	free(expanded);
}

/*
 * Interrupt the running command (see cmd.h). The callbacks of its
 * operations run inside ftp_cancel, see c->interrupted and end the call
 * quietly; a command waiting on something else (the queue, a look-up)
 * ends here, and its priv_free stops what it waited for.
 */
void
cmd_cancel(struct app *app)
{
	struct cmd_call *c = app->running;

	if (c != NULL && c->interrupted)
		return;
	if (c != NULL) {
		c->interrupted = true;
		app_out(app, APP_ERROR, "%s: %s", c->desc != NULL ?
		    c->desc->name : "jangada", _("interrupted"));
	}
	ftp_cancel(app->ftp);
	if (c != NULL && app->running == c && !c->finished)
		cmd_finish(c, CMD_FAILED);
}
