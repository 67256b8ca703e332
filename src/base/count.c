/*
 * count.c: a count with its noun, singular or plural as the language has
 * it ("1 byte", "2 bytes"; ngettext), for the messages that name two
 * counts in one sentence.
 */
#include "config.h"

#include <stdio.h>

#include "base/count.h"
#include "base/i18n.h"

/* "N byte(s)" into buf. */
char *
count_bytes(char *buf, size_t len, uint64_t n)
{
	snprintf(buf, len, ngettext("%llu byte", "%llu bytes",
	    (unsigned long)n), (unsigned long long)n);
	return buf;
}

/* "N file(s)" into buf. */
char *
count_files(char *buf, size_t len, uint64_t n)
{
	snprintf(buf, len, ngettext("%llu file", "%llu files",
	    (unsigned long)n), (unsigned long long)n);
	return buf;
}

/* "N director(y|ies)" into buf. */
char *
count_dirs(char *buf, size_t len, uint64_t n)
{
	snprintf(buf, len, ngettext("%llu directory", "%llu directories",
	    (unsigned long)n), (unsigned long long)n);
	return buf;
}
