/*
 * files.c: the remote and local file panes.
 *
 * The model is a copy of one directory listing: the remote one from the
 * app's cache (app_dir of the remote cwd), the local one from ld_scan of
 * the working directory. Names are copied into one arena the pane owns,
 * so the app may drop or refresh its cache at any time. The items are
 * sorted in place (ld_sort, directories first); the view is an array of
 * indexes into them after the filter, with ".." first when there is a
 * parent. Marks live on the items, so sorting and filtering keep them;
 * reloading the same directory carries marks and the cursor over by name.
 *
 * Only the rows on screen are drawn, and a row's sanitized name is made
 * the first time it is drawn, so a listing of 100,000 entries scrolls at
 * the cost of one screenful.
 *
 * Every action is a command run through the command language (cd, lcd,
 * get, put, mkdir, lmkdir, rm, rmdir); only the local delete, which the
 * command language has no command for, is done here.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"
#include "ui/ui_priv.h"

#define UP_ROW	SIZE_MAX	/* the ".." row in the view */

enum fkind {
	FK_DIR,
	FK_FILE,
	FK_LINK,
	FK_OTHER,
	FK_RAW
};

struct fitem {
	char		*name;		/* raw bytes in the arena */
	size_t		 namelen;
	char		*target;	/* a link's target, or NULL */
	enum fkind	 kind;
	bool		 isdir;		/* a directory or a link to one */
	bool		 has_size;
	bool		 has_mtime;
	bool		 mtime_has_time;
	uint64_t	 size;
	time_t		 mtime;
	bool		 marked;
	char		*disp;		/* sanitized name, made when drawn */
};

struct files {
	struct ui_pane	 pane;
	bool		 remote;
	char		*path;		/* the directory listed (raw) */
	uint64_t	 when;		/* remote: the listing's time */
	bool		 have;		/* items hold a listing of path */
	struct fitem	*items;
	size_t		 nitems;
	char		*arena;
	size_t		*view;
	size_t		 nview;
	size_t		 cur, top;
	enum ld_sortby	 sortby;
	bool		 reverse;
	char		 filter[256];
	bool		 filtering;
	size_t		 nmarked;
	char		*note;		/* display-safe: loading, an error */
	bool		 note_bad;
	bool		 truncated;
	const char	*readme;
};

static void	files_draw(struct ui *, struct ui_pane *);
static bool	files_key(struct ui *, struct ui_pane *, const struct ui_key *);
static void	files_resize(struct ui *, struct ui_pane *);
static void	files_free(struct ui_pane *);

static const struct ui_pane_ops files_ops = {
	files_draw, files_key, files_resize, files_free
};

/* The model of a pane. */
static struct files *
model(struct ui_pane *p)
{
	return p->model;
}

/* Make a file pane. */
struct ui_pane *
files_new(struct ui *ui, bool remote)
{
	struct files *f = xcalloc(1, sizeof *f);

	f->pane.ops = &files_ops;
	f->pane.model = f;
	f->pane.dirty = true;
	f->remote = remote;
	f->sortby = LD_SORT_NAME;
	return &f->pane;
}

/* Free the listing (not the path). */
static void
items_free(struct files *f)
{
	size_t i;

	for (i = 0; i < f->nitems; i++)
		free(f->items[i].disp);
	free(f->items);
	free(f->arena);
	free(f->view);
	f->items = NULL;
	f->arena = NULL;
	f->view = NULL;
	f->nitems = f->nview = 0;
	f->nmarked = 0;
	f->readme = NULL;
	f->have = false;
	f->truncated = false;
}

/* Free the pane and its listing. */
static void
files_free(struct ui_pane *p)
{
	struct files *f = model(p);

	items_free(f);
	free(f->path);
	free(f->note);
	free(f);
}

/* Is there a parent directory to show ".." for? */
static bool
has_parent(const struct files *f)
{
	return f->path != NULL && strcmp(f->path, "/") != 0 &&
	    f->path[0] != '\0';
}

/* The sort key of an item. */
static void
item_key(const void *p, struct ld_sortkey *k)
{
	const struct fitem *it = p;

	memset(k, 0, sizeof *k);
	k->name = it->name;
	k->namelen = it->namelen;
	k->isdir = it->isdir;
	k->has_size = it->has_size && !it->isdir;
	k->size = it->size;
	k->has_mtime = it->has_mtime;
	k->mtime = it->mtime;
}

/* ASCII case-insensitive substring test over raw bytes. */
static bool
ci_contains(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;

	if (m == 0)
		return true;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (tolower((unsigned char)hay[i + j]) !=
			    tolower((unsigned char)needle[j]))
				break;
		if (j == m)
			return true;
	}
	return false;
}

/* Does an item pass the filter (a glob if it has magic, else a part)? */
static bool
item_matches(const struct files *f, const struct fitem *it)
{
	if (f->filter[0] == '\0')
		return true;
	if (glob_has_magic(f->filter))
		return glob_match(f->filter, it->name, it->namelen);
	return ci_contains(it->name, it->namelen, f->filter);
}

/* The item under the cursor, or NULL (none, or the ".." row). */
static struct fitem *
current(struct files *f)
{
	if (f->cur >= f->nview || f->view[f->cur] == UP_ROW)
		return NULL;
	return &f->items[f->view[f->cur]];
}

/* Rows of the pane. */
static size_t
rows(struct files *f)
{
	return f->pane.r.h > 0 ? (size_t)f->pane.r.h : 1;
}

/* The first row to draw: top, moved only as far as the cursor needs. */
static size_t
first_row(const struct files *f, size_t h)
{
	size_t top = f->top;

	if (top > f->cur)
		top = f->cur;
	if (f->cur >= top + h)
		top = f->cur - h + 1;
	if (top + h > f->nview)
		top = f->nview > h ? f->nview - h : 0;
	return top;
}

/*
 * Keep the cursor in range and on screen. A resize does not call this:
 * the draw moves the rows shown as far as the cursor needs without
 * touching top, so going back to the old size shows the old rows.
 */
static void
clamp(struct files *f)
{
	if (f->nview == 0) {
		f->cur = f->top = 0;
		return;
	}
	if (f->cur >= f->nview)
		f->cur = f->nview - 1;
	f->top = first_row(f, rows(f));
}

/* Find an item's row by name; SIZE_MAX if it is not in the view. */
static size_t
row_of(struct files *f, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < f->nview; i++) {
		const struct fitem *it;

		if (f->view[i] == UP_ROW)
			continue;
		it = &f->items[f->view[i]];
		if (it->namelen == len && memcmp(it->name, name, len) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* Rebuild the view from the items and the filter. */
static void
view_build(struct files *f)
{
	size_t i;

	free(f->view);
	f->view = xreallocarray(NULL, f->nitems + 1, sizeof *f->view);
	f->nview = 0;
	if (has_parent(f))
		f->view[f->nview++] = UP_ROW;
	for (i = 0; i < f->nitems; i++)
		if (item_matches(f, &f->items[i]))
			f->view[f->nview++] = i;
	f->pane.dirty = true;
}

/* Sort the items, keeping the cursor on its item. */
static void
sort_items(struct files *f)
{
	struct fitem *it = current(f);
	char *name = it != NULL ? xmemdup(it->name, it->namelen + 1) : NULL;
	size_t len = it != NULL ? it->namelen : 0, r;
	int flags = LD_SORT_DIRS_FIRST;

	if (f->reverse)
		flags |= LD_SORT_REVERSE;
	ld_sort(f->items, f->nitems, sizeof *f->items, item_key, f->sortby,
	    flags);
	view_build(f);
	if (name != NULL && (r = row_of(f, name, len)) != SIZE_MAX)
		f->cur = r;
	free(name);
	clamp(f);
}

/* Names marked before a reload, to mark again. */
struct marks {
	char		**names;
	size_t		 n;
};

/* qsort and bsearch order of names. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Take the marked names of the listing being replaced. */
static void
marks_take(struct files *f, struct marks *m)
{
	size_t i;

	m->names = NULL;
	m->n = 0;
	if (f->nmarked == 0)
		return;
	m->names = xreallocarray(NULL, f->nmarked, sizeof *m->names);
	for (i = 0; i < f->nitems && m->n < f->nmarked; i++)
		if (f->items[i].marked)
			m->names[m->n++] = xstrdup(f->items[i].name);
	qsort(m->names, m->n, sizeof *m->names, cmp_str);
}

/* Mark again the items whose names were marked; free the set. */
static void
marks_put(struct files *f, struct marks *m)
{
	size_t i;

	for (i = 0; i < f->nitems && m->n > 0; i++) {
		const char *key = f->items[i].name;

		if (bsearch(&key, m->names, m->n, sizeof *m->names,
		    cmp_str) != NULL) {
			f->items[i].marked = true;
			f->nmarked++;
		}
	}
	for (i = 0; i < m->n; i++)
		free(m->names[i]);
	free(m->names);
}

/* The entries in a README-like file, if any. */
static void
find_readme(struct files *f)
{
	static const char *names[] = { "README", "README.txt", "00index.txt",
	    "00INDEX", ".message", NULL };
	size_t i, j;

	f->readme = NULL;
	for (j = 0; names[j] != NULL && f->readme == NULL; j++)
		for (i = 0; i < f->nitems; i++)
			if (f->items[i].kind == FK_FILE &&
			    strcmp(f->items[i].name, names[j]) == 0) {
				f->readme = f->items[i].name;
				break;
			}
}

/*
 * Finish a rebuilt listing of path: sort, filter, marks and cursor. old
 * is the path shown before (the cursor goes to the directory we came
 * out of when going up), keep the name under the cursor before.
 */
static void
finish_listing(struct files *f, const char *path, char *old, char *keep,
    size_t keeplen, size_t keepoff, struct marks *m)
{
	size_t r, n;
	bool same = old != NULL && strcmp(old, path) == 0;

	if (!same) {
		f->filter[0] = '\0';
		f->filtering = false;
		f->cur = f->top = 0;
	}
	free(f->path);
	f->path = xstrdup(path);
	f->have = true;
	if (!same) {
		/* marks do not follow into another directory */
		for (r = 0; r < m->n; r++)
			free(m->names[r]);
		m->n = 0;
	}
	marks_put(f, m);
	find_readme(f);
	sort_items(f);
	if (same && keep != NULL && (r = row_of(f, keep, keeplen)) !=
	    SIZE_MAX) {
		f->cur = r;
		f->top = r >= keepoff ? r - keepoff : 0;
	} else if (!same && old != NULL) {
		/* Going up: stand on the directory we left. */
		n = strlen(path);
		if (strncmp(old, path, n) == 0 && (old[n] == '/' ||
		    (n > 0 && path[n - 1] == '/'))) {
			const char *child = old + n + (old[n] == '/');
			size_t clen = strcspn(child, "/");

			if ((r = row_of(f, child, clen)) != SIZE_MAX) {
				f->cur = r;
				f->top = r > rows(f) / 2 ? r - rows(f) / 2 : 0;
			}
		}
	}
	clamp(f);
	f->pane.dirty = true;
}

/* Remember what a reload must keep; returns the name under the cursor. */
static char *
before_reload(struct files *f, size_t *len, size_t *off, struct marks *m,
    char **old)
{
	struct fitem *it = current(f);
	char *keep = NULL;

	*old = f->path != NULL ? xstrdup(f->path) : NULL;
	*len = 0;
	*off = f->cur >= f->top ? f->cur - f->top : 0;
	if (it != NULL) {
		keep = xmemdup(it->name, it->namelen + 1);
		*len = it->namelen;
	}
	marks_take(f, m);
	return keep;
}

/* The arena: every name and target of a listing, copied. */
static char *
arena_copy(char **at, const char *s, size_t len)
{
	char *p = *at;

	memcpy(p, s, len);
	p[len] = '\0';
	*at += len + 1;
	return p;
}

/* Make the items from a remote listing. */
static void
load_remote(struct files *f, const struct ftp_listing *l)
{
	size_t i, bytes = 0;
	char *at;

	for (i = 0; i < l->n; i++) {
		bytes += l->entries[i].namelen + 1;
		if (l->entries[i].target != NULL)
			bytes += strlen(l->entries[i].target) + 1;
	}
	f->arena = at = xmalloc(bytes + 1);
	f->items = xcalloc(l->n + 1, sizeof *f->items);
	for (i = 0; i < l->n; i++) {
		const struct ftp_entry *e = &l->entries[i];
		struct fitem *it = &f->items[i];

		it->name = arena_copy(&at, e->name, e->namelen);
		it->namelen = e->namelen;
		if (e->target != NULL)
			it->target = arena_copy(&at, e->target,
			    strlen(e->target));
		switch (e->type) {
		case FTP_ENT_DIR:
			it->kind = FK_DIR;
			break;
		case FTP_ENT_LINK:
			it->kind = FK_LINK;
			break;
		case FTP_ENT_OTHER:
			it->kind = FK_OTHER;
			break;
		case FTP_ENT_RAW:
			it->kind = FK_RAW;
			break;
		default:
			it->kind = FK_FILE;
			break;
		}
		it->isdir = it->kind == FK_DIR;
		it->has_size = e->has_size;
		it->size = e->size;
		it->has_mtime = e->has_mtime;
		it->mtime_has_time = e->mtime_has_time;
		it->mtime = e->mtime;
	}
	f->nitems = l->n;
}

/* Bring the remote pane up to date with the app. */
void
files_sync_remote(struct ui *ui, struct ui_pane *p)
{
	struct files *f = model(p);
	struct app *app = ui->app;
	bool connected = ftp_session_connected(app->ftp);
	const char *path = app_rcwd(app);
	struct app_dir *d = app_dir(app, path);
	bool moved = f->path == NULL || strcmp(f->path, path) != 0;

	free(f->note);
	f->note = NULL;
	f->note_bad = false;
	p->dirty = true;
	if (!connected && !ui->was_connected && !f->have) {
		f->note = xstrdup(_("not connected: type :open HOST"));
		return;
	}
	if (d != NULL && d->loaded && (moved || d->when != f->when ||
	    !f->have)) {
		struct marks m;
		size_t keeplen, keepoff;
		char *old, *keep;

		keep = before_reload(f, &keeplen, &keepoff, &m, &old);
		items_free(f);
		load_remote(f, &d->list);
		f->when = d->when;
		finish_listing(f, path, old, keep, keeplen, keepoff, &m);
		free(keep);
		free(old);
	} else if (moved && connected) {
		items_free(f);
		free(f->path);
		f->path = xstrdup(path);
		f->cur = f->top = 0;
		f->filter[0] = '\0';
		view_build(f);
	}
	if (!connected && ui->lost)
		f->note = xstrdup(_("connection lost"));
	else if (!connected)
		f->note = xstrdup(_("not connected"));
	else if (d != NULL && d->loading)
		f->note = xstrdup(_("loading..."));
	else if (d != NULL && d->error != NULL && !d->loaded) {
		f->note = xstrdup(d->error);
		f->note_bad = true;
	} else if (d == NULL && app->running == NULL) {
		/* autolist is off: list it ourselves */
		if (app_dir_load(app, path, false, NULL, NULL) == 0)
			f->note = xstrdup(_("loading..."));
	}
}

/* Scan the local directory again. */
void
files_rescan_local(struct ui *ui, struct ui_pane *p)
{
	struct files *f = model(p);
	struct ld_list l;
	struct marks m;
	char cwd[LIM_PATH], err[512], *old, *keep, *at;
	size_t keeplen, keepoff, i, bytes = 0;

	free(f->note);
	f->note = NULL;
	f->note_bad = false;
	p->dirty = true;
	if (getcwd(cwd, sizeof cwd) == NULL) {
		f->note = ui_sanc(strerror(errno));
		f->note_bad = true;
		return;
	}
	if (ld_scan(cwd, &l, err, sizeof err) == -1) {
		f->note = ui_sanc(err);
		f->note_bad = true;
	}
	keep = before_reload(f, &keeplen, &keepoff, &m, &old);
	items_free(f);
	for (i = 0; i < l.n; i++) {
		bytes += l.entries[i].namelen + 1;
		if (l.entries[i].target != NULL)
			bytes += strlen(l.entries[i].target) + 1;
	}
	f->arena = at = xmalloc(bytes + 1);
	f->items = xcalloc(l.n + 1, sizeof *f->items);
	for (i = 0; i < l.n; i++) {
		const struct ld_entry *e = &l.entries[i];
		struct fitem *it = &f->items[i];

		it->name = arena_copy(&at, e->name, e->namelen);
		it->namelen = e->namelen;
		if (e->target != NULL)
			it->target = arena_copy(&at, e->target,
			    strlen(e->target));
		it->kind = e->type == LD_DIR ? FK_DIR : e->type == LD_LINK ?
		    FK_LINK : e->type == LD_OTHER ? FK_OTHER : FK_FILE;
		it->isdir = e->type == LD_DIR || (e->type == LD_LINK &&
		    e->target_dir);
		it->has_size = e->error == 0;
		it->size = e->size;
		it->has_mtime = e->error == 0;
		it->mtime_has_time = true;
		it->mtime = e->mtime;
	}
	f->nitems = l.n;
	f->truncated = l.truncated;
	ld_list_free(&l);
	finish_listing(f, cwd, old, keep, keeplen, keepoff, &m);
	free(keep);
	free(old);
}

/* ------------------------------------------------------------ draw */

/* A path for a title: $HOME as "~", sanitized. */
static char *
local_title_path(const char *path)
{
	const char *home = getenv("HOME");
	size_t n;

	if (home != NULL && (n = strlen(home)) > 1 &&
	    strncmp(path, home, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0')) {
		char *s = xasprintf("~%s", path + n), *c = ui_sanc(s);

		free(s);
		return c;
	}
	return ui_sanc(path);
}

/* The pane's title, without the right-hand notes; label: "remote: ". */
static char *
title_of(struct ui *ui, struct files *f, bool label)
{
	struct app *app = ui->app;
	char *raw, *clean, *out;
	bool anon;

	if (!f->remote) {
		clean = local_title_path(f->path != NULL ? f->path : ".");
		if (!label)
			return clean;
		out = xasprintf(_("local: %s"), clean);
		free(clean);
		return out;
	}
	if (app->host == NULL)
		return xstrdup(_("remote: not connected"));
	anon = app->user == NULL || strcmp(app->user, "anonymous") == 0 ||
	    strcmp(app->user, "ftp") == 0;
	raw = xasprintf("ftp://%s%s%s%s%s%s%s", anon ? "" : app->user,
	    anon ? "" : "@", strchr(app->host, ':') ? "[" : "", app->host,
	    strchr(app->host, ':') ? "]" : "", app->port != NULL &&
	    strcmp(app->port, "21") != 0 ? ":" : "", app->port != NULL &&
	    strcmp(app->port, "21") != 0 ? app->port : "");
	clean = ui_sanc(raw);
	free(raw);
	raw = ui_sanc(f->path != NULL ? f->path : app_rcwd(app));
	if (label)
		out = xasprintf(_("remote: %s%s%s"), clean, raw[0] == '/' ?
		    "" : "/", raw);
	else
		out = xasprintf("%s%s%s", clean, raw[0] == '/' ? "" : "/",
		    raw);
	free(raw);
	free(clean);
	return out;
}

/* The pane's title (with its label). */
char *
files_title(struct ui *ui, struct ui_pane *p)
{
	return title_of(ui, model(p), true);
}

/*
 * The title in at most w columns: with the label if it fits, else
 * without, else the end of it after an ellipsis (the end of a path is
 * the part that tells where one is).
 */
static char *
title_fit(struct ui *ui, struct files *f, int w)
{
	char *t = title_of(ui, f, true), *tail, *out;
	int tw;

	if (draw_width(t) <= w)
		return t;
	free(t);
	t = title_of(ui, f, false);
	if ((tw = draw_width(t)) <= w || w < 4)
		return t;
	tail = draw_skip_cols(t, tw - w + 1);
	out = xasprintf("%s%s", draw_glyph(GL_ELLIPSIS), tail);
	free(tail);
	free(t);
	return out;
}

/* Is the pane typing a filter? */
bool
files_filtering(struct ui_pane *p)
{
	return model(p)->filtering;
}

/* The notes at the right of the title: filter, marks, sort. */
static char *
title_right(struct files *f)
{
	static const char *sorts[] = { N_("name"), N_("size"), N_("date") };
	char marks[64] = "", filt[300] = "", sort[64] = "";
	size_t shown = f->nview - (has_parent(f) ? 1 : 0);

	if (f->nmarked > 0)
		snprintf(marks, sizeof marks, ngettext("%zu marked ",
		    "%zu marked ", f->nmarked), f->nmarked);
	if (f->filtering || f->filter[0] != '\0') {
		char *c = ui_sanc(f->filter);

		snprintf(filt, sizeof filt, "/%s%s %zu/%zu ", c,
		    f->filtering ? "_" : "", shown, f->nitems);
		free(c);
	}
	if (f->sortby != LD_SORT_NAME || f->reverse)
		snprintf(sort, sizeof sort, "[%s%s]", _(sorts[f->sortby]),
		    draw_glyph(f->reverse ? GL_UP : GL_DOWN));
	return xasprintf("%s%s%s", filt, marks, sort);
}

/* The display name of an item (made once). */
static const char *
item_disp(struct fitem *it)
{
	if (it->disp == NULL)
		it->disp = ui_san(it->name, it->namelen, 0);
	return it->disp;
}

/* Draw one row of the listing. */
static void
draw_row(struct ui *ui, struct files *f, size_t row, int y, bool focused)
{
	const struct ui_rect *r = &f->pane.r;
	struct fitem *it = NULL;
	enum ui_color nc = UC_NORMAL, rc = UC_NORMAL;
	char size[32] = "", date[32] = "", *name;
	int w = r->w, sizew, datew, namew, x = r->x;
	bool cursor = row == f->cur;

	if (f->view[row] != UP_ROW)
		it = &f->items[f->view[row]];
	sizew = w >= 24 ? 9 : 0;
	datew = w >= 72 ? 16 : w >= 52 ? 10 : 0;
	namew = w - 1 - (sizew ? sizew + 1 : 0) - (datew ? datew + 1 : 0);

	if (it == NULL) {
		name = xstrdup("..");
		nc = UC_DIR;
		str_lcpy(size, _("<UP>"), sizeof size);
	} else {
		const char *d = item_disp(it);

		switch (it->kind) {
		case FK_DIR:
			name = xasprintf("%s/", d);
			nc = UC_DIR;
			str_lcpy(size, _("<DIR>"), sizeof size);
			break;
		case FK_LINK:
			if (it->target != NULL) {
				char *t = ui_sanc(it->target);

				name = xasprintf("%s -> %s", d, t);
				free(t);
			} else
				name = xasprintf("%s@", d);
			nc = UC_LINK;
			if (it->isdir)
				str_lcpy(size, _("<DIR>"), sizeof size);
			else if (it->has_size && !f->remote)
				str_lcpy(size, _("<LINK>"), sizeof size);
			break;
		case FK_OTHER:
			name = xstrdup(d);
			nc = UC_OTHER;
			break;
		default:
			name = xstrdup(d);
			break;
		}
		if (it->kind == FK_FILE && it->has_size)
			draw_size(size, sizeof size, it->size);
		if (datew && it->has_mtime)
			draw_date(date, sizeof date, it->mtime, datew >= 16 &&
			    it->mtime_has_time, f->remote);
		if (it->marked)
			nc = UC_MARKED;
	}
	if (cursor)
		rc = nc = focused ? UC_CURSOR : UC_CURSOR_DIM;
	draw_blank(y, x, w, rc, A_NORMAL);
	draw_text(y, x, 1, it != NULL && it->marked ? "*" : " ",
	    cursor ? rc : UC_MARKED, A_NORMAL, true);
	draw_text(y, x + 1, namew, name, nc, A_NORMAL, true);
	x += 1 + namew;
	if (sizew) {
		draw_text_right(y, x + 1, sizew, size, cursor ? rc : UC_NORMAL,
		    A_NORMAL);
		x += sizew + 1;
	}
	if (datew)
		draw_text(y, x + 1, datew, date, cursor ? rc : UC_HINT,
		    A_NORMAL, false);
	free(name);
}

/* Draw the pane: its title over the frame, then the visible rows. */
static void
files_draw(struct ui *ui, struct ui_pane *p)
{
	struct files *f = model(p);
	const struct ui_rect *r = &p->r;
	bool focused = ui->focus == (f->remote ? FOCUS_REMOTE : FOCUS_LOCAL) &&
	    !ui->editing;
	char *right = title_right(f), *title, *t;
	int y, tw, rw;
	size_t row, top;

	/* the title sits on the frame line above the content */
	draw_hline(r->y - 1, r->x, r->w);
	rw = right[0] != '\0' ? draw_width(right) + 3 : 0;
	if (rw > r->w - 14)
		rw = r->w - 14 > 0 ? r->w - 14 : 0;
	tw = r->w - 2 - rw;
	title = title_fit(ui, f, tw - 2);
	t = xasprintf(" %s ", title);
	draw_text(r->y - 1, r->x + 1, tw, t, UC_TITLE, focused ? A_REVERSE :
	    A_NORMAL, false);
	free(t);
	if (rw > 0) {
		t = xasprintf(" %s ", right);
		draw_text_right(r->y - 1, r->x + r->w - rw, rw - 1, t,
		    UC_TITLE, A_NORMAL);
		free(t);
	}
	free(title);
	free(right);

	if (f->cur >= f->nview)
		f->cur = f->nview > 0 ? f->nview - 1 : 0;
	top = first_row(f, rows(f));
	for (y = 0; y < r->h; y++) {
		row = top + (size_t)y;
		if (row < f->nview)
			draw_row(ui, f, row, r->y + y, focused);
		else
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
	}
	if (f->note != NULL) {
		/* on the first empty row, or over the last one */
		y = f->nview < (size_t)r->h ? (int)f->nview : r->h - 1;
		draw_text(r->y + y, r->x + 1, r->w - 1, f->note,
		    f->note_bad ? UC_ERROR : UC_HINT, A_NORMAL, true);
	} else if (f->have && f->nitems == 0 && r->h > 0) {
		y = (int)f->nview;
		if (y < r->h)
			draw_text(r->y + y, r->x + 1, r->w - 1,
			    f->filter[0] ? _("(nothing matches the filter)") :
			    _("(empty)"), UC_HINT, A_NORMAL, true);
	} else if (f->have && f->filter[0] != '\0' && f->nview ==
	    (has_parent(f) ? 1u : 0u) && (int)f->nview < r->h)
		draw_text(r->y + (int)f->nview, r->x + 1, r->w - 1,
		    _("(nothing matches the filter)"), UC_HINT, A_NORMAL, true);
	p->dirty = false;
}

/* A new size: the draw keeps the cursor on screen. */
static void
files_resize(struct ui *ui, struct ui_pane *p)
{
	p->dirty = true;
}

/* ---------------------------------------------------------- actions */

/* The items an action works on: the marked ones, or the current one. */
static size_t
selection(struct files *f, struct fitem ***out)
{
	struct fitem **sel, *it;
	size_t i, n = 0;

	if (f->nmarked > 0) {
		sel = xreallocarray(NULL, f->nmarked, sizeof *sel);
		for (i = 0; i < f->nitems && n < f->nmarked; i++)
			if (f->items[i].marked)
				sel[n++] = &f->items[i];
	} else if ((it = current(f)) != NULL) {
		sel = xmalloc(sizeof *sel);
		sel[n++] = it;
	} else
		sel = NULL;
	*out = sel;
	return n;
}

/* Append a quoted name to a command line; "./" before a leading '-'. */
static void
add_name(struct buf *b, const struct fitem *it, bool dot_dash)
{
	char *q, *n = xmemdup(it->name, it->namelen + 1);

	if (dot_dash && n[0] == '-') {
		char *d = xasprintf("./%s", n);

		free(n);
		n = d;
	}
	q = ui_quote(n);
	buf_append(b, " ", 1);
	buf_append_str(b, q);
	free(q);
	free(n);
}

/* Unmark everything. */
static void
unmark_all(struct files *f)
{
	size_t i;

	for (i = 0; i < f->nitems; i++)
		f->items[i].marked = false;
	f->nmarked = 0;
	f->pane.dirty = true;
}

/* F5: copy the selection to the other side (get or put). */
static void
copy_selection(struct ui *ui, struct files *f)
{
	struct fitem **sel;
	struct buf b;
	size_t n, i;
	bool dir = false, dash = false;
	char *line;

	if ((n = selection(f, &sel)) == 0) {
		ui_message(ui, APP_INFO, "%s", _("Nothing to copy: mark files "
		    "with Space."));
		return;
	}
	for (i = 0; i < n; i++) {
		dir |= sel[i]->isdir || sel[i]->kind == FK_DIR;
		dash |= sel[i]->name[0] == '-';
	}
	buf_init(&b, LIM_LIST_BYTES);
	buf_append_str(&b, f->remote ? "get" : "put");
	if (dir)
		buf_append_str(&b, " -r");
	if (dash)
		buf_append_str(&b, " --");
	for (i = 0; i < n; i++)
		add_name(&b, sel[i], false);
	line = buf_cstr(&b);
	ui_command(ui, line, false, NULL, NULL);
	buf_free(&b);
	free(sel);
	unmark_all(f);
}

/* After a cd that failed on a link: it was a file, fetch it. */
static void
link_cd_done(struct ui *ui, int status, void *arg)
{
	char *line = arg;

	if (status != CMD_OK)
		ui_command(ui, line, false, NULL, NULL);
	free(line);
}

/* Enter: open a directory, or copy a file to the other side. */
static void
enter(struct ui *ui, struct files *f)
{
	struct fitem *it = current(f);
	struct buf b;
	char *line;

	if (f->remote && !ftp_session_connected(ui->app->ftp)) {
		if (ui->app->host != NULL)
			ui_command(ui, "open", false, NULL, NULL);
		else
			ui_message(ui, APP_INFO, "%s", _("Not connected: type "
			    ":open HOST or :open URL."));
		return;
	}
	if (f->cur < f->nview && f->view[f->cur] == UP_ROW) {
		ui_command(ui, f->remote ? "cd .." : "lcd ..", false, NULL,
		    NULL);
		return;
	}
	if (it == NULL)
		return;
	if (it->kind == FK_RAW) {
		ui_message(ui, APP_WARN, "%s", _("This line of the listing "
		    "could not be understood."));
		return;
	}
	buf_init(&b, LIM_PATH * 2);
	if (it->isdir || (f->remote && it->kind == FK_LINK)) {
		buf_append_str(&b, f->remote ? "cd --" : "lcd --");
		add_name(&b, it, false);
		line = buf_cstr(&b);
		if (f->remote && it->kind == FK_LINK) {
			struct buf g;

			buf_init(&g, LIM_PATH * 2);
			buf_append_str(&g, "get");
			if (it->name[0] == '-')
				buf_append_str(&g, " --");
			add_name(&g, it, false);
			ui_command(ui, line, false, link_cd_done,
			    xstrdup(buf_cstr(&g)));
			buf_free(&g);
		} else
			ui_command(ui, line, false, NULL, NULL);
	} else {
		buf_append_str(&b, f->remote ? "get" : "put");
		if (it->name[0] == '-')
			buf_append_str(&b, " --");
		add_name(&b, it, false);
		line = buf_cstr(&b);
		ui_command(ui, line, false, NULL, NULL);
	}
	buf_free(&b);
}

/* F7 answered: make the directory. */
static void
mkdir_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct files *f = arg;
	char *q, *line;

	if (a != DLG_TEXT || text == NULL || *text == '\0')
		return;
	q = ui_quote(text);
	line = xasprintf("%s -- %s", f->remote ? "mkdir" : "lmkdir", q);
	ui_command(ui, line, false, NULL, NULL);
	free(line);
	free(q);
}

/* What F8 deletes, kept until the question is answered. */
struct del {
	struct files	*f;
	char		*files;		/* "rm a b", or NULL */
	char		*dirs;		/* "rmdir c", or NULL */
	char		**local;	/* local names, NULL-ended */
};

/* Free what F8 kept. */
static void
del_free(struct del *d)
{
	size_t i;

	free(d->files);
	free(d->dirs);
	for (i = 0; d->local != NULL && d->local[i] != NULL; i++)
		free(d->local[i]);
	free(d->local);
	free(d);
}

/* The files are deleted: now the directories. */
static void
del_files_done(struct ui *ui, int status, void *arg)
{
	struct del *d = arg;

	if (d->dirs != NULL)
		ui_command(ui, d->dirs, false, NULL, NULL);
	del_free(d);
}

/* F8 answered. */
static void
delete_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct del *d = arg;
	size_t i, failed = 0;

	if (a != DLG_YES) {
		del_free(d);
		return;
	}
	unmark_all(d->f);
	if (d->local != NULL) {
		/* no command for this: unlink and rmdir, one level */
		for (i = 0; d->local[i] != NULL; i++) {
			struct stat sb;
			int rc;

			if (lstat(d->local[i], &sb) == -1)
				rc = -1;
			else if (S_ISDIR(sb.st_mode))
				rc = rmdir(d->local[i]);
			else
				rc = unlink(d->local[i]);
			if (rc == -1) {
				ui_message(ui, APP_ERROR, _("cannot delete %s: "
				    "%s"), d->local[i], strerror(errno));
				failed++;
			}
		}
		if (failed == 0)
			ui_message(ui, APP_INFO, ngettext("%zu item deleted.",
			    "%zu items deleted.", i), i);
		ui->rescan_local = true;
		del_free(d);
		return;
	}
	if (d->files != NULL)
		ui_command(ui, d->files, false, del_files_done, d);
	else
		del_files_done(ui, CMD_OK, d);
}

/* F8: ask, then delete the selection. */
static void
delete_selection(struct ui *ui, struct files *f)
{
	struct fitem **sel;
	struct del *d;
	struct buf bf, bd, names;
	size_t n, i, nf = 0, nd = 0;
	char *text, *shown;

	if ((n = selection(f, &sel)) == 0)
		return;
	d = xcalloc(1, sizeof *d);
	d->f = f;
	buf_init(&bf, LIM_LIST_BYTES);
	buf_init(&bd, LIM_LIST_BYTES);
	buf_init(&names, 4096);
	buf_append_str(&bf, "rm");
	buf_append_str(&bd, "rmdir");
	if (!f->remote)
		d->local = xcalloc(n + 1, sizeof *d->local);
	for (i = 0; i < n; i++) {
		if (!f->remote)
			d->local[i] = xmemdup(sel[i]->name,
			    sel[i]->namelen + 1);
		else if (sel[i]->kind == FK_DIR) {
			add_name(&bd, sel[i], true);
			nd++;
		} else {
			add_name(&bf, sel[i], true);
			nf++;
		}
		if (i < 5) {
			shown = ui_san(sel[i]->name, sel[i]->namelen, 0);
			if (i > 0)
				buf_append_str(&names, ", ");
			buf_append_str(&names, shown);
			if (sel[i]->kind == FK_DIR)
				buf_append_str(&names, "/");
			free(shown);
		} else if (i == 5)
			buf_append_str(&names, ", ...");
	}
	if (nf > 0)
		d->files = xstrdup(buf_cstr(&bf));
	if (nd > 0)
		d->dirs = xstrdup(buf_cstr(&bd));
	shown = xstrdup(buf_cstr(&names));
	text = xasprintf(ngettext("Delete %zu item on the %s side?\n\n%s",
	    "Delete %zu items on the %s side?\n\n%s", n), n,
	    f->remote ? _("remote") : _("local"), shown);
	dlg_confirm(ui, _("Delete"), text, delete_done, d);
	free(text);
	free(shown);
	buf_free(&bf);
	buf_free(&bd);
	buf_free(&names);
	free(sel);
}

/* F3: view the current file. */
static void
view_current(struct ui *ui, struct files *f)
{
	struct fitem *it = current(f);
	char *title, *path;

	if (it == NULL || it->isdir || it->kind == FK_DIR ||
	    it->kind == FK_RAW) {
		ui_message(ui, APP_INFO, "%s", _("Choose a file to view."));
		return;
	}
	title = ui_san(it->name, it->namelen, 0);
	if (f->remote) {
		if (!ftp_session_connected(ui->app->ftp)) {
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
			free(title);
			return;
		}
		path = app_rpath(ui->app, it->name);
		ui_view_remote(ui, path, title);
	} else {
		path = xstrdup(it->name);
		ui_view_local(ui, path, title);
	}
	free(path);
	free(title);
}

/* The README-like file of the listing, or NULL. */
const char *
files_readme(struct ui_pane *p)
{
	return model(p)->readme;
}

/* View the README-like file. */
void
files_view_readme(struct ui *ui, struct ui_pane *p)
{
	struct files *f = model(p);
	char *path, *title;

	if (f->readme == NULL)
		return;
	title = ui_sanc(f->readme);
	if (f->remote) {
		path = app_rpath(ui->app, f->readme);
		ui_view_remote(ui, path, title);
	} else {
		path = xstrdup(f->readme);
		ui_view_local(ui, path, title);
	}
	free(path);
	free(title);
}

/* A key while the filter is being typed. */
static bool
filter_key(struct ui *ui, struct files *f, const struct ui_key *k)
{
	size_t len = strlen(f->filter), r;

	if (ui_key_is(k, UI_ESC)) {
		f->filter[0] = '\0';
		f->filtering = false;
	} else if (ui_key_is(k, '\r') || ui_key_is(k, '\n') ||
	    ui_key_code(k, KEY_ENTER)) {
		f->filtering = false;
	} else if (ui_key_code(k, KEY_BACKSPACE) || ui_key_is(k, 0x7f) ||
	    ui_key_is(k, 0x08)) {
		if (len == 0)
			f->filtering = false;
		else {
			/* drop one UTF-8 character */
			while (len > 0 && ((unsigned char)f->filter[len - 1] &
			    0xc0) == 0x80)
				len--;
			if (len > 0)
				len--;
			f->filter[len] = '\0';
		}
	} else if (!k->code && k->ch >= 0x20 && k->ch != 0x7f) {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof st);
		n = wcrtomb(mb, (wchar_t)k->ch, &st);
		if (n == (size_t)-1 || len + n + 1 > sizeof f->filter)
			return true;
		memcpy(f->filter + len, mb, n);
		f->filter[len + n] = '\0';
	} else
		return false;
	view_build(f);
	/* stand on the first match, not on ".." */
	r = has_parent(f) && f->nview > 1 && f->filter[0] ? 1 : 0;
	f->cur = r;
	f->top = 0;
	clamp(f);
	return true;
}

/* A key in the pane. */
static bool
files_key(struct ui *ui, struct ui_pane *p, const struct ui_key *k)
{
	struct files *f = model(p);
	struct fitem *it;
	size_t h = rows(f);

	if (f->filtering)
		return filter_key(ui, f, k);
	p->dirty = true;
	if (ui_key_code(k, KEY_UP) || ui_key_is(k, 'k')) {
		if (f->cur > 0)
			f->cur--;
	} else if (ui_key_code(k, KEY_DOWN) || ui_key_is(k, 'j')) {
		if (f->cur + 1 < f->nview)
			f->cur++;
	} else if (ui_key_code(k, KEY_PPAGE) || ui_key_is(k, UI_CTRL('b'))) {
		f->cur = f->cur > h ? f->cur - h : 0;
		f->top = f->top > h ? f->top - h : 0;
	} else if (ui_key_code(k, KEY_NPAGE) || ui_key_is(k, UI_CTRL('f'))) {
		f->cur += h;
		f->top += h;
		if (f->cur >= f->nview)
			f->cur = f->nview > 0 ? f->nview - 1 : 0;
	} else if (ui_key_code(k, KEY_HOME) || ui_key_is(k, 'g')) {
		f->cur = f->top = 0;
	} else if (ui_key_code(k, KEY_END) || ui_key_is(k, 'G')) {
		f->cur = f->nview > 0 ? f->nview - 1 : 0;
	} else if (ui_key_is(k, '\r') || ui_key_is(k, '\n') ||
	    ui_key_code(k, KEY_ENTER)) {
		enter(ui, f);
	} else if (ui_key_code(k, KEY_BACKSPACE) || ui_key_is(k, 0x7f) ||
	    ui_key_is(k, 0x08)) {
		if (f->remote && !ftp_session_connected(ui->app->ftp))
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
		else if (has_parent(f))
			ui_command(ui, f->remote ? "cd .." : "lcd ..", false,
			    NULL, NULL);
	} else if (ui_key_is(k, ' ') || ui_key_code(k, KEY_IC)) {
		if ((it = current(f)) != NULL) {
			it->marked = !it->marked;
			if (it->marked)
				f->nmarked++;
			else
				f->nmarked--;
		}
		if (f->cur + 1 < f->nview)
			f->cur++;
	} else if (ui_key_code(k, KEY_F(5))) {
		copy_selection(ui, f);
	} else if (ui_key_code(k, KEY_F(3))) {
		view_current(ui, f);
	} else if (ui_key_code(k, KEY_F(7))) {
		if (f->remote && !ftp_session_connected(ui->app->ftp))
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
		else
			dlg_input(ui, _("Make a directory"), f->remote ?
			    _("Name of the new remote directory:") :
			    _("Name of the new local directory:"), false,
			    mkdir_done, f);
	} else if (ui_key_code(k, KEY_F(8)) || ui_key_code(k, KEY_DC)) {
		if (f->remote && !ftp_session_connected(ui->app->ftp))
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
		else
			delete_selection(ui, f);
	} else if (ui_key_is(k, '/')) {
		f->filtering = true;
	} else if (ui_key_is(k, UI_ESC)) {
		if (f->filter[0] != '\0') {
			f->filter[0] = '\0';
			view_build(f);
			clamp(f);
		} else if (f->nmarked > 0)
			unmark_all(f);
		else
			return false;
	} else if (ui_key_is(k, 's')) {
		f->sortby = f->sortby == LD_SORT_NAME ? LD_SORT_SIZE :
		    f->sortby == LD_SORT_SIZE ? LD_SORT_MTIME : LD_SORT_NAME;
		sort_items(f);
	} else if (ui_key_is(k, 'S')) {
		f->reverse = !f->reverse;
		sort_items(f);
	} else if (ui_key_is(k, 'r') || ui_key_code(k, KEY_F(9))) {
		if (!f->remote)
			files_rescan_local(ui, p);
		else if (!ftp_session_connected(ui->app->ftp))
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
		else if (app_dir_load(ui->app, app_rcwd(ui->app), true, NULL,
		    NULL) == -1)
			ui_message(ui, APP_ERROR, _("cannot list: %s"),
			    strerror(errno));
	} else if (ui_key_is(k, 'v')) {
		if (f->readme != NULL)
			files_view_readme(ui, p);
		else
			return false;
	} else if (ui_key_is(k, '+')) {
		size_t i;

		f->nmarked = 0;
		for (i = 0; i < f->nitems; i++)
			if ((f->items[i].marked = item_matches(f,
			    &f->items[i]) && !f->items[i].isdir))
				f->nmarked++;
	} else if (ui_key_is(k, '-')) {
		unmark_all(f);
	} else {
		p->dirty = false;
		return false;
	}
	clamp(f);
	return true;
}
