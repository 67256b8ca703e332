/*
 * complete.h: what Tab completes on a command line, worked out from the
 * command table, the argument specs, the set options, the aliases and the
 * bookmarks given (pure: no I/O; the screen's input.c asks, then fills in
 * remote and local names itself).
 */
#ifndef JANGADA_CMD_COMPLETE_H
#define JANGADA_CMD_COMPLETE_H

#include <stddef.h>

enum comp_what {
	COMP_NONE,		/* nothing to complete */
	COMP_WORDS,		/* the candidates in words[] */
	COMP_REMOTE,		/* remote names (word: the typed prefix) */
	COMP_REMOTE_DIR,
	COMP_LOCAL,		/* local names */
	COMP_LOCAL_DIR
};

struct comp {
	enum comp_what	 what;
	char		**words;	/* COMP_WORDS: NULL-ended, sorted */
	size_t		 n;
	char		*word;		/* the word at the cursor, unquoted */
};

/*
 * The candidates for the word that ends at point in line (bytes): the
 * command names, their aliases and the user's aliases for the first word;
 * a command's options ("-l") for a word starting with '-' while options
 * may come; subcommands (queue, bookmark, console, tcp, udp); set/show
 * option names and set's values (on/off, the words of a word option),
 * and those of bookmark add -c CHARSET and -t TLS;
 * "@NAME" of the bookmarks (NULL-ended names, or NULL) for open and
 * bookmark; otherwise which kind of names the command takes. Free with
 * cmd_complete_free.
 */
void	 cmd_complete(const char *line, size_t point,
	    const char *const *bookmarks, struct comp *);
void	 cmd_complete_free(struct comp *);
/*
 * A name as the command line must hold it to give the same bytes back:
 * what the sanitizer shows (\xHH for a byte that is not clean text, \\
 * for a backslash) with the tokenizer's special bytes backslashed.
 */
char	*cmd_complete_quote(const char *name);
/* The word the user typed (text as readline gives it), unquoted. */
char	*cmd_complete_unquote(const char *text);

#endif
