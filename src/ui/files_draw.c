/*
 * files_draw.c: drawing a file pane: its title over the frame (the
 * remote URL or the local path, cut from the left so the end shows; the
 * filter, marks and sort at the right), then only the rows on screen.
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
#include "ui/files_priv.h"

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

/*
 * The order as the arrow shows it, one meaning for every key: up is
 * ascending (A to Z, smallest first, oldest first), down descending. By
 * name the order is A to Z, by size and time largest and newest first,
 * unless reversed.
 */
static bool
sort_ascending(const struct files *f)
{
	return (f->sortby == LD_SORT_NAME) != f->reverse;
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
	size_t shown = f->nview - (fp_has_parent(f) ? 1 : 0);

	if (f->nmarked > 0) {
		/* the count and the total size of the marked files */
		uint64_t total = 0;
		char hs[32];
		size_t i;

		for (i = 0; i < f->nitems; i++)
			if (f->items[i].marked && f->items[i].has_size)
				total += f->items[i].size;
		draw_size(hs, sizeof hs, total);
		snprintf(marks, sizeof marks, ngettext("%zu marked, %s ",
		    "%zu marked, %s ", f->nmarked), f->nmarked, hs);
	}
	if (f->filtering || f->filter[0] != '\0') {
		char *c = ui_sanc(f->filter);

		snprintf(filt, sizeof filt, "/%s%s %zu/%zu ", c,
		    f->filtering ? "_" : "", shown, f->nitems);
		free(c);
	}
	if (f->sortby != LD_SORT_NAME || f->reverse)
		snprintf(sort, sizeof sort, "[%s%s]", _(sorts[f->sortby]),
		    draw_glyph(sort_ascending(f) ? GL_UP : GL_DOWN));
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
	char size[32] = "", *name;
	int w = r->w, sizew, namew, x = r->x;
	bool cursor = row == f->cur;
	struct fp_cols cols;

	if (f->view[row] != UP_ROW)
		it = &f->items[f->view[row]];
	fp_cols_fit(&cols, w, ui->app->opts.columns);
	sizew = cols.sizew;
	namew = cols.namew;
	if (f->compared)
		namew--;	/* the compare letter after the mark */

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
		if (it->marked)
			nc = UC_MARKED;
		if (it->cmp != 0 && compare_color(it->cmp) != UC_NORMAL)
			nc = compare_color(it->cmp);	/* not a link's @ */
	}
	if (cursor)
		rc = nc = focused ? UC_CURSOR : UC_CURSOR_DIM;
	draw_blank(y, x, w, rc, A_NORMAL);
	draw_text(y, x, 1, it != NULL && it->marked ? "*" : " ",
	    cursor ? rc : UC_MARKED, A_NORMAL, true);
	if (f->compared) {
		char l[2] = { it != NULL && it->cmp ? it->cmp : ' ', 0 };

		draw_text(y, ++x, 1, l, cursor ? rc : it != NULL ?
		    compare_color(it->cmp) : UC_NORMAL, A_NORMAL, true);
	}
	if (draw_width(name) > namew) {
		/* cut in the middle: the end (an extension, a number) stays */
		char *cut = draw_cut_middle(name, namew);

		free(name);
		name = cut;
	}
	draw_text(y, x + 1, namew, name, nc, A_NORMAL, true);
	x += 1 + namew;
	if (sizew) {
		draw_text_right(y, x + 1, sizew, size, cursor ? rc : UC_NORMAL,
		    A_NORMAL);
		x += sizew + 1;
	}
	fp_cols_draw(&cols, it, f->remote, y, x, cursor ? rc : UC_NORMAL);
	free(name);
}

/*
 * The mini-status line (the pane's last row): the full name of the
 * entry under the cursor, its size, time and permissions; the name alone
 * (cut in the middle) when both do not fit.
 */
static void
draw_ministatus(struct files *f, int y)
{
	const struct ui_rect *r = &f->pane.r;
	struct fitem *it = fp_current(f);
	char size[32] = "", date[32] = "", perm[11] = "", *right, *name, *t;
	int w = r->w - 1, nw, rw;

	draw_blank(y, r->x, r->w, UC_HINT, A_NORMAL);
	if (it == NULL || w <= 0)
		return;
	if (it->target != NULL) {
		t = ui_sanc(it->target);
		name = xasprintf("%s -> %s", item_disp(it), t);
		free(t);
	} else
		name = xstrdup(item_disp(it));
	if (it->kind == FK_FILE && it->has_size)
		draw_size(size, sizeof size, it->size);
	if (it->has_mtime)
		draw_date(date, sizeof date, it->mtime, it->mtime_has_time,
		    f->remote);
	if (it->has_mode)
		fp_perm_string(perm, it);
	nw = draw_width(name);
	right = xasprintf("%s%s%s%s%s", size, size[0] && (date[0] ||
	    perm[0]) ? "  " : "", date, date[0] && perm[0] ? "  " : "", perm);
	if (nw + 2 + draw_width(right) > w) {
		/* narrow: the time goes first */
		free(right);
		right = xasprintf("%s%s%s", size, size[0] && perm[0] ? "  " :
		    "", perm);
	}
	rw = draw_width(right);
	if (right[0] != '\0' && nw + 2 + rw <= w) {
		draw_text(y, r->x + 1, nw, name, UC_HINT, A_NORMAL, false);
		draw_text_right(y, r->x + 1 + w - rw, rw, right, UC_HINT,
		    A_NORMAL);
	} else {
		t = nw > w ? draw_cut_middle(name, w) : xstrdup(name);
		draw_text(y, r->x + 1, w, t, UC_HINT, A_NORMAL, false);
		free(t);
	}
	free(right);
	free(name);
}

/* Draw the pane: its title over the frame, then the visible rows. */
void
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
	top = fp_first_row(f, fp_rows(f));
	for (y = 0; y < (int)fp_rows(f) && y < r->h; y++) {
		row = top + (size_t)y;
		if (row < f->nview)
			draw_row(ui, f, row, r->y + y, focused);
		else
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
	}
	if (r->h >= FP_STATUS_MIN)
		draw_ministatus(f, r->y + r->h - 1);
	if (f->note != NULL) {
		/* on the first empty row, or over the last one */
		y = f->nview < fp_rows(f) ? (int)f->nview : (int)fp_rows(f) - 1;
		draw_text(r->y + y, r->x + 1, r->w - 1, f->note,
		    f->note_bad ? UC_ERROR : UC_HINT, A_NORMAL, true);
	} else if (f->have && f->nitems == 0 && fp_rows(f) > 0) {
		y = (int)f->nview;
		if (y < (int)fp_rows(f))
			draw_text(r->y + y, r->x + 1, r->w - 1,
			    f->filter[0] ? _("(nothing matches the filter)") :
			    _("(empty)"), UC_HINT, A_NORMAL, true);
	} else if (f->have && f->filter[0] != '\0' && f->nview ==
	    (fp_has_parent(f) ? 1u : 0u) && f->nview < fp_rows(f))
		draw_text(r->y + (int)f->nview, r->x + 1, r->w - 1,
		    _("(nothing matches the filter)"), UC_HINT, A_NORMAL, true);
	p->dirty = false;
}

/* A new size: the draw keeps the cursor on screen. */
void
files_resize(struct ui *ui, struct ui_pane *p)
{
	p->dirty = true;
}
