/*
 * bottom.c: the bottom pane: its tabs, the rings of lines its text views
 * keep, and switching between its three views, each in a file of its own
 * (bottom_xfer.c: the transfer queue, drawn from xq_list at draw time, at
 * most ten times a second, following the first unfinished job unless the
 * user moved its cursor; bottom_log.c: the protocol log; bottom_con.c: a
 * ring of lines per console session, fed by app_hooks.console). Rings
 * are bounded.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ui/keymap.h"
#include "ui/bottom_priv.h"

static void	bottom_draw(struct ui *, struct ui_pane *);
static bool	bottom_key(struct ui *, struct ui_pane *,
		    const struct ui_key *);
static void	bottom_resize(struct ui *, struct ui_pane *);
static void	bottom_free(struct ui_pane *);

static const struct ui_pane_ops bottom_ops = {
	bottom_draw, bottom_key, bottom_resize, bottom_free
};

/* The views, in the order of enum ui_bottom. */
static const struct bot_view *const views[BOT_N] = {
	&bot_transfers, &bot_protocol, &bot_console
};

/* ------------------------------------------------------------ rings */

/* An empty ring of cap lines. */
void
ring_init(struct ring *r, size_t cap)
{
	r->l = xcalloc(cap, sizeof *r->l);
	r->cap = cap;
	r->start = r->n = 0;
}

/* Free a ring's lines. */
void
ring_free(struct ring *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->l[(r->start + i) % r->cap].text);
	free(r->l);
	memset(r, 0, sizeof *r);
}

/* Add a line (taking text); true if the oldest was dropped. */
bool
ring_push(struct ring *r, enum ui_color c, char *text)
{
	struct line *l;

	if (r->n == r->cap) {
		l = &r->l[r->start];
		free(l->text);
		l->c = c;
		l->text = text;
		r->start = (r->start + 1) % r->cap;
		return true;
	}
	l = &r->l[(r->start + r->n) % r->cap];
	l->c = c;
	l->text = text;
	r->n++;
	return false;
}

/* The i-th line, oldest first. */
const struct line *
ring_at(const struct ring *r, size_t i)
{
	return &r->l[(r->start + i) % r->cap];
}

/* Draw the end of a ring, back lines from the end, into r. */
void
ring_draw(const struct ring *ring, size_t back, const struct ui_rect *r)
{
	size_t h = (size_t)r->h, first, i;
	int y;

	if (back > ring->n)
		back = ring->n;
	first = ring->n - back > h ? ring->n - back - h : 0;
	for (y = 0, i = first; y < r->h; y++, i++) {
		if (i < ring->n - back) {
			const struct line *l = ring_at(ring, i);

			draw_blank(r->y + y, r->x, 1, UC_NORMAL, A_NORMAL);
			draw_text(r->y + y, r->x + 1, r->w - 1, l->text, l->c,
			    A_NORMAL, true);
		} else
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
	}
}

/* Scroll a ring view (back: lines from its end) with the list widget. */
bool
scroll_key(size_t *back, size_t n, size_t h, const struct ui_key *k)
{
	size_t max = n > h ? n - h : 0, top;

	if (*back > max)
		*back = max;
	top = max - *back;
	if (!list_scroll(&top, n, h, keymap_find(k, KX_LIST)))
		return false;
	*back = max - top;
	return true;
}

/* ------------------------------------------------------------ pane */

/* Make the bottom pane. */
struct ui_pane *
bottom_new(struct ui *ui)
{
	struct bottom *b = xcalloc(1, sizeof *b);

	b->pane.ops = &bottom_ops;
	b->pane.model = b;
	b->pane.dirty = true;
	b->xfollow = true;
	ring_init(&b->log, UI_LOG_LINES);
	return &b->pane;
}

/* Free the pane and its rings. */
static void
bottom_free(struct ui_pane *p)
{
	struct bottom *b = p->model;
	size_t i;

	ring_free(&b->log);
	for (i = 0; i < APP_MAX_CONS; i++) {
		if (b->cons[i].id != 0)
			ring_free(&b->cons[i].lines);
		free(b->cons[i].name);
	}
	free(b);
}

/* A new size: draw again. */
static void
bottom_resize(struct ui *ui, struct ui_pane *p)
{
	p->dirty = true;
}

/* Show one of the views. */
void
bottom_set_view(struct ui *ui, enum ui_bottom v)
{
	if (ui->bottom != v) {
		ui->bottom = v;
		ui->panes[FOCUS_BOTTOM]->dirty = true;
	}
}

/* A line for the protocol log (display-safe text). */
void
bottom_log(struct ui *ui, enum ui_color c, const char *text)
{
	struct bottom *b = bot_model(ui);
	const char *p, *nl;

	/* one ring line per line of text */
	for (p = text; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl == NULL && *p == '\0' && p != text)
			break;
		ring_push(&b->log, c, nl != NULL ?
		    xstrndup(p, (size_t)(nl - p)) : xstrdup(p));
		/* scrolled back: the same lines stay on screen */
		if (b->log_back > 0 && b->log_back < b->log.n)
			b->log_back++;
	}
	if (ui->bottom == BOT_PROTOCOL)
		b->pane.dirty = true;
}

/* ------------------------------------------------------------ tabs */

/* The frame row above the pane: the views, and what the shown one is. */
void
bottom_draw_tabs(struct ui *ui, int y, int x, int w)
{
	struct bottom *b = bot_model(ui);
	static const char *names[BOT_N] = { N_("transfers"), N_("protocol"),
	    N_("console") };
	char right[256] = "", *t;
	int i, used = 1, tw;
	bool focused = ui->focus == FOCUS_BOTTOM && !ui->editing;

	for (i = 0; i < BOT_N && used < w - 4; i++) {
		if (i == (int)ui->bottom)
			t = xasprintf("[%s]", _(names[i]));
		else
			t = xasprintf(" %s ", _(names[i]));
		tw = draw_text(y, x + used, w - used - 1, t, i ==
		    (int)ui->bottom ? UC_TAB : UC_TITLE, i == (int)ui->bottom &&
		    focused ? A_BOLD : A_NORMAL, false);
		used += tw + 1;
		free(t);
	}
	views[ui->bottom]->note(ui, b, right, sizeof right);
	if (right[0] != '\0' && w - used > 10) {
		tw = draw_width(right);
		if (tw > w - used - 2)
			tw = w - used - 2;
		draw_text(y, x + w - tw - 1, tw, right, UC_TITLE, A_NORMAL,
		    false);
	}
}

/* The view whose tab is at column x (the layout of bottom_draw_tabs,
 * drawn from column 1). */
int
bottom_tab_at(struct ui *ui, int x)
{
	static const char *names[BOT_N] = { N_("transfers"), N_("protocol"),
	    N_("console") };
	int i, used = 1, tw;

	for (i = 0; i < BOT_N; i++) {
		tw = draw_width(_(names[i])) + 2;
		if (x >= 1 + used && x < 1 + used + tw)
			return i;
		used += tw + 1;
	}
	return -1;
}

/* Draw the view shown. */
static void
bottom_draw(struct ui *ui, struct ui_pane *p)
{
	views[ui->bottom]->draw(ui, p->model, &p->r);
	p->dirty = false;
}

/* A key in the bottom pane: Left and Right switch views, the view
 * shown has the others. */
static bool
bottom_key(struct ui *ui, struct ui_pane *p, const struct ui_key *k)
{
	size_t h = p->r.h > 0 ? (size_t)p->r.h : 1;
	enum ui_act act = keymap_find(k, KX_BOTTOM);

	p->dirty = true;
	if (act == KA_VIEW_PREV || act == KA_VIEW_NEXT) {
		bottom_set_view(ui, (ui->bottom + (act == KA_VIEW_PREV ?
		    BOT_N - 1 : 1)) % BOT_N);
		ui_focus(ui, FOCUS_BOTTOM);
		return true;
	}
	if (views[ui->bottom]->key(ui, p->model, h, k))
		return true;
	p->dirty = false;
	return false;
}
