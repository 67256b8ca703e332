/*
 * alias.c: the aliases in memory (cmd_priv.h): defined, found, expanded,
 * listed, removed. A line whose first word is an alias's name runs as
 * TEXT followed by the rest of the line. One level only: the expanded line
 * is never expanded again, so "alias ls 'ls -l'" works and no alias loops.
 * Pure data: the secret rule (secret.c) expands aliases through here; the
 * commands alias and unalias, which save them, are cmd_alias.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

#define ALIAS_MAX	256
#define ALIAS_NAME_MAX	64

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

struct alias *
alias_get(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < naliases; i++)
		if (strlen(aliases[i].name) == len &&
		    memcmp(aliases[i].name, name, len) == 0)
			return &aliases[i];
	return NULL;
}

/*
 * Define or redefine; -1 and err if it cannot be. secret: the text may
 * hold a password (cmd_line_is_secret, asked by cmd_alias_define).
 */
int
alias_define(const char *name, const char *text, bool secret, char *err,
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
	if (secret) {
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

bool
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
char *
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

/* Alias i (definition order), NULL past the last. */
const struct alias *
alias_at(size_t i)
{
	return i < naliases ? &aliases[i] : NULL;
}
