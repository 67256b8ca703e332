/*
 * glob.c: shell patterns for mget, mput and the listing filter (parse.h).
 *
 * The matcher is the classic iterative one with a single backtrack point:
 * when a '*' is met its position is remembered, and on a later mismatch
 * only the last '*' gives up one more character. An earlier '*' never has
 * to be retried (whatever a later one can match it could), so the work is
 * at most pattern length times name length: "*a*a*a*a*a*a*a*b" against ten
 * thousand 'a's is about a hundred thousand steps, where a recursive
 * matcher takes longer than anyone waits (curl CVE-2017-8817 was the other
 * bug of such matchers: reading past a '[' at the end).
 *
 * Names are bytes from a server. A character is a valid UTF-8 sequence
 * (strict: no overlong forms, surrogates or code points past U+10FFFF) or
 * else a single byte, so '?' matches "é" as one character and a class
 * [à-ü] compares code points (a byte that is not valid UTF-8 is in no
 * range but its own); literal text matches the same bytes, so a pattern
 * with no magic always matches the name it spells. Patterns:
 *
 *	*	any run of characters, '/' included (names are components)
 *	?	one character
 *	[abc] [a-z] [!x] [^x]	a class; ']' first is a member; a '['
 *			with no ']' after it is an ordinary character
 *	\x	x itself (a '\' at the end is itself)
 *
 * A name that starts with '.' is matched only by a pattern that starts
 * with '.' (or "\."); "." and ".." only by themselves, so "mget .*" never
 * walks up to the parent (bash's globskipdots).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "cmd/parse.h"

/* The code of a byte that is not valid UTF-8: never a real code point. */
#define GLOB_RAW	0x110000u

/*
 * Decode one character of s[0..n) (n > 0) into *cp. Returns its length:
 * that of a valid UTF-8 sequence, else 1 with *cp = GLOB_RAW + byte.
 */
static size_t
glob_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		goto raw;
	if (n < len)
		goto raw;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto raw;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto raw;
	*cp = c;
	return len;
raw:
	*cp = GLOB_RAW + s[0];
	return 1;
}

/* Decode the pattern character at pat[p] (pattern of length plen). */
static size_t
glob_pchar(const char *pat, size_t plen, size_t p, uint32_t *cp)
{
	return glob_char((const unsigned char *)pat + p, plen - p, cp);
}

/*
 * Where does the class that starts with the '[' at pat[p] end? Returns the
 * index of its ']', or 0 if there is none (then '[' is an ordinary
 * character).
 */
static size_t
glob_class_end(const char *pat, size_t plen, size_t p)
{
	size_t i = p + 1;

	if (i < plen && (pat[i] == '!' || pat[i] == '^'))
		i++;
	if (i < plen && pat[i] == ']')
		i++;
	for (; i < plen; i++) {
		if (pat[i] == '\\' && i + 1 < plen)
			i++;
		else if (pat[i] == ']')
			return i;
	}
	return 0;
}

/* One member character of a class at pat[*i] (a '\' escapes); moves *i. */
static uint32_t
glob_class_char(const char *pat, size_t plen, size_t *i)
{
	uint32_t cp;

	if (pat[*i] == '\\' && *i + 1 < plen)
		(*i)++;
	*i += glob_pchar(pat, plen, *i, &cp);
	return cp;
}

/* Does the class pat[p..end] (p at '[', end at ']') hold c? */
static bool
glob_class_match(const char *pat, size_t plen, size_t p, size_t end,
    uint32_t c)
{
	uint32_t lo, hi;
	size_t i = p + 1;
	bool neg = false, hit = false;

	if (pat[i] == '!' || pat[i] == '^') {
		neg = true;
		i++;
	}
	while (i < end) {
		lo = glob_class_char(pat, plen, &i);
		hi = lo;
		if (i + 1 < end && pat[i] == '-') {
			i++;
			hi = glob_class_char(pat, plen, &i);
		}
		if (c >= lo && c <= hi)
			hit = true;
	}
	return hit != neg;
}

/*
 * Match the one pattern element at pat[*p] (not '*') against the start of
 * name[0..n) (n > 0). On a match moves *p past the element, sets *used to
 * the bytes of name it took and returns true. '?' and a class take one
 * character; a literal takes the same bytes as it has in the pattern, so
 * a pattern matches the name its backslashes stand for even when an
 * escape splits a UTF-8 sequence.
 */
static bool
glob_one(const char *pat, size_t plen, size_t *p, const unsigned char *name,
    size_t n, size_t *used)
{
	uint32_t c, pc;
	size_t end, lit = *p;

	switch (pat[*p]) {
	case '?':
		*used = glob_char(name, n, &c);
		(*p)++;
		return true;
	case '[':
		if ((end = glob_class_end(pat, plen, *p)) != 0) {
			*used = glob_char(name, n, &c);
			if (!glob_class_match(pat, plen, *p, end, c))
				return false;
			*p = end + 1;
			return true;
		}
		break;
	case '\\':
		if (*p + 1 < plen)
			lit = *p + 1;
		break;
	}
	end = glob_pchar(pat, plen, lit, &pc);
	if (end > n || memcmp(pat + lit, name, end) != 0)
		return false;
	*used = end;
	*p = lit + end;
	return true;
}

/* Match name (bytes, len) against a shell pattern (see parse.h). */
bool
glob_match(const char *pattern, const char *name, size_t len)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t plen = strlen(pattern), p = 0, n = 0, used, star_p = 0;
	size_t star_n = 0;
	bool star = false;
	uint32_t cp;

	/* "." and ".." only by themselves; other dot names by a dot. */
	if (len > 0 && s[0] == '.') {
		if (len == 1 || (len == 2 && s[1] == '.'))
			return plen == len && memcmp(pattern, name, len) == 0;
		if (pattern[0] != '.' && !(pattern[0] == '\\' &&
		    pattern[1] == '.'))
			return false;
	}

	while (n < len) {
		if (p < plen && pattern[p] == '*') {
			while (p < plen && pattern[p] == '*')
				p++;
			star = true;
			star_p = p;
			star_n = n;
			continue;
		}
		if (p < plen && glob_one(pattern, plen, &p, s + n, len - n,
		    &used)) {
			n += used;
			continue;
		}
		if (!star)
			return false;
		/* The last '*' takes one more character; try again. */
		star_n += glob_char(s + star_n, len - star_n, &cp);
		n = star_n;
		p = star_p;
	}
	while (p < plen && pattern[p] == '*')
		p++;
	return p == plen;
}

/* Does the pattern hold an unescaped *, ? or a [...] class? */
bool
glob_has_magic(const char *pattern)
{
	size_t plen = strlen(pattern), i;

	for (i = 0; i < plen; i++) {
		if (pattern[i] == '\\' && i + 1 < plen)
			i++;
		else if (pattern[i] == '*' || pattern[i] == '?')
			return true;
		else if (pattern[i] == '[' &&
		    glob_class_end(pattern, plen, i) != 0)
			return true;
	}
	return false;
}

/*
 * The name a pattern without magic stands for: its backslashes removed
 * ("a\*b" is the file a*b). Allocated.
 */
char *
glob_unescape(const char *pattern)
{
	char *out, *o;

	o = out = xmalloc(strlen(pattern) + 1);
	for (; *pattern != '\0'; pattern++) {
		if (*pattern == '\\' && pattern[1] != '\0')
			pattern++;
		*o++ = *pattern;
	}
	*o = '\0';
	return out;
}
