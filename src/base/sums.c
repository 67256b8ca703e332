/*
 * sums.c: the checksum of one name in a checksum file (see sums.h).
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/sums.h"

/* The algorithm of a hex digest of n digits, or -1. */
static int
alg_of_len(size_t n)
{
	switch (n) {
	case 32:
		return HASH_MD5;
	case 40:
		return HASH_SHA1;
	case 64:
		return HASH_SHA256;
	case 128:
		return HASH_SHA512;
	default:
		return -1;
	}
}

/* The hex digits at p (up to end): their count. */
static size_t
hex_span(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && isxdigit((unsigned char)*q))
		q++;
	return (size_t)(q - p);
}

static void
hex_copy(const char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)p[i]);
	out[n] = '\0';
}

/* Is [p, end) the name (or "./" + name)? */
static bool
name_is(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	if (end - p >= 2 && p[0] == '.' && p[1] == '/')
		p += 2;
	return (size_t)(end - p) == n && memcmp(p, name, n) == 0;
}

/* One line [p, end): 1 if it gives name's digest. */
static int
line_find(const char *p, const char *end, const char *name, bool single,
    enum hash_alg *alg, char *hex)
{
	static const struct {
		const char	*tag;
		enum hash_alg	 alg;
	} tags[] = {
		{ "MD5", HASH_MD5 }, { "SHA1", HASH_SHA1 },
		{ "SHA256", HASH_SHA256 }, { "SHA512", HASH_SHA512 }
	};
	const char *open, *close, *eq;
	size_t n, i;
	int a;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* BSD: TAG (NAME) = HEX */
	for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		n = strlen(tags[i].tag);
		if ((size_t)(end - p) <= n + 2 || strncmp(p, tags[i].tag, n) != 0
		    || p[n] != ' ' || p[n + 1] != '(')
			continue;
		open = p + n + 2;
		for (eq = end; eq > open && eq[-1] != '='; eq--)
			;
		if (eq <= open + 2 || eq[-2] != ' ' || eq[-3] != ')')
			return 0;
		close = eq - 3;
		while (eq < end && *eq == ' ')
			eq++;
		if (!name_is(open, close, name) || hex_span(eq, end) !=
		    (size_t)(end - eq) || (size_t)(end - eq) !=
		    2 * hash_len(tags[i].alg))
			return 0;
		*alg = tags[i].alg;
		hex_copy(eq, (size_t)(end - eq), hex);
		return 1;
	}
	/* GNU: HEX  NAME, HEX *NAME; or a lone HEX in a single file */
	n = hex_span(p, end);
	if ((a = alg_of_len(n)) == -1)
		return 0;
	if (p + n == end) {
		if (!single)
			return 0;
	} else {
		open = p + n;
		if (*open != ' ' && *open != '\t')
			return 0;
		open++;
		if (open < end && (*open == ' ' || *open == '*'))
			open++;
		if (!name_is(open, end, name))
			return 0;
	}
	*alg = (enum hash_alg)a;
	hex_copy(p, n, hex);
	return 1;
}

int
sums_find(const char *text, size_t len, const char *name, bool single,
    enum hash_alg *alg, char *hex)
{
	const char *p = text, *end = text + len, *nl, *le;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		le = nl != NULL ? nl : end;
		if (le > p && le[-1] == '\r')
			le--;
		if (le > p && *p != '#' && *p != '\\' &&
		    line_find(p, le, name, single, alg, hex))
			return 1;
		p = nl != NULL ? nl + 1 : end;
	}
	return 0;
}
