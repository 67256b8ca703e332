/*
 * bottom.c: the bottom pane: its tabs, its keys and switching between its
 * three views, each in a file of its own (bottom_xfer.c: the transfer
 * queue, drawn from xq_list at draw time, at most ten times a second,
 * following the first unfinished job unless the user moved its cursor;
 * bottom_log.c: the protocol log; bottom_con.c: a ring of lines per
 * console session, fed by app_hooks.console). The rings of lines, the
 * protocol log's feed and the view shown are bottom_model.c's.
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
