/*
 * ui.h: the full-screen interface (ncursesw and GNU readline).
 *
 * ui_run draws the split-pane screen and runs the loop until the user
 * quits. It is a front end of the command language exactly as batch mode
 * is: every key action runs a command through cmd_run_line.
 */
#ifndef JANGADA_UI_UI_H
#define JANGADA_UI_UI_H

#include <stdbool.h>
#include <stdio.h>

struct ev_loop;

struct ui_options {
	const char	*open;		/* "URL" or "HOST PORT", or NULL */
	bool		 no_color;	/* --no-color (NO_COLOR is read too) */
	bool		 no_config;	/* -n: no config file */
	const char	*tls_trust;	/* --tls-trust: checked SHA256:hex */
	const char	*tls;		/* --tls: off, auto or require */
};

/*
 * The key table as CONTEXT<TAB>KEYS<TAB>help lines (--dump-keys), with
 * the bindings of the config file when config (its bad bind lines to
 * stderr as FILE:LINE: message).
 */
void	ui_dump_keys(FILE *, bool config);

/* Run the screen until the user quits; 0, or -1 if there is no screen. */
int	ui_run(struct ev_loop *, const struct ui_options *);

#endif
