/*
 * bottom_con.c: the console view of the bottom pane: a ring of lines per
 * console session (app_hooks.console feeds them), the current one shown.
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

/* ------------------------------------------------------------ console */

/* The view of a session id, or NULL. */
struct conview *
conview_find(struct bottom *b, unsigned id)
{
	size_t i;

	for (i = 0; i < APP_MAX_CONS; i++)
		if (b->cons[i].id == id && id != 0)
			return &b->cons[i];
	return NULL;
}

/* The view of a session, made if needed (dropping the oldest). */
static struct conview *
conview_get(struct bottom *b, struct con *con)
{
	struct conview *v = conview_find(b, con_id(con)), *old = NULL;
	size_t i;

	if (v != NULL)
		return v;
	for (i = 0; i < APP_MAX_CONS; i++) {
		if (b->cons[i].id == 0) {
			v = &b->cons[i];
			break;
		}
		if (old == NULL || b->cons[i].used < old->used)
			old = &b->cons[i];
	}
	if (v == NULL) {
		v = old;
		ring_free(&v->lines);
		free(v->name);
	}
	memset(v, 0, sizeof *v);
	v->id = con_id(con);
	v->name = ui_sanc(con_name(con));
	ring_init(&v->lines, UI_CON_LINES);
	v->used = ++b->con_clock;
	return v;
}

/* A line of a console session. */
void
bottom_console_line(struct ui *ui, struct con *con, const struct con_line *l)
{
	struct bottom *b = bot_model(ui);
	struct conview *v = conview_get(b, con);
	static const char *dirs[] = { "<", ">", "*", "!" };
	static const enum ui_color colors[] = { UC_RECV, UC_SENT, UC_INFO,
	    UC_ERROR };
	char when[16] = "", who[128] = "";
	struct tm tm;
	time_t t = (time_t)(l->ms / 1000);
	unsigned d = (unsigned)l->dir < 4 ? (unsigned)l->dir : 2;

	if (localtime_r(&t, &tm) != NULL)
		strftime(when, sizeof when, "%H:%M:%S", &tm);
	if (l->client > 0)
		snprintf(who, sizeof who, "[%d %s] ", l->client,
		    l->peer != NULL ? l->peer : "");
	else if ((l->flags & CON_LINE_FROM) && l->peer != NULL)
		snprintf(who, sizeof who, "[%s] ", l->peer);
	ring_push(&v->lines, colors[d], xasprintf("%s %s %s%s", when, dirs[d],
	    who, l->text));
	if (v->id == b->con_shown && b->con_back > 0 &&
	    b->con_back < v->lines.n)
		b->con_back++;
	v->used = ++b->con_clock;
	if (ui->bottom == BOT_CONSOLE)
		b->pane.dirty = true;
}

/* Sessions opened or closed. */
void
bottom_consoles_changed(struct ui *ui)
{
	struct bottom *b = bot_model(ui);
	struct app *app = ui->app;
	size_t i, j;

	for (i = 0; i < APP_MAX_CONS; i++) {
		bool open = false;

		if (b->cons[i].id == 0)
			continue;
		for (j = 0; j < APP_MAX_CONS; j++)
			if (app->cons[j] != NULL &&
			    con_id(app->cons[j]) == b->cons[i].id)
				open = con_is_open(app->cons[j]);
		b->cons[i].closed = !open;
	}
	for (j = 0; j < APP_MAX_CONS; j++)
		if (app->cons[j] != NULL)
			conview_get(b, app->cons[j]);
	if (app->con_current != NULL &&
	    con_id(app->con_current) != b->con_shown) {
		b->con_shown = con_id(app->con_current);
		b->con_back = 0;
	}
	b->pane.dirty = true;
}

/* Switch to the next console session (console switch ID). */
void
bottom_next_console(struct ui *ui)
{
	struct app *app = ui->app;
	size_t i, start = 0, k;
	char line[64];

	for (i = 0; i < APP_MAX_CONS; i++)
		if (app->cons[i] != NULL && app->cons[i] == app->con_current)
			start = i + 1;
	for (k = 0; k < APP_MAX_CONS; k++) {
		i = (start + k) % APP_MAX_CONS;
		if (app->cons[i] != NULL && app->cons[i] != app->con_current)
			break;
	}
	if (k == APP_MAX_CONS) {
		ui_message(ui, APP_INFO, "%s", app->con_current != NULL ?
		    _("This is the only console session.") :
		    _("No console sessions: try tcp connect HOST PORT."));
		return;
	}
	snprintf(line, sizeof line, "console switch %u", con_id(app->cons[i]));
	bottom_set_view(ui, BOT_CONSOLE);
	ui_command(ui, line, false, NULL, NULL);
}

/* Draw the console view. */
static void
draw_console(struct ui *ui, struct bottom *b, const struct ui_rect *r)
{
	struct conview *v = conview_find(b, b->con_shown);
	int y;

	if (v == NULL) {
		for (y = 0; y < r->h; y++)
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
		draw_text(r->y, r->x + 1, r->w - 1, _("No console session. "
		    "Try :tcp connect HOST PORT, :tcp listen PORT, :udp "
		    "connect HOST PORT."), UC_HINT, A_NORMAL, false);
		return;
	}
	ring_draw(&v->lines, b->con_back, r);
}

/* A key in the console view. */
static bool
con_key(struct ui *ui, struct bottom *b, size_t h, const struct ui_key *k)
{
	struct conview *v;

	if (keymap_find(k, KX_CONSOLE) == KA_CONSOLE_NEXT) {
		bottom_next_console(ui);
		return true;
	}
	if (keymap_find(k, KX_CONSOLE) == KA_CONSOLE_TYPE) {
		ui_focus(ui, FOCUS_BOTTOM);
		return true;
	}
	if ((v = conview_find(b, b->con_shown)) == NULL)
		return false;
	return scroll_key(&b->con_back, v->lines.n, h, k);
}

/* The note on the tabs row: the session shown and its counts. */
static void
con_note(struct ui *ui, struct bottom *b, char *out, size_t len)
{
	struct conview *v = conview_find(b, b->con_shown);
	struct con *cur = ui->app->con_current;
	char in[32], o[32];

	if (v != NULL && cur != NULL && con_id(cur) == v->id) {
		draw_size(in, sizeof in, con_bytes_in(cur));
		draw_size(o, sizeof o, con_bytes_out(cur));
		snprintf(out, len, _(" %u: %s  in %s  out %s%s "), v->id,
		    v->name, in, o, con_is_open(cur) ? "" : _("  (closed)"));
	} else if (v != NULL)
		snprintf(out, len, " %u: %s%s ", v->id, v->name,
		    _("  (closed)"));
}

const struct bot_view bot_console = {
	draw_console, con_key, con_note
};
