/*
 * complete.c: the candidates of Tab on a command line (see complete.h).
 *
 * The words before the cursor are read the way cmd_tokenize reads them
 * (quotes, backslashes, \xHH; a ';' is a byte of its word, as the line
 * runs through cmd_run_line, which does not split on it); the first
 * is the command (or an alias), and the command's descriptor says the
 * rest: its argument spec gives the options a word starting with '-' may
 * be while options may still come (no operand and no "--" before it),
 * the value of an option that takes a set option's values (bookmark add
 * -c CHARSET, -t TLS) is one of that option's words, as set's are;
 * its subcommands or the words its usage names (console, tcp, udp, set's
 * values) come next, and the kind of names it takes (enum cmd_complete)
 * is handed back for the caller to list remote or local names.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/cmd.h"
#include "cmd/cmd_priv.h"
#include "cmd/complete.h"
#include "cmd/parse.h"

/* Words a command (or a subcommand) takes at a position, not in a spec. */
static const struct comp_fixed {
	const char	*cmd;
	const char	*sub;		/* the word after cmd, or NULL */
	int		 argn;		/* the word's index (cmd is 0) */
	const char	*words;		/* separated by spaces */
} fixed[] = {
	{ "console", NULL, 1,
	  "list close switch send to all hex eol save wait" },
	{ "console", "hex", 2, "on off" },
	{ "console", "eol", 2, "lf crlf none" },
	{ "tcp", NULL, 1, "connect listen" },
	{ "udp", NULL, 1, "send connect listen" },
	{ "debug", NULL, 1, "on off" },
	{ "type", NULL, 1, "ascii binary auto" },
};

/* Options whose value is one of a set option's words (app_opt_words). */
static const struct comp_optval {
	const char	*cmd;
	const char	*sub;		/* the subcommand, or NULL */
	char		 opt;		/* the option letter */
	const char	*setopt;	/* the set option of the same values */
} optvals[] = {
	{ "bookmark", "add", 'c', "charset" },
	{ "bookmark", "add", 't', "tls" },
};

struct cands {
	char	**v;
	size_t	 n;
	const char *prefix;
	size_t	 plen;
};

static void
cand_add(struct cands *c, const char *s, size_t len)
{
	size_t i;

	if (len < c->plen || strncmp(s, c->prefix, c->plen) != 0)
		return;
	for (i = 0; i < c->n; i++)
		if (strlen(c->v[i]) == len && strncmp(c->v[i], s, len) == 0)
			return;
	c->v = xreallocarray(c->v, c->n + 2, sizeof *c->v);
	c->v[c->n++] = xstrndup(s, len);
	c->v[c->n] = NULL;
}

/* "@" (or "") then s. */
static void
cand_add_at(struct cands *c, const char *at, const char *s)
{
	char *t = xasprintf("%s%s", at, s);

	cand_add(c, t, strlen(t));
	free(t);
}

/* The space-separated words of list. */
static void
cand_add_list(struct cands *c, const char *list)
{
	size_t n;

	while (*list != '\0') {
		n = strcspn(list, " ");
		cand_add(c, list, n);
		list += n + strspn(list + n, " ");
	}
}

static int
cand_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The command names, their aliases and the user's aliases. */
static void
cand_commands(struct cands *c)
{
	const struct cmd_desc *t;
	const char *a;
	size_t n, i, j;

	t = cmd_table(&n);
	for (i = 0; i < n; i++) {
		cand_add(c, t[i].name, strlen(t[i].name));
		for (j = 0; t[i].aliases[j] != NULL; j++)
			if (c->plen > 0)
				cand_add(c, t[i].aliases[j],
				    strlen(t[i].aliases[j]));
	}
	for (i = 0; (a = cmd_alias_name(i)) != NULL; i++)
		cand_add(c, a, strlen(a));
}

/*
 * Where the word at point starts (after the last unquoted blank). The
 * line is one command, as cmd_run_line reads it (the screen's line is
 * never split on ';': scripts, -c and -f are, and have no Tab), so a ';'
 * is a byte of its word: get README.TXT;1, cd a;b.
 */
static size_t
word_start(const char *line, size_t point)
{
	size_t i, start = 0;
	int quote = 0;

	for (i = 0; i < point; i++) {
		char ch = line[i];

		if (quote == '\'') {
			if (ch == '\'')
				quote = 0;
		} else if (ch == '\\' && i + 1 < point) {
			i++;
		} else if (quote == '"') {
			if (ch == '"')
				quote = 0;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == ' ' || ch == '\t') {
			start = i + 1;
		}
	}
	return start;
}

/* The word the user typed, unquoted (a quote left open is closed). */
char *
cmd_complete_unquote(const char *text)
{
	static const char *close[] = { "", "\"", "'", "\\" };
	char err[128], **argv, *t, *out;
	size_t i;
	int argc;

	for (i = 0; i < sizeof close / sizeof close[0]; i++) {
		t = xasprintf("%s%s", text, close[i]);
		if (cmd_tokenize(t, &argv, &argc, err, sizeof err) == 0) {
			free(t);
			out = xstrdup(argc > 0 ? argv[0] : "");
			cmd_argv_free(argv);
			return out;
		}
		free(t);
	}
	return xstrdup(text);
}

/* The name, escaped as shown, with the tokenizer's specials quoted. */
char *
cmd_complete_quote(const char *name)
{
	char *shown = san_str(name, strlen(name), SAN_UTF8), *out;
	const char *p;
	struct buf b;

	buf_init(&b, 1 << 20);
	for (p = shown; *p != '\0'; p++) {
		if (strchr(" \t\n\"'#;&|()<>$`*?[]!{}", *p) != NULL)
			buf_append(&b, "\\", 1);
		buf_append(&b, p, 1);
	}
	out = xstrdup(buf_cstr(&b));
	buf_free(&b);
	free(shown);
	return out;
}

/* Does option letter o of spec take a value? */
static bool
opt_takes_value(const char *opts, char o)
{
	const char *p = strchr(opts, o);

	return p != NULL && p[1] == ':';
}

static void	complete(const char *, size_t, const char *const *,
		    struct comp *, bool);

void
cmd_complete(const char *line, size_t point, const char *const *bookmarks,
    struct comp *out)
{
	complete(line, point, bookmarks, out, true);
}

/* expand: an alias as the first word is expanded (once), as it runs. */
static void
complete(const char *line, size_t point, const char *const *bookmarks,
    struct comp *out, bool expand)
{
	const struct cmd_desc *d;
	const struct cmd_sub *sub = NULL;
	const struct cmd_args *spec;
	struct cands c = { NULL, 0, NULL, 0 };
	char **argv = NULL, *head, err[256];
	const char *prev_opt = NULL;
	bool opts_ok;
	size_t start, i, j;
	int argc, k, first;

	memset(out, 0, sizeof *out);
	if (point > strlen(line))
		point = strlen(line);
	start = word_start(line, point);
	head = xstrndup(line + start, point - start);
	out->word = cmd_complete_unquote(head);
	free(head);
	c.prefix = out->word;
	c.plen = strlen(out->word);
	head = xstrndup(line, start);
	if (cmd_tokenize(head, &argv, &argc, err, sizeof err) == -1) {
		free(head);
		return;
	}
	free(head);
	if (argc == 0) {
		cand_commands(&c);
		goto words;
	}
	if (expand && (head = cmd_alias_expand(line)) != NULL) {
		/* "ll -" completes as "ls -l -" */
		char *cut = xstrndup(line, point);

		free(head);
		head = cmd_alias_expand(cut);
		free(cut);
		for (i = 0; i < c.n; i++)
			free(c.v[i]);
		free(c.v);
		cmd_argv_free(argv);
		cmd_complete_free(out);
		complete(head, strlen(head), bookmarks, out, false);
		free(head);
		return;
	}
	if ((d = cmd_find(argv[0], err, sizeof err)) == NULL)
		goto done;
	first = 1;
	spec = &d->args;
	if (d->subs != NULL && argc >= 2) {
		for (i = 0; d->subs[i].name != NULL && sub == NULL; i++) {
			if (strcmp(d->subs[i].name, argv[1]) == 0)
				sub = &d->subs[i];
			for (j = 0; d->subs[i].aliases[j] != NULL; j++)
				if (strcmp(d->subs[i].aliases[j], argv[1]) == 0)
					sub = &d->subs[i];
		}
		if (sub != NULL) {
			spec = &sub->args;
			first = 2;
		}
	}
	/* may options still come, and is the word an option's value? */
	opts_ok = spec->opts != NULL && !(spec->flags & CMD_ARGS_RAW) &&
	    (d->subs == NULL || sub != NULL);
	for (k = first; k < argc && opts_ok; k++) {
		const char *w = argv[k];

		prev_opt = NULL;
		if (strcmp(w, "--") == 0 || w[0] != '-' || w[1] == '\0') {
			opts_ok = false;
			break;
		}
		if (opt_takes_value(spec->opts, w[strlen(w) - 1]) &&
		    !opt_takes_value(spec->opts, w[1])) {
			/* -abo: o's value is the next word */
			prev_opt = w;
		} else if (strlen(w) == 2 && opt_takes_value(spec->opts, w[1])) {
			prev_opt = w;
		}
		if (prev_opt != NULL && k + 1 < argc) {
			k++;
			prev_opt = NULL;
		}
	}
	if (opts_ok && prev_opt != NULL) {
		char o = prev_opt[strlen(prev_opt) - 1];

		/* -c CHARSET, -t TLS: the words set takes for the same */
		for (i = 0; i < sizeof optvals / sizeof optvals[0]; i++) {
			const char *const *v;

			if (optvals[i].opt != o ||
			    strcmp(optvals[i].cmd, d->name) != 0 ||
			    (optvals[i].sub == NULL) != (sub == NULL) ||
			    (sub != NULL && strcmp(optvals[i].sub,
			    sub->name) != 0))
				continue;
			v = app_opt_words(optvals[i].setopt);
			for (j = 0; v != NULL && v[j] != NULL; j++)
				cand_add(&c, v[j], strlen(v[j]));
			goto words;
		}
		/* the value of -o: the other side's name */
		if (prev_opt[strlen(prev_opt) - 1] == 'o')
			out->what = d->complete == CC_LOCAL ? COMP_REMOTE :
			    d->complete == CC_REMOTE ? COMP_LOCAL : COMP_NONE;
		goto done;
	}
	if (opts_ok && out->word[0] == '-') {
		char o[3] = "-";

		for (i = 0; spec->opts[i] != '\0'; i++) {
			if (spec->opts[i] == ':')
				continue;
			o[1] = spec->opts[i];
			cand_add(&c, o, 2);
		}
		goto words;
	}
	/* subcommands, and words the usage names */
	if (d->subs != NULL && argc == 1) {
		for (i = 0; d->subs[i].name != NULL; i++)
			cand_add(&c, d->subs[i].name, strlen(d->subs[i].name));
		goto words;
	}
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strcmp(fixed[i].cmd, d->name) == 0 && fixed[i].argn ==
		    argc && (fixed[i].sub == NULL || (argc >= 2 &&
		    strcmp(fixed[i].sub, argv[1]) == 0)))
			cand_add_list(&c, fixed[i].words);
	if (c.n > 0)
		goto words;
	switch (d->complete) {
	case CC_COMMAND:
		if (argc == 1)
			cand_commands(&c);
		break;
	case CC_OPTION:
		if (argc == 1) {
			const char *const *names = app_opt_names();

			for (i = 0; names[i] != NULL; i++)
				cand_add(&c, names[i], strlen(names[i]));
		} else if (argc == 2 && strcmp(d->name, "set") == 0) {
			const char *const *v = app_opt_words(argv[1]);

			for (i = 0; v != NULL && v[i] != NULL; i++)
				cand_add(&c, v[i], strlen(v[i]));
		}
		break;
	case CC_BOOKMARK:
		/* open @NAME; bookmark del NAME */
		for (i = 0; bookmarks != NULL && bookmarks[i] != NULL; i++) {
			if (sub != NULL && argc == 2 &&
			    strcmp(sub->name, "del") == 0)
				cand_add_at(&c, "", bookmarks[i]);
			else if (sub == NULL && out->word[0] == '@')
				cand_add_at(&c, "@", bookmarks[i]);
		}
		break;
	case CC_REMOTE:
		out->what = COMP_REMOTE;
		goto done;
	case CC_REMOTE_DIR:
		out->what = COMP_REMOTE_DIR;
		goto done;
	case CC_LOCAL:
		out->what = COMP_LOCAL;
		goto done;
	case CC_LOCAL_DIR:
		out->what = COMP_LOCAL_DIR;
		goto done;
	default:
		if (strcmp(d->name, "unalias") == 0) {
			const char *a;

			for (i = 0; (a = cmd_alias_name(i)) != NULL; i++)
				cand_add(&c, a, strlen(a));
		}
		break;
	}
words:
	if (c.n > 0) {
		qsort(c.v, c.n, sizeof *c.v, cand_cmp);
		out->what = COMP_WORDS;
		out->words = c.v;
		out->n = c.n;
		c.v = NULL;
	}
done:
	for (i = 0; i < c.n && c.v != NULL; i++)
		free(c.v[i]);
	free(c.v);
	cmd_argv_free(argv);
}

void
cmd_complete_free(struct comp *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->words[i]);
	free(c->words);
	free(c->word);
	memset(c, 0, sizeof *c);
}
