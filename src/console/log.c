/*
 * log.c: the kept log of a console session (console.h). It is one buffer
 * of records bounded by LIM_CONSOLE_LOG: when a record does not fit, the
 * oldest records go, a quarter of the log at a time, so a flood costs a
 * memmove per megabyte rather than per line, and nothing is allocated per
 * line. con_save_log writes it to a new file.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "console/con_priv.h"
#include "console/console.h"
#include "console/text.h"
#include "console/tools.h"
#include "ev/loop.h"
#include "ev/resolve.h"
#include "local/lfile.h"
#include "net/net.h"

/* A record of the kept log: this header, the peer, NUL, the text, NUL. */
struct con_rec {
	uint64_t	ms;
	uint64_t	bytes;
	int32_t		client;
	uint32_t	peerlen;	/* UINT32_MAX: no peer */
	uint32_t	textlen;
	uint8_t		dir;
	uint8_t		flags;
};

/* The untranslated word for a direction. */
const char *
con_dir_name(enum con_dir dir)
{
	switch (dir) {
	case CON_IN:
		return "IN";
	case CON_OUT:
		return "OUT";
	case CON_INFO:
		return "INFO";
	case CON_ERROR:
		break;
	}
	return "ERROR";
}

/* Forget the oldest records until need more bytes fit, with room to spare. */
static void
log_make_room(struct con *c, size_t need)
{
	struct con_rec r;
	size_t keep = LIM_CONSOLE_LOG / 4 * 3;

	while (buf_len(&c->log) > 0 && (buf_room(&c->log) < need ||
	    buf_len(&c->log) + need > keep)) {
		memcpy(&r, buf_data(&c->log), sizeof r);
		buf_consume(&c->log, sizeof r + (r.peerlen == UINT32_MAX ? 0 :
		    r.peerlen) + 1 + r.textlen + 1);
	}
}

/* Add a line to the kept log. */
void
con_log_add(struct con *c, const struct con_line *l)
{
	struct con_rec r;
	size_t plen = l->peer != NULL ? strlen(l->peer) : 0;
	size_t tlen = strlen(l->text), need;
	unsigned char *p;

	need = sizeof r + plen + 1 + tlen + 1;
	if (need > LIM_CONSOLE_LOG / 4)
		return;		/* cannot happen: lines are far shorter */
	if (buf_room(&c->log) < need)
		log_make_room(c, need);
	memset(&r, 0, sizeof r);
	r.ms = l->ms;
	r.bytes = l->bytes;
	r.client = l->client;
	r.peerlen = l->peer != NULL ? (uint32_t)plen : UINT32_MAX;
	r.textlen = (uint32_t)tlen;
	r.dir = (uint8_t)l->dir;
	r.flags = (uint8_t)l->flags;
	if ((p = buf_reserve(&c->log, need, NULL)) == NULL)
		return;
	memcpy(p, &r, sizeof r);
	p += sizeof r;
	if (plen > 0)
		memcpy(p, l->peer, plen);
	p[plen] = '\0';
	p += plen + 1;
	memcpy(p, l->text, tlen + 1);
	buf_commit(&c->log, need);
}

/* Walk the kept log, oldest first. */
void
con_log_walk(const struct con *c, void (*fn)(const struct con_line *, void *),
    void *arg)
{
	const unsigned char *p = buf_data(&c->log), *end = p + buf_len(&c->log);
	struct con_rec r;
	struct con_line l;

	while (p != NULL && p + sizeof r <= end) {
		memcpy(&r, p, sizeof r);
		p += sizeof r;
		memset(&l, 0, sizeof l);
		l.ms = r.ms;
		l.dir = (enum con_dir)r.dir;
		l.client = r.client;
		l.bytes = (size_t)r.bytes;
		l.flags = r.flags;
		if (r.peerlen == UINT32_MAX) {
			l.peer = NULL;
			p += 1;
		} else {
			l.peer = (const char *)p;
			p += r.peerlen + 1;
		}
		l.text = (const char *)p;
		p += r.textlen + 1;
		fn(&l, arg);
	}
}

/* con_save_log's state while it walks the log. */
struct con_save_ctx {
	struct lf_part	*part;
	struct buf	 out;
	int		 failed;
	char		*err;
	size_t		 errlen;
};

/* Format one kept line into the file being saved. */
static void
con_save_line(const struct con_line *l, void *arg)
{
	struct con_save_ctx *x = arg;
	time_t t = (time_t)(l->ms / 1000);
	struct tm tm;
	char when[64];

	if (x->failed)
		return;
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	/* The buffer holds a chunk and a line more: this cannot fail. */
	buf_printf(&x->out, "%s.%03u %s %d %s %s\n", when,
	    (unsigned)(l->ms % 1000), con_dir_name(l->dir), l->client,
	    l->peer != NULL ? l->peer : "-", l->text);
	if (buf_len(&x->out) > LIM_CONSOLE_CHUNK) {
		if (lf_part_write(x->part, buf_data(&x->out),
		    buf_len(&x->out), x->err, x->errlen) == -1)
			x->failed = 1;
		buf_clear(&x->out);
	}
}

/* Write the kept log to a new file at path. */
int
con_save_log(struct con *c, const char *path, char *err, size_t errlen)
{
	struct con_save_ctx x;
	struct lf_part part;
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *s = san_cstr(path);
	int dirfd, rc = -1;

	memset(&part, 0, sizeof part);
	part.fd = -1;
	if (slash == NULL) {
		dir = xstrdup(".");
		base = path;
	} else {
		dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		base = slash + 1;
	}
	if (!lf_name_ok(base)) {
		snprintf(err, errlen, _("%s: not a file name to save to"), s);
		free(dir);
		free(s);
		return -1;
	}
	if ((dirfd = lf_dir_open(dir, err, errlen)) == -1) {
		free(dir);
		free(s);
		return -1;
	}
	free(dir);
	if (lf_exists(dirfd, base, NULL)) {
		snprintf(err, errlen, _("%s exists; it will not be replaced"),
		    s);
		goto out;
	}
	if (lf_part_open(&part, dirfd, base, false, err, errlen) == -1)
		goto out;
	memset(&x, 0, sizeof x);
	x.part = &part;
	x.err = err;
	x.errlen = errlen;
	/* One kept line, formatted, is far below this. */
	buf_init(&x.out, 2 * CON_TEXT_MAX);
	con_log_walk(c, con_save_line, &x);
	if (!x.failed && buf_len(&x.out) > 0 && lf_part_write(&part,
	    buf_data(&x.out), buf_len(&x.out), err, errlen) == -1)
		x.failed = 1;
	buf_free(&x.out);
	if (x.failed) {
		lf_part_discard(&part);
		goto out;
	}
	if (lf_part_commit(&part, LF_NOREPLACE, err, errlen) == -1) {
		lf_part_discard(&part);
		goto out;
	}
	rc = 0;
out:
	close(dirfd);
	free(s);
	return rc;
}
