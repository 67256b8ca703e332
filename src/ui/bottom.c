/*
 * bottom.c: the bottom pane, with three views: the transfer queue, the
 * protocol log and the console.
 *
 * The transfers view draws xq_list as it is at draw time (the loop draws
 * it at most ten times a second); it follows the first unfinished job
 * unless the user moved its cursor. The protocol view is a ring of
 * lines: the transcript of every connection (passwords are masked by the
 * engine), the commands typed, their output and the messages. The
 * console view keeps a ring of lines for each console session, fed by
 * app_hooks.console, and shows the current one. Rings are bounded.
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
#include "ui/ui_priv.h"

struct line {
	enum ui_color	 c;
	char		*text;
};

/* A bounded ring of lines; the oldest goes first. */
struct ring {
	struct line	*l;
	size_t		 cap, start, n;
};

/* The lines of one console session. */
struct conview {
	unsigned	 id;
	char		*name;		/* display-safe */
	struct ring	 lines;
	uint64_t	 used;		/* for dropping the oldest view */
	bool		 closed;
};

struct bottom {
	struct ui_pane	 pane;
	struct ring	 log;
	size_t		 log_back;	/* lines scrolled back from the end */
	size_t		 xcur, xtop;
	bool		 xfollow;
	struct conview	 cons[APP_MAX_CONS];
	unsigned	 con_shown;	/* id of the view shown, 0 none */
	size_t		 con_back;
	uint64_t	 con_clock;
};

static void	bottom_draw(struct ui *, struct ui_pane *);
static bool	bottom_key(struct ui *, struct ui_pane *,
		    const struct ui_key *);
static void	bottom_resize(struct ui *, struct ui_pane *);
static void	bottom_free(struct ui_pane *);

static const struct ui_pane_ops bottom_ops = {
	bottom_draw, bottom_key, bottom_resize, bottom_free
};

/* The model of the bottom pane. */
static struct bottom *
model(struct ui *ui)
{
	return ui->panes[FOCUS_BOTTOM]->model;
}

/* ------------------------------------------------------------ rings */

/* An empty ring of cap lines. */
static void
ring_init(struct ring *r, size_t cap)
{
	r->l = xcalloc(cap, sizeof *r->l);
	r->cap = cap;
	r->start = r->n = 0;
}

/* Free a ring's lines. */
static void
ring_free(struct ring *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->l[(r->start + i) % r->cap].text);
	free(r->l);
	memset(r, 0, sizeof *r);
}

/* Add a line (taking text); true if the oldest was dropped. */
static bool
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
static const struct line *
ring_at(const struct ring *r, size_t i)
{
	return &r->l[(r->start + i) % r->cap];
}

/* Draw the end of a ring, back lines from the end, into r. */
static void
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
	struct bottom *b = model(ui);
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

/* ----------------------------------------------------- transfers */

/* The translated word for a job's state. */
static const char *
state_word(enum xq_state s)
{
	switch (s) {
	case XQ_QUEUED:
		return _("queued");
	case XQ_ACTIVE:
		return _("active");
	case XQ_PAUSED:
		return _("paused");
	case XQ_DONE:
		return _("done");
	case XQ_FAILED:
		return _("failed");
	case XQ_CANCELLED:
		return _("cancelled");
	case XQ_SKIPPED:
		return _("skipped");
	}
	return "?";
}

/* The colour of a job's state. */
static enum ui_color
state_color(enum xq_state s)
{
	switch (s) {
	case XQ_DONE:
		return UC_DONE;
	case XQ_FAILED:
		return UC_ERROR;
	case XQ_CANCELLED:
	case XQ_SKIPPED:
		return UC_WARN;
	case XQ_ACTIVE:
		return UC_PROGRESS;
	default:
		return UC_NORMAL;
	}
}

/* A job's name: the base name of its source, sanitized. */
static char *
job_name(const struct xq_job *j)
{
	const char *path = j->kind == XQ_GET ? j->remote : j->local, *base;
	size_t len;

	if (path == NULL)
		return xstrdup("?");
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	base = path + len;
	while (base > path && base[-1] != '/')
		base--;
	{
		char *s = ui_san(base, (size_t)(path + len - base), 0);

		if (j->is_dir) {
			char *d = xasprintf("%s/", s);

			free(s);
			return d;
		}
		return s;
	}
}

/* A progress bar of w columns: "[=====>    ]". */
static void
draw_bar(int y, int x, int w, int pct, enum ui_color c)
{
	int inner = w - 2, full, i;
	char *s;

	if (inner < 1)
		return;
	full = inner * pct / 100;
	s = xmalloc((size_t)inner + 1);
	for (i = 0; i < inner; i++)
		s[i] = i < full ? '=' : (i == full && pct < 100 && pct > 0) ?
		    '>' : ' ';
	s[inner] = '\0';
	draw_text(y, x, 1, "[", UC_NORMAL, A_NORMAL, false);
	draw_text(y, x + 1, inner, s, c, A_NORMAL, true);
	draw_text(y, x + 1 + inner, 1, "]", UC_NORMAL, A_NORMAL, false);
	free(s);
}

/* One job as a row. */
static void
draw_job(const struct xq_job *j, int y, int x, int w, bool cursor)
{
	char done[32], total[32], rate[32], eta[32] = "", bytes[80],
	    pct[16] = "", *name;
	enum ui_color sc = state_color(j->state), rc = cursor ? UC_CURSOR :
	    UC_NORMAL;
	int p = -1, namew, barw = 0, used;

	if (j->total > 0)
		p = (int)(j->done >= j->total ? 100 : j->done * 100 / j->total);
	else if (j->state == XQ_DONE)
		p = 100;
	if (p >= 0)
		snprintf(pct, sizeof pct, "%3d%%", p);
	draw_size(done, sizeof done, j->done);
	draw_size(total, sizeof total, j->total);
	if (j->is_dir)
		bytes[0] = '\0';
	else if (j->total > 0 && j->state != XQ_DONE)
		snprintf(bytes, sizeof bytes, "%s/%s", done, total);
	else
		str_lcpy(bytes, done, sizeof bytes);
	rate[0] = '\0';
	if (j->state == XQ_ACTIVE && j->rate > 0) {
		draw_size(rate, sizeof rate, (uint64_t)j->rate);
		str_lcat(rate, "/s", sizeof rate);
	}
	if (j->state == XQ_ACTIVE && j->eta >= 0)
		snprintf(eta, sizeof eta, _("ETA %d:%02d"), j->eta / 60,
		    j->eta % 60);
	name = job_name(j);
	if (j->warning != NULL && j->state != XQ_FAILED) {
		char *t = xasprintf("%s  (%s)", name, j->warning);

		free(name);
		name = t;
	}
	if (j->check != NULL) {
		char *t = xasprintf("%s  %s", name, j->check);

		free(name);
		name = t;
	}

	draw_blank(y, x, w, rc, A_NORMAL);
	draw_text(y, x + 1, 2, draw_glyph(j->kind == XQ_GET ? GL_DOWN : GL_UP),
	    cursor ? rc : UC_INFO, A_NORMAL, false);
	x += 3;
	w -= 3;
	if (j->state == XQ_FAILED && j->error != NULL) {
		char *t = xasprintf("%s  %s: %s", name, state_word(j->state),
		    j->error);

		draw_text(y, x, w, t, cursor ? rc : UC_ERROR, A_NORMAL, false);
		free(t);
		free(name);
		return;
	}
	/* right to left: state, ETA, rate, bytes, bar, percent; then name */
	used = 0;
#define RIGHT(text, width, color) do {					\
	if (w - used - (width) - 1 >= 12) {				\
		draw_text_right(y, x + w - used - (width), (width), (text), \
		    cursor ? rc : (color), A_NORMAL);			\
		used += (width) + 1;					\
	}								\
} while (0)
	RIGHT(state_word(j->state), 9, sc);
	if (w >= 70)
		RIGHT(eta, 9, UC_NORMAL);
	if (w >= 60)
		RIGHT(rate, 11, UC_NORMAL);
	if (w >= 50)
		RIGHT(bytes, 19, UC_NORMAL);
#undef RIGHT
	if (w >= 90)
		barw = (w - used) / 3 > 30 ? 30 : (w - used) / 3;
	else if (w >= 70)
		barw = 12;
	if (barw > 0 && w - used - barw - 1 >= 12 && p >= 0 && !j->is_dir) {
		draw_bar(y, x + w - used - barw, barw, p, cursor ? rc :
		    UC_PROGRESS);
		used += barw + 1;
	}
	if (w - used - 5 >= 12) {
		draw_text_right(y, x + w - used - 4, 4, pct, cursor ? rc :
		    UC_NORMAL, A_NORMAL);
		used += 5;
	}
	namew = w - used - 1;
	draw_text(y, x, namew, name, cursor ? rc : UC_NORMAL, A_NORMAL, false);
	free(name);
}

/* Draw the transfers view. */
static void
draw_transfers(struct ui *ui, struct bottom *b, const struct ui_rect *r)
{
	const struct xq_job *const *jobs;
	size_t n, h = (size_t)r->h, i, target;
	bool focused = ui->focus == FOCUS_BOTTOM && !ui->editing;
	int y;

	jobs = xq_list(ui->app->queue, &n);
	if (n == 0) {
		for (y = 0; y < r->h; y++)
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
		draw_text(r->y, r->x + 1, r->w - 1, _("No transfers. Mark "
		    "files with Space and press F5 to copy them."), UC_HINT,
		    A_NORMAL, false);
		return;
	}
	if (b->xcur >= n)
		b->xcur = n - 1;
	if (b->xfollow || !focused) {
		for (target = 0; target < n; target++)
			if (jobs[target]->state == XQ_ACTIVE ||
			    jobs[target]->state == XQ_QUEUED ||
			    jobs[target]->state == XQ_PAUSED)
				break;
		if (target == n)
			target = n - 1;
		b->xtop = n > h ? (target > n - h ? n - h : target) : 0;
		if (b->xfollow)
			b->xcur = target;
	}
	if (b->xcur < b->xtop)
		b->xtop = b->xcur;
	if (b->xcur >= b->xtop + h)
		b->xtop = b->xcur - h + 1;
	for (y = 0, i = b->xtop; y < r->h; y++, i++) {
		if (i < n)
			draw_job(jobs[i], r->y + y, r->x, r->w, focused &&
			    i == b->xcur);
		else
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
	}
}

/* ------------------------------------------------------------ console */

/* The view of a session id, or NULL. */
static struct conview *
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
	struct bottom *b = model(ui);
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
	struct bottom *b = model(ui);
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

/* ------------------------------------------------------------ tabs */

/* The frame row above the pane: the views, and what the shown one is. */
void
bottom_draw_tabs(struct ui *ui, int y, int x, int w)
{
	struct bottom *b = model(ui);
	static const char *names[BOT_N] = { N_("transfers"), N_("protocol"),
	    N_("console") };
	struct xq_stats st;
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
	if (ui->bottom == BOT_TRANSFERS) {
		xq_stats(ui->app->queue, &st);
		if (st.active + st.queued + st.done + st.failed > 0)
			snprintf(right, sizeof right, _(" %u active, %u "
			    "queued, %u done, %u failed "), st.active,
			    st.queued, st.done, st.failed);
	} else if (ui->bottom == BOT_CONSOLE) {
		struct conview *v = conview_find(b, b->con_shown);
		struct con *cur = ui->app->con_current;
		char in[32], out[32];

		if (v != NULL && cur != NULL && con_id(cur) == v->id) {
			draw_size(in, sizeof in, con_bytes_in(cur));
			draw_size(out, sizeof out, con_bytes_out(cur));
			snprintf(right, sizeof right, _(" %u: %s  in %s  "
			    "out %s%s "), v->id, v->name, in, out,
			    con_is_open(cur) ? "" : _("  (closed)"));
		} else if (v != NULL)
			snprintf(right, sizeof right, " %u: %s%s ", v->id,
			    v->name, _("  (closed)"));
	} else if (b->log_back > 0)
		snprintf(right, sizeof right, _(" %zu lines back (End "
		    "follows) "), b->log_back);
	if (right[0] != '\0' && w - used > 10) {
		tw = draw_width(right);
		if (tw > w - used - 2)
			tw = w - used - 2;
		draw_text(y, x + w - tw - 1, tw, right, UC_TITLE, A_NORMAL,
		    false);
	}
}

/* Draw the view shown. */
static void
bottom_draw(struct ui *ui, struct ui_pane *p)
{
	struct bottom *b = p->model;

	switch (ui->bottom) {
	case BOT_TRANSFERS:
		draw_transfers(ui, b, &p->r);
		break;
	case BOT_PROTOCOL:
		ring_draw(&b->log, b->log_back, &p->r);
		break;
	default:
		draw_console(ui, b, &p->r);
		break;
	}
	p->dirty = false;
}

/* ------------------------------------------------------------ keys */

/* Scroll a ring view (back lines from its end). */
static bool
scroll_key(size_t *back, size_t n, size_t h, const struct ui_key *k)
{
	size_t max = n > h ? n - h : 0;

	if (ui_key_code(k, KEY_UP) || ui_key_is(k, 'k'))
		*back = *back < max ? *back + 1 : max;
	else if (ui_key_code(k, KEY_DOWN) || ui_key_is(k, 'j'))
		*back = *back > 0 ? *back - 1 : 0;
	else if (ui_key_code(k, KEY_PPAGE))
		*back = *back + h < max ? *back + h : max;
	else if (ui_key_code(k, KEY_NPAGE))
		*back = *back > h ? *back - h : 0;
	else if (ui_key_code(k, KEY_HOME) || ui_key_is(k, 'g'))
		*back = max;
	else if (ui_key_code(k, KEY_END) || ui_key_is(k, 'G'))
		*back = 0;
	else
		return false;
	return true;
}

/* Run a queue command on the job under the cursor. */
static void
job_command(struct ui *ui, struct bottom *b, const char *what)
{
	const struct xq_job *const *jobs;
	char line[64];
	size_t n;

	jobs = xq_list(ui->app->queue, &n);
	if (b->xcur >= n)
		return;
	snprintf(line, sizeof line, "queue %s %u", what, jobs[b->xcur]->id);
	ui_command(ui, line, false, NULL, NULL);
}

/* A key in the bottom pane. */
static bool
bottom_key(struct ui *ui, struct ui_pane *p, const struct ui_key *k)
{
	struct bottom *b = p->model;
	size_t h = p->r.h > 0 ? (size_t)p->r.h : 1, n;
	struct conview *v;

	p->dirty = true;
	if (ui_key_code(k, KEY_LEFT)) {
		bottom_set_view(ui, (ui->bottom + BOT_N - 1) % BOT_N);
		ui_focus(ui, FOCUS_BOTTOM);
		return true;
	}
	if (ui_key_code(k, KEY_RIGHT)) {
		bottom_set_view(ui, (ui->bottom + 1) % BOT_N);
		ui_focus(ui, FOCUS_BOTTOM);
		return true;
	}
	switch (ui->bottom) {
	case BOT_PROTOCOL:
		return scroll_key(&b->log_back, b->log.n, h, k);
	case BOT_CONSOLE:
		if (ui_key_is(k, '\r') || ui_key_is(k, '\n') ||
		    ui_key_is(k, 'i') || ui_key_code(k, KEY_ENTER)) {
			ui_focus(ui, FOCUS_BOTTOM);
			return true;
		}
		if ((v = conview_find(b, b->con_shown)) == NULL)
			return false;
		return scroll_key(&b->con_back, v->lines.n, h, k);
	default:
		break;
	}
	xq_list(ui->app->queue, &n);
	if (ui_key_code(k, KEY_UP) || ui_key_is(k, 'k')) {
		b->xfollow = false;
		if (b->xcur > 0)
			b->xcur--;
	} else if (ui_key_code(k, KEY_DOWN) || ui_key_is(k, 'j')) {
		b->xfollow = false;
		if (b->xcur + 1 < n)
			b->xcur++;
	} else if (ui_key_code(k, KEY_PPAGE)) {
		b->xfollow = false;
		b->xcur = b->xcur > h ? b->xcur - h : 0;
	} else if (ui_key_code(k, KEY_NPAGE)) {
		b->xfollow = false;
		b->xcur = b->xcur + h < n ? b->xcur + h : n > 0 ? n - 1 : 0;
	} else if (ui_key_code(k, KEY_HOME) || ui_key_is(k, 'g')) {
		b->xfollow = false;
		b->xcur = 0;
	} else if (ui_key_code(k, KEY_END) || ui_key_is(k, 'G')) {
		b->xfollow = true;
	} else if (ui_key_is(k, 'x') || ui_key_code(k, KEY_DC) ||
	    ui_key_code(k, KEY_F(8))) {
		job_command(ui, b, "cancel");
	} else if (ui_key_is(k, 'R')) {
		job_command(ui, b, "retry");
	} else if (ui_key_is(k, 'P')) {
		const struct xq_job *const *jobs = xq_list(ui->app->queue, &n);

		if (b->xcur < n)
			job_command(ui, b, jobs[b->xcur]->state == XQ_PAUSED ?
			    "resume" : "pause");
	} else if (ui_key_is(k, 'C')) {
		ui_command(ui, "queue clear", false, NULL, NULL);
		b->xcur = 0;
		b->xfollow = true;
	} else {
		p->dirty = false;
		return false;
	}
	return true;
}
