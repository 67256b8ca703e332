/* test_str: strict numbers, bounded copies, sizes. */
#include "../../src/base/str.c"
#include "../tap.h"

int
main(void)
{
	char small[4], out[32];
	uint64_t v;
	unsigned port;

	is_int(str_lcpy(small, "abcdef", sizeof small), 6, "lcpy returns length");
	is_str(small, "abc", "lcpy truncates and terminates");
	str_lcpy(out, "ab", sizeof out);
	is_int(str_lcat(out, "cd", sizeof out), 4, "lcat");
	is_str(out, "abcd", "lcat content");

	is_int(str_to_u64("0", &v), 0, "0 parses");
	is_int(str_to_u64("18446744073709551615", &v), 0, "UINT64_MAX parses");
	ok(v == UINT64_MAX, "UINT64_MAX value");
	is_int(str_to_u64("18446744073709551616", &v), -1, "overflow refused (R35)");
	is_int(str_to_u64("99999999999999999999", &v), -1, "20 digits refused (R35)");
	is_int(str_to_u64("-1", &v), -1, "negative refused (R35)");
	is_int(str_to_u64("12a", &v), -1, "junk refused");
	is_int(str_to_u64("", &v), -1, "empty refused");
	is_int(str_to_u64(" 1", &v), -1, "leading space refused");

	is_int(str_to_port("21", &port), 0, "port 21");
	is_int(port, 21, "port value");
	is_int(str_to_port("65535", &port), 0, "port 65535");
	is_int(str_to_port("0", &port), -1, "port 0 refused");
	is_int(str_to_port("65536", &port), -1, "port 65536 refused");
	is_int(str_to_port("1000000", &port), -1, "port 1000000 refused");

	ok(str_has_crlfnul("a\r\nDELE x", 9), "CRLF detected (R53)");
	ok(str_has_crlfnul("a\0b", 3), "NUL detected (R53)");
	ok(!str_has_crlfnul("a b", 3), "plain text clean");

	is_str(str_human_size(out, sizeof out, 512), "512 B", "bytes");
	is_str(str_human_size(out, sizeof out, 4198), "4.1 KiB", "KiB");
	is_str(str_human_size(out, sizeof out, 380ULL << 20), "380 MiB", "MiB");
	is_str(str_human_size(out, sizeof out, 1ULL << 30), "1.0 GiB", "GiB");
	ok(str_has_prefix("README.txt", "READ"), "prefix");
	ok(str_has_suffix("README.txt", ".txt"), "suffix");
	ok(str_has_prefix_ci("Readme", "READ"), "prefix, any case");
	strcpy(out, "line \r\n");
	str_rtrim(out);
	is_str(out, "line", "rtrim");
	{
		static const char *names[] = { [0] = "zero", [2] = "two" };

		is_str(STR_NAME_IN(names, 2), "two", "a name in its table");
		is_str(STR_NAME_IN(names, 1), "?", "a hole in the table: ?");
		is_str(STR_NAME_IN(names, 3), "?", "past the table: ?");
	}
	return done_testing();
}
