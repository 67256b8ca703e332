/*
 * message.c: what the screen says on the command line's row (a message
 * of the app or of the screen, kept in the protocol log too, shown until
 * it expires or its cause ends), and the screen's dirt (what must be
 * drawn again). Every widget tells the user something through here; it
 * calls only the protocol log's ring (bottom_model.c) and the drawing
 * helpers.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ui/ui_priv.h"

/* Everything must be drawn again. */
void
ui_dirty(struct ui *ui)
{
	ui->dirty_all = true;
}

/* Show a display-safe message (taking it) and log it. */
void
ui_message_set(struct ui *ui, enum app_out kind, char *clean)
{
	bottom_log(ui, kind == APP_ERROR ? UC_ERROR : kind == APP_WARN ?
	    UC_WARN : UC_INFO, clean);
	free(ui->msg.text);
	ui->msg.text = clean;
	ui->msg.kind = kind;
	ui->msg.when = ev_clock_ms();
	ui->msg.progress = kind == APP_INFO && (str_has_suffix(clean, "...") ||
	    str_has_suffix(clean, "\xe2\x80\xa6"));
	ui->msg.queue = kind == APP_INFO && xq_busy(ui->app->queue);
	ev_timer_start(ui->msg_timer, UI_MSG_MS + 10);
	ui->dirty_cmd = true;
	/* the open command line covers the message row: show it above */
	if (ui->editing) {
		ui->msg_over = true;
		ui->dirty_status = true;
	}
}

/* Clear a message whose cause has ended (a command, the transfers). */
void
ui_message_expire(struct ui *ui)
{
	if (ui->msg.text == NULL || (!(ui->msg.progress &&
	    ui->app->running == NULL) && !(ui->msg.queue &&
	    !xq_busy(ui->app->queue))))
		return;
	free(ui->msg.text);
	ui->msg.text = NULL;
	ui->msg_over = false;
	ui->dirty_cmd = ui->dirty_status = true;
}

/* A message of the screen's own (its arguments are sanitized here). */
void
ui_message(struct ui *ui, enum app_out kind, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	ui_message_set(ui, kind, ui_sanc(raw));
	free(raw);
}
