/*
 * dialog.c: the questions the screen asks: yes/no, a line of text, a
 * password (never shown, wiped after use), the overwrite question of a
 * transfer, and messages (a connection error with the server's reply).
 *
 * Dialogs wait in a queue; the first is drawn over everything and takes
 * every key until it is answered. Its answer goes to a callback after the
 * dialog has left the queue, so the callback may ask again. The safe
 * answer is the default: Enter on a yes/no question is "no", Esc on the
 * overwrite question skips.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ui/ui_priv.h"

enum dlg_kind {
	DK_CONFIRM,
	DK_INPUT,
	DK_SECRET,
	DK_MESSAGE,
	DK_OVERWRITE,
	DK_CUSTOM,	/* drawn and answered by its own file (chmod_dlg.c) */
	DK_CHOICE
};

struct ui_dialog {
	enum dlg_kind	 kind;
	char		*title;		/* display-safe */
	char		*text;		/* display-safe, may hold newlines */
	char		 buf[LIM_NAME];	/* the text typed */
	size_t		 len;
	dlg_done_fn	 done;
	void		*arg;
	unsigned	 job;		/* overwrite: the job asking */
	char		*line;		/* choice: its buttons */
	char		*en;		/* ... and their English letters */
	bool		 for_all;
	const struct dlg_ops *ops;	/* DK_CUSTOM */
	int		 cy, cx;	/* the cursor, when typing */
	struct ui_dialog *next;
};

/* Queue a dialog. */
static struct ui_dialog *
dlg_push(struct ui *ui, enum dlg_kind kind, const char *title,
    const char *text)
{
	struct ui_dialog *d = xcalloc(1, sizeof *d), **pp;

	d->kind = kind;
	d->title = xstrdup(title);
	d->text = xstrdup(text != NULL ? text : "");
	str_rtrim(d->text);
	d->cy = -1;
	for (pp = &ui->dialogs; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = d;
	ui->dirty_all = true;
	return d;
}

/* Take the first dialog off the queue. */
static struct ui_dialog *
dlg_pop(struct ui *ui)
{
	struct ui_dialog *d = ui->dialogs;

	if (d != NULL)
		ui->dialogs = d->next;
	ui->dirty_all = true;
	return d;
}

/* Free a dialog, wiping what was typed. */
static void
dlg_free(struct ui_dialog *d)
{
	explicit_bzero(d->buf, sizeof d->buf);
	free(d->title);
	free(d->text);
	free(d->line);
	free(d->en);
	free(d);
}

/* Ask a yes/no question. */
void
dlg_confirm(struct ui *ui, const char *title, const char *text,
    dlg_done_fn done, void *arg)
{
	struct ui_dialog *d = dlg_push(ui, DK_CONFIRM, title, text);

	d->done = done;
	d->arg = arg;
}

/* Ask for a line of text, or a secret without echo. */
void
dlg_input(struct ui *ui, const char *title, const char *prompt,
    bool secret, dlg_done_fn done, void *arg)
{
	struct ui_dialog *d = dlg_push(ui, secret ? DK_SECRET : DK_INPUT,
	    title, prompt);

	d->done = done;
	d->arg = arg;
}

/* Ask for a line of text, the field holding init to start with. */
void
dlg_input_init(struct ui *ui, const char *title, const char *prompt,
    const char *init, dlg_done_fn done, void *arg)
{
	struct ui_dialog *d = dlg_push(ui, DK_INPUT, title, prompt);

	d->done = done;
	d->arg = arg;
	d->len = strlen(init);
	if (d->len >= sizeof d->buf)
		d->len = sizeof d->buf - 1;
	memcpy(d->buf, init, d->len);
	d->buf[d->len] = '\0';
}

/* A dialog of its own: ops draws it and takes its keys. */
void
dlg_custom(struct ui *ui, const char *title, const struct dlg_ops *ops,
    void *arg)
{
	struct ui_dialog *d = dlg_push(ui, DK_CUSTOM, title, NULL);

	d->ops = ops;
	d->arg = arg;
}

/* Show a message to read. */
void
dlg_message(struct ui *ui, const char *title, const char *text)
{
	dlg_push(ui, DK_MESSAGE, title, text);
}

/* A choice among buttons. */
void
dlg_choice(struct ui *ui, const char *title, const char *text,
    const char *line, const char *en, dlg_done_fn done, void *arg)
{
	struct ui_dialog *d = dlg_push(ui, DK_CHOICE, title, text);

	d->line = xstrdup(line);
	d->en = xstrdup(en);
	d->done = done;
	d->arg = arg;
}

/* The overwrite question of a job whose target exists. */
void
dlg_overwrite(struct ui *ui, const struct xq_job *j, const char *target)
{
	struct ui_dialog *d;
	char *t = ui_sanc(target), *text;

	text = xasprintf(_("%s already exists.\nWhat should this transfer "
	    "do?"), t);
	d = dlg_push(ui, DK_OVERWRITE, _("The target exists"), text);
	d->job = j->id;
	free(text);
	free(t);
}

/* Answer every dialog (cancel) and free them: the screen is closing. */
void
dlg_free_all(struct ui *ui)
{
	struct ui_dialog *d;

	while ((d = dlg_pop(ui)) != NULL) {
		if (d->kind == DK_OVERWRITE)
			xq_answer(ui->app->queue, d->job, XQ_SKIP, false);
		else if (d->kind == DK_CUSTOM)
			d->ops->close(ui, d->arg);
		else if (d->done != NULL)
			d->done(ui, DLG_CANCEL, NULL, d->arg);
		dlg_free(d);
	}
}

/* ------------------------------------------------------------ draw */

/* The button line of a dialog. */
static char *
buttons(const struct ui_dialog *d)
{
	switch (d->kind) {
	case DK_CONFIRM:
		return xstrdup(_("[y] Yes    [n] No"));
	case DK_INPUT:
	case DK_SECRET:
		return xasprintf(_("%s: OK    %s: cancel"),
		    ui_key_label("Enter"), ui_key_label("Esc"));
	case DK_MESSAGE:
		return xasprintf(_("%s: OK"), ui_key_label("Enter"));
	case DK_CUSTOM:
		break;
	case DK_CHOICE:
		return xstrdup(d->line);
	case DK_OVERWRITE:
		return xasprintf("%s\n%s %s", _("[o] Overwrite  [s] Skip  "
		    "[r] Rename  [c] Resume"), d->for_all ? "[x]" : "[ ]",
		    _("[a] the same for the rest of this transfer"));
	}
	return xstrdup("");
}

/* Draw the first dialog, centred. */
void
dlg_draw(struct ui *ui)
{
	struct ui_dialog *d = ui->dialogs;
	struct ui_rect r;
	char **lines, **blines, *b;
	size_t n, nb, i;
	int w, y, field;

	if (d == NULL)
		return;
	if (d->kind == DK_CUSTOM) {
		d->cy = -1;
		d->ops->draw(ui, d->title, d->arg);
		return;
	}
	w = ui->cols - 4 < 64 ? ui->cols - 4 : 64;
	lines = draw_wrap(d->text, w - 4, &n);
	b = buttons(d);
	blines = draw_wrap(b, w - 4, &nb);
	free(b);
	field = d->kind == DK_INPUT || d->kind == DK_SECRET;
	r.w = w;
	r.h = (int)(n + nb) + 3 + (field ? 2 : 0);
	if (r.h > ui->rows - 2)
		r.h = ui->rows - 2;
	r.y = (ui->rows - r.h) / 2;
	r.x = (ui->cols - r.w) / 2;
	draw_dialog_frame(&r, ui->cols, d->title);
	y = r.y + 1;
	for (i = 0; i < n && y < r.y + r.h - 2; i++, y++)
		draw_text(y, r.x + 2, r.w - 4, lines[i], UC_DIALOG, A_NORMAL,
		    false);
	d->cy = -1;
	if (field && y < r.y + r.h - 2) {
		y++;
		if (d->kind == DK_SECRET) {
			draw_text(y, r.x + 2, r.w - 4, "", UC_INPUT, A_NORMAL,
			    true);
			d->cy = y;
			d->cx = r.x + 2;
		} else {
			char *clean = ui_san(d->buf, d->len, 0);
			int cw = draw_width(clean), fw = r.w - 5;

			if (cw >= fw) {
				/* show the end of a long name */
				char *tail = draw_skip_cols(clean, cw - fw + 1);

				free(clean);
				clean = tail;
				cw = draw_width(clean);
			}
			draw_text(y, r.x + 2, r.w - 4, clean, UC_INPUT,
			    A_NORMAL, true);
			d->cy = y;
			d->cx = r.x + 2 + cw;
			free(clean);
		}
		y++;
	}
	y++;
	for (i = 0; i < nb && y < r.y + r.h - 1; i++, y++)
		draw_text(y, r.x + 2, r.w - 4, blines[i], UC_DIALOG, A_BOLD,
		    false);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	for (i = 0; i < nb; i++)
		free(blines[i]);
	free(blines);
}

/* Where the cursor goes (a dialog being typed in); false if hidden. */
bool
dlg_cursor(struct ui *ui, int *y, int *x)
{
	struct ui_dialog *d = ui->dialogs;

	if (d == NULL || d->cy < 0)
		return false;
	*y = d->cy;
	*x = d->cx;
	return true;
}

/* ------------------------------------------------------------ keys */

/* Answer the first dialog. */
static void
answer(struct ui *ui, enum dlg_answer a)
{
	struct ui_dialog *d = dlg_pop(ui);

	if (d->done != NULL)
		d->done(ui, a, a == DLG_TEXT ? d->buf : NULL, d->arg);
	dlg_free(d);
}

/* Answer the overwrite question (and the waiting ones, for all). */
static void
answer_overwrite(struct ui *ui, enum xq_policy p)
{
	struct ui_dialog *d = dlg_pop(ui), **pp;
	bool all = d->for_all;

	xq_answer(ui->app->queue, d->job, p, all);
	dlg_free(d);
	if (!all)
		return;
	for (pp = &ui->dialogs; *pp != NULL;) {
		d = *pp;
		if (d->kind == DK_OVERWRITE) {
			*pp = d->next;
			xq_answer(ui->app->queue, d->job, p, false);
			dlg_free(d);
		} else
			pp = &d->next;
	}
}

/* A key for the text field. */
static void
field_key(struct ui_dialog *d, const struct ui_key *k)
{
	if (ui_key_back(k))
		d->len = field_back(d->buf, d->len);
	else if (ui_key_is(k, UI_CTRL('u'))) {
		explicit_bzero(d->buf, sizeof d->buf);
		d->len = 0;
	} else
		field_add(d->buf, sizeof d->buf, &d->len, k);
	d->buf[d->len] = '\0';
}

/*
 * The n-th key letter of a button line ("[s] Sim    [n] Não": 's', 'n'),
 * so the keys are those the translation shows; 0 when there is none.
 */
static wint_t
button_key(const char *line, int n)
{
	const char *p;

	for (p = line; (p = strchr(p, '[')) != NULL; p++)
		if (p[1] != '\0' && (unsigned char)p[1] < 0x80 && p[2] == ']' &&
		    n-- == 0)
			return (wint_t)tolower((unsigned char)p[1]);
	return 0;
}

/* Is the key the letter (either case)? */
static bool
key_letter(const struct ui_key *k, wint_t letter)
{
	return letter != 0 && !k->code && k->ch < 0x80 &&
	    (wint_t)tolower((int)k->ch) == letter;
}

/* The answer of the overwrite dialog for a key: its letters from the
 * translation; the English ones too unless they are the translation's
 * yes or no (a key means one answer in every dialog). -1: none. */
static int
overwrite_answer(const struct ui_key *k)
{
	static const enum xq_policy ans[] = { XQ_OVERWRITE, XQ_SKIP,
	    XQ_RENAME, XQ_RESUME };
	static const char en[] = "osrc";
	const char *line = _("[o] Overwrite  [s] Skip  [r] Rename  "
	    "[c] Resume"), *yn = _("[y] Yes    [n] No");
	int i;

	for (i = 0; i < 4; i++)
		if (key_letter(k, button_key(line, i)))
			return (int)ans[i];
	for (i = 0; i < 4; i++)
		if (key_letter(k, (wint_t)en[i]) && !key_letter(k,
		    button_key(yn, 0)) && !key_letter(k, button_key(yn, 1)))
			return (int)ans[i];
	return -1;
}

/* The button of a choice for a key (as overwrite_answer); -1: none. */
static int
choice_answer(const struct ui_dialog *d, const struct ui_key *k)
{
	const char *yn = _("[y] Yes    [n] No");
	int i;

	for (i = 0; d->en[i] != '\0'; i++)
		if (key_letter(k, button_key(d->line, i)))
			return i;
	for (i = 0; d->en[i] != '\0'; i++)
		if (key_letter(k, (wint_t)d->en[i]) && !key_letter(k,
		    button_key(yn, 0)) && !key_letter(k, button_key(yn, 1)))
			return i;
	return -1;
}

/* A key while a dialog is open (it takes every key). */
bool
dlg_key(struct ui *ui, const struct ui_key *k)
{
	struct ui_dialog *d = ui->dialogs;
	const char *yn = _("[y] Yes    [n] No");
	int ow;
	bool cancel = ui_key_is(k, UI_ESC) || ui_key_is(k, UI_CTRL('c'));

	ui->dirty_all = true;
	switch (d->kind) {
	case DK_CONFIRM:
		/* the translation's letters, and y and n in any language */
		if (key_letter(k, 'y') || (key_letter(k, button_key(yn, 0)) &&
		    !key_letter(k, 'n')))
			answer(ui, DLG_YES);
		else if (key_letter(k, 'n') || key_letter(k,
		    button_key(yn, 1)) || ui_key_enter(k))
			answer(ui, DLG_NO);
		else if (cancel)
			answer(ui, DLG_CANCEL);
		break;
	case DK_INPUT:
	case DK_SECRET:
		if (ui_key_enter(k))
			answer(ui, DLG_TEXT);
		else if (cancel)
			answer(ui, DLG_CANCEL);
		else
			field_key(d, k);
		break;
	case DK_MESSAGE:
		if (ui_key_enter(k) || cancel || ui_key_is(k, ' ') ||
		    ui_key_is(k, 'q'))
			answer(ui, DLG_NO);
		break;
	case DK_CUSTOM:
		if (d->ops->key(ui, k, d->arg)) {
			d = dlg_pop(ui);
			d->ops->close(ui, d->arg);
			dlg_free(d);
		}
		break;
	case DK_CHOICE:
		if (cancel)
			answer(ui, DLG_CANCEL);
		else if ((ow = choice_answer(d, k)) != -1)
			answer(ui, (enum dlg_answer)(DLG_CHOICE + ow));
		break;
	case DK_OVERWRITE:
		if (cancel)
			answer_overwrite(ui, XQ_SKIP);
		else if ((ow = overwrite_answer(k)) != -1)
			answer_overwrite(ui, (enum xq_policy)ow);
		else if (key_letter(k, button_key(_("[a] the same for the "
		    "rest of this transfer"), 0)) || key_letter(k, 'a'))
			d->for_all = !d->for_all;
		break;
	}
	return true;
}
