/*
 * cmd_alias.c: alias NAME TEXT, unalias NAME, alias (the list); the
 * aliases themselves, and their expansion, are alias.c.
 *
 * Aliases are saved in the config file ($XDG_CONFIG_HOME/jangada/config)
 * as "alias NAME TEXT" lines, which the config loader (rc.c) hands over
 * as the name "alias NAME": alias and unalias rewrite that file
 * atomically (mode 0600), keeping every other line as it was. A text
 * that may hold a password is refused, and an alias line is never logged
 * nor kept in the history (the command is marked secret).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

/* Define or redefine (the config's "alias NAME TEXT", cmd.h): a text
   that may hold a password is refused. */
int
cmd_alias_define(const char *name, const char *text, char *err,
    size_t errlen)
{
	return alias_define(name, text, cmd_line_is_secret(text), err, errlen);
}

/*
 * Rewrite the config: every line but NAME's alias, then NAME's new one
 * (text NULL: none). The old file stays as it was on any failure.
 */
static int
alias_save(const char *name, const char *text, char *err, size_t errlen)
{
	char *path = xdg_path(false, "config", true), *tmp = NULL, *line = NULL;
	char **argv, e[256];
	size_t cap = 0, total = 0;
	ssize_t n;
	FILE *in, *out = NULL;
	int fd = -1, argc, saved;
	bool drop;

	if (path == NULL) {
		snprintf(err, errlen, _("no config directory: %s"),
		    strerror(errno));
		return -1;
	}
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1 ||
	    fchmod(fd, 0600) == -1 || (out = fdopen(fd, "w")) == NULL)
		goto fail;
	fd = -1;
	if ((in = fopen(path, "re")) != NULL) {
		while ((n = getline(&line, &cap, in)) != -1) {
			total += (size_t)n;
			if (total > LIM_RCFILE) {
				fclose(in);
				errno = EFBIG;
				goto fail;
			}
			drop = false;
			if (cmd_tokenize(line, &argv, &argc, e, sizeof e) ==
			    0) {
				drop = argc >= 2 && strcmp(argv[0], "alias") ==
				    0 && strcmp(argv[1], name) == 0;
				cmd_argv_free(argv);
			}
			if (!drop && (fputs(line, out) == EOF ||
			    (line[n - 1] != '\n' && putc('\n', out) == EOF))) {
				fclose(in);
				goto fail;
			}
		}
		fclose(in);
	} else if (errno != ENOENT)
		goto fail;
	if (text != NULL) {
		char *l = alias_line(name, text);

		fprintf(out, "%s\n", l);
		free(l);
	}
	if (fflush(out) == EOF || fsync(fileno(out)) == -1) {
		fclose(out);
		out = NULL;
		goto fail;
	}
	if (fclose(out) == EOF) {
		out = NULL;
		goto fail;
	}
	out = NULL;
	if (rename(tmp, path) == -1)
		goto fail;
	free(line);
	free(tmp);
	free(path);
	return 0;
fail:
	saved = errno;
	if (out != NULL)
		fclose(out);
	if (fd != -1)
		close(fd);
	unlink(tmp);
	snprintf(err, errlen, _("cannot save %s: %s"), path,
	    strerror(saved));
	free(line);
	free(tmp);
	free(path);
	return -1;
}

/* alias [NAME [TEXT...]] */
int
cmd_alias(struct cmd_call *c)
{
	const struct alias *a;
	char err[512], *text, *l;
	size_t i, len = 0;
	int k;

	if (c->argc == 1) {
		for (i = 0; (a = alias_at(i)) != NULL; i++) {
			l = alias_line(a->name, a->text);
			app_out(c->app, APP_OUT, "%s", l);
			free(l);
		}
		cmd_finish(c, CMD_OK);
		return 0;
	}
	if (c->argc == 2) {
		if ((a = alias_get(c->argv[1], strlen(c->argv[1]))) == NULL) {
			cmd_fail(c, CMD_FAILED, _("no alias %s"), c->argv[1]);
			return 0;
		}
		l = alias_line(a->name, a->text);
		app_out(c->app, APP_OUT, "%s", l);
		free(l);
		cmd_finish(c, CMD_OK);
		return 0;
	}
	/* alias ll ls -l: the words after the name, as lftp takes them */
	for (k = 2; k < c->argc; k++)
		len += strlen(c->argv[k]) + 1;
	text = xcalloc(1, len);
	for (k = 2; k < c->argc; k++) {
		if (k > 2)
			strcat(text, " ");
		strcat(text, c->argv[k]);
	}
	if (cmd_alias_define(c->argv[1], text, err, sizeof err) == -1) {
		free(text);
		cmd_fail(c, CMD_USAGE, "%s", err);
		return 0;
	}
	if (alias_save(c->argv[1], text, err, sizeof err) == -1) {
		free(text);
		cmd_fail(c, CMD_FAILED, _("defined, but not saved: %s"), err);
		return 0;
	}
	free(text);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* unalias NAME... */
int
cmd_unalias(struct cmd_call *c)
{
	char err[512];
	int i, failed = 0;

	for (i = 1; i < c->argc; i++) {
		if (!alias_remove(c->argv[i])) {
			app_out(c->app, APP_ERROR, _("unalias: no alias %s"),
			    c->argv[i]);
			failed++;
			continue;
		}
		if (alias_save(c->argv[i], NULL, err, sizeof err) == -1) {
			app_out(c->app, APP_ERROR, "unalias: %s", err);
			failed++;
		}
	}
	cmd_finish(c, failed ? CMD_FAILED : CMD_OK);
	return 0;
}
