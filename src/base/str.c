/*
 * str.c: small string helpers: bounded copies, prefixes, strict number
 * parsing (no sign, no junk, no overflow), human-readable sizes.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"

/* Copy src into dst of size n, always terminated; returns strlen(src). */
size_t
str_lcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n > 0) {
		size_t c = len < n - 1 ? len : n - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return len;
}

/* Append src to dst of size n, always terminated; returns the full length. */
size_t
str_lcat(char *dst, const char *src, size_t n)
{
	size_t dlen = strnlen(dst, n);

	if (dlen == n)
		return n + strlen(src);
	return dlen + str_lcpy(dst + dlen, src, n - dlen);
}

/* Does s start with prefix? */
bool
str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Does s end with suffix? */
bool
str_has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

/* Does s start with prefix, ignoring ASCII case? */
bool
str_has_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Does the text hold CR, LF or NUL (never allowed in a command, R53)? */
bool
str_has_crlfnul(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\r' || s[i] == '\n' || s[i] == '\0')
			return true;
	return false;
}

/* Remove trailing white space (CR, LF, blanks) in place. */
void
str_rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/*
 * Parse an unsigned decimal number: digits only, at least one, no overflow.
 * Returns 0 or -1 (EINVAL, ERANGE).
 */
int
str_to_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0') {
		errno = EINVAL;
		return -1;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9') {
			errno = EINVAL;
			return -1;
		}
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10) {
			errno = ERANGE;
			return -1;
		}
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* Parse a TCP/UDP port, 1 to 65535. */
int
str_to_port(const char *s, unsigned *port)
{
	uint64_t v;

	if (str_to_u64(s, &v) == -1 || v < 1 || v > 65535) {
		errno = ERANGE;
		return -1;
	}
	*port = (unsigned)v;
	return 0;
}

/* Format a byte count as "512 B", "4.1 KiB", "380 MiB", "1.0 GiB". */
char *
str_human_size(char *out, size_t n, uint64_t bytes)
{
	static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)bytes;
	unsigned u = 0;

	if (bytes < 1024) {
		snprintf(out, n, "%u B", (unsigned)bytes);
		return out;
	}
	while (v >= 1024.0 && u < sizeof units / sizeof units[0] - 1) {
		v /= 1024.0;
		u++;
	}
	if (v < 10.0)
		snprintf(out, n, "%.1f %s", v, units[u]);
	else
		snprintf(out, n, "%.0f %s", v, units[u]);
	return out;
}

/* names[i] when the table of n names has one for i; "?" if not. */
const char *
str_name_in(const char *const *names, size_t n, size_t i)
{
	return i < n && names[i] != NULL ? names[i] : "?";
}
