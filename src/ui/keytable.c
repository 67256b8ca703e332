/*
 * keytable.c: the one key table of the screen (see keymap.h): a row per
 * key, the context it works in, the action it runs and its help, in the
 * order the help lists them. Data only: keymap.c looks keys up in it and
 * prints its help, bind.c adds the user's keys to it.
 */
#include "config.h"

#include <curses.h>
#include <stddef.h>

#include "base/i18n.h"
#include "ui/keymap.h"
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
