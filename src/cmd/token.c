/*
 * token.c: the tokenizer of the command language (see parse.h).
 *
 * One scanner serves both cmd_tokenize and cmd_split_commands, so the two
 * can never disagree about what is quoted: it walks the line byte by byte
 * in one of three states (outside quotes, in 'single', in "double") and
 * says, for each byte, whether it is a word separator, a quoted or escaped
 * byte, or an unquoted ';' or '#'. The rules are the shell's, cut down:
 *
 *   - 'single quotes' keep every byte literally, up to the next quote;
 *   - "double quotes" keep every byte but \" and \\, which give " and \;
 *     any other backslash in double quotes is kept as it is;
 *   - outside quotes a backslash makes the next byte literal, whatever it
 *     is (a blank, a quote, ';', '#', a newline);
 *   - outside quotes and in "double quotes", the escapes the display
 *     sanitizer writes are read back: \xHH is the byte HH and \uHHHH the
 *     UTF-8 of that code point, so a name shown as caf\xe9.txt or
 *     \u202e.txt can be typed as it is shown (a NUL is refused);
 *   - unquoted blanks (space, tab, CR, LF, VT, FF) separate words; a word
 *     may be empty only when quoted ('' or "");
 *   - an unquoted '#' that starts a word starts a comment to the end of
 *     the line; elsewhere it is an ordinary byte (get a#b);
 *   - an unquoted ';' separates commands (cmd_split_commands), and so also
 *     starts a new word for the '#' rule; cmd_tokenize, which is given one
 *     command, treats it as an ordinary byte;
 *   - but a ';' inside a word and followed by digits that end the word (a
 *     blank, ';' or the end of the line after them) is a byte of the word:
 *     a VMS file's version, get README.TXT;1. "ls;pwd", "cd x; pwd" and
 *     "ls ;pwd" still separate.
 *
 * An unterminated quote or a backslash at the very end is an error, never
 * silently closed: a script line cut in half must not run half a command.
 * Memory grows with the line only; nothing is bounded here because the
 * callers bound the line (readline, the config reader, script lines).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"

/* A growable array of words, NULL-ended once finished. */
struct tok_words {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

/* A growable string. */
struct tok_str {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

/* Is c a word separator outside quotes? */
static int
tok_isblank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Append one byte to a growable string. */
static void
tok_str_add(struct tok_str *t, char c)
{
	if (t->len + 1 >= t->cap) {
		t->cap = t->cap == 0 ? 32 : t->cap * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	t->s[t->len++] = c;
	t->s[t->len] = '\0';
}

/* Take the string out of t (an empty string if nothing was added). */
static char *
tok_str_take(struct tok_str *t)
{
	char *s = t->s;

	if (s == NULL)
		s = xstrdup("");
	t->s = NULL;
	t->len = t->cap = 0;
	return s;
}

/* Append a word (taking ownership) to a word array. */
static void
tok_words_add(struct tok_words *w, char *s)
{
	if (w->n + 1 >= w->cap) {
		w->cap = w->cap == 0 ? 8 : w->cap * 2;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
}

/* Free a word array that was not handed out. */
static void
tok_words_free(struct tok_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
}

/* Finish a word array: never NULL, always NULL-ended. */
static char **
tok_words_take(struct tok_words *w)
{
	char **v;

	if (w->v == NULL) {
		w->v = xcalloc(1, sizeof *w->v);
		w->cap = 1;
	}
	v = w->v;
	w->v = NULL;
	w->n = w->cap = 0;
	return v;
}

/* Set an error message, if there is room for one. */
static void
tok_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		str_lcpy(err, msg, errlen);
}

/*
 * The scanner: what one step found. TOK_BYTE is a byte of a word (*c); the
 * others carry no byte.
 */
enum tok_kind {
	TOK_BYTE,	/* a byte of the current word */
	TOK_OPEN,	/* a quote opened: a word starts, even if empty */
	TOK_CLOSE,	/* a quote closed */
	TOK_BLANK,	/* unquoted white space */
	TOK_SEMI,	/* unquoted ';' */
	TOK_END,	/* end of the line */
	TOK_ERROR	/* unterminated quote, trailing backslash */
};

struct tok_scan {
	const char	*p;		/* next byte */
	int		 quote;		/* 0, '\'' or '"' */
	const char	*start;		/* where this step began */
	int		 word;		/* the last step was in a word */
	char		 pend[4];	/* bytes of a \u escape still to give */
	int		 npend;
	int		 ipend;
};

/* The value of n hex digits at p, or -1. */
static long
tok_hex(const char *p, int n)
{
	long v = 0;
	int i, d;

	for (i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			d = p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			d = p[i] - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * A \xHH or \uHHHH escape at p (the backslash)? Then its first byte is
 * in *c, the rest pending, and sc->p is past it: 1. Not one: 0. A NUL or
 * a surrogate: -1.
 */
static int
tok_escape(struct tok_scan *sc, const char *p, char *c, char *err,
    size_t errlen)
{
	long v;

	if (p[1] == 'x' && (v = tok_hex(p + 2, 2)) != -1) {
		sc->p = p + 4;
		sc->npend = sc->ipend = 0;
	} else if (p[1] == 'u' && (v = tok_hex(p + 2, 4)) != -1) {
		sc->p = p + 6;
		if (v >= 0xd800 && v <= 0xdfff)
			v = 0;
		else if (v < 0x80) {
			sc->npend = sc->ipend = 0;
		} else if (v < 0x800) {
			sc->pend[0] = (char)(0x80 | (v & 0x3f));
			sc->npend = 1;
			v = 0xc0 | v >> 6;
		} else {
			sc->pend[0] = (char)(0x80 | ((v >> 6) & 0x3f));
			sc->pend[1] = (char)(0x80 | (v & 0x3f));
			sc->npend = 2;
			v = 0xe0 | v >> 12;
		}
		sc->ipend = 0;
	} else
		return 0;
	if (v == 0) {
		tok_err(err, errlen, _("a NUL byte (\\x00) or a lone "
		    "surrogate cannot be part of a word"));
		return -1;
	}
	*c = (char)v;
	return 1;
}

/*
 * Is the unquoted ';' at p a VMS version (NAME;12): in a word, followed by
 * digits that end it?
 */
static int
tok_version(const struct tok_scan *sc, const char *p)
{
	const char *q = p + 1;

	if (!sc->word || *q < '0' || *q > '9')
		return 0;
	while (*q >= '0' && *q <= '9')
		q++;
	return *q == '\0' || *q == ';' || tok_isblank((unsigned char)*q);
}

/* One step of the scanner; *c is the byte for TOK_BYTE. */
static enum tok_kind
tok_step(struct tok_scan *sc, char *c, char *err, size_t errlen)
{
	const char *p = sc->p;
	int e;

	if (sc->ipend < sc->npend) {
		*c = sc->pend[sc->ipend++];
		return TOK_BYTE;
	}
	sc->start = p;
	if (*p == '\0') {
		if (sc->quote == '\'') {
			tok_err(err, errlen, _("unterminated single quote"));
			return TOK_ERROR;
		}
		if (sc->quote == '"') {
			tok_err(err, errlen, _("unterminated double quote"));
			return TOK_ERROR;
		}
		return TOK_END;
	}
	if (sc->quote == '\'') {
		sc->p = p + 1;
		if (*p == '\'') {
			sc->quote = 0;
			return TOK_CLOSE;
		}
		*c = *p;
		return TOK_BYTE;
	}
	if (sc->quote == '"') {
		if (*p == '"') {
			sc->p = p + 1;
			sc->quote = 0;
			return TOK_CLOSE;
		}
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
			sc->p = p + 2;
			*c = p[1];
			return TOK_BYTE;
		}
		if (*p == '\\' && (e = tok_escape(sc, p, c, err, errlen)) != 0)
			return e == 1 ? TOK_BYTE : TOK_ERROR;
		sc->p = p + 1;
		*c = *p;
		return TOK_BYTE;
	}
	if (*p == '\\') {
		if (p[1] == '\0') {
			tok_err(err, errlen,
			    _("backslash at the end of the line"));
			return TOK_ERROR;
		}
		if ((e = tok_escape(sc, p, c, err, errlen)) != 0)
			return e == 1 ? TOK_BYTE : TOK_ERROR;
		sc->p = p + 2;
		*c = p[1];
		return TOK_BYTE;
	}
	sc->p = p + 1;
	if (*p == '\'' || *p == '"') {
		sc->quote = *p;
		return TOK_OPEN;
	}
	if (tok_isblank((unsigned char)*p))
		return TOK_BLANK;
	if (*p == ';' && !tok_version(sc, p))
		return TOK_SEMI;
	*c = *p;
	return TOK_BYTE;
}

/* tok_step, remembering whether it is in a word (for tok_version). */
static enum tok_kind
tok_next(struct tok_scan *sc, char *c, char *err, size_t errlen)
{
	enum tok_kind k = tok_step(sc, c, err, errlen);

	sc->word = k == TOK_BYTE || k == TOK_OPEN || k == TOK_CLOSE;
	return k;
}

/*
 * Split one command line into words (see parse.h). Returns 0, or -1 with
 * err set and *argv NULL.
 */
int
cmd_tokenize(const char *line, char ***argv, int *argc, char *err,
    size_t errlen)
{
	struct tok_scan sc = { line, 0, line, 0, { 0 }, 0, 0 };
	struct tok_words w = { NULL, 0, 0 };
	struct tok_str cur = { NULL, 0, 0 };
	enum tok_kind k;
	int inword = 0;
	char c = 0;

	*argv = NULL;
	if (argc != NULL)
		*argc = 0;
	for (;;) {
		k = tok_next(&sc, &c, err, errlen);
		if (k == TOK_ERROR) {
			free(cur.s);
			tok_words_free(&w);
			return -1;
		}
		/* An unquoted, unescaped '#' starting a word: a comment. */
		if (k == TOK_BYTE && !inword && c == '#' &&
		    *sc.start == '#')
			k = TOK_END;
		if (k == TOK_SEMI) {
			k = TOK_BYTE;
			c = ';';
		}
		switch (k) {
		case TOK_BYTE:
			tok_str_add(&cur, c);
			inword = 1;
			break;
		case TOK_OPEN:
		case TOK_CLOSE:
			inword = 1;
			break;
		case TOK_BLANK:
		case TOK_END:
			if (inword)
				tok_words_add(&w, tok_str_take(&cur));
			inword = 0;
			break;
		default:
			break;
		}
		if (k == TOK_END)
			break;
	}
	if (argc != NULL)
		*argc = (int)w.n;
	*argv = tok_words_take(&w);
	return 0;
}

/* Free a NULL-ended array of words (NULL is fine). */
void
cmd_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* Is the text all white space (an empty command)? */
static int
tok_all_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!tok_isblank((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Add s[0..n) as one command unless it is empty. */
static void
tok_add_command(struct tok_words *w, const char *s, size_t n)
{
	if (!tok_all_blank(s, n))
		tok_words_add(w, xstrndup(s, n));
}

/*
 * Split a script line on unquoted ';' (see parse.h). Empty commands (a;;b,
 * a trailing ';') are dropped, and so is a comment: "ls # x; rm y" is one
 * command, ls. Returns 0, or -1 with err set and *cmds NULL.
 */
int
cmd_split_commands(const char *line, char ***cmds, char *err, size_t errlen)
{
	struct tok_scan sc = { line, 0, line, 0, { 0 }, 0, 0 };
	struct tok_words w = { NULL, 0, 0 };
	const char *from = line;
	enum tok_kind k;
	int inword = 0;
	char c = 0;

	*cmds = NULL;
	for (;;) {
		k = tok_next(&sc, &c, err, errlen);
		if (k == TOK_ERROR) {
			tok_words_free(&w);
			return -1;
		}
		if (k == TOK_BYTE && !inword && c == '#' &&
		    *sc.start == '#') {
			/* A comment: the command ends before it. */
			tok_add_command(&w, from, (size_t)(sc.start - from));
			break;
		}
		if (k == TOK_SEMI) {
			tok_add_command(&w, from, (size_t)(sc.start - from));
			from = sc.p;
			inword = 0;
			continue;
		}
		if (k == TOK_END) {
			tok_add_command(&w, from, (size_t)(sc.start - from));
			break;
		}
		inword = k != TOK_BLANK;
	}
	*cmds = tok_words_take(&w);
	return 0;
}

/*
 * Must this byte be escaped for cmd_tokenize and cmd_split_commands? '|'
 * and '>' too: unquoted, they redirect a command's output (cmd_shell.c).
 */
static int
tok_special(int c)
{
	return tok_isblank(c) || c == '\'' || c == '"' || c == '\\' ||
	    c == ';' || c == '|' || c == '>';
}

/*
 * Quote a word so that cmd_tokenize (and cmd_split_commands) give it back:
 * a backslash before each special byte, which keeps a partial word open
 * for more typing (completion); '' for the empty word. Allocated.
 */
char *
cmd_quote_word(const char *word)
{
	struct tok_str t = { NULL, 0, 0 };
	size_t i;

	if (*word == '\0')
		return xstrdup("''");
	for (i = 0; word[i] != '\0'; i++) {
		if (tok_special((unsigned char)word[i]) ||
		    (i == 0 && word[i] == '#'))
			tok_str_add(&t, '\\');
		tok_str_add(&t, word[i]);
	}
	return tok_str_take(&t);
}
