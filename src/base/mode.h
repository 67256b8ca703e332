/*
 * mode.h: chmod(1)'s modes, octal or symbolic, applied to a file's mode
 * (mode.c). Pure: chmod and lchmod both use it.
 */
#ifndef JANGADA_BASE_MODE_H
#define JANGADA_BASE_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Room for mode_apply's err. */
#define MODE_ERRLEN	160

/* spec is 1 to 4 octal digits (chmod 644). */
bool	 mode_is_octal(const char *spec);
/*
 * The mode spec gives a file whose permission bits are old (07777 of
 * it), a directory if isdir: octal (1-4 digits), or chmod(1)'s comma-
 * separated clauses [ugoa]*([-+=]([rwxXst]*|[ugo]))+ (no who: a, with no
 * umask; X: x if isdir or some x bit is set; + or - with nothing after
 * it is refused). 0 and *out (07777 bits), or -1 and err (translated).
 */
int	 mode_apply(const char *spec, mode_t old, bool isdir, mode_t *out,
	    char *err, size_t errlen);

#endif
