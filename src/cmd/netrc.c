/*
 * netrc.c: ~/.netrc (see parse.h; RELIABILITY.md section 5, R56, R57).
 *
 * The format is BSD ftp's: white-space separated tokens,
 *
 *	machine NAME | default		starts an entry
 *	login NAME, password P, account A	belong to the entry before them
 *	macdef NAME			a macro: its body, from the next line
 *					up to an empty line, is skipped
 *
 * A token may be quoted, "a b", with a backslash making the next byte
 * literal inside the quotes (\" and \\); outside quotes a backslash is an
 * ordinary byte, so an unquoted password keeps it. A quoted token ends on
 * its line: a quote still open at the end of the line is an error, never a
 * token that swallows the rest of the file. A '#' where a keyword is
 * expected starts a comment to the end of the line (Python's reading); as
 * a value it is an ordinary byte, so "password #x" works.
 *
 * The whole file is parsed, whatever the host, so a broken file is always
 * reported the same way: a NUL byte, a token longer than LIM_RC_TOKEN, an
 * unterminated quote, an unknown keyword, a keyword with no value, a file
 * over LIM_RCFILE are errors with the line number (R57). Of the entries, a
 * "machine" entry for the host beats "default" wherever they stand; among
 * several for the host the first whose login matches the wanted user (or
 * has no login) wins. Host names compare without regard to ASCII case.
 *
 * Permissions (R56): as in BSD and inetutils ftp (not curl), a file that
 * group or others may read or write, or that belongs to another user, has
 * its password and account ignored, with a warning that says why and how
 * to fix it; the login is still used. Every copy of a password is wiped
 * with explicit_bzero before it is freed, the file's bytes included.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/secret.h"
#include "base/limits.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"

/* The scanner over the file's bytes. */
struct nr_scan {
	const char	*p;
	const char	*end;
	int		 line;		/* of p */
	int		 tokline;	/* of the last token */
	int		 toklen;
	int		 quoted;	/* the last token was quoted */
	char		 tok[LIM_RC_TOKEN + 1];
	char		*err;
	size_t		 errlen;
};

/* One entry while it is read. */
struct nr_entry {
	int			 active;
	int			 is_default;
	int			 host_match;
	struct netrc_entry	 e;
};

/* Set a "line N: message" error; returns -1. */
static int
nr_err(struct nr_scan *sc, int line, const char *msg)
{
	if (sc->err != NULL && sc->errlen > 0)
		snprintf(sc->err, sc->errlen, _("line %d: %s"), line, msg);
	return -1;
}

/* Free the strings of an entry (wiping the secrets) and zero it. */
void
netrc_free(struct netrc_entry *e)
{
	if (e == NULL)
		return;
	free(e->login);
	secret_free(e->password);
	secret_free(e->account);
	memset(e, 0, sizeof *e);
}

/* Is c white space between tokens? */
static int
nr_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Add one byte to the token; -1 if it grows past LIM_RC_TOKEN. */
static int
nr_tok_add(struct nr_scan *sc, char c)
{
	if (sc->toklen >= LIM_RC_TOKEN) {
		char msg[128];

		snprintf(msg, sizeof msg,
		    ngettext("a token longer than %d byte",
		    "a token longer than %d bytes", LIM_RC_TOKEN),
		    LIM_RC_TOKEN);
		return nr_err(sc, sc->line, msg);
	}
	sc->tok[sc->toklen++] = c;
	sc->tok[sc->toklen] = '\0';
	return 0;
}

/* Read the next token into sc->tok. Returns 1, 0 at the end, or -1. */
static int
nr_next(struct nr_scan *sc)
{
	const char *p = sc->p;

	sc->toklen = 0;
	sc->tok[0] = '\0';
	sc->quoted = 0;
	while (p < sc->end && nr_isspace((unsigned char)*p)) {
		if (*p == '\n')
			sc->line++;
		p++;
	}
	sc->tokline = sc->line;
	if (p == sc->end) {
		sc->p = p;
		return 0;
	}
	if (*p == '"') {
		sc->quoted = 1;
		for (p++; ; p++) {
			if (p == sc->end || *p == '\n')
				return nr_err(sc, sc->line,
				    _("unterminated quote"));
			if (*p == '"')
				break;
			if (*p == '\\') {
				if (p + 1 == sc->end || p[1] == '\n')
					return nr_err(sc, sc->line,
					    _("unterminated quote"));
				p++;
			}
			if (nr_tok_add(sc, *p) == -1)
				return -1;
		}
		sc->p = p + 1;
		return 1;
	}
	for (; p < sc->end && !nr_isspace((unsigned char)*p); p++)
		if (nr_tok_add(sc, *p) == -1)
			return -1;
	sc->p = p;
	return 1;
}

/* Skip to the start of the next line. */
static void
nr_skip_line(struct nr_scan *sc)
{
	const char *nl = memchr(sc->p, '\n', (size_t)(sc->end - sc->p));

	if (nl == NULL)
		sc->p = sc->end;
	else {
		sc->p = nl + 1;
		sc->line++;
	}
}

/* Skip a macdef body: the lines after the current one, to an empty line. */
static void
nr_skip_macro(struct nr_scan *sc)
{
	nr_skip_line(sc);
	while (sc->p < sc->end) {
		if (*sc->p == '\n' || (*sc->p == '\r' && sc->p + 1 < sc->end &&
		    sc->p[1] == '\n')) {
			nr_skip_line(sc);
			return;
		}
		nr_skip_line(sc);
	}
}

/* Read the value after keyword kw into *dst (replacing, wiping the old). */
static int
nr_value(struct nr_scan *sc, const char *kw, char **dst)
{
	char msg[128];
	int line = sc->tokline, r;

	if ((r = nr_next(sc)) == -1)
		return -1;
	if (r == 0) {
		snprintf(msg, sizeof msg, _("\"%s\" without a value"), kw);
		return nr_err(sc, line, msg);
	}
	secret_free(*dst);
	*dst = xstrdup(sc->tok);
	return 0;
}

/*
 * An entry is complete: keep it in *machine or *dflt if it is the first
 * that fits, else free it.
 */
static void
nr_finish(struct nr_entry *cur, const char *user, struct nr_entry *machine,
    struct nr_entry *dflt)
{
	struct nr_entry *to = NULL;

	if (!cur->active)
		return;
	if (user == NULL || cur->e.login == NULL ||
	    strcmp(cur->e.login, user) == 0) {
		if (cur->host_match && !machine->active)
			to = machine;
		else if (cur->is_default && !dflt->active)
			to = dflt;
	}
	if (to != NULL)
		*to = *cur;
	else
		netrc_free(&cur->e);
	memset(cur, 0, sizeof *cur);
}

/* Why the secrets of a file are not to be used. */
enum nr_unsafe {
	NR_SAFE,
	NR_UNSAFE_MODE,		/* group or others may read or write it */
	NR_UNSAFE_OWNER		/* another user owns it */
};

/* Explain in warn why the password of file name was ignored. */
static void
nr_warn(enum nr_unsafe unsafe, const char *name, char *warn, size_t warnlen)
{
	if (warn == NULL || warnlen == 0)
		return;
	if (unsafe == NR_UNSAFE_MODE)
		snprintf(warn, warnlen, _("%s may be read or written by group "
		    "or others, so its password is ignored (run: chmod 600 "
		    "%s)"), name, name);
	else
		snprintf(warn, warnlen, _("%s belongs to another user, so its "
		    "password is ignored"), name);
}

/*
 * The parser behind netrc_parse and netrc_lookup: name is how the file is
 * called in a warning, unsafe whether its secrets may be used.
 */
static int
nr_parse(const char *buf, size_t len, const char *name, enum nr_unsafe unsafe,
    const char *host, const char *user, struct netrc_entry *out, char *warn,
    size_t warnlen, char *err, size_t errlen)
{
	struct nr_scan *sc;
	struct nr_entry cur, machine, dflt, *pick;
	const char *nul;
	char msg[128];
	int r, line, rv = -1;

	memset(out, 0, sizeof *out);
	if (warn != NULL && warnlen > 0)
		warn[0] = '\0';
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&cur, 0, sizeof cur);
	memset(&machine, 0, sizeof machine);
	memset(&dflt, 0, sizeof dflt);
	sc = xcalloc(1, sizeof *sc);
	sc->p = buf;
	sc->end = buf + len;
	sc->line = 1;
	sc->err = err;
	sc->errlen = errlen;

	if (len > LIM_RCFILE) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, ngettext("larger than %d byte",
			    "larger than %d bytes", LIM_RCFILE), LIM_RCFILE);
		goto out;
	}
	if ((nul = memchr(buf, '\0', len)) != NULL) {
		for (line = 1; buf < nul; buf++)
			if (*buf == '\n')
				line++;
		nr_err(sc, line, _("a NUL byte"));
		goto out;
	}

	for (;;) {
		if ((r = nr_next(sc)) == -1)
			goto out;
		if (r == 0)
			break;
		line = sc->tokline;
		if (!sc->quoted && sc->tok[0] == '#') {
			nr_skip_line(sc);
			continue;
		}
		if (strcmp(sc->tok, "machine") == 0) {
			nr_finish(&cur, user, &machine, &dflt);
			if ((r = nr_next(sc)) == -1)
				goto out;
			if (r == 0) {
				nr_err(sc, line, _("\"machine\" without a "
				    "host name"));
				goto out;
			}
			cur.active = 1;
			cur.host_match = strcasecmp(sc->tok, host) == 0;
		} else if (strcmp(sc->tok, "default") == 0) {
			nr_finish(&cur, user, &machine, &dflt);
			cur.active = 1;
			cur.is_default = 1;
		} else if (strcmp(sc->tok, "login") == 0 ||
		    strcmp(sc->tok, "password") == 0 ||
		    strcmp(sc->tok, "account") == 0) {
			const char *kw;
			char **dst;

			if (!cur.active) {
				snprintf(msg, sizeof msg, _("\"%s\" before "
				    "any \"machine\" or \"default\""),
				    sc->tok);
				nr_err(sc, line, msg);
				goto out;
			}
			if (sc->tok[0] == 'l') {
				kw = "login";
				dst = &cur.e.login;
			} else if (sc->tok[0] == 'p') {
				kw = "password";
				dst = &cur.e.password;
			} else {
				kw = "account";
				dst = &cur.e.account;
			}
			if (nr_value(sc, kw, dst) == -1)
				goto out;
		} else if (strcmp(sc->tok, "macdef") == 0) {
			if ((r = nr_next(sc)) == -1)
				goto out;
			if (r == 0) {
				nr_err(sc, line, _("\"macdef\" without a "
				    "name"));
				goto out;
			}
			nr_skip_macro(sc);
		} else {
			nr_err(sc, line, _("unknown keyword (expected machine, "
			    "default, login, password, account or macdef)"));
			goto out;
		}
	}
	nr_finish(&cur, user, &machine, &dflt);

	pick = machine.active ? &machine : dflt.active ? &dflt : NULL;
	if (pick == NULL) {
		rv = 0;
		goto out;
	}
	*out = pick->e;
	memset(&pick->e, 0, sizeof pick->e);
	if (unsafe != NR_SAFE && (out->password != NULL ||
	    out->account != NULL)) {
		secret_free(out->password);
		secret_free(out->account);
		out->password = out->account = NULL;
		nr_warn(unsafe, name, warn, warnlen);
	}
	rv = 1;

out:
	netrc_free(&cur.e);
	netrc_free(&machine.e);
	netrc_free(&dflt.e);
	explicit_bzero(sc, sizeof *sc);
	free(sc);
	return rv;
}

/* Find host in a .netrc held in memory (see parse.h). */
int
netrc_parse(const char *buf, size_t len, unsigned mode, const char *host,
    const char *user, struct netrc_entry *e, char *warn, size_t warnlen,
    char *err, size_t errlen)
{
	return nr_parse(buf, len, ".netrc",
	    (mode & 077) != 0 ? NR_UNSAFE_MODE : NR_SAFE, host, user, e,
	    warn, warnlen, err, errlen);
}

/* Find host in the .netrc at path (see parse.h); no file is not found. */
int
netrc_lookup(const char *path, const char *host, const char *user,
    struct netrc_entry *e, char *warn, size_t warnlen, char *err,
    size_t errlen)
{
	struct stat st;
	char *buf = NULL, msg[512];
	enum nr_unsafe unsafe = NR_SAFE;
	size_t len = 0;
	ssize_t n;
	int fd, rv, saved;

	memset(e, 0, sizeof *e);
	if (warn != NULL && warnlen > 0)
		warn[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, _("cannot open %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		snprintf(err, errlen, "%s: %s", path, strerror(saved));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(err, errlen, _("%s is not a regular file"), path);
		return -1;
	}
	if (st.st_size > LIM_RCFILE) {
		close(fd);
		snprintf(err, errlen, ngettext("%s is larger than %d byte",
		    "%s is larger than %d bytes", LIM_RCFILE), path,
		    LIM_RCFILE);
		return -1;
	}
	buf = xmalloc(LIM_RCFILE + 1);
	for (;;) {
		n = read(fd, buf + len, LIM_RCFILE + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			saved = errno;
			close(fd);
			explicit_bzero(buf, len);
			free(buf);
			snprintf(err, errlen, _("cannot read %s: %s"), path,
			    strerror(saved));
			return -1;
		}
		if (n == 0 || (len += (size_t)n) > LIM_RCFILE)
			break;
	}
	close(fd);
	if ((st.st_mode & 077) != 0)
		unsafe = NR_UNSAFE_MODE;
	else if (st.st_uid != geteuid())
		unsafe = NR_UNSAFE_OWNER;
	rv = nr_parse(buf, len, path, unsafe, host, user, e, warn, warnlen,
	    msg, sizeof msg);
	if (rv == -1)
		snprintf(err, errlen, "%s: %s", path, msg);
	explicit_bzero(buf, len);
	free(buf);
	return rv;
}
