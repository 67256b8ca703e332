/*
 * console.c: the raw TCP and UDP sessions of the console pane (console.h).
 *
 * A session (struct con) owns its sockets and a list of endpoints (struct
 * con_peer): the one connection of a TCP or UDP client (made at once, its
 * socket attached when the name is resolved), and each accepted client of
 * a TCP server. A UDP server has no endpoints; it answers the last source.
 *
 * What arrives goes, in order, to the byte counter, the --save file (and
 * then nowhere else), the echo (raw, at once), and the line splitter or
 * the hex dumper. The splitter holds at most LIM_CONSOLE_LINE bytes of a
 * line: a longer one is shown in pieces of that size, each marked cut (a
 * UTF-8 character is never split between pieces); a partial line is shown
 * after CON_IDLE_MS of silence and when the peer closes. Relay forwards
 * each raw line to the other clients.
 *
 * Every line shown is sanitized into one reused buffer, recorded in the
 * kept log and handed to the line callback. The kept log is one buffer of
 * records bounded by LIM_CONSOLE_LOG: when a record does not fit, the
 * oldest records go, a quarter of the log at a time, so a flood costs a
 * memmove per megabyte rather than per line, and nothing is allocated per
 * line.
 *
 * Writes are queued per endpoint (at most CON_OUTQ bytes) and written when
 * poll says the socket is writable. A file sent by a server is read with
 * pread, one chunk at a time as each client's socket drains, so any size
 * works in constant memory; after its last byte the write side is shut
 * down and the client closed when it closes, so an unread byte from the
 * client can never turn our close into a reset that destroys the tail.
 *
 * Callbacks may close the session: every entry from the loop (and every
 * public call that reports) holds the session, con_close only marks it
 * dead inside a hold, and the memory goes when the outermost frame lets
 * go. Endpoints closed meanwhile are freed at that point too.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ev/resolve.h"
#include "local/lfile.h"
#include "console/console.h"
#include "console/tools.h"
#include "net/net.h"

/* One read (and one datagram), one chunk of a file being sent. */
#define CON_CHUNK		(64 * 1024)
/* Reads or writes of one endpoint in one pass of the loop. */
#define CON_PASS_CHUNKS		16
/* Bytes queued for one endpoint (all clients: 64 MiB at most). */
#define CON_OUTQ		(256 * 1024)
/* Clients of one TCP server at once. */
#define CON_MAX_CLIENTS		256
/* A partial line is shown after this much silence. */
#define CON_IDLE_MS		500
/* After the write side is shut down: wait this long for the peer. */
#define CON_LINGER_MS		(10 * 1000)
/* accept failing for want of fds: try again after this. */
#define CON_ACCEPT_PAUSE_MS	1000
/* The sanitized text of one line (every byte may become 6), the mark. */
#define CON_TEXT_MAX		(6 * LIM_CONSOLE_LINE + 6 * CON_CHUNK + 256)

enum con_end_how {
	END_PEER,		/* the peer closed: commit the --save file */
	END_ERROR,
	END_USER
};

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
};

struct con {
	unsigned		 id;
	enum con_kind		 kind;
	struct ev_loop		*loop;
	struct con_events	 ev;
	void			*arg;
	enum con_eol		 eol;
	bool			 echo;
	bool			 relay;
	bool			 hex;
	char			 name[NET_ADDRSTRLEN + 64];
	char			*target;	/* "host:port" typed, sanitized */

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
	unsigned char		*rbuf;		/* CON_CHUNK */
	struct buf		 text;		/* the line being shown */
	struct buf		 log;		/* the kept log: records */
};

/* A record of the kept log: this header, the peer, NUL, the text, NUL. */
struct con_rec {
	uint64_t	ms;
	uint64_t	bytes;
	int32_t		client;
	uint32_t	peerlen;	/* UINT32_MAX: no peer */
	uint32_t	textlen;
	uint8_t		dir;
	uint8_t		flags;
};

static unsigned	con_last_id;

static void	con_end(struct con *, enum con_end_how, const char *);
static void	con_release(struct con *);
static void	peer_update(struct con_peer *);
static void	peer_close(struct con_peer *);
static void	con_msg(struct con *, enum con_dir, struct con_peer *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* The wall clock in milliseconds. */
static uint64_t
con_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The untranslated word for a direction. */
const char *
con_dir_name(enum con_dir dir)
{
	switch (dir) {
	case CON_IN:
		return "IN";
	case CON_OUT:
		return "OUT";
	case CON_INFO:
		return "INFO";
	case CON_ERROR:
		break;
	}
	return "ERROR";
}

/* Forget the oldest records until need more bytes fit, with room to spare. */
static void
log_make_room(struct con *c, size_t need)
{
	struct con_rec r;
	size_t keep = LIM_CONSOLE_LOG / 4 * 3;

	while (buf_len(&c->log) > 0 && (buf_room(&c->log) < need ||
	    buf_len(&c->log) + need > keep)) {
		memcpy(&r, buf_data(&c->log), sizeof r);
		buf_consume(&c->log, sizeof r + (r.peerlen == UINT32_MAX ? 0 :
		    r.peerlen) + 1 + r.textlen + 1);
	}
}

/* Add a line to the kept log. */
static void
log_add(struct con *c, const struct con_line *l)
{
	struct con_rec r;
	size_t plen = l->peer != NULL ? strlen(l->peer) : 0;
	size_t tlen = strlen(l->text), need;
	unsigned char *p;

	need = sizeof r + plen + 1 + tlen + 1;
	if (need > LIM_CONSOLE_LOG / 4)
		return;		/* cannot happen: lines are far shorter */
	if (buf_room(&c->log) < need)
		log_make_room(c, need);
	memset(&r, 0, sizeof r);
	r.ms = l->ms;
	r.bytes = l->bytes;
	r.client = l->client;
	r.peerlen = l->peer != NULL ? (uint32_t)plen : UINT32_MAX;
	r.textlen = (uint32_t)tlen;
	r.dir = (uint8_t)l->dir;
	r.flags = (uint8_t)l->flags;
	if ((p = buf_reserve(&c->log, need, NULL)) == NULL)
		return;
	memcpy(p, &r, sizeof r);
	p += sizeof r;
	if (plen > 0)
		memcpy(p, l->peer, plen);
	p[plen] = '\0';
	p += plen + 1;
	memcpy(p, l->text, tlen + 1);
	buf_commit(&c->log, need);
}

/* Walk the kept log, oldest first. */
void
con_log_walk(const struct con *c, void (*fn)(const struct con_line *, void *),
    void *arg)
{
	const unsigned char *p = buf_data(&c->log), *end = p + buf_len(&c->log);
	struct con_rec r;
	struct con_line l;

	while (p != NULL && p + sizeof r <= end) {
		memcpy(&r, p, sizeof r);
		p += sizeof r;
		memset(&l, 0, sizeof l);
		l.ms = r.ms;
		l.dir = (enum con_dir)r.dir;
		l.client = r.client;
		l.bytes = (size_t)r.bytes;
		l.flags = r.flags;
		if (r.peerlen == UINT32_MAX) {
			l.peer = NULL;
			p += 1;
		} else {
			l.peer = (const char *)p;
			p += r.peerlen + 1;
		}
		l.text = (const char *)p;
		p += r.textlen + 1;
		fn(&l, arg);
	}
}

/* Report a line: into the kept log, then to the callback. */
static void
con_emit(struct con *c, enum con_dir dir, int client, const char *peer,
    int flags, size_t bytes, const char *text)
{
	struct con_line l;

	if (c->dead)
		return;
	memset(&l, 0, sizeof l);
	l.ms = con_wall_ms();
	l.dir = dir;
	l.client = client;
	l.peer = peer;
	l.text = text;
	l.bytes = bytes;
	l.flags = flags;
	log_add(c, &l);
	if (c->ev.line != NULL) {
		c->emitting++;
		c->ev.line(c, &l, c->arg);
		c->emitting--;
	}
}

/*
 * The buffer to sanitize a line into: the session's own, or, inside the
 * line callback (whose text lives in the session's), a fresh one.
 */
static struct buf *
text_begin(struct con *c)
{
	struct buf *b;

	if (c->emitting == 0) {
		buf_clear(&c->text);
		return &c->text;
	}
	b = xmalloc(sizeof *b);
	buf_init(b, CON_TEXT_MAX);
	return b;
}

/* Done with text_begin's buffer. */
static void
text_end(struct con *c, struct buf *b)
{
	if (b != &c->text) {
		buf_free(b);
		free(b);
	}
}

/*
 * Report a message of ours. The format is translated text; the caller
 * sanitizes any argument that came from outside (names, errors of lfile).
 */
static void
con_msg(struct con *c, enum con_dir dir, struct con_peer *p, const char *fmt,
    ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	con_emit(c, dir, p != NULL ? p->num : 0, p != NULL && p->fd != -1 ?
	    p->addr : NULL, 0, 0, s);
	free(s);
}

/* Show bytes as rows of a hex dump; the first is at offset off. */
static void
con_dump(struct con *c, enum con_dir dir, int client, const char *peer,
    const unsigned char *d, size_t n, uint64_t off)
{
	static const char hexd[] = "0123456789abcdef";
	char row[128], *o;
	size_t i, j, k;

	for (i = 0; i < n && !c->dead; i += 16) {
		k = n - i < 16 ? n - i : 16;
		o = row + snprintf(row, sizeof row, "%08llx  ",
		    (unsigned long long)(off + i));
		for (j = 0; j < 16; j++) {
			if (j < k) {
				*o++ = hexd[d[i + j] >> 4];
				*o++ = hexd[d[i + j] & 0xf];
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
			*o++ = d[i + j] >= 0x20 && d[i + j] < 0x7f ?
			    (char)d[i + j] : '.';
		*o++ = '|';
		*o = '\0';
		con_emit(c, dir, client, peer, 0, k, row);
	}
}

/*
 * How many bytes at the end of d (at most 3) begin a UTF-8 character that
 * is not complete yet: a cut keeps them for the next piece.
 */
static size_t
utf8_tail(const unsigned char *d, size_t n)
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

/* Send raw bytes to every other live client (relay). */
static void
con_relay(struct con *c, struct con_peer *from, const void *d, size_t n)
{
	struct con_peer *q;
	size_t i;

	for (i = 0; i < c->npeers && !c->dead; i++) {
		q = c->peers[i];
		if (q == from || q->dead || q->fd == -1 || q->shut)
			continue;
		if (buf_append(&q->outq, d, n) == -1) {
			con_msg(c, CON_ERROR, q, _("client %d does not read "
			    "what it is sent; closing it"), q->num);
			peer_close(q);
			continue;
		}
		peer_update(q);
	}
}

/*
 * Show the line p holds (flags: CON_LINE_CUT for a piece of a long line,
 * CON_LINE_NOEOL for a line shown before its end).
 */
static void
peer_show_line(struct con_peer *p, int flags)
{
	struct con *c = p->con;
	unsigned char *d = buf_data(&p->line), keep[4];
	size_t n = buf_len(&p->line), tlen, nkeep = 0;
	struct buf *text;

	if (n == 0)
		return;
	if (flags & CON_LINE_CUT) {
		nkeep = utf8_tail(d, n);
		memcpy(keep, d + n - nkeep, nkeep);
		n -= nkeep;
	}
	if (c->relay)
		con_relay(c, p, d, n);
	tlen = n;
	if (!(flags & CON_LINE_CUT) && tlen > 0 && d[tlen - 1] == '\n') {
		tlen--;
		if (tlen > 0 && d[tlen - 1] == '\r')
			tlen--;
	}
	text = text_begin(c);
	san_append(text, d, tlen, 0);
	if (flags & CON_LINE_CUT)
		buf_printf(text, " %s", _("[line cut: too long]"));
	/* Let go of the line first: the callback may close everything. */
	buf_clear(&p->line);
	if (nkeep > 0)
		buf_append(&p->line, keep, nkeep);
	con_emit(c, CON_IN, p->num, p->addr, flags, n, buf_cstr(text));
	text_end(c, text);
}

/* Split what arrived into lines and show each complete one. */
static void
peer_lines(struct con_peer *p, const unsigned char *d, size_t n)
{
	struct con *c = p->con;
	const unsigned char *nl;
	size_t take, room;

	while (n > 0 && !c->dead && !p->dead) {
		nl = memchr(d, '\n', n);
		take = nl != NULL ? (size_t)(nl - d) + 1 : n;
		room = LIM_CONSOLE_LINE - buf_len(&p->line);
		if (take > room) {
			buf_append(&p->line, d, room);
			d += room;
			n -= room;
			peer_show_line(p, CON_LINE_CUT);
			continue;
		}
		buf_append(&p->line, d, take);
		d += take;
		n -= take;
		if (nl != NULL)
			peer_show_line(p, 0);
	}
	if (c->dead || p->dead)
		return;
	if (buf_len(&p->line) > 0)
		ev_timer_start(p->idle, CON_IDLE_MS);
	else
		ev_timer_stop(p->idle);
}

/* Show a held partial line (the peer went quiet, closed, or hex began). */
static void
peer_flush_line(struct con_peer *p)
{
	ev_timer_stop(p->idle);
	if (!p->dead && buf_len(&p->line) > 0)
		peer_show_line(p, CON_LINE_NOEOL);
}

/* The peer has been quiet with a partial line held: show it. */
static void
peer_idle(struct ev_timer *t, void *arg)
{
	struct con_peer *p = arg;
	struct con *c = p->con;

	c->busy++;
	peer_flush_line(p);
	con_release(c);
}

/* Write what --save asks for; on failure stop saving and say so. */
static void
con_save_bytes(struct con *c, const void *d, size_t n)
{
	char err[1024], *e;

	if (lf_part_write(&c->part, d, n, err, sizeof err) == 0) {
		c->saved += n;
		return;
	}
	c->saving = false;
	e = san_cstr(err);
	lf_part_abort(&c->part);
	con_msg(c, CON_ERROR, NULL, _("%s; no longer saving (%llu bytes "
	    "kept in the .part file)"), e, (unsigned long long)c->saved);
	free(e);
}

/* Bytes arrived from a TCP endpoint. */
static void
peer_data(struct con_peer *p, const unsigned char *d, size_t n)
{
	struct con *c = p->con;
	uint64_t at = p->in_off;

	c->bytes_in += n;
	p->in_off += n;
	if (c->kind == CON_TCP_CLIENT && c->part.fd != -1) {
		if (c->saving)
			con_save_bytes(c, d, n);
		return;
	}
	if (c->echo)
		buf_append(&p->outq, d, n);	/* room kept by the reader */
	if (c->hex) {
		if (c->relay)
			con_relay(c, p, d, n);
		con_dump(c, CON_IN, p->num, p->addr, d, n, at);
		return;
	}
	peer_lines(p, d, n);
}

/* A session's end of its one connection (TCP client) or of a client. */
static void
peer_gone(struct con_peer *p, bool error, const char *why)
{
	struct con *c = p->con;
	char *msg;

	peer_flush_line(p);
	if (c->dead || p->dead)
		return;
	if (c->kind == CON_TCP_SERVER) {
		if (error)
			con_msg(c, CON_ERROR, p, _("client %d: %s"), p->num,
			    why);
		else
			con_msg(c, CON_INFO, p, _("client %d disconnected"),
			    p->num);
		peer_close(p);
		return;
	}
	if (error)
		msg = xasprintf(_("connection to %s lost: %s"), p->addr, why);
	else
		msg = xasprintf(_("connection closed by %s"), p->addr);
	con_end(c, error ? END_ERROR : END_PEER, msg);
	free(msg);
}

/* Read what a TCP endpoint sent, a few chunks per pass. */
static void
peer_read(struct con_peer *p)
{
	struct con *c = p->con;
	size_t want;
	ssize_t n;
	int i;

	for (i = 0; i < CON_PASS_CHUNKS && !c->dead && !p->dead; i++) {
		want = CON_CHUNK;
		if (c->echo && buf_room(&p->outq) < want)
			want = buf_room(&p->outq);
		if (want == 0)
			break;		/* echo: the peer must read first */
		n = read(p->fd, c->rbuf, want);
		if (n > 0) {
			peer_data(p, c->rbuf, (size_t)n);
			if ((size_t)n < want)
				break;
			continue;
		}
		if (n == 0) {
			/*
			 * A client that shuts its side after its request
			 * still gets the rest of the file, or of the echo.
			 */
			if (c->kind == CON_TCP_SERVER && !p->shut &&
			    (p->sending || buf_len(&p->outq) > 0)) {
				peer_flush_line(p);
				p->eof = true;
				return;
			}
			peer_gone(p, false, NULL);
			return;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			peer_gone(p, true, strerror(errno));
		break;
	}
}

/* Show a datagram from src. */
static void
con_show_dgram(struct con *c, const char *src, const unsigned char *d,
    size_t n)
{
	size_t tlen = n;
	struct buf *text;

	if (c->hex) {
		con_dump(c, CON_IN, 0, src, d, n, 0);
		return;
	}
	if (tlen > 0 && d[tlen - 1] == '\n') {
		tlen--;
		if (tlen > 0 && d[tlen - 1] == '\r')
			tlen--;
	}
	text = text_begin(c);
	san_append(text, d, tlen, 0);
	con_emit(c, CON_IN, 0, src, 0, n, buf_cstr(text));
	text_end(c, text);
}

/* Read the datagrams of a UDP client's socket. */
static void
udp_client_read(struct con_peer *p)
{
	struct con *c = p->con;
	ssize_t n;
	int i;

	for (i = 0; i < 64 && !c->dead && !p->dead; i++) {
		n = recv(p->fd, c->rbuf, CON_CHUNK, 0);
		if (n >= 0) {
			c->bytes_in += (size_t)n;
			con_show_dgram(c, p->addr, c->rbuf, (size_t)n);
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		if (errno == ECONNREFUSED)
			con_msg(c, CON_ERROR, p, _("%s: port unreachable "
			    "(nothing listens there?)"), p->addr);
		else
			con_msg(c, CON_ERROR, p, _("%s: %s"), p->addr,
			    strerror(errno));
	}
}

/*
 * Queue the next chunk of the file a server sends (--send). -1 if the
 * endpoint was closed.
 */
static int
peer_fill(struct con_peer *p)
{
	struct con *c = p->con;
	uint64_t left = c->sendsize - p->file_off;
	size_t got, want;
	void *dst;
	ssize_t n;

	if (left == 0) {
		p->sending = false;
		p->sent = true;
		return 0;
	}
	if ((dst = buf_reserve(&p->outq, CON_CHUNK, &got)) == NULL)
		return 0;
	want = got < CON_CHUNK ? got : CON_CHUNK;
	if (want > left)
		want = (size_t)left;
	do
		n = pread(c->sendfd, dst, want, (off_t)p->file_off);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		con_msg(c, CON_ERROR, p, _("cannot read %s: %s"), c->send_disp,
		    strerror(errno));
		peer_close(p);
		return -1;
	}
	if (n == 0) {
		con_msg(c, CON_ERROR, p, _("%s ended early, after %llu bytes"),
		    c->send_disp, (unsigned long long)p->file_off);
		c->sendsize = p->file_off;
		p->sending = false;
		p->sent = true;
		return 0;
	}
	buf_commit(&p->outq, (size_t)n);
	p->file_off += (uint64_t)n;
	return 0;
}

/* The write side was shut and the peer did not close in time. */
static void
peer_linger(struct ev_timer *t, void *arg)
{
	struct con_peer *p = arg;
	struct con *c = p->con;

	c->busy++;
	if (c->kind == CON_TCP_SERVER) {
		con_msg(c, CON_INFO, p, _("client %d did not close; closing "
		    "it"), p->num);
		peer_close(p);
	} else
		con_end(c, END_USER, _("the peer did not close; closed"));
	con_release(c);
}

/* Shut down the write side and wait for the peer to close. */
static void
peer_shut(struct con_peer *p)
{
	shutdown(p->fd, SHUT_WR);
	p->shut = true;
	if (p->linger == NULL)
		p->linger = ev_timer_new(p->con->loop, peer_linger, p);
	ev_timer_start(p->linger, CON_LINGER_MS);
}

/* Everything queued is out: the end of a sent file, or con_close_when_sent. */
static void
peer_drained(struct con_peer *p)
{
	struct con *c = p->con;

	if (p->sent && !p->shut) {
		con_msg(c, CON_INFO, p, _("sent %s to client %d (%llu bytes)"),
		    c->send_disp, p->num, (unsigned long long)p->file_off);
		if (!p->eof && !c->dead && !p->dead) {
			peer_shut(p);
			return;
		}
	}
	if (p->eof) {
		peer_gone(p, false, NULL);
		return;
	}
	if (!c->when_sent || p->shut)
		return;
	if (c->kind == CON_UDP_CLIENT)
		con_end(c, END_USER, _("sent; closed"));
	else
		peer_shut(p);
}

/* Send one queued datagram of a UDP client; false to stop for now. */
static bool
udp_send_one(struct con_peer *p)
{
	struct con *c = p->con;
	uint32_t len;
	ssize_t n;
	int error;

	memcpy(&len, buf_data(&p->outq), sizeof len);
	n = send(p->fd, buf_data(&p->outq) + sizeof len, len, 0);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return false;
	if (n == -1 && errno == EINTR)
		return true;
	error = n == -1 ? errno : 0;
	/* Gone from the queue before the callback may close everything. */
	buf_consume(&p->outq, sizeof len + len);
	if (error == 0)
		c->bytes_out += (uint64_t)n;
	else if (error == ECONNREFUSED)
		con_msg(c, CON_ERROR, p, _("%s: port unreachable (nothing "
		    "listens there?)"), p->addr);
	else
		con_msg(c, CON_ERROR, p, "%s: %s", p->addr, strerror(error));
	return true;
}

/* Write what is queued, a few chunks per pass. */
static void
peer_write(struct con_peer *p)
{
	struct con *c = p->con;
	ssize_t n;
	int i;

	for (i = 0; i < CON_PASS_CHUNKS && !c->dead && !p->dead; i++) {
		if (buf_len(&p->outq) == 0 && p->sending && peer_fill(p) == -1)
			return;
		if (buf_len(&p->outq) == 0)
			break;
		if (c->kind == CON_UDP_CLIENT) {
			if (!udp_send_one(p))
				return;
			continue;
		}
		n = send(p->fd, buf_data(&p->outq), buf_len(&p->outq),
		    MSG_NOSIGNAL);
		if (n > 0) {
			buf_consume(&p->outq, (size_t)n);
			c->bytes_out += (uint64_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		peer_gone(p, true, strerror(errno));
		return;
	}
	if (!c->dead && !p->dead && buf_len(&p->outq) == 0 && !p->sending)
		peer_drained(p);
}

/* Watch what the endpoint needs: reads (unless echo waits), writes. */
static void
peer_update(struct con_peer *p)
{
	struct con *c = p->con;
	short ev = p->eof ? 0 : POLLIN;

	if (p->dead || p->io == NULL)
		return;
	if (c->echo && c->kind == CON_TCP_SERVER &&
	    buf_room(&p->outq) < CON_CHUNK)
		ev = 0;
	if (buf_len(&p->outq) > 0 || p->sending ||
	    (c->when_sent && !p->shut))
		ev |= POLLOUT;
	ev_io_set(p->io, ev);
}

/* The endpoint's socket is ready. */
static void
peer_io(struct ev_io *io, int fd, short revents, void *arg)
{
	struct con_peer *p = arg;
	struct con *c = p->con;

	c->busy++;
	if (revents & POLLOUT)
		peer_write(p);
	if (!c->dead && !p->dead && (revents & (POLLIN | POLLHUP | POLLERR))) {
		if (c->kind == CON_UDP_CLIENT)
			udp_client_read(p);
		else if (ev_io_events(io) & POLLIN)
			peer_read(p);
		else if (revents & POLLERR) {
			int soerr = 0;
			socklen_t len = sizeof soerr;

			getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
			peer_gone(p, true, strerror(soerr ? soerr : EIO));
		}
	}
	if (!c->dead && !p->dead)
		peer_update(p);
	con_release(c);
}

/* An endpoint, not connected yet (fd -1) or connected. */
static struct con_peer *
peer_new(struct con *c, int num)
{
	struct con_peer *p = xcalloc(1, sizeof *p);

	p->con = c;
	p->fd = -1;
	p->num = num;
	buf_init(&p->line, LIM_CONSOLE_LINE);
	buf_init(&p->outq, CON_OUTQ);
	p->idle = ev_timer_new(c->loop, peer_idle, p);
	if (c->npeers == c->cappeers) {
		c->cappeers = c->cappeers ? c->cappeers * 2 : 4;
		c->peers = xreallocarray(c->peers, c->cappeers,
		    sizeof *c->peers);
	}
	c->peers[c->npeers++] = p;
	return p;
}

/* Give the endpoint its connected socket. */
static void
peer_attach(struct con_peer *p, int fd, const struct sockaddr *sa,
    socklen_t salen)
{
	p->fd = fd;
	net_addr_str(sa, salen, p->addr, sizeof p->addr, true);
	p->io = ev_io_new(p->con->loop, fd, POLLIN, peer_io, p);
	peer_update(p);
}

/* Close an endpoint now; its memory goes when the session is let go. */
static void
peer_close(struct con_peer *p)
{
	if (p->dead)
		return;
	p->dead = true;
	ev_io_free(p->io);
	p->io = NULL;
	ev_timer_free(p->idle);
	p->idle = NULL;
	ev_timer_free(p->linger);
	p->linger = NULL;
	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
	buf_free(&p->line);
	buf_free(&p->outq);
}

/* Free the closed endpoints. */
static void
con_reap(struct con *c)
{
	size_t i, j;

	for (i = j = 0; i < c->npeers; i++) {
		if (c->peers[i]->dead)
			free(c->peers[i]);
		else
			c->peers[j++] = c->peers[i];
	}
	c->npeers = j;
}

/* Free everything. */
static void
con_free(struct con *c)
{
	size_t i;

	for (i = 0; i < c->npeers; i++) {
		peer_close(c->peers[i]);
		free(c->peers[i]);
	}
	free(c->peers);
	net_connect_cancel(c->connect);
	ev_resolve_cancel(c->resolve);
	ev_io_free(c->lio);
	ev_timer_free(c->kick);
	ev_timer_free(c->pause);
	if (c->lfd != -1)
		close(c->lfd);
	if (c->part.fd != -1 || c->part.name != NULL)
		lf_part_abort(&c->part);
	if (c->partdir != -1)
		close(c->partdir);
	if (c->sendfd != -1)
		close(c->sendfd);
	free(c->save_disp);
	free(c->send_disp);
	free(c->kick_msg);
	free(c->target);
	free(c->rbuf);
	buf_free(&c->text);
	buf_free(&c->log);
	free(c);
}

/* Let go of a hold: the last one frees a closed session and endpoints. */
static void
con_release(struct con *c)
{
	if (--c->busy > 0)
		return;
	if (c->dead)
		con_free(c);
	else
		con_reap(c);
}

/* A new session, not open yet. */
static struct con *
con_new(struct ev_loop *loop, enum con_kind kind, const struct con_opts *o,
    const struct con_events *ev, void *arg)
{
	struct con *c = xcalloc(1, sizeof *c);

	c->id = ++con_last_id;
	c->kind = kind;
	c->loop = loop;
	if (ev != NULL)
		c->ev = *ev;
	c->arg = arg;
	if (o != NULL) {
		c->eol = o->eol;
		c->echo = o->echo && (kind == CON_TCP_SERVER ||
		    kind == CON_UDP_SERVER);
		c->relay = o->relay && kind == CON_TCP_SERVER;
		c->hex = o->hex;
	}
	c->open = true;
	c->lfd = c->partdir = c->sendfd = -1;
	c->part.fd = -1;
	c->rbuf = xmalloc(CON_CHUNK);
	buf_init(&c->text, CON_TEXT_MAX);
	buf_init(&c->log, LIM_CONSOLE_LOG);
	return c;
}

/* The session ends: show what is held, settle --save, close, report. */
static void
con_end(struct con *c, enum con_end_how how, const char *msg)
{
	char err[1024], *e;
	size_t i;

	if (!c->open)
		return;
	c->open = false;
	for (i = 0; i < c->npeers; i++)
		peer_flush_line(c->peers[i]);
	net_connect_cancel(c->connect);
	c->connect = NULL;
	ev_resolve_cancel(c->resolve);
	c->resolve = NULL;
	for (i = 0; i < c->npeers; i++)
		peer_close(c->peers[i]);
	ev_io_free(c->lio);
	c->lio = NULL;
	ev_timer_free(c->pause);
	c->pause = NULL;
	ev_timer_stop(c->kick);
	if (c->lfd != -1)
		close(c->lfd);
	c->lfd = -1;
	if (c->part.fd != -1 && c->saving && how == END_PEER) {
		if (lf_part_commit(&c->part, LF_NOREPLACE, err,
		    sizeof err) == 0)
			con_msg(c, CON_INFO, NULL, _("saved %s (%llu bytes)"),
			    c->save_disp, (unsigned long long)c->saved);
		else {
			e = san_cstr(err);
			con_msg(c, CON_ERROR, NULL, "%s", e);
			free(e);
			lf_part_abort(&c->part);
		}
	} else if (c->part.fd != -1 && c->saved == 0 && c->bytes_in == 0) {
		lf_part_discard(&c->part);
	} else if (c->part.fd != -1) {
		lf_part_abort(&c->part);
		if (c->saving)
			con_msg(c, CON_ERROR, NULL, _("%s is incomplete: the %llu "
			    "bytes received are kept in its .part file"),
			    c->save_disp, (unsigned long long)c->saved);
	}
	con_emit(c, how == END_ERROR ? CON_ERROR : CON_INFO, 0, NULL, 0, 0,
	    msg);
	if (!c->dead && c->ev.closed != NULL)
		c->ev.closed(c, c->arg);
}

/* The deferred first report of a session (from the loop). */
static void
con_kick(struct ev_timer *t, void *arg)
{
	struct con *c = arg;
	size_t i;

	c->busy++;
	if (c->kick_msg != NULL) {
		con_msg(c, CON_INFO, c->kick_peer, "%s", c->kick_msg);
		free(c->kick_msg);
		c->kick_msg = NULL;
	}
	/* A UDP client made at once may have datagrams queued. */
	for (i = 0; i < c->npeers && !c->dead; i++)
		peer_update(c->peers[i]);
	con_release(c);
}

/* Say msg (ours, safe; about peer p, or NULL) from the loop soon. */
static void
con_kick_msg(struct con *c, struct con_peer *p, char *msg)
{
	free(c->kick_msg);
	c->kick_msg = msg;
	c->kick_peer = p;
	if (c->kick == NULL)
		c->kick = ev_timer_new(c->loop, con_kick, c);
	ev_timer_start(c->kick, 0);
}

/* Is host a numeric IPv4 or IPv6 address (no lookup needed)? */
static bool
con_numeric(const char *host)
{
	unsigned char a[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1;
}

/* "host:port", "[v6]:port", sanitized for display. */
static char *
con_target(const char *host, const char *port)
{
	char *h = san_cstr(host), *p = san_cstr(port), *s;

	s = xasprintf(strchr(h, ':') != NULL ? "[%s]:%s" : "%s:%s", h, p);
	free(h);
	free(p);
	return s;
}

/* The local address of fd, formatted. */
static void
con_sockname(int fd, char *out, size_t n, int *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1) {
		str_lcpy(out, "?", n);
		if (port != NULL)
			*port = 0;
		return;
	}
	net_addr_str((struct sockaddr *)&ss, len, out, n, true);
	if (port != NULL)
		*port = net_addr_port((struct sockaddr *)&ss);
}

/* ------------------------------------------------------------ clients */

/* The connect of a TCP or UDP client finished. */
static void
con_connected(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *cerr, void *arg)
{
	struct con *c = arg;
	struct con_peer *p = c->peers[0];
	char local[NET_ADDRSTRLEN], *e, *msg;

	c->connect = NULL;
	c->busy++;
	if (fd == -1) {
		e = san_cstr(cerr);
		msg = xasprintf(_("cannot connect to %s: %s"), c->target, e);
		con_end(c, END_ERROR, msg);
		free(msg);
		free(e);
		con_release(c);
		return;
	}
	peer_attach(p, fd, sa, salen);
	con_sockname(fd, local, sizeof local, NULL);
	if (c->kind == CON_UDP_CLIENT)
		con_msg(c, CON_INFO, p, _("sending datagrams to %s (from %s)"),
		    p->addr, local);
	else
		con_msg(c, CON_INFO, p, _("connected to %s (from %s)"),
		    p->addr, local);
	if (c->saving)
		con_msg(c, CON_INFO, p, _("saving what arrives to %s"),
		    c->save_disp);
	con_release(c);
}

/* Open the --save file: a .part beside it; an existing file is refused. */
static int
con_save_open(struct con *c, const char *path, char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *s;

	if (slash == NULL) {
		dir = xstrdup(".");
		base = path;
	} else {
		dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		base = slash + 1;
	}
	s = san_cstr(path);
	if (!lf_name_ok(base)) {
		snprintf(err, errlen, _("%s: not a file name to save to"), s);
		goto fail;
	}
	if ((c->partdir = lf_dir_open(dir, err, errlen)) == -1)
		goto fail;
	if (lf_exists(c->partdir, base, NULL)) {
		snprintf(err, errlen, _("%s exists; it will not be replaced"),
		    s);
		goto fail;
	}
	if (lf_part_open(&c->part, c->partdir, base, false, err,
	    errlen) == -1)
		goto fail;
	free(dir);
	c->save_disp = s;
	c->saving = true;
	return 0;
fail:
	free(dir);
	free(s);
	return -1;
}

/* A TCP client: connect to host port (each address in turn). */
struct con *
con_tcp_connect(struct ev_loop *loop, const char *host, const char *port,
    const struct con_opts *opts, const struct con_events *ev, void *arg,
    char *err, size_t errlen)
{
	struct con *c;
	struct con_peer *p;
	char num[16];

	if (host == NULL || *host == '\0') {
		snprintf(err, errlen, "%s", _("no host given"));
		return NULL;
	}
	if (net_port_parse(port, "tcp", false, num, sizeof num, err,
	    errlen) == -1)
		return NULL;
	c = con_new(loop, CON_TCP_CLIENT, opts, ev, arg);
	c->target = con_target(host, num);
	snprintf(c->name, sizeof c->name, "tcp %s", c->target);
	if (opts != NULL && opts->save != NULL &&
	    con_save_open(c, opts->save, err, errlen) == -1) {
		con_free(c);
		return NULL;
	}
	p = peer_new(c, 0);
	str_lcpy(p->addr, c->target, sizeof p->addr);
	c->connect = net_connect_start(loop, host, num, AF_UNSPEC, SOCK_STREAM,
	    LIM_CONNECT_MS, con_connected, c);
	if (c->connect == NULL) {
		snprintf(err, errlen, _("cannot look %s up: %s"), c->target,
		    strerror(errno));
		con_free(c);
		return NULL;
	}
	return c;
}

/* A UDP client: datagrams to host port. */
struct con *
con_udp_connect(struct ev_loop *loop, const char *host, const char *port,
    const struct con_opts *opts, const struct con_events *ev, void *arg,
    char *err, size_t errlen)
{
	struct addrinfo hints, *res;
	struct con *c;
	struct con_peer *p;
	char num[16], local[NET_ADDRSTRLEN];
	int fd, rc;

	if (host == NULL || *host == '\0') {
		snprintf(err, errlen, "%s", _("no host given"));
		return NULL;
	}
	if (net_port_parse(port, "udp", false, num, sizeof num, err,
	    errlen) == -1)
		return NULL;
	c = con_new(loop, CON_UDP_CLIENT, opts, ev, arg);
	c->target = con_target(host, num);
	snprintf(c->name, sizeof c->name, "udp %s", c->target);
	p = peer_new(c, 0);
	str_lcpy(p->addr, c->target, sizeof p->addr);
	if (!con_numeric(host)) {
		c->connect = net_connect_start(loop, host, num, AF_UNSPEC,
		    SOCK_DGRAM, LIM_CONNECT_MS, con_connected, c);
		if (c->connect == NULL) {
			snprintf(err, errlen, _("cannot look %s up: %s"),
			    c->target, strerror(errno));
			con_free(c);
			return NULL;
		}
		return c;
	}

	/* An address: no lookup, so the socket is ready at once. */
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, num, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s: %s", c->target,
		    ev_resolve_strerror(rc));
		con_free(c);
		return NULL;
	}
	fd = socket(res->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1 || connect(fd, res->ai_addr, res->ai_addrlen) == -1) {
		snprintf(err, errlen, _("cannot send to %s: %s"), c->target,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		freeaddrinfo(res);
		con_free(c);
		return NULL;
	}
	peer_attach(p, fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	con_sockname(fd, local, sizeof local, NULL);
	con_kick_msg(c, p, xasprintf(_("sending datagrams to %s (from %s)"),
	    p->addr, local));
	return c;
}

/* ------------------------------------------------------------ servers */

/* Start accepting again after running out of fds. */
static void
con_unpause(struct ev_timer *t, void *arg)
{
	struct con *c = arg;

	if (c->lio != NULL)
		ev_io_set(c->lio, POLLIN);
}

/* The number of live clients. */
int
con_clients(const struct con *c)
{
	size_t i;
	int n = 0;

	if (c->kind != CON_TCP_SERVER)
		return c->npeers > 0 && !c->peers[0]->dead &&
		    c->peers[0]->fd != -1 ? 1 : 0;
	for (i = 0; i < c->npeers; i++)
		if (!c->peers[i]->dead && c->peers[i]->fd != -1)
			n++;
	return n;
}

/* Clients are knocking: accept them, number them, greet with --send. */
static void
con_accept(struct ev_io *io, int lfd, short revents, void *arg)
{
	struct con *c = arg;
	struct sockaddr_storage ss;
	struct con_peer *p;
	char addr[NET_ADDRSTRLEN];
	socklen_t len;
	int fd, i;

	c->busy++;
	for (i = 0; i < 16 && !c->dead && c->open; i++) {
		len = sizeof ss;
		fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK |
		    SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED ||
			    errno == EPROTO)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			con_msg(c, CON_ERROR, NULL, _("cannot accept a client: "
			    "%s; trying again in a second"), strerror(errno));
			ev_io_set(c->lio, 0);
			if (c->pause == NULL)
				c->pause = ev_timer_new(c->loop, con_unpause,
				    c);
			ev_timer_start(c->pause, CON_ACCEPT_PAUSE_MS);
			break;
		}
		if (con_clients(c) >= CON_MAX_CLIENTS) {
			net_addr_str((struct sockaddr *)&ss, len, addr,
			    sizeof addr, true);
			close(fd);
			con_msg(c, CON_ERROR, NULL, _("refused %s: already %d "
			    "clients"), addr, CON_MAX_CLIENTS);
			continue;
		}
		p = peer_new(c, ++c->lastnum);
		if (c->sendfd != -1)
			p->sending = true;
		peer_attach(p, fd, (struct sockaddr *)&ss, len);
		con_msg(c, CON_INFO, p, _("client %d connected from %s"),
		    p->num, p->addr);
	}
	con_release(c);
}

/* A datagram (or several) came to a UDP server. */
static void
con_udp_server_read(struct ev_io *io, int fd, short revents, void *arg)
{
	struct con *c = arg;
	struct sockaddr_storage ss;
	socklen_t len;
	char src[NET_ADDRSTRLEN];
	ssize_t n, w;
	int i;

	c->busy++;
	for (i = 0; i < 64 && !c->dead && c->open; i++) {
		len = sizeof ss;
		n = recvfrom(fd, c->rbuf, CON_CHUNK, 0, (struct sockaddr *)&ss,
		    &len);
		if (n == -1) {
			if (errno == EINTR || errno == ECONNREFUSED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				con_msg(c, CON_ERROR, NULL, "%s",
				    strerror(errno));
			break;
		}
		c->bytes_in += (uint64_t)n;
		memcpy(&c->last, &ss, len);
		c->lastlen = len;
		net_addr_str((struct sockaddr *)&c->last, c->lastlen, src,
		    sizeof src, true);
		if (c->echo) {
			w = sendto(fd, c->rbuf, (size_t)n, 0,
			    (struct sockaddr *)&c->last, c->lastlen);
			if (w >= 0)
				c->bytes_out += (uint64_t)w;
			else
				con_msg(c, CON_ERROR, NULL, _("cannot answer "
				    "%s: %s"), src, strerror(errno));
		}
		con_show_dgram(c, src, c->rbuf, (size_t)n);
	}
	con_release(c);
}

/* Listen (TCP) or bind (UDP) on host (NULL: every address) and lport. */
static int
con_bind(struct con *c, const char *host, char *err, size_t errlen)
{
	int stream = c->kind == CON_TCP_SERVER;
	char local[NET_ADDRSTRLEN];

	c->lfd = net_listen(host, c->lport, stream ? SOCK_STREAM : SOCK_DGRAM,
	    64, err, errlen);
	if (c->lfd == -1)
		return -1;
	con_sockname(c->lfd, local, sizeof local, &c->local_port);
	snprintf(c->name, sizeof c->name, "%s listen %s", stream ? "tcp" :
	    "udp", local);
	c->lio = ev_io_new(c->loop, c->lfd, POLLIN, stream ? con_accept :
	    con_udp_server_read, c);
	con_kick_msg(c, NULL, xasprintf(_("listening on %s"), local));
	return 0;
}

/* The listener's host name is resolved: bind to the first address that
 * takes it. */
static void
con_listen_resolved(int rc, struct addrinfo *res, const char *name,
    void *arg)
{
	struct con *c = arg;
	struct addrinfo *ai;
	char host[NET_ADDRSTRLEN], err[512] = "", *msg;

	c->resolve = NULL;
	c->busy++;
	for (ai = rc == 0 ? res : NULL; ai != NULL; ai = ai->ai_next) {
		net_addr_str(ai->ai_addr, ai->ai_addrlen, host, sizeof host,
		    false);
		if (con_bind(c, host, err, sizeof err) == 0)
			break;
	}
	if (res != NULL)
		freeaddrinfo(res);
	if (c->lfd == -1) {
		if (rc != 0)
			msg = xasprintf(_("cannot listen on %s: %s"),
			    c->target, ev_resolve_strerror(rc));
		else
			msg = xasprintf("%s", err[0] != '\0' ? err :
			    _("no address to listen on"));
		con_end(c, END_ERROR, msg);
		free(msg);
	}
	con_release(c);
}

/* Common start of the TCP and UDP servers. */
static struct con *
con_listen(struct ev_loop *loop, enum con_kind kind, const char *addr,
    const char *port, const struct con_opts *opts,
    const struct con_events *ev, void *arg, char *err, size_t errlen)
{
	const char *proto = kind == CON_TCP_SERVER ? "tcp" : "udp";
	struct addrinfo hints;
	struct con *c;
	char num[16];
	uint64_t size = 0;
	int fd = -1;

	if (net_port_parse(port, proto, true, num, sizeof num, err,
	    errlen) == -1)
		return NULL;
	if (addr != NULL && (*addr == '\0' || strcmp(addr, "*") == 0))
		addr = NULL;
	if (kind == CON_TCP_SERVER && opts != NULL && opts->send != NULL &&
	    (fd = lf_open_read(AT_FDCWD, opts->send, &size, err,
	    errlen)) == -1)
		return NULL;
	c = con_new(loop, kind, opts, ev, arg);
	str_lcpy(c->lport, num, sizeof c->lport);
	c->target = con_target(addr != NULL ? addr : "*", num);
	snprintf(c->name, sizeof c->name, "%s listen %s", proto, c->target);
	if (fd != -1) {
		c->sendfd = fd;
		c->sendsize = size;
		c->send_disp = san_cstr(opts->send);
	}
	if (addr == NULL || con_numeric(addr)) {
		if (con_bind(c, addr, err, errlen) == -1) {
			con_free(c);
			return NULL;
		}
		return c;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = kind == CON_TCP_SERVER ? SOCK_STREAM : SOCK_DGRAM;
	hints.ai_flags = AI_PASSIVE;
	c->resolve = ev_resolve_start(loop, addr, NULL, &hints, LIM_RESOLVE_MS,
	    con_listen_resolved, c);
	if (c->resolve == NULL) {
		snprintf(err, errlen, _("cannot look %s up: %s"), c->target,
		    strerror(errno));
		con_free(c);
		return NULL;
	}
	return c;
}

/* A TCP server on addr (NULL: every address) and port ("0": any). */
struct con *
con_tcp_listen(struct ev_loop *loop, const char *addr, const char *port,
    const struct con_opts *opts, const struct con_events *ev, void *arg,
    char *err, size_t errlen)
{
	return con_listen(loop, CON_TCP_SERVER, addr, port, opts, ev, arg,
	    err, errlen);
}

/* A UDP server on addr (NULL: every address) and port ("0": any). */
struct con *
con_udp_listen(struct ev_loop *loop, const char *addr, const char *port,
    const struct con_opts *opts, const struct con_events *ev, void *arg,
    char *err, size_t errlen)
{
	return con_listen(loop, CON_UDP_SERVER, addr, port, opts, ev, arg,
	    err, errlen);
}

/* ------------------------------------------------------------ sending */

/* Queue data for one endpoint; -1 and err if its queue is full. */
static int
con_queue(struct con_peer *p, const void *d, size_t n, char *err,
    size_t errlen)
{
	struct con *c = p->con;
	uint32_t len = (uint32_t)n;
	int rc;

	if (p->shut) {
		snprintf(err, errlen, "%s", _("the sending side is closed"));
		return -1;
	}
	if (c->kind == CON_UDP_CLIENT) {
		if (buf_room(&p->outq) < sizeof len + n)
			rc = -1;
		else {
			buf_append(&p->outq, &len, sizeof len);
			rc = buf_append(&p->outq, d, n);
		}
	} else
		rc = buf_append(&p->outq, d, n);
	if (rc == 0)
		p->out_off += n;
	if (rc == -1) {
		if (c->kind == CON_TCP_SERVER)
			snprintf(err, errlen, _("client %d does not read: "
			    "%zu bytes wait to be sent"), p->num,
			    buf_len(&p->outq));
		else
			snprintf(err, errlen, _("the peer does not read: %zu "
			    "bytes wait to be sent"), buf_len(&p->outq));
		return -1;
	}
	peer_update(p);
	return 0;
}

/*
 * Show what was sent (text without the line end, or hex at the offset of
 * the endpoint's outgoing stream; p NULL: to every client, from 0).
 */
static void
con_show_out(struct con *c, struct con_peer *p, const unsigned char *d,
    size_t n, size_t tlen)
{
	struct buf *text;

	if (c->hex) {
		con_dump(c, CON_OUT, p != NULL ? p->num : 0,
		    p != NULL ? p->addr : NULL, d, n, p != NULL ?
		    p->out_off - n : 0);
		return;
	}
	text = text_begin(c);
	san_append(text, d, tlen, 0);
	con_emit(c, CON_OUT, p != NULL ? p->num : 0, p != NULL ? p->addr :
	    NULL, 0, n, buf_cstr(text));
	text_end(c, text);
}

/* Send to the last source of a UDP server. */
static int
con_udp_answer(struct con *c, const unsigned char *d, size_t n, size_t tlen,
    char *err, size_t errlen)
{
	char src[NET_ADDRSTRLEN];
	struct buf *text;
	ssize_t w;

	if (c->lastlen == 0) {
		snprintf(err, errlen, "%s", _("no datagram has come yet: "
		    "nobody to answer"));
		return -1;
	}
	net_addr_str((struct sockaddr *)&c->last, c->lastlen, src, sizeof src,
	    true);
	w = sendto(c->lfd, d, n, 0, (struct sockaddr *)&c->last, c->lastlen);
	if (w == -1) {
		snprintf(err, errlen, _("cannot send to %s: %s"), src,
		    strerror(errno));
		return -1;
	}
	c->bytes_out += (uint64_t)w;
	if (c->hex) {
		con_dump(c, CON_OUT, 0, src, d, n, 0);
		return 0;
	}
	text = text_begin(c);
	san_append(text, d, tlen, 0);
	con_emit(c, CON_OUT, 0, src, 0, n, buf_cstr(text));
	text_end(c, text);
	return 0;
}

/* Send a typed line (and the line end) to the peer, a client or all. */
int
con_send(struct con *c, const char *text, int client, char *err,
    size_t errlen)
{
	static const char *eols[] = { "\n", "\r\n", "" };
	struct con_peer *p, *one = NULL;
	unsigned char *d;
	size_t tlen = strlen(text), n, i;
	int rc = 0, sent = 0;

	if (!c->open || c->dead) {
		snprintf(err, errlen, "%s", _("the session is closed"));
		return -1;
	}
	if (tlen > LIM_CONSOLE_LINE) {
		snprintf(err, errlen, _("line too long (at most %d bytes)"),
		    LIM_CONSOLE_LINE);
		return -1;
	}
	n = tlen + strlen(eols[c->eol]);
	d = xmalloc(n + 1);
	memcpy(d, text, tlen);
	memcpy(d + tlen, eols[c->eol], n - tlen);
	c->busy++;

	switch (c->kind) {
	case CON_UDP_SERVER:
		rc = con_udp_answer(c, d, n, tlen, err, errlen);
		break;
	case CON_TCP_CLIENT:
	case CON_UDP_CLIENT:
		p = c->peers[0];
		if ((rc = con_queue(p, d, n, err, errlen)) == 0)
			con_show_out(c, p, d, n, tlen);
		break;
	case CON_TCP_SERVER:
		for (i = 0; i < c->npeers; i++) {
			p = c->peers[i];
			if (p->dead || (client != 0 && p->num != client))
				continue;
			one = p;
			if (con_queue(p, d, n, err, errlen) == -1)
				rc = -1;
			else
				sent++;
		}
		if (one == NULL) {
			if (client == 0)
				snprintf(err, errlen, "%s",
				    _("no client is connected"));
			else
				snprintf(err, errlen, _("no client %d"),
				    client);
			rc = -1;
		} else if (sent > 0)
			con_show_out(c, client != 0 ? one : NULL, d, n, tlen);
		break;
	}
	free(d);
	con_release(c);
	return rc;
}

/* ------------------------------------------------------------ control */

/* Show a hex dump (true) or text from now on. */
void
con_set_hex(struct con *c, bool hex)
{
	size_t i;

	if (hex == c->hex)
		return;
	c->busy++;
	/* What is held would come out as hex: show it as text first. */
	for (i = 0; hex && i < c->npeers && !c->dead; i++)
		peer_flush_line(c->peers[i]);
	c->hex = hex;
	con_release(c);
}

/* The line end of typed lines from now on. */
void
con_set_eol(struct con *c, enum con_eol eol)
{
	c->eol = eol;
}

/* End the session once everything queued is out. */
void
con_close_when_sent(struct con *c)
{
	size_t i;

	if (!c->open)
		return;
	c->when_sent = true;
	if (c->kind == CON_TCP_SERVER || c->kind == CON_UDP_SERVER) {
		/* A server has nothing of its own to finish: it ends now. */
		c->busy++;
		con_end(c, END_USER, _("closed"));
		con_release(c);
		return;
	}
	for (i = 0; i < c->npeers; i++)
		peer_update(c->peers[i]);
}

/* End the session (if open) and free it. */
void
con_close(struct con *c)
{
	if (c == NULL || c->dead)
		return;
	c->busy++;
	if (c->open)
		con_end(c, END_USER, _("closed"));
	c->dead = true;
	con_release(c);
}

/* con_save_log's state while it walks the log. */
struct con_save_ctx {
	struct lf_part	*part;
	struct buf	 out;
	int		 failed;
	char		*err;
	size_t		 errlen;
};

/* Format one kept line into the file being saved. */
static void
con_save_line(const struct con_line *l, void *arg)
{
	struct con_save_ctx *x = arg;
	time_t t = (time_t)(l->ms / 1000);
	struct tm tm;
	char when[64];

	if (x->failed)
		return;
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	/* The buffer holds a chunk and a line more: this cannot fail. */
	buf_printf(&x->out, "%s.%03u %s %d %s %s\n", when,
	    (unsigned)(l->ms % 1000), con_dir_name(l->dir), l->client,
	    l->peer != NULL ? l->peer : "-", l->text);
	if (buf_len(&x->out) > CON_CHUNK) {
		if (lf_part_write(x->part, buf_data(&x->out),
		    buf_len(&x->out), x->err, x->errlen) == -1)
			x->failed = 1;
		buf_clear(&x->out);
	}
}

/* Write the kept log to a new file at path. */
int
con_save_log(struct con *c, const char *path, char *err, size_t errlen)
{
	struct con_save_ctx x;
	struct lf_part part;
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *s = san_cstr(path);
	int dirfd, rc = -1;

	memset(&part, 0, sizeof part);
	part.fd = -1;
	if (slash == NULL) {
		dir = xstrdup(".");
		base = path;
	} else {
		dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		base = slash + 1;
	}
	if (!lf_name_ok(base)) {
		snprintf(err, errlen, _("%s: not a file name to save to"), s);
		free(dir);
		free(s);
		return -1;
	}
	if ((dirfd = lf_dir_open(dir, err, errlen)) == -1) {
		free(dir);
		free(s);
		return -1;
	}
	free(dir);
	if (lf_exists(dirfd, base, NULL)) {
		snprintf(err, errlen, _("%s exists; it will not be replaced"),
		    s);
		goto out;
	}
	if (lf_part_open(&part, dirfd, base, false, err, errlen) == -1)
		goto out;
	memset(&x, 0, sizeof x);
	x.part = &part;
	x.err = err;
	x.errlen = errlen;
	/* One kept line, formatted, is far below this. */
	buf_init(&x.out, 2 * CON_TEXT_MAX);
	con_log_walk(c, con_save_line, &x);
	if (!x.failed && buf_len(&x.out) > 0 && lf_part_write(&part,
	    buf_data(&x.out), buf_len(&x.out), err, errlen) == -1)
		x.failed = 1;
	buf_free(&x.out);
	if (x.failed) {
		lf_part_discard(&part);
		goto out;
	}
	if (lf_part_commit(&part, LF_NOREPLACE, err, errlen) == -1) {
		lf_part_discard(&part);
		goto out;
	}
	rc = 0;
out:
	close(dirfd);
	free(s);
	return rc;
}

/* ------------------------------------------------------------ queries */

/* The session's number, unique in this process. */
unsigned
con_id(const struct con *c)
{
	return c->id;
}

/* Client or server, TCP or UDP. */
enum con_kind
con_kind(const struct con *c)
{
	return c->kind;
}

/* "tcp 127.0.0.1:43210", "udp listen 0.0.0.0:5000". */
const char *
con_name(const struct con *c)
{
	return c->name;
}

/* Bytes received. */
uint64_t
con_bytes_in(const struct con *c)
{
	return c->bytes_in;
}

/* Bytes sent. */
uint64_t
con_bytes_out(const struct con *c)
{
	return c->bytes_out;
}

/* Is the session still open? */
bool
con_is_open(const struct con *c)
{
	return c->open;
}

/* A listener's local port, 0 until it is bound. */
int
con_port(const struct con *c)
{
	return c->local_port;
}
