/*
 * test_rc: the config file, the bookmark file and the XDG directories
 * (issue 4).
 *
 * Everything happens in a fresh directory under /tmp. The config file has
 * good and bad lines: every bad line must be reported with its file and
 * line, every good one must load. Bookmarks go round trip, the file is
 * mode 0600 even with a umask of 0, is replaced atomically (no temporary
 * file left, a link at its place replaced and not followed, the old file
 * kept when a save fails) and never holds a password. xdg_path is tried
 * with and without the variables.
 */
#include "../../src/cmd/rc.c"
#include "../tap.h"

#include <dirent.h>
#include <ftw.h>

static char top[] = "/tmp/test_rc.XXXXXX";

/* What the config callbacks saw. */
static char loaded[4096];
static char reported[4096];

/* The setting callback: "bad" is refused, the rest recorded. */
static int
on_set(const char *name, const char *value, char *err, size_t errlen,
    void *arg)
{
	int *calls = arg;

	(*calls)++;
	if (strcmp(name, "bad") == 0) {
		snprintf(err, errlen, "no such setting: %s", name);
		return -1;
	}
	if (strcmp(name, "silent") == 0)
		return -1;
	str_lcat(loaded, name, sizeof loaded);
	str_lcat(loaded, "=", sizeof loaded);
	str_lcat(loaded, value, sizeof loaded);
	str_lcat(loaded, ";", sizeof loaded);
	return 0;
}

/* The bad-line callback: record "file:line: msg" with the base name. */
static void
on_bad(const char *path, int line, const char *msg, void *arg)
{
	char buf[512];
	const char *base = strrchr(path, '/');

	snprintf(buf, sizeof buf, "%s:%d: %s\n", base ? base + 1 : path,
	    line, msg);
	str_lcat(reported, buf, sizeof reported);
}

/* Write a file in top. */
static void
put_file(const char *name, const char *s, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/%s", top, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd == -1 || write(fd, s, len) != (ssize_t)len) {
		perror(path);
		exit(99);
	}
	close(fd);
}

/* The content of a file in top, or "(none)". */
static const char *
get_file(const char *name)
{
	static char buf[8192];
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", top, name);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1)
		return "(none)";
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

/* How many entries a directory has (. and .. aside). */
static int
count_entries(const char *dir)
{
	struct dirent *d;
	DIR *dp;
	int n = 0;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((d = readdir(dp)) != NULL)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

/* The permission bits of a path (not following a link), or -1. */
static int
mode_of(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == -1)
		return -1;
	return (int)(st.st_mode & 07777);
}

/* Remove one entry of the temporary tree. */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static const char config[] =
    "# jangada config\n"				/* 1 */
    "set timeout 30\n"					/* 2 */
    "\n"						/* 3 */
    "   set passive on   # the default anyway\n"	/* 4 */
    "set prompt \"jangada> \"\n"			/* 5 */
    "bogus line here\n"					/* 6 */
    "set onlyname\n"					/* 7 */
    "set a b c\n"					/* 8 */
    "set 'unterminated\n"				/* 9 */
    "set bad value\n"					/* 10 */
    "set last 1\r\n"					/* 11 */
    "set nul x\0y\n"					/* 12 */
    "\t# indented comment\n"				/* 13 */
    "set silent 1\n"					/* 14 */
    "set empty ''\n"					/* 15 */
    "set tail end";					/* 16, no LF */

static const char config_report[] =
    "config:6: only \"set NAME VALUE\", \"alias NAME TEXT\" and \"bind KEY "
    "ACTION\" lines are allowed in the config file\n"
    "config:7: usage: set NAME VALUE (quote a value that holds spaces)\n"
    "config:8: usage: set NAME VALUE (quote a value that holds spaces)\n"
    "config:9: unterminated single quote\n"
    "config:10: no such setting: bad\n"
    "config:12: a NUL byte in the line\n"
    "config:14: bad setting\n"
    "config:18: a line longer than 4096 bytes\n";

static const char edited[] =
    "# mine\n"					/* 1 */
    "\n"					/* 2 */
    "ok1 ftp://h/\n"				/* 3 */
    "badline\n"					/* 4 */
    "  name   ftp://u:pw@h/x  \r\n"		/* 5 */
    "\"q ftp://h/\n"				/* 6 */
    "ok1 ftp://other/\n"			/* 7 */
    "x http://h/\n"				/* 8 */
    "three words here\n"			/* 9 */
    "nul ftp://h/\0\n"				/* 10 */
    "\tlast\tftp://[::1]";			/* 11 */

/* Bookmarks with their own settings (issues 15, 16). */
static const char settings[] =
    "s1 ftp://h/ charset=cp1252 tls=require\n"	/* 1 */
    "s2 ftp://h/x/  tls=off\n"			/* 2 */
    "s3 ftp://h/ charset=a charset=b\n"		/* 3: twice */
    "s4 ftp://h/ colour=blue\n"			/* 4: unknown */
    "s5 ftp://h/ charset=\n"			/* 5: empty */
    "s6 ftp://h/ charset=a;b\n"			/* 6: a bad byte */
    "s7 ftp://h/ ISO-8859-2\n";			/* 7: not KEY=VALUE */

static const struct {
	const char	*name;
	int		 ok;
} names[] = {
	{ "ibiblio", 1 }, { "my-server_2", 1 }, { "a", 1 },
	{ "servidor-\xc3\xa7", 1 }, { "a/b", 1 }, { "x@y", 1 },
	{ "", 0 }, { "a b", 0 }, { "a\tb", 0 }, { "#x", 0 }, { "@x", 0 },
	{ "it's", 0 }, { "a\"b", 0 }, { "a\\b", 0 }, { "a;b", 0 },
	{ "a\nb", 0 }, { "a\x7f", 0 }, { "a\x1b", 0 },
};

int
main(void)
{
	struct bookmark save[3], *bm;
	char path[512], err[512], *p, *big;
	const char *content;
	size_t n, i;
	int calls = 0, r;

	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	memset(save, 0, sizeof save);	/* no charset=, tls= */

	/* ------------------------------------------------ config */
	big = xmalloc(sizeof config + LIM_COMMAND + 64);
	memcpy(big, config, sizeof config - 1);
	n = sizeof config - 1;
	memcpy(big + n, "\n# 17\nset long ", 15);
	n += 15;
	memset(big + n, 'x', LIM_COMMAND);
	n += LIM_COMMAND;
	memcpy(big + n, "\nset after long\n", 16);
	n += 16;
	put_file("config", big, n);
	free(big);
	snprintf(path, sizeof path, "%s/config", top);
	r = rc_read_config(path, on_set, on_bad, &calls);
	is_int(r, 0, "config read");
	is_str(loaded, "timeout=30;passive=on;prompt=jangada> ;last=1;"
	    "empty=;tail=end;after=long;", "good lines loaded, in order");
	is_str(reported, config_report, "bad lines reported with file:line");
	is_int(calls, 9, "the setting function saw every set line");

	loaded[0] = reported[0] = '\0';
	snprintf(path, sizeof path, "%s/no-config", top);
	r = rc_read_config(path, on_set, on_bad, &calls);
	ok(r == 0 && loaded[0] == '\0' && reported[0] == '\0',
	    "no config file: nothing, no error");
	r = rc_read_config(top, on_set, on_bad, &calls);
	ok(r == -1 && errno == EISDIR, "a directory is refused");
	big = xmalloc(LIM_RCFILE + 1);
	memset(big, '\n', LIM_RCFILE + 1);
	put_file("huge", big, LIM_RCFILE + 1);
	free(big);
	snprintf(path, sizeof path, "%s/huge", top);
	r = rc_read_config(path, on_set, on_bad, &calls);
	ok(r == -1 && errno == EFBIG, "a file over LIM_RCFILE is refused");
	put_file("empty", "", 0);
	snprintf(path, sizeof path, "%s/empty", top);
	r = rc_read_config(path, on_set, on_bad, &calls);
	ok(r == 0 && reported[0] == '\0', "an empty file is fine");

	/* ------------------------------------------------ bookmarks */
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		is_int(bm_valid_name(names[i].name), names[i].ok,
		    "bookmark name %zu", i);
	big = xmalloc(200);
	memset(big, 'n', 129);
	big[129] = '\0';
	ok(!bm_valid_name(big), "a 129-byte name is refused");
	big[128] = '\0';
	ok(bm_valid_name(big), "a 128-byte name is fine");
	free(big);

	save[0].name = (char *)"ibiblio";
	save[0].url = (char *)"ftp://ftp.ibiblio.org/pub/linux/";
	save[1].name = (char *)"work";
	save[1].url =
	    (char *)"ftp://alice:s3cret@files.example.com:2121/in%20box/";
	save[2].name = (char *)"v6";
	save[2].url = (char *)"FTP://[::1]:2121/%2Fsrv;type=d";
	snprintf(path, sizeof path, "%s/bookmarks", top);
	umask(0);
	r = bm_save(path, save, 3, err, sizeof err);
	umask(022);
	is_int(r, 0, "bookmarks saved");
	is_int(mode_of(path), 0600, "the file is mode 0600 (umask 0)");
	content = get_file("bookmarks");
	ok(strstr(content, "s3cret") == NULL, "no password in the file");
	ok(strstr(content,
	    "work ftp://alice@files.example.com:2121/in%20box/\n") != NULL,
	    "the user is kept, the password dropped");
	ok(strstr(content, "v6 FTP://[::1]:2121/%2Fsrv;type=d\n") != NULL,
	    "the URL is kept as it was written (issue 14)");
	r = bm_load(path, &bm, &n, err, sizeof err);
	ok(r == 0 && n == 3, "bookmarks loaded back");
	if (n == 3) {
		is_str(bm[0].name, "ibiblio", "name 0");
		is_str(bm[0].url, "ftp://ftp.ibiblio.org/pub/linux/", "url 0");
		is_str(bm[1].name, "work", "name 1");
		is_str(bm[1].url,
		    "ftp://alice@files.example.com:2121/in%20box/", "url 1");
		is_str(bm[2].name, "v6", "name 2");
		is_str(bm[2].url, "FTP://[::1]:2121/%2Fsrv;type=d", "url 2");
	}
	/* What is loaded saves to the same bytes. */
	p = xstrdup(content);
	r = bm_save(path, bm, n, err, sizeof err);
	ok(r == 0 && strcmp(get_file("bookmarks"), p) == 0,
	    "load then save gives the same file");
	free(p);
	bm_free(bm, n);
	is_int(count_entries(top), 4, "no temporary file left behind");

	/* A failed save leaves the old file as it was. */
	p = xstrdup(get_file("bookmarks"));
	save[0].name = (char *)"bad name";
	r = bm_save(path, save, 3, err, sizeof err);
	ok(r == -1 && strstr(err, "bad bookmark name") != NULL,
	    "a bad name is refused (%s)", err);
	save[0].name = (char *)"ibiblio";
	save[2].url = (char *)"ftp://h:99999/";
	r = bm_save(path, save, 3, err, sizeof err);
	ok(r == -1 && strstr(err, "v6: bad port") != NULL,
	    "a bad URL is refused (%s)", err);
	save[2].url = (char *)"ftp://u:pw@h/%0d%0a";
	r = bm_save(path, save, 3, err, sizeof err);
	ok(r == -1 && strstr(err, "pw") == NULL,
	    "a refused URL's password is not in the message (%s)", err);
	is_str(get_file("bookmarks"), p, "the old file is unchanged");
	is_int(count_entries(top), 4, "no temporary file left after failing");
	free(p);
	snprintf(path, sizeof path, "%s/no/such/dir/bookmarks", top);
	r = bm_save(path, save, 0, err, sizeof err);
	ok(r == -1 && strstr(err, "cannot save") != NULL,
	    "a missing directory is an error (%s)", err);

	/* A link where the file should be is replaced, not followed. */
	put_file("outside", "untouched\n", 10);
	snprintf(path, sizeof path, "%s/linked", top);
	snprintf(err, sizeof err, "%s/outside", top);
	if (symlink(err, path) == -1)
		perror("symlink");
	r = bm_save(path, save, 1, err, sizeof err);
	ok(r == 0 && mode_of(path) == 0600, "a save over a link works");
	is_str(get_file("outside"), "untouched\n", "the link's target is "
	    "untouched");

	/* A hand-edited file with bad lines. */
	put_file("edited", edited, sizeof edited - 1);
	snprintf(path, sizeof path, "%s/edited", top);
	r = bm_load(path, &bm, &n, err, sizeof err);
	is_int(r, 6, "six bad lines skipped");
	ok(strstr(err, "edited:4: a bookmark line is NAME URL") != NULL,
	    "the first bad line is described (%s)", err);
	is_int(n, 3, "three bookmarks loaded");
	if (n == 3) {
		is_str(bm[0].name, "ok1", "first name");
		is_str(bm[0].url, "ftp://h/", "first url");
		is_str(bm[1].name, "name", "second name");
		is_str(bm[1].url, "ftp://u@h/x", "password dropped on load");
		is_str(bm[2].name, "last", "third name");
		is_str(bm[2].url, "ftp://[::1]", "third url, as written");
	}
	bm_free(bm, n);
	/* Settings on a bookmark's line: kept, written back the same. */
	put_file("settings", settings, sizeof settings - 1);
	snprintf(path, sizeof path, "%s/settings", top);
	r = bm_load(path, &bm, &n, err, sizeof err);
	is_int(r, 5, "five lines with bad settings skipped");
	ok(strstr(err, "settings:3: a bookmark line is NAME URL "
	    "[charset=NAME] [tls=off|auto|require]") != NULL,
	    "the first is described (%s)", err);
	is_int(n, 2, "two bookmarks with settings loaded");
	if (n == 2) {
		is_str(bm[0].charset, "cp1252", "charset= kept");
		is_str(bm[0].tls, "require", "tls= kept");
		ok(bm[1].charset == NULL, "no charset= given: none");
		is_str(bm[1].tls, "off", "tls= alone");
	}
	r = bm_save(path, bm, n, err, sizeof err);
	bm_free(bm, n);
	content = get_file("settings");
	ok(r == 0 && strstr(content, "\ns1 ftp://h/ charset=cp1252 "
	    "tls=require\ns2 ftp://h/x/ tls=off\n") != NULL,
	    "saved back with their settings");

	snprintf(path, sizeof path, "%s/no-bookmarks", top);
	r = bm_load(path, &bm, &n, err, sizeof err);
	ok(r == 0 && n == 0 && bm == NULL, "no file: no bookmarks");
	r = bm_load(top, &bm, &n, err, sizeof err);
	ok(r == -1 && n == 0 && bm == NULL, "a directory cannot be read (%s)",
	    err);
	bm_free(NULL, 0);

	/* ------------------------------------------------ xdg_path */
	snprintf(path, sizeof path, "%s/cfg", top);
	setenv("XDG_CONFIG_HOME", path, 1);
	snprintf(path, sizeof path, "%s/st/deep", top);
	setenv("XDG_STATE_HOME", path, 1);
	p = xdg_path(false, "config", false);
	snprintf(path, sizeof path, "%s/cfg/jangada/config", top);
	is_str(p, path, "XDG_CONFIG_HOME is used");
	free(p);
	snprintf(path, sizeof path, "%s/cfg", top);
	is_int(mode_of(path), -1, "nothing made without create");
	p = xdg_path(false, "config", true);
	snprintf(path, sizeof path, "%s/cfg/jangada", top);
	ok(p != NULL && mode_of(path) == 0700,
	    "the config directory is made, mode 0700");
	snprintf(path, sizeof path, "%s/cfg", top);
	is_int(mode_of(path), 0700, "and the missing one above it");
	free(p);
	p = xdg_path(true, "history", true);
	snprintf(path, sizeof path, "%s/st/deep/jangada/history", top);
	is_str(p, path, "XDG_STATE_HOME is used");
	free(p);
	snprintf(path, sizeof path, "%s/st/deep/jangada", top);
	is_int(mode_of(path), 0700, "the state directory is made, mode 0700");
	p = xdg_path(true, NULL, false);
	is_str(p, path, "no name: the directory itself");
	free(p);

	/* Without the variables, or with bad ones: $HOME. */
	snprintf(path, sizeof path, "%s/home", top);
	mkdir(path, 0755);
	setenv("HOME", path, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_STATE_HOME");
	p = xdg_path(false, "bookmarks", true);
	snprintf(path, sizeof path, "%s/home/.config/jangada/bookmarks", top);
	is_str(p, path, "~/.config without XDG_CONFIG_HOME");
	free(p);
	p = xdg_path(true, "history", true);
	snprintf(path, sizeof path, "%s/home/.local/state/jangada/history",
	    top);
	is_str(p, path, "~/.local/state without XDG_STATE_HOME");
	free(p);
	snprintf(path, sizeof path, "%s/home/.local", top);
	is_int(mode_of(path), 0700, "~/.local made with mode 0700");
	snprintf(path, sizeof path, "%s/home", top);
	is_int(mode_of(path), 0755, "the home directory is left as it was");
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	p = xdg_path(false, "x", false);
	snprintf(path, sizeof path, "%s/home/.config/jangada/x", top);
	is_str(p, path, "a relative XDG_CONFIG_HOME is ignored");
	free(p);
	setenv("XDG_CONFIG_HOME", "", 1);
	p = xdg_path(false, "x", false);
	is_str(p, path, "an empty XDG_CONFIG_HOME is ignored");
	free(p);

	/* A file where a directory should be. */
	put_file("afile", "x", 1);
	snprintf(path, sizeof path, "%s/afile/sub", top);
	setenv("XDG_CONFIG_HOME", path, 1);
	errno = 0;
	p = xdg_path(false, "x", true);
	ok(p == NULL && errno == ENOTDIR, "a file in the way: NULL, ENOTDIR");
	setenv("XDG_CONFIG_HOME", top, 1);
	put_file("jangada", "x", 1);
	errno = 0;
	p = xdg_path(false, "x", true);
	ok(p == NULL && errno == ENOTDIR, "jangada is a file: NULL, ENOTDIR");

	/* No $HOME: the password file's home. */
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	p = xdg_path(false, "config", false);
	ok(p == NULL || (p[0] == '/' &&
	    str_has_suffix(p, "/.config/jangada/config")),
	    "no HOME: the password file's home (%s)", p ? p : "(none)");
	free(p);

	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
