/*
 * certdlg.c: the screen's trust questions when the engine refused a
 * login (cmd_trust.c builds the text): a certificate that does not verify
 * (once / always / no) and a password about to go in clear (yes once /
 * no). The dialogs are the queue's (dialog.c): the loop runs on while
 * they wait, and the refused connection is already closed.
 */
#include "config.h"

#include <stdlib.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "ui/ui_priv.h"

struct trust_wait {
	app_trust_cb	 cb;
	void		*cbarg;
};

static void
trust_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct trust_wait *w = arg;

	/* to cmd_trust.c: 1 yes (once), 2 always (pin it), 0 no */
	w->cb(ui->app, a == DLG_YES || a == DLG_CHOICE ? 1 :
	    a == DLG_CHOICE + 1 ? 2 : 0, w->cbarg);
	free(w);
}

void
ui_ask_trust(struct app *app, bool cert, const char *title, const char *text,
    app_trust_cb cb, void *cbarg, void *arg)
{
	struct trust_wait *w = xcalloc(1, sizeof *w);

	w->cb = cb;
	w->cbarg = cbarg;
	/* yes, once: the yes of every yes/no dialog; no: their no */
	if (cert)
		dlg_choice(arg, title, text, _("[y] Yes, once    [a] Always    "
		    "[n] No"), "yan", trust_done, w);
	else
		dlg_confirm(arg, title, text, trust_done, w);
}
