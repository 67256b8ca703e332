/*
 * explain.c: what each command jangada sends and each reply code means
 * (see explain.h). A table of verbs, a table of codes, a sentence per
 * reply class for the codes not listed; 227 and 229 say the port the
 * reply opened, computed from it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "ftp/explain.h"

static const struct {
	const char	*verb;
	const char	*what;
} verbs[] = {
	{ "USER", N_("the user name for the login") },
	{ "PASS", N_("the password (masked here)") },
	{ "ACCT", N_("the account, for servers that ask for one after the "
	  "password") },
	{ "CWD", N_("change to this directory on the server") },
	{ "CDUP", N_("go to the parent directory") },
	{ "PWD", N_("ask the server which directory this is") },
	{ "TYPE", N_("the transfer type: I binary (the bytes as they are), "
	  "A ASCII text (line ends converted)") },
	{ "MODE", N_("the transfer mode (S: a stream of bytes)") },
	{ "STRU", N_("the file structure (F: a plain file)") },
	{ "SIZE", N_("ask the size of a file, in bytes") },
	{ "MDTM", N_("ask when a file was last modified") },
	{ "MFMT", N_("set the time a file was last modified") },
	{ "REST", N_("start the next transfer at this byte (resume)") },
	{ "EPSV", N_("ask the server to open a port for the data "
	  "(passive mode, IPv4 or IPv6)") },
	{ "PASV", N_("ask the server to open a port for the data "
	  "(passive mode, IPv4)") },
	{ "EPRT", N_("tell the server where jangada listens for the data "
	  "(active mode)") },
	{ "PORT", N_("tell the server where jangada listens for the data "
	  "(active mode, IPv4)") },
	{ "RETR", N_("send me this file on the data connection (download)") },
	{ "STOR", N_("take this file on the data connection (upload)") },
	{ "APPE", N_("add what comes on the data connection to the end of "
	  "this file") },
	{ "LIST", N_("the directory listing, in the server's own format, on "
	  "the data connection") },
	{ "MLSD", N_("the directory listing in the standard machine-readable "
	  "format (RFC 3659)") },
	{ "NLST", N_("only the names of the directory, on the data "
	  "connection") },
	{ "DELE", N_("delete this file") },
	{ "RMD", N_("remove this directory") },
	{ "MKD", N_("make this directory") },
	{ "RNFR", N_("rename, step one: the old name (RNTO follows)") },
	{ "RNTO", N_("rename, step two: the new name") },
	{ "SITE", N_("a command of this server's own (CHMOD, ...)") },
	{ "NOOP", N_("do nothing: keeps the connection alive") },
	{ "QUIT", N_("end the session") },
	{ "ABOR", N_("stop the transfer in progress") },
	{ "FEAT", N_("ask which extensions the server offers") },
	{ "OPTS", N_("set an option of a command (UTF8 ON: names in UTF-8)") },
	{ "SYST", N_("ask the server's operating system") },
	{ "AUTH", N_("ask to encrypt the control connection (TLS)") },
	{ "PBSZ", N_("the protection buffer size (0 with TLS)") },
	{ "PROT", N_("protect the data connection (P: private) or not "
	  "(C: clear)") },
};

static const struct {
	int		 code;
	const char	*what;
} codes[] = {
	{ 110, N_("a restart marker: a point the transfer may resume from") },
	{ 120, N_("the server is not ready yet; it says when it will be") },
	{ 125, N_("the data connection is open already; the transfer "
	  "starts") },
	{ 150, N_("the server opens the data connection: the file or the "
	  "listing is coming on it") },
	{ 200, N_("the command worked") },
	{ 211, N_("the server's status, or the list of its extensions "
	  "(FEAT)") },
	{ 213, N_("the file's status: its size (SIZE) or its time (MDTM)") },
	{ 215, N_("the server's operating system") },
	{ 220, N_("the server is ready for a new user") },
	{ 221, N_("the server closes the control connection: goodbye") },
	{ 226, N_("the transfer is complete; the server closes the data "
	  "connection") },
	{ 230, N_("the login worked") },
	{ 250, N_("the file action worked") },
	{ 257, N_("the directory's path, between the quotes") },
	{ 331, N_("the user name is accepted; the server needs the "
	  "password") },
	{ 332, N_("the server needs an account (ACCT) for the login") },
	{ 350, N_("waiting for the next command (RNTO after RNFR, the "
	  "transfer after REST)") },
	{ 421, N_("the server is closing the connection (timeout, too many "
	  "users, shutdown)") },
	{ 425, N_("the data connection could not be opened") },
	{ 426, N_("the data connection was closed: the transfer was "
	  "aborted") },
	{ 450, N_("the file is busy or unavailable now; it may work later") },
	{ 451, N_("the server had a local error; the action was aborted") },
	{ 452, N_("the server has no room to store the file now") },
	{ 500, N_("the server does not understand the command") },
	{ 501, N_("the command's arguments are wrong") },
	{ 502, N_("the server does not implement this command") },
	{ 503, N_("commands in the wrong order (PASS before USER, RNTO "
	  "without RNFR)") },
	{ 504, N_("the server does not implement this argument") },
	{ 530, N_("the server refused the login, or you are not logged in") },
	{ 550, N_("the file or directory is not there, or you may not use "
	  "it") },
	{ 551, N_("the action was aborted: the page type is unknown") },
	{ 552, N_("the file would take more room than is allowed") },
	{ 553, N_("the file name is not allowed") },
};

/* The meaning of a command verb. */
const char *
ftp_explain_verb(const char *verb)
{
	size_t i;

	for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcasecmp(verbs[i].verb, verb) == 0)
			return _(verbs[i].what);
	return NULL;
}

/* The port of a 227 reply's h1,h2,h3,h4,p1,p2, or -1. */
static long
pasv_port(const char *s)
{
	unsigned v[6];
	int used;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || (p > s && p[-1] >= '0' &&
		    p[-1] <= '9'))
			continue;
		used = 0;
		if (sscanf(p, "%3u,%3u,%3u,%3u,%3u,%3u%n", &v[0], &v[1], &v[2],
		    &v[3], &v[4], &v[5], &used) == 6 && used > 0 &&
		    v[4] < 256 && v[5] < 256)
			return (long)(v[4] * 256 + v[5]);
	}
	return -1;
}

/* The port of a 229 reply's (|||port|), or -1. */
static long
epsv_port(const char *s)
{
	const char *p = strstr(s, "|||");
	char *end;
	long port;

	if (p == NULL)
		return -1;
	port = strtol(p + 3, &end, 10);
	if (end == p + 3 || *end != '|' || port < 0 || port > 65535)
		return -1;
	return port;
}

/* The meaning of a reply code. */
char *
ftp_explain_code(int code, const char *text)
{
	size_t i;
	long port;

	if (code == 227 && (port = pasv_port(text != NULL ? text : "")) >= 0)
		return xasprintf(_("the server opened port %ld for the data; "
		    "jangada connects there, not to the address inside the "
		    "reply"), port);
	if (code == 229 && (port = epsv_port(text != NULL ? text : "")) >= 0)
		return xasprintf(_("the server opened port %ld for the data, "
		    "on the address jangada is connected to"), port);
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i].code == code)
			return xstrdup(_(codes[i].what));
	switch (code / 100) {
	case 1:
		return xstrdup(_("a preliminary reply: another one will "
		    "follow"));
	case 2:
		return xstrdup(_("done: the command worked"));
	case 3:
		return xstrdup(_("so far so good: the server waits for the "
		    "next command"));
	case 4:
		return xstrdup(_("a temporary failure: the same command may "
		    "work later"));
	case 5:
		return xstrdup(_("a permanent failure: the command will not "
		    "work as it is"));
	}
	return NULL;
}

/* The meaning of a transcript line. */
char *
ftp_explain(bool sent, const char *line)
{
	char verb[8];
	size_t n;
	const char *what;

	if (sent) {
		n = strcspn(line, " ");
		if (n == 0 || n >= sizeof verb)
			return NULL;
		memcpy(verb, line, n);
		verb[n] = '\0';
		what = ftp_explain_verb(verb);
		return what != NULL ? xasprintf("%s: %s", verb, what) : NULL;
	}
	/* the last line of a reply: three digits and a space (or the end) */
	if (strlen(line) < 3 || line[0] < '1' || line[0] > '5' ||
	    line[1] < '0' || line[1] > '9' || line[2] < '0' ||
	    line[2] > '9' || (line[3] != ' ' && line[3] != '\0'))
		return NULL;
	{
		int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 +
		    (line[2] - '0');
		char *s = ftp_explain_code(code, line + 3), *out;

		if (s == NULL)
			return NULL;
		out = xasprintf("%d: %s", code, s);
		free(s);
		return out;
	}
}
