/*
 * screen.c: the layout of the screen (panes side by side from 80
 * columns, stacked below), bringing the panes up to date with the app,
 * and the drawing of a pass (ui_draw, from ui.c's prepare hook): the
 * frame, the panes that are dirty, the status line, the command line
 * row, the completion list and the overlay on top, then one update of
 * the terminal. It calls the widgets; nothing that routes keys.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ui/ui_priv.h"

/* ------------------------------------------------------------ layout */

/* Cut the screen into regions for its size. */
void
ui_layout(struct ui *ui)
{
	int rows = ui->rows, cols = ui->cols, h, bh, top, half, rh;
	size_t i;

	ui->too_small = cols < UI_MIN_COLS || rows < UI_MIN_ROWS;
	ui->wide = cols >= UI_WIDE_COLS;
	ui->status_y = rows - 2;
	ui->cmd_y = rows - 1;
	if (ui->too_small)
		return;
	h = rows - 2;
	bh = h / 3 < 3 ? 3 : h / 3;
	top = h - bh;
	if (ui->wide) {
		half = cols / 2;
		ui->frame_remote = (struct ui_rect){ 0, 0, top, half + 1 };
		ui->frame_local = (struct ui_rect){ 0, half, top, cols - half };
		ui->panes[FOCUS_REMOTE]->r = (struct ui_rect){ 1, 1, top - 1,
		    half - 1 };
		ui->panes[FOCUS_LOCAL]->r = (struct ui_rect){ 1, half + 1,
		    top - 1, cols - half - 2 };
	} else {
		rh = (top + 1) / 2;
		ui->frame_remote = (struct ui_rect){ 0, 0, rh, cols };
		ui->frame_local = (struct ui_rect){ rh, 0, top - rh, cols };
		ui->panes[FOCUS_REMOTE]->r = (struct ui_rect){ 1, 1, rh - 1,
		    cols - 2 };
		ui->panes[FOCUS_LOCAL]->r = (struct ui_rect){ rh + 1, 1,
		    top - rh - 1, cols - 2 };
	}
	ui->frame_bottom = (struct ui_rect){ top, 0, bh, cols };
	ui->panes[FOCUS_BOTTOM]->r = (struct ui_rect){ top + 1, 1, bh - 1,
	    cols - 2 };
	for (i = 0; i < FOCUS_N; i++)
		ui->panes[i]->ops->resize(ui, ui->panes[i]);
}

/* Take the terminal's new size and lay the screen out again. */
void
ui_resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, ui->rows, ui->cols);
	ui_layout(ui);
	input_resize(ui);
	clearok(curscr, TRUE);
	ui->dirty_all = true;
}

/* ------------------------------------------------------------ draw */

/* The frame row above the bottom pane, with its tabs. */
static void
draw_tabs_row(struct ui *ui)
{
	int cols = ui->cols, top = ui->frame_bottom.y;

	draw_corner(top, 0, CN_LTEE);
	draw_hline(top, 1, cols - 2);
	draw_corner(top, cols - 1, CN_RTEE);
	if (ui->wide)
		draw_corner(top, cols / 2, CN_BTEE);
	bottom_draw_tabs(ui, top, 1, cols - 2);
}

/* The frame lines around the panes. */
static void
draw_frame(struct ui *ui)
{
	int cols = ui->cols, half = cols / 2, top = ui->frame_bottom.y, y;

	draw_vline(1, 0, ui->status_y - 1);
	draw_vline(1, cols - 1, ui->status_y - 1);
	draw_corner(0, 0, CN_UL);
	draw_corner(0, cols - 1, CN_UR);
	draw_hline(0, 1, cols - 2);
	if (ui->wide) {
		draw_vline(1, half, top - 1);
		draw_corner(0, half, CN_TTEE);
	} else {
		y = ui->frame_local.y;
		draw_corner(y, 0, CN_LTEE);
		draw_hline(y, 1, cols - 2);
		draw_corner(y, cols - 1, CN_RTEE);
	}
	draw_tabs_row(ui);
}

/*
 * TLS on the control connection for the status line: "TLS1.3
 * TLS_AES_256_GCM_SHA384" (OpenSSL's "TLSv1.3" without the v); under 120
 * columns the cipher loses its "TLS_" and its hash ("TLS1.3 AES_256_GCM").
 * false: plain FTP (nothing shown).
 */
static bool
status_tls(struct ui *ui, char *out, size_t outlen)
{
	const char *desc = ftp_session_tls(ui->app->ftp), *cipher;
	char ver[16], *clean, *cut;
	size_t vlen;

	if (desc == NULL)
		return false;
	vlen = strcspn(desc, " ");
	snprintf(ver, sizeof ver, "%.*s", (int)vlen, desc);
	if (strncmp(ver, "TLSv", 4) == 0)
		memmove(ver + 3, ver + 4, strlen(ver + 4) + 1);
	cipher = desc[vlen] == ' ' ? desc + vlen + 1 : "";
	clean = ui_sanc(cipher);
	if (ui->cols < 120) {
		cut = strncmp(clean, "TLS_", 4) == 0 ? clean + 4 : clean;
		memmove(clean, cut, strlen(cut) + 1);
		if ((cut = strrchr(clean, '_')) != NULL && strncmp(cut,
		    "_SHA", 4) == 0)
			*cut = '\0';
		else if ((cut = strrchr(clean, '-')) != NULL &&
		    strncmp(cut, "-SHA", 4) == 0)
			*cut = '\0';
	}
	snprintf(out, outlen, "%s%s%s", ver, *clean != '\0' ? " " : "", clean);
	free(clean);
	return true;
}

/* The status line: connection, user, type, mode, transfers, a hint. */
static void
draw_status(struct ui *ui)
{
	struct app *app = ui->app;
	enum ftp_state st = ftp_session_state(app->ftp);
	struct xq_stats qs;
	char *left, *host = NULL, *user, *hint, *why = NULL;
	const char *type, *mode, *readme = NULL;
	enum ui_color c = UC_STATUS;
	int y = ui->status_y, rw;

	if (ui->editing && ui->msg_over && ui->msg.text != NULL) {
		/* a message of the line being typed, until the next key */
		c = ui->msg.kind == APP_ERROR ? UC_ERROR : ui->msg.kind ==
		    APP_WARN ? UC_WARN : UC_NORMAL;
		draw_blank(y, 0, ui->cols, c, A_NORMAL);
		draw_text(y, 0, ui->cols, ui->msg.text, c, A_BOLD, false);
		return;
	}
	if (app->host != NULL)
		host = ui_sanc(app->host);
	user = ui_sanc(app->user != NULL ? app->user : "anonymous");
	if (ftp_session_connected(app->ftp)) {
		char tls[64];

		left = xasprintf(_("connected %s@%s"), user, host);
		if (status_tls(ui, tls, sizeof tls)) {
			char *l2 = xasprintf("%s  %s", left, tls);

			free(left);
			left = l2;
		}
	}
	else if (st != FTP_ST_IDLE && st != FTP_ST_CLOSED && host != NULL)
		left = xasprintf(_("connecting to %s..."), host);
	else if (ui->lost) {
		if (ui->lost_why != NULL) {
			const char *p = strstr(ui->lost_why, ": ");

			why = xstrdup(p != NULL ? p + 2 : ui->lost_why);
		}
		left = xasprintf(_("connection lost%s%s"), why != NULL ?
		    ": " : "", why != NULL ? why : "");
		c = UC_STATUS_BAD;
	} else
		left = xstrdup(_("not connected"));
	free(why);
	type = app->opts.type == XQ_TYPE_ASCII ? "ASCII" :
	    app->opts.type == XQ_TYPE_AUTO ? "AUTO" : "BIN";
	mode = app->opts.passive ? "PASV" : "PORT";
	if (ui->follow != NULL)		/* synchronized browsing (follow.c) */
		mode = app->opts.passive ? "PASV  SYNC" : "PORT  SYNC";
	xq_stats(app->queue, &qs);
	{
		char act[64] = "", *l2;

		if (qs.active + qs.queued > 0)
			snprintf(act, sizeof act, ngettext("%u active",
			    "%u active", qs.active), qs.active);
		l2 = xasprintf("%s  %s  %s%s%s%s%s%s", left, type, mode,
		    act[0] ? "  " : "", act, app->running != NULL &&
		    app->running->desc != NULL ? "  " : "",
		    app->running != NULL && app->running->desc != NULL ?
		    app->running->desc->name : "",
		    app->running != NULL && app->running->desc != NULL ?
		    draw_glyph(GL_ELLIPSIS) : "");
		free(left);
		left = l2;
	}
	if (ui->focus == FOCUS_REMOTE && !ui->editing)
		readme = files_readme(ui->panes[FOCUS_REMOTE]);
	if (ui->lost && !ftp_session_connected(app->ftp) && !ui->editing)
		hint = xstrdup(_("Enter or :open reconnects  ? help"));
	else if (ui->editing && ui->console_input)
		hint = xasprintf(_("%s: commands  %s: next pane"),
		    ui_key_label("Esc"), ui_key_label("Tab"));
	else if (ui->editing)
		hint = xasprintf(_("%s: leave  %s: complete  F1: help"),
		    ui_key_label("Esc"), ui_key_label("Tab"));
	else if (readme != NULL) {
		char *r = ui_sanc(readme);

		hint = xasprintf(_("v: view %s  ? help"), r);
		free(r);
	} else
		hint = xstrdup(_(": command  ? help"));
	draw_blank(y, 0, ui->cols, c, A_NORMAL);
	rw = draw_width(hint) + 2;
	if (rw > ui->cols / 2)
		rw = ui->cols / 2;
	draw_text(y, 1, ui->cols - rw - 2, left, c, A_NORMAL, false);
	draw_text_right(y, ui->cols - rw, rw - 1, hint, c, A_NORMAL);
	free(hint);
	free(left);
	free(user);
	free(host);
}

/* The command line row: the line being typed, or the last message. */
static int
draw_cmdline(struct ui *ui)
{
	int y = ui->cmd_y;
	enum ui_color c;

	if (ui->editing)
		return input_draw(ui, y, ui->cols);
	draw_blank(y, 0, ui->cols, UC_NORMAL, A_NORMAL);
	if (ui->msg.text != NULL && ev_clock_ms() - ui->msg.when < UI_MSG_MS) {
		c = ui->msg.kind == APP_ERROR ? UC_ERROR : ui->msg.kind ==
		    APP_WARN ? UC_WARN : UC_NORMAL;
		draw_text(y, 0, ui->cols, ui->msg.text, c, A_NORMAL, false);
	} else
		draw_text(y, 0, ui->cols, _(":  the command line   Tab  next "
		    "pane   F5  copy   F1  help   q  quit"), UC_HINT,
		    A_NORMAL, false);
	return -1;
}

/* The completion list, above the command line. */
static void
draw_matches(struct ui *ui)
{
	size_t n, i, per, shown;
	char **m = input_matches(ui, &n);
	int colw = 0, w, rows, y, x, ncols;

	if (m == NULL || n == 0)
		return;
	for (i = 0; i < n; i++)
		if ((w = draw_width(m[i])) > colw)
			colw = w;
	colw += 2;
	if (colw > ui->cols - 2)
		colw = ui->cols - 2;
	ncols = (ui->cols - 2) / colw;
	if (ncols < 1)
		ncols = 1;
	per = (n + (size_t)ncols - 1) / (size_t)ncols;
	rows = (int)per;
	if (rows > ui->cmd_y - 2)
		rows = ui->cmd_y - 2;
	if (rows < 1)
		return;
	shown = (size_t)rows * (size_t)ncols;
	for (y = 0; y < rows; y++)
		draw_blank(ui->cmd_y - rows + y, 0, ui->cols, UC_DIALOG,
		    A_NORMAL);
	for (i = 0; i < n && i < shown; i++) {
		y = ui->cmd_y - rows + (int)(i % (size_t)rows);
		x = 1 + (int)(i / (size_t)rows) * colw;
		if (i + 1 == shown && n > shown) {
			char more[64];

			snprintf(more, sizeof more, _("(%zu more)"), n - i);
			draw_text(y, x, colw - 1, more, UC_DIALOG, A_BOLD,
			    false);
		} else
			draw_text(y, x, colw - 1, m[i], UC_DIALOG, A_NORMAL,
			    false);
	}
}

/* The "terminal too small" screen: three centred lines. */
static void
draw_too_small(struct ui *ui)
{
	char size[64];
	const char *lines[3];
	int i, w;

	erase();
	snprintf(size, sizeof size, _("%dx%d (%dx%d needed)"), ui->cols,
	    ui->rows, UI_MIN_COLS, UI_MIN_ROWS);
	lines[0] = _("terminal too small");
	lines[1] = size;
	lines[2] = _("q quits");
	for (i = 0; i < 3; i++) {
		w = draw_width(lines[i]);
		draw_text(ui->rows / 2 - 1 + i, w < ui->cols ?
		    (ui->cols - w) / 2 : 0, ui->cols, lines[i], i == 0 ?
		    UC_ERROR : i == 1 ? UC_NORMAL : UC_HINT, A_NORMAL, false);
	}
}

/* Bring the panes up to date with the app. */
void
ui_sync_panes(struct ui *ui)
{
	if (ui->sync_remote) {
		ui->sync_remote = false;
		files_sync_remote(ui, ui->panes[FOCUS_REMOTE]);
		ui->dirty_status = true;
	}
	if (ui->rescan_local) {
		ui->rescan_local = false;
		files_rescan_local(ui, ui->panes[FOCUS_LOCAL]);
	}
	ui_compare_pass(ui);
	ui_follow(ui);
}

/* Draw what is dirty, the overlays on top; update the terminal once. */
void
ui_draw(struct ui *ui)
{
	struct ui_pane *bp = ui->panes[FOCUS_BOTTOM];
	uint64_t now;
	bool drew = false, want_cursor = false;
	int cx = -1, cy = -1, i;

	if (ui->too_small) {
		if (ui->dirty_all) {
			draw_too_small(ui);
			ui->dirty_all = false;
			if (ui->cursor_on != 0)
				curs_set(0);
			ui->cursor_on = 0;
			wnoutrefresh(stdscr);
			doupdate();
		}
		return;
	}
	if (ui->dirty_all) {
		erase();
		ui->dirty_frame = ui->dirty_status = ui->dirty_cmd = true;
		for (i = 0; i < FOCUS_N; i++)
			ui->panes[i]->dirty = true;
		ui->xfer_drawn = 0;
	}
	if (ui->dirty_frame) {
		draw_frame(ui);
		ui->panes[FOCUS_REMOTE]->dirty = true;
		ui->panes[FOCUS_LOCAL]->dirty = true;
		drew = true;
	}
	for (i = 0; i < FOCUS_N; i++) {
		struct ui_pane *p = ui->panes[i];

		if (!p->dirty)
			continue;
		if (p == bp && ui->bottom == BOT_TRANSFERS) {
			/* at most UI_XFER_MS apart, unless a key asked */
			now = ev_clock_ms();
			if (!ui->dirty_all &&
			    now - ui->xfer_drawn < UI_XFER_MS) {
				if (!ev_timer_pending(ui->xfer_timer))
					ev_timer_start(ui->xfer_timer,
					    UI_XFER_MS -
					    (now - ui->xfer_drawn));
				continue;
			}
			ui->xfer_drawn = now;
		}
		p->ops->draw(ui, p);
		if (p == bp)
			draw_tabs_row(ui);
		drew = true;
	}
	if (ui->dirty_status) {
		draw_status(ui);
		drew = true;
	}
	if (ui->dirty_cmd || drew) {
		cx = draw_cmdline(ui);
		drew = true;
	}
	ui->dirty_all = ui->dirty_frame = ui->dirty_status = false;
	ui->dirty_cmd = false;
	if (!drew)
		return;
	if (ui->editing) {
		want_cursor = true;
		cy = ui->cmd_y;
	}
	if (ui->matches != NULL)
		draw_matches(ui);
	if (ui->view != NULL) {
		view_draw(ui);
		want_cursor = false;
	}
	if (ui->picker != NULL) {
		picker_draw(ui);
		want_cursor = picker_cursor(ui, &cy, &cx);
	}
	if (ui->dialogs != NULL) {
		dlg_draw(ui);
		want_cursor = dlg_cursor(ui, &cy, &cx);
	}
	if (want_cursor && cx >= 0 && cy >= 0) {
		move(cy, cx < ui->cols ? cx : ui->cols - 1);
		if (ui->cursor_on != 1)
			curs_set(1);
		ui->cursor_on = 1;
	} else {
		if (ui->cursor_on != 0)
			curs_set(0);
		ui->cursor_on = 0;
	}
	wnoutrefresh(stdscr);
	doupdate();
}
