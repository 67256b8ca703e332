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
#include "base/date.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/mode.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "local/ldir.h"

/* The mode string of an entry, "drwxr-xr-x". */
static void
mode_string(const struct ftp_entry *e, char out[11])
{
	static const char trip[8][4] = { "---", "--x", "-w-", "-wx", "r--",
	    "r-x", "rw-", "rwx" };
	int i;

	out[0] = e->type == FTP_ENT_DIR ? 'd' : e->type == FTP_ENT_LINK ? 'l' :
	    e->type == FTP_ENT_OTHER ? '?' : '-';
	for (i = 0; i < 3; i++)
		memcpy(out + 1 + 3 * i, e->has_mode ?
		    trip[(e->mode >> (6 - 3 * i)) & 7] : "???", 3);
	out[10] = '\0';
}

/*
 * Dates as ls -l writes them: recent ones "%b %e %H:%M", older ones
 * "%b %e  %Y". LIST dates are the server's clock read as UTC (the
 * remote pane shows them the same way), so the text comes from the UTC
 * calendar, by arithmetic (days to civil date, after Howard Hinnant):
 * 100,000 entries cost no localtime_r, no lock, no strftime.
 */
#define DATE_MAX	64	/* a month name of 31 bytes, a 20-digit year */

static void
date_string(const struct ftp_entry *e, time_t now, char out[DATE_MAX])
{
	static char mon[12][32];
	int64_t y;
	unsigned m, d, secs;
	char *p;

	if (!e->has_mtime) {
		out[0] = '\0';
		return;
	}
	if (mon[0][0] == '\0') {	/* the locale's abbreviations, once */
		struct tm tm = { .tm_mday = 1 };

		for (m = 0; m < 12; m++) {
			tm.tm_mon = (int)m;
			if (strftime(mon[m], sizeof mon[m], "%b", &tm) == 0)
				snprintf(mon[m], sizeof mon[m], "%02u", m + 1);
		}
	}
	date_civil(date_split((int64_t)e->mtime, &secs), &y, &m, &d);
	/* By hand, as snprintf would: "%s %2u %02u:%02u" or "%s %2u  %lld". */
	p = out + strlen(mon[m - 1]);
	memcpy(out, mon[m - 1], (size_t)(p - out));
	*p++ = ' ';
	*p++ = d < 10 ? ' ' : (char)('0' + d / 10);
	*p++ = (char)('0' + d % 10);
	*p++ = ' ';
	if (e->mtime_has_time && e->mtime <= now + 86400 &&
	    now - e->mtime < 180 * 86400) {
		*p++ = (char)('0' + secs / 36000);
		*p++ = (char)('0' + secs / 3600 % 10);
		*p++ = ':';
		*p++ = (char)('0' + secs % 3600 / 600);
		*p++ = (char)('0' + secs % 600 / 60);
		*p = '\0';
	} else {
		*p++ = ' ';
		if (y >= 1000 && y <= 9999) {	/* every real date */
			p[0] = (char)('0' + y / 1000);
			p[1] = (char)('0' + y / 100 % 10);
			p[2] = (char)('0' + y / 10 % 10);
			p[3] = (char)('0' + y % 10);
			p[4] = '\0';
		} else
			snprintf(p, 22, "%lld", (long long)y);
	}
}

/*
 * Print a listing's entries from `from` on: names (nlist) or the long
 * form (ls), "MODE SIZE DATE NAME[ -> TARGET]". Each line is built by
 * hand in one buffer (100,000 entries print in a few milliseconds), the
 * names sanitized into it, and handed out as it is.
 */
void
cmd_print_listing(struct app *app, const struct ftp_listing *l, size_t from,
    bool long_)
{
	const struct ftp_entry *e;
	struct buf line;
	char pre[16 + 24 + DATE_MAX + 2], *q, *num, date[DATE_MAX];
	time_t now = time(NULL);
	size_t i, n;
	uint64_t v;

	buf_init(&line, 6 * (LIM_NAME + LIM_PATH) + 256);
	for (i = from; i < l->n; i++) {
		e = &l->entries[i];
		buf_clear(&line);
		if (long_ && e->type != FTP_ENT_RAW) {
			/* "%s %12llu %-12s ": mode, size, date */
			mode_string(e, pre);
			q = pre + 10;
			*q++ = ' ';
			num = q + 24;
			if (e->has_size) {
				v = e->size;
				do
					*--num = (char)('0' + v % 10);
				while ((v /= 10) > 0);
			}
			n = (size_t)(q + 24 - num);
			memset(q, ' ', n < 12 ? 12 - n : 0);
			memmove(q + (n < 12 ? 12 - n : 0), num, n);
			q += n < 12 ? 12 : n;
			*q++ = ' ';
			date_string(e, now, date);
			n = strlen(date);
			memcpy(q, date, n);
			memset(q + n, ' ', n < 12 ? 12 - n : 0);
			q += n < 12 ? 12 : n;
			*q++ = ' ';
			buf_append(&line, pre, (size_t)(q - pre));
		}
		san_append(&line, e->name, e->namelen, 0);
		if (long_ && e->type != FTP_ENT_RAW && e->target != NULL) {
			buf_append(&line, " -> ", 4);
			san_append(&line, e->target, strlen(e->target), 0);
		}
		app_out_clean(app, APP_OUT, buf_cstr(&line));
	}
	buf_free(&line);
}

/*
 * ls and nlist print the entries as the listing arrives (a big directory
 * scrolls while the server still sends it, as curl's does); the end
 * prints what is left. Straight from the engine, printed entries are
 * dropped (batch mode keeps no cache, so memory stays flat); through the
 * cache, c->shown counts the printed ones. A sort (-t, -S, -r) waits for
 * the whole listing.
 */
static bool
ls_sorted(const struct cmd_call *c)
{
	return cmd_opt(c, 't') || cmd_opt(c, 'S') || cmd_opt(c, 'r');
}

static void
ls_entry_key(const void *p, struct ld_sortkey *k)
{
	const struct ftp_entry *e = p;

	memset(k, 0, sizeof *k);
	k->name = e->name;
	k->namelen = e->namelen;
	k->isdir = e->type == FTP_ENT_DIR;
	k->has_size = e->has_size && e->type != FTP_ENT_DIR;
	k->size = e->size;
	k->has_mtime = e->has_mtime;
	k->mtime = e->mtime;
}

/* Print a whole listing, sorted as the options ask. */
static void
ls_print_all(struct cmd_call *c, const struct ftp_listing *l, size_t from)
{
	struct ftp_listing sorted;

	if (!ls_sorted(c) || from >= l->n) {
		cmd_print_listing(c->app, l, from, c->run_long);
		return;
	}
	memset(&sorted, 0, sizeof sorted);
	sorted.n = l->n - from;
	sorted.entries = xreallocarray(NULL, sorted.n, sizeof *sorted.entries);
	memcpy(sorted.entries, l->entries + from,
	    sorted.n * sizeof *sorted.entries);
	ld_sort(sorted.entries, sorted.n, sizeof *sorted.entries,
	    ls_entry_key, cmd_opt(c, 't') ? LD_SORT_MTIME : cmd_opt(c, 'S') ?
	    LD_SORT_SIZE : LD_SORT_NAME, cmd_opt(c, 'r') ? LD_SORT_REVERSE : 0);
	cmd_print_listing(c->app, &sorted, 0, c->run_long);
	free(sorted.entries);
}

static void
ls_show(struct cmd_call *c, const struct ftp_listing *l)
{
	if (l->n > c->shown && !ls_sorted(c)) {
		cmd_print_listing(c->app, l, c->shown, c->run_long);
		c->shown = l->n;
	}
}

static bool
ls_entries(struct ftp_session *s, const struct ftp_listing *so_far,
    void *arg)
{
	struct cmd_call *c = arg;

	if (ls_sorted(c))
		return false;
	cmd_print_listing(c->app, so_far, 0, c->run_long);
	return true;
}

static void
ls_dir_entries(struct app *app, const struct ftp_listing *so_far, void *arg)
{
	ls_show(arg, so_far);
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
	ls_print_all(c, st->listing, 0);
	cmd_finish(c, CMD_OK);
}

/* ls: the listing arrived in the cache. */
static void
ls_cached(struct app *app, struct app_dir *d, void *arg)
{
	struct cmd_call *c = arg;

	if (d == NULL || !d->loaded) {
		if (app_reconnect_repeat(c))
			return;
		if (!c->interrupted)
			cmd_err(app, c->desc->name, NULL, d && d->error ?
			    d->error : _("listing failed"));
		cmd_finish(c, CMD_FAILED);
		return;
	}
	ls_print_all(c, &d->list, c->shown);
	cmd_finish(c, CMD_OK);
}

/*
 * ls [-l|-1] [-a] [-t|-S] [-r] [PATH]: a fresh listing, kept in the
 * cache. -1 prints names only, -l the long form (ls's default); -a is
 * what jangada always does (it hides no entry the server sends); -t, -S
 * sort newest or largest first, -r reverses (by name without -t/-S).
 */
static void
ls_run(struct cmd_call *c)
{
	char *path;

	path = app_rpath(c->app, c->argc == 2 ? c->argv[1] : NULL);
	/* Batch mode has no use for the cache; when it is full, neither. */
	if (c->app->batch || app_dir_stream(c->app, path, ls_dir_entries,
	    ls_cached, c) == -1)
		ftp_list_stream(c->app->ftp, path, FTP_LIST_LIST,
		    c->app->opts.mlsd, ls_entries, ls_done, c);
	free(path);
}

int
cmd_ls(struct cmd_call *c)
{
	c->run_long = !cmd_opt(c, '1') || cmd_opt(c, 'l');
	ls_run(c);
	return 0;
}

/*
 * nlist [-l|-1] [-a] [-t|-S] [-r] [PATH]: NLST; the long form or a sort
 * needs the sizes and dates of a full listing (as ls).
 */
int
cmd_nlist(struct cmd_call *c)
{
	c->run_long = cmd_opt(c, 'l') != 0;
	if (c->run_long || ls_sorted(c)) {
		ls_run(c);
		return 0;
	}
	ftp_list_stream(c->app->ftp, c->argc == 2 ? c->argv[1] : NULL,
	    FTP_LIST_NLST, false, ls_entries, ls_done, c);
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
	if (c->priv != NULL) {		/* where we were, for cd - */
		free(app->rcwd_prev);
		app->rcwd_prev = c->priv;
		c->priv = NULL;
	}
	if (app->opts.autolist)
		app_dir_load(app, app_rcwd(app), false, NULL, NULL);
	cmd_finish(c, CMD_OK);
}

/* cd [PATH | -]: alone, the login directory; "-", the previous one. */
int
cmd_cd(struct cmd_call *c)
{
	struct app *app = c->app;
	const char *to = c->argc == 2 ? c->argv[1] : app->rcwd_login;

	if (c->argc == 2 && strcmp(to, "-") == 0 &&
	    (to = app->rcwd_prev) == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", _("no previous directory"));
		return 0;
	}
	if (to == NULL)
		to = "/";
	c->priv = xstrdup(app_rcwd(app));
	c->priv_free = free;
	if (strcmp(to, "..") == 0)
		ftp_cdup(app->ftp, cd_done, c);
	else
		ftp_cwd(app->ftp, to, cd_done, c);
	return 0;
}

/* cdup. */
int
cmd_cdup(struct cmd_call *c)
{
	c->priv = xstrdup(app_rcwd(c->app));
	c->priv_free = free;
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
	void	*memo;		/* chmod's (cmd_chmod.c) */
};

static void
each_free(void *p)
{
	struct each *e = p;

	cmd_chmod_memo_free(e->memo);
	free(e);
}

static void	each_next(struct cmd_call *);

/* One path done: report a failure, drop the cache, go on. */
static void
each_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct cmd_call *c = arg;
	struct each *e = c->priv;
	char *path = app_rpath(c->app, c->argv[e->i - 1]), *slash;

	if (c->interrupted) {
		/* Ctrl-C: no next path. */
		app_dir_forget(c->app, path);
		free(path);
		cmd_finish(c, CMD_FAILED);
		return;
	}
	if (!st->ok) {
		cmd_err(c->app, c->desc->name, NULL, st->error ? st->error :
		    _("failed"));
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

	e->i = first;
	e->op = op;
	c->priv = e;
	c->priv_free = each_free;
	each_next(c);
	return 0;
}

/* mkdir [-p] PATH... (-p: cmd_tree.c). */
int
cmd_mkdir(struct cmd_call *c)
{
	if (cmd_opt(c, 'p'))
		return cmd_mkdir_tree(c);
	return each_start(c, 1, ftp_mkdir);
}

/* rmdir [-r] [-f] PATH... (-r or -R, -f: cmd_tree.c). */
int
cmd_rmdir(struct cmd_call *c)
{
	if (cmd_opt(c, 'r') || cmd_opt(c, 'R') || cmd_opt(c, 'f'))
		return cmd_rm_tree(c, true);
	return each_start(c, 1, ftp_rmdir);
}

/* rm [-r] [-f] PATH... (-r or -R, -f: cmd_tree.c). */
int
cmd_rm(struct cmd_call *c)
{
	if (cmd_opt(c, 'r') || cmd_opt(c, 'R') || cmd_opt(c, 'f'))
		return cmd_rm_tree(c, false);
	return each_start(c, 1, ftp_delete);
}

/* chmod's SITE CHMOD MODE PATH, as an "each" operation; a symbolic
 * mode from the path's listed permissions (cmd_chmod.c). */
static int
chmod_one(struct ftp_session *s, const char *path, ftp_done_cb cb, void *arg)
{
	struct cmd_call *c = arg;
	char *line;
	int rc;

	if (!mode_is_octal(c->argv[1]))
		return cmd_chmod_sym(c, path, &((struct each *)c->priv)->memo,
		    cb, arg);
	line = xasprintf("CHMOD %s %s", c->argv[1], path);
	rc = ftp_site(s, line, cb, arg);
	free(line);
	return rc;
}

/* chmod MODE PATH...: octal, or chmod(1)'s symbolic modes (base/mode.c). */
int
cmd_chmod(struct cmd_call *c)
{
	char err[MODE_ERRLEN];
	mode_t mode;

	if (mode_apply(c->argv[1], 0, false, &mode, err, sizeof err) == -1) {
		cmd_fail(c, CMD_USAGE, _("bad mode: %s: %s"), c->argv[1], err);
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
	ftp_mdtm(c->app->ftp, c->argv[1], mtime_done, c);
	return 0;
}

/*
 * Does the start of a file look binary: a NUL byte, or more than one in
 * ten of its first 4 KiB control bytes other than tab, CR, LF, FF, ESC?
 */
static bool
cat_binary(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i, bad = 0;

	if (n > 4096)
		n = 4096;
	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			return true;
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] !=
		    '\r' && s[i] != '\f' && s[i] != 0x1b) || s[i] == 0x7f)
			bad++;
	}
	return n > 0 && bad * 10 > n;
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
	if (cat_binary(buf_data(b), buf_len(b))) {
		/* not 64 KiB of \xNN: say what it is */
		cmd_fail(c, CMD_FAILED, _("%s: binary file; use view (or get) "
		    "instead of cat"), c->argv[1]);
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
	struct ftp_xfer x;
	struct buf *b;
	size_t limit;

	if (cmd_view_limit(c, &limit) == -1)
		return 0;
	b = xcalloc(1, sizeof *b);
	buf_init(b, limit);
	c->priv = b;
	c->priv_free = buf_free_priv;
	memset(&x, 0, sizeof x);
	x.remote = c->argv[1];
	x.type = FTP_TYPE_A;
	x.dirfd = x.fd = -1;
	x.mem = b;
	ftp_get(c->app->ftp, &x, cat_done, c);
	return 0;
}
