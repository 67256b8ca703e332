/*
 * cmd_remote.c: commands on the remote side: ls, nlist, cd, cdup, pwd,
 * mkdir, rmdir, rm, rename, chmod, size, mtime, cat.
 *
 * Commands that take several paths run them one after another and end
 * failed if any failed (every one is still tried). A change on the server
 * drops the cached listing of the directory it touched.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"

/* The mode string of an entry, "drwxr-xr-x". */
static void
mode_string(const struct ftp_entry *e, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	out[0] = e->type == FTP_ENT_DIR ? 'd' : e->type == FTP_ENT_LINK ? 'l' :
	    e->type == FTP_ENT_OTHER ? '?' : '-';
	for (i = 0; i < 9; i++)
		out[i + 1] = !e->has_mode ? '?' :
		    (e->mode & (0400 >> i)) ? rwx[i] : '-';
	out[10] = '\0';
}

/* A date as ls -l writes it: recent with the time, older with the year. */
static void
date_string(const struct ftp_entry *e, char *out, size_t n)
{
	struct tm tm;
	time_t now = time(NULL);

	if (!e->has_mtime) {
		str_lcpy(out, "", n);
		return;
	}
	localtime_r(&e->mtime, &tm);
	if (e->mtime_has_time && e->mtime <= now + 86400 &&
	    now - e->mtime < 180 * 86400)
		strftime(out, n, "%b %e %H:%M", &tm);
	else
		strftime(out, n, "%b %e  %Y", &tm);
}

/* Print a listing: long form (ls) or names (nlist). */
void
cmd_print_listing(struct app *app, const struct ftp_listing *l, bool long_)
{
	const struct ftp_entry *e;
	char mode[11], date[64];
	size_t i;

	for (i = 0; i < l->n; i++) {
		e = &l->entries[i];
		if (!long_ || e->type == FTP_ENT_RAW) {
			char *name = san_str(e->name, e->namelen, 0);

			app_out(app, APP_OUT, "%s", name);
			free(name);
			continue;
		}
		mode_string(e, mode);
		date_string(e, date, sizeof date);
		{
			char *name = san_str(e->name, e->namelen, 0);
			char *tgt = e->target ? san_cstr(e->target) : NULL;

			if (e->has_size)
				app_out(app, APP_OUT, "%s %12llu %-12s %s%s%s",
				    mode, (unsigned long long)e->size, date,
				    name, tgt ? " -> " : "", tgt ? tgt : "");
			else
				app_out(app, APP_OUT, "%s %12s %-12s %s%s%s",
				    mode, "", date, name, tgt ? " -> " : "",
				    tgt ? tgt : "");
			free(name);
			free(tgt);
		}
	}
}

/* ls/nlist: the listing arrived. */
static void
ls_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;

	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	cmd_print_listing(c->app, st->listing, c->run_long);
	cmd_finish(c, CMD_OK);
}

/* A listing from the dir cache, for ls. */
static void
ls_cached(struct app *app, struct app_dir *d, void *arg)
{
	struct cmd_call *c = arg;

	if (d == NULL || !d->loaded) {
		cmd_fail(c, CMD_FAILED, "%s", d && d->error ? d->error :
		    _("listing failed"));
		return;
	}
	cmd_print_listing(app, &d->list, true);
	cmd_finish(c, CMD_OK);
}

/* ls [PATH]: a fresh listing, kept in the cache. */
int
cmd_ls(struct cmd_call *c)
{
	char *path;

	if (c->argc > 2) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	path = app_rpath(c->app, c->argc == 2 ? c->argv[1] : NULL);
	if (app_dir_load(c->app, path, true, ls_cached, c) == -1) {
		/* the cache is full of loading entries: list directly */
		c->run_long = true;
		ftp_list(c->app->ftp, path, FTP_LIST_LIST, c->app->opts.mlsd,
		    ls_done, c);
	}
	free(path);
	return 0;
}

/* nlist [PATH]. */
int
cmd_nlist(struct cmd_call *c)
{
	if (c->argc > 2) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	c->run_long = false;
	ftp_list(c->app->ftp, c->argc == 2 ? c->argv[1] : NULL, FTP_LIST_NLST,
	    false, ls_done, c);
	return 0;
}

/* cd/cdup done: the new directory. */
static void
cd_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	struct app *app = c->app;

	app_changed(app, APP_CH_RCWD);
	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	if (app->opts.autolist)
		app_dir_load(app, app_rcwd(app), false, NULL, NULL);
	cmd_finish(c, CMD_OK);
}

/* cd PATH. */
int
cmd_cd(struct cmd_call *c)
{
	if (c->argc != 2) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	if (strcmp(c->argv[1], "..") == 0)
		ftp_cdup(c->app->ftp, cd_done, c);
	else
		ftp_cwd(c->app->ftp, c->argv[1], cd_done, c);
	return 0;
}

/* cdup. */
int
cmd_cdup(struct cmd_call *c)
{
	ftp_cdup(c->app->ftp, cd_done, c);
	return 0;
}

/* pwd done. */
static void
pwd_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;

	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	app_out(c->app, APP_OUT, "%s", st->path != NULL ? st->path :
	    _("(the server's answer could not be understood)"));
	cmd_finish(c, CMD_OK);
}

/* pwd. */
int
cmd_pwd(struct cmd_call *c)
{
	ftp_pwd(c->app->ftp, pwd_done, c);
	return 0;
}

/* ----------------------------------------- one operation per path */

struct each {
	int	 i;		/* the next argv index */
	int	 failed;
	int	(*op)(struct ftp_session *, const char *, ftp_done_cb,
		    void *);
};

static void	each_next(struct cmd_call *);

/* One path done: report a failure, drop the cache, go on. */
static void
each_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	struct each *e = c->priv;
	char *path = app_rpath(c->app, c->argv[e->i - 1]), *slash;

	if (!st->ok) {
		app_out(c->app, APP_ERROR, "%s: %s", c->desc->name,
		    st->error ? st->error : _("failed"));
		e->failed++;
	}
	app_dir_forget(c->app, path);
	if ((slash = strrchr(path, '/')) != NULL) {
		*(slash == path ? slash + 1 : slash) = '\0';
		app_dir_forget(c->app, path);
		app_changed(c->app, APP_CH_RLIST);
	}
	free(path);
	each_next(c);
}

/* Start the next path, or end. */
static void
each_next(struct cmd_call *c)
{
	struct each *e = c->priv;

	if (e->i >= c->argc) {
		if (c->app->opts.autolist)
			app_dir_load(c->app, app_rcwd(c->app), false, NULL,
			    NULL);
		cmd_finish(c, e->failed ? CMD_FAILED : CMD_OK);
		return;
	}
	e->op(c->app->ftp, c->argv[e->i++], each_done, c);
}

/* Run op on every argument from argv[first]. */
static int
each_start(struct cmd_call *c, int first,
    int (*op)(struct ftp_session *, const char *, ftp_done_cb, void *))
{
	struct each *e = xcalloc(1, sizeof *e);

	if (c->argc <= first) {
		free(e);
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	e->i = first;
	e->op = op;
	c->priv = e;
	c->priv_free = free;
	each_next(c);
	return 0;
}

int
cmd_mkdir(struct cmd_call *c)
{
	return each_start(c, 1, ftp_mkdir);
}

int
cmd_rmdir(struct cmd_call *c)
{
	return each_start(c, 1, ftp_rmdir);
}

int
cmd_rm(struct cmd_call *c)
{
	return each_start(c, 1, ftp_delete);
}

/* chmod's SITE CHMOD MODE PATH, as an "each" operation. */
static int
chmod_one(struct ftp_session *s, const char *path, ftp_done_cb cb, void *arg)
{
	struct cmd_call *c = arg;
	char *line = xasprintf("CHMOD %s %s", c->argv[1], path);
	int rc = ftp_site(s, line, cb, arg);

	free(line);
	return rc;
}

/* chmod MODE PATH... */
int
cmd_chmod(struct cmd_call *c)
{
	const char *m;

	if (c->argc < 3) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	for (m = c->argv[1]; *m != '\0'; m++)
		if (*m < '0' || *m > '7' || m - c->argv[1] >= 4) {
			cmd_fail(c, CMD_USAGE, _("bad mode: %s (give octal "
			    "digits such as 644)"), c->argv[1]);
			return 0;
		}
	return each_start(c, 2, chmod_one);
}

/* rename done. */
static void
rename_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;

	app_dir_forget(c->app, app_rcwd(c->app));
	app_changed(c->app, APP_CH_RLIST);
	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	if (c->app->opts.autolist)
		app_dir_load(c->app, app_rcwd(c->app), false, NULL, NULL);
	cmd_finish(c, CMD_OK);
}

/* rename FROM TO. */
int
cmd_rename(struct cmd_call *c)
{
	if (c->argc != 3) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	ftp_rename(c->app->ftp, c->argv[1], c->argv[2], rename_done, c);
	return 0;
}

/* size done. */
static void
size_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	char human[32];

	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	app_out(c->app, APP_OUT, "%s %llu (%s)", c->argv[1],
	    (unsigned long long)st->size,
	    str_human_size(human, sizeof human, st->size));
	cmd_finish(c, CMD_OK);
}

/* size PATH. */
int
cmd_size(struct cmd_call *c)
{
	if (c->argc != 2) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	ftp_size(c->app->ftp, c->argv[1], size_done, c);
	return 0;
}

/* mtime done. */
static void
mtime_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	struct tm tm;
	char when[64];

	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	localtime_r(&st->mtime, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", &tm);
	app_out(c->app, APP_OUT, "%s %s", c->argv[1], when);
	cmd_finish(c, CMD_OK);
}

/* mtime PATH. */
int
cmd_mtime(struct cmd_call *c)
{
	if (c->argc != 2) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	ftp_mdtm(c->app->ftp, c->argv[1], mtime_done, c);
	return 0;
}

/* cat: the text arrived (at most the limit). */
static void
cat_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	struct buf *b = c->priv;
	char *text, *line, *save = NULL;

	if (!st->ok) {
		cmd_fail_status(c, st);
		return;
	}
	text = san_str(buf_data(b), buf_len(b), SAN_KEEP_NL | SAN_KEEP_TAB);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (c->app->hooks.out != NULL)
			c->app->hooks.out(c->app, APP_OUT, line,
			    c->app->hooks_arg);
	if (buf_room(b) == 0)
		app_out(c->app, APP_INFO, _("(only the first %zu KiB shown)"),
		    b->limit / 1024);
	free(text);
	cmd_finish(c, CMD_OK);
}

static void
buf_free_priv(void *p)
{
	buf_free(p);
	free(p);
}

/* cat [-n KIB] PATH: the start of a text file, sanitized. */
int
cmd_cat(struct cmd_call *c)
{
	struct cmd_getopt g = { 0 };
	struct ftp_xfer x;
	struct buf *b;
	uint64_t kib = (uint64_t)c->app->opts.view_kib;
	int o;

	while ((o = cmd_getopt(c, "n:", &g)) != -1) {
		if (o != 'n' || str_to_u64(g.arg, &kib) == -1 || kib == 0 ||
		    kib * 1024 > LIM_VIEW_MAX) {
			cmd_fail(c, CMD_USAGE, _("usage: %s"),
			    _(c->desc->usage));
			return 0;
		}
	}
	if (g.ind != c->argc - 1) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	b = xcalloc(1, sizeof *b);
	buf_init(b, (size_t)kib * 1024);
	c->priv = b;
	c->priv_free = buf_free_priv;
	memset(&x, 0, sizeof x);
	x.remote = c->argv[g.ind];
	x.type = FTP_TYPE_A;
	x.dirfd = x.fd = -1;
	x.mem = b;
	ftp_get(c->app->ftp, &x, cat_done, c);
	return 0;
}
