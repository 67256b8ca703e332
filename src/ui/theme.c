/*
 * theme.c: the colours of the screen, one small table.
 *
 * Each role (directories, links, marked entries, errors, progress, ...)
 * has a colour for 256-colour terminals, one for 8/16-colour terminals,
 * and the attributes it keeps on a monochrome screen (NO_COLOR,
 * --no-color, or a terminal without colours). The default background is
 * the terminal's own.
 */
#include "config.h"

#include <curses.h>

#include "ui/ui_priv.h"

struct theme_entry {
	short		 fg256, bg256;	/* -1: the terminal's default */
	short		 fg16, bg16;
	attr_t		 attr;		/* with colours */
	attr_t		 mono;		/* without */
};

static const struct theme_entry theme[UC_NCOLORS] = {
	[UC_NORMAL] =	{ -1, -1, -1, -1, A_NORMAL, A_NORMAL },
	[UC_FRAME] =	{ 244, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[UC_TITLE] =	{ 255, -1, COLOR_WHITE, -1, A_BOLD, A_BOLD },
	[UC_TAB] =	{ 16, 81, COLOR_BLACK, COLOR_CYAN, A_BOLD,
			  A_REVERSE | A_BOLD },
	[UC_DIR] =	{ 75, -1, COLOR_BLUE, -1, A_BOLD, A_BOLD },
	[UC_LINK] =	{ 80, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[UC_OTHER] =	{ 176, -1, COLOR_MAGENTA, -1, A_NORMAL, A_NORMAL },
	[UC_MARKED] =	{ 220, -1, COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UC_CURSOR] =	{ 16, 110, COLOR_BLACK, COLOR_CYAN, A_NORMAL,
			  A_REVERSE },
	[UC_CURSOR_DIM] = { -1, 238, -1, -1, A_NORMAL, A_UNDERLINE },
	[UC_ERROR] =	{ 203, -1, COLOR_RED, -1, A_BOLD, A_BOLD },
	[UC_WARN] =	{ 214, -1, COLOR_YELLOW, -1, A_NORMAL, A_BOLD },
	[UC_INFO] =	{ 114, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[UC_SENT] =	{ 117, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[UC_RECV] =	{ -1, -1, -1, -1, A_NORMAL, A_NORMAL },
	[UC_DONE] =	{ 114, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[UC_PROGRESS] =	{ 114, -1, COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[UC_BAR_EMPTY] = { 240, -1, COLOR_WHITE, -1, A_NORMAL, A_NORMAL },
	[UC_STATUS] =	{ 231, 24, COLOR_WHITE, COLOR_BLUE, A_NORMAL,
			  A_REVERSE },
	[UC_STATUS_BAD] = { 231, 124, COLOR_WHITE, COLOR_RED, A_BOLD,
			  A_REVERSE | A_BOLD },
	[UC_HINT] =	{ 245, -1, COLOR_WHITE, -1, A_NORMAL, A_DIM },
	[UC_DIALOG] =	{ 231, 238, COLOR_WHITE, COLOR_BLUE, A_NORMAL,
			  A_NORMAL },
	[UC_DIALOG_TITLE] = { 231, 238, COLOR_YELLOW, COLOR_BLUE, A_BOLD,
			  A_BOLD },
	[UC_INPUT] =	{ 231, 236, COLOR_WHITE, COLOR_BLACK, A_NORMAL,
			  A_UNDERLINE },
	/* compare: FileZilla's yellow, green and red; the letter column
	   says the same without colour */
	[UC_CMP_ONLY] =	{ 227, -1, COLOR_YELLOW, -1, A_NORMAL, A_BOLD },
	[UC_CMP_NEWER] = { 114, -1, COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[UC_CMP_OLDER] = { 109, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[UC_CMP_SIZE] =	{ 203, -1, COLOR_RED, -1, A_BOLD, A_UNDERLINE },
};

static bool	theme_color;
static bool	theme_256;

/* Set the colour pairs up (color: colours are wanted and possible). */
void
theme_init(bool color)
{
	const struct theme_entry *t;
	short fg, bg;
	int i;

	theme_color = color;
	if (!color)
		return;
	theme_256 = COLORS >= 256;
	for (i = 1; i < UC_NCOLORS && i < COLOR_PAIRS; i++) {
		t = &theme[i];
		fg = theme_256 ? t->fg256 : t->fg16;
		bg = theme_256 ? t->bg256 : t->bg16;
		init_pair((short)i, fg, bg);
	}
}

/* The colour pair of a role (0 on a monochrome screen). */
short
theme_pair(enum ui_color c)
{
	if (!theme_color || c == UC_NORMAL || (int)c >= COLOR_PAIRS)
		return 0;
	return (short)c;
}

/* The attributes of a role, without its pair. */
attr_t
theme_attr(enum ui_color c)
{
	if ((unsigned)c >= UC_NCOLORS)
		return A_NORMAL;
	return theme_color ? theme[c].attr : theme[c].mono;
}
