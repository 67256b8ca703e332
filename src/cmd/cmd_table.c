/*
 * cmd_table.c: the command table, the one list of commands: help, the
 * man page tests, completion and the screen's help overlay all read it.
 * Each row: name, aliases, usage, one-line help, family, flags, what Tab
 * completes, the run function and the argument spec (cmd.h). Finding a
 * name in it (exactly, by alias, or by a unique prefix: "ge" is get, "re"
 * is ambiguous: reget, rename), and help, which prints it, are here too.
 * It names every command's run function: it is above every family.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "cmd/cmd_priv.h"
#include "cmd/verify.h"

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
	{ "pause", A(NULL), N_("queue pause ID|all"), ARGS(NULL, 1, 1, 0),
	  cmd_queue_pause },
	{ "resume", A(NULL), N_("queue resume [ID|all]"), ARGS(NULL, 0, 1, 0),
	  cmd_queue_resume },
	{ "move", A(NULL), N_("queue move ID up|down|top|bottom"),
	  ARGS(NULL, 2, 2, 0), cmd_queue_move },
	{ "priority", A(NULL), N_("queue priority ID N"), ARGS(NULL, 2, 2, 0),
	  cmd_queue_priority },
	{ "review", A(NULL), "queue review", ARGS(NULL, 0, 0, 0),
	  cmd_queue_review },
	{ "drop", A(NULL), "queue drop", ARGS(NULL, 0, 0, 0),
	  cmd_queue_drop },
	{ "clear", A(NULL), "queue clear", ARGS(NULL, 0, 0, 0),
	  cmd_queue_clear },
	{ NULL, A(NULL), NULL, ARGS(NULL, 0, 0, 0), NULL }
};

static const struct cmd_sub bookmark_subs[] = {
	{ "list", A(NULL), "bookmark [list]", ARGS(NULL, 0, 0, 0),
	  cmd_bookmark_list },
	{ "add", A(NULL), N_("bookmark add [-c CHARSET] [-t TLS] NAME [URL]"),
	  ARGS("c:t:", 1, 2, 0), cmd_bookmark_add },
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
	{ "diagnose", A(NULL), N_("diagnose [-u USER[,PASS]] [-p PORT] "
	  "[URL | [USER@]HOST[:PORT] [PORT] | @BOOKMARK]"),
	  N_("try each data mode and feature on this server (or first open "
	  "the one given and stay on it); say what works"),
	  CF_CONNECTION, CMD_SECRET, CC_BOOKMARK, cmd_diagnose,
	  ARGS("u:p:", 0, 2, 0), NULL, NULL },
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
	  CF_REMOTE, CMD_CONN | CMD_REPEAT, CC_REMOTE_DIR, cmd_ls,
	  ARGS(LS_OPTS, 0, 1, 0), NULL, NULL },
	{ "nlist", A("nls"), N_("nlist [-l|-1] [-a] [-t|-S] [-r] [PATH]"),
	  N_("list remote names only (NLST)"),
	  CF_REMOTE, CMD_CONN | CMD_REPEAT, CC_REMOTE_DIR, cmd_nlist,
	  ARGS(LS_OPTS, 0, 1, 0), NULL, NULL },
	{ "cd", A("cwd"), N_("cd [PATH | -]"), N_("change the remote directory"),
	  CF_REMOTE, CMD_CONN | CMD_REPEAT, CC_REMOTE_DIR, cmd_cd,
	  ARGS(NULL, 0, 1, 0), NULL, NULL },
	{ "cdup", A(".."), "cdup", N_("go to the remote parent"),
	  CF_REMOTE, CMD_CONN | CMD_REPEAT, CC_NONE, cmd_cdup,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
	{ "pwd", A(NULL), "pwd", N_("print the remote directory"),
	  CF_REMOTE, CMD_CONN | CMD_REPEAT, CC_NONE, cmd_pwd,
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
	  N_("change remote permissions (SITE CHMOD; MODE: 644 or u+x,go-w)"),
	  CF_REMOTE, CMD_CONN, CC_REMOTE, cmd_chmod,
	  ARGS(NULL, 2, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
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
	{ "lchmod", A(NULL), N_("lchmod MODE PATH..."),
	  N_("change local permissions (MODE: 644 or u+x,go-w)"),
	  CF_LOCAL, 0, CC_LOCAL, cmd_lchmod,
	  ARGS(NULL, 2, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	/* new commands of issue 14 (cmd_tree.c, cmd_find.c, cmd_shell.c,
	   cmd_alias.c) */
	{ "lrename", A("lmv"), N_("lrename FROM TO"),
	  N_("rename or move a local file"),
	  CF_LOCAL, 0, CC_LOCAL, cmd_lrename,
	  ARGS(NULL, 2, 2, 0), NULL, NULL },
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
	{ "get", A("recv"), N_("get [-a|-b] [-c] [-r|-R] [-o LOCAL] REMOTE..."),
	  N_("download files (-r, -R: directories; -c: resume)"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_get,
	  ARGS("abcrRo:", 1, CMD_ANY, 0), NULL, NULL },
	{ "pget", A(NULL), N_("pget [-n N] [-o LOCAL] REMOTE"),
	  N_("download one file over several connections at once"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_pget,
	  ARGS("n:o:", 1, 1, 0), NULL, NULL },
	{ "mget", A(NULL), N_("mget [-a|-b] [-c] [-r|-R] GLOB..."),
	  N_("download the files that match (-r: directories too)"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_mget,
	  ARGS("abcrR", 1, CMD_ANY, 0), NULL, NULL },
	{ "put", A("send"), N_("put [-a|-b] [-c] [-r|-R] [-o REMOTE] LOCAL..."),
	  N_("upload files (-r, -R: directories; -c: resume)"),
	  CF_TRANSFER, CMD_CONN, CC_LOCAL, cmd_put,
	  ARGS("abcrRo:", 1, CMD_ANY, 0), NULL, NULL },
	{ "mput", A(NULL), N_("mput [-a|-b] [-c] [-r|-R] GLOB..."),
	  N_("upload the local files that match (-r: directories too)"),
	  CF_TRANSFER, CMD_CONN, CC_LOCAL, cmd_mput,
	  ARGS("abcrR", 1, CMD_ANY, 0), NULL, NULL },
	/* its --long options are its own (cmd_mirror.c) */
	{ "mirror", A(NULL), N_("mirror [-R] [--delete] [--dry-run] "
	  "[--only-newer|--only-missing] [--exclude GLOB] [--include GLOB] "
	  "[--parallel N] [--max-depth N] [--symlinks follow|skip|keep] "
	  "[SOURCE [TARGET]]"),
	  N_("make a local tree the same as a remote one (-R: the other "
	  "way)"),
	  CF_TRANSFER, CMD_CONN, CC_REMOTE, cmd_mirror,
	  ARGS(NULL, 0, CMD_ANY, CMD_ARGS_RAW), NULL, NULL },
	{ "verify", A(NULL), N_("verify [FILE...]"),
	  N_("check local files against the checksum files (SHA256SUMS, "
	  "MD5SUMS ...) in the remote directory"),
	  CF_TRANSFER, CMD_CONN, CC_LOCAL, cmd_verify,
	  ARGS(NULL, 0, CMD_ANY, 0), NULL, NULL },
	{ "compare", A(NULL), "compare",
	  N_("mark what differs between the local and the remote directory "
	  "(batch: + only local, - only remote, > newer local, < newer "
	  "remote, ! another size, @ a link, not compared)"),
	  CF_TRANSFER, CMD_CONN, CC_NONE, cmd_compare,
	  ARGS(NULL, 0, 0, 0), NULL, NULL },
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
	  "ID|all|resume [ID|all]|review|move ID WHERE|priority ID N|drop|"
	  "clear]"), N_("the transfers in the background"),
	  CF_TRANSFER, 0, CC_NONE, NULL,
	  ARGS(NULL, 0, 0, 0), queue_subs, "list" },
	/* bookmarks */
	{ "bookmark", A("bm"), N_("bookmark add [-c CHARSET] [-t TLS] NAME [URL] | "
	  "del NAME | list"),
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
	  "[--save FILE] [--tls] | tcp listen [ADDR] PORT [--echo] [--relay] "
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
	const struct cmd_desc *found = NULL, *tab;
	size_t i, j, n = strlen(name), ncmds;
	char list[256] = "";

	tab = cmd_table(&ncmds);
	for (i = 0; i < ncmds; i++) {
		if (strcmp(tab[i].name, name) == 0)
			return &tab[i];
		for (j = 0; tab[i].aliases[j] != NULL; j++)
			if (strcmp(tab[i].aliases[j], name) == 0)
				return &tab[i];
	}
	for (i = 0; n > 0 && i < ncmds; i++) {
		bool match = strncmp(tab[i].name, name, n) == 0;

		for (j = 0; !match && tab[i].aliases[j] != NULL; j++)
			match = strncmp(tab[i].aliases[j], name, n) == 0;
		if (!match || found == &tab[i])
			continue;
		if (found != NULL) {
			if (list[0] == '\0')
				str_lcpy(list, found->name, sizeof list);
			str_lcat(list, ", ", sizeof list);
			str_lcat(list, tab[i].name, sizeof list);
		}
		if (found == NULL)
			found = &tab[i];
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

/* help [COMMAND]. */
int
cmd_help(struct cmd_call *c)
{
	struct app *app = c->app;
	const struct cmd_desc *d, *tab;
	char err[256], names[128], *names_all;
	size_t i, j, ncmds;
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
	tab = cmd_table(&ncmds);
	for (f = CF_CONNECTION; f <= CF_OTHER; f++) {
		for (i = 0; i < ncmds; i++) {
			if ((int)tab[i].family != f)
				continue;
			if (last != f) {
				if (last != -1)
					app_out(app, APP_OUT, "%s", "");
				app_out(app, APP_OUT, "%s:",
				    cmd_family_name(tab[i].family));
				last = f;
			}
			app_out(app, APP_OUT, "  %-10s %s", tab[i].name,
			    _(tab[i].help));
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
