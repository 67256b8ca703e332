/*
 * session_priv.h: the inside of a session, shared by the files of the
 * session engine (listed at the end, lowest first, with what each
 * exports to the others). Nothing outside src/ftp includes it.
 */
#ifndef JANGADA_FTP_SESSION_PRIV_H
#define JANGADA_FTP_SESSION_PRIV_H

#include <sys/queue.h>

#include <iconv.h>

#include "ftp/ascii.h"
#include "ftp/output.h"
#include "ftp/session.h"
#include "ftp/throttle.h"

struct ev_io;
struct ev_timer;
struct net_connect;
struct net_tls;
struct net_tls_ctx;

typedef void (*reply_fn)(struct ftp_session *, const struct ftp_reply *);
struct ftp_op;
/* Start an operation on a ready session (its first command). */
typedef void (*op_start_fn)(struct ftp_session *, struct ftp_op *);

enum op_kind {
	OP_CONNECT,
	OP_QUIT,
	OP_SIMPLE,		/* one command, one reply */
	OP_RENAME,		/* RNFR then RNTO */
	OP_TYPE,
	OP_LIST,
	OP_GET,
	OP_PUT
};

enum simple_cmd {
	SC_CWD, SC_CDUP, SC_PWD, SC_MKD, SC_RMD, SC_DELE, SC_SIZE, SC_MDTM,
	SC_MFMT, SC_SITE, SC_STAT, SC_QUOTE, SC_NOOP
};

struct ftp_op {
	TAILQ_ENTRY(ftp_op) entry;
	enum op_kind	 kind;
	op_start_fn	 start;
	enum simple_cmd	 cmd;
	char		*arg;
	char		*arg2;
	time_t		 t;
	enum ftp_type	 type;
	enum ftp_list_mode lmode;
	bool		 any_mode;	/* LIST when MLSD is refused */
	ftp_entries_cb	 entries;	/* list: entries as they come */
	struct ftp_xfer	 x;		/* remote, name point into arg/arg2 */
	int		 srcfd;		/* upload source */
	ftp_done_cb	 cb;
	void		*cbarg;
	/* results gathered on the way */
	struct ftp_status st;
	char		*error;		/* owned copy of st.error */
	char		*path;		/* owned copy of st.path */
	struct ftp_reply last;		/* owned copy of the last reply */
	bool		 have_last;
	/* path.c: the directory to be in, and the verb's argument */
	bool		 plan_done;
	bool		 planned;	/* pdir/parg apply */
	char		*pdir;		/* NULL: anywhere */
	char		*parg;		/* NULL: no argument */
	char		*list_opts;	/* "-a" of "-a /dir" */
	bool		 list_dir;	/* listing an absolute path */
	bool		 list_fallback;	/* it was no directory: parent */
};

/* A data connection and the transfer on it. */
struct ftp_data {
	int		 fd;
	struct ev_io	*io;
	struct net_connect *connecting;
	int		 lfd;		/* active mode: listening socket */
	struct ev_io	*lio;
	struct ev_timer	*timer;		/* connect, idle, final reply */
	struct ev_timer	*wake;		/* the rate limit let us go on */
	int		 pipe[2];	/* splice: socket -> pipe -> file */
	bool		 no_splice;	/* this transfer's target cannot */
	bool		 active;	/* a transfer is in progress */
	bool		 connected;
	bool		 sent;		/* RETR/STOR/LIST sent */
	bool		 prelim;	/* 1xx seen */
	bool		 final;		/* final reply seen */
	bool		 final_ok;
	bool		 eof;		/* data EOF (download) / all sent (up) */
	bool		 upload;
	bool		 pasv_tried;	/* PASV after a failed EPSV */
	bool		 eprt_tried;
	unsigned	 port;
	uint64_t	 bytes;		/* moved on this connection */
	uint64_t	 total;		/* expected, 0 unknown */
	uint64_t	 offset;	/* REST offset */
	bool		 have_part;
	struct lf_part	 part;
	struct ftp_list_parser *lp;
	struct ftp_ascii ascii;
	unsigned char	*buf;		/* read buffer */
	unsigned char	*conv;		/* ASCII conversion buffer */
	size_t		 pend_off, pend_len;	/* upload: conv not yet sent */
	bool		 src_eof;
	uint64_t	 last_progress;
	time_t		 mtime;
	bool		 have_mtime;
	uint64_t	 idle_since;
	bool		 lowat;		/* SO_RCVLOWAT raised (fast flow) */
	bool		 no_lowat;	/* the socket refused it */
	uint64_t	 win_ms, win_bytes;	/* rate window for lowat */
	size_t		 shown;		/* list: entries handed out so far */
	struct ftp_throttle_user thr;	/* under the rate limit */
	struct ftp_output out;		/* download into the caller's fd */
	bool		 have_out;
	bool		 done_wait;	/* complete once out has drained */
	bool		 half_closed;	/* upload: all sent, FIN sent */
	struct net_tls	*tls;		/* PROT P: the data's TLS session */
	bool		 tls_up;	/* its handshake is done */
	bool		 tls_closing;	/* upload: close_notify not yet out */
	bool		 unclean_eof;	/* TLS ended without close_notify */
};

struct ftp_session {
	struct ev_loop	*loop;
	struct ftp_session_cb cb;
	void		*cbarg;
	struct ftp_options opt;
	enum ftp_state	 state;

	struct net_connect *connecting;
	int		 fd;
	struct ev_io	*io;
	struct sockaddr_storage peer;
	socklen_t	 peerlen;
	struct sockaddr_storage local;
	socklen_t	 locallen;
	struct ftp_reply_reader rr;
	struct buf	 out;
	struct ev_timer	*reply_timer;
	struct ev_timer	*keepalive;
	struct ev_timer	*kick;		/* start the next op from the loop */

	/* Reports upward, set by the layer above (see the list below). */
	void		(*destroy)(struct ftp_session *);	/* session.c */
	/* ctrl.c: the connection is unusable (why), or closed after QUIT
	   (why NULL); r: a 421 that ended it */
	void		(*lost)(struct ftp_session *, const struct ftp_reply *r,
			    const char *why);
	reply_fn	 on_reply;	/* handler of the next final reply */
	reply_fn	 on_drain;	/* of the replies due after ABOR or a
					   cancel (abor_pending) */
	bool		 want_prelim;	/* ... and of 1xx replies too */
	char		 waiting[16];	/* the verb whose reply is awaited */
	int		 replies;	/* replies to it so far */
	uint64_t	 deadline;	/* the wait's end (ev_clock_ms) */
	int		 abor_pending;	/* replies still due after ABOR, or
					   after ftp_cancel (s->op NULL) */
	bool		 cancelling;	/* in ftp_cancel: start no op */
	bool		 drain_rnfr;	/* an RNFR's reply is among them */
	char		*abor_reason;

	char		*host;
	char		*port;
	char		*user;
	char		*pass;
	char		*acct;
	bool		 anonymous;
	struct ftp_features feat;
	bool		 feat_known;
	char		*cwd;		/* logical: the last cd/pwd/login */
	char		*srv_cwd;	/* the server's, NULL unknown (path.c) */
	iconv_t		 cs_in, cs_out;	/* charset.c: -1 none */
	char		 cs_want[32];	/* opt.charset as last seen */
	char		 cs_name[32];	/* converting from/to, "" none */
	bool		 cs_guessed;	/* auto took CP1252 */
	bool		 cs_implicit;	/* auto, no guess yet: UTF-8 */
	bool		 cs_server_utf8; /* converting from UTF-8 */
	char		*system;
	enum ftp_type	 type;
	bool		 type_known;
	bool		 modes_sent;
	bool		 epsv_failed;
	bool		 rest_ignored;	/* 350 to REST, data from 0 */
	struct ftp_data_report drep;	/* for diagnose (report.c) */

	TAILQ_HEAD(, ftp_op) ops;
	struct ftp_op	*op;		/* running */
	struct ftp_data	 data;

	/* TLS (tlsctl.c) */
	bool		 tls_implicit;	/* this login's: ftps:// */
	struct net_tls_ctx *tlsctx;
	struct net_tls	*tls;		/* the control connection's, or NULL */
	bool		 tls_up;	/* handshake done, certificate trusted */
	bool		 prot_p;	/* data connections under TLS */
	void		(*tls_next)(struct ftp_session *);	/* after it */
	char		 tls_fp[80];	/* the control's certificate */
	char		 tls_desc[96];	/* version and cipher */
	enum ftp_refusal refusal;	/* the last connect's (tlsctl.c) */
	int		 auth_code;	/* the reply to AUTH TLS, 0 unsent */
	char		 refused_fp[80];
	char		*refused_cert;	/* its text and why, or NULL */

	int		 hold;		/* in a callback: defer free */
	bool		 dead;
};

/*
 * The files of the engine, lowest first. A file calls the files listed
 * before it, never one after it (tests/doc/layout.py checks it); a lower
 * file reports upward only through a callback the upper one set: ctrl.c
 * through s->lost, s->on_reply and s->on_drain, output.c through its
 * drained callback, op.c through each operation's start and done
 * callbacks, state.c through s->destroy.
 */

/* state.c: the state and its one setter; holding across callbacks */
void	 session_set_state(struct ftp_session *, enum ftp_state);
void	 session_hold(struct ftp_session *);
bool	 session_release(struct ftp_session *);

/* report.c: what the data connections tried, for diagnose */
void	 report_connect_failed(struct ftp_session *, bool pasv,
	    const char *err);
bool	 report_pasv_other(struct ftp_session *, const char *addr);

/* charset.c: the server's character set */
void	 charset_reset(struct ftp_session *);
void	 charset_sync(struct ftp_session *);
void	 charset_list(struct ftp_session *, struct ftp_list_parser *);
char	*charset_in(struct ftp_session *, char *);
char	*charset_out(struct ftp_session *, const char *verb, const char *);

/* ctrl.c: the control connection */
int	 session_send(struct ftp_session *, reply_fn, bool prelim,
	    const char *verb, const char *arg);
void	 ctl_close(struct ftp_session *);
void	 ctl_tls_free(struct ftp_session *);
void	 ctl_fail(struct ftp_session *, const struct ftp_reply *,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	 ctl_writable(struct ev_io *, int, short, void *);
void	 ctl_reply_timeout(struct ev_timer *, void *);
void	 ctl_wait(struct ftp_session *, const char *what);
void	 ctl_wait_on(struct ftp_session *);

/* tlsctl.c: TLS on the control connection */
void	 tls_ctl_start(struct ftp_session *, void (*next)(struct ftp_session *));

/* op.c: the operation queue */
struct ftp_op *op_new(enum op_kind, op_start_fn, ftp_done_cb, void *);
int	 op_queue(struct ftp_session *, struct ftp_op *);
void	 op_next(struct ftp_session *);
void	 op_kick(struct ev_timer *, void *);
void	 op_send(struct ftp_session *, reply_fn, bool prelim,
	    const char *verb, const char *arg);
void	 op_finish(struct ftp_session *, bool ok, const struct ftp_reply *,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 op_refused(struct ftp_session *, const struct ftp_reply *,
	    const char *subject);
void	 ops_fail_all(struct ftp_session *, const char *why);
void	 op_keep_reply(struct ftp_op *, const struct ftp_reply *);
void	 op_free(struct ftp_op *);

/* path.c: paths as the server understands them */
bool	 path_enter(struct ftp_session *, struct ftp_op *);
const char *path_arg(const struct ftp_op *);
const char *path_rnto(struct ftp_session *, struct ftp_op *);
void	 path_set_cwd(struct ftp_session *, const char *);
bool	 path_quote_moves(const char *line);
int	 path_send_cwd(struct ftp_session *, reply_fn, const char *verb,
	    const char *arg);

/* data.c: a transfer's data side closed, its reset, failure and abort */
void	 data_close(struct ftp_session *);
void	 xfer_restart(struct ftp_session *);
void	 xfer_reset(struct ftp_session *, bool keep_part);
void	 xfer_fail(struct ftp_session *, const struct ftp_reply *,
	    const char *, ...) __attribute__((format(printf, 3, 4)));
void	 xfer_refused(struct ftp_session *, const struct ftp_reply *);
bool	 xfer_send(struct ftp_session *, reply_fn, bool prelim,
	    const char *verb, const char *arg);
void	 xfer_local_abort(struct ftp_session *, const char *);
void	 xfer_abort(struct ftp_session *, const char *reason);
void	 xfer_salvage(struct ftp_session *);

/* complete.c: where the bytes go, and the transfer's good end */
void	 xfer_progress(struct ftp_session *, bool force);
int	 xfer_deliver(struct ftp_session *, const unsigned char *, size_t,
	    bool decoded);
void	 xfer_complete(struct ftp_session *);
void	 xfer_output_drained(struct ftp_session *, int err);

/* datamove.c: moving the bytes, and the data's timer */
void	 data_readable(struct ev_io *, int, short, void *);
void	 data_writable(struct ev_io *, int, short, void *);
void	 data_throttle_wake(struct ev_timer *, void *);
void	 data_timer(struct ev_timer *, void *);

/* tlsdata.c: PROT P, the data connection's handshake */
void	 tls_data_start(struct ftp_session *);

/* xfercmd.c: REST and the transfer command */
void	 step_rest(struct ftp_session *);
void	 step_command(struct ftp_session *);

/* dconn.c: opening the data connection */
void	 step_port(struct ftp_session *);

/* steps.c: a transfer's start and its commands before the data */
void	 xfer_start(struct ftp_session *);

/* session.c: the lifecycle: ending the session, forgetting the login */
void	 session_fail(struct ftp_session *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 session_quit_done(struct ftp_session *);
void	 session_forget_login(struct ftp_session *);

/* cmds.c: single commands */
void	 cmds_keepalive(struct ev_timer *, void *);

#endif
