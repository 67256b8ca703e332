/*
 * test_netrc: ~/.netrc lookups (issue 4, R56, R57).
 *
 * A table of files held in memory, each looked up for a host (and maybe a
 * user) with a file mode: what must be found, what must be warned about
 * and what must be refused. Then real files in a temporary directory,
 * written with mode 0600 and 0644 (fchmod, whatever the umask), a
 * directory, a FIFO (must not hang), a link, a missing and a huge file.
 */
#include "../../src/cmd/netrc.c"
#include "../tap.h"

#include <sys/stat.h>
#include <ftw.h>

#define N(s)	(s), sizeof(s) - 1

static const struct {
	const char	*name;
	const char	*buf;
	size_t		 len;
	unsigned	 mode;
	const char	*host, *user;
	int		 rv;
	const char	*login, *password, *account;
	const char	*warn;		/* part of the warning, or "" */
	const char	*err;		/* part of the error */
} cases[] = {
	{ "basic", N("machine h login u password p\n"), 0600, "h", NULL,
	    1, "u", "p", NULL, "", NULL },
	{ "one per line", N("machine h\n\tlogin u\n\tpassword p\n"
	    "\taccount a\n"), 0600, "h", NULL, 1, "u", "p", "a", "", NULL },
	{ "CRLF and tabs", N("machine\th\r\nlogin\tu\r\npassword\tp\r\n"),
	    0600, "h", NULL, 1, "u", "p", NULL, "", NULL },
	{ "host case", N("machine FTP.Example.ORG login u password p"),
	    0600, "ftp.example.org", NULL, 1, "u", "p", NULL, "", NULL },
	{ "not found", N("machine a login u password p\n"), 0600, "b",
	    NULL, 0, NULL, NULL, NULL, "", NULL },
	{ "empty file", N(""), 0600, "h", NULL, 0, NULL, NULL, NULL, "",
	    NULL },
	{ "only blanks", N(" \n\t\r\n"), 0600, "h", NULL, 0, NULL, NULL,
	    NULL, "", NULL },
	{ "only comments", N("# machine h login u\n#x\n"), 0600, "h", NULL,
	    0, NULL, NULL, NULL, "", NULL },
	{ "default", N("machine a login x password y\n"
	    "default login anonymous password me@\n"), 0600, "b", NULL, 1,
	    "anonymous", "me@", NULL, "", NULL },
	{ "machine beats an earlier default", N("default login d password "
	    "dp\nmachine h login u password p\n"), 0600, "h", NULL, 1, "u",
	    "p", NULL, "", NULL },
	{ "first machine wins", N("machine h login a password pa\n"
	    "machine h login b password pb\n"), 0600, "h", NULL, 1, "a",
	    "pa", NULL, "", NULL },
	{ "user picks the entry", N("machine h login a password pa\n"
	    "machine h login b password pb\n"), 0600, "h", "b", 1, "b", "pb",
	    NULL, "", NULL },
	{ "user not there", N("machine h login a password pa\n"), 0600, "h",
	    "c", 0, NULL, NULL, NULL, "", NULL },
	{ "user not there, default", N("machine h login a password pa\n"
	    "default login c password pc\n"), 0600, "h", "c", 1, "c", "pc",
	    NULL, "", NULL },
	{ "no login matches any user", N("machine h password p\n"), 0600,
	    "h", "x", 1, NULL, "p", NULL, "", NULL },
	{ "quoted tokens", N("machine h login \"a b\" password "
	    "\"p \\\"q\\\" \\\\ r\"\n"), 0600, "h", NULL, 1, "a b",
	    "p \"q\" \\ r", NULL, "", NULL },
	{ "empty quoted password", N("machine h login u password \"\"\n"),
	    0600, "h", NULL, 1, "u", "", NULL, "", NULL },
	{ "backslash outside quotes", N("machine h login u password a\\b\n"),
	    0600, "h", NULL, 1, "u", "a\\b", NULL, "", NULL },
	{ "quote inside a token", N("machine h login u password a\"b\n"),
	    0600, "h", NULL, 1, "u", "a\"b", NULL, "", NULL },
	{ "comment lines", N("# my servers\nmachine h # the box\nlogin u\n"
	    "password #not-a-comment\n"), 0600, "h", NULL, 1, "u",
	    "#not-a-comment", NULL, "", NULL },
	{ "later login replaces", N("machine h login a login b\n"), 0600,
	    "h", NULL, 1, "b", NULL, NULL, "", NULL },
	{ "control bytes are kept", N("machine h login u\x01 password "
	    "p\x7f\x1b\n"), 0600, "h", NULL, 1, "u\x01", "p\x7f\x1b", NULL,
	    "", NULL },
	/* macdef (curl test 494) */
	{ "macdef skipped", N("machine h login u\nmacdef init\ncd /pub\n"
	    "get x password evil\n\npassword p\n"), 0600, "h", NULL, 1, "u",
	    "p", NULL, "", NULL },
	{ "macdef hides a machine", N("macdef m\nmachine h login evil "
	    "password e\n\nmachine h login good password g\n"), 0600, "h",
	    NULL, 1, "good", "g", NULL, "", NULL },
	{ "macdef ends at CRLF blank", N("machine h login u\r\nmacdef x\r\n"
	    "a\r\n\r\npassword p\r\n"), 0600, "h", NULL, 1, "u", "p", NULL,
	    "", NULL },
	{ "macdef to the end", N("machine h login u password p\nmacdef m\n"
	    "\"unterminated\nmachine h login x\n"), 0600, "h", NULL, 1, "u",
	    "p", NULL, "", NULL },
	{ "macdef with a NUL-free long body", N("machine h login u\n"
	    "macdef m\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "\n\n"), 0600, "h", NULL, 1, "u", NULL, NULL, "", NULL },
	/* R56: permissions */
	{ "0644 ignores the password", N("machine h login u password p "
	    "account a\n"), 0644, "h", NULL, 1, "u", NULL, NULL,
	    "chmod 600", NULL },
	{ "0640 ignores the password", N("machine h login u password p\n"),
	    0640, "h", NULL, 1, "u", NULL, NULL, "group or others", NULL },
	{ "0620 ignores the password", N("machine h login u password p\n"),
	    0620, "h", NULL, 1, "u", NULL, NULL, "group or others", NULL },
	{ "0604 ignores the password", N("machine h login u password p\n"),
	    0604, "h", NULL, 1, "u", NULL, NULL, "group or others", NULL },
	{ "0601 ignores the password", N("machine h login u password p\n"),
	    0601, "h", NULL, 1, "u", NULL, NULL, "group or others", NULL },
	{ "0700 is private", N("machine h login u password p\n"), 0700, "h",
	    NULL, 1, "u", "p", NULL, "", NULL },
	{ "0400 is private", N("machine h login u password p\n"), 0400, "h",
	    NULL, 1, "u", "p", NULL, "", NULL },
	{ "0644 without a password: no warning", N("machine h login u\n"),
	    0644, "h", NULL, 1, "u", NULL, NULL, "", NULL },
	{ "0644, another host: no warning", N("machine h login u password "
	    "p\n"), 0644, "x", NULL, 0, NULL, NULL, NULL, "", NULL },
	{ "0644 account only", N("machine h login u account a\n"), 0644,
	    "h", NULL, 1, "u", NULL, NULL, "chmod 600", NULL },
	/* R57: hostile files */
	{ "NUL byte", N("machine h login u\npass\0word p\n"), 0600, "h",
	    NULL, -1, NULL, NULL, NULL, "", "line 2: a NUL byte" },
	{ "NUL in a macdef", N("machine h\nmacdef m\na\0b\n\n"), 0600, "h",
	    NULL, -1, NULL, NULL, NULL, "", "line 3: a NUL byte" },
	{ "unterminated quote", N("machine h login u password \"abc"),
	    0600, "h", NULL, -1, NULL, NULL, NULL, "",
	    "line 1: unterminated quote" },
	{ "quote open at the end of a line", N("machine h login u\n"
	    "password \"abc\ndef\"\n"), 0600, "h", NULL, -1, NULL, NULL,
	    NULL, "", "line 2: unterminated quote" },
	{ "backslash at the end", N("machine h password \"abc\\"), 0600,
	    "h", NULL, -1, NULL, NULL, NULL, "", "unterminated quote" },
	{ "unknown keyword", N("machine h login u port 21\n"), 0600, "h",
	    NULL, -1, NULL, NULL, NULL, "", "line 1: unknown keyword" },
	{ "machine without a host", N("machine h login u\nmachine"), 0600,
	    "h", NULL, -1, NULL, NULL, NULL, "",
	    "line 2: \"machine\" without" },
	{ "login without a value", N("machine h login"), 0600, "h", NULL, -1,
	    NULL, NULL, NULL, "", "\"login\" without a value" },
	{ "password without a value", N("machine h password  \n\n"), 0600,
	    "h", NULL, -1, NULL, NULL, NULL, "",
	    "line 1: \"password\" without a value" },
	{ "login before machine", N("login u password p\n"), 0600, "h", NULL,
	    -1, NULL, NULL, NULL, "", "before any \"machine\"" },
	{ "macdef without a name", N("machine h macdef"), 0600, "h", NULL,
	    -1, NULL, NULL, NULL, "", "\"macdef\" without a name" },
	{ "an error after the entry", N("machine h login u password p\n"
	    "machine x bogus\n"), 0600, "h", NULL, -1, NULL, NULL, NULL, "",
	    "line 2: unknown keyword" },
};

static char top[] = "/tmp/test_netrc.XXXXXX";

/* Write a file of the given mode (fchmod: the umask does not matter). */
static void
put_file(const char *name, const char *s, size_t len, mode_t mode)
{
	char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/%s", top, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, s, len) != (ssize_t)len ||
	    fchmod(fd, mode) == -1) {
		perror(path);
		exit(99);
	}
	close(fd);
}

/* Remove one entry of the temporary tree. */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Compare a found string (maybe NULL) with the expected one. */
static int
eq(const char *got, const char *want)
{
	if (got == NULL || want == NULL)
		return got == want;
	return strcmp(got, want) == 0;
}

int
main(void)
{
	struct netrc_entry e;
	char warn[512], err[512], path[512], *big;
	size_t i;
	int r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&e, 0x5a, sizeof e);
		warn[0] = err[0] = 'x';
		warn[1] = err[1] = '\0';
		r = netrc_parse(cases[i].buf, cases[i].len, cases[i].mode,
		    cases[i].host, cases[i].user, &e, warn, sizeof warn, err,
		    sizeof err);
		is_int(r, cases[i].rv, "%s: result", cases[i].name);
		if (!ok(eq(e.login, cases[i].login) &&
		    eq(e.password, cases[i].password) &&
		    eq(e.account, cases[i].account), "%s: entry",
		    cases[i].name))
			tap_diag("login %s password %s account %s",
			    e.login ? e.login : "(null)",
			    e.password ? e.password : "(null)",
			    e.account ? e.account : "(null)");
		if (cases[i].warn[0] == '\0')
			is_str(warn, "", "%s: no warning", cases[i].name);
		else if (!ok(strstr(warn, cases[i].warn) != NULL,
		    "%s: warns", cases[i].name))
			tap_diag("warning \"%s\"", warn);
		if (cases[i].err != NULL && !ok(strstr(err, cases[i].err) !=
		    NULL, "%s: says why", cases[i].name))
			tap_diag("error \"%s\"", err);
		netrc_free(&e);
		ok(e.login == NULL && e.password == NULL && e.account == NULL,
		    "%s: freed and zeroed", cases[i].name);
	}

	/* Token lengths: 500 and LIM_RC_TOKEN are fine, one more is not. */
	big = xmalloc(LIM_RC_TOKEN + 256);
	memcpy(big, "machine h password ", 19);
	memset(big + 19, 'p', 500);
	r = netrc_parse(big, 19 + 500, 0600, "h", NULL, &e, warn,
	    sizeof warn, err, sizeof err);
	ok(r == 1 && e.password != NULL && strlen(e.password) == 500,
	    "a 500-byte password is read whole");
	netrc_free(&e);
	memset(big + 19, 'p', LIM_RC_TOKEN);
	r = netrc_parse(big, 19 + LIM_RC_TOKEN, 0600, "h", NULL, &e, warn,
	    sizeof warn, err, sizeof err);
	ok(r == 1 && strlen(e.password) == LIM_RC_TOKEN,
	    "a token of LIM_RC_TOKEN bytes is fine");
	netrc_free(&e);
	memset(big + 19, 'p', LIM_RC_TOKEN + 1);
	r = netrc_parse(big, 19 + LIM_RC_TOKEN + 1, 0600, "h", NULL, &e,
	    warn, sizeof warn, err, sizeof err);
	ok(r == -1 && strstr(err, "longer than 1024") != NULL,
	    "a longer token is refused (%s)", err);
	memset(big + 19, 'p', LIM_RC_TOKEN + 100);
	big[19] = '"';
	big[19 + LIM_RC_TOKEN + 100] = '"';
	r = netrc_parse(big, 19 + LIM_RC_TOKEN + 101, 0600, "h", NULL, &e,
	    warn, sizeof warn, err, sizeof err);
	ok(r == -1 && strstr(err, "longer than") != NULL,
	    "a long quoted token is refused (%s)", err);
	free(big);
	big = xcalloc(1, LIM_RCFILE + 1);
	memset(big, ' ', LIM_RCFILE + 1);
	r = netrc_parse(big, LIM_RCFILE + 1, 0600, "h", NULL, &e, warn,
	    sizeof warn, err, sizeof err);
	ok(r == -1 && strstr(err, "larger than") != NULL,
	    "a buffer over LIM_RCFILE is refused (%s)", err);
	r = netrc_parse(big, LIM_RCFILE, 0600, "h", NULL, &e, warn,
	    sizeof warn, err, sizeof err);
	is_int(r, 0, "LIM_RCFILE blanks are fine");
	/* Many entries: linear, no blowup. */
	for (i = 0; i + 12 <= LIM_RCFILE; i += 12)
		memcpy(big + i, "machine x\n  ", 12);
	r = netrc_parse(big, LIM_RCFILE, 0600, "h", NULL, &e, warn,
	    sizeof warn, err, sizeof err);
	is_int(r, 0, "87,000 entries for other hosts");
	free(big);

	/* Real files. */
	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	put_file("private", N("machine h login u password secret\n"), 0600);
	put_file("public", N("machine h login u password secret\n"), 0644);
	snprintf(path, sizeof path, "%s/private", top);
	r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
	    sizeof err);
	ok(r == 1 && eq(e.login, "u") && eq(e.password, "secret") &&
	    warn[0] == '\0', "R56: a 0600 file gives its password");
	netrc_free(&e);
	snprintf(path, sizeof path, "%s/public", top);
	r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
	    sizeof err);
	ok(r == 1 && eq(e.login, "u") && e.password == NULL,
	    "R56: a 0644 file gives the login, not the password");
	ok(strstr(warn, path) != NULL && strstr(warn, "chmod 600") != NULL,
	    "R56: the warning names the file and the fix (%s)", warn);
	netrc_free(&e);

	/* Another user's file (only root can make one). */
	snprintf(path, sizeof path, "%s/private", top);
	if (geteuid() == 0 && chown(path, 65534, 65534) == 0) {
		r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
		    sizeof err);
		ok(r == 1 && eq(e.login, "u") && e.password == NULL &&
		    strstr(warn, "another user") != NULL,
		    "another user's file: no password (%s)", warn);
		netrc_free(&e);
		if (chown(path, geteuid(), getegid()) == -1)
			perror("chown");
	} else {
		tap_count++;
		printf("ok %d # SKIP another user's file needs root\n",
		    tap_count);
	}

	snprintf(path, sizeof path, "%s/link", top);
	snprintf(err, sizeof err, "%s/private", top);
	if (symlink(err, path) == -1)
		perror("symlink");
	r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
	    sizeof err);
	ok(r == 1 && eq(e.password, "secret"), "a link to a 0600 file works");
	netrc_free(&e);

	snprintf(path, sizeof path, "%s/missing", top);
	r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
	    sizeof err);
	ok(r == 0 && e.login == NULL, "no file: not found, no error");

	snprintf(path, sizeof path, "%s/dir", top);
	mkdir(path, 0700);
	r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
	    sizeof err);
	ok(r == -1 && strstr(err, "not a regular file") != NULL,
	    "a directory is refused (%s)", err);

	snprintf(path, sizeof path, "%s/fifo", top);
	if (mkfifo(path, 0600) == -1)
		perror("mkfifo");
	r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
	    sizeof err);
	ok(r == -1 && strstr(err, "not a regular file") != NULL,
	    "a FIFO is refused without hanging (%s)", err);

	put_file("broken", N("machine h login u password \"open\n"), 0600);
	snprintf(path, sizeof path, "%s/broken", top);
	r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
	    sizeof err);
	ok(r == -1 && strncmp(err, path, strlen(path)) == 0 &&
	    strstr(err, "line 1: unterminated quote") != NULL,
	    "an error names the file and the line (%s)", err);

	big = xmalloc(LIM_RCFILE + 10);
	memset(big, '\n', LIM_RCFILE + 10);
	put_file("huge", big, LIM_RCFILE + 10, 0600);
	free(big);
	snprintf(path, sizeof path, "%s/huge", top);
	r = netrc_lookup(path, "h", NULL, &e, warn, sizeof warn, err,
	    sizeof err);
	ok(r == -1 && strstr(err, "larger than") != NULL,
	    "a huge file is refused (%s)", err);

	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
