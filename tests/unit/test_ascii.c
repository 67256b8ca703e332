/*
 * test_ascii: TYPE A conversion gives the same bytes for every chunking
 * (R28, R29).
 */
#include "../../src/ftp/ascii.c"
#include "../tap.h"

#include "base/xmalloc.h"

static unsigned long rnd_state = 777;

/* A small deterministic random generator. */
static unsigned
rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33);
}

/* The chunk size for step i: 0 whole, 1 one byte, -1 random 1..9. */
static size_t
chunk_len(int chunk, size_t left)
{
	size_t len;

	if (chunk == 0)
		len = left;
	else if (chunk > 0)
		len = (size_t)chunk;
	else
		len = 1 + rnd() % 9;
	return len > left ? left : len;
}

/*
 * Decode in chunks into a fresh buffer; checks the n + 1 bound of each
 * call. Returns the output (free it) and its length in *olen.
 */
static unsigned char *
decode(const void *in, size_t n, int chunk, size_t *olen, int *bound_ok)
{
	struct ftp_ascii st = { false, false };
	const unsigned char *p = in;
	unsigned char *out = xmalloc(n + 2), *tmp = xmalloc(n + 2);
	size_t off = 0, len, got, o = 0;

	*bound_ok = 1;
	while (off < n) {
		len = chunk_len(chunk, n - off);
		got = ftp_ascii_decode(&st, p + off, len, tmp);
		if (got > len + 1)
			*bound_ok = 0;
		memcpy(out + o, tmp, got);
		o += got;
		off += len;
	}
	o += ftp_ascii_decode_end(&st, out + o);
	free(tmp);
	*olen = o;
	return out;
}

/* Encode in chunks; checks the 2n bound. */
static unsigned char *
encode(const void *in, size_t n, int chunk, size_t *olen, int *bound_ok)
{
	struct ftp_ascii st = { false, false };
	const unsigned char *p = in;
	unsigned char *out = xmalloc(2 * n + 1), *tmp = xmalloc(2 * n + 1);
	size_t off = 0, len, got, o = 0;

	*bound_ok = 1;
	while (off < n) {
		len = chunk_len(chunk, n - off);
		got = ftp_ascii_encode(&st, p + off, len, tmp);
		if (got > 2 * len)
			*bound_ok = 0;
		memcpy(out + o, tmp, got);
		o += got;
		off += len;
	}
	free(tmp);
	*olen = o;
	return out;
}

/* Decode in, whole, byte-wise and in random chunks; compare with want. */
static void
check_decode(const char *name, const char *in, size_t n, const char *want,
    size_t wn)
{
	unsigned char *out;
	size_t olen;
	int i, bound, all_same = 1, all_bound = 1;

	out = decode(in, n, 0, &olen, &bound);
	is_mem(out, olen, want, wn, "decode %s: whole", name);
	free(out);
	for (i = 0; i < 30; i++) {
		out = decode(in, n, i == 0 ? 1 : -1, &olen, &bound);
		if (olen != wn || memcmp(out, want, wn) != 0)
			all_same = 0;
		if (!bound)
			all_bound = 0;
		free(out);
	}
	ok(all_same, "decode %s: same for 1-byte and random chunks", name);
	ok(all_bound, "decode %s: each call within n + 1", name);
}

/* Encode in every chunking; compare with want. */
static void
check_encode(const char *name, const char *in, size_t n, const char *want,
    size_t wn)
{
	unsigned char *out;
	size_t olen;
	int i, bound, all_same = 1, all_bound = 1;

	out = encode(in, n, 0, &olen, &bound);
	is_mem(out, olen, want, wn, "encode %s: whole", name);
	free(out);
	for (i = 0; i < 30; i++) {
		out = encode(in, n, i == 0 ? 1 : -1, &olen, &bound);
		if (olen != wn || memcmp(out, want, wn) != 0)
			all_same = 0;
		if (!bound)
			all_bound = 0;
		free(out);
	}
	ok(all_same, "encode %s: same for 1-byte and random chunks", name);
	ok(all_bound, "encode %s: each call within 2n", name);
}

#define L(s)	(s), sizeof(s) - 1

int
main(void)
{
	struct ftp_ascii st = { false, false };
	unsigned char out[16], *big, *enc, *dec;
	size_t n, i, elen, dlen;
	int bound, good;

	check_decode("CRLF to LF", L("a\r\nb\r\n"), L("a\nb\n"));
	check_decode("R29 bare LF kept", L("a\nb\n"), L("a\nb\n"));
	check_decode("R29 bare CR kept", L("a\rb"), L("a\rb"));
	check_decode("R29 trailing CR at EOF flushed", L("ab\r"), L("ab\r"));
	check_decode("CR CR LF", L("a\r\r\nb"), L("a\r\nb"));
	check_decode("CR CR CR", L("\r\r\r"), L("\r\r\r"));
	check_decode("LF CR", L("\n\r"), L("\n\r"));
	check_decode("empty", L(""), L(""));
	check_decode("only CRLF", L("\r\n\r\n\r\n"), L("\n\n\n"));
	check_decode("binary bytes untouched", L("\0\xff\r\n\x80"),
	    L("\0\xff\n\x80"));

	/* R28: CR at the end of one chunk, LF at the start of the next. */
	n = ftp_ascii_decode(&st, (const unsigned char *)"ab\r", 3, out);
	is_mem(out, n, "ab", 2, "R28: CR at chunk end is held");
	ok(st.cr_pending, "R28: pending");
	n = ftp_ascii_decode(&st, (const unsigned char *)"\ncd", 3, out);
	is_mem(out, n, "\ncd", 3, "R28: one LF written, CR dropped");
	is_int(ftp_ascii_decode_end(&st, out), 0, "R28: nothing at EOF");
	n = ftp_ascii_decode(&st, (const unsigned char *)"x\r", 2, out);
	n = ftp_ascii_decode(&st, (const unsigned char *)"y", 1, out);
	is_mem(out, n, "\ry", 2, "held CR then non-LF: CR kept (n + 1)");
	n = ftp_ascii_decode(&st, (const unsigned char *)"\r", 1, out);
	is_int(n, 0, "a lone CR chunk writes nothing yet");
	n = ftp_ascii_decode(&st, (const unsigned char *)"", 0, out);
	is_int(n, 0, "an empty chunk keeps the CR held");
	ok(st.cr_pending, "still pending");
	is_int(ftp_ascii_decode_end(&st, out), 1, "R29: EOF flushes the CR");
	is_int(out[0], '\r', "R29: as CR");
	is_int(ftp_ascii_decode_end(&st, out), 0, "flushed once");

	check_encode("LF to CRLF", L("a\nb\n"), L("a\r\nb\r\n"));
	check_encode("CRLF kept", L("a\r\nb"), L("a\r\nb"));
	check_encode("bare CR kept", L("a\rb"), L("a\rb"));
	check_encode("LF at start", L("\n\nx"), L("\r\n\r\nx"));
	check_encode("CR then LF across chunks is kept", L("a\r\n"),
	    L("a\r\n"));
	check_encode("empty", L(""), L(""));

	/* decode(encode(x)) == x for random input without CR LF pairs. */
	good = 1;
	big = xmalloc(4096);
	for (i = 0; i < 200 && good; i++) {
		size_t j, len = rnd() % 4096;

		for (j = 0; j < len; j++) {
			big[j] = rnd() % 4 == 0 ?
			    (unsigned char)"\r\nab"[rnd() % 4] :
			    (unsigned char)rnd();
			if (j > 0 && big[j - 1] == '\r' && big[j] == '\n')
				big[j] = 'z';
		}
		enc = encode(big, len, -1, &elen, &bound);
		dec = decode(enc, elen, -1, &dlen, &bound);
		if (dlen != len || memcmp(dec, big, len) != 0)
			good = 0;
		free(enc);
		free(dec);
	}
	ok(good, "decode(encode(x)) == x for 200 random inputs");
	free(big);
	return done_testing();
}
