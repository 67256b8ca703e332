/*
 * reply.h: the reply reader: control-connection bytes in, complete replies
 * out (RFC 959 section 4.2).
 *
 * A push parser: the session feeds whatever read() returned, in any
 * chunking (one byte at a time, or several replies glued together), and
 * gets the same replies. Handled: multi-line "123-" ... "123 " (an inner
 * line starting with other digits, or with "123-", does not end it), LF-only
 * endings, telnet IAC sequences (IAC IAC is a literal 0xFF, IAC WILL/WONT/
 * DO/DONT x and IAC cmd are dropped), and limits from base/limits.h: one
 * line (LIM_REPLY_LINE), lines per reply (LIM_REPLY_LINES), a whole reply
 * (LIM_REPLY_TOTAL). Refused: a NUL byte, a code that is not three digits
 * 1xx-5xx followed by ' ' or '-' (or end of line), and any limit. Empty
 * lines between replies are skipped (they count against LIM_REPLY_LINES).
 * After an error the reader is unusable: the session closes the connection;
 * *used then counts the bytes looked at.
 */
#ifndef JANGADA_FTP_REPLY_H
#define JANGADA_FTP_REPLY_H

#include <stddef.h>

#include "base/buf.h"

struct ftp_reply {
	int	 code;		/* 100..599 */
	char	*text;		/* every line, CR/LF removed, joined by '\n';
				   raw server bytes, NOT sanitized; NUL-free */
	size_t	 len;		/* strlen(text) */
	size_t	 nlines;
	const char *msg;	/* into text: the last line after "NNN " */
};

enum ftp_rr_status {
	FTP_RR_ERROR = -1,	/* *err says why (untranslated, stable) */
	FTP_RR_MORE = 0,	/* every byte consumed, no reply yet */
	FTP_RR_REPLY = 1	/* *out holds a reply; *used bytes consumed */
};

struct ftp_reply_reader {
	struct buf	 line;		/* the line being read */
	struct buf	 text;		/* lines of the reply so far */
	int		 code;		/* of a multi-line reply, or 0 */
	size_t		 nlines;
	int		 iac;		/* telnet state */
	int		 failed;
};

void	ftp_rr_init(struct ftp_reply_reader *);
void	ftp_rr_free(struct ftp_reply_reader *);
int	ftp_rr_feed(struct ftp_reply_reader *, const void *, size_t,
	    size_t *used, struct ftp_reply *out, const char **err);
void	ftp_reply_free(struct ftp_reply *);
/* "550 No such file": the reply's words, one sanitized line (free it). */
char	*ftp_reply_words(const struct ftp_reply *);
/* Non-zero while part of a reply is held (EOF now is "mid-reply", R18). */
int	ftp_rr_pending(const struct ftp_reply_reader *);

#endif
