/*
 * input.c: the command line, GNU readline through its callback interface.
 * This is the only file that includes readline.
 *
 * Readline never touches the terminal: its output stream is /dev/null,
 * its terminal preparation functions do nothing, it catches no signals,
 * and its redisplay function is ours, which only marks the command line
 * dirty; the screen's draw pass then draws rl_display_prompt and
 * rl_line_buffer with curses and puts the cursor at rl_point, measuring
 * wide characters with wcwidth. The bytes readline reads come from the
 * loop: when the loop says standard input is readable, curses decodes the
 * keys, and the keys that belong to the command line are handed to
 * readline as the bytes a terminal would send (UTF-8 text, control
 * characters, the escape sequences of arrows, Home, End and Delete),
 * through rl_getc_function and rl_callback_read_char. One reader of the
 * terminal means no key is ever split between curses and readline.
 *
 * History is kept in $XDG_STATE_HOME/jangada/history (mode 0600), at most
 * UI_HISTORY lines, and never a line that may hold a password
 * (cmd_line_is_secret). Tab completes command names, option names,
 * bookmark names, remote paths from the cached listings and local paths;
 * the list of matches is drawn by the screen, never by readline.
 *
 * A line typed goes to the function input_init was given (ui.c gives
 * focus.c's ui_line, which knows whether the line is a command or for a
 * console session); this file calls only the message row and the
 * drawing helpers.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/complete.h"
#include "cmd/parse.h"
#include "ui/ui_priv.h"

/*
 * Readline's callbacks take no argument: the state of the one command
 * line lives in this one struct.
 */
static struct in_state {
	struct ui	*ui;
	/* a line was typed (NULL: Ctrl-D on an empty line) */
	void		(*on_line)(struct ui *, const char *);
	unsigned char	 pend[64];	/* the bytes of the key being fed */
	size_t		 npend, pos;
	FILE		*null_in, *null_out;
	char		*hist;		/* the history file */
	int		 scroll;	/* columns of the line scrolled off */
	/* the completions being built (the generator hands them out) */
	char		**comp;
	size_t		 ncomp, compi;
	bool		 comp_local;	/* local paths: mark directories */
	/* a Tab that started a listing: the line, to complete again */
	char		*comp_line;
	int		 comp_point;
} in;

/* readline reads the bytes of the key being fed. */
static int
in_getc(FILE *f)
{
	if (in.pos < in.npend)
		return in.pend[in.pos++];
	return 0;	/* never reached: we feed whole keys */
}

/* More bytes of this key to come? (readline's key-sequence timeout) */
static int
in_available(void)
{
	return in.pos < in.npend;
}

/* The terminal is ours: readline prepares nothing. */
static void
in_prep(int meta)
{
}

/* Nor does it give anything back. */
static void
in_deprep(void)
{
}

/* Readline wants the line redrawn: mark it; the draw pass draws it. */
static void
in_redisplay(void)
{
	if (in.ui != NULL)
		in.ui->dirty_cmd = true;
}

/* A whole line was typed (NULL: Ctrl-D on an empty line). */
static void
in_line(char *line)
{
	struct ui *ui = in.ui;
	HIST_ENTRY *last;
	struct stat sb;

	if (line == NULL) {
		in.on_line(ui, NULL);
		return;
	}
	if (!ui->console_input && line[0] != '\0' && line[0] != ' ' &&
	    !cmd_line_is_secret(line)) {
		last = history_length > 0 ? history_get(history_base +
		    history_length - 1) : NULL;
		if (last == NULL || strcmp(last->line, line) != 0) {
			add_history(line);
			if (in.hist != NULL) {
				if (stat(in.hist, &sb) == -1)
					write_history(in.hist);
				else
					append_history(1, in.hist);
			}
		}
	}
	in.on_line(ui, line);
	secret_free(line);
}

/* ------------------------------------------------------ completion */

/* Hand out the prepared completions one by one. */
static char *
in_generator(const char *text, int state)
{
	if (state == 0)
		in.compi = 0;
	if (in.compi < in.ncomp)
		return xstrdup(in.comp[in.compi++]);
	return NULL;
}

/* Forget the prepared completions. */
static void
comp_reset(void)
{
	size_t i;

	for (i = 0; i < in.ncomp; i++)
		free(in.comp[i]);
	free(in.comp);
	in.comp = NULL;
	in.ncomp = in.compi = 0;
}

/* Keep a completion. */
static void
comp_add(const char *s)
{
	in.comp = xreallocarray(in.comp, in.ncomp + 1, sizeof *in.comp);
	in.comp[in.ncomp++] = xstrdup(s);
}

/* Remove the quoting of the word being completed. */
static char *
dequote(const char *text, int quote)
{
	char *out, *o;
	const char *p;

	if (quote == 0)		/* as the tokenizer reads it: \xHH too */
		return cmd_complete_unquote(text);
	out = o = xmalloc(strlen(text) + 1);
	for (p = text; *p != '\0'; p++) {
		if (quote == '\'')
			*o++ = *p;
		else if (*p == '\\' && p[1] != '\0' && (quote == 0 ||
		    p[1] == '"' || p[1] == '\\'))
			*o++ = *++p;
		else
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* Readline's filename completion dequotes with this. */
static char *
in_dequote(char *text, int quote)
{
	return dequote(text, quote);
}

/* Quote a completed name the way the tokenizer reads it. */
static char *
in_quote(char *text, int match_type, char *qcp)
{
	struct buf b;
	char *out;
	const char *p;
	int q = qcp != NULL ? *qcp : 0;

	buf_init(&b, strlen(text) * 4 + 4);
	if (q == '\'') {
		buf_append(&b, "'", 1);
		for (p = text; *p != '\0'; p++) {
			if (*p == '\'')
				buf_append_str(&b, "'\\''");
			else
				buf_append(&b, p, 1);
		}
	} else if (q == '"') {
		buf_append(&b, "\"", 1);
		for (p = text; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_append(&b, "\\", 1);
			buf_append(&b, p, 1);
		}
	} else {
		/* the escaped form the screen shows (caf\xe9), typed back */
		buf_free(&b);
		return cmd_complete_quote(text);
	}
	out = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* Is the character at index quoted by a backslash? */
static int
in_is_quoted(char *line, int index)
{
	int n = 0;

	while (index - n - 1 >= 0 && line[index - n - 1] == '\\')
		n++;
	return n % 2;
}

/* The bookmark names, NULL-ended (or NULL). */
static char **
bookmark_names(void)
{
	struct bookmark *bm = NULL;
	size_t n = 0, i;
	char *path = xdg_path(false, "bookmarks", false), err[256], **v;

	if (path == NULL || bm_load(path, &bm, &n, err, sizeof err) == -1) {
		free(path);
		return NULL;
	}
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = xstrdup(bm[i].name);
	bm_free(bm, n);
	free(path);
	return v;
}

/*
 * The listing a Tab started arrived: if the line is as it was, complete
 * again (as a Tab would, listing the names if several match).
 */
static void
comp_listed(struct app *app, struct app_dir *d, void *arg)
{
	char *line = in.comp_line;

	in.comp_line = NULL;
	if (line != NULL && in.ui != NULL && in.ui->editing &&
	    d != NULL && d->loaded && rl_point == in.comp_point &&
	    strcmp(rl_line_buffer, line) == 0) {
		rl_complete_internal('!');
		in.ui->dirty_cmd = true;
	}
	free(line);
}

/* Remote paths from the cached listing of their directory. */
static void
comp_remote(struct ui *ui, const char *word, bool dirs_only)
{
	struct app *app = ui->app;
	const char *slash = strrchr(word, '/'), *base;
	char *dirpart, *path, *m;
	struct app_dir *d;
	size_t i, blen;

	if (slash != NULL) {
		dirpart = xstrndup(word, (size_t)(slash - word) + 1);
		base = slash + 1;
	} else {
		dirpart = xstrdup("");
		base = word;
	}
	blen = strlen(base);
	path = app_rpath(app, dirpart);
	d = app_dir(app, path);
	if (d == NULL || !d->loaded) {
		if (ftp_session_connected(app->ftp) && (d == NULL ||
		    !d->loading)) {
			/* list it; comp_listed completes when it comes */
			free(in.comp_line);
			in.comp_line = xstrdup(rl_line_buffer);
			in.comp_point = rl_point;
			if (app_dir_load(app, path, false, comp_listed,
			    NULL) == 0 && in.comp_line != NULL)
				ui_message(ui, APP_INFO, "%s", _("Listing the "
				    "remote directory: the names come when it "
				    "arrives."));
		} else if (ftp_session_connected(app->ftp))
			ui_message(ui, APP_INFO, "%s", _("Listing the remote "
			    "directory: press Tab again in a moment."));
		else if (!ftp_session_connected(app->ftp))
			ui_message(ui, APP_INFO, "%s", _("Not connected: "
			    "nothing to complete."));
		free(path);
		free(dirpart);
		return;
	}
	for (i = 0; i < d->list.n; i++) {
		const struct ftp_entry *e = &d->list.entries[i];
		bool isdir = e->type == FTP_ENT_DIR;

		if (e->type == FTP_ENT_RAW || e->namelen != strlen(e->name))
			continue;
		if (dirs_only && !isdir && e->type != FTP_ENT_LINK)
			continue;
		if (strncmp(e->name, base, blen) != 0)
			continue;
		if (base[0] != '.' && e->name[0] == '.' && blen == 0)
			continue;
		m = xasprintf("%s%s%s", dirpart, e->name, isdir ? "/" : "");
		comp_add(m);
		free(m);
	}
	free(path);
	free(dirpart);
}

/*
 * The completions of the word at start..end of the line: which ones
 * comes from cmd_complete (src/cmd/complete.c); remote names come from
 * the cached listings, local ones from readline's file name completion.
 */
static char **
in_complete(const char *text, int start, int end)
{
	struct ui *ui = in.ui;
	struct comp c;
	char **bms;
	size_t i;

	rl_attempted_completion_over = 1;
	comp_reset();
	in.comp_local = false;
	input_local_end();
	if (ui->console_input)
		return NULL;
	bms = bookmark_names();
	cmd_complete(rl_line_buffer, (size_t)end, (const char *const *)bms,
	    &c);
	cmd_argv_free(bms);
	rl_filename_completion_desired = 1;
	rl_filename_quoting_desired = 1;
	switch (c.what) {
	case COMP_WORDS:
		rl_filename_completion_desired = 0;
		for (i = 0; i < c.n; i++)
			comp_add(c.words[i]);
		break;
	case COMP_REMOTE:
	case COMP_REMOTE_DIR:
		comp_remote(ui, c.word, c.what == COMP_REMOTE_DIR);
		break;
	case COMP_LOCAL:
	case COMP_LOCAL_DIR:
		in.comp_local = true;
		cmd_complete_free(&c);
		input_local_begin(ui);
		return rl_completion_matches(text, input_local_gen);
	default:
		break;
	}
	cmd_complete_free(&c);
	if (in.ncomp == 0)
		return NULL;
	if (in.ncomp == 1 && in.comp[0][0] != '\0' &&
	    in.comp[0][strlen(in.comp[0]) - 1] == '/')
		rl_completion_suppress_append = 1;
	return rl_completion_matches(text, in_generator);
}

/* Readline has a list of matches to show: keep it for the screen. */
static void
in_display_matches(char **matches, int num, int max)
{
	struct ui *ui = in.ui;
	int i;

	input_matches_clear(ui);
	ui->matches = xcalloc((size_t)num + 1, sizeof *ui->matches);
	for (i = 1; i <= num; i++) {
		const char *m = matches[i], *slash;
		size_t len = strlen(m);
		struct stat sb;

		/* the last component, with a directory's '/' */
		slash = len > 1 ? memrchr(m, '/', len - 1) : NULL;
		if (slash != NULL)
			m = slash + 1;
		/* the matches are names as they are, not quoted */
		if (in.comp_local) {
			char *t = matches[i][0] == '~' ?
			    tilde_expand(matches[i]) : xstrdup(matches[i]);

			input_local_stat(&t);

			if (stat(t, &sb) == 0 && S_ISDIR(sb.st_mode) &&
			    m[strlen(m) - 1] != '/') {
				char *md = xasprintf("%s/", m);

				ui->matches[ui->nmatches++] = ui_sanc(md);
				free(md);
				m = NULL;
			}
			free(t);
		}
		if (m != NULL)
			ui->matches[ui->nmatches++] = ui_sanc(m);
	}
	ui->dirty_all = true;
}

/* ------------------------------------------------------------ life */

/* Set readline up: our I/O, our display, history; each line typed to
   on_line. */
void
input_init(struct ui *ui, void (*on_line)(struct ui *, const char *))
{
	in.ui = ui;
	in.on_line = on_line;
	in.null_in = fopen("/dev/null", "re");
	in.null_out = fopen("/dev/null", "we");
	rl_instream = in.null_in;
	rl_outstream = in.null_out;
	rl_readline_name = "jangada";
	rl_getc_function = in_getc;
	rl_input_available_hook = in_available;
	rl_redisplay_function = in_redisplay;
	rl_prep_term_function = in_prep;
	rl_deprep_term_function = in_deprep;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_attempted_completion_function = in_complete;
	rl_completion_display_matches_hook = in_display_matches;
	rl_completer_quote_characters = "'\"";
	rl_completer_word_break_characters = " \t\n";
	/* and every byte the screen shows escaped (\xHH): see in_quote */
	{
		static char qc[256];
		size_t n = 0;
		int ch;

		for (ch = 1; ch < 256; ch++)
			if (ch < 0x20 || ch >= 0x7f ||
			    strchr(" \\\"'#;&|()<>$`*?[]!{}", ch) != NULL)
				qc[n++] = (char)ch;
		rl_filename_quote_characters = qc;
	}
	rl_filename_quoting_function = in_quote;
	rl_filename_dequoting_function = in_dequote;
	rl_char_is_quoted_p = in_is_quoted;
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("show-all-if-ambiguous", "on");
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_variable_bind("echo-control-characters", "off");
	rl_variable_bind("horizontal-scroll-mode", "on");
	rl_variable_bind("revert-all-at-newline", "on");
	rl_set_screen_size(ui->rows > 0 ? ui->rows : 24, ui->cols > 0 ?
	    ui->cols : 80);

	using_history();
	stifle_history(UI_HISTORY);
	in.hist = xdg_path(true, "history", true);
	if (in.hist != NULL && read_history(in.hist) != 0 && errno != ENOENT)
		ui_message(ui, APP_WARN, _("cannot read the history %s: %s"),
		    in.hist, strerror(errno));

	rl_callback_handler_install("jangada> ", in_line);
	/* the keys a terminal sends, whatever the inputrc says */
	rl_bind_keyseq("\033[A", rl_get_previous_history);
	rl_bind_keyseq("\033[B", rl_get_next_history);
	rl_bind_keyseq("\033[C", rl_forward_char);
	rl_bind_keyseq("\033[D", rl_backward_char);
	rl_bind_keyseq("\033[H", rl_beg_of_line);
	rl_bind_keyseq("\033[F", rl_end_of_line);
	rl_bind_keyseq("\033[3~", rl_delete);
	rl_bind_keyseq("\033[1;5C", rl_forward_word);
	rl_bind_keyseq("\033[1;5D", rl_backward_word);
}

/* Let readline go; keep the history file short. */
void
input_free(struct ui *ui)
{
	rl_callback_handler_remove();
	if (in.hist != NULL) {
		history_truncate_file(in.hist, UI_HISTORY);
		free(in.hist);
		in.hist = NULL;
	}
	clear_history();
	comp_reset();
	free(in.comp_line);
	in.comp_line = NULL;
	input_matches_clear(ui);
	if (in.null_in != NULL)
		fclose(in.null_in);
	if (in.null_out != NULL)
		fclose(in.null_out);
	rl_instream = rl_outstream = NULL;
	in.null_in = in.null_out = NULL;
	in.ui = NULL;
}

/* ------------------------------------------------------------ keys */

/* Feed bytes to readline, one rl_callback_read_char per byte read. */
static void
feed(const void *p, size_t n)
{
	if (n > sizeof in.pend)
		return;
	memcpy(in.pend, p, n);
	in.npend = n;
	in.pos = 0;
	while (in.pos < in.npend && in.ui != NULL)
		rl_callback_read_char();
	in.npend = in.pos = 0;
}

/* A key for the command line. */
void
input_key(struct ui *ui, const struct ui_key *k)
{
	const char *seq = NULL;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;

	if (!ui_key_is(k, '\t'))
		input_matches_clear(ui);
	if (k->code) {
		switch (k->ch) {
		case KEY_UP:
			seq = "\033[A";
			break;
		case KEY_DOWN:
			seq = "\033[B";
			break;
		case KEY_RIGHT:
			seq = "\033[C";
			break;
		case KEY_LEFT:
			seq = "\033[D";
			break;
		case KEY_HOME:
			seq = "\033[H";
			break;
		case KEY_END:
			seq = "\033[F";
			break;
		case KEY_DC:
			seq = "\033[3~";
			break;
		case KEY_BACKSPACE:
			seq = "\177";
			break;
		case KEY_ENTER:
			seq = "\r";
			break;
		default: {
			const char *name = keyname((int)k->ch);

			if (name != NULL && strcmp(name, "kRIT5") == 0)
				seq = "\033[1;5C";
			else if (name != NULL && strcmp(name, "kLFT5") == 0)
				seq = "\033[1;5D";
			break;
		}
		}
		if (seq != NULL)
			feed(seq, strlen(seq));
		ui->dirty_cmd = true;
		return;
	}
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)k->ch, &st);
	if (n != (size_t)-1)
		feed(mb, n);
	ui->dirty_cmd = true;
}

/* The prompt ("jangada> ", or a console session's). */
void
input_set_prompt(struct ui *ui, const char *prompt)
{
	rl_set_prompt(prompt);
	ui->dirty_cmd = true;
}

/* Empty the line (and leave a search). */
void
input_clear(struct ui *ui)
{
	rl_callback_sigcleanup();
	rl_replace_line("", 1);
	rl_point = rl_end = 0;
	rl_mark = 0;
	/* the next Up starts again from the newest line */
	history_set_pos(history_length);
	in.scroll = 0;
	input_matches_clear(ui);
	ui->dirty_cmd = true;
}

/* Is the line empty? */
bool
input_empty(struct ui *ui)
{
	return rl_end == 0;
}

/* Is a history search going on (Esc ends it there)? */
bool
input_searching(struct ui *ui)
{
	return RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH) != 0;
}

/* The screen changed size. */
void
input_resize(struct ui *ui)
{
	rl_set_screen_size(ui->rows, ui->cols);
	ui->dirty_cmd = true;
}

/* ------------------------------------------------------------ draw */

/* One cell group of the line: a character or its visible escape. */
struct cell {
	wchar_t		 wc[3];
	int		 w;
	size_t		 byte;		/* where it starts in the line */
};

/* Cut the line into cells (control characters as ^X). */
static struct cell *
cells_of(const char *s, size_t len, size_t *n)
{
	struct cell *c = xreallocarray(NULL, len + 1, sizeof *c);
	mbstate_t st;
	wchar_t wc;
	size_t i = 0, k;
	int w;

	memset(&st, 0, sizeof st);
	*n = 0;
	while (i < len) {
		k = mbrtowc(&wc, s + i, len - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			wc = (unsigned char)s[i];
			k = 1;
			if (wc >= 0x80)
				wc = L'?';
		}
		memset(&c[*n], 0, sizeof c[*n]);
		c[*n].byte = i;
		if (wc < 0x20 || wc == 0x7f) {
			c[*n].wc[0] = L'^';
			c[*n].wc[1] = wc == 0x7f ? L'?' : (wchar_t)(wc + 0x40);
			c[*n].w = 2;
		} else if ((w = wcwidth(wc)) < 0 || (wc >= 0x80 &&
		    wc < 0xa0)) {
			c[*n].wc[0] = L'?';
			c[*n].w = 1;
		} else {
			c[*n].wc[0] = wc;
			c[*n].w = w;
		}
		(*n)++;
		i += k;
	}
	return c;
}

/* Draw the prompt and the line on row y; the cursor's column. */
int
input_draw(struct ui *ui, int y, int w)
{
	const char *prompt = rl_display_prompt != NULL ? rl_display_prompt :
	    "";
	struct cell *c;
	char *p;
	size_t n, i;
	int pw, avail, cur = 0, total = 0, col, x;

	/* our prompts are display-safe; a search prompt holds what is typed */
	p = san_is_clean(prompt, strlen(prompt)) ? xstrdup(prompt) :
	    ui_sanc(prompt);
	pw = draw_width(p);
	if (pw > w / 2) {
		pw = w / 2;
	}
	draw_blank(y, 0, w, UC_NORMAL, A_NORMAL);
	draw_text(y, 0, pw, p, ui->console_input ? UC_SENT : UC_TITLE,
	    A_NORMAL, false);
	free(p);
	avail = w - pw - 1;
	if (avail < 1)
		return pw;
	c = cells_of(rl_line_buffer, (size_t)rl_end, &n);
	for (i = 0; i < n; i++) {
		if (c[i].byte < (size_t)rl_point)
			cur += c[i].w;
		total += c[i].w;
	}
	/* scroll sideways so the cursor stays in view */
	if (cur < in.scroll)
		in.scroll = cur > avail / 4 ? cur - avail / 4 : 0;
	if (cur - in.scroll >= avail)
		in.scroll = cur - avail + 1 + avail / 4;
	if (in.scroll > 0 && total - in.scroll < avail - 1)
		in.scroll = total - avail + 1 > 0 ? total - avail + 1 : 0;
	attr_set(A_NORMAL, 0, NULL);
	for (i = 0, col = 0; i < n; i++) {
		x = col - in.scroll;
		col += c[i].w;
		if (x < 0 || x + c[i].w > avail) {
			/* a wide character cut by either edge: spaces */
			if (x + c[i].w > 0 && x < avail)
				mvhline(y, pw + (x < 0 ? 0 : x), ' ',
				    x < 0 ? x + c[i].w : avail - x);
			continue;
		}
		if (c[i].wc[0] == L'^' && c[i].w == 2)
			attr_set(A_REVERSE, 0, NULL);
		mvaddnwstr(y, pw + x, c[i].wc, (int)wcslen(c[i].wc));
		attr_set(A_NORMAL, 0, NULL);
	}
	free(c);
	return pw + cur - in.scroll;
}

/* The list of matches being shown, or NULL. */
char **
input_matches(struct ui *ui, size_t *n)
{
	*n = ui->nmatches;
	return ui->matches;
}

/* Stop showing the list of matches. */
void
input_matches_clear(struct ui *ui)
{
	size_t i;

	if (ui->matches == NULL)
		return;
	for (i = 0; i < ui->nmatches; i++)
		free(ui->matches[i]);
	free(ui->matches);
	ui->matches = NULL;
	ui->nmatches = 0;
	ui->dirty_all = true;
}
