/*
 * list_mlsd.c: MLSD lines (RFC 3659): facts, then one space, then the name
 * byte-exact.
 */
#include "config.h"

#include <string.h>

#include "ftp/list.h"
#include "ftp/list_priv.h"
#include "ftp/parse.h"

/* Does the fact [s, e) start with name= (any case)? Points *v past '='. */
static int
list_fact(const char *s, const char *e, const char *name, const char **v)
{
	size_t n = strlen(name);

	if ((size_t)(e - s) <= n || s[n] != '=' || strncasecmp(s, name, n) != 0)
		return 0;
	*v = s + n + 1;
	return 1;
}

/* Parse an MLSD line: "fact=value;fact=value; name" (RFC 3659 7.2). */
int
list_mlsd(char *line, size_t len, struct ftp_entry *e)
{
	const char *f, *fe, *end, *v, *sp, *c, *tend = NULL;
	char tbuf[32];
	uint64_t n;
	time_t t;

	/* The facts end at the first "; "; no facts: the line starts with ' '. */
	if (len >= 2 && line[0] == ' ')
		end = line;
	else {
		for (sp = line; (sp = memchr(sp, ';', (size_t)(line + len -
		    sp))) != NULL; sp++)
			if (sp + 1 < line + len && sp[1] == ' ')
				break;
		if (sp == NULL || sp + 2 >= line + len)
			return -1;
		end = sp + 1;
	}
	e->type = FTP_ENT_FILE;
	for (f = line; f < end; f = fe + 1) {
		if ((fe = memchr(f, ';', (size_t)(end - f))) == NULL)
			fe = end;
		if (list_fact(f, fe, "type", &v)) {
			n = (uint64_t)(fe - v);
			if (n == 4 && strncasecmp(v, "file", 4) == 0)
				e->type = FTP_ENT_FILE;
			else if (n == 3 && strncasecmp(v, "dir", 3) == 0)
				e->type = FTP_ENT_DIR;
			else if ((n == 4 && strncasecmp(v, "cdir", 4) == 0) ||
			    (n == 4 && strncasecmp(v, "pdir", 4) == 0))
				return 0;
			else if (n >= 13 &&
			    strncasecmp(v, "OS.unix=slink", 13) == 0) {
				e->type = FTP_ENT_LINK;
				if ((c = memchr(v, ':', n)) != NULL) {
					e->target = c + 1;
					tend = fe;
				}
			} else if (n >= 15 &&
			    strncasecmp(v, "OS.unix=symlink", 15) == 0)
				e->type = FTP_ENT_LINK;
			else
				e->type = FTP_ENT_OTHER;
		} else if (list_fact(f, fe, "size", &v)) {
			if (list_num(v, fe, INT64_MAX, &n) == 0) {
				e->size = n;
				e->has_size = true;
			}
		} else if (list_fact(f, fe, "modify", &v)) {
			if ((size_t)(fe - v) < sizeof tbuf) {
				memcpy(tbuf, v, (size_t)(fe - v));
				tbuf[fe - v] = '\0';
				if (ftp_parse_mdtm(tbuf, &t) == 0) {
					e->mtime = t;
					e->has_mtime = true;
					e->mtime_has_time = true;
					e->mtime_has_sec = true;
				}
			}
		} else if (list_fact(f, fe, "unix.owner", &v) ||
		    (e->ownerlen == 0 && list_fact(f, fe, "unix.uid", &v))) {
			if (fe > v && fe - v <= 32 &&
			    end + 1 - v <= UINT16_MAX) {
				/* the name starts at end + 1 */
				e->owneroff = (uint16_t)(end + 1 - v);
				e->ownerlen = (uint8_t)(fe - v);
			}
		} else if (list_fact(f, fe, "unix.mode", &v)) {
			/* pyftpdlib writes Python's oct(): "0o644". */
			if (fe - v > 2 && v[0] == '0' && (v[1] == 'o' ||
			    v[1] == 'O'))
				v += 2;
			for (n = 0, c = v; c < fe && *c >= '0' && *c <= '7' &&
			    n <= 07777; c++)
				n = n * 8 + (uint64_t)(*c - '0');
			if (c == fe && c > v && n <= 07777) {
				e->mode = (unsigned)n;
				e->has_mode = true;
			}
		}
	}
	e->name = end + 1;
	e->namelen = (size_t)(line + len - e->name);
	if (list_dot(e->name, e->namelen))
		return 0;
	/* The target ends at its fact's ';', which becomes its NUL. */
	if (tend != NULL)
		line[tend - line] = '\0';
	line[len] = '\0';
	return 1;
}
