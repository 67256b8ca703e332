/*
 * qsaved.c: at the screen's start, when the saved queue holds the last
 * run's unfinished transfers, a dialog offers to go on with them (queue
 * resume), to review them (queue review: queued paused, the transfers
 * pane open on them, so some can be cancelled before "queue resume all")
 * or to drop them (queue drop). Esc leaves them saved (the message line
 * says how to go on). The answer runs its command once no other runs (a
 * login at start is let finish first).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ui/ui_priv.h"

#define QS_RETRY_MS	100

struct qsaved {
	struct ui	*ui;
	struct ev_timer	*t;
	int		 choice;	/* 0 resume, 1 review, 2 drop */
};

static void
qs_fire(struct ev_timer *t, void *arg)
{
	struct qsaved *qs = arg;
	struct ui *ui = qs->ui;
	static const char *const cmds[] = { "queue resume", "queue review",
	    "queue drop" };

	if (ui->app->running != NULL && !ui->quitting) {
		ev_timer_start(t, QS_RETRY_MS);	/* a login first */
		return;
	}
	if (!ui->quitting) {
		ui_command(ui, cmds[qs->choice], false, NULL, NULL);
		if (qs->choice == 1) {
			bottom_set_view(ui, BOT_TRANSFERS);
			ui_focus(ui, FOCUS_BOTTOM);
			ui->dirty_all = true;
		}
	}
	ev_timer_free(qs->t);
	free(qs);
}

static void
qs_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct qsaved *qs;

	(void)text;
	(void)arg;
	if (a < DLG_CHOICE || a > DLG_CHOICE + 2)
		return;
	qs = xcalloc(1, sizeof *qs);
	qs->ui = ui;
	qs->choice = (int)(a - DLG_CHOICE);
	qs->t = ev_timer_new(ui->loop, qs_fire, qs);
	ev_timer_start(qs->t, 0);
}

void
ui_saved_queue_dialog(struct ui *ui)
{
	const char *host = NULL;
	char *text, *safe;
	size_t n;

	if ((n = xq_journal_pending(ui->app->queue, &host, NULL, NULL)) == 0)
		return;
	safe = san_cstr(host != NULL ? host : "?");
	text = xasprintf(ngettext("The last run left %zu unfinished transfer "
	    "(%s). Go on with it, review it first (queued paused, in the "
	    "transfers pane), or drop it (its partial file stays)?",
	    "The last run left %zu unfinished transfers (%s). Go on with "
	    "them, review them first (queued paused, in the transfers pane), "
	    "or drop them (their partial files stay)?", n), n, safe);
	dlg_choice(ui, _("Unfinished transfers"), text,
	    _("[g] Go on    [v] Review    [d] Drop    Esc: later"), "gvd",
	    qs_done, NULL);
	free(text);
	free(safe);
}
