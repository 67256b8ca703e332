/*
 * bottom_model.c: the bottom pane's model, under the pane and its views:
 * the bounded rings of lines its text views keep (drawn and scrolled
 * back from their end), the protocol log's ring that every message and
 * transcript line is added to (bottom_log), and which view is shown.
 * It calls only the drawing helpers and the list widget.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "ui/keymap.h"
#include "ui/bottom_priv.h"

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

/* ------------------------------------------------------------ model */

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
