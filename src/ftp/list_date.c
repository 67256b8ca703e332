/*
 * list_date.c: what the line parsers share: byte classes, strict numbers,
 * the columns of a line, and dates in the shapes listings write them
 * (month names in English, German and French, numeric dates, times, time
 * zones), read as UTC; a date without a year is in the last year.
 */
#include "config.h"

#include <string.h>

#include "base/date.h"
#include "ftp/list.h"
#include "ftp/list_priv.h"

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

/* Is c one of the bytes in set (and not NUL)? */
int
list_in(int c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* Can c stand in a "rwxr-xr-x" column? */
int
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
int
list_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Read the digits in [s, e) as a number no larger than max. */
int
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
int
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
size_t
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
int
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
int
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
int
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

/* The year (UTC) of t. */
static int64_t
list_year_of(time_t t)
{
	int64_t y;
	unsigned m, d;

	date_civil(date_split((int64_t)t, NULL), &y, &m, &d);
	return y;
}

/* Seconds since the epoch of d in year y. */
static int64_t
list_secs(const struct list_date *d, int64_t y)
{
	return date_days(y, d->mon, d->day) * 86400 + (int64_t)d->hour * 3600 +
	    (int64_t)d->min * 60 + (int64_t)d->sec - d->tzoff;
}

/* Turn d into e->mtime, guessing the year when the listing left it out. */
void
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
