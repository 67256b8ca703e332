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
 * This file holds the model and its listings (it calls no other file of
 * the pane); files_draw.c draws it and files_act.c holds the keys, the
 * actions and the pane's table of functions.
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
#include <limits.h>
#include <wchar.h>
#include <wctype.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"
#include "ui/files_priv.h"

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
	f->compared = false;	/* compare.c compares the next one again */
	f->truncated = false;
}

/* Free the pane and its listing. */
void
files_free(struct ui_pane *p)
{
	struct files *f = model(p);

	items_free(f);
	free(f->path);
	free(f->left);
	free(f->site);
	free(f->note);
	free(f);
}

/* Is there a parent directory to show ".." for? */
bool
fp_has_parent(const struct files *f)
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

/*
 * s (n bytes) in lower case (allocated): each character the locale
 * decodes goes through towlower (Ü to ü, not only ASCII); a byte it
 * cannot decode stays as it is.
 */
char *
casefold(const char *s, size_t n, size_t *outlen)
{
	mbstate_t in, out;
	wchar_t wc;
	size_t i = 0, k, w, o = 0, cap = n * 2 + MB_LEN_MAX + 1;
	char *r = xmalloc(cap);

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	while (i < n) {
		if (o + MB_LEN_MAX + 1 > cap) {
			cap *= 2;
			r = xrealloc(r, cap);
		}
		k = mbrtowc(&wc, s + i, n - i, &in);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&in, 0, sizeof in);
			r[o++] = s[i++];
			continue;
		}
		wc = (wchar_t)towlower((wint_t)wc);
		if ((w = wcrtomb(r + o, wc, &out)) == (size_t)-1) {
			memset(&out, 0, sizeof out);
			memcpy(r + o, s + i, k);
			w = k;
		}
		o += w;
		i += k;
	}
	r[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return r;
}

/* Does an item pass the filter (a glob if it has magic, else a part)?
 * Either way case is ignored, for every letter the locale knows. */
bool
fp_matches(const struct files *f, const struct fitem *it)
{
	char *name, *pat;
	size_t len;
	bool m;

	if (f->filter[0] == '\0')
		return true;
	name = casefold(it->name, it->namelen, &len);
	pat = casefold(f->filter, strlen(f->filter), NULL);
	if (glob_has_magic(f->filter))
		m = glob_match(pat, name, len);
	else
		m = strstr(name, pat) != NULL;
	free(name);
	free(pat);
	return m;
}

/* The item under the cursor, or NULL (none, or the ".." row). */
struct fitem *
fp_current(struct files *f)
{
	if (f->cur >= f->nview || f->view[f->cur] == UP_ROW)
		return NULL;
	return &f->items[f->view[f->cur]];
}

/* Rows of the pane. */
size_t
fp_rows(struct files *f)
{
	/* from FP_STATUS_MIN rows the last is the mini-status line */
	if (f->pane.r.h >= FP_STATUS_MIN)
		return (size_t)f->pane.r.h - 1;
	return f->pane.r.h > 0 ? (size_t)f->pane.r.h : 1;
}

/* The first row to draw: top, moved only as far as the cursor needs. */
size_t
fp_first_row(const struct files *f, size_t h)
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
void
fp_clamp(struct files *f)
{
	if (f->nview == 0) {
		f->cur = f->top = 0;
		return;
	}
	if (f->cur >= f->nview)
		f->cur = f->nview - 1;
	f->top = fp_first_row(f, fp_rows(f));
}

/* Find an item's row by name; SIZE_MAX if it is not in the view. */
size_t
fp_row_of(struct files *f, const char *name, size_t len)
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
void
fp_view_build(struct files *f)
{
	size_t i;

	free(f->view);
	f->view = xreallocarray(NULL, f->nitems + 1, sizeof *f->view);
	f->nview = 0;
	if (fp_has_parent(f))
		f->view[f->nview++] = UP_ROW;
	for (i = 0; i < f->nitems; i++)
		if (fp_matches(f, &f->items[i]))
			f->view[f->nview++] = i;
	f->pane.dirty = true;
}

/* Sort the items, keeping the cursor on its item. */
void
fp_sort(struct files *f)
{
	struct fitem *it = fp_current(f);
	char *name = it != NULL ? xmemdup(it->name, it->namelen + 1) : NULL;
	size_t len = it != NULL ? it->namelen : 0, r;
	int flags = LD_SORT_DIRS_FIRST;

	if (f->reverse)
		flags |= LD_SORT_REVERSE;
	ld_sort(f->items, f->nitems, sizeof *f->items, item_key, f->sortby,
	    flags);
	fp_view_build(f);
	if (name != NULL && (r = fp_row_of(f, name, len)) != SIZE_MAX)
		f->cur = r;
	free(name);
	fp_clamp(f);
}

/* Names marked before a reload, to mark again. */
struct marks {
	char		**names;
	size_t		 n;
};

/* Unmark everything. */
void
fp_unmark_all(struct files *f)
{
	size_t i;

	for (i = 0; i < f->nitems; i++)
		f->items[i].marked = false;
	f->nmarked = 0;
	f->pane.dirty = true;
}

/* The README-like file of the listing, or NULL. */
const char *
files_readme(struct ui_pane *p)
{
	return model(p)->readme;
}

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
	fp_sort(f);
	if (same && keep != NULL && (r = fp_row_of(f, keep, keeplen)) !=
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

			if ((r = fp_row_of(f, child, clen)) != SIZE_MAX) {
				f->cur = r;
				f->top = r > fp_rows(f) / 2 ? r - fp_rows(f) / 2 : 0;
			}
		}
	}
	fp_clamp(f);
	f->pane.dirty = true;
}

/* Remember what a reload must keep; returns the name under the cursor. */
static char *
before_reload(struct files *f, size_t *len, size_t *off, struct marks *m,
    char **old)
{
	struct fitem *it = fp_current(f);
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

/* An item's name and link target (NULL: none), copied into the arena. */
static void
item_names(struct fitem *it, char **at, const char *name, size_t namelen,
    const char *target)
{
	it->name = arena_copy(at, name, namelen);
	it->namelen = namelen;
	if (target != NULL)
		it->target = arena_copy(at, target, strlen(target));
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
		if (l->entries[i].ownerlen > 0)
			bytes += (size_t)l->entries[i].ownerlen + 1;
	}
	f->arena = at = xmalloc(bytes + 1);
	f->items = xcalloc(l->n + 1, sizeof *f->items);
	for (i = 0; i < l->n; i++) {
		const struct ftp_entry *e = &l->entries[i];
		struct fitem *it = &f->items[i];

		item_names(it, &at, e->name, e->namelen, e->target);
		if (e->ownerlen > 0)
			it->owner = arena_copy(&at, ftp_entry_owner(e),
			    e->ownerlen);
		it->mtime_has_sec = e->mtime_has_sec;
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
		it->has_mode = e->has_mode;
		it->mode = e->mode & 07777;
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
	bool moved;
	char *site;

	/* another server: what was listed (and marked) is not its */
	site = xasprintf("%s\n%s\n%s", app->host != NULL ? app->host : "",
	    app->port != NULL ? app->port : "", app->user != NULL ?
	    app->user : "");
	if (app->host != NULL && (f->site == NULL ||
	    strcmp(f->site, site) != 0)) {
		if (f->site != NULL) {
			items_free(f);
			free(f->path);
			f->path = NULL;
			free(f->left);
			f->left = NULL;
			f->cur = f->top = 0;
			f->filter[0] = '\0';
			f->filtering = false;
			fp_view_build(f);
		}
		free(f->site);
		f->site = site;
	} else
		free(site);
	moved = f->path == NULL || strcmp(f->path, path) != 0;
	free(f->note);
	f->note = NULL;
	f->note_bad = false;
	p->dirty = true;
	if (!connected && !ui->was_connected && !f->have) {
		f->note = xstrdup(_("not connected: :open HOST, o: sites"));
		return;
	}
	if (d != NULL && d->loaded && (moved || d->when != f->when ||
	    !f->have)) {
		struct marks m;
		size_t keeplen, keepoff;
		char *old, *keep;

		keep = before_reload(f, &keeplen, &keepoff, &m, &old);
		if (f->left != NULL) {
			/* the listing of where we went: stand on the one left */
			free(old);
			old = f->left;
			f->left = NULL;
		}
		items_free(f);
		load_remote(f, &d->list);
		f->when = d->when;
		finish_listing(f, path, old, keep, keeplen, keepoff, &m);
		free(keep);
		free(old);
	} else if (moved && connected) {
		items_free(f);
		if (f->left == NULL)
			f->left = f->path;
		else
			free(f->path);
		f->path = xstrdup(path);
		f->cur = f->top = 0;
		f->filter[0] = '\0';
		fp_view_build(f);
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
	} else if (d == NULL && !app->opts.autolist && app->running == NULL)
		/* the user's autolist is off: r lists (refresh) */
		f->note = xstrdup(_("not listed (autolist is off): press r"));
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
	/* the app's local directory, not the process's */
	str_lcpy(cwd, app_lcwd(ui->app), sizeof cwd);
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

		item_names(it, &at, e->name, e->namelen, e->target);
		it->kind = e->type == LD_DIR ? FK_DIR : e->type == LD_LINK ?
		    FK_LINK : e->type == LD_OTHER ? FK_OTHER : FK_FILE;
		it->isdir = e->type == LD_DIR || (e->type == LD_LINK &&
		    e->target_dir);
		it->has_size = e->error == 0;
		it->size = e->size;
		it->has_mtime = e->error == 0;
		it->mtime_has_time = true;
		it->mtime = e->mtime;
		it->has_mode = e->error == 0;
		it->mode = e->mode & 07777;
		it->mtime_has_sec = true;
		it->has_uid = e->error == 0;
		it->uid = e->uid;
	}
	f->nitems = l.n;
	f->truncated = l.truncated;
	ld_list_free(&l);
	finish_listing(f, cwd, old, keep, keeplen, keepoff, &m);
	free(keep);
	free(old);
}
