/*
 * ui.h: the curses interface.
 */
#ifndef JANGADA_UI_UI_H
#define JANGADA_UI_UI_H

#include <stdbool.h>

struct ev_loop;

struct ui_options {
	const char	*open;		/* "URL" or "HOST PORT" to open, or NULL */
	bool		 no_color;
	bool		 no_config;
};

int	ui_run(struct ev_loop *, const struct ui_options *);

#endif
