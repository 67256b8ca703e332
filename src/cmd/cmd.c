/*
 * cmd.c: the command table, prefix matching, running a line, help.
 *
 * The table is the one list of commands: help, the man page test,
 * completion and the TUI's help overlay all read it. A name matches a
 * command exactly, by alias, or by a unique prefix ("ge" is get, "re" is
 * ambiguous: reget, rename).
 */
#include "config.h"

#include <limits.h>
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
#define ARGS(o, mn, mx, f)	{ o, mn, mx, f }
/* ls, nlist, lls: the listing's form and a local sort. */
#define LS_OPTS	"la1tSr"

static const struct cmd_sub queue_subs[] = {
	{ "list", A(NULL), "queue [list]", ARGS(NULL, 0, 0, 0),
	  cmd_queue_list },
	{ "cancel", A(NULL), N_("queue cancel ID|all"), ARGS(NULL, 1, 1, 0),
	  cmd_queue_ctl },
	{ "retry", A(NULL), N_("queue retry ID"), ARGS(NULL, 1, 1, 0),
	  cmd_queue_ctl },
	{ "pause", A(NULL), N_("queue pause ID"), ARGS(NULL, 1, 1, 0),
	  cmd_queue_ctl },
	{ "resume", A(NULL), N_("queue resume ID"), ARGS(NULL, 1, 1, 0),
	  cmd_queue_ctl },
	{ "clear", A(NULL), "queue clear", ARGS(NULL, 0, 0, 0),
	  cmd_queue_clear },
	{ NULL, A(NULL), NULL, ARGS(NULL, 0, 0, 0), NULL }
};

static const struct cmd_sub bookmark_subs[] = {
	{ "list", A(NULL), "bookmark [list]", ARGS(NULL, 0, 0, 0),
	  cmd_bookmark_list },
	{ "add", A(NULL), N_("bookmark add NAME [URL]"), ARGS(NULL, 1, 2, 0),
	  cmd_bookmark_add },
	{ "del", A("delete", "rm"), N_("bookmark del NAME"),
	  ARGS(NULL, 1, 1, 0), cmd_bookmark_del },
	{ NULL, A(NULL), NULL, ARGS(NULL, 0, 0, 0), NULL }
};

static const struct cmd_desc table[] = {
	/* connection */
	{ "open", A("o"), N_("open [-u USER[,PASS]] [-p PORT] [URL | [USER@]HOST[:PORT] "
	  "[PORT] | @BOOKMARK]"),
	  N_("connect and log in (anonymous unless a user is given)"),
	  CF_CONNECTION, CMD_SECRET, CC_BOOKMARK, cmd_open,
	  ARGS("u:p:", 0, 2, 0), NULL, NULL },
	{ "user", A(NULL), N_("user NAME [PASSWORD [ACCOUNT]]"),
	  N_("log in again as another user (asks for the password)"),
	  CF_CONNECTION, CMD_SECRET, CC_NONE, cmd_user,
	  ARGS(NULL, 1, 3, CMD_ARGS_RAW), NULL, NULL },
	{ "close", A("disconnect"), "close",
	  N_("log out and close the connection"),
	  CF_CONNECTION, 0, CC_NONE, cmd_close,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "quit", A("exit", "bye"), "quit", N_("leave jangada"),
	  CF_CONNECTION, 0, CC_NONE, cmd_quit,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "status", A(NULL), "status",
	  N_("the connection, the options that matter, the queue"),
	  CF_CONNECTION, 0, CC_NONE, cmd_status,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "passive", A(NULL), N_("passive [on|off]"),
	  N_("passive data connections (EPSV, PASV)"),
	  CF_CONNECTION, 0, CC_NONE, cmd_passive,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
	{ "active", A(NULL), "active",
	  N_("active data connections (EPRT, PORT)"),
	  CF_CONNECTION, 0, CC_NONE, cmd_active,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "set", A(NULL), N_("set [OPTION [VALUE]]"),
	  N_("change an option (alone: show them all)"),
	  CF_CONNECTION, 0, CC_OPTION, cmd_set,
	  ARGS(NULL, 0, 2, CMD_ARGS_RAW), NULL, NULL },
	{ "show", A(NULL), N_("show [OPTION]"), N_("show the options"),
	  CF_CONNECTION, 0, CC_OPTION, cmd_show,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
	{ "debug", A(NULL), N_("debug [on|off]"),
	  N_("show the protocol transcript (passwords masked)"),
	  CF_CONNECTION, 0, CC_NONE, cmd_debug,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
	{ "quote", A("raw", "literal"), N_("quote COMMAND [ARGS]"),
	  N_("send a command to the server as it is"),
	  CF_CONNECTION, CMD_CONN | CMD_SECRET, CC_NONE, cmd_quote,
	  ARGS(NULL, 1, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "site", A(NULL), N_("site ARGS"), N_("send SITE ARGS"),
	  CF_CONNECTION, CMD_CONN, CC_NONE, cmd_site,
	  ARGS(NULL, 1, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	/* remote */
	{ "ls", A("dir"), N_("ls [-l|-1] [-a] [-t|-S] [-r] [PATH]"),
	  N_("list a remote directory (long form)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_ls,
	  ARGS(LS_OPTS, 0, 1, 0), NULL, NULL },
	{ "nlist", A("nls"), N_("nlist [-l|-1] [-a] [-t|-S] [-r] [PATH]"),
	  N_("list remote names only (NLST)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_nlist,
	  ARGS(LS_OPTS, 0, 1, 0), NULL, NULL },
	{ "cd", A("cwd"), N_("cd [PATH | -]"), N_("change the remote directory"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_cd,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
	{ "cdup", A(".."), "cdup", N_("go to the remote parent"),
	  CF_REMOTE, CMD_CONN, CC_NONE, cmd_cdup,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "pwd", A(NULL), "pwd", N_("print the remote directory"),
	  CF_REMOTE, CMD_CONN, CC_NONE, cmd_pwd,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "mkdir", A("md"), N_("mkdir [-p] PATH..."),
	  N_("make remote directories"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_mkdir,
	  ARGS("p", 1, CMD_ANY, 0), NULL, NULL },
	{ "rmdir", A("rd"), N_("rmdir [-r] [-f] PATH..."),
	  N_("remove empty remote directories"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_rmdir,
	  ARGS("rRf", 1, CMD_ANY, 0), NULL, NULL },
	{ "rm", A("delete", "del"), N_("rm [-r] [-f] PATH..."),
	  N_("delete remote files"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_rm,
	  ARGS("rRf", 1, CMD_ANY, 0), NULL, NULL },
	{ "rename", A("mv"), N_("rename FROM TO"),
	  N_("rename or move a remote file"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_rename,
	  ARGS(NULL, 2, 2, 0), NULL, NULL },
	{ "chmod", A(NULL), N_("chmod MODE PATH..."),
	  N_("change remote permissions (SITE CHMOD)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_chmod,
	  ARGS(NULL, 2, CMD_ANY, 0), NULL, NULL },
	{ "size", A(NULL), N_("size PATH"), N_("the size of a remote file"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_size,
	  ARGS(NULL, 1, 1, 0), NULL, NULL },
	{ "mtime", A("modtime"), N_("mtime PATH"),
	  N_("the modification time of a remote file"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_mtime,
	  ARGS(NULL, 1, 1, 0), NULL, NULL },
	{ "cat", A(NULL), N_("cat [-n KIB] PATH"),
	  N_("show the start of a remote text file"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_cat,
	  ARGS("n:", 1, 1, 0), NULL, NULL },
	{ "view", A(NULL), N_("view [-l] [-n KIB] PATH"),
	  N_("the start of a file in the viewer (-l: a local file)"),
	  CF_REMOTE, 0, CC_REMOTE, cmd_view,
	  ARGS("ln:", 1, 1, 0), NULL, NULL },
	{ "refresh", A(NULL), N_("refresh [PATH]"),
	  N_("list a remote directory again (the screen's r)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_refresh,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
	/* local */
	{ "lcd", A(NULL), N_("lcd [DIR]"), N_("change the local directory"),
	  CF_LOCAL, 0, CC_LOCAL_DIR, cmd_lcd,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
	{ "lpwd", A(NULL), "lpwd", N_("print the local directory"),
	  CF_LOCAL, 0, CC_NONE, cmd_lpwd,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "lls", A("ldir"), N_("lls [-l|-1] [-a] [-t|-S] [-r] [DIR]"), N_("list a local directory"),
	  CF_LOCAL, 0, CC_LOCAL_DIR, cmd_lls,
	  ARGS(LS_OPTS, 0, 1, 0), NULL, NULL },
	{ "lmkdir", A(NULL), N_("lmkdir [-p] DIR..."),
	  N_("make local directories"),
	  CF_LOCAL, 0, CC_LOCAL_DIR, cmd_lmkdir,
	  ARGS("p", 1, CMD_ANY, 0), NULL, NULL },
	/* new commands of issue 14 (cmd_tree.c, cmd_find.c, cmd_shell.c,
	   cmd_alias.c) */
	{ "lrm", A(NULL), N_("lrm [-r] [-f] PATH..."),
	  N_("remove local files (-r: directory trees)"),
	  CF_LOCAL, 0, CC_LOCAL, cmd_lrm,
	  ARGS("rRf", 1, CMD_ANY, 0), NULL, NULL },
	/* find's predicates come after DIR, as find(1)'s: it reads them */
	{ "find", A(NULL), N_("find [DIR] [-name GLOB] [-type f|d|l] "
	  "[-size [+|-]N] [-newer DATE|FILE]"),
	  N_("walk a remote tree, printing the names that match"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_rfind,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "du", A(NULL), N_("du [-s] [-h] [DIR]"),
	  N_("the sizes of remote directory trees"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE_DIR, cmd_du,
	  ARGS("sh", 0, 1, 0), NULL, NULL },
	/* the words go to the shell as they are */
	{ "shell", A(NULL), N_("shell [COMMAND], !COMMAND, !, "
	  "COMMAND | SHELL-COMMAND, COMMAND > FILE, COMMAND >> FILE"),
	  N_("run a shell command or a shell; send output to one or a file"),
	  CF_OTHER, 0, CC_LOCAL, cmd_shell,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "edit", A(NULL), N_("edit FILE"),
	  N_("edit a remote file with $VISUAL or $EDITOR"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_edit,
	  ARGS(NULL, 1, 1, 0), NULL, NULL },
	{ "pager", A("less", "more", "page"), N_("pager FILE"),
	  N_("read a remote file with $PAGER (less)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_pager,
	  ARGS(NULL, 1, 1, 0), NULL, NULL },
	/* the text of an alias is a command line: its options are its own */
	{ "alias", A(NULL), N_("alias [NAME [TEXT...]]"),
	  N_("define (and save), show or list aliases of command lines"),
	  CF_OTHER, CMD_SECRET, CC_COMMAND, cmd_alias,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "unalias", A(NULL), N_("unalias NAME..."),
	  N_("remove aliases"),
	  CF_OTHER, 0, CC_NONE, cmd_unalias,
	  ARGS(NULL, 1, CMD_ANY, 0), NULL, NULL },
	/* transfers */
	{ "get", A("recv"), N_("get [-a|-b] [-c] [-r] [-o LOCAL] REMOTE..."),
	  N_("download files (-r: directories; -c: resume)"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_get,
	  ARGS("abcro:", 1, CMD_ANY, 0), NULL, NULL },
	{ "mget", A(NULL), N_("mget [-a|-b] [-c] GLOB..."),
	  N_("download the files that match"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_mget,
	  ARGS("abc", 1, CMD_ANY, 0), NULL, NULL },
	{ "put", A("send"), N_("put [-a|-b] [-c] [-r] [-o REMOTE] LOCAL..."),
	  N_("upload files (-r: directories; -c: resume)"),
	  CF_TRANSFER, CMD_CONN, CC_LOCAL, cmd_put,
	  ARGS("abcro:", 1, CMD_ANY, 0), NULL, NULL },
	{ "mput", A(NULL), N_("mput [-a|-b] GLOB..."),
	  N_("upload the local files that match"),
	  CF_TRANSFER, CMD_CONN, CC_LOCAL, cmd_mput,
	  ARGS("abc", 1, CMD_ANY, 0), NULL, NULL },
	{ "reget", A(NULL), N_("reget REMOTE [LOCAL]"),
	  N_("resume a download"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_reget,
	  ARGS(NULL, 1, 2, 0), NULL, NULL },
	{ "ascii", A(NULL), "ascii", N_("transfer in ASCII (text) mode"),
	  CF_TRANSFER, 0, CC_NONE, cmd_ascii,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "binary", A("bin", "image"), "binary",
	  N_("transfer in binary mode (byte-exact)"),
	  CF_TRANSFER, 0, CC_NONE, cmd_binary,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "type", A(NULL), N_("type [ascii|binary|auto]"),
	  N_("the transfer type (auto: ASCII for text names)"),
	  CF_TRANSFER, 0, CC_NONE, cmd_type,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
	{ "queue", A("jobs"), N_("queue [list|cancel ID|all|retry ID|pause "
	  "ID|resume ID|clear]"), N_("the transfers in the background"),
	  CF_TRANSFER, 0, CC_NONE, NULL,
	  ARGS(NULL, 0, 0, 0), queue_subs, "list" },
	/* bookmarks */
	{ "bookmark", A("bm"), N_("bookmark add NAME [URL] | del NAME | list"),
	  N_("saved servers (never with passwords)"),
	  CF_BOOKMARK, 0, CC_BOOKMARK, NULL,
	  ARGS(NULL, 0, 0, 0), bookmark_subs, "list" },
	/* network tools */
	{ "resolve", A("host", "nslookup"), N_("resolve HOST|ADDRESS"),
	  N_("every address of a name, or the name of an address"),
	  CF_NETWORK, 0, CC_NONE, cmd_resolve,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "port", A("service"), N_("port NAME|NUMBER [tcp|udp]"),
	  N_("look a service or port up"),
	  CF_NETWORK, 0, CC_NONE, cmd_port,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "probe", A(NULL), N_("probe HOST PORT"),
	  N_("does a TCP port answer? (and what it says first)"),
	  CF_NETWORK, 0, CC_NONE, cmd_probe,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "tcp", A(NULL), N_("tcp connect HOST PORT [--crlf|--nl|--raw] "
	  "[--save FILE] | tcp listen [ADDR] PORT [--echo] [--relay] "
	  "[--send FILE]"), N_("a raw TCP session (client or server)"),
	  CF_NETWORK, 0, CC_LOCAL, cmd_tcp,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "udp", A(NULL), N_("udp send HOST PORT TEXT | udp connect HOST PORT "
	  "| udp listen [ADDR] PORT [--echo]"),
	  N_("UDP datagrams (client or server)"),
	  CF_NETWORK, 0, CC_NONE, cmd_udp,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "console", A("con"), N_("console [list|close ID|switch ID|send "
	  "TEXT|to N|all|hex on|off|eol lf|crlf|none|save FILE|wait [SEC]]"),
	  N_("the raw TCP/UDP sessions"),
	  CF_NETWORK, 0, CC_LOCAL, cmd_console,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	/* other */
	{ "help", A("?"), N_("help [COMMAND]"),
	  N_("list the commands, or explain one"),
	  CF_OTHER, 0, CC_COMMAND, cmd_help,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
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
	if (c->argv_all != NULL) {
		free(c->argv);
		cmd_argv_free(c->argv_all);
	} else
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
	if (c->interrupted)
		status = CMD_FAILED;
	c->status = status;
	if (app->running == c)
		app->running = NULL;
	if (app->wait_call == c)
		app->wait_call = NULL;
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

	if (c->interrupted) {
		/* cmd_cancel said "interrupted" already: say it once. */
		cmd_finish(c, CMD_FAILED);
		return;
	}
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

/*
 * A usage as help shows it: translated (its placeholders are), but a
 * bare command name ("binary", "active") as it is: it is not marked, and
 * another message of the same word would otherwise show as its
 * translation ("binário").
 */
const char *
cmd_usage_text(const char *usage)
{
	return strchr(usage, ' ') == NULL ? usage : _(usage);
}

/* The one usage error of a command or subcommand. */
void
cmd_usage(struct cmd_call *c, const char *why)
{
	const char *usage = c->sub != NULL && c->sub->usage != NULL ?
	    c->sub->usage : c->desc != NULL ? c->desc->usage : NULL;

	if (why != NULL)
		app_out(c->app, APP_ERROR, "%s: %s", c->desc != NULL ?
		    c->desc->name : "jangada", why);
	if (usage == NULL)
		cmd_finish(c, CMD_USAGE);
	else
		cmd_fail(c, CMD_USAGE, _("usage: %s"), cmd_usage_text(usage));
}

unsigned
cmd_opt(const struct cmd_call *c, int letter)
{
	return letter > 0 && letter < 128 ? c->optn[letter] : 0;
}

const char *
cmd_optarg(const struct cmd_call *c, int letter)
{
	return letter > 0 && letter < 128 ? c->optv[letter] : NULL;
}

/*
 * Check argv[first..] against a spec; argv becomes a new array of the
 * name(s) and the operands (the words stay owned by argv_all, so an
 * option's value, which may point into its word, stays valid).
 */
int
cmd_args_parse(struct cmd_call *c, const struct cmd_args *a, int first,
    char *err, size_t errlen)
{
	const char *w, *p;
	char **ops;
	int i, n = first;
	bool opts_done = (a->flags & CMD_ARGS_RAW) != 0;

	memset(c->optn, 0, sizeof c->optn);
	memset(c->optv, 0, sizeof c->optv);
	ops = xcalloc((size_t)c->argc + 1, sizeof *ops);
	for (i = 0; i < first && i < c->argc; i++)
		ops[i] = c->argv[i];
	for (i = first; i < c->argc; i++) {
		w = c->argv[i];
		if (opts_done || w[0] != '-' || w[1] == '\0') {
			opts_done = true;
			ops[n++] = c->argv[i];
			continue;
		}
		if (strcmp(w, "--") == 0) {
			opts_done = true;
			continue;
		}
		for (w++; *w != '\0'; w++) {
			unsigned char l = (unsigned char)*w;

			p = a->opts != NULL && l != ':' && l < 128 ?
			    strchr(a->opts, l) : NULL;
			if (p == NULL) {
				if (l > 0x20 && l < 0x7f)
					snprintf(err, errlen,
					    _("unknown option -%c"), l);
				else
					str_lcpy(err, _("unknown option"),
					    errlen);
				free(ops);
				return -1;
			}
			if (c->optn[l] < UCHAR_MAX)
				c->optn[l]++;
			if (p[1] != ':')
				continue;
			if (w[1] != '\0')
				c->optv[l] = w + 1;
			else if (i + 1 < c->argc)
				c->optv[l] = c->argv[++i];
			else {
				snprintf(err, errlen,
				    _("option -%c needs a value"), l);
				free(ops);
				return -1;
			}
			break;
		}
	}
	if (c->argv_all == NULL)
		c->argv_all = c->argv;
	else
		free(c->argv);
	c->argv = ops;
	c->argc = n;
	if (n - first < a->min) {
		str_lcpy(err, _("missing argument"), errlen);
		return -1;
	}
	if (a->max != CMD_ANY && n - first > a->max) {
		str_lcpy(err, _("too many arguments"), errlen);
		return -1;
	}
	return 0;
}

/* The subcommand named by argv[1] (or the default), or NULL. */
static const struct cmd_sub *
find_sub(struct cmd_call *c)
{
	const struct cmd_desc *d = c->desc;
	const struct cmd_sub *s;
	const char *name;
	char **v;
	size_t j;

	if (c->argc < 2) {
		if (d->sub_default == NULL)
			return NULL;
		/* "queue" is "queue list": argv[1] names the default. */
		v = xcalloc(3, sizeof *v);
		v[0] = c->argv[0];
		v[1] = (char *)d->sub_default;
		if (c->argv_all == NULL)
			c->argv_all = c->argv;
		else
			free(c->argv);
		c->argv = v;
		c->argc = 2;
	}
	name = c->argv[1];
	for (s = d->subs; s->name != NULL; s++) {
		if (strcmp(s->name, name) == 0)
			return s;
		for (j = 0; s->aliases[j] != NULL; j++)
			if (strcmp(s->aliases[j], name) == 0)
				return s;
	}
	return NULL;
}

/*
 * The checks between finding a command and running it: the subcommand,
 * the argument spec, the connection. 0: ready to run; -1: the call has
 * ended (cmd_usage, cmd_fail). cmd_run_line and the redirections of
 * cmd_shell.c both start commands through here.
 */
int
cmd_call_check(struct cmd_call *c)
{
	const struct cmd_desc *d = c->desc;
	char err[512];
	int rc;

	if (d->subs != NULL) {
		if ((c->sub = find_sub(c)) == NULL) {
			if (c->argc < 2) {	/* no subcommand, no default */
				cmd_usage(c, NULL);
				return -1;
			}
			snprintf(err, sizeof err, _("unknown subcommand: %s"),
			    c->argv[1]);
			cmd_usage(c, err);
			return -1;
		}
		rc = cmd_args_parse(c, &c->sub->args, 2, err, sizeof err);
	} else
		rc = cmd_args_parse(c, &d->args, 1, err, sizeof err);
	if (rc == -1) {
		cmd_usage(c, err);
		return -1;
	}
	if ((d->flags & CMD_CONN) && !ftp_session_connected(c->app->ftp)) {
		cmd_fail(c, CMD_FAILED, "%s", _("not connected (use open)"));
		return -1;
	}
	return 0;
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
	if (cmd_shell_line(app, line, done, arg))
		return;
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
	if (cmd_call_check(c) == -1)
		return;
	app->running = c;
	if (c->sub != NULL)
		c->sub->run(c);
	else
		d->run(c);
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

/* Output every line of text (the text is cut up in place). */
void
cmd_out_lines(struct app *app, char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		app_out(app, APP_OUT, "%s", line);
}

/* help [COMMAND]. */
int
cmd_help(struct cmd_call *c)
{
	struct app *app = c->app;
	const struct cmd_desc *d;
	char err[256], names[128], *names_all;
	size_t i, j;
	int f, last = -1;

	if (c->argc == 2) {
		if ((d = cmd_find(c->argv[1], err, sizeof err)) == NULL) {
			cmd_fail(c, CMD_USAGE, "%s", err);
			return 0;
		}
		app_out(app, APP_OUT, _("usage: %s"), cmd_usage_text(d->usage));
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
	if ((names_all = cmd_alias_list()) != NULL) {
		app_out(app, APP_OUT, "%s", "");
		app_out(app, APP_OUT, _("Aliases: %s"), names_all);
		free(names_all);
	}
	app_out(app, APP_OUT, "%s", "");
	app_out(app, APP_OUT, "%s", _("Type 'help COMMAND' for its usage. "
	    "Names may be shortened while they stay unique."));
	cmd_finish(c, CMD_OK);
	return 0;
}
