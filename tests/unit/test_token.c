/*
 * test_token: the command-line tokenizer, the ';' splitter and the quoting
 * used by completion (issue 4).
 *
 * Tables of lines and the words they must give, written as one string with
 * the words joined by '|' ("" for no words); the error cases name the
 * message they must give. Every word of every good case is also quoted
 * with cmd_quote_word and tokenized back.
 */
#include "../../src/cmd/token.c"
#include "../tap.h"

/* Join argv with '|' into a static buffer. */
static const char *
joined(char **argv)
{
	static char buf[4096];
	size_t i;

	buf[0] = '\0';
	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			str_lcat(buf, "|", sizeof buf);
		str_lcat(buf, argv[i], sizeof buf);
	}
	return buf;
}

static const struct {
	const char	*line;
	const char	*words;
	int		 argc;
} good[] = {
	{ "", "", 0 },
	{ "   \t  ", "", 0 },
	{ "ls", "ls", 1 },
	{ "  get   README  ", "get|README", 2 },
	{ "get\tREADME\r\n", "get|README", 2 },
	/* names with spaces */
	{ "get 'my file.txt'", "get|my file.txt", 2 },
	{ "get \"my file.txt\"", "get|my file.txt", 2 },
	{ "get my\\ file.txt", "get|my file.txt", 2 },
	{ "cd 'a b'/'c d'", "cd|a b/c d", 2 },
	{ "get '  lead and trail  '", "get|  lead and trail  ", 2 },
	/* quotes inside quotes */
	{ "echo \"it's\"", "echo|it's", 2 },
	{ "echo 'say \"hi\"'", "echo|say \"hi\"", 2 },
	{ "echo \"say \\\"hi\\\"\"", "echo|say \"hi\"", 2 },
	{ "echo 'it'\\''s'", "echo|it's", 2 },
	{ "echo \"a\\\\b\"", "echo|a\\b", 2 },
	{ "echo \"a\\nb\"", "echo|a\\nb", 2 },
	{ "echo 'a\\b'", "echo|a\\b", 2 },
	{ "echo a\\\\b", "echo|a\\b", 2 },
	{ "echo \\'x\\'", "echo|'x'", 2 },
	/* empty words only when quoted */
	{ "set prompt ''", "set|prompt|", 3 },
	{ "set prompt \"\"", "set|prompt|", 3 },
	{ "'' ''", "|", 2 },
	/* comments */
	{ "# a comment", "", 0 },
	{ "ls # list", "ls", 1 },
	{ "ls #", "ls", 1 },
	{ "get a#b", "get|a#b", 2 },
	{ "get '#x'", "get|#x", 2 },
	{ "get \\#x", "get|#x", 2 },
	{ "get \"#\"", "get|#", 2 },
	{ "get 'a'#b", "get|a#b", 2 },
	/* ';' is an ordinary byte for the tokenizer (split first) */
	{ "get a;b", "get|a;b", 2 },
	{ "get 'a;b'", "get|a;b", 2 },
	/* a backslash before a blank, a quote, a newline */
	{ "a\\ ", "a ", 1 },
	{ "a\\\nb", "a\nb", 1 },
	/* UTF-8 and high bytes pass untouched */
	{ "get 'relatório anual.pdf'", "get|relatório anual.pdf", 2 },
	{ "get \xff\xfe", "get|\xff\xfe", 2 },
};

static const struct {
	const char	*line;
	const char	*msg;
} bad[] = {
	{ "get 'unterminated", "unterminated single quote" },
	{ "get \"unterminated", "unterminated double quote" },
	{ "get \"a\\\"", "unterminated double quote" },
	{ "get trailing\\", "backslash at the end of the line" },
	{ "\\", "backslash at the end of the line" },
	{ "'", "unterminated single quote" },
	{ "\"", "unterminated double quote" },
	{ "echo 'a' 'b", "unterminated single quote" },
};

static const struct {
	const char	*line;
	const char	*cmds;		/* commands joined with '|' */
	int		 ok;
} split[] = {
	{ "open ftp://127.0.0.1:2121/; cd pub; get README",
	    "open ftp://127.0.0.1:2121/| cd pub| get README", 1 },
	{ "ls", "ls", 1 },
	{ "", "", 1 },
	{ ";;  ; ", "", 1 },
	{ "a;;b;", "a|b", 1 },
	{ "get 'a;b'; ls", "get 'a;b'| ls", 1 },
	{ "get \"a;b\";ls", "get \"a;b\"|ls", 1 },
	{ "get a\\;b; ls", "get a\\;b| ls", 1 },
	{ "ls # x; rm y", "ls ", 1 },
	{ "ls; # rm y", "ls", 1 },
	{ "ls;#x", "ls", 1 },
	{ "get a#b; ls", "get a#b| ls", 1 },
	{ "get 'a; b", NULL, 0 },
	{ "get a; b\\", NULL, 0 },
	/* a VMS version: ';' and digits ending a word stay in it */
	{ "get README.TXT;1", "get README.TXT;1", 1 },
	{ "get README.TXT;12 x;3", "get README.TXT;12 x;3", 1 },
	{ "get A.TXT;1;pwd", "get A.TXT;1|pwd", 1 },
	{ "get A.TXT;1; pwd", "get A.TXT;1| pwd", 1 },
	{ "get 'A.TXT';1", "get 'A.TXT';1", 1 },
	{ "ls;pwd", "ls|pwd", 1 },
	{ "cd x; pwd", "cd x| pwd", 1 },
	{ "ls ;pwd", "ls |pwd", 1 },
	{ "ls ;1", "ls |1", 1 },
	{ "get a;1b", "get a|1b", 1 },
	{ "get a;;1", "get a|1", 1 },
};

/* Words cmd_quote_word must give back through cmd_tokenize. */
static const char *quote_words[] = {
	"plain", "", "a b", "it's", "say \"hi\"", "a\\b", "#x", "a#b",
	"a;b", ";", "\t", "new\nline", "cr\r", "'", "\"", "\\", "  ",
	"relatório anual.pdf", "\xff\x01\x7f", "$HOME", "*.txt",
};

/* Tokenize each word of each good case after quoting it. */
static int
roundtrip(const char *word)
{
	char *q, **argv, err[128];
	int argc, okay;

	q = cmd_quote_word(word);
	okay = cmd_tokenize(q, &argv, &argc, err, sizeof err) == 0 &&
	    argc == 1 && strcmp(argv[0], word) == 0;
	if (okay) {
		char **cmds;

		/* The splitter must keep it whole, too. */
		cmd_argv_free(argv);
		okay = cmd_split_commands(q, &cmds, err, sizeof err) == 0 &&
		    cmds[0] != NULL && cmds[1] == NULL &&
		    strcmp(cmds[0], q) == 0;
		cmd_argv_free(cmds);
	} else
		cmd_argv_free(argv);
	free(q);
	return okay;
}

int
main(void)
{
	char **argv, err[128], *q, line[64];
	size_t i, j;
	int argc, r;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		r = cmd_tokenize(good[i].line, &argv, &argc, err, sizeof err);
		if (!ok(r == 0 && argv != NULL, "tokenize good %zu", i))
			continue;
		is_str(joined(argv), good[i].words, "words of case %zu", i);
		is_int(argc, good[i].argc, "argc of case %zu", i);
		ok(argv[argc] == NULL, "NULL-ended, case %zu", i);
		for (j = 0; argv[j] != NULL; j++)
			if (!roundtrip(argv[j]))
				break;
		ok(argv[j] == NULL, "quote round trip, case %zu", i);
		cmd_argv_free(argv);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		argv = (char **)1;
		r = cmd_tokenize(bad[i].line, &argv, &argc, err, sizeof err);
		is_int(r, -1, "tokenize bad %zu refused", i);
		ok(argv == NULL, "no words on error, case %zu", i);
		is_str(err, bad[i].msg, "message of bad case %zu", i);
	}
	r = cmd_tokenize("a b", &argv, NULL, err, sizeof err);
	ok(r == 0 && argv[2] == NULL, "argc may be NULL");
	cmd_argv_free(argv);
	cmd_argv_free(NULL);
	r = cmd_tokenize("'x", &argv, &argc, NULL, 0);
	is_int(r, -1, "no error buffer is fine");

	for (i = 0; i < sizeof split / sizeof split[0]; i++) {
		char **cmds = (char **)1;

		r = cmd_split_commands(split[i].line, &cmds, err, sizeof err);
		if (!split[i].ok) {
			ok(r == -1 && cmds == NULL, "split bad %zu refused",
			    i);
			continue;
		}
		if (!ok(r == 0, "split %zu", i))
			continue;
		is_str(joined(cmds), split[i].cmds, "commands of split %zu",
		    i);
		cmd_argv_free(cmds);
	}

	for (i = 0; i < sizeof quote_words / sizeof quote_words[0]; i++)
		ok(roundtrip(quote_words[i]), "quote round trip of word %zu",
		    i);
	q = cmd_quote_word("my file.txt");
	is_str(q, "my\\ file.txt", "quote escapes a blank");
	free(q);
	q = cmd_quote_word("a|b>c");
	is_str(q, "a\\|b\\>c", "quote escapes | and > (redirections)");
	free(q);
	q = cmd_quote_word("plain-name_1.txt");
	is_str(q, "plain-name_1.txt", "a plain word is left alone");
	free(q);
	q = cmd_quote_word("");
	is_str(q, "''", "the empty word is ''");
	free(q);

	/* Every 1- and 2-byte word round trips (the byte 0 aside). */
	for (i = 1; i < 256; i++) {
		for (j = 0; j < 256; j += 17) {
			line[0] = (char)i;
			line[1] = (char)j;
			line[2] = '\0';
			if (!roundtrip(line))
				break;
		}
		if (j < 256)
			break;
	}
	ok(i == 256, "all short words round trip (stopped at %zu)", i);

	/* A long line of many words. */
	{
		char *big = xmalloc(200001);

		for (i = 0; i < 100000; i++) {
			big[2 * i] = 'x';
			big[2 * i + 1] = ' ';
		}
		big[200000] = '\0';
		r = cmd_tokenize(big, &argv, &argc, err, sizeof err);
		ok(r == 0 && argc == 100000, "100000 words");
		cmd_argv_free(argv);
		free(big);
	}
	return done_testing();
}
