/*
 * view_draw.c: the viewer's rows and their drawing: a line a row (moved
 * sideways), lines wrapped at the width of the overlay, or a hex dump of
 * the bytes (offset, 16 bytes a row when the width allows it, the
 * characters); the search match highlighted; the margins beside the
 * overlay cleared so nothing of the panes under it shows.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "ui/ui_priv.h"
#include "ui/view_priv.h"

/* Bytes a hex row shows in tw columns (16 from 74 columns up). */
static size_t
hex_per_row(int tw)
{
	/* "00000000 " + "xx " * n - 1 + "  " + n characters */
	return tw >= 9 + 16 * 4 + 1 ? 16 : 8;
}

static size_t
hex_bpr(struct ui_view *v)
{
	return hex_per_row(v->tw > 0 ? v->tw : 80);
}

/* Rows of the view as it shows now. */
size_t
view_nrows(struct ui_view *v)
{
	size_t bpr;

	if (v->hex) {
		bpr = hex_bpr(v);
		return (v->len + bpr - 1) / bpr;
	}
	if (v->wrap) {
		if (v->rows == NULL || v->rows_w != v->tw)
			view_make_rows(v, v->tw);
		return v->nrows;
	}
	return v->n;
}

/* Bytes of s that fit in w columns (at least one character). */
static size_t
fit_bytes(const char *s, size_t len, int w)
{
	mbstate_t st;
	wchar_t wc;
	size_t i = 0, n;
	int col = 0, cw;

	memset(&st, 0, sizeof st);
	while (i < len) {
		n = mbrtowc(&wc, s + i, len - i, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			n = 1;
			cw = 1;
			memset(&st, 0, sizeof st);
		} else if ((cw = wcwidth(wc)) < 0)
			cw = 1;
		if (col + cw > w && i > 0)
			break;
		col += cw;
		i += n;
	}
	return i;
}

/* Cut the lines into rows of tw columns. */
void
view_make_rows(struct ui_view *v, int tw)
{
	size_t cap = v->n + 16, i, off, len, k;

	if (tw < 1)
		tw = 80;
	free(v->rows);
	v->rows = xreallocarray(NULL, cap, sizeof *v->rows);
	v->nrows = 0;
	for (i = 0; i < v->n; i++) {
		len = strlen(v->lines[i]);
		off = 0;
		do {
			k = fit_bytes(v->lines[i] + off, len - off, tw);
			if (v->nrows == cap) {
				cap *= 2;
				v->rows = xreallocarray(v->rows, cap,
				    sizeof *v->rows);
			}
			v->rows[v->nrows].line = i;
			v->rows[v->nrows].off = off;
			v->rows[v->nrows].len = k;
			v->nrows++;
			off += k;
		} while (off < len);
	}
	v->rows_w = tw;
}

/* The row showing byte off of a line (text) or offset off (hex). */
size_t
view_row_of(struct ui_view *v, size_t line, size_t off)
{
	size_t lo, hi, mid;

	if (v->hex)
		return off / hex_bpr(v);
	if (!v->wrap)
		return line;
	view_nrows(v);
	/* the last row that starts at or before (line, off) */
	lo = 0;
	hi = v->nrows;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (v->rows[mid].line < line || (v->rows[mid].line == line &&
		    v->rows[mid].off <= off))
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Scroll so that row shows (a third down the screen when it moves). */
void
view_show_row(struct ui_view *v, size_t row)
{
	size_t h = v->h > 0 ? (size_t)v->h : 1, n = view_nrows(v);

	if (row >= v->top && row < v->top + h)
		return;
	v->top = row > h / 3 ? row - h / 3 : 0;
	if (n > h && v->top > n - h)
		v->top = n - h;
}

/* Highlight the matches of the pattern in a row drawn from s. */
static void
highlight(struct ui_view *v, int y, int x, int w, const char *s,
    size_t len)
{
	size_t plen = strlen(v->pat), at;
	const char *m, *p = s;
	char *pre, *hit;
	int col;

	while (plen > 0 && (m = view_find_ci(p, len - (size_t)(p - s), v->pat,
	    plen)) != NULL) {
		at = (size_t)(m - s);
		pre = xstrndup(s, at);
		col = draw_width(pre);
		free(pre);
		if (col >= w)
			break;
		hit = xstrndup(m, plen);
		draw_text(y, x + col, w - col, hit, UC_CURSOR, A_BOLD, false);
		free(hit);
		p = m + plen;
	}
}

/* A row of text. */
static void
draw_line_row(struct ui_view *v, int y, int x, int w, size_t row)
{
	const char *s;
	char *t;

	if (v->wrap) {
		const struct view_row *r = &v->rows[row];

		t = xstrndup(v->lines[r->line] + r->off, r->len);
	} else
		t = v->left > 0 ? draw_skip_cols(v->lines[row], v->left) :
		    xstrdup(v->lines[row]);
	s = t;
	draw_text(y, x, w, s, UC_NORMAL, A_NORMAL, true);
	if (v->pat != NULL)
		highlight(v, y, x, w, s, strlen(s));
	free(t);
}

/* A row of the hex dump: offset, bytes, characters. */
static void
draw_hex_row(struct ui_view *v, int y, int x, int w, size_t row)
{
	size_t bpr = hex_bpr(v), off = row * bpr, i, plen;
	const unsigned char *d = (const unsigned char *)v->data;
	char line[256], *p = line;
	int hexcol = 9, chcol = 9 + (int)bpr * 3 + 1;

	p += snprintf(p, 16, "%08zx ", off);
	for (i = 0; i < bpr; i++)
		p += off + i < v->len ? snprintf(p, 8, "%02x ", d[off + i]) :
		    snprintf(p, 8, "   ");
	*p++ = ' ';
	for (i = 0; i < bpr && off + i < v->len; i++)
		*p++ = d[off + i] >= 0x20 && d[off + i] < 0x7f ?
		    (char)d[off + i] : '.';
	*p = '\0';
	draw_text(y, x, w, line, UC_NORMAL, A_NORMAL, true);
	{
		char ofs[9];

		memcpy(ofs, line, 8);
		ofs[8] = '\0';
		draw_text(y, x, 8, ofs, UC_HINT, A_NORMAL, false);
	}
	if (!v->hit || v->pat == NULL)
		return;
	plen = strlen(v->pat);
	for (i = 0; i < bpr && off + i < v->len; i++) {
		char cell[4];

		if (off + i < v->hit_off || off + i >= v->hit_off + plen)
			continue;
		snprintf(cell, sizeof cell, "%02x", d[off + i]);
		if (hexcol + (int)i * 3 + 2 <= w)
			draw_text(y, x + hexcol + (int)i * 3, 2, cell,
			    UC_CURSOR, A_BOLD, false);
		cell[0] = line[chcol + (int)i];
		cell[1] = '\0';
		if (chcol + (int)i < w)
			draw_text(y, x + chcol + (int)i, 1, cell, UC_CURSOR,
			    A_BOLD, false);
	}
}

/* Draw the overlay over the screen. */
void
view_draw(struct ui *ui)
{
	struct ui_view *v = ui->view;
	struct ui_rect r;
	char *t, pos[128], modes[96];
	size_t i, n;
	int y, tw;

	r.y = 1;
	r.x = ui->cols >= 60 ? 2 : 0;
	r.h = ui->rows - 3;
	r.w = ui->cols - 2 * r.x;
	if (r.h < 4 || r.w < 10)
		return;
	/* the margins: nothing of the panes under the overlay shows */
	for (y = r.y; y < r.y + r.h && r.x > 0; y++) {
		draw_blank(y, 0, r.x, UC_NORMAL, A_NORMAL);
		draw_blank(y, r.x + r.w, ui->cols - r.x - r.w, UC_NORMAL,
		    A_NORMAL);
	}
	draw_box(&r, UC_NORMAL);
	v->h = r.h - 2;
	v->tw = r.w - 2;
	n = view_nrows(v);
	if (n > (size_t)v->h && v->top > n - (size_t)v->h)
		v->top = n - (size_t)v->h;
	if (v->follow && n > (size_t)v->h)
		v->top = n - (size_t)v->h;
	t = xasprintf(" %s ", v->title);
	draw_text(r.y, r.x + 2, r.w - 4, t, UC_TITLE, A_NORMAL, false);
	free(t);
	modes[0] = '\0';
	if (v->hex)
		snprintf(modes, sizeof modes, "%s ", _("[hex]"));
	else if (v->wrap)
		snprintf(modes, sizeof modes, "%s ", _("[wrap]"));
	if (v->follow)
		snprintf(modes + strlen(modes), sizeof modes - strlen(modes),
		    "%s ", _("[follow]"));
	if (v->hex)
		snprintf(pos, sizeof pos, _(" %soffset %zx of %zx "), modes,
		    v->top * hex_bpr(v), v->len);
	else
		snprintf(pos, sizeof pos, _(" %slines %zu-%zu of %zu "), modes,
		    n ? v->top + 1 : 0, v->top + (size_t)v->h < n ?
		    v->top + (size_t)v->h : n, n);
	tw = draw_width(pos);
	if (v->note != NULL)
		t = xasprintf(" %s ", v->note);
	else
		t = xasprintf(_(" q close  %s page  / search  n N  : go to  "
		    "x hex  w wrap  F follow "), ui_key_label("Space"));
	draw_text(r.y + r.h - 1, r.x + 2, r.w - tw - 6, t,
	    v->note != NULL ? UC_WARN : UC_HINT, A_NORMAL, false);
	free(t);
	draw_text_right(r.y + r.h - 1, r.x, r.w - 2, pos, UC_HINT, A_NORMAL);
	for (y = 0; y < v->h; y++) {
		i = v->top + (size_t)y;
		if (i >= n)
			continue;
		if (v->hex)
			draw_hex_row(v, r.y + 1 + y, r.x + 1, v->tw, i);
		else
			draw_line_row(v, r.y + 1 + y, r.x + 1, v->tw, i);
	}
}
