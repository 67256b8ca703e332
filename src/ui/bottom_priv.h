/*
 * bottom_priv.h: what the bottom pane's files share, lowest first:
 * bottom_model.c (the model: the rings of lines, the protocol log's
 * feed, the view shown); each view, a struct bot_view of its own file:
 * bottom_xfer.c (the transfer queue), bottom_log.c (the protocol log),
 * bottom_con.c (the console sessions); bottom.c (the pane: the tabs,
 * its keys, switching between the views).
 */
#ifndef JANGADA_UI_BOTTOM_PRIV_H
#define JANGADA_UI_BOTTOM_PRIV_H

#include "ui/ui_priv.h"

struct line {
	enum ui_color	 c;
	char		*text;
};

/* A bounded ring of lines; the oldest goes first. */
struct ring {
	struct line	*l;
	size_t		 cap, start, n;
};

/* The lines of one console session. */
struct conview {
	unsigned	 id;
	char		*name;		/* display-safe */
	struct ring	 lines;
	uint64_t	 used;		/* for dropping the oldest view */
	bool		 closed;
};

struct bottom {
	struct ui_pane	 pane;
	struct ring	 log;
	size_t		 log_back;	/* lines scrolled back from the end */
	size_t		 xcur, xtop;
	bool		 xfollow;
	struct conview	 cons[APP_MAX_CONS];
	unsigned	 con_shown;	/* id of the view shown, 0 none */
	size_t		 con_back;
	uint64_t	 con_clock;
};

/* A view of the bottom pane. */
struct bot_view {
	void	(*draw)(struct ui *, struct bottom *, const struct ui_rect *);
	/* a key (h: rows shown); true if it was used */
	bool	(*key)(struct ui *, struct bottom *, size_t h,
		    const struct ui_key *);
	/* the note at the right of the tabs row (out is "" before) */
	void	(*note)(struct ui *, struct bottom *, char *out, size_t len);
};

extern const struct bot_view bot_transfers, bot_protocol, bot_console;

/* The model of the bottom pane. */
static inline struct bottom *
bot_model(struct ui *ui)
{
	return ui->panes[FOCUS_BOTTOM]->model;
}

/* bottom_model.c */
void	 ring_init(struct ring *, size_t cap);
void	 ring_free(struct ring *);
bool	 ring_push(struct ring *, enum ui_color, char *text);
const struct line *ring_at(const struct ring *, size_t i);
void	 ring_draw(const struct ring *, size_t back, const struct ui_rect *);
/* Scroll a ring view (back: lines from its end) with the list widget. */
bool	 scroll_key(size_t *back, size_t n, size_t h, const struct ui_key *);

/* bottom_con.c */
struct conview *conview_find(struct bottom *, unsigned id);

#endif
