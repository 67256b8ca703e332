/*
 * batch.c: batch mode (see batch.h).
 *
 * The lines come from -c (split on unquoted ';'), a script file, standard
 * input, or a URL turned into "open" plus "get" (a file) or "ls" (a
 * directory). Each line runs when the one before it has ended; the first
 * failure stops the script unless "set fail-exit off". Output goes to
 * stdout, messages and errors to stderr (with the command that failed); a
 * progress meter is drawn on stderr when it is a terminal.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/batch.h"
#include "ftp/explain.h"
#include "cmd/cmd.h"
#include "cmd/parse.h"
#include "ev/loop.h"

struct batch {
	struct ev_loop		*loop;
	struct app		*app;
	const struct batch_opts	*bo;
	char			**lines;	/* NULL-ended, or NULL: read in */
	size_t			 next;
	FILE			*in;		/* -f / stdin, read a line at a time */
	const char		*in_name;
	int			 in_line;
	struct ev_timer		*kick;
	bool			 done;
	bool			 stop;		/* SIGTERM/SIGHUP: no more lines */
	bool			 now;		/* a second signal: no goodbye */
	int			 signals;	/* SIGINT, SIGTERM, SIGHUP seen */
	int			 status;
	bool			 url_probe;	/* lines[1] waits for open */
	char			*first;		/* bo->open's line, run first */
	char			*second;	/* then this (--resume-queue) */
	bool			 meter;		/* a progress line is shown */
	bool			 tty;
	uint64_t		 meter_ms;
};

/* Clear the progress line before other output. */
static void
meter_clear(struct batch *b)
{
	if (b->meter) {
		fputs("\r\033[K", stderr);
		b->meter = false;
	}
}

/* Output: stdout for results, stderr for the rest. */
static void
b_out(struct app *app, enum app_out kind, const char *text, void *arg)
{
	struct batch *b = arg;

	meter_clear(b);
	if (kind == APP_OUT) {
		/* Only this thread writes stdout (a listing is 100,000 of these). */
		fwrite_unlocked(text, 1, strlen(text), stdout);
		putc_unlocked('\n', stdout);
		return;
	}
	if (kind == APP_INFO && b->bo->quiet)
		return;
	fflush(stdout);
	/* A script's errors say where: "FILE:LINE: get: ..." */
	if (kind == APP_ERROR && b->in != NULL && b->in != stdin)
		fprintf(stderr, "%s:%d: ", b->in_name, b->in_line);
	if (kind == APP_WARN)
		fprintf(stderr, _("warning: %s\n"), text);
	else
		fprintf(stderr, "%s\n", text);
}

/*
 * Before the loop waits: what was printed goes out, so a listing shows
 * while it arrives even through a pipe (one write per pass, not per line).
 */
static void
flush_stdout(void *arg)
{
	fflush(stdout);
}

/* -v: the transcript of every connection on stderr. */
static void
b_transcript(struct app *app, int conn, bool sent, const char *line,
    void *arg)
{
	struct batch *b = arg;

	if (!b->bo->verbose)
		return;
	meter_clear(b);
	if (conn == 0)
		fprintf(stderr, "%s %s\n", sent ? "-->" : "<--", line);
	else
		fprintf(stderr, "[%d] %s %s\n", conn, sent ? "-->" : "<--",
		    line);
	if (app->opts.explain) {
		char *e = ftp_explain(sent, line);

		if (e != NULL)
			fprintf(stderr, "%s    = %s\n", conn == 0 ? "" :
			    "    ", e);
		free(e);
	}
}

/* The progress meter: one line on stderr, at most ten times a second. */
static void
b_job(struct app *app, const struct xq_job *j, void *arg)
{
	struct batch *b = arg;
	char done[32], total[32], rate[32], eta[32] = "";
	const char *name;
	uint64_t now = ev_clock_ms();

	if (!b->tty || b->bo->quiet || !app->opts.progress || j->is_dir)
		return;
	if (j->state != XQ_ACTIVE) {
		meter_clear(b);
		return;
	}
	if (now - b->meter_ms < 100)
		return;
	b->meter_ms = now;
	name = strrchr(j->kind == XQ_GET ? j->remote : j->local, '/');
	name = name != NULL ? name + 1 : j->kind == XQ_GET ? j->remote :
	    j->local;
	str_human_size(done, sizeof done, j->done);
	str_human_size(total, sizeof total, j->total);
	str_human_size(rate, sizeof rate, (uint64_t)j->rate);
	if (j->eta >= 0)
		snprintf(eta, sizeof eta, _("  ETA %d:%02d"), j->eta / 60,
		    j->eta % 60);
	fprintf(stderr, "\r\033[K%.40s  %3d%%  %s/%s  %s/s%s",
	    name, j->total ? (int)(j->done * 100 / j->total) : 0, done,
	    j->total ? total : "?", rate, eta);
	b->meter = true;
}

/* Read a secret from the terminal without echo. */
static void
b_secret(struct app *app, const char *prompt, app_secret_cb cb, void *cbarg,
    void *arg)
{
	struct batch *b = arg;
	struct termios old, raw;
	char line[1024];
	FILE *tty;
	int fd, ok;

	meter_clear(b);
	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) == -1 ||
	    (tty = fdopen(fd, "r+")) == NULL) {
		if (fd != -1)
			close(fd);
		cb(app, NULL, cbarg);
		return;
	}
	fputs(prompt, tty);
	fflush(tty);
	tcgetattr(fd, &old);
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	tcsetattr(fd, TCSAFLUSH, &raw);
	ok = fgets(line, sizeof line, tty) != NULL;
	tcsetattr(fd, TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	if (ok) {
		line[strcspn(line, "\r\n")] = '\0';
		cb(app, line, cbarg);
	} else
		cb(app, NULL, cbarg);
	explicit_bzero(line, sizeof line);
}

/*
 * A yes/no question (rm -r): only when the commands are typed at a
 * terminal; a script or a pipe has nobody to answer (-1).
 */
static void
b_yesno(struct app *app, const char *question, app_yesno_cb cb, void *cbarg,
    void *arg)
{
	struct batch *b = arg;
	char line[64];
	FILE *tty;
	int fd;

	meter_clear(b);
	if (!isatty(STDIN_FILENO) || (fd = open("/dev/tty", O_RDWR |
	    O_CLOEXEC | O_NOCTTY)) == -1) {
		cb(app, -1, cbarg);
		return;
	}
	if ((tty = fdopen(fd, "r+")) == NULL) {
		close(fd);
		cb(app, -1, cbarg);
		return;
	}
	fflush(stdout);
	fprintf(tty, "%s %s ", question, _("[y/N]"));
	fflush(tty);
	if (fgets(line, sizeof line, tty) == NULL)
		line[0] = '\0';
	fclose(tty);
	cb(app, rpmatch(line) == 1 ? 1 : 0, cbarg);
}

/* A bad line of the config file. */
static void
config_bad(const char *path, int line, const char *msg, void *arg)
{
	struct app *app = arg;

	app_out(app, APP_WARN, "%s:%d: %s", path, line, msg);
}

/* One "set NAME VALUE" (or "alias NAME TEXT") of the config file. */
static int
config_set(const char *name, const char *value, char *err, size_t errlen,
    void *arg)
{
	struct app *app = arg;

	if (strncmp(name, "alias ", 6) == 0)
		return cmd_alias_define(name + 6, value, err, errlen);
	if (strncmp(name, "bind ", 5) == 0)
		return app->hooks.bind == NULL ? 0 : app->hooks.bind(app,
		    name + 5, value, err, errlen, app->hooks_arg);
	return app_opt_set(app, name, value, err, errlen);
}

/* Read $XDG_CONFIG_HOME/jangada/config into the app's options. */
void
app_load_config(struct app *app)
{
	char *path = xdg_path(false, "config", false);

	if (path == NULL)
		return;
	if (rc_read_config(path, config_set, config_bad, app) == -1)
		app_out(app, APP_WARN, "%s: %s", path, strerror(errno));
	free(path);
}

static void	batch_next(struct batch *);

/* A line ended. */
static void
line_done(struct cmd_call *c, int status, void *arg)
{
	struct batch *b = arg;

	if (status != CMD_OK) {
		if (b->status != CMD_USAGE)
			b->status = status;
		if (b->app->opts.fail_exit) {
			b->done = true;
			return;
		}
	}
	if (b->app->quit || b->stop) {
		b->done = true;
		return;
	}
	/* The URL's open found a directory (ls) or a file (get it). */
	if (b->url_probe) {
		char *q;

		b->url_probe = false;
		free(b->lines[1]);
		if (b->app->open_file != NULL) {
			q = cmd_quote_word(b->app->open_file);
			b->lines[1] = xasprintf("get -- %s", q);
			free(q);
		} else
			b->lines[1] = xstrdup("ls");
	}
	/* The next line starts from the loop, not from inside this one. */
	ev_timer_start(b->kick, 0);
}

static void
kick_fire(struct ev_timer *t, void *arg)
{
	batch_next(arg);
}

/* The next line of input: from the list, or read from the file. */
static char *
next_line(struct batch *b)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (b->first != NULL) {
		line = b->first;
		b->first = NULL;
		return line;
	}
	if (b->second != NULL) {
		line = b->second;
		b->second = NULL;
		return line;
	}
	if (b->lines != NULL) {
		if (b->lines[b->next] == NULL)
			return NULL;
		return xstrdup(b->lines[b->next++]);
	}
	if (b->in == NULL)
		return NULL;
	n = getline(&line, &cap, b->in);
	if (n == -1) {
		free(line);
		return NULL;
	}
	b->in_line++;
	if (n > LIM_COMMAND * 4) {
		free(line);
		return xstrdup("# line too long");
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

/* Run the next line, or finish. */
static void
batch_next(struct batch *b)
{
	char *line, **cmds, err[512];
	size_t i;

	if ((line = next_line(b)) == NULL) {
		b->done = true;
		return;
	}
	/* A script line may hold several commands: "cd pub; get x". */
	if (strchr(line, ';') != NULL && b->lines == NULL) {
		if (cmd_split_commands(line, &cmds, err, sizeof err) == -1) {
			fprintf(stderr, "%s:%d: %s\n", b->in_name, b->in_line,
			    err);
			free(line);
			b->status = CMD_USAGE;
			b->done = true;
			return;
		}
		free(line);
		/* Run them as a list, then go back to reading. */
		for (i = 0; cmds[i] != NULL; i++)
			;
		b->lines = cmds;
		b->next = 0;
		line = next_line(b);
		if (line == NULL) {
			cmd_argv_free(b->lines);
			b->lines = NULL;
			ev_timer_start(b->kick, 0);
			return;
		}
	}
	if (b->lines != NULL && b->lines[b->next] == NULL && b->in != NULL) {
		cmd_argv_free(b->lines);
		b->lines = NULL;
	}
	cmd_run_line(b->app, line, line_done, b);
	free(line);
}

/*
 * SIGINT (Ctrl-C): interrupt the running command ("NAME: interrupted"):
 * it fails, and the script goes on as after any failure (fail-exit: it
 * stops, status 1; "set fail-exit off": the next line runs, on the same
 * session). With no command running, the script stops. SIGTERM and
 * SIGHUP interrupt the same way and always stop the script. Either way
 * the transfers are cancelled (a .part is never renamed into place) and
 * the session says goodbye. A second signal quits at once, no goodbye.
 */
static void
on_signal(int signo, void *arg)
{
	struct batch *b = arg;
	bool running = b->app->running != NULL;

	meter_clear(b);
	b->status = CMD_FAILED;
	if (++b->signals > 1) {
		b->now = true;
		b->done = true;
	}
	if (signo != SIGINT || !running)
		b->stop = true;
	if (!running && !b->now)
		fprintf(stderr, "%s\n", _("interrupted"));
	cmd_cancel(b->app);
	if (b->stop || b->now)	/* ending: what is unfinished is kept */
		xq_journal_close(b->app->queue);
	xq_cancel_all(b->app->queue);
	if (b->stop || b->now) {
		b->done = true;
		/* A goodbye under way or queued: drop the connection. */
		ftp_cancel(b->app->ftp);
	}
}

/* Turn a URL into lines: open the directory, then get the file or ls. */
static int
url_lines(struct batch *b, const char *s)
{
	struct ftp_url u;
	char err[512], *base, *slash, *open_url, *q, *qo = NULL;
	char **lines = xcalloc(4, sizeof *lines);

	if (url_parse(s, &u, err, sizeof err) == -1) {
		fprintf(stderr, "jangada: %s\n", err);
		free(lines);
		return -1;
	}
	if (u.path_is_dir || *u.path == '\0' || (u.type != 'a' &&
	    b->bo->output == NULL)) {
		if (b->bo->output != NULL) {
			fprintf(stderr, "%s\n", _("jangada: -o needs a URL of a "
			    "file"));
			url_free(&u);
			free(lines);
			return -1;
		}
		/*
		 * A directory, or a path that may be one (no trailing '/'):
		 * open tries CWD, then the parent; line_done picks ls or get.
		 */
		lines[0] = xasprintf("open %s", q = cmd_quote_word(s));
		lines[1] = xstrdup("ls");
		b->url_probe = !u.path_is_dir && *u.path != '\0';
		free(q);
		url_free(&u);
		b->lines = lines;
		return 0;
	}
	slash = strrchr(u.path, '/');
	base = xstrdup(slash ? slash + 1 : u.path);
	/*
	 * Open the URL up to its last '/' (the credentials stay as given:
	 * the open command never logs a line that may hold a password).
	 */
	{
		const char *auth = strstr(s, "://") + 3;
		const char *end = auth + strcspn(auth, ";?#");
		const char *last = end;

		while (last > auth && last[-1] != '/')
			last--;
		open_url = last > auth ? xstrndup(s, (size_t)(last - s)) :
		    xasprintf("%.*s/", (int)(end - s), s);
	}
	lines[0] = xasprintf("open %s", q = cmd_quote_word(open_url));
	free(q);
	q = cmd_quote_word(base);
	if (b->bo->output != NULL)
		qo = cmd_quote_word(b->bo->output);
	lines[1] = xasprintf("get %s%s%s%s", u.type == 'a' ? "-a " : "",
	    qo ? "-o " : "", qo ? qo : "", qo ? " " : "");
	{
		char *l = xasprintf("%s%s", lines[1], q);

		free(lines[1]);
		lines[1] = l;
	}
	free(q);
	free(qo);
	free(base);
	free(open_url);
	url_free(&u);
	b->lines = lines;
	return 0;
}

/* Run batch mode to the end; the exit status. */
int
batch_run(struct ev_loop *loop, const struct batch_opts *bo)
{
	static const struct app_hooks hooks = {
		.out = b_out,
		.transcript = b_transcript,
		.job = b_job,
		.ask_secret = b_secret,
		.ask_yesno = b_yesno
	};
	static char outbuf[64 * 1024];
	struct batch b;
	char err[512];
	uint64_t t0;

	/*
	 * A listing piped on writes 64 KiB at a time, not stdio's 4 KiB
	 * (glibc takes the size only with a buffer of ours).
	 */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	memset(&b, 0, sizeof b);
	b.loop = loop;
	b.bo = bo;
	b.tty = isatty(STDERR_FILENO);
	b.app = app_new(loop, &hooks, &b, true);
	b.app->quiet = bo->quiet;
	b.kick = ev_timer_new(loop, kick_fire, &b);
	if (!bo->no_config)
		app_load_config(b.app);
	app_queue_journal(b.app);
	if (bo->resume_queue)
		b.second = xstrdup("queue resume");
	if (bo->verbose)
		b.app->opts.debug = false;	/* -v prints it already */
	if (bo->tls_trust != NULL)
		(void)app_opt_set(b.app, "tls-trust", bo->tls_trust, err,
		    sizeof err);
	if (bo->tls != NULL)
		(void)app_opt_set(b.app, "tls", bo->tls, err, sizeof err);

	if (bo->commands != NULL) {
		if (cmd_split_commands(bo->commands, &b.lines, err,
		    sizeof err) == -1) {
			fprintf(stderr, "jangada: -c: %s\n", err);
			b.status = CMD_USAGE;
			goto out;
		}
	} else if (bo->url != NULL) {
		if (url_lines(&b, bo->url) == -1) {
			b.status = CMD_USAGE;
			goto out;
		}
	} else if (bo->file != NULL && strcmp(bo->file, "-") != 0) {
		if ((b.in = fopen(bo->file, "re")) == NULL) {
			fprintf(stderr, "jangada: %s: %s\n", bo->file,
			    strerror(errno));
			b.status = CMD_USAGE;
			goto out;
		}
		b.in_name = bo->file;
	} else {
		b.in = stdin;
		b.in_name = "stdin";
	}
	if (bo->open != NULL) {
		/* "URL" or "HOST [PORT]", as main checked it. */
		const char *sp = strstr(bo->open, "://") != NULL ? NULL :
		    strchr(bo->open, ' ');
		char *q1, *q2;

		q1 = sp != NULL ? xstrndup(bo->open, (size_t)(sp - bo->open)) :
		    xstrdup(bo->open);
		q2 = cmd_quote_word(q1);
		b.first = sp != NULL ? xasprintf("open %s %s", q2, sp + 1) :
		    xasprintf("open %s", q2);
		free(q1);
		free(q2);
	}
	ev_signal_watch(loop, SIGINT, on_signal, &b);
	ev_signal_watch(loop, SIGTERM, on_signal, &b);
	ev_signal_watch(loop, SIGHUP, on_signal, &b);
	ev_add_prepare(loop, flush_stdout, NULL);

	batch_next(&b);
	while (!b.done)
		if (ev_run_once(loop, -1) == -1 && errno != EINTR)
			break;

	/* Say goodbye politely, for at most two seconds. */
	if (!b.now && ftp_session_connected(b.app->ftp)) {
		ftp_quit(b.app->ftp, NULL, NULL);
		t0 = ev_clock_ms();
		while (ftp_session_connected(b.app->ftp) &&
		    ev_clock_ms() - t0 < 2000)
			ev_run_once(loop, 100);
	}
out:
	meter_clear(&b);
	fflush(stdout);
	if (b.in != NULL && b.in != stdin)
		fclose(b.in);
	if (b.lines != NULL)
		cmd_argv_free(b.lines);
	secret_free(b.first);
	free(b.second);
	ev_timer_free(b.kick);
	app_free(b.app);
	return b.status;
}
