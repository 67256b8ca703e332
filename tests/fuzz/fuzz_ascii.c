/*
 * fuzz_ascii: the TYPE A converter on hostile data.
 *
 * Decode and encode each run whole and in chunks (sizes from the input's
 * bytes) into buffers sized exactly as the header demands, so ASan catches
 * any write past n + 1 (decode) or 2n (encode); each call's count is also
 * checked against its bound. Both chunkings must agree, and decoding the
 * encoding gives back the input whenever the input holds no CR LF pair.
 */
#include "../../src/ftp/ascii.c"

#include <stdint.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Decode (dir 0) or encode (dir 1) in chunks; returns a malloc'd result. */
static unsigned char *
fuzz_conv(const uint8_t *in, size_t n, int dir, int chunked, size_t *olen)
{
	struct ftp_ascii st = { false, false };
	unsigned char *out = malloc(2 * n + 2), *tmp;
	size_t off = 0, len, got, o = 0, k = 0;

	if (out == NULL)
		abort();
	while (off < n) {
		len = chunked ? 1 + in[k++ % n] % 33 : n - off;
		if (len > n - off)
			len = n - off;
		/* Exactly the room the contract asks for. */
		if ((tmp = malloc(dir == 0 ? len + 1 : 2 * len)) == NULL)
			abort();
		if (dir == 0) {
			got = ftp_ascii_decode(&st, in + off, len, tmp);
			if (got > len + 1)
				abort();
		} else {
			got = ftp_ascii_encode(&st, in + off, len, tmp);
			if (got > 2 * len)
				abort();
		}
		memcpy(out + o, tmp, got);
		free(tmp);
		o += got;
		off += len;
	}
	if (dir == 0) {
		if ((tmp = malloc(1)) == NULL)
			abort();
		got = ftp_ascii_decode_end(&st, tmp);
		if (got > 1)
			abort();
		memcpy(out + o, tmp, got);
		o += got;
		free(tmp);
	}
	*olen = o;
	return out;
}

/* Are [a, an) and [b, bn) the same bytes? */
static int
fuzz_same(const unsigned char *a, size_t an, const unsigned char *b,
    size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *d1, *d2, *e1, *e2, *back;
	size_t n1, n2, m1, m2, bn;

	if (size > 1024 * 1024)
		return 0;
	d1 = fuzz_conv(data, size, 0, 0, &n1);
	d2 = fuzz_conv(data, size, 0, 1, &n2);
	e1 = fuzz_conv(data, size, 1, 0, &m1);
	e2 = fuzz_conv(data, size, 1, 1, &m2);
	if (!fuzz_same(d1, n1, d2, n2) || !fuzz_same(e1, m1, e2, m2))
		abort();
	if (n1 > size || m1 > 2 * size)
		abort();
	/* decode(encode(x)) == x when x has no CR LF pair. */
	if (size == 0 || memmem(data, size, "\r\n", 2) == NULL) {
		back = fuzz_conv(e1, m1, 0, 1, &bn);
		if (!fuzz_same(back, bn, data, size))
			abort();
		free(back);
	}
	/* A decoded stream has no CR LF pair left, only bare CRs. */
	if (n1 > 1 && memmem(d1, n1, "\r\n", 2) != NULL &&
	    memmem(data, size, "\r\r\n", 3) == NULL)
		abort();
	free(d1);
	free(d2);
	free(e1);
	free(e2);
	return 0;
}
