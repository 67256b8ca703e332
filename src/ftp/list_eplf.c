/*
 * list_eplf.c: EPLF lines ("+facts\tname"), as publicfile and a few
 * others write them.
 */
#include "config.h"

#include <string.h>

#include "ftp/list.h"
#include "ftp/list_priv.h"

/* Parse an EPLF line: "+fact,fact,...\tname" (cr.yp.to/ftp/list/eplf.html). */
int
list_eplf(char *line, size_t len, struct ftp_entry *e)
{
	const char *tab, *f, *fe, *end;
	int retr = 0, cwd = 0;
	uint64_t v;

	if (len < 3 || line[0] != '+' ||
	    (tab = memchr(line, '\t', len)) == NULL || tab + 1 == line + len)
		return -1;
	for (f = line + 1; f < tab; f = fe + 1) {
		if ((fe = memchr(f, ',', (size_t)(tab - f))) == NULL)
			fe = tab;
		switch (*f) {
		case 'r':
			retr = 1;
			break;
		case '/':
			cwd = 1;
			break;
		case 's':
			if (list_num(f + 1, fe, INT64_MAX, &v) == 0) {
				e->size = v;
				e->has_size = true;
			}
			break;
		case 'm':
			if (list_num(f + 1, fe, INT64_MAX, &v) == 0 &&
			    (uint64_t)(time_t)v == v && (time_t)v >= 0) {
				e->mtime = (time_t)v;
				e->has_mtime = true;
				e->mtime_has_time = true;
			}
			break;
		case 'u':
			if (fe - f > 2 && f[1] == 'p') {
				for (v = 0, end = f + 2; end < fe &&
				    *end >= '0' && *end <= '7' && v < 07777;
				    end++)
					v = v * 8 + (uint64_t)(*end - '0');
				if (end == fe && v <= 07777) {
					e->mode = (unsigned)v;
					e->has_mode = true;
				}
			}
			break;
		}
	}
	e->name = tab + 1;
	e->namelen = (size_t)(line + len - e->name);
	e->type = cwd ? FTP_ENT_DIR : retr ? FTP_ENT_FILE : FTP_ENT_OTHER;
	if (list_dot(e->name, e->namelen))
		return 0;
	line[len] = '\0';
	return 1;
}
