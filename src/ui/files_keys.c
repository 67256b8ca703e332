/*
 * files_keys.c: the mc keys of a file pane that files_act.c hands on:
 * + and - ask for a pattern to mark or unmark, * inverts the marks, F4
 * edits the remote file under the cursor (the edit command), F6 renames
 * or moves it (rename, lrename), Ctrl-O and ! open a shell (the !
 * command), m opens the permissions dialog (chmod_dlg.c).
 * Each action that changes something outside the pane is a command line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/parse.h"
#include "ui/files_priv.h"
#include "ui/keymap.h"

/* Mark (or unmark) the files whose name matches pattern. */
static void
mark_pattern(struct ui *ui, struct files *f, const char *pattern, bool mark)
{
	size_t i, n = 0;

	for (i = 0; i < f->nitems; i++) {
		struct fitem *it = &f->items[i];

		if (it->isdir || it->marked == mark || !fp_matches(f, it) ||
		    !glob_match(pattern, it->name, it->namelen))
			continue;
		it->marked = mark;
		n++;
		if (mark)
			f->nmarked++;
		else
			f->nmarked--;
	}
	ui_message(ui, APP_INFO, mark ? ngettext("%zu file marked.",
	    "%zu files marked.", n) : ngettext("%zu file unmarked.",
	    "%zu files unmarked.", n), n);
	f->pane.dirty = true;
	ui->dirty_all = true;
}

static void
mark_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	if (a == DLG_TEXT && text != NULL && *text != '\0')
		mark_pattern(ui, arg, text, true);
}

static void
unmark_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	if (a == DLG_TEXT && text != NULL && *text != '\0')
		mark_pattern(ui, arg, text, false);
}

/* F6 answered: rename (or move) on the pane's side. */
static void
rename_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct files *f = arg;
	struct fitem *it = fp_current(f);
	char *old, *qo, *qn, *line;

	if (a != DLG_TEXT || text == NULL || *text == '\0' || it == NULL)
		return;
	old = xstrndup(it->name, it->namelen);
	if (strcmp(old, text) != 0) {
		qo = ui_quote(old);
		qn = ui_quote(text);
		line = xasprintf("%s %s %s", f->remote ? "rename" : "lrename",
		    qo, qn);
		ui_command(ui, line, false, NULL, NULL);
		free(line);
		free(qo);
		free(qn);
	}
	free(old);
}

/* An action files_act.c does not know; true if it was one of these. */
bool
files_key_more(struct ui *ui, struct files *f, enum ui_act act)
{
	struct fitem *it;
	size_t i;
	char *q, *line;

	switch (act) {
	case KA_MARK_PATTERN:
		dlg_input(ui, _("Mark"), _("Mark the files whose name matches "
		    "(* and ? work; * marks them all):"), false, mark_done, f);
		return true;
	case KA_UNMARK_PATTERN:
		dlg_input(ui, _("Unmark"), _("Unmark the files whose name "
		    "matches (* unmarks them all):"), false, unmark_done, f);
		return true;
	case KA_INVERT:
		f->nmarked = 0;
		for (i = 0; i < f->nitems; i++) {
			it = &f->items[i];
			if (!it->isdir && fp_matches(f, it))
				it->marked = !it->marked;
			if (it->marked)
				f->nmarked++;
		}
		return true;
	case KA_EDIT:
		if (!f->remote) {
			ui_message(ui, APP_WARN, "%s", _("F4 edits a remote "
			    "file; for a local one use :!$EDITOR NAME."));
			return true;
		}
		if ((it = fp_current(f)) == NULL || it->isdir)
			return true;
		{
			char *name = xstrndup(it->name, it->namelen);

			q = ui_quote(name);
			free(name);
		}
		line = xasprintf("edit %s", q);
		ui_command(ui, line, false, NULL, NULL);
		free(line);
		free(q);
		return true;
	case KA_RENAME:
		if (f->remote && !ftp_session_connected(ui->app->ftp)) {
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
			return true;
		}
		if ((it = fp_current(f)) == NULL)
			return true;
		{
			char *name = xstrndup(it->name, it->namelen);

			dlg_input_init(ui, _("Rename or move"), _("New name (a "
			    "path moves it; on the same side):"), name,
			    rename_done, f);
			free(name);
		}
		return true;
	case KA_SHELL:
		ui_command(ui, "!", false, NULL, NULL);
		return true;
	case KA_CHMOD:
		chmod_dlg_open(ui, f);
		return true;
	default:
		return false;
	}
}
