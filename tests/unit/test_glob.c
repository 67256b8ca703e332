/*
 * test_glob: shell patterns for mget, mput and the listing filter
 * (issue 4; curl CVE-2017-8817 for the '[' at the end).
 *
 * A table of pattern, name and answer; then the patterns that make a
 * backtracking matcher exponential, timed: "*a*a*a*a*a*a*a*b" against ten
 * thousand 'a's must take well under a second, even under ASan.
 */
#include "../../src/cmd/glob.c"
#include "../tap.h"

#include <time.h>

static const struct {
	const char	*pat;
	const char	*name;
	int		 match;
} cases[] = {
	{ "", "", 1 },
	{ "", "a", 0 },
	{ "*", "", 1 },
	{ "*", "anything at all", 1 },
	{ "a", "a", 1 },
	{ "a", "A", 0 },
	{ "a", "ab", 0 },
	{ "ab", "a", 0 },
	{ "*.txt", "notes.txt", 1 },
	{ "*.txt", "notes.txt.gz", 0 },
	{ "*.txt", ".txt", 0 },
	{ "*.tar.*", "linux-6.1.tar.xz", 1 },
	{ "README*", "README", 1 },
	{ "README*", "README.md", 1 },
	{ "*README", "README", 1 },
	{ "a*b*c", "abc", 1 },
	{ "a*b*c", "aXbYc", 1 },
	{ "a*b*c", "aXbYcZ", 0 },
	{ "a*b*c", "acb", 0 },
	{ "**", "x", 1 },
	{ "a**b", "ab", 1 },
	{ "*a", "aaaa", 1 },
	{ "*ab", "aaab", 1 },
	{ "*aab", "aaaab", 1 },
	{ "*ab*ab", "abxabyab", 1 },
	/* ? */
	{ "?", "a", 1 },
	{ "?", "", 0 },
	{ "?", "ab", 0 },
	{ "???", "abc", 1 },
	{ "file?.c", "file1.c", 1 },
	{ "file?.c", "file.c", 0 },
	/* classes */
	{ "[abc]", "b", 1 },
	{ "[abc]", "d", 0 },
	{ "[a-z]x", "qx", 1 },
	{ "[a-z]x", "Qx", 0 },
	{ "[!a-z]x", "Qx", 1 },
	{ "[!a-z]x", "qx", 0 },
	{ "[^a-z]x", "Qx", 1 },
	{ "[]]", "]", 1 },
	{ "[]a]", "a", 1 },
	{ "[!]]", "]", 0 },
	{ "[!]]", "x", 1 },
	{ "[a-]", "-", 1 },
	{ "[-a]", "-", 1 },
	{ "[z-a]", "m", 0 },
	{ "[\\]]", "]", 1 },
	{ "[\\!x]", "!", 1 },
	{ "[a\\-z]", "-", 1 },
	{ "[a\\-z]", "b", 0 },
	{ "*.[ch]", "main.c", 1 },
	{ "*.[ch]", "main.o", 0 },
	{ "[0-9][0-9]", "42", 1 },
	/* '[' with no ']' is itself (CVE-2017-8817: '[' at the end) */
	{ "[", "[", 1 },
	{ "[", "a", 0 },
	{ "a[", "a[", 1 },
	{ "*[", "abc[", 1 },
	{ "*[", "abc", 0 },
	{ "[!", "[!", 1 },
	{ "[a-", "[a-", 1 },
	{ "[\\", "[\\", 1 },
	{ "[abc", "[abc", 1 },
	{ "[abc", "a", 0 },
	{ "x[]", "x[]", 1 },
	{ "[]", "[]", 1 },
	/* escapes */
	{ "\\*", "*", 1 },
	{ "\\*", "a", 0 },
	{ "a\\?", "a?", 1 },
	{ "a\\?", "ab", 0 },
	{ "\\[a]", "[a]", 1 },
	{ "\\\\", "\\", 1 },
	{ "a\\", "a\\", 1 },
	{ "\\a", "a", 1 },
	/* dot files */
	{ "*", ".profile", 0 },
	{ "?profile", ".profile", 0 },
	{ "[.]profile", ".profile", 0 },
	{ ".*", ".profile", 1 },
	{ ".p*", ".profile", 1 },
	{ "\\.*", ".profile", 1 },
	{ "*", "a.b", 1 },
	{ "*", ".", 0 },
	{ "*", "..", 0 },
	{ ".*", ".", 0 },
	{ ".*", "..", 0 },
	{ ".?", "..", 0 },
	{ ".", ".", 1 },
	{ "..", "..", 1 },
	{ ".", "..", 0 },
	/* UTF-8: one character, not one byte */
	{ "?", "\xc3\xa9", 1 },
	{ "??", "\xc3\xa9", 0 },
	{ "caf?", "caf\xc3\xa9", 1 },
	{ "[\xc3\xa0-\xc3\xbc]", "\xc3\xa9", 1 },
	{ "[\xc3\xa0-\xc3\xbc]", "e", 0 },
	{ "*[\xa9]", "\xc3\xa9", 0 },
	{ "\xc3\xa9*", "\xc3\xa9t\xc3\xa9", 1 },
	{ "*\xe2\x82\xac", "price \xe2\x82\xac", 1 },
	{ "?", "\xe2\x82", 0 },
	{ "??", "\xe2\x82", 1 },
	{ "?", "\xff", 1 },
	{ "\xff", "\xff", 1 },
	{ "[\xff]", "\xff", 1 },
	{ "?", "\xc0\xaf", 0 },		/* overlong: two bytes */
	{ "??", "\xed\xa0\x80", 0 },	/* surrogate: three bytes */
	{ "???", "\xed\xa0\x80", 1 },
	/* an escape inside a UTF-8 sequence: the bytes it spells (fuzzer) */
	{ "\xc4\\\x9b", "\xc4\x9b", 1 },
	{ "a\xc4\\\x9b*", "a\xc4\x9bz", 1 },
	/* names with spaces and odd bytes */
	{ "my *", "my file.txt", 1 },
	{ "* ", "trailing ", 1 },
	{ "*", "a/b", 1 },
	{ "a\x1b*", "a\x1b[2J", 1 },
};

/* Seconds since some fixed point. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct {
	const char	*pat;
	int		 match;
} slow[] = {
	{ "*a*a*a*a*a*a*a*b", 0 },
	{ "*a*a*a*a*a*a*a*a", 1 },
	{ "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", 0 },
	{ "*?*?*?*?*?*?*?*?*?*?*?*?*b", 0 },
	{ "*[a]*[a]*[a]*[a]*[a]*[!a]", 0 },
	{ "*aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", 0 },
};

int
main(void)
{
	char *name, *u;
	double t0, t;
	size_t i;
	bool r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(glob_match(cases[i].pat, cases[i].name,
		    strlen(cases[i].name)), cases[i].match,
		    "case %zu: \"%s\" vs \"%s\"", i, cases[i].pat,
		    cases[i].name);

	/* The name is bytes with a length: a NUL inside is a byte. */
	ok(glob_match("a?b", "a\0b", 3), "a NUL byte in a name is a byte");
	ok(!glob_match("a", "a\0", 2), "the length counts");
	ok(glob_match("ab", "abc", 2), "bytes past the length are not read");

	name = xmalloc(10001);
	memset(name, 'a', 10000);
	name[10000] = '\0';
	for (i = 0; i < sizeof slow / sizeof slow[0]; i++) {
		t0 = now();
		r = glob_match(slow[i].pat, name, 10000);
		t = now() - t0;
		is_int(r, slow[i].match, "pathological %zu: %s", i,
		    slow[i].pat);
		ok(t < 0.5, "pathological %zu on 10,000 bytes: %.4f s", i, t);
	}
	free(name);

	ok(glob_has_magic("*.txt"), "magic: *");
	ok(glob_has_magic("file?.c"), "magic: ?");
	ok(glob_has_magic("[ab]"), "magic: [ab]");
	ok(!glob_has_magic("plain.txt"), "no magic: plain");
	ok(!glob_has_magic("a\\*b"), "no magic: \\*");
	ok(!glob_has_magic("a["), "no magic: [ with no ]");
	ok(!glob_has_magic("a\\[b]"), "no magic: \\[b]");
	ok(!glob_has_magic(""), "no magic: empty");
	ok(glob_has_magic("\\\\*"), "magic: \\\\*");
	u = glob_unescape("a\\*b\\\\c\\");
	is_str(u, "a*b\\c\\", "unescape");
	free(u);
	return done_testing();
}
