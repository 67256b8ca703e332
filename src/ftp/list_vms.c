/*
 * list_vms.c: OpenVMS lines, as MultiNet, TCPware, UCX/TCP/IP Services
 * and CMU write them:
 *
 *   CII-MANUAL.TEX;1  213/216  29-JAN-1996 03:33:12  [ANONYMOU,ANONYMOUS]  (RWED,RWED,,)
 *   36-vms-dir.DIR;1  1 19-NOV-2001 21:41 [root,root] (RWE,RWE,RE,RE)
 *   38-vms-notime-file;1    2/8    7-JAN-2000    [IV2_XXX]   (RWED,RWED,RE,)
 *
 * The first column is NAME;VERSION; after it, in any order, come a size
 * in blocks ("213", "213/216" used/allocated, "2KB"), a date D-MON-YYYY
 * (or YY) with an optional time after it, an owner "[GROUP,OWNER]" (or a
 * bare word) and a protection "(S,O,G,W)". The date is required: it is
 * what tells a VMS line from anything else.
 *
 * Names: a file keeps its whole name with the version ("A.TXT;1"): RETR
 * with it fetches exactly that version on every VMS server. A directory,
 * "NAME.DIR;1", is listed as "NAME" (the bytes before ".DIR;"), which is
 * what CWD takes.
 *
 * Size: VMS gives blocks of 512 bytes, and the bytes a download produces
 * differ from blocks * 512 (the last block is partly used, and record
 * files are converted on the way). The entry has no size then: a listing
 * never claims a byte count the transfer would not produce.
 *
 * A long name sits alone on its line and the rest follows on the next:
 * list.c holds such a line (list_vms_lone) and joins it to the next one.
 * "Directory DISK$USER:[NAME]" and "Total of N files, ..." lines are
 * skipped.
 */
#include "config.h"

#include <string.h>

#include "ftp/list.h"
#include "ftp/list_priv.h"

/* The end of "NAME;VER" in [s, e): the offset of ';', or 0 if not one. */
static size_t
list_vms_name(const char *s, const char *e)
{
	const char *semi = NULL, *p;
	uint64_t v;

	for (p = s; p < e; p++)
		if (*p == ';')
			semi = p;
	if (semi == NULL || semi == s || e - semi - 1 > 5 ||
	    list_num(semi + 1, e, 32767, &v) == -1)
		return 0;
	/* Only one ';': "a;b;1" is no VMS name. */
	if (memchr(s, ';', (size_t)(semi - s)) != NULL)
		return 0;
	return (size_t)(semi - s);
}

/* Is the line a name alone ("LONG_NAME.TXT;1"), the first half of an entry? */
int
list_vms_lone(const char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (len < 3 || memchr(line, ' ', len) != NULL ||
	    memchr(line, '\t', len) != NULL || memchr(line, '\0', len) != NULL)
		return 0;
	return list_vms_name(line, line + len) != 0;
}

/* A size column: "213", "213/216" or "2KB" (blocks or a unit). */
static int
list_vms_size(const char *s, const char *e)
{
	const char *slash = memchr(s, '/', (size_t)(e - s));
	uint64_t v;

	if (slash != NULL)
		return list_num(s, slash, INT64_MAX, &v) == 0 &&
		    list_num(slash + 1, e, INT64_MAX, &v) == 0 ? 0 : -1;
	if (e - s > 2 && list_in(e[-1], "Bb") && list_in(e[-2], "KMGkmg"))
		e -= 2;
	return list_num(s, e, INT64_MAX, &v);
}

/* "[GROUP,OWNER]", "[OWNER]" or "(RWED,RWED,RE,)": a bracketed column. */
static int
list_vms_bracket(const char *s, const char *e, char open, char close)
{
	return e - s >= 2 && s[0] == open && e[-1] == close &&
	    memchr(s + 1, open, (size_t)(e - s - 2)) == NULL ? 0 : -1;
}

/* A bare owner ("PRONAS"): letters, digits, '_' and '$' only. */
static int
list_vms_word(const char *s, const char *e)
{
	if (s == e || list_digit((unsigned char)*s))
		return -1;
	for (; s < e; s++)
		if (!(list_digit((unsigned char)*s) || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z') || *s == '_' || *s == '$'))
			return -1;
	return 0;
}

/* Is the line a header or trailer of a VMS listing? */
static int
list_vms_skip(const char *line, size_t len)
{
	const char *end = line + len, *p;

	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* "Directory DISK$USER:[ANONYMOUS.PUB]" */
	if (len > 12 && memcmp(line, "Directory ", 10) == 0 && end[-1] == ']') {
		p = line + 10;
		while (p < end && *p == ' ')
			p++;
		if (p < end && memchr(p, ' ', (size_t)(end - p)) == NULL &&
		    memchr(p, '[', (size_t)(end - p)) != NULL)
			return 1;
	}
	/* "Total of 3 files, 12/48 blocks." and "Grand total of ..." */
	for (p = line; p < end && *p == ' '; p++)
		;
	if ((end - p > 9 && memcmp(p, "Total of ", 9) == 0 &&
	    list_digit((unsigned char)p[9])) ||
	    (end - p > 15 && memcmp(p, "Grand total of ", 15) == 0 &&
	    list_digit((unsigned char)p[15])))
		return 1;
	return 0;
}

/* Parse a VMS line (see the top of the file). */
int
list_vms(char *line, size_t len, time_t now, struct ftp_entry *e)
{
	struct list_tok t[LIST_MAXTOK];
	struct list_date d;
	size_t nt, k, semi;
	int have_date = 0, have_size = 0, have_owner = 0, have_prot = 0;
	const char *s, *te;

	if (list_vms_skip(line, len))
		return 0;
	nt = list_tokens(line, 0, len, t, LIST_MAXTOK);
	if (nt < 2 || nt >= LIST_MAXTOK || t[0].s != 0 ||
	    (semi = list_vms_name(line, line + t[0].e)) == 0)
		return -1;
	memset(&d, 0, sizeof d);
	for (k = 1; k < nt; k++) {
		s = line + t[k].s;
		te = line + t[k].e;
		if (!have_date && list_digit((unsigned char)*s) &&
		    memchr(s, '-', (size_t)(te - s)) != NULL) {
			if (list_numdate(s, te, &d, 1) == -1 || d.year == 0)
				return -1;
			/* Only D-MON-Y: "1-2-2000" is no VMS date. */
			if (list_digit((unsigned char)
			    ((const char *)memchr(s, '-', (size_t)(te - s)))[1]))
				return -1;
			have_date = 1;
			if (k + 1 < nt && list_time(line + t[k + 1].s,
			    line + t[k + 1].e, &d) == 0)
				k++;
		} else if (!have_size && list_digit((unsigned char)*s)) {
			if (list_vms_size(s, te) == -1)
				return -1;
			have_size = 1;
		} else if (!have_owner && *s == '[') {
			if (list_vms_bracket(s, te, '[', ']') == -1)
				return -1;
			have_owner = 1;
		} else if (!have_prot && *s == '(') {
			if (list_vms_bracket(s, te, '(', ')') == -1)
				return -1;
			have_prot = 1;
		} else if (!have_owner && list_vms_word(s, te) == 0)
			have_owner = 1;
		else
			return -1;
	}
	if (!have_date)
		return -1;
	e->name = line;
	e->namelen = semi;
	e->type = FTP_ENT_FILE;
	if (semi > 4 && strncasecmp(line + semi - 4, ".DIR", 4) == 0) {
		e->type = FTP_ENT_DIR;
		e->namelen = semi - 4;
	} else
		e->namelen = t[0].e;
	if (list_dot(e->name, e->namelen))
		return 0;
	list_set_mtime(&d, now, e);
	line[e->namelen] = '\0';
	return 1;
}
