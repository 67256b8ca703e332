/*
 * batch.h: batch mode: commands from -c, -f, standard input or a URL, run
 * one after another without a screen.
 */
#ifndef JANGADA_CMD_BATCH_H
#define JANGADA_CMD_BATCH_H

#include <stdbool.h>

struct ev_loop;

struct batch_opts {
	const char	*commands;	/* -c: "cmd; cmd; ..." */
	const char	*file;		/* -f FILE ("-": standard input) */
	const char	*url;		/* a URL to fetch (file) or list (dir) */
	const char	*output;	/* -o: with a file URL; "-" stdout */
	const char	*open;		/* "URL" or "HOST [PORT]": open it
					   before the commands */
	bool		 quiet;		/* -q */
	bool		 verbose;	/* -v: the transcript on stderr */
	bool		 no_config;	/* -n: no config file, no .netrc? */
	bool		 resume_queue;	/* --resume-queue: "queue resume"
					   after the open */
	const char	*tls_trust;	/* --tls-trust: checked SHA256:hex */
	const char	*tls;		/* --tls: off, auto or require */
};

/* Run; returns the exit status (0 done, 1 a command failed, 2 usage). */
int	batch_run(struct ev_loop *, const struct batch_opts *);

/* Load the config file into an app (both front ends). */
struct app;
void	app_load_config(struct app *);

#endif
