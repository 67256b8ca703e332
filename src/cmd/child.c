/*
 * child.c: child processes of commands (see child.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/child.h"
#include "ev/loop.h"

struct child {
	struct child	*next;
	struct app	*app;
	pid_t		 pid;
	bool		 terminal;	/* has the screen suspended */
	bool		 pgrp;		/* the terminal's foreground group */
	child_done_cb	 done;		/* NULL: stopped */
	void		*arg;
};

static struct child	*children;
static bool		 watching;

/* Take the terminal back and bring the screen back. */
static void
child_untake(struct child *ch)
{
	sigset_t block, old;

	if (ch->pgrp) {
		/* We are a background group now: SIGTTOU would stop us. */
		sigemptyset(&block);
		sigaddset(&block, SIGTTOU);
		sigprocmask(SIG_BLOCK, &block, &old);
		tcsetpgrp(STDIN_FILENO, getpgrp());
		sigprocmask(SIG_SETMASK, &old, NULL);
		ch->pgrp = false;
	}
	if (ch->terminal) {
		ch->terminal = false;
		if (ch->app->hooks.suspend != NULL)
			ch->app->hooks.suspend(ch->app, false,
			    ch->app->hooks_arg);
	}
}

/* SIGCHLD: reap every child of ours that ended. */
static void
on_sigchld(int signo, void *arg)
{
	struct child **pp, *ch;
	int st;
	pid_t r;

again:
	for (pp = &children; (ch = *pp) != NULL; pp = &ch->next) {
		r = waitpid(ch->pid, &st, WNOHANG | WUNTRACED);
		if (r == 0 || (r == -1 && errno == EINTR))
			continue;
		if (r > 0 && WIFSTOPPED(st)) {
			/*
			 * Ctrl-Z: jangada has no job control to offer, and a
			 * stopped child would hold the terminal forever: on.
			 */
			kill(-ch->pid, SIGCONT);
			continue;
		}
		*pp = ch->next;
		child_untake(ch);
		if (ch->done != NULL)
			ch->done(ch->arg, r == -1 ? 127 << 8 : st);
		free(ch);
		goto again;	/* the callback may have changed the list */
	}
}

/* In the child: the state a program expects, then exec. */
static void __attribute__((noreturn))
child_exec(char *const argv[], int dirfd, int in_fd, bool fg)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP,
	    SIGPIPE, SIGCHLD, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM,
	    SIGUSR1, SIGUSR2 };
	sigset_t none, ttou;
	size_t i;
	int fd;

	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	/* A group of its own, to be stopped whole (sh -c forks). */
	setpgid(0, 0);
	if (fg) {
		sigemptyset(&ttou);
		sigaddset(&ttou, SIGTTOU);
		sigprocmask(SIG_BLOCK, &ttou, NULL);
		tcsetpgrp(STDIN_FILENO, getpid());
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (in_fd == -1 && !isatty(STDIN_FILENO))
		in_fd = open("/dev/null", O_RDONLY);
	if (in_fd != -1 && in_fd != STDIN_FILENO) {
		dup2(in_fd, STDIN_FILENO);
		close(in_fd);
	}
	/* The app's local directory (ours never moves), before its
	   descriptor is closed with the others. */
	if (dirfd != -1 && fchdir(dirfd) == -1) {
		fd = errno;
		dprintf(STDERR_FILENO, "%s\n", strerror(fd));
		_exit(126);
	}
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0) == -1)
#endif
		for (fd = 3; fd < 1024; fd++)
			close(fd);
	execvp(argv[0], argv);
	fd = errno;
	dprintf(STDERR_FILENO, "%s: %s\n", argv[0], strerror(fd));
	_exit(fd == ENOENT ? 127 : 126);
}

struct child *
child_run(struct app *app, char *const argv[], int in_fd, bool terminal,
    child_done_cb done, void *arg, char *err, size_t errlen)
{
	struct child *ch;
	bool pgrp;
	pid_t pid;

	if (!watching) {
		if (ev_signal_watch(app->loop, SIGCHLD, on_sigchld, NULL) ==
		    -1) {
			snprintf(err, errlen, "%s", strerror(errno));
			return NULL;
		}
		watching = true;
	}
	/* The terminal's foreground goes to the child when we have it. */
	pgrp = terminal && isatty(STDIN_FILENO) &&
	    tcgetpgrp(STDIN_FILENO) == getpgrp();
	terminal = terminal && app->hooks.suspend != NULL;
	if (terminal)
		app->hooks.suspend(app, true, app->hooks_arg);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		if (terminal)
			app->hooks.suspend(app, false, app->hooks_arg);
		return NULL;
	}
	if (pid == 0)
		child_exec(argv, app_lcwd_fd(app), in_fd, pgrp);
	setpgid(pid, pid);
	if (pgrp)
		tcsetpgrp(STDIN_FILENO, pid);
	log_info("child %ld: %s", (long)pid, argv[0]);
	ch = xcalloc(1, sizeof *ch);
	ch->app = app;
	ch->pid = pid;
	ch->terminal = terminal;
	ch->pgrp = pgrp;
	ch->done = done;
	ch->arg = arg;
	ch->next = children;
	children = ch;
	return ch;
}

void
child_stop(struct child *ch)
{
	if (ch == NULL)
		return;
	ch->done = NULL;
	/* SIGHUP too: an interactive shell ignores SIGTERM. */
	kill(-ch->pid, SIGHUP);
	kill(-ch->pid, SIGTERM);
	kill(-ch->pid, SIGCONT);
	child_untake(ch);
}

void
child_status_text(int st, char *out, size_t outlen)
{
	if (WIFEXITED(st))
		snprintf(out, outlen, _("exit status %d"), WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(out, outlen, _("killed by signal %d"), WTERMSIG(st));
	else
		snprintf(out, outlen, "%s", _("ended"));
}
