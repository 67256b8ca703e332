/*
 * save.c: a TCP client's --save file (console.h): every byte that arrives
 * goes to a hidden .NAME.part beside the file, renamed to the name only
 * when the peer closes, never over an existing file.
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

/* Open the --save file: a .part beside it; an existing file is refused. */
int
con_save_open(struct con *c, const char *path, char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *s;

	if (slash == NULL) {
		dir = xstrdup(".");
		base = path;
	} else {
		dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		base = slash + 1;
	}
	s = san_cstr(path);
	if (!lf_name_ok(base)) {
		snprintf(err, errlen, _("%s: not a file name to save to"), s);
		goto fail;
	}
	if ((c->partdir = lf_dir_open(dir, err, errlen)) == -1)
		goto fail;
	if (lf_exists(c->partdir, base, NULL)) {
		snprintf(err, errlen, _("%s exists; it will not be replaced"),
		    s);
		goto fail;
	}
	if (lf_part_open(&c->part, c->partdir, base, false, err,
	    errlen) == -1)
		goto fail;
	free(dir);
	c->save_disp = s;
	c->saving = true;
	return 0;
fail:
	free(dir);
	free(s);
	return -1;
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
	con_msg(c, CON_ERROR, NULL, _("%s; no longer saving (%llu bytes "
	    "kept in the .part file)"), e, (unsigned long long)c->saved);
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
			con_msg(c, CON_INFO, NULL, _("saved %s (%llu bytes)"),
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
			con_msg(c, CON_ERROR, NULL, _("%s is incomplete: the %llu "
			    "bytes received are kept in its .part file"),
			    c->save_disp, (unsigned long long)c->saved);
	}
}
