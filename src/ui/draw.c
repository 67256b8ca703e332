/*
 * draw.c: drawing text into cells.
 *
 * Text reaching here is display-safe UTF-8 (sanitized names, translated
 * messages). It is measured one wide character at a time with wcwidth,
 * so CJK names take two columns and a combining mark none; text that
 * does not fit is cut with an ellipsis (a dialog's text is wrapped
 * first, draw_wrap), and a wide character never straddles the edge of
 * its region. A character the terminal cannot show (wcwidth < 0) is
 * drawn as '?', so the columns after it still line up.
 */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "base/buf.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ui/ui_priv.h"

/* san_str, and "" for no bytes at all. */
char *
ui_san(const void *p, size_t n, int flags)
{
	if (n == 0)
		return xstrdup("");
	return san_str(p, n, flags);
}

/* san_cstr, the same way. */
char *
ui_sanc(const char *s)
{
	return ui_san(s, strlen(s), 0);
}

/* A glyph: Unicode on a UTF-8 terminal, ASCII elsewhere. */
const char *
draw_glyph(int which)
{
	bool u = san_get_utf8();

	switch (which) {
	case GL_ELLIPSIS:
		return u ? "\xe2\x80\xa6" : "~";
	case GL_DOWN:
		return u ? "\xe2\x86\x93" : "v";
	case GL_UP:
		return u ? "\xe2\x86\x91" : "^";
	case GL_BAR_FULL:
		return "=";
	case GL_BAR_EMPTY:
		return " ";
	}
	return "?";
}

/* Decode the next character of s (len bytes left): its length, or 0. */
static size_t
next_wc(const char *s, size_t len, wchar_t *wc, int *cw, mbstate_t *st)
{
	size_t n;

	if (len == 0)
		return 0;
	n = mbrtowc(wc, s, len, st);
	if (n == (size_t)-1 || n == (size_t)-2) {
		memset(st, 0, sizeof *st);
		*wc = L'?';
		n = 1;
	} else if (n == 0) {
		return 0;
	}
	*cw = wcwidth(*wc);
	if (*cw < 0) {
		*wc = L'?';
		*cw = 1;
	}
	return n;
}

/* The display width of text. */
int
draw_width(const char *s)
{
	mbstate_t st;
	wchar_t wc;
	size_t len = strlen(s), i = 0, n;
	int cw, w = 0;

	memset(&st, 0, sizeof st);
	while ((n = next_wc(s + i, len - i, &wc, &cw, &st)) != 0) {
		w += cw;
		i += n;
	}
	return w;
}

/* Set the attributes of a colour role. */
static void
set_color(enum ui_color c, attr_t extra)
{
	attr_set(theme_attr(c) | extra, theme_pair(c), NULL);
}

/* Fill w columns with spaces. */
void
draw_blank(int y, int x, int w, enum ui_color c, attr_t extra)
{
	if (w <= 0)
		return;
	set_color(c, extra);
	mvhline(y, x, ' ', w);
	attr_set(A_NORMAL, 0, NULL);
}

/*
 * Fit s into w columns: the wide characters to draw (allocated, NUL-
 * ended) and their width in *used.
 */
static wchar_t *
fit(const char *s, int w, int *used)
{
	mbstate_t st;
	wchar_t wc, *buf, *ell;
	const char *eg = draw_glyph(GL_ELLIPSIS);
	size_t len = strlen(s), i = 0, n, nb = 0, cap, keep = 0;
	int cw, u = 0, keepw = 0, ellw = draw_width(eg);
	bool kept = false, cut = false;

	cap = (len < (size_t)w * 4 ? len : (size_t)w * 4) + 8;
	buf = xreallocarray(NULL, cap, sizeof *buf);
	memset(&st, 0, sizeof st);
	while (nb + 4 < cap && (n = next_wc(s + i, len - i, &wc, &cw,
	    &st)) != 0) {
		if (!kept && u + cw > w - ellw) {
			kept = true;
			keep = nb;
			keepw = u;
		}
		if (u + cw > w) {
			cut = true;
			break;
		}
		buf[nb++] = wc;
		u += cw;
		i += n;
	}
	if (cut) {
		nb = keep;
		u = keepw;
		ell = xreallocarray(NULL, 8, sizeof *ell);
		memset(&st, 0, sizeof st);
		if (ellw <= w - u && (n = mbrtowc(ell, eg, strlen(eg), &st)) !=
		    (size_t)-1 && n != (size_t)-2 && n != 0) {
			buf[nb++] = ell[0];
			u += ellw;
		}
		free(ell);
	}
	buf[nb] = L'\0';
	*used = u;
	return buf;
}

/* Draw text in at most w columns, cut with an ellipsis, maybe padded. */
int
draw_text(int y, int x, int w, const char *s, enum ui_color c, attr_t extra,
    bool pad)
{
	wchar_t *buf;
	int used;

	if (w <= 0)
		return 0;
	buf = fit(s, w, &used);
	set_color(c, extra);
	mvaddnwstr(y, x, buf, (int)wcslen(buf));
	if (pad && used < w)
		mvhline(y, x + used, ' ', w - used);
	attr_set(A_NORMAL, 0, NULL);
	free(buf);
	return pad ? w : used;
}

/* Draw text right-aligned in w columns (cut on the right if too long). */
int
draw_text_right(int y, int x, int w, const char *s, enum ui_color c,
    attr_t extra)
{
	int tw = draw_width(s);

	if (tw >= w)
		return draw_text(y, x, w, s, c, extra, false);
	return draw_text(y, x + w - tw, tw, s, c, extra, false);
}

/* A horizontal frame line. */
void
draw_hline(int y, int x, int w)
{
	if (w <= 0)
		return;
	set_color(UC_FRAME, A_NORMAL);
	mvhline_set(y, x, WACS_HLINE, w);
	attr_set(A_NORMAL, 0, NULL);
}

/* A vertical frame line. */
void
draw_vline(int y, int x, int h)
{
	if (h <= 0)
		return;
	set_color(UC_FRAME, A_NORMAL);
	mvvline_set(y, x, WACS_VLINE, h);
	attr_set(A_NORMAL, 0, NULL);
}

/* A corner or a tee of the frame. */
void
draw_corner(int y, int x, int which)
{
	const cchar_t *c;

	switch (which) {
	case CN_UL:
		c = WACS_ULCORNER;
		break;
	case CN_UR:
		c = WACS_URCORNER;
		break;
	case CN_LL:
		c = WACS_LLCORNER;
		break;
	case CN_LR:
		c = WACS_LRCORNER;
		break;
	case CN_LTEE:
		c = WACS_LTEE;
		break;
	case CN_RTEE:
		c = WACS_RTEE;
		break;
	case CN_TTEE:
		c = WACS_TTEE;
		break;
	default:
		c = WACS_BTEE;
		break;
	}
	set_color(UC_FRAME, A_NORMAL);
	mvadd_wch(y, x, c);
	attr_set(A_NORMAL, 0, NULL);
}

/* A box around r, filled with the colour c. */
void
draw_box(const struct ui_rect *r, enum ui_color c)
{
	int i;

	for (i = 0; i < r->h; i++)
		draw_blank(r->y + i, r->x, r->w, c, A_NORMAL);
	attr_set(theme_attr(c), theme_pair(c), NULL);
	mvhline_set(r->y, r->x + 1, WACS_HLINE, r->w - 2);
	mvhline_set(r->y + r->h - 1, r->x + 1, WACS_HLINE, r->w - 2);
	mvvline_set(r->y + 1, r->x, WACS_VLINE, r->h - 2);
	mvvline_set(r->y + 1, r->x + r->w - 1, WACS_VLINE, r->h - 2);
	mvadd_wch(r->y, r->x, WACS_ULCORNER);
	mvadd_wch(r->y, r->x + r->w - 1, WACS_URCORNER);
	mvadd_wch(r->y + r->h - 1, r->x, WACS_LLCORNER);
	mvadd_wch(r->y + r->h - 1, r->x + r->w - 1, WACS_LRCORNER);
	attr_set(A_NORMAL, 0, NULL);
}

/*
 * A dialog's frame over the panes: a column of margin each side (nothing
 * of the panes touches it), the box, and " title " in its top line.
 */
void
draw_dialog_frame(const struct ui_rect *r, int cols, const char *title)
{
	char *t;
	int y;

	for (y = r->y; y < r->y + r->h; y++) {
		if (r->x > 0)
			draw_blank(y, r->x - 1, 1, UC_NORMAL, A_NORMAL);
		if (r->x + r->w < cols)
			draw_blank(y, r->x + r->w, 1, UC_NORMAL, A_NORMAL);
	}
	draw_box(r, UC_DIALOG);
	t = xasprintf(" %s ", title);
	draw_text(r->y, r->x + 2, r->w - 4, t, UC_DIALOG_TITLE, A_NORMAL,
	    false);
	free(t);
}

/* A size in human units. */
char *
draw_size(char *out, size_t n, uint64_t bytes)
{
	return str_human_size(out, n, bytes);
}

/*
 * A date: the day, or the day and the time; utc for remote listings,
 * whose LIST dates are the server's clock read as UTC.
 */
char *
draw_date(char *out, size_t n, time_t t, bool with_time, bool utc)
{
	struct tm tm;

	if ((utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) == NULL) {
		str_lcpy(out, "?", n);
		return out;
	}
	if (strftime(out, n, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d",
	    &tm) == 0)
		str_lcpy(out, "?", n);
	return out;
}

/* Expand tabs to 8-column stops (widths by wcwidth). */
char *
draw_expand_tabs(const char *s)
{
	mbstate_t st;
	wchar_t wc;
	size_t len = strlen(s), i = 0, n, o = 0, cap;
	char *out;
	int cw, col = 0, k;

	if (strchr(s, '\t') == NULL)
		return xstrdup(s);
	cap = len + 1;
	for (i = 0; i < len; i++)
		if (s[i] == '\t')
			cap += 8;
	out = xmalloc(cap);
	memset(&st, 0, sizeof st);
	i = 0;
	while ((n = next_wc(s + i, len - i, &wc, &cw, &st)) != 0) {
		if (s[i] == '\t') {
			for (k = 8 - col % 8; k > 0; k--) {
				out[o++] = ' ';
				col++;
			}
		} else {
			memcpy(out + o, s + i, n);
			o += n;
			col += cw;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

/* The text after its first cols columns (allocated). */
char *
draw_skip_cols(const char *s, int cols)
{
	mbstate_t st;
	wchar_t wc;
	size_t len = strlen(s), i = 0, n;
	int cw, col = 0;

	memset(&st, 0, sizeof st);
	while (col < cols && (n = next_wc(s + i, len - i, &wc, &cw,
	    &st)) != 0) {
		col += cw;
		i += n;
	}
	if (col > cols)		/* a wide character cut in half */
		return xasprintf(" %s", s + i);
	return xstrdup(s + i);
}

/*
 * s cut in the middle to fit w columns (allocated): its head, the
 * ellipsis, its tail (IMG-longlo…77081.tar.gz), the tail the longer half
 * so an extension stays; wide characters are never cut in half.
 */
char *
draw_cut_middle(const char *s, int w)
{
	mbstate_t st;
	wchar_t *wcs, wc;
	int *cws, cw, total = 0, ellw, headw, tailw, u;
	size_t len = strlen(s), i = 0, n, nw = 0, h, t;
	const char *eg = draw_glyph(GL_ELLIPSIS);
	struct buf b;
	char mb[MB_LEN_MAX], *out;

	wcs = xreallocarray(NULL, len + 1, sizeof *wcs);
	cws = xreallocarray(NULL, len + 1, sizeof *cws);
	memset(&st, 0, sizeof st);
	while ((n = next_wc(s + i, len - i, &wc, &cw, &st)) != 0) {
		wcs[nw] = wc;
		cws[nw++] = cw;
		total += cw;
		i += n;
	}
	ellw = draw_width(eg);
	if (total <= w || w <= ellw) {
		free(wcs);
		free(cws);
		return w <= ellw && total > w ? xstrdup(w >= ellw ? eg : "") :
		    xstrdup(s);
	}
	tailw = (w - ellw + 1) / 2;
	headw = w - ellw - tailw;
	for (h = 0, u = 0; h < nw && u + cws[h] <= headw; h++)
		u += cws[h];
	for (t = nw, u = 0; t > h && u + cws[t - 1] <= tailw; t--)
		u += cws[t - 1];
	buf_init(&b, len + 8);
	memset(&st, 0, sizeof st);
	for (i = 0; i < h; i++)
		if ((n = wcrtomb(mb, wcs[i], &st)) != (size_t)-1)
			buf_append(&b, mb, n);
	buf_append_str(&b, eg);
	for (i = t; i < nw; i++)
		if ((n = wcrtomb(mb, wcs[i], &st)) != (size_t)-1)
			buf_append(&b, mb, n);
	free(wcs);
	free(cws);
	out = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* Add a line to a list. */
static void
add_line(char ***out, size_t *n, size_t *cap, char *line)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*out = xreallocarray(*out, *cap, sizeof **out);
	}
	(*out)[(*n)++] = line;
}

/* The bytes of the longest head of s at most w columns wide, at least
   one character (so a wrap always goes on). */
static size_t
fit_bytes(const char *s, int w)
{
	mbstate_t st;
	wchar_t wc;
	size_t len = strlen(s), i = 0, n;
	int cw, col = 0;

	memset(&st, 0, sizeof st);
	while ((n = next_wc(s + i, len - i, &wc, &cw, &st)) != 0) {
		if (i > 0 && col + cw > w)
			break;
		col += cw;
		i += n;
	}
	return i;
}

/*
 * Word-wrap text into lines of at most w columns (an allocated list),
 * broken at blanks. A word longer than a line (a certificate's
 * fingerprint, a long name) starts a line and is broken across lines at
 * w columns, between characters: no byte is lost to an ellipsis.
 */
char **
draw_wrap(const char *text, int w, size_t *n)
{
	char **out = NULL, *copy = xstrdup(text), *p, *q, *best, *nl, *piece;
	size_t cap = 0;

	*n = 0;
	for (p = copy; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl = '\0';
		if (*p == '\0') {
			add_line(&out, n, &cap, xstrdup(""));
			continue;
		}
		while (*p != '\0') {
			if (draw_width(p) <= w) {
				add_line(&out, n, &cap, xstrdup(p));
				break;
			}
			best = NULL;
			for (q = p; *q != '\0'; q++) {
				if (*q != ' ')
					continue;
				piece = xstrndup(p, (size_t)(q - p));
				if (draw_width(piece) > w) {
					free(piece);
					break;
				}
				free(piece);
				best = q;
			}
			if (best == NULL) {
				/* the first word does not fit: break it */
				size_t k = fit_bytes(p, w);

				add_line(&out, n, &cap, xstrndup(p, k));
				p += k;
				continue;
			}
			add_line(&out, n, &cap, xstrndup(p,
			    (size_t)(best - p)));
			p = best + 1;
		}
	}
	free(copy);
	return out;
}
