/*
 * parse.c: parsers for the text of single replies (227, 229, 257, 213 SIZE
 * and MDTM, 211 FEAT, the size in a 150).
 *
 * Every number is read by hand with its own bound, digit by digit, so no
 * value can overflow and no sign, blank or junk slips through the way it
 * does with strtoul or sscanf. Nothing reads past the terminating NUL.
 * The time arithmetic is done here (days from the civil date) so that the
 * result does not depend on the TZ or on timegm.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/limits.h"
#include "base/xmalloc.h"
#include "ftp/parse.h"

/* Largest size accepted: what an off_t holds. */
#define PARSE_SIZE_MAX	((uint64_t)INT64_MAX)

/* Is c an ASCII digit? */
static int
parse_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Read 1 to maxdigits digits at *sp into *v, no larger than max. Moves *sp
 * past them. Returns 0, or -1 (no digit, too many, too large).
 */
static int
parse_num(const char **sp, unsigned maxdigits, uint64_t max, uint64_t *v)
{
	const char *s = *sp;
	uint64_t n = 0;
	unsigned i;

	for (i = 0; parse_isdigit((unsigned char)s[i]); i++) {
		if (i == maxdigits)
			return -1;
		if (n > (max - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0)
		return -1;
	*sp = s + i;
	*v = n;
	return 0;
}

/* Six comma-separated numbers 0..255 at s (blanks allowed after a comma). */
static int
parse_six(const char *s, unsigned v[6])
{
	uint64_t n;
	int i;

	for (i = 0; i < 6; i++) {
		if (i > 0) {
			if (*s != ',')
				return -1;
			s++;
			while (*s == ' ')
				s++;
		}
		if (parse_num(&s, 3, 255, &n) == -1)
			return -1;
		v[i] = (unsigned)n;
	}
	/* "1,2,3,4,5,6,7" or "1,2,3,4,5,67x" is not a 227 address. */
	if (*s == ',' || parse_isdigit((unsigned char)*s))
		return -1;
	return 0;
}

/* Parse a 227 reply: six numbers anywhere in text (R3). */
int
ftp_parse_pasv(const char *text, char addr[16], unsigned *port)
{
	const char *s;
	unsigned v[6], p;

	for (s = text; *s != '\0'; s++) {
		/* Only at the start of a run of digits not after a comma. */
		if (!parse_isdigit((unsigned char)*s) || (s > text &&
		    (parse_isdigit((unsigned char)s[-1]) || s[-1] == ',')))
			continue;
		if (parse_six(s, v) == -1)
			continue;
		p = v[4] * 256 + v[5];
		if (p < 1 || p > 65535)
			return -1;
		snprintf(addr, 16, "%u.%u.%u.%u", v[0], v[1], v[2], v[3]);
		*port = p;
		return 0;
	}
	return -1;
}

/*
 * Parse a 229 reply: "(dddportd)" with d any of 33..126 but a digit, the
 * same four times (R4). A digit as delimiter would make the port ambiguous.
 */
int
ftp_parse_epsv(const char *text, unsigned *port)
{
	const char *s, *q;
	uint64_t n;
	char d;

	for (s = strchr(text, '('); s != NULL; s = strchr(s + 1, '(')) {
		d = s[1];
		if (d < 33 || d > 126 || parse_isdigit((unsigned char)d))
			continue;
		if (s[2] != d || s[3] != d)
			continue;
		q = s + 4;
		if (parse_num(&q, 5, 65535, &n) == -1 || n == 0 || *q != d)
			continue;
		*port = (unsigned)n;
		return 0;
	}
	return -1;
}

/* Parse a 257 reply's quoted path; "" is one quote (R36, R37, R38). */
int
ftp_parse_257(const char *msg, char **path)
{
	const char *s;
	char *out, *o;

	if ((s = strchr(msg, '"')) == NULL)
		return -1;
	s++;
	/* The path is never longer than what follows the quote. */
	o = out = xmalloc(strlen(s) + 1);
	for (;;) {
		if (*s == '\0')
			goto bad;	/* no closing quote */
		if (*s == '"') {
			if (s[1] != '"')
				break;
			*o++ = '"';
			s += 2;
			continue;
		}
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			goto bad;
		*o++ = *s++;
	}
	*o = '\0';
	if (o == out || (size_t)(o - out) > LIM_PATH)
		goto bad;
	*path = out;
	return 0;

bad:
	free(out);
	return -1;
}

/* Digits, then optional spaces, then the end: a size (R35). */
int
ftp_parse_size(const char *msg, uint64_t *size)
{
	uint64_t v;

	if (parse_num(&msg, 19, PARSE_SIZE_MAX, &v) == -1)
		return -1;
	while (*msg == ' ')
		msg++;
	if (*msg != '\0')
		return -1;
	*size = v;
	return 0;
}

/* Take exactly n digits from *sp as a number. */
static int
parse_fixed(const char **sp, unsigned n, uint64_t *v)
{
	const char *s = *sp;
	unsigned i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!parse_isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	*sp = s + n;
	return 0;
}

/* Parse an MDTM time, YYYYMMDDHHMMSS[.fff], UTC. */
int
ftp_parse_mdtm(const char *msg, time_t *t)
{
	uint64_t y, mo, d, h, mi, sec;
	int64_t v;

	if (parse_fixed(&msg, 4, &y) == -1 || parse_fixed(&msg, 2, &mo) == -1 ||
	    parse_fixed(&msg, 2, &d) == -1 || parse_fixed(&msg, 2, &h) == -1 ||
	    parse_fixed(&msg, 2, &mi) == -1 || parse_fixed(&msg, 2, &sec) == -1)
		return -1;
	if (*msg == '.') {
		msg++;
		if (!parse_isdigit((unsigned char)*msg))
			return -1;
		while (parse_isdigit((unsigned char)*msg))
			msg++;
	}
	while (*msg == ' ')
		msg++;
	if (*msg != '\0')
		return -1;
	/* Year 1 at least; seconds may be 60 (a leap second). */
	if (y < 1 || mo < 1 || mo > 12 || d < 1 ||
	    d > date_mdays(y, (unsigned)mo) || h > 23 || mi > 59 || sec > 60)
		return -1;
	v = date_days((int64_t)y, (unsigned)mo, (unsigned)d) * 86400 +
	    (int64_t)(h * 3600 + mi * 60 + sec);
	if ((int64_t)(time_t)v != v)
		return -1;	/* a 32-bit time_t */
	*t = (time_t)v;
	return 0;
}

/* The length of the first word of s (up to a blank, ';' or the end). */
static size_t
parse_word(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && s[n] != ' ' && s[n] != '\t' && s[n] != ';' &&
	    s[n] != '\n')
		n++;
	return n;
}

/* Does the word w of length n equal name, ignoring case? */
static int
parse_is(const char *w, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(w, name, n) == 0;
}

/* Does the rest of an "AUTH" FEAT line ("TLS;TLS-C;SSL") name TLS? */
static bool
parse_auth_tls(const char *s)
{
	size_t n;

	for (;;) {
		while (*s == ' ' || *s == ';' || *s == ',')
			s++;
		if (*s == '\0' || *s == '\r' || *s == '\n')
			return false;
		for (n = 0; s[n] != '\0' && strchr(" ;,\r\n", s[n]) == NULL;
		    n++)
			;
		if (parse_is(s, n, "TLS"))
			return true;
		s += n;
	}
}

static const char *const mlst_facts[] = {
	"type", "size", "modify", "perm", "unix.mode", "unix.owner",
	"unix.group", "unix.uid"
};

/* The facts of an MLST line: "type*;size*;modify*;perm;UNIX.mode;". */
static void
parse_mlst_facts(const char *s, struct ftp_features *f)
{
	size_t n, i, len;
	bool on;

	while (*s == ' ')
		s++;
	while (*s != '\0' && *s != '\n' && *s != ' ') {
		for (n = 0; s[n] != '\0' && s[n] != '\n' && s[n] != ';' &&
		    s[n] != ' '; n++)
			;
		len = n;
		on = len > 0 && s[len - 1] == '*';
		if (on)
			len--;
		for (i = 0; i < sizeof mlst_facts / sizeof mlst_facts[0]; i++)
			if (parse_is(s, len, mlst_facts[i])) {
				f->mlst_offered |= 1u << i;
				if (on)
					f->mlst_on |= 1u << i;
			}
		s += n;
		if (*s == ';')
			s++;
	}
}

int
ftp_mlst_opts(const struct ftp_features *f, char *buf, size_t size)
{
	size_t i, len = 0, n;

	if (size == 0)
		return -1;
	buf[0] = '\0';
	if (!f->mlsd || f->mlst_offered == 0 ||
	    (f->mlst_offered & ~f->mlst_on) == 0)
		return 0;
	for (i = 0; i < sizeof mlst_facts / sizeof mlst_facts[0]; i++) {
		if (!(f->mlst_offered & (1u << i)))
			continue;
		n = strlen(mlst_facts[i]);
		if (len + n + 2 > size)
			return -1;
		memcpy(buf + len, mlst_facts[i], n);
		len += n;
		buf[len++] = ';';
		buf[len] = '\0';
	}
	return 1;
}

/* Note one FEAT line's feature. */
static void
parse_feat_line(const char *s, struct ftp_features *f)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	/* A line with a code ("211-Features:", "211 End") names nothing. */
	if (parse_isdigit((unsigned char)s[0]) &&
	    parse_isdigit((unsigned char)s[1]) &&
	    parse_isdigit((unsigned char)s[2]) &&
	    (s[3] == '-' || s[3] == ' ' || s[3] == '\n' || s[3] == '\0'))
		return;
	n = parse_word(s);
	if (parse_is(s, n, "MLST") || parse_is(s, n, "MLSD")) {
		f->mlsd = true;
		if (parse_is(s, n, "MLST"))
			parse_mlst_facts(s + n, f);
	}
	else if (parse_is(s, n, "SIZE"))
		f->size = true;
	else if (parse_is(s, n, "MDTM"))
		f->mdtm = true;
	else if (parse_is(s, n, "MFMT"))
		f->mfmt = true;
	else if (parse_is(s, n, "UTF8"))
		f->utf8 = true;
	else if (parse_is(s, n, "EPSV"))
		f->epsv = true;
	else if (parse_is(s, n, "EPRT"))
		f->eprt = true;
	else if (parse_is(s, n, "TVFS"))
		f->tvfs = true;
	else if (parse_is(s, n, "AUTH"))
		f->auth_tls = f->auth_tls || parse_auth_tls(s + n);
	else if (parse_is(s, n, "HASH"))
		f->hash = true;
	else if (parse_is(s, n, "XSHA512"))
		f->xsha512 = true;
	else if (parse_is(s, n, "XSHA256"))
		f->xsha256 = true;
	else if (parse_is(s, n, "XSHA1"))
		f->xsha1 = true;
	else if (parse_is(s, n, "XMD5"))
		f->xmd5 = true;
	else if (parse_is(s, n, "REST")) {
		s += n;
		while (*s == ' ')
			s++;
		if (parse_is(s, parse_word(s), "STREAM"))
			f->rest_stream = true;
	}
}

/* Read the features a FEAT reply lists (RFC 2389). */
void
ftp_parse_feat(const char *text, struct ftp_features *f)
{
	const char *nl;

	memset(f, 0, sizeof *f);
	for (;;) {
		parse_feat_line(text, f);
		if ((nl = strchr(text, '\n')) == NULL)
			break;
		text = nl + 1;
	}
}

/* The "(N bytes)" of a 150 reply; the last one wins (a name may hold one). */
int
ftp_parse_150_size(const char *msg, uint64_t *size)
{
	const char *s, *q;
	uint64_t v;
	int found = 0;

	for (s = strchr(msg, '('); s != NULL; s = strchr(s + 1, '(')) {
		q = s + 1;
		if (parse_num(&q, 19, PARSE_SIZE_MAX, &v) == -1)
			continue;
		if (*q++ != ' ')
			continue;
		if (strncasecmp(q, "bytes)", 6) != 0 &&
		    strncasecmp(q, "byte)", 5) != 0)
			continue;
		*size = v;
		found = 1;
	}
	return found ? 0 : -1;
}
