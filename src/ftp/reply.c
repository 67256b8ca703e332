/*
 * reply.c: the reply reader (RFC 959 section 4.2).
 *
 * Bytes go through two small machines. The telnet machine drops IAC
 * sequences and turns IAC IAC into a literal 0xFF; what is left is
 * appended, in runs found with a scan rather than byte by byte, to the line
 * being read. At each LF the line (less a CR before the LF) is judged: the
 * first line of a reply must start with a code 100..599 followed by ' ',
 * '-' or the end of the line; a '-' opens a multi-line reply which only a
 * line with the same code followed by ' ' (or nothing) closes. Every line of
 * a reply is kept, joined by '\n', in the text buffer.
 *
 * Empty lines between replies (some servers add a CRLF after a reply) are
 * skipped, but count against the lines limit so an endless stream of them
 * is still an error. Every limit is a buffer limit: a line that does not
 * fit is an error at the moment it stops fitting, never a copy past the end.
 * After an error the reader keeps failing with the same message.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"
#include "ftp/reply.h"

/* Telnet (RFC 854) bytes the reader cares about. */
#define TN_IAC		255
#define TN_DONT		254
#define TN_DO		253
#define TN_WONT		252
#define TN_WILL		251

/* Telnet machine states. */
enum {
	RR_TN_DATA,		/* plain bytes */
	RR_TN_IAC,		/* an IAC was seen */
	RR_TN_OPT		/* IAC WILL/WONT/DO/DONT: the option byte next */
};

/* Messages, marked N_() for the caller to translate; failed is index + 1. */
enum {
	RR_E_NUL = 1,
	RR_E_LINE,
	RR_E_TOTAL,
	RR_E_LINES,
	RR_E_CODE
};
static const char *const rr_errors[] = {
	N_("reply reader failed"),
	N_("NUL byte in reply"),
	N_("reply line too long"),
	N_("reply too long"),
	N_("too many reply lines"),
	N_("malformed reply code")
};

/* Prepare an empty reader. */
void
ftp_rr_init(struct ftp_reply_reader *rr)
{
	memset(rr, 0, sizeof *rr);
	/* The line may hold a CR on top of LIM_REPLY_LINE bytes. */
	buf_init(&rr->line, LIM_REPLY_LINE + 1);
	buf_init(&rr->text, LIM_REPLY_TOTAL);
	rr->iac = RR_TN_DATA;
}

/* Release the reader's memory. */
void
ftp_rr_free(struct ftp_reply_reader *rr)
{
	buf_free(&rr->line);
	buf_free(&rr->text);
	rr->code = 0;
	rr->nlines = 0;
}

/* Is a reply partly read (bytes held that are not a reply yet)? */
int
ftp_rr_pending(const struct ftp_reply_reader *rr)
{
	return buf_len(&rr->line) > 0 || buf_len(&rr->text) > 0 ||
	    rr->iac != RR_TN_DATA;
}

/* Release a reply's text. */
void
ftp_reply_free(struct ftp_reply *r)
{
	free(r->text);
	memset(r, 0, sizeof *r);
}

/* Mark the reader failed with error e and return FTP_RR_ERROR. */
static int
rr_fail(struct ftp_reply_reader *rr, int e, const char **err)
{
	rr->failed = e;
	if (err != NULL)
		*err = rr_errors[e];
	return FTP_RR_ERROR;
}

/*
 * The code at the start of a line: 100..599 followed by ' ', '-' or the
 * end. Returns the code and sets *cont for '-', or -1.
 */
static int
rr_line_code(const unsigned char *p, size_t len, int *cont)
{
	if (len < 3 || p[0] < '1' || p[0] > '5' || p[1] < '0' || p[1] > '9' ||
	    p[2] < '0' || p[2] > '9')
		return -1;
	*cont = 0;
	if (len > 3) {
		if (p[3] == '-')
			*cont = 1;
		else if (p[3] != ' ')
			return -1;
	}
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

/* Hand the reply held in the text buffer over to *out and reset. */
static void
rr_take(struct ftp_reply_reader *rr, int code, size_t last,
    struct ftp_reply *out)
{
	size_t len = buf_len(&rr->text);

	out->code = code;
	out->text = xmemdup(buf_data(&rr->text), len);
	out->len = len;
	out->nlines = rr->nlines;
	/* The last line starts at last: skip "NNN" and the ' ' if any. */
	out->msg = out->text + last + (len - last > 3 ? 4 : 3);
	buf_clear(&rr->text);
	rr->code = 0;
	rr->nlines = 0;
}

/*
 * A complete line is in rr->line (its LF not included). Returns 1 when it
 * completed a reply (in *out), 0 if more lines are needed, or an error.
 */
static int
rr_end_line(struct ftp_reply_reader *rr, struct ftp_reply *out,
    const char **err)
{
	size_t len = buf_len(&rr->line), last;
	const unsigned char *p;
	int code, cont;

	/* An empty buffer may have no memory yet: no pointer into it. */
	p = len > 0 ? buf_data(&rr->line) : (const unsigned char *)"";

	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len > LIM_REPLY_LINE)
		return rr_fail(rr, RR_E_LINE, err);
	if (++rr->nlines > LIM_REPLY_LINES)
		return rr_fail(rr, RR_E_LINES, err);

	if (rr->code == 0) {
		/* The first line of a reply, or a blank line between two. */
		if (len == 0) {
			buf_clear(&rr->line);
			return 0;
		}
		if ((code = rr_line_code(p, len, &cont)) == -1)
			return rr_fail(rr, RR_E_CODE, err);
		buf_clear(&rr->text);
		if (buf_append(&rr->text, p, len) == -1)
			return rr_fail(rr, RR_E_TOTAL, err);
		buf_clear(&rr->line);
		rr->nlines = 1;
		if (cont) {
			rr->code = code;
			return 0;
		}
		rr_take(rr, code, 0, out);
		return 1;
	}

	/* Inside a multi-line reply: any text until "NNN " or "NNN". */
	last = buf_len(&rr->text) + 1;
	if (buf_append(&rr->text, "\n", 1) == -1 ||
	    buf_append(&rr->text, p, len) == -1)
		return rr_fail(rr, RR_E_TOTAL, err);
	buf_clear(&rr->line);
	if (rr_line_code(p, len, &cont) == rr->code && !cont) {
		rr_take(rr, rr->code, last, out);
		return 1;
	}
	return 0;
}

/* Append n plain bytes to the line; NUL and the line limit are errors. */
static int
rr_add(struct ftp_reply_reader *rr, const unsigned char *p, size_t n,
    const char **err)
{
	if (n == 0)
		return 0;
	if (memchr(p, '\0', n) != NULL)
		return rr_fail(rr, RR_E_NUL, err);
	if (buf_append(&rr->line, p, n) == -1)
		return rr_fail(rr, RR_E_LINE, err);
	return 0;
}

/*
 * Feed n bytes. Returns FTP_RR_REPLY with the first complete reply in *out
 * and *used set to the bytes it consumed (feed the rest again), FTP_RR_MORE
 * when all n bytes were taken without completing one, or FTP_RR_ERROR.
 */
int
ftp_rr_feed(struct ftp_reply_reader *rr, const void *data, size_t n,
    size_t *used, struct ftp_reply *out, const char **err)
{
	const unsigned char *p = data, *end = p + n, *run, *stop;
	size_t room;
	int rc;

	if (used != NULL)
		*used = 0;
	if (rr->failed) {
		if (err != NULL)
			*err = rr_errors[rr->failed];
		return FTP_RR_ERROR;
	}
	while (p < end) {
		if (rr->iac == RR_TN_IAC) {
			rr->iac = RR_TN_DATA;
			if (*p == TN_IAC) {
				if (rr_add(rr, p, 1, err) == -1)
					goto fail;
			} else if (*p >= TN_WILL && *p <= TN_DONT)
				rr->iac = RR_TN_OPT;
			/* Any other command (IP, AO, DM, GA, ...) is dropped. */
			p++;
			continue;
		}
		if (rr->iac == RR_TN_OPT) {
			rr->iac = RR_TN_DATA;
			p++;
			continue;
		}

		/*
		 * A run of plain bytes up to an LF or an IAC, looked at no
		 * further than one byte past what the line has room for.
		 */
		room = buf_room(&rr->line);
		stop = (size_t)(end - p) > room ? p + room + 1 : end;
		for (run = p; p < stop && *p != '\n' && *p != TN_IAC; p++)
			/* nothing */;
		if (rr_add(rr, run, (size_t)(p - run), err) == -1)
			goto fail;
		if (p == end)
			break;
		if (*p++ == TN_IAC) {
			rr->iac = RR_TN_IAC;
			continue;
		}
		rc = rr_end_line(rr, out, err);
		if (rc == FTP_RR_ERROR)
			goto fail;
		if (rc == 1) {
			if (used != NULL)
				*used = (size_t)(p - (const unsigned char *)data);
			return FTP_RR_REPLY;
		}
	}
	if (used != NULL)
		*used = n;
	return FTP_RR_MORE;

fail:
	if (used != NULL)
		*used = (size_t)(p - (const unsigned char *)data);
	return FTP_RR_ERROR;
}

/* "550 No such file" from a reply, as one sanitized line for messages. */
char *
ftp_reply_words(const struct ftp_reply *r)
{
	const char *msg = r->msg != NULL ? r->msg : r->text;

	return san_str(msg, strlen(msg), 0);
}
