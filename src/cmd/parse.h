/*
 * parse.h: the pure parsers of the command language: the tokenizer, ftp://
 * URLs, ~/.netrc, glob patterns, and the config and bookmark files.
 * No I/O except where a function names a file; no global state.
 */
#ifndef JANGADA_CMD_PARSE_H
#define JANGADA_CMD_PARSE_H

#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------ tokenizer */

/*
 * Split one command line into words. 'single quotes' keep everything
 * literally; "double quotes" keep everything but \" and \\; outside quotes
 * a backslash escapes the next byte; unquoted white space separates; an
 * unquoted # at the start of a word begins a comment. An unterminated quote
 * or a trailing backslash is an error. On success *argv is a NULL-ended
 * array of allocated words (free with cmd_argv_free).
 */
int	 cmd_tokenize(const char *line, char ***argv, int *argc, char *err,
	    size_t errlen);
void	 cmd_argv_free(char **argv);

/*
 * Split a script line on unquoted ';' into separate command lines
 * (allocated; NULL-ended). Quotes and backslashes are kept as they were,
 * for cmd_tokenize.
 */
int	 cmd_split_commands(const char *line, char ***cmds, char *err,
	    size_t errlen);

/* Quote a word so that cmd_tokenize gives it back (for completion). */
char	*cmd_quote_word(const char *word);

/* ------------------------------------------------------------------ URL */

struct ftp_url {
	char	*user;		/* NULL: anonymous */
	char	*pass;		/* NULL: none given */
	char	*host;		/* without brackets for IPv6 literals */
	char	*port;		/* "21" unless given */
	char	*path;		/* decoded; "" for none; may hold any byte
				   but NUL, CR, LF */
	bool	 path_is_dir;	/* ends in '/' or is empty */
	char	 type;		/* 0, 'a', 'i' or 'd' (;type=) */
	char	 tls;		/* 0 ftp://, 'e' ftpes:// (explicit TLS
				   required), 's' ftps:// (implicit, 990) */
};

/*
 * ftp://[USER[:PASS]@]HOST[:PORT][/PATH][;type=a|i|d] with percent-
 * decoding (RFC 1738/3986): the path's first '/' is the separator, the rest
 * is relative to the login directory unless it is %2F-encoded. Refused:
 * another scheme, an empty host, a port outside 1..65535, a decoded
 * NUL/CR/LF anywhere, a URL longer than LIM_PATH, bad %-escapes.
 */
int	 url_parse(const char *s, struct ftp_url *, char *err, size_t errlen);
void	 url_free(struct ftp_url *);
/* ftp://user@host:port/path with the password left out, %-encoded. */
char	*url_format(const struct ftp_url *, bool with_path);
/*
 * A place typed without a scheme: [USER[:PASS]@]HOST[:PORT],
 * [USER@][V6]:PORT or a bare IPv6 literal ("::1", no port). Nothing is
 * %-decoded; port is NULL when none was given, path "". Returns 0, or -1
 * with a message in err (never quoting s: it may hold a password).
 */
int	 url_parse_place(const char *s, struct ftp_url *, char *err,
	    size_t errlen);
/* A URL as typed, with ":PASSWORD" taken out of it (allocated). */
char	*url_strip_password(const char *s);

/* ----------------------------------------------------------- places */

/*
 * A local path as typed: "~" and "~/x" start at HOME (home, if not NULL);
 * anything else is copied. Allocated.
 */
char	*place_tilde(const char *path, const char *home);
/* dir/name with exactly one '/' between them. Allocated. */
char	*place_join(const char *dir, const char *name);

/* ---------------------------------------------------------------- netrc */

struct netrc_entry {
	char	*login;
	char	*password;
	char	*account;
};

/*
 * Find host (or the "default" entry) in the .netrc at path; user, if not
 * NULL, must match the entry's login. A file readable or writable by
 * group or others has its password and account ignored, with a warning in
 * warn (R56). Tokens may be quoted ("a b", with \" escapes); macdef bodies
 * (up to a blank line) are skipped; a NUL byte, a token longer than
 * LIM_RC_TOKEN, an unterminated quote or a file larger than LIM_RCFILE is
 * an error (R57). Returns 1 found, 0 not found, -1 error (err).
 */
int	 netrc_lookup(const char *path, const char *host, const char *user,
	    struct netrc_entry *, char *warn, size_t warnlen, char *err,
	    size_t errlen);
/* The same over a buffer (tests, fuzzing); mode is the file's st_mode. */
int	 netrc_parse(const char *buf, size_t len, unsigned mode,
	    const char *host, const char *user, struct netrc_entry *,
	    char *warn, size_t warnlen, char *err, size_t errlen);
void	 netrc_free(struct netrc_entry *);

/* ----------------------------------------------------------------- glob */

/*
 * Match name (bytes, len) against a shell pattern: * ? [abc] [a-z] [!x]
 * and \x. A '[' without its ']' matches itself. Linear time in practice
 * (no exponential backtracking on "*a*a*a*b"). Returns true on a match.
 * Names starting with '.' match only a pattern that starts with '.'.
 */
bool	 glob_match(const char *pattern, const char *name, size_t len);
bool	 glob_has_magic(const char *pattern);
/* The name a pattern without magic stands for ("a\*b" is a*b); allocated. */
char	*glob_unescape(const char *pattern);

/* ------------------------------------------------------ config, marks */

/*
 * Read a config file of "set NAME VALUE" lines ('#' comments, blank lines)
 * and call fn for each; "alias NAME TEXT" lines too, with the name
 * "alias NAME" (a name with a blank, which no option has), and "bind KEY
 * ACTION" lines with the name "bind KEY". A bad line is
 * reported through bad(file, line, message) and the rest still loads. Returns -1 only if the file exists
 * but cannot be read.
 */
int	 rc_read_config(const char *path,
	    int (*fn)(const char *name, const char *value, char *err,
	    size_t errlen, void *arg),
	    void (*bad)(const char *path, int line, const char *msg,
	    void *arg), void *arg);

struct bookmark {
	char	*name;
	char	*url;		/* without a password */
	char	*charset;	/* charset=NAME, or NULL: the option's */
	char	*tls;		/* tls=off|auto|require, or NULL */
};

/*
 * Bookmarks: "NAME URL [charset=NAME] [tls=off|auto|require]" lines (the
 * settings applied when that bookmark is opened; checked then) in a file of mode 0600, replaced atomically
 * on save; a password in a URL is dropped on save and on load. bm_load
 * skips a bad line and describes the first one in err: it returns the
 * number of lines skipped (0: all good; no file: no bookmarks), or -1 if
 * the file cannot be read.
 */
int	 bm_load(const char *path, struct bookmark **, size_t *n, char *err,
	    size_t errlen);
int	 bm_save(const char *path, const struct bookmark *, size_t n,
	    char *err, size_t errlen);
void	 bm_free(struct bookmark *, size_t n);
/*
 * A usable bookmark name: one word of 1-128 bytes, no quotes, '\', ';' or
 * control bytes, not starting with '#' or '@'.
 */
bool	 bm_valid_name(const char *name);

/*
 * $XDG_CONFIG_HOME/jangada/NAME (default ~/.config) or $XDG_STATE_HOME/
 * jangada/NAME (default ~/.local/state), allocated; the directory is
 * created (mode 0700) when create is true. NULL (errno) if there is no
 * home directory or the directory cannot be made.
 */
char	*xdg_path(bool state, const char *name, bool create);
/*
 * A whole file of at most LIM_RCFILE bytes (NUL-ended, allocated): 0, 1
 * when there is none, -1 with errno.
 */
int	 rc_slurp(const char *path, char **buf, size_t *len);
/* Replace a file atomically with data, mode 0600: 0 or -1 with errno. */
int	 rc_replace(const char *path, const char *data, size_t len);

/*
 * The servers connected to lately, newest first, in $XDG_STATE_HOME/
 * jangada/recent (mode 0600, at most LIM_RECENT, URLs never with a
 * password): recent_load gives them (none when there is no file);
 * recent_note puts the app's current server first (recent.c).
 */
int	 recent_load(char ***urls, size_t *n);
void	 recent_free(char **urls, size_t n);
struct app;
void	 recent_note(struct app *);

/* mkdir -p, mode 0700 (rc.c). */
int	 rc_mkdirs(char *dir);

#endif
