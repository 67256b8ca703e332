/*
 * fuzz_reply: the reply reader on hostile control-connection bytes.
 *
 * Each input is read twice: whole, and in chunks whose sizes come from the
 * input's own bytes. Both must give the same replies and the same error
 * (the reader promises the same result for every chunking), and every
 * reply must keep the reader's invariants: a code 100..599, NUL-free text
 * of the length it claims, msg inside text. A broken promise aborts, which
 * libFuzzer reports as a finding.
 */
#include "../../src/base/buf.c"
#include "../../src/base/sanitize.c"
#include "../../src/base/xmalloc.c"
#include "../../src/ftp/reply.c"

#include <stdint.h>

#define FUZZ_MAXR	64

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What one reading gave: a digest of every reply, and the error. */
struct fuzz_run {
	unsigned	 n;
	uint64_t	 sum;
	const char	*err;
};

/* Fold a reply into the digest (FNV-1a over code and text). */
static uint64_t
fuzz_mix(uint64_t h, const struct ftp_reply *r)
{
	size_t i;

	h ^= (uint64_t)r->code;
	h *= 1099511628211ULL;
	for (i = 0; i < r->len; i++) {
		h ^= (unsigned char)r->text[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Check one reply's invariants; abort if broken. */
static void
fuzz_check(const struct ftp_reply *r)
{
	if (r->code < 100 || r->code > 599)
		abort();
	if (strlen(r->text) != r->len || r->len > LIM_REPLY_TOTAL)
		abort();
	if (r->msg < r->text || r->msg > r->text + r->len)
		abort();
	if (r->nlines < 1 || r->nlines > LIM_REPLY_LINES)
		abort();
}

/* Read data in chunks: step 0 means whole, else sizes from the bytes. */
static void
fuzz_read(const uint8_t *data, size_t size, int chunked, struct fuzz_run *run)
{
	struct ftp_reply_reader rr;
	struct ftp_reply r;
	size_t off = 0, len, used, k = 0;
	int rc;

	memset(run, 0, sizeof *run);
	run->sum = 14695981039346656037ULL;
	ftp_rr_init(&rr);
	while (off < size && run->err == NULL) {
		len = chunked ? 1 + data[k++ % size] % 17 : size - off;
		if (len > size - off)
			len = size - off;
		while (len > 0) {
			rc = ftp_rr_feed(&rr, data + off, len, &used, &r,
			    &run->err);
			if (used > len)
				abort();
			off += used;
			len -= used;
			if (rc == FTP_RR_ERROR) {
				if (run->err == NULL)
					abort();
				break;
			}
			if (rc == FTP_RR_REPLY) {
				fuzz_check(&r);
				run->sum = fuzz_mix(run->sum, &r);
				run->n++;
				ftp_reply_free(&r);
			} else if (len != 0)
				abort();
		}
	}
	if (rr.line.cap > LIM_REPLY_LINE + 2 || rr.text.cap > LIM_REPLY_TOTAL + 1)
		abort();
	ftp_rr_free(&rr);
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run whole, chunked;

	fuzz_read(data, size, 0, &whole);
	fuzz_read(data, size, 1, &chunked);
	if (whole.n != chunked.n || whole.sum != chunked.sum ||
	    (whole.err == NULL) != (chunked.err == NULL) ||
	    (whole.err != NULL && strcmp(whole.err, chunked.err) != 0))
		abort();
	return 0;
}
