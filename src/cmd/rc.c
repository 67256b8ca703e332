/*
 * rc.c: the files jangada keeps: the config file, the bookmarks, and where
 * they live (XDG base directories); see parse.h.
 *
 * Both files are read whole (up to LIM_RCFILE) and cut into lines; a line
 * may end in LF or CRLF. A bad line never stops the rest from loading: the
 * config reader hands it to the caller's bad() with file and line, the
 * bookmark reader skips it and describes the first one it skipped.
 *
 * Config lines are command lines, tokenized by cmd_tokenize (so values are
 * quoted the same way as on the command line, and '#' comments work at
 * the end of a line too); only "set NAME VALUE", "alias NAME TEXT" and
 * "bind KEY ACTION" are allowed.
 *
 * Bookmarks are "NAME URL" lines. Every URL is parsed and kept as it was
 * written less its password (url_strip_password; one that would not read
 * back is written by url_format), so a password is never kept: one typed into "bookmark add"
 * or edited into the file by hand is dropped on save and on load. The file
 * is replaced atomically: written to a temporary file in the same
 * directory (mkstemp: O_EXCL, mode 0600), flushed with fsync, then renamed
 * over the old one; a failure anywhere removes the temporary file and
 * leaves the old file as it was.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/parse.h"

/* Longest bookmark name; most bookmarks read from a file. */
#define RC_BM_NAME_MAX	128
#define RC_BM_MAX	10000
/* The first line of a bookmark file (a comment; never translated). */
#define RC_BM_HEADER	"# jangada bookmarks: NAME URL, one a line, " \
	"never a password\n"

/*
 * Read a whole file of at most LIM_RCFILE bytes into *buf (NUL-ended;
 * *len bytes). Returns 0, 1 if there is no such file, or -1 with errno
 * (EFBIG when too large, EINVAL when not a regular file).
 */
int
rc_slurp(const char *path, char **buf, size_t *len)
{
	struct stat st;
	ssize_t n;
	int fd, saved;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if (st.st_size > LIM_RCFILE) {
		errno = EFBIG;
		goto fail;
	}
	*buf = xmalloc(LIM_RCFILE + 2);
	for (;;) {
		n = read(fd, *buf + *len, LIM_RCFILE + 1 - *len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		if ((*len += (size_t)n) > LIM_RCFILE) {
			errno = EFBIG;
			goto fail;
		}
	}
	(*buf)[*len] = '\0';
	close(fd);
	return 0;

fail:
	saved = errno;
	free(*buf);
	*buf = NULL;
	*len = 0;
	close(fd);
	errno = saved;
	return -1;
}

/*
 * Cut the next line off *p (before end): NUL-ends it in place (the LF and
 * a CR before it go). Returns the line, or NULL at the end; *nul tells
 * whether it held a NUL byte.
 */
static char *
rc_line(char **p, char *end, int *nul)
{
	char *line = *p, *nl;
	size_t n;

	if (line >= end)
		return NULL;
	nl = memchr(line, '\n', (size_t)(end - line));
	if (nl == NULL)
		nl = end;
	*nl = '\0';
	*p = nl + 1;
	n = (size_t)(nl - line);
	*nul = strlen(line) != n;
	if (n > 0 && line[n - 1] == '\r')
		line[n - 1] = '\0';
	return line;
}

/*
 * Read a config file of "set NAME VALUE" lines (see parse.h). A missing
 * file is fine (0). Returns -1 with errno only when the file is there but
 * cannot be read (EFBIG: larger than LIM_RCFILE).
 */
int
rc_read_config(const char *path,
    int (*fn)(const char *name, const char *value, char *err, size_t errlen,
    void *arg),
    void (*bad)(const char *path, int line, const char *msg, void *arg),
    void *arg)
{
	char *buf, *p, *end, *line, **argv, err[512];
	size_t len;
	int r, lineno = 0, argc, nul;

	if ((r = rc_slurp(path, &buf, &len)) != 0)
		return r == 1 ? 0 : -1;
	p = buf;
	end = buf + len;
	while ((line = rc_line(&p, end, &nul)) != NULL) {
		lineno++;
		err[0] = '\0';
		if (nul) {
			bad(path, lineno, _("a NUL byte in the line"), arg);
			continue;
		}
		if (strlen(line) > LIM_COMMAND) {
			snprintf(err, sizeof err,
			    ngettext("a line longer than %d byte",
			    "a line longer than %d bytes", LIM_COMMAND),
			    LIM_COMMAND);
			bad(path, lineno, err, arg);
			continue;
		}
		if (cmd_tokenize(line, &argv, &argc, err, sizeof err) == -1) {
			bad(path, lineno, err, arg);
			continue;
		}
		if (argc == 0)
			;
		else if (strcmp(argv[0], "alias") == 0 && argc == 3) {
			/* handed over as the name "alias NAME" */
			char *name = xasprintf("alias %s", argv[1]);

			if (fn(name, argv[2], err, sizeof err, arg) == -1)
				bad(path, lineno, err[0] != '\0' ? err :
				    _("bad alias"), arg);
			free(name);
		} else if (strcmp(argv[0], "alias") == 0)
			bad(path, lineno, _("usage: alias NAME TEXT (quote a "
			    "text that holds spaces)"), arg);
		else if (strcmp(argv[0], "bind") == 0 && argc == 3) {
			/* handed over as the name "bind KEY" */
			char *name = xasprintf("bind %s", argv[1]);

			if (fn(name, argv[2], err, sizeof err, arg) == -1)
				bad(path, lineno, err[0] != '\0' ? err :
				    _("bad binding"), arg);
			free(name);
		} else if (strcmp(argv[0], "bind") == 0)
			bad(path, lineno, _("usage: bind KEY ACTION"), arg);
		else if (strcmp(argv[0], "set") != 0)
			bad(path, lineno, _("only \"set NAME VALUE\", "
			    "\"alias NAME TEXT\" and \"bind KEY ACTION\" lines "
			    "are allowed in the config file"), arg);
		else if (argc != 3)
			bad(path, lineno, _("usage: set NAME VALUE (quote a "
			    "value that holds spaces)"), arg);
		else if (fn(argv[1], argv[2], err, sizeof err, arg) == -1)
			bad(path, lineno, err[0] != '\0' ? err :
			    _("bad setting"), arg);
		cmd_argv_free(argv);
	}
	free(buf);
	return 0;
}

/*
 * Can name be a bookmark's name? 1 to 128 bytes, no blank or control
 * byte, no quote, backslash or ';' (it must survive the tokenizer as it
 * is), not starting with '#' or '@' (comment, "open @NAME").
 */
bool
bm_valid_name(const char *name)
{
	size_t i;

	if (name[0] == '\0' || name[0] == '#' || name[0] == '@')
		return false;
	for (i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];

		if (i >= RC_BM_NAME_MAX || c <= ' ' || c == 0x7f ||
		    c == '\'' || c == '"' || c == '\\' || c == ';')
			return false;
	}
	return true;
}

/* Free bookmarks. */
void
bm_free(struct bookmark *bm, size_t n)
{
	size_t i;

	if (bm == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(bm[i].name);
		free(bm[i].url);
		free(bm[i].charset);
		free(bm[i].tls);
	}
	free(bm);
}

/*
 * A bookmark's setting: "charset=NAME" or "tls=WORD", the value one word
 * of letters, digits and "-_.:" (checked for meaning when the bookmark
 * is opened). Sets *charset or *tls; -1: not one.
 */
static int
bm_setting(const char *w, char **charset, char **tls)
{
	const char *v = strchr(w, '=');
	char **slot;

	if (v == NULL)
		return -1;
	if ((size_t)(v - w) == 7 && strncmp(w, "charset", 7) == 0)
		slot = charset;
	else if ((size_t)(v - w) == 3 && strncmp(w, "tls", 3) == 0)
		slot = tls;
	else
		return -1;
	v++;
	if (*v == '\0' || strlen(v) >= 32 || v[strspn(v, "ABCDEFGHIJKLMNOPQRS"
	    "TUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:")] != '\0' ||
	    *slot != NULL)
		return -1;
	*slot = xstrdup(v);
	return 0;
}

/*
 * A URL as it is kept: as it was written, less a password (ftp://h/pub
 * stays ftp://h/pub). One holding a blank, a control byte, a quote or a
 * backslash is formatted again (%-encoded), so the line reads back.
 * Returns NULL with a message on a bad URL.
 */
static char *
bm_clean_url(const char *s, char *err, size_t errlen)
{
	struct ftp_url u;
	const unsigned char *p;
	char *out;

	if (url_parse(s, &u, err, errlen) == -1)
		return NULL;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '\'' ||
		    *p == '\\')
			break;
	if (*p != '\0')
		out = url_format(&u, true);
	else
		out = url_strip_password(s);
	url_free(&u);
	return out;
}

/* Describe the first bad line of the bookmark file in err. */
static void
bm_bad(int *nbad, const char *path, int line, const char *msg, char *err,
    size_t errlen)
{
	if ((*nbad)++ == 0 && err != NULL && errlen > 0)
		snprintf(err, errlen, "%s:%d: %s", path, line, msg);
}

/*
 * Load bookmarks: "NAME URL" lines, '#' comments, blank lines. A bad line
 * (not two words, a bad name or URL, a name seen before) is skipped and
 * the first is described in err. Returns the number of lines skipped (0:
 * all good; a missing file is no bookmarks), or -1 if the file cannot be
 * read. *bm and *n are always set.
 */
int
bm_load(const char *path, struct bookmark **bmp, size_t *np, char *err,
    size_t errlen)
{
	struct bookmark *bm = NULL;
	size_t n = 0, cap = 0, len, i;
	char *buf, *p, *end, *line, *name, *url, *rest, *clean, *sp, *w;
	char *charset, *tls, msg[512];
	size_t wl;
	int r, lineno = 0, nbad = 0, nul;

	*bmp = NULL;
	*np = 0;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if ((r = rc_slurp(path, &buf, &len)) == 1)
		return 0;
	if (r == -1) {
		snprintf(err, errlen, _("cannot read %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	p = buf;
	end = buf + len;
	while ((line = rc_line(&p, end, &nul)) != NULL) {
		lineno++;
		if (nul) {
			bm_bad(&nbad, path, lineno, _("a NUL byte in the line"),
			    err, errlen);
			continue;
		}
		name = line + strspn(line, " \t");
		if (*name == '\0' || *name == '#')
			continue;
		sp = name + strcspn(name, " \t");
		url = sp + strspn(sp, " \t");
		rest = url + strcspn(url, " \t");
		if (*url == '\0') {
			bm_bad(&nbad, path, lineno,
			    _("a bookmark line is NAME URL"), err, errlen);
			continue;
		}
		/* then the settings: charset=NAME tls=WORD */
		charset = tls = NULL;
		for (w = rest + strspn(rest, " \t"); *w != '\0';
		    w += wl + strspn(w + wl, " \t")) {
			char c;

			wl = strcspn(w, " \t");
			c = w[wl];
			w[wl] = '\0';
			if (bm_setting(w, &charset, &tls) == -1) {
				w[wl] = c;
				break;
			}
			w[wl] = c;
		}
		if (*w != '\0') {
			free(charset);
			free(tls);
			bm_bad(&nbad, path, lineno, _("a bookmark line is NAME "
			    "URL [charset=NAME] [tls=off|auto|require]"), err,
			    errlen);
			continue;
		}
		*sp = '\0';
		*rest = '\0';
		if (!bm_valid_name(name)) {
			free(charset);
			free(tls);
			bm_bad(&nbad, path, lineno, _("bad bookmark name"),
			    err, errlen);
			continue;
		}
		if ((clean = bm_clean_url(url, msg, sizeof msg)) == NULL) {
			free(charset);
			free(tls);
			bm_bad(&nbad, path, lineno, msg, err, errlen);
			continue;
		}
		if (n == RC_BM_MAX) {
			free(clean);
			free(charset);
			free(tls);
			bm_bad(&nbad, path, lineno, _("too many bookmarks"),
			    err, errlen);
			continue;
		}
		for (i = 0; i < n; i++)
			if (strcmp(bm[i].name, name) == 0)
				break;
		if (i < n) {
			free(clean);
			free(charset);
			free(tls);
			bm_bad(&nbad, path, lineno,
			    _("a second bookmark of the same name"), err,
			    errlen);
			continue;
		}
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			bm = xreallocarray(bm, cap, sizeof *bm);
		}
		bm[n].name = xstrdup(name);
		bm[n].url = clean;
		bm[n].charset = charset;
		bm[n].tls = tls;
		n++;
	}
	free(buf);
	*bmp = bm;
	*np = n;
	return nbad;
}

/* Write all of s[0..n) to fd. Returns 0 or -1 with errno. */
static int
rc_write_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Save bookmarks to path, replacing it atomically (a temporary file of
 * mode 0600 in the same directory, renamed into place). A URL with a
 * password is saved without it. Returns 0, or -1 with a message (a bad
 * name or URL, or what failed on the disk), leaving the old file as it
 * was.
 */
int
bm_save(const char *path, const struct bookmark *bm, size_t n, char *err,
    size_t errlen)
{
	struct buf b;
	char *url, msg[512];
	size_t i;
	int rc = -1;

	for (i = 0; i < n; i++) {
		if (!bm_valid_name(bm[i].name)) {
			snprintf(err, errlen, _("bad bookmark name (it must "
			    "be one word with no quotes, backslash or ';', "
			    "not starting with # or @)"));
			return -1;
		}
	}
	buf_init(&b, LIM_RCFILE);
	buf_append_str(&b, RC_BM_HEADER);
	for (i = 0; i < n; i++) {
		if ((url = bm_clean_url(bm[i].url, msg, sizeof msg)) == NULL) {
			snprintf(err, errlen, _("bookmark %s: %s"),
			    bm[i].name, msg);
			goto out;
		}
		if (buf_printf(&b, "%s %s%s%s%s%s\n", bm[i].name, url,
		    bm[i].charset != NULL ? " charset=" : "",
		    bm[i].charset != NULL ? bm[i].charset : "",
		    bm[i].tls != NULL ? " tls=" : "",
		    bm[i].tls != NULL ? bm[i].tls : "") == -1) {
			free(url);
			snprintf(err, errlen, _("cannot save %s: %s"), path,
			    strerror(EFBIG));
			goto out;
		}
		free(url);
	}
	if (rc_replace(path, buf_cstr(&b), buf_len(&b)) == -1) {
		snprintf(err, errlen, _("cannot save %s: %s"), path,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/*
 * Replace the file at path with len bytes of data, atomically (a
 * temporary file of mode 0600 next to it, flushed, renamed into place).
 * Returns 0, or -1 with errno, the old file left as it was.
 */
int
rc_replace(const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd, saved;

	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		saved = errno;
		free(tmp);
		errno = saved;
		return -1;
	}
	if (fchmod(fd, 0600) == -1 || rc_write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	return 0;
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

/*
 * Make dir and every missing directory above it, mode 0700 (what is there
 * already is left as it is). Returns 0 or -1 with errno.
 */
int
rc_mkdirs(char *dir)
{
	struct stat st;
	char *p;

	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
				*p = c;
				return -1;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	if (stat(dir, &st) == -1)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/*
 * $XDG_CONFIG_HOME/jangada/NAME or $XDG_STATE_HOME/jangada/NAME (see
 * parse.h); a variable that is unset, empty or not absolute is ignored
 * (the XDG rule) for ~/.config or ~/.local/state, ~ being $HOME or else the
 * password file's home. An empty or NULL name gives the directory itself.
 * Returns NULL, with errno, when there is no home or the directory cannot
 * be made.
 */
char *
xdg_path(bool state, const char *name, bool create)
{
	const char *env, *home;
	struct passwd *pw;
	char *dir, *path;
	int saved;

	env = getenv(state ? "XDG_STATE_HOME" : "XDG_CONFIG_HOME");
	if (env != NULL && env[0] == '/')
		dir = xasprintf("%s/jangada", env);
	else {
		home = getenv("HOME");
		if (home == NULL || home[0] != '/') {
			pw = getpwuid(getuid());
			if (pw == NULL || pw->pw_dir == NULL ||
			    pw->pw_dir[0] != '/') {
				errno = ENOENT;
				return NULL;
			}
			home = pw->pw_dir;
		}
		dir = xasprintf("%s/%s/jangada", home,
		    state ? ".local/state" : ".config");
	}
	if (create && rc_mkdirs(dir) == -1) {
		saved = errno;
		free(dir);
		errno = saved;
		return NULL;
	}
	if (name == NULL || *name == '\0')
		return dir;
	path = xasprintf("%s/%s", dir, name);
	free(dir);
	return path;
}
