/*
 * cmd_local.c: commands on the local side: lcd, lpwd, lls, lmkdir.
 *
 * The local directory is the process's working directory: lcd changes it,
 * and downloads without a target go there.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "local/ldir.h"

/* lcd [DIR]: HOME without one. */
int
cmd_lcd(struct cmd_call *c)
{
	const char *dir = c->argc == 2 ? c->argv[1] : getenv("HOME");
	char cwd[4096];

	if (c->argc > 2 || dir == NULL) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	if (chdir(dir) == -1) {
		cmd_fail(c, CMD_FAILED, "%s: %s", dir, strerror(errno));
		return 0;
	}
	if (getcwd(cwd, sizeof cwd) != NULL && !c->app->quiet)
		app_out(c->app, APP_INFO, _("Local directory now %s"), cwd);
	app_changed(c->app, APP_CH_LCWD);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* lpwd. */
int
cmd_lpwd(struct cmd_call *c)
{
	char cwd[4096];

	if (getcwd(cwd, sizeof cwd) == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", strerror(errno));
		return 0;
	}
	app_out(c->app, APP_OUT, "%s", cwd);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* lls [DIR]: the local listing, directories first. */
int
cmd_lls(struct cmd_call *c)
{
	struct ld_list l;
	struct tm tm;
	char err[512], date[64];
	size_t i;

	if (c->argc > 2) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	if (ld_scan(c->argc == 2 ? c->argv[1] : ".", &l, err,
	    sizeof err) == -1) {
		cmd_fail(c, CMD_FAILED, "%s", err);
		return 0;
	}
	ld_list_sort(&l, LD_SORT_NAME, LD_SORT_DIRS_FIRST);
	for (i = 0; i < l.n; i++) {
		struct ld_entry *e = &l.entries[i];

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

/* lmkdir DIR... */
int
cmd_lmkdir(struct cmd_call *c)
{
	int i, failed = 0;

	if (cmd_tree_opts(c))
		return cmd_lmkdir_tree(c);
	if (c->argc < 2) {
		cmd_fail(c, CMD_USAGE, _("usage: %s"), _(c->desc->usage));
		return 0;
	}
	for (i = 1; i < c->argc; i++)
		if (mkdir(c->argv[i], 0777) == -1) {
			app_out(c->app, APP_ERROR, "lmkdir: %s: %s",
			    c->argv[i], strerror(errno));
			failed++;
		}
	app_changed(c->app, APP_CH_LCWD);
	cmd_finish(c, failed ? CMD_FAILED : CMD_OK);
	return 0;
}
