/*
 * view_priv.h: the viewer's state, shared by its files, lowest first:
 * view_text.c (the lines, binary or not, case-folded search),
 * view_draw.c (rows, wrap, hex, drawing), view_find.c (search, go to,
 * follow) and view.c (open, close, keys, help). Each calls only the
 * files before it.
 */
#ifndef JANGADA_UI_VIEW_PRIV_H
#define JANGADA_UI_VIEW_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ui;
struct ev_timer;

/* A screen row of wrapped text: a piece of a line. */
struct view_row {
	size_t		 line;
	size_t		 off;		/* bytes into the line */
	size_t		 len;
};

struct ui_view {
	char		*title;		/* display-safe */
	bool		 sanitize;	/* the text came from outside */
	char		*data;		/* the raw bytes (NULL: help) */
	size_t		 len;
	bool		 cut;		/* only the start of the file */
	char		**lines;	/* display-safe, tabs expanded */
	size_t		 n;
	int		 width;		/* the widest line */
	bool		 hex;
	bool		 wrap;
	struct view_row	*rows;		/* wrap: the rows of the lines */
	size_t		 nrows;
	int		 rows_w;	/* the width rows were cut for */
	size_t		 top;		/* the first row shown */
	int		 left;		/* columns scrolled sideways */
	int		 h;		/* text rows at the last draw */
	int		 tw;		/* text columns at the last draw */
	/* search: the pattern and the match shown */
	char		*pat;
	bool		 hit;
	size_t		 hit_line;	/* text: line and byte; hex: offset */
	size_t		 hit_off;
	char		*note;		/* "not found", ...: the bottom line */
	/* follow a growing local file */
	char		*path;
	bool		 follow;
	struct ev_timer	*timer;
	uint64_t	 size;		/* bytes of the file read so far */
};

#define VIEW_HEX_BYTES	16

/* view_text.c: cut v->data (or the text) into lines again. */
void	 view_build(struct ui_view *, const char *text);
/* Free the lines (and the wrapped rows cut from them). */
void	 view_lines_free(struct ui_view *);
/* Is this text binary (NULs, or many control bytes)? */
bool	 view_is_binary(const void *, size_t);
/* ASCII-case-folded search of pat (plen bytes) in s (len bytes). */
const char *view_find_ci(const char *s, size_t len, const char *pat,
	    size_t plen);

/* view_draw.c */
size_t	 view_nrows(struct ui_view *);
void	 view_make_rows(struct ui_view *, int tw);
/* The first row showing byte off of line (text) or offset off (hex). */
size_t	 view_row_of(struct ui_view *, size_t line, size_t off);
/* Bring row into sight. */
void	 view_show_row(struct ui_view *, size_t row);

/* view_find.c */
void	 view_search_ask(struct ui *);
void	 view_search_next(struct ui *, bool back);
void	 view_goto_ask(struct ui *);
void	 view_follow_toggle(struct ui *);
void	 view_follow_stop(struct ui_view *);

#endif
