/* test_sanitize: hostile names are escaped (R43, R44). */
#include "../../src/base/sanitize.c"
#include "../tap.h"

static void
check(const char *in, size_t n, const char *want, const char *name)
{
	char *s = san_str(in, n, 0);

	is_str(s, want, "%s", name);
	free(s);
}

/* No byte of the output may be a control character or a C1 in UTF-8. */
static int
output_is_inert(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		/* C2 80..C2 9F is a C1 control in UTF-8. */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

int
main(void)
{
	unsigned char all[256];
	char *s;
	int i;

	check("README", 6, "README", "plain ASCII kept");
	check("a b  c ", 7, "a b  c ", "spaces kept (R39)");
	check("\x1b[2J", 4, "\\x1b[2J", "ESC[2J escaped (R43)");
	check("\x1b]52;c;aGk=\x07", 12, "\\x1b]52;c;aGk=\\x07",
	    "OSC 52 with BEL escaped (R43)");
	check("\x1b]8;;http://x\x1b\\", 15, "\\x1b]8;;http://x\\x1b\\\\",
	    "OSC 8 hyperlink escaped (R43)");
	check("a\x07" "b", 3, "a\\x07b", "BEL escaped (R43)");
	check("\xc2\x9b" "31m", 5, "\\u009b31m", "U+009B CSI escaped (R43)");
	check("x\x9b" "y", 3, "x\\x9by", "raw 0x9B byte escaped (R43)");
	check("abc\xe2\x80\xae" "cod.exe", 13, "abc\\u202ecod.exe",
	    "U+202E RLO escaped (R43)");
	check("\xe2\x81\xa6" "x", 4, "\\u2066x", "U+2066 isolate escaped");
	check("a\x7f", 2, "a\\x7f", "DEL escaped");
	check("a\0b", 3, "a\\x00b", "NUL escaped");
	check("a\r\nb", 4, "a\\x0d\\x0ab", "CR LF escaped");
	check("C:\\x", 4, "C:\\\\x", "backslash doubled: escapes unambiguous");
	check("\xff\xfe", 2, "\\xff\\xfe", "invalid UTF-8 escaped (R44)");
	check("caf\xe9", 4, "caf\\xe9", "Latin-1 name escaped (R44)");
	check("\xc3\xa7\xc3\xa3o", 5, "\xc3\xa7\xc3\xa3o", "valid UTF-8 kept");
	check("\xe6\x97\xa5\xe6\x9c\xac", 6, "\xe6\x97\xa5\xe6\x9c\xac",
	    "CJK (wide) kept");
	check("\xf0\x9f\x90\xa7", 4, "\xf0\x9f\x90\xa7", "4-byte emoji kept");
	check("\xc0\xaf", 2, "\\xc0\\xaf", "overlong '/' escaped");
	check("\xed\xa0\x80", 3, "\\xed\\xa0\\x80", "surrogate escaped");
	check("\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80",
	    "above U+10FFFF escaped");
	check("\xe6\x97", 2, "\\xe6\\x97", "truncated sequence escaped");
	check("\xe6\x97" "A", 3, "\\xe6\\x97A",
	    "bad byte does not swallow the next one");

	s = san_str("a\nb\tc", 5, SAN_KEEP_NL);
	is_str(s, "a\nb\\x09c", "SAN_KEEP_NL keeps LF only");
	free(s);
	s = san_str("a\nb\tc", 5, SAN_KEEP_NL | SAN_KEEP_TAB);
	is_str(s, "a\nb\tc", "SAN_KEEP_TAB keeps TAB");
	free(s);

	/* Every byte value, alone and all together: output is inert. */
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	s = san_str(all, sizeof all, 0);
	ok(output_is_inert(s), "all 256 byte values come out inert");
	free(s);
	for (i = 0; i < 256; i++) {
		s = san_str(&all[i], 1, 0);
		if (!output_is_inert(s))
			break;
		free(s);
	}
	ok(i == 256, "each single byte comes out inert");
	if (i < 256)
		free(s);

	ok(san_is_clean("pub", 3), "clean name is clean");
	ok(!san_is_clean("\x1b", 1), "ESC is not clean");

	/* A terminal that is not UTF-8: every high byte escaped. */
	san_set_utf8(false);
	check("\xc3\xa7", 2, "\\xc3\\xa7", "non-UTF-8 terminal: escaped");
	/* SAN_UTF8 (local file names): UTF-8 whatever the terminal. */
	s = san_str("\xc3\xa7\xc2\x9b\xff", 5, SAN_UTF8);
	is_str(s, "\xc3\xa7\\u009b\\xff", "SAN_UTF8: UTF-8 kept, C1 and a bad "
	    "byte escaped, on any terminal");
	free(s);
	san_set_utf8(true);
	/* Escape once: text partly sanitized already (an engine's error). */
	s = san_cstr_once("550 no\\x1bfile: /raw\x1bpath");
	is_str(s, "550 no\\x1bfile: /raw\\x1bpath",
	    "escape once: the escape kept, the raw ESC escaped");
	free(s);
	s = san_cstr_once("a \\\\ b \\u202e c \\q");
	is_str(s, "a \\\\ b \\u202e c \\\\q",
	    "escape once: \\\\ and \\uHHHH kept, a lone backslash doubled");
	free(s);
	return done_testing();
}
