/*
 * keymap.c: the key table, its lookup and its help, and the list widget
 * (see keymap.h).
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

#define CH(c)	(c), false
#define KC(c)	(c), true

static const struct ui_keydef table[] = {
	/* everywhere */
	{ "F1", KC(KEY_F(1)), KX_SCREEN, KA_HELP, N_("this help") },
	{ "?", CH('?'), KX_PANES, KA_HELP, NULL },
	{ "Tab", CH('\t'), KX_PANES, KA_NEXT_PANE,
	  N_("move between the panes") },
	{ "Shift-Tab", KC(KEY_BTAB), KX_PANES, KA_PREV_PANE, NULL },
	{ ":", CH(':'), KX_PANES, KA_CMDLINE,
	  N_("the command line (Esc leaves it; Enter on an empty line too)") },
	{ "Ctrl-C", CH(UI_CTRL('c')), KX_SCREEN, KA_INTERRUPT,
	  N_("stop the running command or the listing; clear the line; on "
	  "an empty line, quit") },
	{ "Esc", CH(UI_ESC), KX_PANES, KA_STOP,
	  N_("stop the running command or the listing being loaded (in a "
	  "file pane, once the filter and the marks are cleared)") },
	{ "q", CH('q'), KX_PANES, KA_QUIT,
	  N_("quit (asks first while transfers run or console sessions are "
	  "open)") },
	{ "F10", KC(KEY_F(10)), KX_SCREEN, KA_QUIT, NULL },
	{ "Ctrl-L", CH(UI_CTRL('l')), KX_SCREEN, KA_REDRAW,
	  N_("redraw the screen") },
	{ "a", CH('a'), KX_PANES, KA_TYPE,
	  N_("transfer type: binary, ASCII, auto") },
	{ "F2", KC(KEY_F(2)), KX_SCREEN, KA_BOTTOM_NEXT,
	  N_("bottom pane: the next view") },
	{ "t", CH('t'), KX_PANES, KA_SHOW_TRANSFERS,
	  N_("bottom pane: transfers, protocol, console") },
	{ "p", CH('p'), KX_PANES, KA_SHOW_PROTOCOL, NULL },
	{ "c", CH('c'), KX_PANES, KA_SHOW_CONSOLE, NULL },
	{ "Ctrl-\\", CH(UI_CTRL('\\')), KX_PANES, KA_PICKER,
	  N_("the site picker: bookmarks and recent servers") },
	{ "o", CH('o'), KX_PANES, KA_PICKER, NULL },
	/* every list */
	{ "Up", KC(KEY_UP), KX_LIST, KA_UP, N_("move the cursor") },
	{ "Down", KC(KEY_DOWN), KX_LIST, KA_DOWN, NULL },
	{ "k", CH('k'), KX_LIST, KA_UP, NULL },
	{ "j", CH('j'), KX_LIST, KA_DOWN, NULL },
	{ "PgUp", KC(KEY_PPAGE), KX_LIST, KA_PGUP,
	  N_("move a page, go to the top or the end") },
	{ "PgDn", KC(KEY_NPAGE), KX_LIST, KA_PGDN, NULL },
	{ "Home", KC(KEY_HOME), KX_LIST, KA_HOME, NULL },
	{ "End", KC(KEY_END), KX_LIST, KA_END, NULL },
	{ "g", CH('g'), KX_LIST, KA_HOME, NULL },
	{ "G", CH('G'), KX_LIST, KA_END, NULL },
	/* a file pane */
	{ "Ctrl-B", CH(UI_CTRL('b')), KX_FILES, KA_PGUP,
	  N_("a page up, a page down") },
	{ "Ctrl-F", CH(UI_CTRL('f')), KX_FILES, KA_PGDN, NULL },
	{ "Enter", CH('\r'), KX_FILES, KA_ENTER,
	  N_("open a directory, or copy a file to the other side") },
	{ NULL, CH('\n'), KX_FILES, KA_ENTER, NULL },
	{ NULL, KC(KEY_ENTER), KX_FILES, KA_ENTER, NULL },
	{ "Backspace", KC(KEY_BACKSPACE), KX_FILES, KA_PARENT,
	  N_("go to the parent directory") },
	{ NULL, CH(0x7f), KX_FILES, KA_PARENT, NULL },
	{ NULL, CH(0x08), KX_FILES, KA_PARENT, NULL },
	{ "Space", CH(' '), KX_FILES, KA_MARK, N_("mark or unmark") },
	{ "Insert", KC(KEY_IC), KX_FILES, KA_MARK, NULL },
	{ "+", CH('+'), KX_FILES, KA_MARK_PATTERN,
	  N_("mark the files whose name matches a pattern (asks it)") },
	{ "-", CH('-'), KX_FILES, KA_UNMARK_PATTERN,
	  N_("unmark the files whose name matches a pattern (asks it)") },
	{ "*", CH('*'), KX_FILES, KA_INVERT,
	  N_("invert the marks (files that pass the filter)") },
	{ "F5", KC(KEY_F(5)), KX_FILES, KA_COPY,
	  N_("copy what is marked to the other side (directories with "
	  "everything in them)") },
	{ "F3", KC(KEY_F(3)), KX_FILES, KA_VIEW, N_("view a file") },
	{ "F4", KC(KEY_F(4)), KX_FILES, KA_EDIT,
	  N_("edit the remote file under the cursor (the edit command)") },
	{ "Right", KC(KEY_RIGHT), KX_FILES, KA_ENTER_DIR,
	  N_("enter the directory under the cursor") },
	{ "Left", KC(KEY_LEFT), KX_FILES, KA_PARENT,
	  N_("go to the parent directory") },
	{ "Ctrl-O", CH(UI_CTRL('o')), KX_FILES, KA_SHELL,
	  N_("a shell (the ! command); exit returns here") },
	{ "!", CH('!'), KX_FILES, KA_SHELL, NULL },
	{ "v", CH('v'), KX_FILES, KA_README,
	  N_("view the README, 00index.txt or .message of the directory") },
	{ "F6", KC(KEY_F(6)), KX_FILES, KA_RENAME,
	  N_("rename or move the file under the cursor (rename, lrename)") },
	{ "m", CH('m'), KX_FILES, KA_CHMOD,
	  N_("permissions of what is marked: nine boxes and the octal "
	  "value (chmod, lchmod)") },
	{ "F7", KC(KEY_F(7)), KX_FILES, KA_MKDIR, N_("make a directory") },
	{ "F8", KC(KEY_F(8)), KX_FILES, KA_DELETE,
	  N_("delete what is marked (asks first)") },
	{ "Delete", KC(KEY_DC), KX_FILES, KA_DELETE, NULL },
	{ "/", CH('/'), KX_FILES, KA_FILTER,
	  N_("filter as you type (Enter keeps it, Esc clears it; * and ? "
	  "work)") },
	{ "Esc", CH(UI_ESC), KX_FILES, KA_CLEAR,
	  N_("clear the filter, then the marks") },
	{ "s", CH('s'), KX_FILES, KA_SORT,
	  N_("sort by name, size or date; reverse the order") },
	{ "S", CH('S'), KX_FILES, KA_REVERSE, NULL },
	{ "r", CH('r'), KX_FILES, KA_REFRESH, N_("refresh the listing") },
	{ "F9", KC(KEY_F(9)), KX_FILES, KA_REFRESH, NULL },
	{ "=", CH('='), KX_FILES, KA_COMPARE,
	  N_("compare the two directories: mark what differs (+ only here, "
	  "> newer here, < newer there, ! another size), or stop") },
	{ "Ctrl-Y", CH(UI_CTRL('y')), KX_FILES, KA_SYNC_BROWSE,
	  N_("synchronized browsing on or off (set sync-browse)") },
	/* the bottom pane */
	{ "Left", KC(KEY_LEFT), KX_BOTTOM, KA_VIEW_PREV,
	  N_("the previous or the next view") },
	{ "Right", KC(KEY_RIGHT), KX_BOTTOM, KA_VIEW_NEXT, NULL },
	{ "x", CH('x'), KX_TRANSFERS, KA_JOB_CANCEL,
	  N_("cancel the transfer under the cursor") },
	{ "Delete", KC(KEY_DC), KX_TRANSFERS, KA_JOB_CANCEL, NULL },
	{ "F8", KC(KEY_F(8)), KX_TRANSFERS, KA_JOB_CANCEL, NULL },
	{ "R", CH('R'), KX_TRANSFERS, KA_JOB_RETRY, N_("retry it") },
	{ "P", CH('P'), KX_TRANSFERS, KA_JOB_PAUSE, N_("pause or resume it") },
	{ "C", CH('C'), KX_TRANSFERS, KA_JOB_CLEAR,
	  N_("clear the finished transfers") },
	{ "K", CH('K'), KX_TRANSFERS, KA_JOB_UP,
	  N_("move it up, down in the queue (queue move)") },
	{ "J", CH('J'), KX_TRANSFERS, KA_JOB_DOWN, NULL },
	{ "Shift-Up", KC(KEY_SR), KX_TRANSFERS, KA_JOB_UP, NULL },
	{ "Shift-Down", KC(KEY_SF), KX_TRANSFERS, KA_JOB_DOWN, NULL },
	{ "T", CH('T'), KX_TRANSFERS, KA_JOB_TOP,
	  N_("move it to the top, to the bottom of the queue") },
	{ "B", CH('B'), KX_TRANSFERS, KA_JOB_BOTTOM, NULL },
	{ "+", CH('+'), KX_TRANSFERS, KA_JOB_PRIO_UP,
	  N_("raise, lower its priority by one (queue priority)") },
	{ "-", CH('-'), KX_TRANSFERS, KA_JOB_PRIO_DOWN, NULL },
	{ "Enter", CH('\r'), KX_CONSOLE, KA_CONSOLE_TYPE,
	  N_("type at the console session") },
	{ NULL, CH('\n'), KX_CONSOLE, KA_CONSOLE_TYPE, NULL },
	{ NULL, KC(KEY_ENTER), KX_CONSOLE, KA_CONSOLE_TYPE, NULL },
	{ "i", CH('i'), KX_CONSOLE, KA_CONSOLE_TYPE, NULL },
	{ "F6", KC(KEY_F(6)), KX_CONSOLE, KA_CONSOLE_NEXT,
	  N_("next console session (in the console pane)") },
	{ "e", CH('e'), KX_PROTOCOL, KA_EXPLAIN,
	  N_("explain each command and reply under it, or stop (set "
	  "explain)") },
	/* the viewer and the help */
	{ "q", CH('q'), KX_VIEWER, KA_CLOSE, N_("close it") },
	{ "Esc", CH(UI_ESC), KX_VIEWER, KA_CLOSE, NULL },
	{ "F3", KC(KEY_F(3)), KX_VIEWER, KA_CLOSE, NULL },
	{ "F1", KC(KEY_F(1)), KX_VIEWER, KA_CLOSE, NULL },
	{ "F10", KC(KEY_F(10)), KX_VIEWER, KA_CLOSE, NULL },
	{ "Ctrl-C", CH(UI_CTRL('c')), KX_VIEWER, KA_CLOSE, NULL },
	{ "?", CH('?'), KX_VIEWER, KA_CLOSE, NULL },
	{ "Enter", CH('\r'), KX_VIEWER, KA_DOWN, N_("a line down") },
	{ "Space", CH(' '), KX_VIEWER, KA_PGDN,
	  N_("a page down, a page up") },
	{ "b", CH('b'), KX_VIEWER, KA_PGUP, NULL },
	{ "Left", KC(KEY_LEFT), KX_VIEWER, KA_LEFT, N_("scroll sideways") },
	{ "Right", KC(KEY_RIGHT), KX_VIEWER, KA_RIGHT, NULL },
	{ "h", CH('h'), KX_VIEWER, KA_LEFT, NULL },
	{ "l", CH('l'), KX_VIEWER, KA_RIGHT, NULL },
	{ "/", CH('/'), KX_VIEWER, KA_V_SEARCH,
	  N_("search (the matches are highlighted)") },
	{ "n", CH('n'), KX_VIEWER, KA_V_NEXT,
	  N_("the next match, the previous match") },
	{ "N", CH('N'), KX_VIEWER, KA_V_PREV, NULL },
	{ ":", CH(':'), KX_VIEWER, KA_V_GOTO,
	  N_("go to a line (an offset in hex mode)") },
	{ "x", CH('x'), KX_VIEWER, KA_V_HEX,
	  N_("hex mode on or off (binary files open in it)") },
	{ "F4", KC(KEY_F(4)), KX_VIEWER, KA_V_HEX, NULL },
	{ "w", CH('w'), KX_VIEWER, KA_V_WRAP,
	  N_("wrap long lines or not") },
	{ "F2", KC(KEY_F(2)), KX_VIEWER, KA_V_WRAP, NULL },
	{ "F", CH('F'), KX_VIEWER, KA_V_FOLLOW,
	  N_("follow a growing local file (tail -f), or stop") },
	/* the command line: readline's keys */
	{ "Up", KC(KEY_UP), KX_LINE, KA_LINE,
	  N_("the history (kept between runs, never with a password)") },
	{ "Down", KC(KEY_DOWN), KX_LINE, KA_LINE, NULL },
	{ "Ctrl-R", CH(UI_CTRL('r')), KX_LINE, KA_LINE,
	  N_("search the history") },
	{ "Tab", CH('\t'), KX_LINE, KA_LINE,
	  N_("complete a command, an option, a remote or a local path") },
	{ "Esc", CH(UI_ESC), KX_LINE, KA_LINE, N_("leave the command line") },
	{ ":", CH(':'), KX_LINE, KA_LINE,
	  N_("in the console pane, on an empty line: back to commands") },
};

#define NKEYS	(sizeof table / sizeof table[0])

/* The whole table. */
const struct ui_keydef *
keymap_table(size_t *n)
{
	*n = NKEYS;
	return table;
}

/* The action of a key in a context. */
enum ui_act
keymap_find(const struct ui_key *k, enum ui_kctx ctx)
{
	size_t i;
	int user;

	if ((user = keymap_user(k, ctx)) != -1)
		return (enum ui_act)user;
	for (i = 0; i < NKEYS; i++)
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
	size_t j, k;

	names[0] = '\0';
	for (j = i; j < NKEYS && (j == i || table[j].help == NULL); j++) {
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
	size_t i, next;

	for (i = 0; i < NKEYS; i = next) {
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
	size_t i, next;
	int w;

	for (i = 0; i < NKEYS; i = next) {
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
