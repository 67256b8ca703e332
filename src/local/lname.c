/*
 * lname.c: local names from remote ones, and the partial file's name
 * (declared in lfile.h).
 *
 * One rule for the bytes a local name may hold, shared with the screen:
 * what the display sanitizer (src/base/sanitize.c) would escape is escaped
 * the same way in a file name, as UTF-8 whatever the terminal takes (in
 * a single-byte locale, san_set_latin, its letters 0xA0-0xFF): C0
 * controls and DEL, and invalid UTF-8 bytes, become \xHH; C1 controls,
 * bidirectional overrides and isolates, U+2028/U+2029 and U+FEFF become
 * \uHHHH. A backslash never survives (it separates components, as '/'
 * does), so an escape in a local name is never ambiguous.
 *
 * The partial file of NAME is ".NAME.part". No safe name has that shape:
 * a remote ".X.part" becomes "\x2eX.part", so a remote entry and the
 * partial download of another can never be the same file.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sanitize.h"
#include "local/lfile.h"

/* ".NAME.part" for name, in out; -1 with ENAMETOOLONG if it won't fit. */
int
lf_part_name(const char *name, char *out, size_t outsz)
{
	int n = snprintf(out, outsz, ".%s.part", name);

	if (n < 0 || (size_t)n >= outsz) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Is name (len bytes) the shape of a partial file, ".X.part"? */
static bool
lf_part_shaped(const char *name, size_t len)
{
	return len > 6 && name[0] == '.' &&
	    memcmp(name + len - 5, ".part", 5) == 0;
}

/* Is name the shape of a partial file, ".X.part" (see lfile.h)? */
bool
lf_is_part_name(const char *name)
{
	return name != NULL && lf_part_shaped(name, strlen(name));
}

/* Reduce a remote name to one safe local component (see lfile.h). */
int
lf_safe_name(const char *remote, size_t len, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)remote;
	struct buf b;
	size_t start = 0, i, n;
	const char *s;
	int changed = 0;

	if (outsz > 0)
		out[0] = '\0';
	for (i = 0; i < len; i++) {
		if (p[i] == '/' || p[i] == '\\')
			start = i + 1;
	}
	n = len - start;
	if (n == 0 || (n == 1 && p[start] == '.') ||
	    (n == 2 && p[start] == '.' && p[start + 1] == '.')) {
		errno = EINVAL;
		return -1;
	}
	buf_init(&b, LF_NAME_MAX + 2);
	if (p[start] == '-' || p[start] == '|') {
		/* Never taken for an option or a pipe (R48). */
		buf_append(&b, "_", 1);
		changed = 1;
	} else if (lf_part_shaped(remote + start, n)) {
		/* Never the partial file of another name. */
		buf_append_str(&b, "\\x2e");
		start++;
		n--;
		changed = 1;
	}
	if (san_append(&b, remote + start, n, SAN_UTF8) == -1 ||
	    buf_len(&b) > LF_NAME_MAX || buf_len(&b) >= outsz) {
		buf_free(&b);
		errno = ENAMETOOLONG;
		return -1;
	}
	s = (const char *)buf_data(&b);
	if (!changed && (buf_len(&b) != n || memcmp(s, remote + start, n) != 0))
		changed = 1;
	memcpy(out, s, buf_len(&b));
	out[buf_len(&b)] = '\0';
	buf_free(&b);
	return changed;
}

/* Is name one component lf_part_open and lf_mkdir_at accept? */
bool
lf_name_ok(const char *name)
{
	size_t len;

	if (name == NULL)
		return false;
	len = strnlen(name, LF_NAME_MAX + 1);
	if (len == 0 || len > LF_NAME_MAX || strchr(name, '/') != NULL)
		return false;
	return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}
