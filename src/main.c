/*
 * main.c: options, start-up order, the loop, tear-down.
 *
 * Start-up: locale and gettext first (every later message is translated),
 * then the sanitizer learns whether the terminal takes UTF-8, then options,
 * then the loop and the interface.
 */
#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ui/ui.h"

enum {
	OPT_LOG = 256,
	OPT_NO_COLOR
};

static const struct option long_options[] = {
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "log",	required_argument,	NULL, OPT_LOG },
	{ "no-color",	no_argument,		NULL, OPT_NO_COLOR },
	{ NULL,		0,			NULL, 0 }
};

/* --help: every option, through gettext. */
static void
usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]... [ftp://HOST[:PORT]/ | HOST [PORT]]\n"),
	    "jangada");
	fputs(_("An interactive terminal FTP client with network tools.\n"), f);
	fputs("\n", f);
	fputs(_("Options:\n"), f);
	fputs(_("      --log=FILE      append a debug log to FILE\n"), f);
	fputs(_("      --no-color      do not use colours (as NO_COLOR does)\n"), f);
	fputs(_("  -h, --help          display this help and exit\n"), f);
	fputs(_("  -V, --version       output version information and exit\n"), f);
	fputs("\n", f);
	fputs(_("With a host, jangada connects to it at start (port 21 unless\n"
	    "given).\n"), f);
	fputs("\n", f);
	fputs(_("Exit status: 0 on success, 1 on failure, 2 on a usage error.\n"), f);
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
 * Take "ftp://HOST[:PORT][/...]" apart (the full URL grammar belongs to the
 * command language); returns -1 if it is not of that shape.
 */
static int
split_url(const char *url, char **host, char **port)
{
	const char *p = url + 6, *end, *colon;

	if (strncasecmp(url, "ftp://", 6) != 0)
		return -1;
	end = p + strcspn(p, "/");
	if (*p == '[') {
		const char *rb = memchr(p, ']', (size_t)(end - p));

		if (rb == NULL)
			return -1;
		*host = xstrndup(p + 1, (size_t)(rb - p - 1));
		colon = rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		*host = xstrndup(p, (size_t)((colon ? colon : end) - p));
	}
	*port = colon ? xstrndup(colon + 1, (size_t)(end - colon - 1)) :
	    xstrdup("21");
	return **host == '\0' ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct ui_options uo;
	struct ev_loop *loop;
	char *host = NULL, *port = NULL;
	unsigned portnum;
	int c, rc;

	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
	san_set_utf8(strcmp(nl_langinfo(CODESET), "UTF-8") == 0);

	memset(&uo, 0, sizeof uo);
	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			version();
			return 0;
		case OPT_LOG:
			if (log_open_file(optarg) == -1) {
				fprintf(stderr, _("jangada: cannot open log file %s: %m\n"),
				    optarg);
				return 2;
			}
			break;
		case OPT_NO_COLOR:
			uo.no_color = true;
			break;
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"),
			    "jangada");
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 2) {
		fprintf(stderr, _("jangada: too many arguments\n"));
		return 2;
	}
	if (argc >= 1 && split_url(argv[0], &host, &port) == -1) {
		if (strncasecmp(argv[0], "ftp://", 6) == 0) {
			fprintf(stderr, _("jangada: bad URL: %s\n"), argv[0]);
			return 2;
		}
		host = xstrdup(argv[0]);
		port = xstrdup(argc == 2 ? argv[1] : "21");
	}
	if (port != NULL && str_to_port(port, &portnum) == -1) {
		fprintf(stderr, _("jangada: bad port: %s\n"), port);
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("jangada: the interactive screen needs a terminal\n"));
		return 2;
	}
	uo.host = host;
	uo.port = port;

	loop = ev_loop_new();
	log_info("jangada %s starting", VERSION);
	rc = ui_run(loop, &uo) == 0 ? 0 : 1;
	ev_loop_free(loop);
	log_close();
	free(host);
	free(port);
	return rc;
}
