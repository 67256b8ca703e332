/*
 * ui_priv.h: what the files of src/ui share.
 *
 * The screen is one curses window (stdscr) cut into regions: the remote
 * and local file panes, the bottom pane (transfers, protocol, console),
 * the status line and the command line. Each pane is a small table of
 * functions (draw, key, resize, free) over a model. Handlers only change
 * models and set dirty flags; the loop's prepare hook draws what is dirty
 * once per pass (wnoutrefresh + doupdate), then the overlay on top (a
 * dialog, the help or the viewer) if one is open.
 *
 * Every string drawn is display-safe: names and server text go through
 * the sanitizer before they are kept here, and the drawing helpers measure
 * wide characters with wcwidth and cut with an ellipsis (a dialog's text is
 * wrapped first, a word longer than a line broken across lines).
 *
 * The files call in one direction. The list below goes from the bottom
 * layer to the top: a file calls only files on earlier lines, and the
 * files of one line do not call each other. A lower file reports upward
 * only by what it returns or through a function the upper one gave it:
 * a pane's key function returns whether it used the key, input.c hands
 * each typed line to the on_line function ui.c gave input_init, a
 * dialog runs the done function its opener gave it.
 *
 *   key.c keyname.c field.c theme.c input_local.c keytable.c: what a key
 *	is and is called; a field typed in place; colours; local
 *	completion; the key table (data)
 *   draw.c bind.c: drawing helpers; the user's key bindings
 *   keymap.c columns.c files.c dialog.c view_text.c: key lookup, help,
 *	the list widget; a file row's columns; a file pane's model;
 *	dialogs; the viewer's lines
 *   bottom_model.c view_draw.c certdlg.c: the bottom pane's rings, the
 *	protocol log's feed, the view shown; the viewer's drawing; the
 *	trust questions
 *   message.c view_find.c: the message row and the screen's dirt; the
 *	viewer's search, go to and follow
 *   command.c input.c child.c view.c: running a command line and
 *	quitting; the command line (readline); yes/no and the terminal
 *	lent to a child; the viewer overlay and the help
 *   focus.c compare.c follow.c picker.c chmod_dlg.c viewfile.c
 *   bottom_log.c bottom_xfer.c: the focus and the command line's mode
 *	and what a typed line does; the panes compared; synchronized
 *	browsing; the site picker; the permissions dialog; the view hook;
 *	the protocol and transfers views
 *   bottom_con.c files_draw.c files_keys.c qsaved.c: the console view; a
 *	file pane drawn; its mc keys; the saved-queue dialog at start
 *   bottom.c files_act.c: the bottom pane (tabs, keys, its table of
 *	views); a file pane's keys and actions, and the pane
 *   screen.c: layout, bringing the panes up to date, drawing a pass
 *   keys.c: the dispatch of a key to what has the keys
 *   mouse.c: a mouse event, as the key it stands for
 *   terminal.c: reading the terminal (type-ahead), its signals
 *   ui.c: start-up and tear-down, the app's hooks, the loop's prepare
 *	hook
 */
#ifndef JANGADA_UI_UI_PRIV_H
#define JANGADA_UI_UI_PRIV_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <wchar.h>

#include "base/limits.h"
#include "cmd/app.h"
#include "cmd/cmd.h"
#include "local/ldir.h"

struct ev_loop;
struct ev_timer;
struct ui;

/* The smallest screen drawn; below it a "terminal too small" message. */
#define UI_MIN_COLS		40
#define UI_MIN_ROWS		12
/* Side by side from this width, stacked below it. */
#define UI_WIDE_COLS		80
/* The transfers pane redraws at most this often. */
#define UI_XFER_MS		LIM_UI_XFER_MS
/* Lines kept by the protocol pane and by each console session's view. */
#define UI_LOG_LINES		LIM_UI_LOG_LINES
#define UI_CON_LINES		LIM_UI_CON_LINES
/* A message on the command line row stays this long. */
#define UI_MSG_MS		LIM_UI_MSG_MS
/* History lines kept in the file. */
#define UI_HISTORY		LIM_UI_HISTORY
/* keys typed ahead while a command runs, at most */
#define UI_AHEAD_MAX		LIM_UI_AHEAD

/* ============================================================ types */

/* A key: a character (code false) or a curses KEY_* code (code true). */
struct ui_key {
	wint_t		 ch;
	bool		 code;
};

#define UI_CTRL(c)	((c) & 0x1f)
#define UI_ESC		0x1b

enum ui_color {
	UC_NORMAL,
	UC_FRAME,
	UC_TITLE,
	UC_TAB,
	UC_DIR,
	UC_LINK,
	UC_OTHER,
	UC_MARKED,
	UC_CURSOR,
	UC_CURSOR_DIM,
	UC_ERROR,
	UC_WARN,
	UC_INFO,
	UC_SENT,
	UC_RECV,
	UC_DONE,
	UC_PROGRESS,
	UC_BAR_EMPTY,
	UC_STATUS,
	UC_STATUS_BAD,
	UC_HINT,
	UC_DIALOG,
	UC_DIALOG_TITLE,
	UC_INPUT,
	/* compare (compare.c): only here, newer here, newer there,
	   another size */
	UC_CMP_ONLY,
	UC_CMP_NEWER,
	UC_CMP_OLDER,
	UC_CMP_SIZE,
	UC_NCOLORS
};

struct ui_rect {
	int		 y, x, h, w;
};

/* The glyphs of draw_glyph. */
enum {
	GL_ELLIPSIS,
	GL_DOWN,
	GL_UP,
	GL_BAR_FULL,
	GL_BAR_EMPTY
};
/* Corners and tees for draw_corner. */
enum {
	CN_UL,
	CN_UR,
	CN_LL,
	CN_LR,
	CN_LTEE,
	CN_RTEE,
	CN_TTEE,
	CN_BTEE
};

struct ui_pane;

struct ui_pane_ops {
	void	(*draw)(struct ui *, struct ui_pane *);
	/* true if the key was used */
	bool	(*key)(struct ui *, struct ui_pane *, const struct ui_key *);
	void	(*resize)(struct ui *, struct ui_pane *);
	void	(*free)(struct ui_pane *);
};

struct ui_pane {
	const struct ui_pane_ops *ops;
	struct ui_rect	 r;		/* the content area, inside the frame */
	bool		 dirty;
	void		*model;
};

enum ui_focus {
	FOCUS_REMOTE,
	FOCUS_LOCAL,
	FOCUS_BOTTOM,
	FOCUS_N
};

enum ui_bottom {
	BOT_TRANSFERS,
	BOT_PROTOCOL,
	BOT_CONSOLE,
	BOT_N
};

enum dlg_answer {
	DLG_CANCEL,
	DLG_YES,
	DLG_NO,
	DLG_TEXT,
	DLG_CHOICE		/* + the index of the button chosen */
};

typedef void (*dlg_done_fn)(struct ui *, enum dlg_answer, const char *text,
    void *arg);

/*
 * A dialog drawn by its own file (chmod_dlg.c): draw it over the screen;
 * key returns true when it is done; close then frees arg (also when the
 * screen ends, running nothing).
 */
struct dlg_ops {
	void	(*draw)(struct ui *, const char *title, void *arg);
	bool	(*key)(struct ui *, const struct ui_key *, void *arg);
	void	(*close)(struct ui *, void *arg);
};

/* The message on the command line row (message.c). */
struct ui_msg {
	char		*text;
	enum app_out	 kind;
	uint64_t	 when;
	bool		 progress;	/* "Reading X...": until no command runs */
	bool		 queue;		/* said while transfers ran: until done */
};

struct ui {
	struct ev_loop		*loop;
	const struct ui_options	*opt;
	struct app		*app;
	bool			 color;
	bool			 quitting;
	bool			 suspended;	/* a child has the terminal */

	/* layout */
	int			 rows, cols;
	bool			 too_small;
	bool			 wide;		/* side by side */
	struct ui_rect		 frame_remote, frame_local, frame_bottom;
	int			 status_y, cmd_y;

	struct ui_pane		*panes[FOCUS_N];
	enum ui_focus		 focus;
	enum ui_bottom		 bottom;

	/* the command line */
	bool			 editing;	/* keys go to readline */
	bool			 console_input;	/* lines go to the session */
	bool			 typed_running;	/* the running line was typed */
	bool			 typed_output;	/* it printed something */

	/* type-ahead: keys typed while a command runs, applied after */
	struct ui_key		 ahead[UI_AHEAD_MAX];
	size_t			 nahead;

	/* dirty regions */
	bool			 dirty_all;
	bool			 dirty_frame;
	bool			 mouse_on;	/* mousemask set */
	bool			 dirty_status;
	bool			 dirty_cmd;
	bool			 sync_remote;
	bool			 rescan_local;
	bool			 refresh_remote;	/* after uploads */
	uint64_t		 xfer_drawn;
	struct ev_io		*keys;
	struct ev_timer		*xfer_timer;
	struct ev_timer		*msg_timer;
	struct ev_timer		*rescan_timer;

	/* the last message, on the command line row */
	struct ui_msg		 msg;
	/* it came while the line was open: shown above it until a key */
	bool			 msg_over;

	/* connection */
	bool			 was_connected;
	bool			 connected;	/* at the last APP_CH_CONN */
	bool			 expect_close;	/* close, quit, open running */
	bool			 lost;
	unsigned		 con_last_id;	/* newest console seen */
	char			*lost_why;
	/* errors of a running open, for the error dialog */
	char			*open_errors;

	/* overlays */
	struct ui_view		*view;
	struct ui_dialog	*dialogs;	/* the first is shown */
	struct picker		*picker;	/* the site picker, or NULL */

	int			 cursor_on;	/* curs_set: -1 unknown, 0, 1 */

	/* the command line's completion list */
	char			**matches;
	size_t			 nmatches;

	/* compare.c: the panes show the comparison (req: mark too) */
	bool			 comparing;
	bool			 compare_req;
	/* follow.c: synchronized browsing, or NULL */
	struct ui_follow	*follow;
};

/* =================================== functions, by file, lowest first */

/* key.c: what a key is */
bool	 ui_key_is(const struct ui_key *, wint_t ch);
bool	 ui_key_code(const struct ui_key *, int code);
bool	 ui_key_enter(const struct ui_key *);
bool	 ui_key_back(const struct ui_key *);

/* keyname.c: a key's name for display, in the user's language. */
const char *ui_key_label(const char *name);

/* field.c: a line of text typed in place */
size_t	 field_back(const char *, size_t len);
int	 field_add(char *, size_t size, size_t *len, const struct ui_key *);

/* theme.c */
void	 theme_init(bool color);
attr_t	 theme_attr(enum ui_color);
short	 theme_pair(enum ui_color);

/* input_local.c: local names completed in the app's local directory. */
void	 input_local_begin(struct ui *);
void	 input_local_end(void);
char	*input_local_gen(const char *, int);
int	 input_local_stat(char **);

/* keytable.c, bind.c, keymap.c: see keymap.h. */
/* bind.c: the app's bind hook (a "bind KEY ACTION" line). */
int	 ui_h_bind(struct app *, const char *key, const char *action,
	    char *err, size_t errlen, void *);

/* draw.c */
/* The sanitizer (base/sanitize.h), safe with no bytes at all. */
char	*ui_san(const void *, size_t, int flags);
char	*ui_sanc(const char *);
/* Display width of UTF-8 text (sanitized: every char printable). */
int	 draw_width(const char *);
/*
 * Draw text at y, x in at most w columns with colour c: cut with an
 * ellipsis when it does not fit, padded with spaces to w when pad.
 * Returns the columns used.
 */
int	 draw_text(int y, int x, int w, const char *, enum ui_color,
	    attr_t extra, bool pad);
/* The same, right-aligned in w columns. */
int	 draw_text_right(int y, int x, int w, const char *, enum ui_color,
	    attr_t extra);
/* Fill w columns with spaces. */
void	 draw_blank(int y, int x, int w, enum ui_color, attr_t extra);
/* Frame lines. */
void	 draw_hline(int y, int x, int w);
void	 draw_vline(int y, int x, int h);
void	 draw_corner(int y, int x, int which);
void	 draw_box(const struct ui_rect *, enum ui_color);
void	 draw_dialog_frame(const struct ui_rect *, int, const char *);
/* The ellipsis, arrows: Unicode on UTF-8 terminals, ASCII otherwise. */
const char *draw_glyph(int which);
/* "4.1 KiB". */
char	*draw_size(char *, size_t, uint64_t);
/* "2024-01-02" or "2024-01-02 13:45" (with_time); utc or local. */
char	*draw_date(char *, size_t, time_t, bool with_time, bool utc);
/* Expand tabs to 8-column stops; allocated. */
char	*draw_expand_tabs(const char *);
/* Cut text to its first w columns (allocated), for horizontal scroll. */
char	*draw_skip_cols(const char *, int cols);
char	*draw_cut_middle(const char *, int cols);
/* Text word-wrapped into lines of at most w columns (an allocated list
   of n allocated lines; '\n' ends a line). */
char	**draw_wrap(const char *, int w, size_t *n);

/* files.c: the model of a file pane (see files_priv.h) */
/* s (n bytes) in lower case, for every letter the locale knows. */
char	*casefold(const char *s, size_t n, size_t *outlen);
/* Bring the remote pane up to date with the app's cache. */
void	 files_sync_remote(struct ui *, struct ui_pane *);
/* Scan the local directory again (keeping cursor and marks). */
void	 files_rescan_local(struct ui *, struct ui_pane *);
/* The name of a README-like file in the pane, or NULL. */
const char *files_readme(struct ui_pane *);

/* dialog.c */
/*
 * A choice among the buttons of line ("[g] Go on  [v] Review  [d] Drop",
 * translated): the letters it shows, and the English ones en ("gvd")
 * unless they are the translation's yes or no; Esc cancels. The answer
 * is DLG_CHOICE + the button's index.
 */
void	 dlg_choice(struct ui *, const char *title, const char *text,
	    const char *line, const char *en, dlg_done_fn, void *);
/* A yes/no question. */
void	 dlg_confirm(struct ui *, const char *title, const char *text,
	    dlg_done_fn, void *);
/* A line of text (echo) or a secret (no echo). */
void	 dlg_input(struct ui *, const char *title, const char *prompt,
	    bool secret, dlg_done_fn, void *);
/* A line of text, starting from init. */
void	 dlg_input_init(struct ui *, const char *title, const char *prompt,
	    const char *init, dlg_done_fn, void *);
void	 dlg_custom(struct ui *, const char *title, const struct dlg_ops *,
	    void *);
/* A message to read (errors with the server's reply). */
void	 dlg_message(struct ui *, const char *title, const char *text);
/* The overwrite question of a job; answered with xq_answer. */
void	 dlg_overwrite(struct ui *, const struct xq_job *, const char *target);
/* Where the cursor goes while a dialog is typed in; false: hidden. */
bool	 dlg_cursor(struct ui *, int *y, int *x);
void	 dlg_draw(struct ui *);
bool	 dlg_key(struct ui *, const struct ui_key *);
void	 dlg_free_all(struct ui *);

/* bottom_model.c: the bottom pane's model (see bottom_priv.h) */
void	 bottom_set_view(struct ui *, enum ui_bottom);
void	 bottom_log(struct ui *, enum ui_color, const char *text);

/* certdlg.c: the trust questions of a refused login (app ask_trust). */
void	 ui_ask_trust(struct app *, bool cert, const char *title,
	    const char *text, app_trust_cb, void *cbarg, void *);

/* view_draw.c: the viewer (see view_priv.h) */
void	 view_draw(struct ui *);

/* message.c: the message row and the screen's dirt */
void	 ui_dirty(struct ui *);
/* Show a display-safe message (taking it) and log it. */
void	 ui_message_set(struct ui *, enum app_out, char *clean);
void	 ui_message(struct ui *, enum app_out, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 ui_message_expire(struct ui *);

/* input.c: the command line, the only file that includes readline */
void	 input_init(struct ui *, void (*on_line)(struct ui *, const char *));
void	 input_free(struct ui *);
void	 input_key(struct ui *, const struct ui_key *);
void	 input_set_prompt(struct ui *, const char *);
void	 input_clear(struct ui *);
bool	 input_empty(struct ui *);
bool	 input_searching(struct ui *);
void	 input_resize(struct ui *);
/* Draw the prompt and line in w columns at y; the cursor's column. */
int	 input_draw(struct ui *, int y, int w);
/* The completion list being shown (display-safe), or NULL. */
char	**input_matches(struct ui *, size_t *n);
void	 input_matches_clear(struct ui *);

/* child.c: app hooks for the commands of issue 14 */
void	 ui_ask_yesno(struct app *, const char *question, app_yesno_cb,
	    void *cbarg, void *);
void	 ui_suspend(struct app *, bool suspend, void *);

/* command.c: running command lines; quitting */
/* Run a command line; then(ui, status, arg) when it ends (may be NULL). */
void	 ui_command(struct ui *, const char *line, bool typed,
	    void (*then)(struct ui *, int status, void *), void *);
/* A quoted word for a command line (allocated). */
char	*ui_quote(const char *);
/* q, F10, :quit: ask first if transfers run or consoles are open. */
void	 ui_ask_quit(struct ui *);

/* view.c: a scrollable text overlay (help, viewer). */
void	 view_open(struct ui *, const char *title, const char *text,
	    bool sanitize);
/* The bytes of a file (path: a local file, for follow; or NULL). */
void	 view_open_bytes(struct ui *, const char *title, const void *,
	    size_t, bool cut, const char *path);
void	 view_close(struct ui *);
bool	 view_key(struct ui *, const struct ui_key *);
void	 help_open(struct ui *);

/* focus.c: the focus and the command line's mode */
/* Focus a pane (and set the command line's mode for the console). */
void	 ui_focus(struct ui *, enum ui_focus);
/* Leave the command line (Esc). */
void	 ui_leave_input(struct ui *);
/* Start typing a command (:). */
void	 ui_start_command(struct ui *);
/* The line typed on the command line (Enter; input.c's on_line). */
void	 ui_line(struct ui *, const char *);

/* compare.c: once a pass: compare again when a pane has a new listing
   (and mark the differences after the compare command) */
void	 ui_compare_pass(struct ui *);

/* follow.c: synchronized browsing, once a pass; its state freed */
void	 ui_follow(struct ui *);
void	 ui_follow_free(struct ui *);

/* picker.c: the site picker (at_start: only with something to pick). */
void	 picker_open(struct ui *, bool at_start);
void	 picker_close(struct ui *);
void	 picker_draw(struct ui *);
bool	 picker_key(struct ui *, const struct ui_key *);
bool	 picker_cursor(struct ui *, int *y, int *x);

/* viewfile.c: the app's view hook (the view command's bytes). */
void	 ui_h_view(struct app *, const char *title, const void *,
	    size_t len, size_t cut, void *);

/* bottom_con.c: the console view of the bottom pane */
void	 bottom_console_line(struct ui *, struct con *,
	    const struct con_line *);
void	 bottom_consoles_changed(struct ui *);
void	 bottom_next_console(struct ui *);

/* files_draw.c: is the pane typing a filter (the title shows it)? */
bool	 files_filtering(struct ui_pane *);

/* qsaved.c: the start's dialog over the last run's unfinished transfers */
void	 ui_saved_queue_dialog(struct ui *);

/* bottom.c: the bottom pane */
struct ui_pane	*bottom_new(struct ui *);
/* The tabs line (the frame row above the pane). */
void	 bottom_draw_tabs(struct ui *, int y, int x, int w);
/* The view whose tab is at column x of the tabs row, or -1. */
int	 bottom_tab_at(struct ui *, int x);

/* files_act.c: a file pane (remote or local) */
struct ui_pane	*files_new(struct ui *, bool remote);
/* View the README-like file (files_readme). */
void	 files_view_readme(struct ui *, struct ui_pane *);

/* screen.c */
void	 ui_layout(struct ui *);
void	 ui_resize(struct ui *);
void	 ui_sync_panes(struct ui *);
void	 ui_draw(struct ui *);

/* keys.c: a key as if typed: route it to what has the keys */
void	 ui_dispatch(struct ui *, const struct ui_key *);
/* Is a command running or a remote directory being listed? */
bool	 ui_busy(struct ui *);
/* The transfer type cycle (a). */
void	 ui_cycle_type(struct ui *);

/* mouse.c */
void	 ui_mouse_apply(struct ui *);
void	 ui_mouse(struct ui *);

/* terminal.c */
void	 ui_define_keys(void);
void	 ui_read_keys(struct ev_io *, int fd, short revents, void *);
void	 ui_typeahead(struct ui *);
void	 ui_winch(int signo, void *);
void	 ui_sigint(int signo, void *);
void	 ui_sigterm(int signo, void *);

/* ui.c: ui_run (ui.h) */

#endif
