/*
 * secret.c: the one rule that says whether a typed line carries a
 * password (cmd.h). The history (src/ui/input.c), the log of commands
 * (cmd_run_line) and the echo of a typed line in the bottom pane all ask
 * cmd_line_is_secret, so they can never disagree.
 *
 * A line is secret when any of its commands (split on ';' as a script
 * line is) has
 *   - a word holding a password in its authority: ftp://USER:PASS@HOST,
 *     USER:PASS@HOST (a ':' before the last '@' of the part before the
 *     first '/');
 *   - the word PASS or ACCT, in any case spelling, followed by another
 *     word, anywhere in its words (quote pass X, quote "PASS X", site
 *     acct X, console send PASS X);
 *   - user NAME PASSWORD, or open -u USER,PASSWORD;
 *   - alias (any alias line: it is kept out of the history and the log
 *     whatever it defines, and a text with a password is refused).
 * A command whose first word is an alias is secret when the command is
 * or its expansion is (so "u NAME PASSWORD", with u an alias of user,
 * is). The shell forms (!CMD, CMD | SHELL-CMD, CMD > FILE) are words
 * like any others: "!curl ftp://u:p@h" holds a USER:PASS@.
 * A line that cannot be tokenized is secret when it holds an '@' or the
 * letters "pass" or "acct": a mistake here keeps a line out of the history,
 * never a password in it.
 *
 * The command of a word is found in the table (cmd_find, cmd_table.c) and
 * known by its name; aliases are expanded through alias.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/secret.h"
#include "cmd/cmd_priv.h"
#include "cmd/parse.h"

/* Does the word hold USER:PASS@ in its authority? */
static bool
word_has_userpass(const char *w)
{
	const char *auth = strstr(w, "://"), *end, *at = NULL, *p;

	auth = auth != NULL ? auth + 3 : w;
	end = auth + strcspn(auth, "/");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	return at != NULL && memchr(auth, ':', (size_t)(at - auth)) != NULL;
}

/* Is there a PASS or ACCT followed by something in words[from..]? */
static bool
words_have_verb(char **argv, int argc, int from)
{
	bool pending = false;
	const char *p;
	size_t n;
	int i;

	for (i = from; i < argc; i++) {
		for (p = argv[i]; *p != '\0'; p += n) {
			p += strspn(p, " \t\r\n");
			if ((n = strcspn(p, " \t\r\n")) == 0)
				break;
			if (pending)
				return true;
			pending = n == 4 && (strncasecmp(p, "PASS", 4) == 0 ||
			    strncasecmp(p, "ACCT", 4) == 0);
		}
	}
	return false;
}

/* One command (no ';'). */
static bool
command_is_secret(const char *line)
{
	const struct cmd_desc *d;
	char **argv, err[256];
	const char *v;
	int argc, i;
	bool secret = false, login;

	if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == -1)
		return strchr(line, '@') != NULL ||
		    strcasestr(line, "pass") != NULL ||
		    strcasestr(line, "acct") != NULL;
	for (i = 0; i < argc && !secret; i++)
		secret = word_has_userpass(argv[i]);
	if (!secret)
		secret = words_have_verb(argv, argc, 0);
	if (!secret && argc > 0 &&
	    (d = cmd_find(argv[0], err, sizeof err)) != NULL) {
		if ((strcmp(d->name, "user") == 0 && argc > 2) ||
		    strcmp(d->name, "alias") == 0)
			secret = true;
		login = strcmp(d->name, "open") == 0 ||
		    strcmp(d->name, "diagnose") == 0;
		for (i = 1; login && i < argc && !secret; i++) {
			if (strncmp(argv[i], "-u", 2) != 0)
				continue;
			v = argv[i][2] != '\0' ? argv[i] + 2 : argv[i + 1];
			secret = v != NULL && strchr(v, ',') != NULL;
		}
	}
	cmd_argv_free(argv);
	return secret;
}

/* One command, and what its alias expands to. */
static bool
expanded_is_secret(const char *line)
{
	char *x;
	bool secret = command_is_secret(line);

	if (!secret && (x = cmd_alias_expand(line)) != NULL) {
		secret = command_is_secret(x);
		free(x);
	}
	return secret;
}

bool
cmd_line_is_secret(const char *line)
{
	char **cmds, err[256];
	size_t i;
	bool secret = false;

	if (cmd_split_commands(line, &cmds, err, sizeof err) == -1)
		return expanded_is_secret(line);
	for (i = 0; cmds[i] != NULL && !secret; i++)
		secret = expanded_is_secret(cmds[i]);
	cmd_argv_free(cmds);
	return secret;
}
