/*
 * list_mvs.c: z/OS (MVS) listings, as the z/OS Communications Server FTP
 * server writes them: data sets of a high-level qualifier and the members
 * of a partitioned data set (PDS).
 *
 * Data sets, under the header
 *   Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname
 *   WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  USER.FILE
 *   WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  USER.PDS
 *   NRP004 3390   **NONE**    1   15  NONE     0     0  PO  USER.NEVER.READ
 *   TSO004 3390   VSAM USER.CLUSTER
 *   V43525 Tape                                  USER.ON.TAPE
 *   Migrated                                     USER.OLD.FILE
 * A PO (or PO-E) data set is a library of members: a directory, which CWD
 * enters. The date is the last reference ("Referred"), the only date the
 * listing has; tracks are no byte count, so there is no size. A migrated
 * or tape data set is a file with nothing else known.
 *
 * Members, under the header
 *    Name     VV.MM   Created       Changed      Size  Init   Mod   Id
 *   MEMBER1   01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12
 * Size is a count of records (lines), not bytes: no size; the date is
 * "Changed". Load modules list a size in hex bytes:
 *    Name      Size   TTR   Alias-of AC --------- Attributes ---------
 *   LOADMOD1  00B308 000411  00 FO             31    ANY
 * A member without statistics is its name alone, which no parser can
 * tell from other text: it stays a raw entry, and the raw entry's text
 * is the name.
 */
#include "config.h"

#include <string.h>

#include "ftp/list.h"
#include "ftp/list_priv.h"

/* Do [s, e) and the NUL-terminated word w hold the same bytes? */
static int
list_is(const char *s, const char *e, const char *w)
{
	return (size_t)(e - s) == strlen(w) && memcmp(s, w, (size_t)(e - s)) == 0;
}

/* A volume serial: 1 to 6 of A-Z, 0-9, @, #, $. */
static int
list_mvs_volume(const char *s, const char *e)
{
	if (e - s < 1 || e - s > 6)
		return -1;
	for (; s < e; s++)
		if (!list_digit((unsigned char)*s) && !(*s >= 'A' && *s <= 'Z') &&
		    !list_in(*s, "@#$"))
			return -1;
	return 0;
}

/* A column of the middle of a data set line: a number, ????, ++++ or a word. */
static int
list_mvs_field(const char *s, const char *e)
{
	for (; s < e; s++)
		if (!list_digit((unsigned char)*s) && !(*s >= 'A' && *s <= 'Z') &&
		    !list_in(*s, "?+"))
			return -1;
	return 0;
}

/* A YYYY/MM/DD date in [s, e) into d. */
static int
list_mvs_date(const char *s, const char *e, struct list_date *d)
{
	memset(d, 0, sizeof *d);
	if (e - s != 10 || s[4] != '/' || s[7] != '/')
		return -1;
	return list_numdate(s, e, d, 1);
}

/* A data set line; see the top of the file. */
static int
list_mvs_dataset(char *line, size_t len, time_t now, struct ftp_entry *e)
{
	struct list_tok t[LIST_MAXTOK];
	struct list_date d;
	size_t nt, k, last;
	const char *dsorg = NULL, *dsorge = NULL;
	int dated = 0;

	nt = list_tokens(line, 0, len, t, LIST_MAXTOK);
	if (nt < 2 || nt >= LIST_MAXTOK)
		return -1;
	last = nt - 1;
	if (nt == 2) {
		/* "Migrated   NAME" */
		if (!list_is(line + t[0].s, line + t[0].e, "Migrated"))
			return -1;
	} else {
		if (list_mvs_volume(line + t[0].s, line + t[0].e) == -1)
			return -1;
		/* The unit: "3390", "3420", "Tape". */
		if (!list_is(line + t[1].s, line + t[1].e, "Tape") &&
		    (t[1].e - t[1].s != 4 ||
		    list_mvs_field(line + t[1].s, line + t[1].e) == -1 ||
		    !list_digit((unsigned char)line[t[1].s])))
			return -1;
		if (nt == 3) {
			/* "V43525 Tape   NAME" */
			if (line[t[1].s] != 'T')
				return -1;
		} else if (nt == 4) {
			/* "TSO004 3390   VSAM NAME" */
			if (!list_is(line + t[2].s, line + t[2].e, "VSAM"))
				return -1;
		} else {
			if (nt < 7)
				return -1;
			if (list_mvs_date(line + t[2].s, line + t[2].e, &d) == 0)
				dated = 1;
			else if (!list_is(line + t[2].s, line + t[2].e,
			    "**NONE**"))
				return -1;
			for (k = 3; k < last - 1; k++)
				if (list_mvs_field(line + t[k].s,
				    line + t[k].e) == -1)
					return -1;
			dsorg = line + t[last - 1].s;
			dsorge = line + t[last - 1].e;
			if (dsorge - dsorg > 4 ||
			    list_mvs_field(dsorg, dsorge) == -1) {
				if (!list_is(dsorg, dsorge, "PO-E"))
					return -1;
			}
		}
	}
	e->name = line + t[last].s;
	e->namelen = t[last].e - t[last].s;
	e->type = FTP_ENT_FILE;
	if (dsorg != NULL && (list_is(dsorg, dsorge, "PO") ||
	    list_is(dsorg, dsorge, "PO-E")))
		e->type = FTP_ENT_DIR;
	if (dated)
		list_set_mtime(&d, now, e);
	line[t[last].e] = '\0';
	return 1;
}

/* Is [s, e) a number of n hex digits? Its value into *v. */
static int
list_hex(const char *s, const char *e, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if ((size_t)(e - s) != n)
		return -1;
	for (; s < e; s++) {
		if (list_digit((unsigned char)*s))
			x = x * 16 + (uint64_t)(*s - '0');
		else if (*s >= 'A' && *s <= 'F')
			x = x * 16 + (uint64_t)(*s - 'A' + 10);
		else
			return -1;
	}
	*v = x;
	return 0;
}

/* A member line; see the top of the file. */
static int
list_mvs_member(char *line, size_t len, time_t now, struct ftp_entry *e)
{
	struct list_tok t[LIST_MAXTOK];
	struct list_date d, c;
	size_t nt, k;
	uint64_t v, ttr;
	const char *s;

	nt = list_tokens(line, 0, len, t, LIST_MAXTOK);
	if (nt < 3 || nt >= LIST_MAXTOK)
		return -1;
	e->name = line + t[0].s;
	e->namelen = t[0].e - t[0].s;
	e->type = FTP_ENT_FILE;
	s = line + t[1].s;
	/* "01.01 2004/06/22 2004/06/22 16:32 128 128 0 ID" */
	if (nt >= 8 && t[1].e - t[1].s == 5 && s[2] == '.' &&
	    list_num(s, s + 2, 99, &v) == 0 && list_num(s + 3, s + 5, 99, &v) == 0 &&
	    list_mvs_date(line + t[2].s, line + t[2].e, &c) == 0 &&
	    list_mvs_date(line + t[3].s, line + t[3].e, &d) == 0 &&
	    list_time(line + t[4].s, line + t[4].e, &d) == 0) {
		for (k = 5; k < 8; k++)
			if (list_num(line + t[k].s, line + t[k].e, INT64_MAX,
			    &v) == -1)
				return -1;
		if (nt > 9)
			return -1;
		list_set_mtime(&d, now, e);
		line[t[0].e] = '\0';
		return 1;
	}
	/* "00B308 000411 ..." (load module: size and TTR in hex) */
	if (list_hex(s, line + t[1].e, 6, &v) == 0 &&
	    list_hex(line + t[2].s, line + t[2].e, 6, &ttr) == 0 &&
	    nt >= 4) {
		for (k = 3; k < nt; k++)
			if (list_mvs_field(line + t[k].s, line + t[k].e) == -1)
				return -1;
		e->size = v;
		e->has_size = true;
		line[t[0].e] = '\0';
		return 1;
	}
	return -1;
}

/* Does [s, s + n) hold the word w? */
static int
list_has(const char *s, size_t n, const char *w)
{
	size_t i, wl = strlen(w);

	for (i = 0; i + wl <= n; i++)
		if (s[i] == w[0] && memcmp(s + i, w, wl) == 0)
			return 1;
	return 0;
}

/* Is the line one of the two headers? */
static int
list_mvs_header(const char *line, size_t len)
{
	static const char ds[] = "Volume Unit";
	static const char mem[] = "Name";
	size_t i;

	if (len > sizeof ds && memcmp(line, ds, sizeof ds - 1) == 0 &&
	    list_has(line, len, "Dsname"))
		return 1;
	for (i = 0; i < len && line[i] == ' '; i++)
		;
	return len - i > sizeof mem && memcmp(line + i, mem, sizeof mem - 1) == 0 &&
	    (list_has(line, len, "VV.MM") || list_has(line, len, "TTR"));
}

/* Parse a z/OS data set or member line. */
int
list_mvs(char *line, size_t len, time_t now, struct ftp_entry *e)
{
	int rc;

	if (list_mvs_header(line, len))
		return 0;
	if ((rc = list_mvs_dataset(line, len, now, e)) != -1)
		return rc;
	memset(e, 0, sizeof *e);
	return list_mvs_member(line, len, now, e);
}
