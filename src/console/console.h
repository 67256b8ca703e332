/*
 * console.h: raw TCP and UDP sessions a user types at (the console pane).
 * The network look-ups beside them (resolve, port, probe) are in tools.h.
 *
 * Everything runs on the loop: name resolution off the loop, sockets
 * non-blocking. What a session sees is reported as lines (struct
 * con_line): text through the display sanitizer (or a hex dump), with a
 * direction, a time and the peer. Memory is bounded: a line held waiting
 * for its end is cut at LIM_CONSOLE_LINE, the kept log at LIM_CONSOLE_LOG.
 *
 * A longer line is shown in pieces of LIM_CONSOLE_LINE bytes, each marked
 * CON_LINE_CUT (and with a visible mark at the end of its text); a line
 * held without its end is shown after half a second of silence (a prompt)
 * and when the peer closes, marked CON_LINE_NOEOL. A trailing CR before
 * the LF is not shown. Hex mode shows rows of 16 bytes: the offset in the
 * stream (or datagram), the bytes, and an ASCII column.
 *
 * Life of a session: the con_* constructors return at once; the events
 * come later, from the loop, never from inside the call that made the
 * session (a listener's port is bound by then, so "port in use" is an
 * error of the call). When the session ends (peer closed, error) closed
 * is called; the session then keeps its log and counters (con_is_open is
 * false) until con_close frees it. Callbacks may call con_close on their
 * own session. Messages in err (and names in lines) that came from the
 * user are shown sanitized in lines; err strings are raw: sanitize them
 * before display.
 */
#ifndef JANGADA_CONSOLE_CONSOLE_H
#define JANGADA_CONSOLE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ev_loop;
struct con;

enum con_kind {
	CON_TCP_CLIENT,
	CON_TCP_SERVER,
	CON_UDP_CLIENT,
	CON_UDP_SERVER
};

enum con_dir {
	CON_IN,			/* received */
	CON_OUT,		/* sent */
	CON_INFO,		/* connected, closed, listening ... */
	CON_ERROR
};

enum con_eol {
	CON_EOL_LF,
	CON_EOL_CRLF,
	CON_EOL_NONE,
	CON_EOL_AUTO		/* con_opts only: CRLF to a line protocol's
				   port (con_eol_for_port), else LF */
};

struct con_line {
	uint64_t	 ms;		/* wall clock, milliseconds */
	enum con_dir	 dir;
	int		 client;	/* server: the client's number, or 0 */
	const char	*peer;		/* "127.0.0.1:4242", or NULL */
	const char	*text;		/* sanitized (or hex), no newline */
	size_t		 bytes;		/* raw bytes this line stands for */
	int		 flags;		/* CON_LINE_* */
};

#define CON_LINE_CUT	0x01	/* a piece of a line over LIM_CONSOLE_LINE */
#define CON_LINE_NOEOL	0x02	/* shown before its end (silence, close) */
#define CON_LINE_FROM	0x04	/* a datagram: peer is its source (or, sent,
				   where it went); show it */

struct con_events {
	void	(*line)(struct con *, const struct con_line *, void *arg);
	/* The session ended (peer closed, error, or con_close). */
	void	(*closed)(struct con *, void *arg);
};

struct con_opts {
	enum con_eol	 eol;		/* what a typed line ends with */
	bool		 echo;		/* servers: send back what arrives */
	bool		 relay;		/* TCP server: to every other client */
	bool		 hex;		/* show a hex dump instead of text */
	const char	*save;		/* TCP client: write what arrives here */
	const char	*send;		/* TCP server: send this file, close */
	bool		 once;		/* TCP server: serve one client, end */
	int		 reply_ms;	/* UDP client: after con_close_when_sent,
					   wait this long for replies */
	bool		 tls;		/* TCP client: a TLS session, its
					   certificate chain and parameters
					   shown first (as openssl s_client) */
};

/*
 * save: every byte that arrives goes to a hidden .NAME.part beside the
 * file (not to the log: INFO lines say where it goes and, when the peer
 * closes, that it is complete); the .part is renamed to the name only
 * then, never over an existing file, which is refused at the start. If
 * the session ends any other way the .part is kept.
 *
 * send: each client that connects gets the whole file (read as its socket
 * drains, any size), then the write side is shut down and the client
 * closed when it closes (or after 10 s). What it sends meanwhile is shown;
 * a client that shuts its own side first still gets the whole file.
 *
 * once: the server stops listening when its first client connects and
 * ends when that client is gone (say, with send: a file served once).
 *
 * eol CON_EOL_AUTO: CR LF when the port is a well-known line protocol's
 * (FTP, SMTP, HTTP, POP3, NNTP, IMAP, ...: con_eol_for_port), where a
 * bare LF would go unanswered; LF otherwise. An INFO line says so.
 *
 * echo (TCP) sends back each chunk as it arrives; a client that sends but
 * does not read is no longer read until it does. relay forwards each
 * client's lines, byte for byte, to every other client; a client whose
 * queue is full (it does not read) is closed.
 */

/* Each returns NULL with a translated reason in err. */
struct con	*con_tcp_connect(struct ev_loop *, const char *host,
		    const char *port, const struct con_opts *,
		    const struct con_events *, void *, char *err, size_t);
struct con	*con_tcp_listen(struct ev_loop *, const char *addr,
		    const char *port, const struct con_opts *,
		    const struct con_events *, void *, char *err, size_t);
struct con	*con_udp_connect(struct ev_loop *, const char *host,
		    const char *port, const struct con_opts *,
		    const struct con_events *, void *, char *err, size_t);
struct con	*con_udp_listen(struct ev_loop *, const char *addr,
		    const char *port, const struct con_opts *,
		    const struct con_events *, void *, char *err, size_t);

/*
 * Send a typed line (the eol is added) to client (servers: its number,
 * 0 for all; a UDP server answers the last source). -1 and err if it
 * cannot be sent now.
 */
int		 con_send(struct con *, const char *text, int client, char *err,
		    size_t);
void		 con_set_hex(struct con *, bool);
void		 con_set_eol(struct con *, enum con_eol);
/*
 * Write the kept log (one line each: date, time, direction, client, peer,
 * text) to a new file, never over an existing one. -1 and err on failure.
 */
int		 con_save_log(struct con *, const char *path, char *err, size_t);
/* The kept log, oldest first; the line is valid during the call only. */
void		 con_log_walk(const struct con *,
		    void (*)(const struct con_line *, void *), void *);
/*
 * End the session once everything queued is sent (TCP: then shut down
 * the write side and wait for the peer to close, at most 10 s; UDP: the
 * datagrams are out), say for a one-shot `udp send` to a name that is
 * still resolving. A server ends at once. closed is called as usual;
 * con_close still frees.
 */
void		 con_close_when_sent(struct con *);
/*
 * End the session if it is open (closed is called) and free it. Queued
 * bytes not yet written are dropped; a --save file stays a .part.
 */
void		 con_close(struct con *);

unsigned	 con_id(const struct con *);
enum con_kind	 con_kind(const struct con *);
const char	*con_name(const struct con *);	/* "tcp 127.0.0.1:43210" */
uint64_t	 con_bytes_in(const struct con *);
uint64_t	 con_bytes_out(const struct con *);
int		 con_clients(const struct con *);
bool		 con_is_open(const struct con *);
/* A listener's local port (0 until bound: a name still resolving). */
int		 con_port(const struct con *);
/* "IN", "OUT", "INFO", "ERROR" (not translated: a log file's words). */
const char	*con_dir_name(enum con_dir);
/* The line end typed lines get now (never CON_EOL_AUTO). */
enum con_eol	 con_get_eol(const struct con *);
/* "lf", "crlf", "none": the words of `console eol`. */
const char	*con_eol_name(enum con_eol);
/* CRLF for a TCP port whose protocol wants it (21, 25, 80, 110, ...). */
enum con_eol	 con_eol_for_port(unsigned port);

#endif
