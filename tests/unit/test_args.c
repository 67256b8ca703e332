/*
 * test_args: the command language's argument spec (cmd_args_parse), the
 * places users type (url_parse_place, place_tilde, place_join,
 * url_strip_password, \xHH and \uHHHH in the tokenizer) and the one rule
 * for secrets (cmd_line_is_secret, secret_ftp_shown). Issues 12, 13, 14.
 * The table's own specs of the commands of issue 14 (rm -rf, lrm -Rf,
 * mkdir -p, du -sh, find, shell, alias) and the secret rule on aliases
 * and the shell forms.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/secret.h"
#include "base/xmalloc.h"
#include "cmd/cmd.h"
#include "cmd/parse.h"
#include "../tap.h"

/* A call of the words of line, parsed against spec from word first. */
static int
parse(const char *line, const struct cmd_args *a, int first,
    struct cmd_call *c, char *err, size_t errlen)
{
	char **argv;
	int argc;

	memset(c, 0, sizeof *c);
	if (cmd_tokenize(line, &argv, &argc, err, errlen) == -1)
		return -2;
	c->argv = argv;
	c->argc = argc;
	err[0] = '\0';
	return cmd_args_parse(c, a, first, err, errlen);
}

static void
unparse(struct cmd_call *c)
{
	if (c->argv_all != NULL) {
		free(c->argv);
		cmd_argv_free(c->argv_all);
	} else
		cmd_argv_free(c->argv);
}

/* The operands joined by '|'. */
static const char *
ops(const struct cmd_call *c)
{
	static char buf[512];
	int i;

	buf[0] = '\0';
	for (i = 1; i < c->argc; i++) {
		if (i > 1)
			strcat(buf, "|");
		strcat(buf, c->argv[i]);
	}
	return buf;
}

static void
test_spec(void)
{
	static const struct cmd_args ls = { "la1tSr", 0, 1, 0 };
	static const struct cmd_args get = { "abcro:", 1, CMD_ANY, 0 };
	static const struct cmd_args raw = { NULL, 1, CMD_ANY, CMD_ARGS_RAW };
	static const struct cmd_args none = { NULL, 0, 0, 0 };
	static const struct cmd_args cd = { NULL, 0, 1, 0 };
	struct cmd_call c;
	char err[256];
	int r;

	r = parse("ls -la", &ls, 1, &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 'l') && cmd_opt(&c, 'a') && c.argc == 1,
	    "ls -la: two flags bundled, no operand (%s)", err);
	unparse(&c);
	r = parse("ls -l -t -r /pub", &ls, 1, &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 't') && cmd_opt(&c, 'r') &&
	    strcmp(ops(&c), "/pub") == 0, "ls -l -t -r /pub: flags and path");
	ok(!cmd_opt(&c, 'S') && !cmd_opt(&c, 'a'), "flags not given are 0");
	unparse(&c);
	r = parse("ls -x", &ls, 1, &c, err, sizeof err);
	ok(r == -1 && strcmp(err, "unknown option -x") == 0,
	    "an unknown option is refused (%s)", err);
	unparse(&c);
	r = parse("ls a b", &ls, 1, &c, err, sizeof err);
	ok(r == -1 && strcmp(err, "too many arguments") == 0,
	    "too many operands (%s)", err);
	unparse(&c);
	r = parse("get", &get, 1, &c, err, sizeof err);
	ok(r == -1 && strcmp(err, "missing argument") == 0,
	    "too few operands (%s)", err);
	unparse(&c);
	r = parse("get -o out.png -c x", &get, 1, &c, err, sizeof err);
	ok(r == 0 && strcmp(cmd_optarg(&c, 'o'), "out.png") == 0 &&
	    cmd_opt(&c, 'c') && strcmp(ops(&c), "x") == 0,
	    "-o VALUE as the next word");
	unparse(&c);
	r = parse("get -aoout x", &get, 1, &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 'a') &&
	    strcmp(cmd_optarg(&c, 'o'), "out") == 0,
	    "a value attached after a bundled flag (-aoout)");
	unparse(&c);
	r = parse("get x -o", &get, 1, &c, err, sizeof err);
	ok(r == 0 && strcmp(ops(&c), "x|-o") == 0 && !cmd_opt(&c, 'o'),
	    "the first operand ends the options");
	unparse(&c);
	r = parse("get -o", &get, 1, &c, err, sizeof err);
	ok(r == -1 && strcmp(err, "option -o needs a value") == 0,
	    "a value missing (%s)", err);
	unparse(&c);
	r = parse("get -- -r", &get, 1, &c, err, sizeof err);
	ok(r == 0 && !cmd_opt(&c, 'r') && strcmp(ops(&c), "-r") == 0,
	    "-- ends the options: -r is a name");
	unparse(&c);
	r = parse("cd -", &cd, 1, &c, err, sizeof err);
	ok(r == 0 && strcmp(ops(&c), "-") == 0, "a lone - is an operand");
	unparse(&c);
	r = parse("quote pass -x", &raw, 1, &c, err, sizeof err);
	ok(r == 0 && strcmp(ops(&c), "pass|-x") == 0,
	    "CMD_ARGS_RAW: every word is an operand");
	unparse(&c);
	r = parse("pwd now", &none, 1, &c, err, sizeof err);
	ok(r == -1, "no operands allowed: refused");
	unparse(&c);
	r = parse("queue cancel -3", &cd, 2, &c, err, sizeof err);
	ok(r == -1 && strstr(err, "-3") != NULL,
	    "a subcommand's words start at 2 (%s)", err);
	unparse(&c);
	r = parse("queue cancel 3", &cd, 2, &c, err, sizeof err);
	ok(r == 0 && c.argc == 3 && strcmp(c.argv[1], "cancel") == 0 &&
	    strcmp(c.argv[2], "3") == 0, "the subcommand's name stays");
	unparse(&c);
}

static void
test_place(void)
{
	static const struct {
		const char *in, *user, *pass, *host, *port;
	} good[] = {
		{ "127.0.0.1:2121", NULL, NULL, "127.0.0.1", "2121" },
		{ "127.0.0.1", NULL, NULL, "127.0.0.1", NULL },
		{ "ftp.example.org:21", NULL, NULL, "ftp.example.org", "21" },
		{ "[::1]:2121", NULL, NULL, "::1", "2121" },
		{ "[::1]", NULL, NULL, "::1", NULL },
		{ "::1", NULL, NULL, "::1", NULL },
		{ "fe80::1:2", NULL, NULL, "fe80::1:2", NULL },
		{ "bob@h", "bob", NULL, "h", NULL },
		{ "bob:s3cr:et@h:2121", "bob", "s3cr:et", "h", "2121" },
		{ "a@b:pw@h", "a@b", "pw", "h", NULL },
		{ "u:p%41@h", "u", "p%41", "h", NULL },
	};
	static const char *bad[] = { "", "h:0", "h:99999", "h:x", ":21",
	    "u@", "@h", "[::1", "[zz]:21", "::g", "-h", "a b:21" };
	struct ftp_url u;
	char err[256], *s;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!ok(url_parse_place(good[i].in, &u, err, sizeof err) == 0,
		    "place %s (%s)", good[i].in, err))
			continue;
		ok((good[i].user == NULL ? u.user == NULL : u.user != NULL &&
		    strcmp(u.user, good[i].user) == 0) &&
		    (good[i].pass == NULL ? u.pass == NULL : u.pass != NULL &&
		    strcmp(u.pass, good[i].pass) == 0) &&
		    strcmp(u.host, good[i].host) == 0 &&
		    (good[i].port == NULL ? u.port == NULL : u.port != NULL &&
		    strcmp(u.port, good[i].port) == 0),
		    "parts of %s", good[i].in);
		url_free(&u);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ok(url_parse_place(bad[i], &u, err, sizeof err) == -1,
		    "place %s refused (%s)", bad[i], err);
		url_free(&u);
	}
	ok(url_parse_place("u:hunter2@h:99999", &u, err, sizeof err) == -1 &&
	    strstr(err, "hunter2") == NULL, "an error never quotes the "
	    "password (%s)", err);

	s = place_tilde("~", "/home/ana");
	is_str(s, "/home/ana", "~ is HOME");
	free(s);
	s = place_tilde("~/x/y", "/home/ana/");
	is_str(s, "/home/ana/x/y", "~/x is in HOME, one slash");
	free(s);
	s = place_tilde("~bob/x", "/home/ana");
	is_str(s, "~bob/x", "~user is left alone");
	free(s);
	s = place_tilde("a~", "/home/ana");
	is_str(s, "a~", "a ~ inside a name is a name");
	free(s);
	s = place_tilde("~", NULL);
	is_str(s, "~", "no HOME: unchanged");
	free(s);
	s = place_join("./e/", "tux.png");
	is_str(s, "./e/tux.png", "no double slash: ./e/ + tux.png");
	free(s);
	s = place_join("/", "pub");
	is_str(s, "/pub", "the root joins once");
	free(s);
	s = place_join("e//", "");
	is_str(s, "e", "a directory's trailing slashes go");
	free(s);

	s = url_strip_password("ftp://u:PW@h:2121/pub/linux");
	is_str(s, "ftp://u@h:2121/pub/linux", "the password taken out, the "
	    "rest as typed");
	free(s);
	s = url_strip_password("FTP://h/%2Fsrv;type=d");
	is_str(s, "FTP://h/%2Fsrv;type=d", "no password: unchanged");
	free(s);
	s = url_strip_password("ftp://u@h/a:b@c");
	is_str(s, "ftp://u@h/a:b@c", "a ':' in the path is not a password");
	free(s);
}

static void
test_escapes(void)
{
	char **argv, err[256];
	int argc;

	ok(cmd_tokenize("get caf\\xe9.txt \"a\\x1bb\" '\\x41'", &argv, &argc,
	    err, sizeof err) == 0 && argc == 4, "\\xHH tokenized");
	if (argc == 4) {
		is_str(argv[1], "caf\xe9.txt", "\\xe9 is the byte 0xe9");
		is_str(argv[2], "a\x1b" "b", "\\x1b in double quotes is ESC");
		is_str(argv[3], "\\x41", "single quotes keep it literal");
	}
	cmd_argv_free(argv);
	ok(cmd_tokenize("get \\u202e.txt \\u0085 a\\\\x41", &argv, &argc, err,
	    sizeof err) == 0 && argc == 4, "\\uHHHH tokenized");
	if (argc == 4) {
		is_str(argv[1], "\xe2\x80\xae.txt", "\\u202e is its UTF-8");
		is_str(argv[2], "\xc2\x85", "\\u0085 is C2 85");
		is_str(argv[3], "a\\x41", "\\\\x41 is a backslash and x41");
	}
	cmd_argv_free(argv);
	ok(cmd_tokenize("get a\\x00", &argv, &argc, err, sizeof err) == -1,
	    "\\x00 is refused (%s)", err);
	ok(cmd_tokenize("get \\ud800", &argv, &argc, err, sizeof err) == -1,
	    "a lone surrogate is refused");
	ok(cmd_tokenize("get \\xg1", &argv, &argc, err, sizeof err) == 0 &&
	    strcmp(argv[1], "xg1") == 0, "\\x without two hex digits: as "
	    "before, x");
	cmd_argv_free(argv);
}

/* The words of line against the spec of its command in the table. */
static int
parse_cmd(const char *line, struct cmd_call *c, char *err, size_t errlen)
{
	const struct cmd_desc *d;
	char name[32];

	snprintf(name, sizeof name, "%.*s", (int)strcspn(line, " "), line);
	if ((d = cmd_find(name, err, errlen)) == NULL)
		return -2;
	return parse(line, &d->args, 1, c, err, errlen);
}

static void
test_table_specs(void)
{
	struct cmd_call c;
	char err[256];
	int r;

	r = parse_cmd("rm -rf a b", &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 'r') && cmd_opt(&c, 'f') &&
	    strcmp(ops(&c), "a|b") == 0, "rm -rf a b: bundled (%s)", err);
	unparse(&c);
	r = parse_cmd("rmdir -r -f -- -d", &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 'r') && cmd_opt(&c, 'f') &&
	    strcmp(ops(&c), "-d") == 0, "rmdir -r -f -- -d");
	unparse(&c);
	r = parse_cmd("lrm -Rf t", &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 'R') && cmd_opt(&c, 'f') &&
	    strcmp(ops(&c), "t") == 0, "lrm -Rf t (-R as rm(1)'s)");
	unparse(&c);
	r = parse_cmd("rm -x a", &c, err, sizeof err);
	ok(r == -1 && strstr(err, "-x") != NULL, "rm -x: %s", err);
	unparse(&c);
	r = parse_cmd("rm -r", &c, err, sizeof err);
	ok(r == -1, "rm -r without a path: %s", err);
	unparse(&c);
	r = parse_cmd("mkdir -p a/b", &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 'p') && strcmp(ops(&c), "a/b") == 0,
	    "mkdir -p a/b");
	unparse(&c);
	r = parse_cmd("mkdir -r a", &c, err, sizeof err);
	ok(r == -1, "mkdir -r: %s", err);
	unparse(&c);
	r = parse_cmd("lmkdir -p x", &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 'p'), "lmkdir -p x");
	unparse(&c);
	r = parse_cmd("du -sh /pub", &c, err, sizeof err);
	ok(r == 0 && cmd_opt(&c, 's') && cmd_opt(&c, 'h') &&
	    strcmp(ops(&c), "/pub") == 0, "du -sh /pub");
	unparse(&c);
	r = parse_cmd("du a b", &c, err, sizeof err);
	ok(r == -1, "du a b: %s", err);
	unparse(&c);
	r = parse_cmd("find /pub -name *.c -type f", &c, err, sizeof err);
	ok(r == 0 && strcmp(ops(&c), "/pub|-name|*.c|-type|f") == 0,
	    "find: its predicates are its own words");
	unparse(&c);
	r = parse_cmd("shell ls -l", &c, err, sizeof err);
	ok(r == 0 && strcmp(ops(&c), "ls|-l") == 0,
	    "shell ls -l: the words go to the shell");
	unparse(&c);
	r = parse_cmd("alias ll ls -la", &c, err, sizeof err);
	ok(r == 0 && strcmp(ops(&c), "ll|ls|-la") == 0,
	    "alias ll ls -la: the text keeps its options");
	unparse(&c);
	r = parse_cmd("unalias", &c, err, sizeof err);
	ok(r == -1, "unalias without a name: %s", err);
	unparse(&c);
	r = parse_cmd("edit a b", &c, err, sizeof err);
	ok(r == -1, "edit a b: %s", err);
	unparse(&c);
}

/* Aliases and the shell forms under the one rule for secrets. */
static void
test_secret_alias_shell(void)
{
	static const char *secret[] = {
		"alias ll ls -l", "alias", "alias x", "ali ll ls",
		"u bob PW", "u bob PW > out", "pwd; u bob PW",
		"!curl ftp://u:PW@h/", "! ftp -n h; pass x",
		"shell curl ftp://u:PW@h/", "ls | grep pass x",
		"quote PASS x > f", "user bob PW | cat",
		"diagnose -u bob,PW h", "diagnose -ubob,PW h 21",
	};
	static const char *clear[] = {
		"u bob", "!ls -l", "!", "ls | less", "ls > out", "ls >> out",
		"unalias ll", "ll", "shell", "diagnose -u bob h", "diagnose h",
	};
	char err[256];
	size_t i;

	ok(cmd_alias_define("u", "user", err, sizeof err) == 0,
	    "alias u user (%s)", err);
	ok(cmd_alias_define("ll", "ls -l", err, sizeof err) == 0,
	    "alias ll ls -l");
	for (i = 0; i < sizeof secret / sizeof secret[0]; i++)
		ok(cmd_line_is_secret(secret[i]), "secret: %s", secret[i]);
	for (i = 0; i < sizeof clear / sizeof clear[0]; i++)
		ok(!cmd_line_is_secret(clear[i]), "not secret: %s", clear[i]);
	ok(cmd_alias_define("o2", "open -u bob,PW h", err, sizeof err) == -1,
	    "an alias with a password is refused: %s", err);
}

static void
test_secret(void)
{
	static const char *secret[] = {
		"quote PASS x", "quote pass x", "quote Pass x", "quote acct x",
		"quote \"PASS X\"", "raw 'pass  x'", "site pass x",
		"pwd; quote PASS X", "pwd ; quote acct y",
		"bookmark add b ftp://u:PW@h/", "open ftp://u:PW@h:21/pub",
		"open u:PW@host 2121", "open -u bob,PW h", "open -ubob,PW h",
		"user bob PW", "user bob PW ACCT", "o ftp://u:p@h",
		"console send PASS x", "get \"unterminated ftp://u:p@h",
		"PASS x",
	};
	static const char *clear[] = {
		"open ftp://u@h/", "open h 21", "open -u bob h", "user bob",
		"quote PASS", "quote SYST", "get pass.txt", "ls -la",
		"bookmark add b ftp://h/pub", "cd /a:b@c/d", "get u@h",
		"pwd; ls",
	};
	char *s;
	size_t i;

	for (i = 0; i < sizeof secret / sizeof secret[0]; i++)
		ok(cmd_line_is_secret(secret[i]), "secret: %s", secret[i]);
	for (i = 0; i < sizeof clear / sizeof clear[0]; i++)
		ok(!cmd_line_is_secret(clear[i]), "not secret: %s", clear[i]);

	s = secret_ftp_shown("PASS hunter2");
	is_str(s, "PASS ****", "PASS masked");
	free(s);
	s = secret_ftp_shown("pass hunter2");
	is_str(s, "pass ****", "pass masked");
	free(s);
	s = secret_ftp_shown("aCcT hunter2");
	is_str(s, "aCcT ****", "aCcT masked");
	free(s);
	s = secret_ftp_shown("SITE pass hunter2");
	is_str(s, "SITE pass ****", "SITE pass masked");
	free(s);
	s = secret_ftp_shown("PASSV x");
	is_str(s, "PASSV x", "another verb left alone");
	free(s);
	s = secret_ftp_shown("RETR pass");
	is_str(s, "RETR pass", "a file named pass left alone");
	free(s);
	s = xstrdup("hunter2");
	secret_free(s);
	ok(1, "secret_free");
	secret_free(NULL);
}

int
main(void)
{
	test_spec();
	test_place();
	test_escapes();
	test_secret();
	test_table_specs();
	test_secret_alias_shell();
	return done_testing();
}
