/*
 * list_dos.c: DOS and IIS lines ("01-31-24  09:15PM  <DIR>  name").
 */
#include "config.h"

#include <string.h>

#include "ftp/list.h"
#include "ftp/list_priv.h"

/* Parse a DOS/IIS line: "04-27-00  09:09PM       <DIR>          name". */
int
list_dos(char *line, size_t len, time_t now, struct ftp_entry *e)
{
	struct list_tok t[5];
	struct list_date d;
	size_t nt, j, name, run;
	const char *s, *te;
	uint64_t v;

	if (len < 10 || !list_digit((unsigned char)line[0]))
		return -1;
	nt = list_tokens(line, 0, len, t, 5);
	memset(&d, 0, sizeof d);
	if (nt < 4 || list_numdate(line + t[0].s, line + t[0].e, &d, 1) == -1)
		return -1;
	/* The time, "HH:MM", "HH:MMPM" or "HH:MM PM". */
	s = line + t[1].s;
	te = line + t[1].e;
	j = 2;
	if (te - s > 2 && (strncasecmp(te - 2, "AM", 2) == 0 ||
	    strncasecmp(te - 2, "PM", 2) == 0))
		te -= 2;
	else if (t[2].e - t[2].s == 2 &&
	    (strncasecmp(line + t[2].s, "AM", 2) == 0 ||
	    strncasecmp(line + t[2].s, "PM", 2) == 0)) {
		j = 3;
		if (nt < 5)
			return -1;
	}
	if (list_time(s, te, &d) == -1)
		return -1;
	if (te != line + t[1].e || j == 3) {
		const char *ap = j == 3 ? line + t[2].s : te;

		if (d.hour < 1 || d.hour > 12)
			return -1;
		if (d.hour == 12)
			d.hour = 0;
		if (ap[0] == 'P' || ap[0] == 'p')
			d.hour += 12;
	}
	s = line + t[j].s;
	te = line + t[j].e;
	if (te - s == 5 && memcmp(s, "<DIR>", 5) == 0) {
		e->type = FTP_ENT_DIR;
		/* IIS pads "<DIR>" with 10 spaces; more belong to the name. */
		for (run = 0; t[j].e + run < len && line[t[j].e + run] == ' ';
		    run++)
			/* count */;
		name = t[j].e + (run > 10 ? 10 : run);
	} else {
		if (list_num_commas(s, te, &v) == -1)
			return -1;
		e->type = FTP_ENT_FILE;
		e->size = v;
		e->has_size = true;
		name = t[j].e + 1;
	}
	return list_name_to_end(line, len, name, &d, now, e);
}
