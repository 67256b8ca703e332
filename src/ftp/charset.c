/*
 * charset.c: the server's character set and the local one. Above the
 * engine every name is in the local charset: UTF-8, or, in a single-byte
 * locale (ISO-8859-1 and kin, ftp_charset_set_local), that locale's
 * charset. A server that speaks another charset has its names converted
 * on the way in (listings, the paths of 257 replies) and back on the way
 * out (every command's argument but USER, PASS and ACCT), so a name taken
 * from a listing goes back byte-exact. A byte the charset cannot convert
 * is kept as it is both ways: it stays escaped on the screen and still
 * round-trips.
 *
 * opt.charset is "auto" (the default), "utf-8" or an iconv name. With
 * "auto", a server that does not offer UTF8 in FEAT and sends a listing
 * line that is not valid UTF-8 is taken to speak CP1252, said once per
 * connection through the warning callback; until then (or with UTF8 in
 * FEAT) it speaks UTF-8, converted only when the local charset is not.
 * The C/POSIX locale (ASCII) and multi-byte locales other than UTF-8
 * keep UTF-8 names: shown escaped, saved as UTF-8.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "ftp/session_priv.h"

/* The local charset: the names' above the engine (iconv name). */
static char local_cs[32] = "UTF-8";

/* Is name UTF-8 (utf-8, UTF8, utf_8)? */
static bool
cs_is_utf8(const char *name)
{
	return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") ==
	    0 || strcasecmp(name, "utf_8") == 0;
}

bool
ftp_charset_set_local(const char *codeset, size_t mb_max)
{
	iconv_t cd;

	snprintf(local_cs, sizeof local_cs, "UTF-8");
	/* ASCII (C, POSIX), UTF-8, multi-byte: names stay UTF-8. */
	if (codeset == NULL || mb_max != 1 || cs_is_utf8(codeset) ||
	    strcmp(codeset, "ANSI_X3.4-1968") == 0 ||
	    strcasecmp(codeset, "ASCII") == 0 ||
	    strcasecmp(codeset, "US-ASCII") == 0 ||
	    strlen(codeset) >= sizeof local_cs)
		return false;
	if ((cd = iconv_open(codeset, "UTF-8")) == (iconv_t)-1)
		return false;
	iconv_close(cd);
	snprintf(local_cs, sizeof local_cs, "%s", codeset);
	return true;
}

/* Is [p, p + n) valid UTF-8 (a sequence cut at the end counts as valid)? */
static bool
utf8_ok(const unsigned char *p, size_t n)
{
	size_t i = 0, k, need;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			need = 1;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			need = 2;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			need = 3;
		else
			return false;
		for (k = 1; k <= need; k++) {
			if (i + k >= n)
				return true;
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
		}
		i += need + 1;
	}
	return true;
}

/* The length of the valid UTF-8 sequence at p, or 0. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t need, k;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 1;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		need = 2;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		need = 3;
	else
		return 0;
	if (need >= n)
		return 0;
	for (k = 1; k <= need; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	return need + 1;
}

/*
 * Convert with cd, keeping a byte it cannot take as it is, one character
 * at a time: a UTF-8 sequence when the source is UTF-8 (from_utf8), else
 * a byte (the charsets converted here are single-byte). keep_utf8, from a
 * single-byte local charset to a UTF-8 server: a UTF-8 sequence of a
 * character above U+00FF is one that could not come in, kept as the
 * server sent it; it goes back as it is, so such a name round-trips.
 */
static char *
convert(iconv_t cd, const char *in, size_t n, bool from_utf8, bool keep_utf8,
    size_t *outlen)
{
	size_t cap = n * 4 + 1, o = 0, len, il, ol;
	char *out = xmalloc(cap), *ip, *op;

	while (n > 0) {
		if (from_utf8)
			len = utf8_seq((const unsigned char *)in, n);
		else if (keep_utf8 && (unsigned char)in[0] >= 0xc4 &&
		    (len = utf8_seq((const unsigned char *)in, n)) >= 2)
			goto raw;	/* as the server sent it */
		else
			len = 1;
		if (len == 0 || (unsigned char)in[0] < 0x80)
			goto raw;
		ip = (char *)in;
		il = len;
		op = out + o;
		ol = cap - o - 1;
		(void)iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0)
			goto raw;
		o = (size_t)(op - out);
		in += len;
		n -= len;
		continue;
raw:
		len = len == 0 ? 1 : len;
		memcpy(out + o, in, len);
		o += len;
		in += len;
		n -= len;
	}
	out[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return out;
}

/*
 * What auto found, per server (host and port), for the other connections
 * to it (the transfers' may list nothing before they send a name).
 */
static struct {
	char	 key[300];
	char	 name[32];
} guessed[8];
static unsigned nguessed;

/* The charset auto found for s's server, or NULL. */
static const char *
guess_find(const struct ftp_session *s)
{
	char key[300];
	unsigned i;

	snprintf(key, sizeof key, "%s %s", s->host != NULL ? s->host : "",
	    s->port != NULL ? s->port : "");
	for (i = 0; i < sizeof guessed / sizeof guessed[0]; i++)
		if (guessed[i].name[0] != '\0' &&
		    strcmp(guessed[i].key, key) == 0)
			return guessed[i].name;
	return NULL;
}

/* Remember that s's server speaks name. */
static void
guess_keep(const struct ftp_session *s, const char *name)
{
	unsigned i = nguessed++ % (sizeof guessed / sizeof guessed[0]);

	snprintf(guessed[i].key, sizeof guessed[i].key, "%s %s",
	    s->host != NULL ? s->host : "", s->port != NULL ? s->port : "");
	snprintf(guessed[i].name, sizeof guessed[i].name, "%s", name);
}

/* Close the session's converters. */
void
charset_reset(struct ftp_session *s)
{
	if (s->cs_in != (iconv_t)-1)
		iconv_close(s->cs_in);
	if (s->cs_out != (iconv_t)-1)
		iconv_close(s->cs_out);
	s->cs_in = s->cs_out = (iconv_t)-1;
	s->cs_name[0] = '\0';
	s->cs_guessed = false;
	s->cs_implicit = s->cs_server_utf8 = false;
}

/*
 * Open the conversions name -> the local charset and back; false if iconv
 * lacks one.
 */
static bool
charset_pair(const char *name, iconv_t *in, iconv_t *out)
{
	if ((*in = iconv_open(local_cs, name)) == (iconv_t)-1)
		return false;
	if ((*out = iconv_open(name, local_cs)) == (iconv_t)-1) {
		iconv_close(*in);
		return false;
	}
	return true;
}

/*
 * Convert with name from now on (named in cs_name); false if iconv does
 * not know it. A UTF-8 server with UTF-8 local names: nothing to convert.
 */
static bool
charset_open(struct ftp_session *s, const char *name)
{
	iconv_t in, out;

	if (cs_is_utf8(name) && cs_is_utf8(local_cs)) {
		charset_reset(s);
		return true;
	}
	if (!charset_pair(name, &in, &out))
		return false;
	charset_reset(s);
	s->cs_in = in;
	s->cs_out = out;
	s->cs_server_utf8 = cs_is_utf8(name);
	snprintf(s->cs_name, sizeof s->cs_name, "%s", name);
	return true;
}

/*
 * auto before any guess: the server speaks UTF-8 (converted to the local
 * charset if that is not UTF-8); a guess may still replace it.
 */
static void
charset_implicit(struct ftp_session *s)
{
	if (charset_open(s, "UTF-8"))
		s->cs_implicit = true;
}

/* Is no charset decided yet, so that auto may still guess? */
static bool
charset_undecided(const struct ftp_session *s)
{
	return s->cs_in == (iconv_t)-1 || s->cs_implicit;
}

/* Can iconv convert between name and UTF-8 both ways? */
bool
ftp_charset_known(const char *name)
{
	iconv_t in, out;

	if (!charset_pair(name, &in, &out))
		return false;
	iconv_close(in);
	iconv_close(out);
	return true;
}

/* At an op's start: follow a change of opt.charset. */
void
charset_sync(struct ftp_session *s)
{
	const char *want = s->opt.charset, *g;

	if (strcmp(s->cs_want, want) == 0 || strcasecmp(want, "auto") == 0) {
		if (strcmp(s->cs_want, want) != 0) {
			charset_reset(s);
			snprintf(s->cs_want, sizeof s->cs_want, "%s", want);
			charset_implicit(s);
		}
		/* Another connection to this server found its charset. */
		if (charset_undecided(s) && strcasecmp(want, "auto") == 0 &&
		    !s->feat.utf8 && (g = guess_find(s)) != NULL &&
		    charset_open(s, g))
			s->cs_guessed = true;
		return;
	}
	charset_reset(s);
	snprintf(s->cs_want, sizeof s->cs_want, "%s", want);
	if (!charset_open(s, want)) {
		log_warn("ftp %s: iconv cannot convert %s", s->host, want);
		if (s->cb.warning != NULL)
			s->cb.warning(s, _("this system cannot convert that "
			    "character set; names are left as they are"),
			    s->cbarg);
		return;
	}
}

/* A listing line: converted into out (cap bytes), or (size_t)-1. */
static size_t
list_conv(void *arg, const char *in, size_t n, char *out, size_t cap)
{
	struct ftp_session *s = arg;
	size_t len;
	char *c;

	if (s->cs_in == (iconv_t)-1) {
		charset_sync(s);
	}
	if (charset_undecided(s) && strcasecmp(s->cs_want, "auto") == 0 &&
	    !s->feat.utf8 && !utf8_ok((const unsigned char *)in, n) &&
	    charset_open(s, "CP1252")) {
		s->cs_guessed = true;
		guess_keep(s, "CP1252");
		log_info("ftp %s: names are not UTF-8: taking them as CP1252",
		    s->host);
		if (s->cb.warning != NULL)
			s->cb.warning(s, _("the server's names are not UTF-8: "
			    "taking them as CP1252 (set charset to change)"),
			    s->cbarg);
	}
	if (s->cs_in == (iconv_t)-1)
		return (size_t)-1;
	c = convert(s->cs_in, in, n, s->cs_server_utf8, false, &len);
	if (len >= cap) {
		free(c);
		return (size_t)-1;
	}
	memcpy(out, c, len);
	free(c);
	return len;
}

/* Convert a listing's lines as they come. */
void
charset_list(struct ftp_session *s, struct ftp_list_parser *lp)
{
	if (s->cs_in != (iconv_t)-1 ||
	    (strcasecmp(s->cs_want, "auto") == 0 && !s->feat.utf8))
		ftp_list_set_conv(lp, list_conv, s);
}

/* A path from the server (257): into UTF-8; takes path. */
char *
charset_in(struct ftp_session *s, char *path)
{
	char *c;

	if (path == NULL || s->cs_in == (iconv_t)-1)
		return path;
	c = convert(s->cs_in, path, strlen(path), s->cs_server_utf8, false,
	    NULL);
	free(path);
	return c;
}

/* A command's argument, into the server's bytes (NULL: as it is). */
char *
charset_out(struct ftp_session *s, const char *verb, const char *arg)
{
	if (arg == NULL || s->cs_out == (iconv_t)-1 ||
	    strcasecmp(verb, "USER") == 0 || strcasecmp(verb, "PASS") == 0 ||
	    strcasecmp(verb, "ACCT") == 0)
		return NULL;
	return convert(s->cs_out, arg, strlen(arg), cs_is_utf8(local_cs),
	    s->cs_server_utf8 && !cs_is_utf8(local_cs), NULL);
}
