/*
 * console.h: raw TCP and UDP sessions a user types at (the console pane),
 * and the network look-ups beside them (resolve, port, probe).
 *
 * Everything runs on the loop: name resolution off the loop, sockets
 * non-blocking. What a session sees is reported as lines (struct
 * con_line): text through the display sanitizer (or a hex dump), with a
 * direction, a time and the peer. Memory is bounded: a line held waiting
 * for its end is cut at LIM_CONSOLE_LINE, the kept log at LIM_CONSOLE_LOG.
 */
#ifndef JANGADA_NET_CONSOLE_H
#define JANGADA_NET_CONSOLE_H

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
	CON_EOL_NONE
};

struct con_line {
	uint64_t	 ms;		/* wall clock, milliseconds */
	enum con_dir	 dir;
	int		 client;	/* server: the client's number, or 0 */
	const char	*peer;		/* "127.0.0.1:4242", or NULL */
	const char	*text;		/* sanitized (or hex), no newline */
	size_t		 bytes;		/* raw bytes this line stands for */
};

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
};

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
int		 con_save_log(struct con *, const char *path, char *err, size_t);
void		 con_close(struct con *);

unsigned	 con_id(const struct con *);
enum con_kind	 con_kind(const struct con *);
const char	*con_name(const struct con *);	/* "tcp 127.0.0.1:43210" */
uint64_t	 con_bytes_in(const struct con *);
uint64_t	 con_bytes_out(const struct con *);
int		 con_clients(const struct con *);
bool		 con_is_open(const struct con *);

/* ------------------------------------------------------------- tools */

/*
 * Look-ups. Each calls back once from the loop with lines of result (in
 * order) or an error; the request can be cancelled.
 */
struct net_tool;
typedef void (*net_tool_cb)(struct net_tool *, const char *line, bool last,
    bool error, void *arg);

/* HOST: canonical name and every address with its family; ADDRESS:
 * the reverse lookup. */
struct net_tool	*net_resolve(struct ev_loop *, const char *what,
		    net_tool_cb, void *);
/* TCP connect test: time to connect, and the peer's first line if it
 * speaks within a short wait. */
struct net_tool	*net_probe(struct ev_loop *, const char *host,
		    const char *port, int timeout_ms, net_tool_cb, void *);
void		 net_tool_cancel(struct net_tool *);

/*
 * Service name <-> port from the services database: "ftp" -> 21/tcp,
 * "53" -> domain (tcp, udp); proto NULL for both. Lines into out (one
 * per result, '\n' separated); -1 and a message if nothing matches.
 */
int		 net_port_lookup(const char *what, const char *proto,
		    char *out, size_t outlen);

#endif
