/*
 * keymap.h: the one key table of the screen, and the list widget that
 * moves every cursor and scrolls every text with the table's keys.
 *
 * A row of the table is a key, the context it works in, the action it
 * runs and the help text. The screen's dispatch (keys.c, files_act.c,
 * bottom.c, view.c) asks the table which action a key means in its
 * context; the help overlay prints the table; `jangada --dump-keys`
 * prints it for the test that holds the man pages and the README to it.
 *
 * Its files, lowest first: keytable.c (the table: data), bind.c (the
 * user's bindings, over the table), keymap.c (lookup: bindings first,
 * then the table; the help; the list widget).
 */
#ifndef JANGADA_UI_KEYMAP_H
#define JANGADA_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct buf;
struct ui_key;

/* Where a key works. */
enum ui_kctx {
	KX_SCREEN,		/* everywhere but a dialog and the viewer */
	KX_PANES,		/* a pane has the focus (no line typed) */
	KX_LIST,		/* every list and text: files, bottom, viewer */
	KX_FILES,		/* a file pane */
	KX_BOTTOM,		/* the bottom pane */
	KX_TRANSFERS,		/* the transfers view */
	KX_CONSOLE,		/* the console view */
	KX_PROTOCOL,		/* the protocol view */
	KX_VIEWER,		/* the viewer and the help */
	KX_LINE,		/* the command line (readline: help only) */
	KX_N
};

enum ui_act {
	KA_NONE,
	/* the list widget */
	KA_UP,
	KA_DOWN,
	KA_PGUP,
	KA_PGDN,
	KA_HOME,
	KA_END,
	KA_LEFT,
	KA_RIGHT,
	/* the screen */
	KA_INTERRUPT,
	KA_REDRAW,
	KA_HELP,
	KA_QUIT,
	KA_BOTTOM_NEXT,
	KA_CONSOLE_NEXT,
	/* the panes */
	KA_NEXT_PANE,
	KA_PREV_PANE,
	KA_CMDLINE,
	KA_STOP,
	KA_TYPE,
	KA_SHOW_TRANSFERS,
	KA_SHOW_PROTOCOL,
	KA_SHOW_CONSOLE,
	KA_PICKER,
	/* a file pane */
	KA_ENTER,
	KA_PARENT,
	KA_MARK,
	KA_MARK_ALL,
	KA_UNMARK,
	KA_COPY,
	KA_VIEW,
	KA_README,
	KA_MKDIR,
	KA_DELETE,
	KA_FILTER,
	KA_CLEAR,
	KA_SORT,
	KA_REVERSE,
	KA_REFRESH,
	KA_MARK_PATTERN,
	KA_UNMARK_PATTERN,
	KA_INVERT,
	KA_ENTER_DIR,
	KA_EDIT,
	KA_SHELL,
	KA_RENAME,
	KA_COMPARE,
	KA_SYNC_BROWSE,
	KA_CHMOD,
	/* the bottom pane */
	KA_VIEW_PREV,
	KA_VIEW_NEXT,
	KA_JOB_CANCEL,
	KA_JOB_RETRY,
	KA_JOB_PAUSE,
	KA_JOB_CLEAR,
	KA_JOB_UP,
	KA_JOB_DOWN,
	KA_JOB_TOP,
	KA_JOB_BOTTOM,
	KA_JOB_PRIO_UP,
	KA_JOB_PRIO_DOWN,
	KA_CONSOLE_TYPE,
	KA_EXPLAIN,
	/* the viewer */
	KA_CLOSE,
	KA_V_SEARCH,
	KA_V_NEXT,
	KA_V_PREV,
	KA_V_GOTO,
	KA_V_HEX,
	KA_V_WRAP,
	KA_V_FOLLOW,
	/* the command line: readline's own, listed for the help */
	KA_LINE
};

struct ui_keydef {
	/* The key as the help, the man page and the README write it; NULL:
	   another code of the row above's key (not shown). */
	const char	*name;
	int		 key;		/* a character, or a curses KEY_* */
	bool		 code;		/* key is a KEY_* code */
	enum ui_kctx	 ctx;
	enum ui_act	 act;
	/* N_() help; NULL: the row above's help covers this key too. */
	const char	*help;
};

/* keytable.c: the table, in the order the help lists it. */
const struct ui_keydef *keymap_table(size_t *n);

/*
 * bind.c: the user's bindings ("bind KEY ACTION" in the config file).
 * keymap_bind adds one, or says in err why not (an unknown key name or
 * action); keymap_user is the action the user gave a key in a context,
 * or -1; keymap_user_hides tells the help that a table key means
 * something else now; keymap_user_names appends the keys bound to an
 * action to an entry's names.
 */
int	 keymap_bind(const char *key, const char *action, char *err,
	    size_t errlen);
int	 keymap_user(const struct ui_key *, enum ui_kctx);
bool	 keymap_user_bound(const struct ui_key *, enum ui_kctx);
bool	 keymap_user_hides(int key, bool code, enum ui_kctx);
void	 keymap_user_names(enum ui_kctx, enum ui_act, char *names,
	    size_t len);
void	 keymap_unbind_all(void);
/* The config file's bind lines only (--dump-keys); errors to fp. */
void	 keymap_bind_config(FILE *fp);

/* keymap.c: the action of a key in a context, or KA_NONE. */
enum ui_act keymap_find(const struct ui_key *, enum ui_kctx);
/* The heading of a context in the help (translated). */
const char *keymap_ctx_name(enum ui_kctx);
/*
 * Every help entry: "CONTEXT<TAB>KEY, KEY<TAB>help" lines, the help in
 * the language of the locale when translate (for --dump-keys and the
 * help overlay's text).
 */
void	 keymap_dump(FILE *, bool translate);
/* The keys for the help overlay, a heading per context. */
void	 keymap_help(struct buf *);

/*
 * keymap.c: the list widget: move the cursor *cur over n rows with h on
 * screen (top: the first row shown, moved along a page; may be NULL).
 * True when act is a movement.
 */
bool	 list_move(size_t *cur, size_t *top, size_t n, size_t h,
	    enum ui_act);
/* Scroll a text of n lines, h on screen, *top the first line shown. */
bool	 list_scroll(size_t *top, size_t n, size_t h, enum ui_act);

#endif
