/*
 * ascii.c: TYPE A conversion between the network's CRLF and the local LF.
 *
 * Both directions are memchr-driven: the converter looks for the next CR
 * (decode) or LF (encode) with memchr, copies the run before it with one
 * memcpy, and handles the line ending alone, so the cost per byte is that
 * of memchr and memcpy and the per-line work is a handful of branches.
 *
 * Decode rules: CR LF becomes LF; a CR not followed by LF is kept as it is
 * (a bare CR is data); a CR that ends a chunk is held in the state and
 * settled by the first byte of the next chunk or by ftp_ascii_decode_end at
 * EOF, so every chunking gives the same bytes (R28, R29). A bare LF stays a
 * LF. Encode rules: LF not preceded by CR becomes CR LF; CR LF is kept; a
 * bare CR is kept. For input without a CR LF pair, decode undoes encode.
 */
#include "config.h"

#include <string.h>

#include "ftp/ascii.h"

/* Convert n network bytes to local ones; out holds n + 1. */
size_t
ftp_ascii_decode(struct ftp_ascii *st, const unsigned char *in, size_t n,
    unsigned char *out)
{
	const unsigned char *p = in, *end = in + n, *cr;
	unsigned char *o = out;
	size_t run;

	if (n == 0)
		return 0;
	if (st->cr_pending) {
		st->cr_pending = false;
		if (*p == '\n')
			p++;	/* CR LF split over two chunks (R28) */
		*o++ = p > in ? '\n' : '\r';
	}
	while (p < end) {
		if ((cr = memchr(p, '\r', (size_t)(end - p))) == NULL) {
			run = (size_t)(end - p);
			memcpy(o, p, run);
			o += run;
			break;
		}
		run = (size_t)(cr - p);
		memcpy(o, p, run);
		o += run;
		if (cr + 1 == end) {
			st->cr_pending = true;
			break;
		}
		if (cr[1] == '\n') {
			*o++ = '\n';
			p = cr + 2;
		} else {
			*o++ = '\r';
			p = cr + 1;
		}
	}
	return (size_t)(o - out);
}

/* At EOF, write a CR still held from the last chunk (R29). */
size_t
ftp_ascii_decode_end(struct ftp_ascii *st, unsigned char *out)
{
	if (!st->cr_pending)
		return 0;
	st->cr_pending = false;
	out[0] = '\r';
	return 1;
}

/* Convert n local bytes to network ones; out holds 2 * n. */
size_t
ftp_ascii_encode(struct ftp_ascii *st, const unsigned char *in, size_t n,
    unsigned char *out)
{
	const unsigned char *p = in, *end = in + n, *lf;
	unsigned char *o = out;
	size_t run;
	bool prev_cr = st->last_cr;

	if (n == 0)
		return 0;
	while (p < end) {
		if ((lf = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			run = (size_t)(end - p);
			memcpy(o, p, run);
			o += run;
			break;
		}
		run = (size_t)(lf - p);
		memcpy(o, p, run);
		o += run;
		if (run > 0)
			prev_cr = lf[-1] == '\r';
		if (!prev_cr)
			*o++ = '\r';
		*o++ = '\n';
		prev_cr = false;
		p = lf + 1;
	}
	st->last_cr = in[n - 1] == '\r';
	return (size_t)(o - out);
}
