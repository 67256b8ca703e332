/*
 * field.c: a line of text typed in place (a dialog's input field, the
 * filter of a pane or of the site picker): taking its last UTF-8
 * character off and adding the one typed. The keys that do it are
 * ui_key_back (key.c) and any printable character.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/ui_priv.h"

/* The length of s (len bytes) without its last UTF-8 character. */
size_t
field_back(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len - 1] & 0xc0) == 0x80)
		len--;
	return len > 0 ? len - 1 : 0;
}

/*
 * Add the character typed (k) to buf, len bytes of size, and end it with
 * a NUL: 1 added, 0 not (no room, or no such character in the locale),
 * -1 k is no printable character. The bytes on the stack are wiped (the
 * field may be a password's).
 */
int
field_add(char *buf, size_t size, size_t *len, const struct ui_key *k)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;
	int rc = 0;

	if (k->code || k->ch < 0x20 || k->ch == 0x7f)
		return -1;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)k->ch, &st);
	if (n != (size_t)-1 && *len + n + 1 <= size) {
		memcpy(buf + *len, mb, n);
		*len += n;
		buf[*len] = '\0';
		rc = 1;
	}
	explicit_bzero(mb, sizeof mb);
	return rc;
}
