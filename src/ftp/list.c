/*
 * list.c: the listing parser.
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
 * repeated spaces byte-exact), NetWare, EPLF, then DOS/IIS. Nothing is
 * written into a line before a parser has succeeded, so a failed attempt
 * leaves the line intact for the next parser, and for a raw entry.
 *
 * Dates are in the server's local time, which the listing does not name;
 * they are read as UTC. A Unix date with a time but no year is in the last
 * year: in now's year unless that puts it more than a day in the future.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/xmalloc.h"
#include "ftp/list.h"
#include "ftp/parse.h"

/* Arena blocks: big enough for any line, small next to a listing. */
#define LIST_BLOCK		(64 * 1024)
/* Columns looked at before and within a date. */
#define LIST_MAXTOK		16

struct ftp_arena_block {
	struct ftp_arena_block	*next;
	size_t			 used;
	size_t			 size;
	char			 data[];
};

struct ftp_arena {
	struct ftp_arena_block	*head;
	size_t			 bytes;		/* allocated, headers included */
};

struct ftp_list_parser {
	enum ftp_list_mode	 mode;
	time_t			 now;
	struct ftp_listing	 out;		/* entries so far */
	size_t			 total;		/* bytes fed */
	size_t			 linelen;
	int			 skipping;	/* dropping an over-long line */
	const char		*error;
	char			 line[LIM_LIST_LINE + 2];
};

/* A column of a line: bytes [s, e). */
struct list_tok {
	size_t	s;
	size_t	e;
};

/* A date read from columns. */
struct list_date {
	int64_t	 year;		/* 0: not given */
	unsigned mon, day, hour, min, sec;
	int	 has_time;
	long	 tzoff;		/* seconds east of UTC */
	size_t	 ntok;		/* columns it took */
};

/*
 * Month names in lower case (bytes above 0x7f compare exactly): English,
 * abbreviated and full, and the German and French abbreviations seen in
 * localized listings. Lengths are kept so a column of another length or
 * first letter costs one comparison per name.
 */
#define M(s, m)	{ s, sizeof s - 1, m }
static const struct {
	const char	*name;
	size_t		 len;
	unsigned	 mon;
} list_months[] = {
	M("jan", 1), M("feb", 2), M("mar", 3), M("apr", 4), M("may", 5),
	M("jun", 6), M("jul", 7), M("aug", 8), M("sep", 9), M("oct", 10),
	M("nov", 11), M("dec", 12),
	M("m\xc3\xa4r", 3), M("m\xe4r", 3), M("mrz", 3), M("mai", 5),
	M("juni", 6), M("juli", 7), M("okt", 10), M("dez", 12),
	M("janv", 1), M("f\xc3\xa9vr", 2), M("mars", 3), M("avr", 4),
	M("juin", 6), M("juil", 7), M("ao\xc3\xbbt", 8), M("sept", 9),
	M("d\xc3\xa9\x63", 12),
	M("january", 1), M("february", 2), M("march", 3), M("april", 4),
	M("june", 6), M("july", 7), M("august", 8), M("september", 9),
	M("october", 10), M("november", 11), M("december", 12)
};
#undef M

/* Get memory for n bytes from the arena. */
static char *
list_arena_alloc(struct ftp_arena *a, size_t n)
{
	struct ftp_arena_block *b = a->head;
	size_t size;
	char *p;

	if (b == NULL || b->size - b->used < n) {
		size = n > LIST_BLOCK ? n : LIST_BLOCK;
		b = xmalloc(sizeof *b + size);
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
		a->bytes += sizeof *b + size;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

/* A NUL-terminated copy of n bytes in the arena. */
static char *
list_arena_copy(struct ftp_arena *a, const char *s, size_t n)
{
	char *p = list_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Free an arena and every block in it. */
static void
list_arena_free(struct ftp_arena *a)
{
	struct ftp_arena_block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* Empty an arena for reuse: the newest block stays, the others go. */
static void
list_arena_reset(struct ftp_arena *a)
{
	struct ftp_arena_block *b, *next;

	if (a->head == NULL)
		return;
	for (b = a->head->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head->next = NULL;
	a->head->used = 0;
	a->bytes = sizeof *a->head + a->head->size;
}

/* Is c one of the bytes in set (and not NUL)? */
static int
list_in(int c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* Can c stand in a "rwxr-xr-x" column? */
static int
list_perm_char(int c)
{
	switch (c) {
	case 'r': case 'w': case 'x': case '-':
	case 's': case 'S': case 't': case 'T': case 'l': case 'L':
		return 1;
	}
	return 0;
}

/* Is c an ASCII digit? */
static int
list_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Read the digits in [s, e) as a number no larger than max. */
static int
list_num(const char *s, const char *e, uint64_t max, uint64_t *v)
{
	uint64_t n = 0;

	if (s == e)
		return -1;
	/* Up to 19 digits cannot pass 2^64: no division per digit then. */
	if (e - s <= 19) {
		for (; s < e; s++) {
			if (!list_digit((unsigned char)*s))
				return -1;
			n = n * 10 + (uint64_t)(*s - '0');
		}
		if (n > max)
			return -1;
		*v = n;
		return 0;
	}
	for (; s < e; s++) {
		if (!list_digit((unsigned char)*s))
			return -1;
		if (n > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*v = n;
	return 0;
}

/* Like list_num, skipping ',' thousands separators ("9,730"). */
static int
list_num_commas(const char *s, const char *e, uint64_t *v)
{
	uint64_t n = 0;

	if (s == e || !list_digit((unsigned char)*s))
		return -1;
	for (; s < e; s++) {
		if (*s == ',')
			continue;
		if (!list_digit((unsigned char)*s))
			return -1;
		if (n > ((uint64_t)INT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*v = n;
	return 0;
}

/* Split [pos, len) into columns at blanks; returns how many (at most max). */
static size_t
list_tokens(const char *line, size_t pos, size_t len, struct list_tok *t,
    size_t max)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t n = 0;

	while (n < max) {
		while (pos < len && (p[pos] == ' ' || p[pos] == '\t'))
			pos++;
		if (pos == len)
			break;
		t[n].s = pos;
		/* Above the space, a byte is in the column: one test. */
		while (pos < len && (p[pos] > ' ' ||
		    (p[pos] != ' ' && p[pos] != '\t')))
			pos++;
		t[n++].e = pos;
	}
	return n;
}

/* The month named by [s, e) (a '.' or ',' after it allowed), or 0. */
static unsigned
list_month(const char *s, const char *e)
{
	char low[10];
	size_t i, n;

	while (e > s && (e[-1] == '.' || e[-1] == ','))
		e--;
	n = (size_t)(e - s);
	/* Most columns are numbers or names of another length: be quick. */
	if (n < 3 || n > 9 || list_digit((unsigned char)*s))
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	for (i = 0; i < sizeof list_months / sizeof list_months[0]; i++)
		if (list_months[i].len == n &&
		    list_months[i].name[0] == low[0] &&
		    memcmp(low, list_months[i].name, n) == 0)
			return list_months[i].mon;
	return 0;
}

/* A day of the month 1..31 in [s, e), a '.' or ',' after it allowed. */
static unsigned
list_day(const char *s, const char *e)
{
	uint64_t v;

	if (e > s && (e[-1] == '.' || e[-1] == ','))
		e--;
	if (e - s > 2 || list_num(s, e, 31, &v) == -1 || v < 1)
		return 0;
	return (unsigned)v;
}

/* A time "H:MM", "HH:MM:SS" or "HH:MM:SS.nnn" in [s, e) into d. */
static int
list_time(const char *s, const char *e, struct list_date *d)
{
	const char *c;
	uint64_t h, m, sec = 0;

	if ((c = memchr(s, ':', (size_t)(e - s))) == NULL || c - s > 2 ||
	    list_num(s, c, 23, &h) == -1)
		return -1;
	s = c + 1;
	if (e - s < 2 || list_num(s, s + 2, 59, &m) == -1)
		return -1;
	s += 2;
	if (s < e && *s == ':') {
		if (e - s < 3 || list_num(s + 1, s + 3, 60, &sec) == -1)
			return -1;
		s += 3;
		if (s < e && *s == '.') {
			for (s++; s < e && list_digit((unsigned char)*s); s++)
				/* fraction ignored */;
		}
	}
	if (s != e)
		return -1;
	d->hour = (unsigned)h;
	d->min = (unsigned)m;
	d->sec = (unsigned)sec;
	d->has_time = 1;
	return 0;
}

/* A 4-digit year 1000..9999 in [s, e). */
static int64_t
list_year(const char *s, const char *e)
{
	uint64_t v;

	if (e - s != 4 || list_num(s, e, 9999, &v) == -1 || v < 1000)
		return 0;
	return (int64_t)v;
}

/* The column after a day and month: a time or a year. */
static int
list_time_or_year(const char *s, const char *e, struct list_date *d)
{
	if (list_time(s, e, d) == 0)
		return 0;
	if ((d->year = list_year(s, e)) != 0)
		return 0;
	return -1;
}

/* A 2- or 4-digit year; 2 digits: 70..99 is 19xx, else 20xx. */
static int64_t
list_year_any(const char *s, const char *e)
{
	uint64_t v;

	if (e - s == 2 && list_num(s, e, 99, &v) == 0)
		return (int64_t)(v < 70 ? 2000 + v : 1900 + v);
	return list_year(s, e);
}

/*
 * A numeric date in one column: Y-M-D, M-D-Y or D-M-Y (when the first
 * number cannot be a month), D-Mon-Y, with '-', '/' or '.' between. With
 * want_year 0, the "M-D" form (no year) is accepted too.
 */
static int
list_numdate(const char *s, const char *e, struct list_date *d, int want_year)
{
	const char *f[3], *fe[3], *p;
	uint64_t a, b;
	unsigned n = 0;
	char sep = 0;

	f[0] = s;
	for (p = s; p < e; p++) {
		if (*p != '-' && *p != '/' && *p != '.')
			continue;
		if ((sep != 0 && *p != sep) || n == 2)
			return -1;
		sep = *p;
		fe[n++] = p;
		f[n] = p + 1;
	}
	fe[n] = e;
	if (n == 1 && !want_year) {
		if (fe[0] - f[0] > 2 || fe[1] - f[1] > 2 ||
		    list_num(f[0], fe[0], 12, &a) == -1 || a < 1 ||
		    (d->day = list_day(f[1], fe[1])) == 0)
			return -1;
		d->mon = (unsigned)a;
		d->year = 0;
		return 0;
	}
	if (n != 2)
		return -1;
	if (fe[0] - f[0] == 4) {
		/* Y-M-D */
		if ((d->year = list_year(f[0], fe[0])) == 0 ||
		    fe[1] - f[1] > 2 || list_num(f[1], fe[1], 12, &a) == -1 ||
		    a < 1 || (d->day = list_day(f[2], fe[2])) == 0)
			return -1;
		d->mon = (unsigned)a;
		return 0;
	}
	if ((d->year = list_year_any(f[2], fe[2])) == 0 || fe[0] - f[0] > 2)
		return -1;
	if ((d->mon = list_month(f[1], fe[1])) != 0) {
		/* D-Mon-Y */
		if ((d->day = list_day(f[0], fe[0])) == 0)
			return -1;
		return 0;
	}
	if (fe[1] - f[1] > 2 || list_num(f[0], fe[0], 31, &a) == -1 ||
	    list_num(f[1], fe[1], 31, &b) == -1 || a < 1 || b < 1)
		return -1;
	if (a > 12) {
		/* D-M-Y */
		if (b > 12)
			return -1;
		d->day = (unsigned)a;
		d->mon = (unsigned)b;
	} else {
		d->mon = (unsigned)a;
		d->day = (unsigned)b;
	}
	return 0;
}

/* A time zone column "+hhmm" / "-hhmm" into d->tzoff. */
static int
list_tz(const char *s, const char *e, struct list_date *d)
{
	uint64_t hh, mm;

	if (e - s != 5 || (*s != '+' && *s != '-') ||
	    list_num(s + 1, s + 3, 14, &hh) == -1 ||
	    list_num(s + 3, s + 5, 59, &mm) == -1)
		return -1;
	d->tzoff = (long)(hh * 3600 + mm * 60);
	if (*s == '-')
		d->tzoff = -d->tzoff;
	return 0;
}

/*
 * Is there a date at column k (of nt)? Forms: "Mon DD TIME|YEAR",
 * "Mon DD, YEAR TIME", "DD Mon TIME|YEAR", "M-D TIME|YEAR",
 * "Y-M-D [TIME [TZ]]" and the other one-column numeric dates. Fills d.
 */
static int
list_date_at(const char *line, const struct list_tok *t, size_t nt,
    size_t k, struct list_date *d)
{
	const char *s0 = line + t[k].s, *e0 = line + t[k].e;
	const char *s1, *e1, *s2, *e2, *p;

	memset(d, 0, sizeof *d);
	if (k + 1 < nt) {
		s1 = line + t[k + 1].s;
		e1 = line + t[k + 1].e;
	} else
		s1 = e1 = NULL;
	if (k + 2 < nt) {
		s2 = line + t[k + 2].s;
		e2 = line + t[k + 2].e;
	} else
		s2 = e2 = NULL;

	/*
	 * Only the "Mon DD ..." forms start with a letter; the others need a
	 * digit first. An owner or group column is dismissed at once.
	 */
	if (!list_digit((unsigned char)*s0)) {
		if (s2 == NULL || (d->mon = list_month(s0, e0)) == 0 ||
		    (d->day = list_day(s1, e1)) == 0)
			return -1;
	} else
		d->mon = 0;
	if (d->mon != 0) {
		/* "Mon DD, YYYY HH:MM" (VShell) */
		if (e1[-1] == ',' && k + 3 < nt &&
		    (d->year = list_year(s2, e2)) != 0 &&
		    list_time(line + t[k + 3].s, line + t[k + 3].e, d) == 0) {
			d->ntok = 4;
			return 0;
		}
		if (list_time_or_year(s2, e2, d) == 0) {
			d->ntok = 3;
			return 0;
		}
		return -1;
	}
	if (s2 != NULL && (d->day = list_day(s0, e0)) != 0 &&
	    (d->mon = list_month(s1, e1)) != 0) {
		if (list_time_or_year(s2, e2, d) == -1)
			return -1;
		d->ntok = 3;
		return 0;
	}
	/* The numeric forms have a '-', '/' or '.' in their first column. */
	for (p = s0; p < e0 && *p != '-' && *p != '/' && *p != '.'; p++)
		;
	if (p == e0)
		return -1;
	if (s1 != NULL && list_numdate(s0, e0, d, 0) == 0 && d->year == 0) {
		/* "MM-DD TIME|YEAR" */
		if (list_time_or_year(s1, e1, d) == -1)
			return -1;
		d->ntok = 2;
		return 0;
	}
	memset(d, 0, sizeof *d);
	if (list_numdate(s0, e0, d, 1) == 0) {
		d->ntok = 1;
		if (s1 != NULL && list_time(s1, e1, d) == 0) {
			d->ntok = 2;
			if (s2 != NULL && list_tz(s2, e2, d) == 0)
				d->ntok = 3;
		}
		return 0;
	}
	return -1;
}

/* Days from 1970-01-01 to y-m-d, any day count (it just adds up). */
static int64_t
list_days(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The year (UTC) of t. */
static int64_t
list_year_of(time_t t)
{
	int64_t days = (int64_t)t / 86400, z, era, doe, yoe, y, doy, mp;

	if ((int64_t)t % 86400 < 0)
		days--;
	/* Howard Hinnant's civil_from_days, the year part. */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	return mp >= 10 ? y + 1 : y;
}

/* Seconds since the epoch of d in year y. */
static int64_t
list_secs(const struct list_date *d, int64_t y)
{
	return list_days(y, d->mon, d->day) * 86400 + (int64_t)d->hour * 3600 +
	    (int64_t)d->min * 60 + (int64_t)d->sec - d->tzoff;
}

/* Turn d into e->mtime, guessing the year when the listing left it out. */
static void
list_set_mtime(const struct list_date *d, time_t now, struct ftp_entry *e)
{
	int64_t y = d->year, t;

	if (y == 0)
		y = list_year_of(now);
	t = list_secs(d, y);
	if (d->year == 0 && t > (int64_t)now + 86400)
		t = list_secs(d, y - 1);
	if ((int64_t)(time_t)t != t)
		return;
	e->mtime = (time_t)t;
	e->has_mtime = true;
	e->mtime_has_time = d->has_time != 0;
}

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
static int
list_dot(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.');
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
static int
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
	list_set_mtime(&d, now, e);
	line[len] = '\0';
	if (e->target != NULL)
		line[e->namelen + name] = '\0';
	return 1;
}

/* Parse a NetWare line: "d [R----F--] owner size Mon DD HH:MM   name". */
static int
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
	if (name >= len)
		return -1;
	e->name = line + name;
	e->namelen = len - name;
	if (list_dot(e->name, e->namelen))
		return 0;
	e->type = line[0] == 'd' ? FTP_ENT_DIR : FTP_ENT_FILE;
	e->size = v;
	e->has_size = true;
	list_set_mtime(&d, now, e);
	line[len] = '\0';
	return 1;
}

/* Parse an EPLF line: "+fact,fact,...\tname" (cr.yp.to/ftp/list/eplf.html). */
static int
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

/* Parse a DOS/IIS line: "04-27-00  09:09PM       <DIR>          name". */
static int
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
	if (name >= len)
		return -1;
	e->name = line + name;
	e->namelen = len - name;
	if (list_dot(e->name, e->namelen))
		return 0;
	list_set_mtime(&d, now, e);
	line[len] = '\0';
	return 1;
}

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
static int
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
				}
			}
		} else if (list_fact(f, fe, "unix.mode", &v)) {
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
	return -1;
}

/* Make a parser for one listing of the given mode. */
struct ftp_list_parser *
ftp_list_new(enum ftp_list_mode mode, time_t now)
{
	struct ftp_list_parser *p = xcalloc(1, sizeof *p);

	p->mode = mode;
	p->now = now;
	p->out.arena = xcalloc(1, sizeof *p->out.arena);
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
	ne->name = list_arena_copy(l->arena, e->name, e->namelen);
	if (e->target != NULL)
		ne->target = list_arena_copy(l->arena, e->target,
		    strlen(e->target));
	return 0;
}

/*
 * Parse the line held in p->line; unparsed lines become raw entries, and
 * so does a line too long (cut to LIM_LIST_LINE) or cut is set.
 */
static int
list_line(struct ftp_list_parser *p, int cut)
{
	struct ftp_entry e;
	size_t len = p->linelen;
	int rc;

	p->linelen = 0;
	if (!cut && len > 0 && p->line[len - 1] == '\r')
		len--;
	if (cut || len > LIM_LIST_LINE)
		len = LIM_LIST_LINE;
	else {
		rc = ftp_list_parse_line(p->line, len, p->mode, p->now, &e);
		if (rc == 0)
			return 0;
		if (rc == 1)
			return list_add(p, &e);
	}
	memset(&e, 0, sizeof e);
	e.type = FTP_ENT_RAW;
	e.name = p->line;
	e.namelen = len;
	return list_add(p, &e);
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
	/* Give back the unused part of the entries array. */
	if (p->out.cap > p->out.n && p->out.n > 0) {
		p->out.entries = xreallocarray(p->out.entries, p->out.n,
		    sizeof *p->out.entries);
		p->out.cap = p->out.n;
	}
	*out = p->out;
	memset(&p->out, 0, sizeof p->out);
	p->out.arena = xcalloc(1, sizeof *p->out.arena);
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
