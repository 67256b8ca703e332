/*
 * list_as400.c: IBM i (AS/400, OS/400) lines, as its FTP server writes
 * them in both name formats (the library file system and the IFS):
 *
 *   QSYS            77824 02/23/00 15:09:55 *DIR       QOPENSYS/
 *   QPGMR           36864 18.09.06 14:21:26 *FILE      55-AS400.FILE
 *   QPGMR           36864 20/05/98          *FILE      DIR.FILE/
 *   QSYS                                    *MEM       QGPL/QSYSPRT.FILE/QSYSPRT.MBR
 *
 * Owner, then a size in bytes, a date and a time when the object has
 * them (a member has none), the object type "*TYPE", and the name: the
 * rest of the line after the blanks that follow the type. A name ending
 * in '/' is a directory (a *DIR, a *LIB, a *FLR folder, a *FILE holding
 * members) and is listed without that '/'; so are *DIR, *LIB, *FLR and
 * *DDIR without one. Anything else (*FILE, *MEM, *STMF, *PGM, ...) is a
 * file. Dates are M/D/Y, or D/M/Y (or D.M.Y) when the first number
 * cannot be a month; two-digit years are 1970..2069.
 */
#include "config.h"

#include <string.h>

#include "ftp/list.h"
#include "ftp/list_priv.h"

/* An owner: 1 to 10 of A-Z, 0-9, _, $, #, @. */
static int
list_as400_owner(const char *s, const char *e)
{
	if (e - s < 1 || e - s > 10)
		return -1;
	for (; s < e; s++)
		if (!list_digit((unsigned char)*s) && !(*s >= 'A' && *s <= 'Z') &&
		    !list_in(*s, "_$#@"))
			return -1;
	return 0;
}

/* An object type "*FILE": '*' and 2 to 10 capital letters. */
static int
list_as400_type(const char *s, const char *e)
{
	if (e - s < 3 || e - s > 11 || *s != '*')
		return -1;
	for (s++; s < e; s++)
		if (!(*s >= 'A' && *s <= 'Z'))
			return -1;
	return 0;
}

/* Is the type [s, e) one that holds other objects? */
static int
list_as400_dirtype(const char *s, const char *e)
{
	static const char *const dirs[] = { "*DIR", "*LIB", "*FLR", "*DDIR" };
	size_t i;

	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if ((size_t)(e - s) == strlen(dirs[i]) &&
		    memcmp(s, dirs[i], (size_t)(e - s)) == 0)
			return 1;
	return 0;
}

/* Parse an AS/400 line (see the top of the file). */
int
list_as400(char *line, size_t len, time_t now, struct ftp_entry *e)
{
	struct list_tok t[6];
	struct list_date d;
	size_t nt, k = 1, name;
	uint64_t v;
	int dated = 0;
	const char *s;

	nt = list_tokens(line, 0, len, t, 6);
	if (nt < 3 || t[0].s != 0 ||
	    list_as400_owner(line, line + t[0].e) == -1)
		return -1;
	memset(&d, 0, sizeof d);
	if (list_num(line + t[k].s, line + t[k].e, INT64_MAX, &v) == 0) {
		e->size = v;
		e->has_size = true;
		k++;
	}
	s = line + t[k].s;
	if (k + 1 < nt && list_digit((unsigned char)*s) &&
	    (memchr(s, '/', t[k].e - t[k].s) != NULL ||
	    memchr(s, '.', t[k].e - t[k].s) != NULL)) {
		if (list_numdate(s, line + t[k].e, &d, 1) == -1)
			return -1;
		dated = 1;
		k++;
		if (k + 1 < nt && list_time(line + t[k].s, line + t[k].e,
		    &d) == 0)
			k++;
	}
	if (k + 1 >= nt ||
	    list_as400_type(line + t[k].s, line + t[k].e) == -1)
		return -1;
	/* The name is everything after the blanks that follow the type. */
	name = t[k + 1].s;
	e->name = line + name;
	e->namelen = len - name;
	e->type = list_as400_dirtype(line + t[k].s, line + t[k].e) ?
	    FTP_ENT_DIR : FTP_ENT_FILE;
	if (e->namelen > 1 && e->name[e->namelen - 1] == '/') {
		e->type = FTP_ENT_DIR;
		e->namelen--;
	}
	if (e->namelen == 0 || list_dot(e->name, e->namelen))
		return e->namelen == 0 ? -1 : 0;
	if (dated)
		list_set_mtime(&d, now, e);
	line[name + e->namelen] = '\0';
	return 1;
}
