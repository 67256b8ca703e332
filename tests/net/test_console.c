/*
 * test_console: the pure parts of the console and tools: the kept log's
 * bound and order, the line splitter, cuts that keep UTF-8 whole, a line's
 * end, the hex dump, and the port parser and services look-up. It reaches
 * into the session through con_priv.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "console/con_priv.h"
#include "console/console.h"
#include "console/text.h"
#include "console/tools.h"
#include "ev/loop.h"
#include "../tap.h"

static char	last_text[512];
static char	first_row[512];
static int	last_flags;
static size_t	nlines;
static size_t	total_bytes;

static bool	close_on_line;
static bool	nested_send;
static bool	nested_same;

static void
on_line(struct con *c, const struct con_line *l, void *arg)
{
	char err[128], before[64];

	if (str_has_prefix(l->text, "00000000  "))
		str_lcpy(first_row, l->text, sizeof first_row);
	str_lcpy(last_text, l->text, sizeof last_text);
	last_flags = l->flags;
	nlines++;
	total_bytes += l->bytes;
	/* What a callback may do, last: answer, or close the session. */
	if (nested_send && l->dir == CON_IN) {
		str_lcpy(before, l->text, sizeof before);
		nested_send = false;
		con_send(c, "a nested answer", 0, err, sizeof err);
		nested_same = strcmp(before, l->text) == 0;
	}
	if (close_on_line)
		con_close(c);
}

static int	tool_lines;
static bool	tool_last;

static void
on_tool(struct net_tool *t, const char *line, bool last, bool error,
    void *arg)
{
	tool_lines++;
	tool_last = last;
	if (arg != NULL)
		net_tool_cancel(t);
}

/* Run the loop for ms milliseconds. */
static void
run_for(struct ev_loop *loop, int ms)
{
	uint64_t until = ev_clock_ms() + (uint64_t)ms;

	while (ev_clock_ms() < until)
		ev_run_once(loop, (int)(until - ev_clock_ms()));
}

struct walk {
	size_t		n;
	size_t		bytes;
	uint64_t	first;
	uint64_t	last;
	bool		ordered;
};

static void
on_walk(const struct con_line *l, void *arg)
{
	struct walk *w = arg;
	uint64_t v = strtoull(l->text, NULL, 10);

	if (w->n == 0)
		w->first = v;
	else if (v != w->last + 1)
		w->ordered = false;
	w->last = v;
	w->n++;
	w->bytes += l->bytes;
}

int
main(void)
{
	static const struct con_events ev = { on_line, NULL };
	struct ev_loop *loop = ev_loop_new();
	struct con *c = con_new(loop, CON_TCP_SERVER, NULL, &ev, NULL);
	struct con_peer *p = peer_new(c, 1);
	struct walk w;
	unsigned char big[LIM_CONSOLE_LINE + 100];
	char text[64], out[1024], err[256];
	uint64_t off = 0, i;

	san_set_utf8(true);
	str_lcpy(p->addr, "127.0.0.1:4242", sizeof p->addr);

	/* UTF-8 at a cut. */
	is_int(con_utf8_tail((const unsigned char *)"ab", 2), 0, "ASCII: none");
	is_int(con_utf8_tail((const unsigned char *)"a\xc3", 2), 1,
	    "a lead byte of 2 at the end is kept");
	is_int(con_utf8_tail((const unsigned char *)"a\xc3\xa9", 3), 0,
	    "a whole 2-byte character is not");
	is_int(con_utf8_tail((const unsigned char *)"a\xe2\x82", 3), 2,
	    "2 of 3 bytes are kept");
	is_int(con_utf8_tail((const unsigned char *)"a\xf0\x9f\x98", 4), 3,
	    "3 of 4 bytes are kept");
	is_int(con_utf8_tail((const unsigned char *)"\x80\x80\x80\x80", 4), 0,
	    "stray continuation bytes: none");

	/* A line's text, a hex row: pure, no session. */
	is_int(con_text_len((const unsigned char *)"ab\r\n", 4), 2,
	    "CR LF is not the text");
	is_int(con_text_len((const unsigned char *)"ab\n", 3), 2, "nor LF");
	is_int(con_text_len((const unsigned char *)"a\rb", 3), 3,
	    "a CR inside is");
	is_int(con_text_len((const unsigned char *)"\r", 1), 1,
	    "a lone CR without LF is");
	con_hex_row(out, (const unsigned char *)"\x00" "A~\x7f", 4, 0x20);
	snprintf(text, sizeof text, "%*s", 12 * 3 + 1, " ");
	ok(strncmp(out, "00000020  00 41 7e 7f ", 22) == 0 &&
	    strcmp(out + strlen(out) - 7, " |.A~.|") == 0 &&
	    strlen(out) == 10 + 16 * 3 + 1 + 2 + 4 + 1,
	    "a hex row: offset, bytes, padding, ASCII: %s", out);
	con_hex_row(out, (const unsigned char *)"0123456789abcdefghij", 20, 0);
	is_int(strlen(out), 10 + 16 * 3 + 1 + 2 + 16 + 1,
	    "a row never takes more than 16 bytes");

	/* The line end a port's protocol wants. */
	ok(con_eol_for_port(21) == CON_EOL_CRLF &&
	    con_eol_for_port(25) == CON_EOL_CRLF &&
	    con_eol_for_port(80) == CON_EOL_CRLF &&
	    con_eol_for_port(110) == CON_EOL_CRLF &&
	    con_eol_for_port(119) == CON_EOL_CRLF &&
	    con_eol_for_port(143) == CON_EOL_CRLF,
	    "CR LF for FTP, SMTP, HTTP, POP3, NNTP, IMAP");
	ok(con_eol_for_port(5000) == CON_EOL_LF &&
	    con_eol_for_port(0) == CON_EOL_LF &&
	    con_eol_for_port(65535) == CON_EOL_LF, "LF for any other port");
	ok(strcmp(con_eol_name(CON_EOL_LF), "lf") == 0 &&
	    strcmp(con_eol_name(CON_EOL_CRLF), "crlf") == 0 &&
	    strcmp(con_eol_name(CON_EOL_NONE), "none") == 0,
	    "the names of the line ends");

	/* Lines: split, CR LF stripped, sanitized, partial held. */
	peer_lines(p, (const unsigned char *)"hello\r\nwor", 10);
	is_str(last_text, "hello", "a CRLF line, without its end");
	is_int(buf_len(&p->line), 3, "the partial line is held");
	ok(ev_timer_pending(p->idle), "its idle timer runs");
	peer_lines(p, (const unsigned char *)"ld\x1b[2J\n", 7);
	is_str(last_text, "world\\x1b[2J", "the rest joins it, sanitized");
	ok(!ev_timer_pending(p->idle), "nothing held: no idle timer");
	peer_lines(p, (const unsigned char *)"prompt> ", 8);
	peer_flush_line(p);
	is_str(last_text, "prompt> ", "a held line is shown on flush");
	is_int(last_flags, CON_LINE_NOEOL, "marked as without its end");

	/* A line over the limit is shown in marked pieces. */
	memset(big, 'x', sizeof big);
	nlines = 0;
	peer_lines(p, big, sizeof big);
	is_int(nlines, 1, "one piece shown at the limit");
	is_int(last_flags, CON_LINE_CUT, "marked cut");
	ok(strstr(last_text, "xxx") != NULL, "the piece is shown");
	is_int(buf_len(&p->line), 100, "the rest is held");
	peer_lines(p, (const unsigned char *)"\n", 1);
	is_int(nlines, 2, "the rest ends the line");
	is_int(last_flags, 0, "the last piece is whole");

	/* A cut keeps a UTF-8 character whole. */
	memset(big, 'y', sizeof big);
	big[LIM_CONSOLE_LINE - 1] = 0xc3;
	big[LIM_CONSOLE_LINE] = 0xa9;
	big[LIM_CONSOLE_LINE + 1] = '\n';
	nlines = 0;
	peer_lines(p, big, LIM_CONSOLE_LINE + 2);
	is_int(nlines, 2, "cut, then the rest");
	is_str(last_text, "\xc3\xa9", "the character moved whole to the "
	    "next piece");

	/* Hex dump rows. */
	con_dump(c, CON_IN, 1, "x", 0, (const unsigned char *)"Hello, world!\n\x01"
	    "\xff" "AB", 18, off);
	/* "41 42 ", 14 empty columns, the middle gap, " |". */
	snprintf(out, sizeof out, "00000010  41 42 %*s|AB|", 14 * 3 + 1 + 1,
	    " ");
	is_str(last_text, out, "a short last row: offset, padding, ASCII");
	ok(strchr(first_row, '|') - first_row == strchr(last_text, '|') -
	    last_text, "its ASCII column lines up with a full row's");
	is_str(first_row, "00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 "
	    "0a 01 ff  |Hello, world!...|", "a full row");

	/* The kept log stays bounded and keeps the newest, in order. */
	for (i = 0; i < 400000; i++) {
		snprintf(text, sizeof text, "%llu", (unsigned long long)i);
		con_emit(c, CON_IN, 1, "127.0.0.1:4242", 0, 1, text);
	}
	ok(buf_len(&c->log) <= LIM_CONSOLE_LOG, "the log is within its "
	    "bound (%zu bytes)", buf_len(&c->log));
	ok(c->log.cap <= LIM_CONSOLE_LOG + 1, "and so is its memory");
	memset(&w, 0, sizeof w);
	w.ordered = true;
	con_log_walk(c, on_walk, &w);
	ok(w.n > 1000 && w.ordered, "%zu lines kept, in order", w.n);
	is_int(w.last, 399999, "the newest is kept");
	ok(w.first > 0, "the oldest went (%llu is the first kept)",
	    (unsigned long long)w.first);

	/* Ports. */
	ok(net_port_parse("21", "tcp", false, out, sizeof out, err,
	    sizeof err) == 0 && strcmp(out, "21") == 0, "21");
	ok(net_port_parse("0", "tcp", false, out, sizeof out, err,
	    sizeof err) == -1 && strstr(err, "out of range") != NULL,
	    "0 refused for a client: %s", err);
	ok(net_port_parse("0", "tcp", true, out, sizeof out, err,
	    sizeof err) == 0, "0 taken by a listener");
	ok(net_port_parse("65536", "tcp", true, out, sizeof out, err,
	    sizeof err) == -1 && strstr(err, "65536") != NULL,
	    "65536 refused: %s", err);
	ok(net_port_parse("-1", "tcp", true, out, sizeof out, err,
	    sizeof err) == -1 && strstr(err, "out of range") != NULL,
	    "-1 refused: %s", err);
	ok(net_port_parse("99999999999999999999999", "udp", true, out,
	    sizeof out, err, sizeof err) == -1, "a huge number refused");
	ok(net_port_parse("ftp", "tcp", false, out, sizeof out, err,
	    sizeof err) == 0 && strcmp(out, "21") == 0, "ftp is 21");
	ok(net_port_parse("no-such-service", "tcp", false, out, sizeof out,
	    err, sizeof err) == -1 && strstr(err, "unknown service") != NULL,
	    "an unknown service: %s", err);
	ok(net_port_lookup("ftp", NULL, out, sizeof out) == 0 &&
	    strcmp(out, "ftp 21/tcp") == 0, "port ftp: %s", out);
	ok(net_port_lookup("53", NULL, out, sizeof out) == 0 &&
	    strcmp(out, "domain 53/tcp\ndomain 53/udp") == 0, "port 53");
	ok(net_port_lookup("domain", "udp", out, sizeof out) == 0 &&
	    strcmp(out, "domain 53/udp") == 0, "port domain udp");
	ok(net_port_lookup("70000", NULL, out, sizeof out) == -1 &&
	    strstr(out, "out of range") != NULL, "70000: %s", out);
	ok(net_port_lookup("ftp", "sctp", out, sizeof out) == -1 &&
	    strstr(out, "tcp or udp") != NULL, "a bad protocol: %s", out);
	ok(net_port_lookup("\x1b[31mx", NULL, out, sizeof out) == -1 &&
	    strchr(out, '\x1b') == NULL, "an unknown name, sanitized: %s",
	    out);

	/* A callback that answers: its own line's text stays as it was. */
	nested_send = true;
	peer_lines(p, (const unsigned char *)"question\n", 9);
	ok(nested_same, "a line sent from the callback leaves its text alone");
	is_str(last_text, "a nested answer", "and is reported after it");
	con_close(c);

	/*
	 * A callback that closes the session while a cut line keeps a UTF-8
	 * tail: the session goes when the outer frame lets go, nothing
	 * leaks (ASan says so) and nothing is touched after.
	 */
	c = con_new(loop, CON_TCP_SERVER, NULL, &ev, NULL);
	p = peer_new(c, 1);
	memset(big, 'z', sizeof big);
	big[LIM_CONSOLE_LINE - 1] = 0xe2;
	close_on_line = true;
	nlines = 0;
	c->busy++;
	peer_lines(p, big, sizeof big);
	ok(c->dead && p->dead, "closed from its callback");
	is_int(nlines, 2, "the piece, then the kept UTF-8 byte as the held "
	    "line (the closing line is not reported: it was closed)");
	is_str(last_text, "\\xe2", "that byte, escaped");
	con_release(c);
	close_on_line = false;

	/* Tools: the lines come from the loop; cancelling stops them. */
	tool_lines = 0;
	net_resolve(loop, "127.0.0.1", on_tool, NULL);
	is_int(tool_lines, 0, "resolve: nothing from inside the call");
	run_for(loop, 1000);
	ok(tool_lines == 2 && tool_last, "resolve 127.0.0.1: two lines, the "
	    "last marked");
	tool_lines = 0;
	net_resolve(loop, "127.0.0.1", on_tool, (void *)1);
	run_for(loop, 1000);
	is_int(tool_lines, 1, "cancelled from its callback: no more lines");
	tool_lines = 0;
	net_tool_cancel(net_resolve(loop, "localhost", on_tool, NULL));
	net_tool_cancel(net_probe(loop, "127.0.0.1", "1", 0, on_tool, NULL));
	net_tool_cancel(net_resolve(loop, "", on_tool, NULL));
	run_for(loop, 1000);
	is_int(tool_lines, 0, "cancelled at once: no line at all");
	tool_lines = 0;
	net_probe(loop, "127.0.0.1", "0", 0, on_tool, NULL);
	is_int(tool_lines, 0, "an early error waits for the loop");
	run_for(loop, 200);
	ok(tool_lines == 1 && tool_last, "then comes as the last line");

	ev_loop_free(loop);
	return done_testing();
}
