/*
 * con_priv.h: the inside of a console session, shared by the files of
 * src/console (not by anything above: they use console.h).
 *
 * A session (struct con) owns its sockets and a list of endpoints (struct
 * con_peer). The files call only files below them; the order, bottom to
 * top (files on one line do not call each other):
 *
 *   text.c log.c         pure: cutting text, hex rows, line ends; the kept
 *                        log (tests/net/test_console)
 *   tools.c              resolve, probe, port: tools beside the sessions
 *   report.c             a line reported: sanitized, kept, to the callback
 *   save.c endpoint.c    the --save file and the saved log; an endpoint's
 *                        held line, shown and relayed, its watched events,
 *                        its close
 *   session.c            made, held and let go, ended, freed; controls and
 *                        queries
 *   peer.c               an endpoint's I/O from the loop (reads, writes,
 *                        TLS, linger); its end ends a client session
 *   client.c server.c send.c   the public ways in
 *
 * The session, its endpoints and its files are one unit (an endpoint that
 * ends ends a client session; the session that ends closes its endpoints
 * and settles its file), split so that each file calls only down: the
 * endpoint's state sits below the session, its I/O above it.
 */
#ifndef JANGADA_CONSOLE_CON_PRIV_H
#define JANGADA_CONSOLE_CON_PRIV_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/limits.h"
#include "console/console.h"
#include "local/lfile.h"
#include "net/net.h"

struct ev_io;
struct ev_loop;
struct ev_timer;
struct ev_resolve;
struct net_connect;

/* The sanitized text of one line (every byte may become 6), the mark. */
#define CON_TEXT_MAX	(6 * LIM_CONSOLE_LINE + 6 * LIM_CONSOLE_CHUNK + 256)

enum con_end_how {
	END_PEER,		/* the peer closed: commit the --save file */
	END_ERROR,
	END_USER
};

struct net_tls;
struct net_tls_ctx;

struct con_peer {
	struct con	*con;
	int		 fd;		/* -1 until connected, after closing */
	int		 num;		/* a server's client number, else 0 */
	char		 addr[NET_ADDRSTRLEN + 16];
	struct ev_io	*io;
	struct ev_timer	*idle;		/* shows a held partial line */
	struct ev_timer	*linger;	/* write side shut: wait for close */
	struct buf	 line;		/* the line being held */
	struct buf	 outq;		/* to write (UDP: length, datagram) */
	uint64_t	 in_off;	/* bytes so far: hex dump offsets */
	uint64_t	 out_off;
	uint64_t	 file_off;	/* --send: next byte of the file */
	bool		 sending;	/* --send: more of the file to queue */
	bool		 sent;		/* --send: all queued */
	bool		 shut;		/* write side shut down */
	bool		 eof;		/* the peer is done sending; we are not */
	bool		 dead;
	struct net_tls_ctx *tlsctx;	/* tcp connect --tls */
	struct net_tls	*tls;
	bool		 handshaking;
};

struct con {
	unsigned		 id;
	enum con_kind		 kind;
	struct ev_loop		*loop;
	struct con_events	 ev;
	void			*arg;
	enum con_eol		 eol;
	bool			 eol_auto;	/* CRLF chosen by the port */
	bool			 once;		/* serve one client, end */
	int			 reply_ms;	/* UDP client: wait for replies */
	bool			 echo;
	bool			 relay;
	bool			 hex;
	char			 name[NET_ADDRSTRLEN + 64];
	char			*target;	/* "host:port" typed, sanitized */
	char			 tls_host[256];	/* --tls: the name to check */

	bool			 open;
	bool			 dead;		/* con_close: free when let go */
	int			 busy;
	int			 emitting;	/* inside the line callback */
	bool			 when_sent;	/* con_close_when_sent */

	struct net_connect	*connect;
	struct ev_resolve	*resolve;	/* a listener's host name */
	char			 lport[16];	/* a listener's port, digits */
	int			 lfd;		/* listening or bound socket */
	struct ev_io		*lio;
	struct ev_timer		*kick;		/* reports from the loop */
	char			*kick_msg;
	struct con_peer		*kick_peer;	/* the line's peer, or NULL */
	struct ev_timer		*pause;		/* accept paused */
	int			 local_port;

	struct con_peer		**peers;
	size_t			 npeers;
	size_t			 cappeers;
	int			 lastnum;

	/* UDP server: the last source, to answer. */
	struct sockaddr_storage	 last;
	socklen_t		 lastlen;

	/* --save */
	struct lf_part		 part;
	int			 partdir;
	char			*save_disp;
	bool			 saving;
	uint64_t		 saved;
	/* --send */
	int			 sendfd;
	uint64_t		 sendsize;
	char			*send_disp;

	uint64_t		 bytes_in;
	uint64_t		 bytes_out;
	unsigned char		*rbuf;		/* LIM_CONSOLE_CHUNK */
	struct buf		 text;		/* the line being shown */
	struct buf		 log;		/* the kept log: records */
};

/* report.c */
void		 con_emit(struct con *, enum con_dir, int client,
		    const char *peer, int flags, size_t bytes, const char *text);
struct buf	*con_text_begin(struct con *);
void		 con_text_end(struct con *, struct buf *);
void		 con_msg(struct con *, enum con_dir, struct con_peer *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
void		 con_dump(struct con *, enum con_dir, int client,
		    const char *peer, int flags, const unsigned char *, size_t,
		    uint64_t off);

/* save.c */
int		 con_save_open(struct con *, const char *path, char *err,
		    size_t);
void		 con_save_bytes(struct con *, const void *, size_t);
void		 con_save_end(struct con *, bool complete);

/* endpoint.c */
void		 con_relay(struct con *, struct con_peer *from, const void *,
		    size_t);
void		 peer_lines(struct con_peer *, const unsigned char *, size_t);
void		 peer_flush_line(struct con_peer *);
void		 con_show_dgram(struct con *, const char *src,
		    const unsigned char *, size_t);
void		 peer_update(struct con_peer *);
void		 peer_close(struct con_peer *);

/* session.c */
struct con	*con_new(struct ev_loop *, enum con_kind, const struct con_opts *,
		    const struct con_events *, void *);
void		 con_free(struct con *);
struct con	*con_lookup_failed(struct con *, char *err, size_t errlen);
void		 con_release(struct con *);
void		 con_end(struct con *, enum con_end_how, const char *);
void		 con_kick_msg(struct con *, struct con_peer *, char *msg);
bool		 con_numeric(const char *host);
char		*con_target(const char *host, const char *port);
void		 con_sockname(int fd, char *out, size_t, int *port);

/* peer.c */
struct con_peer	*peer_new(struct con *, int num);
void		 peer_tls_start(struct con_peer *, const char *host);
void		 peer_attach(struct con_peer *, int fd, const struct sockaddr *,
		    socklen_t);

#endif
