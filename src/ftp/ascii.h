/*
 * ascii.h: TYPE A conversion (RFC 959 3.1.1.1).
 *
 * Download: CRLF becomes LF; a bare CR is kept; a CR that ends one chunk
 * is held until the next chunk shows whether an LF follows (never lost,
 * never doubled, R28); ftp_ascii_decode_end flushes a held CR at EOF
 * (R29). Upload: a bare LF becomes CRLF; an existing CRLF is kept as it
 * is (the state remembers a CR that ended the previous chunk).
 * Fast: memchr-driven, no per-byte branch on the common path.
 */
#ifndef JANGADA_FTP_ASCII_H
#define JANGADA_FTP_ASCII_H

#include <stdbool.h>
#include <stddef.h>

struct ftp_ascii {
	bool	cr_pending;	/* decode: a CR ended the last chunk */
	bool	last_cr;	/* encode: the last byte written was CR */
};

/* out must have room for n + 1 bytes. Returns the bytes written. */
size_t	ftp_ascii_decode(struct ftp_ascii *, const unsigned char *in,
	    size_t n, unsigned char *out);
/* At EOF: writes the held CR, if any (0 or 1 bytes). */
size_t	ftp_ascii_decode_end(struct ftp_ascii *, unsigned char *out);
/* out must have room for 2 * n bytes. Returns the bytes written. */
size_t	ftp_ascii_encode(struct ftp_ascii *, const unsigned char *in,
	    size_t n, unsigned char *out);

#endif
