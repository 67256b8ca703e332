/*
 * test_complete: the candidates of Tab (src/cmd/complete.c): command
 * names and aliases, a command's options from its spec, subcommands,
 * set's option names and values, bookmarks, aliases, the kind of names a
 * command takes, and the quoting that gives a name's bytes back through
 * the tokenizer (issue 14).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "cmd/cmd.h"
#include "cmd/complete.h"
#include "cmd/parse.h"
#include "../tap.h"

static const char *const bms[] = { "home", "ibiblio", "kernel", NULL };

/* The candidates of line (cursor at the end), joined by ' '. */
static const char *
cands(const char *line, enum comp_what *what)
{
	static char buf[2048];
	struct comp c;
	size_t i;

	cmd_complete(line, strlen(line), bms, &c);
	buf[0] = '\0';
	for (i = 0; i < c.n; i++) {
		if (i > 0)
			strcat(buf, " ");
		strcat(buf, c.words[i]);
	}
	if (what != NULL)
		*what = c.what;
	cmd_complete_free(&c);
	return buf;
}

/* Is the word at the cursor of line want? */
static int
word_of(const char *line, const char *want)
{
	struct comp c;
	int r;

	cmd_complete(line, strlen(line), bms, &c);
	r = c.word != NULL && strcmp(c.word, want) == 0;
	if (!r)
		tap_diag("word: '%s', want '%s'", c.word != NULL ? c.word : "",
		    want);
	cmd_complete_free(&c);
	return r;
}

static void
test_words(void)
{
	enum comp_what w;
	char err[128];

	is_str(cands("get -", &w), "-R -a -b -c -o -r",
	    "get -<Tab>: get's options");
	ok(w == COMP_WORDS, "get -: words");
	is_str(cands("mget -", NULL), "-R -a -b -c -r", "mget -<Tab>");
	is_str(cands("ls -", NULL), "-1 -S -a -l -r -t", "ls -<Tab>");
	is_str(cands("get -c -", NULL), "-R -a -b -c -o -r",
	    "after an option, options still");
	cands("get x -", &w);
	ok(w == COMP_REMOTE, "after an operand, a '-' word is a name");
	cands("get -- -", &w);
	ok(w == COMP_REMOTE, "after --, a '-' word is a name");
	cands("get -o ", &w);
	ok(w == COMP_LOCAL, "get -o VALUE: a local name");
	cands("put -o ", &w);
	ok(w == COMP_REMOTE, "put -o VALUE: a remote name");
	cands("get -o x ", &w);
	ok(w == COMP_REMOTE, "get -o x NAME: a remote name");
	is_str(cands("quote -", NULL), "", "a raw command: no options");

	is_str(cands("set overwrite ", NULL),
	    "ask overwrite rename resume skip", "set overwrite <Tab>");
	is_str(cands("set overwrite re", NULL), "rename resume",
	    "set overwrite re<Tab>");
	is_str(cands("set passive ", NULL), "off on", "a boolean: on off");
	is_str(cands("set type ", NULL), "ascii auto binary", "set type");
	is_str(cands("set timeout ", NULL), "", "a number: nothing");
	is_str(cands("set ov", NULL), "overwrite", "set ov<Tab>");
	is_str(cands("show ty", NULL), "type", "show ty<Tab>");
	is_str(cands("type ", NULL), "ascii auto binary", "type <Tab>");

	is_str(cands("open @", NULL), "@home @ibiblio @kernel",
	    "open @<Tab>: the bookmarks");
	is_str(cands("open @k", NULL), "@kernel", "open @k<Tab>");
	is_str(cands("open -u x @i", NULL), "@ibiblio",
	    "open -u USER @i<Tab>");
	is_str(cands("bookmark del ", NULL), "home ibiblio kernel",
	    "bookmark del <Tab>: names");
	/* an option's value: the words of the set option it sets */
	is_str(cands("bookmark add -c ", NULL),
	    "auto cp1252 latin1 latin9 utf-8", "bookmark add -c <Tab>");
	is_str(cands("bookmark add -c l", NULL), "latin1 latin9",
	    "bookmark add -c l<Tab>");
	is_str(cands("bookmark add -t ", NULL), "auto off require",
	    "bookmark add -t <Tab>");
	is_str(cands("bm add -c cp1252 -t r", NULL), "require",
	    "bm add -c cp1252 -t r<Tab>");
	is_str(cands("bookmark add -t off -", NULL), "-c -t",
	    "after -t's value, options still");
	is_str(cands("bookmark add -t off ", NULL), "",
	    "after -t's value, the name: no words");

	is_str(cands("queue ", NULL),
	    "cancel clear drop list move pause priority resume retry review",
	    "queue <Tab>");
	is_str(cands("bookmark ", NULL), "add del list", "bookmark <Tab>");
	is_str(cands("console ", NULL),
	    "all close eol hex list save send switch to wait",
	    "console <Tab>");
	is_str(cands("console eol ", NULL), "crlf lf none",
	    "console eol <Tab>");
	is_str(cands("tcp ", NULL), "connect listen", "tcp <Tab>");

	is_str(cands("mg", NULL), "mget", "a command name");
	ok(cmd_alias_define("ll", "ls -l", err, sizeof err) == 0,
	    "an alias defined");
	is_str(cands("l", NULL),
	    "lcd lchmod ldir less literal ll lls lmkdir lmv lpwd lrename lrm ls",
	    "aliases are names");
	is_str(cands("unalias ", NULL), "ll", "unalias <Tab>");
	is_str(cands("ll -", NULL), "-1 -S -a -l -r -t",
	    "an alias's options are its command's");
	cands("ll pu", &w);
	ok(w == COMP_REMOTE_DIR, "ll NAME: what ls takes");
	ok(cmd_alias_define("gr", "get -r", err, sizeof err) == 0,
	    "another alias");
	cands("gr x -o ", &w);
	ok(w == COMP_NONE || w == COMP_REMOTE, "gr x -o: options are over");
	is_str(cands("help mp", NULL), "mput", "help <Tab>");
	/*
	 * The screen's line is one command (cmd_run_line does not split on
	 * ';'; scripts, -c and -f do, and have no Tab): a ';' is a byte of
	 * the word, read as the command will read it.
	 */
	is_str(cands("cd x; get -", NULL), "", "no new command after ';'");
	cands("cd x; get -", &w);
	ok(w == COMP_REMOTE_DIR, "cd x; get -: still cd's names");
	cands("get README.TXT;1", &w);
	ok(w == COMP_REMOTE, "get NAME;1: a VMS version is part of the name");
	ok(word_of("get README.TXT;1", "README.TXT;1"),
	    "get README.TXT;1: one word");
	ok(word_of("get README.TXT;", "README.TXT;"),
	    "get README.TXT;: one word");
	cands("cd a;b", &w);
	ok(w == COMP_REMOTE_DIR, "cd a;b: a directory name, not a command");
	ok(word_of("cd a;b", "a;b"), "cd a;b: one word");
	cands("get a;ge", &w);
	ok(w == COMP_REMOTE, "get a;ge: a name, not a command");
	ok(word_of("get a;b c;d", "c;d"), "get a;b c;d: the last word");
	cands("get A.TXT;1;get -", &w);
	ok(w == COMP_REMOTE, "get A.TXT;1;get -: an operand came, a name");

	cands("get caf", &w);
	ok(w == COMP_REMOTE, "get: remote names");
	cands("put ", &w);
	ok(w == COMP_LOCAL, "put: local names");
	cands("cd ", &w);
	ok(w == COMP_REMOTE_DIR, "cd: remote directories");
	cands("lcd ", &w);
	ok(w == COMP_LOCAL_DIR, "lcd: local directories");
	cands("nosuchcommand ", &w);
	ok(w == COMP_NONE, "an unknown command: nothing");
}

/* quote, then tokenize: the same bytes. */
static void
round_trip(const char *name, const char *want_quoted)
{
	char *q = cmd_complete_quote(name), **argv, err[128], *u;
	int argc;

	if (want_quoted != NULL)
		is_str(q, want_quoted, "quoted as shown: %s", want_quoted);
	ok(cmd_tokenize(q, &argv, &argc, err, sizeof err) == 0 &&
	    argc == 1 && strcmp(argv[0], name) == 0,
	    "the tokenizer gives the bytes back: %s", q);
	if (argc >= 0)
		cmd_argv_free(argv);
	u = cmd_complete_unquote(q);
	is_str(u, name, "unquote gives them back: %s", q);
	free(u);
	free(q);
}

static void
test_quote(void)
{
	struct comp c;

	round_trip("caf\xe9.txt", "caf\\xe9.txt");
	round_trip("a\x1b[31mb", "a\\x1b\\[31mb");
	round_trip("a b", "a\\ b");
	round_trip("back\\x41slash", "back\\\\x41slash");
	round_trip("caf\xc3\xa9 ok.txt", "caf\xc3\xa9\\ ok.txt");
	round_trip("semi;colon'quote", "semi\\;colon\\'quote");
	cmd_complete("get caf\\xe9", strlen("get caf\\xe9"), NULL, &c);
	is_str(c.word, "caf\xe9", "the word at the cursor, unescaped");
	cmd_complete_free(&c);
	cmd_complete("get \"a b", strlen("get \"a b"), NULL, &c);
	is_str(c.word, "a b", "an open quote: the word inside");
	cmd_complete_free(&c);
}

int
main(void)
{
	test_words();
	test_quote();
	return done_testing();
}
