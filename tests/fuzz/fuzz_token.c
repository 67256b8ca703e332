/*
 * fuzz_token: the command-line tokenizer, the ';' splitter, the quoting
 * of completion, and the glob matcher on hostile command lines.
 *
 * The input, cut at its first NUL, is one command line. The promises
 * checked (a broken one aborts, which libFuzzer reports as a finding):
 *   - cmd_tokenize either fails with a message or gives a NULL-ended argv
 *     of argc words, each no longer than the line;
 *   - every word, quoted by cmd_quote_word, tokenizes back to itself, as
 *     one word, and the splitter keeps it as one command;
 *   - every command cmd_split_commands gives tokenizes without an error
 *     (its quotes are balanced and it cannot end in a backslash);
 *   - the first word, used as a glob pattern against the second, neither
 *     crashes nor takes long (-timeout catches an exponential matcher).
 */
#include "../../src/base/str.c"
#include "../../src/base/xmalloc.c"
#include "../../src/cmd/glob.c"
#include "../../src/cmd/token.c"

#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Tokenize the quoted form of word: it must give word back. */
static void
fuzz_roundtrip(const char *word)
{
	char *q, **argv, **cmds, err[256];
	int argc;

	q = cmd_quote_word(word);
	if (cmd_tokenize(q, &argv, &argc, err, sizeof err) != 0 ||
	    argc != 1 || strcmp(argv[0], word) != 0)
		abort();
	cmd_argv_free(argv);
	if (cmd_split_commands(q, &cmds, err, sizeof err) != 0 ||
	    cmds[0] == NULL || cmds[1] != NULL || strcmp(cmds[0], q) != 0)
		abort();
	cmd_argv_free(cmds);
	free(q);
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line, **argv, **cmds, **sub, err[256];
	size_t len, i;
	int argc, subc;

	if (size > 64 * 1024)
		return 0;
	line = xmalloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	len = strlen(line);

	err[0] = '\0';
	argv = (char **)1;
	if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == 0) {
		if (argv == NULL || argc < 0 || argv[argc] != NULL)
			abort();
		for (i = 0; i < (size_t)argc; i++) {
			if (argv[i] == NULL || strlen(argv[i]) > len)
				abort();
			fuzz_roundtrip(argv[i]);
		}
		if (argc >= 2) {
			(void)glob_match(argv[0], argv[1], strlen(argv[1]));
			if (!glob_has_magic(argv[0])) {
				char *u = glob_unescape(argv[0]);

				if (!glob_match(argv[0], u, strlen(u)) &&
				    u[0] != '.')
					abort();
				free(u);
			}
		}
		cmd_argv_free(argv);
	} else if (argv != NULL || err[0] == '\0')
		abort();

	err[0] = '\0';
	if (cmd_split_commands(line, &cmds, err, sizeof err) == 0) {
		for (i = 0; cmds[i] != NULL; i++) {
			if (cmd_tokenize(cmds[i], &sub, &subc, err,
			    sizeof err) != 0)
				abort();
			cmd_argv_free(sub);
		}
		cmd_argv_free(cmds);
	} else if (cmds != NULL || err[0] == '\0')
		abort();
	free(line);
	return 0;
}
