/*
 * sums.h: reading the checksum files published beside downloads
 * (SHA256SUMS, MD5SUMS, NAME.sha256 ...), for verify. Pure: the caller
 * fetches the text.
 *
 * Lines in either form, CRLF or LF:
 *	HEX  NAME		(sha256sum, md5sum; " *NAME" for binary,
 *				 "./NAME" too)
 *	SHA256 (NAME) = HEX	(BSD, --tag)
 * and in a file for one download (single: NAME.sha256) a lone "HEX" as
 * well. The algorithm is the BSD tag's, or the hex length's: 32 MD5, 40
 * SHA-1, 64 SHA-256, 128 SHA-512. Escaped names (a leading '\') and
 * anything else are skipped.
 */
#ifndef JANGADA_BASE_SUMS_H
#define JANGADA_BASE_SUMS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/hash.h"

/*
 * The checksum of name in text: 1 with *alg and hex (lower case, NUL
 * ended, 2 * HASH_MAX_LEN + 1 bytes), or 0 if the text has none.
 */
int	sums_find(const char *text, size_t len, const char *name, bool single,
	    enum hash_alg *alg, char *hex);

#endif
