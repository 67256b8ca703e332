/*
 * cmd.c: finding a command, checking its words against its argument
 * spec, running a line, ending and interrupting a call, help. The table
 * itself is in cmd_table.c. A name matches a command exactly, by alias, or
 * by a unique prefix ("ge" is get, "re" is ambiguous: reget, rename).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"
#include "cmd/verify.h"

/* Exact name or alias, then a unique prefix of names and aliases. */
const struct cmd_desc *
cmd_find(const char *name, char *err, size_t errlen)
{
	const struct cmd_desc *found = NULL, *table;
	size_t i, j, n = strlen(name), ncmds;
	char list[256] = "";

	table = cmd_table(&ncmds);
	for (i = 0; i < ncmds; i++) {
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
		for (j = 0; table[i].aliases[j] != NULL; j++)
			if (strcmp(table[i].aliases[j], name) == 0)
				return &table[i];
	}
	for (i = 0; n > 0 && i < ncmds; i++) {
		bool match = strncmp(table[i].name, name, n) == 0;

		for (j = 0; !match && table[i].aliases[j] != NULL; j++)
			match = strncmp(table[i].aliases[j], name, n) == 0;
		if (!match || found == &table[i])
			continue;
		if (found != NULL) {
			if (list[0] == '\0')
				str_lcpy(list, found->name, sizeof list);
			str_lcat(list, ", ", sizeof list);
			str_lcat(list, table[i].name, sizeof list);
		}
		if (found == NULL)
			found = &table[i];
	}
	if (list[0] != '\0') {
		snprintf(err, errlen, _("ambiguous command: %s (%s)"), name,
		    list);
		return NULL;
	}
	if (found == NULL)
		snprintf(err, errlen, _("unknown command: %s (try 'help')"),
		    name);
	return found;
}

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

/* Fail a line before it became a command. */
static void
line_fail(struct app *app, int status, cmd_done_cb done, void *arg,
    const char *msg)
{
	struct cmd_call *c = cmd_call_new(app, NULL, NULL, 0, done, arg);

	app_out(app, APP_ERROR, "%s", msg);
	cmd_finish(c, status);
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

/* A line with its alias expanded: log, shell line or command. */
static void
run_line(struct app *app, const char *line, cmd_done_cb done, void *arg)
{
	const struct cmd_desc *d;
	struct cmd_call *c;
	char **argv, err[512];
	const char *w = line + strspn(line, " \t");
	int argc;

	if (*w != '\0' && *w != '#' && !cmd_line_is_secret(line))
		log_info("command: %s", line);
	if (cmd_shell_line(app, line, done, arg))
		return;
	if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == -1) {
		line_fail(app, CMD_USAGE, done, arg, err);
		return;
	}
	if (argc == 0) {
		cmd_argv_free(argv);
		cmd_finish(cmd_call_new(app, NULL, NULL, 0, done, arg),
		    CMD_OK);
		return;
	}
	if ((d = cmd_find(argv[0], err, sizeof err)) == NULL) {
		cmd_argv_free(argv);
		line_fail(app, CMD_USAGE, done, arg, err);
		return;
	}
	c = cmd_call_new(app, d, argv, argc, done, arg);
	/* The connection dropped: wait for the reconnection, if one is due. */
	if ((d->flags & CMD_CONN) && !ftp_session_connected(app->ftp) &&
	    app_reconnect_wait(c))
		return;
	cmd_call_run(c);
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

/*
 * Run one line: the alias of its first word expanded (once, before
 * anything else looks at it), then a shell line (!CMD, CMD | SHELL-CMD,
 * CMD > FILE: cmd_shell.c, which checks the command's arguments as
 * below), or tokenize, find, check the arguments, run. The log gets the
 * expanded line, unless it is secret; the history (the front end) sees
 * the line as typed, and cmd_line_is_secret expands aliases itself.
 */
void
cmd_run_line(struct app *app, const char *line, cmd_done_cb done, void *arg)
{
	char *expanded;

	if (app->running != NULL) {
		line_fail(app, CMD_FAILED, done, arg,
		    _("a command is still running; wait for it or cancel it"));
		return;
	}
	expanded = cmd_alias_expand(line);
	run_line(app, expanded != NULL ? expanded : line, done, arg);
	free(expanded);
}

/*
 * Interrupt the running command (see cmd.h). The callbacks of its
 * operations run inside ftp_cancel, see c->interrupted and end the call
 * quietly; a command waiting on something else (the queue, a look-up)
 * ends here, and its priv_free stops what it waited for.
 */
void
cmd_cancel(struct app *app)
{
	struct cmd_call *c = app->running;

	if (c != NULL && c->interrupted)
		return;
	if (c != NULL) {
		c->interrupted = true;
		app_out(app, APP_ERROR, "%s: %s", c->desc != NULL ?
		    c->desc->name : "jangada", _("interrupted"));
	}
	ftp_cancel(app->ftp);
	if (c != NULL && app->running == c && !c->finished)
		cmd_finish(c, CMD_FAILED);
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

/* help [COMMAND]. */
int
cmd_help(struct cmd_call *c)
{
	struct app *app = c->app;
	const struct cmd_desc *d, *table;
	char err[256], names[128], *names_all;
	size_t i, j, ncmds;
	int f, last = -1;

	if (c->argc == 2) {
		if ((d = cmd_find(c->argv[1], err, sizeof err)) == NULL) {
			cmd_fail(c, CMD_USAGE, "%s", err);
			return 0;
		}
		app_out(app, APP_OUT, _("usage: %s"), cmd_usage_text(d->usage));
		app_out(app, APP_OUT, "  %s", _(d->help));
		if (d->aliases[0] != NULL) {
			names[0] = '\0';
			for (j = 0; d->aliases[j] != NULL; j++) {
				if (j > 0)
					str_lcat(names, ", ", sizeof names);
				str_lcat(names, d->aliases[j], sizeof names);
			}
			app_out(app, APP_OUT, _("  also: %s"), names);
		}
		cmd_finish(c, CMD_OK);
		return 0;
	}
	table = cmd_table(&ncmds);
	for (f = CF_CONNECTION; f <= CF_OTHER; f++) {
		for (i = 0; i < ncmds; i++) {
			if ((int)table[i].family != f)
				continue;
			if (last != f) {
				if (last != -1)
					app_out(app, APP_OUT, "%s", "");
				app_out(app, APP_OUT, "%s:",
				    cmd_family_name(table[i].family));
				last = f;
			}
			app_out(app, APP_OUT, "  %-10s %s", table[i].name,
			    _(table[i].help));
		}
	}
	if ((names_all = cmd_alias_list()) != NULL) {
		app_out(app, APP_OUT, "%s", "");
		app_out(app, APP_OUT, _("Aliases: %s"), names_all);
		free(names_all);
	}
	app_out(app, APP_OUT, "%s", "");
	app_out(app, APP_OUT, "%s", _("Type 'help COMMAND' for its usage. "
	    "Names may be shortened while they stay unique."));
	cmd_finish(c, CMD_OK);
	return 0;
}
