/*
 * view.c: a scrollable text overlay, for the file viewer and the help.
 *
 * The text is cut into lines once when the overlay opens (sanitized with
 * newlines and tabs kept when it came from a file, tabs expanded to
 * 8-column stops); only the lines on screen are drawn, cut at the right
 * edge with an ellipsis and moved sideways with Left/Right, never
 * wrapped.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "ui/keymap.h"
#include "ui/ui_priv.h"

struct ui_view {
	char		*title;		/* display-safe */
	char		**lines;
	size_t		 n;
	size_t		 top;
	int		 left;		/* columns scrolled sideways */
	int		 width;		/* the widest line */
	int		 h;		/* text rows at the last draw */
};

/*
 * Open the overlay on text (sanitize: it came from outside; the title is
 * display-safe already).
 */
void
view_open(struct ui *ui, const char *title, const char *text, bool sanitize)
{
	struct ui_view *v;
	char *clean, *p, *nl;
	size_t cap = 64;
	int w;

	view_close(ui);
	v = xcalloc(1, sizeof *v);
	v->title = xstrdup(title);
	if (sanitize) {
		/* CR LF endings of a local file: drop the CR first */
		struct buf b;
		const char *s;

		buf_init(&b, strlen(text) + 1);
		for (s = text; *s != '\0'; s++)
			if (!(s[0] == '\r' && s[1] == '\n'))
				buf_append(&b, s, 1);
		clean = ui_san(buf_data(&b), buf_len(&b),
		    SAN_KEEP_NL | SAN_KEEP_TAB);
		buf_free(&b);
	} else
		clean = xstrdup(text);
	v->lines = xreallocarray(NULL, cap, sizeof *v->lines);
	for (p = clean; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = '\0';
		else if (*p == '\0' && v->n > 0)
			break;
		if (v->n == cap) {
			cap *= 2;
			v->lines = xreallocarray(v->lines, cap,
			    sizeof *v->lines);
		}
		v->lines[v->n] = draw_expand_tabs(p);
		w = draw_width(v->lines[v->n]);
		if (w > v->width)
			v->width = w;
		v->n++;
	}
	free(clean);
	ui->view = v;
	ui->dirty_all = true;
}

/* Close the overlay. */
void
view_close(struct ui *ui)
{
	struct ui_view *v = ui->view;
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		free(v->lines[i]);
	free(v->lines);
	free(v->title);
	free(v);
	ui->view = NULL;
	ui->dirty_all = true;
}

/* Is the overlay open? */
bool
view_active(struct ui *ui)
{
	return ui->view != NULL;
}

/* Draw the overlay over the screen. */
void
view_draw(struct ui *ui)
{
	struct ui_view *v = ui->view;
	struct ui_rect r;
	char *t, pos[96];
	size_t i;
	int y, tw;

	r.y = 1;
	r.x = ui->cols >= 60 ? 2 : 0;
	r.h = ui->rows - 3;
	r.w = ui->cols - 2 * r.x;
	if (r.h < 4 || r.w < 10)
		return;
	draw_box(&r, UC_NORMAL);
	v->h = r.h - 2;
	if (v->n > (size_t)v->h && v->top > v->n - (size_t)v->h)
		v->top = v->n - (size_t)v->h;
	t = xasprintf(" %s ", v->title);
	draw_text(r.y, r.x + 2, r.w - 4, t, UC_TITLE, A_NORMAL, false);
	free(t);
	snprintf(pos, sizeof pos, _(" lines %zu-%zu of %zu "),
	    v->n ? v->top + 1 : 0, v->top + (size_t)v->h < v->n ?
	    v->top + (size_t)v->h : v->n, v->n);
	tw = draw_width(pos);
	t = xasprintf(" %s ", _("q close  Up/Down PgUp/PgDn Home/End "
	    "Left/Right"));
	draw_text(r.y + r.h - 1, r.x + 2, r.w - tw - 6, t, UC_HINT, A_NORMAL,
	    false);
	free(t);
	draw_text_right(r.y + r.h - 1, r.x, r.w - 2, pos, UC_HINT, A_NORMAL);
	for (y = 0; y < v->h; y++) {
		i = v->top + (size_t)y;
		if (i >= v->n)
			continue;
		if (v->left > 0) {
			t = draw_skip_cols(v->lines[i], v->left);
			draw_text(r.y + 1 + y, r.x + 1, r.w - 2, t, UC_NORMAL,
			    A_NORMAL, true);
			free(t);
		} else
			draw_text(r.y + 1 + y, r.x + 1, r.w - 2, v->lines[i],
			    UC_NORMAL, A_NORMAL, true);
	}
}

/* A key while the overlay is open (it takes every key). */
bool
view_key(struct ui *ui, const struct ui_key *k)
{
	struct ui_view *v = ui->view;
	size_t h = v->h > 0 ? (size_t)v->h : 1;
	enum ui_act act;

	if ((act = keymap_find(k, KX_VIEWER)) == KA_NONE)
		act = keymap_find(k, KX_LIST);
	if (act == KA_CLOSE) {
		view_close(ui);
		return true;
	}
	if (act == KA_LEFT)
		v->left = v->left > 8 ? v->left - 8 : 0;
	else if (act == KA_RIGHT) {
		if (v->left + 8 < v->width)
			v->left += 8;
	} else
		list_scroll(&v->top, v->n, h, act);
	ui->dirty_all = true;
	return true;
}

/* ------------------------------------------------------------ help */

/* Open the help: every key and every command of the table. */
void
help_open(struct ui *ui)
{
	const struct cmd_desc *t;
	struct buf b;
	size_t n, i;
	int f;
	char *text;

	buf_init(&b, 1024 * 1024);
	buf_printf(&b, "%s\n\n", _("Keys"));
	keymap_help(&b);
	buf_printf(&b, "\n%s\n", _("Commands (names may be shortened while "
	    "they stay unique)"));
	t = cmd_table(&n);
	for (f = CF_CONNECTION; f <= CF_OTHER; f++) {
		bool first = true;

		for (i = 0; i < n; i++) {
			if ((int)t[i].family != f)
				continue;
			if (first)
				buf_printf(&b, "\n%s\n", cmd_family_name(
				    t[i].family));
			first = false;
			buf_printf(&b, "  %-10s %s\n", t[i].name, _(t[i].help));
			buf_printf(&b, "  %-10s %s\n", "", cmd_usage_text(t[i].usage));
		}
	}
	buf_printf(&b, "\n%s\n", _("Options (set NAME VALUE, show)"));
	{
		/* several names a line: the list stays short */
		const char *const *names = app_opt_names();
		size_t col = 0, len;

		for (i = 0; names[i] != NULL; i++) {
			len = strlen(names[i]);
			if (col > 0 && col + 2 + len > 68) {
				buf_printf(&b, "\n");
				col = 0;
			}
			buf_printf(&b, "  %s", names[i]);
			col += 2 + len;
		}
		if (col > 0)
			buf_printf(&b, "\n");
	}
	text = buf_cstr(&b);
	view_open(ui, _("jangada help"), text, false);
	buf_free(&b);
}
