/*
 * view_find.c: the viewer's search (/ asks, n and N go to the next and
 * the previous match; text: the lines as shown, hex: the bytes), go to
 * (: asks for a line, or an offset in hex mode) and follow (F: a local
 * file read again on the loop's timer as it grows, tail -f style; never
 * a blocking wait).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ui/ui_priv.h"
#include "ui/view_priv.h"

#define FOLLOW_MS	250

static void
note(struct ui_view *v, char *text)
{
	free(v->note);
	v->note = text;
}

/* The last match of pat in s[0..end) (end: bytes), or NULL. */
static const char *
find_last(const char *s, size_t end, const char *pat, size_t plen)
{
	const char *m, *last = NULL, *p = s;

	while ((m = view_find_ci(p, end - (size_t)(p - s), pat, plen)) !=
	    NULL) {
		last = m;
		p = m + 1;
	}
	return last;
}

/* Search from the match shown (or the top), forward or back. */
static void
search(struct ui *ui, bool back)
{
	struct ui_view *v = ui->view;
	size_t plen = strlen(v->pat), line, off, i;
	const char *m;
	char *clean;

	if (plen == 0)
		return;
	if (v->hex) {
		const char *d = v->data;

		if (!back) {
			off = v->hit ? v->hit_off + 1 : v->top * VIEW_HEX_BYTES;
			m = off < v->len ? view_find_ci(d + off, v->len - off,
			    v->pat, plen) : NULL;
		} else {
			off = v->hit ? v->hit_off + plen - 1 : v->len;
			m = find_last(d, off < v->len ? off : v->len, v->pat,
			    plen);
		}
		if (m != NULL) {
			v->hit = true;
			v->hit_off = (size_t)(m - d);
			view_show_row(v, view_row_of(v, 0, v->hit_off));
			return;
		}
	} else {
		if (v->hit) {
			line = v->hit_line;
			off = v->hit_off + (back ? 0 : 1);
		} else {
			line = v->wrap && v->rows != NULL &&
			    v->top < v->nrows ? v->rows[v->top].line : v->top;
			off = 0;
			if (back && line > 0) {
				line--;
				off = (size_t)-1;
			}
		}
		for (i = line; i < v->n; back ? i-- : i++) {
			const char *s = v->lines[i];
			size_t len = strlen(s);

			if (!back) {
				size_t from = i == line ? off : 0;

				m = from <= len ? view_find_ci(s + from,
				    len - from, v->pat, plen) : NULL;
			} else {
				size_t end = i == line && off != (size_t)-1 ?
				    off + plen - 1 : len;

				m = find_last(s, end < len ? end : len,
				    v->pat, plen);
			}
			if (m != NULL) {
				v->hit = true;
				v->hit_line = i;
				v->hit_off = (size_t)(m - s);
				view_show_row(v, view_row_of(v, i,
				    v->hit_off));
				if (!v->wrap && !v->hex) {
					/* sideways too, when it is off the
					   right edge */
					char *pre = xstrndup(s, v->hit_off);
					int col = draw_width(pre);

					free(pre);
					if (col < v->left || col + (int)plen >
					    v->left + v->tw)
						v->left = col > 8 ? col - 8 : 0;
				}
				return;
			}
			if (back && i == 0)
				break;
		}
	}
	clean = ui_sanc(v->pat);
	note(v, xasprintf(_("not found: %s"), clean));
	free(clean);
}

static void
search_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct ui_view *v = ui->view;

	(void)arg;
	if (v == NULL || a != DLG_TEXT || text == NULL || *text == '\0')
		return;
	free(v->pat);
	v->pat = xstrdup(text);
	v->hit = false;
	search(ui, false);
	ui->dirty_all = true;
}

/* /: ask for the text to search. */
void
view_search_ask(struct ui *ui)
{
	dlg_input(ui, _("Search"), ui->view->hex ? _("Text to find in the "
	    "bytes:") : _("Text to find:"), false, search_done, NULL);
}

/* n, N: the next or the previous match. */
void
view_search_next(struct ui *ui, bool back)
{
	struct ui_view *v = ui->view;

	if (v->pat == NULL) {
		view_search_ask(ui);
		return;
	}
	search(ui, back);
}

static void
goto_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct ui_view *v = ui->view;
	unsigned long long n;
	char *end;
	int base = 10;
	const char *s = text;

	(void)arg;
	if (v == NULL || a != DLG_TEXT || text == NULL || *text == '\0')
		return;
	ui->dirty_all = true;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (v->hex && strspn(s, "0123456789abcdefABCDEF") ==
	    strlen(s) && strpbrk(s, "abcdefABCDEF") != NULL)
		base = 16;
	errno = 0;
	n = strtoull(s, &end, base);
	if (*s == '\0' || *end != '\0' || errno != 0 || *s == '-') {
		char *clean = ui_sanc(text);

		note(v, xasprintf(_("not a number: %s"), clean));
		free(clean);
		return;
	}
	if (v->hex) {
		if (n >= v->len)
			n = v->len > 0 ? v->len - 1 : 0;
		v->top = view_row_of(v, 0, (size_t)n);
	} else {
		if (n > v->n)
			n = v->n;
		v->top = view_row_of(v, n > 0 ? (size_t)n - 1 : 0, 0);
		v->left = 0;
	}
	view_follow_stop(v);
}

/* :: ask for a line (an offset in hex mode). */
void
view_goto_ask(struct ui *ui)
{
	dlg_input(ui, _("Go to"), ui->view->hex ? _("Offset (0x for hex):") :
	    _("Line number (0x: a byte offset in hex mode):"), false,
	    goto_done, NULL);
}

/* ------------------------------------------------------------ follow */

void
view_follow_stop(struct ui_view *v)
{
	v->follow = false;
	if (v->timer != NULL) {
		ev_timer_free(v->timer);
		v->timer = NULL;
	}
}

/*
 * Read what the file has past v->size (from 0 again when it shrank),
 * keeping at most the view limit's worth of the end.
 */
static bool
follow_read(struct ui_view *v)
{
	struct stat sb;
	size_t keep = LIM_VIEW_MAX, want, got = 0;
	ssize_t k;
	char *buf;
	int fd;

	fd = open(v->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return false;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return false;
	}
	if ((uint64_t)sb.st_size < v->size) {		/* truncated */
		v->size = 0;
		v->len = 0;
	}
	if ((uint64_t)sb.st_size == v->size) {
		close(fd);
		return false;
	}
	want = (size_t)((uint64_t)sb.st_size - v->size);
	if (want > keep) {
		v->size = (uint64_t)sb.st_size - keep;
		v->len = 0;
		want = keep;
	}
	buf = xmalloc(want);
	while (got < want && (k = pread(fd, buf + got, want - got,
	    (off_t)(v->size + got))) > 0)
		got += (size_t)k;
	close(fd);
	if (v->len + got > keep) {
		size_t drop = v->len + got - keep;

		memmove(v->data, v->data + drop, v->len - drop);
		v->len -= drop;
	}
	v->data = xrealloc(v->data, v->len + got + 1);
	memcpy(v->data + v->len, buf, got);
	v->len += got;
	v->size += got;
	free(buf);
	return got > 0;
}

static void
follow_fire(struct ev_timer *t, void *arg)
{
	struct ui *ui = arg;
	struct ui_view *v = ui->view;

	if (v == NULL || !v->follow)
		return;
	if (follow_read(v)) {
		view_build(v, NULL);
		ui->dirty_all = true;
	}
	ev_timer_start(t, FOLLOW_MS);
}

/* F: follow the end of a growing local file, or stop. */
void
view_follow_toggle(struct ui *ui)
{
	struct ui_view *v = ui->view;

	if (v->follow) {
		view_follow_stop(v);
		return;
	}
	if (v->path == NULL) {
		note(v, xstrdup(_("only a local file can be followed")));
		return;
	}
	v->follow = true;
	v->hit = false;
	if (v->cut) {
		/* the view holds the start: go on from the end instead */
		v->cut = false;
	}
	follow_read(v);
	view_build(v, NULL);
	v->timer = ev_timer_new(ui->loop, follow_fire, ui);
	ev_timer_start(v->timer, FOLLOW_MS);
}
