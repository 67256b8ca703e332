/*
 * view_text.c: the viewer's text: the bytes (or the help's text) cut into
 * display-safe lines, tabs expanded (view_build), and what is asked of
 * the text itself: is it binary, where is a pattern (ASCII case folded).
 * The model the viewer's other files draw, search and open; it calls
 * only the drawing helpers.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "ui/ui_priv.h"
#include "ui/view_priv.h"

/* Free the lines (and the wrapped rows cut from them). */
void
view_lines_free(struct ui_view *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->lines[i]);
	free(v->lines);
	v->lines = NULL;
	v->n = 0;
	v->width = 0;
	free(v->rows);
	v->rows = NULL;
	v->nrows = 0;
	v->rows_w = 0;
}

/*
 * Cut the text into lines: v->data when the view holds bytes (NULs shown
 * as \x01, CR LF endings without the CR, sanitized), else text.
 */
void
view_build(struct ui_view *v, const char *text)
{
	char *clean, *p, *nl;
	size_t cap = 64;
	int w;

	view_lines_free(v);
	if (v->data != NULL || v->sanitize) {
		struct buf b;
		const char *s = v->data != NULL ? v->data : text;
		size_t len = v->data != NULL ? v->len : strlen(text), i;

		buf_init(&b, len + 1);
		for (i = 0; i < len; i++) {
			if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
				continue;
			buf_append(&b, s[i] == '\0' ? "\x01" : s + i, 1);
		}
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
}

static int
fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* ASCII-case-folded search of pat in s. */
const char *
view_find_ci(const char *s, size_t len, const char *pat, size_t plen)
{
	size_t i, j;

	if (plen == 0 || plen > len)
		return NULL;
	for (i = 0; i + plen <= len; i++) {
		for (j = 0; j < plen; j++)
			if (fold((unsigned char)s[i + j]) !=
			    fold((unsigned char)pat[j]))
				break;
		if (j == plen)
			return s + i;
	}
	return NULL;
}

/* Binary: a NUL, or more than one byte in ten a control byte. */
bool
view_is_binary(const void *p, size_t len)
{
	const unsigned char *d = p;
	size_t i, ctl = 0, n = len < 8192 ? len : 8192;

	for (i = 0; i < n; i++) {
		if (d[i] == 0)
			return true;
		if (d[i] < 0x20 && d[i] != '\n' && d[i] != '\r' &&
		    d[i] != '\t' && d[i] != '\f' && d[i] != 0x1b)
			ctl++;
	}
	return n > 0 && ctl * 10 > n;
}
