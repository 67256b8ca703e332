/*
 * cmd_alias.c: alias NAME TEXT, unalias NAME, alias (the list), and their
 * expansion: a line whose first word is an alias's name runs as TEXT
 * followed by the rest of the line. One level only: the expanded line is
 * never expanded again, so "alias ls 'ls -l'" works and no alias loops.
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

#define ALIAS_MAX	256
#define ALIAS_NAME_MAX	64

struct alias {
	char	*name;
	char	*text;
};

/* One app per process: the aliases are the process's. */
static struct alias	aliases[ALIAS_MAX];
static size_t		naliases;

/* A name: letters, digits, '_', '-', '.', not starting with '-'. */
static bool
alias_name_ok(const char *n)
{
	size_t i;

	if (n[0] == '\0' || n[0] == '-' || strlen(n) > ALIAS_NAME_MAX)
		return false;
	for (i = 0; n[i] != '\0'; i++)
		if (!(n[i] >= 'a' && n[i] <= 'z') &&
		    !(n[i] >= 'A' && n[i] <= 'Z') &&
		    !(n[i] >= '0' && n[i] <= '9') && n[i] != '_' &&
		    n[i] != '-' && n[i] != '.')
			return false;
	return true;
}

static struct alias *
alias_get(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < naliases; i++)
		if (strlen(aliases[i].name) == len &&
		    memcmp(aliases[i].name, name, len) == 0)
			return &aliases[i];
	return NULL;
}

/* Define or redefine; -1 and err if it cannot be. */
int
cmd_alias_define(const char *name, const char *text, char *err,
    size_t errlen)
{
	struct alias *a;

	if (!alias_name_ok(name)) {
		snprintf(err, errlen, _("bad alias name: %s (letters, digits, "
		    "'_', '-', '.')"), name);
		return -1;
	}
	if (*text == '\0' || strlen(text) > LIM_COMMAND ||
	    strpbrk(text, "\r\n") != NULL) {
		snprintf(err, errlen, "%s", _("an alias needs a text of one "
		    "line"));
		return -1;
	}
	/* It would be saved, listed and shown by help: no password. */
	if (cmd_line_is_secret(text)) {
		snprintf(err, errlen, "%s", _("an alias must not hold a "
		    "password"));
		return -1;
	}
	if ((a = alias_get(name, strlen(name))) != NULL) {
		free(a->text);
		a->text = xstrdup(text);
		return 0;
	}
	if (naliases == ALIAS_MAX) {
		snprintf(err, errlen, _("too many aliases (%d)"), ALIAS_MAX);
		return -1;
	}
	aliases[naliases].name = xstrdup(name);
	aliases[naliases].text = xstrdup(text);
	naliases++;
	return 0;
}

static bool
alias_remove(const char *name)
{
	struct alias *a = alias_get(name, strlen(name));

	if (a == NULL)
		return false;
	free(a->name);
	free(a->text);
	*a = aliases[--naliases];
	return true;
}

/*
 * The line with its first word expanded (allocated), or NULL when the
 * first word is no alias (or quoted: "'ll'" runs ll itself).
 */
char *
cmd_alias_expand(const char *line)
{
	const struct alias *a;
	size_t n;

	line += strspn(line, " \t");
	n = strcspn(line, " \t|>");	/* ll|less, ll>FILE */
	if (n == 0 || naliases == 0 || (a = alias_get(line, n)) == NULL)
		return NULL;
	return xasprintf("%s%s", a->text, line + n);
}

/* The name of alias i (definition order), NULL past the last. */
const char *
cmd_alias_name(size_t i)
{
	return i < naliases ? aliases[i].name : NULL;
}

/* The aliases for help: "ll (ls -l), ..." or NULL. */
char *
cmd_alias_list(void)
{
	struct buf b;
	char *s;
	size_t i;

	if (naliases == 0)
		return NULL;
	buf_init(&b, 1 << 20);
	for (i = 0; i < naliases; i++) {
		if (i > 0)
			buf_append(&b, ", ", 2);
		buf_append(&b, aliases[i].name, strlen(aliases[i].name));
		buf_append(&b, " (", 2);
		buf_append(&b, aliases[i].text, strlen(aliases[i].text));
		buf_append(&b, ")", 1);
	}
	s = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* "alias NAME TEXT" as the config and the list write it. */
static char *
alias_line(const char *name, const char *text)
{
	char *q, *l;

	/* 'single quotes' read best; the tokenizer's escapes otherwise */
	if (strchr(text, '\'') == NULL)
		return xasprintf("alias %s '%s'", name, text);
	q = cmd_quote_word(text);
	l = xasprintf("alias %s %s", name, q);
	free(q);
	return l;
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
	struct alias *a;
	char err[512], *text, *l;
	size_t i, len = 0;
	int k;

	if (c->argc == 1) {
		for (i = 0; i < naliases; i++) {
			l = alias_line(aliases[i].name, aliases[i].text);
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
