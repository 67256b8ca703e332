/*
 * test_charset: names between the server's charset and the local one
 * (issue 15). Which locales give names a charset of their own (a
 * single-byte one but ASCII); under ISO-8859-1, a CP1252 server's and a
 * UTF-8 server's names come in as Latin-1 and go back byte-exact, a
 * character Latin-1 lacks stays the server's bytes; under UTF-8, as
 * before. And the sanitizer of a Latin-1 locale keeps its letters.
 */
#include "../../src/ftp/charset.c"
#include "base/sanitize.h"
#include "../tap.h"

static struct ftp_session *
session(const char *want)
{
	struct ftp_session *s = xcalloc(1, sizeof *s);

	s->cs_in = s->cs_out = (iconv_t)-1;
	s->host = xstrdup("test");
	snprintf(s->opt.charset, sizeof s->opt.charset, "%s", want);
	charset_sync(s);
	return s;
}

static void
session_free(struct ftp_session *s)
{
	charset_reset(s);
	free(s->host);
	free(s);
}

/* charset_in of a copy of name; the result is checked and freed. */
static void
in_is(struct ftp_session *s, const char *name, const char *want,
    const char *what)
{
	char *got = charset_in(s, xstrdup(name));

	is_str(got, want, "%s", what);
	free(got);
}

static void
out_is(struct ftp_session *s, const char *name, const char *want,
    const char *what)
{
	char *got = charset_out(s, "RETR", name);

	is_str(got != NULL ? got : name, want, "%s", what);
	free(got);
}

int
main(void)
{
	struct ftp_session *s;
	char *t;

	ok(!ftp_charset_set_local("UTF-8", 6), "UTF-8 locale: names UTF-8");
	ok(!ftp_charset_set_local("ANSI_X3.4-1968", 1),
	    "C locale (ASCII): names UTF-8");
	ok(!ftp_charset_set_local("EUC-JP", 3),
	    "a multi-byte locale but UTF-8: names UTF-8");
	ok(!ftp_charset_set_local("NO-SUCH-CHARSET", 1),
	    "a codeset iconv lacks: names UTF-8");
	ok(ftp_charset_set_local("ISO-8859-1", 1),
	    "ISO-8859-1 locale: names in Latin-1");

	s = session("CP1252");
	in_is(s, "relat\xf3rio.txt", "relat\xf3rio.txt",
	    "Latin-1, CP1252 server: relat\\xf3rio.txt comes as 0xF3");
	in_is(s, "euro\x80.txt", "euro\x80.txt",
	    "Latin-1, CP1252 server: the euro sign (not in Latin-1) stays "
	    "0x80");
	out_is(s, "novo \xe9.txt", "novo \xe9.txt",
	    "Latin-1, CP1252 server: 0xE9 goes back as 0xE9");
	out_is(s, "euro\x80.txt", "euro\x80.txt",
	    "Latin-1, CP1252 server: 0x80 round-trips");
	session_free(s);

	s = session("utf-8");
	in_is(s, "a\xc3\xa7\xc3\xa3o.txt", "a\xe7\xe3o.txt",
	    "Latin-1, UTF-8 server: ação.txt comes in Latin-1");
	in_is(s, "\xe2\x82\xac.txt", "\xe2\x82\xac.txt",
	    "Latin-1, UTF-8 server: the euro sign stays its UTF-8 bytes");
	out_is(s, "a\xe7\xe3o.txt", "a\xc3\xa7\xc3\xa3o.txt",
	    "Latin-1, UTF-8 server: goes back in UTF-8");
	out_is(s, "\xe2\x82\xac.txt", "\xe2\x82\xac.txt",
	    "Latin-1, UTF-8 server: the euro sign's bytes go back as they "
	    "came (round trip)");
	out_is(s, "\xc4\xe9\xe2.txt", "\xc3\x84\xc3\xa9\xc3\xa2.txt",
	    "Latin-1, UTF-8 server: Latin-1 letters that are no UTF-8 "
	    "sequence are converted");
	session_free(s);

	s = session("auto");
	ok(s->cs_implicit && s->cs_in != (iconv_t)-1,
	    "Latin-1, auto: UTF-8 until the names say otherwise");
	in_is(s, "a\xc3\xa7\xc3\xa3o.txt", "a\xe7\xe3o.txt",
	    "Latin-1, auto: a UTF-8 path comes in Latin-1");
	session_free(s);

	ok(!ftp_charset_set_local("UTF-8", 6), "back to a UTF-8 locale");
	s = session("auto");
	ok(s->cs_in == (iconv_t)-1, "UTF-8, auto: nothing to convert");
	session_free(s);
	s = session("CP1252");
	in_is(s, "relat\xf3rio.txt", "relat\xc3\xb3rio.txt",
	    "UTF-8, CP1252 server: 0xF3 comes as UTF-8");
	out_is(s, "relat\xc3\xb3rio.txt", "relat\xf3rio.txt",
	    "UTF-8, CP1252 server: goes back as 0xF3");
	session_free(s);

	/* The screen and the local names of a Latin-1 locale. */
	san_set_utf8(false);
	san_set_latin(true);
	t = san_cstr("relat\xf3rio \x9b\x85.txt");
	is_str(t, "relat\xf3rio \\x9b\\x85.txt",
	    "Latin-1 locale: 0xF3 shown, C1 bytes (CSI) escaped");
	free(t);
	t = san_str("\xe9\x1b", 2, SAN_UTF8);
	is_str(t, "\xe9\\x1b", "Latin-1 locale: a local name keeps 0xE9");
	free(t);
	san_set_latin(false);
	t = san_cstr("relat\xf3rio");
	is_str(t, "relat\\xf3rio", "C locale: 0xF3 escaped");
	free(t);
	return done_testing();
}
