/*
 * test_wrap: the word-wrap of the screen's dialogs (draw_wrap in
 * src/ui/draw.c): lines of at most w columns, broken at blanks, and a
 * word longer than a line (a certificate's fingerprint in "Cannot
 * connect") broken across lines at w columns, never cut off, never a
 * multibyte character split: the lines joined give the text back.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "ui/ui_priv.h"
#include "../tap.h"

/* The lines of text wrapped at w, joined by '|'; all at most w wide? */
static char *
wrapped(const char *text, int w, int *fits)
{
	char **l, *out = xstrdup(""), *t;
	size_t n, i;

	l = draw_wrap(text, w, &n);
	*fits = 1;
	for (i = 0; i < n; i++) {
		if (draw_width(l[i]) > w)
			*fits = 0;
		t = xasprintf("%s%s%s", out, i > 0 ? "|" : "", l[i]);
		free(out);
		out = t;
		free(l[i]);
	}
	free(l);
	return out;
}

static void
check(const char *text, int w, const char *want, const char *name)
{
	int fits;
	char *got = wrapped(text, w, &fits);

	is_str(got, want, "%s", name);
	ok(fits, "%s: no line wider than %d", name, w);
	free(got);
}

int
main(void)
{
	static const char fp[] = "SHA256:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:"
	    "B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9";

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	check("one two three", 20, "one two three", "a short line: as it is");
	check("one two three four", 9, "one two|three|four",
	    "broken at blanks");
	check("a\n\nb", 9, "a||b", "newlines end lines");
	check("abcdefghij", 4, "abcd|efgh|ij",
	    "a word longer than a line: broken across lines");
	check("key: abcdefghij end", 6, "key:|abcdef|ghij|end",
	    "a long word among others: on its own lines, whole");
	check(fp, 20, "SHA256:0A:1B:2C:3D:4|E:5F:60:71:82:93:A4:|"
	    "B5:C6:D7:E8:F9:0A:1B|:2C:3D:4E:5F:60:71:8|2:93:A4:B5:C6:D7:E8:|F9",
	    "a fingerprint: every byte, 20 columns a line");
	check("caf\xc3\xa9\xc3\xa9\xc3\xa9x", 4,
	    "caf\xc3\xa9|\xc3\xa9\xc3\xa9x", "a multibyte character is "
	    "never split");
	check("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3,
	    "\xe6\x97\xa5|\xe6\x9c\xac|\xe8\xaa\x9e",
	    "wide characters: a line holds what fits");
	return done_testing();
}
