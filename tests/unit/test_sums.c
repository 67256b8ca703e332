/*
 * test_sums: finding a name's digest in a checksum file (src/base/sums.c):
 * sha256sum and md5sum lines (text and binary markers, "./NAME", CRLF),
 * BSD tags, a lone digest in NAME.sha256, and the lines to pass over
 * (another name, a prefix of the name, a wrong length, comments).
 */
#include "../../src/base/sums.c"
#include "../../src/base/hash.c"
#include "../tap.h"

#define H64 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define H32 "D41D8CD98F00B204E9800998ECF8427E"

static int
find(const char *text, const char *name, bool single, enum hash_alg *a,
    char *hex)
{
	return sums_find(text, strlen(text), name, single, a, hex);
}

int
main(void)
{
	char hex[2 * HASH_MAX_LEN + 1];
	enum hash_alg a = HASH_MD5;

	ok(find(H64 "  other.iso\n" H64 "  file.iso\n", "file.iso", false,
	    &a, hex) == 1 && a == HASH_SHA256 && strcmp(hex, H64) == 0,
	    "sha256sum line");
	ok(find("# comment\r\n" H32 " *file.bin\r\n", "file.bin", false, &a,
	    hex) == 1 && a == HASH_MD5 && strcmp(hex,
	    "d41d8cd98f00b204e9800998ecf8427e") == 0,
	    "md5sum binary line, CRLF, lower-cased");
	ok(find(H64 "  ./file.iso\n", "file.iso", false, &a, hex) == 1,
	    "./NAME");
	ok(find("SHA256 (file.iso) = " H64 "\n", "file.iso", false, &a,
	    hex) == 1 && a == HASH_SHA256, "BSD tag");
	ok(find("MD5 (a b) = " H32 "\n", "a b", false, &a, hex) == 1 &&
	    a == HASH_MD5, "BSD tag, a name with a space");
	ok(find("SHA256 (file.iso) = " H32 "\n", "file.iso", false, &a,
	    hex) == 0, "BSD tag with the wrong length: none");
	ok(find(H64 "\n", "file.iso", true, &a, hex) == 1,
	    "a lone digest in NAME.sha256");
	ok(find(H64 "\n", "file.iso", false, &a, hex) == 0,
	    "a lone digest in a list: none");
	ok(find(H64 "  file.iso.sig\n" H64 "  xfile.iso\n", "file.iso", false,
	    &a, hex) == 0, "other names, however alike: none");
	ok(find("abc  file.iso\n", "file.iso", false, &a, hex) == 0,
	    "a digest of no known length: none");
	ok(find("\\" H64 "  file\\niso\n", "file\niso", false, &a, hex) == 0,
	    "an escaped name is passed over");
	ok(find(H64 "  file.iso", "file.iso", false, &a, hex) == 1,
	    "the last line without a newline");
	ok(find("", "x", false, &a, hex) == 0, "an empty file");
	return done_testing();
}
