/*
 * list_unix.c: Unix "ls -l" lines in their variants (the date is found by
 * its shape, so any number of owner/group/link-count columns works, and
 * the name starts one byte after the date, byte-exact), and NetWare's.
 */
#include "config.h"

#include <string.h>

#include "ftp/list.h"
#include "ftp/list_priv.h"

/* Permission bits of "rwxr-xr-x" (s, S, t, T, l and L understood). */
static unsigned
list_mode(const char *p)
{
	unsigned mode = 0;
	int i;

	for (i = 0; i < 3; i++) {
		const char *c = p + i * 3;
		unsigned shift = (unsigned)(2 - i) * 3;

		if (c[0] == 'r')
			mode |= 4u << shift;
		if (c[1] == 'w')
			mode |= 2u << shift;
		switch (c[2]) {
		case 'x':
			mode |= 1u << shift;
			break;
		case 's':
		case 't':
			mode |= 1u << shift;
			/* FALLTHROUGH */
		case 'S':
		case 'T':
		case 'l':
		case 'L':
			mode |= 04000u >> i;
			break;
		}
	}
	return mode;
}

/* Is [s, len) "." or ".."? */
int
list_dot(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.');
}

/*
 * The entry's name runs from name to the end of the line, its time is d:
 * -1 if there is no name, 0 for "." and "..", 1 with the entry complete
 * (the line cut at len).
 */
int
list_name_to_end(char *line, size_t len, size_t name,
    const struct list_date *d, time_t now, struct ftp_entry *e)
{
	if (name >= len)
		return -1;
	e->name = line + name;
	e->namelen = len - name;
	if (list_dot(e->name, e->namelen))
		return 0;
	list_set_mtime(d, now, e);
	line[len] = '\0';
	return 1;
}

/* Find "needle" (of 4 bytes) in [s, s + n). */
static const char *
list_arrow(const char *s, size_t n)
{
	const char *p, *end = s + n;

	for (p = s; end - p >= 4 && (p = memchr(p, ' ', (size_t)(end - p - 3)))
	    != NULL; p++)
		if (memcmp(p, " -> ", 4) == 0)
			return p;
	return NULL;
}

/*
 * The size column before the date at column k: digits, or for devices
 * "major, minor" / "major,minor" (no size then). Returns 0 or -1.
 */
static int
list_unix_size(const char *line, const struct list_tok *t, size_t k,
    int device, struct ftp_entry *e)
{
	const char *s = line + t[k - 1].s, *end = line + t[k - 1].e;
	uint64_t v;

	if (list_num(s, end, INT64_MAX, &v) == 0) {
		if (device && k >= 2 && line[t[k - 2].e - 1] == ',')
			return 0;	/* "1, 3" */
		e->size = v;
		e->has_size = true;
		return 0;
	}
	if (device && memchr(s, ',', (size_t)(end - s)) != NULL)
		return 0;	/* "1,3" */
	return -1;
}

/* Parse a Unix "ls -l" line. */
int
list_unix(char *line, size_t len, time_t now, struct ftp_entry *e)
{
	struct list_tok t[LIST_MAXTOK];
	struct list_date d;
	size_t nt, k, i, name;
	const char *arrow;
	int device;

	if (len < 11 || !list_in(line[0], "-dlcbpsD"))
		return -1;
	for (i = 1; i < 10; i++)
		if (!list_perm_char(line[i]))
			return -1;
	if (list_in(line[10], "+.@"))
		i++;
	if (i >= len || line[i] != ' ')
		return -1;
	device = line[0] == 'c' || line[0] == 'b';
	/*
	 * Eight columns hold links, owner, group, size, a date and the name's
	 * start in the usual form: split the rest (a name with blanks) only
	 * when a date further on needs its columns.
	 */
	nt = list_tokens(line, i, len, t, 8);
	for (k = 1; k < nt; k++) {
		if (nt == 8 && k + 4 > nt)
			nt = list_tokens(line, i, len, t, LIST_MAXTOK);
		e->has_size = false;
		e->size = 0;
		if (list_unix_size(line, t, k, device, e) == 0 &&
		    list_date_at(line, t, nt, k, &d) == 0)
			break;
	}
	if (k >= nt)
		return -1;
	/* The name starts one byte after the date: spaces in it are its own. */
	name = t[k + d.ntok - 1].e + 1;
	if (name >= len)
		return -1;

	e->name = line + name;
	e->namelen = len - name;
	switch (line[0]) {
	case '-':
		e->type = FTP_ENT_FILE;
		break;
	case 'd':
		e->type = FTP_ENT_DIR;
		break;
	case 'l':
		e->type = FTP_ENT_LINK;
		/* The first " -> " after at least one byte of name. */
		arrow = list_arrow(e->name + 1, e->namelen - 1);
		if (arrow != NULL) {
			e->namelen = (size_t)(arrow - e->name);
			e->target = arrow + 4;
		}
		break;
	default:
		e->type = FTP_ENT_OTHER;
		break;
	}
	if (list_dot(e->name, e->namelen))
		return 0;
	e->mode = list_mode(line + 1);
	e->has_mode = true;
	/* links, owner, group before the size; or two of them, or one */
	if (k >= 2) {
		size_t before = k - 1, o = before >= 3 ? 1 :
		    line[t[0].s] >= '0' && line[t[0].s] <= '9' ? 1 : 0;

		if (o < before && t[o].e - t[o].s <= 32 &&
		    name - t[o].s <= UINT16_MAX) {
			e->owneroff = (uint16_t)(name - t[o].s);
			e->ownerlen = (uint8_t)(t[o].e - t[o].s);
		}
	}
	list_set_mtime(&d, now, e);
	line[len] = '\0';
	if (e->target != NULL)
		line[e->namelen + name] = '\0';
	return 1;
}

/* Parse a NetWare line: "d [R----F--] owner size Mon DD HH:MM   name". */
int
list_netware(char *line, size_t len, time_t now, struct ftp_entry *e)
{
	struct list_tok t[LIST_MAXTOK];
	struct list_date d;
	size_t nt, k, i, name;
	uint64_t v = 0;

	if (len < 5 || (line[0] != 'd' && line[0] != '-') || line[1] != ' ' ||
	    line[2] != '[')
		return -1;
	for (i = 3; i < len && line[i] != ']'; i++)
		if (!list_in(line[i], "RWCEAFMS-"))
			return -1;
	if (i >= len)
		return -1;
	nt = list_tokens(line, i + 1, len, t, LIST_MAXTOK);
	for (k = 1; k + 2 < nt; k++) {
		if (list_date_at(line, t, nt, k, &d) == 0 && list_num(line +
		    t[k - 1].s, line + t[k - 1].e, INT64_MAX, &v) == 0)
			break;
	}
	if (k + 2 >= nt)
		return -1;
	/* NetWare pads before the name: skip all of it. */
	name = t[k + d.ntok - 1].e;
	while (name < len && line[name] == ' ')
		name++;
	e->type = line[0] == 'd' ? FTP_ENT_DIR : FTP_ENT_FILE;
	e->size = v;
	e->has_size = true;
	return list_name_to_end(line, len, name, &d, now, e);
}
