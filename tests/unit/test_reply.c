/*
 * test_reply: the reply reader gives the same replies for every chunking
 * (R8-R16, R19).
 */
#include "../../src/ftp/reply.c"
#include "../tap.h"

#define MAXR	8
/* A string literal and its length. */
#define L(s)	(s), sizeof(s) - 1

/* What a whole stream gave: replies, then an error or not. */
struct result {
	int	 n;
	int	 code[MAXR];
	char	*text[MAXR];
	size_t	 nlines[MAXR];
	char	*msg[MAXR];
	const char *err;
	int	 pending;
};

static unsigned long rnd_state = 12345;

/* A small deterministic random generator (no global libc state). */
static unsigned
rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33);
}

/* Feed data in chunks: 0 = whole, 1 = one byte, -1 = random sizes. */
static void
run(const void *data, size_t n, int chunk, struct result *res)
{
	struct ftp_reply_reader rr;
	struct ftp_reply r;
	const unsigned char *p = data;
	size_t off = 0, len, used;
	int rc;

	memset(res, 0, sizeof *res);
	ftp_rr_init(&rr);
	while (off < n && res->err == NULL) {
		if (chunk == 0)
			len = n - off;
		else if (chunk > 0)
			len = (size_t)chunk;
		else
			len = 1 + rnd() % 7;
		if (len > n - off)
			len = n - off;
		/* Feed the chunk until it is all consumed. */
		while (len > 0) {
			rc = ftp_rr_feed(&rr, p + off, len, &used, &r,
			    &res->err);
			if (used > len) {
				res->err = "used past the chunk";
				break;
			}
			off += used;
			len -= used;
			if (rc == FTP_RR_ERROR)
				break;
			if (rc == FTP_RR_REPLY) {
				if (res->n < MAXR) {
					res->code[res->n] = r.code;
					res->text[res->n] = xstrdup(r.text);
					res->msg[res->n] = xstrdup(r.msg);
					res->nlines[res->n] = r.nlines;
				}
				if (strlen(r.text) != r.len)
					res->err = "len mismatch";
				res->n++;
				ftp_reply_free(&r);
			} else if (len != 0) {
				res->err = "MORE but bytes left";
				break;
			}
		}
	}
	res->pending = ftp_rr_pending(&rr);
	ftp_rr_free(&rr);
}

/* Free what run() kept. */
static void
result_free(struct result *res)
{
	int i;

	for (i = 0; i < res->n && i < MAXR; i++) {
		free(res->text[i]);
		free(res->msg[i]);
	}
}

/* Are two results the same? */
static int
result_same(const struct result *a, const struct result *b)
{
	int i;

	if (a->n != b->n || (a->err == NULL) != (b->err == NULL))
		return 0;
	if (a->err != NULL && strcmp(a->err, b->err) != 0)
		return 0;
	for (i = 0; i < a->n && i < MAXR; i++)
		if (a->code[i] != b->code[i] ||
		    strcmp(a->text[i], b->text[i]) != 0 ||
		    strcmp(a->msg[i], b->msg[i]) != 0 ||
		    a->nlines[i] != b->nlines[i])
			return 0;
	return 1;
}

/*
 * Run data whole, byte by byte and in random chunks; check the chunkings
 * agree, then that the result has nrep replies, the first with code and
 * text, and the error err (NULL: none).
 */
static void
check(const char *name, const void *data, size_t n, int nrep, int code,
    const char *text, const char *err)
{
	struct result whole, one, r;
	int i, same = 1;

	run(data, n, 0, &whole);
	run(data, n, 1, &one);
	same = result_same(&whole, &one);
	for (i = 0; i < 20 && same; i++) {
		run(data, n, -1, &r);
		same = result_same(&whole, &r);
		result_free(&r);
	}
	ok(same, "%s: same result for whole, 1-byte and random chunks", name);
	is_int(whole.n, nrep, "%s: %d replies", name, nrep);
	if (nrep > 0 && whole.n > 0) {
		is_int(whole.code[0], code, "%s: code", name);
		if (text != NULL)
			is_str(whole.text[0], text, "%s: text", name);
	}
	is_str(whole.err, err, "%s: error", name);
	result_free(&whole);
	result_free(&one);
}

int
main(void)
{
	struct ftp_reply_reader rr;
	struct ftp_reply r;
	struct result res;
	struct buf b;
	const char *err;
	size_t used, i, total;
	char *big;
	int rc;

	check("single line", L("220 ready\r\n"), 1, 220, "220 ready", NULL);
	run("220 ready\r\n", 11, 0, &res);
	is_str(res.msg[0], "ready", "msg is the text after the code");
	is_int(res.nlines[0], 1, "one line");
	result_free(&res);
	check("code only", L("200\r\n"), 1, 200, "200", NULL);
	run("200\r\n", 5, 0, &res);
	is_str(res.msg[0], "", "code only: empty msg");
	result_free(&res);

	/* R8: a 60-line 220- banner is one reply with every line kept. */
	buf_init(&b, 1 << 20);
	buf_append_str(&b, "220-Welcome\r\n");
	for (i = 0; i < 58; i++)
		buf_printf(&b, "    banner line %zu\r\n", i);
	buf_append_str(&b, "220 ready\r\n");
	run(buf_data(&b), buf_len(&b), 0, &res);
	is_int(res.n, 1, "R8: 60-line banner is one reply");
	is_int(res.nlines[0], 60, "R8: 60 lines kept");
	is_str(res.msg[0], "ready", "R8: msg from the last line");
	ok(strstr(res.text[0], "banner line 57\n220 ready") != NULL,
	    "R8: whole banner in the text");
	result_free(&res);
	check("R8 banner chunkings", buf_data(&b), buf_len(&b), 1, 220, NULL,
	    NULL);
	buf_free(&b);

	/* R9: the RFC 959 example, an inner "234 x" does not end it. */
	check("R9 inner code line", L("123-First line\r\nSecond line\r\n  234 A line beginning with numbers\r\n"
	    "234 x\r\n123-not the end\r\n123 The last line\r\n"), 1, 123,
	    "123-First line\nSecond line\n  234 A line beginning with numbers\n"
	    "234 x\n123-not the end\n123 The last line", NULL);
	check("R9 end line \"123\" alone", L("123-a\r\n123\r\n"), 1, 123,
	    "123-a\n123", NULL);

	/* R10/R11: glued replies come out one at a time via *used. */
	ftp_rr_init(&rr);
	rc = ftp_rr_feed(&rr, "150 Opening\r\n226 Done\r\n", 23, &used, &r,
	    &err);
	is_int(rc, FTP_RR_REPLY, "R11: first of two glued replies");
	is_int(used, 13, "R11: *used stops after the first");
	is_int(r.code, 150, "R11: 150 first");
	ftp_reply_free(&r);
	rc = ftp_rr_feed(&rr, "150 Opening\r\n226 Done\r\n" + 13, 10, &used,
	    &r, &err);
	is_int(rc, FTP_RR_REPLY, "R11: then the second");
	is_int(r.code, 226, "R11: 226 second");
	is_int(used, 10, "R11: all of it used");
	ftp_reply_free(&r);
	ok(!ftp_rr_pending(&rr), "nothing pending after both");
	rc = ftp_rr_feed(&rr, "2", 1, &used, &r, &err);
	is_int(rc, FTP_RR_MORE, "a partial reply is MORE");
	ok(ftp_rr_pending(&rr), "and is pending (EOF now is mid-reply, R18)");
	ftp_rr_free(&rr);
	check("R11 two replies chunkings", L("150 Opening\r\n226 Done\r\n"),
	    2, 150, "150 Opening", NULL);
	check("R10 multi then single", L("211-Features:\r\n MDTM\r\n SIZE\r\n211 End\r\n200 ok\r\n"), 2,
	    211, "211-Features:\n MDTM\n SIZE\n211 End", NULL);

	/* R12: a 1 MB line with no LF fails at the cap. */
	big = xmalloc(1 << 20);
	memset(big, 'a', 1 << 20);
	memcpy(big, "220 ", 4);
	ftp_rr_init(&rr);
	rc = ftp_rr_feed(&rr, big, 1 << 20, &used, &r, &err);
	is_int(rc, FTP_RR_ERROR, "R12: 1 MB line is an error");
	is_str(err, "reply line too long", "R12: reply line too long");
	ok(used <= LIM_REPLY_LINE + 2, "R12: stops at the cap (%zu)", used);
	ok(rr.line.cap <= LIM_REPLY_LINE + 2, "R12: line buffer bounded (%zu)",
	    rr.line.cap);
	rc = ftp_rr_feed(&rr, "200 ok\r\n", 8, &used, &r, &err);
	is_int(rc, FTP_RR_ERROR, "R12: the reader stays failed");
	is_str(err, "reply line too long", "R12: with the same message");
	ftp_rr_free(&rr);
	check("R12 1 MB line chunkings", big, 1 << 20, 0, 0, NULL,
	    "reply line too long");
	free(big);
	/* The longest line allowed passes, one more byte does not. */
	big = xmalloc(LIM_REPLY_LINE + 3);
	memset(big, 'b', LIM_REPLY_LINE + 3);
	memcpy(big, "200 ", 4);
	memcpy(big + LIM_REPLY_LINE, "\r\n", 2);
	check("line of LIM_REPLY_LINE", big, LIM_REPLY_LINE + 2, 1, 200, NULL,
	    NULL);
	big[LIM_REPLY_LINE] = 'b';
	memcpy(big + LIM_REPLY_LINE + 1, "\r\n", 2);
	check("line of LIM_REPLY_LINE + 1", big, LIM_REPLY_LINE + 3, 0, 0,
	    NULL, "reply line too long");
	free(big);

	/* R13: 100,000 continuation lines: an error, memory bounded. */
	buf_init(&b, 4 << 20);
	buf_append_str(&b, "220-x\r\n");
	for (i = 0; i < 100000; i++)
		buf_append_str(&b, "a\r\n");
	ftp_rr_init(&rr);
	total = 0;
	rc = FTP_RR_MORE;
	for (i = 0; i < buf_len(&b) && rc == FTP_RR_MORE; i += used)
		rc = ftp_rr_feed(&rr, buf_data(&b) + i, buf_len(&b) - i, &used,
		    &r, &err);
	is_int(rc, FTP_RR_ERROR, "R13: 100,000 continuation lines fail");
	is_str(err, "too many reply lines", "R13: too many reply lines");
	total = rr.line.cap + rr.text.cap;
	ok(total <= LIM_REPLY_LINE + LIM_REPLY_TOTAL + 2,
	    "R13: memory bounded (%zu bytes)", total);
	ftp_rr_free(&rr);
	buf_free(&b);
	/* Long lines hit the total before the line count. */
	buf_init(&b, 4 << 20);
	buf_append_str(&b, "220-x\r\n");
	for (i = 0; i < 200; i++) {
		buf_append_str(&b, "220-");
		for (total = 0; total < 50; total++)
			buf_append_str(&b, "0123456789");
		buf_append_str(&b, "\r\n");
	}
	check("R13 total cap", buf_data(&b), buf_len(&b), 0, 0, NULL,
	    "reply too long");
	buf_free(&b);
	/* Blank lines between replies are skipped but bounded. */
	check("blank lines between replies", L("\r\n\n200 a\r\n\r\n"), 1, 200,
	    "200 a", NULL);
	buf_init(&b, 1 << 20);
	for (i = 0; i < 2000; i++)
		buf_append_str(&b, "\r\n");
	check("endless blank lines", buf_data(&b), buf_len(&b), 0, 0, NULL,
	    "too many reply lines");
	buf_free(&b);

	/* R14: LF-only endings. */
	check("R14 LF only", L("220-a\n b\n220 c\n331 pw\n"), 2, 220,
	    "220-a\n b\n220 c", NULL);
	check("R14 mixed CRLF and LF", L("220-a\r\n b\n220 c\r\n"), 1, 220,
	    "220-a\n b\n220 c", NULL);
	check("bare CR inside a line kept", L("200 a\rb\r\n"), 1, 200,
	    "200 a\rb", NULL);

	/* R15: NUL is refused wherever it is. */
	check("R15 NUL in a line", L("200 a\0b\r\n"), 0, 0, NULL,
	    "NUL byte in reply");
	check("R15 NUL in a continuation", L("220-a\r\nx\0\r\n220 b\r\n"), 0,
	    0, NULL, "NUL byte in reply");
	check("R15 NUL after a reply", L("200 a\r\n\0"), 1, 200, "200 a",
	    "NUL byte in reply");

	/* R16: malformed codes. */
	check("R16 abc", L("abc hello\r\n"), 0, 0, NULL,
	    "malformed reply code");
	check("R16 22", L("22\r\n"), 0, 0, NULL, "malformed reply code");
	check("R16 22 text", L("22 x\r\n"), 0, 0, NULL, "malformed reply code");
	check("R16 9999", L("9999 x\r\n"), 0, 0, NULL, "malformed reply code");
	check("R16 600", L("600 x\r\n"), 0, 0, NULL, "malformed reply code");
	check("R16 099", L("099 x\r\n"), 0, 0, NULL, "malformed reply code");
	check("R16 2a0", L("2a0 x\r\n"), 0, 0, NULL, "malformed reply code");
	check("R16 200x", L("200x\r\n"), 0, 0, NULL, "malformed reply code");
	check("R16 code with tab", L("200\tx\r\n"), 0, 0, NULL,
	    "malformed reply code");
	check("599 and 100 accepted", L("599 x\r\n100 y\r\n"), 2, 599,
	    "599 x", NULL);

	/* Multi-line end rules. */
	check("other code does not end", L("220-a\r\n230 b\r\n220 c\r\n"), 1,
	    220, "220-a\n230 b\n220 c", NULL);
	check("same code with '-' does not end", L("220-a\r\n220-b\r\n220 c\r\n"), 1, 220, "220-a\n220-b\n220 c", NULL);
	check("empty inner line kept", L("220-a\r\n\r\n220 c\r\n"), 1, 220,
	    "220-a\n\n220 c", NULL);
	check("inner lines need no code", L("214-a\r\nfoo\r\n 214 x\r\n214 c\r\n"), 1, 214, "214-a\nfoo\n 214 x\n214 c", NULL);

	/* R19: telnet IAC. */
	check("R19 IAC WILL ECHO ignored", L("220 a\xff\xfb\x01" "b\r\n"), 1,
	    220, "220 ab", NULL);
	check("R19 IAC at line start", L("\xff\xfb\x01" "220 ab\r\n"), 1, 220,
	    "220 ab", NULL);
	check("R19 IAC IAC is 0xFF", L("257 \"/a\xff\xff" "b\"\r\n"), 1, 257,
	    "257 \"/a\xff" "b\"", NULL);
	check("R19 IAC IP and IAC DM dropped", L("2\xff\xf4" "0\xff\xf2" "0 x\r\n"), 1, 200, "200 x", NULL);
	check("R19 IAC DO with NUL option", L("200 a\xff\xfd\x00" "b\r\n"), 1,
	    200, "200 ab", NULL);
	check("R19 IAC DONT LF: the LF is the option", L("200 a\xff\xfe\nb\r\n"), 1, 200, "200 ab", NULL);

	/* An error reports *used up to the bad byte. */
	ftp_rr_init(&rr);
	rc = ftp_rr_feed(&rr, "200 ok\r\n2\0", 10, &used, &r, &err);
	is_int(rc, FTP_RR_REPLY, "reply before a NUL is delivered");
	ftp_reply_free(&r);
	rc = ftp_rr_feed(&rr, "2\0", 2, &used, &r, &err);
	is_int(rc, FTP_RR_ERROR, "then the NUL fails");
	ftp_rr_free(&rr);
	return done_testing();
}
