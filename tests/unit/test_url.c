/*
 * test_url: ftp:// URLs, good and hostile (issue 4, R53).
 *
 * Good URLs give their parts; hostile ones (CR, LF, NUL raw or encoded,
 * over-long, bad ports, bad escapes, other schemes, empty hosts, broken
 * IPv6 literals) are refused with a message that never quotes the URL.
 * Every good URL is formatted again and must parse back to the same parts
 * without its password.
 */
#include "../../src/cmd/url.c"
#include "../tap.h"

static const struct {
	const char	*url;
	const char	*user, *pass, *host, *port, *path;
	int		 dir;
	char		 type;
	const char	*formatted;	/* url_format(with_path) */
} good[] = {
	{ "ftp://ftp.ibiblio.org", NULL, NULL, "ftp.ibiblio.org", "21", "",
	    1, 0, "ftp://ftp.ibiblio.org/" },
	{ "ftp://ftp.ibiblio.org/", NULL, NULL, "ftp.ibiblio.org", "21", "",
	    1, 0, "ftp://ftp.ibiblio.org/" },
	{ "ftp://ftp.ibiblio.org/pub/linux/", NULL, NULL, "ftp.ibiblio.org",
	    "21", "pub/linux/", 1, 0, "ftp://ftp.ibiblio.org/pub/linux/" },
	{ "ftp://h/pub/README", NULL, NULL, "h", "21", "pub/README", 0, 0,
	    "ftp://h/pub/README" },
	{ "FTP://H.Example.ORG/x", NULL, NULL, "H.Example.ORG", "21", "x", 0,
	    0, "ftp://H.Example.ORG/x" },
	{ "ftp://127.0.0.1:2121/", NULL, NULL, "127.0.0.1", "2121", "", 1, 0,
	    "ftp://127.0.0.1:2121/" },
	{ "ftp://h:21/", NULL, NULL, "h", "21", "", 1, 0, "ftp://h/" },
	{ "ftp://h:/", NULL, NULL, "h", "21", "", 1, 0, "ftp://h/" },
	{ "ftp://h:00021/", NULL, NULL, "h", "21", "", 1, 0, "ftp://h/" },
	{ "ftp://h:65535", NULL, NULL, "h", "65535", "", 1, 0,
	    "ftp://h:65535/" },
	{ "ftp://h:1/", NULL, NULL, "h", "1", "", 1, 0, "ftp://h:1/" },
	/* FTPS: implicit (990 by default) and explicit (issue 16) */
	{ "ftps://h/", NULL, NULL, "h", "990", "", 1, 0, "ftps://h/" },
	{ "FTPS://u@h:2990/x", "u", NULL, "h", "2990", "x", 0, 0,
	    "ftps://u@h:2990/x" },
	{ "ftps://h:21/", NULL, NULL, "h", "21", "", 1, 0, "ftps://h:21/" },
	{ "ftpes://h/pub/", NULL, NULL, "h", "21", "pub/", 1, 0,
	    "ftpes://h/pub/" },
	/* users and passwords */
	{ "ftp://alice@h/", "alice", NULL, "h", "21", "", 1, 0,
	    "ftp://alice@h/" },
	{ "ftp://alice:s3cret@h/f", "alice", "s3cret", "h", "21", "f", 0, 0,
	    "ftp://alice@h/f" },
	{ "ftp://alice:@h/", "alice", "", "h", "21", "", 1, 0,
	    "ftp://alice@h/" },
	{ "ftp://a%40b.c:p%3Aw%2F@h/", "a@b.c", "p:w/", "h", "21", "", 1, 0,
	    "ftp://a%40b.c@h/" },
	{ "ftp://me@example.com:pw@h/", "me@example.com", "pw", "h", "21", "",
	    1, 0, "ftp://me%40example.com@h/" },
	{ "ftp://u:p;x@h/", "u", "p;x", "h", "21", "", 1, 0, "ftp://u@h/" },
	/* IPv6 literals */
	{ "ftp://[::1]/", NULL, NULL, "::1", "21", "", 1, 0,
	    "ftp://[::1]/" },
	{ "ftp://[::1]:2121/pub/", NULL, NULL, "::1", "2121", "pub/", 1, 0,
	    "ftp://[::1]:2121/pub/" },
	{ "ftp://u@[2001:db8::7]:2121", "u", NULL, "2001:db8::7", "2121", "",
	    1, 0, "ftp://u@[2001:db8::7]:2121/" },
	{ "ftp://[::ffff:192.0.2.1]/", NULL, NULL, "::ffff:192.0.2.1", "21",
	    "", 1, 0, "ftp://[::ffff:192.0.2.1]/" },
	{ "ftp://[fe80::1%25eth0]:21/", NULL, NULL, "fe80::1%eth0", "21", "",
	    1, 0, "ftp://[fe80::1%25eth0]/" },
	/* paths: decoding, absolute with %2F */
	{ "ftp://h/%2Fetc/passwd", NULL, NULL, "h", "21", "/etc/passwd", 0, 0,
	    "ftp://h/%2Fetc/passwd" },
	{ "ftp://h/%2fetc/", NULL, NULL, "h", "21", "/etc/", 1, 0,
	    "ftp://h/%2Fetc/" },
	{ "ftp://h//etc", NULL, NULL, "h", "21", "/etc", 0, 0,
	    "ftp://h/%2Fetc" },
	{ "ftp://h/a%20b/c%2520d", NULL, NULL, "h", "21", "a b/c%20d", 0, 0,
	    "ftp://h/a%20b/c%2520d" },
	{ "ftp://h/my file.txt", NULL, NULL, "h", "21", "my file.txt", 0, 0,
	    "ftp://h/my%20file.txt" },
	{ "ftp://h/rel%C3%A1t%C3%B3rio", NULL, NULL, "h", "21",
	    "rel\xc3\xa1t\xc3\xb3rio", 0, 0,
	    "ftp://h/rel%C3%A1t%C3%B3rio" },
	{ "ftp://h/%FF%fe", NULL, NULL, "h", "21", "\xff\xfe", 0, 0,
	    "ftp://h/%FF%FE" },
	{ "ftp://h/a%09b", NULL, NULL, "h", "21", "a\tb", 0, 0,
	    "ftp://h/a%09b" },
	{ "ftp://h/it's;x", NULL, NULL, "h", "21", "it's;x", 0, 0,
	    "ftp://h/it%27s%3Bx" },
	{ "ftp://h/a@b:c", NULL, NULL, "h", "21", "a@b:c", 0, 0,
	    "ftp://h/a@b:c" },
	{ "ftp://h/a?b#c", NULL, NULL, "h", "21", "a?b#c", 0, 0,
	    "ftp://h/a%3Fb%23c" },
	/* ;type= */
	{ "ftp://h/f.txt;type=a", NULL, NULL, "h", "21", "f.txt", 0, 'a',
	    "ftp://h/f.txt;type=a" },
	{ "ftp://h/f.iso;TYPE=I", NULL, NULL, "h", "21", "f.iso", 0, 'i',
	    "ftp://h/f.iso;type=i" },
	{ "ftp://h/pub;type=d", NULL, NULL, "h", "21", "pub", 1, 'd',
	    "ftp://h/pub;type=d" },
	{ "ftp://h;type=i", NULL, NULL, "h", "21", "", 1, 'i',
	    "ftp://h/;type=i" },
	{ "ftp://h/a;b/c;type=a", NULL, NULL, "h", "21", "a;b/c", 0, 'a',
	    "ftp://h/a%3Bb/c;type=a" },
	{ "ftp://h/f%3Btype=a", NULL, NULL, "h", "21", "f;type=a", 0, 0,
	    "ftp://h/f%3Btype=a" },
	/* host names: IDN bytes, underscore, encoded letters */
	{ "ftp://my_host.local/", NULL, NULL, "my_host.local", "21", "", 1, 0,
	    "ftp://my_host.local/" },
	{ "ftp://%68ost/", NULL, NULL, "host", "21", "", 1, 0,
	    "ftp://host/" },
	{ "ftp://b\xc3\xbc\x63her.example/", NULL, NULL,
	    "b\xc3\xbc\x63her.example", "21", "", 1, 0,
	    "ftp://b%C3%BCcher.example/" },
};

static const struct {
	const char	*url;
	const char	*msg;		/* a part of the message */
} bad[] = {
	/* CR, LF, NUL raw or encoded anywhere (R53) */
	{ "ftp://h/a\r\nDELE x", "CR or LF" },
	{ "ftp://h/a\nb", "CR or LF" },
	{ "ftp://h\r/", "CR or LF" },
	{ "ftp://h/a%0d%0aDELE%20x", "path in the URL holds a NUL, CR or LF" },
	{ "ftp://h/a%0Ab", "path in the URL holds" },
	{ "ftp://h/a%00b", "path in the URL holds" },
	{ "ftp://h/%00", "path in the URL holds" },
	{ "ftp://us%0der@h/", "user name in the URL holds" },
	{ "ftp://u:p%0a%0dUSER%20x@h/", "password in the URL holds" },
	{ "ftp://u:%00@h/", "password in the URL holds" },
	{ "ftp://h%0a/", "host name in the URL holds" },
	{ "ftp://h%00x/", "host name in the URL holds" },
	/* bad escapes */
	{ "ftp://h/a%", "bad percent-escape in the path" },
	{ "ftp://h/a%2", "bad percent-escape in the path" },
	{ "ftp://h/a%zz", "bad percent-escape in the path" },
	{ "ftp://h/a%g0", "bad percent-escape in the path" },
	{ "ftp://h/%%41", "bad percent-escape in the path" },
	{ "ftp://u%@h/", "bad percent-escape in the user name" },
	{ "ftp://u:%4@h/", "bad percent-escape in the password" },
	{ "ftp://h%4/", "bad percent-escape in the host name" },
	/* ports */
	{ "ftp://h:0/", "bad port" },
	{ "ftp://h:65536/", "bad port" },
	{ "ftp://h:99999999999999999999999/", "bad port" },
	{ "ftp://h:-1/", "bad port" },
	{ "ftp://h:+21/", "bad port" },
	{ "ftp://h:21a/", "bad port" },
	{ "ftp://h: 21/", "bad port" },
	{ "ftp://h:0x15/", "bad port" },
	{ "ftp://[::1]:0/", "bad port" },
	{ "ftp://[::1]:70000/", "bad port" },
	/* schemes */
	{ "http://h/", "only ftp://" },
	{ "ftpx://h/", "only ftp://" },
	{ "ftpss://h/", "only ftp://" },
	{ "sftp://h/", "only ftp://" },
	{ "h/pub", "not an ftp:// URL" },
	{ "ftp:/h/", "not an ftp:// URL" },
	{ "", "not an ftp:// URL" },
	{ " ftp://h/", "not an ftp:// URL" },
	/* hosts */
	{ "ftp://", "no host name" },
	{ "ftp:///pub", "no host name" },
	{ "ftp://u@/", "no host name" },
	{ "ftp://:21/", "no host name" },
	{ "ftp://%20/", "holds a character" },
	{ "ftp://h st/", "holds a character" },
	{ "ftp://h\x1b[2J/", "holds a character" },
	{ "ftp://h\\x/", "holds a character" },
	{ "ftp://::1/", "must be in brackets" },
	{ "ftp://fe80::1:21/", "must be in brackets" },
	{ "ftp://[::1/", "no closing ]" },
	{ "ftp://[]/", "bad IPv6 address" },
	{ "ftp://[zz::1]/", "bad IPv6 address" },
	{ "ftp://[127.0.0.1]/", "bad IPv6 address" },
	{ "ftp://[::1]x/", "junk after" },
	{ "ftp://[::1]]/", "junk after" },
	{ "ftp://[fe80::1%eth0]/", "bad IPv6 zone" },
	{ "ftp://[fe80::1%25]/", "bad IPv6 zone" },
	{ "ftp://[fe80::1%25a/b]/", "no closing ]" },
	{ "ftp://[fe80::1%25a b]/", "bad IPv6 zone" },
	{ "ftp://[fe80::1%25e\xff]/", "bad IPv6 zone" },
	{ "ftp://[fe80::1%25a%25b]/", "bad IPv6 zone" },
	{ "ftp://[fe80::1%25aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaa]/", "bad IPv6 zone" },
	/* users */
	{ "ftp://@h/", "empty user name" },
	{ "ftp://:pw@h/", "empty user name" },
	/* ;type= */
	{ "ftp://h/f;type=x", "bad ;type=" },
	{ "ftp://h/f;type=", "bad ;type=" },
	{ "ftp://h/f;type=ai", "bad ;type=" },
	{ "ftp://h;type=z", "bad ;type=" },
};

/* Does the URL's parts equal the table's? */
static int
same(const struct ftp_url *u, size_t i)
{
	const char *want[] = { good[i].user, good[i].pass, good[i].host,
	    good[i].port, good[i].path };
	const char *got[] = { u->user, u->pass, u->host, u->port, u->path };
	size_t k;

	for (k = 0; k < 5; k++) {
		if ((want[k] == NULL) != (got[k] == NULL))
			return 0;
		if (want[k] != NULL && strcmp(want[k], got[k]) != 0)
			return 0;
	}
	return u->path_is_dir == good[i].dir && u->type == good[i].type;
}

int
main(void)
{
	struct ftp_url u, v;
	char err[256], *f, *big;
	size_t i;
	int r;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		r = url_parse(good[i].url, &u, err, sizeof err);
		if (!ok(r == 0, "good %zu: %s", i, good[i].url)) {
			tap_diag("error: %s", err);
			continue;
		}
		if (!ok(same(&u, i), "parts of good %zu", i))
			tap_diag("user %s pass %s host %s port %s path %s "
			    "dir %d type %d", u.user ? u.user : "(null)",
			    u.pass ? u.pass : "(null)", u.host, u.port,
			    u.path, u.path_is_dir, u.type);
		f = url_format(&u, true);
		is_str(f, good[i].formatted, "format of good %zu", i);
		/* The formatted URL parses back, without the password. */
		r = url_parse(f, &v, err, sizeof err);
		ok(r == 0 && v.pass == NULL &&
		    strcmp(v.host, u.host) == 0 &&
		    strcmp(v.port, u.port) == 0 &&
		    strcmp(v.path, u.path) == 0 &&
		    ((v.user == NULL && u.user == NULL) ||
		    (v.user != NULL && u.user != NULL &&
		    strcmp(v.user, u.user) == 0)) &&
		    v.type == u.type && v.path_is_dir == u.path_is_dir,
		    "format of good %zu parses back", i);
		ok(strpbrk(f, " \t'\"\\#") == NULL,
		    "format of good %zu can be typed back", i);
		free(f);
		url_free(&v);
		url_free(&u);
	}

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		memset(&u, 0x5a, sizeof u);
		r = url_parse(bad[i].url, &u, err, sizeof err);
		is_int(r, -1, "bad %zu refused", i);
		if (!ok(strstr(err, bad[i].msg) != NULL,
		    "bad %zu says \"%s\"", i, bad[i].msg))
			tap_diag("got \"%s\"", err);
		ok(u.user == NULL && u.pass == NULL && u.host == NULL &&
		    u.port == NULL && u.path == NULL,
		    "bad %zu leaves nothing allocated", i);
		url_free(&u);
	}

	/* A password never shows in an error message. */
	r = url_parse("ftp://u:hunter2@h:99999/", &u, err, sizeof err);
	ok(r == -1 && strstr(err, "hunter2") == NULL,
	    "no password in the message (%s)", err);

	/* Over-long: LIM_PATH is the most, one more is refused. */
	big = xmalloc(LIM_PATH + 64);
	strcpy(big, "ftp://h/");
	memset(big + 8, 'a', LIM_PATH - 8);
	big[LIM_PATH] = '\0';
	r = url_parse(big, &u, err, sizeof err);
	ok(r == 0 && strlen(u.path) == LIM_PATH - 8,
	    "a URL of LIM_PATH bytes is fine");
	url_free(&u);
	big[LIM_PATH] = 'a';
	big[LIM_PATH + 1] = '\0';
	r = url_parse(big, &u, err, sizeof err);
	ok(r == -1 && strstr(err, "too long") != NULL,
	    "a URL of LIM_PATH+1 bytes is refused (%s)", err);
	memset(big, 'a', LIM_PATH + 63);
	memcpy(big, "ftp://", 6);
	big[LIM_PATH + 63] = '\0';
	r = url_parse(big, &u, err, sizeof err);
	ok(r == -1 && strstr(err, "too long") != NULL,
	    "a long host is refused");
	memset(big, 'a', 400);
	memcpy(big, "ftp://", 6);
	strcpy(big + 400, "/");
	r = url_parse(big, &u, err, sizeof err);
	ok(r == -1 && strstr(err, "host name in the URL is too long") != NULL,
	    "a 394-byte host name is refused (%s)", err);
	free(big);

	/* url_format without the path, and of a hand-made struct. */
	r = url_parse("ftp://u:p@[::1]:2121/pub/x", &u, err, sizeof err);
	f = url_format(&u, false);
	is_str(f, "ftp://u@[::1]:2121", "format without the path");
	free(f);
	url_free(&u);
	url_free(&u);
	url_free(NULL);
	ok(1, "url_free twice and on NULL is harmless");
	memset(&u, 0, sizeof u);
	u.user = (char *)"a b";
	u.host = (char *)"h";
	u.path = (char *)"/x y/'z'";
	f = url_format(&u, true);
	is_str(f, "ftp://a%20b@h/%2Fx%20y/%27z%27", "format of a made URL");
	free(f);
	return done_testing();
}
