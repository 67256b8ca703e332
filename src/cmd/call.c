/*
 * call.c: a command's call (cmd.h), below every command: made, checked
 * against its descriptor's argument spec (subcommand, options, operands,
 * connection), run, and ended once (cmd_finish, cmd_fail, the one usage
 * error); the helpers every command uses. Finding a command by name and
 * running a typed line are above the commands (cmd.c, over the table).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"
#include "cmd/verify.h"

/* Free a call. */
static void
call_free(struct cmd_call *c)
{
	if (c->priv_free != NULL && c->priv != NULL)
		c->priv_free(c->priv);
	verify_stop(c->verify);
	if (c->argv_all != NULL) {
		free(c->argv);
		cmd_argv_free(c->argv_all);
	} else
		cmd_argv_free(c->argv);
	free(c);
}

/* End the command: done is called once, then the call is freed. */
void
cmd_finish(struct cmd_call *c, int status)
{
	struct app *app = c->app;
	cmd_done_cb done = c->done;
	void *arg = c->done_arg;

	if (c->finished)
		return;
	c->finished = true;
	if (c->interrupted)
		status = CMD_FAILED;
	c->status = status;
	if (app->running == c)
		app->running = NULL;
	if (app->wait_call == c)
		app->wait_call = NULL;
	if (status != CMD_OK)
		app->failures++;
	if (done != NULL)
		done(c, status, arg);
	call_free(c);
}

/* "get: message" and end the command. */
void
cmd_fail(struct cmd_call *c, int status, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (c->interrupted) {
		/* cmd_cancel said "interrupted" already: say it once. */
		cmd_finish(c, CMD_FAILED);
		return;
	}
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	app_out(c->app, APP_ERROR, "%s: %s", c->desc != NULL ?
	    c->desc->name : "jangada", msg);
	free(msg);
	cmd_finish(c, status);
}

struct cmd_call *
cmd_call_new(struct app *app, const struct cmd_desc *d, char **argv,
    int argc, cmd_done_cb done, void *arg)
{
	struct cmd_call *c = xcalloc(1, sizeof *c);

	c->app = app;
	c->desc = d;
	c->argv = argv;
	c->argc = argc;
	c->done = done;
	c->done_arg = arg;
	return c;
}

/*
 * A usage as help shows it: translated (its placeholders are), but a
 * bare command name ("binary", "active") as it is: it is not marked, and
 * another message of the same word would otherwise show as its
 * translation ("binário").
 */
const char *
cmd_usage_text(const char *usage)
{
	return strchr(usage, ' ') == NULL ? usage : _(usage);
}

/* The one usage error of a command or subcommand. */
void
cmd_usage(struct cmd_call *c, const char *why)
{
	const char *usage = c->sub != NULL && c->sub->usage != NULL ?
	    c->sub->usage : c->desc != NULL ? c->desc->usage : NULL;

	if (why != NULL)
		app_out(c->app, APP_ERROR, "%s: %s", c->desc != NULL ?
		    c->desc->name : "jangada", why);
	if (usage == NULL)
		cmd_finish(c, CMD_USAGE);
	else
		cmd_fail(c, CMD_USAGE, _("usage: %s"), cmd_usage_text(usage));
}

unsigned
cmd_opt(const struct cmd_call *c, int letter)
{
	return letter > 0 && letter < 128 ? c->optn[letter] : 0;
}

const char *
cmd_optarg(const struct cmd_call *c, int letter)
{
	return letter > 0 && letter < 128 ? c->optv[letter] : NULL;
}

/*
 * Check argv[first..] against a spec; argv becomes a new array of the
 * name(s) and the operands (the words stay owned by argv_all, so an
 * option's value, which may point into its word, stays valid).
 */
int
cmd_args_parse(struct cmd_call *c, const struct cmd_args *a, int first,
    char *err, size_t errlen)
{
	const char *w, *p;
	char **ops;
	int i, n = first;
	bool opts_done = (a->flags & CMD_ARGS_RAW) != 0;

	memset(c->optn, 0, sizeof c->optn);
	memset(c->optv, 0, sizeof c->optv);
	ops = xcalloc((size_t)c->argc + 1, sizeof *ops);
	for (i = 0; i < first && i < c->argc; i++)
		ops[i] = c->argv[i];
	for (i = first; i < c->argc; i++) {
		w = c->argv[i];
		if (opts_done || w[0] != '-' || w[1] == '\0') {
			opts_done = true;
			ops[n++] = c->argv[i];
			continue;
		}
		if (strcmp(w, "--") == 0) {
			opts_done = true;
			continue;
		}
		for (w++; *w != '\0'; w++) {
			unsigned char l = (unsigned char)*w;

			p = a->opts != NULL && l != ':' && l < 128 ?
			    strchr(a->opts, l) : NULL;
			if (p == NULL) {
				if (l > 0x20 && l < 0x7f)
					snprintf(err, errlen,
					    _("unknown option -%c"), l);
				else
					str_lcpy(err, _("unknown option"),
					    errlen);
				free(ops);
				return -1;
			}
			if (c->optn[l] < UCHAR_MAX)
				c->optn[l]++;
			if (p[1] != ':')
				continue;
			if (w[1] != '\0')
				c->optv[l] = w + 1;
			else if (i + 1 < c->argc)
				c->optv[l] = c->argv[++i];
			else {
				snprintf(err, errlen,
				    _("option -%c needs a value"), l);
				free(ops);
				return -1;
			}
			break;
		}
	}
	if (c->argv_all == NULL)
		c->argv_all = c->argv;
	else
		free(c->argv);
	c->argv = ops;
	c->argc = n;
	if (n - first < a->min) {
		str_lcpy(err, _("missing argument"), errlen);
		return -1;
	}
	if (a->max != CMD_ANY && n - first > a->max) {
		str_lcpy(err, _("too many arguments"), errlen);
		return -1;
	}
	return 0;
}

/* The subcommand named by argv[1] (or the default), or NULL. */
static const struct cmd_sub *
find_sub(struct cmd_call *c)
{
	const struct cmd_desc *d = c->desc;
	const struct cmd_sub *s;
	const char *name;
	char **v;
	size_t j;

	if (c->argc < 2) {
		if (d->sub_default == NULL)
			return NULL;
		/* "queue" is "queue list": argv[1] names the default. */
		v = xcalloc(3, sizeof *v);
		v[0] = c->argv[0];
		v[1] = (char *)d->sub_default;
		if (c->argv_all == NULL)
			c->argv_all = c->argv;
		else
			free(c->argv);
		c->argv = v;
		c->argc = 2;
	}
	name = c->argv[1];
	for (s = d->subs; s->name != NULL; s++) {
		if (strcmp(s->name, name) == 0)
			return s;
		for (j = 0; s->aliases[j] != NULL; j++)
			if (strcmp(s->aliases[j], name) == 0)
				return s;
	}
	return NULL;
}

/*
 * The checks between finding a command and running it: the subcommand,
 * the argument spec, the connection. 0: ready to run; -1: the call has
 * ended (cmd_usage, cmd_fail). cmd_run_line and the redirections of
 * cmd_shell.c both start commands through here.
 */
int
cmd_call_check(struct cmd_call *c)
{
	const struct cmd_desc *d = c->desc;
	char err[512];
	int rc;

	if (d->subs != NULL) {
		if ((c->sub = find_sub(c)) == NULL) {
			if (c->argc < 2) {	/* no subcommand, no default */
				cmd_usage(c, NULL);
				return -1;
			}
			snprintf(err, sizeof err, _("unknown subcommand: %s"),
			    c->argv[1]);
			cmd_usage(c, err);
			return -1;
		}
		rc = cmd_args_parse(c, &c->sub->args, 2, err, sizeof err);
	} else
		rc = cmd_args_parse(c, &d->args, 1, err, sizeof err);
	if (rc == -1) {
		cmd_usage(c, err);
		return -1;
	}
	if ((d->flags & CMD_CONN) && !ftp_session_connected(c->app->ftp)) {
		cmd_fail(c, CMD_FAILED, "%s", _("not connected (use open)"));
		return -1;
	}
	return 0;
}

void
cmd_call_run(struct cmd_call *c)
{
	if (cmd_call_check(c) == -1)
		return;
	c->app->running = c;
	if (c->sub != NULL)
		c->sub->run(c);
	else
		c->desc->run(c);
}

/* Output every line of text (the text is cut up in place). */
void
cmd_out_lines(struct app *app, char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		app_out(app, APP_OUT, "%s", line);
}
