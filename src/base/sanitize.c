/*
 * sanitize.c: escape hostile bytes for display (see sanitize.h).
 *
 * The UTF-8 decoder is strict (RFC 3629): no overlong forms, no surrogates,
 * nothing above U+10FFFF. A byte that does not start a valid sequence is
 * escaped on its own and decoding starts again at the next byte, so one bad
 * byte never swallows the valid text after it.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"

static bool san_utf8 = true;
static bool san_latin;

/* Tell the sanitizer whether the terminal takes UTF-8. */
void
san_set_utf8(bool on)
{
	san_utf8 = on;
}

/*
 * Tell the sanitizer that the terminal and the local names are in a
 * single-byte charset (ISO-8859-1 and kin): its letters, 0xA0 to 0xFF,
 * are kept, shown and in file names; 0x80 to 0x9F (C1 controls there, CSI
 * among them) are still escaped. Off: the UTF-8 rules.
 */
void
san_set_latin(bool on)
{
	san_latin = on;
}

/* Whether valid UTF-8 is passed through. */
bool
san_get_utf8(void)
{
	return san_utf8;
}

/*
 * Decode one UTF-8 sequence at p (n bytes available). Returns its length
 * and sets *cp, or 0 if p does not start a valid, complete sequence.
 */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/* Is this code point one that can reorder or hide text, or a C1 control? */
static bool
cp_is_dangerous(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) ||	/* C1 controls, CSI = 0x9b */
	    c == 0x061c ||			/* Arabic letter mark */
	    c == 0x200e || c == 0x200f ||	/* LRM, RLM */
	    (c >= 0x202a && c <= 0x202e) ||	/* LRE..RLO */
	    (c >= 0x2066 && c <= 0x2069) ||	/* LRI..PDI */
	    c == 0x2028 || c == 0x2029 ||	/* line/paragraph separators */
	    c == 0xfeff;			/* zero-width no-break space */
}

/* Append the sanitized form of n bytes to b; -1 if b's limit is hit. */
int
san_append(struct buf *b, const void *in, size_t n, int flags)
{
	const unsigned char *p = in;
	char esc[16];
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		unsigned char c = p[i];
		size_t run = i;

		/* Fast path: a run of plain printable ASCII. */
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		    p[run] != '\\')
			run++;
		if (run > i) {
			if (buf_append(b, p + i, run - i) == -1)
				return -1;
			i = run;
			continue;
		}
		if (c == '\\') {
			if (buf_append(b, "\\\\", 2) == -1)
				return -1;
			i++;
			continue;
		}
		if ((c == '\n' && (flags & SAN_KEEP_NL)) ||
		    (c == '\t' && (flags & SAN_KEEP_TAB))) {
			if (buf_append(b, &c, 1) == -1)
				return -1;
			i++;
			continue;
		}
		if (san_latin && c >= 0xa0) {
			if (buf_append(b, &c, 1) == -1)
				return -1;
			i++;
			continue;
		}
		if (c < 0x80 || san_latin ||
		    (!san_utf8 && !(flags & SAN_UTF8)) ||
		    (len = utf8_decode(p + i, n - i, &cp)) == 0) {
			snprintf(esc, sizeof esc, "\\x%02x", c);
			if (buf_append_str(b, esc) == -1)
				return -1;
			i++;
			continue;
		}
		if (cp_is_dangerous(cp)) {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			if (buf_append_str(b, esc) == -1)
				return -1;
		} else if (buf_append(b, p + i, len) == -1)
			return -1;
		i += len;
	}
	return 0;
}

/* A newly allocated, sanitized, NUL-terminated copy of n bytes. */
char *
san_str(const void *in, size_t n, int flags)
{
	struct buf b;
	char *s;

	/* Worst case: every byte becomes a 6-byte \uHHHH or 4-byte \xHH. */
	buf_init(&b, n * 6 + 1);
	if (san_append(&b, in, n, flags) == -1)
		fatal("san_str: escape overflow");
	s = xmemdup(buf_data(&b), buf_len(&b));
	buf_free(&b);
	return s;
}

/* san_str of a C string. */
char *
san_cstr(const char *s)
{
	return san_str(s, strlen(s), 0);
}

/* Would the bytes come out of the sanitizer unchanged? */
bool
san_is_clean(const void *in, size_t n)
{
	char *s = san_str(in, n, 0);
	bool clean = strlen(s) == n && memcmp(s, in, n) == 0;

	free(s);
	return clean;
}

/* n hex digits at p? */
static bool
is_hex(const char *p, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F')))
			return false;
	return true;
}

/* Append s, escaping raw bytes and keeping the sanitizer's escapes. */
int
san_append_once(struct buf *b, const char *s, int flags)
{
	const char *p = s, *run = s;
	size_t len;

	while (*p != '\0') {
		len = 0;
		if (p[0] == '\\' && p[1] == '\\')
			len = 2;
		else if (p[0] == '\\' && p[1] == 'x' && is_hex(p + 2, 2))
			len = 4;
		else if (p[0] == '\\' && p[1] == 'u' && is_hex(p + 2, 4))
			len = 6;
		if (len == 0) {
			p++;
			continue;
		}
		if (san_append(b, run, (size_t)(p - run), flags) == -1 ||
		    buf_append(b, p, len) == -1)
			return -1;
		p += len;
		run = p;
	}
	return san_append(b, run, (size_t)(p - run), flags);
}

char *
san_cstr_once(const char *s)
{
	struct buf b;
	char *out;

	buf_init(&b, strlen(s) * 6 + 1);
	san_append_once(&b, s, 0);
	out = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}
