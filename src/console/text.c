/*
 * text.c: the pure text handling of the console (text.h): where a cut
 * keeps a UTF-8 character whole, where a line's text ends, a hex dump row,
 * the line end a port's protocol wants and its name.
 */
#include "config.h"

#include <stdio.h>

#include "console/console.h"
#include "console/text.h"

/*
 * How many bytes at the end of d (at most 3) begin a UTF-8 character that
 * is not complete yet: a cut keeps them for the next piece.
 */
size_t
con_utf8_tail(const unsigned char *d, size_t n)
{
	size_t i, back, want;

	for (back = 1; back <= 3 && back <= n; back++) {
		i = n - back;
		if ((d[i] & 0xc0) == 0x80)
			continue;	/* a continuation byte: look further */
		if ((d[i] & 0xe0) == 0xc0)
			want = 2;
		else if ((d[i] & 0xf0) == 0xe0)
			want = 3;
		else if ((d[i] & 0xf8) == 0xf0)
			want = 4;
		else
			return 0;
		return want > back ? back : 0;
	}
	return 0;
}

/* The length of a line's text: without a trailing LF or CR LF. */
size_t
con_text_len(const unsigned char *d, size_t n)
{
	if (n > 0 && d[n - 1] == '\n') {
		n--;
		if (n > 0 && d[n - 1] == '\r')
			n--;
	}
	return n;
}

/*
 * One row of a hex dump: the offset, up to 16 bytes (a short row padded so
 * its ASCII column lines up) and the printable ASCII. row holds
 * CON_HEX_ROW bytes.
 */
void
con_hex_row(char row[CON_HEX_ROW], const unsigned char *d, size_t k,
    uint64_t off)
{
	static const char hexd[] = "0123456789abcdef";
	char *o;
	size_t j;

	if (k > 16)
		k = 16;
	o = row + snprintf(row, CON_HEX_ROW, "%08llx  ",
	    (unsigned long long)off);
	for (j = 0; j < 16; j++) {
		if (j < k) {
			*o++ = hexd[d[j] >> 4];
			*o++ = hexd[d[j] & 0xf];
		} else {
			*o++ = ' ';
			*o++ = ' ';
		}
		*o++ = ' ';
		if (j == 7)
			*o++ = ' ';
	}
	*o++ = ' ';
	*o++ = '|';
	/* Printable ASCII only: what the sanitizer would keep. */
	for (j = 0; j < k; j++)
		*o++ = d[j] >= 0x20 && d[j] < 0x7f ? (char)d[j] : '.';
	*o++ = '|';
	*o = '\0';
}

/* The words of `console eol`. */
const char *
con_eol_name(enum con_eol eol)
{
	switch (eol) {
	case CON_EOL_CRLF:
		return "crlf";
	case CON_EOL_NONE:
		return "none";
	case CON_EOL_LF:
	case CON_EOL_AUTO:
		break;
	}
	return "lf";
}

/*
 * The line end a TCP port's protocol wants: CR LF for the text protocols
 * of the Internet (FTP, Telnet, SMTP, Finger, HTTP, POP3, NNTP, IMAP,
 * submission), whose servers wait for it; LF for any other port (a
 * course's own server reads up to LF).
 */
enum con_eol
con_eol_for_port(unsigned port)
{
	static const unsigned crlf[] = { 21, 23, 25, 79, 80, 110, 119, 143,
	    587 };
	size_t i;

	for (i = 0; i < sizeof crlf / sizeof crlf[0]; i++)
		if (crlf[i] == port)
			return CON_EOL_CRLF;
	return CON_EOL_LF;
}
