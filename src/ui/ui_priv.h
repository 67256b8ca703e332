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
 * wide characters with wcwidth and cut with an ellipsis, never wrap.
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

/* ------------------------------------------------------------ keys */

/* A key: a character (code false) or a curses KEY_* code (code true). */
struct ui_key {
	wint_t		 ch;
	bool		 code;
};

#define UI_CTRL(c)	((c) & 0x1f)
#define UI_ESC		0x1b

bool	 ui_key_is(const struct ui_key *, wint_t ch);
bool	 ui_key_code(const struct ui_key *, int code);
bool	 ui_key_enter(const struct ui_key *);
bool	 ui_key_back(const struct ui_key *);
size_t	 field_back(const char *, size_t len);
int	 field_add(char *, size_t size, size_t *len, const struct ui_key *);

/* ----------------------------------------------------------- theme */

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

void	 theme_init(bool color);
attr_t	 theme_attr(enum ui_color);
short	 theme_pair(enum ui_color);

/* ---------------------------------------------------------- drawing */

struct ui_rect {
	int		 y, x, h, w;
};

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
/* "4.1 KiB". */
char	*draw_size(char *, size_t, uint64_t);
/* "2024-01-02" or "2024-01-02 13:45" (with_time); utc or local. */
char	*draw_date(char *, size_t, time_t, bool with_time, bool utc);
/* Expand tabs to 8-column stops; allocated. */
char	*draw_expand_tabs(const char *);
/* Cut text to its first w columns (allocated), for horizontal scroll. */
char	*draw_skip_cols(const char *, int cols);
char	*draw_cut_middle(const char *, int cols);

/* ------------------------------------------------------------ panes */

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

/* A file pane (remote or local): see files.c. */
struct ui_pane	*files_new(struct ui *, bool remote);
/* Bring the remote pane up to date with the app's cache. */
void	 files_sync_remote(struct ui *, struct ui_pane *);
/* Scan the local directory again (keeping cursor and marks). */
void	 files_rescan_local(struct ui *, struct ui_pane *);
/* Is the pane typing a filter (the title shows it)? */
bool	 files_filtering(struct ui_pane *);
/* The name of a README-like file in the pane, or NULL. */
const char *files_readme(struct ui_pane *);
/* View that file. */
void	 files_view_readme(struct ui *, struct ui_pane *);

/* The bottom pane: see bottom.c. */
struct ui_pane	*bottom_new(struct ui *);
void	 bottom_set_view(struct ui *, enum ui_bottom);
void	 bottom_log(struct ui *, enum ui_color, const char *text);
void	 bottom_console_line(struct ui *, struct con *,
	    const struct con_line *);
void	 bottom_consoles_changed(struct ui *);
void	 bottom_next_console(struct ui *);
/* The tabs line (the frame row above the pane). */
void	 bottom_draw_tabs(struct ui *, int y, int x, int w);

/* ---------------------------------------------------------- overlays */

/* picker.c: the site picker (at_start: only with something to pick). */
void	 picker_open(struct ui *, bool at_start);
void	 picker_close(struct ui *);
void	 picker_draw(struct ui *);
bool	 picker_key(struct ui *, const struct ui_key *);
bool	 picker_cursor(struct ui *, int *y, int *x);
/* bind.c: the app's bind hook (a "bind KEY ACTION" line). */
int	 ui_h_bind(struct app *, const char *key, const char *action,
	    char *err, size_t errlen, void *);
/* files.c: s (n bytes) in lower case, for every letter the locale knows. */
char	*casefold(const char *s, size_t n, size_t *outlen);

/* A scrollable text overlay (help, viewer). */
void	 view_open(struct ui *, const char *title, const char *text,
	    bool sanitize);
/* The bytes of a file (path: a local file, for follow; or NULL). */
void	 view_open_bytes(struct ui *, const char *title, const void *,
	    size_t, bool cut, const char *path);
void	 view_close(struct ui *);
void	 view_draw(struct ui *);
bool	 view_key(struct ui *, const struct ui_key *);
void	 help_open(struct ui *);

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

/* child.c: app hooks for the commands of issue 14 */
void	 ui_ask_yesno(struct app *, const char *question, app_yesno_cb,
	    void *cbarg, void *);
void	 ui_suspend(struct app *, bool suspend, void *);
/* certdlg.c: the trust questions of a refused login (app ask_trust). */
void	 ui_ask_trust(struct app *, bool cert, const char *title,
	    const char *text, app_trust_cb, void *cbarg, void *);

/* ----------------------------------------------------- command line */

/* See input.c: the only file that includes readline. */
void	 input_init(struct ui *);
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

/* ------------------------------------------------------------- ui */

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

/* ui.c */
void	 ui_dirty(struct ui *);
/* Show a display-safe message (taking it) and log it. */
void	 ui_message_set(struct ui *, enum app_out, char *clean);
/* Start typing a command (:). */
void	 ui_start_command(struct ui *);
void	 ui_message(struct ui *, enum app_out, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Run a command line; then(ui, status, arg) when it ends (may be NULL). */
void	 ui_command(struct ui *, const char *line, bool typed,
	    void (*then)(struct ui *, int status, void *), void *);
/* keyname.c: a key's name for display, in the user's language. */
const char *ui_key_label(const char *name);
/* A quoted word for a command line (allocated). */
char	*ui_quote(const char *);
/* The line typed on the command line (Enter). */
void	 ui_line(struct ui *, const char *);
/* Focus a pane (and set the command line's mode for the console). */
void	 ui_focus(struct ui *, enum ui_focus);
/* Leave the command line (Esc). */
void	 ui_leave_input(struct ui *);
/* keys.c: a key as if typed: route it to what has the keys */
void	 ui_dispatch(struct ui *, const struct ui_key *);
/* mouse.c */
void	 ui_mouse_apply(struct ui *);
void	 ui_mouse(struct ui *);
/* bottom.c: the view whose tab is at column x of the tabs row, or -1 */
int	 bottom_tab_at(struct ui *, int x);
/* screen.c */
void	 ui_layout(struct ui *);
void	 ui_resize(struct ui *);
void	 ui_prepare(void *);
void	 ui_sync_panes(struct ui *);
/* compare.c: once a pass: compare again when a pane has a new listing
   (and mark the differences after the compare command) */
void	 ui_compare_pass(struct ui *);
/* follow.c: synchronized browsing, once a pass; its state freed */
void	 ui_follow(struct ui *);
void	 ui_follow_free(struct ui *);
void	 ui_message_expire(struct ui *);
/* viewfile.c: the app's view hook (the view command's bytes). */
void	 ui_h_view(struct app *, const char *title, const void *,
	    size_t len, size_t cut, void *);
/* keys.c */
void	 ui_define_keys(void);
void	 ui_read_keys(struct ev_io *, int fd, short revents, void *);
bool	 ui_busy(struct ui *);
void	 ui_typeahead(struct ui *);
/* input_local.c: local names completed in the app's local directory. */
void	 input_local_begin(struct ui *);
void	 input_local_end(void);
char	*input_local_gen(const char *, int);
int	 input_local_stat(char **);

void	 ui_winch(int signo, void *);
void	 ui_sigint(int signo, void *);
void	 ui_sigterm(int signo, void *);
/* q, F10, :quit: ask first if transfers run or consoles are open. */
void	 ui_ask_quit(struct ui *);
/* qsaved.c: the start's dialog over the last run's unfinished transfers */
void	 ui_saved_queue_dialog(struct ui *);
/* The transfer type cycle (a). */
void	 ui_cycle_type(struct ui *);

#endif
