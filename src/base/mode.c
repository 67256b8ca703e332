/*
 * mode.c: chmod(1)'s modes, octal or symbolic (see mode.h). The grammar
 * and the meaning are coreutils' (gnulib modechange.c), but a clause
 * with no who means a with no umask, and + or - alone is refused (a
 * typo more often than a wish to change nothing).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/mode.h"

#define ALLBITS		07777

bool
mode_is_octal(const char *spec)
{
	size_t n = strspn(spec, "01234567");

	return n >= 1 && n <= 4 && spec[n] == '\0';
}

/* c as a message shows it: itself, or \xNN. */
static const char *
mode_char(char *buf, size_t len, char c)
{
	if (c > ' ' && c < 0x7f)
		snprintf(buf, len, "%c", c);
	else
		snprintf(buf, len, "\\x%02x", (unsigned char)c);
	return buf;
}

/* The bits of one who letter, as coreutils counts them. */
static mode_t
mode_who(char c)
{
	switch (c) {
	case 'u':
		return 04700;
	case 'g':
		return 02070;
	case 'o':
		return 01007;
	default:
		return ALLBITS;
	}
}

/* The bits of one permission letter (X: x when it applies). */
static mode_t
mode_perm(char c, mode_t cur, bool isdir)
{
	switch (c) {
	case 'r':
		return 0444;
	case 'w':
		return 0222;
	case 'x':
		return 0111;
	case 'X':
		return isdir || (cur & 0111) != 0 ? 0111 : 0;
	case 's':
		return 06000;
	default:		/* t */
		return 01000;
	}
}

/* u, g or o's rwx bits of cur, copied to all three. */
static mode_t
mode_copy(char c, mode_t cur)
{
	mode_t v = cur & (c == 'u' ? 0700 : c == 'g' ? 0070 : 0007), out = 0;

	if (v & 0444)
		out |= 0444;
	if (v & 0222)
		out |= 0222;
	if (v & 0111)
		out |= 0111;
	return out;
}

int
mode_apply(const char *spec, mode_t old, bool isdir, mode_t *out,
    char *err, size_t errlen)
{
	const char *p = spec;
	mode_t cur = old & ALLBITS, who, value;
	char op, cb[8];
	bool any;

	if (*spec == '\0') {
		snprintf(err, errlen, "%s", _("the mode is empty"));
		return -1;
	}
	if (*spec >= '0' && *spec <= '9') {
		unsigned v = 0;

		if (!mode_is_octal(spec)) {
			snprintf(err, errlen, "%s", _("an octal mode is 1 to 4 "
			    "digits from 0 to 7, such as 644"));
			return -1;
		}
		for (; *p != '\0'; p++)
			v = v * 8 + (unsigned)(*p - '0');
		*out = (mode_t)v;
		return 0;
	}
	for (;;) {
		if (*p == '\0' || *p == ',') {
			snprintf(err, errlen, "%s", _("a clause is empty (two "
			    "commas, or one at an end)"));
			return -1;
		}
		who = 0;
		for (; *p != '\0' && strchr("ugoa", *p) != NULL; p++)
			who |= mode_who(*p);
		if (who == 0)
			who = ALLBITS;
		if (*p == '\0' || *p == ',') {
			snprintf(err, errlen, "%s", _("no operator: give +, - "
			    "or = and permissions, such as u+x"));
			return -1;
		}
		if (*p != '+' && *p != '-' && *p != '=') {
			snprintf(err, errlen, _("'%s' is not one of u, g, o, "
			    "a, +, - or ="), mode_char(cb, sizeof cb, *p));
			return -1;
		}
		while (*p == '+' || *p == '-' || *p == '=') {
			op = *p++;
			value = 0;
			any = false;
			if (*p == 'u' || *p == 'g' || *p == 'o') {
				value = mode_copy(*p++, cur);
				any = true;
			} else
				for (; *p != '\0' && strchr("rwxXst", *p) !=
				    NULL; p++) {
					value |= mode_perm(*p, cur, isdir);
					any = true;
				}
			if (*p != '\0' && *p != ',' && *p != '+' &&
			    *p != '-' && *p != '=') {
				snprintf(err, errlen, _("'%s' is not a "
				    "permission: give r, w, x, X, s, t or one "
				    "of u, g, o"), mode_char(cb, sizeof cb, *p));
				return -1;
			}
			if (!any && op != '=') {
				snprintf(err, errlen, _("nothing after '%c': "
				    "give permissions, such as %cx"), op, op);
				return -1;
			}
			value &= who;
			if (op == '=')
				cur = (cur & ~who) | value;
			else if (op == '+')
				cur |= value;
			else
				cur &= ~value;
		}
		if (*p == '\0')
			break;
		p++;		/* , */
	}
	*out = cur;
	return 0;
}
