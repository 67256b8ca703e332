/*
 * child.h: child processes of commands (!, pipes, edit, the pager), run
 * without blocking the loop (src/cmd only).
 *
 * A child gets the environment as it is (jangada never puts a password
 * there or in an argv), the default disposition of every signal jangada
 * handles or ignores (SIGINT, SIGPIPE, ...), an empty signal mask and no
 * descriptor but 0, 1 and 2. It is reaped from the loop through its
 * SIGCHLD watcher. Every child leads a process group of its own, so
 * stopping it stops what it started too ("sh -c" forks). A child that
 * takes the terminal first suspends the screen (app_hooks.suspend) and,
 * where stdin is a terminal in jangada's hands, becomes the terminal's
 * foreground group, so Ctrl-C and Ctrl-Z reach it and not jangada; the
 * terminal and the screen come back when it ends.
 */
#ifndef JANGADA_CMD_CHILD_H
#define JANGADA_CMD_CHILD_H

#include <stdbool.h>

struct app;
struct child;

/* The child ended: its wait status. */
typedef void	(*child_done_cb)(void *arg, int wstatus);

/*
 * Run argv[0] (searched in PATH) with stdin from in_fd (-1: /dev/null
 * unless stdin is a terminal), stdout and stderr inherited. NULL and err
 * if it could not start.
 */
struct child	*child_run(struct app *, char *const argv[], int in_fd,
		    bool terminal, child_done_cb, void *arg, char *err,
		    size_t errlen);
/* Stop it (SIGTERM): no callback comes; it is reaped later. */
void		 child_stop(struct child *);
/* "exit status 3", "killed by signal 9" for a failed wait status. */
void		 child_status_text(int wstatus, char *out, size_t outlen);

#endif
