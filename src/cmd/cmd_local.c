/*
 * cmd_local.c: commands on the local side: lcd, lpwd, lls, lmkdir, lchmod.
 *
 * The local directory is app state (app->lcwd, a directory descriptor
 * and the name it has now): lcd changes it and never the process's
 * directory; local paths are resolved against it (app_lpath, app.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/mode.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"
#include "local/ldir.h"
#include "local/lpath.h"

/* lcd [DIR]: HOME without one. */
int
cmd_lcd(struct cmd_call *c)
{
	struct stat st;
	char *dir, *real, err[512];

	if (c->argc == 1 && getenv("HOME") == NULL) {
		cmd_usage(c, NULL);
		return 0;
	}
	if (c->argc == 2 && strcmp(c->argv[1], "-") == 0 &&
	    c->app->lcwd_prev.fd != -1)
		dir = xstrdup(lp_dir_name(&c->app->lcwd_prev));
	else
		dir = app_lpath(c->app, c->argc == 2 ? c->argv[1] : "~");
	/* The process's directory never moves: children chdir here. */
	errno = 0;
	if ((real = realpath(dir, NULL)) == NULL || stat(real, &st) == -1 ||
	    (!S_ISDIR(st.st_mode) && (errno = ENOTDIR) != 0) ||
	    access(real, X_OK) == -1) {
		cmd_fail(c, CMD_FAILED, "%s: %s", dir, strerror(errno));
		free(real);
		free(dir);
		return 0;
	}
	if (app_set_lcwd(c->app, real, err, sizeof err) == -1) {
		cmd_fail(c, CMD_FAILED, "%s", err);
		free(real);
		free(dir);
		return 0;
	}
	free(real);
	free(dir);
	if (!c->app->quiet)
		app_out(c->app, APP_INFO, _("Local directory now %s"),
		    app_lcwd(c->app));
	app_changed(c->app, APP_CH_LCWD);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* lpwd. */
int
cmd_lpwd(struct cmd_call *c)
{
	app_out(c->app, APP_OUT, "%s", app_lcwd(c->app));
	cmd_finish(c, CMD_OK);
	return 0;
}

/*
 * lls [-l|-1] [-a] [-t|-S] [-r] [DIR]: the local listing, directories
 * first by name; -t, -S: newest, largest first; -r reversed; -1 names.
 */
int
cmd_lls(struct cmd_call *c)
{
	struct ld_list l;
	struct tm tm;
	char err[512], date[64], *dir;
	size_t i;
	int rc;

	dir = app_lpath(c->app, c->argc == 2 ? c->argv[1] : ".");
	rc = ld_scan(dir, &l, err, sizeof err);
	free(dir);
	if (rc == -1) {
		cmd_fail(c, CMD_FAILED, "%s", err);
		return 0;
	}
	ld_list_sort(&l, cmd_opt(c, 't') ? LD_SORT_MTIME : cmd_opt(c, 'S') ?
	    LD_SORT_SIZE : LD_SORT_NAME, cmd_opt(c, 'r') ? LD_SORT_REVERSE :
	    cmd_opt(c, 't') || cmd_opt(c, 'S') ? 0 : LD_SORT_DIRS_FIRST);
	for (i = 0; i < l.n; i++) {
		struct ld_entry *e = &l.entries[i];

		if (cmd_opt(c, '1') && !cmd_opt(c, 'l')) {
			app_out(c->app, APP_OUT, "%s%s", e->name,
			    S_ISDIR(e->mode) ? "/" : "");
			continue;
		}

		/* app_out sanitizes the line, the names with it. */
		localtime_r(&e->mtime, &tm);
		strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
		app_out(c->app, APP_OUT, "%c %12llu %s %s%s%s%s",
		    S_ISDIR(e->mode) ? 'd' : S_ISLNK(e->mode) ? 'l' : '-',
		    (unsigned long long)e->size, date, e->name,
		    S_ISDIR(e->mode) ? "/" : "", e->target ? " -> " : "",
		    e->target ? e->target : "");
	}
	ld_list_free(&l);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* lmkdir [-p] DIR... (-p: cmd_tree.c). */
int
cmd_lmkdir(struct cmd_call *c)
{
	char *dir;
	int i, failed = 0;

	if (cmd_opt(c, 'p'))
		return cmd_lmkdir_tree(c);
	for (i = 1; i < c->argc; i++) {
		dir = app_lpath(c->app, c->argv[i]);
		if (mkdir(dir, 0777) == -1) {
			app_out(c->app, APP_ERROR, "lmkdir: %s: %s", dir,
			    strerror(errno));
			failed++;
		}
		free(dir);
	}
	app_changed(c->app, APP_CH_LCWD);
	cmd_finish(c, failed ? CMD_FAILED : CMD_OK);
	return 0;
}

/* lchmod MODE PATH...: chmod's modes, octal or symbolic (base/mode.c),
 * on local files; a symbolic one from each file's own mode (the file a
 * link names, as chmod(2) changes it). */
int
cmd_lchmod(struct cmd_call *c)
{
	char err[MODE_ERRLEN], *path;
	struct stat st;
	mode_t mode;
	int i, failed = 0;
	bool octal = mode_is_octal(c->argv[1]);

	if (mode_apply(c->argv[1], 0, false, &mode, err, sizeof err) == -1) {
		cmd_fail(c, CMD_USAGE, _("bad mode: %s: %s"), c->argv[1], err);
		return 0;
	}
	for (i = 2; i < c->argc; i++) {
		path = app_lpath(c->app, c->argv[i]);
		if (!octal && fstatat(AT_FDCWD, path, &st, 0) == -1) {
			app_out(c->app, APP_ERROR, "lchmod: %s: %s",
			    app_lshown(c->app, path), strerror(errno));
			failed++;
		} else if (!octal && mode_apply(c->argv[1], st.st_mode,
		    S_ISDIR(st.st_mode), &mode, err, sizeof err) == -1) {
			app_out(c->app, APP_ERROR, "lchmod: %s: %s",
			    app_lshown(c->app, path), err);
			failed++;
		} else if (chmod(path, mode) == -1) {
			app_out(c->app, APP_ERROR, "lchmod: %s: %s",
			    app_lshown(c->app, path), strerror(errno));
			failed++;
		}
		free(path);
	}
	app_changed(c->app, APP_CH_LCWD);
	cmd_finish(c, failed ? CMD_FAILED : CMD_OK);
	return 0;
}
