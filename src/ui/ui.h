/*
 * ui.h: the curses interface.
 */
#ifndef JANGADA_UI_UI_H
#define JANGADA_UI_UI_H

#include <stdbool.h>

struct ev_loop;

struct ui_options {
	const char	*host;		/* NULL: not connected */
	const char	*port;
	bool		 no_color;
};

int	ui_run(struct ev_loop *, const struct ui_options *);

#endif
