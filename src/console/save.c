/*
 * save.c: the files a console session writes (console.h): a TCP client's
 * --save file, where every byte that arrives goes to a hidden .NAME.part
 * beside the file, renamed to the name only when the peer closes; and the
 * kept log (console save). Both are new files, never over an existing one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "console/con_priv.h"
#include "console/log.h"

/*
 * Begin a new file at path: its directory opened (*dirfd), its name
 * checked, an existing file refused, a .part opened beside it; the name
 * to show (sanitized) to *disp. -1 and err, with nothing left open.
 */
static int
save_begin(const char *path, struct lf_part *part, int *dirfd, char **disp,
    char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *s = san_cstr(path);
	int fd = -1;

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
		goto fail;
	}
	if ((fd = lf_dir_open(dir, err, errlen)) == -1)
		goto fail;
	if (lf_exists(fd, base, NULL)) {
		snprintf(err, errlen, _("%s exists; it will not be replaced"),
		    s);
		goto fail;
	}
	if (lf_part_open(part, fd, base, false, err, errlen) == -1)
		goto fail;
	free(dir);
	*dirfd = fd;
	*disp = s;
	return 0;
fail:
	if (fd != -1)
		close(fd);
	free(dir);
	free(s);
	return -1;
}

/* Open the --save file: a .part beside it; an existing file is refused. */
int
con_save_open(struct con *c, const char *path, char *err, size_t errlen)
{
	if (save_begin(path, &c->part, &c->partdir, &c->save_disp, err,
	    errlen) == -1)
		return -1;
	c->saving = true;
	return 0;
}

/* Write what --save asks for; on failure stop saving and say so. */
void
con_save_bytes(struct con *c, const void *d, size_t n)
{
	char err[1024], *e;

	if (lf_part_write(&c->part, d, n, err, sizeof err) == 0) {
		c->saved += n;
		return;
	}
	c->saving = false;
	e = san_cstr(err);
	lf_part_abort(&c->part);
	con_msg(c, CON_ERROR, NULL, ngettext("%s; no longer saving (%llu "
	    "byte kept in the .part file)", "%s; no longer saving (%llu "
	    "bytes kept in the .part file)", (unsigned long)c->saved), e,
	    (unsigned long long)c->saved);
	free(e);
}

/*
 * The session ends: a complete file (the peer closed) is renamed to its
 * name; a .part that got nothing is removed, any other is kept.
 */
void
con_save_end(struct con *c, bool complete)
{
	char err[1024], *e;

	if (c->part.fd != -1 && c->saving && complete) {
		if (lf_part_commit(&c->part, LF_NOREPLACE, err,
		    sizeof err) == 0)
			con_msg(c, CON_INFO, NULL, ngettext("saved %s (%llu "
			    "byte)", "saved %s (%llu bytes)",
			    (unsigned long)c->saved),
			    c->save_disp, (unsigned long long)c->saved);
		else {
			e = san_cstr(err);
			con_msg(c, CON_ERROR, NULL, "%s", e);
			free(e);
			lf_part_abort(&c->part);
		}
	} else if (c->part.fd != -1 && c->saved == 0 && c->bytes_in == 0) {
		lf_part_discard(&c->part);
	} else if (c->part.fd != -1) {
		lf_part_abort(&c->part);
		if (c->saving)
			con_msg(c, CON_ERROR, NULL, ngettext("%s is incomplete: "
			    "the %llu byte received is kept in its .part file",
			    "%s is incomplete: the %llu bytes received are "
			    "kept in its .part file", (unsigned long)c->saved),
			    c->save_disp, (unsigned long long)c->saved);
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
	char *s;
	int dirfd, rc = -1;

	memset(&part, 0, sizeof part);
	part.fd = -1;
	if (save_begin(path, &part, &dirfd, &s, err, errlen) == -1)
		return -1;
	memset(&x, 0, sizeof x);
	x.part = &part;
	x.err = err;
	x.errlen = errlen;
	/* One kept line, formatted, is far below this. */
	buf_init(&x.out, 2 * CON_TEXT_MAX);
	con_log_each(&c->log, con_save_line, &x);
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
