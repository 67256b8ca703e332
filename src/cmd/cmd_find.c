/*
 * cmd_find.c: find and du over a remote tree, walked with rwalk.c
 * (depth first, at most FIND_DEPTH levels, links never followed).
 *
 * find prints each match as its directory's listing arrives; du adds the
 * sizes of the files up to every directory and prints the totals at the
 * end (children before their parents), or the grand total alone (-s).
 * Both stop at once on Ctrl-C (the walk is stopped; a listing still out
 * frees it when its answer comes). Paths are printed as typed: the
 * directory given (default ".") and the names below it; app_out
 * sanitizes them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"
#include "cmd/rwalk.h"

#define FIND_DEPTH	100

struct fdir {
	char		*path;		/* absolute */
	size_t		 parent;	/* index, or SIZE_MAX: the root */
	uint64_t	 total;
};

struct find {
	struct cmd_call	*c;
	struct rwalk	*walk;
	char		*root;		/* absolute */
	char		*shown;		/* the root as typed, or "." */
	/* find */
	const char	*name;		/* -name GLOB */
	int		 type;		/* -type: 'f', 'd', 'l' or 0 */
	int		 size_cmp;	/* -size: -1 less, 0 equal, 1 more */
	uint64_t	 size;
	bool		 has_size;
	time_t		 newer;
	bool		 has_newer;
	uint64_t	 found;
	/* du */
	bool		 du, summary, human;
	struct fdir	*dirs;
	size_t		 ndirs, capdirs;
	size_t		*hash;		/* dirs by path: index + 1, 0 empty */
	size_t		 hcap;
	char		*last_parent;	/* the cache of the last lookup */
	size_t		 last_idx;
};

static void
find_free(void *p)
{
	struct find *f = p;
	size_t i;

	rwalk_stop(f->walk);
	for (i = 0; i < f->ndirs; i++)
		free(f->dirs[i].path);
	free(f->dirs);
	free(f->hash);
	free(f->last_parent);
	free(f->root);
	free(f->shown);
	free(f);
}

/* The path as the user sees it: the root as typed, then the rest. */
static char *
find_shown(struct find *f, const char *path)
{
	size_t rl = strlen(f->root);
	const char *rest = path + rl;

	if (strcmp(f->root, "/") == 0)
		rest = path;
	else if (strncmp(path, f->root, rl) != 0)
		return xstrdup(path);
	if (*rest == '/' && strcmp(f->shown, "/") == 0)
		return xstrdup(rest);
	return xasprintf("%s%s", f->shown, rest);
}

/* ------------------------------------------------------------ du */

static size_t
hash_mem(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return (size_t)h;
}

static size_t
hash_str(const char *s)
{
	return hash_mem(s, strlen(s));
}

static void
du_hash_put(struct find *f, size_t idx)
{
	size_t i;

	if (2 * (f->ndirs + 1) > f->hcap) {
		size_t k, cap = f->hcap ? 2 * f->hcap : 256;

		free(f->hash);
		f->hash = xcalloc(cap, sizeof *f->hash);
		f->hcap = cap;
		for (k = 0; k < f->ndirs; k++)
			if (k != idx) {
				for (i = hash_str(f->dirs[k].path) & (cap - 1);
				    f->hash[i] != 0; i = (i + 1) & (cap - 1))
					;
				f->hash[i] = k + 1;
			}
	}
	for (i = hash_str(f->dirs[idx].path) & (f->hcap - 1); f->hash[i] != 0;
	    i = (i + 1) & (f->hcap - 1))
		;
	f->hash[i] = idx + 1;
}

static size_t
du_lookup(struct find *f, const char *path, size_t len)
{
	size_t i;
	const char *p;

	if (f->last_parent != NULL && strlen(f->last_parent) == len &&
	    memcmp(f->last_parent, path, len) == 0)
		return f->last_idx;
	for (i = hash_mem(path, len) & (f->hcap - 1); f->hash[i] != 0;
	    i = (i + 1) & (f->hcap - 1)) {
		p = f->dirs[f->hash[i] - 1].path;
		if (strlen(p) == len && memcmp(p, path, len) == 0) {
			free(f->last_parent);
			f->last_parent = xstrndup(path, len);
			f->last_idx = f->hash[i] - 1;
			return f->last_idx;
		}
	}
	return 0;			/* not seen: the root takes it */
}

static size_t
du_add_dir(struct find *f, const char *path, size_t parent)
{
	if (f->ndirs == f->capdirs) {
		f->capdirs = f->capdirs ? 2 * f->capdirs : 64;
		f->dirs = xreallocarray(f->dirs, f->capdirs, sizeof *f->dirs);
	}
	f->dirs[f->ndirs].path = xstrdup(path);
	f->dirs[f->ndirs].parent = parent;
	f->dirs[f->ndirs].total = 0;
	f->ndirs++;
	du_hash_put(f, f->ndirs - 1);
	return f->ndirs - 1;
}

static void
du_print(struct find *f, uint64_t total, const char *path)
{
	char num[32], *shown = find_shown(f, path);

	if (f->human)
		str_human_size(num, sizeof num, total);
	else
		snprintf(num, sizeof num, "%llu", (unsigned long long)total);
	app_out(f->c->app, APP_OUT, "%s\t%s", num, shown);
	free(shown);
}

/* ---------------------------------------------------------- the walk */

static bool
find_match(struct find *f, const struct ftp_entry *e)
{
	if (f->type != 0 && !((f->type == 'f' && e->type == FTP_ENT_FILE) ||
	    (f->type == 'd' && e->type == FTP_ENT_DIR) ||
	    (f->type == 'l' && e->type == FTP_ENT_LINK)))
		return false;
	if (f->name != NULL && !glob_match(f->name, e->name, e->namelen))
		return false;
	if (f->has_size && (!e->has_size || (f->size_cmp < 0 ? e->size >=
	    f->size : f->size_cmp > 0 ? e->size <= f->size : e->size !=
	    f->size)))
		return false;
	if (f->has_newer && (!e->has_mtime || e->mtime <= f->newer))
		return false;
	return true;
}

static bool
find_entry(void *arg, const char *path, const struct ftp_entry *e,
    int depth)
{
	struct find *f = arg;
	const char *slash;
	char *shown;
	size_t parent;

	if (e->type == FTP_ENT_RAW)
		return true;
	if (f->du) {
		slash = strrchr(path, '/');
		parent = du_lookup(f, path, slash == path ? 1 :
		    (size_t)(slash - path));
		if (e->type == FTP_ENT_DIR)
			du_add_dir(f, path, parent);
		else if (e->type == FTP_ENT_FILE && e->has_size)
			f->dirs[parent].total += e->size;
		return true;
	}
	if (!find_match(f, e))
		return true;
	f->found++;
	shown = find_shown(f, path);
	app_out(f->c->app, APP_OUT, "%s", shown);
	free(shown);
	return true;
}

static void
find_error(void *arg, const char *path, const char *error)
{
	struct find *f = arg;
	char *shown = find_shown(f, path);

	/* The path once: the session's errors name it. */
	if (strstr(error, path) != NULL)
		app_out(f->c->app, APP_ERROR, "%s: %s", f->c->desc->name,
		    error);
	else
		app_out(f->c->app, APP_ERROR, "%s: %s: %s", f->c->desc->name,
		    shown, error);
	free(shown);
}

static void
find_done(void *arg, bool stopped)
{
	struct find *f = arg;
	int errors = rwalk_errors(f->walk);
	size_t i;

	rwalk_stop(f->walk);
	f->walk = NULL;
	if (f->du) {
		/* Pre-order: every directory comes after its parent. */
		for (i = f->ndirs; i-- > 1;)
			f->dirs[f->dirs[i].parent].total += f->dirs[i].total;
		for (i = f->ndirs; !f->summary && i-- > 1;)
			du_print(f, f->dirs[i].total, f->dirs[i].path);
		du_print(f, f->dirs[0].total, f->root);
	}
	cmd_finish(f->c, errors > 0 ? CMD_FAILED : CMD_OK);
}

/* Parse a date: "YYYY-MM-DD[ HH:MM[:SS]]" (UTC, as listings are). */
static int
find_date(const char *s, time_t *out)
{
	static const char *const fmts[] = { "%Y-%m-%d %H:%M:%S",
	    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", NULL };
	struct tm tm;
	const char *end;
	size_t i;

	for (i = 0; fmts[i] != NULL; i++) {
		memset(&tm, 0, sizeof tm);
		end = strptime(s, fmts[i], &tm);
		if (end != NULL && *end == '\0') {
			*out = timegm(&tm);
			return 0;
		}
	}
	return -1;
}

static int
find_start(struct cmd_call *c, struct find *f, const char *dir)
{
	size_t len;

	f->c = c;
	f->root = app_rpath(c->app, dir);
	f->shown = xstrdup(dir != NULL ? dir : ".");
	len = strlen(f->shown);
	while (len > 1 && f->shown[len - 1] == '/')
		f->shown[--len] = '\0';
	c->priv = f;
	c->priv_free = find_free;
	if (f->du)
		du_add_dir(f, f->root, SIZE_MAX);
	f->walk = rwalk_start(c->app, f->root, FIND_DEPTH, find_entry,
	    find_error, find_done, f);
	if (f->walk == NULL)
		cmd_fail(c, CMD_FAILED, "%s", _("not connected"));
	return 0;
}

/* find [DIR] [-name GLOB] [-type f|d|l] [-size [+|-]N] [-newer DATE|FILE] */
int
cmd_rfind(struct cmd_call *c)
{
	struct find *f = xcalloc(1, sizeof *f);
	const char *dir = NULL, *a, *v;
	struct stat sb;
	int i = 1;

	if (i < c->argc && c->argv[i][0] != '-')
		dir = c->argv[i++];
	else if (i < c->argc && strcmp(c->argv[i], "--") == 0 &&
	    i + 1 < c->argc)
		dir = c->argv[(i += 2) - 1];
	for (; i < c->argc; i += 2) {
		a = c->argv[i];
		if (i + 1 >= c->argc)
			goto usage;
		v = c->argv[i + 1];
		if (strcmp(a, "-name") == 0)
			f->name = v;
		else if (strcmp(a, "-type") == 0 && (strcmp(v, "f") == 0 ||
		    strcmp(v, "d") == 0 || strcmp(v, "l") == 0))
			f->type = v[0];
		else if (strcmp(a, "-size") == 0) {
			f->size_cmp = v[0] == '+' ? 1 : v[0] == '-' ? -1 : 0;
			if (app_parse_size(v + (f->size_cmp != 0), &f->size)
			    == -1)
				goto usage;
			f->has_size = true;
		} else if (strcmp(a, "-newer") == 0) {
			if (find_date(v, &f->newer) == 0)
				;
			else if (stat(v, &sb) == 0)	/* find's -newer FILE */
				f->newer = sb.st_mtime;
			else {
				free(f);
				cmd_fail(c, CMD_USAGE, _("not a date "
				    "(YYYY-MM-DD [HH:MM[:SS]], UTC) nor a local "
				    "file: %s"), v);
				return 0;
			}
			f->has_newer = true;
		} else
			goto usage;
	}
	return find_start(c, f, dir);
usage:
	free(f);
	cmd_usage(c, NULL);
	return 0;
}

/* du [-s] [-h] [DIR] (the options as the argument spec parsed them) */
int
cmd_du(struct cmd_call *c)
{
	struct find *f = xcalloc(1, sizeof *f);

	f->du = true;
	f->summary = cmd_opt(c, 's') > 0;
	f->human = cmd_opt(c, 'h') > 0;
	return find_start(c, f, c->argc > 1 ? c->argv[1] : NULL);
}
