/*
 * url.c: ftp:// URLs (RFC 1738 section 3.2, RFC 3986), see parse.h.
 *
 * A URL comes from the command line, a script, a bookmark file or a paste,
 * and every part of it ends up on the control connection (USER, PASS, CWD,
 * RETR), so the parser is strict where a mistake would be sent to a server
 * and lenient where people are: the scheme is case-insensitive, a user name
 * may hold a raw '@' (the last '@' ends the user part), an empty port means
 * 21, raw blanks in the path are kept.
 *
 * The URL is cut into its parts before anything is decoded, so a %-encoded
 * '/', '@', ':' or ';' never changes the structure:
 *
 *	ftp:// [userinfo @] hostport [/path] [;type=X]
 *
 * the authority ends at the first '/'; ";type=" is looked for after the
 * last ';' of the path (or of the host part when there is no path). Then
 * each part is decoded on its own and checked: a decoded NUL, CR or LF is
 * refused everywhere (R53), a host may hold only the bytes of a host name
 * (or an IPv6 literal in brackets, checked with inet_pton), a port must be
 * 1..65535.
 *
 * The path's first '/' only separates it from the host: "ftp://h/pub/x" is
 * pub/x, relative to the login directory; an absolute path is written with
 * its leading slash encoded, "ftp://h/%2Fetc/x", which gives /etc/x.
 *
 * ftps:// is the same with implicit TLS (port 990 unless given), ftpes://
 * with explicit TLS required (AUTH TLS on port 21).
 *
 * Error messages never quote the URL: it may hold a password.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"

/* Longest host name (RFC 1035 allows 253 characters). */
#define URL_HOST_MAX	255
/* Longest IPv6 zone (an interface name is at most 15). */
#define URL_ZONE_MAX	64

/* Set an error message, if there is room for one; returns -1. */
static int
url_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		str_lcpy(err, msg, errlen);
	return -1;
}

/* The value of a hexadecimal digit, or -1. */
static int
url_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The parts of a URL that are %-decoded, for the messages. */
enum url_part {
	URL_USER,
	URL_PASS,
	URL_HOST,
	URL_PATH
};

static const char *url_bad_escape[] = {
	N_("bad percent-escape in the user name of the URL (a percent sign "
	    "must be followed by two hex digits)"),
	N_("bad percent-escape in the password of the URL (a percent sign "
	    "must be followed by two hex digits)"),
	N_("bad percent-escape in the host name of the URL (a percent sign "
	    "must be followed by two hex digits)"),
	N_("bad percent-escape in the path of the URL (a percent sign must "
	    "be followed by two hex digits)")
};

static const char *url_bad_byte[] = {
	N_("the user name in the URL holds a NUL, CR or LF byte"),
	N_("the password in the URL holds a NUL, CR or LF byte"),
	N_("the host name in the URL holds a NUL, CR or LF byte"),
	N_("the path in the URL holds a NUL, CR or LF byte")
};

/*
 * Decode s[0..n) into an allocated string. Returns NULL (and a message) on
 * a bad %-escape or when the result would hold NUL, CR or LF.
 */
static char *
url_decode(const char *s, size_t n, enum url_part part, char *err,
    size_t errlen)
{
	char *out, *o;
	size_t i;
	int hi, lo;

	o = out = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (n - i < 3 ||
		    (hi = url_hexval((unsigned char)s[i + 1])) == -1 ||
		    (lo = url_hexval((unsigned char)s[i + 2])) == -1) {
			url_err(err, errlen, _(url_bad_escape[part]));
			explicit_bzero(out, n + 1);
			free(out);
			return NULL;
		}
		*o++ = (char)(hi << 4 | lo);
		i += 2;
	}
	*o = '\0';
	if (str_has_crlfnul(out, (size_t)(o - out))) {
		url_err(err, errlen, _(url_bad_byte[part]));
		explicit_bzero(out, n + 1);
		free(out);
		return NULL;
	}
	return out;
}

/* May c appear in a (decoded) host name? */
static int
url_hostchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c >= 0x80;
}

/*
 * Check and copy an IPv6 literal (between the brackets): hex, ':' and '.'
 * and an optional zone "%25name" (RFC 6874). Returns NULL on a bad one.
 */
static char *
url_ipv6(const char *s, size_t n, char *err, size_t errlen)
{
	struct in6_addr a;
	char addr[INET6_ADDRSTRLEN + 1], *host;
	size_t alen, i;
	const char *zone;

	zone = memchr(s, '%', n);
	alen = zone != NULL ? (size_t)(zone - s) : n;
	if (alen == 0 || alen >= sizeof addr) {
		url_err(err, errlen, _("bad IPv6 address in the URL"));
		return NULL;
	}
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET6, addr, &a) != 1) {
		url_err(err, errlen, _("bad IPv6 address in the URL"));
		return NULL;
	}
	if (zone == NULL)
		return xstrdup(addr);
	/*
	 * The zone: "%25" then up to URL_ZONE_MAX ASCII letters, digits, '-',
	 * '.', '_', '~' (an interface name or number).
	 */
	if (n - alen < 4 || n - alen - 3 > URL_ZONE_MAX ||
	    strncmp(zone, "%25", 3) != 0) {
		url_err(err, errlen, _("bad IPv6 zone in the URL"));
		return NULL;
	}
	for (i = alen + 3; i < n; i++) {
		if ((unsigned char)s[i] >= 0x80 ||
		    (!url_hostchar((unsigned char)s[i]) && s[i] != '~')) {
			url_err(err, errlen, _("bad IPv6 zone in the URL"));
			return NULL;
		}
	}
	host = xasprintf("%s%%%.*s", addr, (int)(n - alen - 3), zone + 3);
	return host;
}

/* Parse the host and port of hostport[0..n) into u. */
static int
url_hostport(const char *s, size_t n, struct ftp_url *u, char *err,
    size_t errlen)
{
	const char *end = s + n, *colon, *rb;
	char portbuf[16];
	unsigned port;
	size_t i, plen;

	if (n > 0 && *s == '[') {
		rb = memchr(s, ']', n);
		if (rb == NULL)
			return url_err(err, errlen,
			    _("no closing ] after the IPv6 address in the "
			    "URL"));
		if ((u->host = url_ipv6(s + 1, (size_t)(rb - s - 1), err,
		    errlen)) == NULL)
			return -1;
		colon = rb + 1;
		if (colon != end && *colon != ':')
			return url_err(err, errlen,
			    _("junk after the IPv6 address in the URL"));
	} else {
		colon = memchr(s, ':', n);
		if (colon == NULL)
			colon = end;
		if (colon != end && memchr(colon + 1, ':',
		    (size_t)(end - colon - 1)) != NULL)
			return url_err(err, errlen, _("an IPv6 address in a "
			    "URL must be in brackets: ftp://[::1]/"));
		if (colon == s)
			return url_err(err, errlen,
			    _("no host name in the URL"));
		if ((size_t)(colon - s) > URL_HOST_MAX * 3)
			return url_err(err, errlen,
			    _("the host name in the URL is too long"));
		if ((u->host = url_decode(s, (size_t)(colon - s), URL_HOST,
		    err, errlen)) == NULL)
			return -1;
		if (*u->host == '\0')
			return url_err(err, errlen,
			    _("no host name in the URL"));
		if (strlen(u->host) > URL_HOST_MAX)
			return url_err(err, errlen,
			    _("the host name in the URL is too long"));
		for (i = 0; u->host[i] != '\0'; i++) {
			if (!url_hostchar((unsigned char)u->host[i]))
				return url_err(err, errlen, _("the host name "
				    "in the URL holds a character that no host "
				    "name has"));
		}
	}
	if (colon == end || colon + 1 == end) {
		u->port = xstrdup(u->tls == 's' ? "990" : "21");
		return 0;
	}
	plen = (size_t)(end - colon - 1);
	if (plen >= sizeof portbuf)
		return url_err(err, errlen,
		    _("bad port in the URL (it must be 1 to 65535)"));
	memcpy(portbuf, colon + 1, plen);
	portbuf[plen] = '\0';
	if (str_to_port(portbuf, &port) == -1)
		return url_err(err, errlen,
		    _("bad port in the URL (it must be 1 to 65535)"));
	u->port = xasprintf("%u", port);
	return 0;
}

/*
 * Look for ";type=X" after the last ';' of s[0..*n): if there, check it,
 * set u->type and cut it off (*n). A ';' followed by anything else is part
 * of the name.
 */
static int
url_type(const char *s, size_t *n, struct ftp_url *u, char *err,
    size_t errlen)
{
	const char *semi = NULL;
	size_t i;

	for (i = 0; i < *n; i++)
		if (s[i] == ';')
			semi = s + i;
	if (semi == NULL)
		return 0;
	i = (size_t)(semi - s);
	if (*n - i < 6 || strncasecmp(semi, ";type=", 6) != 0)
		return 0;
	if (*n - i != 7)
		return url_err(err, errlen,
		    _("bad ;type= in the URL (it must be a, i or d)"));
	switch (semi[6]) {
	case 'a':
	case 'A':
		u->type = 'a';
		break;
	case 'i':
	case 'I':
		u->type = 'i';
		break;
	case 'd':
	case 'D':
		u->type = 'd';
		break;
	default:
		return url_err(err, errlen,
		    _("bad ;type= in the URL (it must be a, i or d)"));
	}
	*n = i;
	return 0;
}

/* Does s start with some scheme (RFC 3986 syntax) and "://"? */
static int
url_other_scheme(const char *s)
{
	size_t i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
	    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
	    s[i] == '-' || s[i] == '.'; i++)
		;
	return strncmp(s + i, "://", 3) == 0;
}

/* Free the parts of a URL, wiping the password (the struct is zeroed). */
void
url_free(struct ftp_url *u)
{
	if (u == NULL)
		return;
	free(u->user);
	secret_free(u->pass);
	free(u->host);
	free(u->port);
	free(u->path);
	memset(u, 0, sizeof *u);
}

/*
 * Parse an ftp:// URL (see parse.h). Returns 0, or -1 with a message in err
 * and *u zeroed (url_free on it is harmless either way).
 */
int
url_parse(const char *s, struct ftp_url *u, char *err, size_t errlen)
{
	const char *rest, *auth_end, *at, *hp, *colon, *path, *end;
	size_t len, hplen, pathlen, i, skip;

	memset(u, 0, sizeof *u);
	len = strnlen(s, LIM_PATH + 1);
	if (len > LIM_PATH)
		return url_err(err, errlen, _("the URL is too long"));
	if (strncasecmp(s, "ftp://", 6) == 0)
		skip = 6;
	else if (strncasecmp(s, "ftps://", 7) == 0) {
		skip = 7;	/* implicit TLS, port 990 */
		u->tls = 's';
	} else if (strncasecmp(s, "ftpes://", 8) == 0) {
		skip = 8;	/* explicit TLS, required */
		u->tls = 'e';
	} else {
		if (url_other_scheme(s))
			return url_err(err, errlen, _("only ftp://, ftps:// "
			    "and ftpes:// URLs are supported"));
		return url_err(err, errlen, _("not an ftp:// URL"));
	}
	for (i = 0; i < len; i++)
		if (s[i] == '\r' || s[i] == '\n')
			return url_err(err, errlen,
			    _("the URL holds a CR or LF byte"));
	rest = s + skip;
	end = s + len;
	auth_end = memchr(rest, '/', (size_t)(end - rest));
	if (auth_end == NULL)
		auth_end = end;

	/* The user part ends at the last '@' of the authority. */
	at = NULL;
	for (hp = rest; hp < auth_end; hp++)
		if (*hp == '@')
			at = hp;
	hp = at != NULL ? at + 1 : rest;
	hplen = (size_t)(auth_end - hp);
	path = auth_end;
	pathlen = (size_t)(end - path);

	/* ;type= belongs to the path, or to the host part if no path. */
	if (pathlen > 0) {
		if (url_type(path, &pathlen, u, err, errlen) == -1)
			goto fail;
	} else if (url_type(hp, &hplen, u, err, errlen) == -1)
		goto fail;

	if (at != NULL) {
		colon = memchr(rest, ':', (size_t)(at - rest));
		if (colon == rest || at == rest) {
			url_err(err, errlen, _("empty user name in the URL"));
			goto fail;
		}
		if (colon == NULL)
			colon = at;
		if ((u->user = url_decode(rest, (size_t)(colon - rest),
		    URL_USER, err, errlen)) == NULL)
			goto fail;
		if (colon != at && (u->pass = url_decode(colon + 1,
		    (size_t)(at - colon - 1), URL_PASS, err,
		    errlen)) == NULL)
			goto fail;
	}
	if (hplen == 0) {
		url_err(err, errlen, _("no host name in the URL"));
		goto fail;
	}
	if (url_hostport(hp, hplen, u, err, errlen) == -1)
		goto fail;

	/* Skip the separating '/'; the rest is relative unless %2F. */
	if (pathlen > 0) {
		path++;
		pathlen--;
	}
	if ((u->path = url_decode(path, pathlen, URL_PATH, err,
	    errlen)) == NULL)
		goto fail;
	len = strlen(u->path);
	u->path_is_dir = len == 0 || u->path[len - 1] == '/' ||
	    u->type == 'd';
	return 0;

fail:
	url_free(u);
	return -1;
}

/* Append s, %-encoding every byte outside keep (and every non-ASCII). */
static void
url_encode_to(char **out, size_t *len, size_t *cap, const char *s,
    const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (*len + 4 > *cap) {
			*cap = *cap * 2 + 64;
			*out = xrealloc(*out, *cap);
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || (c != '\0' && strchr(keep, c) !=
		    NULL))
			(*out)[(*len)++] = (char)c;
		else {
			(*out)[(*len)++] = '%';
			(*out)[(*len)++] = hex[c >> 4];
			(*out)[(*len)++] = hex[c & 15];
		}
		(*out)[*len] = '\0';
	}
}

/*
 * Format a URL without its password: ftp://[user@]host[:port][/path]
 * [;type=X], every part %-encoded so that url_parse gives it back (":21"
 * is left out). The result holds no blank, quote, backslash or ';' but
 * that of ";type=", so it can be typed back and kept in a file. Allocated.
 */
char *
url_format(const struct ftp_url *u, bool with_path)
{
	char *out;
	size_t len = 0, cap = 64;
	const char *pct;

	out = xmalloc(cap);
	out[0] = '\0';
	url_encode_to(&out, &len, &cap, u->tls == 's' ? "ftps://" :
	    u->tls == 'e' ? "ftpes://" : "ftp://", ":/");
	if (u->user != NULL) {
		url_encode_to(&out, &len, &cap, u->user, "");
		url_encode_to(&out, &len, &cap, "@", "@");
	}
	if (u->host != NULL && strchr(u->host, ':') != NULL) {
		/* An IPv6 literal, maybe with a zone: [addr%25zone]. */
		url_encode_to(&out, &len, &cap, "[", "[");
		pct = strchr(u->host, '%');
		if (pct != NULL) {
			char *a = xstrndup(u->host, (size_t)(pct - u->host));

			url_encode_to(&out, &len, &cap, a, ":");
			free(a);
			url_encode_to(&out, &len, &cap, pct, "");
		} else
			url_encode_to(&out, &len, &cap, u->host, ":");
		url_encode_to(&out, &len, &cap, "]", "]");
	} else if (u->host != NULL)
		url_encode_to(&out, &len, &cap, u->host, "");
	if (u->port != NULL && strcmp(u->port, u->tls == 's' ? "990" :
	    "21") != 0) {
		url_encode_to(&out, &len, &cap, ":", ":");
		url_encode_to(&out, &len, &cap, u->port, "");
	}
	if (!with_path)
		return out;
	url_encode_to(&out, &len, &cap, "/", "/");
	if (u->path != NULL) {
		if (u->path[0] == '/') {
			url_encode_to(&out, &len, &cap, "/", "");
			url_encode_to(&out, &len, &cap, u->path + 1,
			    "/:@!,=+");
		} else
			url_encode_to(&out, &len, &cap, u->path, "/:@!,=+");
	}
	if (u->type != 0) {
		char t[8];

		snprintf(t, sizeof t, ";type=%c", u->type);
		url_encode_to(&out, &len, &cap, t, ";=");
	}
	return out;
}

/*
 * A place typed without a scheme (see parse.h): [USER[:PASS]@]HOST[:PORT],
 * [USER@][V6]:PORT, or a bare IPv6 address. The user and password are
 * taken as they are (no %-decoding: a password may hold any byte).
 */
int
url_parse_place(const char *s, struct ftp_url *u, char *err, size_t errlen)
{
	struct in6_addr a6;
	const char *at, *hp, *colon;
	size_t len, n;
	bool port_given;

	memset(u, 0, sizeof *u);
	len = strnlen(s, LIM_PATH + 1);
	if (len > LIM_PATH)
		return url_err(err, errlen, _("the host name is too long"));
	if (str_has_crlfnul(s, len))
		return url_err(err, errlen,
		    _("the host name holds a CR or LF byte"));
	at = strrchr(s, '@');
	hp = at != NULL ? at + 1 : s;
	if (at != NULL) {
		colon = memchr(s, ':', (size_t)(at - s));
		n = colon != NULL ? (size_t)(colon - s) : (size_t)(at - s);
		if (n == 0) {
			url_err(err, errlen, _("empty user name"));
			goto fail;
		}
		u->user = xstrndup(s, n);
		if (colon != NULL)
			u->pass = xstrndup(colon + 1, (size_t)(at - colon - 1));
	}
	n = strlen(hp);
	if (n == 0 || *hp == '-') {
		url_err(err, errlen, _("no host name"));
		goto fail;
	}
	if (*hp != '[' && (colon = strchr(hp, ':')) != NULL &&
	    strchr(colon + 1, ':') != NULL) {
		/* Two colons or more: an IPv6 address without a port. */
		char addr[INET6_ADDRSTRLEN + 1];

		if (n >= sizeof addr || (memcpy(addr, hp, n + 1),
		    inet_pton(AF_INET6, addr, &a6) != 1)) {
			url_err(err, errlen, _("bad IPv6 address (write "
			    "[ADDRESS]:PORT for one with a port)"));
			goto fail;
		}
		u->host = xstrdup(hp);
		u->path = xstrdup("");
		return 0;
	}
	if (*hp == '[') {
		const char *rb = strchr(hp, ']');

		port_given = rb != NULL && rb[1] == ':' && rb[2] != '\0';
	} else
		port_given = (colon = strchr(hp, ':')) != NULL &&
		    colon[1] != '\0';
	if (url_hostport(hp, n, u, err, errlen) == -1)
		goto fail;
	if (!port_given) {
		free(u->port);
		u->port = NULL;
	}
	u->path = xstrdup("");
	return 0;
fail:
	url_free(u);
	return -1;
}

/*
 * The URL as it was typed, without its password (bookmarks keep what the
 * user wrote, not a re-encoding). Allocated.
 */
char *
url_strip_password(const char *s)
{
	const char *auth, *end, *at = NULL, *p, *colon;

	if ((auth = strstr(s, "://")) == NULL)
		return xstrdup(s);
	auth += 3;
	end = auth + strcspn(auth, "/");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (at == NULL ||
	    (colon = memchr(auth, ':', (size_t)(at - auth))) == NULL)
		return xstrdup(s);
	return xasprintf("%.*s%s", (int)(colon - s), s, at);
}
