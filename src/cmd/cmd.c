/*
 * cmd.c: the command table, prefix matching, running a line, help.
 *
 * The table is the one list of commands: help, the man page test,
 * completion and the TUI's help overlay all read it. A name matches a
 * command exactly, by alias, or by a unique prefix ("ge" is get, "re" is
 * ambiguous: reget, rename).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

#define A(...)	{ __VA_ARGS__, NULL }

static const struct cmd_desc table[] = {
	/* connection */
	{ "open", A("o"), N_("open [URL | HOST [PORT] | @BOOKMARK]"),
	  N_("connect and log in (anonymous unless a user is given)"),
	  CF_CONNECTION, CMD_SECRET, CC_BOOKMARK, cmd_open },
	{ "user", A(NULL), N_("user NAME [PASSWORD [ACCOUNT]]"),
	  N_("log in again as another user (asks for the password)"),
	  CF_CONNECTION, CMD_SECRET, CC_NONE, cmd_user },
	{ "close", A("disconnect"), "close",
	  N_("log out and close the connection"),
	  CF_CONNECTION, 0, CC_NONE, cmd_close },
	{ "quit", A("exit", "bye"), "quit", N_("leave jangada"),
	  CF_CONNECTION, 0, CC_NONE, cmd_quit },
	{ "status", A(NULL), "status",
	  N_("the connection, the options that matter, the queue"),
	  CF_CONNECTION, 0, CC_NONE, cmd_status },
	{ "passive", A(NULL), N_("passive [on|off]"),
	  N_("passive data connections (EPSV, PASV)"),
	  CF_CONNECTION, 0, CC_NONE, cmd_passive },
	{ "active", A(NULL), "active",
	  N_("active data connections (EPRT, PORT)"),
	  CF_CONNECTION, 0, CC_NONE, cmd_active },
	{ "set", A(NULL), N_("set OPTION VALUE"), N_("change an option"),
	  CF_CONNECTION, 0, CC_OPTION, cmd_set },
	{ "show", A(NULL), N_("show [OPTION]"), N_("show the options"),
	  CF_CONNECTION, 0, CC_OPTION, cmd_show },
	{ "debug", A(NULL), N_("debug [on|off]"),
	  N_("show the protocol transcript (passwords masked)"),
	  CF_CONNECTION, 0, CC_NONE, cmd_debug },
	{ "quote", A("raw", "literal"), N_("quote COMMAND [ARGS]"),
	  N_("send a command to the server as it is"),
	  CF_CONNECTION, CMD_CONN | CMD_SECRET, CC_NONE, cmd_quote },
	{ "site", A(NULL), N_("site ARGS"), N_("send SITE ARGS"),
	  CF_CONNECTION, CMD_CONN, CC_NONE, cmd_site },
	/* remote */
	{ "ls", A("dir"), N_("ls [PATH]"),
	  N_("list a remote directory (long form)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_ls },
	{ "nlist", A("nls"), N_("nlist [PATH]"),
	  N_("list remote names only (NLST)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_nlist },
	{ "cd", A("cwd"), N_("cd PATH"), N_("change the remote directory"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_cd },
	{ "cdup", A(".."), "cdup", N_("go to the remote parent"),
	  CF_REMOTE, CMD_CONN, CC_NONE, cmd_cdup },
	{ "pwd", A(NULL), "pwd", N_("print the remote directory"),
	  CF_REMOTE, CMD_CONN, CC_NONE, cmd_pwd },
	{ "mkdir", A("md"), N_("mkdir PATH..."),
	  N_("make remote directories"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_mkdir },
	{ "rmdir", A("rd"), N_("rmdir PATH..."),
	  N_("remove empty remote directories"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_rmdir },
	{ "rm", A("delete", "del"), N_("rm PATH..."),
	  N_("delete remote files"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_rm },
	{ "rename", A("mv"), N_("rename FROM TO"),
	  N_("rename or move a remote file"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_rename },
	{ "chmod", A(NULL), N_("chmod MODE PATH..."),
	  N_("change remote permissions (SITE CHMOD)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_chmod },
	{ "size", A(NULL), N_("size PATH"), N_("the size of a remote file"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_size },
	{ "mtime", A("modtime"), N_("mtime PATH"),
	  N_("the modification time of a remote file"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_mtime },
	{ "cat", A("more", "page"), N_("cat [-n KIB] PATH"),
	  N_("show the start of a remote text file"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_cat },
	{ "view", A(NULL), N_("view [-l] [-n KIB] PATH"),
	  N_("the start of a file in the viewer (-l: a local file)"),
	  CF_REMOTE, 0, CC_REMOTE, cmd_view },
	{ "refresh", A(NULL), N_("refresh [PATH]"),
	  N_("list a remote directory again (the screen's r)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_refresh },
	/* local */
	{ "lcd", A(NULL), N_("lcd [DIR]"), N_("change the local directory"),
	  CF_LOCAL, 0, CC_LOCAL_DIR, cmd_lcd },
	{ "lpwd", A(NULL), "lpwd", N_("print the local directory"),
	  CF_LOCAL, 0, CC_NONE, cmd_lpwd },
	{ "lls", A("ldir"), N_("lls [DIR]"), N_("list a local directory"),
	  CF_LOCAL, 0, CC_LOCAL_DIR, cmd_lls },
	{ "lmkdir", A(NULL), N_("lmkdir DIR..."),
	  N_("make local directories"),
	  CF_LOCAL, 0, CC_LOCAL_DIR, cmd_lmkdir },
	/* transfers */
	{ "get", A("recv"), N_("get [-a|-b] [-c] [-r] [-o LOCAL] REMOTE..."),
	  N_("download files (-r: directories; -c: resume)"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_get },
	{ "mget", A(NULL), N_("mget [-a|-b] [-c] GLOB..."),
	  N_("download the files that match"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_mget },
	{ "put", A("send"), N_("put [-a|-b] [-c] [-r] [-o REMOTE] LOCAL..."),
	  N_("upload files (-r: directories; -c: resume)"),
	  CF_TRANSFER, CMD_CONN, CC_LOCAL, cmd_put },
	{ "mput", A(NULL), N_("mput [-a|-b] GLOB..."),
	  N_("upload the local files that match"),
	  CF_TRANSFER, CMD_CONN, CC_LOCAL, cmd_mput },
	{ "reget", A(NULL), N_("reget REMOTE [LOCAL]"),
	  N_("resume a download"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_reget },
	{ "ascii", A(NULL), "ascii", N_("transfer in ASCII (text) mode"),
	  CF_TRANSFER, 0, CC_NONE, cmd_ascii },
	{ "binary", A("bin", "image"), "binary",
	  N_("transfer in binary mode (byte-exact)"),
	  CF_TRANSFER, 0, CC_NONE, cmd_binary },
	{ "type", A(NULL), N_("type [ascii|binary|auto]"),
	  N_("the transfer type (auto: ASCII for text names)"),
	  CF_TRANSFER, 0, CC_NONE, cmd_type },
	{ "queue", A("jobs"), N_("queue [list|cancel ID|all|retry ID|pause "
	  "ID|resume ID|clear]"), N_("the transfers in the background"),
	  CF_TRANSFER, 0, CC_NONE, cmd_queue },
	/* bookmarks */
	{ "bookmark", A("bm"), N_("bookmark add NAME [URL] | del NAME | list"),
	  N_("saved servers (never with passwords)"),
	  CF_BOOKMARK, 0, CC_BOOKMARK, cmd_bookmark },
	/* network tools */
	{ "resolve", A("host", "nslookup"), N_("resolve HOST|ADDRESS"),
	  N_("every address of a name, or the name of an address"),
	  CF_NETWORK, 0, CC_NONE, cmd_resolve },
	{ "port", A("service"), N_("port NAME|NUMBER [tcp|udp]"),
	  N_("look a service or port up"),
	  CF_NETWORK, 0, CC_NONE, cmd_port },
	{ "probe", A(NULL), N_("probe HOST PORT"),
	  N_("does a TCP port answer? (and what it says first)"),
	  CF_NETWORK, 0, CC_NONE, cmd_probe },
	{ "tcp", A(NULL), N_("tcp connect HOST PORT [--crlf|--nl|--raw] "
	  "[--save FILE] | tcp listen [ADDR] PORT [--echo] [--relay] "
	  "[--send FILE]"), N_("a raw TCP session (client or server)"),
	  CF_NETWORK, 0, CC_LOCAL, cmd_tcp },
	{ "udp", A(NULL), N_("udp send HOST PORT TEXT | udp connect HOST PORT "
	  "| udp listen [ADDR] PORT [--echo]"),
	  N_("UDP datagrams (client or server)"),
	  CF_NETWORK, 0, CC_NONE, cmd_udp },
	{ "console", A("con"), N_("console [list|close ID|switch ID|send "
	  "TEXT|to N|all|hex on|off|eol lf|crlf|none|save FILE|wait [SEC]]"),
	  N_("the raw TCP/UDP sessions"),
	  CF_NETWORK, 0, CC_LOCAL, cmd_console },
	/* other */
	{ "help", A("?"), N_("help [COMMAND]"),
	  N_("list the commands, or explain one"),
	  CF_OTHER, 0, CC_COMMAND, cmd_help },
};

#define NCMDS (sizeof table / sizeof table[0])

/* The whole table. */
const struct cmd_desc *
cmd_table(size_t *n)
{
	*n = NCMDS;
	return table;
}

/* The heading of a family in help. */
const char *
cmd_family_name(enum cmd_family f)
{
	switch (f) {
	case CF_CONNECTION:
		return _("Connection");
	case CF_REMOTE:
		return _("Remote files");
	case CF_LOCAL:
		return _("Local files");
	case CF_TRANSFER:
		return _("Transfers");
	case CF_BOOKMARK:
		return _("Bookmarks");
	case CF_NETWORK:
		return _("Network tools");
	case CF_OTHER:
		return _("Other");
	}
	return "?";
}

/* Exact name or alias, then a unique prefix of names and aliases. */
const struct cmd_desc *
cmd_find(const char *name, char *err, size_t errlen)
{
	const struct cmd_desc *found = NULL;
	size_t i, j, n = strlen(name);
	char list[256] = "";

	for (i = 0; i < NCMDS; i++) {
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
		for (j = 0; table[i].aliases[j] != NULL; j++)
			if (strcmp(table[i].aliases[j], name) == 0)
				return &table[i];
	}
	for (i = 0; n > 0 && i < NCMDS; i++) {
		bool match = strncmp(table[i].name, name, n) == 0;

		for (j = 0; !match && table[i].aliases[j] != NULL; j++)
			match = strncmp(table[i].aliases[j], name, n) == 0;
		if (!match || found == &table[i])
			continue;
		if (found != NULL) {
			if (list[0] == '\0')
				str_lcpy(list, found->name, sizeof list);
			str_lcat(list, ", ", sizeof list);
			str_lcat(list, table[i].name, sizeof list);
		}
		if (found == NULL)
			found = &table[i];
	}
	if (list[0] != '\0') {
		snprintf(err, errlen, _("ambiguous command: %s (%s)"), name,
		    list);
		return NULL;
	}
	if (found == NULL)
		snprintf(err, errlen, _("unknown command: %s (try 'help')"),
		    name);
	return found;
}

/* Free a call. */
static void
call_free(struct cmd_call *c)
{
	if (c->priv_free != NULL && c->priv != NULL)
		c->priv_free(c->priv);
	cmd_argv_free(c->argv);
	free(c);
}

/* End the command: done is called once, then the call is freed. */
void
cmd_finish(struct cmd_call *c, int status)
{
	struct app *app = c->app;
	cmd_done_cb done = c->done;
	void *arg = c->done_arg;

	if (c->finished)
		return;
	c->finished = true;
	c->status = status;
	if (app->running == c)
		app->running = NULL;
	if (status != CMD_OK)
		app->failures++;
	if (done != NULL)
		done(c, status, arg);
	call_free(c);
}

/* "get: message" and end the command. */
void
cmd_fail(struct cmd_call *c, int status, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	app_out(c->app, APP_ERROR, "%s: %s", c->desc != NULL ?
	    c->desc->name : "jangada", msg);
	free(msg);
	cmd_finish(c, status);
}

/* Fail a line before it became a command. */
static void
line_fail(struct app *app, int status, cmd_done_cb done, void *arg,
    const char *msg)
{
	struct cmd_call *c = xcalloc(1, sizeof *c);

	c->app = app;
	c->done = done;
	c->done_arg = arg;
	app_out(app, APP_ERROR, "%s", msg);
	cmd_finish(c, status);
}

/* Run one line: tokenize, find, check, run. */
void
cmd_run_line(struct app *app, const char *line, cmd_done_cb done, void *arg)
{
	const struct cmd_desc *d;
	struct cmd_call *c;
	char **argv, err[512];
	int argc;

	if (app->running != NULL) {
		line_fail(app, CMD_FAILED, done, arg,
		    _("a command is still running; wait for it or cancel it"));
		return;
	}
	if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == -1) {
		line_fail(app, CMD_USAGE, done, arg, err);
		return;
	}
	if (argc == 0) {
		cmd_argv_free(argv);
		c = xcalloc(1, sizeof *c);
		c->app = app;
		c->done = done;
		c->done_arg = arg;
		cmd_finish(c, CMD_OK);
		return;
	}
	if ((d = cmd_find(argv[0], err, sizeof err)) == NULL) {
		cmd_argv_free(argv);
		line_fail(app, CMD_USAGE, done, arg, err);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->app = app;
	c->desc = d;
	c->argc = argc;
	c->argv = argv;
	c->done = done;
	c->done_arg = arg;
	if ((d->flags & CMD_CONN) && !ftp_session_connected(app->ftp)) {
		cmd_fail(c, CMD_FAILED, "%s", _("not connected (use open)"));
		return;
	}
	if (!(d->flags & CMD_SECRET))
		log_info("command: %s", line);
	app->running = c;
	d->run(c);
}

/* Cancel the running command: its operation stops, it ends failed. */
void
cmd_cancel(struct app *app)
{
	struct cmd_call *c = app->running;

	if (c == NULL)
		return;
	ftp_cancel(app->ftp);
	if (app->running == c && !c->finished)
		cmd_fail(c, CMD_FAILED, "%s", _("interrupted"));
}

/* Lines that may hold a password are never kept in history. */
bool
cmd_line_is_secret(const char *line)
{
	const struct cmd_desc *d;
	char **argv, err[256], *at;
	int argc;
	bool secret = false;

	if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == -1)
		return strstr(line, "@") != NULL || strstr(line, "pass") !=
		    NULL;
	if (argc > 0 && (d = cmd_find(argv[0], err, sizeof err)) != NULL) {
		if (d->run == cmd_user && argc > 2)
			secret = true;
		else if (d->run == cmd_quote && argc > 1 &&
		    (strcasecmp(argv[1], "PASS") == 0 ||
		    strcasecmp(argv[1], "ACCT") == 0))
			secret = true;
		else if (d->run == cmd_open) {
			int i;

			for (i = 1; i < argc; i++) {
				/* ftp://user:pass@host */
				at = strchr(argv[i], '@');
				if (at != NULL && memchr(argv[i], ':',
				    (size_t)(at - argv[i])) != NULL &&
				    strstr(argv[i], "://") != NULL &&
				    strchr(strstr(argv[i], "://") + 3, ':') <
				    at)
					secret = true;
			}
		}
	}
	cmd_argv_free(argv);
	return secret;
}

/* Output every line of text (the text is cut up in place). */
void
cmd_out_lines(struct app *app, char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		app_out(app, APP_OUT, "%s", line);
}

/* A tiny getopt over a call's argv ("abo:" style spec; "--" ends). */
int
cmd_getopt(struct cmd_call *c, const char *spec, struct cmd_getopt *g)
{
	const char *a, *p;

	if (g->ind == 0)
		g->ind = 1;
	if (g->ind >= c->argc)
		return -1;
	a = c->argv[g->ind];
	if (a[0] != '-' || a[1] == '\0')
		return -1;
	if (strcmp(a, "--") == 0) {
		g->ind++;
		return -1;
	}
	if (a[2] != '\0' || (p = strchr(spec, a[1])) == NULL) {
		g->opt = a[1];
		return '?';
	}
	g->opt = a[1];
	g->ind++;
	if (p[1] == ':') {
		if (g->ind >= c->argc)
			return ':';
		g->arg = c->argv[g->ind++];
	}
	return g->opt;
}

/* help [COMMAND]. */
int
cmd_help(struct cmd_call *c)
{
	struct app *app = c->app;
	const struct cmd_desc *d;
	char err[256], names[128];
	size_t i, j;
	int f, last = -1;

	if (c->argc > 2) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	if (c->argc == 2) {
		if ((d = cmd_find(c->argv[1], err, sizeof err)) == NULL) {
			cmd_fail(c, CMD_USAGE, "%s", err);
			return 0;
		}
		app_out(app, APP_OUT, _("usage: %s"), _(d->usage));
		app_out(app, APP_OUT, "  %s", _(d->help));
		if (d->aliases[0] != NULL) {
			names[0] = '\0';
			for (j = 0; d->aliases[j] != NULL; j++) {
				if (j > 0)
					str_lcat(names, ", ", sizeof names);
				str_lcat(names, d->aliases[j], sizeof names);
			}
			app_out(app, APP_OUT, _("  also: %s"), names);
		}
		cmd_finish(c, CMD_OK);
		return 0;
	}
	for (f = CF_CONNECTION; f <= CF_OTHER; f++) {
		for (i = 0; i < NCMDS; i++) {
			if ((int)table[i].family != f)
				continue;
			if (last != f) {
				if (last != -1)
					app_out(app, APP_OUT, "%s", "");
				app_out(app, APP_OUT, "%s:",
				    cmd_family_name(table[i].family));
				last = f;
			}
			app_out(app, APP_OUT, "  %-10s %s", table[i].name,
			    _(table[i].help));
		}
	}
	app_out(app, APP_OUT, "%s", "");
	app_out(app, APP_OUT, "%s", _("Type 'help COMMAND' for its usage. "
	    "Names may be shortened while they stay unique."));
	cmd_finish(c, CMD_OK);
	return 0;
}
