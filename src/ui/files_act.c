/*
 * files_act.c: the keys of a file pane and what they do, and the pane
 * itself (files_new: its draw, key, resize and free). Every action is a
 * command line run through ui_command (cd, lcd, get, put, mkdir, lmkdir,
 * rm, lrm, rm -r, lrm -r); nothing here touches a file itself. The keys
 * it does not know go to files_keys.c, then to compare.c.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"
#include "ui/files_priv.h"
#include "ui/keymap.h"

/* ---------------------------------------------------------- actions */

/* The items an action works on: the marked ones, or the current one. */
static size_t
selection(struct files *f, struct fitem ***out)
{
	struct fitem **sel, *it;
	size_t i, n = 0;

	if (f->nmarked > 0) {
		sel = xreallocarray(NULL, f->nmarked, sizeof *sel);
		for (i = 0; i < f->nitems && n < f->nmarked; i++)
			if (f->items[i].marked)
				sel[n++] = &f->items[i];
	} else if ((it = fp_current(f)) != NULL) {
		sel = xmalloc(sizeof *sel);
		sel[n++] = it;
	} else
		sel = NULL;
	*out = sel;
	return n;
}

/* Append a quoted name to a command line; "./" before a leading '-'. */
static void
add_name(struct buf *b, const struct fitem *it, bool dot_dash)
{
	char *q, *n = xmemdup(it->name, it->namelen + 1);

	if (dot_dash && n[0] == '-') {
		char *d = xasprintf("./%s", n);

		free(n);
		n = d;
	}
	q = ui_quote(n);
	buf_append(b, " ", 1);
	buf_append_str(b, q);
	free(q);
	free(n);
}

/* F5: copy the selection to the other side (get or put). */
static void
copy_selection(struct ui *ui, struct files *f)
{
	struct fitem **sel;
	struct buf b;
	size_t n, i;
	bool dir = false, dash = false;
	char *line;

	if ((n = selection(f, &sel)) == 0) {
		ui_message(ui, APP_INFO, "%s", _("Nothing to copy: mark files "
		    "with Space."));
		return;
	}
	for (i = 0; i < n; i++) {
		dir |= sel[i]->isdir || sel[i]->kind == FK_DIR;
		dash |= sel[i]->name[0] == '-';
	}
	buf_init(&b, LIM_LIST_BYTES);
	buf_append_str(&b, f->remote ? "get" : "put");
	if (dir)
		buf_append_str(&b, " -r");
	if (dash)
		buf_append_str(&b, " --");
	for (i = 0; i < n; i++)
		add_name(&b, sel[i], false);
	line = buf_cstr(&b);
	ui_command(ui, line, false, NULL, NULL);
	buf_free(&b);
	free(sel);
	fp_unmark_all(f);
}

/* After a cd that failed on a link: it was a file, fetch it. */
static void
link_cd_done(struct ui *ui, int status, void *arg)
{
	char *line = arg;

	if (status != CMD_OK)
		ui_command(ui, line, false, NULL, NULL);
	free(line);
}

/* Enter: open a directory, or copy a file to the other side. */
static void
enter(struct ui *ui, struct files *f)
{
	struct fitem *it = fp_current(f);
	struct buf b;
	char *line;

	if (f->remote && !ftp_session_connected(ui->app->ftp)) {
		if (ui->app->host != NULL)
			ui_command(ui, "open", false, NULL, NULL);
		else
			ui_message(ui, APP_INFO, "%s", _("Not connected: type "
			    ":open HOST or :open URL."));
		return;
	}
	if (f->cur < f->nview && f->view[f->cur] == UP_ROW) {
		ui_command(ui, f->remote ? "cd .." : "lcd ..", false, NULL,
		    NULL);
		return;
	}
	if (it == NULL)
		return;
	if (it->kind == FK_RAW) {
		ui_message(ui, APP_WARN, "%s", _("This line of the listing "
		    "could not be understood."));
		return;
	}
	buf_init(&b, LIM_PATH * 2);
	if (it->isdir || (f->remote && it->kind == FK_LINK)) {
		buf_append_str(&b, f->remote ? "cd --" : "lcd --");
		add_name(&b, it, false);
		line = buf_cstr(&b);
		if (f->remote && it->kind == FK_LINK) {
			struct buf g;

			buf_init(&g, LIM_PATH * 2);
			buf_append_str(&g, "get");
			if (it->name[0] == '-')
				buf_append_str(&g, " --");
			add_name(&g, it, false);
			ui_command(ui, line, false, link_cd_done,
			    xstrdup(buf_cstr(&g)));
			buf_free(&g);
		} else
			ui_command(ui, line, false, NULL, NULL);
	} else {
		buf_append_str(&b, f->remote ? "get" : "put");
		if (it->name[0] == '-')
			buf_append_str(&b, " --");
		add_name(&b, it, false);
		line = buf_cstr(&b);
		ui_command(ui, line, false, NULL, NULL);
	}
	buf_free(&b);
}

/* F7 answered: make the directory. */
static void
mkdir_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct files *f = arg;
	char *q, *line;

	if (a != DLG_TEXT || text == NULL || *text == '\0')
		return;
	q = ui_quote(text);
	line = xasprintf("%s -- %s", f->remote ? "mkdir" : "lmkdir", q);
	ui_command(ui, line, false, NULL, NULL);
	free(line);
	free(q);
}

/* A delete command ended: the panes show what is left. */
static void
deleted(struct ui *ui, int status, void *arg)
{
	ui->rescan_local = true;
	ui->sync_remote = true;
}

/* What F8 deletes, kept until the question is answered. */
struct del {
	struct files	*f;
	char		*line;		/* "rm a b" or "lrm a b" */
};

/* F8 answered (files only: a tree's command asks itself). */
static void
delete_done(struct ui *ui, enum dlg_answer a, const char *text, void *arg)
{
	struct del *d = arg;

	if (a == DLG_YES) {
		fp_unmark_all(d->f);
		ui_command(ui, d->line, false, deleted, NULL);
	}
	free(d->line);
	free(d);
}

/*
 * F8: delete the selection through the command language. With a
 * directory in it, rm -r (lrm -r) counts the trees and asks once itself;
 * files alone are asked for here, then rm (lrm) runs.
 */
static void
delete_selection(struct ui *ui, struct files *f)
{
	struct fitem **sel;
	struct del *d;
	struct buf bf, names;
	size_t n, i, nd = 0;
	char *text, *shown;

	if ((n = selection(f, &sel)) == 0)
		return;
	buf_init(&bf, LIM_LIST_BYTES);
	buf_init(&names, 4096);
	buf_append_str(&bf, f->remote ? "rm" : "lrm");
	for (i = 0; i < n; i++)
		if (sel[i]->kind == FK_DIR)
			nd++;
	if (nd > 0)
		buf_append_str(&bf, " -r");
	for (i = 0; i < n; i++) {
		add_name(&bf, sel[i], true);
		if (i < 5) {
			shown = ui_san(sel[i]->name, sel[i]->namelen, 0);
			if (i > 0)
				buf_append_str(&names, ", ");
			buf_append_str(&names, shown);
			if (sel[i]->kind == FK_DIR)
				buf_append_str(&names, "/");
			free(shown);
		} else if (i == 5)
			buf_append_str(&names, ", ...");
	}
	if (nd > 0) {
		/* rm -r, lrm -r: the command counts the trees and asks once */
		ui_command(ui, buf_cstr(&bf), false, deleted, NULL);
		fp_unmark_all(f);
		goto out;
	}
	d = xcalloc(1, sizeof *d);
	d->f = f;
	d->line = xstrdup(buf_cstr(&bf));
	shown = xstrdup(buf_cstr(&names));
	text = xasprintf(ngettext("Delete %zu item on the %s side?\n\n%s",
	    "Delete %zu items on the %s side?\n\n%s", n), n,
	    f->remote ? _("remote") : _("local"), shown);
	dlg_confirm(ui, _("Delete"), text, delete_done, d);
	free(text);
	free(shown);
out:
	buf_free(&bf);
	buf_free(&names);
	free(sel);
}

/* Run "view [-l] NAME" for a file of the pane. */
static void
view_name(struct ui *ui, struct files *f, const char *name)
{
	char *q = ui_quote(name), *line;

	if (f->remote && !ftp_session_connected(ui->app->ftp)) {
		ui_message(ui, APP_ERROR, "%s", _("not connected"));
		free(q);
		return;
	}
	line = xasprintf("view%s%s %s", f->remote ? "" : " -l",
	    name[0] == '-' ? " --" : "", q);
	ui_command(ui, line, false, NULL, NULL);
	free(line);
	free(q);
}

/* F3: view the current file. */
static void
view_current(struct ui *ui, struct files *f)
{
	struct fitem *it = fp_current(f);

	if (it == NULL || it->isdir || it->kind == FK_DIR ||
	    it->kind == FK_RAW) {
		ui_message(ui, APP_INFO, "%s", _("Choose a file to view."));
		return;
	}
	view_name(ui, f, it->name);
}

/* v: view the README-like file. */
void
files_view_readme(struct ui *ui, struct ui_pane *p)
{
	struct files *f = model(p);

	if (f->readme != NULL)
		view_name(ui, f, f->readme);
}

/* r, F9: list the directory again. */
static void
refresh_listing(struct ui *ui, struct files *f)
{
	if (!f->remote)
		files_rescan_local(ui, &f->pane);
	else if (!ftp_session_connected(ui->app->ftp))
		ui_message(ui, APP_ERROR, "%s", _("not connected"));
	else
		ui_command(ui, "refresh", false, NULL, NULL);
}

/* A key while the filter is being typed. */
static bool
filter_key(struct ui *ui, struct files *f, const struct ui_key *k)
{
	size_t len = strlen(f->filter), r;
	int add;

	if (ui_key_is(k, UI_ESC)) {
		f->filter[0] = '\0';
		f->filtering = false;
	} else if (ui_key_enter(k)) {
		f->filtering = false;
	} else if (ui_key_back(k)) {
		if (len == 0)
			f->filtering = false;
		else
			f->filter[field_back(f->filter, len)] = '\0';
	} else if ((add = field_add(f->filter, sizeof f->filter, &len, k)) <
	    0)
		return false;
	else if (add == 0)
		return true;
	fp_view_build(f);
	/* stand on the first match, not on ".." */
	r = fp_has_parent(f) && f->nview > 1 && f->filter[0] ? 1 : 0;
	f->cur = r;
	f->top = 0;
	fp_clamp(f);
	return true;
}

/* A key in the pane: its action in the key table. */
bool
files_key(struct ui *ui, struct ui_pane *p, const struct ui_key *k)
{
	struct files *f = model(p);
	struct fitem *it;
	enum ui_act act;
	size_t i;

	if (f->filtering)
		return filter_key(ui, f, k);
	if ((act = keymap_find(k, KX_FILES)) == KA_NONE)
		act = keymap_find(k, KX_LIST);
	/* set arrow-nav off: the table's Right and Left do nothing */
	if (!ui->app->opts.arrow_nav && k->code && (k->ch == KEY_RIGHT ||
	    k->ch == KEY_LEFT) && !keymap_user_bound(k, KX_FILES))
		return false;
	p->dirty = true;
	if (list_move(&f->cur, &f->top, f->nview, fp_rows(f), act)) {
		fp_clamp(f);
		return true;
	}
	switch (act) {
	case KA_ENTER:
		enter(ui, f);
		break;
	case KA_ENTER_DIR:
		/* Right: Enter on a directory; nothing on ".." */
		if (f->cur < f->nview && f->view[f->cur] == UP_ROW) {
			p->dirty = false;
			return false;
		}
		if ((it = fp_current(f)) != NULL && it->isdir)
			enter(ui, f);
		break;
	case KA_PARENT:
		if (f->remote && !ftp_session_connected(ui->app->ftp))
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
		else if (fp_has_parent(f))
			ui_command(ui, f->remote ? "cd .." : "lcd ..", false,
			    NULL, NULL);
		break;
	case KA_MARK:
		if ((it = fp_current(f)) != NULL) {
			it->marked = !it->marked;
			if (it->marked)
				f->nmarked++;
			else
				f->nmarked--;
		}
		if (f->cur + 1 < f->nview)
			f->cur++;
		break;
	case KA_COPY:
		copy_selection(ui, f);
		break;
	case KA_VIEW:
		view_current(ui, f);
		break;
	case KA_MKDIR:
		if (f->remote && !ftp_session_connected(ui->app->ftp))
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
		else
			dlg_input(ui, _("Make a directory"), f->remote ?
			    _("Name of the new remote directory:") :
			    _("Name of the new local directory:"), false,
			    mkdir_done, f);
		break;
	case KA_DELETE:
		if (f->remote && !ftp_session_connected(ui->app->ftp))
			ui_message(ui, APP_ERROR, "%s", _("not connected"));
		else
			delete_selection(ui, f);
		break;
	case KA_FILTER:
		f->filtering = true;
		break;
	case KA_CLEAR:
		if (f->filter[0] != '\0') {
			f->filter[0] = '\0';
			fp_view_build(f);
			fp_clamp(f);
		} else if (f->nmarked > 0)
			fp_unmark_all(f);
		else
			return false;
		break;
	case KA_SORT:
		f->sortby = f->sortby == LD_SORT_NAME ? LD_SORT_SIZE :
		    f->sortby == LD_SORT_SIZE ? LD_SORT_MTIME : LD_SORT_NAME;
		/* the reverse flag is the key's: a new key starts unreversed */
		f->reverse = false;
		fp_sort(f);
		break;
	case KA_REVERSE:
		f->reverse = !f->reverse;
		fp_sort(f);
		break;
	case KA_REFRESH:
		refresh_listing(ui, f);
		break;
	case KA_README:
		if (f->readme == NULL) {
			ui_message(ui, APP_INFO, "%s", _("No README, "
			    "00index.txt or .message in this directory."));
			break;
		}
		files_view_readme(ui, p);
		break;
	case KA_MARK_ALL:
		f->nmarked = 0;
		for (i = 0; i < f->nitems; i++)
			if ((f->items[i].marked = fp_matches(f,
			    &f->items[i]) && !f->items[i].isdir))
				f->nmarked++;
		break;
	case KA_UNMARK:
		fp_unmark_all(f);
		break;
	default:
		if (files_key_more(ui, f, act) || ui_compare_key(ui, act))
			break;
		p->dirty = false;
		return false;
	}
	fp_clamp(f);
	return true;
}

/* ------------------------------------------------------------ pane */

/* The file pane: files_draw.c draws it, this file has its keys. */
static const struct ui_pane_ops files_ops = {
	files_draw, files_key, files_resize, files_free
};

/* Make a file pane. */
struct ui_pane *
files_new(struct ui *ui, bool remote)
{
	struct files *f = xcalloc(1, sizeof *f);

	f->pane.ops = &files_ops;
	f->pane.model = f;
	f->pane.dirty = true;
	f->remote = remote;
	f->sortby = LD_SORT_NAME;
	return &f->pane;
}
