/*
 * bind.c: the user's key bindings, "bind KEY ACTION" lines of the config
 * file (see keymap.h).
 *
 * A binding adds KEY to every context of the key table where ACTION
 * works, ahead of the table: keymap_find asks the bindings first, so a
 * key bound again means the new action, and the help overlay and
 * --dump-keys list it under the action's entry (and no longer under the
 * one the table gave it). The action "none" takes a key away everywhere.
 * Key names are the ones the help shows: F1..F12, Ctrl-X (C-x, ^X), Up,
 * Down, Left, Right, PgUp, PgDn, Home, End, Enter, Tab, Shift-Tab, Space,
 * Backspace, Delete, Insert, Esc, or one character.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/str.h"
#include "cmd/parse.h"
#include "ui/keymap.h"
#include "ui/ui_priv.h"

struct ubind {
	int		 key;
	bool		 code;
	enum ui_kctx	 ctx;		/* KX_N: every context (none) */
	enum ui_act	 act;
	char		 name[24];	/* as the help writes it */
};

static struct ubind binds[LIM_UI_BINDS];
static size_t nbinds;

/* The actions' names in the config file. */
static const struct {
	const char	*name;
	enum ui_act	 act;
} acts[] = {
	{ "none", KA_NONE },
	{ "up", KA_UP }, { "down", KA_DOWN },
	{ "page-up", KA_PGUP }, { "page-down", KA_PGDN },
	{ "home", KA_HOME }, { "end", KA_END },
	{ "left", KA_LEFT }, { "right", KA_RIGHT },
	{ "interrupt", KA_INTERRUPT }, { "redraw", KA_REDRAW },
	{ "help", KA_HELP }, { "quit", KA_QUIT },
	{ "bottom-next", KA_BOTTOM_NEXT },
	{ "console-next", KA_CONSOLE_NEXT },
	{ "next-pane", KA_NEXT_PANE }, { "prev-pane", KA_PREV_PANE },
	{ "command-line", KA_CMDLINE }, { "stop", KA_STOP },
	{ "type", KA_TYPE }, { "show-transfers", KA_SHOW_TRANSFERS },
	{ "show-protocol", KA_SHOW_PROTOCOL },
	{ "show-console", KA_SHOW_CONSOLE }, { "picker", KA_PICKER },
	{ "enter", KA_ENTER }, { "parent", KA_PARENT }, { "mark", KA_MARK },
	{ "copy", KA_COPY }, { "view", KA_VIEW }, { "readme", KA_README },
	{ "mkdir", KA_MKDIR }, { "delete", KA_DELETE },
	{ "filter", KA_FILTER }, { "clear", KA_CLEAR }, { "sort", KA_SORT },
	{ "reverse", KA_REVERSE }, { "refresh", KA_REFRESH },
	{ "mark-pattern", KA_MARK_PATTERN },
	{ "unmark-pattern", KA_UNMARK_PATTERN }, { "invert", KA_INVERT },
	{ "enter-dir", KA_ENTER_DIR }, { "edit", KA_EDIT },
	{ "shell", KA_SHELL }, { "rename", KA_RENAME },
	{ "view-prev", KA_VIEW_PREV }, { "view-next", KA_VIEW_NEXT },
	{ "cancel", KA_JOB_CANCEL }, { "retry", KA_JOB_RETRY },
	{ "pause", KA_JOB_PAUSE }, { "clear-finished", KA_JOB_CLEAR },
	{ "console-type", KA_CONSOLE_TYPE }, { "explain", KA_EXPLAIN },
	{ "close", KA_CLOSE }, { "search", KA_V_SEARCH },
	{ "next-match", KA_V_NEXT }, { "prev-match", KA_V_PREV },
	{ "goto", KA_V_GOTO }, { "hex", KA_V_HEX }, { "wrap", KA_V_WRAP },
	{ "follow", KA_V_FOLLOW }, { "mark-all", KA_MARK_ALL },
	{ "unmark-all", KA_UNMARK }, { "compare", KA_COMPARE },
	{ "sync-browse", KA_SYNC_BROWSE }, { "chmod", KA_CHMOD },
	{ "job-up", KA_JOB_UP }, { "job-down", KA_JOB_DOWN },
	{ "job-top", KA_JOB_TOP }, { "job-bottom", KA_JOB_BOTTOM },
	{ "priority-up", KA_JOB_PRIO_UP },
	{ "priority-down", KA_JOB_PRIO_DOWN },
};

#define NACTS	(sizeof acts / sizeof acts[0])

/* Keys named by a word. */
static const struct {
	const char	*name;
	int		 key;
	bool		 code;
} named[] = {
	{ "Up", KEY_UP, true }, { "Down", KEY_DOWN, true },
	{ "Left", KEY_LEFT, true }, { "Right", KEY_RIGHT, true },
	{ "PgUp", KEY_PPAGE, true }, { "PgDn", KEY_NPAGE, true },
	{ "PageUp", KEY_PPAGE, true }, { "PageDown", KEY_NPAGE, true },
	{ "Home", KEY_HOME, true }, { "End", KEY_END, true },
	{ "Enter", '\r', false }, { "Return", '\r', false },
	{ "Tab", '\t', false }, { "Shift-Tab", KEY_BTAB, true },
	{ "Space", ' ', false }, { "Backspace", KEY_BACKSPACE, true },
	{ "Delete", KEY_DC, true }, { "Del", KEY_DC, true },
	{ "Insert", KEY_IC, true }, { "Esc", UI_ESC, false },
	{ "Escape", UI_ESC, false },
};

/*
 * Parse a key name into *key, *code and its name as the help writes it.
 * -1: not a key name.
 */
static int
parse_key(const char *s, int *key, bool *code, char *name, size_t len)
{
	const char *c = NULL;
	unsigned long n;
	char *end;
	wchar_t wc;
	mbstate_t mb;
	size_t i, k;

	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcasecmp(s, named[i].name) == 0) {
			*key = named[i].key;
			*code = named[i].code;
			str_lcpy(name, named[i].name, len);
			return 0;
		}
	if ((s[0] == 'F' || s[0] == 'f') && isdigit((unsigned char)s[1])) {
		n = strtoul(s + 1, &end, 10);
		if (*end != '\0' || n < 1 || n > 12)
			return -1;
		*key = KEY_F((int)n);
		*code = true;
		snprintf(name, len, "F%lu", n);
		return 0;
	}
	if (strncasecmp(s, "Ctrl-", 5) == 0)
		c = s + 5;
	else if (strncasecmp(s, "C-", 2) == 0)
		c = s + 2;
	else if (s[0] == '^' && s[1] != '\0')
		c = s + 1;
	if (c != NULL) {
		int ch = toupper((unsigned char)c[0]);

		if (c[1] != '\0' || ch < '@' || ch > '_')
			return -1;
		*key = UI_CTRL(ch);
		*code = false;
		snprintf(name, len, "Ctrl-%c", ch);
		return 0;
	}
	/* one character, printable */
	memset(&mb, 0, sizeof mb);
	k = mbrtowc(&wc, s, strlen(s), &mb);
	if (k == 0 || k == (size_t)-1 || k == (size_t)-2 || s[k] != '\0' ||
	    !iswprint((wint_t)wc) || wc == L' ' || k >= len)
		return -1;
	*key = (int)wc;
	*code = false;
	str_lcpy(name, s, len);
	return 0;
}

/* Add a binding, replacing one of the same key and context. */
static int
add(int key, bool code, enum ui_kctx ctx, enum ui_act act, const char *name)
{
	size_t i;

	for (i = 0; i < nbinds; i++)
		if (binds[i].key == key && binds[i].code == code &&
		    binds[i].ctx == ctx)
			break;
	if (i == nbinds) {
		if (nbinds == LIM_UI_BINDS)
			return -1;
		nbinds++;
	}
	binds[i].key = key;
	binds[i].code = code;
	binds[i].ctx = ctx;
	binds[i].act = act;
	str_lcpy(binds[i].name, name, sizeof binds[i].name);
	return 0;
}

/* bind KEY ACTION (see keymap.h). */
int
keymap_bind(const char *keyname, const char *action, char *err,
    size_t errlen)
{
	const struct ui_keydef *t;
	char name[24];
	bool code, done[KX_N], printable;
	size_t i, n;
	int key;
	enum ui_act act;
	enum ui_kctx ctx;

	if (parse_key(keyname, &key, &code, name, sizeof name) == -1) {
		snprintf(err, errlen, _("unknown key name: %s (F1..F12, "
		    "Ctrl-X, Up, PgUp, Enter, Tab, Space, a letter...)"),
		    keyname);
		return -1;
	}
	for (i = 0; i < NACTS; i++)
		if (strcmp(acts[i].name, action) == 0)
			break;
	if (i == NACTS) {
		snprintf(err, errlen, _("unknown action: %s"), action);
		return -1;
	}
	act = acts[i].act;
	if (act == KA_NONE) {
		if (add(key, code, KX_N, KA_NONE, name) == -1)
			goto full;
		return 0;
	}
	/* the key works in every context the action works in */
	memset(done, 0, sizeof done);
	printable = !code && key >= ' ';
	t = keymap_table(&n);
	for (i = 0; i < n; i++) {
		ctx = t[i].ctx;
		if (t[i].act != act || ctx == KX_LINE)
			continue;
		/* a character typed on the command line stays a character */
		if (ctx == KX_SCREEN && printable)
			ctx = KX_PANES;
		if (done[ctx])
			continue;
		done[ctx] = true;
		if (add(key, code, ctx, act, name) == -1)
			goto full;
	}
	return 0;
full:
	snprintf(err, errlen, _("too many bindings (at most %d)"),
	    LIM_UI_BINDS);
	return -1;
}

/* The user's binding of a key in a context: its action, or -1. */
int
keymap_user(const struct ui_key *k, enum ui_kctx ctx)
{
	size_t i;

	for (i = 0; i < nbinds; i++)
		if ((binds[i].ctx == ctx || binds[i].ctx == KX_N) &&
		    binds[i].code == k->code && (wint_t)binds[i].key == k->ch)
			return (int)binds[i].act;
	return -1;
}

/* Did the user bind the key in the context? */
bool
keymap_user_bound(const struct ui_key *k, enum ui_kctx ctx)
{
	return keymap_user(k, ctx) != -1;
}

/* Is the table's key taken away from it in the context by a binding? */
bool
keymap_user_hides(int key, bool code, enum ui_kctx ctx)
{
	struct ui_key k;

	k.ch = (wint_t)key;
	k.code = code;
	return keymap_user(&k, ctx) != -1;
}

/* Append the names of the keys bound to (ctx, act) to names. */
void
keymap_user_names(enum ui_kctx ctx, enum ui_act act, char *names,
    size_t len)
{
	size_t i, nl;
	const char *p;

	for (i = 0; i < nbinds; i++) {
		/* a letter bound to a screen-wide action works in the panes */
		if ((binds[i].ctx != ctx && (ctx != KX_SCREEN ||
		    binds[i].ctx != KX_PANES)) || binds[i].act != act)
			continue;
		/* once, even when two contexts of an entry have it */
		nl = strlen(binds[i].name);
		for (p = strstr(names, binds[i].name); p != NULL;
		    p = strstr(p + 1, binds[i].name))
			if ((p == names || p[-1] == ' ') && (p[nl] == '\0' ||
			    p[nl] == ','))
				break;
		if (p != NULL)
			continue;
		if (names[0] != '\0')
			str_lcat(names, ", ", len);
		str_lcat(names, binds[i].name, len);
	}
}

/* Forget every binding (tests, a config read again). */
void
keymap_unbind_all(void)
{
	nbinds = 0;
}

/* The app's bind hook: a "bind KEY ACTION" line of the config file. */
int
ui_h_bind(struct app *app, const char *key, const char *action, char *err,
    size_t errlen, void *arg)
{
	return keymap_bind(key, action, err, errlen);
}

/* A bind line of the config file read by keymap_bind_config. */
static int
config_bind(const char *name, const char *value, char *err, size_t errlen,
    void *arg)
{
	if (strncmp(name, "bind ", 5) != 0)
		return 0;		/* the screen's business, not ours */
	return keymap_bind(name + 5, value, err, errlen);
}

/* A bad line of it. */
static void
config_bad(const char *path, int line, const char *msg, void *arg)
{
	fprintf(arg, "%s:%d: %s\n", path, line, msg);
}

/* The config file's bindings, for --dump-keys (errors to fp). */
void
keymap_bind_config(FILE *fp)
{
	char *path = xdg_path(false, "config", false);

	if (path == NULL)
		return;
	if (rc_read_config(path, config_bind, config_bad, fp) == -1)
		fprintf(fp, "%s: %s\n", path, strerror(errno));
	free(path);
}
