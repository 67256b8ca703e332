/*
 * keymap.c: the key table's lookup (the user's bindings of bind.c first,
 * then the table of keytable.c) and its help, and the list widget (see
 * keymap.h).
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/str.h"
#include "ui/keymap.h"
#include "ui/ui.h"
#include "ui/ui_priv.h"

/* The action of a key in a context. */
enum ui_act
keymap_find(const struct ui_key *k, enum ui_kctx ctx)
{
	size_t i, nkeys;
	const struct ui_keydef *table = keymap_table(&nkeys);
	int user;

	if ((user = keymap_user(k, ctx)) != -1)
		return (enum ui_act)user;
	for (i = 0; i < nkeys; i++)
		if (table[i].ctx == ctx && table[i].code == k->code &&
		    (wint_t)table[i].key == k->ch)
			return table[i].act;
	return KA_NONE;
}

/* The heading of a context. */
const char *
keymap_ctx_name(enum ui_kctx ctx)
{
	switch (ctx) {
	case KX_SCREEN:
	case KX_PANES:
		return _("The screen");
	case KX_LIST:
		return _("Every list");
	case KX_FILES:
		return _("A file pane");
	case KX_BOTTOM:
		return _("The bottom pane");
	case KX_TRANSFERS:
		return _("The transfers");
	case KX_CONSOLE:
		return _("The console");
	case KX_PROTOCOL:
		return _("The protocol");
	case KX_VIEWER:
		return _("The viewer and the help");
	case KX_LINE:
		return _("The command line");
	case KX_N:
		break;
	}
	return "?";
}

/* The context's name for --dump-keys (not translated). */
static const char *
ctx_id(enum ui_kctx ctx)
{
	static const char *ids[KX_N] = { "screen", "panes", "list", "files",
	    "bottom", "transfers", "console", "protocol", "viewer",
	    "line" };

	return ctx < KX_N ? ids[ctx] : "?";
}

/*
 * The help entry that starts at row i: its key names ("F8, Delete") in
 * names, in the user's language when translate; returns the row after it.
 */
static size_t
entry(size_t i, char *names, size_t len, bool translate)
{
	size_t j, k, nkeys;
	const struct ui_keydef *table = keymap_table(&nkeys);

	names[0] = '\0';
	for (j = i; j < nkeys && (j == i || table[j].help == NULL); j++) {
		if (table[j].name == NULL || keymap_user_hides(table[j].key,
		    table[j].code, table[j].ctx))
			continue;
		if (names[0] != '\0')
			str_lcat(names, ", ", len);
		str_lcat(names, translate ? ui_key_label(table[j].name) :
		    table[j].name, len);
	}
	/* the user's bindings of the entry's actions (bind.c) */
	for (k = i; k < j; k++)
		keymap_user_names(table[k].ctx, table[k].act, names, len);
	return j;
}

/* Every help entry as CONTEXT<TAB>KEYS<TAB>help lines. */
void
keymap_dump(FILE *fp, bool translate)
{
	char names[128];
	size_t i, next, nkeys;
	const struct ui_keydef *table = keymap_table(&nkeys);

	for (i = 0; i < nkeys; i = next) {
		next = entry(i, names, sizeof names, translate);
		fprintf(fp, "%s\t%s\t%s\n", ctx_id(table[i].ctx), names,
		    translate ? _(table[i].help) : table[i].help);
	}
}

/*
 * --dump-keys: the table in English, for the test of the man pages, with
 * the user's bindings (config: read from the config file).
 */
void
ui_dump_keys(FILE *fp, bool config)
{
	if (config)
		keymap_bind_config(stderr);
	keymap_dump(fp, false);
}

/* The keys for the help overlay, under a heading per context. */
void
keymap_help(struct buf *b)
{
	char names[128];
	const char *last = NULL, *head;
	size_t i, next, nkeys;
	const struct ui_keydef *table = keymap_table(&nkeys);
	int w;

	for (i = 0; i < nkeys; i = next) {
		next = entry(i, names, sizeof names, true);
		head = keymap_ctx_name(table[i].ctx);
		if (last == NULL || strcmp(head, last) != 0)
			buf_printf(b, "%s%s\n\n", last != NULL ? "\n" : "",
			    head);
		last = head;
		/* padded by display width: "Espaço" is 6 columns, 7 bytes */
		w = draw_width(names);
		buf_printf(b, "  %s%*s %s\n", names, w < 22 ? 22 - w : 0, "",
		    _(table[i].help));
	}
}

/* ------------------------------------------------------ list widget */

/* Move a cursor over n rows, h of them on screen. */
bool
list_move(size_t *cur, size_t *top, size_t n, size_t h, enum ui_act act)
{
	size_t last = n > 0 ? n - 1 : 0;

	switch (act) {
	case KA_UP:
		if (*cur > 0)
			(*cur)--;
		break;
	case KA_DOWN:
		if (*cur + 1 < n)
			(*cur)++;
		break;
	case KA_PGUP:
		*cur = *cur > h ? *cur - h : 0;
		if (top != NULL)
			*top = *top > h ? *top - h : 0;
		break;
	case KA_PGDN:
		*cur = *cur + h < n ? *cur + h : last;
		if (top != NULL)
			*top += h;
		break;
	case KA_HOME:
		*cur = 0;
		if (top != NULL)
			*top = 0;
		break;
	case KA_END:
		*cur = last;
		break;
	default:
		return false;
	}
	return true;
}

/*
 * Scroll a text of n lines with h on screen: the first line shown is a
 * cursor over the places it can be (0 to n - h).
 */
bool
list_scroll(size_t *top, size_t n, size_t h, enum ui_act act)
{
	size_t max = n > h ? n - h : 0;

	if (*top > max)
		*top = max;
	return list_move(top, NULL, max + 1, h, act);
}
