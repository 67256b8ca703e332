/*
 * main.c: options, start-up order, the loop, tear-down.
 *
 * Start-up: locale and gettext first (every later message is translated),
 * then the sanitizer learns whether the terminal takes UTF-8, then the
 * options decide the mode: batch (-c, -f, a URL of a file, or standard
 * input that is not a terminal) or the interactive screen.
 */
#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/batch.h"
#include "cmd/cmd.h"
#include "cmd/parse.h"
#include "ev/loop.h"
#include "ftp/session.h"
#include "ui/ui.h"

enum {
	OPT_LOG = 256,
	OPT_NO_COLOR,
	OPT_DUMP_KEYS,
	OPT_RESUME_QUEUE,
	OPT_TLS_TRUST,
	OPT_TLS
};

static const struct option long_options[] = {
	{ "commands",	required_argument,	NULL, 'c' },
	{ "file",	required_argument,	NULL, 'f' },
	{ "output",	required_argument,	NULL, 'o' },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "no-config",	no_argument,		NULL, 'n' },
	{ "log",	required_argument,	NULL, OPT_LOG },
	{ "no-color",	no_argument,		NULL, OPT_NO_COLOR },
	/* hidden: the key table, for the test of the man pages */
	{ "dump-keys",	no_argument,		NULL, OPT_DUMP_KEYS },
	{ "resume-queue", no_argument,		NULL, OPT_RESUME_QUEUE },
	{ "tls-trust",	required_argument,	NULL, OPT_TLS_TRUST },
	{ "tls",	required_argument,	NULL, OPT_TLS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

/* --help: every option, through gettext. */
static void
usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]... [URL | [USER@]HOST[:PORT] [PORT]]\n"),
	    "jangada");
	fputs(_("An interactive terminal FTP client with network tools.\n"), f);
	fputs("\n", f);
	fputs(_("With a terminal and no -c or -f, jangada opens its screen, "
	    "connected to\nURL or HOST if given. Otherwise it runs commands "
	    "without a screen\n(batch mode): from -c, from -f, or from standard "
	    "input; a URL of a\nfile is downloaded (like ncftpget), a URL of a "
	    "directory is listed.\n"), f);
	fputs("\n", f);
	fputs(_("Options:\n"), f);
	fputs(_("  -c, --commands=CMDS  run commands (separated by ';') and "
	    "exit\n"), f);
	fputs(_("  -f, --file=FILE      run the commands in FILE ('-': standard "
	    "input)\n"), f);
	fputs(_("  -o, --output=FILE    with a URL of a file: save it as FILE "
	    "('-': stdout)\n"), f);
	fputs(_("  -q, --quiet          no messages and no progress meter\n"), f);
	fputs(_("  -v, --verbose        show the protocol transcript on "
	    "standard error\n"), f);
	fputs(_("  -n, --no-config      do not read the configuration file\n"),
	    f);
	fputs(_("      --log=FILE       append a debug log to FILE\n"), f);
	fputs(_("      --no-color       do not use colours (as NO_COLOR does)\n"),
	    f);
	fputs(_("      --resume-queue   resume the transfers the last run left "
	    "unfinished\n                       (batch; then the commands, "
	    "if any)\n"), f);
	fputs(_("      --tls=off|auto|require  TLS on the control connection "
	    "(set tls);\n                       off sends a password in "
	    "clear without asking\n"), f);
	fputs(_("      --tls-trust=SHA256:HEX  trust the server certificate "
	    "with this\n                       fingerprint (as a refusal names "
	    "it)\n"), f);
	fputs(_("  -h, --help           display this help and exit\n"), f);
	fputs(_("  -V, --version        output version information and exit\n"),
	    f);
	fputs("\n", f);
	fputs(_("URL: ftp://[USER[:PASSWORD]@]HOST[:PORT][/PATH][;type=a|i]\n"),
	    f);
	fputs(_("     ftps:// (implicit TLS, port 990), ftpes:// (explicit TLS "
	    "required)\n"), f);
	fputs(_("Commands: type 'help' inside jangada, or run: jangada -c "
	    "help\n"), f);
	fputs("\n", f);
	fputs(_("Exit status: 0 if every command succeeded, 1 if a command "
	    "failed,\n2 on a usage error.\n"), f);
}

/*
 * Take a password out of the process's arguments, as curl does, so that
 * ps and /proc/PID/cmdline never show it: the password of a URL or of a
 * USER:PASS@HOST is overwritten with '*'; a -c text that carries a
 * password in any form (cmd_line_is_secret) is blanked whole. The caller
 * keeps a copy.
 */
static void
scrub_place(char *arg)
{
	char *auth = strstr(arg, "://"), *end, *at = NULL, *p, *colon;

	auth = auth != NULL ? auth + 3 : arg;
	end = auth + strcspn(auth, "/");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (at != NULL && (colon = memchr(auth, ':', (size_t)(at - auth))) !=
	    NULL)
		memset(colon + 1, '*', (size_t)(at - colon - 1));
}

static void
scrub_text(char *arg)
{
	if (cmd_line_is_secret(arg))
		memset(arg, ' ', strlen(arg));
}

/* --version, GNU style. */
static void
version(void)
{
	printf("jangada %s\n", VERSION);
	fputs(_("Copyright (C) 2026 The jangada authors.\n"
	    "License GPLv3+: GNU GPL version 3 or later "
	    "<https://gnu.org/licenses/gpl.html>.\n"
	    "This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n"), stdout);
}

/*
 * Where the catalogue is: JANGADA_LOCALEDIR when set (the tests'); the
 * build tree's locale/ when the program runs from a build not installed
 * (BUILD/src/jangada next to BUILD/locale/LANG/LC_MESSAGES/jangada.mo,
 * which make builds from po/LANG.gmo: ./scripts/demo, a developer's
 * build); else the installed one.
 */
static void
bind_catalogue(void)
{
	char exe[4096], *dir = NULL, *slash;
	const char *env = getenv("JANGADA_LOCALEDIR");
	ssize_t n;
	struct stat st;

	if (env != NULL && *env != '\0') {
		bindtextdomain(PACKAGE, env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			dir = xasprintf("%s/../locale", exe);
			if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
				bindtextdomain(PACKAGE, dir);
				free(dir);
				return;
			}
			free(dir);
		}
	}
	bindtextdomain(PACKAGE, LOCALEDIR);
}

int
main(int argc, char **argv)
{
	struct batch_opts bo;
	struct ui_options uo;
	struct ev_loop *loop;
	struct ftp_url u;
	char err[512], *url = NULL, *cmds = NULL, *target = NULL;
	static char trust[80];
	bool tty, dump_keys = false;
	int c, rc;

	setlocale(LC_ALL, "");
	bind_catalogue();
	textdomain(PACKAGE);
	san_set_utf8(strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	/* Names in a single-byte locale's charset, shown and saved. */
	san_set_latin(ftp_charset_set_local(nl_langinfo(CODESET),
	    MB_CUR_MAX));

	memset(&bo, 0, sizeof bo);
	memset(&uo, 0, sizeof uo);
	while ((c = getopt_long(argc, argv, "c:f:o:qvnhV", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'c':
			free(cmds);
			bo.commands = cmds = xstrdup(optarg);
			scrub_text(optarg);
			break;
		case 'f':
			bo.file = optarg;
			break;
		case 'o':
			bo.output = optarg;
			break;
		case 'q':
			bo.quiet = true;
			break;
		case 'v':
			bo.verbose = true;
			break;
		case 'n':
			bo.no_config = true;
			uo.no_config = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			version();
			return 0;
		case OPT_LOG:
			if (log_open_file(optarg) == -1) {
				fprintf(stderr, _("jangada: cannot open log "
				    "file %s: %m\n"), optarg);
				return 2;
			}
			break;
		case OPT_NO_COLOR:
			uo.no_color = true;
			break;
		case OPT_DUMP_KEYS:
			dump_keys = true;
			break;
		case OPT_RESUME_QUEUE:
			bo.resume_queue = true;
			break;
		case OPT_TLS_TRUST:
			if (app_opt_text("--tls-trust", true, optarg, trust,
			    sizeof trust, err, sizeof err) == -1) {
				fprintf(stderr, "jangada: %s\n", err);
				return 2;
			}
			bo.tls_trust = uo.tls_trust = trust;
			break;
		case OPT_TLS:
			if (strcmp(optarg, "off") != 0 &&
			    strcmp(optarg, "auto") != 0 &&
			    strcmp(optarg, "require") != 0) {
				fprintf(stderr, _("jangada: --tls takes off, "
				    "auto or require, not %s\n"), optarg);
				return 2;
			}
			bo.tls = uo.tls = optarg;
			break;
		default:
			fprintf(stderr, _("Try '%s --help' for more "
			    "information.\n"), "jangada");
			return 2;
		}
	}
	if (dump_keys) {
		/* after -n, wherever it was given */
		ui_dump_keys(stdout, !bo.no_config);
		free(cmds);
		return 0;
	}
	argc -= optind;
	argv += optind;
	if (argc > 2 || (bo.commands != NULL && bo.file != NULL)) {
		fprintf(stderr, "%s", _("jangada: too many arguments\n"));
		fprintf(stderr, _("Try '%s --help' for more information.\n"),
		    "jangada");
		return 2;
	}
	if (argc >= 1) {
		/* A copy, then the password is scrubbed from argv. */
		target = xstrdup(argv[0]);
		scrub_place(argv[0]);
		if (strstr(target, "://") != NULL) {
			if (argc > 1 || url_parse(target, &u, err,
			    sizeof err) == -1) {
				fprintf(stderr, "jangada: %s\n", argc > 1 ?
				    _("a URL takes no port argument") : err);
				free(target);
				free(cmds);
				return 2;
			}
			url = xstrdup(target);
			if (!u.path_is_dir && *u.path != '\0')
				bo.url = url;
			url_free(&u);
		} else {
			/* HOST [PORT] (HOST may be HOST:PORT, [V6]:PORT). */
			if (url_parse_place(target, &u, err, sizeof err) ==
			    -1) {
				fprintf(stderr, "jangada: %s\n", err);
				free(target);
				free(cmds);
				return 2;
			}
			url_free(&u);
			url = argc == 2 ? xasprintf("%s %s", target, argv[1]) :
			    xstrdup(target);
		}
	}
	if (bo.output != NULL && bo.url == NULL) {
		fprintf(stderr, "%s", _("jangada: -o goes with the URL of a "
		    "file\n"));
		free(target);
		free(cmds);
		free(url);
		return 2;
	}
	tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if (bo.resume_queue && bo.commands == NULL && bo.file == NULL &&
	    bo.url == NULL)
		bo.commands = "";	/* resume, wait, and exit */

	loop = ev_loop_new();
	log_info("jangada %s starting", VERSION);
	if (bo.commands != NULL || bo.file != NULL || bo.url != NULL || !tty) {
		if (bo.commands != NULL || bo.file != NULL) {
			/* Commands to run: connect first. */
			bo.url = NULL;
			bo.open = url;
		} else if (bo.url == NULL && url != NULL) {
			/* A directory URL without a terminal: list it. */
			if (strstr(url, "://") != NULL)
				bo.url = url;
			else	/* HOST [PORT]: then the commands of stdin */
				bo.open = url;
		}
		rc = batch_run(loop, &bo);
	} else {
		uo.open = url;
		rc = ui_run(loop, &uo) == 0 ? 0 : 1;
	}
	ev_loop_free(loop);
	log_close();
	free(url);
	free(target);
	free(cmds);
	return rc;
}
