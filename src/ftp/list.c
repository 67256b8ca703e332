/*
 * list.c: the listing parser: the push side, and which line parser runs.
 *
 * The push side cuts the stream into lines with memchr. A line is copied
 * into a fixed buffer of LIM_LIST_LINE (+ room for a CR and a NUL), parsed
 * there in place, and only the name (and link target) of the entry is
 * copied into the arena: a chain of 64 KiB blocks that never move, so the
 * entries array can grow by realloc while the strings stay put. A line that
 * does not fit is cut at LIM_LIST_LINE and kept raw; the rest of it, up to
 * its LF, is dropped. Every chunking of the same stream gives the same
 * entries, because nothing is decided before a line's LF (or the end).
 *
 * The line parsers are tried in order: Unix "ls -l" (the date is found by
 * its shape, so any number of owner/group/link-count columns works, and the
 * name starts one byte after the date, which keeps leading, trailing and
 * repeated spaces byte-exact), NetWare, EPLF, DOS/IIS, then VMS, AS/400
 * and z/OS: a format added later only ever sees lines the earlier ones
 * left raw. Nothing is written into a line before a parser has succeeded,
 * so a failed attempt leaves the line intact for the next parser, and for
 * a raw entry.
 *
 * VMS puts a long name alone on its line and the rest of the entry on the
 * next. A LIST line that no parser takes and that is such a name
 * (list_vms_lone) is held; the next line is joined to it (name, a blank,
 * line) and parsed as VMS. If that fails, the held line becomes the raw
 * entry it would have been, and the next line is parsed on its own. The
 * decision is made at the second line's LF, so every chunking still gives
 * the same entries.
 *
 * The pieces: list_arena.c (the strings), list_date.c (columns, numbers
 * and dates), list_unix.c (ls -l and NetWare), list_eplf.c, list_dos.c
 * (DOS/IIS), list_vms.c, list_as400.c, list_mvs.c (z/OS data sets and
 * members), list_mlsd.c (MLSD facts); NLST is a name per line, here.
 *
 * Dates are in the server's local time, which the listing does not name;
 * they are read as UTC. A Unix date with a time but no year is in the last
 * year: in now's year unless that puts it more than a day in the future.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/xmalloc.h"
#include "ftp/list.h"
#include "ftp/list_priv.h"

struct ftp_list_parser {
	enum ftp_list_mode	 mode;
	time_t			 now;
	struct ftp_listing	 out;		/* entries so far */
	size_t			 total;		/* bytes fed */
	size_t			 linelen;
	int			 skipping;	/* dropping an over-long line */
	const char		*error;
	char			 line[LIM_LIST_LINE + 2];
	size_t			 heldlen;	/* a VMS name alone, or 0 */
	ftp_list_conv_fn	 conv;		/* the server's charset */
	void			*conv_arg;
	char			*cbuf;		/* a line converted */
	char			 held[LIM_LIST_LINE + 2];
};

/* Is the line "total N" (the first line of ls -l)? */
static int
list_total(const char *line, size_t len)
{
	uint64_t v;

	return len > 6 && memcmp(line, "total ", 6) == 0 &&
	    list_num(line + 6, line + len, INT64_MAX, &v) == 0;
}

/* Parse one line; see list.h. line[len] must be writable. */
int
ftp_list_parse_line(char *line, size_t len, enum ftp_list_mode mode,
    time_t now, struct ftp_entry *e)
{
	size_t i;
	int rc;

	memset(e, 0, sizeof *e);
	if (memchr(line, '\0', len) != NULL)
		return -1;
	if (mode == FTP_LIST_NLST) {
		if (len == 0)
			return 0;
		if (list_dot(line, len))
			return 0;
		e->name = line;
		e->namelen = len;
		e->type = FTP_ENT_FILE;
		line[len] = '\0';
		return 1;
	}
	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		/* blank? */;
	if (i == len)
		return 0;
	if (mode == FTP_LIST_MLSD) {
		rc = list_mlsd(line, len, e);
		if (rc == -1)
			memset(e, 0, sizeof *e);
		return rc;
	}
	if (list_total(line, len))
		return 0;
	if ((rc = list_unix(line, len, now, e)) != -1)
		return rc;
	memset(e, 0, sizeof *e);
	if ((rc = list_netware(line, len, now, e)) != -1)
		return rc;
	memset(e, 0, sizeof *e);
	if ((rc = list_eplf(line, len, e)) != -1)
		return rc;
	memset(e, 0, sizeof *e);
	if ((rc = list_dos(line, len, now, e)) != -1)
		return rc;
	memset(e, 0, sizeof *e);
	if ((rc = list_vms(line, len, now, e)) != -1)
		return rc;
	memset(e, 0, sizeof *e);
	if ((rc = list_as400(line, len, now, e)) != -1)
		return rc;
	memset(e, 0, sizeof *e);
	if ((rc = list_mvs(line, len, now, e)) != -1)
		return rc;
	memset(e, 0, sizeof *e);
	return -1;
}

/* Make a parser for one listing of the given mode. */
struct ftp_list_parser *
ftp_list_new(enum ftp_list_mode mode, time_t now)
{
	struct ftp_list_parser *p = xcalloc(1, sizeof *p);

	p->mode = mode;
	p->now = now;
	p->out.arena = list_arena_new();
	return p;
}

/* Append an entry, copying its strings into the arena. */
static int
list_add(struct ftp_list_parser *p, const struct ftp_entry *e)
{
	struct ftp_listing *l = &p->out;
	struct ftp_entry *ne;

	if (l->n >= LIM_LIST_ENTRIES) {
		p->error = N_("too many entries in listing");
		return -1;
	}
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 256 : l->cap * 2;
		l->entries = xreallocarray(l->entries, l->cap, sizeof *ne);
	}
	ne = &l->entries[l->n++];
	*ne = *e;
	if (e->ownerlen > 0 && e->owneroff > 0) {
		/* the name, its NUL, the owner, its NUL: one piece */
		char *buf = list_arena_alloc(l->arena, e->namelen + 1 +
		    e->ownerlen + 1);

		memcpy(buf, e->name, e->namelen);
		buf[e->namelen] = '\0';
		memcpy(buf + e->namelen + 1, e->name - e->owneroff,
		    e->ownerlen);
		buf[e->namelen + 1 + e->ownerlen] = '\0';
		ne->name = buf;
		ne->owneroff = 0;
	} else {
		ne->name = list_arena_copy(l->arena, e->name, e->namelen);
		ne->ownerlen = 0;
	}
	if (e->target != NULL)
		ne->target = list_arena_copy(l->arena, e->target,
		    strlen(e->target));
	return 0;
}

/* Add the n bytes at s as a raw entry. */
static int
list_add_raw(struct ftp_list_parser *p, const char *s, size_t n)
{
	struct ftp_entry e;

	memset(&e, 0, sizeof e);
	e.type = FTP_ENT_RAW;
	e.name = s;
	e.namelen = n;
	return list_add(p, &e);
}

/*
 * A VMS name is held and the line of len bytes in p->line follows: parse
 * the two joined as one VMS entry. Returns 1 (added), 0 (skipped), -1
 * (no VMS entry: the held line is added raw) or -2 (out of room).
 */
static int
list_join(struct ftp_list_parser *p, size_t len)
{
	struct ftp_entry e;
	size_t n = p->heldlen;
	int rc = -1;

	p->heldlen = 0;
	if (n + 1 + len <= LIM_LIST_LINE &&
	    memchr(p->line, '\0', len) == NULL) {
		p->held[n] = ' ';
		memcpy(p->held + n + 1, p->line, len);
		memset(&e, 0, sizeof e);
		rc = list_vms(p->held, n + 1 + len, p->now, &e);
		if (rc == 1)
			return list_add(p, &e) == -1 ? -2 : 1;
		if (rc == 0)
			return 0;
	}
	return list_add_raw(p, p->held, n) == -1 ? -2 : -1;
}

/*
 * Parse the line held in p->line; unparsed lines become raw entries, and
 * so does a line too long (cut to LIM_LIST_LINE) or cut is set.
 */
/* The line converted to UTF-8 in place, when it fits: its length. */
static size_t
list_convert(struct ftp_list_parser *p, size_t len)
{
	size_t n;

	if (p->cbuf == NULL)
		p->cbuf = xmalloc(LIM_LIST_LINE + 1);
	n = p->conv(p->conv_arg, p->line, len, p->cbuf, LIM_LIST_LINE + 1);
	if (n == (size_t)-1 || n > LIM_LIST_LINE)
		return len;
	memcpy(p->line, p->cbuf, n);
	return n;
}

static int
list_line(struct ftp_list_parser *p, int cut)
{
	struct ftp_entry e;
	size_t len = p->linelen;
	int rc;

	p->linelen = 0;
	if (!cut && len > 0 && p->line[len - 1] == '\r')
		len--;
	if (len > LIM_LIST_LINE)
		cut = 1;
	if (cut)
		len = LIM_LIST_LINE;
	if (!cut && p->conv != NULL)
		len = list_convert(p, len);
	if (p->heldlen > 0) {
		/* A cut line is never the second half of a VMS entry. */
		rc = list_join(p, cut ? LIM_LIST_LINE + 1 : len);
		if (rc == -2)
			return -1;
		if (rc >= 0)
			return 0;
	}
	if (!cut) {
		rc = ftp_list_parse_line(p->line, len, p->mode, p->now, &e);
		if (rc == 0)
			return 0;
		if (rc == 1)
			return list_add(p, &e);
		if (p->mode == FTP_LIST_LIST && list_vms_lone(p->line, len)) {
			memcpy(p->held, p->line, len);
			p->heldlen = len;
			return 0;
		}
	}
	return list_add_raw(p, p->line, len);
}

/* Feed n bytes of the listing. Returns 0 or -1 (see ftp_list_error). */
int
ftp_list_feed(struct ftp_list_parser *p, const void *data, size_t n)
{
	const char *s = data, *end = s + n, *nl, *stop;
	size_t take, room;

	if (p->error != NULL)
		return -1;
	if (n > LIM_LIST_BYTES - p->total) {
		p->error = N_("listing too large");
		return -1;
	}
	p->total += n;
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		stop = nl != NULL ? nl : end;
		take = (size_t)(stop - s);
		if (!p->skipping) {
			/* Room for LIM_LIST_LINE bytes and a CR. */
			room = LIM_LIST_LINE + 1 - p->linelen;
			if (take > room) {
				memcpy(p->line + p->linelen, s, room);
				p->linelen = LIM_LIST_LINE + 1;
				if (list_line(p, 1) == -1)
					return -1;
				p->skipping = 1;
			} else {
				memcpy(p->line + p->linelen, s, take);
				p->linelen += take;
			}
		}
		if (nl == NULL)
			break;
		s = nl + 1;
		if (p->skipping) {
			p->skipping = 0;
			continue;
		}
		if (list_line(p, 0) == -1)
			return -1;
	}
	return 0;
}

/* End of data: parse a last line without LF and hand the entries over. */
int
ftp_list_finish(struct ftp_list_parser *p, struct ftp_listing *out)
{
	memset(out, 0, sizeof *out);
	if (p->error != NULL)
		return -1;
	if (!p->skipping && p->linelen > 0 && list_line(p, 0) == -1)
		return -1;
	p->skipping = 0;
	/* A VMS name alone on the last line: nothing followed it. */
	if (p->heldlen > 0) {
		if (list_add_raw(p, p->held, p->heldlen) == -1)
			return -1;
		p->heldlen = 0;
	}
	/* Give back the unused part of the entries array. */
	if (p->out.cap > p->out.n && p->out.n > 0) {
		p->out.entries = xreallocarray(p->out.entries, p->out.n,
		    sizeof *p->out.entries);
		p->out.cap = p->out.n;
	}
	*out = p->out;
	memset(&p->out, 0, sizeof p->out);
	p->out.arena = list_arena_new();
	return 0;
}

/* The entries so far: finish hands out the same ones, in this order. */
const struct ftp_listing *
ftp_list_parsed(const struct ftp_list_parser *p)
{
	return &p->out;
}

/*
 * Forget the entries parsed so far (the caller has shown them): the
 * listing finish hands out starts after them, and their memory is reused,
 * so printing a huge directory never holds it whole.
 */
void
ftp_list_drop(struct ftp_list_parser *p)
{
	p->out.n = 0;
	list_arena_reset(p->out.arena);
}

/* Why the parser failed (stable English), or NULL. */
const char *
ftp_list_error(const struct ftp_list_parser *p)
{
	return p->error;
}

/* Free a parser and whatever it still holds. */
void
ftp_list_free(struct ftp_list_parser *p)
{
	if (p == NULL)
		return;
	ftp_listing_free(&p->out);
	free(p->cbuf);
	free(p);
}

/* Free a listing's entries and strings. */
void
ftp_listing_free(struct ftp_listing *l)
{
	free(l->entries);
	list_arena_free(l->arena);
	memset(l, 0, sizeof *l);
}

/* A raw line that is ls's (or the server's) complaint, not an entry. */
bool
ftp_entry_is_error(const struct ftp_entry *e)
{
	static const char *ends[] = {
		": No such file or directory", ": Permission denied",
		": Not a directory", ": not found"
	};
	size_t i, n;

	if (e->type != FTP_ENT_RAW)
		return false;
	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		n = strlen(ends[i]);
		if (e->namelen >= n && memcmp(e->name + e->namelen - n,
		    ends[i], n) == 0)
			return true;
	}
	return false;
}

/* Convert each line with conv(arg, ...) before parsing it. */
void
ftp_list_set_conv(struct ftp_list_parser *p, ftp_list_conv_fn conv, void *arg)
{
	p->conv = conv;
	p->conv_arg = arg;
}
