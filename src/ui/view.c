/*
 * view.c: a scrollable text overlay, for the file viewer and the help.
 *
 * The text is cut into lines once when the overlay opens (sanitized with
 * newlines and tabs kept when it came from a file, tabs expanded to
 * 8-column stops); only the rows on screen are drawn (view_draw.c), cut
 * at the right edge or wrapped, or as a hex dump of the bytes. The lines
 * are made by view_text.c; search, go to and follow are in view_find.c.
 * This file opens and closes the overlay and routes its keys.
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
#include "ui/view_priv.h"

static struct ui_view *
view_new(struct ui *ui, const char *title)
{
	struct ui_view *v;

	view_close(ui);
	v = xcalloc(1, sizeof *v);
	v->title = xstrdup(title);
	ui->view = v;
	ui->dirty_all = true;
	return v;
}

/*
 * Open the overlay on text (sanitize: it came from outside; the title is
 * display-safe already).
 */
void
view_open(struct ui *ui, const char *title, const char *text, bool sanitize)
{
	struct ui_view *v = view_new(ui, title);

	v->sanitize = sanitize;
	view_build(v, text);
}

/*
 * Open the viewer on the bytes of a file (raw: hex mode shows them as
 * they are; binary bytes open in hex mode); path: a local file that
 * may be followed, or NULL.
 */
void
view_open_bytes(struct ui *ui, const char *title, const void *p, size_t len,
    bool cut, const char *path)
{
	struct ui_view *v = view_new(ui, title);

	v->sanitize = true;
	v->data = xmalloc(len + 1);
	if (len > 0)
		memcpy(v->data, p, len);
	v->len = len;
	v->size = len;
	v->cut = cut;
	v->path = path != NULL ? xstrdup(path) : NULL;
	v->hex = view_is_binary(p, len);
	view_build(v, NULL);
}

/* Close the overlay. */
void
view_close(struct ui *ui)
{
	struct ui_view *v = ui->view;

	if (v == NULL)
		return;
	view_follow_stop(v);
	view_lines_free(v);
	free(v->data);
	free(v->pat);
	free(v->note);
	free(v->path);
	free(v->title);
	free(v);
	ui->view = NULL;
	ui->dirty_all = true;
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
	free(v->note);
	v->note = NULL;
	ui->dirty_all = true;
	switch (act) {
	case KA_CLOSE:
		view_close(ui);
		return true;
	case KA_LEFT:
		if (!v->hex && !v->wrap)
			v->left = v->left > 8 ? v->left - 8 : 0;
		return true;
	case KA_RIGHT:
		if (!v->hex && !v->wrap && v->left + 8 < v->width)
			v->left += 8;
		return true;
	case KA_V_HEX:
		if (v->data == NULL)
			return true;
		v->hex = !v->hex;
		v->top = 0;
		v->hit = false;
		return true;
	case KA_V_WRAP:
		v->wrap = !v->wrap;
		v->left = 0;
		if (!v->hex && v->top < v->n) {
			size_t line = v->wrap ? v->top : v->rows != NULL &&
			    v->top < v->nrows ? v->rows[v->top].line : v->top;

			if (v->wrap) {
				view_make_rows(v, v->tw);
				v->top = view_row_of(v, line, 0);
			} else
				v->top = line;
		}
		return true;
	case KA_V_SEARCH:
		view_search_ask(ui);
		return true;
	case KA_V_NEXT:
	case KA_V_PREV:
		view_search_next(ui, act == KA_V_PREV);
		return true;
	case KA_V_GOTO:
		view_goto_ask(ui);
		return true;
	case KA_V_FOLLOW:
		view_follow_toggle(ui);
		return true;
	default:
		if (v->follow && (act == KA_UP || act == KA_PGUP ||
		    act == KA_HOME))
			view_follow_stop(v);
		list_scroll(&v->top, view_nrows(v), h, act);
		return true;
	}
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
