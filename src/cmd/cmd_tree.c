/*
 * cmd_tree.c: whole trees: rm -r and rmdir -r (remote), lrm [-r] [-f]
 * (local), mkdir -p and lmkdir -p.
 *
 * A recursive remove first walks the trees (rwalk.c remotely, nftw
 * locally, never following a symbolic link: a link is removed, not what
 * it points to), counting files and directories, then asks once with
 * the total (unless -f; with nobody to ask, as in batch mode without a
 * terminal, it refuses), then removes depth first: a directory after
 * everything in it. Remotely that is one DELE or RMD at a time on the
 * browsing session; locally a slice of entries per pass of the loop. Both
 * stop at once on Ctrl-C (cmd_cancel frees the command's state; an
 * operation or a question still out finds it marked and frees it). The
 * walk holds at most TREE_MAX entries.
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/count.h"
#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/rwalk.h"
#include "ev/loop.h"

#define TREE_MAX	(1000 * 1000)	/* entries of one remove */
#define TREE_DEPTH	100		/* directory levels */
#define TREE_SLICE	256		/* local removals per pass */

enum top { T_DELE, T_RMD, T_MKD };

struct titem {
	char		*path;
	enum top	 op;
	bool		 may_fail;	/* mkdir -p: a parent that exists */
};

struct tree {
	struct app	*app;
	struct cmd_call	*c;		/* NULL: the command is gone */
	bool		 busy;		/* an operation or a question is out */
	bool		 local;
	bool		 force;
	bool		 recursive;
	bool		 too_many;
	int		 argi;		/* the next root in argv */
	struct rwalk	*walk;
	char		*probe_name;	/* the root looked for in its parent */
	char		*probe_path;
	int		 probe_type;	/* -1: not seen */
	bool		 parents;	/* mkdir -p */
	char		*mkd_error;	/* mkdir -p: MKD's refusal, kept while
					   the parent's listing says why */
	struct titem	*items;
	size_t		 n, cap, next;
	size_t		 files, dirs;	/* counted */
	size_t		 rfiles, rdirs;	/* removed */
	int		 errors;
	struct ev_timer	*timer;		/* local: the next slice */
};

static struct tree *nftw_tree;		/* nftw has no argument */

static void	tree_root_next(struct tree *);
static void	tree_run_next(struct tree *);
static void	mkdir_probe(struct tree *, const char *path,
		    const char *error);

static void
tree_free(struct tree *t)
{
	size_t i;

	rwalk_stop(t->walk);
	for (i = 0; i < t->n; i++)
		free(t->items[i].path);
	free(t->items);
	free(t->probe_name);
	free(t->probe_path);
	free(t->mkd_error);
	ev_timer_free(t->timer);
	free(t);
}

/* The command is gone (ended or cancelled): stop everything. */
static void
tree_priv_free(void *p)
{
	struct tree *t = p;

	t->c = NULL;
	rwalk_stop(t->walk);
	t->walk = NULL;
	ev_timer_free(t->timer);
	t->timer = NULL;
	if (!t->busy)
		tree_free(t);
}

static struct tree *
tree_new(struct cmd_call *c, bool local)
{
	struct tree *t = xcalloc(1, sizeof *t);

	t->app = c->app;
	t->c = c;
	t->local = local;
	c->priv = t;
	c->priv_free = tree_priv_free;
	return t;
}

static void
tree_add(struct tree *t, const char *path, enum top op, bool may_fail)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->items = xreallocarray(t->items, t->cap, sizeof *t->items);
	}
	t->items[t->n].path = xstrdup(path);
	t->items[t->n].op = op;
	t->items[t->n].may_fail = may_fail;
	t->n++;
	if (op == T_RMD)
		t->dirs++;
	else if (op == T_DELE)
		t->files++;
}

/* "rm: message" (app_out sanitizes the names in it). */
static void __attribute__((format(printf, 2, 3)))
tree_err(struct tree *t, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	app_out(t->app, APP_ERROR, "%s: %s", t->c->desc->name, msg);
	free(msg);
	t->errors++;
}

/* "rm: PATH: why", the path once (the session's errors name it). */
static void
tree_path_err(struct tree *t, const char *path, const char *why)
{
	if (strstr(why, path) != NULL)
		tree_err(t, "%s", why);
	else
		tree_err(t, "%s: %s", path, why);
}

/* The end: a summary, the caches, the status. */
static void
tree_end(struct tree *t)
{
	struct cmd_call *c = t->c;

	if (t->rfiles + t->rdirs > 0 && !t->app->quiet) {
		char a[COUNT_LEN], b[COUNT_LEN];

		app_out(t->app, APP_INFO, _("%s: removed %s and %s"),
		    c->desc->name, count_files(a, sizeof a, t->rfiles),
		    count_dirs(b, sizeof b, t->rdirs));
	}
	if (!t->local) {
		app_dir_forget_all(t->app);
		app_changed(t->app, APP_CH_RLIST);
		if (t->app->opts.autolist)
			app_dir_load(t->app, app_rcwd(t->app), false, NULL,
			    NULL);
	} else
		app_changed(t->app, APP_CH_LCWD);
	cmd_finish(c, t->errors ? CMD_FAILED : CMD_OK);
}

/* ------------------------------------------------------ running items */

/* One remote operation answered. */
static void
tree_op_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct tree *t = arg;
	struct titem *it = &t->items[t->next - 1];

	t->busy = false;
	if (t->c == NULL) {
		tree_free(t);
		return;
	}
	if (!st->ok && it->op == T_MKD && t->parents && !it->may_fail) {
		/* mkdir -p of a directory that exists is no error */
		mkdir_probe(t, it->path, st->error ? st->error : _("failed"));
		return;
	}
	if (!st->ok) {
		if (!it->may_fail && !(t->force && it->op == T_DELE &&
		    !t->recursive))
			tree_path_err(t, it->path, st->error != NULL ?
			    st->error : _("failed"));
	} else if (it->op == T_RMD)
		t->rdirs++;
	else if (it->op == T_DELE)
		t->rfiles++;
	tree_run_next(t);
}

/* Remove (or make) one local entry; 0 or -1 with errno. */
static int
tree_local_one(struct titem *it)
{
	if (it->op == T_RMD)
		return rmdir(it->path);
	if (it->op == T_DELE)
		return unlink(it->path);
	if (mkdir(it->path, 0777) == 0)
		return 0;
	if (errno == EEXIST) {
		struct stat sb;

		if (stat(it->path, &sb) == 0 && S_ISDIR(sb.st_mode))
			return 0;
		errno = EEXIST;
	}
	return -1;
}

/* The next local slice. */
static void
tree_slice(struct ev_timer *tm, void *arg)
{
	struct tree *t = arg;
	struct titem *it;
	size_t k;

	for (k = 0; k < TREE_SLICE && t->next < t->n; k++) {
		it = &t->items[t->next++];
		if (tree_local_one(it) == -1) {
			if (!(t->force && errno == ENOENT))
				tree_err(t, "%s: %s", it->path,
				    strerror(errno));
		} else if (it->op == T_RMD)
			t->rdirs++;
		else if (it->op == T_DELE)
			t->rfiles++;
	}
	if (t->next < t->n)
		ev_timer_start(t->timer, 0);
	else
		tree_end(t);
}

/* Run the items in order, one at a time (remote) or in slices. */
static void
tree_run_next(struct tree *t)
{
	struct titem *it;
	int rc;

	if (t->local) {
		if (t->timer == NULL)
			t->timer = ev_timer_new(t->app->loop, tree_slice, t);
		ev_timer_start(t->timer, 0);
		return;
	}
	while (t->next < t->n) {
		it = &t->items[t->next++];
		rc = it->op == T_RMD ? ftp_rmdir(t->app->ftp, it->path,
		    tree_op_done, t) : it->op == T_DELE ?
		    ftp_delete(t->app->ftp, it->path, tree_op_done, t) :
		    ftp_mkdir(t->app->ftp, it->path, tree_op_done, t);
		if (rc == 0) {
			t->busy = true;
			return;
		}
		tree_err(t, "%s: %s", it->path, _("not connected"));
		t->next = t->n;
	}
	tree_end(t);
}

/* Everything is counted: children before their directory, then go. */
static void
tree_remove(struct tree *t)
{
	struct titem tmp;
	size_t i;

	if (!t->local && t->recursive)	/* listed parents first */
		for (i = 0; i < t->n / 2; i++) {
			tmp = t->items[i];
			t->items[i] = t->items[t->n - 1 - i];
			t->items[t->n - 1 - i] = tmp;
		}
	t->next = 0;
	tree_run_next(t);
}

/* The answer to "remove N files and M directories?". */
static void
tree_answer(struct app *app, int answer, void *arg)
{
	struct tree *t = arg;
	char a[COUNT_LEN], b[COUNT_LEN];

	t->busy = false;
	if (t->c == NULL) {
		tree_free(t);
		return;
	}
	if (answer == 1) {
		tree_remove(t);
		return;
	}
	if (answer == 0)
		cmd_fail(t->c, CMD_FAILED, "%s", _("nothing was removed"));
	else
		cmd_fail(t->c, CMD_FAILED, _("%s and %s not removed: there "
		    "is no terminal to ask (use -f)"), count_files(a,
		    sizeof a, t->files), count_dirs(b, sizeof b, t->dirs));
}

/* All the roots are counted: ask once, unless -f. */
static void
tree_counted(struct tree *t)
{
	char *q, a[COUNT_LEN], b[COUNT_LEN];

	if (t->n == 0) {
		tree_end(t);
		return;
	}
	if (t->too_many) {
		cmd_fail(t->c, CMD_FAILED, ngettext("more than %d entry; "
		    "nothing was removed", "more than %d entries; nothing "
		    "was removed", TREE_MAX), TREE_MAX);
		return;
	}
	/* Files named one by one are no tree: nothing to ask. */
	if (t->force || !t->recursive || t->dirs == 0) {
		tree_remove(t);
		return;
	}
	if (t->app->hooks.ask_yesno == NULL) {
		tree_answer(t->app, -1, t);
		return;
	}
	q = xasprintf(t->local ? _("Remove %s and %s on this machine?") :
	    _("Remove %s and %s on the server?"), count_files(a, sizeof a,
	    t->files), count_dirs(b, sizeof b, t->dirs));
	t->busy = true;
	t->app->hooks.ask_yesno(t->app, q, tree_answer, t,
	    t->app->hooks_arg);
	free(q);
}

/* -------------------------------------------------- the remote walk */

static bool
walk_entry(void *arg, const char *path, const struct ftp_entry *e,
    int depth)
{
	struct tree *t = arg;

	if (t->n >= TREE_MAX) {
		t->too_many = true;
		return false;
	}
	if (e->type == FTP_ENT_RAW) {
		tree_err(t, "%s: %s", path, _("a listing line that "
		    "could not be read; that directory will stay"));
		return true;
	}
	if (e->type == FTP_ENT_DIR && depth > TREE_DEPTH)
		tree_err(t, "%s: %s", path, _("too deep; it will stay"));
	tree_add(t, path, e->type == FTP_ENT_DIR ? T_RMD : T_DELE, false);
	return true;
}

static void
walk_error(void *arg, const char *path, const char *error)
{
	struct tree *t = arg;

	tree_path_err(t, path, error);
}

static void
walk_done(void *arg, bool stopped)
{
	struct tree *t = arg;

	rwalk_stop(t->walk);
	t->walk = NULL;
	if (t->too_many) {
		tree_counted(t);
		return;
	}
	tree_root_next(t);
}

/* The root's parent listing: is the root a directory? */
static bool
probe_entry(void *arg, const char *path, const struct ftp_entry *e,
    int depth)
{
	struct tree *t = arg;

	if (e->type == FTP_ENT_RAW || strcmp(e->name, t->probe_name) != 0)
		return true;
	t->probe_type = (int)e->type;
	return false;
}

static void
probe_error(void *arg, const char *path, const char *error)
{
	struct tree *t = arg;

	tree_path_err(t, path, error);
}

static void
probe_done(void *arg, bool stopped)
{
	struct tree *t = arg;
	bool failed = rwalk_errors(t->walk) > 0;

	rwalk_stop(t->walk);
	t->walk = NULL;
	if (t->probe_type == -1) {
		if (!failed && !(t->force && t->recursive))
			tree_err(t, "%s: %s", t->probe_path,
			    strerror(ENOENT));
		tree_root_next(t);
		return;
	}
	if (t->probe_type != FTP_ENT_DIR) {
		tree_add(t, t->probe_path, T_DELE, false);
		tree_root_next(t);
		return;
	}
	tree_add(t, t->probe_path, T_RMD, false);
	t->walk = rwalk_start(t->app, t->probe_path, TREE_DEPTH, walk_entry,
	    walk_error, walk_done, t);
	if (t->walk == NULL) {
		tree_err(t, "%s: %s", t->probe_path, _("not connected"));
		tree_counted(t);
	}
}

/* mkdir -p: the parent's listing came; a directory there is fine. */
static void
mkdir_probe_done(void *arg, bool stopped)
{
	struct tree *t = arg;

	rwalk_stop(t->walk);
	t->walk = NULL;
	if (t->probe_type != FTP_ENT_DIR)
		tree_path_err(t, t->probe_path, t->mkd_error);
	tree_run_next(t);
}

static void
mkdir_probe_error(void *arg, const char *path, const char *error)
{
}

/* MKD path was refused: does it exist as a directory? */
static void
mkdir_probe(struct tree *t, const char *path, const char *error)
{
	char *parent = app_rpath(t->app, path), *slash;

	free(t->mkd_error);
	t->mkd_error = xstrdup(error);
	free(t->probe_path);
	t->probe_path = xstrdup(path);
	slash = strrchr(parent, '/');
	free(t->probe_name);
	t->probe_name = xstrdup(slash + 1);
	slash[slash == parent ? 1 : 0] = '\0';
	t->probe_type = -1;
	t->walk = rwalk_start(t->app, parent, 0, probe_entry,
	    mkdir_probe_error, mkdir_probe_done, t);
	free(parent);
	if (t->walk == NULL) {
		tree_err(t, "%s: %s", path, error);
		tree_run_next(t);
	}
}

/* The next root: find what it is in its parent's listing. */
static void
tree_root_next(struct tree *t)
{
	struct cmd_call *c = t->c;
	const char *arg, *base;
	char *parent, *slash;
	size_t len;

	while (t->argi < c->argc) {
		arg = c->argv[t->argi++];
		len = strlen(arg);
		while (len > 1 && arg[len - 1] == '/')
			len--;
		base = arg + len;
		while (base > arg && base[-1] != '/')
			base--;
		if (base == arg + len || (arg + len - base == 1 &&
		    base[0] == '.') || (arg + len - base == 2 &&
		    base[0] == '.' && base[1] == '.')) {
			tree_err(t, "%s: %s", arg, _("refusing to remove "
			    "this directory"));
			continue;
		}
		free(t->probe_path);
		t->probe_path = app_rpath(t->app, arg);
		free(t->probe_name);
		t->probe_name = xstrndup(base, (size_t)(arg + len - base));
		parent = xstrdup(t->probe_path);
		slash = strrchr(parent, '/');
		slash[slash == parent ? 1 : 0] = '\0';
		t->probe_type = -1;
		t->walk = rwalk_start(t->app, parent, 0, probe_entry,
		    probe_error, probe_done, t);
		free(parent);
		if (t->walk != NULL)
			return;
		tree_err(t, "%s: %s", arg, _("not connected"));
	}
	tree_counted(t);
}

/*
 * The flags, as cmd_run_line parsed them from the argument spec (-r or
 * -R, -f, -p; bundled as -rf too); argv holds the paths only, at least one.
 */
static void
tree_opts(struct cmd_call *c, struct tree *t)
{
	t->recursive = cmd_opt(c, 'r') > 0 || cmd_opt(c, 'R') > 0;
	t->force = cmd_opt(c, 'f') > 0;
	t->parents = cmd_opt(c, 'p') > 0;
}

/* rm -r|-f PATH..., rmdir -r|-f PATH... (cmd_rm, cmd_rmdir: dirs). */
int
cmd_rm_tree(struct cmd_call *c, bool dirs)
{
	struct tree *t = tree_new(c, false);
	int i;

	tree_opts(c, t);
	if (!t->recursive) {		/* rm -f: one each */
		for (i = 1; i < c->argc; i++)
			tree_add(t, c->argv[i], dirs ?
			    T_RMD : T_DELE, false);
		tree_counted(t);
		return 0;
	}
	t->argi = 1;
	tree_root_next(t);
	return 0;
}

/* ----------------------------------------------------------- local */

static int
nftw_add(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	struct tree *t = nftw_tree;

	if (t->n >= TREE_MAX) {
		t->too_many = true;
		return 1;
	}
	if (flag == FTW_DNR || flag == FTW_NS) {
		tree_err(t, "%s: %s", path, _("cannot read it; it will "
		    "stay"));
		return 0;
	}
	tree_add(t, path, flag == FTW_DP || flag == FTW_D ? T_RMD : T_DELE,
	    false);
	return 0;
}

/* lrm [-r] [-f] PATH... */
int
cmd_lrm(struct cmd_call *c)
{
	struct tree *t = tree_new(c, true);
	struct stat sb;
	char *path;
	int i;

	tree_opts(c, t);
	for (i = 1; i < c->argc && !t->too_many; free(path), i++) {
		path = app_lpath(c->app, c->argv[i]);
		if (lstat(path, &sb) == -1) {
			if (!(t->force && errno == ENOENT))
				tree_err(t, "%s: %s", c->argv[i],
				    strerror(errno));
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			tree_add(t, path, T_DELE, false);
			continue;
		}
		if (!t->recursive) {
			tree_err(t, "%s: %s", c->argv[i], _("is a directory "
			    "(use -r)"));
			continue;
		}
		nftw_tree = t;
		/* Depth first, links not followed, one file system. */
		if (nftw(path, nftw_add, 32, FTW_PHYS | FTW_DEPTH |
		    FTW_MOUNT) == -1)
			tree_err(t, "%s: %s", path, strerror(errno));
		nftw_tree = NULL;
	}
	tree_counted(t);
	return 0;
}

/* ---------------------------------------------------------- mkdir -p */

/* Every parent of path (may fail: it exists), then path itself. */
static void
tree_add_parents(struct tree *t, const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/' || s[-1] == '/')
			continue;
		*s = '\0';
		tree_add(t, p, T_MKD, true);
		*s = '/';
	}
	tree_add(t, path, T_MKD, false);
	free(p);
}

static int
mkdir_tree(struct cmd_call *c, bool local)
{
	struct tree *t = tree_new(c, local);
	char *path;
	int i;

	tree_opts(c, t);
	for (i = 1; i < c->argc; i++) {
		path = local ? app_lpath(c->app, c->argv[i]) :
		    xstrdup(c->argv[i]);
		if (t->parents)
			tree_add_parents(t, path);
		else
			tree_add(t, path, T_MKD, false);
		free(path);
	}
	t->next = 0;
	tree_run_next(t);
	return 0;
}

/* mkdir -p PATH... (cmd_mkdir). */
int
cmd_mkdir_tree(struct cmd_call *c)
{
	return mkdir_tree(c, false);
}

/* lmkdir -p DIR... (cmd_lmkdir). */
int
cmd_lmkdir_tree(struct cmd_call *c)
{
	return mkdir_tree(c, true);
}
