/*
 * bottom_xfer.c: the transfers view of the bottom pane: xq_list as it is
 * at draw time, one row per job (state, name, bar, bytes, rate, ETA),
 * following the first unfinished job unless the user moved the cursor;
 * its keys run queue commands on the job under the cursor.
 * The segmented downloads (pget: app_pgets, outside the queue) come
 * first, each a row like a job's; from SEG_BARS_W columns of pane (a
 * terminal of 120) a line under it holds a small bar per range, each
 * filled by the range's GOT/(END-START); narrower, the row's name ends
 * in "×N" (N ranges). The cursor and the keys are the queue's rows' only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/pgets.h"
#include "cmd/qgroup.h"
#include "ui/keymap.h"
#include "ui/bottom_priv.h"

/* ----------------------------------------------------- transfers */

/* The pane's width from which a pget's ranges get their bars (the pane
   inside the frame of a 120-column terminal). */
#define SEG_BARS_W	118

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

/*
 * A job's name, sanitized: the local file's (the one chosen: a renamed
 * tux.png.1, get -o), its path inside the tree for a file of a
 * directory job (parent: that job's local path), else its base name.
 */
static char *
job_name(const struct xq_job *j, const char *parent)
{
	const char *path = j->local != NULL ? j->local : j->remote, *base;
	size_t len, plen;
	char *s, *d;

	if (path == NULL)
		return xstrdup("?");
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	base = path + len;
	while (base > path && base[-1] != '/')
		base--;
	if (parent != NULL) {
		plen = strlen(parent);
		while (plen > 1 && parent[plen - 1] == '/')
			plen--;
		/* inside the tree: from the tree's own name down */
		while (plen > 0 && parent[plen - 1] != '/')
			plen--;
		if (plen < len && strncmp(path, parent, plen) == 0)
			base = path + plen;
	}
	s = ui_san(base, (size_t)(path + len - base), 0);
	if (!j->is_dir)
		return s;
	d = xasprintf("%s/", s);
	free(s);
	return d;
}

/* The local path of a job's directory job, or NULL. */
static const char *
parent_local(const struct xq_job *const *jobs, size_t n,
    const struct xq_job *j)
{
	size_t i;

	if (j->parent == 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (jobs[i]->id == j->parent)
			return jobs[i]->local;
	return NULL;
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
draw_job(const struct xq_job *j, const char *parent, int y, int x, int w,
    bool cursor)
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
	/* ETA in at most 11 columns: m:ss, h:mm:ss, then hours, >99h */
	if (j->state == XQ_ACTIVE && j->eta >= 0 && j->eta < 3600)
		snprintf(eta, sizeof eta, _("ETA %d:%02d"), j->eta / 60,
		    j->eta % 60);
	else if (j->state == XQ_ACTIVE && j->eta >= 0 && j->eta < 36000)
		snprintf(eta, sizeof eta, _("ETA %d:%02d:%02d"), j->eta / 3600,
		    j->eta / 60 % 60, j->eta % 60);
	else if (j->state == XQ_ACTIVE && j->eta >= 0 && j->eta < 360000)
		snprintf(eta, sizeof eta, _("ETA %dh"), j->eta / 3600);
	else if (j->state == XQ_ACTIVE && j->eta >= 0)
		str_lcpy(eta, _("ETA >99h"), sizeof eta);
	name = job_name(j, parent);
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
		RIGHT(eta, 11, UC_NORMAL);
	if (w >= 60)
		RIGHT(rate, 11, UC_NORMAL);
	if (w >= 50)
		RIGHT(bytes, 19, UC_NORMAL);
#undef RIGHT
	if (w >= 90)
		barw = (w - used) / 3 > 30 ? 30 : (w - used) / 3;
	else if (w >= 70)
		barw = 12;
	if (barw > 0 && w - used - barw - 1 >= 12) {
		/* a directory row keeps the bar's place: its percent in
		   the files' column */
		if (p >= 0 && !j->is_dir)
			draw_bar(y, x + w - used - barw, barw, p, cursor ?
			    rc : UC_PROGRESS);
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

/*
 * A mirror's tree as one row: its totals (files, bytes, done, skipped,
 * deleted, failed), its bar, and the state of the whole.
 */
static void
draw_group(struct ui *ui, const struct xq_job *const *all, size_t n,
    const struct xq_job *j, int y, int x, int w, bool cursor)
{
	struct qgroup_tot t;
	enum ui_color rc = cursor ? UC_CURSOR : UC_NORMAL;
	char *text, pct[16] = "";
	int p, used = 0, barw;

	qgroup_sum(ui->app, all, n, j->group, &t);
	text = qgroup_text(ui->app, j->group, &t);
	p = t.total > 0 ? (int)(t.bytes >= t.total ? 100 : t.bytes * 100 /
	    t.total) : t.state == XQ_DONE ? 100 : 0;
	snprintf(pct, sizeof pct, "%3d%%", p);
	draw_blank(y, x, w, rc, A_NORMAL);
	draw_text(y, x + 1, 2, draw_glyph(j->kind == XQ_GET ? GL_DOWN : GL_UP),
	    cursor ? rc : UC_INFO, A_NORMAL, false);
	x += 3;
	w -= 3;
	if (w - 10 >= 12) {
		draw_text_right(y, x + w - 9, 9, state_word(t.state), cursor ?
		    rc : state_color(t.state), A_NORMAL);
		used += 10;
	}
	barw = w >= 90 ? 20 : w >= 70 ? 12 : 0;
	if (barw > 0 && w - used - barw - 1 >= 40) {
		draw_bar(y, x + w - used - barw, barw, p, cursor ? rc :
		    UC_PROGRESS);
		used += barw + 1;
	}
	if (w - used - 5 >= 12) {
		draw_text_right(y, x + w - used - 4, 4, pct, cursor ? rc :
		    UC_NORMAL, A_NORMAL);
		used += 5;
	}
	draw_text(y, x, w - used - 1, text, cursor ? rc : UC_NORMAL, A_NORMAL,
	    false);
	free(text);
}

/*
 * One range's bar, inner cells wide: "[████▌   ]", filled to got within
 * start..end in eighths of a cell (ASCII: '#' and '+').
 */
static void
draw_segbar(int y, int x, int inner, const struct jq_range *r,
    enum ui_color c)
{
	uint64_t len = r->end > r->start ? r->end - r->start : 0;
	uint64_t got = r->got > r->start ? r->got - r->start : 0;
	int eighths, i, k;
	bool u = san_get_utf8();
	struct buf b;

	if (got > len)
		got = len;
	eighths = len == 0 ? inner * 8 : (int)(got * (uint64_t)inner * 8 /
	    len);
	buf_init(&b, (size_t)inner * 3 + 1);
	for (i = 0; i < inner; i++) {
		k = eighths - i * 8;
		if (k >= 8)
			buf_append_str(&b, u ? "\xe2\x96\x88" : "#");
		else if (k > 0 && u) {
			char part[4] = { '\xe2', '\x96', (char)(0x90 - k),
			    '\0' };

			buf_append_str(&b, part);
		} else
			buf_append_str(&b, k > 0 ? "+" : " ");
	}
	draw_text(y, x, 1, "[", UC_NORMAL, A_NORMAL, false);
	draw_text(y, x + 1, inner, buf_cstr(&b), c, A_NORMAL, false);
	draw_text(y, x + 1 + inner, 1, "]", UC_NORMAL, A_NORMAL, false);
	buf_free(&b);
}

/* A pget's row: a job's row made of it ("×N", N ranges, after the name
   when the bars do not go under it). */
static void
draw_pget(const struct app_pget *pg, bool bars, int y, int x, int w)
{
	struct xq_job j;
	char segs[64];

	memset(&j, 0, sizeof j);
	j.kind = XQ_GET;
	j.state = pg->state;
	j.local = pg->local;
	j.done = pg->done;
	j.total = pg->total;
	j.rate = pg->rate;
	j.eta = pg->eta;
	j.error = pg->error;
	if (!bars && pg->p.nr > 1) {
		/* short: the name column is narrow here */
		snprintf(segs, sizeof segs, "%s%d", san_get_utf8() ?
		    "\xc3\x97" : "x", pg->p.nr);
		j.check = segs;
	}
	draw_job(&j, NULL, y, x, w, false);
}

/* The line under a pget's row: a bar per range, then "N segments". */
static void
draw_pget_bars(const struct app_pget *pg, int y, int x, int w)
{
	enum ui_color c = pg->state == XQ_FAILED ? UC_ERROR :
	    pg->state == XQ_DONE ? UC_DONE : UC_PROGRESS;
	char segs[64];
	int nr = pg->p.nr, inner, i;

	draw_blank(y, x, w, UC_NORMAL, A_NORMAL);
	x += 3;
	w -= 3;
	inner = (w - 16) / nr - 2;
	if (inner > 24)
		inner = 24;
	if (inner < 1)
		return;
	for (i = 0; i < nr; i++)
		draw_segbar(y, x + i * (inner + 2), inner, &pg->p.r[i], c);
	snprintf(segs, sizeof segs, ngettext("%d segment", "%d segments", nr),
	    nr);
	draw_text(y, x + nr * (inner + 2) + 2, w - nr * (inner + 2) - 2, segs,
	    UC_INFO, A_NORMAL, false);
}

/*
 * The pgets at the top of the pane: r loses the lines they took.
 */
static size_t
draw_pgets(struct ui *ui, struct ui_rect *r)
{
	struct app_pget pg[LIM_PGET_ROWS];
	size_t n = app_pgets(ui->app, pg, LIM_PGET_ROWS), i;
	bool bars = r->w >= SEG_BARS_W;

	for (i = 0; i < n && r->h > 0; i++) {
		draw_pget(&pg[i], bars, r->y, r->x, r->w);
		r->y++;
		r->h--;
		if (bars && pg[i].p.nr > 1 && r->h > 0) {
			draw_pget_bars(&pg[i], r->y, r->x, r->w);
			r->y++;
			r->h--;
		}
	}
	return n;
}

/* The rows: xq_list with a group (a mirror) once, on its first job. */
static const struct xq_job **
rows(struct ui *ui, const struct xq_job *const **all, size_t *nall,
    size_t *n)
{
	const struct xq_job **vis;

	*all = xq_list(ui->app->queue, nall);
	vis = xcalloc(*nall > 0 ? *nall : 1, sizeof *vis);
	*n = qgroup_visible(*all, *nall, vis);
	return vis;
}

/* Draw the transfers view. */
static void
draw_transfers(struct ui *ui, struct bottom *b, const struct ui_rect *r0)
{
	const struct xq_job *const *all, **jobs;
	struct ui_rect rr = *r0, *r = &rr;
	size_t n, nall, h, i, target, np;
	bool focused = ui->focus == FOCUS_BOTTOM && !ui->editing;
	int y;

	np = draw_pgets(ui, r);
	h = (size_t)r->h;
	jobs = rows(ui, &all, &nall, &n);
	if (n == 0 && np > 0) {
		free(jobs);
		for (y = 0; y < r->h; y++)
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
		return;
	}
	if (n == 0) {
		free(jobs);
		for (y = 0; y < r->h; y++)
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
		draw_text(r->y, r->x + 1, r->w - 1, _("No transfers. Mark "
		    "files with Space and press F5 to copy them."), UC_HINT,
		    A_NORMAL, false);
		return;
	}
	if (h == 0) {
		free(jobs);
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
		if (i < n && jobs[i]->group != 0)
			draw_group(ui, all, nall, jobs[i], r->y + y, r->x,
			    r->w, focused && i == b->xcur);
		else if (i < n)
			draw_job(jobs[i], parent_local(all, nall, jobs[i]),
			    r->y + y, r->x, r->w, focused && i == b->xcur);
		else
			draw_blank(r->y + y, r->x, r->w, UC_NORMAL, A_NORMAL);
	}
	free(jobs);
}

/* Run a queue command on the job under the cursor. */
static void
job_command(struct ui *ui, struct bottom *b, const char *what)
{
	const struct xq_job *const *all, **jobs;
	unsigned *ids, group;
	char line[64];
	size_t n, nall, i, k = 0;

	jobs = rows(ui, &all, &nall, &n);
	if (b->xcur >= n) {
		free(jobs);
		return;
	}
	group = jobs[b->xcur]->group;
	if (group == 0) {
		snprintf(line, sizeof line, "queue %s %u", what,
		    jobs[b->xcur]->id);
		free(jobs);
		ui_command(ui, line, false, NULL, NULL);
		return;
	}
	/* A mirror's tree: every one of its jobs (the ids first: the
	   calls may change the list). */
	ids = xcalloc(nall, sizeof *ids);
	for (i = 0; i < nall; i++)
		if (all[i]->group == group)
			ids[k++] = all[i]->id;
	free(jobs);
	for (i = 0; i < k; i++) {
		if (strcmp(what, "cancel") == 0)
			xq_cancel(ui->app->queue, ids[i]);
		else if (strcmp(what, "retry") == 0)
			xq_retry(ui->app->queue, ids[i]);
		else if (strcmp(what, "pause") == 0)
			xq_pause(ui->app->queue, ids[i]);
		else
			xq_resume(ui->app->queue, ids[i]);
	}
	free(ids);
}

/* Move the job under the cursor, or change its priority (queue move,
   queue priority); the cursor follows it. */
static void
job_reorder(struct ui *ui, struct bottom *b, enum ui_act act)
{
	const struct xq_job *const *jobs;
	char line[64];
	unsigned id;
	size_t n, i;
	int prio;

	jobs = xq_list(ui->app->queue, &n);
	if (b->xcur >= n)
		return;
	id = jobs[b->xcur]->id;
	prio = jobs[b->xcur]->priority;
	if (act == KA_JOB_PRIO_UP || act == KA_JOB_PRIO_DOWN)
		snprintf(line, sizeof line, "queue priority %u %d", id,
		    prio + (act == KA_JOB_PRIO_UP ? 1 : -1));
	else
		snprintf(line, sizeof line, "queue move %u %s", id,
		    act == KA_JOB_UP ? "up" : act == KA_JOB_DOWN ? "down" :
		    act == KA_JOB_TOP ? "top" : "bottom");
	ui_command(ui, line, false, NULL, NULL);
	b->xfollow = false;
	jobs = xq_list(ui->app->queue, &n);
	for (i = 0; i < n; i++)
		if (jobs[i]->id == id)
			b->xcur = i;
}

/* A key in the transfers view. */
static bool
xfer_key(struct ui *ui, struct bottom *b, size_t h, const struct ui_key *k)
{
	const struct xq_job *const *all, **jobs;
	enum ui_act act;
	size_t n, nall;
	bool paused;

	jobs = rows(ui, &all, &nall, &n);
	paused = b->xcur < n && (jobs[b->xcur]->group != 0 ? false :
	    jobs[b->xcur]->state == XQ_PAUSED);
	if (b->xcur < n && jobs[b->xcur]->group != 0) {
		struct qgroup_tot t;

		qgroup_sum(ui->app, all, nall, jobs[b->xcur]->group, &t);
		paused = t.state == XQ_PAUSED;
	}
	free(jobs);
	if ((act = keymap_find(k, KX_TRANSFERS)) == KA_NONE)
		act = keymap_find(k, KX_LIST);
	if (list_move(&b->xcur, NULL, n, h, act)) {
		/* End follows the newest job */
		b->xfollow = act == KA_END;
		return true;
	}
	switch (act) {
	case KA_JOB_CANCEL:
		job_command(ui, b, "cancel");
		break;
	case KA_JOB_RETRY:
		job_command(ui, b, "retry");
		break;
	case KA_JOB_PAUSE:
		if (b->xcur < n)
			job_command(ui, b, paused ? "resume" : "pause");
		break;
	case KA_JOB_UP:
	case KA_JOB_DOWN:
	case KA_JOB_TOP:
	case KA_JOB_BOTTOM:
	case KA_JOB_PRIO_UP:
	case KA_JOB_PRIO_DOWN:
		job_reorder(ui, b, act);
		break;
	case KA_JOB_CLEAR:
		ui_command(ui, "queue clear", false, NULL, NULL);
		b->xcur = 0;
		b->xfollow = true;
		break;
	default:
		return false;
	}
	return true;
}

/* One count of the note, agreeing with its number. */
static void
note_part(struct buf *nb, unsigned n, int which)
{
	char part[64];

	if (n == 0)
		return;
	switch (which) {
	case 0:
		snprintf(part, sizeof part, ngettext("%u active", "%u active",
		    n), n);
		break;
	case 1:
		snprintf(part, sizeof part, ngettext("%u queued", "%u queued",
		    n), n);
		break;
	case 2:
		snprintf(part, sizeof part, ngettext("%u done", "%u done", n),
		    n);
		break;
	default:
		snprintf(part, sizeof part, ngettext("%u failed", "%u failed",
		    n), n);
		break;
	}
	buf_append_str(nb, buf_len(nb) > 0 ? ", " : " ");
	buf_append_str(nb, part);
}

/* The pgets' rows in the counts of the note. */
static void
pget_stats(struct app *app, struct xq_stats *st)
{
	struct app_pget pg[LIM_PGET_ROWS];
	size_t n = app_pgets(app, pg, LIM_PGET_ROWS), i;

	for (i = 0; i < n; i++)
		if (pg[i].state == XQ_ACTIVE)
			st->active++;
		else if (pg[i].state == XQ_DONE)
			st->done++;
		else if (pg[i].state == XQ_FAILED)
			st->failed++;
}

/*
 * The note on the tabs row: the queue's counts that are not 0, each
 * agreeing with its number, so it fits the row at 80 columns in every
 * language.
 */
static void
xfer_note(struct ui *ui, struct bottom *b, char *out, size_t len)
{
	struct xq_stats st;
	struct buf nb;

	xq_stats(ui->app->queue, &st);
	pget_stats(ui->app, &st);
	if (st.active + st.queued + st.done + st.failed == 0)
		return;
	buf_init(&nb, 256);
	note_part(&nb, st.active, 0);
	note_part(&nb, st.queued, 1);
	note_part(&nb, st.done, 2);
	note_part(&nb, st.failed, 3);
	buf_append_str(&nb, " ");
	str_lcpy(out, buf_cstr(&nb), len);
	buf_free(&nb);
}

const struct bot_view bot_transfers = {
	draw_transfers, xfer_key, xfer_note
};
