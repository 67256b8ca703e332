/* test_mode: chmod(1)'s modes, octal and symbolic (base/mode.c). */
#include "../../src/base/mode.c"
#include "../tap.h"

/* The mode spec gives old (a directory if isdir), or -1 refused. */
static int
apply(const char *spec, unsigned old, bool isdir)
{
	char err[MODE_ERRLEN];
	mode_t out = 0;

	err[0] = '\0';
	if (mode_apply(spec, (mode_t)old, isdir, &out, err, sizeof err) == -1)
		return err[0] != '\0' ? -1 : -2;	/* -2: no reason */
	return (int)out;
}

/* The reason spec is refused. */
static const char *
why(const char *spec)
{
	static char err[MODE_ERRLEN];
	mode_t out;

	err[0] = '\0';
	if (mode_apply(spec, 0644, false, &out, err, sizeof err) == 0)
		return "(accepted)";
	return err;
}

int
main(void)
{
	/* octal: as it is, whatever the old mode */
	is_int(apply("644", 0777, false), 0644, "644");
	is_int(apply("0", 0777, false), 0, "0");
	is_int(apply("4755", 0, false), 04755, "4755 (4 digits)");
	is_int(apply("0755", 0, true), 0755, "0755");
	is_int(apply("8", 0644, false), -1, "8 refused");
	is_int(apply("12345", 0644, false), -1, "5 digits refused");
	is_int(apply("64a", 0644, false), -1, "64a refused");
	is_int(apply("", 0644, false), -1, "empty refused");
	ok(mode_is_octal("755") && mode_is_octal("0") && mode_is_octal("7777"),
	    "mode_is_octal: 1 to 4 digits");
	ok(!mode_is_octal("8") && !mode_is_octal("07777") &&
	    !mode_is_octal("+x") && !mode_is_octal(""), "mode_is_octal: not");

	/* +, -, = with who */
	is_int(apply("+x", 0644, false), 0755, "+x: a+x, no umask");
	is_int(apply("a+x", 0600, false), 0711, "a+x");
	is_int(apply("u+x", 0644, false), 0744, "u+x");
	is_int(apply("-w", 0666, false), 0444, "-w: every w");
	is_int(apply("u+rw,go-w", 0066, false), 0644, "u+rw,go-w");
	is_int(apply("a=r,u+w", 0777, false), 0644, "a=r,u+w");
	is_int(apply("=r", 04777, false), 0444, "=r clears the rest, s too");
	is_int(apply("u=", 0754, false), 0054, "u= clears u");
	is_int(apply("go=", 0777, false), 0700, "go=");
	is_int(apply("ug+w,o-r", 0444, false), 0660, "ug+w,o-r");
	is_int(apply("u+x-w", 0644, false), 0544, "two actions in a clause");
	is_int(apply("u=rwx,g=rx,o=", 0, false), 0750, "three clauses");
	is_int(apply("ugo+r", 0, false), 0444, "ugo+r");
	is_int(apply("au-r", 0644, false), 0200, "au-r");

	/* X: only for a directory or a file with an x already */
	is_int(apply("a+X", 0644, false), 0644, "X on a plain file: nothing");
	is_int(apply("a+X", 0644, true), 0755, "X on a directory: x");
	is_int(apply("go+X", 0744, false), 0755, "X on a file with u+x: x");
	is_int(apply("u+x,go+X", 0644, false), 0755, "X sees the clause "
	    "before it");
	is_int(apply("a-X", 0755, false), 0644, "-X on an executable file");

	/* s and t */
	is_int(apply("u+s", 0755, false), 04755, "u+s: setuid");
	is_int(apply("g+s", 0755, true), 02755, "g+s: setgid");
	is_int(apply("g-s", 02755, true), 0755, "g-s");
	is_int(apply("o+s", 0755, false), 0755, "o+s: nothing");
	is_int(apply("+t", 0777, true), 01777, "+t: sticky");
	is_int(apply("o+t", 0777, true), 01777, "o+t");
	is_int(apply("u+t", 0777, true), 0777, "u+t: nothing");
	is_int(apply("+s", 0755, false), 06755, "+s: both");

	/* copies */
	is_int(apply("g=u", 0740, false), 0770, "g=u");
	is_int(apply("o+g", 0750, false), 0755, "o+g");
	is_int(apply("go-u", 0777, false), 0700, "go-u");
	is_int(apply("a=u", 0600, false), 0666, "a=u");

	/* the old mode's type bits are ignored */
	is_int(apply("u+x", 0100644, false), 0744, "S_IFREG dropped");

	/* errors, each with a reason */
	is_int(apply("u+q", 0644, false), -1, "u+q refused");
	ok(strstr(why("u+q"), "'q'") != NULL, "u+q: names q (%s)", why("u+q"));
	is_int(apply("+", 0644, false), -1, "+ refused");
	ok(strstr(why("+"), "'+'") != NULL, "+: nothing after + (%s)",
	    why("+"));
	is_int(apply("-", 0644, false), -1, "- refused");
	is_int(apply("u", 0644, false), -1, "u refused");
	ok(strstr(why("u"), "operator") != NULL, "u: no operator (%s)",
	    why("u"));
	ok(strstr(why("8"), "octal") != NULL, "8: octal digits (%s)",
	    why("8"));
	is_int(apply("u+x,", 0644, false), -1, "trailing comma refused");
	is_int(apply(",u+x", 0644, false), -1, "leading comma refused");
	is_int(apply("u+x,,g+x", 0644, false), -1, "empty clause refused");
	is_int(apply("x", 0644, false), -1, "x alone refused");
	ok(strstr(why("x"), "'x'") != NULL, "x: not a who (%s)", why("x"));
	is_int(apply("u+xu", 0644, false), -1, "u+xu refused");
	is_int(apply("u+ug", 0644, false), -1, "two copies refused");
	is_int(apply("u+r w", 0644, false), -1, "space refused");
	is_int(apply("+644", 0644, false), -1, "+644 refused");
	is_int(apply("u+\x01", 0644, false), -1, "control byte refused");
	ok(strstr(why("u+\x01"), "\\x01") != NULL, "control byte shown "
	    "escaped (%s)", why("u+\x01"));
	is_int(apply("u+rwxXstq", 0644, false), -1, "junk after perms");
	is_int(apply("a=", 0777, false), 0, "a= is no error: nothing left");
	return done_testing();
}
