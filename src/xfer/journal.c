/*
 * journal.c: the saved queue's format (see journal.h): escaping, the
 * records, the checksum. No I/O here (qjournal.c writes it, qjresume.c
 * reads it).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "xfer/journal.h"

#define JQ_MAGIC	"jangada-queue"
#define JQ_FIELDS	17	/* after "job" */
#define JQ_FIELDS_V1	15

/* ------------------------------------------------------------ records */

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
jq_add(struct jq_file *f, const struct jq_job *j)
{
	struct jq_job *c;

	if (f->n == f->cap) {
		f->cap = f->cap != 0 ? f->cap * 2 : 16;
		f->jobs = xreallocarray(f->jobs, f->cap, sizeof *f->jobs);
	}
	c = &f->jobs[f->n++];
	*c = *j;
	c->host = dup_or_null(j->host);
	c->port = dup_or_null(j->port);
	c->user = dup_or_null(j->user);
	c->remote = dup_or_null(j->remote);
	c->ldir = dup_or_null(j->ldir);
	c->lname = dup_or_null(j->lname);
	c->lpath = dup_or_null(j->lpath);
}

void
jq_job_free(struct jq_job *j)
{
	free(j->host);
	free(j->port);
	free(j->user);
	free(j->remote);
	free(j->ldir);
	free(j->lname);
	free(j->lpath);
	memset(j, 0, sizeof *j);
}

void
jq_free(struct jq_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		jq_job_free(&f->jobs[i]);
	free(f->jobs);
	memset(f, 0, sizeof *f);
}

/* ------------------------------------------------------------ CRC-32 */

uint32_t
jq_crc32(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint32_t crc = 0xffffffffu;
	int k;

	while (n-- > 0) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return crc ^ 0xffffffffu;
}

/* ----------------------------------------------------------- writing */

struct out {
	char	*p;
	size_t	 len, cap;
};

static void
out_add(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		while (o->len + n + 1 > o->cap)
			o->cap = o->cap != 0 ? o->cap * 2 : 1024;
		o->p = xrealloc(o->p, o->cap);
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void
out_str(struct out *o, const char *s)
{
	out_add(o, s, strlen(s));
}

/* One escaped field, after a space. */
static void
out_field(struct out *o, const char *s)
{
	char hex[4];
	const unsigned char *p;

	out_add(o, " ", 1);
	if (s == NULL || *s == '\0') {
		out_add(o, "-", 1);
		return;
	}
	if (strcmp(s, "-") == 0) {
		out_str(o, "%2D");
		return;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p <= ' ' || *p == '%' || *p == 0x7f) {
			snprintf(hex, sizeof hex, "%%%02X", *p);
			out_add(o, hex, 3);
		} else
			out_add(o, (const char *)p, 1);
	}
}

static void
out_u64(struct out *o, uint64_t v)
{
	char num[32];

	snprintf(num, sizeof num, "%llu", (unsigned long long)v);
	out_field(o, num);
}

/* RANGES: START-GOT-END,... or "-". */
static void
ranges_encode(struct out *o, const struct jq_job *j)
{
	char num[80];
	int i;

	if (j->nranges <= 0) {
		out_field(o, NULL);
		return;
	}
	out_add(o, " ", 1);
	for (i = 0; i < j->nranges && i < JQ_MAX_RANGES; i++) {
		snprintf(num, sizeof num, "%s%llu-%llu-%llu", i > 0 ? "," : "",
		    (unsigned long long)j->ranges[i].start,
		    (unsigned long long)j->ranges[i].got,
		    (unsigned long long)j->ranges[i].end);
		out_str(o, num);
	}
}

static const char *const kinds[] = { "get", "put" };
static const char *const states[] = { "queued", "paused" };
static const char *const types[] = { "binary", "ascii", "auto" };
static const char *const policies[] = { "ask", "skip", "rename",
	"overwrite", "resume" };

char *
jq_encode(const struct jq_file *f, size_t *len)
{
	struct out o = { NULL, 0, 0 };
	char flags[8], tail[64], num[32];
	size_t i, k;

	snprintf(tail, sizeof tail, "%s %d\n", JQ_MAGIC, JQ_VERSION);
	out_str(&o, tail);
	for (i = 0; i < f->n; i++) {
		const struct jq_job *j = &f->jobs[i];

		out_str(&o, "job");
		out_field(&o, kinds[j->put]);
		out_field(&o, states[j->paused]);
		out_field(&o, types[j->type >= 0 && j->type < 3 ? j->type :
		    0]);
		k = 0;
		if (j->recursive)
			flags[k++] = 'r';
		if (j->follow_links)
			flags[k++] = 'l';
		if (j->keep_time)
			flags[k++] = 't';
		if (j->started)
			flags[k++] = 's';
		flags[k] = '\0';
		out_field(&o, flags);
		out_field(&o, policies[j->policy >= 0 && j->policy < 5 ?
		    j->policy : 0]);
		out_u64(&o, j->total);
		out_u64(&o, j->done);
		out_u64(&o, j->mtime > 0 ? (uint64_t)j->mtime : 0);
		out_field(&o, j->host);
		out_field(&o, j->port);
		out_field(&o, j->user);
		out_field(&o, j->remote);
		out_field(&o, j->ldir);
		out_field(&o, j->lname);
		out_field(&o, j->lpath);
		snprintf(num, sizeof num, "%d", j->priority);
		out_field(&o, num);
		ranges_encode(&o, j);
		out_str(&o, "\n");
	}
	snprintf(tail, sizeof tail, "end %zu %08x\n", f->n,
	    (unsigned)jq_crc32(o.p, o.len));
	out_str(&o, tail);
	*len = o.len;
	return o.p;
}

/* ----------------------------------------------------------- reading */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Unescape one field (NULL: a bad escape or a NUL byte). */
static char *
field_decode(const char *s, size_t n)
{
	char *r, *w;
	size_t i;
	int hi, lo;

	if (n == 1 && s[0] == '-')
		return xstrdup("");
	r = w = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			*w++ = s[i];
			continue;
		}
		if (i + 2 >= n) {
			free(r);
			return NULL;
		}
		hi = hexval((unsigned char)s[i + 1]);
		lo = hexval((unsigned char)s[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			free(r);
			return NULL;
		}
		*w++ = (char)(hi * 16 + lo);
		i += 2;
	}
	*w = '\0';
	return r;
}

static int
lookup(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* Split line (no newline) on spaces into at most max fields. */
static size_t
split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line, *sp;

	for (;;) {
		if (n == max)
			return max + 1;
		fields[n++] = p;
		if ((sp = strchr(p, ' ')) == NULL)
			return n;
		*sp = '\0';
		p = sp + 1;
	}
}

/* RANGES into j (0, or -1): each START <= GOT <= END, in order. */
static int
ranges_decode(const char *s, struct jq_job *j)
{
	unsigned long long a, b, c;
	int used;

	j->nranges = 0;
	if (*s == '\0')
		return 0;
	for (;;) {
		if (j->nranges == JQ_MAX_RANGES || !(*s >= '0' && *s <= '9') ||
		    sscanf(s, "%llu-%llu-%llu%n", &a, &b, &c, &used) != 3 ||
		    a > b || b > c || (j->nranges > 0 &&
		    a < j->ranges[j->nranges - 1].end))
			return -1;
		j->ranges[j->nranges].start = a;
		j->ranges[j->nranges].got = b;
		j->ranges[j->nranges].end = c;
		j->nranges++;
		s += used;
		if (*s == '\0')
			return 0;
		if (*s++ != ',')
			return -1;
	}
}

/* One "job ..." line into j (0, or -1); version 1 has no PRIO, RANGES. */
static int
job_decode(char *line, struct jq_job *j, int version)
{
	char *f[JQ_FIELDS + 2], *s[JQ_FIELDS];
	uint64_t v[3];
	size_t n, i, want = version == 1 ? JQ_FIELDS_V1 : JQ_FIELDS;
	long long prio;
	int k, used;
	const char *p;

	memset(j, 0, sizeof *j);
	n = split(line, f, JQ_FIELDS + 1);
	if (n != want + 1 || strcmp(f[0], "job") != 0)
		return -1;
	for (i = 0; i < JQ_FIELDS; i++)
		s[i] = NULL;
	for (i = 0; i < want; i++)
		if ((s[i] = field_decode(f[i + 1], strlen(f[i + 1]))) == NULL)
			goto bad;
	if ((k = lookup(s[0], kinds, 2)) < 0)
		goto bad;
	j->put = k == 1;
	if ((k = lookup(s[1], states, 2)) < 0)
		goto bad;
	j->paused = k == 1;
	if ((j->type = lookup(s[2], types, 3)) < 0)
		goto bad;
	for (p = s[3]; *p != '\0'; p++) {
		if (*p == 'r')
			j->recursive = true;
		else if (*p == 'l')
			j->follow_links = true;
		else if (*p == 't')
			j->keep_time = true;
		else if (*p == 's')
			j->started = true;
		else
			goto bad;
	}
	if ((j->policy = lookup(s[4], policies, 5)) < 0)
		goto bad;
	for (i = 0; i < 3; i++)
		if (str_to_u64(s[5 + i], &v[i]) == -1)
			goto bad;
	j->total = v[0];
	j->done = v[1];
	if (v[2] > INT64_MAX)
		goto bad;
	j->mtime = (int64_t)v[2];
	if (*s[8] == '\0' || *s[11] == '\0')
		goto bad;	/* a host and a remote path, always */
	j->host = s[8];
	j->port = *s[9] != '\0' ? s[9] : NULL;
	j->user = *s[10] != '\0' ? s[10] : NULL;
	j->remote = s[11];
	j->ldir = *s[12] != '\0' ? s[12] : NULL;
	j->lname = *s[13] != '\0' ? s[13] : NULL;
	j->lpath = *s[14] != '\0' ? s[14] : NULL;
	if (j->put ? j->lpath == NULL : j->ldir == NULL)
		goto bad;
	if (want == JQ_FIELDS) {
		if (sscanf(s[15], "%lld%n", &prio, &used) != 1 ||
		    s[15][used] != '\0' || prio < -1000000 || prio > 1000000)
			goto bad;
		j->priority = (int)prio;
		if (ranges_decode(s[16], j) == -1 || (j->nranges > 0 &&
		    (j->put || j->lname == NULL)))
			goto bad;
		free(s[15]);
		free(s[16]);
	}
	if (*s[9] == '\0')
		free(s[9]);
	if (*s[10] == '\0')
		free(s[10]);
	for (i = 12; i < JQ_FIELDS_V1; i++)
		if (*s[i] == '\0')
			free(s[i]);
	for (i = 0; i < 8; i++)
		free(s[i]);
	return 0;
bad:
	for (i = 0; i < JQ_FIELDS; i++)
		free(s[i]);
	memset(j, 0, sizeof *j);
	return -1;
}

int
jq_decode(const char *buf, size_t len, struct jq_file *f, char *err,
    size_t errlen)
{
	const char *p, *nl, *end_line = NULL;
	char *line, head[64], tail[64], canon[64];
	unsigned long long count = 0;
	int version = JQ_VERSION;
	unsigned crc = 0;
	size_t lineno = 0, endlen;
	struct jq_job j;

	memset(f, 0, sizeof *f);
	if (memchr(buf, '\0', len) != NULL) {
		snprintf(err, errlen, "%s", _("a NUL byte in it"));
		return -1;
	}
	snprintf(head, sizeof head, "%s %d\n", JQ_MAGIC, JQ_VERSION);
	if (len >= strlen(head) && memcmp(buf, head, strlen(head)) != 0) {
		/* the version before: read it as it was written */
		snprintf(head, sizeof head, "%s 1\n", JQ_MAGIC);
		version = 1;
	}
	if (len < strlen(head) || memcmp(buf, head, strlen(head)) != 0) {
		if (len >= strlen(JQ_MAGIC) && memcmp(buf, JQ_MAGIC,
		    strlen(JQ_MAGIC)) == 0)
			snprintf(err, errlen, "%s", _("a version this "
			    "jangada does not know"));
		else
			snprintf(err, errlen, "%s", _("not a saved queue"));
		return -1;
	}
	/* The last line: "end COUNT CRC\n", over every byte before it. */
	if (len < 2 || buf[len - 1] != '\n') {
		snprintf(err, errlen, "%s", _("truncated (no end line)"));
		return -1;
	}
	for (p = buf + len - 1; p > buf && p[-1] != '\n'; p--)
		;
	end_line = p;
	endlen = (size_t)(buf + len - end_line);
	if (endlen >= sizeof tail || endlen < 5 ||
	    memcmp(end_line, "end ", 4) != 0) {
		snprintf(err, errlen, "%s", _("truncated (no end line)"));
		return -1;
	}
	memcpy(tail, end_line, endlen - 1);
	tail[endlen - 1] = '\0';
	crc = jq_crc32(buf, (size_t)(end_line - buf));
	if (sscanf(tail, "end %llu ", &count) != 1)
		count = 0;
	snprintf(canon, sizeof canon, "end %llu %08x", count, crc);
	if (strcmp(tail, canon) != 0) {
		snprintf(err, errlen, "%s", _("its checksum does not match "
		    "(damaged)"));
		return -1;
	}
	for (p = buf + strlen(head); p < end_line; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end_line - p));
		lineno++;
		line = xstrndup(p, (size_t)(nl - p));
		if (job_decode(line, &j, version) == -1) {
			free(line);
			jq_free(f);
			snprintf(err, errlen, _("a bad record (job %zu)"),
			    lineno);
			return -1;
		}
		free(line);
		jq_add(f, &j);
		jq_job_free(&j);
	}
	if (count != f->n) {
		jq_free(f);
		snprintf(err, errlen, "%s", _("its count of jobs does not "
		    "match (damaged)"));
		return -1;
	}
	return 0;
}
