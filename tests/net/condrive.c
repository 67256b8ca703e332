/*
 * condrive: run one console session or network tool of src/net from the
 * command line, for the tests in tests/net.
 *
 *   condrive [--seconds N] [--quiet] MODE ARGS... [OPTIONS]
 *
 *   tcp-connect HOST PORT     [--crlf|--noeol] [--save FILE] [--hex]
 *   tcp-listen ADDR PORT      [--echo] [--relay] [--send FILE] [--hex]
 *   udp-connect HOST PORT     [--crlf|--noeol] [--hex]
 *   udp-listen ADDR PORT      [--echo] [--hex]
 *   udp-send HOST PORT TEXT   (connect, send, close once sent)
 *   resolve NAME|ADDRESS
 *   probe HOST PORT [TIMEOUT_MS]
 *   port NAME|NUMBER [tcp|udp]
 *
 * ADDR "*" listens on every address, PORT 0 on any free port; a listener
 * prints "PORT N" first. Every line of a session is printed as
 * "DIR CLIENT PEER TEXT" (DIR is IN, OUT, INFO or ERROR; PEER "-" when
 * there is none); --quiet leaves the IN lines out (a flood). Tools print
 * "INFO 0 - TEXT" or "ERROR 0 - TEXT". A session ends with
 * "BYTES in N out M" and "CLOSED".
 *
 * Lines on stdin (read through the loop, as the TUI would) are sent; a
 * server sends "@N TEXT" to client N only, "@@TEXT" sends "@TEXT", and
 *   @quit  @hex on|off  @eol lf|crlf|none  @save-log FILE
 *   @close-when-sent  @stats ("STATS in N out M clients K")
 * are commands. --seconds N closes the session after N seconds.
 *
 * Exit status: 0; 1 if the session could not start or a tool failed; 2
 * for a usage error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "console/console.h"
#include "console/tools.h"

static struct ev_loop	*loop;
static struct con	*con;
static bool		 finished;
static bool		 quiet;
static int		 status;
static struct buf	 inbuf;
static struct ev_io	*inio;
static bool		 listener;
static bool		 port_shown;

/* A listener's port, once, first (a name may take a moment to bind). */
static void
show_port(struct con *c)
{
	if (!listener || port_shown || con_port(c) <= 0)
		return;
	printf("PORT %d\n", con_port(c));
	fflush(stdout);
	port_shown = true;
}

/* Print an error message of ours or of the library (raw: sanitize). */
static void
print_error(const char *msg)
{
	char *s = san_cstr(msg);

	printf("ERROR 0 - %s\n", s);
	free(s);
}

/* A line of the session. */
static void
on_line(struct con *c, const struct con_line *l, void *arg)
{
	show_port(c);
	if (quiet && l->dir == CON_IN)
		return;
	printf("%s %d %s %s\n", con_dir_name(l->dir), l->client,
	    l->peer != NULL ? l->peer : "-", l->text);
}

/* The session ended. */
static void
on_closed(struct con *c, void *arg)
{
	printf("BYTES in %llu out %llu\n",
	    (unsigned long long)con_bytes_in(c),
	    (unsigned long long)con_bytes_out(c));
	printf("CLOSED\n");
	finished = true;
}

/* A line of a tool. */
static void
on_tool(struct net_tool *t, const char *line, bool last, bool error,
    void *arg)
{
	printf("%s 0 - %s\n", error ? "ERROR" : "INFO", line);
	if (last) {
		status = error ? 1 : 0;
		finished = true;
	}
}

/* Flush stdout once per pass of the loop. */
static void
flush_out(void *arg)
{
	fflush(stdout);
}

/* Close our session (it calls on_closed if still open). */
static void
close_con(void)
{
	struct con *c = con;

	con = NULL;
	if (c != NULL)
		con_close(c);
	finished = true;
}

/* One line typed on stdin. */
static void
run_line(char *line)
{
	char err[512], *end;
	long n;

	if (con == NULL)
		return;
	if (strcmp(line, "@quit") == 0) {
		close_con();
		return;
	}
	if (strcmp(line, "@hex on") == 0 || strcmp(line, "@hex off") == 0) {
		con_set_hex(con, line[6] == 'n');
		return;
	}
	if (str_has_prefix(line, "@eol ")) {
		con_set_eol(con, strcmp(line + 5, "crlf") == 0 ? CON_EOL_CRLF :
		    strcmp(line + 5, "none") == 0 ? CON_EOL_NONE : CON_EOL_LF);
		return;
	}
	if (str_has_prefix(line, "@save-log ")) {
		if (con_save_log(con, line + 10, err, sizeof err) == -1)
			print_error(err);
		else
			printf("SAVED %s\n", line + 10);
		return;
	}
	if (strcmp(line, "@close-when-sent") == 0) {
		con_close_when_sent(con);
		return;
	}
	if (strcmp(line, "@stats") == 0) {
		printf("STATS in %llu out %llu clients %d\n",
		    (unsigned long long)con_bytes_in(con),
		    (unsigned long long)con_bytes_out(con), con_clients(con));
		return;
	}
	n = 0;
	if (line[0] == '@' && line[1] == '@')
		line++;
	else if (line[0] == '@') {
		n = strtol(line + 1, &end, 10);
		if (end == line + 1 || (*end != ' ' && *end != '\0')) {
			printf("usage error: %s\n", line);
			return;
		}
		line = *end == ' ' ? end + 1 : end;
	}
	if (con_send(con, line, (int)n, err, sizeof err) == -1)
		print_error(err);
}

/* Lines arrive on stdin. */
static void
on_stdin(struct ev_io *io, int fd, short revents, void *arg)
{
	unsigned char *d, *nl;
	size_t got;
	ssize_t n;
	char *line;

	if ((d = buf_reserve(&inbuf, 4096, &got)) == NULL) {
		print_error("stdin: line too long");
		buf_clear(&inbuf);
		return;
	}
	n = read(fd, d, got);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		buf_commit(&inbuf, (size_t)n);
	while (buf_len(&inbuf) > 0 && (nl = memchr(buf_data(&inbuf), '\n',
	    buf_len(&inbuf))) != NULL) {
		*nl = '\0';
		line = xstrdup((char *)buf_data(&inbuf));
		buf_consume(&inbuf, (size_t)(nl - buf_data(&inbuf)) + 1);
		run_line(line);
		free(line);
	}
	if (n <= 0) {
		/* End of input: a last line without its newline still counts. */
		if (buf_len(&inbuf) > 0) {
			line = xstrndup((char *)buf_data(&inbuf),
			    buf_len(&inbuf));
			buf_clear(&inbuf);
			run_line(line);
			free(line);
		}
		ev_io_free(inio);
		inio = NULL;
	}
}

/* --seconds ran out. */
static void
on_deadline(struct ev_timer *t, void *arg)
{
	printf("INFO 0 - condrive: time is up\n");
	close_con();
}

/* Say how to call it, and stop. */
static void
usage(void)
{
	fprintf(stderr, "usage: condrive [--seconds N] [--quiet] MODE "
	    "ARGS... [OPTIONS] (see the comment in condrive.c)\n");
	exit(2);
}

/* Start the session or tool the arguments name, run until it ends. */
int
main(int argc, char **argv)
{
	static const struct con_events ev = { on_line, on_closed };
	struct con_opts o;
	struct ev_timer *deadline = NULL;
	const char *pos[4] = { NULL, NULL, NULL, NULL }, *mode;
	char err[1024], out[4096], *p, *save = NULL;
	int i, npos = 0, seconds = 0;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	san_set_utf8(true);
	memset(&o, 0, sizeof o);
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--quiet") == 0)
			quiet = true;
		else
			usage();
	}
	if (i >= argc)
		usage();
	mode = argv[i++];
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--crlf") == 0)
			o.eol = CON_EOL_CRLF;
		else if (strcmp(argv[i], "--noeol") == 0)
			o.eol = CON_EOL_NONE;
		else if (strcmp(argv[i], "--hex") == 0)
			o.hex = true;
		else if (strcmp(argv[i], "--echo") == 0)
			o.echo = true;
		else if (strcmp(argv[i], "--relay") == 0)
			o.relay = true;
		else if (strcmp(argv[i], "--save") == 0 && i + 1 < argc)
			o.save = argv[++i];
		else if (strcmp(argv[i], "--send") == 0 && i + 1 < argc)
			o.send = argv[++i];
		else if (npos < 4)
			pos[npos++] = argv[i];
		else
			usage();
	}

	if (strcmp(mode, "port") == 0) {
		if (npos < 1 || npos > 2)
			usage();
		status = net_port_lookup(pos[0], pos[1], out, sizeof out) == 0 ?
		    0 : 1;
		for (p = strtok_r(out, "\n", &save); p != NULL;
		    p = strtok_r(NULL, "\n", &save))
			printf("%s 0 - %s\n", status ? "ERROR" : "INFO", p);
		return status;
	}

	loop = ev_loop_new();
	ev_add_prepare(loop, flush_out, NULL);
	buf_init(&inbuf, 1024 * 1024);
	err[0] = '\0';
	if (strcmp(mode, "resolve") == 0 && npos == 1)
		net_resolve(loop, pos[0], on_tool, NULL);
	else if (strcmp(mode, "probe") == 0 && (npos == 2 || npos == 3))
		net_probe(loop, pos[0], pos[1], npos == 3 ? atoi(pos[2]) : 0,
		    on_tool, NULL);
	else if (strcmp(mode, "tcp-connect") == 0 && npos == 2)
		con = con_tcp_connect(loop, pos[0], pos[1], &o, &ev, NULL, err,
		    sizeof err);
	else if (strcmp(mode, "udp-connect") == 0 && npos == 2)
		con = con_udp_connect(loop, pos[0], pos[1], &o, &ev, NULL, err,
		    sizeof err);
	else if (strcmp(mode, "udp-send") == 0 && npos == 3) {
		o.eol = CON_EOL_NONE;
		con = con_udp_connect(loop, pos[0], pos[1], &o, &ev, NULL, err,
		    sizeof err);
		if (con != NULL && con_send(con, pos[2], 0, err,
		    sizeof err) == 0)
			con_close_when_sent(con);
		else if (con != NULL) {
			print_error(err);
			close_con();
		}
	} else if (strcmp(mode, "tcp-listen") == 0 && npos == 2) {
		con = con_tcp_listen(loop, pos[0], pos[1], &o, &ev, NULL, err,
		    sizeof err);
		listener = true;
	} else if (strcmp(mode, "udp-listen") == 0 && npos == 2) {
		con = con_udp_listen(loop, pos[0], pos[1], &o, &ev, NULL, err,
		    sizeof err);
		listener = true;
	} else
		usage();
	if (con == NULL && err[0] != '\0') {
		print_error(err);
		fflush(stdout);
		ev_loop_free(loop);
		buf_free(&inbuf);
		return 1;
	}
	if (con != NULL)
		show_port(con);
	if (con != NULL) {
		fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
		inio = ev_io_new(loop, 0, POLLIN, on_stdin, NULL);
	}
	if (seconds > 0) {
		deadline = ev_timer_new(loop, on_deadline, NULL);
		ev_timer_start(deadline, (uint64_t)seconds * 1000);
	}
	while (!finished)
		ev_run_once(loop, -1);
	close_con();
	fflush(stdout);
	ev_io_free(inio);
	ev_timer_free(deadline);
	ev_loop_free(loop);
	buf_free(&inbuf);
	return status;
}
